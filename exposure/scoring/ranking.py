"""Value at risk and ranking on arrays (DESIGN §7): every function broadcasts over a leading draws axis.

Sectors are ranked by ``config.rank_by`` (default ``sme_export_at_risk_usd``), or by a composite
index (``rank_by = "composite"``) of ``config.composite_weights`` after
``config.composite_normalisation`` (minmax, rank or zscore). Under a demand-side scenario the
supply-side measures are zero by construction, so a supply measure in ``rank_by`` is read as its
demand counterpart (:func:`rank_basis`).
"""

from __future__ import annotations

import numpy as np

from exposure.config import Config

DEMAND_TWIN = {"export_at_risk_usd": "demand_at_risk_usd", "sme_export_at_risk_usd": "sme_demand_at_risk_usd",
               "exposure_rate": "demand_rate"}
#: a demand measure's supply twin: rank_by = "demand_at_risk_usd" ranks a supply scenario by its own side's
#: amounts, which are all it puts at risk (by the demand column every sector would tie at zero)
SUPPLY_TWIN = {demand: supply for supply, demand in DEMAND_TWIN.items()}


def calc_value_at_risk(exposure_rate: np.ndarray, export_usd: np.ndarray, sme_share: np.ndarray | None = None
                       ) -> np.ndarray:
    """E · export (· sme_share); broadcasts over a leading draws axis.

    Examples
    --------
    >>> calc_value_at_risk(np.array([0.1, 0.5]), np.array([100.0, 10.0]), np.array([0.5, 1.0])).tolist()
    [5.0, 5.0]
    """
    v = np.asarray(exposure_rate, float) * np.asarray(export_usd, float)
    return v if sme_share is None else v * np.asarray(sme_share, float)


def calc_ranks(values: np.ndarray) -> np.ndarray:
    """Descending ranks (1 = largest) along the last axis; NaN values get rank NaN.

    Ties keep sector order (the first sector ranks higher). Broadcasts over draws.

    Examples
    --------
    >>> calc_ranks(np.array([3.0, np.nan, 5.0, 3.0])).tolist()
    [2.0, nan, 1.0, 3.0]
    """
    v = np.asarray(values, float)
    key = np.where(np.isnan(v), np.inf, -v)
    order = np.argsort(key, axis=-1, kind="stable")
    ranks = np.empty_like(v)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, v.shape[-1] + 1, dtype=float), v.shape), axis=-1)
    return np.where(np.isnan(v), np.nan, ranks)


def calc_normalised(values: np.ndarray, method: str = "minmax") -> np.ndarray:
    """Normalise along the last axis ignoring NaN: minmax to [0, 1], rank to (0, 1], or z-scores.

    A constant vector normalises to 0 (it tells sectors apart by nothing).
    """
    v = np.asarray(values, float)
    filled = np.where(np.isnan(v).all(-1, keepdims=True), 0.0, v)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            lo = np.nanmin(filled, axis=-1, keepdims=True)
            span = np.nanmax(filled, axis=-1, keepdims=True) - lo
            return np.where(span > 0, (v - lo) / np.where(span > 0, span, 1.0), 0.0 * v)
        if method == "rank":
            r = calc_ranks(v)
            m = np.sum(~np.isnan(v), axis=-1, keepdims=True)
            return np.where(m > 1, (m - r + 1) / np.where(m > 0, m, 1), 0.0 * v)
        if method == "zscore":
            mu = np.nanmean(filled, axis=-1, keepdims=True)
            sd = np.nanstd(filled, axis=-1, keepdims=True)
            return np.where(sd > 0, (v - mu) / np.where(sd > 0, sd, 1.0), 0.0 * v)
    raise ValueError(f"unknown normalisation {method!r}")


def calc_composite(components: dict[str, np.ndarray], weights: dict[str, np.ndarray | float], method: str = "minmax"
                   ) -> np.ndarray:
    """Weighted mean of normalised components; weights (dict or (n_draws,)-arrays) need not sum to 1.

    A sector with a missing component gets NaN (no rank) rather than an invented 0.
    """
    total_w = sum(np.asarray(w, float) for w in weights.values())
    acc = None
    for name, w in weights.items():
        part = calc_normalised(components[name], method) * np.expand_dims(np.asarray(w, float), -1)
        acc = part if acc is None else acc + part
    return acc / np.expand_dims(np.where(np.asarray(total_w) > 0, total_w, 1.0), -1)


def rank_basis(config: Config, kind: str) -> str:
    """The column a scenario of ``kind`` is ranked by: ``rank_by`` on the scenario's own side (a supply measure's
    demand twin for demand scenarios, a demand measure's supply twin for supply scenarios)."""
    basis = config.rank_by
    return DEMAND_TWIN.get(basis, basis) if kind == "demand" else SUPPLY_TWIN.get(basis, basis)


def rank_values(columns: dict[str, np.ndarray], basis: str, config: Config,
                weights: dict[str, np.ndarray | float] | None = None, method: str | None = None) -> np.ndarray:
    """The value sectors are ranked by: a column, or the composite index of ``config`` (optionally with
    drawn weights and normalisation)."""
    if basis != "composite":
        return columns[basis]
    w = weights or config.weights_map
    return calc_composite({k: columns[k] for k in w}, w, method or config.composite_normalisation)
