"""How sure are we: Monte Carlo rank intervals and the sensitivity of the ranking (DESIGN §8).

The uncertain inputs fall into the parameter groups of :data:`exposure.config.NOISE_PARAMETERS`:

==================  ===========================================================================
``coverage``        scenario coverage c of every product (demand scenarios: of every sector)
``phi``             substitutable fraction φ, likewise
``buffer_days``     inventory buffer b, likewise
``lag_days``        substitution lag L, likewise
``io``              domestic and imported coefficients A^D, A^M (each cell), hence L^D = (I − A^D)⁻¹
``sme_share``       SME share of every sector
``weights``         composite index weights (only when ranking by the composite)
``normalisation``   composite index normalisation (only when ranking by the composite)
==================  ===========================================================================

**Draws.** Every multiplicative group g has, in each draw, one draw-level factor f_g (shared
by all its items) and an independent factor ε_{g,k} per item k; the item's value is
point · f_g · ε_{g,k}. f_g has spread ``config.noise[g]``, ε ``config.noise_item`` times that;
both follow ``config.noise_distribution`` (lognormal with median 1, or uniform on
[1 − spread, 1 + spread]). Coverage, φ and SME shares are clipped to [0, 1]. The
normalisation group switches, with probability ``config.noise["normalisation"]``, to one
of the other normalisations. A draw that would make a sector use more than its whole output
as input (column sum of A^D + A^M ≥ 1) has that column scaled back to the table's input ratio.
With every spread 0, each draw is the point estimate and reproduces the point ranking.
Groups that cannot move the ranking are not drawn: weights and normalisation unless the
ranking is by the composite, IO coefficients under a demand-side scenario. Products with
coverage 0 (or no imports from the target) stay at 0 under multiplicative noise and are
left out of the arithmetic.

**Outputs per sector** (:func:`summarise`): median rank, 5–95 % rank interval, probability of
being in the top N (N = ``config.top_n``), mean absolute shift from the point rank, and the
median and 5–95 % interval of the SME export (and demand) value at risk.

**Sensitivity** (:func:`sensitivity_table`). A group carries per-item noise, so no single number
stands for it; the first-order index of a *group* is estimated by the pick–freeze design of
Saltelli et al. (2010, *Comput. Phys. Commun.* 181, 259–270): two independent samples A and B,
and for each group g the sample A_B^g (A with group g taken from B). With Y the rank of one sector,

    V_g  = mean(Y_B · (Y_{A_B^g} − Y_A))            first order:  S_g  = V_g / V(Y)
    VT_g = mean((Y_A − Y_{A_B^g})²) / 2             total order:  ST_g = VT_g / V(Y)

(the total-order estimator is Jansen's, 1999, *Comput. Phys. Commun.* 117, 35–43).

Sector indices are averaged with weights V(Y_j) (the sectors whose rank moves most count most),
i.e. S_g = Σ_j V_{g,j} / Σ_j V(Y_j); 1 − Σ_g S_g is the share left to interactions. The cost is
(G + 2) evaluations per draw for G noisy groups; the Leontief inverses are computed only for A and B.
Beside it, ``spearman_rho2`` is the variance-weighted mean of ρ², with ρ the Spearman correlation
between the group's draw-level factor f_g and a sector's rank (sample A): the share of rank
variance that moves monotonically with "this parameter higher across the board" (ρ² rather than
|ρ|, whose mean over sectors is biased upwards by about 0.8/√n_draws when nothing is there;
undefined for weights and normalisation, which have no such scalar factor).

**Threshold sweeps** (:func:`threshold_sweep`): each share band and the HHI threshold moved by
``config.sweep_deltas``; how many products change band, how much of the target's imports they
carry, and which sectors' sets of dependent inputs change (a sector depends on a product when
losing all of the product's imports from the target would directly cost at least
``config.input_materiality`` of the sector's output).

:func:`simulate` is the pure array-level entry point; :func:`attach` fills a
:class:`~exposure.results.Results` for every scenario.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from exposure import linkage, scenarios, scoring
from exposure.config import NOISE_PARAMETERS, NORMALISATIONS, Config
from exposure.errors import DataError
from exposure.linkage import Propagator
from exposure.results import Results
from exposure.scenarios import Scenario, demand_parameters
from exposure.schema import IOTable
from exposure.scoring import calc_composite, calc_ranks, calc_value_at_risk

#: groups whose items are products (supply scenarios) or sectors (demand scenarios)
SHOCK_GROUPS = ("coverage", "phi", "buffer_days", "lag_days")
#: groups the array scoring does not draw yet
ENGINE_PENDING = ("sigma", "criticality", "overrides")
#: groups with a scalar draw-level factor that a rank correlation can use
FACTOR_GROUPS = SHOCK_GROUPS + ("io", "sme_share")

UNCERTAINTY_COLUMNS = [
    "scenario", "sector", "sector_name_ko", "sector_name_en", "rank_basis", "n_draws", "top_n", "point_rank",
    "median_rank", "rank_p05", "rank_p95", "p_top10", "mean_abs_rank_shift", "sme_export_at_risk_usd",
    "sme_export_at_risk_median", "sme_export_at_risk_p05", "sme_export_at_risk_p95", "sme_demand_at_risk_usd",
    "sme_demand_at_risk_median", "sme_demand_at_risk_p05", "sme_demand_at_risk_p95",
]
SENSITIVITY_COLUMNS = ["scenario", "parameter", "spread", "first_order", "total_order", "spearman_rho2",
                       "most_affected_sector", "n_draws", "note"]
SWEEP_COLUMNS = ["indicator", "threshold", "delta", "swept_threshold", "products_flagged", "products_flagged_swept",
                 "products_changed", "changed_target_import_usd", "sectors_changed", "sectors"]

_TOL = 1e-12  # a share computed as a ratio can land a hair under a band edge (as in indicators.py)
_CHUNK_BYTES = 96 * 2**20  # working memory of one chunk of draws
_PARTS = ("common", "item", "item2")



# --------------------------------------------------------------------------- inputs of one scenario
@dataclass(frozen=True)
class ScenarioInputs:
    """Point values of one scenario as arrays: what :func:`simulate` perturbs.

    Sectors are the scoring universe: the propagator's sectors, then the profile's sectors
    that the IO table lacks (no exposure, no rank). ``io_pos[j]`` is sector j's column in the
    propagator (−1: not in the IO table). Product arrays align with ``propagator.codes``.
    """

    scenario: str
    kind: str  # "supply" or "demand"
    sectors: list[str]
    io_pos: np.ndarray  # (n,) int
    rank_basis: str  # column ranked (or "composite")
    # products (K,)
    target_imports: np.ndarray
    coverage: np.ndarray
    phi: np.ndarray
    buffer_days: np.ndarray
    lag_days: np.ndarray
    horizon_days: np.ndarray
    licence_delay_days: np.ndarray
    # sectors (n,)
    export_usd: np.ndarray
    sme_share: np.ndarray
    export_to_target_usd: np.ndarray
    demand_coverage: np.ndarray
    demand_phi: np.ndarray
    demand_buffer_days: np.ndarray
    demand_lag_days: np.ndarray
    demand_horizon_days: np.ndarray
    demand_licence_delay_days: np.ndarray
    point_rank: np.ndarray  # (n,) float, NaN = unranked
    names_ko: list[str] = field(default_factory=list)
    names_en: list[str] = field(default_factory=list)

    @property
    def years(self) -> float:
        """The scenario's horizon in years (money is USD over the horizon)."""
        return float(self.demand_horizon_days[0]) / scenarios.DAYS_PER_YEAR if len(self.demand_horizon_days) \
            else 0.0

    @property
    def n_items(self) -> int:
        """Items of the shock groups: products (supply) or sectors (demand)."""
        return len(self.coverage) if self.kind == "supply" else len(self.sectors)


def scenario_inputs(scenario: Scenario, shocks: pd.DataFrame, sectors: pd.DataFrame, propagator: Propagator,
                    config: Config) -> ScenarioInputs:
    """Arrays of one scenario from its rows of ``Results.shocks`` and ``Results.sectors``.

    The sector table supplies the values the point ranking used (exports with their IO
    fallback, SME shares, exports to the target, rank basis and ranks), so that the zero-noise
    draw is the point estimate.
    """
    sh = shocks.reset_index(drop=True)
    key = pd.MultiIndex.from_arrays([sh["code"].astype(str), sh["code_system"].astype(str)])
    want = pd.MultiIndex.from_arrays([propagator.codes, propagator.code_systems])
    if not key.equals(want):
        pos = key.get_indexer(want)
        if (pos < 0).any():
            raise DataError("shocks", f"scenario {scenario.name!r}: product {want[int(np.flatnonzero(pos < 0)[0])]} "
                                      f"of the propagator has no shock row", column="code")
        sh = sh.iloc[pos].reset_index(drop=True)
    sec = sectors.reset_index(drop=True)
    table_sectors = sec["sector"].astype(str).tolist()
    universe = list(propagator.sectors) + [s for s in table_sectors if s not in set(propagator.sectors)]
    s = sec.assign(sector=table_sectors).set_index("sector").reindex(universe)
    io_index = {c: i for i, c in enumerate(propagator.sectors)}

    def col(frame: pd.DataFrame, name: str) -> np.ndarray:
        if name not in frame.columns:
            return np.full(len(frame), np.nan)
        return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)

    def text(name: str) -> list[str]:
        return s[name].fillna("").astype(str).tolist() if name in s.columns else [""] * len(universe)

    basis = sec["rank_basis"].dropna().astype(str) if "rank_basis" in sec.columns else pd.Series([], dtype=object)
    dem = demand_parameters(scenario, universe, config)
    rank = s["rank"].astype("Float64").to_numpy(dtype=float, na_value=np.nan) if "rank" in s.columns \
        else np.full(len(universe), np.nan)
    return ScenarioInputs(
        scenario=scenario.name, kind=scenario.kind, sectors=universe,
        io_pos=np.array([io_index.get(c, -1) for c in universe], dtype=int),
        rank_basis=basis.iloc[0] if len(basis) else config.rank_by,
        target_imports=col(sh, "target_import_usd"), coverage=col(sh, "coverage"), phi=col(sh, "phi"),
        buffer_days=col(sh, "buffer_days"), lag_days=col(sh, "lag_days"), horizon_days=col(sh, "horizon_days"),
        licence_delay_days=col(sh, "licence_delay_days"),
        export_usd=col(s, "export_usd"), sme_share=col(s, "sme_share"),
        export_to_target_usd=col(s, "export_to_target_usd"),
        demand_coverage=dem["coverage"].to_numpy(float), demand_phi=dem["phi"].to_numpy(float),
        demand_buffer_days=dem["buffer_days"].to_numpy(float), demand_lag_days=dem["lag_days"].to_numpy(float),
        demand_horizon_days=dem["horizon_days"].to_numpy(float),
        demand_licence_delay_days=dem["licence_delay_days"].to_numpy(float), point_rank=rank,
        names_ko=text("sector_name_ko"), names_en=text("sector_name_en"),
    )


def from_scenario_result(result: scoring.ScenarioResult, config: Config) -> tuple[Propagator, ScenarioInputs]:
    """Propagator and inputs of one scored scenario (:func:`exposure.scoring.run_scenario`), for
    :func:`simulate` in notebooks and tests."""
    prop = result.propagation.propagator
    if prop is None:
        raise ValueError("the scenario result carries no propagator")
    return prop, scenario_inputs(result.scenario, result.shocks, result.sectors, prop, config)


# --------------------------------------------------------------------------- drawing
def calc_multipliers(rng: np.random.Generator, size: tuple[int, ...], spread: float, distribution: str
                     ) -> np.ndarray:
    """Multiplicative noise factors: lognormal with median 1 and log-sd ``spread``, or uniform on
    [1 − spread, 1 + spread].

    Examples
    --------
    >>> calc_multipliers(np.random.default_rng(0), (3,), 0.0, "lognormal").tolist()
    [1.0, 1.0, 1.0]
    >>> m = calc_multipliers(np.random.default_rng(0), (10_000,), 0.2, "uniform")
    >>> bool(m.min() >= 0.8 - 1e-9 and m.max() <= 1.2 + 1e-9)
    True
    """
    if spread == 0:
        return np.ones(size)
    # single precision halves the cost of the draws; a noise factor needs no more digits
    if distribution == "lognormal":
        return np.exp(np.float32(spread) * rng.standard_normal(size, dtype=np.float32)).astype(float)
    if distribution == "uniform":
        return 1.0 + spread * rng.random(size, dtype=np.float32).astype(float) * 2.0 - spread
    raise ValueError(f"unknown noise distribution {distribution!r}")


@dataclass(frozen=True)
class NoiseSpec:
    """Which groups are noisy, their spreads, and the shapes their draws take."""

    spreads: dict[str, float]
    distribution: str
    item_ratio: float
    n_items: int  # items of the shock groups
    n_io: int
    n_sectors: int
    components: tuple[str, ...]  # composite components, in config order
    composite: bool

    @classmethod
    def of(cls, config: Config, inputs: ScenarioInputs, n_io: int) -> "NoiseSpec":
        comps = tuple(config.weights_map)
        composite = inputs.rank_basis == "composite"
        spreads = {g: float(config.noise_map.get(g, 0.0)) for g in NOISE_PARAMETERS}
        for g in ENGINE_PENDING:
            spreads[g] = 0.0
        if not composite:  # they do not enter the ranking: not drawn, not reported as uncertain
            spreads["weights"] = spreads["normalisation"] = 0.0
        if len(comps) < 2:
            spreads["weights"] = 0.0
        if inputs.kind == "demand":
            spreads["io"] = 0.0  # demand-side risk does not go through the IO table
        return cls(spreads, config.noise_distribution, config.noise_item, inputs.n_items, n_io,
                   len(inputs.sectors), comps, composite)

    @property
    def active(self) -> tuple[str, ...]:
        return tuple(g for g in NOISE_PARAMETERS if self.spreads[g] > 0)

    def shapes(self, group: str) -> dict[str, tuple[int, ...]]:
        if group in SHOCK_GROUPS:
            return {"common": (), "item": (self.n_items,)}
        if group == "io":
            return {"common": (), "item": (self.n_io, self.n_io), "item2": (self.n_io, self.n_io)}
        if group == "sme_share":
            return {"common": (), "item": (self.n_sectors,)}
        if group == "weights":
            return {"item": (len(self.components),)}
        return {"common": ()}  # normalisation: one uniform number per draw

    def bytes_per_draw(self) -> int:
        """Working memory of one draw (A, B, their IO stacks and one evaluation's temporaries)."""
        floats = 14 * self.n_io ** 2 + 16 * self.n_items + 4 * self.n_sectors * (len(self.active) + 6)
        return 8 * floats


class _Streams:
    """One generator per (sample A/B, group, part), so a chunk of draws continues each stream
    where the previous chunk stopped: results do not depend on the chunk size, and switching
    one group's noise on or off leaves the other groups' draws unchanged."""

    def __init__(self, seed: int):
        root = np.random.SeedSequence(seed)
        self.gens = {}
        for sample, ss_s in zip("AB", root.spawn(2)):
            for group, ss_g in zip(NOISE_PARAMETERS, ss_s.spawn(len(NOISE_PARAMETERS))):
                for part, ss_p in zip(_PARTS, ss_g.spawn(len(_PARTS))):
                    self.gens[sample, group, part] = np.random.default_rng(ss_p)

    def draw(self, sample: str, spec: NoiseSpec, n: int) -> dict[str, dict[str, np.ndarray]]:
        out: dict[str, dict[str, np.ndarray]] = {}
        for g in spec.active:
            spread = spec.spreads[g]
            parts = {}
            for part, shape in spec.shapes(g).items():
                rng = self.gens[sample, g, part]
                if g == "normalisation":
                    parts[part] = rng.random((n,))
                else:
                    s = spread if part == "common" else spread * spec.item_ratio
                    parts[part] = calc_multipliers(rng, (n,) + shape, s, spec.distribution)
            out[g] = parts
        return out


# --------------------------------------------------------------------------- one evaluation
def _factor(sample: dict, group: str, n: int) -> np.ndarray:
    """(n, items) multiplier of a shock/sector group, 1 when the group is not drawn."""
    if group not in sample:
        return np.ones((n, 1))
    p = sample[group]
    return p["common"][:, None] * p["item"]


def perturbed_io(prop: Propagator, sample: dict, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(A^M, L^D) for the draws of ``sample``: stacks (n, n_io, n_io), or the table's when io is not drawn."""
    if "io" not in sample:
        return prop.Am, prop.Ld
    p = sample["io"]
    common = p["common"][:, None, None]
    Ad = prop.Ad * common * p["item"]
    Am = prop.Am * common * p["item2"]
    total = Ad.sum(axis=-2) + Am.sum(axis=-2)
    point = prop.Ad.sum(axis=0) + prop.Am.sum(axis=0)
    # a sector cannot use more than its whole output as input: scale such columns back
    scale = np.where(total >= 1.0, point / np.where(total > 0, total, 1.0), 1.0)[:, None, :]
    Ad, Am = Ad * scale, Am * scale
    return Am, linkage.calc_leontief_inverse(Ad)


def _method_index(sample: dict, spec: NoiseSpec, base: str, n: int) -> np.ndarray:
    """Index into NORMALISATIONS of each draw's normalisation."""
    idx = np.full(n, NORMALISATIONS.index(base))
    if "normalisation" in sample:
        u = sample["normalisation"]["common"]
        p = spec.spreads["normalisation"]
        others = [i for i, m in enumerate(NORMALISATIONS) if m != base]
        switch = u < p
        pick = np.minimum((u / max(p, 1e-300) * len(others)).astype(int), len(others) - 1)
        idx = np.where(switch, np.asarray(others)[pick], idx)
    return idx


def evaluate(prop: Propagator, inp: ScenarioInputs, sample: dict, spec: NoiseSpec, config: Config,
             io: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Values of a batch of draws: ``value`` (the rank basis), ``rank``, ``sme_export``, ``sme_demand``,
    each (n_draws, n_sectors). ``sample`` maps groups to their multipliers (:class:`_Streams`);
    an empty sample is the point estimate (one draw)."""
    n = _batch_size(sample)
    n_sec = len(inp.sectors)
    Am, Ld = io if io is not None else perturbed_io(prop, sample, n)
    in_io = inp.io_pos >= 0
    e = np.full((n, n_sec), np.nan)
    if inp.kind == "supply":
        cov = np.clip(inp.coverage * _factor(sample, "coverage", n), 0.0, 1.0)
        phi = np.clip(inp.phi * _factor(sample, "phi", n), 0.0, 1.0)
        b = inp.buffer_days * _factor(sample, "buffer_days", n)
        lag = inp.lag_days * _factor(sample, "lag_days", n)
        S = np.nan_to_num(scenarios.calc_shortfall(inp.target_imports, cov, phi, b, lag, inp.horizon_days,
                                                   inp.licence_delay_days), nan=0.0)
        S = scenarios.calc_per_year(S, inp.horizon_days)  # the IO table's flows are annual
        d_rate = np.zeros((n, n_sec))
    else:
        S = np.zeros((n, len(prop.codes)))  # a demand scenario cuts no supply
        cov = np.clip(inp.demand_coverage * _factor(sample, "coverage", n), 0.0, 1.0)
        phi = np.clip(inp.demand_phi * _factor(sample, "phi", n), 0.0, 1.0)
        b = inp.demand_buffer_days * _factor(sample, "buffer_days", n)
        lag = inp.demand_lag_days * _factor(sample, "lag_days", n)
        h = inp.demand_horizon_days
        lost = scenarios.calc_lost_days(b, lag, h, phi, inp.demand_licence_delay_days)
        d_rate = cov * np.where(h > 0, lost / np.where(h > 0, h, 1.0), 0.0)
    e_io = prop.exposure(S, Am=Am, Ld=Ld)
    e[:, in_io] = np.where(prop.x[inp.io_pos[in_io]] > 0, e_io[:, inp.io_pos[in_io]], np.nan)
    sme = np.clip(inp.sme_share * _factor(sample, "sme_share", n), 0.0, 1.0)
    years = inp.years  # rates are shares over the horizon; money is USD over the horizon
    xat = calc_value_at_risk(e, inp.export_usd) * years
    sme_xat = calc_value_at_risk(e, inp.export_usd, sme) * years
    d_at = d_rate * inp.export_to_target_usd * years if inp.kind == "demand" else np.zeros((n, n_sec))
    cols = {"exposure_rate": e, "export_at_risk_usd": xat, "sme_export_at_risk_usd": sme_xat,
            "demand_at_risk_usd": d_at, "sme_demand_at_risk_usd": d_at * sme, "demand_rate": d_rate}
    if inp.rank_basis == "composite":
        value = _composite(cols, sample, spec, config, n)
    else:
        value = cols[inp.rank_basis]
    return {"value": value, "rank": calc_ranks(value), "sme_export": sme_xat, "sme_demand": d_at * sme}


def _composite(cols: dict[str, np.ndarray], sample: dict, spec: NoiseSpec, config: Config, n: int) -> np.ndarray:
    base = config.weights_map
    w = {k: np.full(n, float(v)) for k, v in base.items()}
    if "weights" in sample:
        mult = sample["weights"]["item"]
        w = {k: w[k] * mult[:, i] for i, k in enumerate(spec.components)}
    method = _method_index(sample, spec, config.composite_normalisation, n)
    value = np.empty((n, len(next(iter(cols.values()))[0])))
    for m in np.unique(method):
        rows = method == m
        value[rows] = calc_composite({k: cols[k][rows] for k in base}, {k: w[k][rows] for k in base},
                                     NORMALISATIONS[m])
    return value


def _batch_size(sample: dict) -> int:
    for parts in sample.values():
        for arr in parts.values():
            return arr.shape[0]
    return 1


# --------------------------------------------------------------------------- the simulation
@dataclass
class Draws:
    """What :func:`simulate` returns for one scenario.

    ``rank``, ``value`` (the rank basis), ``sme_export``, ``sme_demand``: (n_draws, n_sectors),
    sample A; ``point``: the same four for the zero-noise evaluation (n_sectors,).
    ``factors``: draw-level factor of each noisy group (n_draws,). ``var``: variance of each
    sector's rank (n_sectors,); ``first``/``total``: partial variances V_g, VT_g per group
    (n_sectors,) from the pick–freeze design (empty when ``sensitivity`` was off).
    """

    inputs: ScenarioInputs
    spreads: dict[str, float]
    rank: np.ndarray
    value: np.ndarray
    sme_export: np.ndarray
    sme_demand: np.ndarray
    factors: dict[str, np.ndarray]
    var: np.ndarray
    first: dict[str, np.ndarray]
    total: dict[str, np.ndarray]
    point: dict[str, np.ndarray]

    @property
    def n_draws(self) -> int:
        return self.rank.shape[0]


def simulate(propagator: Propagator, inputs: ScenarioInputs, config: Config, n_draws: int | None = None,
             seed: int | None = None, sensitivity: bool = True) -> Draws:
    """Monte Carlo of one scenario: ``n_draws`` (default ``config.draws``) seeded draws.

    Vectorised over a leading draws axis; draws are processed in chunks sized to keep the
    working memory near 100 MB (the result does not depend on the chunk size). With
    ``sensitivity`` the pick–freeze samples are evaluated too ((G + 2) evaluations per draw).

    Parameters
    ----------
    propagator : Propagator
        :func:`exposure.linkage.build_propagator` over the scenario's products.
    inputs : ScenarioInputs
        :func:`scenario_inputs` (point values of the scenario).
    config : Config
        ``noise``, ``noise_distribution``, ``noise_item``, composite settings.
    n_draws, seed : int, optional
        Default ``config.draws`` and ``config.seed``.
    """
    n_draws = config.draws if n_draws is None else int(n_draws)
    if n_draws < 1:
        raise ValueError("n_draws must be ≥ 1")
    seed = config.seed if seed is None else seed
    point = point_estimate(propagator, inputs, config)
    propagator, inputs = restrict_to_shocked(propagator, inputs)
    spec = NoiseSpec.of(config, inputs, len(propagator.sectors))
    streams = _Streams(seed)
    active = spec.active
    chunk = max(1, min(n_draws, _CHUNK_BYTES // max(spec.bytes_per_draw(), 1)))
    n_sec = len(inputs.sectors)
    keep: dict[str, list[np.ndarray]] = {k: [] for k in ("rank", "value", "sme_export", "sme_demand")}
    factors: dict[str, list[np.ndarray]] = {g: [] for g in active if g in FACTOR_GROUPS}
    acc = PickFreeze(n_sec, active)
    for start in range(0, n_draws, chunk):
        n = min(chunk, n_draws - start)
        A = streams.draw("A", spec, n)
        if not active:
            for k in keep:
                keep[k].append(np.repeat(point[k][None, :], n, axis=0))
            continue
        io_A = perturbed_io(propagator, A, n)
        fA = evaluate(propagator, inputs, A, spec, config, io_A)
        for k in keep:
            keep[k].append(fA[k])
        for g in factors:
            factors[g].append(A[g]["common"])
        if sensitivity:
            B = streams.draw("B", spec, n)
            io_B = perturbed_io(propagator, B, n)
            fB = evaluate(propagator, inputs, B, spec, config, io_B)
            hybrids = {}
            for g in active:
                AB = {**A, g: B[g]}
                hybrids[g] = evaluate(propagator, inputs, AB, spec, config, io_B if g == "io" else io_A)["rank"]
            acc.add(fA["rank"], fB["rank"], hybrids)
    cat = {k: np.concatenate(v) for k, v in keep.items()}
    if sensitivity and active:
        var, first, total = acc.result()
    else:
        var, first, total = np.nanvar(cat["rank"], axis=0), {}, {}
    return Draws(inputs=inputs, spreads=dict(spec.spreads), rank=cat["rank"], value=cat["value"],
                 sme_export=cat["sme_export"], sme_demand=cat["sme_demand"],
                 factors={g: np.concatenate(v) for g, v in factors.items()}, var=np.nan_to_num(var),
                 first=first, total=total, point=point)




def restrict_to_shocked(propagator: Propagator, inputs: ScenarioInputs) -> tuple[Propagator, ScenarioInputs]:
    """Drop the products no draw can shock (coverage 0 or no imports from the target: multiplicative
    noise keeps them at 0), which makes narrow scenarios cheap. A demand scenario keeps none."""
    if inputs.kind == "supply":
        keep = (np.nan_to_num(inputs.coverage) > 0) & (np.nan_to_num(inputs.target_imports) > 0)
    else:
        keep = np.zeros(len(inputs.coverage), bool)
    if keep.all():
        return propagator, inputs
    idx = np.flatnonzero(keep)
    prop = dataclasses.replace(propagator, codes=[propagator.codes[i] for i in idx],
                               code_systems=[propagator.code_systems[i] for i in idx], W=propagator.W[idx],
                               keep=propagator.keep[idx], O=propagator.O[idx], matched=propagator.matched[idx])
    inp = dataclasses.replace(inputs, **{k: getattr(inputs, k)[idx] for k in (
        "target_imports", "coverage", "phi", "buffer_days", "lag_days", "horizon_days", "licence_delay_days")})
    return prop, inp


def point_estimate(propagator: Propagator, inputs: ScenarioInputs, config: Config) -> dict[str, np.ndarray]:
    """The zero-noise evaluation (value, rank, SME figures per sector), as 1-D arrays."""
    propagator, inputs = restrict_to_shocked(propagator, inputs)
    spec = NoiseSpec.of(config, inputs, len(propagator.sectors))
    return {k: v[0] for k, v in evaluate(propagator, inputs, {}, spec, config).items()}


class PickFreeze:
    """Running sums of the pick–freeze estimators over chunks of draws.

    :meth:`add` takes Y_A, Y_B and Y_{A_B^g} per group, each (n_draws, m) (NaN, an unranked
    sector, counts as a constant 0); :meth:`result` gives V(Y) pooled over A and B and the
    partial variances V_g (Saltelli 2010) and VT_g (Jansen 1999), each (m,).
    """

    def __init__(self, n_sec: int, groups: tuple[str, ...]):
        self.n = 0
        self.s1 = np.zeros(n_sec)
        self.s2 = np.zeros(n_sec)
        self.first = {g: np.zeros(n_sec) for g in groups}
        self.total = {g: np.zeros(n_sec) for g in groups}

    def add(self, fA: np.ndarray, fB: np.ndarray, hybrids: dict[str, np.ndarray]) -> None:
        fA, fB = np.nan_to_num(fA), np.nan_to_num(fB)
        self.n += fA.shape[0]
        self.s1 += fA.sum(0) + fB.sum(0)
        self.s2 += (fA ** 2).sum(0) + (fB ** 2).sum(0)
        for g, fAB in hybrids.items():
            fAB = np.nan_to_num(fAB)
            self.first[g] += (fB * (fAB - fA)).sum(0)
            self.total[g] += ((fA - fAB) ** 2).sum(0)

    def result(self) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
        m = 2 * self.n
        mean = self.s1 / m
        var = np.maximum(self.s2 / m - mean ** 2, 0.0)
        return (var, {g: v / self.n for g, v in self.first.items()},
                {g: v / (2 * self.n) for g, v in self.total.items()})


# --------------------------------------------------------------------------- summaries
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
    rx = calc_midranks(np.asarray(x, float))
    ry = calc_midranks(np.asarray(y, float))
    dx = rx - rx.mean()
    count = np.sum(~np.isnan(ry), axis=0)
    dy = ry - np.nansum(ry, axis=0) / np.maximum(count, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        num = np.nansum(dx[:, None] * dy, axis=0)
        den = np.sqrt(np.sum(dx ** 2) * np.nansum(dy ** 2, axis=0))
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def summarise(draws: Draws, top_n: int) -> pd.DataFrame:
    """Per sector: point and median rank, 5–95 % interval, P(top N), mean |rank shift|, SME value intervals."""
    inp = draws.inputs
    r = draws.rank
    ranked = ~np.isnan(r)
    any_rank = ranked.any(axis=0)
    q = _nanquantiles(r, any_rank)
    dev = np.abs(np.where(ranked, r, 0.0) - np.nan_to_num(inp.point_rank)) * ranked
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(any_rank & ~np.isnan(inp.point_rank), dev.sum(axis=0) / ranked.sum(axis=0), np.nan)
    p_top = (ranked & (np.nan_to_num(r, nan=np.inf) <= top_n)).mean(axis=0)
    point = draws.point
    sx = _nanquantiles(draws.sme_export, ~np.isnan(draws.sme_export).all(axis=0))
    sd = _nanquantiles(draws.sme_demand, ~np.isnan(draws.sme_demand).all(axis=0))
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


def _nanquantiles(a: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """5 %, 50 %, 95 % quantiles along draws for the columns with any value (NaN elsewhere)."""
    out = np.full((3, a.shape[1]), np.nan)
    if cols.any():
        out[:, cols] = np.nanquantile(a[:, cols], [0.05, 0.5, 0.95], axis=0)
    return out


def sensitivity_table(draws: Draws) -> pd.DataFrame:
    """Per parameter group: first- and total-order shares of rank variance, rank correlation of its
    draw-level factor, and the sector whose rank it moves most."""
    inp = draws.inputs
    rows = []
    for g in NOISE_PARAMETERS:
        spread = draws.spreads.get(g, 0.0)
        note = ""
        if g in ("weights", "normalisation") and inp.rank_basis != "composite":
            note = f"not used: the ranking is by {inp.rank_basis}, not the composite index"
        elif g == "io" and inp.kind == "demand":
            note = "not used: demand-side risk does not go through the input–output table"
        elif spread == 0:
            note = "no noise set for this parameter"
        if g in draws.first:
            first = calc_sobol_share(draws.first[g], draws.var)
            total = calc_sobol_share(draws.total[g], draws.var)
            top = draws.first[g]
            most = inp.sectors[int(np.argmax(top))] if np.max(top) > 0 else ""
        elif spread == 0 or note.startswith("not used"):
            first = total = 0.0 if float(np.sum(draws.var)) > 0 else float("nan")
            most = ""
        else:
            first = total = float("nan")
            most = ""
            note = "sensitivity not computed"
        if g in draws.factors:
            rho = calc_spearman(draws.factors[g], draws.rank)
            w = np.where(np.isnan(rho), 0.0, draws.var)
            rho2 = float(np.sum(w * np.nan_to_num(rho) ** 2) / np.sum(w)) if np.sum(w) > 0 else float("nan")
        else:
            rho2 = float("nan")
        rows.append(dict(scenario=inp.scenario, parameter=g, spread=spread, first_order=first, total_order=total,
                         spearman_rho2=rho2, most_affected_sector=most, n_draws=draws.n_draws, note=note))
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


# --------------------------------------------------------------------------- threshold sweeps
def calc_full_loss_rates(propagator: Propagator, target_imports: np.ndarray) -> np.ndarray:
    """(K, n) direct rate of each sector if all of one product's imports from the target were lost.

    r(k,j) = Σ_i min(T_k keep_k W(k,i) / M_i, cap_share) · a^M(i,j) + T_k σ(k,j) / x_j: the first
    round of :meth:`~exposure.linkage.Propagator.exposure` for the shortfall S = T_k of product k
    alone (no look-through), with T_k its imports from the target (NaN counts as 0).
    """
    T = np.nan_to_num(np.asarray(target_imports, float), nan=0.0)
    part = (T * propagator.keep)[:, None] * propagator.W  # (K, n) shortfall by supplying group
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(propagator.M > 0, part / np.where(propagator.M > 0, propagator.M, 1.0),
                     np.where(part > 0, np.inf, 0.0))
    s = np.minimum(s, propagator.cap_share)
    return s @ propagator.Am + T[:, None] * propagator.O * linkage._recip(propagator.x)[None, :]


def threshold_sweep(products: pd.DataFrame, propagator: Propagator, config: Config) -> pd.DataFrame:
    """Move each share band and the HHI threshold by ``config.sweep_deltas``: what changes band.

    Share bands use share ≥ threshold and the HHI uses HHI > threshold (as the indicators
    do). A product changes when its flag differs between the threshold and the swept one. A
    sector depends on a product when losing all of the product's imports from the target
    would directly cost at least ``config.input_materiality`` of its output
    (:func:`calc_full_loss_rates`); it changes when its set of flagged dependencies does.
    Swept thresholds are clipped to [0, 1]. Products without the indicator never change.
    """
    prod = products.reset_index(drop=True)
    key = pd.MultiIndex.from_arrays([prod["code"].astype(str), prod["code_system"].astype(str)])
    pos = pd.MultiIndex.from_arrays([propagator.codes, propagator.code_systems]).get_indexer(key)
    value = pd.to_numeric(prod["target_import_usd"], errors="coerce").to_numpy(dtype=float) \
        if "target_import_usd" in prod.columns else np.full(len(prod), np.nan)
    T = np.zeros(len(propagator.codes))
    T[pos[pos >= 0]] = np.nan_to_num(value[pos >= 0], nan=0.0)
    use = calc_full_loss_rates(propagator, T) >= max(config.input_materiality, 1e-300)
    use_p = np.zeros((len(prod), len(propagator.sectors)), bool)
    use_p[pos >= 0] = use[pos[pos >= 0]]
    specs = [("target_share", b, True) for b in config.share_bands] + \
            [("import_hhi", config.hhi_concentrated, False)]
    rows = []
    for indicator, t, at_least in specs:
        x = pd.to_numeric(prod[indicator], errors="coerce").to_numpy(dtype=float) if indicator in prod.columns \
            else np.full(len(prod), np.nan)
        flag0 = _flag(x, t, at_least)
        for d in config.sweep_deltas:
            t1 = float(np.clip(round(t + d, 12), 0.0, 1.0))
            flag1 = _flag(x, t1, at_least)
            changed = flag0 != flag1
            sec = use_p[changed].any(axis=0)
            rows.append(dict(indicator=indicator, threshold=t, delta=d, swept_threshold=t1,
                             products_flagged=int(flag0.sum()), products_flagged_swept=int(flag1.sum()),
                             products_changed=int(changed.sum()),
                             changed_target_import_usd=float(np.nansum(value[changed])),
                             sectors_changed=int(sec.sum()),
                             sectors=", ".join(np.asarray(propagator.sectors, dtype=object)[sec])))
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def _flag(x: np.ndarray, t: float, at_least: bool) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (x >= t - _TOL) if at_least else (x > t)


# --------------------------------------------------------------------------- the pipeline's entry
def attach(results: Results, io: IOTable, concordance: pd.DataFrame, overrides: pd.DataFrame | None,
           profile: pd.DataFrame | None, export_items: pd.DataFrame | None, progress: Callable[[str], None] | None = None,
           propagators: dict[str, Propagator] | None = None) -> Results:
    """Fill ``uncertainty``, ``sensitivity`` and ``threshold_sweep`` for every scenario of the run.

    ``results.config.draws`` draws (seed ``results.config.seed``) per scenario; the same
    random numbers serve every scenario (common random numbers), so differences between
    scenarios are not sampling noise. The sector values (exports, SME shares, exports to
    the target) come from ``results.sectors``, as the point ranking used them; ``profile`` and
    ``export_items`` are accepted for the pipeline's uniform call and not read again.

    ``propagators`` (scenario name → ``ScenarioResult.propagation.propagator``) saves
    re-running the scoring of each scenario to rebuild them (about a third of the time on
    the demo); scenarios missing from it are rebuilt.

    Returns a new :class:`Results`; the input is not changed. With ``draws == 0`` the
    results are returned as they are.
    """
    config = results.config
    if config.draws <= 0:
        return results
    say = progress or (lambda _msg: None)
    unc, sens, notes = [], [], []
    for name in config.scenarios:
        scen = scenarios.load(name)
        sh = results.shocks[results.shocks["scenario"] == scen.name]
        sec = results.sectors[results.sectors["scenario"] == scen.name]
        if sh.empty or sec.empty:
            raise DataError("results", f"scenario {scen.name!r} has no shocks or sectors to simulate")
        say(f"Monte Carlo {scen.name}: {config.draws} draws")
        prop = (propagators or {}).get(scen.name) or scenario_propagator(results.products, scen, io, concordance,
                                                                           overrides, config)
        inp = scenario_inputs(scen, sh, sec, prop, config)
        draws = simulate(prop, inp, config)
        agree = np.array_equal(np.nan_to_num(draws.point["rank"], nan=-1), np.nan_to_num(inp.point_rank, nan=-1))
        if not agree:
            notes.append(f"Monte Carlo {scen.name}: the zero-noise evaluation does not reproduce the published "
                         f"ranking; its rank intervals are not centred on it")
        unc.append(summarise(draws, config.top_n))
        sens.append(sensitivity_table(draws))
    # bands are a property of products, not of a scenario: general overrides only, no rule end uses
    prods = scenarios.analysis_year(results.products, config)
    sweep_prop = linkage.build_propagator(prods["code"].astype(str), io, concordance, overrides, config,
                                          prods["code_system"].astype(str))
    sweep = threshold_sweep(prods, sweep_prop, config)
    return dataclasses.replace(results, uncertainty=pd.concat(unc, ignore_index=True),
                               sensitivity=pd.concat(sens, ignore_index=True), threshold_sweep=sweep,
                               notes=list(results.notes) + notes)


def scenario_propagator(products: pd.DataFrame, scenario: Scenario, io: IOTable, concordance: pd.DataFrame,
                        overrides: pd.DataFrame | None, config: Config) -> Propagator:
    """The propagator the scoring engine used for ``scenario`` (with the scenario's own end-use
    rules merged into the overrides), taken from :func:`exposure.scoring.run_scenario`."""
    res = scoring.run_scenario(products, scenario, io, concordance, overrides, None, config)
    return res.propagation.propagator
