"""Product-level dependence indicators (DESIGN §4).

For the importer K (``config.reporter``), the target supplier T (``config.target``),
product k and year t:

=====================  ==========================================================
``target_share``       M(k,T) / M(k,world)
``share_band``         the highest of ``config.share_bands`` the share reaches
``import_hhi``         Σ_p (M(k,p) / M(k))² over partners (UNK counts as one partner)
``world_export_hhi``   Σ_e (X(e,k) / X(world,k))² over exporters, from world export data
``target_world_share`` X(T,k) / X(world,k)
``import_export_ratio`` M(k) / X(k) of the importer; 9999 when X = 0
``tsi``                (X − M) / (X + M), the trade specialisation index
``persistent``         the "dependent" flag (share ≥ first band) holds in at least
                       ``persistence_min_years`` of the last ``persistence_window`` years
``geodep_dependent``   import_hhi > 0.4, world_export_hhi > 0.4, ratio > 1 and persistent
                       (CEPII GeoDep criteria 1–4)
=====================  ==========================================================

The ``calc_*`` functions are the textbook formulas on numpy arrays (they broadcast);
:func:`product_indicators` applies them to a TradeFlows table. An indicator the
inputs cannot support is NaN and the ``reasons`` column says why — never 0 in
place of missing.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.errors import DataError
from exposure.schema import PRODUCTS, UNKNOWN_PARTNER, WORLD

#: import/export ratio reported when the importer exports none of the product (GeoDep convention).
NO_EXPORT_RATIO = 9999.0

KEY = ["year", "code", "code_system"]
# groupby(observed=True) throughout: reporter and partner come categorical from the BACI and Korea Customs
# readers; it is pandas 3's default, and pandas 2.2 warns without it

#: Columns of the table :func:`product_indicators` returns, in order (``exposure.schema.PRODUCTS``).
COLUMNS = PRODUCTS.names

_TOL = 1e-12  # shares computed as a ratio can land a hair under a band edge (0.9 → 0.8999…)


# --------------------------------------------------------------------------- textbook formulas
def calc_share(part: np.ndarray | float, total: np.ndarray | float) -> np.ndarray:
    """Share ``part / total``; NaN where the total is not positive.

    Examples
    --------
    >>> calc_share(np.array([90.0, 0.0, 1.0]), np.array([100.0, 0.0, 4.0])).tolist()
    [0.9, nan, 0.25]
    """
    part = np.asarray(part, dtype=float)
    total = np.asarray(total, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, part / np.where(total > 0, total, 1.0), np.nan)


def calc_hhi(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Herfindahl–Hirschman index Σ (v / Σv)² along ``axis``; NaN when Σv = 0.

    ``values`` are non-negative amounts (e.g. a products × partners matrix of
    imports). The result lies in [1/n, 1] for n positive amounts.

    Examples
    --------
    >>> float(calc_hhi(np.array([90.0, 6.0, 4.0])))
    0.8152
    """
    v = np.asarray(values, dtype=float)
    total = v.sum(axis=axis)
    return calc_share((v * v).sum(axis=axis), total * total)


def calc_reaches(share: np.ndarray | Sequence[float], threshold: float) -> np.ndarray:
    """The share rule of the bands: share ≥ threshold, with a tolerance for ratios that land a hair under.

    NaN shares give False (the caller keeps them apart). The rule behind :func:`calc_share_band`
    and the persistence flag; the threshold sweep uses it too.

    >>> calc_reaches(np.array([0.9 - 1e-15, 0.89, np.nan]), 0.9).tolist()
    [True, False, False]
    """
    s = np.asarray(share, dtype=float)
    with np.errstate(invalid="ignore"):
        return s >= threshold - _TOL


def calc_exceeds(hhi: np.ndarray | Sequence[float], threshold: float) -> np.ndarray:
    """The concentration rule: HHI > threshold (strictly); NaN gives False.

    >>> calc_exceeds(np.array([0.4, 0.41]), 0.4).tolist()
    [False, True]
    """
    h = np.asarray(hhi, dtype=float)
    with np.errstate(invalid="ignore"):
        return h > threshold


def calc_share_band(share: np.ndarray | Sequence[float], bands: Sequence[float]) -> list[str | None]:
    """Band label of each share: ``"≥90%"`` for the highest band reached, ``"<50%"`` below all.

    Missing shares give None.

    Examples
    --------
    >>> calc_share_band([0.95, 0.9, 0.62, 0.1, float("nan")], (0.5, 0.7, 0.8, 0.9))
    ['≥90%', '≥90%', '≥50%', '<50%', None]
    """
    bands = sorted(bands)
    share = np.asarray(share, dtype=float)
    labels = [f"≥{_pct(b)}" for b in bands]
    below = f"<{_pct(bands[0])}"
    idx = np.searchsorted(np.asarray(bands) - _TOL, share, side="right") - 1
    return [None if np.isnan(s) else (below if i < 0 else labels[i]) for s, i in zip(share, idx)]


def calc_import_export_ratio(imports: np.ndarray, exports: np.ndarray) -> np.ndarray:
    """M / X, or :data:`NO_EXPORT_RATIO` (9999) when X = 0 and M > 0; NaN when both are 0 or missing.

    Examples
    --------
    >>> calc_import_export_ratio(np.array([200.0, 5.0, 0.0, 5.0]), np.array([100.0, 0.0, 0.0, np.nan])).tolist()
    [2.0, 9999.0, nan, nan]
    """
    m = np.asarray(imports, dtype=float)
    x = np.asarray(exports, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = m / np.where(x > 0, x, 1.0)
    out = np.where(x > 0, ratio, np.where(m > 0, NO_EXPORT_RATIO, np.nan))
    return np.where(np.isnan(x) | np.isnan(m), np.nan, out)


def calc_tsi(exports: np.ndarray, imports: np.ndarray) -> np.ndarray:
    """Trade specialisation index (X − M) / (X + M) in [−1, 1]; NaN when X + M = 0.

    Examples
    --------
    >>> calc_tsi(np.array([100.0, 0.0]), np.array([200.0, 5.0])).round(4).tolist()
    [-0.3333, -1.0]
    """
    x = np.asarray(exports, dtype=float)
    m = np.asarray(imports, dtype=float)
    return calc_share(x - m, x + m)


def calc_persistence(flags: np.ndarray, window: int, min_years: int) -> np.ndarray:
    """Whether a flag holds in at least ``min_years`` of the last ``window`` years.

    Parameters
    ----------
    flags : array (..., n_years)
        1.0 (holds), 0.0 (does not) or NaN (unknown) for consecutive years.
    window, min_years : int

    Returns
    -------
    array (..., n_years)
        For each year t, 1.0 / 0.0 when the years t−window+1 … t settle the
        question, NaN when they do not (too many unknown or earlier-than-data years).

    Examples
    --------
    >>> calc_persistence(np.array([[1.0, 0.0, 1.0, 0.0]]), 3, 2).tolist()
    [[nan, nan, 1.0, 0.0]]
    """
    f = np.asarray(flags, dtype=float)
    pad = np.full(f.shape[:-1] + (window - 1,), np.nan)
    padded = np.concatenate([pad, f], axis=-1)
    win = np.lib.stride_tricks.sliding_window_view(padded, window, axis=-1)
    true = (win == 1.0).sum(axis=-1)
    unknown = np.isnan(win).sum(axis=-1)
    return np.where(true >= min_years, 1.0, np.where(true + unknown < min_years, 0.0, np.nan))


def _pct(b: float) -> str:
    return f"{b * 100:g}%"


# --------------------------------------------------------------------------- the table
def product_indicators(
    imports: pd.DataFrame,
    config: Config,
    world_exports: pd.DataFrame | None = None,
    own_exports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """All §4 indicators, one row per (year, code, code_system) of the imports.

    Parameters
    ----------
    imports : DataFrame
        TradeFlows. Rows with ``flow == "M"`` and ``reporter == config.reporter``
        are used. Partner ``WLD`` rows, when present, are the world total M(k,world)
        (the partner rows are then only the breakdown, never added to it; a positive
        gap between WLD and the partner rows counts as one unknown partner).
        Without WLD rows the world total is the sum over partners including ``UNK``.
        A table that names a single partner (e.g. Comtrade "Korea imports from
        Japan") has no world total: shares and HHI are NaN with the reason given,
        and ``target_import_usd`` is still filled when that partner is the target.
        Monthly rows (``month`` 1–12) are summed to the year unless annual rows
        (``month`` 0) exist for the same key (the ``reasons`` then say the monthly rows
        were left out; the loaders refuse such a file). A year whose monthly rows cover
        fewer than 12 months is the sum of the months present, not annualised, and its
        ``reasons`` name the months.
    config : Config
        ``reporter``, ``target``, ``share_bands``, ``hhi_concentrated``,
        ``world_hhi_concentrated``, ``import_export_ratio_min``,
        ``persistence_window``, ``persistence_min_years``.
    world_exports : DataFrame, optional
        Either the reduction of :func:`world_supply` (what the pipeline passes, one file
        at a time) or TradeFlows of flow ``X`` by exporter (the ``reporter`` column), e.g. BACI:
        every exporter, HS6. An exporter's ``WLD`` partner rows are its total when
        present; otherwise its partner rows are summed. Products are matched on
        year and the first six digits of the code (HSK10 extends HS6; HS revision
        conversion is the caller's job).
    own_exports : DataFrame, optional
        The reporter's own exports by product (flow ``X``, reporter ``config.reporter``),
        in the same code system as the imports.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` (``name`` empty when the imports name no product), sorted
        by year, code and code system. Flags are pandas nullable booleans.

    Examples
    --------
    >>> flows = pd.DataFrame({"year": 2018, "month": 0, "reporter": "KOR", "partner": ["JPN", "CHN"],
    ...                       "flow": "M", "code": "281111", "code_system": "HS6-2017",
    ...                       "value_usd": [90.0, 10.0], "source": "x"})
    >>> product_indicators(flows, Config())[["target_share", "share_band", "import_hhi"]].round(2).values.tolist()
    [[0.9, '≥90%', 0.82]]
    """
    m = _select(imports, "M", config.reporter, "imports")
    month_notes = _month_notes(m)
    m = _annualise(m)
    partners = m[m["partner"] != WORLD]
    named = set(partners["partner"].unique()) - {UNKNOWN_PARTNER}
    bilateral = len(named) <= 1  # a one-partner extract: no world total, no partner breakdown
    single = next(iter(named)) if len(named) == 1 else None

    by_partner = partners.groupby(KEY + ["partner"], sort=False, as_index=False, observed=True)["value_usd"].sum()
    by_partner["psq"] = by_partner["value_usd"] ** 2
    by_partner["npos"] = (by_partner["value_usd"] > 0).astype("int64")
    out = by_partner.groupby(KEY, sort=False, observed=True)[["value_usd", "psq", "npos"]].sum().rename(
        columns={"value_usd": "psum"})
    tgt = by_partner[by_partner["partner"] == config.target].set_index(KEY)["value_usd"]
    wld = m[m["partner"] == WORLD].groupby(KEY, sort=False, observed=True)["value_usd"].sum()
    idx = out.index.union(wld.index)
    out = out.reindex(idx)
    has_partner_rows = out["psum"].notna().to_numpy()
    out = out.fillna({"psum": 0.0, "psq": 0.0, "npos": 0})
    world = wld.reindex(idx)
    has_wld = world.notna().to_numpy()
    target = tgt.reindex(idx).fillna(0.0).to_numpy()
    psum = out["psum"].to_numpy()
    notes = _Notes(len(idx))

    # world total and the part of it the partner rows do not explain
    world_v = np.where(has_wld, world.to_numpy(), psum)
    gap = np.where(has_wld, world_v - psum, 0.0)
    over = gap < -1e-9 * np.maximum(world_v, 1.0)
    notes.add(over, "partner rows sum to more than the WLD total; the WLD total is used")
    gap = np.clip(gap, 0.0, None)
    psq = out["psq"].to_numpy() + gap * gap
    npos = out["npos"].to_numpy() + (gap > 1e-9 * np.maximum(world_v, 1.0))
    hhi_total = psum + gap

    if bilateral:
        partner_txt = single or "none"
        notes.add(np.ones(len(idx), bool),
                  f"the imports table names only one partner ({partner_txt}): no partner breakdown for the HHI")
        import_hhi = np.full(len(idx), np.nan)
        n_partners = np.full(len(idx), np.nan)
        if single != config.target:
            target = np.full(len(idx), np.nan)
            notes.add(np.ones(len(idx), bool), f"the imports table has no rows for the target {config.target}")
        if not has_wld.all():
            notes.add(~has_wld, "no world (WLD) total and only one partner in the imports table: "
                                "the target share cannot be computed")
            world_v = np.where(has_wld, world_v, np.nan)
    else:
        only_world = has_wld & ~has_partner_rows
        notes.add(only_world, "only a world total is given for this product: no partner breakdown")
        target = np.where(only_world, np.nan, target)
        import_hhi = np.where(only_world, np.nan, calc_share(psq, hhi_total * hhi_total))
        n_partners = np.where(only_world, np.nan, npos.astype(float))
    zero = ~(world_v > 0) & ~np.isnan(world_v)
    notes.add(zero, "no imports of this product in the year")
    import_hhi = np.where(zero, np.nan, import_hhi)

    share = calc_share(target, world_v)
    above = share > 1 + _TOL
    notes.add(above, "target imports exceed the WLD total; share capped at 1")
    share = np.where(above, 1.0, share)

    res = idx.to_frame(index=False)
    res["year"] = res["year"].astype("int64")
    res["target"] = config.target
    res["import_usd"] = world_v
    res["target_import_usd"] = target
    res["target_share"] = share
    res["share_band"] = pd.Series(calc_share_band(share, config.share_bands), index=res.index, dtype=object)
    res["n_partners"] = n_partners
    res["import_hhi"] = import_hhi
    res["hhi_concentrated"] = _flag(import_hhi, calc_exceeds(import_hhi, config.hhi_concentrated))

    for keys, text in month_notes:
        notes.add(pd.MultiIndex.from_frame(res[KEY]).isin(keys), text)

    _add_world_exports(res, world_exports, config, notes)
    _add_own_exports(res, own_exports, config, notes)
    _add_persistence(res, m, config, notes)
    _add_geodep(res, config, notes)

    res["reasons"] = notes.text()
    if "name" in m.columns:
        names = m[m["name"].fillna("").astype(str) != ""].drop_duplicates(KEY).set_index(KEY)["name"]
        res["name"] = names.reindex(pd.MultiIndex.from_frame(res[KEY])).fillna("").to_numpy()
    else:
        res["name"] = ""  # the imports name no product: the column stays, empty
    return PRODUCTS.conform(res.sort_values(KEY, kind="stable").reset_index(drop=True))


# --------------------------------------------------------------------------- helpers
class _Notes:
    """Per-row reasons, collected as masks and joined once."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.items: list[tuple[np.ndarray, str]] = []

    def add(self, mask: np.ndarray, text: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.items.append((mask, text))

    def text(self) -> list[str]:
        out: list[list[str]] = [[] for _ in range(self.n)]
        for mask, text in self.items:
            for i in np.flatnonzero(mask):
                out[i].append(text)
        return ["; ".join(r) for r in out]


def _flag(value: np.ndarray, cond: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A nullable boolean: ``cond`` where ``value`` is known, NA elsewhere."""
    known = ~np.isnan(np.asarray(value, dtype=float))
    arr = pd.array(np.asarray(cond, dtype=bool), dtype="boolean")
    arr[~known] = pd.NA
    return arr


def as_str(s: pd.Series) -> pd.Series:
    """``s.astype(str)``; a categorical column through its categories, not its millions of rows.

    A loaded download keeps its text columns as categoricals; turning one of 5M rows into text cell by
    cell took about half a second a column, the categories' texts taken by code take a tenth of that.

    Examples
    --------
    >>> as_str(pd.Series(pd.Categorical(["0101", "0202", "0101"]))).tolist()
    ['0101', '0202', '0101']
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        if not len(codes) or codes.min() >= 0:  # a missing cell reads 'nan' as astype(str) words it: left to it
            return pd.Series(s.cat.categories.astype(str).take(codes), index=s.index, name=s.name)
    return s.astype(str)


def _equals(s: pd.Series, value: str) -> np.ndarray:
    """Rows whose text is ``value`` (a missing cell is none), a categorical column compared through its categories."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        hit = np.append(np.asarray(s.cat.categories.astype(str) == value, dtype=bool), False)
        return hit[codes]  # code -1 (missing) reads the last entry
    return np.asarray(s.notna() & (s.astype(str) == value), dtype=bool)


def _select(flows: pd.DataFrame, flow: str, reporter: str | None, what: str) -> pd.DataFrame:
    need = ["year", "partner", "code", "code_system", "value_usd"]
    missing = [c for c in need if c not in flows.columns]
    if missing:
        raise DataError(what, f"not a TradeFlows table: column(s) {', '.join(missing)} missing "
                              f"(expected {', '.join(need)})", column=missing[0])
    t = flows
    if "flow" in t.columns:
        t = t[_equals(t["flow"], flow)]
    if reporter is not None and "reporter" in t.columns:
        t = t[_equals(t["reporter"], reporter)]
    if t.empty:
        found = sorted(set(zip(flows.get("reporter", pd.Series(["?"] * len(flows))).astype(str),
                               flows.get("flow", pd.Series(["?"] * len(flows))).astype(str))))
        raise DataError(what, f"no rows with flow {flow}{' and reporter ' + reporter if reporter else ''} "
                              f"(found reporter/flow: {', '.join('/'.join(p) for p in found[:10]) or 'no rows'})")
    cols = need + (["month"] if "month" in t.columns else []) + (["name"] if "name" in t.columns else []) \
        + (["reporter"] if "reporter" in t.columns else [])
    t = t[cols].copy()
    t["year"] = pd.to_numeric(t["year"]).astype("int64")
    t["code"] = as_str(t["code"])
    t["code_system"] = as_str(t["code_system"])
    t["partner"] = as_str(t["partner"])
    t["value_usd"] = pd.to_numeric(t["value_usd"]).astype("float64")
    return t


def month_ranges(months) -> str:
    """Months as two-digit runs: ``[1, 2, 3, 7]`` → ``"01–03, 07"``.

    >>> month_ranges([1, 2, 3, 7, 9, 10])
    '01–03, 07, 09–10'
    """
    ms = sorted({int(x) for x in months})
    runs: list[list[int]] = []
    for x in ms:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    return ", ".join(f"{r[0]:02d}" if len(r) == 1 else f"{r[0]:02d}–{r[-1]:02d}" for r in runs)


def partial_years(t: pd.DataFrame) -> dict[int, list[int]]:
    """Years whose monthly rows (any product and partner) cover fewer than 12 months: year → months present."""
    if "month" not in t.columns or t.empty:
        return {}
    month = pd.to_numeric(t["month"]).fillna(0).astype("int64").to_numpy()
    monthly = month > 0
    if not monthly.any():
        return {}
    year = pd.to_numeric(t["year"]).astype("int64").to_numpy()[monthly]
    month = month[monthly]
    low = int(year.min())
    if int(month.max()) > 12 or int(year.max()) - low > 1000:  # not calendar months: pairs as they are
        pairs = pd.DataFrame({"year": year, "month": month}).drop_duplicates().groupby("year")["month"].agg(list)
        return {int(y): sorted(int(m) for m in ms) for y, ms in pairs.items() if len(set(ms)) < 12}
    # (year, month) pairs present, counted rather than de-duplicated (millions of rows, a few hundred pairs)
    span = int(year.max()) - low + 1
    seen = np.bincount((year - low) * 13 + month, minlength=span * 13).reshape(span, 13) > 0
    out = {}
    for k in np.flatnonzero(seen.any(axis=1)):
        ms = np.flatnonzero(seen[k]).tolist()
        if len(ms) < 12:
            out[low + int(k)] = ms
    return out


def _month_notes(m: pd.DataFrame) -> list[tuple[pd.MultiIndex, str]]:
    """Reasons owed by :func:`_annualise`, as (product-years, text): a year summed from part of its months
    (the annual figure is not annualised: it is the sum of the months present, and says so), and monthly
    rows left out because an annual row of the same partner stands for the year."""
    if "month" not in m.columns:
        return []
    month = pd.to_numeric(m["month"]).fillna(0)
    monthly = (month != 0).to_numpy()
    if not monthly.any():
        return []
    out = []
    keys = KEY + ["partner"]
    annual_keys = pd.MultiIndex.from_frame(m.loc[~monthly, keys]) if (~monthly).any() else None
    summed = m[monthly]
    if annual_keys is not None:
        covered = pd.MultiIndex.from_frame(summed[keys]).isin(annual_keys)
        if covered.any():
            out.append((pd.MultiIndex.from_frame(summed.loc[covered, KEY]).unique(),
                        "annual and monthly rows for the same partner: the monthly rows were left out"))
        summed = summed[~covered]
    for year, months in partial_years(m).items():
        at = summed[summed["year"] == year]
        if len(at):
            out.append((pd.MultiIndex.from_frame(at[KEY]).unique(),
                        f"{year}: only {len(months)} of 12 months ({month_ranges(months)}) in the imports: annual "
                        "figures are the sum of those months"))
    return out


def _annualise(t: pd.DataFrame) -> pd.DataFrame:
    """Annual rows as they are; monthly rows summed, unless annual rows exist for the same key."""
    if "month" not in t.columns:
        return t
    month = pd.to_numeric(t["month"]).fillna(0)
    if not (month != 0).any():
        return t
    keys = KEY + ["partner"]
    annual = t[month == 0]
    monthly = t[month != 0]
    have = pd.MultiIndex.from_frame(annual[keys]) if len(annual) else None
    if have is not None:
        monthly = monthly[~pd.MultiIndex.from_frame(monthly[keys]).isin(have)]
    extra = [c for c in ("name", "reporter") if c in t.columns]
    summed = monthly.groupby(keys, as_index=False, sort=False, observed=True).agg(
        value_usd=("value_usd", "sum"), **{c: (c, "first") for c in extra})
    return pd.concat([annual.drop(columns="month"), summed], ignore_index=True)


def _exporter_totals(x: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Exports per ``keys`` + reporter: the WLD partner rows where given, else the partner sum."""
    keys = keys + ["reporter"]
    is_wld = x["partner"] == WORLD
    wld = x[is_wld].groupby(keys, observed=True)["value_usd"].sum()
    parts = x[~is_wld].groupby(keys, observed=True)["value_usd"].sum()
    return pd.concat([wld, parts[~parts.index.isin(wld.index)]])


#: columns of :func:`world_supply`
SUPPLY_COLUMNS = ["year", "hs6", "world_export_usd", "export_sq_usd", "target_export_usd"]


def world_supply(world: pd.DataFrame, target: str) -> pd.DataFrame:
    """Reduce world export flows to what the indicators need, per (year, HS6).

    ``world_export_usd`` = Σ_e X(e,k), ``export_sq_usd`` = Σ_e X(e,k)² and
    ``target_export_usd`` = X(target,k), over exporters e (the ``reporter`` column).
    The result has a few thousand rows per year however large the input, so a panel
    of world data can be reduced one file (year) at a time and the reductions stacked.

    Parameters
    ----------
    world : DataFrame
        TradeFlows of flow ``X``. An exporter's ``WLD`` partner rows are its total when
        present; otherwise its partner rows are summed.
    target : str
        ISO3 of the target supplier.

    Examples
    --------
    >>> x = pd.DataFrame({"year": 2018, "reporter": ["JPN", "JPN", "USA"], "partner": ["KOR", "CHN", "KOR"],
    ...                   "flow": "X", "code": "281111", "code_system": "HS6", "value_usd": [2.0, 1.0, 1.0]})
    >>> world_supply(x, "JPN")[["world_export_usd", "export_sq_usd", "target_export_usd"]].to_numpy().tolist()
    [[4.0, 10.0, 3.0]]
    """
    need = ["year", "reporter", "partner", "code", "value_usd"]
    missing = [c for c in need if c not in world.columns]
    if missing:
        raise DataError("world exports", f"not a TradeFlows table: column(s) {', '.join(missing)} missing",
                        column=missing[0])
    x = world
    if "flow" in x.columns:
        x = x[x["flow"] == "X"]
    x = x[x["reporter"] != WORLD]
    monthly = "month" in x.columns and bool((pd.to_numeric(x["month"]).fillna(0) != 0).any())
    if monthly or bool((x["partner"] == WORLD).any()):
        return _world_supply_by_groupby(x, target)
    # the common case (BACI: annual, partner rows only): integer codes and bincount, no strings per row
    yk, years = pd.factorize(x["year"], sort=True)
    hk, hs6 = _hs6_codes(x["code"])
    ek, exporters = pd.factorize(x["reporter"])
    ny, nh, ne = len(years), len(hs6), len(exporters)
    if ny * nh * ne > 50_000_000:
        return _world_supply_by_groupby(x, target)
    v = x["value_usd"].to_numpy(dtype="float64")
    dense = np.bincount((yk * nh + hk) * ne + ek, weights=v, minlength=ny * nh * ne).reshape(ny * nh, ne)
    tix = np.flatnonzero(np.asarray(exporters, dtype=object) == target)
    out = pd.DataFrame({
        "year": np.repeat(np.asarray(years, dtype="int64"), nh),
        "hs6": np.tile(np.asarray(hs6, dtype=object), ny),
        "world_export_usd": dense.sum(axis=1),
        "export_sq_usd": (dense * dense).sum(axis=1),
        "target_export_usd": dense[:, tix[0]] if len(tix) else np.zeros(ny * nh),
    })
    present = np.bincount(yk * nh + hk, minlength=ny * nh) > 0
    return out[present].reset_index(drop=True)


def _hs6_codes(code: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the first six digits, computed on the categories when the column has them."""
    if isinstance(code.dtype, pd.CategoricalDtype):
        cats = pd.Index(code.cat.categories.astype(str).str[:6])
        cat_k, uniq = pd.factorize(cats)
        codes = code.cat.codes.to_numpy()
        return cat_k[codes], np.asarray(uniq, dtype=object)
    k, uniq = pd.factorize(code.astype(str).str[:6])
    return k, np.asarray(uniq, dtype=object)


def _world_supply_by_groupby(x: pd.DataFrame, target: str) -> pd.DataFrame:
    x = _select(x, "X", None, "world exports") if "flow" in x.columns else x.assign(
        code=x["code"].astype(str), partner=x["partner"].astype(str),
        year=pd.to_numeric(x["year"]).astype("int64"))
    x = _annualise(x) if "month" in x.columns else x
    x = x.assign(hs6=x["code"].astype(str).str[:6], reporter=x["reporter"].astype(str))
    per_exporter = _exporter_totals(x, ["year", "hs6"]).rename("v").reset_index()
    g = per_exporter.groupby(["year", "hs6"], observed=True)["v"]
    out = pd.DataFrame({"world_export_usd": g.sum(),
                        "export_sq_usd": (per_exporter["v"] ** 2).groupby(
                            [per_exporter["year"], per_exporter["hs6"]], observed=True).sum()})
    tgt = per_exporter[per_exporter["reporter"] == target].groupby(["year", "hs6"], observed=True)["v"].sum()
    out["target_export_usd"] = tgt.reindex(out.index).fillna(0.0)
    return out.reset_index()[SUPPLY_COLUMNS]


def _add_world_exports(res: pd.DataFrame, world: pd.DataFrame | None, config: Config, notes: _Notes) -> None:
    n = len(res)
    res["world_export_usd"] = np.nan
    res["world_export_hhi"] = np.nan
    res["target_world_share"] = np.nan
    if world is None:
        notes.add(np.ones(n, bool), "no world export data given (world_export_hhi, target_world_share)")
        return
    supply = world if list(world.columns) == SUPPLY_COLUMNS else world_supply(world, config.target)
    if supply.duplicated(["year", "hs6"]).any():
        dup = supply[supply.duplicated(["year", "hs6"])].iloc[0]
        raise DataError("world exports", f"year {dup['year']} appears in more than one world export file; give "
                                         "each year once (exporter shares cannot be combined across files)")
    s = supply.set_index(["year", "hs6"])
    key = pd.MultiIndex.from_arrays([res["year"], res["code"].str[:6]])
    tot = s["world_export_usd"].reindex(key).to_numpy()
    short = (res["code"].str.len() < 6).to_numpy()
    res["world_export_usd"] = np.where(short, np.nan, tot)
    res["world_export_hhi"] = np.where(short, np.nan, calc_share(s["export_sq_usd"].reindex(key).to_numpy(), tot * tot))
    res["target_world_share"] = np.where(short, np.nan,
                                         calc_share(s["target_export_usd"].reindex(key).fillna(0.0).to_numpy(), tot))
    years = set(supply["year"].unique())
    no_year = ~res["year"].isin(years).to_numpy()
    notes.add(short, "code shorter than HS6: world exports are matched at HS6")
    notes.add(no_year & ~short, "world export data have no rows for this year")
    notes.add(~no_year & ~short & np.isnan(tot), "product not in the world export data")
    notes.add(~np.isnan(tot) & ~(tot > 0), "world exports of this product are zero")


def _add_own_exports(res: pd.DataFrame, own: pd.DataFrame | None, config: Config, notes: _Notes) -> None:
    n = len(res)
    res["export_usd"] = np.nan
    if own is None:
        notes.add(np.ones(n, bool), f"no export data of {config.reporter} given (import_export_ratio, tsi)")
        res["import_export_ratio"] = np.nan
        res["tsi"] = np.nan
        return
    x = _select(own, "X", config.reporter, "own exports")
    x = _annualise(x) if "month" in x.columns else x
    if "reporter" not in x.columns:
        x = x.assign(reporter=config.reporter)
    x = x.assign(clen=x["code"].str.len())
    per = _exporter_totals(x, ["year", "clen", "code"]).groupby(level=["year", "clen", "code"], observed=True).sum()
    years_len = set(zip(x["year"], x["clen"]))
    clen = res["code"].str.len()
    key = pd.MultiIndex.from_arrays([res["year"], clen, res["code"]])
    covered = np.array([(y, c) in years_len for y, c in zip(res["year"], clen)], dtype=bool)
    exp = np.where(covered, per.reindex(key).fillna(0.0).to_numpy(), np.nan)
    res["export_usd"] = exp
    years = set(x["year"].unique())
    no_year = ~res["year"].isin(years).to_numpy()
    notes.add(no_year, f"export data of {config.reporter} have no rows for this year")
    notes.add(~no_year & ~covered, f"export data of {config.reporter} use codes of another length (code system)")
    imp = res["import_usd"].to_numpy()
    res["import_export_ratio"] = calc_import_export_ratio(imp, exp)
    res["tsi"] = calc_tsi(exp, imp)
    notes.add(covered & np.isnan(imp), "world imports unknown: import_export_ratio and tsi cannot be computed")


def _add_persistence(res: pd.DataFrame, m: pd.DataFrame, config: Config, notes: _Notes) -> None:
    years_data = sorted(int(y) for y in m["year"].unique())
    lo = years_data[0]
    n_years = years_data[-1] - lo + 1
    share = res["target_share"].to_numpy()
    flag = np.where(np.isnan(share), np.nan, calc_reaches(share, min(config.share_bands)).astype(float))
    prod_id, _prods = pd.factorize(pd.MultiIndex.from_frame(res[["code", "code_system"]]))
    year_pos = res["year"].to_numpy() - lo
    grid = np.full((len(_prods), n_years), np.nan)  # years the data do not cover stay unknown
    grid[:, [y - lo for y in years_data]] = 0.0  # absent in a covered year: no imports, so not dependent
    grid[prod_id, year_pos] = flag
    pers = calc_persistence(grid, config.persistence_window, config.persistence_min_years)[prod_id, year_pos]
    res["persistent"] = _flag(pers, pers == 1.0)
    notes.add(np.isnan(pers), f"persistence needs the target share in enough of the last "
                              f"{config.persistence_window} years (at least {config.persistence_min_years})")


def _add_geodep(res: pd.DataFrame, config: Config, notes: _Notes) -> None:
    hhi = res["import_hhi"].to_numpy(dtype=float)
    whhi = res["world_export_hhi"].to_numpy(dtype=float)
    ratio = res["import_export_ratio"].to_numpy(dtype=float)
    pers = res["persistent"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    known = ~(np.isnan(hhi) | np.isnan(whhi) | np.isnan(ratio) | np.isnan(pers))
    cond = calc_exceeds(hhi, config.hhi_concentrated) & calc_exceeds(whhi, config.world_hhi_concentrated) \
        & (ratio > config.import_export_ratio_min) & (pers == 1.0)
    res["geodep_dependent"] = _flag(np.where(known, 0.0, np.nan), cond)
    notes.add(~known, "geodep_dependent needs import_hhi, world_export_hhi, import_export_ratio and persistent")
