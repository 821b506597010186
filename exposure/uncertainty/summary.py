"""Summaries of the draws: rank intervals per sector and the sensitivity of the ranking to each parameter group.

See :mod:`exposure.uncertainty` for the estimators (pick–freeze first and total order, Spearman ρ²).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure.config import NOISE_PARAMETERS
from exposure.schema import SENSITIVITY, UNCERTAINTY
from exposure.uncertainty.kept import Draws

UNCERTAINTY_COLUMNS = UNCERTAINTY.names
SENSITIVITY_COLUMNS = SENSITIVITY.names


def calc_sobol_share(partial: np.ndarray, variance: np.ndarray) -> float:
    """Variance-weighted mean of per-sector indices: Σ_j V_{g,j} / Σ_j V_j, clipped to [0, 1].

    NaN when no sector's rank varies.

    Examples
    --------
    >>> calc_sobol_share(np.array([1.0, 3.0]), np.array([2.0, 6.0]))
    0.5
    """
    tot = float(np.sum(variance))
    if not tot > 0:
        return float("nan")
    return float(np.clip(np.sum(partial) / tot, 0.0, 1.0))


def calc_midranks(x: np.ndarray) -> np.ndarray:
    """Ranks along axis 0 (1 = smallest), ties sharing their mean rank; NaN stays NaN.

    Examples
    --------
    >>> calc_midranks(np.array([10.0, 20.0, 10.0, 5.0])).tolist()
    [2.5, 4.0, 2.5, 1.0]
    """
    x = np.asarray(x, float)
    flat = x.reshape(x.shape[0], -1)
    out = np.full(flat.shape, np.nan)
    for j in range(flat.shape[1]):  # a loop over columns (sectors), not over draws
        col = flat[:, j]
        ok = ~np.isnan(col)
        vals, inv, counts = np.unique(col[ok], return_inverse=True, return_counts=True)
        top = np.cumsum(counts)
        out[ok, j] = (top - (counts - 1) / 2.0)[inv]
    return out.reshape(x.shape)


def calc_spearman(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman ρ between a factor ``x`` (n_draws,) and each column of ``y`` (n_draws, m):
    Pearson correlation of their mid-ranks; NaN for a constant column.

    Examples
    --------
    >>> calc_spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([[9.0, 1.0], [7.0, 2.0], [5.0, 2.0], [1.0, 3.0]])
    ...               ).round(4).tolist()
    [-1.0, 0.9487]
    """
    return _pearson_of_midranks(calc_midranks(np.asarray(x, float)), calc_midranks(np.asarray(y, float)))


def calc_count_midranks(counts: np.ndarray) -> np.ndarray:
    """Mid-ranks (as :func:`calc_midranks`) of the values 1..V from their counts (m, V), one row per
    column of the data: entry (j, v − 1) is the mid-rank of value v in column j.

    Examples
    --------
    >>> calc_count_midranks(np.array([[1, 0, 2, 1]])).tolist()  # the data 1, 3, 3, 4
    [[1.0, 1.5, 2.5, 4.0]]
    """
    counts = np.asarray(counts)
    return np.cumsum(counts, axis=1) - (counts - 1) / 2.0


def calc_count_quantiles(counts: np.ndarray, q: tuple[float, ...]) -> np.ndarray:
    """Quantiles ``q`` of the values 1..V from their counts (m, V), one column per row of counts:
    (len(q), m), NaN for a row without counts.

    The same estimator and arithmetic as :func:`numpy.nanquantile` (linear interpolation between
    order statistics, Hyndman–Fan 7) on the data the counts describe, without the data.

    Examples
    --------
    >>> calc_count_quantiles(np.array([[2, 0, 1], [0, 0, 0]]), (0.5, 0.95)).round(6).tolist()  # 1, 1, 3
    [[1.0, nan], [2.8, nan]]
    """
    counts = np.asarray(counts)
    cum = np.cumsum(counts, axis=1)
    n = cum[:, -1]
    ok = n > 0
    out = np.full((len(q), len(counts)), np.nan)
    cum, n = cum[ok], n[ok]

    def order_stat(k: np.ndarray) -> np.ndarray:  # the (k+1)-th smallest value (k 0-based)
        return 1.0 + (cum <= k[:, None]).sum(axis=1)

    for i, qi in enumerate(q):
        h = (n - 1) * qi
        lo = np.floor(h)
        top = h >= n - 1
        a = order_stat(np.where(top, n - 1, lo).astype(np.intp))
        b = order_stat(np.where(top, n - 1, lo + 1).astype(np.intp))
        t = h - lo
        d = b - a
        out[i, ok] = np.where(t >= 0.5, b - d * (1 - t), a + d * t)  # numpy's lerp, both branches
    return out


def _pearson_of_midranks(rx: np.ndarray, ry: np.ndarray) -> np.ndarray:
    dx = rx - rx.mean()
    count = np.sum(~np.isnan(ry), axis=0)
    dy = ry - np.nansum(ry, axis=0) / np.maximum(count, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        num = np.nansum(dx[:, None] * dy, axis=0)
        den = np.sqrt(np.sum(dx ** 2) * np.nansum(dy ** 2, axis=0))
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def summarise(draws: Draws, top_n: int) -> pd.DataFrame:
    """Per sector: point and median rank, 5–95 % interval, P(top N), mean |rank shift|, SME value intervals."""
    inp = draws.point_info
    counts = draws.rank_counts[:, 1:]  # draws at rank 1..m, per sector
    n_ranked = counts.sum(axis=1)
    q = calc_count_quantiles(counts, (0.05, 0.5, 0.95))
    ranks = np.arange(1, counts.shape[1] + 1, dtype=float)
    dev = (counts * np.abs(ranks - np.nan_to_num(inp.point_rank)[:, None])).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where((n_ranked > 0) & ~np.isnan(inp.point_rank), dev / n_ranked, np.nan)
    p_top = counts[:, :max(int(top_n), 0)].sum(axis=1) / draws.n_draws
    point = draws.point
    sx = draws.export_draws.quantiles((0.05, 0.5, 0.95))
    sd = draws.demand_draws.quantiles((0.05, 0.5, 0.95))
    out = pd.DataFrame({
        "scenario": inp.scenario, "sector": inp.sectors, "sector_name_ko": inp.names_ko or "",
        "sector_name_en": inp.names_en or "", "rank_basis": inp.rank_basis, "n_draws": draws.n_draws,
        "top_n": top_n, "point_rank": pd.array([None if np.isnan(v) else int(v) for v in inp.point_rank],
                                               dtype="Int64"),
        "median_rank": q[1], "rank_p05": q[0], "rank_p95": q[2], "p_top10": p_top, "mean_abs_rank_shift": shift,
        "sme_export_at_risk_usd": point["sme_export"], "sme_export_at_risk_median": sx[1],
        "sme_export_at_risk_p05": sx[0], "sme_export_at_risk_p95": sx[2],
        "sme_demand_at_risk_usd": point["sme_demand"], "sme_demand_at_risk_median": sd[1],
        "sme_demand_at_risk_p05": sd[0], "sme_demand_at_risk_p95": sd[2],
    })
    order = np.lexsort((np.nan_to_num(q[1], nan=np.inf), np.nan_to_num(inp.point_rank, nan=np.inf)))
    return out.iloc[order].reset_index(drop=True)[UNCERTAINTY_COLUMNS]


def sensitivity_table(draws: Draws) -> pd.DataFrame:
    """Per parameter group: first- and total-order shares of rank variance, rank correlation of its
    draw-level factor, and the sector whose rank it moves most."""
    inp = draws.point_info
    rows = []
    total_var = float(np.sum(draws.var))
    ry = _rank_midranks(draws) if draws.factors else None  # the same for every group
    for g in NOISE_PARAMETERS:
        spread = draws.spreads.get(g, 0.0)
        note = f"not used: {draws.unused[g]}" if g in draws.unused else \
            ("no noise set for this parameter" if spread == 0 else "")
        if g in draws.first:
            first = calc_sobol_share(draws.first[g], draws.var)
            total = calc_sobol_share(draws.total[g], draws.var)
            top = draws.first[g]
            most = inp.sectors[int(np.argmax(top))] if np.max(top) > 0 else ""
        elif spread == 0:
            first = total = 0.0 if total_var > 0 else float("nan")
            most = ""
        else:
            first = total = float("nan")
            most = ""
            note = "sensitivity not computed"
        if g in draws.factors:
            rho = _pearson_of_midranks(calc_midranks(np.asarray(draws.factors[g], float)), ry)
            w = np.where(np.isnan(rho), 0.0, draws.var)
            rho2 = float(np.sum(w * np.nan_to_num(rho) ** 2) / np.sum(w)) if np.sum(w) > 0 else float("nan")
        else:
            rho2 = float("nan")
        rows.append(dict(scenario=inp.scenario, parameter=g, spread=spread, first_order=first, total_order=total,
                         spearman_rho2=rho2, most_affected_sector=most, n_draws=draws.n_draws,
                         sensitivity_draws=draws.sensitivity_draws if g in draws.first else 0, note=note))
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def _rank_midranks(draws: Draws) -> np.ndarray:
    """(n_draws, n_sectors) mid-ranks over the draws of each sector's rank (NaN where unranked): what
    :func:`calc_midranks` gives on ``draws.rank``, looked up from the rank counts."""
    mid = calc_count_midranks(draws.rank_counts[:, 1:])
    table = np.column_stack([np.full(len(mid), np.nan), mid])  # code 0: unranked
    return table[np.arange(len(mid)), draws.rank_codes]
