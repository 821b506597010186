"""Drawing the uncertain parameters: noise factors, their streams, and a block of draws as a :class:`~exposure.risk.Draw`.

Every multiplicative group g has, in each draw, one draw-level factor f_g (shared by all its
items) and an independent factor ε_{g,k} per item k; the item's value is point · f_g · ε_{g,k}.
Groups with one value per draw (σ, the weight of important inputs) have the draw-level factor
only. The normalisation group switches, with probability ``config.noise["normalisation"]``, to
one of the other normalisations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exposure.config import NOISE_PARAMETERS, NORMALISATIONS, Config
from exposure.linkage import calc_leontief_inverse
from exposure.risk import Draw, RiskModel, _onehot

#: groups whose items are products (supply scenarios) or sectors (demand scenarios)
SHOCK_GROUPS = ("coverage", "phi", "buffer_days", "lag_days")
#: groups with a scalar draw-level factor that a rank correlation can use
FACTOR_GROUPS = SHOCK_GROUPS + ("io", "sme_share", "sigma", "criticality", "overrides")
_PARTS = ("common", "item", "item2")


def calc_multipliers(rng: np.random.Generator, size: tuple[int, ...], spread: float, distribution: str
                     ) -> np.ndarray:
    """Multiplicative noise factors, single precision: lognormal with median 1 and log-sd ``spread``, or
    uniform on [1 − spread, 1 + spread].

    Examples
    --------
    >>> calc_multipliers(np.random.default_rng(0), (3,), 0.0, "lognormal").tolist()
    [1.0, 1.0, 1.0]
    >>> m = calc_multipliers(np.random.default_rng(0), (10_000,), 0.2, "uniform")
    >>> bool(m.min() >= 0.8 - 1e-9 and m.max() <= 1.2 + 1e-9)
    True
    """
    if spread == 0:
        return np.ones(size, dtype=np.float32)
    # single precision halves the cost of the draws and of every pass over draws × products; a noise
    # factor needs no more digits (sums over products are taken in double precision)
    f = np.float32(spread)
    if distribution == "lognormal":
        z = rng.standard_normal(size, dtype=np.float32)
        return np.exp(np.multiply(z, f, out=z), out=z)
    if distribution == "uniform":
        u = rng.random(size, dtype=np.float32)
        return np.float32(1.0) - f + np.float32(2.0) * f * u
    raise ValueError(f"unknown noise distribution {distribution!r}")


@dataclass(frozen=True)
class NoiseSpec:
    """Which groups are noisy, their spreads and why the others are not, and the shapes of their draws."""

    spreads: dict[str, float]
    unused: dict[str, str]  # group → why it is not drawn although a spread is set
    distribution: str
    item_ratio: float
    n_items: int
    n_io: int
    n_sectors: int
    n_overrides: int
    components: tuple[str, ...]  # composite components, in config order

    @classmethod
    def of(cls, config: Config, model: RiskModel, rank_basis: str) -> "NoiseSpec":
        comps = tuple(config.weights_map)
        spreads = {g: float(config.noise_map.get(g, 0.0)) for g in NOISE_PARAMETERS}
        cr = model.critical
        has_rows = len(cr) > 0 and model.kind == "supply"
        why = {
            "weights": f"the ranking is by {rank_basis}, not the composite index" if rank_basis != "composite"
            else ("the composite index has one component" if len(comps) < 2 else ""),
            "normalisation": f"the ranking is by {rank_basis}, not the composite index"
            if rank_basis != "composite" else "",
            "io": "demand-side risk does not go through the input–output table" if model.kind == "demand" else "",
            "sigma": "no critical input is shocked" if not has_rows else
            (f"the production function is {config.production}, not CES" if config.production != "ces" else ""),
            "criticality": "no important input is shocked" if not (has_rows and np.isnan(cr.weight).any()) else
            ("the production function is linear" if config.production == "linear" else ""),
            "overrides": "no end-use override applies" if not (model.kind == "supply" and model.prop.O.any()) else "",
        }
        unused = {g: w for g, w in why.items() if w and spreads[g] > 0}
        for g in unused:
            spreads[g] = 0.0
        return cls(spreads, unused, config.noise_distribution, config.noise_item, model.n_items,
                   len(model.prop.sectors), len(model.io_pos), len(model.overrides[0]), comps)

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
        if group == "overrides":
            return {"common": (), "item": (self.n_overrides,)}
        if group == "weights":
            return {"item": (len(self.components),)}
        return {"common": ()}  # sigma, criticality: one factor per draw; normalisation: one uniform number

    def bytes_per_draw(self, n_rows: int = 0, n_weeks: int = 26) -> int:
        """Working memory of one draw (A, B, their IO stacks and one evaluation's temporaries)."""
        floats = 14 * self.n_io ** 2 + 16 * self.n_items + 4 * self.n_sectors * (len(self.active) + 6) \
            + 12 * n_rows * n_weeks
        return 8 * floats


class Streams:
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

    def draw(self, sample: str, spec: NoiseSpec, n: int, groups: tuple[str, ...] | None = None
             ) -> dict[str, dict[str, np.ndarray]]:
        """The next ``n`` draws of ``sample`` ("A" or "B") for the active groups of ``spec`` (or those of
        them in ``groups``)."""
        out: dict[str, dict[str, np.ndarray]] = {}
        for g in spec.active:
            if groups is not None and g not in groups:
                continue
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


# --------------------------------------------------------------------------- a block of draws as a Draw
def batch_size(sample: dict) -> int:
    for parts in sample.values():
        for arr in parts.values():
            return arr.shape[0]
    return 1


def factor(sample: dict, group: str) -> np.ndarray | None:
    """(n, items) multiplier of a group (the common part times the item part), None when not drawn."""
    if group not in sample:
        return None
    p = sample[group]
    return p["common"][:, None] * p["item"] if "item" in p else p["common"]


def perturbed_io(model: RiskModel, sample: dict) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """(A^M, A^D, L^D) stacks (n, n_io, n_io) for the draws of ``sample``, or Nones when io is not drawn.

    A draw that would make a sector use more than its whole output as input (column sum of
    A^D + A^M ≥ 1) has that column scaled back to the table's input ratio.
    """
    if "io" not in sample:
        return None, None, None
    p, prop = sample["io"], model.prop
    common = p["common"].astype(float)[:, None, None]
    Ad = prop.Ad * common * p["item"]
    Am = prop.Am * common * p["item2"]
    total = Ad.sum(axis=-2) + Am.sum(axis=-2)
    point = prop.Ad.sum(axis=0) + prop.Am.sum(axis=0)
    scale = np.where(total >= 1.0, point / np.where(total > 0, total, 1.0), 1.0)[:, None, :]
    Ad, Am = Ad * scale, Am * scale
    return Am, Ad, calc_leontief_inverse(Ad)


def to_draw(model: RiskModel, sample: dict, config: Config, io: tuple | None = None) -> Draw:
    """The :class:`~exposure.risk.Draw` of a block of draws: every drawn group applied to its point values."""
    shocked = model.coverage if model.kind == "supply" else model.demand_coverage

    def items(group: str, point: np.ndarray, clip_unit: bool = False) -> np.ndarray | None:
        if group not in sample:
            return None
        p = sample[group]
        # point · item · common, written into one new (draws, items) array in the draws' precision
        v = np.multiply(p["item"], point.astype(p["item"].dtype, copy=False))
        v *= p["common"][:, None].astype(v.dtype, copy=False)
        return np.clip(v, 0.0, 1.0, out=v) if clip_unit else v

    supply = model.kind == "supply"
    phi = model.phi if supply else model.demand_phi
    b = model.buffer_days if supply else model.demand_buffer_days
    lag = model.lag_days if supply else model.demand_lag_days
    Am, Ad, Ld = io if io is not None else perturbed_io(model, sample)
    draw = Draw(coverage=items("coverage", shocked, True), phi=items("phi", phi, True),
                buffer_days=items("buffer_days", b), lag_days=items("lag_days", lag), Am=Am, Ad=Ad, Ld=Ld,
                sme_share=_double(items("sme_share", model.sme_share, True)),
                sigma=config.sigma * (_double(factor(sample, "sigma")) if "sigma" in sample else 1.0),
                important_weight=np.clip(config.important_weight * _double(factor(sample, "criticality")), 0.0, 1.0)
                if "criticality" in sample else config.important_weight)
    if "overrides" in sample:
        k_o, _j, share = model.overrides
        s = share * _double(factor(sample, "overrides"))
        tot = s @ _onehot(k_o, len(model.target_imports))  # a product's shares may not exceed 1
        s = s / np.maximum(tot[:, k_o], 1.0)
        draw.override_share = s
    return draw


def _double(v: np.ndarray | None) -> np.ndarray | None:
    """Sector-level and per-draw factors in double precision (they are small; ranks compare their sums)."""
    return None if v is None else np.asarray(v, dtype=float)


def method_index(sample: dict, spec: NoiseSpec, base: str, n: int) -> np.ndarray:
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
