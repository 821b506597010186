"""Excel workbooks as raw rows: .xlsx (openpyxl) and real .xls (BIFF, xlrd), within the input limits.

Three things are not left to the libraries:

- **Extent.** openpyxl's read-only mode trusts the sheet's ``dimension`` tag and pads
  every row to it, so a bogus ``A1:XFD1048576`` (or one styled cell out there) turns a
  table of 30 rows into 17 billion empty cells. Rows are read here from the sheet's
  XML cell by cell instead: only cells that hold a value count, a value beyond
  :data:`~exposure.io.limits.MAX_COLUMNS` is refused by name, and long runs of empty
  rows are skipped.
- **Hidden sheets.** A hidden or very hidden sheet is never read unless the caller names
  it; when the visible sheets are empty and a hidden one has data, the message says so.
- **Damage and passwords.** Every error of the libraries becomes a :class:`DataError`;
  an encrypted workbook is called password-protected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from exposure.errors import DataError
from exposure.io.limits import MAX_CELLS, MAX_COLUMNS
from exposure.io.mapping import column_letter

VISIBLE = "visible"
_XLS_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


@dataclass
class Rows:
    """The non-empty rows of one sheet: 1-based row numbers and their cells (trailing blanks cut)."""

    numbers: list[int] = field(default_factory=list)
    cells: list[list[object]] = field(default_factory=list)
    #: merged cell ranges as (first row, first column, last row, last column), 1-based (.xlsx only)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def _damaged(path: Path, kind: str, exc: BaseException) -> DataError:
    text = " ".join(str(exc).split())[:200] or type(exc).__name__
    if isinstance(exc, (AttributeError, TypeError, IndexError, NameError, AssertionError)):
        # the reading library's own slip on a part it did not expect: its words name its code, not the file
        text = "one of its parts is not laid out as Excel writes it; open it in Excel and save it again"
    missing = re.search(r"no item named '([^']+)'", text) if isinstance(exc, KeyError) else None
    if missing:
        text = f"its part {missing.group(1)} is missing"
    if "encrypt" in text.lower() or "password" in text.lower():
        return DataError(path, f"the {kind} workbook is password-protected: expected an unprotected file (open it "
                               "with its password and save a copy without one)")
    return DataError(path, f"cannot read the {kind} workbook, it is damaged or not a workbook ({text})")


def pick_sheet(names: list[str], states: list[str], sheet: str | int | None, path: Path) -> str:
    """The sheet to read: the one named, else the first visible one (hidden sheets are never picked)."""
    if sheet is None:
        visible = [n for n, s in zip(names, states) if s == VISIBLE]
        if not visible:
            raise DataError(path, f"every sheet of the workbook is hidden ({', '.join(repr(n) for n in names)}): a "
                                  "hidden sheet is read only when named: name it in a mapping file ([read] sheet = "
                                  f"\"{names[0]}\")")
        return visible[0]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
        i = int(sheet)
        if not 0 <= i < len(names):
            raise DataError(path, f"sheet number {i} does not exist; the file has sheets {names}")
        return names[i]
    if sheet not in names:
        raise DataError(path, f"sheet '{sheet}' not found; the file has sheets {names}")
    return sheet


class _Collector:
    """Keeps the rows that hold a value and enforces the column and cell limits."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path, self.sheet = path, sheet
        self.rows = Rows()
        self.width = 0
        self.cells = 0

    def add(self, number: int, values: list[object]) -> None:
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if not values:
            return
        self.width = max(self.width, len(values))
        self.cells += len(values)
        if self.cells > MAX_CELLS:
            raise DataError(self.path, f"sheet '{self.sheet}': more than {MAX_CELLS:,} cells (at row {number:,}): "
                                       "expected a table within that limit (split the file)")
        self.rows.numbers.append(number)
        self.rows.cells.append(values)

    def too_wide(self, number: int, column: int, value: object) -> DataError:
        shown = " ".join(str(value).split())[:40]
        return DataError(self.path, f"sheet '{self.sheet}': cell {column_letter(column - 1)}{number} holds "
                                    f"'{shown}', beyond the {MAX_COLUMNS:,} columns a table may have: expected one "
                                    "table (delete the cells far to the right of it)", row=number)

    def finish(self) -> Rows:
        return self.rows


# ----------------------------------------------------------------------------------------------- xlsx
def _open_xlsx(path: Path):
    from openpyxl.chartsheet import Chartsheet
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.functions import fromstring

    class Reader(ExcelReader):
        def read_chartsheet(self, sheet, rel):
            if get_rels_path(rel.target) in self.valid_files:
                return super().read_chartsheet(sheet, rel)
            # a chart sheet whose chart was deleted has no relationships, on which openpyxl 3.1 fails
            # ("'list' object has no attribute 'find'"); no chart sheet is read, so it is kept empty
            with self.archive.open(rel.target) as src:
                cs = Chartsheet.from_tree(fromstring(src.read()))
            cs._parent, cs.title = self.wb, sheet.name
            self.wb._add_sheet(cs)

    try:
        reader = Reader(path, read_only=True, data_only=True)
        reader.read()
        return reader.wb
    except Exception as exc:  # openpyxl raises many types (KeyError, ValueError, BadZipFile …) for damaged files
        raise _damaged(path, ".xlsx", exc) from None


#: the value of a formula cell the file holds no computed value for
UNCOMPUTED = object()


def _xlsx_cells(ws, merged: list[tuple[int, int, int, int]] | None = None) -> Iterator[tuple[int, list[dict]]]:
    """(row number, cell dicts) straight from the sheet XML, as openpyxl's own read-only iteration gets them,
    without padding rows to the ``dimension`` tag. A formula cell without a computed value (a file written by a
    program that does not calculate, never opened in a spreadsheet) has the value :data:`UNCOMPUTED`: read as
    blank it would silently be a missing amount."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            # a formula that computed to "" is a string cell (t="str") with an empty <v/>; a formula with no <v>, or
            # an empty one in a number cell (as openpyxl writes formulas), was never computed
            if cell["value"] is None and element.find(FORMULA_TAG) is not None \
                    and (element.find(VALUE_TAG) is None or element.get("t") != "str"):
                cell["value"] = UNCOMPUTED
            return cell

    wb = ws.parent
    with ws._get_source() as src:
        parser = Parser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                        date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        yield from parser.parse()
    if merged is not None and parser.merged_cells is not None:
        # <mergeCells> follows the rows: known once they are read (read-only worksheets do not keep them)
        from openpyxl.utils.cell import range_boundaries

        for cell_range in parser.merged_cells.mergeCell:
            min_col, min_row, max_col, max_row = range_boundaries(cell_range.ref)
            merged.append((min_row, min_col, max_row, max_col))


def _xlsx_rows(ws, path: Path, limit: int | None = None) -> Rows:
    """The rows of a sheet that hold a value (only the first ``limit`` of them when given)."""
    collect = _Collector(path, ws.title)
    merged: list[tuple[int, int, int, int]] = []
    for number, cells in _xlsx_cells(ws, merged):
        values: list[object] = []
        for cell in cells:
            value = cell["value"]
            if value is None or value == "":
                continue
            col = int(cell["column"])
            if value is UNCOMPUTED:
                from openpyxl.utils import get_column_letter

                raise DataError(path, f"sheet '{ws.title}': cell {get_column_letter(col)}{number} holds a formula "
                                      "with no computed value (the file was written by a program that does not "
                                      "calculate formulas): expected values; open the file in a spreadsheet "
                                      "program and save it, or paste the cells as values", row=number)
            if col > MAX_COLUMNS:
                raise collect.too_wide(number, col, value)
            if col > len(values):
                values.extend([None] * (col - len(values)))
            values[col - 1] = value
        collect.add(number, values)
        if limit is not None and len(collect.rows.numbers) >= limit:
            break
    rows = collect.finish()
    rows.merged = merged
    return rows


def read_xlsx(path: Path, sheet: str | int | None) -> tuple[Rows, str, list[str], list[str]]:
    """Rows of one sheet of an .xlsx; also the sheet read, all sheet names and the hidden ones."""
    wb = _open_xlsx(path)
    try:
        names = _table_sheets(wb)
        states = [getattr(wb[n], "sheet_state", VISIBLE) or VISIBLE for n in names]
        name = pick_sheet(names, states, sheet, path)
        try:
            rows = _xlsx_rows(wb[name], path)
        except DataError:
            raise
        except Exception as exc:  # XML syntax errors, bad shared-string indices, bad row numbers …
            raise _damaged(path, ".xlsx", exc) from None
    finally:
        wb.close()
    return rows, name, names, [n for n, s in zip(names, states) if s != VISIBLE]


def _table_sheets(wb) -> list[str]:
    """The workbook's worksheets: chart sheets hold no cells (a chart sheet first is no damaged file)."""
    return [n for n in wb.sheetnames if type(wb[n]).__name__ != "Chartsheet"]


def sheet_heads(path: Path, kind: str, names: list[str], rows: int) -> dict[str, list[list[object]]]:
    """The first ``rows`` rows holding a value of each named sheet (for comparing their headers)."""
    out: dict[str, list[list[object]]] = {}
    if kind == "xlsx":
        wb = _open_xlsx(path)
        try:
            out = {n: _xlsx_rows(wb[n], path, rows).cells for n in names}
        except DataError:
            raise
        except Exception as exc:
            raise _damaged(path, ".xlsx", exc) from None
        finally:
            wb.close()
    elif kind == "xls":
        book = _open_xls(path)
        try:
            out = {n: _xls_rows(book, n, path, rows).cells for n in names}
        finally:
            book.release_resources()
    return out


def xlsx_sheets(path: Path) -> list[tuple[str, str]]:
    """(name, state) of every sheet of an .xlsx, without reading cells."""
    st = Path(path).stat()
    # asked several times per file (its format, its mapping, its layout): opened once while the file is unchanged
    return list(_xlsx_sheets(str(Path(path).absolute()), st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=32)
def _xlsx_sheets(path: str, _mtime_ns: int, _size: int) -> tuple[tuple[str, str], ...]:
    wb = _open_xlsx(Path(path))
    try:
        return tuple((n, getattr(wb[n], "sheet_state", VISIBLE) or VISIBLE) for n in _table_sheets(wb))
    finally:
        wb.close()


# ----------------------------------------------------------------------------------------------- xls
def _open_xls(path: Path):
    import xlrd

    try:
        # ragged rows: each row as long as its last cell, so one stray cell does not widen every row
        return xlrd.open_workbook(path, on_demand=True, ragged_rows=True)
    except Exception as exc:  # xlrd.XLRDError, struct.error, CompDocError … for damaged files
        raise _damaged(path, ".xls", exc) from None


def _xls_states(book) -> list[str]:
    vis = list(getattr(book, "_sheet_visibility", []) or [])
    return [_XLS_STATES.get(vis[i] if i < len(vis) else 0, "hidden") for i in range(book.nsheets)]


def _xls_rows(book, name: str, path: Path, limit: int | None = None) -> Rows:
    import xlrd

    sh = book.sheet_by_name(name)
    collect = _Collector(path, name)
    for r in range(sh.nrows):
        n = sh.row_len(r)
        if n > MAX_COLUMNS:
            last = next((c for c in range(n - 1, MAX_COLUMNS - 1, -1)
                         if sh.cell_type(r, c) not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)), None)
            if last is not None:
                raise collect.too_wide(r + 1, last + 1, sh.cell_value(r, last))
            n = MAX_COLUMNS
        row: list[object] = []
        for c in range(n):
            ctype = sh.cell_type(r, c)
            value = sh.cell_value(r, c)
            if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                value = None
            elif ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                value = int(value)  # BIFF stores every number as a double
            elif ctype == xlrd.XL_CELL_ERROR:
                # the error's text (#N/A, #DIV/0! …): an error is not an empty cell, and an amount column refuses it
                value = xlrd.error_text_from_code.get(value, "#ERROR")
            row.append(value)
        collect.add(r + 1, row)
        if limit is not None and len(collect.rows.numbers) >= limit:
            break
    return collect.finish()


def read_xls(path: Path, sheet: str | int | None) -> tuple[Rows, str, list[str], list[str]]:
    """Rows of one sheet of a BIFF .xls; also the sheet read, all sheet names and the hidden ones."""
    book = _open_xls(path)
    try:
        names = list(book.sheet_names())
        states = _xls_states(book)
        name = pick_sheet(names, states, sheet, path)
        try:
            rows = _xls_rows(book, name, path)
        except DataError:
            raise
        except Exception as exc:
            raise _damaged(path, ".xls", exc) from None
    finally:
        book.release_resources()
    return rows, name, names, [n for n, s in zip(names, states) if s != VISIBLE]


def xls_sheets(path: Path) -> list[tuple[str, str]]:
    """(name, state) of every sheet of a BIFF .xls."""
    book = _open_xls(path)
    try:
        return list(zip(book.sheet_names(), _xls_states(book)))
    finally:
        book.release_resources()


def hidden_with_data(path: Path, kind: str, hidden: list[str]) -> list[str]:
    """Which of the ``hidden`` sheets hold at least one value (read up to the first one)."""
    out = []
    if kind == "xlsx":
        wb = _open_xlsx(path)
        try:
            out = [n for n in hidden if _xlsx_rows(wb[n], path, 1).numbers]
        except DataError:
            raise
        except Exception as exc:
            raise _damaged(path, ".xlsx", exc) from None
        finally:
            wb.close()
    elif kind == "xls":
        book = _open_xls(path)
        try:
            out = [n for n in hidden if _xls_rows(book, n, path, 1).numbers]
        finally:
            book.release_resources()
    return out
