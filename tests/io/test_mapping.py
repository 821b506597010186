"""Mapping files: format, errors, built-in mappings, and a new layout read with no code."""

from __future__ import annotations

import openpyxl
import pytest

from exposure.errors import DataError
from exposure.io import builtin_mappings, get_mapping, load, read_mapping
from exposure.io.mapping import parse_mapping
from tests.io.conftest import assert_reconciles


def test_builtin_mappings_parse_and_cover_the_demo_layouts():
    names = {m.name: m.kind for m in builtin_mappings()}
    assert names == {"kcs_trade_by_country": "trade_flows", "kcs_trade_by_partner_en": "trade_flows",
                     "kcs_side_by_side_en": "trade_flows",
                     "sme_profile": "sector_profile", "top100_exports": "export_items"}
    assert get_mapping("top100_exports").blocks[0].columns["item_code"].names == ("MTI코드",)


@pytest.mark.parametrize("data, message", [
    ({"kind": "nope"}, "'kind' must be one of"),
    ({"kind": "trade_flows", "colums": {}}, "unknown keys \\['colums'\\]"),
    ({"kind": "trade_flows", "columns": {"code": "A", "price": "B"}, "flows": [{"flow": "M", "value": "C"}]},
     "'price' is not a trade_flows column"),
    ({"kind": "trade_flows", "columns": {"code": "A"}, "flows": [{"flow": "Q", "value": "C"}]},
     "flow must be M or X"),
    ({"kind": "trade_flows", "columns": {"code": "A"}}, "needs \\[\\[flows\\]\\]"),
    ({"kind": "export_items", "read": {"sheets": 1}}, "\\[read\\]: unknown keys"),
    ({"kind": "export_items", "columns": {"rank": {"regex": "("}}}, "bad regex"),
])
def test_bad_mappings_say_what_is_wrong(data, message):
    with pytest.raises(DataError, match=message):
        parse_mapping(data, "my.toml")


def test_mapping_file_errors(tmp_path):
    with pytest.raises(DataError, match="mapping file not found"):
        read_mapping(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("kind = [", encoding="utf-8")
    with pytest.raises(DataError, match="bad.toml: not valid TOML"):
        read_mapping(bad)
    with pytest.raises(DataError, match="no mapping file or built-in mapping"):
        get_mapping("no_such_mapping")


def test_a_new_layout_needs_only_a_mapping(tmp_path):
    """Column letters, a code inside a label, a fixed partner and a year taken from the title row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["2019년 대일 수입 (단위: 천달러)"])
    ws.append(["품목", "금액", "비고"])
    ws.append(["(2811111000) 불화수소", "66,857", ""])
    ws.append(["(3707901010) 포토레지스트", "1,234", "잠정"])
    ws.append(["소계", "68,091", ""])
    f = tmp_path / "custom.xlsx"
    wb.save(f)
    m = tmp_path / "custom.toml"
    m.write_text("""
name = "custom"
kind = "trade_flows"
[read]
sheet = "data"
header_row = 2
code_system = "HSK10"
[columns]
code = { letter = "A" }
[constants]
reporter = "KOR"
partner = "일본"
year = "header"
[[flows]]
flow = "M"
value = { index = 1 }
""", encoding="utf-8")
    table, report = load(f, mapping=m)
    assert table[["year", "partner", "code", "name", "value_usd"]].values.tolist() == [
        [2019, "JPN", "2811111000", "불화수소", 66_857_000.0], [2019, "JPN", "3707901010", "포토레지스트", 1_234_000.0]]
    assert report.totals[["label", "difference_usd"]].values.tolist() == [["소계", 0.0]]
    assert report.column_mapping == {"code": "품목", "value_usd[M]": "금액"}
    assert_reconciles(report)


def test_mapping_of_the_wrong_kind(io_data):
    with pytest.raises(DataError, match="reads export_items, but trade_flows was asked for"):
        load(io_data / "kcs_by_country_utf8.csv", kind="imports", mapping="top100_exports")


@pytest.mark.shared_data
def test_ragged_sheet_with_two_code_levels_loads_through_a_mapping(shared_data, io_data):
    table, report = load(shared_data / "kcs" / "hf_2018_imports_by_country_hsk10_hs6.xlsx",
                         mapping=io_data / "hf_imports_hsk10_hs6.toml")
    hsk = table[table.code_system == "HSK10"]
    hs6 = table[table.code_system == "HS6-2017"]
    # the HSK10 block is finer: its 7 partners' HS6 rows are covered and dropped, the other 4 HS6 rows stay
    assert len(hsk) == 7 and len(hs6) == 4
    assert hsk.set_index("partner").loc["JPN", ["code", "value_usd"]].tolist() == ["2811111000", 66_856_769]
    assert hs6["partner"].tolist() == ["DEU", "ESP", "SGP", "GBR"]
    assert set(hsk["name"]) == {"반도체 제조용"} and set(hs6["name"]) == {"플루오르화수소(플루오르화수소산)"}
    assert (table["year"] == 2018).all() and (table["flow"] == "M").all()
    covered = report.dropped[report.dropped.reason.str.startswith("covered by finer rows")]
    assert covered["value_usd"].sum() == 9_062_300 + 604_035 + 19_909 + 162_293 + 73_141_118 + 144_574_821 + 13_287
    assert (report.dropped.reason == "blank row").sum() == 4  # the shorter left block's empty rows
    # each dropped HS6 row is checked against the HSK10 row of its partner: Japan's remainder is the
    # other HSK10 lines of 281111 (73,141,118 − 66,856,769)
    japan = report.totals[report.totals.label.str.contains("KOR←JPN")].iloc[0]
    assert (japan.total_usd, japan.sum_of_rows_usd, japan.difference_usd) == (73_141_118, 66_856_769, 6_284_349)
    assert report.rows_read == 22 and report.rows_kept == 11
    assert_reconciles(report)


def test_a_mapping_constant_code_gets_its_system_from_its_length(tmp_path):
    wb_path = tmp_path / "one.csv"
    wb_path.write_text("연도,월,수입금액(달러)\n2019,7,961061\n2019,8,0\n", encoding="utf-8")
    m = tmp_path / "one.toml"
    m.write_text('name = "one"\nkind = "trade_flows"\n[columns]\nyear = "연도"\nmonth = "월"\n[constants]\n'
                 'code = "3707901010"\npartner = "JPN"\n[[flows]]\nflow = "M"\nvalue = "수입금액(달러)"\n',
                 encoding="utf-8")
    table, report = load(wb_path, mapping=m)
    assert table[["month", "partner", "code", "code_system", "value_usd"]].values.tolist() == [
        [7, "JPN", "3707901010", "HSK10", 961_061.0]]
    assert "the file has no code column: every row is product 3707901010 (HSK10, from constants.code)" in report.warnings


def test_a_mapping_without_kind_says_so_not_none(tmp_path):
    from exposure.report.error_text import error_text

    f = tmp_path / "m.toml"
    f.write_text('name = "mine"\n[columns]\nvalue_usd = "수입 금액"\n', encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_mapping(f)
    assert str(err.value) == ("m.toml: the mapping file has no 'kind': expected kind = one of trade_flows, export_items, "
                              "sector_profile")
    assert "None" not in error_text(err.value, "ko")


_BASE = 'name = "m"\nkind = "trade_flows"\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n'


@pytest.mark.parametrize("body, message", [
    ('name = "m"\nkind = "trade_flows"\n[columns]\ncode = { index = -1 }\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n',
     "columns.code: index must be a column number counted from 0 (0 is column A), got -1; a column letter is "
     "written {letter = \"C\"}"),
    ('name = "m"\nkind = "trade_flows"\n[columns]\ncode = { index = "C" }\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n',
     "columns.code: index must be a column number counted from 0 (0 is column A), got 'C'"),
    ('name = "m"\nkind = "trade_flows"\nread = 5\n' + _BASE.split("\n", 2)[2],
     "'read' must be a table ([read] with its keys under it), got 5"),
    ('name = "m"\nkind = "trade_flows"\nblocks = [1]\n' + _BASE.split("\n", 2)[2],
     "'blocks' must be a list of tables ([[blocks]] entries), got [1]"),
    ('name = "m"\nkind = "trade_flows"\n[read]\nheader_row = -2\n' + _BASE.split("\n", 2)[2],
     "read.header_row: expected a row number from 1 (the sheet's first row) or \"auto\", got -2"),
    ('name = "m"\nkind = "trade_flows"\n[constants]\nmonth = 13\n' + _BASE.split("\n", 2)[2],
     "constants.month = 13: expected a month 1–12 (or 0 for a year's total)"),
    ('name = "m"\nkind = "trade_flows"\n[read]\nencoding = "latin-1"\n' + _BASE.split("\n", 2)[2],
     "read.encoding = 'latin-1': expected utf-8, utf-8-sig, cp949 (euc-kr) or \"auto\""),
    (_BASE + '[values]\npartner = "x"\n',
     "values.partner must be a table of cell = value (e.g. [values.partner] 일본 = \"JPN\"), got 'x'"),
])
def test_a_mapping_of_the_wrong_shape_is_named_not_a_library_error(tmp_path, body, message):
    from exposure.report.error_text import error_text
    from exposure.report.translate import english_words

    f = tmp_path / "m.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_mapping(f)
    assert str(err.value).startswith(f"m.toml: {message}")
    ko = error_text(err.value, "ko")
    assert english_words(ko, allowed={"m", "toml", "index", "letter", "read", "blocks", "values", "partner",
                                      "columns", "code", "JPN", "C", "x", "auto", "header_row", "constants", "month",
                                      "encoding", "latin", "utf", "sig", "cp", "euc-kr"}) == [], ko
