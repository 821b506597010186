"""The dependence counts analysts quote: how many products, worth how much, come ≥ 50 % / ≥ 90 % from the target.

For each year and code system (``HS6-2017``, ``HSK10``, … — counts are never mixed across
systems: an HSK10 table is counted line by line, an HS6 table by subheading) and each
threshold τ; a national 10-digit table (HSK10) is also counted by HS6 subheading, its lines
summed to their first six digits (code system ``HSK10→HS6``), so that its count compares with
one made on HS6 data:

- ``n_products`` = #{k : s_k ≥ τ}, s_k = M(k,T) / M(k) (the target share of the indicator table);
- ``target_import_usd`` = Σ M(k,T) and ``import_usd`` = Σ M(k) over those products (USD of ``year``);
- the base: ``n_from_target`` = #{k : M(k,T) > 0} and ``from_target_import_usd`` = Σ M(k,T).

By sector (the producing sector of a product through the HS6 → OECD36 concordance; an
HSK10 line takes the sector of its first six digits) a product split over sectors with weights
w_kj counts **w_kj** in sector j — for the count as for the values — so the sector rows of a
count add up to the total row; ``n_touching`` gives the whole number of products with any
weight in the sector. Products no concordance row covers are counted in sector ``UNALLOCATED``.

A share needs all-partner imports. When the table has imports from one partner only (e.g. the
Comtrade file of Korea's imports from Japan), every share is NaN: the counts are NaN and the
``note`` says ``no_target_share`` instead of counting; the base is still given. Notes are
machine codes with Korean and English texts in :data:`TEXTS` (:func:`explain`).

Reference: HRI counted, on Comtrade HS6 2018, 253 products ≥ 50 % and 48 ≥ 90 % from Japan,
out of ~4,200 products from Japan worth $54.6bn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from exposure.alternatives import Codes, need_columns
from exposure.codes.concordance import allocate as allocate_codes
from exposure.members import isin
from exposure.texts import check_lang, explain_codes
from exposure.errors import ConfigError
from exposure.linkage import check_concordance

TOTAL = "ALL"  # the sector label of the rows over all products
UNALLOCATED = "UNALLOCATED"
COLUMNS = ["year", "code_system", "scope", "sector", "threshold", "n_products", "n_touching", "target_import_usd",
           "import_usd", "target_import_share", "n_from_target", "from_target_import_usd", "n_share_unknown", "note"]
_TOL = 1e-12

TEXTS: dict[str, dict[str, str]] = {
    "total": {"ko": "전체", "en": "all products"},
    "sector": {"ko": "업종별", "en": "by sector"},
    "no_target_share": {
        "ko": "모든 품목의 대상국 수입 비중을 알 수 없음: 한 상대국(예: 일본)으로부터의 수입만 있는 자료이거나 총수입액이 "
              "없음. 품목 수를 세려면 전 상대국 수입 자료가 필요함",
        "en": "the target share is unknown for every product: the imports name one partner only (e.g. imports from "
              "Japan) or have no total; counting needs imports from all partners"},
    "some_share_unknown": {"ko": "일부 품목의 대상국 수입 비중을 알 수 없어 집계에서 제외(n_share_unknown)",
                           "en": "the target share is unknown for some products: left out of the counts "
                                 "(n_share_unknown)"},
    "no_sector": {"ko": "산업 연계표에 없는 품목(업종 미배정)", "en": "products in no concordance row (no sector)"},
}


def explain(reason: str | pd.Series, lang: str = "ko") -> str | pd.Series:
    """Korean or English text of the notes of this module.

    Examples
    --------
    >>> explain("no_sector", "en")
    'products in no concordance row (no sector)'
    """
    return explain_codes(reason, TEXTS, lang)


def calc_counts(share: np.ndarray, target_import: np.ndarray, total_import: np.ndarray, weight: np.ndarray,
                group: np.ndarray, n_groups: int, threshold: float) -> dict[str, np.ndarray]:
    """Weighted counts and values of the products with share ≥ ``threshold``, per group.

    Each element is one (product, group) link with its weight (1 for a product in one group).

    Examples
    --------
    >>> c = calc_counts(np.array([0.95, 0.95, 0.6]), np.array([90., 90., 30.]), np.array([100., 100., 50.]),
    ...                 np.array([0.25, 0.75, 1.0]), np.array([0, 1, 1]), 2, 0.9)
    >>> c["n_products"].tolist(), c["target_import_usd"].tolist(), c["n_touching"].tolist()
    ([0.25, 0.75], [22.5, 67.5], [1, 1])
    """
    hit = (share >= threshold - _TOL) & ~np.isnan(share)
    w = np.where(hit, weight, 0.0)
    return {"n_products": np.bincount(group, weights=w, minlength=n_groups),
            "n_touching": np.bincount(group, weights=hit & (weight > 0), minlength=n_groups).astype("int64"),
            "target_import_usd": np.bincount(group, weights=w * np.nan_to_num(target_import), minlength=n_groups),
            "import_usd": np.bincount(group, weights=w * np.nan_to_num(total_import), minlength=n_groups)}


def _sectors(codes: pd.Series, concordance: str | pd.DataFrame) -> pd.DataFrame:
    """Links ``pos, sector, weight`` of each code (by its first six digits); UNALLOCATED when none."""
    code = codes.astype(str).reset_index(drop=True)
    hs6 = code.str[:6].where(code.str.len() >= 6, "")
    distinct = pd.Series(pd.unique(hs6[hs6 != ""]), dtype=object)
    if isinstance(concordance, str):
        alloc, _unmatched = allocate_codes(distinct, concordance, source="products")
        table = alloc.rename(columns={"code": "from_code", "sector": "to_code"})
    else:
        table = check_concordance(concordance)
    table = table[isin(table["from_code"], distinct)][["from_code", "to_code", "weight"]]
    links = pd.DataFrame({"pos": np.arange(len(code)), "from_code": hs6}).merge(table, on="from_code", how="left")
    links["to_code"] = links["to_code"].fillna(UNALLOCATED).astype(object)
    links["weight"] = links["weight"].fillna(1.0).astype(float)
    return links.rename(columns={"to_code": "sector"})[["pos", "sector", "weight"]]


ROLLED = "→HS6"  # appended to a national system's name for its lines summed to HS6 subheadings


def _hs6_rollup(p: pd.DataFrame) -> pd.DataFrame:
    """The lines of national 10-digit systems (HSK10) summed to their HS6 subheading, every line under it
    included (those without imports from the target too): s = ΣM(k,T) / ΣM(k), unknown when any line's
    total is."""
    fine = p[p["code_system"].str.upper().str.startswith("HSK") & (p["code"].str.len() > 6)]
    if fine.empty:
        return p.iloc[0:0]
    keyed = fine.assign(code=fine["code"].str[:6], code_system=fine["code_system"] + ROLLED,
                        unknown=fine["total"].isna())
    g = keyed.groupby(["year", "code_system", "code"], sort=True)
    out = g.agg(total=("total", "sum"), lost=("lost", "sum"), unknown=("unknown", "any")).reset_index()
    out["total"] = out["total"].where(~out["unknown"])
    out["share"] = out["lost"] / out["total"]
    return out.drop(columns="unknown")


def dependence_counts(products: pd.DataFrame, thresholds: Sequence[float] = (0.5, 0.9),
                      concordance: str | pd.DataFrame | None = "HS6-OECD36", *, lang: str | None = None
                      ) -> pd.DataFrame:
    """Number and value of the products at or above each target-share threshold, overall and by sector.

    Parameters
    ----------
    products : DataFrame
        The indicator table: ``year, code, code_system, import_usd, target_import_usd, target_share``.
    thresholds : sequence of float
        Shares in (0, 1]; a product counts when s ≥ τ.
    concordance : str or DataFrame or None
        A concordance name for :func:`exposure.codes.concordance.allocate` (HS revisions routed)
        or an HS6 table ``from_code, to_code, weight``; None: totals only.
    lang : {"ko", "en"}, optional
        Adds ``note_text`` in that language.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`: per (year, code_system) the ``total`` row (sector ``ALL``) and, with a
        concordance, one ``sector`` row per sector, for each threshold. ``n_products`` is fractional
        on sector rows (weights); ``target_import_share`` = ``target_import_usd`` /
        ``from_target_import_usd``. Counts are NaN when no share is known (``note``).

    Examples
    --------
    >>> p = pd.DataFrame({"year": 2018, "code": ["281111", "370790", "392099"], "code_system": "HS6",
    ...                   "import_usd": [100.0, 50.0, 10.0], "target_import_usd": [95.0, 30.0, 0.0],
    ...                   "target_share": [0.95, 0.6, 0.0]})
    >>> dependence_counts(p, concordance=None)[["threshold", "n_products", "target_import_usd"]].values.tolist()
    [[0.5, 2.0, 125.0], [0.9, 1.0, 95.0]]
    """
    check_lang(lang)
    need_columns(products, ["year", "code", "code_system", "import_usd", "target_import_usd", "target_share"],
                 "products")
    taus = [float(t) for t in thresholds]
    if not taus or any(not 0 < t <= 1 for t in taus):
        raise ConfigError(f"thresholds must be shares in (0, 1], got {list(thresholds)!r}")
    p = pd.DataFrame({"year": pd.to_numeric(products["year"]).astype("int64").to_numpy(),
                      "code": products["code"].astype(str).to_numpy(),
                      "code_system": products["code_system"].astype(str).to_numpy(),
                      "total": pd.to_numeric(products["import_usd"]).to_numpy(dtype=float),
                      "lost": pd.to_numeric(products["target_import_usd"]).to_numpy(dtype=float),
                      "share": pd.to_numeric(products["target_share"]).to_numpy(dtype=float)})
    p = pd.concat([p, _hs6_rollup(p)], ignore_index=True)
    p = p[p["lost"] > 0].reset_index(drop=True)
    gk, groups = pd.factorize(pd.MultiIndex.from_frame(p[["year", "code_system"]]), sort=True)
    ng = len(groups)
    links = [("total", pd.DataFrame({"pos": np.arange(len(p)), "sector": TOTAL, "weight": 1.0}))]
    if concordance is not None:
        links.append(("sector", _sectors(p["code"], concordance)))
    rows = []
    for scope, lk in links:
        pos = lk["pos"].to_numpy()
        sk, sectors = pd.factorize(lk["sector"], sort=True)
        cell = gk[pos] * len(sectors) + sk
        ck, cells = pd.factorize(cell, sort=True)
        w = lk["weight"].to_numpy()
        nc = len(cells)
        base_n = np.bincount(ck, weights=w, minlength=nc)
        base_v = np.bincount(ck, weights=w * p["lost"].to_numpy()[pos], minlength=nc)
        unknown = np.bincount(ck, weights=w * np.isnan(p["share"].to_numpy()[pos]), minlength=nc)
        g_of, s_of = np.divmod(cells, len(sectors))
        g_unknown = np.bincount(gk, weights=np.isnan(p["share"].to_numpy()), minlength=ng)
        g_n = np.bincount(gk, minlength=ng)
        for tau in taus:
            c = calc_counts(p["share"].to_numpy()[pos], p["lost"].to_numpy()[pos], p["total"].to_numpy()[pos],
                            w, ck, nc, tau)
            frame = pd.DataFrame({"year": [groups[g][0] for g in g_of], "code_system": [groups[g][1] for g in g_of],
                                  "scope": scope, "sector": np.asarray(sectors, dtype=object)[s_of],
                                  "threshold": tau, **c, "n_from_target": base_n, "from_target_import_usd": base_v,
                                  "n_share_unknown": unknown})
            none_known = (g_unknown == g_n)[g_of]
            notes = Codes(len(frame))
            notes.add(none_known, "no_target_share")
            notes.add(~none_known & (g_unknown > 0)[g_of], "some_share_unknown")
            notes.add(frame["sector"].to_numpy() == UNALLOCATED, "no_sector")
            for col in ("n_products", "n_touching", "target_import_usd", "import_usd"):
                frame[col] = np.where(none_known, np.nan, frame[col].to_numpy(dtype=float))
            frame["note"] = notes.joined()
            rows.append(frame)
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=COLUMNS)
    if len(out):
        out["target_import_share"] = out["target_import_usd"] / out["from_target_import_usd"]
        out["year"] = out["year"].astype("int64")
        out["_s"] = (out["scope"] != "total").astype(int)
        out = out.sort_values(["year", "code_system", "_s", "sector", "threshold"], kind="stable").drop(columns="_s")
    out = out.reindex(columns=COLUMNS).reset_index(drop=True)
    if lang is not None:
        out["note_text"] = explain(out["note"], lang)
    return out
