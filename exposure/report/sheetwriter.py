"""Writing one worksheet: cells that stay data, Excel tables with formats and widths, paragraphs, print setup.

:class:`SheetWriter` writes captions, key–value rows, paragraphs and Excel tables down a
worksheet. Every table is an Excel table with filters, number formats per column kind
(from :mod:`exposure.report.labels`), conditional formatting, widths that fit Hangul, and text
that can never turn into a formula (text starting with = + - @ is stored as text, with a quote
prefix). :meth:`SheetWriter.finish` sets widths, row heights and the print setup
(:mod:`exposure.report.printing`).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import ColorScaleRule, DataBarRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from exposure.report import printing
from exposure.report.labels import headers, label, number_format, text

#: Leading characters that spreadsheet programs treat as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32767
MAX_WIDTH = 68  # a SHA-256 (64 characters) fits
WRAP_AT = 44  # text columns wider than this (in half-width characters) wrap
HEADER_WIDTH = 22  # a header wider than this wraps over two or more lines
MIN_WIDTH = 6
COMPACT_WIDTH = 9
PARAGRAPH_COLUMNS = 4
#: columns that name a row: a table printed over pages across repeats its leading run of them on every page
ROW_KEYS = frozenset({"scenario", "year", "month", "rank", "sector", "sector_name", "product", "code_system",
                      "product_name", "partner", "file", "source", "item", "item_name", "countermeasure"})
SEP = "\x1f"  # joins scenario and metric in the column names of the side-by-side table

GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_HEADER = Alignment(wrap_text=True, vertical="top")
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
        self.fonts = Fonts(lang)
        self.row = 1
        self.widths: dict[int, int] = {}
        self.value_widths: dict[int, int] = {}  # widths the values need (headers left out: they can wrap)
        self.frozen = False
        self.frozen_header: int | None = None
        self.key_columns = 0  # leading identifier columns of the frozen table, repeated on pages printed across
        self.paragraphs: list[tuple[int, str]] = []
        self.header_cells: list = []
        self._styles: dict[tuple[str | None, Alignment | None], StyleArray] = {}

    def _width(self, col: int, width: int) -> None:
        self.widths[col] = max(self.widths.get(col, 0), width)

    def heading(self, value: str, font: Font | None = None) -> None:
        cell = put(self.ws, self.row, 1, value)
        cell.font = font or self.fonts.section
        self.row += 1

    def title(self, value: str) -> None:
        self.heading(value, self.fonts.title)

    def line(self, value: str) -> None:
        put(self.ws, self.row, 1, value)
        self.row += 1

    def paragraph(self, value: str, columns: int = PARAGRAPH_COLUMNS, font: Font | None = None) -> None:
        """Wrapped text merged over the first ``columns`` columns; its height is set in :meth:`finish`."""
        cell = put(self.ws, self.row, 1, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
        if columns > 1:
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=columns)
        self.paragraphs.append((self.row, value, columns, (font.sz if font is not None and font.sz else 10)))
        self.row += 1

    def pairs(self, rows: list[tuple[str, Any]]) -> None:
        for key, value in rows:
            put(self.ws, self.row, 1, key).font = self.fonts.bold
            put(self.ws, self.row, 2, value).alignment = Alignment(horizontal="left")
            self._width(1, display_width(key) + 2)
            self.row += 1

    def blank(self, n: int = 1) -> None:
        self.row += n

    def table(self, df: pd.DataFrame, name: str, *, freeze: bool = False,
              column_headers: list[str] | None = None, formats: dict[str, str | None] | None = None,
              meta: dict[str, str] | None = None, left: int = 1, bars: list[str] | None = None,
              style: str = _TABLE_STYLE) -> tuple[int, int]:
        """Write ``df`` as an Excel table at the current row; return (header row, last row).

        ``formats`` overrides number formats by column (and switches its conditional format off);
        ``meta`` names, for a column, the documented column whose label (format, kind, data bars)
        it takes; ``bars`` are columns that get data bars whatever their format. An empty frame is
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
            cell.font = self.fonts.bold
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
            self.value_widths[left + j] = max(self.value_widths.get(left + j, 0), col.width + 2)
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
        tab.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
        self.ws.add_table(tab)
        self._conditional([meta[c] for c in cols], [c in formats for c in cols], top, last, left)
        for c in bars or []:
            j = cols.index(c)
            rng = f"{get_column_letter(left + j)}{top + 1}:{get_column_letter(left + j)}{last}"
            self.ws.conditional_formatting.add(
                rng, DataBarRule(start_type="num", start_value=0, end_type="max", color=_BAR_COLOUR, showValue=True))
        if freeze and not self.frozen:
            self.ws.freeze_panes = f"A{top + 1}"
            self.frozen = True
            self.frozen_header = top
            self.key_columns = next((j for j, c in enumerate(cols) if c not in ROW_KEYS), len(cols)) if left == 1 else 0
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

    def finish(self, header_row: int | None = None, *, landscape: bool = True, fit_height: bool = False,
               compact: bool = False, print_columns: int | None = None) -> None:
        """Column widths, row heights and print setup (A4, one page wide; see :mod:`exposure.report.printing`).

        ``compact``: columns as wide as their values (at least :data:`COMPACT_WIDTH`), headers wrap;
        ``print_columns``: print only the first that many columns (the others stay on screen).
        """
        if compact:
            self.widths = {c: max(COMPACT_WIDTH, v) for c, v in self.value_widths.items()} | \
                {c: v for c, v in self.widths.items() if c not in self.value_widths}
        self.fit_widths()
        heights: dict[int, int] = {}
        for cell in self.header_cells:
            width = self.ws.column_dimensions[cell.column_letter].width or 9
            lines = wrapped_lines(str(cell.value), max(width - 1, 4))
            heights[cell.row] = max(heights.get(cell.row, 1), lines)
        for row, lines in heights.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = 13.5 * lines + 3
        for row, value, columns, size in self.paragraphs:
            total = sum(self.ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, columns + 1))
            # Excel does not grow merged rows by itself; Hangul is about twice as wide per character.
            lines = sum(max(1, math.ceil(display_width(part) * 1.1 * size / 10 / max(total, 20)))
                        for part in value.split("\n"))
            self.ws.row_dimensions[row].height = 1.5 * size * lines + 4
        header_row = header_row or self.frozen_header
        if print_columns:  # before the print setup, which sizes the page to the columns that print
            self.ws.print_area = f"A1:{get_column_letter(print_columns)}{max(self.ws.max_row, 1)}"
        printing.setup(self.ws, landscape=landscape, fit_height=fit_height,
                       title_rows=f"{header_row}:{header_row}" if header_row else None, key_columns=self.key_columns)


class Fonts:
    """The fonts of a workbook in ``lang``: every explicit font names the workbook font (Hangul glyphs)."""

    def __init__(self, lang: str) -> None:
        from exposure.report.fonts import WORKBOOK_FONT, WORKBOOK_FONT_SIZE

        name = WORKBOOK_FONT[lang]
        self.name = name
        self.normal = Font(name=name, size=WORKBOOK_FONT_SIZE)
        self.bold = Font(name=name, size=WORKBOOK_FONT_SIZE, bold=True)
        self.italic = Font(name=name, size=WORKBOOK_FONT_SIZE, italic=True, color="505050")
        self.title = Font(name=name, size=14, bold=True)
        self.section = Font(name=name, size=12, bold=True, color="1F4E78")
        self.headline = Font(name=name, size=11, bold=False)


def wrapped_lines(value: str, width: float) -> int:
    """Lines ``value`` takes when wrapped at spaces into a column ``width`` characters wide (Hangul counts double)."""
    lines, used = 1, 0.0
    for word in value.split():
        w = display_width(word)
        if used and used + 1 + w > width:
            lines += 1
            used = 0.0
        if w > width:  # a word longer than the column breaks inside it
            lines += math.ceil(w / width) - 1
            used = w % width
        else:
            used += (1 if used else 0) + w
    return lines


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


