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
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.encoding import read_text
from exposure.io.htmltable import read_html_rows
from exposure.io.limits import (MAX_CELLS, MAX_COLUMNS, MAX_EMPTY_RUN, MAX_HTML_BYTES, MAX_TABLE_BYTES,
                                check_regular_file, check_workbook_zip, check_zip_member, is_encrypted_office)
from exposure.io.workbook import read_xls, read_xlsx, xls_sheets, xlsx_sheets

XLSX, XLS, HTML, CSV, ZIP, ODS = "xlsx", "xls", "html-xls", "csv", "zip", "ods"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class Grid:
    """Raw cells of one sheet.

    Attributes
    ----------
    cells : pandas.DataFrame
        object dtype, columns 0..n-1, one row per file row that holds anything
        up to the last non-empty row (empty rows inside the table are kept, but a
        run of more than :data:`~exposure.io.limits.MAX_EMPTY_RUN` is skipped).
    rows : numpy.ndarray
        The 1-based row number in the file (as Excel shows it) of each grid row.
    hidden : list of str
        The workbook's hidden sheets (never read unless named).
    notes : list of str
        What the reader skipped (long runs of empty rows), for the LoadReport.
    delimiter : str or None
        The field delimiter of a CSV file.
    """

    cells: pd.DataFrame
    rows: np.ndarray
    path: Path
    format: str
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    delimiter: str | None = None
    #: merged cell ranges of a workbook sheet: (first row, first column, last row, last column), 1-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def _zip_format(p: Path) -> str:
    """xlsx, ods or a plain zip, after checking the archive's declared sizes (nothing is inflated yet)."""
    try:
        with zipfile.ZipFile(p) as zf:
            names = zf.namelist()
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                check_zip_member(zf.getinfo("mimetype"), p, 200)
                if zf.read("mimetype").startswith(_ODS_MIME):
                    return ODS
            if any(n.startswith("xl/") for n in names):
                check_workbook_zip(zf, p)
                return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise DataError(p, "looks like a zip/xlsx file but the archive is damaged") from None
    return ZIP


def sniff_format(path: str | Path) -> str:
    """Tell a file's container from its first bytes (the extension is only a hint).

    Returns one of ``"xlsx"``, ``"xls"``, ``"html-xls"``, ``"zip"`` (a zip that is
    not a workbook, e.g. a BACI download), ``"ods"`` or ``"csv"`` (any other text).

    Raises
    ------
    DataError
        For anything but a regular file, a damaged zip, a zip past the limits, or a
        password-protected workbook.
    """
    p = Path(path)
    check_regular_file(p)
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise DataError(p, f"cannot open the file: {exc.strerror or exc}") from None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(p)
    if head.startswith(_OLE2):
        check_regular_file(p, MAX_TABLE_BYTES)
        if is_encrypted_office(p.read_bytes()):
            raise DataError(p, "the workbook is password-protected (an encrypted Office file): expected an "
                               "unprotected file (open it with its password and save a copy without one)")
        return XLS
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and (b"<table" in head.lower() or b"<html" in text[:200] or b"<!doctype" in text[:20]
                                  or b"<meta" in text[:400]):
        return HTML
    if b"<table" in head.lower():
        return HTML
    return CSV


def _frame(records: list[list[object]], rownums: list[int]) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Pad ragged rows, drop trailing empty rows and columns, skip long runs of empty rows.

    ``rownums`` are the file row numbers of ``records``; they may skip rows (a workbook's
    XML leaves empty rows out). Empty rows between rows with values are kept (the loaders
    report them as blank rows) unless a run is longer than ``MAX_EMPTY_RUN``.
    """
    notes: list[str] = []
    rows_out: list[list[object]] = []
    nums_out: list[int] = []
    prev: int | None = None
    for number, rec in zip(rownums, records):
        if not any(_blank_to_none(v) is not None for v in rec):
            continue
        if prev is not None:
            gap = number - prev - 1
            if gap > MAX_EMPTY_RUN:
                notes.append(f"rows {prev + 1:,}–{number - 1:,} are empty: skipped")
            elif gap > 0:
                rows_out.extend([] for _ in range(gap))
                nums_out.extend(range(prev + 1, number))
        rows_out.append(rec)
        nums_out.append(number)
        prev = number
    width = max((len(r) for r in rows_out), default=0)
    padded = [list(r) + [None] * (width - len(r)) for r in rows_out]
    cells = pd.DataFrame(padded, dtype=object) if padded else pd.DataFrame(dtype=object)
    if len(cells):
        cells = cells.map(_blank_to_none).astype(object)
        cells = cells.where(cells.notna(), None)  # one spelling of "empty": None
        used_cols = np.flatnonzero(cells.notna().any(axis=0).to_numpy())
        cells = cells.iloc[:, : int(used_cols[-1]) + 1]
    cells.columns = range(cells.shape[1])
    cells.index = range(len(cells))
    return cells, np.asarray(nums_out, dtype="int64"), notes


def _blank_to_none(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, str):
        if not v.strip():
            return None
        # Hangul as macOS writes it (NFD: ᄉ+ᅮ+ᄋ… for 수입) is the same text as everyone else's (NFC)
        return v if v.isascii() else unicodedata.normalize("NFC", v)
    if isinstance(v, float) and np.isnan(v):
        return None
    return v


def _workbook_grid(path: Path, kind: str, sheet: str | int | None) -> Grid:
    reader = read_xlsx if kind == XLSX else read_xls
    rows, name, names, hidden = reader(path, sheet)
    cells, numbers, notes = _frame(rows.cells, rows.numbers)
    return Grid(cells, numbers, path, kind, None, name, names, hidden, notes, merged=rows.merged)


def _read_html(path: Path, encoding: str | None) -> Grid:
    check_regular_file(path, MAX_HTML_BYTES)
    records, enc, merged = read_html_rows(path, path.read_bytes(), encoding)
    cells, rows, notes = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells, rows, path, HTML, enc, None, [], [], notes, merged=merged)


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
    records: list[list[object]] = []
    cells = 0
    try:
        for rec in reader:
            if len(rec) > MAX_COLUMNS:
                raise DataError(path, f"this line has {len(rec):,} fields, more than the {MAX_COLUMNS:,} columns a "
                                      "table may have: expected one table", row=reader.line_num)
            cells += len(rec)
            if cells > MAX_CELLS:
                raise DataError(path, f"more than {MAX_CELLS:,} cells (at line {reader.line_num:,}): expected a table "
                                      "within that limit (split the file)", row=reader.line_num)
            records.append(rec)
    except csv.Error as exc:
        raise DataError(path, f"not a readable CSV file: {exc}", row=reader.line_num) from None
    if records and any("\n" in c or "\r" in c for c in records[-1]):
        _refuse_unclosed_quote(text, delim, records, path)
    cells_, rows, notes = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells_, rows, path, CSV, enc, None, [], [], notes, delim)


def _refuse_unclosed_quote(text: str, delim: str, records: list[list[str]], path: Path) -> None:
    """Refuse a quote that opens a cell and never closes: the csv module reads the rest of the file into that one
    cell, so every row after it would be lost into a name. A last cell that spans lines and is closed is kept."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return
    else:
        return
    last = records[-1]
    at = next(i for i, c in enumerate(last) if "\n" in c or "\r" in c)
    lines = last[at].rstrip("\r\n").count("\n")
    start = " ".join(last[at].split())[:30]
    raise DataError(path, f"a quote opens field {at + 1} of this row ('{start}…') and is never closed: the {lines:,} "
                          "line(s) after it were read as that one cell: expected each quoted cell to end with a quote "
                          "(\"…\"); close it, or remove the stray quote", row=len(records))


def sheet_states(path: str | Path) -> list[tuple[str, str]]:
    """(name, state) of every sheet of a workbook (``visible``, ``hidden``, ``veryHidden``); [] for CSV/HTML."""
    p = Path(path)
    kind = sniff_format(p)
    if kind == XLSX:
        return xlsx_sheets(p)
    if kind == XLS:
        return xls_sheets(p)
    return []


def sheet_names(path: str | Path, visible_only: bool = False) -> list[str]:
    """Sheet names of a workbook without reading its cells ([] for CSV/HTML)."""
    return [n for n, state in sheet_states(path) if state == "visible" or not visible_only]


def read_grid(path: str | Path, sheet: str | int | None = None, encoding: str | None = None,
              fmt: str | None = None, delimiter: str | None = None) -> Grid:
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
    if kind in (XLSX, XLS):
        check_regular_file(p, MAX_TABLE_BYTES)
        return _workbook_grid(p, kind, sheet)
    if kind == HTML:
        return _read_html(p, encoding)
    if kind == ODS:
        raise DataError(p, "an OpenDocument spreadsheet (.ods): expected .xlsx, .xls or CSV; open it in LibreOffice "
                           "Calc or Excel and save it as .xlsx")
    if kind == ZIP:
        raise DataError(p, "a zip archive, not a table: expected .xlsx, .xls or .csv (BACI zips are read as world "
                           "exports)")
    return _read_csv(p, encoding, delimiter)
