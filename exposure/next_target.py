"""What the target could restrict next at little cost to itself (the KERI screen, late 2019).

A product k imported by R (Korea) from the target T is a candidate when all three hold:

==================  ===========================================  ============================
criterion           value                                        default test
==================  ===========================================  ============================
``high_share``      s = M(k,T) / M(k), Korea's import share      s ≥ 0.7
                    from the target (Korea's imports)
``low_cost``        c = X(T,k→R) / X(T,k), the part of T's       c ≤ 0.3
                    world exports of k that goes to R (world
                    export data, HS6): restricting it costs T
                    little
``low_own_supply``  o = X_R(k) / M(k), Korea's own exports       o ≤ 0.5
                    against its imports: Korea cannot fall back
                    on its own output
==================  ===========================================  ============================

Thresholds are :class:`ScreenThresholds`. A criterion the inputs cannot evaluate is NaN
(not met, not failed) and the ``reason`` column says why, with machine codes whose Korean
and English texts are in :data:`TEXTS` (:func:`explain`).

Korea's own exports X_R(k) come from the indicator table's ``export_usd`` (the reporter's
exports in the product's own code system) and, where that is missing, for HS6 products from
the world export data (the reporter as exporter); ``own_export_source`` says which.

Candidates are ranked by imports from the target M(k,T), largest first: the larger the flow,
the harder a restriction hits Korea while, by ``low_cost``, it costs the target little.
With ``feeds`` (product → sector rates from the input–output linkage) each product lists
the sectors resting most on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from exposure.alternatives import (TEXTS as _ALT_TEXTS, Codes, _within, at_risk, 
                                   match_world, need_columns, world_totals)
from exposure.texts import check_lang, explain_codes
from exposure.errors import ConfigError, DataError
from exposure.indicators import calc_share

CRITERIA = ("high_share", "low_cost", "low_own_supply")
_TOL = 1e-12  # shares computed as ratios land a hair off a threshold (0.7 → 0.69999…)

TEXTS: dict[str, dict[str, str]] = {
    **_ALT_TEXTS,
    "high_share": {"ko": "대상국 수입 의존도 높음", "en": "high import share from the target"},
    "low_cost": {"ko": "대상국의 대한 수출 비중 작음(규제 비용 작음)",
                 "en": "small part of the target's exports goes to the reporter (cheap to restrict)"},
    "low_own_supply": {"ko": "자국 수출이 수입에 비해 작음(자체 공급 부족)",
                       "en": "own exports small against imports (little own supply)"},
    "share_unknown": {"ko": "대상국 수입 비중 계산 불가(총수입액 없음)",
                      "en": "target share unknown (no total imports)"},
    "cost_unknown": {"ko": "대상국 수출 중 대한 비중 계산 불가(세계 수출 자료 필요)",
                     "en": "part of the target's exports going to the reporter unknown (needs world export data)"},
    "own_unknown": {"ko": "자국 수출 대비 수입 계산 불가", "en": "own exports against imports unknown"},
    "own_exports_missing": {"ko": "자국 수출 자료 없음", "en": "no own export data for this product"},
    "own_exports": {"ko": "자국 수출 자료", "en": "own export data"},
    "world_data": {"ko": "세계 수출 자료(보고국 수출)", "en": "world export data (the reporter as exporter)"},
    "feeds_not_given": {"ko": "업종 연결(feeds) 자료 없음", "en": "no product → sector rates given"},
    "no_feeds_rows": {"ko": "이 품목의 업종 연결 없음", "en": "no sector rates for this product"},
}


def explain(reason: str | pd.Series, lang: str = "ko") -> str | pd.Series:
    """Korean or English text of the codes of this module (criteria, reasons, sources).

    Examples
    --------
    >>> explain("high_share;own_unknown", "en")
    'high import share from the target; own exports against imports unknown'
    """
    return explain_codes(reason, TEXTS, lang)


@dataclass(frozen=True)
class ScreenThresholds:
    """Thresholds of the screen (KERI, 2019).

    Examples
    --------
    >>> ScreenThresholds().min_target_share, ScreenThresholds(max_to_reporter_share=0.2).max_to_reporter_share
    (0.7, 0.2)
    """

    min_target_share: float = 0.7  # high_share: s ≥ this
    max_to_reporter_share: float = 0.3  # low_cost: X(T,k→R) / X(T,k) ≤ this
    max_own_export_ratio: float = 0.5  # low_own_supply: X_R(k) / M(k) ≤ this

    def __post_init__(self) -> None:
        for name in ("min_target_share", "max_to_reporter_share"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"{name} must be a share in [0, 1], got {v!r}")
        if not self.max_own_export_ratio >= 0:
            raise ConfigError(f"max_own_export_ratio must be ≥ 0, got {self.max_own_export_ratio!r}")


def calc_criteria(share: np.ndarray, to_reporter: np.ndarray, own_ratio: np.ndarray,
                  thresholds: ScreenThresholds = ScreenThresholds()) -> np.ndarray:
    """The three tests as an (n, 3) array: 1.0 met, 0.0 failed, NaN unknown.

    Examples
    --------
    >>> calc_criteria(np.array([0.8, 0.5]), np.array([0.1, np.nan]), np.array([0.5, 2.0])).tolist()
    [[1.0, 1.0, 1.0], [0.0, nan, 0.0]]
    """
    t = thresholds
    tests = [(np.asarray(share, float), lambda x: x >= t.min_target_share - _TOL),
             (np.asarray(to_reporter, float), lambda x: x <= t.max_to_reporter_share + _TOL),
             (np.asarray(own_ratio, float), lambda x: x <= t.max_own_export_ratio + _TOL)]
    return np.column_stack([np.where(np.isnan(x), np.nan, f(x).astype(float)) for x, f in tests])


def _bool(col: np.ndarray) -> pd.arrays.BooleanArray:
    arr = pd.array(col == 1.0, dtype="boolean")
    arr[np.isnan(col)] = pd.NA
    return arr


def _feeds(feeds: pd.DataFrame, p: pd.DataFrame, top: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    need_columns(feeds, ["code", "sector", "rate"], "feeds")
    f = feeds.reset_index(drop=True)
    rate = pd.to_numeric(f["rate"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(rate) | (rate < 0)
    if bad.any():
        r = int(np.flatnonzero(bad)[0])
        raise DataError("feeds", f"expected a rate ≥ 0, got {f['rate'].iloc[r]!r}", row=r + 1, column="rate")
    on = ["code", "code_system"] if "code_system" in f.columns else ["code"]
    f = pd.DataFrame({**{c: f[c].astype(str) for c in on}, "sector": f["sector"].astype(str), "rate": rate})
    dup = f.duplicated(on + ["sector"])
    if dup.any():
        r = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError("feeds", f"product {f['code'].iloc[r]} and sector {f['sector'].iloc[r]} appear twice "
                                 "(expected one rate per product and sector)", row=r + 1, column="sector")
    key = pd.MultiIndex.from_frame(p[on]) if len(on) > 1 else pd.Index(p["code"])
    fkey = pd.MultiIndex.from_frame(f[on]) if len(on) > 1 else pd.Index(f["code"])
    f["_p"] = key.get_indexer(fkey)
    f = f[f["_p"] >= 0].sort_values(["_p", "rate", "sector"], ascending=[True, False, True], kind="stable")
    n = len(p)
    cols: dict[str, np.ndarray] = {}
    pos = f["_p"].to_numpy()
    within = _within(pos)
    for i in range(top):
        sel = within == i
        s = np.full(n, "", dtype=object)
        r = np.full(n, np.nan)
        s[pos[sel]] = f["sector"].to_numpy(dtype=object)[sel]
        r[pos[sel]] = f["rate"].to_numpy()[sel]
        cols[f"feeds_sector_{i + 1}"], cols[f"feeds_rate_{i + 1}"] = s, r
    has = np.zeros(n, bool)
    has[pos] = True
    return cols, has


def next_targets(products: pd.DataFrame, exporters: pd.DataFrame | None = None, feeds: pd.DataFrame | None = None,
                 thresholds: ScreenThresholds = ScreenThresholds(), *, year: int | None = None, top_sectors: int = 3,
                 lang: str | None = None) -> pd.DataFrame:
    """Screen the products imported from the target for the next restriction.

    Parameters
    ----------
    products : DataFrame
        The indicator table: ``year, code, code_system, import_usd, target_import_usd``,
        and ``target``, ``export_usd`` (own exports), ``name`` when present.
    exporters : DataFrame, optional
        :func:`exposure.alternatives.world_exporters` output; without it ``low_cost`` is unknown.
    feeds : DataFrame, optional
        ``code, [code_system,] sector, rate``: the share of the sector's output resting on the product.
    thresholds : ScreenThresholds
    year : int, optional
        The analysis year (default: the latest in ``products``).
    top_sectors : int
        Sectors listed per product (``feeds_sector_i``, ``feeds_rate_i``), by rate.
    lang : {"ko", "en"}, optional
        Adds ``criteria_met_text`` and ``reason_text`` in that language.

    Returns
    -------
    DataFrame
        One row per product with M(k,T) > 0: the values behind each criterion (``target_share``,
        ``to_reporter_share``, ``own_export_ratio``) and their inputs (USD of ``year``), a nullable
        boolean per criterion (``meets_high_share`` …; NA when unknown), ``criteria_met`` and
        ``criteria_unknown`` (codes), ``n_met``, ``candidate`` (True: all three met; False: one
        failed; NA: none failed but some unknown), ``rank`` (candidates only, by M(k,T)),
        the feeding sectors and ``reason``. Candidates first, then the undecided, then the rest,
        each by M(k,T) descending.
    """
    check_lang(lang)
    if int(top_sectors) != top_sectors or top_sectors < 0:
        raise ConfigError(f"top_sectors must be a whole number ≥ 0, got {top_sectors!r}")
    p = at_risk(products, year)
    n = len(p)
    codes = Codes(n)
    w = match_world(p, world_totals(exporters) if exporters is not None else None, codes)
    total = pd.to_numeric(p["import_usd"]).to_numpy(dtype=float)
    lost = pd.to_numeric(p["target_import_usd"]).to_numpy(dtype=float)
    share = calc_share(lost, total)
    t_exp = w["target_export_usd"].to_numpy()
    to_rep = calc_share(w["target_to_reporter_usd"].to_numpy(), t_exp)
    codes.add(t_exp == 0, "target_no_world_exports")
    own = (pd.to_numeric(p["export_usd"]).to_numpy(dtype=float) if "export_usd" in p.columns
           else np.full(n, np.nan))
    from_world = np.isnan(own) & (w["world_match"].to_numpy() == "exact")
    source = np.where(~np.isnan(own), "own_exports", np.where(from_world, "world_data", "")).astype(object)
    own = np.where(from_world, w["reporter_export_usd"].to_numpy(), own)
    codes.add(np.isnan(own), "own_exports_missing")
    own_ratio = calc_share(own, total)
    codes.add(np.isnan(total), "no_import_total")
    crit = calc_criteria(share, to_rep, own_ratio, thresholds)
    for j, unknown in enumerate(("share_unknown", "cost_unknown", "own_unknown")):
        codes.add(np.isnan(crit[:, j]), unknown)
    n_met = (crit == 1.0).sum(axis=1)
    failed = (crit == 0.0).any(axis=1)
    unknown_any = np.isnan(crit).any(axis=1)
    cand = np.where(failed, 0.0, np.where(unknown_any, np.nan, 1.0))

    out = p[[c for c in ("year", "code", "code_system", "name") if c in p.columns]].copy()
    out["target"] = p["target"].astype(str).to_numpy() if "target" in p.columns else ""
    out["target_import_usd"] = lost
    out["import_usd"] = total
    out["target_share"] = share
    out["hs6"] = w["hs6"].to_numpy()
    out["world_match"] = w["world_match"].to_numpy()
    out["target_export_usd"] = t_exp
    out["target_to_reporter_usd"] = w["target_to_reporter_usd"].to_numpy()
    out["to_reporter_share"] = to_rep
    out["own_export_usd"] = own
    out["own_export_source"] = source
    out["own_export_ratio"] = own_ratio
    for j, c in enumerate(CRITERIA):
        out[f"meets_{c}"] = _bool(crit[:, j])
    out["criteria_met"] = _join(crit == 1.0)
    out["criteria_unknown"] = _join(np.isnan(crit))
    out["n_met"] = n_met.astype("int64")
    out["candidate"] = _bool(cand)
    if feeds is not None:
        cols, has = _feeds(feeds, p, int(top_sectors))
        codes.add(~has, "no_feeds_rows")
    else:
        cols = {}
        for i in range(int(top_sectors)):
            cols[f"feeds_sector_{i + 1}"], cols[f"feeds_rate_{i + 1}"] = np.full(n, "", object), np.full(n, np.nan)
        codes.add(np.ones(n, bool), "feeds_not_given")
    for c, v in cols.items():
        out[c] = v
    out["reason"] = codes.joined()
    order = np.where(cand == 1.0, 0, np.where(np.isnan(cand), 1, 2))
    out = out.assign(_o=order).sort_values(["_o", "target_import_usd", "code", "code_system"],
                                           ascending=[True, False, True, True], kind="stable")
    is_cand = (out["_o"] == 0).to_numpy()
    rank = pd.array(np.where(is_cand, np.cumsum(is_cand), 0), dtype="Int64")
    rank[~is_cand] = pd.NA
    out.insert(0, "rank", rank)
    out = out.drop(columns="_o").reset_index(drop=True)
    if lang is not None:
        out["criteria_met_text"] = explain(out["criteria_met"], lang)
        out["reason_text"] = explain(out["reason"], lang)
    return out


def _join(mask: np.ndarray) -> np.ndarray:
    c = Codes(mask.shape[0])
    for j, name in enumerate(CRITERIA):
        c.add(mask[:, j], name)
    return c.joined()
