"""Print setup of a worksheet (A4, orientation, fit to width, repeated header rows, footer) and a page estimate.

Every sheet prints on A4 with narrow margins, fitted to one page wide, its table header repeated
on each page, and a footer with the sheet's name and page number. The Summary is fitted to one
page in both directions.

:func:`estimate_pages` estimates from the print settings, column widths and row heights how many
pages a sheet prints to (Excel's column width unit is about 7 px + 5 px padding at 96 dpi; rows
without a height are 15 pt). It is what tests can check without a spreadsheet program; the
benchmark measures the real count with LibreOffice.
"""

from __future__ import annotations

import math

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

A4_INCHES = (8.27, 11.69)  # width × height in portrait
MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.55, header=0.25, footer=0.25)
DEFAULT_ROW_PT = 15.0
DEFAULT_WIDTH = 8.43  # Excel's default column width (characters)
#: the smallest print scale of a sheet fitted to the width (a 10-pt cell prints at 4.5 pt): a wider table
#: prints at this scale over two or more pages side by side (across, then down), its key columns repeated
MIN_SCALE = 0.45
FOOTER = "&A — &P / &N"  # sheet name — page / pages


def setup(ws: Worksheet, *, landscape: bool = True, fit_height: bool = False, title_rows: str | None = None,
          key_columns: int = 0) -> None:
    """A4, ``landscape`` or portrait, fitted to the width (and to one page high with ``fit_height``),
    ``title_rows`` (e.g. ``"4:4"``) repeated on every page, narrow margins and a footer with the sheet name
    and page. Call it once the columns have their widths: a table that would print below `MIN_SCALE` on
    one page wide prints at that scale over pages across (then down), its first ``key_columns`` repeated."""
    s = ws.page_setup
    s.orientation = "landscape" if landscape else "portrait"
    s.paperSize = ws.PAPERSIZE_A4
    ws.page_margins = MARGINS
    page_w, _ = _page_pt(ws)
    narrow = not fit_height and page_w / max(used_width_pt(ws), 1.0) < MIN_SCALE
    ws.sheet_properties.pageSetUpPr.fitToPage = not narrow
    s.fitToWidth = 1
    s.fitToHeight = 1 if fit_height else 0
    if narrow:
        s.scale = round(MIN_SCALE * 100)
        s.pageOrder = "overThenDown"
        if key_columns:
            ws.print_title_cols = f"A:{get_column_letter(key_columns)}"
    ws.print_options.horizontalCentered = False
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 8


def _page_pt(ws: Worksheet) -> tuple[float, float]:
    """Printable width and height of a page of ``ws`` in points."""
    w_in, h_in = A4_INCHES if ws.page_setup.orientation != "landscape" else A4_INCHES[::-1]
    m = ws.page_margins
    return (w_in - m.left - m.right) * 72, (h_in - m.top - m.bottom) * 72


def _width_pt(width: float | None) -> float:
    w = DEFAULT_WIDTH if width is None else width
    return (math.floor(7 * w + 5)) * 0.75  # pixels at 96 dpi → points


def _anchor(chart) -> tuple[int, int]:
    """(row, column) of a chart's top-left cell, 1-based."""
    a = chart.anchor
    if isinstance(a, str):
        col, row = coordinate_from_string(a)
        return row, column_index_from_string(col)
    return a._from.row + 1, a._from.col + 1


def _col_pt(ws: Worksheet, c: int) -> float:
    return _width_pt(ws.column_dimensions[get_column_letter(c)].width)


def _row_pt(ws: Worksheet, r: int) -> float:
    return ws.row_dimensions[r].height or DEFAULT_ROW_PT


def _last_column(ws: Worksheet) -> int:
    """The last column that prints: the print area's when one is set, else the last used."""
    area = ws.print_area
    if area:
        last = str(area).split("!")[-1].split(":")[-1].replace("$", "")
        return column_index_from_string("".join(ch for ch in last if ch.isalpha()))
    return ws.max_column


def used_width_pt(ws: Worksheet) -> float:
    """Width of the printed columns in points, charts anchored right of them included (chart sizes are in cm)."""
    width = sum(_col_pt(ws, c) for c in range(1, _last_column(ws) + 1))
    for chart in getattr(ws, "_charts", []):
        _row, col = _anchor(chart)
        width = max(width, sum(_col_pt(ws, c) for c in range(1, col)) + chart.width / 2.54 * 72)
    return width


def used_height_pt(ws: Worksheet) -> float:
    """Height of the used rows in points, charts below the last row included."""
    height = sum(_row_pt(ws, r) for r in range(1, ws.max_row + 1))
    for chart in getattr(ws, "_charts", []):
        row, _col = _anchor(chart)
        height = max(height, sum(_row_pt(ws, r) for r in range(1, row)) + chart.height / 2.54 * 72)
    return height


def estimate_pages(ws: Worksheet) -> int:
    """Pages ``ws`` prints to with its page setup (an estimate, see the module docstring)."""
    s = ws.page_setup
    page_w, page_h = _page_pt(ws)
    width, height = used_width_pt(ws), used_height_pt(ws)
    fit = ws.sheet_properties.pageSetUpPr.fitToPage
    if fit:
        scale = min(1.0, page_w / width) if s.fitToWidth == 1 and width > 0 else 1.0
    else:
        scale = (s.scale or 100) / 100
    scale = max(scale, 0.1)  # Excel and LibreOffice never scale below 10 %
    if fit and s.fitToHeight == 1:
        return 1
    across = max(1, math.ceil(width * scale / page_w - 1e-9))
    title = 0.0
    if ws.print_title_rows:
        first, last = (int(x) for x in str(ws.print_title_rows).replace("$", "").split(":"))
        title = sum(ws.row_dimensions[r].height or DEFAULT_ROW_PT for r in range(first, last + 1))
    per_page = page_h - title * scale
    return across * max(1, math.ceil(height * scale / per_page))


def print_scale(ws: Worksheet) -> float:
    """The scale ``ws`` prints at with its page setup (1 = full size)."""
    if ws.page_setup.fitToHeight == 1:
        return summary_scale(ws)
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return (ws.page_setup.scale or 100) / 100
    page_w, _ = _page_pt(ws)
    return min(1.0, page_w / max(used_width_pt(ws), 1.0))


def summary_scale(ws: Worksheet) -> float:
    """The scale a sheet fitted to one page prints at (1 = full size)."""
    page_w, page_h = _page_pt(ws)
    return min(1.0, page_w / max(used_width_pt(ws), 1.0), page_h / max(used_height_pt(ws), 1.0))
