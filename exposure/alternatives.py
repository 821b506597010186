"""Who could replace the target supplier, product by product (DESIGN §9a, counter-measures).

Two views of the alternatives to the target T for the importer R (Korea), product k, year t:

- **Korea's other suppliers** today: partners p ≠ T with M(k,p) > 0 and their shares
  M(k,p) / M(k) of Korea's imports (from the by-partner imports table).
- **The world's other exporters** (from world export data such as CEPII BACI, HS6):
  the alternative exporters A = every exporter except T and R (R's own exports are
  domestic supply, a localisation counter-measure, not an import alternative), and

  =======================  ====================================================================
  ``alt_export_usd``       X(A,k) = Σ_{e∈A} X(e,k), to all destinations
  ``alt_world_hhi``        Σ_{e∈A} (X(e,k) / X(A,k))², concentration of the alternative supply
  ``capacity_usd``         C(k) = Σ_{e∈A} (X(e,k) − X(e,k→R)): what the alternatives ship to
                           destinations other than R today
  ``capacity_ratio``       C(k) / M(k,T), with M(k,T) Korea's imports from the target (the lost supply)
  ``coverable_share``      min(1, C(k) / M(k,T))
  =======================  ====================================================================

  **Assumption** (:data:`ASSUMPTIONS`): the alternative exporters could redirect to R what
  they now ship elsewhere, at current prices and without raising output; the estimate is
  an upper bound on redirection and ignores qualification time, quality and contracts
  (the substitution lag of the scenarios covers time).

World data are HS6: an HSK10 line (Korea's 10-digit code) meets them by its first six
digits, so its capacity is that of the whole HS6 subheading (``world_match``).

Every text a person reads is a short machine code (``reason`` columns, ``role`` values)
with Korean and English texts in :data:`TEXTS`; :func:`explain` turns codes into text.
All money is USD of the year in the ``year`` column.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from exposure.texts import check_lang, explain_codes
from exposure.errors import ConfigError, DataError
from exposure.indicators import _annualise, _select, calc_share
from exposure.schema import UNKNOWN_PARTNER, WORLD

#: exporter label of the row that sums every exporter not listed by name
OTHERS = "OTHERS"
#: product-level columns of :func:`world_exporters` (repeated on each exporter row)
TOTAL_COLUMNS = [
    "year", "hs6", "world_export_usd", "world_to_reporter_usd", "n_world_exporters", "target_export_usd",
    "target_to_reporter_usd", "reporter_export_usd", "alt_export_usd", "alt_to_reporter_usd", "alt_export_sq_usd",
    "n_alt_exporters", "world_code_system",
]
EXPORTER_COLUMNS = TOTAL_COLUMNS[:2] + ["exporter", "role", "rank", "export_usd", "export_to_reporter_usd",
                                         "world_share", "n_exporters"] + TOTAL_COLUMNS[2:]
_WORLD_VALUES = [c for c in TOTAL_COLUMNS if c not in ("year", "hs6", "world_code_system")]
_DENSE_MAX_CELLS = 20_000_000  # years × products × exporters up to which one dense bincount is used

#: Korean and English texts of every code these modules write
TEXTS: dict[str, dict[str, str]] = {
    # roles of world_exporters rows
    "target": {"ko": "대상국", "en": "target"},
    "reporter": {"ko": "보고국(자국)", "en": "reporter (own country)"},
    "exporter": {"ko": "대체 수출국", "en": "alternative exporter"},
    "others": {"ko": "그 외 수출국 합계", "en": "all other exporters"},
    # world_match
    "exact": {"ko": "HS6 코드 일치", "en": "same HS6 code"},
    "hs6_prefix": {"ko": "앞 6자리(HS6)로 연결", "en": "matched by the first six digits (HS6)"},
    "none": {"ko": "세계 수출 자료와 연결 안 됨", "en": "not matched to world export data"},
    # reasons
    "no_world_data": {"ko": "세계 수출 자료 없음", "en": "no world export data given"},
    "world_year_missing": {"ko": "세계 수출 자료에 해당 연도 없음", "en": "world export data have no rows for this year"},
    "not_in_world_data": {"ko": "세계 수출 자료에 없는 품목", "en": "product not in the world export data"},
    "code_shorter_than_hs6": {"ko": "HS6보다 짧은 코드: 세계 수출과 연결 불가",
                              "en": "code shorter than HS6: cannot meet world exports"},
    "hs_revision_differs": {"ko": "수입과 세계 수출 자료의 HS 개정판이 다름",
                            "en": "imports and world exports use different HS revisions"},
    "no_alt_exporters": {"ko": "대상국·자국 외 수출국 없음", "en": "no exporter other than the target and the reporter"},
    "target_no_world_exports": {"ko": "세계 수출 자료에 대상국의 수출 없음",
                                "en": "the world export data show no exports of the target"},
    "single_partner_imports": {"ko": "수입 자료에 상대국이 하나뿐: 다른 공급국을 알 수 없음",
                               "en": "the imports name one partner only: other suppliers unknown"},
    "no_import_total": {"ko": "총수입액(전 세계) 없음: 비중 계산 불가",
                        "en": "no total (world) imports: shares cannot be computed"},
    "no_other_supplier": {"ko": "대상국 외 수입 공급국 없음", "en": "no supplier other than the target"},
}
#: the stated assumptions behind the figures, for the method sheet
ASSUMPTIONS: dict[str, dict[str, str]] = {
    "capacity": {
        "ko": "대체 가능 물량 = 대상국·자국 외 수출국들이 자국(보고국) 이외 지역으로 수출하는 금액. 이들이 현재 가격으로 "
              "수출처를 돌릴 수 있다고 가정한 상한이며, 증산·품질 인증·계약 기간은 고려하지 않음. 충당 가능 비중 = "
              "min(1, 대체 가능 물량 / 대상국 수입액).",
        "en": "capacity = exports of every exporter other than the target and the reporter to destinations other "
              "than the reporter; an upper bound assuming they could redirect those exports at current prices, "
              "ignoring extra output, qualification and contracts. coverable share = min(1, capacity / imports "
              "from the target).",
    },
    "hs6_match": {
        "ko": "HSK 10단위 품목은 앞 6자리(HS6)로 세계 수출 자료와 연결: 대체 가능 물량은 HS6 소호 전체의 값.",
        "en": "HSK10 lines meet the HS6 world data by their first six digits: capacity is that of the whole HS6 "
              "subheading.",
    },
}


# --------------------------------------------------------------------------- codes → text
class Codes:
    """Per-row machine codes collected as masks, joined with ``;`` once."""

    def __init__(self, n: int) -> None:
        self.out = np.full(n, "", dtype=object)

    def add(self, mask: np.ndarray, code: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            cur = self.out[mask]
            self.out[mask] = np.where(cur == "", code, cur + ";" + code)

    def joined(self) -> np.ndarray:
        return self.out



def explain(reason: str | pd.Series, lang: str = "ko") -> str | pd.Series:
    """Korean or English text of the codes of this module.

    Examples
    --------
    >>> explain("no_world_data;hs6_prefix", "en")
    'no world export data given; matched by the first six digits (HS6)'
    """
    return explain_codes(reason, TEXTS, lang)



def need_columns(table: pd.DataFrame, need: Iterable[str], what: str) -> None:
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise DataError(what, f"column(s) {', '.join(missing)} missing (expected {', '.join(need)})",
                        column=missing[0])


# --------------------------------------------------------------------------- textbook formulas
def calc_capacity(alt_export: np.ndarray, alt_to_reporter: np.ndarray) -> np.ndarray:
    """C = Σ_{e∈A} X(e,k) − Σ_{e∈A} X(e,k→R), floored at 0.

    Examples
    --------
    >>> calc_capacity(np.array([100.0, 5.0]), np.array([30.0, 6.0])).tolist()
    [70.0, 0.0]
    """
    return np.clip(np.asarray(alt_export, float) - np.asarray(alt_to_reporter, float), 0.0, None)


def calc_coverable_share(capacity: np.ndarray, lost: np.ndarray) -> np.ndarray:
    """min(1, C / lost); NaN where the lost supply is not positive.

    Examples
    --------
    >>> calc_coverable_share(np.array([70.0, 30.0, 1.0]), np.array([50.0, 60.0, 0.0])).tolist()
    [1.0, 0.5, nan]
    """
    return np.minimum(1.0, calc_share(capacity, lost))


# --------------------------------------------------------------------------- world reduction
def _factor(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Small integer codes and their text labels; categories are used as they are (no string per row)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        k = col.cat.codes.to_numpy()
        names = np.asarray(col.cat.categories.astype(str), dtype=object)
    else:
        k, uniq = pd.factorize(col)
        names = np.asarray(pd.Index(uniq).astype(str), dtype=object)
    if (k < 0).any():  # missing labels become their own (empty) label
        names = np.append(names, "")
        k = np.where(k < 0, len(names) - 1, k)
    return k, names


def _hs6(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    k, names = _factor(col)
    k6, uniq = pd.factorize(pd.Index(names).str[:6])
    return k6.astype(np.int32)[k], np.asarray(uniq, dtype=object)


def _years(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Year codes 0…n−1 and the years, without hashing 11M numbers when the years are a short integer span."""
    y = pd.to_numeric(col).to_numpy()
    if y.dtype.kind in "iu" and len(y) and int(y.max()) - int(y.min()) < 1000:
        lo = int(y.min())
        seen = np.flatnonzero(np.bincount(y - lo))
        lut = np.zeros(seen[-1] + 1, dtype=np.int32)
        lut[seen] = np.arange(len(seen), dtype=np.int32)
        return lut[y - lo], seen + lo
    k, years = pd.factorize(y, sort=True)
    return k, np.asarray(years)


def world_exporters(world: pd.DataFrame, target: str, reporter: str, codes: Iterable[str] | None = None,
                    top_n: int = 10) -> pd.DataFrame:
    """Reduce one world-export file to the exporters of each (year, HS6) product.

    Parameters
    ----------
    world : DataFrame
        TradeFlows of flow ``X`` with reporter = exporter and partner = importer (a BACI
        year: ~11M rows with category columns; only integer arrays are built per row). An
        exporter's ``WLD`` partner rows are its total when present, else its partner rows
        are summed; monthly rows are summed to the year unless annual rows exist for the
        same exporter, product and partner.
    target, reporter : str
        ISO3 of the target supplier and of the importer (Korea).
    codes : iterable of str, optional
        Keep only these products (their first six digits), e.g. those imported from the target.
    top_n : int
        Exporters other than the target listed by name per product.

    Returns
    -------
    DataFrame
        :data:`EXPORTER_COLUMNS`, per (year, hs6) sorted by rank: the target (``role``
        ``target``), the ``top_n`` largest other exporters (``reporter`` for R itself,
        else ``exporter``) and an ``OTHERS`` row (``role`` ``others``, ``n_exporters`` =
        how many it sums) so that rows sum to ``world_export_usd`` and
        ``world_to_reporter_usd``. ``rank`` orders all exporters of the product by export
        value (ties by exporter code). The product-level columns :data:`TOTAL_COLUMNS` are
        computed over all exporters, including the unlisted ones. USD of ``year``.

    Examples
    --------
    >>> x = pd.DataFrame({"year": 2018, "reporter": ["JPN", "JPN", "USA", "CHN"], "flow": "X",
    ...                   "partner": ["KOR", "CHN", "KOR", "USA"], "code": "281111", "value_usd": [6.0, 2.0, 1.0, 3.0]})
    >>> world_exporters(x, "JPN", "KOR", top_n=1)[["exporter", "export_usd", "export_to_reporter_usd"]].values.tolist()
    [['JPN', 8.0, 6.0], ['CHN', 3.0, 0.0], ['OTHERS', 1.0, 1.0]]
    """
    need_columns(world, ["year", "reporter", "partner", "code", "value_usd"], "world exports")
    if int(top_n) != top_n or top_n < 0:
        raise ConfigError(f"top_n must be a whole number ≥ 0, got {top_n!r}")
    ek, exporters = _factor(world["reporter"])
    hk, hs6 = _hs6(world["code"])
    pk, partners = _factor(world["partner"])
    keep = ~(exporters == WORLD)[ek]
    if "flow" in world.columns:
        fk, flows = _factor(world["flow"])
        keep &= (flows == "X")[fk]
    if codes is not None:
        keep &= np.isin(hs6, list({str(c)[:6] for c in codes}))[hk]
    yk, years = _years(world["year"])
    v = world["value_usd"].to_numpy(dtype="float64")
    bad = keep & ~((v >= 0) & (v < np.inf))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError("world exports", f"expected a non-negative value, got {float(v[pos])} (table row {pos + 1})",
                        column="value_usd")
    ny, nh, ne, npar = len(years), len(hs6), len(exporters), len(partners)
    cell = yk.astype(np.int32 if ny * nh * ne < 2**31 else np.int64)
    cell *= nh
    cell += hk
    cell *= ne
    cell += ek
    if "month" in world.columns and (world["month"].fillna(0) != 0).any():
        keep &= _annual_wins(world["month"], cell.astype(np.int64) * npar + pk, keep)
    system = ""
    if "code_system" in world.columns:
        sk, systems = _factor(world["code_system"])
        system = "|".join(sorted(set(systems[np.bincount(sk, weights=keep, minlength=len(systems)) > 0]) - {""}))
    if not keep.all():
        cell, v, pk = cell[keep], v[keep], pk[keep]
    wld_code = np.flatnonzero(partners == WORLD)
    rep_code = np.flatnonzero(partners == reporter)
    to_rep = pk == rep_code[0] if len(rep_code) else np.zeros(len(pk), bool)
    if ny * nh * ne <= _DENSE_MAX_CELLS:  # one dense bincount over every (year, product, exporter)
        ids, cell_of = cell, np.arange(ny * nh * ne, dtype=np.int64)
    else:
        ids, cell_of = pd.factorize(cell, sort=True)
    n = len(cell_of)
    tot = np.bincount(ids, weights=v, minlength=n)
    if len(wld_code):  # an exporter's WLD rows, where given, are its total (not added to its partner rows)
        is_wld = pk == wld_code[0]
        wld = np.bincount(ids[is_wld], weights=v[is_wld], minlength=n)
        tot = np.where(np.bincount(ids[is_wld], minlength=n) > 0, wld, tot - wld)
    rep = np.bincount(ids[to_rep], weights=v[to_rep], minlength=n)
    present = np.flatnonzero(np.bincount(ids, minlength=n) > 0)
    tot, rep = tot[present], rep[present]
    prod, e = np.divmod(cell_of[present], ne)
    prods, pid = np.unique(prod, return_inverse=True)
    totals = _product_totals(pid, e, tot, rep, exporters, target, reporter, len(prods))
    totals.insert(0, "hs6", hs6[prods % nh])
    totals.insert(0, "year", np.asarray(years, dtype="int64")[prods // nh])
    totals["world_code_system"] = system
    return _exporter_rows(pid, e, tot, rep, exporters, target, reporter, int(top_n), totals)


def _annual_wins(month: pd.Series, key: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Rows to keep: monthly rows only where no annual row has the same (year, product, exporter, partner)."""
    m = pd.to_numeric(month).fillna(0).to_numpy() != 0
    ids, _ = pd.factorize(key)
    annual = np.bincount(ids, weights=~m & keep) > 0
    return ~(m & annual[ids])


def _product_totals(pid, e, tot, rep, exporters, target, reporter, n) -> pd.DataFrame:
    is_t = exporters[e] == target
    is_r = exporters[e] == reporter
    alt = ~is_t & ~is_r

    def s(w):
        return np.bincount(pid, weights=w, minlength=n)

    return pd.DataFrame({
        "world_export_usd": s(tot), "world_to_reporter_usd": s(rep), "n_world_exporters": s(tot > 0).astype("int64"),
        "target_export_usd": s(tot * is_t), "target_to_reporter_usd": s(rep * is_t), "reporter_export_usd": s(tot * is_r),
        "alt_export_usd": s(tot * alt), "alt_to_reporter_usd": s(rep * alt), "alt_export_sq_usd": s(tot * tot * alt),
        "n_alt_exporters": s((tot > 0) & alt).astype("int64"),
    })


def _exporter_rows(pid, e, tot, rep, exporters, target, reporter, top_n, totals) -> pd.DataFrame:
    name_rank = np.argsort(np.argsort(exporters.astype(str), kind="stable"), kind="stable")
    pos = np.flatnonzero(tot > 0)
    order = pos[np.lexsort((name_rank[e[pos]], -tot[pos], pid[pos]))]
    rank = np.zeros(len(tot), dtype=np.int64)
    rank[order] = _within(pid[order]) + 1
    is_t = exporters[e] == target
    nt = order[~is_t[order]]
    listed = np.zeros(len(tot), bool)
    listed[nt[_within(pid[nt]) < top_n]] = True
    listed |= is_t & (tot > 0)
    rest = ~listed
    n = len(totals)
    rest_tot = np.bincount(pid[rest], weights=tot[rest], minlength=n)
    rest_rep = np.bincount(pid[rest], weights=rep[rest], minlength=n)
    rest_n = np.bincount(pid[rest], weights=tot[rest] > 0, minlength=n).astype("int64")
    has_rest = (rest_n > 0) | (rest_rep > 0)
    li = np.flatnonzero(listed)
    role = np.where(is_t[li], "target", np.where(exporters[e[li]] == reporter, "reporter", "exporter"))
    rp = np.flatnonzero(has_rest)
    out = pd.DataFrame({
        "_p": np.concatenate([pid[li], rp]),
        "exporter": np.concatenate([exporters[e[li]], np.full(len(rp), OTHERS, dtype=object)]).astype(object),
        "role": np.concatenate([role, np.full(len(rp), "others")]).astype(object),
        "rank": pd.array(np.concatenate([rank[li], np.zeros(len(rp), np.int64)]), dtype="Int64"),
        "export_usd": np.concatenate([tot[li], rest_tot[rp]]),
        "export_to_reporter_usd": np.concatenate([rep[li], rest_rep[rp]]),
        "n_exporters": np.concatenate([np.ones(len(li), np.int64), rest_n[rp]]),
    })
    out.loc[out["role"] == "others", "rank"] = pd.NA
    out["_o"] = out["rank"].fillna(np.iinfo(np.int64).max).to_numpy(dtype=np.int64)
    out = out.sort_values(["_p", "_o"], kind="stable")
    p = out["_p"].to_numpy()
    for c in totals.columns:
        out[c] = totals[c].to_numpy()[p]
    out["world_share"] = calc_share(out["export_usd"].to_numpy(), out["world_export_usd"].to_numpy())
    return out[EXPORTER_COLUMNS].reset_index(drop=True)


def _within(sorted_groups: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal (sorted) group ids: 0, 1, 2, …"""
    n = len(sorted_groups)
    if n == 0:
        return np.zeros(0, np.int64)
    start = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    return np.arange(n) - np.repeat(start, np.diff(np.r_[start, n]))


def world_totals(exporters: pd.DataFrame) -> pd.DataFrame:
    """One row per (year, hs6) of the product-level columns of :func:`world_exporters` output.

    Raises DataError when a year comes from more than one file (the same exporter twice).
    """
    need_columns(exporters, EXPORTER_COLUMNS, "world exporters")
    dup = exporters.duplicated(["year", "hs6", "exporter"])
    if dup.any():
        y = exporters.loc[dup, "year"].iloc[0]
        raise DataError("world exports", f"year {y} appears in more than one world export file; give each year "
                                         "once (exporter totals cannot be combined across files)")
    return exporters.drop_duplicates(["year", "hs6"])[TOTAL_COLUMNS].reset_index(drop=True)


def match_world(products: pd.DataFrame, totals: pd.DataFrame | None, codes: Codes) -> pd.DataFrame:
    """World figures for each product row (same order): ``hs6``, ``world_match`` and the total columns.

    A code of six digits or more meets the world data by its first six digits; reasons go to ``codes``.
    """
    code = products["code"].astype(str).to_numpy(dtype=object)
    n = len(code)
    clen = np.array([len(c) for c in code], dtype=np.int64)
    out = pd.DataFrame({"hs6": np.where(clen >= 6, [c[:6] for c in code], ""), "world_match": "none"})
    out["hs6"] = out["hs6"].astype(object)
    if totals is None:
        for c in _WORLD_VALUES:
            out[c] = np.nan
        codes.add(np.ones(n, bool), "no_world_data")
        return out
    t = totals.set_index(["year", "hs6"])
    key = pd.MultiIndex.from_arrays([products["year"].to_numpy(dtype="int64"), out["hs6"]])
    found = t.index.get_indexer(key) >= 0
    for c in _WORLD_VALUES:
        out[c] = t[c].reindex(key).to_numpy(dtype=float)
    out["world_match"] = np.where(found, np.where(clen == 6, "exact", "hs6_prefix"), "none").astype(object)
    short = clen < 6
    no_year = ~products["year"].isin(set(totals["year"])).to_numpy()
    codes.add(short, "code_shorter_than_hs6")
    codes.add(no_year & ~short, "world_year_missing")
    codes.add(~found & ~no_year & ~short, "not_in_world_data")
    wsys = t["world_code_system"].reindex(key).fillna("").to_numpy(dtype=object)
    psys = products["code_system"].astype(str).to_numpy(dtype=object)
    differs = np.array([w != "" and p.startswith("HS6-") and w.startswith("HS6-") and p != w
                        for p, w in zip(psys, wsys)], dtype=bool)
    codes.add(found & differs, "hs_revision_differs")
    return out


# --------------------------------------------------------------------------- the table
def at_risk(products: pd.DataFrame, year: int | None, what: str = "products") -> pd.DataFrame:
    """Rows of ``year`` (default: the latest) with imports from the target, largest first."""
    need_columns(products, ["year", "code", "code_system", "import_usd", "target_import_usd"], what)
    p = products.assign(year=pd.to_numeric(products["year"]).astype("int64"),
                        code=products["code"].astype(str), code_system=products["code_system"].astype(str))
    yr = int(p["year"].max()) if year is None else int(year)
    if not (p["year"] == yr).any():
        raise DataError(what, f"no rows for year {yr} (years: {', '.join(map(str, sorted(p['year'].unique())))})",
                        column="year")
    p = p[(p["year"] == yr) & (pd.to_numeric(p["target_import_usd"]) > 0)]
    p = p.sort_values(["target_import_usd", "code", "code_system"], ascending=[False, True, True], kind="stable")
    return p.reset_index(drop=True)


def _top_wide(long: pd.DataFrame, pos: str, label: str, value: str, n_rows: int, top_n: int, prefix: str,
              suffix: str) -> dict[str, np.ndarray]:
    """``prefix_i`` / ``prefix_i_suffix`` columns from a long table already sorted best first per ``pos``."""
    cols: dict[str, np.ndarray] = {}
    p = long[pos].to_numpy(dtype=np.int64)
    within = _within(p)
    for i in range(top_n):
        sel = within == i
        names = np.full(n_rows, "", dtype=object)
        vals = np.full(n_rows, np.nan)
        names[p[sel]] = long[label].to_numpy(dtype=object)[sel]
        vals[p[sel]] = long[value].to_numpy(dtype=float)[sel]
        cols[f"{prefix}_{i + 1}"] = names
        cols[f"{prefix}_{i + 1}_{suffix}"] = vals
    return cols


def alternative_suppliers(products: pd.DataFrame, imports_by_partner: pd.DataFrame,
                          exporters: pd.DataFrame | None = None, target: str = "JPN", top_n: int = 5, *,
                          reporter: str = "KOR", year: int | None = None, lang: str | None = None) -> pd.DataFrame:
    """Who could replace the target, for each product imported from it.

    Parameters
    ----------
    products : DataFrame
        The indicator table (:func:`exposure.indicators.product_indicators`): ``year, code,
        code_system, import_usd, target_import_usd`` (``target_share``, ``name`` when present).
    imports_by_partner : DataFrame
        TradeFlows imports (flow ``M``) of ``reporter`` by partner, the rows ``products`` came from.
    exporters : DataFrame, optional
        :func:`world_exporters` output (stacked over files); without it the world columns are NaN
        with the reason ``no_world_data``.
    target : str
    top_n : int
        Suppliers and exporters listed by name.
    reporter : str
    year : int, optional
        The analysis year; the latest in ``products`` by default.
    lang : {"ko", "en"}, optional
        Adds ``reason_text`` in that language.

    Returns
    -------
    DataFrame
        One row per product with M(k,T) > 0, largest first (``rank``): Korea's named suppliers
        other than the target (unknown partners are counted in ``other_import_usd`` but not
        named) with their shares of M(k); the world figures of the module docstring; ``reason``
        codes (:data:`TEXTS`) for every NaN.
    """
    check_lang(lang)
    p = at_risk(products, year)
    yr = int(p["year"].iloc[0]) if len(p) else (year or int(pd.to_numeric(products["year"]).max()))
    n = len(p)
    codes = Codes(n)
    m = _annualise(_select(imports_by_partner, "M", reporter, "imports by partner"))
    m = m[m["year"] == yr]
    if m.empty:
        raise DataError("imports by partner", f"no import rows for year {yr}", column="year")
    named = set(m["partner"]) - {WORLD, UNKNOWN_PARTNER}
    single = len(named) <= 1
    other = m[~m["partner"].isin([WORLD, UNKNOWN_PARTNER, target])]
    other = other.groupby(["code", "code_system", "partner"], as_index=False, observed=True)["value_usd"].sum()
    key = pd.MultiIndex.from_frame(p[["code", "code_system"]])
    other["_p"] = key.get_indexer(pd.MultiIndex.from_frame(other[["code", "code_system"]]))
    other = other[(other["_p"] >= 0) & (other["value_usd"] > 0)]
    other = other.sort_values(["_p", "value_usd", "partner"], ascending=[True, False, True], kind="stable")
    total = pd.to_numeric(p["import_usd"]).to_numpy(dtype=float)
    lost = pd.to_numeric(p["target_import_usd"]).to_numpy(dtype=float)
    other["share"] = calc_share(other["value_usd"].to_numpy(), total[other["_p"].to_numpy()])
    n_other = np.bincount(other["_p"].to_numpy(), minlength=n).astype(float)
    if single:
        n_other[:] = np.nan
    codes.add(np.full(n, single), "single_partner_imports")
    codes.add(np.isnan(total), "no_import_total")
    codes.add(~single & (n_other == 0), "no_other_supplier")

    w = match_world(p, world_totals(exporters) if exporters is not None else None, codes)
    alt = w["alt_export_usd"].to_numpy()
    codes.add(alt == 0, "no_alt_exporters")
    cap = np.where(np.isnan(alt), np.nan, calc_capacity(alt, w["alt_to_reporter_usd"].to_numpy()))
    alts = pd.DataFrame({"_p": pd.Series(dtype="int64"), "exporter": [], "export_usd": []})
    if exporters is not None:  # merged, not indexed: two HSK10 lines can share one HS6
        rows = exporters[(exporters["role"] == "exporter") & (exporters["year"] == yr)]
        alts = pd.DataFrame({"_p": np.arange(n), "hs6": w["hs6"].to_numpy()}).merge(rows, on="hs6")
        alts = alts.sort_values(["_p", "rank"], kind="stable")
    out = p[[c for c in ("year", "code", "code_system", "name") if c in p.columns]].copy()
    out.insert(0, "rank", np.arange(1, n + 1, dtype=np.int64))
    cols = {
        "target": target, "import_usd": total, "target_import_usd": lost, "target_share": calc_share(lost, total),
        "n_other_suppliers": n_other, "other_import_usd": total - lost,
        **_top_wide(other, "_p", "partner", "share", n, top_n, "kor_supplier", "share"),
        "hs6": w["hs6"].to_numpy(), "world_match": w["world_match"].to_numpy(),
        "world_export_usd": w["world_export_usd"].to_numpy(), "target_export_usd": w["target_export_usd"].to_numpy(),
        "target_world_share": calc_share(w["target_export_usd"], w["world_export_usd"]),
        "target_to_reporter_usd": w["target_to_reporter_usd"].to_numpy(), "alt_export_usd": alt,
        "alt_world_hhi": calc_share(w["alt_export_sq_usd"].to_numpy(), alt * alt),
        "n_alt_exporters": w["n_alt_exporters"].to_numpy(),
        **_top_wide(alts, "_p", "exporter", "export_usd", n, top_n, "alt_exporter", "usd"),
        "capacity_usd": cap, "capacity_ratio": calc_share(cap, lost), "coverable_share": calc_coverable_share(cap, lost),
    }
    for c, v in cols.items():
        out[c] = v
    out["reason"] = codes.joined()
    if lang is not None:
        out["reason_text"] = explain(out["reason"], lang)
    return out.reset_index(drop=True)
