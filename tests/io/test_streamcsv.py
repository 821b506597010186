"""The streamed reader of large CSV downloads gives the generic reader's table, report and messages.

Every CSV fixture, every CSV of the bad-input corpus and generated Korea Customs downloads with
problems written into them are read both ways (streaming forced on by a zero size threshold);
the tables (text columns compared as text), reports and error messages must be equal. With the
hand-back to the generic reader switched off, the streamed reader's own messages are compared too.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure.errors import DataError, ExposureError
from exposure.io import inspect, load, streamcsv, streamflows
from exposure.io.streamcsv import Decline

REPO = Path(__file__).resolve().parents[2]
CSVS = sorted([*(REPO / "datasets" / "demo").glob("*.csv"), *(REPO / "tests" / "data" / "io").glob("*.csv"),
               *(REPO / "tests" / "data" / "bad").glob("*.csv")])


@pytest.fixture(scope="module")
def make_kcs():
    spec = importlib.util.spec_from_file_location("make_kcs", REPO / "benchmarks" / "make_kcs.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_kcs"] = mod
    try:
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop("make_kcs", None)


@pytest.fixture(scope="module")
def download(make_kcs, tmp_path_factory) -> Path:
    return make_kcs.write(3_000, tmp_path_factory.mktemp("kcs") / "kcs.csv", seed=7)


def _read(path: Path, stream: bool, monkeypatch, **kw):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0 if stream else 1 << 62)
    try:
        table, report = load(path, **kw)
    except ExposureError as exc:
        return "error", str(exc), None
    for c in table.columns:
        if isinstance(table[c].dtype, pd.CategoricalDtype):
            table[c] = table[c].astype(object)
    return "ok", table, report


def _same(path: Path, monkeypatch, **kw) -> None:
    a, b = _read(path, False, monkeypatch, **kw), _read(path, True, monkeypatch, **kw)
    assert a[0] == b[0], (a[1], b[1])
    if a[0] == "error":
        assert a[1] == b[1]
        return
    pd.testing.assert_frame_equal(a[1], b[1], check_dtype=False)
    for f in ("rows_read", "rows_kept", "value_read", "value_kept", "unit", "code_system", "encoding", "header_row",
              "warnings", "column_mapping", "format"):
        assert getattr(a[2], f) == getattr(b[2], f), f
    pd.testing.assert_frame_equal(a[2].dropped, b[2].dropped, check_dtype=False)
    pd.testing.assert_frame_equal(a[2].totals, b[2].totals, check_dtype=False)


@pytest.mark.parametrize("path", CSVS, ids=[p.name for p in CSVS])
def test_every_csv_fixture_reads_the_same_streamed(path: Path, monkeypatch):
    _same(path, monkeypatch)


@pytest.mark.parametrize("path", CSVS, ids=[p.name for p in CSVS])
def test_own_messages_match_without_the_hand_back(path: Path, monkeypatch):
    monkeypatch.setattr(streamflows, "within_generic_limits", lambda lay, n: False)
    _same(path, monkeypatch)


def _edit(download: Path, tmp_path: Path, fn) -> Path:
    lines = download.read_text(encoding="cp949").splitlines(keepends=True)
    out = tmp_path / "edited.csv"
    out.write_text("".join(fn(lines)), encoding="cp949", newline="")
    return out


def _cell(line: str, k: int, value: str) -> str:
    cells = line.rstrip("\n").split(",")
    cells[k] = value
    return ",".join(cells) + "\n"


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _recode(line: str, form) -> str:
    """The line with its code cell rewritten by ``form`` (the bare code → the cell as written)."""
    return _cell(line, 2, form(line.split(",")[2].strip('"')))


EDITS = {
    "plain": lambda L: L,
    "codes in full-width digits and separators": lambda L: L[:30] + [
        _recode(L[30], lambda c: f'"{c.translate(_FULL_WIDTH)}"'),
        _recode(L[31], lambda c: f'"{c[:4].translate(_FULL_WIDTH)}．{c[4:6]}－{c[6:]}"')] + L[32:],
    "codes in Excel's text forms": lambda L: L[:30] + [_recode(L[30], lambda c: f'"=""{c}"""'),
                                                        _recode(L[31], lambda c: f'"\'{c}"')] + L[32:],
    "thousands separators and marks": lambda L: L[:3] + [_cell(L[3], 5, '"1,234"'), _cell(L[4], 5, "-")] + L[5:],
    "a partner two ways and blank partners (summed, reported)": lambda L: L[:3] + [
        _cell(L[3], 1, '""'), _cell(_cell(L[3], 1, '"기타"'), 4, "1.0")] + L[3:],
    "a group and a stray space": lambda L: L[:5] + [_cell(L[5], 1, '"EU"'), _cell(L[6], 1, '" 일본 "')] + L[7:],
    "a subtotal row and a blank amount": lambda L: L[:9] + ['"2017.01","소계","","",10.0,100\n',
                                                           _cell(L[9], 5, "")] + L[10:],
    "title rows": lambda L: ["부품 수입 실적\n", '"단위: 천달러, 톤"\n'] + L,
    "title rows in kilograms": lambda L: ["부품 수입 실적\n", '"단위: 천달러, kg"\n'] + L,
    "a negative amount": lambda L: L[:7] + [_cell(L[7], 5, "-7")] + L[8:],
    "a triangle negative": lambda L: L[:7] + [_cell(L[7], 5, '"△5"')] + L[8:],
    "a row twice": lambda L: L[:20] + [L[12]] + L[20:],
    "a bad code": lambda L: L[:30] + [_cell(L[30], 2, '"28111x"')] + L[31:],
    "a bad period": lambda L: L[:30] + [_cell(L[30], 0, '"17월"')] + L[31:],
    "an unknown partner": lambda L: L[:30] + [_cell(L[30], 1, '"일보나라"')] + L[31:],
    "text in an amount": lambda L: L[:30] + [_cell(L[30], 5, '"이천"')] + L[31:],
    "1e999": lambda L: L[:30] + [_cell(L[30], 5, "1e999")] + L[31:],
    "a control character": lambda L: L[:30] + [_cell(L[30], 3, '"감광\x07제"')] + L[31:],
    "NUL bytes in a name, a period, an amount and after a quote": lambda L: L[:30] + [
        _cell(L[30], 3, '"감광\x00제"'), _cell(L[31], 0, '"2017.0\x001"'), _cell(L[32], 5, "21\x0000"),
        _cell(L[33], 1, '"일본"\x00')] + L[34:],
    "a NUL byte alone in an amount": lambda L: L[:30] + [_cell(L[30], 4, "\x00")] + L[31:],
    "a NUL byte late in an unquoted amount": lambda L: L[:-5] + [_cell(L[-5], 5, "12\x00")] + L[-4:],
    "a ragged row (the generic reader pads it)": lambda L: L[:30] + [L[30].rstrip("\n") + ",\n"] + L[31:],
    "an empty line": lambda L: L[:30] + ["\n"] + L[30:],
    "an empty line ending CR LF": lambda L: L[:30] + ["\r\n"] + L[30:],
    "a row of empty cells": lambda L: L[:30] + [",,,,,\n"] + L[30:],
    "a Hangul syllable outside KS X 1001 (a trail byte that is an ASCII letter)":
        lambda L: L[:30] + [_cell(_cell(L[30], 3, '"똠방각하 부품"'), 1, '"일본"')] + L[31:],
    "a name longer than the CSV field limit": lambda L: L[:30] + [_cell(L[30], 3, '"' + "가" * 131_073 + '"')] + L[31:],
    "an amount longer than the CSV field limit": lambda L: L[:30] + [_cell(L[30], 5, "0" * 131_072 + "7")] + L[31:],
    "amounts Arrow and the generic reader read alike (5., 5.e3, +7, 1E2, spaces)": lambda L: L[:30] + [
        _cell(L[30], 5, "5."), _cell(L[31], 5, "5.e3"), _cell(L[32], 5, "+7"), _cell(L[33], 4, "1E2"),
        _cell(L[34], 5, " 12 "), _cell(L[35], 4, '"0.5"')] + L[36:],
    "nan in an amount": lambda L: L[:30] + [_cell(L[30], 5, "nan")] + L[31:],
    "inf in a weight": lambda L: L[:30] + [_cell(L[30], 4, "inf")] + L[31:],
    "lines ending CR LF": lambda L: [x.replace("\n", "\r\n") for x in L],
    "a blank weight in every block": lambda L: [_cell(x, 4, "") if k % 100 == 7 else x for k, x in enumerate(L)],
}


@pytest.mark.parametrize("own", [False, True], ids=["hand-back", "own messages"])
@pytest.mark.parametrize("name", list(EDITS))
def test_edited_downloads_read_the_same(download: Path, tmp_path: Path, monkeypatch, name: str, own: bool):
    if own:
        monkeypatch.setattr(streamflows, "within_generic_limits", lambda lay, n: False)
    _same(_edit(download, tmp_path, EDITS[name]), monkeypatch)


def _edit_bytes(download: Path, tmp_path: Path, line: int, old: bytes, new: bytes) -> Path:
    lines = download.read_bytes().split(b"\n")
    assert old in lines[line]
    lines[line] = lines[line].replace(old, new, 1)
    out = tmp_path / "bytes.csv"
    out.write_bytes(b"\n".join(lines))
    return out


@pytest.fixture(scope="module")
def long_download(make_kcs, tmp_path_factory) -> Path:
    """A download longer than the sample the encoding is told from (the first MiB)."""
    path = make_kcs.write(20_000, tmp_path_factory.mktemp("kcs_long") / "kcs.csv", seed=7)
    assert path.stat().st_size > 1 << 20
    return path


# bytes that are not CP949 beyond the sample, in cells read as raw bytes: the file is the generic reader's
LATE = -100  # a line near the end
BAD_BYTES = {
    "a lead byte alone before the closing quote": (b')"', b')\xb0"'),
    "a lead byte alone before a comma": (b'",', b'"\xb0,'),
    "a lead byte before a space": (b'","', b'\xb0 ","'),
    "a byte no character starts with, in an amount": (b",", b"\xff,"),
}


@pytest.mark.parametrize("name", list(BAD_BYTES))
def test_bytes_that_are_not_cp949_go_to_the_generic_reader(long_download: Path, tmp_path: Path, monkeypatch,
                                                            name: str):
    old, new = BAD_BYTES[name]
    if name.endswith("in an amount"):  # the last comma of the line: before the amount
        line = long_download.read_bytes().split(b"\n")[LATE]
        old, new = line[line.rfind(b","):], line[line.rfind(b","):] + b"\xff"
    path = _edit_bytes(long_download, tmp_path, LATE, old, new)
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("cp949")
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    with pytest.raises(Decline):
        streamflows.load_streamed(path, fallback=False)
    _same(path, monkeypatch)


def test_cells_are_split_on_the_raw_bytes(download: Path, tmp_path: Path, monkeypatch):
    """똠 is 0x8C 0x63 in CP949: its second byte is the letter c. Cells are still cut at the right commas."""
    path = _edit(download, tmp_path, EDITS["a Hangul syllable outside KS X 1001 (a trail byte that is an ASCII letter)"])
    assert "똠".encode("cp949") == b"\x8cc"
    table, report, _lay = _streamed(path, monkeypatch)
    assert report.encoding == "cp949" and "똠방각하 부품" in set(table["name"].astype(str))
    for name in ("a name longer than the CSV field limit", "an amount longer than the CSV field limit",
                 "a row of empty cells", "an empty line ending CR LF",
                 "NUL bytes in a name, a period, an amount and after a quote", "a NUL byte alone in an amount",
                 "a NUL byte late in an unquoted amount"):
        with pytest.raises(Decline):
            _streamed(_edit(download, tmp_path, EDITS[name]), monkeypatch)


def test_both_flows_read_the_same(make_kcs, tmp_path: Path, monkeypatch):
    for encoding in ("cp949", "utf-8-sig"):
        path = make_kcs.write(2_000, tmp_path / f"xm_{encoding}.csv", seed=5, flows="XM", encoding=encoding)
        _same(path, monkeypatch)
        monkeypatch.setattr(streamflows, "within_generic_limits", lambda lay, n: False)
        _same(path, monkeypatch)
        monkeypatch.undo()
        table, _report, _lay = _streamed(path, monkeypatch)
        assert set(table["flow"].astype(str)) == {"X", "M"}


def _streamed(path: Path, monkeypatch):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    try:
        return streamflows.load_streamed(path, fallback=False)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("size", [64, 100, 4096])
@pytest.mark.parametrize("text", ["utf-8-sig", "no final line end", "a line longer than a block"])
def test_blocks_end_at_the_last_line_end_before_each_multiple_of_the_block_size(tmp_path: Path, monkeypatch,
                                                                                 size: int, text: str):
    lines = [f"{k},가나다,{'x' * (k % 7)}\n" for k in range(300)]
    if text == "a line longer than a block":
        lines[40] = "long," + "y" * 300 + "\n"
    data = "".join(lines).encode("utf-8")
    data = data[:-1] if text == "no final line end" else data
    raw = (b"\xef\xbb\xbf" if text == "utf-8-sig" else b"") + data
    path = tmp_path / "blocks.csv"
    path.write_bytes(raw)
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", size)
    blocks = [bytes(buf[lo:hi]) for buf, lo, hi in streamcsv._blocks(path, "utf-8-sig" if text == "utf-8-sig" else "utf-8")]
    assert b"".join(blocks) == (data if data.endswith(b"\n") else data + b"\n")
    assert all(b.endswith(b"\n") for b in blocks)
    # where each block ends in the file: the last line end before the next multiple of the size (a line
    # running past it goes on to the one after), worked out from the line ends themselves
    start = 3 if text == "utf-8-sig" else 0
    ends = [k + 1 for k, ch in enumerate(raw) if ch == ord("\n")]
    expected, pos, limit = [], start, size
    while pos < len(raw):
        before = [e for e in ends if pos < e <= limit]
        if before:
            expected.append(before[-1])
            pos = before[-1]
        elif limit >= len(raw):
            expected.append(len(raw))
            break
        limit += size
    got = list(np.cumsum([len(b) for b in blocks]) + start)
    if not data.endswith(b"\n"):
        got[-1] -= 1  # the line end added to the last line
    assert got == expected


def test_a_file_that_cannot_be_mapped_is_read_in_the_same_blocks(tmp_path: Path, monkeypatch):
    lines = [f"{k},가나다,{'x' * (k % 7)}\n" for k in range(300)]
    path = tmp_path / "blocks.csv"
    path.write_bytes("".join(lines).encode("utf-8")[:-1])  # no final line end
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", 100)
    mapped = [bytes(buf[lo:hi]) for buf, lo, hi in streamcsv._blocks(path, "utf-8")]

    def refuse(*args, **kwargs):
        raise OSError("mmap not supported on this file system")

    monkeypatch.setattr(streamcsv.mmap, "mmap", refuse)
    read = [bytes(buf[lo:hi]) for buf, lo, hi in streamcsv._blocks(path, "utf-8")]
    assert read == mapped and len(read) > 40


@pytest.mark.parametrize("mapped", [True, False], ids=["mapped", "read"])
@pytest.mark.parametrize("change", ["grows", "shrinks"])
def test_a_file_that_changes_while_it_is_read_is_refused(tmp_path: Path, monkeypatch, mapped: bool, change: str):
    path = tmp_path / "download.csv"
    path.write_bytes(b"".join(f"{k},x\n".encode() for k in range(100)))
    size = path.stat().st_size
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", 64)
    if not mapped:
        monkeypatch.setattr(streamcsv.mmap, "mmap", lambda *a, **k: (_ for _ in ()).throw(OSError("no map")))
    blocks = streamcsv._blocks(path, "utf-8")
    next(blocks)
    if change == "grows":  # a download still being written
        with path.open("ab") as fh:
            fh.write(b"100,x\n")
        now = size + 6
    else:  # rewritten in place, shorter
        with path.open("r+b") as fh:
            fh.truncate(size - 200)
        now = size - 200
    with pytest.raises(DataError) as err:
        next(blocks)
    assert str(err.value) == (f"download.csv: the file changed while it was read ({size:,} bytes when opened, {now:,} "
                              "now): read it again once it is complete")
    from exposure.report.error_text import error_text

    assert error_text(err.value, "ko") == (f"download.csv: 읽는 동안 파일이 바뀜(열 때 {size:,}바이트, 지금 {now:,}바이트): "
                                           "파일이 다 저장된 뒤 다시 읽으십시오")


def test_an_empty_file_gives_no_block(tmp_path: Path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert list(streamcsv._blocks(path, "utf-8")) == []


def _mapped_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("RssFile:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RssFile is Linux's")
def test_the_pages_of_blocks_read_are_let_go(tmp_path: Path, monkeypatch):
    # the file is mapped: without dropping the pages behind the reader, the process would hold all of it
    line = b"2019-01,JP,8541400000," + b"x" * 40 + b",1,2\n"
    path = tmp_path / "big.csv"
    path.write_bytes(line * (64 * 2**20 // len(line)))
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", 2**20)
    before, peak, seen = _mapped_kb(), 0, 0
    for buf, lo, hi in streamcsv._blocks(path, "utf-8"):
        seen += len(bytes(buf[lo:hi]))  # touches every page of the block
        peak = max(peak, _mapped_kb() - before)
    assert seen == path.stat().st_size
    assert peak < 16 * 1024, f"{peak} KB of the 64 MB file held at once"


def test_the_download_is_streamed_with_categories(download: Path, monkeypatch):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    table, report, lay = streamflows.load_streamed(download, fallback=False)
    assert lay.mapping.name == "kcs_trade_by_country" and report.encoding == "cp949"
    assert isinstance(table["partner"].dtype, pd.CategoricalDtype) and table["code"].str.len().eq(10).all()
    # 총계 is the sum of every row below it (the generator writes it so)
    total = report.totals.iloc[0]
    assert total["label"] == "총계" and total["total_usd"] == total["sum_of_rows_usd"]
    assert report.value_read == 2 * total["total_usd"]
    with pytest.raises(Decline):
        streamflows.load_streamed(_edit(download, download.parent, EDITS["an empty line"]), fallback=False)


def test_downloads_of_a_few_thousand_rows_are_streamed(make_kcs, tmp_path: Path):
    # 7,760 rows (481 KB): streamed; 3,000 rows (under 256 KiB) are not
    demo = REPO / "datasets" / "demo" / "parts_imports_by_country_2017_2019.csv"
    small = make_kcs.write(3_000, tmp_path / "small.csv", seed=7)
    assert streamcsv.streamable(demo) and small.stat().st_size < streamcsv.STREAM_MIN_BYTES <= demo.stat().st_size
    assert not streamcsv.streamable(small)
    table, report = load(demo)
    # under 8 MiB the table keeps the generic reader's text columns (categories are for the big downloads)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in table.dtypes)
    assert report.rows_read == 7_760 and len(table) == 7_759 and report.dropped["reason"].tolist() == ["total row"]


def test_small_blocks_give_the_same_table(download: Path, monkeypatch):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    whole, rep_whole, _ = streamflows.load_streamed(download, fallback=False)
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", 4096)  # blocks end inside a CP949 character and a line
    parts, rep_parts, _ = streamflows.load_streamed(download, fallback=False)
    pd.testing.assert_frame_equal(whole.astype(object), parts.astype(object))
    assert rep_parts.rows_read == rep_whole.rows_read and rep_parts.value_kept == rep_whole.value_kept


def test_inspect_streams_and_reports_the_whole_file(download: Path, monkeypatch):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    info = inspect(download, preview_rows=5)
    assert info.ok and len(info.preview) == 5 and info.mapping == "kcs_trade_by_country (built-in)"
    _table, report = load(download)
    assert (info.rows_read, info.rows_kept, info.value_kept) == (report.rows_read, report.rows_kept,
                                                                 report.value_kept)
    assert info.dropped_by_reason == report.dropped["reason"].value_counts().to_dict()


def test_row_limit_of_the_streamed_reader(download: Path, monkeypatch):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(streamcsv, "MAX_STREAM_ROWS", 100)
    with pytest.raises(DataError, match="more than 100 data rows: expected a download within that limit"):
        load(download)
    monkeypatch.setattr(streamcsv, "MAX_STREAM_BYTES", 100)
    with pytest.raises(DataError, match="more than the 100 bytes a table file may have"):
        load(download)


def test_generator_is_seeded_and_shaped(make_kcs, tmp_path: Path):
    a = make_kcs.write(2_000, tmp_path / "a.csv", seed=3)
    b = make_kcs.write(2_000, tmp_path / "b.csv", seed=3)
    c = make_kcs.write(2_000, tmp_path / "c.csv", seed=4)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    lines = a.read_bytes().decode("cp949").splitlines()
    assert lines[0] == "기간,국가,HS코드,품목명,수입 중량,수입 금액" and lines[1].startswith('"총계","","",""')
    assert len(lines) == 2_002
    body = pd.read_csv(a, encoding="cp949", dtype=str, skiprows=[1])
    assert body["HS코드"].str.fullmatch(r"\d{10}").all()
    key = body[["기간", "국가", "HS코드"]]
    assert not key.duplicated().any() and key.equals(key.sort_values(list(key.columns), ignore_index=True))
    assert int(lines[1].split(",")[-1]) == body["수입 금액"].astype(int).sum()
    xm = make_kcs.write(500, tmp_path / "xm.csv", seed=3, flows="XM", encoding="utf-8-sig")
    assert xm.read_bytes().startswith(b"\xef\xbb\xbf") and "무역수지" in xm.read_text(encoding="utf-8-sig")


KCS_HEADER = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"


@pytest.mark.parametrize("how", ["generic", "streamed", "own messages"])
def test_codes_typed_full_width_or_as_excel_text_are_the_codes(tmp_path: Path, monkeypatch, how: str):
    # a Korean IME in full-width mode, and the two ways Excel is told to keep a code's leading zeros
    path = tmp_path / "imports.csv"
    path.write_text(KCS_HEADER + "2019,일본,２８１１１１１０００,불화수소,850,7400\n"
                    '2019,일본,="3707901010",포토레지스트,12,900\n'
                    "2019,미국,'0101210000,말,5,300\n"
                    "2019,미국,２８１１．１１－１０００,불화수소,100,1000\n", encoding="utf-8")
    if how == "own messages":
        monkeypatch.setattr(streamflows, "within_generic_limits", lambda lay, n: False)
    status, table, report = _read(path, how != "generic", monkeypatch)
    assert status == "ok", table
    got = sorted(zip(table["partner"].astype(str), table["code"].astype(str), table["value_usd"]))
    # amounts in thousand USD (the generic KCS layout): 7400 → 7,400,000 USD
    assert got == [("JPN", "2811111000", 7_400_000.0), ("JPN", "3707901010", 900_000.0),
                   ("USA", "0101210000", 300_000.0), ("USA", "2811111000", 1_000_000.0)]
    assert report.code_system == "HSK10"


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
@pytest.mark.parametrize("title, unit", [(None, "t"), ('"단위: 천달러, kg"', "kg"), ('"단위: 천달러, 톤"', "t")])
def test_the_weight_unit_of_the_title_rows_beats_the_mappings_default(download: Path, tmp_path: Path, monkeypatch,
                                                                      stream: bool, title, unit: str):
    # the built-in mapping's tonnes are what a download says when it says nothing: a title in kg must win
    path = _edit(download, tmp_path, lambda L: (["부품 수입 실적\n", title + "\n"] if title else []) + L)
    status, table, report = _read(path, stream, monkeypatch)
    assert status == "ok", table
    assert set(table["qty_unit"]) == {unit}
    plain = _read(download, stream, monkeypatch)[1]
    assert table["qty"].tolist() == plain["qty"].tolist()  # the weights as written; only their unit differs


def test_growing_reserve_hands_out_the_next_places_and_keeps_what_was_written():
    g = streamcsv.Growing(np.float64)
    g.append(np.array([1.0, 2.0]))
    view = g.reserve(3, hint=4)  # beyond the hint: grown to what is needed
    np.multiply(np.array([1.0, 2.0, 3.0]), 10.0, out=view)
    g.append(np.array([7.0]))
    assert g.array.tolist() == [1.0, 2.0, 10.0, 20.0, 30.0, 7.0]
    assert g.reserve(0).size == 0 and len(g.array) == 6


# ----------------------------------------------------------------------------- numbers parsed by Arrow
def _block_paths(path: Path, monkeypatch, block_bytes: int = 16 * 1024) -> list[str]:
    """How each block's numbers were read ("numbers": parsed by Arrow, "text": cell by cell), small blocks."""
    seen: list[str] = []
    add, add_values = streamcsv.Numbers.add, streamcsv.Numbers.add_values

    def text(self, *a, **k):
        seen.append("text")
        return add(self, *a, **k)

    def numbers(self, *a, **k):
        seen.append("numbers")
        return add_values(self, *a, **k)

    monkeypatch.setattr(streamcsv.Numbers, "add", text)
    monkeypatch.setattr(streamcsv.Numbers, "add_values", numbers)
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    streamflows.load_streamed(path, fallback=False)
    return seen[::2]  # two number columns a block: one entry per block


def test_plain_blocks_have_their_numbers_parsed_by_arrow(download: Path, monkeypatch):
    paths = _block_paths(download, monkeypatch)
    assert len(paths) > 5 and set(paths) == {"numbers"}


def test_a_block_with_a_blank_or_odd_amount_is_read_as_text_and_the_next_as_numbers(download: Path, tmp_path: Path,
                                                                                   monkeypatch):
    lines = download.read_text(encoding="cp949").splitlines(keepends=True)
    at = len(lines) // 2
    path = _edit(download, tmp_path, lambda L: L[:at] + [_cell(L[at], 5, '"1,234"')] + L[at + 1:])
    paths = _block_paths(path, monkeypatch)
    assert paths.count("text") == 1 and paths[0] == "numbers" and paths[-1] == "numbers"


def test_after_two_blocks_read_as_text_the_rest_is_read_as_text(download: Path, tmp_path: Path, monkeypatch):
    path = _edit(download, tmp_path, EDITS["a blank weight in every block"])
    parsed = []
    parse = streamcsv._parse_block
    monkeypatch.setattr(streamcsv, "_parse_block", lambda *a: parsed.append(a[4]) or parse(*a))
    paths = _block_paths(path, monkeypatch)
    assert set(paths) == {"text"}
    import pyarrow as pa

    tried = [types for types in parsed if pa.float64() in types.values()]
    assert len(tried) == 2  # two attempts as numbers, then text only


@pytest.mark.parametrize("block_bytes", [4 * 1024, 16 * 1024, 1 << 20])
def test_small_blocks_read_the_same_as_the_generic_reader(download: Path, tmp_path: Path, monkeypatch,
                                                          block_bytes: int):
    path = _edit(download, tmp_path, EDITS["amounts Arrow and the generic reader read alike (5., 5.e3, +7, 1E2, spaces)"])
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", block_bytes)
    generic = _read(path, False, monkeypatch)
    monkeypatch.setattr(streamcsv, "BLOCK_BYTES", block_bytes)
    streamed = _read(path, True, monkeypatch)
    assert generic[0] == streamed[0] == "ok"
    pd.testing.assert_frame_equal(generic[1], streamed[1], check_dtype=False)
    assert streamed[1]["value_usd"].sum() == pytest.approx(generic[2].value_kept)


def _cells(seed: int = 7) -> list[str]:
    """Short strings of digits, points, exponents, signs, spaces, commas and words: numbers and not."""
    import random

    rng = random.Random(seed)
    alphabet = list("0123456789") * 3 + list(".eE+- \t,") + ["inf", "nan", "\u3000", "△"]
    return sorted({"".join(rng.choice(alphabet) for _ in range(n)) for n in range(1, 7) for _ in range(1500)})


@pytest.mark.parametrize("quoted", [False, True], ids=["bare", "quoted"])
def test_a_cell_arrow_reads_as_a_finite_amount_is_read_alike_by_parse_numbers(quoted: bool):
    """What the Arrow path rests on: Arrow and the generic reader agree on every cell Arrow reads into a finite
    amount that is not negative (signs, exponents, points at either end, spaces around)."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pacsv

    from exposure.io.numbers import parse_numbers

    cells = [c for c in _cells() if quoted or "," not in c]
    data = "a,b\n" + "".join(f'"{c}",1\n' if quoted else f"{c},1\n" for c in cells)
    # one cell at a time: a block fails whole on the first cell Arrow cannot read
    read = 0
    for c, line in zip(cells, data.splitlines()[1:]):
        try:
            v = pacsv.read_csv(io.BytesIO(f"a,b\n{line}\n".encode()), convert_options=pacsv.ConvertOptions(
                column_types={"a": pa.float64(), "b": pa.float64()}, null_values=[], strings_can_be_null=False,
                quoted_strings_can_be_null=False))["a"][0].as_py()
        except pa.ArrowInvalid:
            continue
        if np.isfinite(v) and v >= 0:
            read += 1
            assert parse_numbers(pd.Series([c]), "f.csv", "v").iloc[0] == v, c
    assert read > 500  # the alphabet makes many numbers of every form


@pytest.mark.parametrize("lines, step, long", [
    ([b"a" * 10] * 50, 64, False),
    ([b"a" * 10, b"b" * 127, b"c"], 64, True),  # 128 bytes with its line end: a whole window of 64
    ([b"a" * 10, b"b" * 62, b"c"], 64, False),  # shorter than a window
])
def test_a_line_that_may_hold_a_cell_past_the_field_limit_is_found(lines, step, long):
    buf = b"\n".join(lines) + b"\n"
    assert streamcsv._long_line(buf, 0, len(buf), step) is long


def test_a_line_twice_the_window_is_always_found():
    for start in range(0, 70):
        buf = b"x\n" * start + b"y" * 128 + b"\n" + b"z\n" * 10
        assert streamcsv._long_line(buf, 0, len(buf), 64), start


def test_cells_decoded_together_read_as_each_alone():
    """One decode over the joined cells gives each cell as decoding it alone would, NFC included."""
    words = ["가나", "일본", "똠방각하 부품", "abc", " x ", "", "감광제"]
    cp949 = [w.encode("cp949") for w in words]
    assert streamcsv.decode_all(cp949, "cp949") == [streamcsv.decode(c, "cp949") for c in cp949] == words
    jamo = "\u1100\u1161"  # ᄀ + ᅡ, decomposed: NFC composes them into 가 (U+AC00)
    utf8 = [w.encode("utf-8") for w in [*words, jamo, jamo + "\u11a8"]]
    assert streamcsv.decode_all(utf8, "utf-8") == [*words, "\uac00", "\uac01"]
    for cells in ([b"ok", b"\xb0"], [b"\xb0", b"ok"]):  # a lead byte alone, at the end of a cell
        with pytest.raises(Decline):
            streamcsv.decode_all(cells, "cp949")
