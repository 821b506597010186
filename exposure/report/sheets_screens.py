"""The sheets of the time profile, critical inputs and the product screens: 주간 영향 / Time profile,
핵심 투입재 / Critical inputs, 대체 공급처 / Alternatives, 차기 규제 후보 / Next targets, 의존 품목 /
Dependence counts and 조기경보 / Early warning (when monthly imports are given).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exposure.report import view
from exposure.report.labels import text
from exposure.report.money import MILLION_FORMAT
from exposure.report.sheets_detail import Context, noted_table
from exposure.report.sheetwriter import SheetWriter

WEEKLY_SECTORS = 5
WEEKS_PER_BLOCK = 13
ALTERNATIVES_TOP = 40
NEXT_TOP = 40
ALERTS_TOP = 40
_ALT_COLUMNS = ["rank", "code", "code_system", "name", "target_import_usd", "target_share", "n_other_suppliers",
                "kor_supplier_1", "kor_supplier_1_share", "kor_supplier_2", "kor_supplier_2_share", "kor_supplier_3",
                "kor_supplier_3_share", "world_match", "alt_export_usd", "alt_world_hhi", "alt_exporter_1",
                "alt_exporter_2", "alt_exporter_3", "capacity_usd", "coverable_share", "reason"]
_EPISODE_COLUMNS = ["episode", "code", "code_system", "name", "rule_name", "start", "end", "months", "grade",
                    "share_12m", "target_12m_usd", "largest_drop", "lowest_share", "evidence"]
#: the alerts' columns line up with the episodes' (same widths down the sheet), the evidence last in both
_ALERT_COLUMNS = ["episode", "code", "code_system", "name", "rule_name", "period", "target_usd", "target_baseline_usd",
                  "grade", "share_12m", "target_12m_usd", "target_change_vs_baseline", "share_after", "evidence"]
_NEXT_COLUMNS = ["rank", "code", "code_system", "name", "target_import_usd", "target_share", "to_reporter_share",
                 "own_export_ratio", "meets_high_share", "meets_low_cost", "meets_low_own_supply", "n_met", "candidate",
                 "feeds_sector_1", "feeds_rate_1", "feeds_sector_2", "feeds_rate_2", "criteria_unknown", "reason"]


def weekly_table(ctx: Context, n: int = WEEKLY_SECTORS) -> pd.DataFrame:
    """Per scenario its ``n`` largest sectors by SME export at risk: first week output falls, export at risk over
    the horizon (USD million) and the central loss rate of each week (columns ``w1`` …)."""
    res = ctx.results
    wk = res.weekly
    if wk.empty or not {"scenario", "sector", "week", "loss_rate"} <= set(wk.columns):
        return pd.DataFrame()
    names = view.sector_names(res, ctx.lang)
    rows = []
    for scen in view.scenario_order(res):
        r = view.ranking(res, scen)
        value = pd.to_numeric(r.get("sme_export_at_risk_usd"), errors="coerce")
        r = r.assign(_v=value).dropna(subset=["_v"])
        r = r[r["_v"] > 0].sort_values("_v", ascending=False, kind="stable").head(n)
        sub = wk[wk["scenario"] == scen]
        for x in r.itertuples(index=False):
            w = sub[sub["sector"].astype(str) == str(x.sector)].sort_values("week")
            if w.empty:
                continue
            row = {"scenario": ctx.tr.scenario(scen), "sector": str(x.sector),
                   "sector_name": names.get(str(x.sector), str(x.sector)),
                   "first_loss_week": x.first_loss_week, "total": float(x.export_at_risk_usd) / 1e6}
            for week, loss in zip(w["week"].astype(int), pd.to_numeric(w["loss_rate"], errors="coerce")):
                row[f"w{week}"] = loss
            rows.append(row)
    return pd.DataFrame(rows)


def sheet_weekly(ws: Worksheet, ctx: Context) -> None:
    lang = ctx.lang
    w = SheetWriter(ws, lang)
    w.heading(text("weekly_head", lang))
    w.line(text("weekly_note", lang))
    table = weekly_table(ctx)
    if table.empty:
        w.line(text("empty_table", lang))
        w.finish()
        return
    weeks = [c for c in table.columns if c.startswith("w") and c[1:].isdigit()]
    keys = ["scenario", "sector", "sector_name", "first_loss_week", "total"]
    # half a year in two blocks of weeks, one under the other: the page stays readable at A4
    blocks = [weeks[i:i + WEEKS_PER_BLOCK] for i in range(0, len(weeks), WEEKS_PER_BLOCK)]
    for k, block in enumerate(blocks):
        heads = [text("col_scenario", lang), text("sector", lang), text("sector_name", lang),
                 text("col_first_week", lang), text("col_total_h", lang)] + [text("week_n", lang, w=c[1:]) for c in block]
        formats = {"scenario": None, "sector": "@", "sector_name": None, "first_loss_week": "0",
                   "total": MILLION_FORMAT, **{c: "0.00%" for c in block}}
        top, last = w.table(table[keys + block], "TimeProfile" if k == 0 else f"TimeProfile{k + 1}",
                            freeze=(k == 0), column_headers=heads, formats=formats)
        ws.conditional_formatting.add(f"{get_column_letter(6)}{top + 1}:{get_column_letter(5 + len(block))}{last}",
                                      ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                                                     end_type="max", end_color="F4B183"))
    w.finish(compact=True)


def sheet_critical(ws: Worksheet, ctx: Context) -> None:
    w = SheetWriter(ws, ctx.lang)
    w.heading(text("critical_head", ctx.lang))
    noted_table(w, ctx.shown(ctx.results.critical, "critical"), "Critical")
    w.finish(compact=True)


def sheet_alternatives(ws: Worksheet, ctx: Context) -> None:
    from exposure.alternatives import ASSUMPTIONS

    lang = ctx.lang
    w = SheetWriter(ws, lang)
    a = ctx.results.alternatives
    w.heading(text("alternatives_head", lang, n=ALTERNATIVES_TOP))
    if len(a):
        top = a.sort_values("target_import_usd", ascending=False, kind="stable").head(ALTERNATIVES_TOP)
        cols = [c for c in _ALT_COLUMNS if c in top.columns]
        shown = ctx.shown(top[cols], "alternatives")
        noted_table(w, _filled_columns(shown), "Alternatives")
        w.line(text("compact_note", lang, shown=len(top), rest=max(0, len(a) - len(top)), table="alternatives"))
    else:
        w.line(text("empty_table", lang))
    w.heading(text("alternatives_assumptions", lang))
    for item in ASSUMPTIONS.values():
        w.paragraph(item[lang], columns=8)
    w.finish(compact=True)


def _filled(col: pd.Series) -> bool:
    """A column worth a place on a sheet: some value that is neither missing nor empty text."""
    s = col.dropna()
    return bool(len(s)) and not (s.astype(str).str.strip() == "").all()


def _filled_columns(shown: pd.DataFrame) -> pd.DataFrame:
    """``shown`` without its empty columns (the product's rank, code, name and reason always stay)."""
    return shown[[c for c in shown.columns if c in ("rank", "code", "name", "reason") or _filled(shown[c])]]


def sheet_next_targets(ws: Worksheet, ctx: Context) -> None:
    lang = ctx.lang
    w = SheetWriter(ws, lang)
    nt = ctx.results.next_targets
    w.heading(text("next_head", lang))
    if len(nt):
        cand = nt[nt["candidate"].fillna(False).astype(bool)] if "candidate" in nt.columns else nt.iloc[0:0]
        if len(cand):
            top = cand.head(NEXT_TOP)
        else:
            w.line(text("next_none", lang))
            n_met = pd.to_numeric(nt.get("n_met", 0), errors="coerce").fillna(0)
            top = nt.assign(_n=n_met).sort_values(["_n", "target_import_usd"], ascending=False,
                                                  kind="stable").drop(columns="_n").head(20)
            w.line(text("next_partial", lang, n=len(top)))
        cols = [c for c in _NEXT_COLUMNS if c in top.columns]
        shown = ctx.shown(top[cols], "next_targets")
        noted_table(w, _filled_columns(shown), "NextTargets")
    else:
        w.line(text("empty_table", lang))
    w.finish(compact=True)


def sheet_dependence(ws: Worksheet, ctx: Context) -> None:
    lang = ctx.lang
    w = SheetWriter(ws, lang)
    d = ctx.results.dependence
    w.heading(text("dependence_head", lang))
    if len(d):
        keep = (d["scope"].astype(str) == "total") | (pd.to_numeric(d.get("n_from_target"), errors="coerce") > 0)
        noted_table(w, ctx.shown(d[keep], "dependence"), "Dependence")
    else:
        w.line(text("empty_table", lang))
    w.finish(compact=True)


def early_warning_tables(config, panel: pd.DataFrame, alerts: pd.DataFrame, eps: pd.DataFrame,
                         lang: str) -> dict[str, pd.DataFrame]:
    """The early warning in ``lang``: the rules, the grades' meanings, episodes and alerts (most recent first).

    The alerts' evidence and rule names are the monitor's own texts: when the run was made in
    another language they are written again in ``lang`` from the panel (same rules, same alerts).
    """
    from exposure.monitor import episodes, find_alerts, grade_table
    from exposure.screens import alert_rules

    rules = alert_rules(config)
    if config.lang != lang and len(panel):
        alerts = find_alerts(panel, rules, lang=lang)
        eps = episodes(alerts)
    if len(alerts):
        alerts = alerts.sort_values(["year", "month", "code"], ascending=[False, False, True], kind="stable")
    if len(eps):
        eps = eps.sort_values(["start", "grade"], ascending=[False, True], kind="stable")
    return {"rules": rules.describe(lang), "grades": grade_table(rules, lang), "episodes": eps, "alerts": alerts}


def sheet_early_warning(ws: Worksheet, ctx: Context) -> None:
    lang, res = ctx.lang, ctx.results
    w = SheetWriter(ws, lang)
    w.heading(text("ew_head", lang))
    if res.monitor_panel.empty:
        w.line(text("ew_no_monthly", lang))
        w.finish()
        return
    write_early_warning(w, early_warning_tables(res.config, res.monitor_panel, res.alerts, res.episodes, lang), ctx)
    w.finish(compact=True)


def write_early_warning(w: SheetWriter, tables: dict[str, pd.DataFrame], ctx: Context | None) -> None:
    """The early-warning sections (rules, grades, episodes, alerts) on ``w``'s sheet."""
    lang = w.lang

    def shown(df: pd.DataFrame, name: str) -> pd.DataFrame:
        out = ctx.shown(df, name) if ctx is not None else df
        return out[[c for c in df.columns if c in out.columns]]  # the order given: the two tables line up

    # rules and grades as lines: their long texts must not widen the tables' columns below
    w.heading(text("ew_rules", lang))
    for r in tables["rules"].itertuples(index=False):
        w.paragraph(f"• {r.rule_name}: {r.condition}", columns=10)
    w.heading(text("ew_grades", lang))
    grades = tables["grades"]
    for r in grades.itertuples(index=False):
        w.paragraph(text("ew_grade_line", lang, grade=r.grade, points=r.points, meaning=r.meaning), columns=10)
    if len(grades) and "basis" in grades.columns:
        w.paragraph(str(grades["basis"].iloc[0]), columns=10)
    w.heading(text("ew_episodes", lang))
    if tables["episodes"].empty:
        w.line(text("ew_none", lang))
    else:
        w.table(shown(tables["episodes"][[c for c in _EPISODE_COLUMNS if c in tables["episodes"].columns]],
                      "episodes"), "Episodes")
    if len(tables["alerts"]):
        w.heading(text("ew_alerts", lang, n=ALERTS_TOP))
        a = tables["alerts"].head(ALERTS_TOP)
        w.table(shown(a[[c for c in _ALERT_COLUMNS if c in a.columns]], "alerts"), "Alerts")


def has_table(df: pd.DataFrame | None) -> bool:
    return df is not None and isinstance(df, pd.DataFrame) and len(df.columns) > 0 and len(df) > 0 \
        and not bool(np.all(df.isna().to_numpy()))
