"""What the Monte Carlo keeps of its draws: compact, and allocated once before the first chunk.

Per scenario, for n draws of m sectors:

- the rank of every sector in every draw, as the smallest unsigned integer type that holds m
  (0 = unranked: one byte a rank up to 255 sectors), and per sector the count of draws at each
  rank. The rank intervals, P(top N) and the mean rank shift are computed exactly from the
  counts; Spearman's ρ for the sensitivity table pairs the ranks with the draw-level factors;
- the SME export and demand values at risk in single precision (their published quantiles are
  exact to a relative 2⁻²⁴, six orders below the precision of the trade and census figures), and
  only for the sectors some draw moves from the point estimate: not for a sector without data
  (its value is NaN in every draw), nor for a supply scenario's demand figures or a demand
  scenario's export figures;
- each noisy group's draw-level factor, in the single precision it is drawn in;
- the rank basis of every draw only when asked for (``keep_values``): no published table uses it.

Every array is allocated with its n rows at the first chunk (n is known before it), so the memory a
run holds is what it keeps: no list of chunks is concatenated at the end. (A money column that only a
later chunk moves widens its figure's store once.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


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


def _universe(model, sectors) -> list[str]:
    """The scoring universe in model order: the IO sectors, then the profile-only ones."""
    io = list(model.prop.sectors)
    rest = [s for s in sectors["sector"].astype(str) if s not in set(io)]
    return io + rest


def rank_dtype(n_sectors: int) -> np.dtype:
    """The smallest unsigned integer type holding ranks 0 (unranked) to ``n_sectors``.

    Examples
    --------
    >>> rank_dtype(36), rank_dtype(300)
    (dtype('uint8'), dtype('uint16'))
    """
    return np.min_scalar_type(max(int(n_sectors), 1))


def encode_ranks(rank: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Ranks 1..m (NaN = unranked) as integers of ``dtype``, 0 for unranked.

    Examples
    --------
    >>> encode_ranks(np.array([[2.0, np.nan, 1.0]]), np.dtype("uint8")).tolist()
    [[2, 0, 1]]
    """
    return np.where(np.isnan(rank), 0.0, rank).astype(dtype)


def decode_ranks(codes: np.ndarray) -> np.ndarray:
    """The inverse of :func:`encode_ranks`: float ranks, NaN for 0.

    Examples
    --------
    >>> decode_ranks(np.array([[2, 0, 1]], np.uint8)).tolist()
    [[2.0, nan, 1.0]]
    """
    return np.where(codes > 0, codes, np.nan)


def calc_rank_counts(codes: np.ndarray, n_sectors: int) -> np.ndarray:
    """(n_sectors, n_sectors + 1) counts: entry (j, r) is the number of rows with sector j at rank r
    (r = 0: unranked) in ``codes`` (n_rows, n_sectors).

    Examples
    --------
    >>> calc_rank_counts(np.array([[1, 2], [2, 1], [1, 0]], np.uint8), 2).tolist()
    [[0, 2, 1], [1, 1, 1]]
    """
    width = n_sectors + 1
    flat = codes.astype(np.intp) + width * np.arange(n_sectors)
    return np.bincount(flat.ravel(), minlength=n_sectors * width).reshape(n_sectors, width)


class RankRows:
    """Every draw's ranks as compact codes, and their counts per sector, filled chunk by chunk."""

    def __init__(self, n_draws: int, n_sectors: int):
        self.codes = np.empty((n_draws, n_sectors), rank_dtype(n_sectors))
        self.counts = np.zeros((n_sectors, n_sectors + 1), np.int64)

    def put(self, start: int, rank: np.ndarray) -> None:
        """Rows ``start …`` from float ranks (n_chunk, n_sectors), NaN = unranked."""
        codes = encode_ranks(rank, self.codes.dtype)
        self.codes[start:start + len(codes)] = codes
        self.counts += calc_rank_counts(codes, self.codes.shape[1])


class Rows:
    """One quantity's rows over all draws, written chunk by chunk into an array allocated once, at the
    first chunk, in ``dtype`` or the chunk's own type."""

    def __init__(self, n_draws: int, dtype: np.dtype | type | None = None):
        self.n, self.dtype = n_draws, dtype
        self.data: np.ndarray | None = None

    def put(self, start: int, rows: np.ndarray) -> None:
        if self.data is None:
            self.data = np.empty((self.n,) + rows.shape[1:], self.dtype or rows.dtype)
        self.data[start:start + len(rows)] = rows

    def result(self) -> np.ndarray:
        return self.data if self.data is not None else np.empty((self.n, 0), self.dtype)


class MovingColumns:
    """A figure's (n_draws, n_sectors) draws, of which only the columns some draw moves from the point
    estimate ``point`` (n_sectors,) are stored, in single precision (NaN counts as equal to NaN).

    The stored columns are those the first chunk moves, allocated for every draw; a column that first
    moves in a later chunk widens the store once (its earlier rows are the point's).
    """

    def __init__(self, n_draws: int, point: np.ndarray):
        self.n = n_draws
        self.point = np.asarray(point, float)
        self.cols = np.zeros(0, np.intp)  # stored columns, ascending
        self.data = np.empty((n_draws, 0), np.float32)

    def put(self, start: int, rows: np.ndarray) -> None:
        moved = ~((rows == self.point) | (np.isnan(rows) & np.isnan(self.point))).all(axis=0)
        moved[self.cols] = False
        if moved.any():
            cols = np.union1d(self.cols, np.flatnonzero(moved))
            data = np.empty((self.n, len(cols)), np.float32)
            data[:start] = self.point[cols]
            data[:, np.searchsorted(cols, self.cols)] = self.data
            self.cols, self.data = cols, data
        self.data[start:start + len(rows)] = rows[:, self.cols]

    @property
    def nbytes(self) -> int:
        return self.data.nbytes + self.cols.nbytes + self.point.nbytes

    def full(self) -> np.ndarray:
        """(n_draws, n_sectors) float32: the point where nothing was stored (a new array on each call)."""
        out = np.empty((self.n, len(self.point)), np.float32)
        out[:] = self.point
        out[:, self.cols] = self.data
        return out

    def quantiles(self, q: tuple[float, ...]) -> np.ndarray:
        """(len(q), n_sectors) quantiles over the draws, NaN-ignoring (NaN for a column without values):
        :func:`numpy.nanquantile` in double precision on the stored columns, the point on the others."""
        out = np.repeat(self.point[None, :], len(q), axis=0)
        if len(self.cols):
            d = self.data.astype(float)
            seen = ~np.isnan(d).all(axis=0)
            sub = np.full((len(q), len(self.cols)), np.nan)
            if seen.any():
                sub[:, seen] = np.nanquantile(d[:, seen], list(q), axis=0)
            out[:, self.cols] = sub
        return out


@dataclass
class Draws:
    """What :func:`~exposure.uncertainty.simulate` returns for one scenario (sample A of the draws).

    ``rank_codes``: (n_draws, n_sectors) unsigned integers, the sector's rank in the draw, 0 =
    unranked; ``rank_counts``: (n_sectors, n_sectors + 1) int64, draws with sector j at rank r (r = 0:
    unranked). ``export_draws``, ``demand_draws``: the SME export and demand values at risk, USD over the
    scenario's horizon, as :class:`MovingColumns` (``sme_export``, ``sme_demand``: the same as
    (n_draws, n_sectors) float32 arrays, built on access). ``value``: the rank
    basis of each draw, float64, only with ``keep_values`` (else None). ``point``: value, rank and the
    SME figures of the zero-noise evaluation (n_sectors,), float64. ``factors``: draw-level factor
    of each noisy group (n_draws,). ``var``: variance of each sector's rank (n_sectors,);
    ``first``/``total``: partial variances V_g, VT_g per group (n_sectors,) from the pick–freeze
    design (empty when ``sensitivity`` was off).
    """

    point_info: ScenarioPoint
    spreads: dict[str, float]
    unused: dict[str, str]
    rank_codes: np.ndarray
    rank_counts: np.ndarray
    export_draws: MovingColumns
    demand_draws: MovingColumns
    factors: dict[str, np.ndarray]
    var: np.ndarray
    first: dict[str, np.ndarray]
    total: dict[str, np.ndarray]
    point: dict[str, np.ndarray]
    sensitivity_draws: int = 0  # the draws behind first and total (the first ones of the run)
    value: np.ndarray | None = None

    @property
    def n_draws(self) -> int:
        return self.rank_codes.shape[0]

    @property
    def rank(self) -> np.ndarray:
        """(n_draws, n_sectors) float ranks, NaN = unranked: decoded from ``rank_codes`` on each access
        (a new array of 8 bytes a rank)."""
        return decode_ranks(self.rank_codes)

    @property
    def sme_export(self) -> np.ndarray:
        """(n_draws, n_sectors) float32 SME export value at risk of each draw (built on each access)."""
        return self.export_draws.full()

    @property
    def sme_demand(self) -> np.ndarray:
        """(n_draws, n_sectors) float32 SME demand value at risk of each draw (built on each access)."""
        return self.demand_draws.full()


def calc_rank_variance(counts: np.ndarray) -> np.ndarray:
    """Each sector's rank variance over the draws that rank it, from (n_sectors, n_sectors + 1) rank
    counts (column 0 = unranked); 0 for a sector no draw ranks.

    Examples
    --------
    >>> calc_rank_variance(np.array([[5, 1, 1, 0], [0, 0, 2, 2]])).tolist()  # ranks {1, 2}; {2, 2, 3, 3}
    [0.25, 0.25]
    """
    c = np.asarray(counts, float)[:, 1:]
    v = np.arange(1, c.shape[1] + 1, dtype=float)
    n = c.sum(axis=1)
    seen = n > 0
    out = np.zeros(len(c))
    mean = (c[seen] * v).sum(axis=1) / n[seen]
    out[seen] = (c[seen] * (v - mean[:, None]) ** 2).sum(axis=1) / n[seen]
    return out
