"""HTML tables saved with an .xls name (K-stat, portals) read as raw rows, within the input limits.

``colspan``/``rowspan`` keep the cell's value in its top-left slot only, as openpyxl
reports merged cells, and a cell spanning rows is reported as a merged range, so a label
merged down (``<td rowspan=3>2019</td>``) is read on each row as in a workbook. Spans are bounded (:data:`~exposure.io.limits.MAX_COLSPAN`,
:data:`~exposure.io.limits.MAX_ROWSPAN`); a span that is not a number counts as 1, as
browsers do. Rows taken by a rowspan from above are tracked per column (the row until
which the column is taken), so memory grows with the table's width, not with the spans.
"""

from __future__ import annotations

import re
from pathlib import Path

from exposure.errors import DataError
from exposure.io.encoding import detect_encoding, normalise_encoding_name
from exposure.io.limits import MAX_CELLS, MAX_COLSPAN, MAX_COLUMNS, MAX_ROWSPAN

_SPAN = re.compile(r"^\s*(\d+)")


def _span(cell, attr: str, limit: int, path: Path, row: int) -> int:
    raw = cell.get(attr)
    if raw is None:
        return 1
    m = _SPAN.match(str(raw))
    n = int(m.group(1)) if m else 1
    if n > limit:
        raise DataError(path, f"a cell spans {attr}=\"{raw.strip()[:20]}\", more than the {limit:,} a table cell may "
                              "span: expected a table of ordinary cells", row=row)
    return max(n, 1)  # rowspan="0" (to the end of the section) is read as 1


def html_rows(table, path: Path, first_row: int = 1, merged: list[tuple[int, int, int, int]] | None = None
              ) -> list[list[object]]:
    """Rows of one <table>; ``first_row`` is the number of its first row among all tables (for messages).

    Each cell spanning rows is added to ``merged`` as (first row, first column, last row, last column),
    1-based, as a workbook's merged ranges are: a label merged down is then read on each row it spans.
    """
    out: list[list[object]] = []
    busy: list[int] = []  # per column: the last row index a rowspan from above still takes
    cells_seen = 0
    for r, tr in enumerate(table.iter("tr")):
        row: list[object] = []
        c = 0
        number = first_row + r

        def skip_taken() -> None:
            nonlocal c
            while c < len(busy) and busy[c] >= r:
                row.append(None)
                c += 1

        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            skip_taken()
            span = _span(cell, "colspan", MAX_COLSPAN, path, number)
            rspan = _span(cell, "rowspan", MAX_ROWSPAN, path, number)
            if c + span > MAX_COLUMNS:
                raise DataError(path, f"the row is wider than the {MAX_COLUMNS:,} columns a table may have: "
                                      "expected one table of ordinary width", row=number)
            text = " ".join(cell.text_content().split())
            row.append(text if text else None)
            row.extend([None] * (span - 1))
            if rspan > 1:
                if merged is not None:
                    merged.append((number, c + 1, number + rspan - 1, c + span))
                if len(busy) < c + span:
                    busy.extend([-1] * (c + span - len(busy)))
                for k in range(c, c + span):
                    busy[k] = max(busy[k], r + rspan - 1)
            c += span
        skip_taken()
        cells_seen += len(row)
        if cells_seen > MAX_CELLS:
            raise DataError(path, f"more than {MAX_CELLS:,} cells up to this row: expected a table within that "
                                  "limit (split the file)", row=number)
        out.append(row)
    return out


def read_html_rows(path: Path, data: bytes, encoding: str | None
                   ) -> tuple[list[list[object]], str, list[tuple[int, int, int, int]]]:
    """All rows of the innermost tables of an HTML file, one table under the other, the encoding used and the
    cells that span rows (see :func:`html_rows`)."""
    import lxml.etree
    import lxml.html

    enc = normalise_encoding_name(encoding) if encoding else html_encoding(data, path)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DataError(path, f"cannot decode the HTML table as {enc}: {exc}") from None
    try:
        doc = lxml.html.document_fromstring(text.lstrip("\ufeff"))
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise DataError(path, f"not a readable HTML file ({' '.join(str(exc).split())[:120]}): expected an Excel "
                              "workbook, a CSV file or an HTML table") from None
    tables = [t for t in doc.iter("table") if next(t.iterdescendants("table"), None) is None]
    if not tables:
        raise DataError(path, no_table_problem(path, doc))
    # Excel shows every table of an HTML "xls" one under the other: do the same, so a title
    # or unit line kept in its own small table stays above the header.
    records: list[list[object]] = []
    merged: list[tuple[int, int, int, int]] = []
    for t in tables:
        records.extend(html_rows(t, path, len(records) + 1, merged))
        if sum(len(r) for r in records) > MAX_CELLS:
            raise DataError(path, f"more than {MAX_CELLS:,} cells: expected a table within that limit (split the file)")
    return records, enc, merged


def no_table_problem(path: Path, doc) -> str:
    """An HTML file without a table is usually a web page saved instead of the download."""
    title = " ".join((doc.findtext(".//title") or "").split())
    heading = next((" ".join(h.text_content().split()) for h in doc.iter("h1", "h2", "p")
                    if h.text_content().strip()), "")
    shown = "; ".join(f"{k} '{v[:80]}'" for k, v in (("title", title), ("text", heading)) if v)
    kind = f"an HTML page named {path.suffix}" if path.suffix.lower() in (".xlsx", ".xls", ".csv") else "an HTML page"
    return (f"{kind} with no table in it{f' ({shown})' if shown else ''}: expected an Excel workbook, a CSV file "
            "or an HTML table; the download probably failed, so download the file again")


def html_encoding(data: bytes, path: Path) -> str:
    """The declared charset when it decodes the bytes (pages often lie about it), else the detected one."""
    m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.IGNORECASE)
    if m:
        declared = normalise_encoding_name(m.group(1).decode("ascii"))
        try:
            data.decode(declared)
            return declared
        except (UnicodeDecodeError, LookupError):
            pass  # fall back to detection
    return detect_encoding(data, path)
