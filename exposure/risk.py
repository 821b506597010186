"""The one array function behind every risk figure: :func:`calc_risk` (DESIGN §6, §7, §7a).

The pandas scoring (:mod:`exposure.scoring`) calls it once per scenario for the point estimate;
the Monte Carlo (:mod:`exposure.uncertainty`) calls it on blocks of draws, so the two agree by
construction. :class:`RiskModel` holds the fixed arrays of one scenario, :class:`Draw` what a
draw may change (arrays with a leading draws axis D, or the point values).

For products k, IO sectors i, j and critical rows r = (product, user sector, KSIC class):

1. **Shortfall** over the horizon S_k = c·M(k,T)/365 · max(0, G(min(H, D)) − b) (USD over H), and
   its annual rate S_k·365/H against the IO table's annual flows.
2. **Linear first round**. The proportional part of intermediate goods, S_i = Σ_k S_k keep_k W_ki,
   s_i = min(cap, S_i/M_i), gives r^dir = s·A^M; end-use overrides give r^ovr_j = Σ_k S_k σ_kj/x_j.
   Capital and consumption goods (BEC) are never spread as inputs: the part an override sends to
   a sector is that sector's lost investment or final demand (USD over H), the rest is reported
   per product.
3. **Critical inputs** (:mod:`exposure.impact`). Row r's lost fraction f_r(w) of the product's
   total supply in each week, with the row's own stock days; its linear share ℓ_r of its pair's
   first round (split over the pair's classes by dependent share) and its per-week profile; its
   loss under the production function, week by week; the extra per sector, averaged over weeks.
4. **Downstream**: δ = min(cap, δ⁰ + δ·A^D) from δ⁰ = r^dir + r^ovr + extra (a rate over H).
5. **Money over the horizon**: export at risk = δ_j · exports_j · H/365. The SME figure weights
   each part by the SME share of the sub-industry that bears it: a critical row's linear part and
   extra by its KSIC class's share (where known), the rest by the sector's.

Variants: ``low`` is the linear measure (no critical extra), ``high`` Leontief, ``central`` the
run's production function.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from exposure import impact
from exposure.linkage import Propagator, _recip
from exposure.scenarios.shocks import DAYS_PER_YEAR, calc_lost_days, calc_per_year

VARIANTS = ("low", "central", "high")
#: end-use channels of a product: 0 an intermediate input, 1 investment (capital goods), 2 final demand
INTERMEDIATE, INVESTMENT, FINAL_DEMAND = 0, 1, 2


@dataclass(frozen=True)
class CriticalRows:
    """Critical-input rows matched to the scenario's products, as arrays over R rows.

    ``product`` indexes the propagator's products and ``sector`` its sectors; ``group`` is the KSIC
    class ("" for a whole sector); ``weight`` is 1 for critical rows and 0 for non-critical ones,
    NaN for important rows (they weigh ``Draw.important_weight``); ``supply`` is the product's
    total annual supply in USD; ``stock_days`` NaN means the product's b; ``sme_share`` is the SME
    share of the row's class (NaN: the sector's).
    """

    product: np.ndarray
    sector: np.ndarray
    group: np.ndarray
    weight: np.ndarray
    dependent: np.ndarray
    supply: np.ndarray
    stock_days: np.ndarray
    sme_share: np.ndarray

    @classmethod
    def empty(cls) -> "CriticalRows":
        z = np.zeros(0)
        return cls(np.zeros(0, int), np.zeros(0, int), np.zeros(0, object), z, z, z, z, z)

    def __len__(self) -> int:
        return len(self.product)

    def split(self) -> np.ndarray:
        """d_r / Σ d over the rows of the same (product, sector): a pair's linear loss shared by class."""
        if not len(self):
            return np.zeros(0)
        key = self.product.astype(np.int64) * (int(self.sector.max()) + 1) + self.sector
        _, inv = np.unique(key, return_inverse=True)
        tot = np.bincount(inv, weights=self.dependent)
        return self.dependent / np.where(tot[inv] > 0, tot[inv], 1.0)

    def weights(self, important_weight: np.ndarray | float) -> np.ndarray:
        """Criticality weights (…, R) with important rows at ``important_weight``."""
        w = np.asarray(important_weight, float)
        return np.where(np.isnan(self.weight), w, self.weight)


@dataclass(frozen=True)
class RiskModel:
    """The fixed arrays of one scenario: K products, n IO sectors, U scoring sectors."""

    kind: str  # "supply" or "demand"
    horizon_days: float
    prop: Propagator  # W, O, M, x, Am, Ad, Ld (prop.keep is not used: it is computed per draw)
    target_imports: np.ndarray  # (K,) annual USD
    coverage: np.ndarray
    phi: np.ndarray
    buffer_days: np.ndarray
    lag_days: np.ndarray
    licence_delay_days: np.ndarray
    channel: np.ndarray  # (K,) INTERMEDIATE, INVESTMENT or FINAL_DEMAND
    critical: CriticalRows
    io_pos: np.ndarray  # (U,) position in prop.sectors, −1 when the sector is not in the IO table
    export_usd: np.ndarray  # (U,) annual
    sme_share: np.ndarray  # (U,)
    export_to_target_usd: np.ndarray  # (U,) annual
    demand_coverage: np.ndarray  # (U,) demand side: share of exports to the target cut …
    demand_phi: np.ndarray
    demand_buffer_days: np.ndarray
    demand_lag_days: np.ndarray
    demand_licence_delay_days: np.ndarray
    cap_exposure: float = 1.0

    @property
    def years(self) -> float:
        return self.horizon_days / DAYS_PER_YEAR

    @property
    def overrides(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(product, sector, share) of the non-zero end-use override shares."""
        k, j = np.nonzero(self.prop.O)
        return k, j, self.prop.O[k, j]

    @property
    def n_items(self) -> int:
        """Items of the shock parameters: products (supply) or scoring sectors (demand)."""
        return len(self.target_imports) if self.kind == "supply" else len(self.io_pos)


@dataclass
class Draw:
    """What a draw may change; None keeps the model's value. Leading draws axis D where given:
    shock items (D, K) (supply) or (D, U) (demand), IO (D, n, n), SME shares (D, U), override
    shares (D, n_override_rows), σ and the weight of important inputs (D,) or scalars."""

    coverage: np.ndarray | None = None
    phi: np.ndarray | None = None
    buffer_days: np.ndarray | None = None
    lag_days: np.ndarray | None = None
    Am: np.ndarray | None = None
    Ad: np.ndarray | None = None
    Ld: np.ndarray | None = None  # (I − A^D)⁻¹ of the drawn A^D (given with Ad)
    sme_share: np.ndarray | None = None
    override_share: np.ndarray | None = None
    sigma: np.ndarray | float = 0.5
    important_weight: np.ndarray | float = 0.5


@dataclass
class RiskArrays:
    """What :func:`calc_risk` returns. Sector arrays are over the scoring universe (…, U).

    ``exposure``, ``export_at_risk``, ``sme_export_at_risk``: per variant computed; ``channels``:
    the central figure's direct, override, critical and downstream rates; ``detail`` (with
    ``detail=True``): the per-product decomposition over IO sectors and the per-row figures.
    """

    exposure: dict[str, np.ndarray]
    export_at_risk: dict[str, np.ndarray]
    sme_export_at_risk: dict[str, np.ndarray]
    channels: dict[str, np.ndarray]
    demand_rate: np.ndarray
    demand_at_risk: np.ndarray
    sme_demand_at_risk: np.ndarray
    investment_usd: np.ndarray
    final_demand_usd: np.ndarray
    shortfall: np.ndarray
    capped: np.ndarray
    detail: dict[str, np.ndarray] = field(default_factory=dict)


def _v(value: np.ndarray | None, default: np.ndarray) -> np.ndarray:
    if value is None:
        return default
    # a draw's single-precision arrays stay single (converting each would cost a pass over draws × products)
    return value if isinstance(value, np.ndarray) and value.dtype.kind == "f" else np.asarray(value, float)


def _onehot(idx: np.ndarray, n: int) -> np.ndarray:
    m = np.zeros((len(idx), n))
    m[np.arange(len(idx)), idx] = 1.0
    return m


# --------------------------------------------------------------------------- 1–2: shortfall, linear first round
def calc_shortfalls(model: RiskModel, draw: Draw) -> np.ndarray:
    """S_k over the horizon, USD (…, K); zero under a demand-side scenario."""
    if model.kind != "supply":
        return np.zeros(len(model.target_imports))
    return calc_shortfall_from(model, _v(draw.coverage, model.coverage), calc_lost(model, draw))


def calc_lost(model: RiskModel, draw: Draw) -> np.ndarray:
    """Days of each product's covered flow lost over the horizon (…, K) (supply scenarios)."""
    return calc_lost_days(_v(draw.buffer_days, model.buffer_days), _v(draw.lag_days, model.lag_days),
                          model.horizon_days, _v(draw.phi, model.phi), model.licence_delay_days)


def calc_shortfall_from(model: RiskModel, coverage: np.ndarray, lost: np.ndarray) -> np.ndarray:
    """S_k = M(k,T) · c_k / 365 · lost days (NaN imports count as 0): the shortfall from its two parts, so a
    Monte Carlo draw that changes only the coverage (or only the time profile) reuses the other."""
    q = (np.nan_to_num(model.target_imports) / DAYS_PER_YEAR).astype(np.result_type(coverage, lost))
    return np.nan_to_num(q * coverage * lost, nan=0.0)


@dataclass(frozen=True)
class ImportShares:
    """The products → sectors step of the first round (the one pass over draws × products): the proportional
    part of each product's shortfall per year (…, K) and the share s_i of each IO product group's imports
    lost (…, n), capped, with the cap's scale."""

    part: np.ndarray
    uncapped: np.ndarray
    capped: np.ndarray
    scale: np.ndarray


def calc_import_shares(model: RiskModel, draw: Draw, S: np.ndarray) -> ImportShares:
    """s_i = Σ_k part_k W_ki / M_i, where part_k is the shortfall per year of an intermediate good less its
    end-use overrides' shares; capped at ``cap_share``. A draw that changes neither the shortfall nor the
    override shares has the same :class:`ImportShares` (the Monte Carlo reuses them)."""
    p = model.prop
    S_year = S * S.dtype.type(DAYS_PER_YEAR / model.horizon_days) if model.horizon_days > 0 else np.zeros_like(S)
    k_o, _j_o, share_o = model.overrides
    share_o = _v(draw.override_share, share_o)
    inter = model.channel == INTERMEDIATE
    part = S_year * inter  # all of an intermediate good's shortfall but its overrides' shares
    if len(k_o):
        u, pos = np.unique(k_o, return_inverse=True)
        keep = np.clip(1.0 - share_o @ _onehot(pos, len(u)), 0.0, 1.0) * inter[u]
        part[..., u] = S_year[..., u] * keep
    s_unc = _shares(p.group_sum(part), p.M)  # in double precision, the same whatever the block of draws
    s = np.minimum(s_unc, p.cap_share)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(s_unc > 0, s / np.where(s_unc > 0, s_unc, 1.0), 1.0)
    return ImportShares(part, s_unc, s, scale)


def calc_first_round(model: RiskModel, draw: Draw, S: np.ndarray, detail: bool = False,
                     shares: ImportShares | None = None) -> dict[str, np.ndarray]:
    """Linear first round by IO sector (…, n): ``direct`` and ``override`` rates, ``investment`` and
    ``final_demand`` USD over H by sector, ``shares`` s_i and ``shares_uncapped``; with critical rows
    ``pair`` (…, R), each row's pair linear rate; with ``detail`` the (K, n) rates by product.
    ``shares``: :func:`calc_import_shares` of this draw when the caller has it."""
    p = model.prop
    K, n = len(model.target_imports), len(p.sectors)
    per_year = lambda v: calc_per_year(v, model.horizon_days)  # noqa: E731  (on the few columns used)
    k_o, j_o, share_o = model.overrides
    share_o = _v(draw.override_share, share_o)
    inter = model.channel == INTERMEDIATE
    sh = shares if shares is not None else calc_import_shares(model, draw, S)
    part, s_unc, s, scale = sh.part, sh.uncapped, sh.capped, sh.scale
    Am = _v(draw.Am, p.Am)
    out = {"direct": (s[..., None, :] @ Am)[..., 0, :], "shares": s, "shares_uncapped": s_unc}
    to_user = _onehot(j_o, n)
    ch = model.channel[k_o]
    out["override"] = ((per_year(S[..., k_o]) * share_o * (ch == INTERMEDIATE)) @ to_user) * _recip(p.x)
    out["investment"] = (S[..., k_o] * share_o * (ch == INVESTMENT)) @ to_user
    out["final_demand"] = (S[..., k_o] * share_o * (ch == FINAL_DEMAND)) @ to_user
    cr = model.critical
    if len(cr):
        weights = p.W[cr.product] * (_recip(p.M) * scale)[..., None, :]  # (…, R, n)
        cols = np.swapaxes(Am[..., :, cr.sector], -1, -2)  # (…, R, n): each row's user column of A^M
        row_share = _row_override_share(model, share_o, k_o, j_o)
        out["pair"] = (weights * cols).sum(axis=-1) * part[..., cr.product] \
            + per_year(S[..., cr.product]) * row_share * _recip(p.x)[cr.sector] * inter[cr.product]
    if detail:
        P = part[:, None] * p.W * (_recip(p.M) * scale)[None, :]
        out["R_direct"] = P @ Am
        R_ovr = np.zeros((K, n))
        np.add.at(R_ovr, (k_o, j_o), per_year(S[k_o]) * share_o * (ch == INTERMEDIATE) * _recip(p.x)[j_o])
        out["R_override"] = R_ovr
    return out


def _shares(Si: np.ndarray, M: np.ndarray) -> np.ndarray:
    return np.where(M > 0, Si * _recip(M), np.where(Si > 0, np.inf, 0.0))


def _row_override_share(model: RiskModel, share_o: np.ndarray, k_o: np.ndarray, j_o: np.ndarray) -> np.ndarray:
    """Override share of each critical row's (product, sector) pair (…, R), as drawn."""
    cr = model.critical
    match = (k_o[:, None] == cr.product[None, :]) & (j_o[:, None] == cr.sector[None, :])  # (rows, R)
    return share_o @ match.astype(float) if len(k_o) else np.zeros(len(cr))


# --------------------------------------------------------------------------- 3: critical inputs, week by week
def calc_critical(model: RiskModel, draw: Draw, pair: np.ndarray, production: str,
                  sigma: np.ndarray | float) -> dict[str, np.ndarray]:
    """Extra first-round loss per IO sector from critical inputs (…, n), averaged over the weeks of the
    horizon, with the per-week extra (…, n, W), each row's linear rate ``row_linear`` (…, R) and the
    extra attributed to each row's product ``row_extra`` (…, R)."""
    cr = model.critical
    n = len(model.prop.sectors)
    starts, ends = impact.week_edges(model.horizon_days)
    lens = ends - starts
    k = cr.product
    cov, phi = _v(draw.coverage, model.coverage)[..., k], _v(draw.phi, model.phi)[..., k]
    b, lag = _v(draw.buffer_days, model.buffer_days)[..., k], _v(draw.lag_days, model.lag_days)[..., k]
    own_b = np.where(np.isnan(cr.stock_days), b, cr.stock_days)
    T, delay = model.target_imports[k], model.licence_delay_days[k]

    def lost_fraction(stock: np.ndarray) -> np.ndarray:
        weekly = impact.calc_weekly_shortfall(model.horizon_days, T, cov, phi, stock, lag, delay)
        return impact.calc_lost_fraction(np.nan_to_num(weekly), cr.supply, lens)  # (…, R, W)

    f_scen, f_own = lost_fraction(b), lost_fraction(own_b)
    f_bar = impact.calc_horizon_mean(f_scen, lens)
    ell = pair * cr.split()  # (…, R): the row's share of its pair's linear rate over the horizon
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(cr.dependent * f_bar > 0, ell / (cr.dependent * np.where(f_bar > 0, f_bar, 1.0)), 0.0)
        ell_week = np.where(f_bar[..., None] > 0, ell[..., None] * f_scen / np.where(f_bar > 0, f_bar, 1.0)[..., None],
                            0.0)
    alpha = np.clip(alpha, 0.0, 1.0)[..., None]
    d = cr.dependent[:, None]
    iw = np.asarray(draw.important_weight, float)
    weight = cr.weights(iw[..., None] if iw.ndim else iw)[..., None]  # (…, R, 1)
    own_linear = np.minimum(alpha * d * f_own, d)  # the row's linear loss with its own stock
    loss = impact.calc_row_losses(own_linear, np.broadcast_to(d, own_linear.shape), f_own,
                                  np.broadcast_to(weight, own_linear.shape), production,
                                  np.asarray(sigma, float)[..., None, None] if np.ndim(sigma) else sigma)
    loss_t, lin_t = np.swapaxes(loss, -1, -2), np.swapaxes(ell_week, -1, -2)  # rows last: (…, W, R)
    extra_w, _ = impact.calc_critical_extra(loss_t, lin_t, cr.sector, cr.group.astype(str), n)
    row_extra_w = impact.calc_row_extra(loss_t, lin_t, cr.sector, cr.group.astype(str))
    extra_w = np.swapaxes(extra_w, -1, -2)  # (…, n, W)
    return {"extra": impact.calc_horizon_mean(extra_w, lens), "extra_weekly": extra_w, "row_linear": ell,
            "row_extra": impact.calc_horizon_mean(np.swapaxes(row_extra_w, -1, -2), lens),
            "row_loss": impact.calc_horizon_mean(loss, lens), "row_lost_fraction": impact.calc_horizon_mean(f_own, lens),
            "linear_weekly": ell_week}


# --------------------------------------------------------------------------- 4–5: downstream and money
def calc_demand_rate(model: RiskModel, draw: Draw) -> np.ndarray:
    """Share of each sector's exports to the target lost over the horizon (…, U); zero for supply scenarios."""
    if model.kind != "demand":
        return np.zeros(len(model.io_pos))
    cov = np.clip(_v(draw.coverage, model.demand_coverage), 0.0, 1.0)
    lost = calc_lost_days(_v(draw.buffer_days, model.demand_buffer_days), _v(draw.lag_days, model.demand_lag_days),
                          model.horizon_days, np.clip(_v(draw.phi, model.demand_phi), 0.0, 1.0),
                          model.demand_licence_delay_days)
    return cov * lost / model.horizon_days if model.horizon_days > 0 else cov * 0.0


def _to_universe(values: np.ndarray, model: RiskModel, fill: float = np.nan) -> np.ndarray:
    """IO-sector values (…, n) on the scoring universe (…, U): NaN for sectors without IO data or output."""
    pos = model.io_pos
    ok = (pos >= 0) & np.isin(pos, np.flatnonzero(model.prop.x > 0))
    out = np.full(values.shape[:-1] + (len(pos),), fill)
    out[..., ok] = values[..., pos[ok]]
    return out


def calc_risk(model: RiskModel, draw: Draw | None = None, production: str = "ces",
              variants: tuple[str, ...] = ("central",), detail: bool = False,
              shortfall: np.ndarray | None = None, shares: ImportShares | None = None) -> RiskArrays:
    """Every risk figure of one scenario, for the point values or a block of draws.

    Parameters
    ----------
    model : RiskModel
    draw : Draw, optional
        The draw's values (leading draws axis) or None for the point estimate.
    production : {"linear", "ces", "leontief"}
        The production function of the central figure (``draw.sigma`` for CES).
    variants : tuple of {"low", "central", "high"}
        Which figures to compute: linear, the run's production function, Leontief.
    detail : bool
        Also the per-product decomposition and per-row figures (point estimate only).
    shortfall, shares : optional
        S_k of this draw (:func:`calc_shortfall_from`) and its :func:`calc_import_shares`, when the caller
        has them; else computed.
    """
    draw = draw or Draw()
    p = model.prop
    Ad = _v(draw.Ad, p.Ad)
    S = calc_shortfalls(model, draw) if shortfall is None else shortfall
    first = calc_first_round(model, draw, S, detail=detail, shares=shares)
    linear = first["direct"] + first["override"]
    sme_U = np.clip(_v(draw.sme_share, model.sme_share), 0.0, 1.0)
    sme_io = _sme_on_io(model, sme_U)
    out = RiskArrays(exposure={}, export_at_risk={}, sme_export_at_risk={}, channels={}, demand_rate=np.zeros(0),
                     demand_at_risk=np.zeros(0), sme_demand_at_risk=np.zeros(0),
                     investment_usd=_to_universe(first["investment"], model, 0.0),
                     final_demand_usd=_to_universe(first["final_demand"], model, 0.0), shortfall=S,
                     capped=np.zeros(len(model.io_pos), bool))
    cr = model.critical
    for variant in variants:
        prod = {"low": "linear", "high": "leontief"}.get(variant, production)
        crit = calc_critical(model, draw, first["pair"], prod, draw.sigma) if len(cr) and prod != "linear" else None
        extra = crit["extra"] if crit is not None else np.zeros_like(linear)
        d0 = linear + extra
        d0_capped = np.minimum(d0, model.cap_exposure)
        delta = calc_downstream(d0_capped, Ad, _v(draw.Ld, p.Ld), model.cap_exposure)
        row_linear = first["pair"] * cr.split() if len(cr) else np.zeros(0)
        row_extra = crit["row_extra"] if crit is not None else np.zeros_like(row_linear)
        weighted = sme_io * delta + _row_sme_shift(model, row_linear + row_extra, sme_io)
        out.exposure[variant] = _to_universe(delta, model)
        out.export_at_risk[variant] = out.exposure[variant] * model.export_usd * model.years
        out.sme_export_at_risk[variant] = _to_universe(weighted, model) * model.export_usd * model.years
        if variant == "central":
            with np.errstate(divide="ignore", invalid="ignore"):
                fit = np.where(d0 > 0, d0_capped / np.where(d0 > 0, d0, 1.0), 1.0)  # parts scaled to the cap
            out.channels = {"direct": _to_universe(first["direct"] * fit, model),
                            "override": _to_universe(first["override"] * fit, model),
                            "critical": _to_universe(extra * fit, model),
                            "downstream": _to_universe(delta - d0_capped, model)}
            out.capped = _to_universe(d0 > model.cap_exposure, model, 0.0).astype(bool)
            if detail:
                out.detail = _detail(model, first, crit, d0_capped, delta, fit)
    rate = calc_demand_rate(model, draw)
    out.demand_rate = rate
    out.demand_at_risk = rate * model.export_to_target_usd * model.years
    out.sme_demand_at_risk = out.demand_at_risk * sme_U
    return out


def calc_downstream(d0: np.ndarray, Ad: np.ndarray, Ld: np.ndarray, cap: float) -> np.ndarray:
    """δ = min(cap, δ⁰ + δ·A^D): the closed form δ⁰·L^D wherever no sector reaches the cap, the fixed
    point of :func:`exposure.impact.calc_downstream` for the draws where one does.

    The closed form is exact (and independent of how draws are blocked); only capped draws iterate.
    """
    delta = (d0[..., None, :] @ Ld)[..., 0, :]
    over = delta > cap
    if not over.any():
        return delta
    if delta.ndim == 1:
        return impact.calc_downstream(d0, Ad, cap=cap)
    rows = over.any(axis=-1)
    delta[rows] = impact.calc_downstream(d0[rows], Ad[rows] if Ad.ndim == 3 else Ad, cap=cap)
    return delta


def _sme_on_io(model: RiskModel, sme_U: np.ndarray) -> np.ndarray:
    """SME shares over the IO sectors (…, n) (NaN for IO sectors outside the scoring universe)."""
    n = len(model.prop.sectors)
    out = np.full(sme_U.shape[:-1] + (n,), np.nan)
    ok = model.io_pos >= 0
    out[..., model.io_pos[ok]] = sme_U[..., ok]
    return out


def _row_sme_shift(model: RiskModel, row_rate: np.ndarray, sme_io: np.ndarray) -> np.ndarray:
    """Σ_r rate_r · (sme_r − sme_j) per IO sector: the parts borne by a KSIC class of known SME share."""
    cr = model.critical
    n = len(model.prop.sectors)
    if not len(cr):
        return np.zeros(sme_io.shape)
    diff = np.where(np.isnan(cr.sme_share), 0.0, cr.sme_share - np.nan_to_num(sme_io[..., cr.sector]))
    return (row_rate * diff) @ _onehot(cr.sector, n)


def _detail(model: RiskModel, first: dict, crit: dict | None, d0: np.ndarray, delta: np.ndarray,
            fit: np.ndarray) -> dict[str, np.ndarray]:
    """Per-product rates over IO sectors (K, n) by channel; they sum to the sector totals."""
    cr = model.critical
    K, n = len(model.target_imports), len(model.prop.sectors)
    R_dir, R_ovr = first["R_direct"] * fit, first["R_override"] * fit
    R_crit = np.zeros((K, n))
    if crit is not None and len(cr):
        np.add.at(R_crit, (cr.product, cr.sector), crit["row_extra"] * fit[cr.sector])
    by_product = R_dir + R_ovr + R_crit
    R_down = impact.calc_downstream_shares(by_product, delta, model.prop.Ld) if by_product.any() \
        else np.zeros((K, n))
    out = {"direct": R_dir, "override": R_ovr, "critical": R_crit, "downstream": R_down,
           "shares": first["shares"], "shares_uncapped": first["shares_uncapped"], "d0": d0}
    if crit is not None:
        out.update({k: crit[k] for k in ("row_linear", "row_extra", "row_loss", "row_lost_fraction",
                                         "extra_weekly", "linear_weekly")})
    return out


def restrict(model: RiskModel, keep: np.ndarray) -> RiskModel:
    """The model over the products ``keep`` (boolean over K) only, critical rows renumbered.

    For the Monte Carlo: products no draw can shock (coverage 0 or no imports from the target stay
    at 0 under multiplicative noise) cost time and change nothing.
    """
    if keep.all():
        return model
    idx = np.flatnonzero(keep)
    new_pos = np.full(len(keep), -1)
    new_pos[idx] = np.arange(len(idx))
    p = model.prop
    prop = replace(p, codes=[p.codes[i] for i in idx], code_systems=[p.code_systems[i] for i in idx], W=p.W[idx],
                   keep=p.keep[idx], O=p.O[idx], matched=p.matched[idx])
    cr = model.critical
    rows = keep[cr.product] if len(cr) else np.zeros(0, bool)
    crit = CriticalRows(product=new_pos[cr.product[rows]], sector=cr.sector[rows], group=cr.group[rows],
                        weight=cr.weight[rows], dependent=cr.dependent[rows], supply=cr.supply[rows],
                        stock_days=cr.stock_days[rows], sme_share=cr.sme_share[rows])
    return replace(model, prop=prop, critical=crit, **{name: getattr(model, name)[idx] for name in (
        "target_imports", "coverage", "phi", "buffer_days", "lag_days", "licence_delay_days", "channel")})
