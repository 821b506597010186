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
import mmap
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

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
from exposure.io.limits import MAX_CELLS, MAX_COLUMNS, MAX_TABLE_BYTES, MiB, check_unchanged
from exposure.io.memory import FileMap, release_arrow_pool

#: smallest CSV read by streaming: the generic reader costs about 30 µs a row, this one well under 1 µs, so
#: every download of more than a few thousand rows is streamed (below, the generic reader takes < 0.1 s)
STREAM_MIN_BYTES = 256 * 1024
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
_KIND = np.zeros(256, dtype=np.uint8)  # per byte: 1 a digit, 2 the point, 0 anything else
_KIND[ord("0"):ord("9") + 1] = 1
_KIND[ord(".")] = 2
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Decline(Exception):
    """The file is not one the streamed reader takes: read it with the generic reader."""


class Growing:
    """An array written block by block in place (grown by half when full), rather than blocks joined at the end.

    ``hint``, the rows the file is expected to have, sizes it once; pages never written take no memory.
    """

    def __init__(self, dtype: type) -> None:
        self.data = np.zeros(0, dtype=dtype)
        self.n = 0

    def append(self, block: np.ndarray, hint: int = 0) -> None:
        self.reserve(len(block), hint, np.result_type(self.data.dtype, block.dtype))[:] = block

    def reserve(self, n: int, hint: int = 0, dtype: np.dtype | None = None) -> np.ndarray:
        """The next ``n`` places, counted as written: the caller fills the view (no block array in between).

        ``dtype``, when wider than the array's, widens what is written so far (a later block of larger ids).
        """
        end = self.n + n
        dtype = self.data.dtype if dtype is None else np.dtype(dtype)
        if end > len(self.data) or dtype != self.data.dtype:
            grown = np.empty(max(end, hint, len(self.data) * 3 // 2), dtype=dtype)
            grown[:self.n] = self.data[:self.n]
            self.data = grown
        view = self.data[self.n:end]
        self.n = end
        return view

    @property
    def array(self) -> np.ndarray:
        return self.data[:self.n]


@dataclass
class Labels:
    """One text column: row ids into its distinct cells (in order of first appearance in the file).

    A block's cells come dictionary-encoded by Arrow; only the values of its dictionary that no
    earlier block had are turned into text (decoded from the file's encoding when the block is
    raw bytes), so the work per block grows with the distinct cells, not the rows.
    """

    ids: Growing = field(default_factory=lambda: Growing(np.int16))
    lookup: dict[str, int] = field(default_factory=dict)  # cell → id; insertion order = id order
    seen: list = field(default_factory=list)  # the dictionary values met so far (bytes or str) …
    seen_ids: list[int] = field(default_factory=list)  # … and the id of the cell each one is
    blank: list[bool] = field(default_factory=list)  # per id: the cell is blank once stripped
    longest: int = 0  # characters of the longest cell
    seen_array: pa.Array | None = None  # ``seen`` as an Arrow array, for the look-ups …
    seen_id_array: np.ndarray | None = None  # … and ``seen_ids`` as numbers

    def add(self, arr: pa.DictionaryArray, encoding: str | None, keep: bool = True, hint: int = 0) -> np.ndarray:
        """Ids of the block's rows (``encoding``: the codec of raw bytes, None for text); kept when ``keep``."""
        values = arr.dictionary
        if self.seen:
            if self.seen_array is None or len(self.seen_array) != len(self.seen):  # built again only when it grew
                self.seen_array = pa.array(self.seen, type=values.type)
                self.seen_id_array = np.asarray(self.seen_ids, dtype=np.int32)
            known = pc.index_in(values, value_set=self.seen_array)
            new = np.flatnonzero(known.is_null().to_numpy(zero_copy_only=False))
            remap = np.take(self.seen_id_array, known.fill_null(0).to_numpy())
        else:
            new, remap = np.arange(len(values)), np.empty(len(values), dtype=np.int32)
        if len(new):
            fresh = values.take(pa.array(new, type=pa.int64())).to_pylist()
            _refuse_nul(fresh)
            cells = pa.array(decode_all(fresh, encoding), type=pa.string())
            self.longest = max(self.longest, pc.max(pc.utf8_length(cells)).as_py())
            blank = pc.equal(pc.utf8_trim_whitespace(cells), "").to_numpy(zero_copy_only=False).tolist()
            for k, (raw, text, is_blank) in enumerate(zip(fresh, cells.to_pylist(), blank)):
                ident = self.lookup.setdefault(text, len(self.lookup))
                if ident == len(self.blank):
                    self.blank.append(is_blank)
                self.seen.append(raw)
                self.seen_ids.append(ident)
                remap[new[k]] = ident
        small = np.int16 if len(self.lookup) < (1 << 15) else np.int32
        indices = arr.indices.to_numpy(zero_copy_only=False)
        if not keep:
            return np.take(remap.astype(small), indices)
        out = self.ids.reserve(len(indices), hint, np.result_type(self.ids.data.dtype, small))
        # gathered into place, no block array in between; "clip" is the faster loop, and changes nothing
        # here: a dictionary's indices are within it
        np.take(remap.astype(out.dtype), indices, out=out, mode="clip")
        return out

    def blank_rows(self, ids: np.ndarray) -> np.ndarray | None:
        """Which rows of a block are blank in this column (None: none is)."""
        blank = np.asarray(self.blank, dtype=bool)
        if not blank.any():
            return None
        return blank[ids]

    def finish(self) -> np.ndarray:
        return self.ids.array


@dataclass
class Numbers:
    """One number column: plain cells as float64 (NaN: blank or not plain), the other cells as text."""

    values: Growing = field(default_factory=lambda: Growing(np.float64))
    # (offset, rows blank) of the blocks with a blank cell; most blocks have none, and a column of False is
    # only written out at the end, into fresh zeroed memory that costs nothing until it is read
    blank_parts: list[tuple[int, np.ndarray]] = field(default_factory=list)
    last_blank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # the latest block's
    odd_pos: list[np.ndarray] = field(default_factory=list)
    odd_text: list[str] = field(default_factory=list)
    longest: int = 0  # characters of the longest cell

    def add(self, col: pa.Array, offset: int, encoding: str | None, hint: int = 0) -> None:
        """One block's cells (text, or raw bytes in ``encoding``): only the cells that are not plain digits are decoded."""
        plain = plain_cells(col)
        valid = pa.array(plain, type=pa.bool_()).buffers()[1]  # the plain cells as text, the others missing
        text = pa.Array.from_buffers(pa.string(), len(col), [valid, *col.buffers()[1:]], offset=col.offset)
        v = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
        v = v if v.flags.writeable else v.copy()
        inf = np.isinf(v)  # 1e999 spelled in digits: parse_numbers names it
        v[inf] = np.nan
        other = np.flatnonzero(~plain)  # blank cells, signs, commas, marks
        cells = [decode(c, encoding) for c in _take(col, other)]
        _refuse_nul(cells)  # a cell with a NUL is never plain digits: it is among these
        blank = np.zeros(len(col), dtype=bool)
        odd = inf
        if len(other):
            empty = pc.equal(pc.utf8_trim_whitespace(pa.array(cells, type=pa.string())), "")
            empty = empty.to_numpy(zero_copy_only=False)
            blank[other[empty]] = True
            odd[other[~empty]] = True
        pos = np.flatnonzero(odd)
        if len(pos):
            self.odd_pos.append(pos + offset)
            self.odd_text.extend(decode(c, encoding) for c in _take(col, pos))
        self.longest = max(self.longest, _longest(col, encoding))
        if blank.any():
            self.blank_parts.append((self.values.n, blank))
        self.values.append(v, hint)
        self.last_blank = blank

    def add_values(self, col: pa.ChunkedArray | pa.Array, hint: int = 0) -> None:
        """One block's cells as Arrow parsed them into finite numbers (no cell blank or odd; each a line's part,
        and no line longer than :data:`FIELD_LIMIT`)."""
        out = self.values.reserve(len(col), hint)
        at = 0
        for chunk in col.chunks if isinstance(col, pa.ChunkedArray) else [col]:
            out[at:at + len(chunk)] = chunk.to_numpy()  # each chunk written in place: no joined copy
            at += len(chunk)
        self.last_blank = np.zeros(len(col), dtype=bool)

    def finish(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        values = self.values.array
        blank = np.zeros(len(values), dtype=bool)
        for at, rows in self.blank_parts:
            blank[at:at + len(rows)] = rows
        pos = np.concatenate(self.odd_pos) if self.odd_pos else np.zeros(0, dtype=np.int64)
        return values, blank, pos, self.odd_text


def plain_cells(col: pa.Array) -> np.ndarray:
    """Which cells of a text or binary array match :data:`_PLAIN` (digits, at most one point between digits).

    Worked out on the array's bytes and offsets at once, rather than a regular expression run per cell.
    """
    if not len(col):
        return np.zeros(0, dtype=bool)
    bufs = col.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32, count=len(col) + 1, offset=col.offset * 4)
    lo, hi = int(offsets[0]), int(offsets[-1])
    kind = np.take(_KIND, np.frombuffer(bufs[2], dtype=np.uint8)[lo:hi]) if hi > lo else np.zeros(0, np.uint8)
    start, end = offsets[:-1] - lo, offsets[1:] - lo
    ok = end > start
    if not ok.all() or not kind.all():  # cells with a byte neither a digit nor the point
        bad = np.zeros(hi - lo + 1, dtype=np.int32)
        np.cumsum(kind == 0, out=bad[1:])
        ok &= bad[end] == bad[start]
    point = kind == 2
    if point.any():  # one point at most, between digits
        points = np.zeros(hi - lo + 1, dtype=np.int32)
        np.cumsum(point, out=points[1:])
        ok &= points[end] - points[start] <= 1
        first, last = np.minimum(start, max(hi - lo - 1, 0)), np.maximum(end - 1, 0)
        ok &= (kind[first] == 1) & (kind[last] == 1)
    return ok


def _refuse_nul(cells: list) -> None:
    """A NUL byte in a cell sends the file to the generic reader.

    Every byte of a line but the separators and quotes is part of a cell, and every cell is looked at
    here once: a distinct label when it first comes, an amount when it is not plain digits. That is
    cheaper than searching the whole file for the byte (~35 ms for 330 MB).
    """
    if any(("\x00" if isinstance(c, str) else b"\x00") in c for c in cells if c is not None):
        raise Decline("NUL bytes")


def _take(col: pa.Array, pos: np.ndarray) -> list:
    return col.take(pa.array(pos, type=pa.int64())).to_pylist() if len(pos) else []


def _longest(col: pa.Array, encoding: str | None) -> int:
    """Characters of the longest cell (bytes bound characters from above: only long cells are decoded)."""
    if not len(col):
        return 0
    size = pc.max(pc.binary_length(col)).as_py()
    if encoding is None:
        return pc.max(pc.utf8_length(col)).as_py() if size > FIELD_LIMIT else size
    if size <= FIELD_LIMIT:
        return size
    long = np.flatnonzero(pc.greater(pc.binary_length(col), FIELD_LIMIT).to_numpy(zero_copy_only=False))
    return max(len(decode(c, encoding)) for c in _take(col, long))


def decode_all(cells: list, encoding: str | None) -> list[str]:
    """``[decode(c, encoding) for c in cells]``, decoded and composed in one call over the cells joined by a line end.

    No cell holds a line end (Arrow splits lines at it), no CP949 or UTF-8 character is cut by one,
    and NFC composes nothing across it; where a cell did hold one, the cells are decoded one by one.
    """
    if not cells or not all(isinstance(c, bytes) for c in cells) or encoding is None:
        return [decode(c, encoding) for c in cells]
    try:
        text = b"\n".join(cells).decode(encoding)
    except UnicodeDecodeError:
        raise Decline("a cell does not decode") from None
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    parts = text.split("\n")
    return parts if len(parts) == len(cells) else [decode(c, encoding) for c in cells]


def decode(cell: bytes | str, encoding: str | None) -> str:
    """A cell as text: raw bytes decoded (a cell that does not decode sends the file to the generic reader)."""
    if encoding is None or isinstance(cell, str):
        text = cell
    else:
        try:
            text = cell.decode(encoding)
        except UnicodeDecodeError:
            raise Decline("a cell does not decode") from None
    # as the generic reader writes every cell (grid._blank_to_none): Hangul composed (NFC)
    if not isinstance(text, str) or text.isascii():
        return text  # type: ignore[return-value]
    return unicodedata.normalize("NFC", text)


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


#: encodings read as raw bytes: ASCII stays ASCII, and no byte of a multi-byte character is a quote, a
#: delimiter (, ; tab |) or a line end (CP949 trail bytes are 0x41–0x5A, 0x61–0x7A, 0x81–0xFE), so Arrow
#: splits the raw lines into the same cells as the decoded text, and only distinct cells need decoding
RAW_ENCODINGS = {"cp949"}


def _blocks(path: Path, enc: str):
    """Blocks of whole lines, ``(data, start, end)`` with the block ``data[start:end]``.

    UTF-8 and a raw encoding (:data:`RAW_ENCODINGS`) are given as the file's bytes, not copied: each
    block ends at the last line end before the next multiple of :data:`BLOCK_BYTES` of the file (a
    line longer than that runs on to the next multiple), and a last line without its line end comes
    alone with one added. Other encodings are decoded and re-encoded to UTF-8, cut the same way.
    """
    if enc in ("utf-8", "utf-8-sig") or enc in RAW_ENCODINGS:
        yield from _file_blocks(path, enc)
        return
    decoder = codecs.getincrementaldecoder(enc)(errors="strict")
    carry = b""
    with open(path, "rb") as fh:
        while True:
            raw = fh.read(BLOCK_BYTES)
            final = not raw
            try:
                data = carry + decoder.decode(raw, final=final).encode("utf-8")
            except UnicodeDecodeError:
                raise Decline("a block does not decode") from None
            if final:
                if data:
                    data = data if data.endswith(b"\n") else data + b"\n"
                    yield data, 0, len(data)
                return
            cut = data.rfind(b"\n")
            carry = data if cut < 0 else data[cut + 1:]
            if cut >= 0:
                yield data, 0, cut + 1


def _file_blocks(path: Path, enc: str):
    """The blocks of :func:`_blocks` read from the file as they are (a UTF-8 BOM skipped).

    The file is memory-mapped: Arrow parses the page cache in place rather than a copy read into a
    fresh buffer (0.1 CPU s less at 5M rows), and the pages of a block are dropped from the process
    once the caller has asked for the next one, so the process holds one block of the file, not all
    of it (they stay in the page cache). A file that cannot be mapped (an empty one, some network
    file systems) is read block by block. Before each block the file's size is checked against the
    size it had when opened (:func:`exposure.io.limits.check_unchanged`).
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        try:
            mapped = FileMap(fh)
        except (OSError, ValueError):
            yield from _read_blocks(fh, path, enc, size)
            return
        data = mapped.data
        try:
            pos = 3 if enc not in RAW_ENCODINGS and data[:3] == codecs.BOM_UTF8 else 0
            end = BLOCK_BYTES
            while True:
                check_unchanged(fh.fileno(), size, path)
                stop = min(end, size)
                cut = data.rfind(b"\n", pos, stop)
                if cut >= 0:
                    yield data, pos, cut + 1
                    pos = cut + 1
                    mapped.release_before(pos)  # the caller is done with everything before pos
                if stop == size:
                    if pos < size:
                        yield data[pos:size] + b"\n", 0, size - pos + 1
                    return
                end += BLOCK_BYTES
        finally:
            mapped.close()


def _read_blocks(fh, path: Path, enc: str, size: int):
    """The blocks of :func:`_file_blocks` read by ``read()`` (a file that cannot be mapped)."""
    pos = 3 if enc not in RAW_ENCODINGS and fh.read(3) == codecs.BOM_UTF8 else 0
    end = BLOCK_BYTES
    while True:
        check_unchanged(fh.fileno(), size, path)
        fh.seek(pos)
        data = fh.read(end - pos)
        last = len(data) < end - pos
        cut = data.rfind(b"\n")
        if cut >= 0:
            yield data, 0, cut + 1
            pos += cut + 1
        if last:
            rest = data[cut + 1:]
            if rest:
                yield rest + b"\n", 0, len(rest) + 1
            return
        end += BLOCK_BYTES


def _row_texts(table: pa.Table, rows: np.ndarray, encoding: str | None) -> list[str]:
    """What the given rows of a block say, as :func:`exposure.io.sheet.row_text` writes it."""
    cells = [[decode(c, encoding) for c in table.column(i).take(pa.array(rows)).to_pylist()]
             for i in range(table.num_columns)]
    out = []
    for k in range(len(rows)):
        parts = [" ".join(c[k].split()) for c in cells if c[k] is not None and c[k].strip()]
        out.append(" | ".join(p for p in parts if p)[:120])
    return out


def read_columns(lay: Layout, used: list[int], label_cols: set[int], value_cols: list[int]) -> Columns:
    """Stream the file once: label ids and numbers of the columns read, and the text of rows with no value.

    Every column but the numbers is read dictionary-encoded (its distinct cells checked once).
    """
    path, names = lay.grid.path, [f"c{i}" for i in range(len(lay.header.names))]
    width = len(names)
    enc = lay.grid.encoding or "utf-8"
    raw = enc if enc in RAW_ENCODINGS else None
    cell = pa.binary() if raw else pa.string()
    numbers = {i: Numbers() for i in used if i not in label_cols}
    types = {names[i]: (cell if i in numbers else pa.dictionary(pa.int32(), cell)) for i in range(width)}
    labels = {i: Labels() for i in range(width) if i not in numbers}  # unused columns too: their cells are checked
    # Number cells are first parsed as numbers by Arrow, block by block. Whenever Arrow reads a cell at
    # all and the value is finite and not negative, it reads it as parse_numbers does (a sign, an
    # exponent, a point at either end, spaces around); a block with any other cell (blank, 1,234, △5,
    # -7, inf, text) is read as text, cell by cell. After two such blocks in a row the rest is read as text.
    as_numbers = {**types, **{names[i]: pa.float64() for i in numbers}}
    delimiter = lay.grid.delimiter or ","
    misses = 0
    texts: dict[int, str] = {}
    n = 0
    size = path.stat().st_size
    header_skipped = False
    for buf, lo, hi in _blocks(path, enc):
        if not header_skipped:  # the title rows and the header: as many lines as records (layout_fits)
            start = lo
            for _ in range(lay.header.row):
                start = buf.find(b"\n", start, hi) + 1
                if start == 0:
                    raise Decline("the header is not within the first block")
            if re.search(rb"\r(?!\n)", buf[lo:start]):
                raise Decline("a lone carriage return above the data")
            decode(buf[lo:start], raw)
            lo = start
            header_skipped = True
            if lo == hi:
                continue
        table = None
        if misses < 2 and numbers and not _long_line(buf, lo, hi):
            try:
                table = _parse_block(buf, lo, hi, names, as_numbers, delimiter)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                pass
            if table is not None and not all(_plain_values(table.column(i)) for i in numbers):
                table = None
            misses = 0 if table is not None else misses + 1
        fast = table is not None
        if table is None:
            try:
                table = _parse_block(buf, lo, hi, names, types, delimiter)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                raise Decline("a block is not plain CSV of the header's width") from None
        m = table.num_rows
        # every cell decodes (a raw block) before the row count is checked, as a decoded block would
        hint = n + m if n else int(m * size / max(hi - lo, 1) * 1.02) + 1  # rows expected, from the first block
        ids = {i: labels[i].add(table.column(i).combine_chunks(), raw, keep=i in used, hint=hint) for i in labels}
        for i in numbers:
            if fast:
                numbers[i].add_values(table.column(i), hint)
            else:
                numbers[i].add(table.column(i).combine_chunks(), n, raw, hint)
        # lazily: the first column with no blank cell settles it, and the others' rows are never looked up
        empty = _blank_rows(m, (labels[i].blank_rows(ids[i]) if i in labels else numbers[i].last_blank
                                for i in range(width)))
        if empty is not None and _empty_line(buf, lo, hi):
            raise Decline("empty lines")
        if n + m > MAX_STREAM_ROWS:
            raise DataError(path, f"more than {MAX_STREAM_ROWS:,} data rows: expected a download within that limit "
                                  "(split the file)", row=n + m + 1)
        if max(col.longest for col in [*labels.values(), *numbers.values()]) > FIELD_LIMIT:
            raise Decline("a cell longer than the CSV field limit")
        if empty is not None:
            raise Decline("a row blank in every column")
        no_value = np.ones(m, dtype=bool)
        for i in value_cols:
            no_value &= numbers[i].last_blank
        pos = np.flatnonzero(no_value)
        if len(pos):
            texts.update(zip((pos + n).tolist(), _row_texts(table, pos, raw)))
        n += m
    release_arrow_pool()  # the blocks' Arrow memory, for the arrays made from here on
    return Columns(n, {i: (labels[i].finish(), list(labels[i].lookup)) for i in used if i in labels},
                   {i: num.finish() for i, num in numbers.items()}, texts)


def _parse_block(buf: bytes | mmap.mmap, lo: int, hi: int, names: list[str], types: dict[str, pa.DataType],
                 delimiter: str) -> pa.Table:
    """One block of whole lines parsed by Arrow with the given column types (raises ArrowInvalid on a cell it cannot)."""
    return pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(buf)[lo:hi]),
        read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
        # an empty line comes as a row blank in every column (searching the bytes for one is slower)
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types=types, null_values=[], strings_can_be_null=False,
                                             quoted_strings_can_be_null=False))


def _long_line(buf: bytes | mmap.mmap, lo: int, hi: int, step: int = FIELD_LIMIT // 2) -> bool:
    """Might a line of ``buf[lo:hi]`` be longer than :data:`FIELD_LIMIT` bytes (so hold a cell as long)?

    Every window of ``step`` bytes, taken every ``step`` bytes, is searched for a line end: a line of
    2 × ``step`` bytes or more covers a whole window without one. A handful of searches a block, each
    ending within a line's length; True also for some lines of ``step`` bytes or more (read as text then).
    """
    return any(buf.find(b"\n", at, min(at + step, hi)) < 0 for at in range(lo, hi, step))


def _plain_values(col: pa.ChunkedArray | pa.Array) -> bool:
    """Are a block's numbers all finite and not negative?

    Arrow reads nan, inf and 1e999, which parse_numbers names; a negative amount is refused with the
    cell as written (-7, not -7.0), so such a block is read as text.
    """
    for chunk in col.chunks if isinstance(col, pa.ChunkedArray) else [col]:
        v = chunk.to_numpy()  # each chunk where it is, not joined first
        if len(v) and not (v.min() >= 0 and v.max() < np.inf):  # NaN fails both
            return False
    return True


def _blank_rows(m: int, columns: Iterable[np.ndarray | None]) -> np.ndarray | None:
    """Rows blank in every column (None: there is none); a column with no blank cell settles it."""
    empty = np.ones(m, dtype=bool)
    for rows in columns:
        if rows is None or not rows.any():
            return None
        empty &= rows
    return empty if empty.any() else None


def _empty_line(buf: bytes | mmap.mmap, lo: int, hi: int) -> bool:
    """Is a line of the block empty (not merely blank in every cell)?"""
    return (buf.find(b"\n\n", lo, hi) >= 0 or buf.find(b"\n\r\n", lo, hi) >= 0
            or buf[lo:min(lo + 1, hi)] == b"\n" or buf[lo:min(lo + 2, hi)] == b"\r\n")


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


