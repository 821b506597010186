"""The simulation: blocks of draws evaluated with the scoring engine's own array function.

:func:`evaluate` turns a block of draws into a :class:`~exposure.risk.Draw`, calls
:func:`exposure.risk.calc_risk` (the function the point scoring calls) and ranks the sectors
with :func:`exposure.scoring.rank_values`; with every spread 0 it reproduces the point ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exposure import risk
from exposure.config import NORMALISATIONS, Config
from exposure.scoring.ranking import calc_composite, calc_ranks, rank_values
from exposure.uncertainty.draws import (
    FACTOR_GROUPS,
    NoiseSpec,
    Streams,
    batch_size,
    method_index,
    perturbed_io,
    to_draw,
)

CHUNK_BYTES = 96 * 2**20  # working memory of one chunk of draws


@dataclass(frozen=True)
class ScenarioPoint:
    """What the Monte Carlo needs of a scored scenario beside its model: names and the point ranking."""

    scenario: str
    sectors: list[str]
    rank_basis: str
    point_rank: np.ndarray  # (U,) float, NaN = unranked
    names_ko: list[str] = field(default_factory=list)
    names_en: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, result) -> "ScenarioPoint":
        """From a :class:`exposure.scoring.ScenarioResult` (its sector table, in universe order)."""
        sec = result.sectors.set_index("sector").reindex(_universe(result.model, result.sectors))
        basis = result.sectors["rank_basis"].dropna().astype(str)
        return cls(scenario=result.scenario.name, sectors=list(sec.index),
                   rank_basis=basis.iloc[0] if len(basis) else "sme_export_at_risk_usd",
                   point_rank=sec["rank"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
                   names_ko=sec["sector_name_ko"].fillna("").astype(str).tolist(),
                   names_en=sec["sector_name_en"].fillna("").astype(str).tolist())


def _universe(model: risk.RiskModel, sectors) -> list[str]:
    """The scoring universe in model order: the IO sectors, then the profile-only ones."""
    io = list(model.prop.sectors)
    rest = [s for s in sectors["sector"].astype(str) if s not in set(io)]
    return io + rest


def evaluate(model: risk.RiskModel, point: ScenarioPoint, sample: dict, spec: NoiseSpec, config: Config,
             io: tuple | None = None) -> dict[str, np.ndarray]:
    """Values of a block of draws: ``value`` (the rank basis), ``rank``, ``sme_export``, ``sme_demand``,
    each (n_draws, n_sectors); an empty sample is the point estimate (one draw)."""
    n = batch_size(sample)
    draw = to_draw(model, sample, config, io)
    arr = risk.calc_risk(model, draw, production=config.production, variants=("central",))
    shape = (n, len(model.io_pos))
    cols = {"exposure_rate": arr.exposure["central"], "export_at_risk_usd": arr.export_at_risk["central"],
            "sme_export_at_risk_usd": arr.sme_export_at_risk["central"], "demand_at_risk_usd": arr.demand_at_risk,
            "sme_demand_at_risk_usd": arr.sme_demand_at_risk, "demand_rate": arr.demand_rate}
    cols = {k: np.broadcast_to(v, shape) for k, v in cols.items()}
    value = _composite(cols, sample, spec, config, n) if point.rank_basis == "composite" \
        else rank_values(cols, point.rank_basis, config)
    return {"value": value, "rank": calc_ranks(value), "sme_export": cols["sme_export_at_risk_usd"],
            "sme_demand": cols["sme_demand_at_risk_usd"]}


def _composite(cols: dict[str, np.ndarray], sample: dict, spec: NoiseSpec, config: Config, n: int) -> np.ndarray:
    base = config.weights_map
    w = {k: np.full(n, float(v)) for k, v in base.items()}
    if "weights" in sample:
        mult = sample["weights"]["item"]
        w = {k: w[k] * mult[:, i] for i, k in enumerate(spec.components)}
    method = method_index(sample, spec, config.composite_normalisation, n)
    value = np.empty(next(iter(cols.values())).shape)
    for m in np.unique(method):
        rows = method == m
        value[rows] = calc_composite({k: cols[k][rows] for k in base}, {k: w[k][rows] for k in base},
                                     NORMALISATIONS[m])
    return value


@dataclass
class Draws:
    """What :func:`simulate` returns for one scenario.

    ``rank``, ``value`` (the rank basis), ``sme_export``, ``sme_demand``: (n_draws, n_sectors),
    sample A; ``point``: the same four for the zero-noise evaluation (n_sectors,).
    ``factors``: draw-level factor of each noisy group (n_draws,). ``var``: variance of each
    sector's rank (n_sectors,); ``first``/``total``: partial variances V_g, VT_g per group
    (n_sectors,) from the pick–freeze design (empty when ``sensitivity`` was off).
    """

    point_info: ScenarioPoint
    spreads: dict[str, float]
    unused: dict[str, str]
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


def shocked_products(model: risk.RiskModel) -> np.ndarray:
    """Products some draw can shock: coverage > 0 and imports from the target (a demand scenario: none)."""
    if model.kind != "supply":
        return np.zeros(len(model.target_imports), bool)
    return (np.nan_to_num(model.coverage) > 0) & (np.nan_to_num(model.target_imports) > 0)


def point_estimate(model: risk.RiskModel, point: ScenarioPoint, config: Config) -> dict[str, np.ndarray]:
    """The zero-noise evaluation (value, rank, SME figures per sector), as 1-D arrays."""
    m = risk.restrict(model, shocked_products(model))
    spec = NoiseSpec.of(config, m, point.rank_basis)
    return {k: v[0] for k, v in evaluate(m, point, {}, spec, config).items()}


def simulate(model: risk.RiskModel, point: ScenarioPoint, config: Config, n_draws: int | None = None,
             seed: int | None = None, sensitivity: bool = True) -> Draws:
    """Monte Carlo of one scenario: ``n_draws`` (default ``config.draws``) seeded draws.

    Vectorised over a leading draws axis; draws are processed in chunks sized to keep the
    working memory near 100 MB (the result does not depend on the chunk size). With
    ``sensitivity`` the pick–freeze samples are evaluated too ((G + 2) evaluations per draw).
    """
    n_draws = config.draws if n_draws is None else int(n_draws)
    if n_draws < 1:
        raise ValueError("n_draws must be ≥ 1")
    seed = config.seed if seed is None else seed
    model = risk.restrict(model, shocked_products(model))
    spec = NoiseSpec.of(config, model, point.rank_basis)
    point_values = {k: v[0] for k, v in evaluate(model, point, {}, spec, config).items()}
    streams = Streams(seed)
    active = spec.active
    chunk = max(1, min(n_draws, CHUNK_BYTES // max(spec.bytes_per_draw(len(model.critical)), 1)))
    n_sec = len(point.sectors)
    keep: dict[str, list[np.ndarray]] = {k: [] for k in ("rank", "value", "sme_export", "sme_demand")}
    factors: dict[str, list[np.ndarray]] = {g: [] for g in active if g in FACTOR_GROUPS}
    acc = PickFreeze(n_sec, active)
    for start in range(0, n_draws, chunk):
        n = min(chunk, n_draws - start)
        A = streams.draw("A", spec, n)
        if not active:
            for k in keep:
                keep[k].append(np.repeat(point_values[k][None, :], n, axis=0))
            continue
        io_A = perturbed_io(model, A)
        fA = evaluate(model, point, A, spec, config, io_A)
        for k in keep:
            keep[k].append(fA[k])
        for g in factors:
            factors[g].append(A[g]["common"])
        if sensitivity:
            B = streams.draw("B", spec, n)
            io_B = perturbed_io(model, B)
            fB = evaluate(model, point, B, spec, config, io_B)
            hybrids = {g: evaluate(model, point, {**A, g: B[g]}, spec, config, io_B if g == "io" else io_A)["rank"]
                       for g in active}
            acc.add(fA["rank"], fB["rank"], hybrids)
    cat = {k: np.concatenate(v) for k, v in keep.items()}
    if sensitivity and active:
        var, first, total = acc.result()
    else:
        var, first, total = np.nanvar(cat["rank"], axis=0), {}, {}
    return Draws(point_info=point, spreads=dict(spec.spreads), unused=dict(spec.unused), rank=cat["rank"],
                 value=cat["value"], sme_export=cat["sme_export"], sme_demand=cat["sme_demand"],
                 factors={g: np.concatenate(v) for g, v in factors.items()}, var=np.nan_to_num(var),
                 first=first, total=total, point=point_values)


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


