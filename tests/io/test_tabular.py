"""Korea Customs / K-stat style tables: every container and encoding, headers, totals, units, codes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from exposure.errors import DataError, ValidationFailures
from exposure.io import load, load_table
from tests.io.conftest import assert_reconciles

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo"

KEY = ["flow", "partner", "code"]


def _by_key(table: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    return {tuple(k): v for k, v in zip(table[KEY].itertuples(index=False), table["value_usd"])}


# Worked out by hand from tests/data/io/make_fixtures.py (thousand USD × 1000).
KCS_EXPECTED = {
    ("X", "JPN", "2811"): 1_200_000.0, ("M", "JPN", "2811"): 7_400_000.0, ("M", "JPN", "3707"): 2_100_000.0,
    ("X", "CHN", "2811"): 3_050_000.0, ("M", "CHN", "2811"): 730_000.0, ("X", "CHN", "8542"): 9_200_000.0,
    ("M", "CHN", "8542"): 100_000.0, ("X", "UNK", "9999"): 20_000.0, ("M", "UNK", "9999"): 1_000.0,
}


@pytest.mark.parametrize("name, encoding", [("kcs_by_country_utf8.csv", "utf-8"),
                                            ("kcs_by_country_bom.csv", "utf-8-sig"),
                                            ("kcs_by_country_cp949.csv", "cp949")])
def test_kcs_csv_in_every_encoding(io_data, name, encoding):
    table, report = load(io_data / name)
    assert report.encoding == encoding
    assert report.header_row == 4  # under the title, unit and blank rows
    assert _by_key(table) == KCS_EXPECTED
    assert set(table["name"]) >= {"감광제 (똠)", "집적회로 (햏)"}  # CP949-only syllables survive
    assert (table["code_system"] == "HS4").all() and (table["year"] == 2019).all() and (table["month"] == 0).all()
    assert (table["reporter"] == "KOR").all() and (table["qty_unit"] == "t").all()
    assert table.loc[(table.partner == "CHN") & (table.code == "8542") & (table.flow == "X"), "qty"].item() == 1000.5
    # 2 total records, 2 zero exports, the EU row (a group, not a partner) — with its 50 thousand USD
    reasons = report.dropped.groupby("reason")["value_usd"].agg(["count", "sum"])
    assert reasons.loc["total row"].tolist() == [2, 13_470_000 + 10_400_000]
    assert reasons.loc["zero value"].tolist() == [2, 0]
    assert reasons.loc["partner not a country"].tolist() == [1, 50_000]
    totals = report.totals.set_index("label")
    assert totals.loc["총계 (X)", "difference_usd"] == 0
    assert totals.loc["총계 (M)", ["total_usd", "sum_of_rows_usd", "difference_usd"]].tolist() == \
        [10_400_000, 10_381_000, 19_000]
    assert report.rows_read == 14 and report.rows_kept == 9
    assert_reconciles(report)


def test_all_three_encodings_give_the_same_table(io_data):
    tables = [load(io_data / f"kcs_by_country_{e}.csv")[0] for e in ("utf8", "bom", "cp949")]
    pd.testing.assert_frame_equal(tables[0].drop(columns="source"), tables[1].drop(columns="source"))
    pd.testing.assert_frame_equal(tables[0].drop(columns="source"), tables[2].drop(columns="source"))


def test_subtotals_in_the_middle_are_compared_with_their_group(io_data):
    table, report = load(io_data / "kstat_subtotals.csv", year=2018)
    assert _by_key(table) == {("M", "JPN", "281111"): 73_141_000.0, ("M", "JPN", "370790"): 398_192_000.0,
                              ("M", "CHN", "281111"): 144_575_000.0}
    assert report.unit == "천달러"  # from the header "수입금액(천불)"
    totals = report.totals[["row", "label", "total_usd", "sum_of_rows_usd", "difference_usd"]]
    assert totals.values.tolist() == [
        [4, "계 [국가=일본]", 471_333_000, 471_333_000, 0],
        [6, "계 [국가=중국]", 144_600_000, 144_575_000, 25_000],
        [7, "총계", 615_933_000, 615_908_000, 25_000],
    ]
    assert report.dropped["row"].tolist() == [4, 6, 7]
    assert_reconciles(report)


def test_two_row_header_xlsx_with_numbers_for_codes_and_a_note(io_data):
    table, report = load(io_data / "kstat_two_row.xlsx")
    assert report.header_row == 3 and report.unit == "백만달러"
    assert report.column_mapping["value_usd[X]"] == "수출 금액" and report.column_mapping["qty[M]"] == "수입 중량"
    assert _by_key(table) == {("X", "JPN", "281111"): 250_000.0, ("M", "JPN", "281111"): 73_141_118.0,
                              ("M", "JPN", "010619"): 3_676_851.0, ("X", "TWN", "090111"): 1_500_000.0,
                              ("M", "TWN", "090111"): 500_000.0}
    assert (table["qty_unit"] == "t").all()  # from the unit row "(단위: 백만달러, 톤)"
    note = report.dropped[report.dropped.reason == "no value"]
    assert note["detail"].str.contains("자료: 한국무역협회").all() and len(note) == 2
    assert report.totals["difference_usd"].abs().max() < 1e-6
    assert_reconciles(report)


def test_real_xls(io_data):
    table, report = load(io_data / "kstat_real.xls")
    assert report.format == "xls" and report.header_row == 3 and report.unit == "USD"
    assert table[["year", "month", "partner", "code", "value_usd", "qty"]].values.tolist() == [
        [2019, 7, "JPN", "2811111000", 1_234_567.0, 1000.5],
        [2019, 7, "CHN", "2811111000", 2_345_678.0, 2000.0],
        [2019, 8, "JPN", "0101210000", 55_000.0, 450.0],  # the lost leading zero is back
    ]
    assert (table["code_system"] == "HSK10").all() and (table["qty_unit"] == "kg").all()
    assert_reconciles(report)


def test_html_saved_as_xls_in_cp949_with_rowspan_colspan_header(io_data):
    table, report = load(io_data / "kstat_html.xls")
    assert report.format == "html-xls" and report.encoding == "cp949"
    assert _by_key(table) == {("M", "JPN", "3707"): 2_100_000.0, ("M", "TWN", "2811"): 9_062_000.0}
    assert "감광제 (햏)" in set(table["name"])
    assert report.dropped.set_index("row")["reason"].to_dict() == {7: "zero value", 8: "total row"}  # '-' is 0
    assert_reconciles(report)


def test_unit_option_overrides_and_code_system_option(io_data):
    table, _ = load(io_data / "kcs_by_country_utf8.csv", unit="USD", code_system="HS4")
    assert _by_key(table)[("M", "JPN", "2811")] == 7_400.0


def test_keep_zero_keeps_zero_flows(io_data):
    table, report = load(io_data / "kcs_by_country_utf8.csv", keep_zero=True)
    assert len(table) == 10 and "zero value" not in set(report.dropped["reason"])  # + the zero JPN 3707 export
    assert report.dropped["reason"].value_counts()["partner not a country"] == 2  # EU, both flows
    assert_reconciles(report)


def _csv(tmp_path, text: str, name: str = "imports.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def test_bad_amount_names_file_row_and_column(tmp_path):
    f = _csv(tmp_path, "기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811,a,1,10\n2019,중국,2811,b,1,abc\n")
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == "imports.csv: row 3, column '수입 금액': expected a number, got 'abc'"


def test_negative_amount_is_rejected_with_its_cell(tmp_path):
    f = _csv(tmp_path, "기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811,a,1,△1\n")
    with pytest.raises(DataError, match=r"row 2, column '수입 금액': expected an amount ≥ 0, got '△1'"):
        load(f)


def test_impossible_code_names_its_row(tmp_path):
    f = _csv(tmp_path, "기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,28111,a,1,5\n2019,일본,28AB,b,1,5\n",
             "codes.csv")
    with pytest.raises(DataError, match=r"codes.csv: row 3, column 'HS코드': expected a 6-digit HS code"):
        load(f)


def test_bad_year_and_missing_unit(tmp_path):
    f = _csv(tmp_path, "기간,국가,HS코드,품목명,수입 중량,수입 금액\n작년,일본,2811,a,1,5\n")
    with pytest.raises(DataError, match=r"row 2, column '기간': expected a year"):
        load(f)
    g = _csv(tmp_path, "국가,HS코드,금액\n일본,2811,5\n", "nounit.csv")
    with pytest.raises(DataError, match="no money unit"):
        load(g, year=2019, partner=None)


def test_unknown_layout_asks_for_a_mapping(tmp_path):
    f = _csv(tmp_path, "a,b,c\n1,2,3\n", "mystery.csv")
    with pytest.raises(DataError, match="give a mapping file"):
        load(f)
    with pytest.raises(DataError, match="matches no built-in export_items mapping"):
        load(f, kind="exports")


def test_long_layout_with_flow_column_and_duplicates_summed(tmp_path):
    text = ("연도,월,국가,HS코드,수출입구분,금액(달러)\n"
            "2019,7,일본,281111,수입,100\n2019,7,,281111,수입,5\n2019,7,,281111,수입,7\n2019,7,일본,281111,수출,3\n")
    table, report = load(_csv(tmp_path, text, "long.csv"))
    assert _by_key(table) == {("M", "JPN", "281111"): 100.0, ("M", "UNK", "281111"): 12.0,
                              ("X", "JPN", "281111"): 3.0}
    merged = report.dropped[report.dropped.reason.str.startswith("duplicate key")]
    assert merged["row"].tolist() == [4] and merged["detail"].tolist() == ["summed into row 3"]
    assert (table["month"] == 7).all()
    assert_reconciles(report)


def test_period_column_with_months(tmp_path):
    text = "기간,국가,HS코드,수입 금액\n2019.07,일본,281111,\"1,000\"\n2019.08,일본,281111,\"2,000\"\n"
    table, _ = load(_csv(tmp_path, text, "monthly.csv"))
    assert table[["year", "month", "value_usd"]].values.tolist() == [[2019, 7, 1e6], [2019, 8, 2e6]]


def test_result_passes_schema_validation_with_load_table(io_data):
    table, report = load_table(io_data / "kcs_by_country_cp949.csv", kind="imports")
    assert list(table.columns) == ["year", "month", "reporter", "partner", "flow", "code", "code_system", "name",
                                   "value_usd", "qty", "qty_unit", "source"]
    assert table["value_usd"].dtype == "float64" and table["year"].dtype == "int64"


def test_duplicate_items_are_a_validation_failure(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["단위: 천불"])
    ws.append(["순위", "MTI코드", "품목명", "2019년 금액"])
    ws.append([1, "831", "반도체", 10])
    ws.append([2, "831", "반도체", 5])
    f = tmp_path / "dup.xlsx"
    wb.save(f)
    with pytest.raises(ValidationFailures, match="duplicated key"):
        load(f, kind="exports")


def test_missing_sheet_is_named(io_data):
    with pytest.raises(DataError, match="sheet 'nope' not found; the file has sheets \\['국가별 수출입'\\]"):
        load(io_data / "kstat_two_row.xlsx", sheet="nope")


def test_an_amount_larger_than_any_countrys_trade_is_refused(tmp_path):
    # a code pasted into the exports column of a sector profile in million USD: 2,811,111,000 × 10⁶ = 2.8 × 10¹⁵ USD
    f = tmp_path / "profile.csv"
    f.write_text("업종코드,업종명,수출액(백만달러),산출액(백만달러),중소기업 비중(%)\n"
                 "D26,전자,2811111000,300000,20\nD28,기계,50000,120000,40\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == ("profile.csv: row 2, column '수출액(백만달러)': expected an amount of at most USD 10 "
                              "trillion (more than any country's trade in a year), got '2811111000' = "
                              "2,811,111,000,000,000 USD: check the unit and that no code was pasted into the amounts")
    f.write_text("업종코드,업종명,수출액(백만달러),산출액(백만달러),중소기업 비중(%)\n"
                 "D26,전자,9000000,300000,20\nD28,기계,50000,120000,40\n", encoding="utf-8")
    table, _ = load(f)  # USD 9 trillion: implausible for one sector, but not beyond the bound
    assert table["export_usd"].iloc[0] == 9e12


def test_a_month_stored_as_a_number_with_its_zero_dropped(tmp_path):
    # Excel keeps "2019.10" typed into a number cell as 2019.1: October where the other months have two digits,
    # and no way to tell it from January where months have one digit
    import openpyxl

    def workbook(periods):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["기간", "국가", "HS코드", "품목명", "수입 중량", "수입 금액"])
        for i, p in enumerate(periods):
            ws.append([p, "일본", "2811111000", "플루오르화수소", 850.0, 7400 + i])
        wb.save(tmp_path / "m.xlsx")
        return tmp_path / "m.xlsx"

    table, _ = load(workbook([2019.09, 2019.1, 2019.11, 2019.12]))
    assert sorted(zip(table["month"], table["value_usd"])) == [(9, 7_400_000.0), (10, 7_401_000.0),
                                                               (11, 7_402_000.0), (12, 7_403_000.0)]
    with pytest.raises(DataError) as err:
        load(workbook([2019.9, 2019.1, 2019.2]))
    assert str(err.value) == ("m.xlsx: row 3, column '기간': expected a period written as text or a date, got the "
                              "number 2019.1: a spreadsheet stores 2019.10 (October) and 2019.1 (January) as the same "
                              "number; format the column as text (2019.01, 2019.10) or as dates")


def test_a_month_written_out_from_a_number_cell_keeps_its_meaning(tmp_path):
    # a CSV saved from a sheet whose periods were numbers: 2019.01 … 2019.09, 2019.1 (= 2019.10), 2019.11, 2019.12
    head = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
    body = "".join(f"{p},일본,2811111000,플루오르화수소,1.0,{100 + i}\n"
                   for i, p in enumerate(["2019.09", "2019.1", "2019.11"]))
    f = tmp_path / "m.csv"
    f.write_text(head + body, encoding="utf-8")
    table, _ = load(f)
    assert sorted(zip(table["month"], table["value_usd"])) == [(9, 100_000.0), (10, 101_000.0), (11, 102_000.0)]
    f.write_text(head + body.replace("2019.09", "2019.2"), encoding="utf-8")  # one-digit months: 2019.1 is January
    assert sorted(load(f)[0]["month"]) == [1, 2, 11]
    f.write_text(head + body + "2019.10,일본,2811111000,플루오르화수소,1.0,5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3, column '기간': expected one way of writing months, got '2019.1'"):
        load(f)


def test_a_total_word_on_a_row_that_totals_nothing_is_refused(tmp_path):
    # 소계 typed into the name of a data row: read as a subtotal, the row's 7,400 was dropped with exit 0
    f = tmp_path / "imports.csv"
    f.write_text("기간,국가,HS코드,품목명,수입 금액\n2019,일본,2811111000,소계,7400\n2019,중국,2811111000,플루오르화수소,730\n",
                 encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == ("imports.csv: row 2: the row is labelled 소계 (a total) but no other row shares its labels "
                              "(기간=2019, 국가=일본, HS코드=2811111000), so it totals nothing: expected a total of the "
                              "rows it names; if it is a data row, remove the word 소계")


def test_a_year_total_above_monthly_rows_totals_them(tmp_path):
    # the total row names the year (2019), the rows their months (2019.01, 2019.02): 7,400 + 730 = 8,130
    f = tmp_path / "imports.csv"
    f.write_text("기간,국가,HS코드,품목명,수입 금액\n2019,총계,,,8130\n2019.01,일본,2811111000,플루오르화수소,7400\n"
                 "2019.02,중국,2811111000,플루오르화수소,730\n", encoding="utf-8")
    table, report = load(f)
    assert table["value_usd"].tolist() == [7_400_000.0, 730_000.0]
    assert report.totals[["total_usd", "sum_of_rows_usd", "difference_usd"]].values.tolist() == [[8.13e6, 8.13e6, 0.0]]


def test_a_percent_column_of_fractions_is_refused(tmp_path):
    # 0.563 under 중소기업 비중(%) means 56.3 %: read as percent it would be 0.563 %, every SME figure ÷ 100
    demo = pd.read_csv(DEMO / "sme_profile_2019.csv", dtype=str)
    demo["중소기업 비중(%)"] = (demo["중소기업 비중(%)"].astype(float) / 100).map(lambda v: f"{v:.4f}")
    f = tmp_path / "fractions.csv"
    demo.to_csv(f, index=False)
    first = demo["중소기업 비중(%)"].iloc[0]
    with pytest.raises(DataError, match=re.escape(f"row 2, column '중소기업 비중(%)': every value of '중소기업 비중(%)' "
                                                  f"is at most 1 (e.g. '{first}'), but the header says percent")):
        load(f)
    demo.loc[0, "중소기업 비중(%)"] = "56.3"  # one share above 1: percentages, the small ones are small sectors
    demo.to_csv(f, index=False)
    table, _ = load(f)
    assert table["sme_share"].iloc[0] == pytest.approx(0.563)
    assert table["sme_share"].iloc[1] == pytest.approx(float(demo["중소기업 비중(%)"].iloc[1]) / 100)


def test_exports_to_the_target_above_all_exports_are_refused(tmp_path):
    demo = pd.read_csv(DEMO / "sme_profile_2019.csv", dtype=str)
    demo.loc[3, "대일 수출액(백만달러)"] = str(float(demo.loc[3, "수출액(백만달러)"]) + 1)
    f = tmp_path / "p.csv"
    demo.to_csv(f, index=False)
    with pytest.raises(DataError, match=re.escape("p.csv: row 5, column '대일 수출액(백만달러)': exports to the target")):
        load(f)
