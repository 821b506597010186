"""Untrusted input within stated bounds: regular files only, zip sizes, sheet extents, spans, columns, nesting.

Every hostile file here is a few kilobytes; a reader that trusted it would block, expand it to
gigabytes or iterate over billions of empty cells. Each must fail at once with the limit named,
or (for a lying extent) load only the cells that hold values.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from exposure import tomlfile
from exposure.io.descriptions import load_descriptions
from exposure.errors import DataError
from exposure.io import inspect, load, read_mapping
from exposure.io import limits
from exposure.io.grid import read_grid
from exposure.io.limits import check_zip_member, display_name

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


@pytest.fixture(scope="module")
def hostile():
    spec = importlib.util.spec_from_file_location("make_hostile", BAD / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------- regular files only
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_pipes_devices_and_folders_are_refused_without_reading(tmp_path, hostile, kind):
    path = tmp_path / "imports.csv"
    if kind == "folder":
        path.mkdir()
    else:
        hostile.generate(kind, path)
    what = {"fifo": "a named pipe (FIFO)", "device": "a device", "folder": "a folder"}[kind]
    expected = f"imports.csv: this is {what}, not a regular file"
    with pytest.raises(DataError, match=re.escape(expected)):
        load(path)
    assert inspect(path).error.startswith(expected)
    with pytest.raises(DataError, match=re.escape(f"this is {what}, not a regular file")):
        read_mapping(tmp_path / "imports.csv" if kind != "folder" else path)
    names = tmp_path / "names.json"
    os.rename(path, names)
    with pytest.raises(DataError, match=re.escape(f"names.json: this is {what}, not a regular file")):
        load_descriptions(names)


def test_a_link_to_a_regular_file_is_read(tmp_path):
    link = tmp_path / "link.csv"
    os.symlink(BAD / "good_imports.csv", link)
    table, _report = load(link)
    assert table["value_usd"].sum() == (7_400 + 730 + 2_100 + 100) * 1_000


def test_table_file_size_limit(tmp_path, monkeypatch):
    f = tmp_path / "big.csv"
    f.write_bytes((BAD / "good_imports.csv").read_bytes())
    monkeypatch.setattr(limits, "MAX_TABLE_BYTES", 100)
    size = f.stat().st_size
    with pytest.raises(DataError, match=rf"big.csv: the file is {size} bytes, more than the 100 bytes a table file"):
        load(f)


# ------------------------------------------------------------------------------------- zips
def test_zip_bomb_is_refused_from_its_directory(tmp_path, hostile):
    f = tmp_path / "b.zip"
    hostile.zip_bomb(f, 64 << 20)  # 64 MiB of zeros in ~65 KB
    assert f.stat().st_size < 100_000
    with pytest.raises(DataError, match=r"b.zip: BACI_HS17_Y2019_V202301.csv in the zip expands 1,0\d\d:1 "
                                        r"\(\d+,\d+ bytes to 64 MiB\), more than the 200:1"):
        load(f)


def test_declared_size_beyond_the_limit(tmp_path, hostile):
    f = tmp_path / "forged.zip"
    hostile.zip_forged_size(f)
    with pytest.raises(DataError, match="declares 3,072 MiB uncompressed, more than the limit of 2,048 MiB"):
        load(f)


def test_small_members_may_compress_well():
    info = zipfile.ZipInfo("codes.csv")
    info.file_size, info.compress_size = 4 << 20, 1_000  # 4,194:1, but only 4 MiB
    check_zip_member(info, "x.zip", limits.MAX_ZIP_MEMBER_BYTES)
    info.file_size = 9 << 20
    with pytest.raises(DataError, match="expands 9,437:1"):
        check_zip_member(info, "x.zip", limits.MAX_ZIP_MEMBER_BYTES)


def test_encrypted_member_and_resource_forks(tmp_path, hostile):
    locked = tmp_path / "locked.zip"
    hostile.zip_encrypted(locked)
    with pytest.raises(DataError, match="BACI_HS17_Y2019_V202301.csv in the zip is password-protected"):
        load(locked)
    mac = tmp_path / "mac.zip"
    hostile.zip_macosx(mac)
    table, report = load(mac)
    assert len(table) == 2 and table["value_usd"].sum() == (10.5 + 3.2) * 1000
    assert "skipped 1 macOS resource-fork member of the zip (__MACOSX/._BACI_HS17_Y2019_V202301.csv): not data" \
        in report.warnings


def test_xlsx_bomb_is_refused_before_openpyxl_sees_it(tmp_path, hostile):
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(hostile._workbook(lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + b" " * (64 << 20))))
    with pytest.raises(DataError, match=r"xl/worksheets/sheet1.xml inside the workbook expands 1,0\d\d:1"):
        load(f)


# ------------------------------------------------------------------------------------- sheet extent
def test_bogus_dimension_tag_reads_the_real_extent(tmp_path, hostile):
    f = tmp_path / "dim.xlsx"
    hostile.generate("xlsx_dimension", f)
    with zipfile.ZipFile(f) as zf:
        assert b'<dimension ref="A1:XFD1048576"/>' in zf.read("xl/worksheets/sheet1.xml")
    grid = read_grid(f)
    assert grid.cells.shape == (3, 6) and grid.rows.tolist() == [1, 2, 3]
    table, _ = load(f)
    assert table["value_usd"].tolist() == [7_400_000.0, 730_000.0]


def test_styled_cell_far_away_does_not_count(tmp_path, hostile):
    f = tmp_path / "styled.xlsx"
    hostile.generate("xlsx_stray_cell", f, {"cell": "XFD1048576"})
    assert read_grid(f).cells.shape == (3, 6)


def test_value_beyond_the_column_limit_is_named(tmp_path, hostile):
    f = tmp_path / "stray.xlsx"
    hostile.generate("xlsx_stray_cell", f, {"cell": "XFD1048576", "value": "메모"})
    with pytest.raises(DataError, match=r"stray.xlsx: row 1048576: sheet 'Sheet': cell XFD1048576 holds '메모', "
                                        r"beyond the 4,096 columns a table may have"):
        load(f)


def test_long_run_of_empty_rows_is_skipped_and_reported(tmp_path, hostile):
    f = tmp_path / "far.xlsx"
    hostile.generate("xlsx_stray_cell", f, {"cell": "A1048576", "value": "주: 잠정치"})
    grid = read_grid(f)
    assert grid.rows.tolist() == [1, 2, 3, 1048576]
    table, report = load(f)
    assert len(table) == 2
    assert "rows 4–1,048,575 are empty: skipped" in report.warnings
    note = report.dropped[report.dropped["row"] == 1048576]
    assert note["reason"].tolist() == ["no value"] and note["detail"].tolist() == ["주: 잠정치"]


def test_short_runs_of_empty_rows_stay_as_blank_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["기간", "국가", "HS코드", "수입 금액(천달러)"])
    ws.append([2019, "일본", "2811111000", 7400])
    ws["A6"], ws["B6"], ws["C6"], ws["D6"] = 2019, "중국", "2811111000", 730
    f = tmp_path / "gap.xlsx"
    wb.save(f)
    table, report = load(f)
    assert report.dropped["row"].tolist() == [3, 4, 5] and set(report.dropped["reason"]) == {"blank row"}
    assert table["value_usd"].tolist() == [7_400_000.0, 730_000.0]


def test_cell_limit(tmp_path, monkeypatch):
    from exposure.io import grid, workbook

    monkeypatch.setattr(grid, "MAX_CELLS", 20)
    monkeypatch.setattr(workbook, "MAX_CELLS", 20)
    with pytest.raises(DataError, match=r"good_imports.csv: row 4: more than 20 cells \(at line 4\)"):
        read_grid(BAD / "good_imports.csv")
    wb = openpyxl.Workbook()
    for i in range(10):
        wb.active.append([1, 2, 3])
    f = tmp_path / "many.xlsx"
    wb.save(f)
    with pytest.raises(DataError, match=r"sheet 'Sheet': more than 20 cells \(at row 7\)"):
        read_grid(f)


def test_csv_line_wider_than_the_column_limit(tmp_path, hostile):
    f = tmp_path / "wide.csv"
    hostile.generate("wide_csv", f, {"fields": 5000})
    with pytest.raises(DataError, match=r"wide.csv: row 3: this line has 5,001 fields, more than the 4,096 columns"):
        load(f)


# ------------------------------------------------------------------------------------- HTML spans
def _html(tmp_path: Path, rows: str) -> Path:
    f = tmp_path / "t.xls"
    f.write_text(f'<html><head><meta charset="utf-8"></head><body><table>{rows}</table></body></html>',
                 encoding="utf-8")
    return f


def test_rowspan_and_colspan_keep_the_top_left_slot(tmp_path):
    f = _html(tmp_path, '<tr><td rowspan="2">a</td><td colspan="2">b</td><td>c</td></tr>'
                        '<tr><td>d</td><td>e</td><td>f</td></tr>'
                        '<tr><td colspan="x">g</td><td rowspan="0">h</td></tr>')
    cells = read_grid(f).cells.where(read_grid(f).cells.notna(), "").values.tolist()
    assert cells == [["a", "b", "", "c"], ["", "d", "e", "f"], ["g", "h", "", ""]]


@pytest.mark.parametrize("attr, value, limit", [("colspan", "100000000", "1,000"), ("rowspan", "65534", "10,000")])
def test_huge_spans_are_refused(tmp_path, attr, value, limit):
    f = _html(tmp_path, f'<tr><th>기간</th><th>국가</th></tr><tr><td>2019</td><td {attr}="{value}">일본</td></tr>')
    with pytest.raises(DataError, match=rf't.xls: row 2: a cell spans {attr}="{value}", more than the {limit}'):
        load(f)


# ------------------------------------------------------------------------------------- JSON and TOML
def test_deep_json_is_refused_before_parsing(tmp_path, hostile):
    f = tmp_path / "names.json"
    hostile.generate("deep_json", f, {"depth": 50_000})
    with pytest.raises(DataError, match="names.json: the JSON nests 50,001 levels deep, more than the 32"):
        load_descriptions(f)


def test_json_size_limit(tmp_path, monkeypatch):
    f = tmp_path / "names.json"
    f.write_text('{"results": [{"id": "01", "text": "Animals"}]}', encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_JSON_BYTES", 10)
    with pytest.raises(DataError, match="the file is 4\\d bytes, more than the 10 bytes"):
        load_descriptions(f)


def test_toml_size_limit(tmp_path, monkeypatch):
    f = tmp_path / "m.toml"
    f.write_text('name = "x"\nkind = "trade_flows"\n', encoding="utf-8")
    monkeypatch.setattr(tomlfile, "MAX_BYTES", 10)  # the one TOML reader's limit, for mappings too
    with pytest.raises(DataError, match="m.toml: the mapping file is 3\\d bytes; at most 10 are accepted"):
        read_mapping(f)


# ------------------------------------------------------------------------------------- file names
def test_undecodable_file_name_is_printable_in_messages_and_reports(tmp_path, hostile):
    bad = hostile.generate("undecodable_name", tmp_path / "x", {"name_hex": "b1e2c6d0",
                                                               "copy": "text_in_amount.csv"})
    with pytest.raises(DataError) as err:
        load(bad)
    text = str(err.value)
    assert text.startswith("\\xb1\\xe2\\xc6\\xd0.csv: row 4, column '수입 금액'")
    text.encode("utf-8")  # no lone surrogates left
    good = hostile.generate("undecodable_name", tmp_path / "x", {"name_hex": "b1e2", "copy": "good_imports.csv"})
    table, report = load(good)
    assert report.source == "\\xb1\\xe2.csv" and set(table["source"]) == {"\\xb1\\xe2.csv"}
    assert display_name(good) == "\\xb1\\xe2.csv"
    info = inspect(good)
    assert info.ok and info.report.source == "\\xb1\\xe2.csv"


def test_limits_table_in_the_module_docstring_names_every_limit():
    doc = limits.__doc__
    for figure in ("256 MiB", "64 MiB  ", "2 GiB", "512 MiB", "200 : 1", "1 GiB", "4,096", "5,000,000", "1,000 kept",
                   "1,000 / 10,000", "64 MiB, nesting 32", "1,000,000 bytes"):
        assert figure in doc, figure
    assert limits.MAX_COLUMNS == 4096 and limits.MAX_CELLS == 5_000_000 and limits.MAX_COMPRESSION_RATIO == 200
    assert limits.MAX_ZIP_MEMBER_BYTES == 2 << 30 and limits.MAX_WORKBOOK_PART_BYTES == 512 << 20
    assert limits.MAX_HTML_BYTES == 64 << 20 and limits.MAX_TABLE_BYTES == 256 << 20


def test_zip_helpers_in_memory():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__MACOSX/._a.csv", b"x")
        zf.writestr("data/._b.csv", b"x")
        zf.writestr("data/b.csv", b"x")
    with zipfile.ZipFile(buf) as zf:
        assert [limits.is_resource_fork(n) for n in zf.namelist()] == [True, True, False]


def test_html_size_limit(tmp_path, monkeypatch):
    f = _html(tmp_path, "<tr><th>기간</th><th>금액</th></tr>")
    monkeypatch.setattr(limits, "MAX_HTML_BYTES", 50)
    from exposure.io import grid

    monkeypatch.setattr(grid, "MAX_HTML_BYTES", 50)
    with pytest.raises(DataError, match=r"t.xls: the file is \d+ bytes, more than the 50 bytes a table file may have"):
        load(f)
