"""Critical inputs and time to impact (DESIGN §7a): production functions, downstream losses, weekly profile.

The headline measure is linear ($1 of lost input costs ~$1 of output): the lower bound, and the
wrong order of magnitude for inputs without which a line stops (photoresist is ~0.2 % of a fab's
costs). Here first-round linear losses become losses under a production function, are combined per
sector, passed to domestic customers and followed week by week. Arrays in, arrays out; every
function broadcasts over leading axes (a Monte Carlo draws axis).

Notation. A critical row r = (product k, user sector j, KSIC class g of the user) has

- ℓ_r: the linear (first-round) loss of j's output from product k attributed to class g, as a
  fraction of j's output over the period;
- d_r ∈ (0, 1]: the dependent share, the share of j's output made by class g that needs k;
- f_r ∈ [0, 1]: the lost fraction of the product's total supply over the period;
- w_r: weight by criticality: critical 1, important ½ (binds half-way), non-critical 0;
- α_r = clip(ℓ_r / (d_r f_r), 0, 1): the cost share of k in the dependent output (0 where d f = 0).

**Production functions** (:func:`calc_row_losses`). The critical figure is C_r = d_r · c(α_r, f_r) with

- ``linear``:   c = α f (perfect substitutes; C = ℓ when ℓ ≤ d f, the lower bound);
- ``ces``:      c = 1 − [α(1 − f)^ρ + (1 − α)]^{1/ρ}, ρ = (σ − 1)/σ (:func:`calc_ces_output_loss`);
- ``leontief``: c = f (the dependent output falls one-for-one with the input, the upper bound;
  Boehm, Flaaen & Pandalai-Nayar 2019 find this for imported inputs after Tōhoku).

The row's loss is max(ℓ, ℓ + w (C − ℓ)): linear and non-critical rows keep ℓ, a critical row
under Leontief loses d f. For every σ, α f ≤ c ≤ f, so linear ≤ CES ≤ Leontief.

**Combining rows** (:func:`calc_critical_extra`). Rows of one (sector, class) describe the same
production lines, so the most binding input sets their loss (Leontief min ⇒ max over rows);
different classes are different lines and add up. The extra first-round loss on top of the
linear loss is extra_j = Σ_g max(0, max_{r∈(j,g)} loss_r − Σ_{r∈(j,g)} ℓ_r) ≥ 0.

**Downstream** (:func:`calc_downstream`). A sector whose output falls by δ_i supplies its
domestic customers less in proportion (linear pass-through): δ = min(cap, δ⁰ + δ A^D), with
A^D(i, j) the domestic input from i per unit of j's output; without a binding cap
δ = δ⁰ L^D, L^D = (I − A^D)⁻¹.

**Weekly profile.** The CES loss is convex in f, so applying it to the horizon-average f would
understate the loss: the loss is computed week by week from the lost fraction of each week
(:func:`calc_weekly_shortfall`, :func:`calc_lost_fraction`) and averaged over the horizon by
week length (:func:`calc_horizon_mean`); :func:`first_week_below` gives the week output first falls.

References: Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer (2022), *JEDC* 144, 104527;
Boehm, Flaaen & Pandalai-Nayar (2019), *REStat* 101(1), 60–75; Baqaee & Farhi (2019),
*Econometrica* 87(4), 1155–1203; Hallegatte (2008), *Risk Analysis* 28(3) (ARIO).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from exposure.linkage import direct_rates
from exposure.scenarios.shocks import DAYS_PER_YEAR, calc_shortfall_profile

PRODUCTIONS = ("linear", "ces", "leontief")
#: Weight of each criticality in the row loss (important inputs bind half-way, Pichler et al. 2022).
CRITICALITY_WEIGHTS = {"critical": 1.0, "important": 0.5, "non-critical": 0.0}
#: Below this elasticity the CES loss is its Leontief limit f (the formula overflows towards σ = 0).
SIGMA_LEONTIEF = 1e-6


def _arr(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _check_range(name: str, x: np.ndarray, low: float = 0.0, high: float = 1.0) -> None:
    """ValueError when a value lies outside [low, high] (NaN passes and propagates)."""
    if np.any(x < low) or np.any(x > high):
        bad = x[(x < low) | (x > high)].flat[0]
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}]; got {bad!r}")


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1.0), 0.0)


# --------------------------------------------------------------------------- production functions
def criticality_weight(criticality: Any, important_weight: float = 0.5) -> np.ndarray:
    """w by criticality: critical 1, important ``important_weight``, non-critical 0.

    >>> criticality_weight(["critical", "important", "non-critical"]).tolist()
    [1.0, 0.5, 0.0]
    """
    weights = {**CRITICALITY_WEIGHTS, "important": float(important_weight)}
    labels = np.asarray(criticality, dtype=object)
    if unknown := sorted({str(c) for c in labels.flat if c not in weights}):
        raise ValueError(f"criticality must be one of {', '.join(weights)}; got {', '.join(unknown)}")
    return np.array([weights[c] for c in labels.flat], dtype=float).reshape(labels.shape)


def calc_ces_output_loss(cost_share: Any, lost_fraction: Any, sigma: Any) -> np.ndarray:
    """Share of a CES output lost when one input falls by f and the others are unchanged.

    1 − [α(1 − f)^ρ + (1 − α)]^{1/ρ}, ρ = (σ − 1)/σ, with its limits: σ → 0 gives f
    (Leontief, used below :data:`SIGMA_LEONTIEF`), σ = 1 gives 1 − (1 − f)^α (Cobb–Douglas),
    σ = ∞ gives α f (perfect substitutes). α = 0 or f = 0 gives 0; f = 1 with σ ≤ 1 gives 1.
    α ∈ [0, 1], f ∈ [0, 1], σ ≥ 0 (``np.inf`` allowed) broadcast (σ may be (n_draws, 1)).

    Examples
    --------
    α = 0.1, f = 0.5: σ = 1 → 1 − 0.5^0.1; σ = 0.5 (ρ = −1) → 1 − 1/(0.1/0.5 + 0.9) = 1/11.

    >>> calc_ces_output_loss(0.1, 0.5, [0.0, 0.5, 1.0, np.inf]).round(6).tolist()
    [0.5, 0.090909, 0.066967, 0.05]
    """
    a, f, s = np.broadcast_arrays(_arr(cost_share), _arr(lost_fraction), _arr(sigma))
    _check_range("cost_share", a)
    _check_range("lost_fraction", f)
    _check_range("sigma", s, 0.0, np.inf)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_x = np.log1p(-f)                                   # log(1 − f); −inf at f = 1
        rho = np.where(np.isinf(s), 1.0, (s - 1.0) / np.where(s > 0, s, 1.0))
        inv_rho = 1.0 / np.where(rho != 0, rho, 1.0)
        # σ ≥ ½ (|ρ| ≤ 1): log y = log1p(α·expm1(ρ log x))/ρ stays exact as ρ → 0 (Cobb–Douglas α log x)
        near = np.where(rho == 0, a * log_x, np.log1p(a * np.expm1(rho * log_x)) * inv_rho)
        # σ < ½ (ρ → −∞): (1 − f)^ρ overflows, so sum the two terms in logs
        far = np.logaddexp(np.log(a) + rho * log_x, np.log1p(-a)) * inv_rho
        loss = -np.expm1(np.where(s >= 0.5, near, far))
    loss = np.where(s < SIGMA_LEONTIEF, f, loss)
    loss = np.where(np.isinf(s), a * f, loss)
    # rounding must not break α f ≤ loss ≤ f, which holds exactly for every σ (concavity)
    loss = np.clip(loss, a * f, f)
    return np.where((a == 0) | (f == 0), 0.0, loss)


def calc_row_losses(linear: Any, dependent: Any, lost_fraction: Any, weight: Any, production: str,
                    sigma: Any = 0.5) -> np.ndarray:
    """Loss of each critical row as a fraction of the user's output: max(ℓ, ℓ + w (C − ℓ)).

    C = d · c(α, f) with α = clip(ℓ / (d f), 0, 1) and c by ``production`` (module docstring).

    Parameters: linear loss ℓ ≥ 0 and dependent share d ∈ [0, 1] (fractions of the user's
    output), lost fraction f ∈ [0, 1] of the product's supply, criticality weight w ∈ [0, 1]
    (:func:`criticality_weight`), ``production`` one of :data:`PRODUCTIONS`, σ for ``ces``.
    f may be (…, rows) or (…, rows, W) with a weeks axis. All arrays broadcast by numpy's rules:
    per-row values against a (rows, W) f are given as (rows, 1), σ per draw as (n_draws, 1, 1).

    Examples
    --------
    ℓ = 0.004, d = 0.8, f = 0.5 (α = 0.01), critical: Leontief d f = 0.4; CES σ = 0.5:
    0.8·(1 − 1/(0.01/0.5 + 0.99)) = 0.8/101; important (w = ½) under Leontief: 0.004 + (0.4 − 0.004)/2.

    >>> [calc_row_losses(0.004, 0.8, 0.5, 1.0, p).round(6).item() for p in PRODUCTIONS]
    [0.004, 0.007921, 0.4]
    >>> calc_row_losses(0.004, 0.8, 0.5, 0.5, "leontief").item()
    0.202
    """
    if production not in PRODUCTIONS:
        raise ValueError(f"production must be one of {', '.join(PRODUCTIONS)}; got {production!r}")
    ell, d, f, w = np.broadcast_arrays(_arr(linear), _arr(dependent), _arr(lost_fraction), _arr(weight))
    _check_range("linear", ell, 0.0, np.inf)
    _check_range("dependent", d)
    _check_range("lost_fraction", f)
    _check_range("weight", w)
    alpha = np.clip(_safe_div(ell, d * f), 0.0, 1.0)
    if production == "linear":
        c = alpha * f
    elif production == "leontief":
        c = f
    else:
        c = calc_ces_output_loss(alpha, f, sigma)
    return np.maximum(ell, ell + w * (d * c - ell))


# --------------------------------------------------------------------------- combining rows per sector
def _groups(row_sector: Any, row_class: Any, n_sectors: int) -> tuple[np.ndarray, np.ndarray]:
    """Group id of each row (one per (sector, class), numbered in order of appearance) and each group's sector."""
    sector = np.asarray(row_sector)
    classes = np.asarray(row_class, dtype=object).astype(str)
    if sector.ndim != 1 or classes.shape != sector.shape:
        raise ValueError(f"row_sector and row_class must be 1-D of one length; got shapes {sector.shape} "
                         f"and {classes.shape}")
    if sector.size and (not np.issubdtype(sector.dtype, np.integer) or sector.min() < 0
                        or sector.max() >= n_sectors):
        raise ValueError(f"row_sector must hold sector positions 0…{n_sectors - 1}; got {sector.tolist()}")
    index: dict[tuple[int, str], int] = {}
    gid = np.array([index.setdefault((int(s), c), len(index)) for s, c in zip(sector.tolist(), classes.tolist())],
                   dtype=np.intp)
    return gid, np.array([s for s, _ in index], dtype=np.intp)


def _group_extra(row_loss: Any, row_linear: Any, gid: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Per group: max loss − Σ ℓ floored at 0 (…, G), the binding (first maximal) row (…, G), the rows' shape."""
    loss, ell = np.broadcast_arrays(_arr(row_loss), _arr(row_linear))
    if loss.shape[-1:] != gid.shape:
        raise ValueError(f"row_loss and row_linear must have {gid.size} rows on the last axis; got {loss.shape}")
    order = np.argsort(gid, kind="stable")
    starts = np.flatnonzero(np.r_[True, gid[order][1:] != gid[order][:-1]])
    loss_s = loss[..., order]
    top = np.maximum.reduceat(loss_s, starts, axis=-1)
    extra = np.maximum(0.0, top - np.add.reduceat(ell[..., order], starts, axis=-1))
    first_max = np.where(loss_s >= top[..., gid[order]], order, gid.size)   # NaN group: no binding row
    return extra, np.minimum.reduceat(first_max, starts, axis=-1), loss.shape


def calc_critical_extra(row_loss: Any, row_linear: Any, row_sector: Any, row_class: Any, n_sectors: int
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Extra first-round loss per sector on top of the linear loss, and the binding row of each group.

    extra_j = Σ_g max(0, max_{r∈(j,g)} loss_r − Σ_{r∈(j,g)} ℓ_r) over the KSIC classes g of sector j.

    ``row_loss`` (:func:`calc_row_losses`) and ``row_linear`` (ℓ) are (…, n_rows) fractions of the
    user's output; ``row_sector`` (n_rows,) the position 0 … n_sectors − 1 of each row's user
    sector; ``row_class`` (n_rows,) its KSIC class (compared as text; one label, e.g. "", for a
    whole sector). Returns ``extra`` (…, n_sectors) ≥ 0 (NaN where a group's losses are NaN) and
    ``binding`` (…, n_rows) bool: the row setting its group's loss (the first with the group's
    largest loss), one per group, also where the extra is 0; :func:`calc_row_extra` gives the
    group's extra on that row, to attribute it to its product.

    Examples
    --------
    Sector 0, class A: HF (ℓ .004, loss .4) and photoresist (ℓ .001, loss .3) → .4 − .005;
    class B: HF (ℓ .002, loss .1) → .098; sector 1 non-critical (loss = ℓ) → 0.

    >>> extra, binding = calc_critical_extra([.4, .3, .1, .01], [.004, .001, .002, .01], [0, 0, 0, 1],
    ...                                      ["A", "A", "B", "C"], 2)
    >>> extra.round(6).tolist(), binding.tolist()
    ([0.493, 0.0], [True, False, True, True])
    """
    gid, group_sector = _groups(row_sector, row_class, n_sectors)
    if gid.size == 0:
        shape = np.broadcast_shapes(np.shape(row_loss), np.shape(row_linear))
        return np.zeros(shape[:-1] + (n_sectors,)), np.zeros(shape, dtype=bool)
    extra, binding_row, shape = _group_extra(row_loss, row_linear, gid)
    by_sector = np.argsort(group_sector, kind="stable")
    sectors = group_sector[by_sector]
    starts = np.flatnonzero(np.r_[True, sectors[1:] != sectors[:-1]])
    out = np.zeros(shape[:-1] + (n_sectors,))
    out[..., sectors[starts]] = np.add.reduceat(extra[..., by_sector], starts, axis=-1)
    return out, np.arange(gid.size) == binding_row[..., gid]


def calc_row_extra(row_loss: Any, row_linear: Any, row_sector: Any, row_class: Any) -> np.ndarray:
    """The extra of each (sector, class) group attributed to its binding row, 0 on the other rows (…, n_rows).

    Summed over the rows of a sector it gives :func:`calc_critical_extra`'s extra (where finite).

    >>> calc_row_extra([.4, .3, .1], [.004, .001, .002], [0, 0, 0], ["A", "A", "B"]).round(6).tolist()
    [0.395, 0.0, 0.098]
    """
    sector = np.asarray(row_sector)
    gid, _ = _groups(sector, row_class, int(sector.max()) + 1 if sector.size else 0)
    if gid.size == 0:
        return np.zeros(np.broadcast_shapes(np.shape(row_loss), np.shape(row_linear)))
    extra, binding_row, _ = _group_extra(row_loss, row_linear, gid)
    return np.where(np.arange(gid.size) == binding_row[..., gid], extra[..., gid], 0.0)


# --------------------------------------------------------------------------- downstream through domestic supply
def calc_downstream(direct: Any, Ad: Any, cap: Any = 1.0, tol: float = 1e-12, max_iter: int = 1000) -> np.ndarray:
    """Output losses after pass-through to domestic customers: the fixed point δ = min(cap, δ⁰ + δ A^D).

    Iterated from δ⁰ until no element changes by more than ``tol``, which leaves it within about
    tol · r/(1 − r) of the fixed point, r the spectral radius of A^D: the sequence rises
    monotonically and converges geometrically at that rate (always with a finite cap; without
    one it needs r < 1). Without a binding cap δ = δ⁰ L^D.

    ``direct`` δ⁰ (…, n) ≥ 0 is each sector's first-round loss, fraction of its output (NaN
    propagates in its draw); ``Ad`` (n, n) or (…, n, n) ≥ 0, A^D(i, j) the domestic input from i
    per unit of j's output; ``cap`` (scalar or (n,)) the largest loss of each sector (1 = its
    whole output, ``np.inf`` for none). ValueError on negative inputs, mismatched shapes or no
    convergence within ``max_iter``.

    Examples
    --------
    Miller & Blair's A^D, δ⁰ = (0.4, 0): δ⁰ L^D = 0.4 · (0.95, 0.25) / 0.7575.

    >>> calc_downstream([0.4, 0.0], [[0.15, 0.25], [0.2, 0.05]]).round(6).tolist()
    [0.50165, 0.132013]
    """
    d0 = _arr(direct)
    A = _arr(Ad)
    cap = _arr(cap)
    n = d0.shape[-1] if d0.ndim else 0
    if A.ndim < 2 or A.shape[-2:] != (n, n):
        raise ValueError(f"Ad must be ({n}, {n}) (or a stack of them) for {n} sectors; got {A.shape}")
    _check_range("direct loss", d0, 0.0, np.inf)
    _check_range("Ad", A, 0.0, np.inf)
    _check_range("cap", cap, 0.0, np.inf)
    delta = d0
    for _ in range(max_iter):
        new = np.minimum(cap, d0 + direct_rates(delta, A))  # δ·A^D, the row-vector product of linkage
        if np.any(np.isinf(new) & np.isfinite(d0)):
            break
        change = np.abs(new - delta)
        delta = new
        if not np.any(change > tol):
            return delta
    raise ValueError(f"downstream losses did not converge within {max_iter} iterations: the domestic "
                     f"coefficients pass on at least as much as they receive (spectral radius of A^D ≥ 1); "
                     f"set a finite cap or check the table")


def calc_downstream_shares(direct_by_product: Any, total: Any, Ld: Any) -> np.ndarray:
    """Attribute the downstream part δ − δ⁰ of each sector's loss to products (…, K, n).

    In proportion to each product's own downstream flow p_k = δ⁰_k (L^D − I); where no product
    has one (the cap cut a direct loss), in proportion to δ⁰_k; 0 where both are 0. The
    contributions of all products sum to δ − δ⁰ of each sector.

    ``direct_by_product`` (…, K, n) is δ⁰_k, the first-round loss of each sector from each product
    (Σ_k δ⁰_k = δ⁰); ``total`` (…, n) δ from :func:`calc_downstream`; ``Ld`` (n, n) or (…, n, n)
    the domestic Leontief inverse (:func:`exposure.linkage.calc_leontief_inverse`).

    Examples
    --------
    Without a cap each product keeps its own flow: p_1 = (0.4, 0)·(L^D − I).

    >>> Ld = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575
    >>> d0k = np.array([[0.4, 0.0], [0.0, 0.1]])
    >>> calc_downstream_shares(d0k, d0k.sum(0) @ Ld, Ld).round(6).tolist()
    [[0.10165, 0.132013], [0.026403, 0.012211]]
    """
    d0k = _arr(direct_by_product)
    L = _arr(Ld)
    _check_range("direct loss", d0k, 0.0, np.inf)
    n = d0k.shape[-1]
    flow = d0k @ (L - np.eye(n))
    d0 = d0k.sum(axis=-2)
    share = np.where(flow.sum(axis=-2, keepdims=True) > 0, _safe_div(flow, flow.sum(axis=-2, keepdims=True)),
                     _safe_div(d0k, d0[..., np.newaxis, :]))
    return share * (_arr(total) - d0)[..., np.newaxis, :]


# --------------------------------------------------------------------------- the weekly profile
def week_edges(horizon_days: float, week: float = 7.0) -> tuple[np.ndarray, np.ndarray]:
    """Day bounds (starts, ends) of each week of the horizon; the last week may be partial.

    >>> [e.tolist() for e in week_edges(30)]
    [[0.0, 7.0, 14.0, 21.0, 28.0], [7.0, 14.0, 21.0, 28.0, 30.0]]
    """
    h, wk = float(horizon_days), float(week)
    if not (np.isfinite(h) and h > 0 and np.isfinite(wk) and wk > 0):
        raise ValueError(f"horizon and week must be positive numbers of days; got {horizon_days!r}, {week!r}")
    starts = np.arange(int(np.ceil(h / wk))) * wk
    return starts, np.minimum(starts + wk, h)


def calc_horizon_mean(weekly: Any, week_days: Any) -> np.ndarray:
    """Mean over the horizon of a per-week quantity (last axis), weighted by week length: Σ x_w len_w / Σ len_w.

    >>> calc_horizon_mean([0.1, 0.1, 0.4], [7, 7, 2]).round(6).item()
    0.1375
    """
    x, days = _arr(weekly), _arr(week_days)
    _check_range("week length", days, 0.0, np.inf)
    if days.shape[-1:] != x.shape[-1:] or not days.sum(axis=-1).all():
        raise ValueError(f"week_days must give one length per week of weekly {x.shape}, with a positive "
                         f"total; got {days.tolist()}")
    return (x * days).sum(axis=-1) / days.sum(axis=-1)


def calc_weekly_losses(cumulative: Any) -> np.ndarray:
    """Amount lost within each week from the cumulative amount by each week's end (last axis).

    >>> calc_weekly_losses([0.0, 5.0, 12.0]).tolist()
    [0.0, 5.0, 7.0]
    """
    # a cumulative loss never falls; where rounding makes it dip by 1e-16 (φ = 1: the profile is flat after the
    # lag) the running maximum keeps every week ≥ 0 and the sum unchanged
    return np.diff(np.maximum.accumulate(_arr(cumulative), axis=-1), axis=-1, prepend=0.0)


def calc_weekly_shortfall(horizon_days: float, target_imports: Any, coverage: Any, phi: Any, buffer_days: Any,
                          lag_days: Any, licence_delay_days: Any = None, week: float = 7.0) -> np.ndarray:
    """USD lost within each week of the horizon (…, W): :func:`calc_shortfall_profile` at the week ends, differenced.

    Parameters broadcast like :func:`exposure.scenarios.shocks.calc_shortfall_profile`; the
    weeks sum to the shortfall over the horizon.

    Examples
    --------
    $365 a year, c = 1, no substitution, 10 days of stock, 14-day horizon: 0, then 4 days' worth.

    >>> calc_weekly_shortfall(14, 365.0, 1.0, 0.0, 10, 90).tolist()
    [0.0, 4.0]
    """
    _, ends = week_edges(horizon_days, week)
    return calc_weekly_losses(calc_shortfall_profile(ends, target_imports, coverage, phi, buffer_days, lag_days,
                                                     licence_delay_days))


def calc_lost_fraction(weekly_amount: Any, annual_supply: Any, week_days: Any) -> np.ndarray:
    """Lost fraction of supply in each week: amount / (supply · len_w / 365), clipped to [0, 1]; 0 where supply is 0.

    ``weekly_amount`` (…, W) is USD lost in each week (:func:`calc_weekly_shortfall`);
    ``annual_supply`` (…) the product's total supply in USD a year, without the weeks axis (it
    gains one, like the parameters of :func:`calc_shortfall_profile`); ``week_days`` (W,) the
    length of each week in days.

    Examples
    --------
    $3,650 a year is $70 a week; $35 lost is half; the 2-day week supplies $20.

    >>> calc_lost_fraction([[35.0, 70.0, 30.0]], [3650.0], [7, 7, 2]).tolist()
    [[0.5, 1.0, 1.0]]
    """
    amount, days = _arr(weekly_amount), _arr(week_days)
    supply = _arr(annual_supply)[..., np.newaxis] * days / DAYS_PER_YEAR
    try:
        fits = np.broadcast_shapes(amount.shape, supply.shape) == amount.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"annual_supply {np.shape(annual_supply)} and week_days {days.shape} must match "
                         f"weekly_amount {amount.shape} without its weeks axis")
    return np.clip(_safe_div(amount, supply), 0.0, 1.0)


def first_week_below(loss_by_week: Any, tol: float = 1e-9) -> np.ndarray:
    """First week (1-based) in which output falls (loss > tol), 0 when it never does.

    >>> first_week_below([[0.0, 0.0, 0.2], [0.0, 0.0, 0.0]]).tolist()
    [3, 0]
    """
    falls = _arr(loss_by_week) > tol
    return np.where(falls.any(axis=-1), falls.argmax(axis=-1) + 1, 0)
