"""CEPII BACI: reconciled world trade by exporter, importer and HS6 product.

A BACI year file (``BACI_HS17_Y2019_V202301.csv``, ~11 million rows, ~300 MB)
has columns ``t`` (year), ``i`` (exporter), ``j`` (importer), ``k`` (HS6 code,
written as a number, so leading zeros are lost), ``v`` (value, thousand USD)
and ``q`` (quantity, tonnes; ``NA`` when unknown, sometimes padded with spaces).
Country numbers are BACI's own (mostly ISO numeric: 251 France, 842 USA, 490
Taiwan); they come with a country-codes file in one of two column sets:

- older: ``country_code, country_name_abbreviation, country_name_full, iso_2digit_alpha, iso_3digit_alpha``
- newer: ``country_code, country_name, country_iso2, country_iso3``

The file is parsed with ``pyarrow.csv`` (multi-threaded) and converted with
array operations only: ``k`` is left-padded to six characters and
dictionary-encoded, and ``i``/``j`` go through a small lookup array (country
number → ISO3 category). Text columns come back as pandas ``category`` (a few
thousand distinct codes over millions of rows), which keeps the table smaller
than the Arrow table it came from. Each record is a flow ``X`` from reporter
``i`` to partner ``j`` (``flow="M"`` gives the importer's view instead).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from exposure.codes.countries import from_numeric
from exposure.errors import DataError
from exposure.io.encoding import detect_encoding
from exposure.io.grid import sniff_delimiter
from exposure.io.limits import (MAX_TABLE_BYTES, MAX_ZIP_MEMBER_BYTES, check_regular_file, check_unchanged,
                                check_zip_member, is_resource_fork, safe_text)
from exposure.io.memory import FileMap, on_small_pages, release_arrow_pool, release_freed_memory
from exposure.io.reporting import ReportBuilder
from exposure.io.streamcsv import Growing
from exposure.schema import LoadReport

_BACI_NAME = re.compile(r"BACI_HS(\d{2})_Y(\d{4})_V(\d+)\.csv$", re.IGNORECASE)
_CODES_NAME = re.compile(r"country_codes_V?\d*\.csv$", re.IGNORECASE)
_COLUMNS = ["t", "i", "j", "k", "v", "q"]
_OLD = {"code": "country_code", "iso3": "iso_3digit_alpha", "name": "country_name_full"}
_NEW = {"code": "country_code", "iso3": "country_iso3", "name": "country_name"}
# BACI 490 "Other Asia, nes" is Taiwan (CEPII's documentation); its ISO3 cell is N/A in older code files.
_SPECIAL = {490: "TWN"}


def hs_revision(label: str) -> str:
    """``"17"`` → ``"2017"``, ``"92"`` → ``"1992"`` (BACI's HS92/HS96/HS02/…/HS22)."""
    return ("19" if int(label) > 50 else "20") + label


def read_country_codes(source: str | Path | BinaryIO, name: str = "country_codes") -> dict[int, tuple[str, str]]:
    """BACI country number → (ISO3 or '', name), from either column set.

    Raises
    ------
    DataError
        If neither the older nor the newer column set is present.
    """
    if not hasattr(source, "read"):
        check_regular_file(source, MAX_TABLE_BYTES)  # type: ignore[arg-type]
    data = source.read() if hasattr(source, "read") else Path(source).read_bytes()  # type: ignore[union-attr]
    text = data.decode(detect_encoding(data, name)).lstrip("\ufeff")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sniff_delimiter(text[:5000]), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise DataError(name, f"not a readable country-codes CSV ({' '.join(str(exc).split())[:120]})") from None
    frame.columns = [c.strip().strip('"').lower() for c in frame.columns]
    cols = _NEW if _NEW["iso3"] in frame.columns else _OLD
    if not {cols["code"], cols["iso3"]} <= set(frame.columns):
        raise DataError(name, "not a BACI country-codes file: expected columns country_code and country_iso3 "
                              "(or iso_3digit_alpha)")
    name_col = cols["name"] if cols["name"] in frame.columns else cols["code"]
    out: dict[int, tuple[str, str]] = {}
    for code, iso3, cname in zip(frame[cols["code"]], frame[cols["iso3"]], frame[name_col]):
        try:
            number = int(code)
        except ValueError:
            raise DataError(name, f"expected a country number, got '{code}'", column=cols["code"]) from None
        iso = iso3.strip().upper()
        out[number] = (iso if re.fullmatch(r"[A-Z]{3}", iso) else "", cname)
    return out


def _find_members(path: Path, year: int | None) -> tuple[str | None, str | None, list[str]]:
    """The data member and the country-codes member of a BACI zip; macOS resource forks are left out."""
    try:
        with zipfile.ZipFile(path) as zf:
            all_names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DataError(path, "looks like a zip file but the archive is damaged") from None
    names = [n for n in all_names if not is_resource_fork(n)]
    data = [n for n in names if _BACI_NAME.search(Path(n).name)]
    if year is not None:
        data = [n for n in data if _BACI_NAME.search(Path(n).name).group(2) == str(year)]  # type: ignore[union-attr]
    if not data:
        plain = [n for n in names if n.lower().endswith(".csv") and not _CODES_NAME.search(Path(n).name)
                 and "product_codes" not in n.lower()]
        data = plain
    if len(data) != 1:
        raise DataError(path, f"expected one BACI year file in the zip{f' for {year}' if year else ''}, found "
                              f"{len(data)}: {data[:10]} (extract the year you want and give that CSV)")
    codes = next((n for n in names if _CODES_NAME.search(Path(n).name)), None)
    return data[0], codes, [n for n in all_names if is_resource_fork(n)]


class _Mapped:
    """A plain BACI file read through a :class:`~exposure.io.memory.FileMap`: Arrow parses the page cache in place.

    Arrow reads :data:`_BLOCK` bytes at a time, some 32 blocks ahead of what it has parsed, as views
    of the map that touch no page until parsed: pages are released by batches parsed, never by bytes
    read. Before each read the file's size is checked against the map's.
    """

    closed = False

    def __init__(self, fh: BinaryIO, path: Path) -> None:
        self.map, self.path = FileMap(fh), path
        self.pos = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> memoryview:
        n = len(self.map)
        check_unchanged(self.map.fd, n, self.path)  # pages cut off the end would fault
        end = n if size is None or size < 0 else min(n, self.pos + size)
        data = memoryview(self.map.data)[self.pos:end]
        self.pos = end
        return data

    def close(self) -> None:
        self.closed = True
        self.map.close()

    def parsed(self, batches: int) -> None:
        """Arrow has handed back ``batches`` batches: the blocks before the last of them are done with."""
        self.map.release_before(max(batches - 1, 0) * _BLOCK, at_least=8 * _BLOCK)


def _mapped(fh: BinaryIO, path: Path) -> "_Mapped | BinaryIO":
    """``fh`` as a :class:`_Mapped`, or itself where it cannot be mapped (an empty file, some network file systems)."""
    try:
        return _Mapped(fh, path)
    except (OSError, ValueError):
        return fh


def _open_member(zf: zipfile.ZipFile, member: str, path: Path) -> BinaryIO:
    try:
        return zf.open(member)  # type: ignore[return-value]
    except RuntimeError as exc:  # zipfile's "File … is encrypted, password required"
        raise DataError(path, f"{safe_text(member)} in the zip is password-protected: expected an unencrypted file "
                              f"({exc})") from None
    except (zipfile.BadZipFile, NotImplementedError, OSError) as exc:
        raise DataError(path, f"{safe_text(member)} in the zip cannot be read ({exc})") from None


def _read_member(zf: zipfile.ZipFile, member: str, path: Path) -> bytes:
    try:
        with _open_member(zf, member, path) as fh:
            return fh.read()
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise DataError(path, f"{safe_text(member)} in the zip is damaged ({exc})") from None


def _lookup(codes: dict[int, tuple[str, str]], used: np.ndarray, builder: ReportBuilder, source: str
            ) -> tuple[np.ndarray, list[str]]:
    """Lookup array country number → index into a sorted list of ISO3 categories."""
    fallback = from_numeric(list(map(int, used)), kind="baci")
    iso_of: dict[int, str] = {}
    unknown = []
    for number, fb in zip(map(int, used), fallback):
        iso, name = codes.get(number, ("", ""))
        iso = iso or _SPECIAL.get(number) or (fb if isinstance(fb, str) else "")
        if not iso:
            if number not in codes:
                unknown.append(number)
                continue
            iso = "UNK"
            builder.warn(f"BACI country {number} '{name}' has no ISO3 code: kept as UNK")
        iso_of[number] = iso
    if unknown:
        raise DataError(source, f"country numbers {unknown[:20]} are not in the country-codes file "
                                f"({len(unknown)} in all): pass the country_codes file of this BACI version",
                        column="i/j")
    cats = sorted(set(iso_of.values()))
    pos = {c: n for n, c in enumerate(cats)}
    lut = np.full(int(used.max()) + 1 if len(used) else 1, -1, dtype=np.int16)
    for number, iso in iso_of.items():
        lut[number] = pos[iso]
    return lut, cats


def _const(value: str, n: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[value])


#: the year as read: t, i, j as int16, k (a number: 10121 for 010121) as int32, v and q as float64; an empty
#: cell and NA (q's missing marker, also as the first lines pad it) are missing
_TYPES = {"t": pa.int16(), "i": pa.int16(), "j": pa.int16(), "k": pa.int32(), "v": pa.float64(), "q": pa.float64()}
_NULLS = ["", "NA"]
#: the read of a file the one above refuses: k and q as text, only an empty cell missing, every cell checked
#: by the loader itself (and every message worded as it words it)
_TEXT_TYPES = {**_TYPES, "k": pa.string(), "q": pa.string()}
_HEAD_BYTES = 1 << 20
#: bytes Arrow's streamed reader parses at a time (its default)
_BLOCK = 1 << 20
#: a byte that can be, or begin, whitespace other than a line end (what ``utf8_trim_whitespace`` trims)
_MAYBE_PADDED = re.compile(rb"[\t\x0b\x0c \x1c-\x1f\x80-\xff]")


class _Prefixed:
    """The stream Arrow reads: ``head`` (already read) first, then the rest."""

    closed = False

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            cut = len(self.head) if size is None or size < 0 else size
            data, self.head = self.head[:cut], self.head[cut:]
            return data
        return self.stream.read(size)


def _null_spellings(head: bytes) -> list[str]:
    """The q cells of the first lines that are NA or blank padded with spaces (some BACI versions pad NA)."""
    if not _MAYBE_PADDED.search(head):  # no whitespace but line ends: no cell is padded (Arrow's parse, skipped)
        return []
    try:
        q = pacsv.read_csv(io.BytesIO(head[: head.rfind(b"\n") + 1]), convert_options=pacsv.ConvertOptions(
            column_types={"q": pa.string()}, include_columns=["q"], strings_can_be_null=False))["q"]
    except (pa.ArrowInvalid, KeyError):
        return []
    cells = pc.unique(q)
    missing = pc.and_(pc.is_in(pc.utf8_trim_whitespace(cells), pa.array(_NULLS)),
                      pc.invert(pc.is_in(cells, pa.array(_NULLS))))
    return cells.filter(missing).to_pylist()


def _read_numbers(stream: BinaryIO, size: int, p: Path) -> tuple | None:
    """The year parsed by Arrow block by block straight into its final arrays; None when it needs `_read_text`.

    Arrow reads NA in t, i, j or v as missing where the loader names the cell: NA outside q, or any
    cell Arrow cannot parse, sends the file to the text read, which words every message. Spaces or
    tabs around a number are not part of it, in this read (Arrow's) as in the text read.
    Each block is let go once converted, so Arrow holds a few blocks, not the table. A code or value
    out of range is raised once the whole file has read this way (the text read's messages come first).

    Returns
    -------
    (t, i, j, codes, code categories, value in USD, qty), as `_arrays` gives them.
    """
    try:
        head = bytes(stream.read(_HEAD_BYTES))
        hint = int(size * max(head.count(b"\n"), 1) / max(len(head), 1) * 1.02) + 1024  # rows expected
        mapped = stream if isinstance(stream, _Mapped) else None
        if mapped is not None:  # Arrow reads the map in place, from its start
            mapped.pos = 0
        src = mapped or _Prefixed(head, stream)
        # one thread: the blocks are converted as they come, so a second parsing thread only adds its
        # wake-ups and its own buffers to the CPU (0.1–0.2 s a BACI year), and saves little wall time
        reader = pacsv.open_csv(src, read_options=pacsv.ReadOptions(use_threads=False, block_size=_BLOCK), convert_options=pacsv.ConvertOptions(
            column_types=_TYPES, include_columns=_COLUMNS,
            strings_can_be_null=False, null_values=_NULLS + _null_spellings(head)))
        out = {c: Growing(dtype) for c, dtype in (("t", np.int64), ("i", np.int16), ("j", np.int16),
                                                   ("k", np.int16), ("v", np.float64), ("q", np.float64))}
        hs6 = _Numbered()
        bad_k = bad_v = negative = None  # (row, value) of the first of each problem
        n = 0
        for batches, batch in enumerate(reader, 1):
            if mapped is not None:
                mapped.parsed(batches)
            t, i, j, k, v, q = (batch.column(c) for c in _COLUMNS)
            if t.null_count or i.null_count or j.null_count or k.null_count or v.null_count:
                return None
            k = k.to_numpy()
            try:
                hs6.ids_into(k, out["k"], hint)
            except IndexError:  # a code of seven digits or more, or negative: named once the file is read
                wrong = k.view(np.uint32) >= 1_000_000  # a negative int32 is a large uint32: one comparison
                at = int(np.flatnonzero(wrong)[0])
                bad_k = bad_k or (n + at, int(k[at]))
                hs6.ids_into(np.where(wrong, 0, k), out["k"], hint)
            value = out["v"].reserve(len(v), hint)
            np.multiply(v.to_numpy(), 1000.0, out=value)
            if len(value) and not (value.min() >= 0 and value.max() < np.inf):  # reductions, no mask (NaN fails both)
                if bad_v is None and not np.isfinite(value).all():
                    at = int(np.flatnonzero(~np.isfinite(value))[0])
                    bad_v = (n + at, value[at])
                if negative is None and (value < 0).any():
                    at = int(np.flatnonzero(value < 0)[0])
                    negative = (n + at, value[at])
            _floats_into(q, out["q"].reserve(len(q), hint))
            for c, col in (("t", t), ("i", i), ("j", j)):
                out[c].append(col.to_numpy(), hint)
            n += len(batch)
    except (pa.ArrowInvalid, KeyError, zipfile.BadZipFile, EOFError, OSError, zlib.error):
        return None
    if bad_k is not None:
        raise DataError(p, f"expected an HS6 code of up to six digits, got '{bad_k[1]}'", row=bad_k[0] + 2, column="k")
    codes, cats = hs6.in_code_order(out["k"].array)
    _check_values(bad_v, negative, p)
    return out["t"].array, out["i"].array, out["j"].array, codes, cats, out["v"].array, out["q"].array


def _floats_into(col: pa.Array, out: np.ndarray) -> None:
    """A float64 Arrow array written into ``out``, a missing cell as NaN (no array of its own in between)."""
    data = np.frombuffer(col.buffers()[1], dtype=np.float64, count=len(col), offset=col.offset * 8)
    np.copyto(out, data)
    if col.null_count:
        bits = np.frombuffer(col.buffers()[0], dtype=np.uint8)
        valid = np.unpackbits(bits, count=col.offset + len(col), bitorder="little")[col.offset:]
        out[valid == 0] = np.nan


class _Numbered:
    """HS6 numbers as small ids in the order met, then in code order (the categories are the sorted codes)."""

    def __init__(self) -> None:
        self.lookup = np.full(1_000_000, -1, dtype=np.int32)
        self.small = np.full(1_000_000, -1, dtype=np.int16)  # the same ids while they fit in int16
        self.numbers: list[int] = []

    def ids_into(self, k: np.ndarray, out: Growing, hint: int) -> None:
        """The ids of ``k`` appended to ``out``; IndexError (nothing appended) when a number is not 0–999,999."""
        u = k.view(np.uint32)  # a negative int32 is a large uint32: one bound for both
        if len(u) and u.max() >= 1_000_000:
            raise IndexError("HS6 number out of range")
        if len(self.numbers) >= 32_000:
            out.append(self.ids(k), hint)
            return
        view = out.reserve(len(k), hint)
        np.take(self.small, u, out=view, mode="clip")  # in range (checked above): clip only spares take a buffer
        if len(view) and view.min() < 0:  # a code not met before (after the first blocks, rarely)
            out.n -= len(k)
            out.append(self.ids(k), hint)

    def ids(self, k: np.ndarray) -> np.ndarray:
        ids = self.lookup[k]
        unseen = ids < 0
        if unseen.any():  # after the first blocks, rarely: one gather per block, not two
            new = np.unique(k[unseen])
            self.lookup[new] = np.arange(len(self.numbers), len(self.numbers) + len(new), dtype=np.int32)
            self.small[new] = self.lookup[new] if len(self.numbers) + len(new) < 32_000 else -1
            self.numbers.extend(new.tolist())
            ids = self.lookup[k]
        return ids.astype(np.int16 if len(self.numbers) < 32_000 else np.int32)

    def in_code_order(self, ids: np.ndarray, step: int = 1 << 16) -> tuple[np.ndarray, pd.Index]:
        """The ids turned, in place, into positions among the sorted codes; those codes zero-padded."""
        order = np.argsort(np.asarray(self.numbers, dtype=np.int64), kind="stable")
        rank = np.empty(len(order), dtype=ids.dtype)
        rank[order] = np.arange(len(order))
        for at in range(0, len(ids), step):
            part = ids[at:at + step]
            np.take(rank, part, out=part, mode="clip")  # every id has its rank; see _relabel
        return ids, pd.Index([f"{self.numbers[c]:06d}" for c in order], dtype=object)


def _read_text(stream: BinaryIO, path: Path, member: str | None, read_all: Callable[[], bytes]) -> pa.Table:
    """Parse the CSV with Arrow, k and q as text; on failure, find the line at fault (``read_all`` gives the bytes again)."""
    try:
        # only an empty cell is missing: "nan", "NA" or "null" in t, i, j or v are not values (q reads NA itself)
        return pacsv.read_csv(stream, convert_options=pacsv.ConvertOptions(
            column_types=_TEXT_TYPES, include_columns=_COLUMNS, strings_can_be_null=False, null_values=[""]))
    except (pa.ArrowInvalid, KeyError) as exc:
        raise _diagnose(read_all(), path, member, exc) from None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:  # a damaged member, a failed read
        where = f"{safe_text(member)} in the zip" if member else "the file"
        raise DataError(path, f"{where} cannot be read to its end, it is damaged ({exc})") from None


def _diagnose(data: bytes, path: Path, member: str | None, exc: Exception) -> DataError:
    """The DataError for a BACI file Arrow could not read: the wrong header, or the first bad line.

    Arrow's own messages name neither the line nor, for a bad number, the row; finding them
    costs a second pass over the file, paid only when the file is broken.
    """
    where = f"{member} in the zip: " if member else ""
    end = data.find(b"\n")
    header = data[: end if end >= 0 else len(data)].decode("utf-8-sig", errors="replace").strip()
    cols = [c.strip().strip('"') for c in header.split(",")]
    if not set(_COLUMNS) <= {c.lower() for c in cols}:
        shown = ", ".join(c for c in cols[:12] if c) or "nothing"
        return DataError(path, f"{where}not a BACI file: expected the columns t,i,j,k,v,q, found {shown}", row=1)
    if not set(_COLUMNS) <= set(header.replace('"', "").split(",")):  # ' i', 'T': the names, spelled otherwise
        return DataError(path, f"{where}the header is '{safe_text(header[:80])}': expected the column names exactly as "
                               "CEPII writes them, t,i,j,k,v,q (lower case, no spaces): correct the first line",
                         row=1)
    found = _first_bad_line(data, cols)
    if found is not None:
        line, column, problem = found
        return DataError(path, where + problem, row=line, column=column)
    return DataError(path, f"{where}not a readable BACI file: {exc}")


def _first_bad_line(data: bytes, cols: list[str]) -> tuple[int, str | None, str] | None:
    """(line, column, problem) of the first line with the wrong number of fields or a cell that is not a number."""
    invalid: list[tuple[int, int, str]] = []

    def skip(row: pacsv.InvalidRow) -> str:
        if len(invalid) < 1000:
            invalid.append((row.expected_columns, row.actual_columns, row.text or ""))
        return "skip"

    try:
        table = pacsv.read_csv(io.BytesIO(data), parse_options=pacsv.ParseOptions(invalid_row_handler=skip),
                               convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in cols},
                                                                    strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    # physical line numbers (1-based) of the data rows Arrow kept: blank and skipped lines have none
    buf = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(buf)]))
    blank = (stops - starts) - ((stops > starts) & (buf[np.maximum(stops - 1, 0)] == 13)) == 0
    lines = np.flatnonzero(~blank) + 1
    bad_lines = []
    for expected, actual, text in invalid:
        at = data.find(b"\n" + text.encode("utf-8") + b"\n")
        at = data.find(b"\n" + text.encode("utf-8")) if at < 0 else at
        if at >= 0:
            line = data.count(b"\n", 0, at + 1) + 1
            bad_lines.append((line, None, f"expected {expected} fields (t,i,j,k,v,q), got {actual}: '{text[:80]}'"))
    rows = lines[1:]
    if bad_lines:  # the lines Arrow skipped are not rows of the table
        rows = rows[~np.isin(rows, [b[0] for b in bad_lines])]
    lower = {c.lower(): c for c in cols}
    for col in ("t", "i", "j", "v"):
        pos = _first_not_number(table[lower[col]], integer=col != "v")
        if pos is not None and pos < len(rows):
            value = table[lower[col]][pos].as_py()
            bad_lines.append((int(rows[pos]), col, f"expected a number, got '{value}'"))
    return min(bad_lines, key=lambda b: b[0]) if bad_lines else None


def _first_not_number(column: pa.ChunkedArray, integer: bool) -> int | None:
    """Position of the first non-empty cell of a text column that is not a number."""
    pattern = r"^\s*[-+]?\d+\s*$" if integer else r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"
    pos = 0
    null = pa.scalar(None, pa.string())
    for chunk in column.chunks:
        text = pc.utf8_trim_whitespace(chunk)
        try:  # the fast test; the regex only runs on the chunk that fails it
            pc.cast(pc.if_else(pc.equal(text, ""), null, text), pa.int64() if integer else pa.float64())
        except pa.ArrowInvalid:
            ok = pc.or_(pc.match_substring_regex(text, pattern), pc.equal(text, ""))
            bad = pc.invert(ok).to_numpy(zero_copy_only=False)
            if bad.any():
                return pos + int(np.flatnonzero(bad)[0])
        pos += len(chunk)
    return None


@on_small_pages
def load_baci(path: str | Path, country_codes: str | Path | None = None, year: int | None = None,
              flow: str = "X", hs: str | None = None, keep_zero: bool = False
              ) -> tuple[pd.DataFrame, LoadReport]:
    """Read a BACI year file (plain CSV or the zip CEPII distributes) into TradeFlows.

    Parameters
    ----------
    path : str or Path
        ``BACI_HS17_Y2019_V202301.csv`` or a zip holding it (and usually its country codes).
    country_codes : str or Path, optional
        The version's ``country_codes_V*.csv``; else the one in the zip, else one beside
        the file, else the country table shipped with the tool.
    year : int, optional
        Which year to read from a zip holding several.
    flow : {"X", "M"}
        ``X``: reporter = exporter ``i``, partner = importer ``j`` (default); ``M``: the reverse.
    hs : str, optional
        HS revision (``"17"`` or ``"2017"``); read from the file name when omitted.
    keep_zero : bool
        Keep zero-value rows (dropped and reported by default).

    Returns
    -------
    table : pandas.DataFrame
        TradeFlows with text columns as ``category``; ``value_usd`` = v × 1000, ``qty`` = q in tonnes.
    report : LoadReport

    Raises
    ------
    DataError
        For a file that is not BACI, codes longer than six digits, negative or missing values,
        unknown country numbers or repeated keys.
    """
    p = Path(path)
    flow = flow.upper()
    if flow not in ("X", "M"):
        raise DataError(p, f"flow must be X or M, got {flow!r}")
    release_freed_memory()  # an earlier year's freed pages first: year after year stays at one year's peak
    with ExitStack() as stack:
        codes_src: str | Path | BinaryIO | None = country_codes
        codes_name = str(country_codes) if country_codes else ""
        member: str | None = None
        forks: list[str] = []
        if zipfile.is_zipfile(p):
            member, codes_member, forks = _find_members(p, year)
            zf = stack.enter_context(zipfile.ZipFile(p))
            check_zip_member(zf.getinfo(member), p, MAX_ZIP_MEMBER_BYTES)
            data_name = Path(member).name
            stream: BinaryIO = stack.enter_context(_open_member(zf, member, p))
            read_all = (lambda zf=zf, name=member: _read_member(zf, name, p))
            reopen = (lambda zf=zf, name=member: _open_member(zf, name, p))
            size = zf.getinfo(member).file_size
            if codes_src is None and codes_member is not None:
                check_zip_member(zf.getinfo(codes_member), p, MAX_TABLE_BYTES)
                codes_src, codes_name = io.BytesIO(_read_member(zf, codes_member, p)), codes_member
        else:
            check_regular_file(p)
            data_name = p.name
            stream = _mapped(stack.enter_context(open(p, "rb")), p)
            stack.callback(stream.close)
            read_all = p.read_bytes
            reopen = (lambda: open(p, "rb"))
            size = p.stat().st_size
        if codes_src is None:
            beside = sorted(p.parent.glob("country_codes_V*.csv"))
            if beside:
                codes_src, codes_name = beside[-1], beside[-1].name
        arrays = _read_numbers(stream, size, p)
        if arrays is None:  # read again, every cell as text, for the loader's own checks and messages
            stream.close()
            stream = stack.enter_context(reopen())
            table = _read_text(stream, p, member, read_all)
            columns = {c: table.column(c) for c in _COLUMNS}
            del table  # each column goes once converted
            arrays = _arrays(columns, p)
    m = _BACI_NAME.search(data_name)
    revision = hs_revision(str(hs)[-2:]) if hs else (hs_revision(m.group(1)) if m else "")
    system = f"HS6-{revision}" if revision else "HS6"
    builder = ReportBuilder(p, format="baci-zip" if zipfile.is_zipfile(p) else "baci", encoding="utf-8",
                            header_row=1, unit="천달러", code_system=system,
                            column_mapping={"year": "t", "reporter": "i" if flow == "X" else "j",
                                            "partner": "j" if flow == "X" else "i", "code": "k",
                                            "value_usd": "v", "qty": "q"})
    if forks:
        builder.warn(f"skipped {len(forks)} macOS resource-fork member{'s' if len(forks) > 1 else ''} of the zip "
                     f"({', '.join(safe_text(f) for f in forks[:3])}{' …' if len(forks) > 3 else ''}): not data")
    if not revision:
        builder.warn("HS revision unknown (file name not BACI_HSyy_…): code_system is HS6; name the file as CEPII "
                     "does (BACI_HS17_Y2019_V202301.csv) so that the revision is known")
    return _convert(*arrays, p, builder, system, flow, codes_src, codes_name, keep_zero)


def _codes_column(k: pa.ChunkedArray, p: Path) -> tuple[np.ndarray, pd.Index]:
    """HS6 codes as small integer category codes plus the zero-padded six-digit categories.

    ``k`` comes as numbers (the usual read) or as text (`_read_text`). Works chunk by chunk (the
    Arrow chunks of the CSV reader) so the only full-size array made is the codes.
    """
    if pa.types.is_integer(k.type):
        parts = [chunk.to_numpy() for chunk in k.chunks]
    else:
        parts, pos = [], 0
        for chunk in k.chunks:
            try:  # spaces or tabs around the digits are not part of the code (as Arrow reads a number)
                parts.append(pc.cast(pc.utf8_trim(chunk, " \t"), pa.int32()).to_numpy())
            except pa.ArrowInvalid:
                bad = pc.invert(pc.match_substring_regex(chunk, r"^[ \t]*\d+[ \t]*$")).to_numpy(zero_copy_only=False)
                at = int(np.flatnonzero(bad)[0]) if bad.any() else 0
                raise DataError(p, f"expected an HS6 code of up to six digits, got '{chunk[at].as_py()}'",
                                row=pos + at + 2, column="k") from None
            pos += len(chunk)
    pos = 0
    for part in parts:
        if len(part) and (int(part.min()) < 0 or int(part.max()) >= 1_000_000):
            at = int(np.flatnonzero((part < 0) | (part >= 1_000_000))[0])
            raise DataError(p, f"expected an HS6 code of up to six digits, got '{part[at]}'", row=pos + at + 2,
                            column="k")
        pos += len(part)
    present = np.zeros(1_000_000, dtype=bool)
    for part in parts:
        present[part] = True
    numbers = np.flatnonzero(present)
    index = (np.cumsum(present, dtype=np.int32) - 1).astype(np.int16 if len(numbers) < 32_000 else np.int32)
    codes = np.empty(len(k), dtype=index.dtype)
    pos = 0
    for part in parts:
        np.take(index, part, out=codes[pos:pos + len(part)])
        pos += len(part)
    cats = pd.Index([f"{c:06d}" for c in numbers], dtype=object)
    return codes, cats


def _quantity_column(q: pa.ChunkedArray, p: Path) -> np.ndarray:
    """q as float64: numbers, or NA (also padded with spaces, as some BACI versions write it) → NaN."""
    if pa.types.is_floating(q.type):  # missing cells are NaN
        return _writable(q.to_numpy())
    out = np.empty(len(q), dtype=np.float64)
    pos = 0
    null = pa.scalar(None, pa.string())
    for chunk in q.chunks:
        text = pc.utf8_trim_whitespace(chunk)
        text = pc.if_else(pc.or_(pc.equal(text, "NA"), pc.equal(text, "")), null, text)
        try:
            out[pos:pos + len(chunk)] = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid as exc:
            raise DataError(p, f"expected a quantity or NA (rows {pos + 2}–{pos + len(chunk) + 1}): {exc}",
                            column="q") from None
        pos += len(chunk)
    return out


def _writable(a: np.ndarray) -> np.ndarray:
    """``a`` itself when it is a copy already (several Arrow chunks), else a copy: a one-chunk column is Arrow's memory."""
    return a if a.flags.writeable else a.copy()


def _arrays(columns: dict[str, pa.ChunkedArray], p: Path) -> tuple:
    """The arrays of a year read as text (t, i, j, codes, code categories, value in USD, qty), checked cell by
    cell; each Arrow column is let go once converted."""
    for col in ("t", "i", "j", "v"):
        if columns[col].null_count:
            at = int(np.flatnonzero(columns[col].is_null().to_numpy(zero_copy_only=False))[0])
            raise DataError(p, "expected a number, got an empty cell", row=at + 2, column=col)
    kcodes, code_cats = _codes_column(columns.pop("k"), p)
    release_arrow_pool()
    qty = _quantity_column(columns.pop("q"), p)
    release_arrow_pool()
    value = _writable(columns.pop("v").to_numpy())
    value *= 1000.0
    release_arrow_pool()
    t, i, j = (_writable(columns.pop(c).to_numpy()) for c in ("t", "i", "j"))
    release_arrow_pool()
    bad = ~np.isfinite(value)
    negative = value < 0
    _check_values(_first(bad, value), _first(negative, value), p)
    return t, i, j, kcodes, code_cats, value, qty


def _first(mask: np.ndarray, value: np.ndarray) -> tuple[int, float] | None:
    at = np.flatnonzero(mask)
    return (int(at[0]), float(value[at[0]])) if len(at) else None


def _check_values(bad: tuple[int, float] | None, negative: tuple[int, float] | None, p: Path) -> None:
    """Refuse the first value that is not finite, else the first below zero (row, value in USD)."""
    if bad is not None:
        raise DataError(p, f"expected a finite number, got '{bad[1] / 1000:g}' (NaN or infinite: not a value)",
                        row=bad[0] + 2, column="v")
    if negative is not None:
        raise DataError(p, f"expected a value ≥ 0, got {negative[1] / 1000:g}", row=negative[0] + 2, column="v")


def _convert(t: np.ndarray, i: np.ndarray, j: np.ndarray, kcodes: np.ndarray, code_cats: pd.Index, value: np.ndarray,
             qty: np.ndarray, p: Path, builder: ReportBuilder, system: str, flow: str,
             codes_src: str | Path | BinaryIO | None, codes_name: str, keep_zero: bool
             ) -> tuple[pd.DataFrame, LoadReport]:
    """The TradeFlows frame and report from the arrays of a year (``i`` and ``j`` become the ISO codes in place)."""
    n = len(t)
    total = float(value.sum())
    builder.read(n, total)
    codes = read_country_codes(codes_src, codes_name) if codes_src is not None else {}
    if codes_src is None:
        builder.warn("no BACI country-codes file given or found: country numbers read with the tool's BACI table")
    if n and min(int(i.min()), int(j.min())) < 0:
        raise DataError(p, f"negative country number {min(int(i.min()), int(j.min()))}", column="i/j")
    used = np.flatnonzero(_present(i, j))
    lut, cats = _lookup(codes, used, builder, p.name)
    keep = np.ones(n, dtype=bool)
    if not keep_zero:
        zero = value == 0
        if zero.any():
            builder.drop(np.flatnonzero(zero) + 2, "zero value", 0.0)
            keep &= ~zero
    _check_unique(t, i, j, code_cats, kcodes, keep, p)
    rep, par = (_relabel(lut, i), _relabel(lut, j)) if flow == "X" else (_relabel(lut, j), _relabel(lut, i))
    del i, j
    if len(cats) < len(used):  # two country numbers share an ISO3 (e.g. several → UNK): keys may collide
        _merge_collisions(t, rep, par, kcodes, value, qty, keep, lut, used, builder)
    frame = _frame(t, rep, par, kcodes, code_cats, value, qty, keep, cats, system, flow, p.name)
    kept = total if len(frame) == n else float(frame["value_usd"].to_numpy().sum())
    return frame, builder.finish(len(frame), kept)


def _frame(t: np.ndarray, rep: np.ndarray, par: np.ndarray, kcodes: np.ndarray, code_cats: pd.Index,
           value: np.ndarray, qty: np.ndarray, keep: np.ndarray, cats: list[str], system: str, flow: str,
           source: str) -> pd.DataFrame:
    """The TradeFlows frame from the arrays (text columns as categories)."""
    pick = (lambda a: a) if keep.all() else (lambda a: a[keep])
    m = int(keep.sum())
    columns = {
        "year": pick(t).astype("int64", copy=False),
        "month": np.zeros(m, dtype="int64"),
        "reporter": pd.Categorical.from_codes(pick(rep), categories=cats),
        "partner": pd.Categorical.from_codes(pick(par), categories=cats),
        "flow": _const(flow, m),
        "code": pd.Categorical.from_codes(pick(kcodes), categories=code_cats),
        "code_system": _const(system, m),
        "name": _const("", m),
        "value_usd": pick(value),
        "qty": pick(qty),
        "qty_unit": _const("t", m),
        "source": _const(source, m),
    }
    # copy=False keeps one block per column: no full-size copies while the frame is built
    return pd.DataFrame(columns, copy=False)


def _present(i: np.ndarray, j: np.ndarray, step: int = 1 << 16) -> np.ndarray:
    """Boolean presence of each country number in i or j (counting, not sorting; slice by slice, so that
    numpy's index conversion stays small)."""
    size = int(max(i.max(), j.max())) + 1 if len(i) else 1
    present = np.zeros(size, dtype=bool)
    for at in range(0, len(i), step):
        present[i[at:at + step]] = True
        present[j[at:at + step]] = True
    return present


def _relabel(lut: np.ndarray, idx: np.ndarray, step: int = 1 << 16) -> np.ndarray:
    """``lut[idx]`` written over ``idx`` (country numbers become ISO3 category codes), slice by slice."""
    lut = lut.astype(idx.dtype, copy=False)
    for at in range(0, len(idx), step):
        part = idx[at:at + step]
        # every number has its place in lut (built over the numbers present): "clip" is only the faster loop;
        # take widens the ids to intp first, so writing over them is safe
        np.take(lut, part, out=part, mode="clip")
    return idx


def _check_unique(t: np.ndarray, i: np.ndarray, j: np.ndarray, code_cats: pd.Index, kcodes: np.ndarray,
                  keep: np.ndarray, p: Path) -> None:
    """Each (t, i, j, k) once. BACI files come sorted, so one pass usually proves it."""
    if _rising(t, i, j, kcodes, keep):
        return
    key = _key(t, i, j, kcodes)
    if not keep.all():
        key = key[keep]
    dup = pd.Series(key).duplicated().to_numpy()
    if dup.any():
        row = int(np.flatnonzero(keep)[np.flatnonzero(dup)[0]]) + 2
        raise DataError(p, "the same year, exporter, importer and product appear twice", row=row, column="t,i,j,k")


def _key(t: np.ndarray, i: np.ndarray, j: np.ndarray, kcodes: np.ndarray) -> np.ndarray:
    """One int64 per (t, i, j, k), rising with them; built in place (four full-size temporaries would cost a second)."""
    key = t.astype(np.int64)
    key -= 1900
    key *= 1000
    key += i
    key *= 1000
    key += j
    key *= 40_000
    key += kcodes
    return key


def _rising(t: np.ndarray, i: np.ndarray, j: np.ndarray, kcodes: np.ndarray, keep: np.ndarray,
            step: int = 1 << 16) -> bool:
    """Do the kept rows' keys rise strictly? Slice by slice, so that the keys stay in the CPU's cache."""
    last = None
    every = bool(keep.all())
    for at in range(0, len(t), step):
        end = at + step
        key = _key(t[at:end], i[at:end], j[at:end], kcodes[at:end])
        if not every:
            key = key[keep[at:end]]
        if not len(key):
            continue
        if (last is not None and key[0] <= last) or not bool(np.all(key[1:] > key[:-1])):
            return False
        last = key[-1]
    return True


def _merge_collisions(t: np.ndarray, rep: np.ndarray, par: np.ndarray, kcodes: np.ndarray, value: np.ndarray,
                      qty: np.ndarray, keep: np.ndarray, lut: np.ndarray, used: np.ndarray,
                      builder: ReportBuilder) -> None:
    """Sum records whose keys collide once different country numbers became one ISO3 code (in place).

    Only rows touching a shared ISO3 can collide, so only those are hashed. The first
    record of a key takes the sum; the others leave ``keep`` and are reported.
    """
    counts = np.bincount(lut[used], minlength=int(lut.max()) + 1)
    shared = counts > 1
    cand = np.flatnonzero(keep & (shared[rep] | shared[par]))
    if len(cand) < 2:
        return
    key = ((t[cand].astype(np.int64) - 1900) * 1024 + rep[cand]) * 1024 + par[cand]
    key = key * 40_000 + kcodes[cand]
    first_pos = pd.Series(cand).groupby(key, sort=False).transform("first").to_numpy()
    later = cand[first_pos != cand]
    if not len(later):
        return
    target = first_pos[first_pos != cand]
    np.add.at(value, target, value[later])
    both = ~np.isnan(qty[later])
    qty[target[both]] = np.nan_to_num(qty[target[both]]) + qty[later][both]
    keep[later] = False
    builder.drop(later + 2, "duplicate key: summed into an earlier row", 0.0,
                 [f"summed into row {r + 2} (two country numbers with one ISO3 code)" for r in target])
    builder.warn(f"{len(later)} rows share their key with another once country numbers became ISO3 codes: "
                 "values summed into the first")
