"""Monthly import panel of a reporter: target vs all partners, seasonal baselines, robust score (DESIGN §9a).

One row per product (code, code_system) and observed month. Definitions, for product k
and month t (months are counted on one axis, ``year·12 + month − 1``):

=============================  ==================================================================
``target_usd``                 M(k,T,t): imports from the target, USD
``total_usd``                  M(k,world,t): the ``WLD`` row where the table has one for the
                               product-month, else the sum over every other partner, ``UNK``
                               included — never both. NaN when the whole table names only the
                               target and has no WLD rows (a one-partner extract has no total)
``target_share``               target_usd / total_usd (capped at 1, with a ``note``)
``*_yoy_change``               v(t) / v(t−12) − 1
``*_baseline_usd``             seasonal baseline: mean of v(t−12), v(t−24), v(t−36) over the
                               years observed; NaN when fewer than ``baseline_min_years`` are
``*_change_vs_baseline``       v(t) / baseline(t) − 1
``log_deviation``              d(t) = ln((target_usd/baseline + f) / (1 + f)), f = ``log_floor``
``robust_score``               (d(t) − median d) / max(1.4826 · MAD d, ``min_scale``) over the
                               ``score_window`` months before t (t itself excluded); NaN with fewer
                               than ``score_min_months`` valid deviations in that window
``share_12m``                  Σ target / Σ total over t−12 … t−1 (the dependence before t)
``target_12m_usd``             Σ target over t−12 … t−1, USD
=============================  ==================================================================

Missing months and zeros. Loaders drop zero-value rows, so inside a product's span (its first to
its last month with any row of the reporter, any flow) a month without rows is a real zero — unless
no product and partner at all has a row in that month (inside the table's first to last month): then
the month is missing from the file, its values are NaN (no change, score or alert can rest on it),
the 12-month share and sum of the following months leave it out, and ``note`` says so. Months
outside the span are not observed: files end at different months per item (the shared HSK10 file
stops in 2021-11 for some items and 2021-12 for others), and a code may not exist before its first
row. ``through`` extends every product's span to a given month when the file is known to be
complete. A baseline year that is not observed is left out of the mean; an observed zero counts as
zero. A change on a zero (or missing) reference is NaN, never ±inf.

The log floor f keeps a complete stop (v = 0) finite: d = ln(f / (1 + f)) ≈ −3.04 for f = 0.05,
about the deviation of a 95 % fall. The scale floor stops a history that is perfectly flat from
turning a 1 % wobble into an infinite score. Deviations and scores are ratios of a product's own
values, so scaling every value by one constant changes neither.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure.errors import ConfigError, DataError
from exposure.members import isin
from exposure.monitor.series import (calc_change, calc_lag, calc_log_deviation, calc_robust_score,
                                     calc_seasonal_baseline, calc_share_arrays, calc_trailing_sum, month_index,
                                     parse_period, period_label)
from exposure.schema import UNKNOWN_PARTNER, WORLD
from exposure.schema.outputs import MONITOR_PANEL

#: Columns of :func:`monthly_panel`, in order (declared once, in the output schema).
PANEL_COLUMNS = MONITOR_PANEL.names

_NEED = ["year", "month", "partner", "code", "code_system", "value_usd"]


# --------------------------------------------------------------------------- the panel
def monthly_panel(
    flows: pd.DataFrame,
    target: str = "JPN",
    reporter: str = "KOR",
    *,
    baseline_years: int = 3,
    baseline_min_years: int = 2,
    score_window: int = 36,
    score_min_months: int = 24,
    log_floor: float = 0.05,
    min_scale: float = 0.05,
    through: str | None = None,
    codes: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Monthly imports from the target and from all partners, with baselines and the robust score.

    Parameters
    ----------
    flows : DataFrame
        TradeFlows with monthly rows (``month`` 1–12; annual rows are ignored). Rows with
        ``flow == "M"`` and ``reporter == reporter`` are the imports; rows of other flows of
        the reporter only mark which months the file covers.
    target, reporter : str
        ISO3 codes.
    baseline_years, baseline_min_years : int
        Seasonal baseline: the same calendar month of the previous ``baseline_years`` years,
        needing at least ``baseline_min_years`` of them observed.
    score_window, score_min_months : int
        Trailing window of the robust score (months before t) and the valid deviations it needs.
    log_floor, min_scale : float
        f of the log deviation and the floor of the score's scale (log points).
    through : str, optional
        ``"YYYY-MM"``: treat every product as observed up to this month (months without rows are
        zeros). Default: each product's own last month with a row.
    codes : list of str, optional
        Keep only these product codes (a watch list). Whether the table has a world total is
        still judged on the whole table.

    Returns
    -------
    DataFrame
        Columns :data:`PANEL_COLUMNS` (see the module docstring), one row per product and
        observed month, sorted by code, code system and month. ``total_basis`` is ``"WLD"``,
        ``"partners"`` or ``"none"``; ``note`` is empty unless something needs saying.

    Raises
    ------
    DataError
        When the table is not TradeFlows, has no monthly imports of the reporter, or holds a
        month outside 0–12 or a value that is not a finite number.

    Examples
    --------
    >>> f = pd.DataFrame({"year": 2019, "month": [6, 6, 7, 7], "reporter": "KOR",
    ...                   "partner": ["JPN", "CHN", "JPN", "CHN"], "flow": "M", "code": "2811111000",
    ...                   "code_system": "HSK10", "value_usd": [60.0, 40.0, 10.0, 40.0], "source": "x"})
    >>> monthly_panel(f)[["period", "target_share", "total_usd"]].values.tolist()
    [['2019-06', 0.6, 100.0], ['2019-07', 0.2, 50.0]]
    """
    for key, value in (("baseline_years", baseline_years), ("score_window", score_window)):
        if int(value) < 1:
            raise ConfigError(f"{key} must be at least 1, got {value!r}")
    m, covered = _monthly_rows(flows, reporter)
    gaps = _missing_months(covered)  # judged on the whole table, as the world total is
    is_wld = (m["partner"] == WORLD).to_numpy(dtype=bool)
    named = set(m["partner"].unique()) - {WORLD, UNKNOWN_PARTNER}
    no_total = not is_wld.any() and named <= {target}
    if codes is not None:
        wanted = {str(c) for c in codes}
        keep_m = isin(m["code"], wanted)
        m, is_wld, covered = m[keep_m], is_wld[keep_m], covered[isin(covered["code"], wanted)]
        if m.empty:
            raise DataError("imports", f"none of the codes {', '.join(sorted(wanted))} has monthly imports")
    prod_id, products = pd.factorize(pd.MultiIndex.from_arrays([m["code"], m["code_system"]]), sort=True)
    cov_id = products.get_indexer(pd.MultiIndex.from_arrays([covered["code"], covered["code_system"]]))
    mi = month_index(m["year"].to_numpy(), m["month"].to_numpy())
    cov_mi = month_index(covered["year"].to_numpy(), covered["month"].to_numpy())
    keep = cov_id >= 0  # covered rows of products without any import row carry nothing to monitor
    cov_id, cov_mi = cov_id[keep], cov_mi[keep]
    lo = int(min(mi.min(), cov_mi.min()))
    hi = int(max(mi.max(), cov_mi.max()))
    end = parse_period(through, "through") if through is not None else None
    if end is not None:
        hi = max(hi, end)
    n_prod, n_months = len(products), hi - lo + 1

    first = np.full(n_prod, np.iinfo("int64").max)
    last = np.full(n_prod, np.iinfo("int64").min)
    np.minimum.at(first, cov_id, cov_mi - lo)
    np.maximum.at(last, cov_id, cov_mi - lo)
    if end is not None:  # observed up to `through`, never less than the rows themselves show
        last = np.maximum(last, end - lo)
    cols = np.arange(n_months)
    observed = (cols >= first[:, None]) & (cols <= last[:, None])

    value = m["value_usd"].to_numpy(dtype="float64")
    cell = prod_id * n_months + (mi - lo)
    is_target = (m["partner"] == target).to_numpy(dtype=bool)

    def grid(mask: np.ndarray) -> np.ndarray:
        return np.bincount(cell[mask], weights=value[mask], minlength=n_prod * n_months).reshape(n_prod, n_months)

    tgt = grid(is_target)
    psum = grid(~is_wld)
    wld = grid(is_wld)
    has_wld = np.bincount(cell[is_wld], minlength=n_prod * n_months).reshape(n_prod, n_months) > 0
    total = np.where(has_wld, wld, psum)
    if no_total:
        total = np.full(total.shape, np.nan)
    basis = np.where(has_wld, "WLD", "partners").astype(object)
    if no_total:
        basis[:] = "none"
    nan = np.nan
    gap = np.isin(cols + lo, gaps)[None, :] & observed  # a month the file lacks: unknown, not zero
    tgt = np.where(observed & ~gap, tgt, nan)
    total = np.where(observed & ~gap, total, nan)

    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, tgt / np.where(total > 0, total, 1.0), nan)
    over = share > 1 + 1e-9
    share = np.where(over, 1.0, share)
    base, n_years = calc_seasonal_baseline(tgt, baseline_years, baseline_min_years)
    tbase, _ = calc_seasonal_baseline(total, baseline_years, baseline_min_years)
    dev = calc_log_deviation(tgt, base, log_floor)
    score = calc_robust_score(dev, score_window, score_min_months, min_scale)
    # the 12-month share and sum leave a missing month out rather than lose every window that holds it (a
    # month missing in 2019-03 would otherwise silence the monitor until 2020-03); the note says so
    t12 = calc_trailing_sum(np.where(gap, 0.0, tgt), 12)
    w12 = calc_trailing_sum(np.where(gap, 0.0, total), 12)

    notes = np.full((n_prod, n_months), "", dtype=object)
    notes[over] = f"imports from {target} exceed the WLD total: share capped at 1"
    if no_total:
        notes[:] = f"the table names no partner but {target} and has no WLD rows: no world total"
    if gap.any():
        _note_gaps(notes, gap, observed, lo)

    rows = observed.ravel()
    p_of = np.repeat(np.arange(n_prod), n_months)[rows]
    month_of = np.tile(cols + lo, n_prod)[rows]
    codes = products.get_level_values(0).to_numpy(dtype=object)
    systems = products.get_level_values(1).to_numpy(dtype=object)
    names, sources = _per_product(m, prod_id, n_prod)

    def flat(a: np.ndarray) -> np.ndarray:
        return a.ravel()[rows]

    out = pd.DataFrame({
        "code": codes[p_of], "code_system": systems[p_of], "name": names[p_of],
        "year": (month_of // 12).astype("int64"), "month": (month_of % 12 + 1).astype("int64"),
        "period": period_label(month_of), "target": target,
        "target_usd": flat(tgt), "total_usd": flat(total), "other_usd": flat(total - tgt),
        "total_basis": flat(basis), "target_share": flat(share),
        "target_yoy_change": flat(calc_change(tgt, calc_lag(tgt, 12))),
        "total_yoy_change": flat(calc_change(total, calc_lag(total, 12))),
        "target_baseline_usd": flat(base), "target_baseline_years": flat(n_years).astype("int64"),
        "target_change_vs_baseline": flat(calc_change(tgt, base)),
        "total_baseline_usd": flat(tbase), "total_change_vs_baseline": flat(calc_change(total, tbase)),
        "log_deviation": flat(dev), "robust_score": flat(score),
        "share_12m": flat(calc_share_arrays(t12, w12)), "target_12m_usd": flat(t12),
        "source": sources[p_of], "note": flat(notes),
    })
    for col in ("code", "code_system", "name", "period", "target", "total_basis", "source", "note"):
        out[col] = out[col].astype(str)
    return out[PANEL_COLUMNS]


def missing_months(flows: pd.DataFrame, reporter: str = "KOR") -> list[str]:
    """Months (``"YYYY-MM"``) inside the table's range with no monthly row of the reporter for any product and
    partner: missing from the file, not months of zero imports (a zero is one product's month without a row)."""
    _m, covered = _monthly_rows(flows, reporter)
    return list(period_label(np.asarray(_missing_months(covered), dtype="int64"))) if len(covered) else []


def _missing_months(covered: pd.DataFrame) -> np.ndarray:
    """Month indexes between the first and the last monthly row of ``covered`` that no row has."""
    mi = np.unique(month_index(covered["year"].to_numpy(), covered["month"].to_numpy()))
    if len(mi) < 2:
        return np.zeros(0, dtype="int64")
    return np.setdiff1d(np.arange(mi[0], mi[-1] + 1), mi)


def _note_gaps(notes: np.ndarray, gap: np.ndarray, observed: np.ndarray, lo: int) -> None:
    """Notes on the months a file lacks, and on the months whose previous 12 leave them out, in place."""
    for i, j in zip(*np.nonzero(gap)):
        _add_note(notes, i, j, f"no row for any product or partner in {period_label(j + lo)}: the month is missing "
                              "from the file, not read as zero imports")
    near = np.zeros(gap.shape[1], dtype=bool)  # months with a gap among their previous 12
    for g in np.flatnonzero(gap.any(axis=0)):
        near[g + 1:g + 13] = True
    for i, j in zip(*np.nonzero(observed & ~gap & near[None, :])):
        before = np.flatnonzero(gap[i, max(0, j - 12):j]) + max(0, j - 12)
        if len(before):
            _add_note(notes, i, j, f"the previous 12 months leave out {', '.join(period_label(before + lo))} "
                                  "(missing from the file)")


def _add_note(notes: np.ndarray, i: int, j: int, text: str) -> None:
    notes[i, j] = f"{notes[i, j]}; {text}" if notes[i, j] else text


def _monthly_rows(flows: pd.DataFrame, reporter: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reporter's monthly import rows, and its monthly rows of any flow (which months are covered)."""
    missing = [c for c in _NEED if c not in flows.columns]
    if missing:
        raise DataError("imports", f"not a monthly TradeFlows table: column(s) {', '.join(missing)} missing "
                                   f"(expected {', '.join(_NEED)})", column=missing[0])
    month = pd.to_numeric(flows["month"], errors="coerce")
    bad = month.isna() | ~month.isin(range(13))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError("imports", f"month must be 0 (annual) or 1–12, got {flows['month'].iloc[i]!r}",
                        row=i + 1, column="month")
    value = pd.to_numeric(flows["value_usd"], errors="coerce")
    bad = ~np.isfinite(value.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError("imports", f"value_usd must be a finite number, got {flows['value_usd'].iloc[i]!r}",
                        row=i + 1, column="value_usd")
    sel = month.to_numpy() != 0
    if "reporter" in flows.columns:
        sel &= flows["reporter"].astype(str).to_numpy() == reporter
    cols = [c for c in _NEED + ["flow", "name", "source"] if c in flows.columns]
    covered = flows.loc[sel, cols].assign(
        year=pd.to_numeric(flows["year"][sel]).astype("int64"), month=month[sel].astype("int64"),
        code=flows["code"][sel].astype(str), code_system=flows["code_system"][sel].astype(str),
        partner=flows["partner"][sel].astype(str), value_usd=value[sel].astype("float64"))
    is_m = covered["flow"].astype(str).to_numpy() == "M" if "flow" in flows.columns else np.ones(len(covered), bool)
    m = covered[is_m]
    if m.empty:
        raise DataError("imports", f"no monthly import rows (flow M, month 1–12) of reporter {reporter}: the "
                                   "monitor needs a monthly by-partner import table")
    return m, covered


def _per_product(m: pd.DataFrame, prod_id: np.ndarray, n_prod: int) -> tuple[np.ndarray, np.ndarray]:
    """First non-empty name and the source files of each product."""
    names = np.full(n_prod, "", dtype=object)
    sources = np.full(n_prod, "", dtype=object)
    # distinct (product, text) pairs first: a few per product, however many rows
    if "name" in m.columns:
        pairs = pd.DataFrame({"p": prod_id, "t": m["name"].fillna("").astype(str).to_numpy()}).drop_duplicates()
        pairs = pairs[pairs["t"] != ""].drop_duplicates("p")
        names[pairs["p"].to_numpy()] = pairs["t"].to_numpy(dtype=object)
    if "source" in m.columns:
        pairs = pd.DataFrame({"p": prod_id, "t": m["source"].fillna("").astype(str).to_numpy()}).drop_duplicates()
        pairs = pairs[pairs["t"] != ""].sort_values(["p", "t"], kind="stable")
        joined = pairs.groupby("p")["t"].agg("; ".join)
        sources[joined.index.to_numpy()] = joined.to_numpy(dtype=object)
    return names, sources
