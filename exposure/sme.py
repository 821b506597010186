"""The basis of SME shares (DESIGN §7): export shares where the inputs give them, calibrated output shares otherwise.

SMEs make about half of Korea's manufacturing output but ship less than a fifth of its exports
(Ministry of SMEs and Startups: 18.0 % of 2018 exports in its final figure, 18.9 % provisional),
so weighting export value at risk by the SME share of *output* overstates SME export risk about
2×. The bases, in order of preference (``config.sme_basis = "auto"``):

``export``             the SMEs' share of each sector's exports: from an SME-exports table (by sector,
                       or by MTI item spread over sectors by export value), or a profile that says so;
``output-calibrated``  output shares (e.g. the Economic Census) scaled by one factor κ so that the
                       export-weighted mean equals the national SME export share,
                       κ = S · Σ_j X_j / Σ_j s_j X_j, each share capped at 1;
``output``             output shares as they are (only when asked for: they overstate).

The same κ scales the shares of KSIC classes used for critical inputs, so a sector and its
sub-industries stay on one basis. Every output names its basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.errors import ConfigError

BASES = ("export", "output-calibrated", "output")
_ALIASES = {"exports": "export", "export": "export", "output": "output", "output-calibrated": "output-calibrated"}


def calc_calibration_factor(shares: np.ndarray, exports: np.ndarray, national_share: float) -> float:
    """κ = S · Σ X / Σ s X over sectors with both a share and exports; NaN when nothing can be weighted.

    Examples
    --------
    Output shares .5 and .2 on exports 100 and 300 weigh to (50 + 60)/400 = .275; to reach .18:

    >>> round(calc_calibration_factor(np.array([0.5, 0.2]), np.array([100.0, 300.0]), 0.18), 6)
    0.654545
    """
    s, x = np.asarray(shares, float), np.asarray(exports, float)
    ok = np.isfinite(s) & np.isfinite(x) & (x > 0)
    weighted = float(np.sum(s[ok] * x[ok]))
    return national_share * float(np.sum(x[ok])) / weighted if weighted > 0 else float("nan")


@dataclass
class SmeBasis:
    """The profile on its resolved basis, the factor applied, the class shares and what to tell the reader."""

    profile: pd.DataFrame | None
    basis: str
    factor: float = 1.0
    class_shares: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def resolve(profile: pd.DataFrame | None, config: Config, sme_exports: pd.DataFrame | None = None,
            class_shares: dict[str, float] | None = None) -> SmeBasis:
    """Put the SME shares of ``profile`` (and of KSIC classes) on one basis, named in ``sme_share_basis``.

    Parameters
    ----------
    profile : DataFrame or None
        SectorProfile (``sector, export_usd, sme_share``, optional ``sme_share_basis``).
    config : Config
        ``sme_basis`` (auto, export, output-calibrated, output), ``sme_export_share`` and its source.
    sme_exports : DataFrame, optional
        SME shares of exports by sector (``sector, sme_share``): they replace the profile's shares.
    class_shares : dict, optional
        SME shares of output by KSIC class (from the census), scaled like the sectors' shares.
    """
    classes = dict(class_shares or {})
    if profile is None:
        return SmeBasis(None, "", class_shares=classes)
    p = profile.copy()
    given = p["sme_share_basis"].fillna("").astype(str).map(lambda b: _ALIASES.get(b.strip().lower(), "")) \
        if "sme_share_basis" in p.columns else pd.Series("", index=p.index)
    want = config.sme_basis
    notes: list[str] = []
    if sme_exports is not None and len(sme_exports):
        by = sme_exports.assign(sector=sme_exports["sector"].astype(str)).drop_duplicates("sector") \
            .set_index("sector")["sme_share"]
        p["sme_share"] = p["sector"].astype(str).map(by).astype(float)
        given = pd.Series("export", index=p.index)
        notes.append("SME shares: the SMEs' share of each sector's exports from the SME-exports table "
                     "(basis: export).")
    has_export = bool((given == "export").any()) and bool((given == "export").all())
    if want == "export" and not has_export:
        raise ConfigError("sme_basis = 'export' needs SME shares of exports (an SME-exports table, or a profile "
                          "whose sme_share_basis says exports); the profile gives output shares")
    if want in ("auto", "export") and has_export:
        return _named(p, "export", 1.0, classes, notes)
    if want == "output":
        notes.append("SME shares are shares of output, not of exports (basis: output): SMEs make a larger share of "
                     "output than of exports, so SME export value at risk is overstated; use an SME-exports table or "
                     "sme_basis = 'output-calibrated'.")
        return _named(p, "output", 1.0, classes, notes)
    kappa = calc_calibration_factor(pd.to_numeric(p["sme_share"], errors="coerce").to_numpy(float),
                                    pd.to_numeric(p["export_usd"], errors="coerce").to_numpy(float),
                                    config.sme_export_share)
    if not np.isfinite(kappa):
        notes.append("SME output shares could not be calibrated (no sector has both exports and a share): they are "
                     "used as they are (basis: output).")
        return _named(p, "output", 1.0, classes, notes)
    p["sme_share"] = np.minimum(pd.to_numeric(p["sme_share"], errors="coerce") * kappa, 1.0)
    classes = {k: min(v * kappa, 1.0) for k, v in classes.items()}
    notes.append(f"SME shares: census output shares scaled by {kappa:.3f} so that, weighted by exports, they give the "
                 f"national SME share of exports {config.sme_export_share:.1%} ({config.sme_export_share_source}) "
                 f"(basis: output-calibrated).")
    return _named(p, "output-calibrated", kappa, classes, notes)


def _named(p: pd.DataFrame, basis: str, kappa: float, classes: dict[str, float], notes: list[str]) -> SmeBasis:
    return SmeBasis(p.assign(sme_share_basis=basis), basis, kappa, classes, notes)


def from_items(items: pd.DataFrame, concordance: pd.DataFrame) -> pd.DataFrame:
    """SME shares of exports by sector from a table by MTI item (``item_code, export_usd, sme_export_usd``):
    items spread over their sectors by the concordance weights, shares = Σ SME exports / Σ exports.

    Examples
    --------
    >>> items = pd.DataFrame({"item_code": ["831", "832"], "export_usd": [100.0, 50.0],
    ...                       "sme_export_usd": [5.0, 20.0]})
    >>> conc = pd.DataFrame({"from_code": ["831", "832"], "to_code": ["D26", "D26"], "weight": [1.0, 1.0]})
    >>> from_items(items, conc)[["sector", "sme_share"]].round(4).values.tolist()
    [['D26', 0.1667]]
    """
    from exposure.linkage import allocate

    x = items.assign(code=items["item_code"].astype(str), value=pd.to_numeric(items["export_usd"], errors="coerce"),
                     sme=pd.to_numeric(items["sme_export_usd"], errors="coerce"))
    alloc, _unmatched = allocate(x[["code", "value", "sme"]], concordance)
    alloc = alloc.assign(sme=alloc["sme"] * alloc["weight"])
    g = alloc.groupby("to_code")[["value", "sme"]].sum()
    return pd.DataFrame({"sector": g.index.astype(str), "export_usd": g["value"].to_numpy(),
                         "sme_share": np.where(g["value"] > 0, g["sme"] / g["value"].where(g["value"] > 0), np.nan)})
