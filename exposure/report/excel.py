"""The Excel workbook an analyst forwards as it is (DESIGN §9).

Built fresh with openpyxl on every run: README/방법론, Summary (ranking and a
native bar chart), Sectors, Products, Shocks, Drivers, Export items (when given),
Scenarios side by side, Uncertainty and Validation. Every table is an Excel
table with filters and a frozen header, number formats per column kind,
conditional formatting, widths that fit Hangul, and text that can never turn
into a formula. The file is written atomically.
"""

from __future__ import annotations

import math
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.formatting.rule import ColorScaleRule, DataBarRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

import exposure
from exposure.config import Config
from exposure.report import view
from exposure.report.atomic import atomic_write
from exposure.schema import OUTPUTS
from exposure.report.labels import (PARAMS, check_lang, header, headers, label, number_format,
                                    sheet_name, text)
from exposure.report.method import method_sections
from exposure.results import Results

#: Leading characters that spreadsheet programs treat as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32767
CHART_TOP_N = 15
MAX_WIDTH = 68  # a SHA-256 (64 characters) fits
WRAP_AT = 44  # text columns wider than this (in half-width characters) wrap
HEADER_WIDTH = 22  # a header wider than this wraps over two or more lines
MIN_WIDTH = 6
PARAGRAPH_COLUMNS = 4
SEP = "\x1f"  # joins scenario and metric in the column names of the side-by-side table

_HEAD_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
_GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_HEADER = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)
_TABLE_STYLE = "TableStyleMedium2"
_BAR_COLOUR = "5B9BD5"


def display_width(value: str) -> int:
    """Width of ``value`` in monospace cells: East Asian wide and full-width characters count double.

    Examples
    --------
    >>> display_width("D26"), display_width("전자")
    (3, 4)
    """
    if value.isascii():
        return len(value)
    return _wide_width(value)


@lru_cache(maxsize=1 << 14)
def _wide_width(value: str) -> int:
    # names and descriptions repeat down a column: measure each text once
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in value)


def cell_value(value: Any) -> Any:
    """Turn a pandas/numpy value into what openpyxl can store (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return safe_text("; ".join(str(v) for v in value))
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "∞" if v > 0 else "-∞"  # Excel has no infinity; say it rather than hide it
        return v
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return safe_text(value) if value else None
    return safe_text(str(value))


def safe_text(value: str) -> str:
    """Text openpyxl accepts: control characters removed, cut to Excel's cell limit."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if len(value) <= MAX_CELL_CHARS else value[: MAX_CELL_CHARS - 1] + "…"


def put(ws: Worksheet, row: int, col: int, value: Any, fmt: str | None = None):
    """Write one cell; text is always stored as text, never as a formula or error value."""
    v = cell_value(value)
    cell = ws.cell(row=row, column=col)
    cell.value = v
    if isinstance(v, str):
        # openpyxl turns "=…" into a formula and "#N/A" into an error; a report cell is data.
        cell.data_type = "s"
        if v.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True  # Excel keeps it as text even when the user edits the cell
    if fmt:
        cell.number_format = fmt
    return cell


def column_values(series: pd.Series, as_text: bool = False) -> list[Any]:
    """The cell values of one column: floats with None for NaN, text codes as str, the rest via cell_value."""
    if as_text:
        return [None if _is_missing(v) else safe_text(str(v)) or None for v in series.tolist()]
    if pd.api.types.is_float_dtype(series.dtype) and not isinstance(series.dtype, pd.CategoricalDtype):
        arr = series.to_numpy(dtype="float64", na_value=np.nan)
        return [None if v != v else (cell_value(v) if v in (math.inf, -math.inf) else v) for v in arr.tolist()]
    return [cell_value(v) for v in series.tolist()]


def column_width(values: list[Any], fmt: str | None) -> int:
    """Display width of the widest value as shown with ``fmt`` (Hangul counted double)."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    width = 0
    if numbers:
        if fmt and "%" in fmt:
            width = 8
        elif fmt and fmt.startswith("0.0"):
            width = max(len(f"{v:.3f}") for v in (min(numbers), max(numbers)))
        else:
            width = max(len(f"{v:,.0f}") for v in (min(numbers), max(numbers))) + 1
    if any(isinstance(v, bool) for v in values):
        width = max(width, 5)
    texts = sorted({v for v in values if isinstance(v, str)}, key=len, reverse=True)
    for t in texts:
        if 2 * len(t) <= width:  # no shorter text can be wider, even all in Hangul
            break
        width = max(width, display_width(t))
    return width


@dataclass
class _Column:
    """A table column ready to write: values, display width, and the styles its cells share."""

    values: list[Any]
    width: int
    wrap: bool
    plain: StyleArray
    wrapped: StyleArray
    top: StyleArray


class SheetWriter:
    """Writes captions, key–value rows, paragraphs and Excel tables down one worksheet."""

    def __init__(self, ws: Worksheet, lang: str):
        self.ws = ws
        self.lang = lang
        self.row = 1
        self.widths: dict[int, int] = {}
        self.frozen = False
        self.frozen_header: int | None = None
        self.paragraphs: list[tuple[int, str]] = []
        self.header_cells: list = []
        self._styles: dict[tuple[str | None, Alignment | None], StyleArray] = {}

    def _width(self, col: int, width: int) -> None:
        self.widths[col] = max(self.widths.get(col, 0), width)

    def heading(self, value: str, font: Font = _SECTION_FONT) -> None:
        cell = put(self.ws, self.row, 1, value)
        cell.font = font
        self.row += 1

    def line(self, value: str) -> None:
        put(self.ws, self.row, 1, value)
        self.row += 1

    def paragraph(self, value: str) -> None:
        """Wrapped text merged over the first columns; its height is set in :meth:`finish`."""
        cell = put(self.ws, self.row, 1, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row,
                            end_column=PARAGRAPH_COLUMNS)
        self.paragraphs.append((self.row, value))
        self.row += 1

    def pairs(self, rows: list[tuple[str, Any]]) -> None:
        for key, value in rows:
            put(self.ws, self.row, 1, key).font = Font(bold=True)
            put(self.ws, self.row, 2, value).alignment = Alignment(horizontal="left")
            self._width(1, display_width(key) + 2)
            self.row += 1

    def blank(self, n: int = 1) -> None:
        self.row += n

    def table(self, df: pd.DataFrame, name: str, *, freeze: bool = False,
              column_headers: list[str] | None = None, formats: dict[str, str | None] | None = None,
              meta: dict[str, str] | None = None, left: int = 1) -> tuple[int, int]:
        """Write ``df`` as an Excel table at the current row; return (header row, last row).

        ``formats`` overrides number formats by column; ``meta`` names, for a column, the
        documented column whose label (format, kind, data bars) it takes. An empty frame is
        written as a "(no rows)" line instead: Excel tables need a data row.
        """
        if df.empty or len(df.columns) == 0:
            self.line(text("empty_table", self.lang))
            return self.row - 1, self.row - 1
        df = df.reset_index(drop=True)
        cols = [str(c) for c in df.columns]
        heads = column_headers or headers(cols, self.lang)
        top = self.row
        for j, h in enumerate(heads):
            cell = put(self.ws, top, left + j, h)
            cell.font = _BOLD
            cell.alignment = _HEADER
            # room for the filter button; long headers wrap rather than widen the column
            self._width(left + j, min(display_width(h) + 4, HEADER_WIDTH))
            self.header_cells.append(cell)
        formats = formats or {}
        meta = {c: (meta or {}).get(c, c) for c in cols}
        columns = [self._column(df[col], formats[col] if col in formats
                                else number_format(meta[col], self.lang, df[col]), meta[col])
                   for col in cols]
        for j, col in enumerate(columns):
            self._width(left + j, col.width + 2)
        # Rows holding wrapped text get their height here: LibreOffice does not grow them when opening the file.
        lines = [1] * len(df)
        for col in columns:
            if col.wrap:
                for i, v in enumerate(col.values):
                    if isinstance(v, str):
                        lines[i] = max(lines[i], math.ceil(display_width(v) / WRAP_AT))
        self._rows(columns, lines, top, left)
        last = top + len(df)
        ref = f"{get_column_letter(left)}{top}:{get_column_letter(left + len(cols) - 1)}{last}"
        tab = Table(displayName=name, ref=ref)
        tab.tableStyleInfo = TableStyleInfo(name=_TABLE_STYLE, showRowStripes=True)
        self.ws.add_table(tab)
        self._conditional([meta[c] for c in cols], [c in formats for c in cols], top, last, left)
        if freeze and not self.frozen:
            self.ws.freeze_panes = f"A{top + 1}"
            self.frozen = True
            self.frozen_header = top
        self.row = last + 2
        return top, last

    def _column(self, series: pd.Series, fmt: str | None, meta: str) -> "_Column":
        """One table column: its cell values, width, and the shared styles its cells take."""
        lab = label(meta)
        is_code = lab.kind == "code"
        if lab.kind == "bool":
            # yes/no words read better than TRUE/FALSE and print the same in every spreadsheet program
            words = {True: text("yes", self.lang), False: text("no", self.lang)}
            series = series.map(lambda v: words.get(v, v) if isinstance(v, (bool, np.bool_)) else v)
        values = column_values(series, is_code)
        width = column_width(values, fmt)
        # long text (details, descriptions) wraps inside a readable column instead of a very wide one
        wrap = width > WRAP_AT and not is_code
        return _Column(values, min(width, WRAP_AT) if wrap else width, wrap,
                       self._style(fmt), self._style(fmt, _WRAP), self._style(fmt, _TOP))

    def _style(self, fmt: str | None, alignment: Alignment | None = None) -> StyleArray:
        """The style of a data cell, built once and shared by every cell that takes it.

        Setting ``number_format`` or ``alignment`` cell by cell looks each style up in the
        workbook's style lists again; a prepared style array is copied instead.
        """
        key = (fmt, alignment)
        if key not in self._styles:
            scratch = Cell(self.ws)
            if fmt:
                scratch.number_format = fmt
            if alignment is not None:
                scratch.alignment = alignment
            self._styles[key] = scratch._style
        return self._styles[key]

    def _rows(self, columns: list["_Column"], lines: list[int], top: int, left: int) -> None:
        """Append the data rows under the header at ``top`` (cells in order, empty values left out)."""
        ws = self.ws
        pad = [None] * (left - 1)
        for i, n_lines in enumerate(lines):
            tall = n_lines > 1
            cells = list(pad)
            for col in columns:
                v = col.values[i]
                if v is None:
                    cells.append(None)
                    continue
                if isinstance(v, str):
                    cell = Cell(ws, style_array=col.wrapped if col.wrap else col.top if tall else col.plain)
                    cell.value = v
                    # openpyxl turns "=…" into a formula and "#N/A" into an error; a report cell is data.
                    cell.data_type = "s"
                    if v.startswith(FORMULA_PREFIXES):
                        cell.quotePrefix = True  # Excel keeps it as text even when the user edits the cell
                else:
                    cell = Cell(ws, value=v, style_array=col.top if tall else col.plain)
                cells.append(cell)
            ws.append(cells)
            if tall:
                ws.row_dimensions[top + 1 + i].height = 15 * n_lines

    def _conditional(self, kinds_of: list[str], overridden: list[bool], top: int, last: int,
                     left: int) -> None:
        for j, (col, plain) in enumerate(zip(kinds_of, overridden)):
            if plain:
                continue
            lab = label(col)
            rng = f"{get_column_letter(left + j)}{top + 1}:{get_column_letter(left + j)}{last}"
            if lab.at_risk:
                self.ws.conditional_formatting.add(
                    rng, DataBarRule(start_type="min", end_type="max", color=_BAR_COLOUR, showValue=True))
            elif lab.kind == "share":
                self.ws.conditional_formatting.add(
                    rng, ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                                        end_type="num", end_value=1, end_color="F8696B"))
            elif lab.kind == "rate":
                self.ws.conditional_formatting.add(
                    rng, ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="F4B183"))

    def fit_widths(self) -> None:
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(MIN_WIDTH, width))

    def finish(self, header_row: int | None = None) -> None:
        """Column widths, row heights and print setup (landscape A4, one page wide)."""
        self.fit_widths()
        heights: dict[int, int] = {}
        for cell in self.header_cells:
            width = self.ws.column_dimensions[cell.column_letter].width or 9
            lines = math.ceil(display_width(str(cell.value)) / max(width - 2, 4))
            heights[cell.row] = max(heights.get(cell.row, 1), lines)
        for row, lines in heights.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = 15 * lines
        if self.paragraphs:
            total = sum(self.ws.column_dimensions[get_column_letter(c)].width or 9
                        for c in range(1, PARAGRAPH_COLUMNS + 1))
            for row, value in self.paragraphs:
                # Excel does not grow merged rows by itself; Hangul is about twice as wide per character.
                lines = sum(max(1, math.ceil(display_width(part) * 1.1 / max(total, 20)))
                            for part in value.split("\n"))
                self.ws.row_dimensions[row].height = 15 * lines + 4
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        header_row = header_row or self.frozen_header
        if header_row:
            self.ws.print_title_rows = f"{header_row}:{header_row}"


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------------------------- sheets

def _sheet_readme(ws: Worksheet, results: Results, lang: str) -> None:
    w = SheetWriter(ws, lang)
    cfg = results.config
    w.heading(text("title", lang), _HEAD_FONT)
    w.blank()
    w.heading(text("purpose_head", lang))
    w.paragraph(text("purpose", lang))
    w.blank()
    w.heading(text("run_head", lang))
    w.pairs([
        (text("version", lang), f"exposure {exposure.__version__}"),
        (text("reporter", lang), cfg.reporter),
        (text("target", lang), cfg.target),
        (text("year", lang), results.year if results.year is not None else cfg.year),
        (text("scenarios", lang), ", ".join(view.scenario_order(results))),
    ])
    w.blank()
    w.heading(text("inputs_head", lang))
    inputs = view.inputs_table(results)
    if inputs.empty:
        w.line(text("no_inputs", lang))
    else:
        # file names only: a forwarded workbook should not carry the analyst's folder layout
        w.table(inputs.drop(columns=["path"]), "Inputs")
    w.blank()
    if _scenario_parameters_table(w, results, lang, "ScenarioParameters"):
        w.blank()
    w.heading(text("params_head", lang))
    params = _params_table(cfg, lang)
    w.table(params, "Parameters", column_headers=[text("param", lang), text("param_value", lang),
                                                  text("param_desc", lang)],
            formats={c: None for c in params.columns})
    w.blank()
    w.heading(text("formulas_head", lang))
    for head, body in method_sections(cfg, lang):
        put(ws, w.row, 1, head).font = Font(bold=True)
        w.row += 1
        w.paragraph(body)
    if results.notes:
        w.blank()
        w.heading(text("notes_head", lang))
        for note in results.notes:
            w.paragraph(note)
    w.blank()
    w.heading(text("dictionary_head", lang))
    d = dictionary(results)
    w.table(d, "ColumnDictionary",
            column_headers=[text(k, lang) for k in ("dict_table", "dict_column", "dict_ko", "dict_en",
                                                    "dict_desc_ko", "dict_desc_en")],
            formats={c: None for c in d.columns})
    for col in range(1, PARAGRAPH_COLUMNS + 1):
        w.widths[col] = max(w.widths.get(col, 0), 16)  # paragraphs span A:F
    w.finish()


def _plain_index(df: pd.DataFrame) -> pd.DataFrame:
    if isinstance(df.index, pd.RangeIndex):
        return df
    return df.reset_index()


def _scenario_parameters_table(w: SheetWriter, results: Results, lang: str, name: str) -> bool:
    """The scenarios' parameters side by side as an Excel table named ``name``; False when there are none."""
    if results.scenarios.empty:
        return False
    w.heading(text("scenario_params_head", lang))
    params = scenario_parameters(results, lang)
    w.table(params, name, column_headers=[text("param", lang), *params.columns[1:]],
            formats={c: None for c in params.columns})
    return True


def scenario_parameters(results: Results, lang: str) -> pd.DataFrame:
    """The scenarios' parameters side by side: one row per parameter, one column per scenario."""
    df = view.ordered(_plain_index(results.scenarios), "scenarios")
    if df.empty or "scenario" not in df.columns:
        return df
    df = df.drop_duplicates("scenario")
    rows = []
    for col in df.columns:
        if col == "scenario":
            continue
        row = {"parameter": header(col, lang)}
        row.update({str(s): v for s, v in zip(df["scenario"], df[col])})
        rows.append(row)
    return pd.DataFrame(rows, columns=["parameter", *map(str, df["scenario"])])


def _param_text(value: Any) -> str:
    """A Config value as a reader writes it: "a, b" for tuples, "name=0.4, …" for pairs."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        if value and all(isinstance(x, tuple) and len(x) == 2 for x in value):
            return ", ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in value)
        return ", ".join(str(x) for x in value)
    return str(value)


def _params_table(cfg: Config, lang: str) -> pd.DataFrame:
    rows = []
    for name in Config.field_names():
        ko, en = PARAMS.get(name, (name, name))
        rows.append({"parameter": name, "value": _param_text(getattr(cfg, name)),
                     "description": ko if lang == "ko" else en})
    return pd.DataFrame(rows)


def dictionary(results: Results) -> pd.DataFrame:
    """The column dictionary: every column of every Results table with Korean and English labels."""
    tables = {
        "sectors": results.sectors, "products": results.products, "shocks": results.shocks,
        "drivers": results.drivers, "export_items": results.export_items,
        "uncertainty": results.uncertainty, "sensitivity": results.sensitivity,
        "threshold_sweep": results.threshold_sweep, "flags": results.flags, "monthly": results.monthly,
        "validation": view.validation_table(results), "dropped": view.dropped_rows(results),
        "totals": view.totals_rows(results), "inputs": view.inputs_table(results),
    }
    rows = []
    for table, df in tables.items():
        cols = list(view.ordered(df, table).columns) if len(df.columns) else OUTPUTS[table].names
        for col in cols:
            lab = label(str(col))
            rows.append({"table": table, "column": str(col), "label_ko": lab.ko, "label_en": lab.en,
                         "description_ko": lab.desc_ko, "description_en": lab.desc_en})
    return pd.DataFrame(rows)


def _sheet_summary(ws: Worksheet, results: Results, lang: str) -> None:
    w = SheetWriter(ws, lang)
    scen = view.first_scenario(results)
    rank = view.ranking(results, scen)
    keep = [c for c in ("rank", "sector", "sector_name_ko" if lang == "ko" else "sector_name_en",
                        "exposure_rate", "export_usd", "export_at_risk_usd", "sme_share",
                        "sme_export_at_risk_usd", "demand_at_risk_usd", "sme_demand_at_risk_usd", "flags",
                        "no_data_reason")
            if c in rank.columns]
    rank = rank[keep]
    # Columns this scenario cannot fill (e.g. demand at risk without retaliation) stay on the Sectors sheet.
    rank = rank[[c for c in rank.columns if c in ("rank", "sector") or rank[c].notna().any()
                 and not (rank[c].dtype == object and (rank[c].fillna("").astype(str) == "").all())]]
    cfg = results.config
    w.heading(text("summary_head", lang, scenario=scen or ""), _HEAD_FONT)
    w.line(text("summary_meta", lang, target=cfg.target, year=results.year if results.year is not None else "",
                rank_by=header(cfg.rank_by, lang)))
    w.blank()
    top, last = w.table(rank, "Summary", freeze=True)
    if not rank.empty and "sme_export_at_risk_usd" in rank.columns:
        _summary_chart(ws, w, rank, top, last, lang)
    w.finish()


def _summary_chart(ws: Worksheet, w: SheetWriter, rank: pd.DataFrame, top: int, last: int, lang: str) -> None:
    name_col = next((c for c in ("sector_name_ko", "sector_name_en", "sector") if c in rank.columns))
    value = rank["sme_export_at_risk_usd"]
    best = value[value > 0].sort_values(ascending=False, kind="stable").head(CHART_TOP_N)
    n = len(best)
    if n == 0:
        return
    chart_col = len(rank.columns) + 2
    if list(best.index) == list(range(n)):
        # The ranking's first rows are the top by SME export at risk: chart the table itself.
        cats = Reference(ws, min_col=list(rank.columns).index(name_col) + 1, min_row=top + 1, max_row=top + n)
        vals = Reference(ws, min_col=list(rank.columns).index("sme_export_at_risk_usd") + 1,
                         min_row=top + 1, max_row=top + n)
    else:
        # Ranked by something else: chart a small, labelled block of the top sectors beside the table.
        put(ws, top, chart_col, text("chart_data", lang, n=n)).font = Font(italic=True)
        for i, idx in enumerate(best.index):
            put(ws, top + 1 + i, chart_col, rank.at[idx, name_col])
            put(ws, top + 1 + i, chart_col + 1, float(best.loc[idx]), "#,##0")
        w.widths[chart_col] = max(display_width(str(rank.at[i, name_col])) for i in best.index) + 2
        w.widths[chart_col + 1] = 16
        cats = Reference(ws, min_col=chart_col, min_row=top + 1, max_row=top + n)
        vals = Reference(ws, min_col=chart_col + 1, min_row=top + 1, max_row=top + n)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = text("chart_title", lang, n=n)
    chart.add_data(vals, titles_from_data=False)
    # sector names are text: a string reference (openpyxl's set_categories makes a numeric one)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(cats)))
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"
    chart.y_axis.number_format = "#,##0,,"  # two thousands separators at the end: millions
    chart.y_axis.title = f"{header('sme_export_at_risk_usd', lang).split('(')[0]}({text('usd_million', lang)})"
    chart.series[0].graphicalProperties.solidFill = _BAR_COLOUR
    chart.height = max(7.5, 0.6 * n + 2.5)
    chart.width = 20
    ws.add_chart(chart, f"A{last + 3}")  # below the table: fits the screen and the printed page


def _sheet_table(ws: Worksheet, df: pd.DataFrame, table: str, name: str, results: Results, lang: str,
                 heading: str | None = None) -> None:
    w = SheetWriter(ws, lang)
    if heading:
        w.heading(heading)
    w.table(view.with_names(view.ordered(df, table), results, lang), name, freeze=True)
    w.finish()


def _sheet_drivers(ws: Worksheet, results: Results, lang: str) -> None:
    """The drivers a reader can scan: top products per sector plus one "other" row (full table in CSV)."""
    table, summed = view.drivers_view(results, other_label=text("other_products", lang, n="{n}"))
    w = SheetWriter(ws, lang)
    if summed:
        w.line(text("drivers_note", lang, top=view.DRIVERS_TOP_N, rows=len(results.drivers)))
    w.table(view.with_names(view.ordered(table, "drivers"), results, lang), "Drivers", freeze=True)
    w.finish()


def scenario_comparison(results: Results, lang: str) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """Sectors as rows, one column group per scenario; returns the table and (scenario, width) groups."""
    sectors = results.sectors
    order = view.scenario_order(results)
    if sectors.empty or not order:
        return pd.DataFrame(), []
    metrics = [m for m in ("rank", "exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd",
                           "demand_at_risk_usd", "sme_demand_at_risk_usd") if m in sectors.columns]
    first = view.ranking(results, order[0])
    rows = list(dict.fromkeys([*first["sector"].astype(str), *sectors["sector"].astype(str)]))
    names = view.sector_names(results, lang)
    out = pd.DataFrame({"sector": rows, "sector_name": [names.get(s, "") for s in rows]})
    groups: list[tuple[str, int]] = [("", 2)]
    base = None
    for k, scen in enumerate(order):
        sub = sectors[sectors["scenario"] == scen].set_index(sectors.loc[sectors["scenario"] == scen, "sector"]
                                                              .astype(str))[metrics].reindex(rows)
        for m in metrics:
            out[f"{scen}{SEP}{m}"] = sub[m].to_numpy()
        width = len(metrics)
        if "sme_export_at_risk_usd" in metrics:
            cur = sub["sme_export_at_risk_usd"].to_numpy(dtype="float64")
            if k == 0:
                base = cur
            else:
                out[f"{scen}{SEP}delta"] = cur - base
                width += 1
        groups.append((scen, width))
    return out, groups


def _sheet_scenarios(ws: Worksheet, results: Results, lang: str) -> None:
    w = SheetWriter(ws, lang)
    table, groups = scenario_comparison(results, lang)
    if table.empty:
        w.line(text("empty_table", lang))
        return
    order = view.scenario_order(results)
    heads: list[str] = []
    meta: dict[str, str] = {}
    for col in table.columns:
        if SEP not in col:
            heads.append(text("sector" if col == "sector" else "sector_name", lang))
            continue
        scen, metric = col.split(SEP)
        if metric == "delta":
            heads.append(f"{scen}: {text('vs_first', lang, first=order[0])}")
            meta[col] = "difference_usd"  # a change: Korean △ negatives
        else:
            heads.append(f"{scen}: {header(metric, lang)}")
            meta[col] = metric
    # Group captions above the table header: one merged cell per scenario.
    col = 1
    for scen, width in groups:
        if scen:
            cell = put(ws, 1, col, scen)
            cell.font = Font(bold=True)
            cell.fill = _GROUP_FILL
            cell.alignment = Alignment(horizontal="center")
            if width > 1:
                ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + width - 1)
        col += width
    w.row = 2
    w.table(table, "Scenarios", freeze=True, column_headers=heads, meta=meta)
    _scenario_parameters_table(w, results, lang, "ScenarioSettings")
    w.finish()


def _sheet_uncertainty(ws: Worksheet, results: Results, lang: str) -> None:
    w = SheetWriter(ws, lang)
    if results.uncertainty.empty:
        w.heading(text("uncertainty_head", lang))
        w.line(text("no_draws", lang))
        w.blank()
    else:
        w.heading(text("uncertainty_head", lang))
        w.table(view.with_names(view.ordered(results.uncertainty, "uncertainty"), results, lang),
                "Uncertainty", freeze=True)
    if not results.sensitivity.empty:
        w.heading(text("sensitivity_head", lang))
        w.table(view.ordered(results.sensitivity, "sensitivity"), "Sensitivity")
    if not results.threshold_sweep.empty:
        w.heading(text("sweep_head", lang))
        w.table(view.ordered(_plain_index(results.threshold_sweep), "threshold_sweep"), "ThresholdSweep")
    w.finish()


def _sheet_validation(ws: Worksheet, results: Results, lang: str) -> None:
    w = SheetWriter(ws, lang)
    sections = [
        ("validation_head", view.validation_table(results), "validation", "Validation"),
        ("dropped_head", view.dropped_rows(results), "dropped", "Dropped"),
        ("totals_head", view.totals_rows(results), "totals", "Totals"),
        ("flags_head", results.flags, "flags", "Flags"),
    ]
    for i, (head, df, table, name) in enumerate(sections):
        w.heading(text(head, lang))
        if df.empty:
            w.line(text("none", lang))
            w.blank()
            continue
        w.table(view.ordered(df, table), name, freeze=(i == 0))
    w.finish()


# --------------------------------------------------------------------------------------------- workbook

def resolve_created(results: Results, created: datetime | None = None) -> datetime:
    """The workbook's creation time: given > ``results.created`` > $SOURCE_DATE_EPOCH > now (UTC, naive)."""
    stamp = created or getattr(results, "created", None)
    if stamp is None and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=timezone.utc)
    if stamp is None:
        stamp = datetime.now(tz=timezone.utc)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(timezone.utc).replace(tzinfo=None)
    return stamp.replace(microsecond=0)


def build_workbook(results: Results, lang: str = "ko", created: datetime | None = None) -> Workbook:
    """Build the report workbook in memory (see :func:`write_workbook`)."""
    check_lang(lang)
    wb = Workbook()
    wb.remove(wb.active)
    builders = [
        ("readme", lambda ws: _sheet_readme(ws, results, lang)),
        ("summary", lambda ws: _sheet_summary(ws, results, lang)),
        ("sectors", lambda ws: _sheet_table(ws, results.sectors, "sectors", "Sectors", results, lang)),
        ("products", lambda ws: _sheet_table(ws, results.products, "products", "Products", results, lang)),
        ("shocks", lambda ws: _sheet_table(ws, results.shocks, "shocks", "Shocks", results, lang)),
        ("drivers", lambda ws: _sheet_drivers(ws, results, lang)),
    ]
    if not results.export_items.empty:
        builders.append(("export_items", lambda ws: _sheet_table(
            ws, results.export_items, "export_items", "ExportItems", results, lang)))
    builders += [
        ("scenarios", lambda ws: _sheet_scenarios(ws, results, lang)),
        ("uncertainty", lambda ws: _sheet_uncertainty(ws, results, lang)),
        ("validation", lambda ws: _sheet_validation(ws, results, lang)),
    ]
    for key, build in builders:
        build(wb.create_sheet(sheet_name(key, lang)))
    wb.active = 1  # open on the Summary
    props = wb.properties
    props.title = text("title", lang)
    props.creator = f"exposure {exposure.__version__}"
    props.lastModifiedBy = props.creator
    props.created = resolve_created(results, created)
    props.subject = ", ".join(view.scenario_order(results))
    props.language = "ko-KR" if lang == "ko" else "en"
    props.keywords = f"exposure; {results.config.reporter}; {results.config.target}"
    return wb


def write_workbook(results: Results, path: str | os.PathLike[str], lang: str = "ko",
                   created: datetime | None = None) -> Path:
    """Write the report workbook to ``path`` atomically and return the path.

    Parameters
    ----------
    results : Results
        What the run produced.
    path : path-like
        The ``.xlsx`` file; an existing file is replaced only when the new one is complete.
    lang : {"ko", "en"}
        Language of sheet names, headers and texts (Korean by default).
    created : datetime, optional
        The creation time stored in the workbook properties (UTC). Defaults to
        ``results.created`` when present, else ``$SOURCE_DATE_EPOCH``, else now. Cell contents
        never depend on the clock, so two runs on the same Results give identical cells.

    Returns
    -------
    Path
    """
    wb = build_workbook(results, lang, created)
    target = Path(path)
    with atomic_write(target) as tmp:
        wb.save(tmp)
    return target
