"""The detail sheets: sectors, products, shocks, drivers, export items, scenarios side by side, uncertainty,
validation — what matters on the sheet (top-N, the rest summed), the full tables in CSV/Parquet.

Every table is shown in the reader's language (:func:`exposure.report.display.display`); a line
above a shortened table says what was left out and where the full table is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from exposure.report import view
from exposure.report.compact import (DRIVERS_CSV_MIN_SHARE, DRIVERS_CSV_TOP, dropped_by_reason, top_with_rest)
from exposure.report.display import display, product_names
from exposure.report.labels import header, text
from exposure.report.sheetwriter import GROUP_FILL, SEP, SheetWriter, display_width, put
from exposure.report.translate import Translator, translator
from exposure.results import Results

PRODUCTS_TOP = 50
SHOCKS_TOP = 20
ITEMS_TOP = 25
DRIVERS_SECTORS = 5
DRIVERS_PRODUCTS = 5
UNCERTAINTY_TOP = 15
NAME_CHARS = 42  # product names on the sheets (the full names are in the CSV tables)
#: the Sectors sheet's printed columns, first (the others follow on screen)
SECTOR_KEY_COLUMNS = ["scenario", "rank", "sector", "sector_name", "sme_export_at_risk_low_usd", "sme_export_at_risk_usd",
                      "sme_export_at_risk_high_usd", "export_at_risk_usd", "exposure_rate_low", "exposure_rate",
                      "exposure_rate_high", "sme_share", "export_usd", "first_loss_week", "demand_at_risk_usd",
                      "sme_demand_at_risk_usd", "flags", "no_data_reason"]


class Context:
    """What every sheet of one workbook shares: the results, the language, the translator, product names."""

    def __init__(self, results: Results, lang: str) -> None:
        self.results = results
        self.lang = lang
        self.tr: Translator = translator(results, lang)
        self.names = product_names(results, lang)

    def shown(self, df: pd.DataFrame, table: str) -> pd.DataFrame:
        """An engine table as the reader sees it: documented order, names beside codes, translated."""
        out = view.with_names(view.ordered(_plain_index(df), table), self.results, self.lang)
        out = display(out, table, self.results, self.lang, self.tr, self.names)
        if "name" in out.columns:
            out["name"] = out["name"].map(_short)
        return out


#: a text column whose values are few and long is shown as marks (※1 …) with the texts under the table
LEGEND_MAX_VALUES = 6
LEGEND_MIN_CHARS = 30


def footnotes(df: pd.DataFrame, columns: tuple[str, ...] = ("reasons", "reason", "no_data_reason", "notes", "note",
                                                             "supply_basis", "criteria_unknown")
              ) -> tuple[pd.DataFrame, list[str]]:
    """``df`` with long, repeated texts replaced by marks, and the lines that explain the marks.

    A column qualifies when it holds at most :data:`LEGEND_MAX_VALUES` distinct texts and one of
    them is at least :data:`LEGEND_MIN_CHARS` characters long: the rows stay one line high.
    """
    out = df.copy()
    lines: list[str] = []
    n = 0
    for col in columns:
        if col not in out.columns or not (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])):
            continue
        values = [v for v in pd.unique(out[col].dropna()) if isinstance(v, str) and v.strip()]
        if not values or len(values) > LEGEND_MAX_VALUES or max(len(v) for v in values) < LEGEND_MIN_CHARS:
            continue
        marks = {}
        for v in values:
            n += 1
            marks[v] = f"※{n}"
            lines.append(f"※{n} {v}")
        out[col] = out[col].map(lambda v: marks.get(v, v))
    return out, lines


def noted_table(w: SheetWriter, df: pd.DataFrame, name: str) -> None:
    """``df`` as a frozen-header table with its long repeated texts as marks, the marks explained below it."""
    shown, notes = footnotes(df)
    w.table(shown, name, freeze=True)
    for line in notes:
        w.line(line)


def _short(name: object) -> object:
    """A product name cut to :data:`NAME_CHARS` display columns, Hangul counted double (rows stay one line high)."""
    if not isinstance(name, str) or display_width(name) <= NAME_CHARS:
        return name
    out, used = [], 0
    for ch in name:
        w = display_width(ch)
        if used + w > NAME_CHARS - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def _plain_index(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a plain row index: a named index becomes columns, an unnamed one (left by sorting) is dropped."""
    if isinstance(df.index, pd.RangeIndex):
        return df
    return df.reset_index(drop=all(n is None for n in df.index.names))


def sheet_sectors(ws: Worksheet, ctx: Context) -> None:
    w = SheetWriter(ws, ctx.lang)
    s = ctx.results.sectors
    if not s.empty:
        w.line(text("sectors_note", ctx.lang))
    shown = ctx.shown(s, "sectors")
    key = [c for c in SECTOR_KEY_COLUMNS if c in shown.columns]
    shown = shown[key + [c for c in shown.columns if c not in key]]
    noted_table(w, shown, "Sectors")
    w.finish(compact=True, print_columns=len(key) if len(shown.columns) > len(key) else None)


def sheet_products(ws: Worksheet, ctx: Context) -> None:
    w = SheetWriter(ws, ctx.lang)
    p = ctx.results.products
    table, rest = top_with_rest(p, "target_import_usd", PRODUCTS_TOP, ["import_usd", "target_import_usd",
                                                                     "world_export_usd", "export_usd"],
                                "name", text("rest_products", ctx.lang, n="{n}")) if len(p) else (p, 0)
    if rest:
        w.line(text("products_note", ctx.lang, n=PRODUCTS_TOP, rest=rest, total=len(p)))
    shown = ctx.shown(table, "products")
    w.table(shown.drop(columns=[c for c in ("reasons",) if c in shown.columns]), "Products", freeze=True)
    if "reasons" in p.columns:
        w.heading(text("reasons_head", ctx.lang))
        # under the names (the widest column): the long reasons do not widen the table's first columns
        at = list(shown.columns).index("name") + 1 if "name" in shown.columns else 1
        w.table(reason_counts(p["reasons"], ctx.tr), "ProductReasons", left=at,
                column_headers=[header("reasons", ctx.lang), text("col_products", ctx.lang)],
                formats={"reason": None, "n": "#,##0"})
    w.finish(compact=True)


def reason_counts(reasons: pd.Series, tr: Translator) -> pd.DataFrame:
    """How many products each reason (one part of the ``"; "``-joined reasons) concerns, most first."""
    counts: dict[str, int] = {}
    for text_, n in reasons.fillna("").astype(str).value_counts().items():
        for part in tr.text(text_).split("; ") if text_ else []:
            counts[part] = counts.get(part, 0) + int(n)
    out = pd.DataFrame({"reason": list(counts), "n": list(counts.values())})
    return out.sort_values(["n", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)


def sheet_shocks(ws: Worksheet, ctx: Context) -> None:
    w = SheetWriter(ws, ctx.lang)
    sh = ctx.results.shocks
    if len(sh) and "shortfall_usd" in sh.columns:
        hit = pd.to_numeric(sh["shortfall_usd"], errors="coerce").fillna(0) > 0
        table, _rest = top_with_rest(sh, "shortfall_usd", SHOCKS_TOP, ["target_import_usd", "shortfall_usd",
                                                                       "shortfall_usd_per_year"],
                                     "name", text("rest_products", ctx.lang, n="{n}"), by=["scenario"], keep_if=hit)
        w.line(text("shocks_note", ctx.lang, n=SHOCKS_TOP, total=len(sh)))
    else:
        table = sh
    w.table(ctx.shown(table, "shocks"), "Shocks", freeze=True)
    w.finish(compact=True)


def sheet_drivers(ws: Worksheet, ctx: Context) -> None:
    """The drivers a reader can scan: the top sectors of each scenario, their top products, one "other" row."""
    res = ctx.results
    top = _top_sectors(res, DRIVERS_SECTORS)
    d = res.drivers
    sub = d[pd.MultiIndex.from_arrays([d["scenario"].astype(str), d["sector"].astype(str)]).isin(list(top))] \
        if len(d) and {"scenario", "sector"} <= set(d.columns) else d
    view_res = _with(res, drivers=sub)
    table, _summed = view.drivers_view(view_res, top=DRIVERS_PRODUCTS,
                                       other_label=text("other_products", ctx.lang, n="{n}"))
    w = SheetWriter(ws, ctx.lang)
    if len(res.drivers):
        w.line(text("drivers_note2", ctx.lang, sectors=DRIVERS_SECTORS, top=DRIVERS_PRODUCTS, csv_top=DRIVERS_CSV_TOP,
                    share=f"{DRIVERS_CSV_MIN_SHARE:.1%}", rows=len(res.drivers)))
    w.table(ctx.shown(table, "drivers"), "Drivers", freeze=True)
    w.finish(compact=True)


def _with(results: Results, **tables: pd.DataFrame) -> Results:
    import copy

    out = copy.copy(results)
    for k, v in tables.items():
        setattr(out, k, v)
    return out


def _top_sectors(results: Results, n: int) -> set[tuple[str, str]]:
    """(scenario, sector) of the ``n`` best-ranked scored sectors of every scenario."""
    s = results.sectors
    if s.empty or not {"scenario", "sector", "rank"} <= set(s.columns):
        return set()
    r = s.assign(_r=pd.to_numeric(s["rank"], errors="coerce").astype("float64")).dropna(subset=["_r"])
    r = r[r["_r"] <= n]
    return set(zip(r["scenario"].astype(str), r["sector"].astype(str)))


def sheet_export_items(ws: Worksheet, ctx: Context) -> None:
    w = SheetWriter(ws, ctx.lang)
    items = ctx.results.export_items
    value = "export_at_risk_usd" if "export_at_risk_usd" in items.columns else "export_usd"
    label = "item_name_ko" if ctx.lang == "ko" and "item_name_ko" in items.columns else \
        ("item_name_en" if "item_name_en" in items.columns else items.columns[0])
    if "scenario" in items.columns and len(items):
        table, rest = top_with_rest(items, value, ITEMS_TOP, [c for c in ("export_usd", "export_to_target_usd",
                                                                          "export_at_risk_low_usd", "export_at_risk_usd",
                                                                          "export_at_risk_high_usd",
                                                                          "sme_export_at_risk_usd",
                                                                          "demand_at_risk_usd") if c in items.columns],
                                    label, text("rest_products", ctx.lang, n="{n}"), by=["scenario"])
        if rest:
            w.line(text("compact_note", ctx.lang, shown=len(table), rest=rest, table="export_items"))
    else:
        table = items
    w.table(ctx.shown(table, "export_items"), "ExportItems", freeze=True)
    w.finish(compact=True)


# ------------------------------------------------------------------------------------ scenarios side by side

def scenario_comparison(results: Results, lang: str) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """Sectors as rows, one column group per scenario; returns the table and (scenario, width) groups.

    A supply scenario shows rank, exposure rate, export and SME export at risk, and the change of
    SME export at risk against the first scenario; a demand scenario its rank and (SME) exports to
    the target at risk.
    """
    sectors = results.sectors
    order = view.scenario_order(results)
    if sectors.empty or not order:
        return pd.DataFrame(), []
    from exposure.report.headline import scenario_kinds

    kinds = scenario_kinds(results)
    first = view.ranking(results, order[0])
    rows = list(dict.fromkeys([*first["sector"].astype(str), *sectors["sector"].astype(str)]))
    names = view.sector_names(results, lang)
    out = pd.DataFrame({"sector": rows, "sector_name": [names.get(s, "") for s in rows]})
    groups: list[tuple[str, int]] = [("", 2)]
    base = None
    for k, scen in enumerate(order):
        demand = kinds.get(scen) == "demand"
        metrics = [m for m in (("rank", "demand_at_risk_usd", "sme_demand_at_risk_usd") if demand else
                               ("rank", "exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd"))
                   if m in sectors.columns]
        mask = sectors["scenario"] == scen
        sub = sectors[mask].set_index(sectors.loc[mask, "sector"].astype(str))[metrics].reindex(rows)
        for m in metrics:
            out[f"{scen}{SEP}{m}"] = sub[m].to_numpy()
        width = len(metrics)
        if "sme_export_at_risk_usd" in metrics:
            cur = sub["sme_export_at_risk_usd"].to_numpy(dtype="float64")
            if base is None:
                base = cur
            else:
                out[f"{scen}{SEP}delta"] = cur - base
                width += 1
        groups.append((scen, width))
    return out, groups


def sheet_scenarios(ws: Worksheet, ctx: Context, parameters) -> None:
    w = SheetWriter(ws, ctx.lang)
    table, groups = scenario_comparison(ctx.results, ctx.lang)
    if table.empty:
        w.line(text("empty_table", ctx.lang))
        w.finish()
        return
    order = view.scenario_order(ctx.results)
    first = next((s for s, width in groups[1:] if width >= 4), order[0])
    heads: list[str] = []
    meta: dict[str, str] = {}
    marks = {s: _MARKS[k] if k < len(_MARKS) else f"({k + 1})" for k, s in enumerate(order)}
    for col in table.columns:
        if SEP not in col:
            heads.append(text("sector" if col == "sector" else "sector_name", ctx.lang))
            continue
        scen, metric = col.split(SEP)
        if metric == "delta":
            heads.append(f"{marks[scen]} {text('vs_first', ctx.lang, first=marks[first])}")
            meta[col] = "difference_usd"  # a change: Korean △ negatives
        else:
            heads.append(f"{marks[scen]} {header(metric, ctx.lang)}")
            meta[col] = metric
    col = 1
    for scen, width in groups:  # group captions above the table header: one merged cell per scenario
        if scen:
            cell = put(ws, 1, col, f"{marks[scen]} {ctx.tr.scenario(scen)}")
            cell.font = w.fonts.bold
            cell.fill = GROUP_FILL
            cell.alignment = Alignment(horizontal="center")
            if width > 1:
                ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + width - 1)
        col += width
    w.row = 2
    w.table(table, "Scenarios", freeze=True, column_headers=heads, meta=meta)
    widths = dict(w.value_widths)
    parameters(w, ctx, "ScenarioSettings")
    w.value_widths = widths  # the settings' long descriptions wrap in the comparison's columns
    w.finish(compact=True)


_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"


# ------------------------------------------------------------------------------------ uncertainty, validation

def sheet_uncertainty(ws: Worksheet, ctx: Context) -> None:
    res, lang = ctx.results, ctx.lang
    w = SheetWriter(ws, lang)
    w.heading(text("uncertainty_head", lang))
    if res.uncertainty.empty:
        w.line(text("no_draws", lang))
        w.blank()
    else:
        u = res.uncertainty
        if {"scenario", "median_rank"} <= set(u.columns):
            u = u.assign(_m=pd.to_numeric(u["median_rank"], errors="coerce").astype("float64"))
            u = u.sort_values(["_m"], kind="stable")
            u = u.groupby("scenario", sort=False).head(UNCERTAINTY_TOP).drop(columns="_m")
            order = {s: i for i, s in enumerate(view.scenario_order(res))}
            u = u.assign(_s=u["scenario"].map(order)).sort_values("_s", kind="stable").drop(columns="_s")
            w.line(text("uncertainty_note", lang, n=UNCERTAINTY_TOP))
        w.table(ctx.shown(u, "uncertainty"), "Uncertainty", freeze=True)
    if not res.sensitivity.empty:
        w.heading(text("sensitivity_head", lang))
        w.table(ctx.shown(res.sensitivity, "sensitivity"), "Sensitivity")
    if not res.threshold_sweep.empty:
        w.heading(text("sweep_head", lang))
        w.table(ctx.shown(res.threshold_sweep, "threshold_sweep"), "ThresholdSweep")
    w.finish(compact=True)


def sheet_validation(ws: Worksheet, ctx: Context) -> None:
    res, lang = ctx.results, ctx.lang
    w = SheetWriter(ws, lang)
    dropped = view.dropped_rows(res)
    counted = dropped_by_reason(dropped)
    sections = [
        ("validation_head", view.validation_table(res), "validation", "Validation"),
        ("dropped_by_reason_head", counted, "dropped", "Dropped"),
        ("totals_head", view.totals_rows(res), "totals", "Totals"),
        ("flags_head", res.flags, "flags", "Flags"),
    ]
    for i, (head, df, table, name) in enumerate(sections):
        w.heading(text(head, lang))
        if df.empty:
            w.line(text("none", lang))
            w.blank()
            continue
        if table == "dropped":
            w.line(text("dropped_note", lang, n=len(dropped)))
            shown = display(df, "dropped", res, lang, ctx.tr)
            w.table(shown, name, column_headers=[header("source", lang), header("reason", lang),
                                                 header("rows_dropped", lang), header("value_dropped_usd", lang),
                                                 text("first_row", lang), text("first_detail", lang)],
                    meta={"row": "row", "detail": "detail"})
            continue
        w.table(ctx.shown(df, table), name, freeze=(i == 0))
    w.finish(compact=True)


def has_rows(df: pd.DataFrame) -> bool:
    return df is not None and len(df) > 0 and not np.all(df.isna().to_numpy())
