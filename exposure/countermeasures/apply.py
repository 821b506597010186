"""Counter-measures applied on top of a scenario's shocks (DESIGN §9a).

:func:`apply_countermeasures` takes the shocks table of :func:`exposure.scenarios.apply` and
returns it with each product's b, φ, L, D and coverage changed by the measures that select it,
and the lost days and shortfall recomputed with the same time profile (DESIGN §6):
shortfall = c·M(k,T)/365 · max(0, G(min(H, D)) − b), G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds.
:func:`adjuster` wraps it for ``run_scenario(..., adjust=...)``; :func:`adjust_critical` gives
the critical-input table that goes with it.

**How measures combine** (any number of measures, from one counter-measure or several; the
result does not depend on their order), for a product with scenario values b, φ, L, c, D:

=================  ==========================================================================
stock b            b + Σ stock_days (stocks add up)
φ                  max(min(1, φ + Σ phi_add), max phi): raised by the added shares, or to the
                   highest new value if that is higher; never lowered
L                  min(L · Π lag_factor, min lag_days): never lengthened
coverage c         c · Π (1 − domestic_share): domestic makers take over 1 − Π(1 − s) of the
                   imports from the target (two shares of 30 % leave 0.7 × 0.7 = 49 %)
licence delay D    min(D, min licence_delay_days) where the scenario has licensed shipments
                   resuming on day D; with no D (nothing resumes within the horizon: an
                   embargo, licences refused) a faster review has nothing to shorten
=================  ==========================================================================

**Localisation and the critical inputs' supply.** A domestic share s means domestic makers now
make s of what the product's users bought from the target: imports from the target fall from
M(k,T) to (1 − s)·M(k,T) and domestic supply rises by s·M(k,T), so the covered flow is
c·(1 − s)·M(k,T) and the product's total supply (the denominator of a critical input's lost
fraction, :func:`exposure.scoring.model.critical_rows`) stays what the users need: imports and
domestic output change places. The domestic part of that supply grows by s·M(k,T); its total
does not, because counting the new domestic output in the supply as well as taking it off the
covered flow would count it twice. :func:`adjust_critical` therefore leaves ``supply`` as it is
and only adds a stockpile's days to the rows that carry their own ``stock_days`` (rows without
take the product's b, which :func:`apply_countermeasures` has raised).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from exposure.countermeasures.model import CounterMeasure, Measure
from exposure.scenarios.shocks import DAYS_PER_YEAR, calc_lost_days, calc_per_year

#: column :func:`apply_countermeasures` adds with ``record=True``: the counter-measures selecting the product
APPLIED_COLUMN = "countermeasure"


def _measures(countermeasures: CounterMeasure | Sequence[CounterMeasure]) -> list[tuple[str, Measure]]:
    cms = [countermeasures] if isinstance(countermeasures, CounterMeasure) else list(countermeasures)
    return [(cm.name, m) for cm in cms for m in cm.measures]


def calc_combined(codes: pd.Series, countermeasures: CounterMeasure | Sequence[CounterMeasure]
                  ) -> dict[str, np.ndarray]:
    """Per product code, what all the measures together do (module docstring's combination rules).

    Returns arrays aligned with ``codes``: ``stock_days`` (sum, 0 where none), ``phi_add`` (sum),
    ``phi`` (highest new value, NaN where none), ``lag_factor`` (product, 1 where none),
    ``lag_days`` (lowest new value, NaN), ``keep_share`` Π(1 − domestic_share) (1 where none),
    ``licence_delay_days`` (lowest, NaN) and ``applied`` (names of the counter-measures that select it).

    Examples
    --------
    >>> from exposure.countermeasures.model import from_mapping
    >>> a = from_mapping({"name": "a", "measures": [{"kind": "localise", "all": True, "domestic_share": 0.3}]})
    >>> b = from_mapping({"name": "b", "measures": [{"kind": "localise", "codes": ["1"], "domestic_share": 0.3}]})
    >>> calc_combined(pd.Series(["1", "2"]), [a, b])["keep_share"].round(2).tolist()
    [0.49, 0.7]
    """
    c = pd.Series(codes, dtype=object).astype(str).reset_index(drop=True)
    n = len(c)
    out = {"stock_days": np.zeros(n), "phi_add": np.zeros(n), "phi": np.full(n, np.nan),
           "lag_factor": np.ones(n), "lag_days": np.full(n, np.nan), "keep_share": np.ones(n),
           "licence_delay_days": np.full(n, np.nan)}
    applied: list[list[str]] = [[] for _ in range(n)]
    for name, m in _measures(countermeasures):
        hit = m.match(c)
        for i in np.flatnonzero(hit):
            if name not in applied[i]:
                applied[i].append(name)
        if m.stock_days is not None:
            out["stock_days"] += np.where(hit, m.stock_days, 0.0)
        if m.phi_add is not None:
            out["phi_add"] += np.where(hit, m.phi_add, 0.0)
        if m.lag_factor is not None:
            out["lag_factor"] *= np.where(hit, m.lag_factor, 1.0)
        if m.domestic_share is not None:
            out["keep_share"] *= np.where(hit, 1.0 - m.domestic_share, 1.0)
        for key in ("phi", "lag_days", "licence_delay_days"):
            value = getattr(m, key)
            if value is not None:
                best = np.fmax if key == "phi" else np.fmin
                out[key] = np.where(hit, best(out[key], value), out[key])
    out["applied"] = np.array(["; ".join(a) for a in applied], dtype=object)
    return out


def apply_countermeasures(shocks: pd.DataFrame, countermeasures: CounterMeasure | Sequence[CounterMeasure],
                          record: bool = False) -> pd.DataFrame:
    """The shocks with the counter-measures applied (a new table; ``shocks`` is not changed).

    Parameters
    ----------
    shocks : DataFrame
        The table of :func:`exposure.scenarios.apply` (``code``, ``coverage``, ``phi``,
        ``buffer_days``, ``lag_days``, ``horizon_days``, ``licence_delay_days``,
        ``target_import_usd``; ``lost_days``, ``shortfall_usd`` and ``shortfall_usd_per_year``
        are recomputed).
    countermeasures : CounterMeasure or sequence of them
        Combined as the module docstring says; none returns an equal copy.
    record : bool
        Add :data:`APPLIED_COLUMN` (the names of the counter-measures selecting each product,
        ``"; "``-joined). Off by default, so the table keeps the shocks' declared columns.

    Returns
    -------
    DataFrame
        The same rows and columns; ``phi_source`` says ``counter-measure`` where φ was raised.
        Money stays USD over the horizon.

    Examples
    --------
    b = 30 → 120 days under L = H = 180, φ = 0.5: G(180) = 135, so the lost days fall from 105 to 15.

    >>> from exposure.countermeasures.model import load
    >>> sh = pd.DataFrame({"code": ["2811111000"], "coverage": [1.0], "phi": [0.5], "buffer_days": [30.0],
    ...                    "lag_days": [180.0], "horizon_days": [180.0], "licence_delay_days": [np.nan],
    ...                    "target_import_usd": [365.0]})
    >>> apply_countermeasures(sh, load("stockpile-90d"))[["buffer_days", "lost_days", "shortfall_usd"]].values.tolist()
    [[120.0, 15.0, 15.0]]
    """
    out = shocks.copy()
    if not len(_measures(countermeasures)) or not len(out):
        return out.assign(**{APPLIED_COLUMN: ""}) if record else out
    comb = calc_combined(out["code"], countermeasures)
    num = lambda col: pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float)  # noqa: E731
    b, phi, lag, cov, delay = (num(c) for c in ("buffer_days", "phi", "lag_days", "coverage", "licence_delay_days"))
    h, m = num("horizon_days"), num("target_import_usd")
    new_b = b + comb["stock_days"]
    new_phi = np.fmax(np.minimum(1.0, phi + comb["phi_add"]), comb["phi"])  # ≥ φ, as φ ≤ 1
    new_lag = np.fmin(lag * comb["lag_factor"], comb["lag_days"])
    new_cov = cov * comb["keep_share"]
    new_delay = np.where(np.isnan(delay), delay, np.fmin(delay, comb["licence_delay_days"]))
    lost = calc_lost_days(new_b, new_lag, h, new_phi, new_delay)
    shortfall = m * new_cov / DAYS_PER_YEAR * lost
    out = out.assign(buffer_days=new_b, phi=new_phi, lag_days=new_lag, coverage=new_cov,
                     licence_delay_days=new_delay, lost_days=lost, shortfall_usd=shortfall,
                     shortfall_usd_per_year=calc_per_year(shortfall, h))
    if record:
        out[APPLIED_COLUMN] = comb["applied"]
    if "phi_source" in out.columns:
        raised = new_phi > phi
        out["phi_source"] = np.where(raised, "counter-measure", out["phi_source"].astype(object))
    return out


def adjuster(countermeasures: CounterMeasure | Sequence[CounterMeasure]
             ) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A function shocks → adjusted shocks, for ``run_scenario(..., adjust=adjuster(cms))``."""
    cms = [countermeasures] if isinstance(countermeasures, CounterMeasure) else list(countermeasures)

    def adjust(shocks: pd.DataFrame) -> pd.DataFrame:
        return apply_countermeasures(shocks, cms)

    return adjust


def adjust_critical(critical: pd.DataFrame | None, countermeasures: CounterMeasure | Sequence[CounterMeasure]
                    ) -> pd.DataFrame | None:
    """The critical-input table to use with the adjusted shocks (a new table, or None for None).

    Rows that carry their own ``stock_days`` get the stockpile days of the measures selecting
    their product added (rows without take the product's b, already raised in the shocks).
    ``supply`` is left as it is: localisation swaps imports for domestic output and leaves the
    users' total supply unchanged (module docstring).
    """
    if critical is None or not len(critical) or "stock_days" not in critical.columns:
        return None if critical is None else critical.copy()
    comb = calc_combined(critical["code"], countermeasures)
    own = pd.to_numeric(critical["stock_days"], errors="coerce").to_numpy(dtype=float)
    return critical.assign(stock_days=own + comb["stock_days"])  # NaN (the product's b) stays NaN
