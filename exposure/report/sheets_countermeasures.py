"""The counter-measure sheets (exposure.countermeasures): 대응책 / Counter-measures — what each remedy removes
by scenario, its cost and effect per won, and the sectors it helps most — and 수출 상위 100대 품목 /
Top-100 items — the items' value at risk, the imported inputs behind it and the remedy that removes most.

Names, kinds, cost bases and rank bases are shown in the reader's language (the package's own texts,
:func:`exposure.countermeasures.texts.explain`); the full tables are the CSV/Parquet files.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from exposure.report import view
from exposure.report.compact import top_with_rest
from exposure.report.labels import text
from exposure.report.sheets_detail import Context
from exposure.report.sheetwriter import SheetWriter

SECTORS_PER_MEASURE = 5
ITEMS_TOP = 25
_SUMMARY_COLUMNS = ["scenario", "countermeasure_name", "kinds", "rank", "sme_export_at_risk_usd",
                    "sme_export_at_risk_after_usd", "sme_export_at_risk_removed_usd", "sme_removed_share",
                    "sme_export_at_risk_low_removed_usd", "sme_export_at_risk_high_removed_usd",
                    "export_at_risk_removed_usd", "shortfall_removed_usd", "cost_krw", "sme_usd_removed_per_million_krw",
                    "rank_per_won", "cost_basis"]
_SECTOR_COLUMNS = ["scenario", "countermeasure_name", "sector", "sector_name", "baseline_rank", "sme_export_at_risk_usd",
                   "sme_export_at_risk_after_usd", "sme_export_at_risk_removed_usd"]
_ITEM_COLUMNS = ["scenario", "rank", "item_code", "item_name", "export_usd", "item_sme_share", "export_at_risk_low_usd",
                 "export_at_risk_usd", "export_at_risk_high_usd", "sme_export_at_risk_usd", "driver_1_code",
                 "driver_1_name", "driver_1_share_of_item", "driver_2_code", "driver_2_name", "driver_3_code",
                 "driver_3_name", "best_countermeasure_name", "best_removed_usd", "best_removed_share",
                 "no_data_reason"]


def _explain(values: pd.Series, lang: str) -> pd.Series:
    from exposure.countermeasures.texts import explain

    return explain(values.fillna("").astype(str), lang)


def _named(df: pd.DataFrame, prefix: str, lang: str) -> pd.DataFrame:
    """One ``<prefix>_name`` column in the reader's language from ``<prefix>_name_ko``/``_en`` (the other dropped)."""
    ko, en = f"{prefix}_name_ko", f"{prefix}_name_en"
    if ko not in df.columns and en not in df.columns:
        return df
    first, second = (ko, en) if lang == "ko" else (en, ko)
    a = df[first].fillna("").astype(str) if first in df.columns else pd.Series("", index=df.index)
    b = df[second].fillna("").astype(str) if second in df.columns else pd.Series("", index=df.index)
    out = df.drop(columns=[c for c in (ko, en) if c in df.columns])
    out[f"{prefix}_name"] = a.where(a != "", b)
    return out


def sheet_countermeasures(ws: Worksheet, ctx: Context) -> None:
    lang, res = ctx.lang, ctx.results
    w = SheetWriter(ws, lang)
    w.heading(text("cm_head", lang))
    cm = res.countermeasures
    table = _named(cm, "countermeasure", lang)
    for col in ("kinds", "cost_basis", "rank_basis"):
        if col in table.columns:
            table[col] = _explain(table[col], lang)
    shown = ctx.shown(table[[c for c in _SUMMARY_COLUMNS if c in table.columns]], "countermeasures")
    w.table(shown, "CounterMeasures", freeze=True)
    w.line(text("cm_not_additive", lang))
    sectors = getattr(res, "countermeasure_sectors", pd.DataFrame())
    if isinstance(sectors, pd.DataFrame) and len(sectors):
        s = _named(sectors, "countermeasure", lang) if "countermeasure_name_ko" in sectors.columns else sectors
        if "countermeasure_name" not in s.columns and "countermeasure" in s.columns:
            names = dict(zip(cm["countermeasure"], _named(cm, "countermeasure", lang)["countermeasure_name"]))
            s = s.assign(countermeasure_name=s["countermeasure"].map(names).fillna(s["countermeasure"]))
        value = pd.to_numeric(s["sme_export_at_risk_removed_usd"], errors="coerce")
        s = s.assign(_v=value).sort_values("_v", ascending=False, kind="stable")
        s = s[s["_v"] > 0].groupby(["scenario", "countermeasure"], sort=False).head(SECTORS_PER_MEASURE)
        order = {x: i for i, x in enumerate(view.scenario_order(res))}
        s = s.assign(_s=s["scenario"].map(order)).sort_values(["_s", "countermeasure", "_v"],
                                                              ascending=[True, True, False], kind="stable")
        w.heading(text("cm_sectors_head", lang, n=SECTORS_PER_MEASURE))
        shown = ctx.shown(s.drop(columns=["_v", "_s"]), "countermeasure_sectors")
        w.table(shown[[c for c in _SECTOR_COLUMNS if c in shown.columns]], "CounterMeasureSectors")
    w.finish(compact=True)


def sheet_top100(ws: Worksheet, ctx: Context) -> None:
    lang, res = ctx.lang, ctx.results
    w = SheetWriter(ws, lang)
    w.heading(text("top100_head", lang))
    t = _named(_named(res.top100, "item", lang), "best_countermeasure", lang)
    for i in (1, 2, 3):
        col = f"driver_{i}_name"
        ko, en = f"{col}_ko", f"{col}_en"
        if ko in t.columns or en in t.columns:  # the driver's name in the reader's language (the engine's own last)
            pick = t[ko if lang == "ko" else en].fillna("").astype(str) if (ko if lang == "ko" else en) in t.columns \
                else pd.Series("", index=t.index)
            fallback = t[col].fillna("").astype(str) if col in t.columns else pd.Series("", index=t.index)
            t = t.drop(columns=[c for c in (ko, en) if c in t.columns]).assign(**{col: pick.where(pick != "", fallback)})
    table, rest = top_with_rest(t, "sme_export_at_risk_usd", ITEMS_TOP,
                                [c for c in ("export_usd", "export_at_risk_low_usd", "export_at_risk_usd",
                                             "export_at_risk_high_usd", "sme_export_at_risk_usd", "best_removed_usd")
                                 if c in t.columns],
                                "item_name", text("rest_items", lang, n="{n}"), by=["scenario"])
    if rest:
        w.line(text("compact_note", lang, shown=len(table), rest=rest, table="top100"))
    shown = ctx.shown(table[[c for c in _ITEM_COLUMNS if c in table.columns]], "top100")
    w.table(shown, "Top100", freeze=True)
    w.finish(compact=True)


BUILDERS = {"countermeasures": sheet_countermeasures, "top100": sheet_top100}
