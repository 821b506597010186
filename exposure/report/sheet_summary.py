"""The Summary sheet: a one-page brief (A4 landscape, fitted to one page).

A headline sentence per scenario, the totals of every scenario side by side under its name (백만
달러), the top sectors with their 5–95 % interval and linear–Leontief range, the sectors without
data counted by reason, what the figures rest on, and a native bar chart of the top sectors under
every scenario. Contents come from :mod:`exposure.report.headline`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Font as TextFont, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import exposure
from exposure.report import headline
from exposure.report.chartkit import PALETTE
from exposure.report.labels import text
from exposure.report.money import MILLION_FORMAT, millions, range_text
from exposure.report.sheetwriter import GROUP_FILL, SheetWriter, put
from exposure.report.translate import translator
from exposure.results import Results

#: the summary chart switches to a log axis when its largest bar is this many times its smallest
LOG_RATIO = 100.0


def sheet_summary(ws: Worksheet, results: Results, lang: str) -> None:
    w = SheetWriter(ws, lang)
    tr = translator(results, lang)
    cfg = results.config
    totals = headline.scenario_totals(results, lang)
    scen, names, top = headline.top_sectors(results, lang)
    draws = not results.uncertainty.empty
    width = max(9, 1 + len(scen) * (3 if draws else 2))
    w.title(text("summary_title", lang))
    w.line(text("summary_meta2", lang, target=tr.countries(cfg.target), year=results.year or "",
                n=len(totals), rank_by=tr.column_label(cfg.rank_by), version=exposure.__version__))
    w.blank()
    for sentence in headline.headlines(results, lang, totals):
        w.paragraph("• " + sentence, columns=width, font=w.fonts.headline)
    w.blank()
    if not totals:
        w.line(text("empty_table", lang))
        w.finish(fit_height=True)
        return
    w.heading(text("scen_totals_head", lang))
    _totals_table(w, totals, lang)
    first = last = None
    if len(top):
        w.heading(text("top_head", lang))
        first, last = _top_table(w, scen, names, top, draws, lang)
        w.line(text("ranges_note", lang, n=cfg.draws) if draws else text("ranges_note_pf", lang))
        w.blank()
    chart_row = w.row
    # widths the figures need; long headers wrap instead of widening the page
    w.widths = {c: max(10, v) for c, v in w.value_widths.items()}
    w.widths[1] = max(w.widths.get(1, 0), 18)
    left = _split_column(w.widths, 0.5)  # the lists share their rows with the chart on the right
    lines = headline.no_data(results, lang, tr)
    if lines:
        w.heading(text("no_data_head", lang))
        for line in lines:
            w.paragraph(line, columns=left if first is not None else width)
        w.blank()
    w.heading(text("basis_head", lang))
    for line in headline.basis(results, lang, tr):
        w.paragraph(line, columns=left if first is not None else width)
    w.finish(fit_height=True)
    if first is not None:  # after finish: the rows beside the chart have their heights
        height = sum((ws.row_dimensions[r].height or 15) for r in range(chart_row, w.row)) / 72 * 2.54
        _chart(ws, w, scen, names, top, first, last, draws, lang, row=chart_row, col=left + 1, height=height)


def _totals_table(w: SheetWriter, totals: list[headline.Totals], lang: str) -> None:
    rows = []
    for x in totals:
        rows.append({
            "name": x.name, "days": x.horizon_days,
            "all": millions(x.all_usd) if x.scored else np.nan,
            "sme": millions(x.sme_usd) if x.scored else np.nan,
            "range": (range_text(x.sme_low_usd, x.sme_high_usd) if x.scored and x.kind != "demand" else "")
            or ("" if x.scored else text("not_scored", lang)),
            "hit": x.sectors_hit if x.scored else np.nan,
            "top": x.top_name if x.scored and x.sme_usd > 0 else "",
            "week": x.first_week if np.isfinite(x.first_week) else np.nan,
        })
    df = pd.DataFrame(rows)
    heads = [text(k, lang) for k in ("col_scenario", "col_days", "col_all", "col_sme", "col_sme_range", "col_hit",
                                     "col_top", "col_week")]
    first, last = w.table(df, "ScenarioTotals", column_headers=heads, bars=["sme"],
                          formats={"name": None, "days": "0", "all": MILLION_FORMAT, "sme": MILLION_FORMAT,
                                   "range": "@", "hit": "0", "top": None, "week": "0"})
    _centre(w.ws, [5], first + 1, last)


def _top_table(w: SheetWriter, scen: list[str], names: list[str], top: pd.DataFrame, draws: bool,
               lang: str) -> tuple[int, int]:
    """The top sectors side by side; a caption row above names each scenario over its columns (numbered)."""
    df = pd.DataFrame({"sector_name": top["sector_name"]})
    heads = [text("sector_name", lang)]
    formats: dict[str, str | None] = {"sector_name": None}
    bars = []
    spans = []
    for k, (s, name) in enumerate(zip(scen, names)):
        mark = _MARKS[k] if k < len(_MARKS) else f"({k + 1})"
        mc, pf = headline.cell_ranges(top, s)
        start = len(df.columns) + 1
        df[f"{s}|value"] = top[f"{s}|value"].map(millions).to_numpy()
        heads.append(f"{mark} {text('col_central_short', lang)}")
        formats[f"{s}|value"] = MILLION_FORMAT
        bars.append(f"{s}|value")
        if draws:
            df[f"{s}|mc"] = mc
            heads.append(f"{mark} 5–95%")
            formats[f"{s}|mc"] = "@"
        df[f"{s}|pf"] = pf
        heads.append(f"{mark} {text('col_pf_short', lang)}")
        formats[f"{s}|pf"] = "@"
        spans.append((start, len(df.columns), f"{mark} {name}"))
    for start, end, caption in spans:
        cell = put(w.ws, w.row, start, caption)
        cell.font = w.fonts.bold
        cell.fill = GROUP_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if end > start:
            w.ws.merge_cells(start_row=w.row, start_column=start, end_row=w.row, end_column=end)
    w.row += 1
    first, last = w.table(df, "Summary", column_headers=heads, formats=formats, bars=bars)
    _centre(w.ws, [j + 1 for j, c in enumerate(df.columns) if c.endswith(("|mc", "|pf"))], first + 1, last)
    return first, last


def _centre(ws: Worksheet, columns: list[int], first: int, last: int) -> None:
    """Ranges centred in their columns: apart from the right-aligned figure beside them."""
    for c in columns:
        for r in range(first, last + 1):
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center", vertical="top")


_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"


def _font(name: str, size: int) -> RichText:
    """Text properties of a chart element: the workbook font at ``size`` hundredths of a point."""
    font = CharacterProperties(latin=TextFont(typeface=name), ea=TextFont(typeface=name), sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), endParaRPr=font)])


def _title(value: str, name: str) -> Title:
    """A chart title in the workbook font, 10 pt bold."""
    font = CharacterProperties(latin=TextFont(typeface=name), ea=TextFont(typeface=name), sz=1000, b=True)
    run = RegularTextRun(rPr=font, t=value)
    return Title(tx=Text(rich=RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), r=[run])])),
                 overlay=False)


def _cm(width: float) -> float:
    """A column of ``width`` characters in cm (7 px a character + 5 px, 96 px an inch)."""
    return (width * 7 + 5) * 2.54 / 96


def _split_column(widths: dict[int, int], share: float) -> int:
    """The last column of the left part that holds about ``share`` of the sheet's width (at least 3)."""
    total = sum(_cm(v) for v in widths.values())
    run = 0.0
    for c in sorted(widths):
        run += _cm(widths[c])
        if run >= share * total:
            return max(3, c)
    return max(widths)


def _chart(ws: Worksheet, w: SheetWriter, scen: list[str], names: list[str], top: pd.DataFrame, first: int,
           last: int, draws: bool, lang: str, row: int, col: int, height: float) -> None:
    """A clustered bar chart of the Summary table: one series per scenario (its name), sectors as categories."""
    step = 3 if draws else 2
    values = np.concatenate([top[f"{s}|value"].to_numpy(dtype=float) for s in scen]) / 1e6
    positive = values[np.isfinite(values) & (values > 0)]
    if not len(positive):
        return
    log = positive.max() / positive.min() > LOG_RATIO
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.style = 10
    chart.title = _title(text("summary_chart_short", lang, log=text("log_axis", lang) if log else ""), w.fonts.name)
    cats = Reference(ws, min_col=1, min_row=first + 1, max_row=last)  # the sector names
    for k, (s, name) in enumerate(zip(scen, names)):
        col = 2 + k * step
        series = Series(Reference(ws, min_col=col, min_row=first + 1, max_row=last), title=name)
        series.cat = AxDataSource(strRef=StrRef(f=str(cats)))  # sector names are text: a string reference
        series.graphicalProperties.solidFill = PALETTE[k % len(PALETTE)].lstrip("#")
        series.graphicalProperties.line.solidFill = PALETTE[k % len(PALETTE)].lstrip("#")
        chart.series.append(series)
    chart.x_axis.scaling.orientation = "maxMin"  # rank order from the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"
    chart.y_axis.number_format = "#,##0.0"
    chart.y_axis.majorGridlines = None
    if log:
        chart.y_axis.scaling.logBase = 10
        chart.y_axis.scaling.min = 10 ** np.floor(np.log10(positive.min()))
    chart.y_axis.title = text("usd_million", lang)
    chart.legend.position = "b"
    chart.gapWidth = 60
    # beside the lists: as tall as their rows (15 pt = 0.53 cm each), as wide as the columns right of them
    chart.height = max(8.0, min(12.0, height))
    chart.x_axis.tickLblSkip = 1  # every sector's name
    chart.x_axis.txPr = _font(w.fonts.name, 700)
    chart.y_axis.txPr = _font(w.fonts.name, 700)
    chart.legend.txPr = _font(w.fonts.name, 700)
    chart.width = max(12.0, sum(_cm(w.widths.get(c, 8)) for c in range(col, max(w.widths) + 1)) - 0.2)
    ws.add_chart(chart, f"{get_column_letter(col)}{row}")
