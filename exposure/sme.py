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
from exposure.errors import ConfigError, DataError

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
            class_shares: dict[str, float] | None = None, source: str | None = None) -> SmeBasis:
    """Put the SME shares of ``profile`` (and of KSIC classes) on one basis, named in ``sme_share_basis``.

    Parameters
    ----------
    profile : DataFrame or None
        SectorProfile (``sector, export_usd, sme_share``, optional ``sme_share_basis``).
    config : Config
        ``sme_basis`` (auto, export, output-calibrated, output), ``sme_export_share`` and its source.
    sme_exports : DataFrame, optional
        SME shares of exports: by sector (``sector, sme_share``) or as the SME-exports loader gives
        them (``code, code_system, export_usd, sme_export_usd``, by MTI item, OECD sector or KSIC
        division; see :func:`sector_shares`). They replace the profile's shares of the sectors they
        cover; with ``sme_basis = "auto"`` the other sectors keep calibrated output shares, and each
        sector's ``sme_share_basis`` says which it has.
    class_shares : dict, optional
        SME shares of output by KSIC class (from the census), scaled like the sectors' shares: by
        their sector's export/output ratio where the SME-exports table covers it, else by κ.
    source : str, optional
        The profile's file, for the message when its rows state different bases.
    """
    classes = dict(class_shares or {})
    if profile is None:
        return SmeBasis(None, "", class_shares=classes)
    p = profile.copy()
    given = p["sme_share_basis"].fillna("").astype(str).map(lambda b: _ALIASES.get(b.strip().lower(), "")) \
        if "sme_share_basis" in p.columns else pd.Series("", index=p.index)
    want = config.sme_basis
    notes: list[str] = []
    if sme_exports is not None and len(sme_exports) and want in ("auto", "export"):
        return _with_export_table(p, given, config, sme_exports, classes)
    if sme_exports is not None and len(sme_exports):
        notes.append(f"The SME-exports table was not used: sme_basis = {want!r} asks for output shares.")
    has_export = bool((given == "export").any()) and bool((given == "export").all())
    if want == "auto" and bool((given == "export").any()) and not has_export:
        # shares of exports beside shares of output: taking the file as output shares would discard the export
        # shares, taking it as export shares would misread the others; neither is the analyst's to guess
        other = p.loc[(given != "export").to_numpy(), "sector"].astype(str).tolist()
        stated = p.loc[(given != "export").to_numpy(), "sme_share_basis"].fillna("").astype(str).tolist()
        shown = ", ".join(f"{sec} ({b or 'blank'})" for sec, b in list(zip(other, stated))[:5]) + \
            (" …" if len(other) > 5 else "")
        message = (f"the SME profile gives shares of exports for {int((given == 'export').sum())} sectors and of "
                   f"another basis for {len(other)}: {shown}; expected one basis for every sector (or set sme_basis = "
                   "'output-calibrated' to read them all as output shares, or give an SME-exports table with "
                   "--sme-exports)")
        raise DataError(source, message) if source else ConfigError(message)
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
    kappa = _kappa(p, config)
    if not np.isfinite(kappa):
        notes.append("SME output shares could not be calibrated (no sector has both exports and a share): they are "
                     "used as they are (basis: output).")
        return _named(p, "output", 1.0, classes, notes)
    p["sme_share"] = np.minimum(pd.to_numeric(p["sme_share"], errors="coerce") * kappa, 1.0)
    classes = {k: min(v * kappa, 1.0) for k, v in classes.items()}
    notes.append(_calibrated_note(kappa, config))
    return _named(p, "output-calibrated", kappa, classes, notes)


def _kappa(p: pd.DataFrame, config: Config) -> float:
    return calc_calibration_factor(pd.to_numeric(p["sme_share"], errors="coerce").to_numpy(float),
                                   pd.to_numeric(p["export_usd"], errors="coerce").to_numpy(float),
                                   config.sme_export_share)


def _calibrated_note(kappa: float, config: Config) -> str:
    return (f"SME shares: census output shares scaled by {kappa:.3f} so that, weighted by exports, they give the "
            f"national SME share of exports {config.sme_export_share:.1%} ({config.sme_export_share_source}) "
            f"(basis: output-calibrated).")


def _with_export_table(p: pd.DataFrame, given: pd.Series, config: Config, table: pd.DataFrame,
                       classes: dict[str, float]) -> SmeBasis:
    """Export shares from the table where it covers a sector; calibrated output shares elsewhere (auto)."""
    shares, notes = sector_shares(table, config.sector_system)
    by = shares.set_index("sector")["sme_share"]
    sector = p["sector"].astype(str)
    new = sector.map(by).astype(float)
    covered = new.notna().to_numpy()
    exports = pd.to_numeric(p["export_usd"], errors="coerce").fillna(0).to_numpy(float)
    missing = sorted(sector[~covered & (exports > 0) & (given != "export").to_numpy()])
    if config.sme_basis == "export" and missing:
        raise ConfigError(f"sme_basis = 'export': the SME-exports table has no share for the sector(s) "
                          f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''} that export; give them in the "
                          f"table or use sme_basis = 'auto' (calibrated output shares for those)")
    output = pd.to_numeric(p["sme_share"], errors="coerce").to_numpy(float)
    kappa = _kappa(p.assign(sme_share=output), config)
    rest = ~covered & (given != "export").to_numpy()
    calibrate = rest & np.isfinite(output)
    p["sme_share"] = np.where(covered, new.to_numpy(float),
                              np.where(calibrate & np.isfinite(kappa), np.minimum(output * kappa, 1.0), output))
    basis = np.where(covered, "export", np.where(rest, "output-calibrated" if np.isfinite(kappa) else "output",
                                                 given.to_numpy(dtype=object)))
    p["sme_share_basis"] = basis
    # a class moves with its sector: × (the sector's SME export share / its SME output share), else × κ
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = pd.Series(np.where(covered & (output > 0), new.to_numpy(float) / output, np.nan), index=sector)
    ratio = ratio[ratio.notna()]
    class_sector = _class_sectors(list(classes), config.sector_system)
    k = kappa if np.isfinite(kappa) else 1.0
    scaled = {c: min(v * float(ratio.get(class_sector.get(c, ""), k)), 1.0) for c, v in classes.items()}
    n_cov, n_rest = int(covered.sum()), int((rest & (exports > 0)).sum())  # a sector that exports nothing risks none
    notes.append(f"SME shares: the SMEs' share of exports for {n_cov} sector(s) from the SME-exports table "
                 f"(basis: export).")
    if n_rest:
        notes.append(f"{n_rest} sector(s) not in the SME-exports table keep census output shares"
                     + (f" scaled by {k:.3f} to the national SME export share {config.sme_export_share:.1%} "
                        f"({config.sme_export_share_source}) (basis: output-calibrated)." if np.isfinite(kappa)
                        else " as they are (basis: output)."))
    run_basis = "export" if not n_rest else "export and output-calibrated"
    return SmeBasis(p, run_basis, k if n_rest else 1.0, scaled, notes)


def _class_sectors(classes: list[str], system: str) -> dict[str, str]:
    """The IO sector of each KSIC class (by its two-digit division; the first where a division splits)."""
    if not classes:
        return {}
    from exposure.codes.concordance import concordance

    conc = concordance(f"KSIC9-{system}")
    first = conc.sort_values("weight", ascending=False, kind="stable").drop_duplicates("from_code")
    div = dict(zip(first["from_code"].astype(str), first["to_code"].astype(str)))
    return {c: div.get(str(c)[:2], "") for c in classes}


def sector_shares(table: pd.DataFrame, system: str = "OECD36") -> tuple[pd.DataFrame, list[str]]:
    """SME shares of exports by IO sector from an SME-exports table, with notes on what did not map.

    Rows by sector (``code_system`` the run's sector system, or a bare ``sector, sme_share`` table)
    give their share; rows by MTI item or KSIC division are spread over sectors by the MTI3 or KSIC
    concordance, weighted by exports (:func:`from_items`). An MTI code finer than three digits maps by
    its first three. Rows that map to no sector are named in the notes with their exports, not dropped
    silently.
    """
    if "code_system" not in table.columns:
        return table[["sector", "sme_share"]].assign(sector=table["sector"].astype(str)), []
    from exposure.codes.concordance import concordance

    t = table.assign(code=table["code"].astype(str), code_system=table["code_system"].astype(str))
    parts, notes = [], []
    direct = t[t["code_system"] == system]
    if len(direct):
        parts.append(pd.DataFrame({"sector": direct["code"], "export_usd": direct["export_usd"],
                                   "sme_export_usd": direct["sme_export_usd"]}))
    for prefix, name, width in (("MTI", f"MTI3-{system}", 3), ("KSIC", f"KSIC9-{system}", 2)):
        rows = t[t["code_system"].str.startswith(prefix)]
        if not len(rows):
            continue
        items = rows.assign(item_code=rows["code"].str[:width])
        alloc, unmatched = _allocate(items, concordance(name))
        parts.append(alloc)
        if len(unmatched):
            usd = float(pd.to_numeric(unmatched["export_usd"], errors="coerce").sum())
            notes.append(f"SME-exports rows with no sector in {name}: {', '.join(unmatched['code'].head(10))}"
                         f" (USD {usd:,.0f} of exports a year): not used.")
    other = t[~t["code_system"].isin([system]) & ~t["code_system"].str.startswith(("MTI", "KSIC"))]
    if len(other):
        notes.append(f"SME-exports rows in {', '.join(sorted(set(other['code_system'])))} cannot be put on "
                     f"{system} sectors: not used ({len(other)} rows).")
    if not parts:
        return pd.DataFrame({"sector": pd.Series(dtype=str), "sme_share": pd.Series(dtype=float)}), notes
    return _share_table(pd.concat(parts))[["sector", "sme_share"]], notes


def _share_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Σ SME exports / Σ exports by sector (NaN where a sector exports nothing)."""
    g = rows.groupby("sector")[["export_usd", "sme_export_usd"]].sum()
    x = g["export_usd"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(x > 0, g["sme_export_usd"].to_numpy(float) / x, np.nan)
    return pd.DataFrame({"sector": g.index.astype(str), "export_usd": x, "sme_share": share})


def _allocate(items: pd.DataFrame, conc: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    from exposure.linkage import allocate

    x = items.assign(value=pd.to_numeric(items["export_usd"], errors="coerce"),
                     sme=pd.to_numeric(items["sme_export_usd"], errors="coerce"))
    alloc, unmatched = allocate(x[["code", "item_code", "value", "sme"]].rename(columns={"code": "orig",
                                                                                      "item_code": "code"}), conc)
    out = pd.DataFrame({"sector": alloc["to_code"].astype(str), "export_usd": alloc["value"],
                        "sme_export_usd": alloc["sme"] * alloc["weight"]})
    miss = unmatched.rename(columns={"code": "item", "orig": "code", "value": "export_usd"})
    return out, miss


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
    alloc, _unmatched = _allocate(items.assign(code=items["item_code"].astype(str)), concordance)
    return _share_table(alloc)
