"""The streamed reader of large plain CSV downloads of trade flows (Korea Customs / K-stat layout).

A Korea Customs download of HSK10 × partner × month runs to millions of rows. The
generic table reader (:mod:`exposure.io.grid` → :mod:`exposure.io.flowtable`) holds every
cell as a Python object, about 30 times the file in memory; this module reads the same
files in blocks instead, with the same checks applied to whole columns:

1. the layout (mapping, header, units) is found on a sample of the first rows, exactly as
   :func:`exposure.io.layout.resolve_layout` finds it for the whole file;
2. the file is decoded (CP949, UTF-8, UTF-8 with BOM) in blocks of :data:`BLOCK_BYTES`, each
   re-encoded to UTF-8 and parsed by ``pyarrow.csv`` with every column as text (label
   columns dictionary-encoded); per block only integer label ids, float amounts and the
   few amount cells that are not plain digits (``1,234``, ``△5``, ``-``) are kept;
3. every check of the generic reader then runs on those arrays, over the *distinct*
   labels (a few thousand codes, some hundred partners, 36 periods) rather than the rows:
   control characters, blank and total rows (each total against the rows it totals),
   units, non-finite and negative amounts, codes, periods, partners, repeated rows,
   duplicate keys. Amount cells that are not plain digits go through
   :func:`exposure.io.numbers.parse_numbers` itself.

A file goes this way when it is a CSV of at least :data:`STREAM_MIN_BYTES` whose layout is
one table of trade flows with its header on the first line and code, partner and period
columns (:func:`layout_fits`). Anything the generic reader treats specially — empty or ragged
lines, line breaks inside cells, NUL bytes, cells longer than Python's CSV field limit, a
decimal comma, codes in brackets, an encoding that changes — sends the file back to the
generic reader (:class:`Decline`), within that reader's limits. A problem found here in a
file within the generic limits is also handed back, so that the message is the generic
reader's to the letter; a larger file gets the same message computed here.

Limits (see :mod:`exposure.io.limits`): such a file may have up to :data:`MAX_STREAM_BYTES`
and :data:`MAX_STREAM_ROWS` data rows; memory stays within about 3 times the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from exposure.errors import DataError
from exposure.io.encoding import detect_encoding, normalise_encoding_name
from exposure.io.fields import BRACKETED, as_text
from exposure.io.grid import CSV, Grid, _frame, sniff_delimiter
from exposure.io.layout import Layout
from exposure.io.limits import MAX_CELLS, MAX_COLUMNS, MAX_TABLE_BYTES, MiB

#: smallest CSV read by streaming (below, the generic reader costs well under a second)
STREAM_MIN_BYTES = 8 * MiB
#: largest CSV read by streaming, and its most data rows
MAX_STREAM_BYTES = 2048 * MiB
MAX_STREAM_ROWS = 20_000_000
#: bytes of the file decoded and parsed at a time
BLOCK_BYTES = 16 * MiB
#: rows of the sample the layout is found on
SAMPLE_ROWS = 2_000
#: Python's csv module refuses longer fields (the generic reader says so)
FIELD_LIMIT = 131_072

_PLAIN = r"^[0-9]+(\.[0-9]+)?$"  # read by Arrow; anything else (signs, commas, marks) by parse_numbers
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Decline(Exception):
    """The file is not one the streamed reader takes: read it with the generic reader."""


@dataclass
class Labels:
    """One label column: row ids into its distinct raw cells (in order of first appearance in the file)."""

    ids: list[np.ndarray] = field(default_factory=list)
    lookup: dict[str, int] = field(default_factory=dict)  # raw cell → id; insertion order = id order

    def add(self, chunk: pa.Array) -> None:
        arr = chunk.combine_chunks() if isinstance(chunk, pa.ChunkedArray) else chunk
        if not isinstance(arr, pa.DictionaryArray):
            arr = pc.dictionary_encode(arr)
        local = arr.dictionary.to_pylist()
        remap = np.fromiter((self.lookup.setdefault(s, len(self.lookup)) for s in local), dtype=np.int32,
                            count=len(local))
        idx = arr.indices.to_numpy(zero_copy_only=False)
        self.ids.append(remap[idx] if len(remap) else idx.astype(np.int32))

    def finish(self) -> np.ndarray:
        return np.concatenate(self.ids) if self.ids else np.zeros(0, dtype=np.int32)


@dataclass
class Numbers:
    """One number column: plain cells as float64 (NaN: blank or not plain), the other cells as text."""

    values: list[np.ndarray] = field(default_factory=list)
    blank: list[np.ndarray] = field(default_factory=list)
    odd_pos: list[np.ndarray] = field(default_factory=list)
    odd_text: list[str] = field(default_factory=list)

    def add(self, chunk: pa.Array, offset: int) -> None:
        col = chunk.combine_chunks() if isinstance(chunk, pa.ChunkedArray) else chunk
        plain = pc.match_substring_regex(col, _PLAIN)
        blank = pc.equal(pc.utf8_trim_whitespace(col), "")
        vals = pc.cast(pc.if_else(plain, col, pa.scalar(None, pa.string())), pa.float64())
        v = vals.to_numpy(zero_copy_only=False).copy()  # writable
        inf = np.isinf(v)  # 1e999 spelled in digits: parse_numbers names it
        odd = ~(plain.to_numpy(zero_copy_only=False) & ~inf) & ~blank.to_numpy(zero_copy_only=False)
        v[inf] = np.nan
        pos = np.flatnonzero(odd)
        if len(pos):
            self.odd_pos.append(pos + offset)
            self.odd_text.extend(col.take(pa.array(pos)).to_pylist())
        self.values.append(v)
        self.blank.append(blank.to_numpy(zero_copy_only=False))

    def finish(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        values = np.concatenate(self.values) if self.values else np.zeros(0)
        blank = np.concatenate(self.blank) if self.blank else np.zeros(0, dtype=bool)
        pos = np.concatenate(self.odd_pos) if self.odd_pos else np.zeros(0, dtype=np.int64)
        return values, blank, pos, self.odd_text


# ------------------------------------------------------------------------------------------- the sample


def streamable(path: str | Path, **options: object) -> bool:
    """Is this a CSV the streamed reader may take (large enough, no option it does not apply)?

    Options naming a sheet, a header row, a constant year, month, partner or code leave the
    file to the generic reader. A CSV above :data:`MAX_STREAM_BYTES` is refused here.
    """
    from exposure.io.grid import sniff_format
    from exposure.io.limits import check_regular_file

    p = Path(path)
    if any(v is not None for v in options.values()):
        return False
    st = check_regular_file(p)
    if st.st_size < STREAM_MIN_BYTES or sniff_format(p) != CSV:
        return False
    check_regular_file(p, MAX_STREAM_BYTES)
    return True


def head_grid(path: Path, encoding: str | None, delimiter: str | None) -> tuple[Grid, int]:
    """The first :data:`SAMPLE_ROWS` records as a grid, read as :func:`exposure.io.grid.read_grid` reads them.

    Also returns how many records from the top are one line each (no line break inside a
    cell): the header must be among them, so that the data start after as many lines.
    """
    with open(path, "rb") as fh:
        data = fh.read(MiB)
    enc = normalise_encoding_name(encoding) if encoding else detect_encoding(data, path, partial=True)
    try:
        text = codecs.getincrementaldecoder(enc)(errors="strict").decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        raise Decline("the sample does not decode") from None
    text = text.lstrip("\ufeff")
    cut = text.rfind("\n")
    text = text[: cut + 1] if cut >= 0 else text
    delim = delimiter or sniff_delimiter(text[:20000])
    records = []
    one_line = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        for rec in reader:
            records.append(rec)
            if reader.line_num == len(records) == one_line + 1:
                one_line += 1
            if len(records) >= SAMPLE_ROWS:
                break
    except csv.Error:
        raise Decline("the sample is not plain CSV") from None
    if not records or max(len(r) for r in records) > MAX_COLUMNS:
        raise Decline("no rows, or too wide")
    cells, rows, notes = _frame(records, list(range(1, len(records) + 1)))
    return Grid(cells, rows, path, CSV, enc, None, [], [], notes, delim), one_line


def layout_fits(lay: Layout, one_line: int) -> bool:
    """One table of trade flows, a one-row header on line ``header.row`` (titles above it are fine), every
    column named, code/partner/period columns and explicit flows."""
    if lay.mapping.kind != "trade_flows" or len(lay.blocks) != 1 or lay.grid.format != CSV:
        return False
    if lay.grid.delimiter == ";" or lay.grid.notes:  # ';': the decimal comma; notes: long empty runs
        return False
    h = lay.header
    if h.n_rows != 1 or h.row > one_line or not all(h.names) or h.start >= len(lay.grid.cells) \
            or int(lay.grid.rows[h.start]) != h.row + 1:
        return False
    b = lay.blocks[0]
    cols = b.columns
    if not b.flows or "code" not in cols or "partner" not in cols or not ({"year", "period"} & set(cols)):
        return False
    if {"month", "flow", "value", "qty"} & set(cols) or b.block.code_pattern:
        return False
    return all(spec.flow in ("M", "X") for spec, _, _ in b.flows)


# ------------------------------------------------------------------------------------------- the stream


@dataclass
class Columns:
    """What the stream read: label ids, number columns, rows, and what to say about dropped rows."""

    n: int
    labels: dict[int, tuple[np.ndarray, list[str]]]
    numbers: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]]
    row_texts: dict[int, str]  # position → what a row with no amount says (for the report)


def _blocks(path: Path, enc: str):
    """UTF-8 blocks of whole lines."""
    utf8 = enc in ("utf-8", "utf-8-sig")
    decoder = codecs.getincrementaldecoder(enc)(errors="strict")
    carry = b""
    first = True
    with open(path, "rb") as fh:
        while True:
            raw = fh.read(BLOCK_BYTES)
            final = not raw
            if utf8:  # Arrow checks UTF-8 itself; only the BOM goes
                data = raw[3:] if first and raw.startswith(codecs.BOM_UTF8) else raw
            else:
                try:
                    data = decoder.decode(raw, final=final).encode("utf-8")
                except UnicodeDecodeError:
                    raise Decline("a block does not decode") from None
            first = False
            data = carry + data
            if final:
                if data:
                    yield data if data.endswith(b"\n") else data + b"\n"
                return
            cut = data.rfind(b"\n")
            if cut < 0:
                carry = data
                continue
            carry = data[cut + 1:]
            yield data[: cut + 1]


def _row_texts(table: pa.Table, rows: np.ndarray) -> list[str]:
    """What the given rows of a block say, as :func:`exposure.io.sheet.row_text` writes it."""
    cells = [table.column(i).take(pa.array(rows)).cast(pa.string()).to_pylist() for i in range(table.num_columns)]
    out = []
    for k in range(len(rows)):
        parts = [" ".join(c[k].split()) for c in cells if c[k] is not None and c[k].strip()]
        out.append(" | ".join(p for p in parts if p)[:120])
    return out


def read_columns(lay: Layout, used: list[int], label_cols: set[int], value_cols: list[int]) -> Columns:
    """Stream the file once: label ids and numbers of the columns read, and the text of rows with no value."""
    path, names = lay.grid.path, [f"c{i}" for i in range(len(lay.header.names))]
    width = len(names)
    dic = pa.dictionary(pa.int32(), pa.string())
    types = {names[i]: (dic if i in label_cols else pa.string()) for i in range(width)}
    labels = {i: Labels() for i in used if i in label_cols}
    numbers = {i: Numbers() for i in used if i not in label_cols}
    texts: dict[int, str] = {}
    n = 0
    header_skipped = False
    for block in _blocks(path, lay.grid.encoding or "utf-8"):
        if not header_skipped:  # the title rows and the header: as many lines as records (layout_fits)
            start = 0
            for _ in range(lay.header.row):
                start = block.find(b"\n", start) + 1
                if start == 0:
                    raise Decline("the header is not within the first block")
            if re.search(rb"\r(?!\n)", block[:start]):
                raise Decline("a lone carriage return above the data")
            block = block[start:]
            header_skipped = True
            if not block:
                continue
        if b"\x00" in block or b"\n\n" in block or b"\n\r\n" in block or block.startswith((b"\n", b"\r\n")):
            raise Decline("NUL bytes or empty lines")
        try:
            table = pacsv.read_csv(
                io.BytesIO(block),
                read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
                parse_options=pacsv.ParseOptions(delimiter=lay.grid.delimiter or ",", newlines_in_values=False),
                convert_options=pacsv.ConvertOptions(column_types=types, null_values=[], strings_can_be_null=False,
                                                     quoted_strings_can_be_null=False))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            raise Decline("a block is not plain CSV of the header's width") from None
        m = table.num_rows
        if n + m > MAX_STREAM_ROWS:
            raise DataError(path, f"more than {MAX_STREAM_ROWS:,} data rows: expected a download within that limit "
                                  "(split the file)", row=n + m + 1)
        empty = np.ones(m, dtype=bool)
        for i in range(width):
            col = table.column(i)
            arr = col.combine_chunks()
            values = arr.dictionary if isinstance(arr, pa.DictionaryArray) else arr
            if len(values) and pc.max(pc.utf8_length(values)).as_py() > FIELD_LIMIT:
                raise Decline("a cell longer than the CSV field limit")
            if i in labels:
                labels[i].add(arr)
            elif i in numbers:
                numbers[i].add(arr, n)
            cell = arr if not isinstance(arr, pa.DictionaryArray) else arr.cast(pa.string())
            empty &= pc.equal(pc.utf8_trim_whitespace(cell), "").to_numpy(zero_copy_only=False)
        if empty.any():
            raise Decline("a row blank in every column")
        no_value = np.ones(m, dtype=bool)
        for i in value_cols:
            no_value &= numbers[i].blank[-1]
        pos = np.flatnonzero(no_value)
        if len(pos):
            texts.update(zip((pos + n).tolist(), _row_texts(table, pos)))
        n += m
    return Columns(n, {i: (lab.finish(), list(lab.lookup)) for i, lab in labels.items()},
                   {i: num.finish() for i, num in numbers.items()}, texts)


def within_generic_limits(lay: Layout, n: int) -> bool:
    """Could the generic reader read this file (size and cells)?"""
    return lay.grid.path.stat().st_size <= MAX_TABLE_BYTES and (n + 1) * len(lay.header.names) <= MAX_CELLS


def control_error(path: Path, raw: str, row: int, column: str) -> DataError:
    """The generic reader's message for a cell with a control character."""
    char = _CONTROL.search(raw).group()  # type: ignore[union-attr]
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", raw)
    return DataError(path, f"expected printable text, got '{shown}' (control character U+{ord(char):04X}; "
                           "the file may be damaged)", row=row, column=column)


def is_bracketed(texts: list[str]) -> bool:
    """Are all non-blank texts codes in brackets (``[2811111000] 반도체 제조용``)?"""
    filled = [t for t in texts if t]
    return bool(filled) and all(re.match(BRACKETED, t) for t in filled)


def text_ids(uniques: list[str]) -> tuple[np.ndarray, list[str]]:
    """Distinct cells → ids of their stripped texts (as :func:`as_text` writes them) and those texts."""
    text = as_text(pd.Series(uniques, dtype=object)).tolist() if uniques else []
    codes, cats = pd.factorize(pd.Series(text, dtype=object))
    return codes.astype(np.int32), [str(c) for c in cats]


