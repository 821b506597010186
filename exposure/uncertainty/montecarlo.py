"""The simulation: blocks of draws evaluated with the scoring engine's own array function.

:func:`evaluate` turns a block of draws into a :class:`~exposure.risk.Draw`, calls
:func:`exposure.risk.calc_risk` (the function the point scoring calls) and ranks the sectors
with :func:`exposure.scoring.rank_values`; with every spread 0 it reproduces the point ranking.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from exposure import risk
from exposure.config import NORMALISATIONS, Config
from exposure.scoring.ranking import calc_composite, calc_ranks, rank_values
from exposure.uncertainty.draws import (
    FACTOR_GROUPS,
    SHOCK_GROUPS,
    NoiseSpec,
    Streams,
    batch_size,
    method_index,
    perturbed_io,
    to_draw,
)
from exposure.uncertainty.kept import Draws, MovingColumns, RankRows, Rows, ScenarioPoint, calc_rank_variance

CHUNK_BYTES = 96 * 2**20  # working memory of one chunk of draws


def evaluate(model: risk.RiskModel, point: ScenarioPoint, sample: dict, spec: NoiseSpec, config: Config,
             io: tuple | None = None, draw: risk.Draw | None = None, shortfall: np.ndarray | None = None,
             shares: risk.ImportShares | None = None) -> dict[str, np.ndarray]:
    """Values of a block of draws: ``value`` (the rank basis), ``rank``, ``sme_export``, ``sme_demand``,
    each (n_draws, n_sectors); an empty sample is the point estimate (one draw). ``draw`` and
    ``shortfall`` and ``shares``, when the caller has them for ``sample``, are not computed again."""
    n = batch_size(sample)
    draw = draw if draw is not None else to_draw(model, sample, config, io)
    arr = risk.calc_risk(model, draw, production=config.production, variants=("central",), shortfall=shortfall,
                         shares=shares)
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
             seed: int | None = None, sensitivity: bool | int = True, keep_values: bool = False) -> Draws:
    """Monte Carlo of one scenario: ``n_draws`` (default ``config.draws``) seeded draws (see :func:`simulate_all`)."""
    return simulate_all({point.scenario: (model, point)}, config, n_draws, seed, sensitivity,
                        keep_values)[point.scenario]


#: the Draw fields each group's draws set (a pick–freeze hybrid takes them from sample B)
GROUP_FIELDS = {"coverage": ("coverage",), "phi": ("phi",), "buffer_days": ("buffer_days",),
                "lag_days": ("lag_days",), "io": ("Am", "Ad", "Ld"), "sme_share": ("sme_share",),
                "sigma": ("sigma",), "criticality": ("important_weight",), "overrides": ("override_share",),
                "weights": (), "normalisation": ()}
_TIME_GROUPS = ("phi", "buffer_days", "lag_days")  # they change the lost days, not the coverage
_SAME_SHARES = ("io", "sme_share", "sigma", "criticality", "weights", "normalisation")  # s_i as in sample A


@dataclass
class _Case:
    """One scenario in the simulation: its model cut to the products a draw can shock, its noise, its
    streams (for the groups not drawn for all scenarios at once) and what it has gathered so far."""

    name: str
    model: risk.RiskModel
    point: ScenarioPoint
    spec: NoiseSpec
    products: np.ndarray  # positions of the model's products in the shared product draws (supply)
    streams: Streams
    values: dict[str, np.ndarray]
    ranks: RankRows
    keep: dict[str, MovingColumns | Rows]  # sme_export, sme_demand (the columns draws move); value
    factors: dict[str, Rows] = field(default_factory=dict)
    acc: "PickFreeze | None" = None
    full_products: int = 0  # products of the unrestricted model (the shared draws' width)
    io_key: tuple = ()  # identifies the input–output table, so scenarios on one table share its draws


def simulate_all(runs: Mapping[str, tuple[risk.RiskModel, ScenarioPoint]], config: Config,
                 n_draws: int | None = None, seed: int | None = None,
                 sensitivity: bool | int = True, keep_values: bool = False) -> dict[str, Draws]:
    """Monte Carlo of several scenarios with the same random numbers: ``n_draws`` (default ``config.draws``)
    seeded draws each.

    ``sensitivity``: the pick–freeze shares of rank variance from the first ``config.sensitivity_draws``
    draws (True), from the first ``sensitivity`` draws (an int), or not at all (False or 0). They cost
    one evaluation per draw and noisy group; the rank intervals use every draw. ``keep_values``: keep each
    draw's rank basis too (float64, :attr:`Draws.value`); no summary needs it.

    Vectorised over a leading draws axis and processed in chunks sized to keep the working memory near
    100 MB (the result does not depend on the chunk size). Work that does not depend on the scenario is
    done once per chunk: the per-product draws of the shock parameters (drawn for every product of the
    run, each scenario taking its shocked products) and the perturbed input–output stacks with their
    Leontief inverses. With ``sensitivity`` the pick–freeze hybrids are evaluated too; a hybrid reuses
    sample A's shortfall where its group does not change it, and its lost days where only the coverage
    changes. What is kept of the draws is allocated before the first chunk and is small
    (:mod:`~exposure.uncertainty.kept`): compact ranks and their counts, single-precision SME figures.
    """
    n_draws = config.draws if n_draws is None else int(n_draws)
    if n_draws < 1:
        raise ValueError("n_draws must be ≥ 1")
    seed = config.seed if seed is None else seed
    n_sens = min(n_draws, config.sensitivity_draws if sensitivity is True else int(sensitivity))
    cases = [_case(name, model, point, config, seed, n_draws, keep_values) for name, (model, point) in runs.items()]
    shared = _SharedDraws.of(cases, seed)
    per_draw = max(c.spec.bytes_per_draw(len(c.model.critical)) for c in cases) + shared.bytes_per_draw
    chunk = max(1, min(n_draws, CHUNK_BYTES // max(per_draw, 1)))
    for start in range(0, n_draws, chunk):
        n = min(chunk, n_draws - start)
        m = max(0, min(n, n_sens - start))  # rows of this chunk that the sensitivity uses
        common = {"A": shared.draw("A", n), "B": shared.draw("B", m) if m else None}
        io_cache: dict[tuple, tuple] = {}
        for case in cases:
            _advance(case, common, io_cache, start, n, m, config)
    return {c.name: _finish(c, n_sens) for c in cases}


def _case(name: str, model: risk.RiskModel, point: ScenarioPoint, config: Config, seed: int, n_draws: int,
          keep_values: bool) -> _Case:
    shocked = shocked_products(model)
    small = risk.restrict(model, shocked)
    spec = NoiseSpec.of(config, small, point.rank_basis)
    values = {k: v[0] for k, v in evaluate(small, point, {}, spec, config).items()}
    keep: dict[str, MovingColumns | Rows] = {k: MovingColumns(n_draws, values[k]) for k in ("sme_export", "sme_demand")}
    if keep_values:
        keep["value"] = Rows(n_draws, np.float64)
    return _Case(name, small, point, spec, np.flatnonzero(shocked), Streams(seed), values,
                 RankRows(n_draws, len(point.sectors)), keep,
                 factors={g: Rows(n_draws) for g in spec.active if g in FACTOR_GROUPS},
                 acc=PickFreeze(len(point.sectors), spec.active) if spec.active else None,
                 full_products=len(model.target_imports), io_key=_io_key(model))


def _io_key(model: risk.RiskModel) -> tuple:
    p = model.prop
    return (p.Ad.shape, hash(p.Ad.tobytes()), hash(p.Am.tobytes()))


@dataclass
class _SharedDraws:
    """The draws every scenario shares: the shock groups over all products of the run (supply scenarios
    with the same products) and the input–output noise, from one set of streams."""

    streams: Streams
    spec: NoiseSpec | None
    groups: tuple[str, ...]

    @classmethod
    def of(cls, cases: list[_Case], seed: int) -> "_SharedDraws":
        supply = [c for c in cases if c.model.kind == "supply"]
        sizes = {c.full_products for c in supply}
        with_io = [c for c in cases if "io" in c.spec.active]
        groups = tuple(g for g in SHOCK_GROUPS if len(sizes) == 1 and any(g in c.spec.active for c in supply))
        if len({c.io_key for c in with_io}) == 1:
            groups += ("io",)
        if not groups:
            return cls(Streams(seed), None, ())
        # spreads of these groups are the config's, the same in every case; only the widths differ
        base = (supply or with_io)[0].spec
        spec = dataclasses.replace(base, n_items=max(sizes, default=base.n_items),
                                   spreads={g: (v if g in groups else 0.0) for g, v in base.spreads.items()})
        return cls(Streams(seed), spec, groups)

    @property
    def bytes_per_draw(self) -> int:
        if self.spec is None:
            return 0
        n_shock = sum(g in self.groups for g in SHOCK_GROUPS)
        return 2 * 4 * (n_shock * (self.spec.n_items + 1) + ("io" in self.groups) * 2 * self.spec.n_io ** 2)

    def draw(self, sample: str, n: int) -> dict:
        return self.streams.draw(sample, self.spec, n) if self.spec is not None else {}


def _sample(case: _Case, common: dict, sample: str, n: int) -> dict:
    """A case's draws of one sample: shared groups taken from ``common`` (shock items cut to the case's
    products), the rest from the case's own streams."""
    mine = common[sample] or {}
    supply = case.model.kind == "supply"
    out = {}
    for g in case.spec.active:
        if g in mine and g in SHOCK_GROUPS and supply:
            out[g] = {"common": mine[g]["common"], "item": mine[g]["item"][:, case.products]}
        elif g in mine and g == "io":
            out[g] = mine[g]
    rest = tuple(g for g in case.spec.active if g not in out)
    if rest:
        out.update(case.streams.draw(sample, case.spec, n, groups=rest))
    return {g: out[g] for g in case.spec.active}


def _io(case: _Case, sample_name: str, sample: dict, cache: dict) -> tuple:
    if "io" not in sample:
        return None, None, None
    key = (sample_name, case.io_key)
    if key not in cache:
        cache[key] = perturbed_io(case.model, sample)
    return cache[key]


def _advance(case: _Case, common: dict, io_cache: dict, start: int, n: int, m: int, config: Config) -> None:
    """Evaluate one chunk of ``n`` draws (``start`` the first one's position) of a case, and the
    pick–freeze hybrids of its first ``m``."""
    model, point, spec = case.model, case.point, case.spec
    active = spec.active
    if not active:
        _keep(case, start, {k: np.broadcast_to(v, (n,) + v.shape) for k, v in case.values.items()})
        return
    A = _sample(case, common, "A", n)
    dA = to_draw(model, A, config, _io(case, "A", A, io_cache))
    supply = model.kind == "supply"
    lost_A = risk.calc_lost(model, dA) if supply else None
    S_A = risk.calc_shortfall_from(model, _coverage(dA, model), lost_A) if supply else None
    shares_A = risk.calc_import_shares(model, dA, S_A) if supply else None
    fA = evaluate(model, point, A, spec, config, draw=dA, shortfall=S_A, shares=shares_A)
    _keep(case, start, fA)
    for g, rows in case.factors.items():
        rows.put(start, A[g]["common"])
    if not m:
        return
    if m < n:  # the sensitivity stops inside this chunk: its hybrids take the first m draws of A
        A, dA = _head(A, m), _head(dA, m)
        lost_A, S_A = (None if v is None else v[:m] for v in (lost_A, S_A))
        shares_A = None if shares_A is None else risk.ImportShares(*(getattr(shares_A, f.name)[:m] for f in
                                                                     dataclasses.fields(shares_A)))
        fA = {k: v[:m] for k, v in fA.items()}
    B = _sample(case, common, "B", m)
    dB = to_draw(model, B, config, _io(case, "B", B, io_cache))
    fB = evaluate(model, point, B, spec, config, draw=dB)
    hybrids = {}
    for g in active:
        dH = dataclasses.replace(dA, **{f: getattr(dB, f) for f in GROUP_FIELDS[g]})
        S_H, sh_H = None, None  # computed from the hybrid's own lost days
        if supply and g == "coverage":
            S_H = risk.calc_shortfall_from(model, _coverage(dB, model), lost_A)
        elif supply and g not in _TIME_GROUPS:
            S_H, sh_H = S_A, (shares_A if g in _SAME_SHARES else None)
        hybrids[g] = evaluate(model, point, {**A, g: B[g]}, spec, config, draw=dH, shortfall=S_H,
                              shares=sh_H)["rank"]
    case.acc.add(fA["rank"], fB["rank"], hybrids)


def _keep(case: _Case, start: int, f: dict[str, np.ndarray]) -> None:
    case.ranks.put(start, f["rank"])
    for k, rows in case.keep.items():
        rows.put(start, f[k])


def _head(x: dict | risk.Draw, m: int) -> dict | risk.Draw:
    """The first ``m`` draws of a sample (dict of groups) or of a :class:`~exposure.risk.Draw`."""
    if isinstance(x, dict):
        return {g: {part: a[:m] for part, a in parts.items()} for g, parts in x.items()}
    cut = {f.name: getattr(x, f.name)[:m] for f in dataclasses.fields(x)
           if isinstance(getattr(x, f.name), np.ndarray) and getattr(x, f.name).ndim >= 1}
    return dataclasses.replace(x, **cut)


def _coverage(draw: risk.Draw, model: risk.RiskModel) -> np.ndarray:
    return model.coverage if draw.coverage is None else draw.coverage


def _finish(case: _Case, n_sens: int) -> Draws:
    counts = case.ranks.counts
    if n_sens and case.spec.active:
        var, first, total = case.acc.result()
    else:
        var, first, total = calc_rank_variance(counts), {}, {}
    value = case.keep.get("value")
    return Draws(point_info=case.point, spreads=dict(case.spec.spreads), unused=dict(case.spec.unused),
                 rank_codes=case.ranks.codes, rank_counts=counts, export_draws=case.keep["sme_export"],
                 demand_draws=case.keep["sme_demand"], factors={g: rows.result() for g, rows in case.factors.items()},
                 var=np.nan_to_num(var), first=first, total=total, point=case.values,
                 sensitivity_draws=n_sens if first else 0, value=None if value is None else value.result())


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


