"""Spreadsheet-like files read as a raw grid of cells, whatever the container.

One function, :func:`read_grid`, turns .xlsx (openpyxl), real .xls (BIFF, xlrd),
HTML tables saved with an .xls name (lxml) and CSV (any of the encodings in
:mod:`exposure.io.encoding`) into the same thing: a DataFrame of untouched cell
values with the file row number of each grid row. Header finding, units and
parsing all work on that grid, so they do not care where it came from.

Merged cells (and ``colspan``/``rowspan`` in HTML) keep their value in the
top-left cell only, as openpyxl reports them; header logic fills them in.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.encoding import detect_encoding, normalise_encoding_name, read_text

XLSX, XLS, HTML, CSV, ZIP = "xlsx", "xls", "html-xls", "csv", "zip"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Grid:
    """Raw cells of one sheet.

    Attributes
    ----------
    cells : pandas.DataFrame
        object dtype, columns 0..n-1, one row per file row that holds anything
        up to the last non-empty row (empty rows inside the table are kept).
    rows : numpy.ndarray
        The 1-based row number in the file (as Excel shows it) of each grid row.
    """

    cells: pd.DataFrame
    rows: np.ndarray
    path: Path
    format: str
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def sniff_format(path: str | Path) -> str:
    """Tell a file's container from its first bytes (the extension is only a hint).

    Returns one of ``"xlsx"``, ``"xls"``, ``"html-xls"``, ``"zip"`` (a zip that is
    not a workbook, e.g. a BACI download) or ``"csv"`` (any other text).
    """
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise DataError(p, f"cannot open the file: {exc.strerror or exc}") from None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile:
            raise DataError(p, "looks like a zip/xlsx file but the archive is damaged") from None
        return XLSX if any(n.startswith("xl/") for n in names) else ZIP
    if head.startswith(_OLE2):
        return XLS
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and (b"<table" in head.lower() or b"<html" in text[:200] or b"<!doctype" in text[:20]
                                  or b"<meta" in text[:400]):
        return HTML
    if b"<table" in head.lower():
        return HTML
    return CSV


def _frame(records: list[list[object]], rownums: list[int]) -> tuple[pd.DataFrame, np.ndarray]:
    """Pad ragged rows, drop trailing empty rows and columns."""
    width = max((len(r) for r in records), default=0)
    padded = [list(r) + [None] * (width - len(r)) for r in records]
    cells = pd.DataFrame(padded, dtype=object) if padded else pd.DataFrame(dtype=object)
    if len(cells):
        cells = cells.map(_blank_to_none).astype(object)
        cells = cells.where(cells.notna(), None)  # one spelling of "empty": None
    nonblank_rows = cells.notna().any(axis=1).to_numpy() if len(cells) else np.array([], dtype=bool)
    if nonblank_rows.any():
        last = int(np.flatnonzero(nonblank_rows)[-1]) + 1
        cells = cells.iloc[:last]
        rownums = rownums[:last]
        used_cols = np.flatnonzero(cells.notna().any(axis=0).to_numpy())
        cells = cells.iloc[:, : int(used_cols[-1]) + 1]
    else:
        cells, rownums = cells.iloc[:0], []
    cells.columns = range(cells.shape[1])
    cells.index = range(len(cells))
    return cells, np.asarray(rownums, dtype="int64")


def _blank_to_none(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    if isinstance(v, float) and np.isnan(v):
        return None
    return v


def _pick_sheet(names: list[str], sheet: str | int | None, path: Path) -> str:
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
        i = int(sheet)
        if not 0 <= i < len(names):
            raise DataError(path, f"sheet number {i} does not exist; the file has sheets {names}")
        return names[i]
    if sheet not in names:
        raise DataError(path, f"sheet '{sheet}' not found; the file has sheets {names}")
    return sheet


def _read_xlsx(path: Path, sheet: str | int | None) -> Grid:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise DataError(path, f"cannot read the .xlsx workbook: {exc}") from None
    try:
        names = list(wb.sheetnames)
        name = _pick_sheet(names, sheet, path)
        ws = wb[name]
        records = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    cells, rows = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells, rows, path, XLSX, None, name, names)


def _read_xls(path: Path, sheet: str | int | None) -> Grid:
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError and struct errors for damaged files
        raise DataError(path, f"cannot read the .xls workbook: {exc}") from None
    try:
        names = book.sheet_names()
        name = _pick_sheet(names, sheet, path)
        sh = book.sheet_by_name(name)
        records = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                    value = None
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                    value = int(value)  # BIFF stores every number as a double
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = None
                row.append(value)
            records.append(row)
    finally:
        book.release_resources()
    cells, rows = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells, rows, path, XLS, None, name, names)


def _html_rows(table) -> list[list[object]]:
    """Rows of one <table>, with colspan/rowspan cells kept in their top-left position only."""
    out: list[list[object]] = []
    pending: dict[tuple[int, int], None] = {}  # (row, col) slots taken by rowspans from above
    for r, tr in enumerate(table.iter("tr")):
        row: list[object] = []
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in pending:
                row.append(None)
                c += 1
            text = " ".join(cell.text_content().split())
            row.append(text if text else None)
            span = int(cell.get("colspan", "1") or 1)
            rspan = int(cell.get("rowspan", "1") or 1)
            for extra in range(1, span):
                row.append(None)
            for dr in range(1, rspan):
                for dc in range(span):
                    pending[(r + dr, c + dc)] = None
            c += span
        while (r, c) in pending:
            row.append(None)
            c += 1
        out.append(row)
    return out


def _read_html(path: Path, sheet: str | int | None, encoding: str | None) -> Grid:
    import lxml.html

    data = path.read_bytes()
    enc = normalise_encoding_name(encoding) if encoding else _html_encoding(data, path)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise DataError(path, f"cannot decode the HTML table as {enc}: {exc}") from None
    doc = lxml.html.document_fromstring(text.lstrip("\ufeff"))
    tables = [t for t in doc.iter("table") if not t.xpath(".//table")]
    if not tables:
        raise DataError(path, _no_table_problem(path, doc))
    # Excel shows every table of an HTML "xls" one under the other: do the same, so a title
    # or unit line kept in its own small table stays above the header.
    records: list[list[object]] = []
    for t in tables:
        records.extend(_html_rows(t))
    cells, rows = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells, rows, path, HTML, enc, None, [])


def _no_table_problem(path: Path, doc) -> str:
    """An HTML file without a table is usually a web page saved instead of the download."""
    title = " ".join((doc.findtext(".//title") or "").split())
    heading = next((" ".join(h.text_content().split()) for h in doc.iter("h1", "h2", "p")
                    if h.text_content().strip()), "")
    shown = "; ".join(f"{k} '{v[:80]}'" for k, v in (("title", title), ("text", heading)) if v)
    kind = f"an HTML page named {path.suffix}" if path.suffix.lower() in (".xlsx", ".xls", ".csv") else "an HTML page"
    return (f"{kind} with no table in it{f' ({shown})' if shown else ''}: expected an Excel workbook, a CSV file "
            "or an HTML table; the download probably failed, so download the file again")


def _html_encoding(data: bytes, path: Path) -> str:
    import re

    m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.IGNORECASE)
    if m:
        declared = normalise_encoding_name(m.group(1).decode("ascii"))
        try:
            data.decode(declared)
            return declared
        except (UnicodeDecodeError, LookupError):
            pass  # pages often lie about their charset; fall back to detection
    return detect_encoding(data, path)


def sniff_delimiter(sample: str) -> str:
    """The field delimiter of a CSV sample: comma, semicolon, tab or pipe.

    Each candidate splits the first lines with a real CSV parser (so quoted text with
    semicolons does not count); the one giving the most lines with the same number
    (> 1) of fields wins, commas first on ties.
    """
    lines = [ln for ln in sample.splitlines()[:60] if ln.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line short
    best, best_score = ",", (-1, 0)
    for d in (",", ";", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        score = (wide.count(common), common)
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(path: Path, encoding: str | None, delimiter: str | None = None) -> Grid:
    text, enc = read_text(path, encoding)
    delim = delimiter or sniff_delimiter(text[:20000])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        records = [list(r) for r in reader]
    except csv.Error as exc:
        raise DataError(path, f"not a readable CSV file: {exc}", row=reader.line_num) from None
    cells, rows = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells, rows, path, CSV, enc, None, [])


def sheet_names(path: str | Path) -> list[str]:
    """Sheet names of a workbook without reading its cells ([] for CSV/HTML)."""
    p = Path(path)
    kind = sniff_format(p)
    if kind == XLSX:
        import openpyxl

        try:
            wb = openpyxl.load_workbook(p, read_only=True)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise DataError(p, f"cannot read the .xlsx workbook: {exc}") from None
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    if kind == XLS:
        import xlrd

        try:
            book = xlrd.open_workbook(p, on_demand=True)
        except Exception as exc:  # xlrd.XLRDError and struct errors for damaged files
            raise DataError(p, f"cannot read the .xls workbook: {exc}") from None
        try:
            return list(book.sheet_names())
        finally:
            book.release_resources()
    return []


def read_grid(path: str | Path, sheet: str | int | None = None, encoding: str | None = None,
              fmt: str | None = None) -> Grid:
    """Read one sheet (or the CSV/HTML table) of a file as raw cells.

    Parameters
    ----------
    path : str or Path
        .xlsx, .xls (BIFF or HTML), .csv/.txt.
    sheet : str or int, optional
        Sheet name or 0-based number; the first sheet by default.
    encoding : str, optional
        Text encoding for CSV/HTML; detected when omitted.
    fmt : str, optional
        Force the container (``"xlsx"``, ``"xls"``, ``"html-xls"``, ``"csv"``).

    Returns
    -------
    Grid

    Raises
    ------
    DataError
        If the file cannot be opened or decoded, or the sheet does not exist.
    """
    p = Path(path)
    kind = fmt or sniff_format(p)
    if kind == XLSX:
        return _read_xlsx(p, sheet)
    if kind == XLS:
        return _read_xls(p, sheet)
    if kind == HTML:
        return _read_html(p, sheet, encoding)
    if kind == ZIP:
        raise DataError(p, "a zip archive, not a table: expected .xlsx, .xls or .csv (BACI zips load with load_baci)")
    return _read_csv(p, encoding)
