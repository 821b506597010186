"""Layouts that come as they are: one product without a code column, tables side by side, codes as floats."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from exposure.errors import DataError
from exposure.io import format_inspection, inspect, load
from exposure.io.blocks import find_blocks
from tests.io.conftest import assert_reconciles

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


# ------------------------------------------------------------------------------------- one product
def test_a_file_about_one_product_loads_with_its_code():
    with pytest.raises(DataError, match="give a mapping file, or the product's code with --code for a file about "
                                        "one product"):
        load(BAD / "one_item_monthly.xlsx")
    table, report = load(BAD / "one_item_monthly.xlsx", code="2811111000")
    assert set(table["code"]) == {"2811111000"} and set(table["code_system"]) == {"HSK10"}
    assert table[["month", "value_usd", "qty"]].values.tolist() == [
        [1, 4_805_288, 3_142_150], [2, 4_778_558, 3_055_050], [3, 5_890_361, 3_350_580]]
    assert "the file has no code column: every row is product 2811111000 (HSK10, from --code)" in report.warnings
    assert_reconciles(report)


@pytest.mark.parametrize("code, system", [("281111", "HS6"), ("2811", "HS4"), ("28", "HS2"), ("2811.11", "HS6")])
def test_the_code_system_follows_from_the_code_length(code, system):
    table, _ = load(BAD / "one_item_monthly.xlsx", code=code)
    assert set(table["code_system"]) == {system} and set(table["code"]) == {code.replace(".", "")}


def test_bad_codes_for_a_one_product_file():
    with pytest.raises(DataError, match=r"--code '28111': expected a 2-, 4-, 6- or 10-digit HS/HSK code"):
        load(BAD / "one_item_monthly.xlsx", code="28111")
    with pytest.raises(DataError, match=r"the file has a code column \('HS코드'\): --code is for files about one "
                                        r"product without one"):
        load(BAD / "good_imports.csv", code="2811111000")
    with pytest.raises(DataError, match="--code is for a table about one product without a code column; this is a "
                                        "baci file"):
        load(BAD / "baci_duplicate_key.csv", code="281111")


def test_item_names_without_codes_are_names_when_the_code_is_given(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["연도", "월", "품목", "수입금액(달러)"])
    for m in (1, 2):
        wb.active.append([2019, m, "반도체 제조용 불화수소", 1_000 * m])
    f = tmp_path / "item.xlsx"
    wb.save(f)
    table, _ = load(f, code="2811111000")
    assert table[["month", "code", "name", "value_usd"]].values.tolist() == [
        [1, "2811111000", "반도체 제조용 불화수소", 1000.0], [2, "2811111000", "반도체 제조용 불화수소", 2000.0]]


@pytest.mark.shared_data
def test_the_real_single_item_monthly_download(shared_data):
    # Korea–Japan HF imports month by month (the sheet's name says NorthAmerica; the content is Japan)
    table, report = load(shared_data / "kcs" / "korea_japan_hf_monthly.xlsx", code="2811111000", partner="JPN")
    y2018 = table[table["year"] == 2018]
    assert len(y2018) == 12 and y2018["value_usd"].sum() == 66_856_769  # the Customs 2018 figure for Japan
    assert_reconciles(report)


# ------------------------------------------------------------------------------------- side by side
@pytest.mark.shared_data
def test_hsk10_and_hs6_side_by_side_load_with_no_mapping(shared_data):
    f = shared_data / "kcs" / "hf_2018_imports_by_country_hsk10_hs6.xlsx"
    table, report = load(f)
    hsk = table[table["code_system"] == "HSK10"]
    assert hsk.set_index("partner").loc["JPN", "value_usd"] == 66_856_769
    assert table[table["code_system"] == "HS6"]["partner"].tolist() == ["DEU", "ESP", "SGP", "GBR"]
    assert (table["year"] == 2018).all()
    jp = report.totals[report.totals["label"] == "HS6 281111 KOR←JPN M 2018 vs its HSK10 rows"].iloc[0]
    assert (jp.total_usd, jp.sum_of_rows_usd, jp.difference_usd) == (73_141_118, 66_856_769, 6_284_349)
    whole = report.totals[report.totals["label"].str.startswith("HS6 table")].iloc[0]
    assert whole.label == "HS6 table: its 7 rows covered by the HSK10 table, together"
    assert whole.total_usd == 9_062_300 + 604_035 + 19_909 + 162_293 + 73_141_118 + 144_574_821 + 13_287
    assert whole.sum_of_rows_usd == hsk["value_usd"].sum()
    assert any("probably filled down by dragging in Excel" in w for w in report.warnings)
    assert any("every row is taken as 2018, the year in the file name" in w for w in report.warnings)
    assert_reconciles(report)
    text = format_inspection(inspect(f))
    assert "ERROR" not in text and "HS6 281111 KOR←JPN M 2018 vs its HSK10 rows: 73,141,118 vs 66,856,769" in text


def test_korean_blocks_side_by_side_with_the_unit_in_the_title():
    table, report = load(BAD / "side_by_side_hsk10_hs6.xlsx")
    assert table[["partner", "code", "code_system", "value_usd"]].values.tolist() == [
        ["JPN", "2811111000", "HSK10", 66_856_769], ["CHN", "2811111000", "HSK10", 82_974_262],
        ["DEU", "281111", "HS6", 14_275]]
    assert report.column_mapping["HSK10: code"] == "HSK10 품목" and report.column_mapping["HS6: partner"] == "HS6 국가"
    assert report.totals["difference_usd"].tolist() == [73_141_118 - 66_856_769, 144_574_821 - 82_974_262,
                                                        (73_141_118 + 144_574_821) - (66_856_769 + 82_974_262)]
    assert_reconciles(report)


def test_a_repeated_group_of_columns_is_a_second_table(tmp_path):
    f = tmp_path / "repeat.csv"
    f.write_text("단위: 천달러\n기간,국가,HS코드,수입금액,국가,HS코드,수입금액\n"
                 "2019,일본,2811111000,7400,일본,281111,8000\n2019,중국,2811111000,730,미국,281111,150\n",
                 encoding="utf-8")
    table, report = load(f)
    assert table[["partner", "code", "value_usd"]].values.tolist() == [
        ["JPN", "2811111000", 7_400_000], ["CHN", "2811111000", 730_000], ["USA", "281111", 150_000]]
    assert report.dropped[report.dropped["reason"].str.startswith("covered")]["value_usd"].tolist() == [8_000_000]


def test_one_repeated_column_is_still_a_header_error():
    with pytest.raises(DataError, match=r"2 columns are named '수입 금액' \(F, G\)"):
        load(BAD / "duplicate_header.csv")


def test_block_finder():
    is_code = lambda _i, n: n.lower() in ("item", "품목")  # noqa: E731
    is_value = lambda _i, n: n.lower() in ("import", "수입금액")  # noqa: E731
    blocks = find_blocks(["No.", "Item_10digit", "Country_10digit", "Import_10digit", "Item_6digit", "Import_6digit"],
                         is_code, is_value)
    assert [(b.name, b.code_system, b.columns) for b in blocks] == [
        ("HSK10", "HSK10", {0: "No.", 1: "Item", 2: "Country", 3: "Import"}),
        ("HS6", "HS6", {0: "No.", 4: "Item", 5: "Import"})]
    assert find_blocks(["HS코드", "품목", "수입금액"], is_code, is_value) is None  # HS코드 carries no level
    assert find_blocks(["Item_10digit", "Import_10digit", "Country_6digit"], is_code, is_value) is None


# ------------------------------------------------------------------------------------- codes and years
def test_codes_saved_as_floats():
    table, _ = load(BAD / "float_codes.csv")
    assert table["code"].tolist() == ["2811111000", "2811111000", "3707901010", "8542311000"]
    assert set(table["code_system"]) == {"HSK10"}


def test_codes_in_scientific_notation_are_refused(tmp_path):
    f = tmp_path / "sci.csv"
    f.write_text("기간,국가,HS코드,수입 금액(천달러)\n2019,일본,2.811111E+09,7400\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"sci.csv: row 2, column 'HS코드': expected a product code, got "
                                        r"'2.811111E\+09' \(scientific notation has lost digits\)"):
        load(f)


def test_year_from_the_title_then_the_file_name(tmp_path):
    body = "국가,HS코드,수입 금액(천달러)\n일본,2811111000,7400\n"
    titled = tmp_path / "imports_2017.csv"
    titled.write_text("2019년 수입 실적\n" + body, encoding="utf-8")
    table, report = load(titled)
    assert set(table["year"]) == {2019}  # the title wins over the name
    assert "the file has no year column: every row is taken as 2019, the year its title rows state" in report.warnings
    named = tmp_path / "imports_2017.csv"
    named.write_text(body, encoding="utf-8")
    assert set(load(named)[0]["year"]) == {2017}
    ambiguous = tmp_path / "imports_2017_2018.csv"
    ambiguous.write_text(body, encoding="utf-8")
    with pytest.raises(DataError, match="no year: the file has no year column, and neither its title rows nor its "
                                        "name state one year"):
        load(ambiguous)


@pytest.mark.parametrize("names, picked", [
    (["순위", "2018년 금액", "2019년 금액", "대일본 금액"], 2),  # a block per year: the latest year's
    (["순위", "2019년 금액", "2018년 금액"], 1),
    (["순위", "2019년 금액"], 1),
    (["순위", "2019년 금액", "2019년 금액"], 1),  # the same year twice: the first (the repeated name is refused later)
    (["순위", "품목명"], None),
])
def test_a_regex_column_with_a_block_per_year_takes_the_latest_year(names, picked):
    from exposure.io.layout import resolve_ref
    from exposure.io.mapping import ColumnRef

    assert resolve_ref(ColumnRef(regex=r"^(19|20)\d{2}\s*년?\s*금액$"), names) == picked


def test_of_columns_to_several_partners_the_target_s_is_read():
    from exposure.io.layout import TARGET_PARTNER, resolve_ref
    from exposure.io.mapping import ColumnRef

    names = ["순위", "2019년 금액", "대중국 금액", "대일본 금액"]
    ref = ColumnRef(regex=r"^대\S+\s*금액$")
    assert resolve_ref(ref, names) == 2  # no run: the first, as before (inspect)
    for target, picked in (("JPN", 3), ("CHN", 2), ("USA", 2)):  # a partner no column names: the first
        token = TARGET_PARTNER.set(target)
        try:
            assert resolve_ref(ref, names) == picked
        finally:
            TARGET_PARTNER.reset(token)
