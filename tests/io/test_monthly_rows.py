"""Monthly trade files: month 0 is not a month, an annual row beside monthly rows of its year is refused,
a repeated monthly row names the real pair of rows and its month, and a year of a few months says so.

The fixtures (tests/data/io/monthly_*.csv, a Korea Customs download's header, amounts in thousand USD)
are also read both ways by test_streamcsv.py; here the messages are checked word for word, both ways.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from exposure.config import Config
from exposure.errors import DataError
from exposure.indicators import month_ranges, product_indicators
from exposure.inputs import Inputs
from exposure.intake import read_inputs
from exposure.io import load, streamcsv, streamflows
from exposure.io.fields import parse_month, parse_period

IO = Path(__file__).resolve().parents[1] / "data" / "io"


def _error(path: Path, monkeypatch, stream: bool) -> str:
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0 if stream else 1 << 62)
    monkeypatch.setattr(streamflows, "within_generic_limits", lambda lay, n: False)  # the streamed reader's own words
    with pytest.raises(DataError) as exc:
        load(path, kind="imports")
    return str(exc.value)


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_a_period_with_month_0_is_refused_like_month_13(monkeypatch, stream):
    assert _error(IO / "monthly_month_zero.csv", monkeypatch, stream) == (
        "monthly_month_zero.csv: row 4, column '기간': expected a month 1–12 in the period (an annual row has the "
        "year alone, such as 2019), got '2021.00'")


def test_month_0_in_a_month_column_or_a_period_is_refused():
    rows = [2, 3]
    with pytest.raises(DataError, match=r"row 3, column 'Month': expected a month 1–12, got '0'"):
        parse_month(pd.Series([7, 0]), "f.csv", "Month", rows)
    with pytest.raises(DataError, match=r"row 3, column 'Month': expected a month 1–12, got '13'"):
        parse_month(pd.Series([7, 13]), "f.csv", "Month", rows)
    for bad in ("2019.00", "201900", "2019-00", "2019년 0월"):
        with pytest.raises(DataError, match=r"row 3, column '기간': expected a month 1–12 in the period"):
            parse_period(pd.Series(["2019.01", bad]), "f.csv", "기간", rows)
    # a year alone stays annual, also as a number cell (2019.0) and its text
    year, month = parse_period(pd.Series(["2019", 2019.0, "2019.0", "2019.07"]), "f.csv", "기간", [2, 3, 4, 5])
    assert year.tolist() == [2019] * 4 and month.tolist() == [0, 0, 0, 7]


def test_a_month_0_cell_of_the_shared_monthly_file_is_refused_not_taken_as_annual(shared_data, tmp_path):
    """The issue: one Month cell of 0 made Japan's 2021 HF share 37.4 % instead of 13.6 %."""
    path = shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx"
    if not path.is_file():
        pytest.skip("shared monthly file absent")
    raw = pd.read_excel(path)
    at = raw.index[(raw["Item"] == 2811111000) & (raw["Country"] == "Japan") & (raw["Year"] == 2021)][0]
    raw.loc[at, "Month"] = 0
    raw.to_csv(tmp_path / "month0.csv", index=False)
    with pytest.raises(DataError) as exc:
        load(tmp_path / "month0.csv", kind="imports")
    assert str(exc.value) == f"month0.csv: row {at + 2}, column 'Month': expected a month 1–12, got '0'"


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_an_annual_row_beside_monthly_rows_of_its_year_is_refused_naming_both(monkeypatch, stream):
    # 2019 Japan 7,400 (annual, row 2) and 2019.07 Japan 740 (row 4): the indicators kept the annual row and
    # dropped July unreported (rows_kept 4, dropped 0)
    assert _error(IO / "monthly_annual_and_monthly.csv", monkeypatch, stream) == (
        "monthly_annual_and_monthly.csv: row 4: a monthly row (2019.07) beside the annual row (2019) in row 2, for "
        "partner JPN, product 2811111000 (flow M): expected either annual or monthly rows for a product and "
        "partner, not both (the annual row would stand for the whole year and the months be left out; delete the "
        "annual row or the monthly rows)")


def test_annual_rows_of_other_partners_or_years_beside_monthly_rows_are_fine(tmp_path):
    head = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
    (tmp_path / "ok.csv").write_text(head + "2018,일본,2811111000,불화수소,1,7400\n"
                                     "2019.07,일본,2811111000,불화수소,1,740\n"
                                     "2019,중국,2811111000,불화수소,1,2000\n", encoding="utf-8")
    table, report = load(tmp_path / "ok.csv", kind="imports")
    assert table["month"].tolist() == [0, 7, 0] and report.rows_kept == 3 and len(report.dropped) == 0


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_a_repeated_monthly_row_names_the_real_pair_and_the_month(monkeypatch, stream):
    # rows 2–5: 2019.01 and 2019.02 of China and Japan; row 6 repeats row 2 (2019.01 China), row 7 row 4.
    # Before: "row 4: repeats row 2: the same year" — rows 2 and 4 are January and February.
    assert _error(IO / "monthly_repeated_month.csv", monkeypatch, stream) == (
        "monthly_repeated_month.csv: row 6: repeats row 2: the same month (2019.01), partner '중국' and product "
        "2811111000: expected one row per month, partner, product and flow (delete the repeated row, or add the "
        "two up if both are real)")


def test_months_ranges_are_written_as_runs():
    assert month_ranges([3, 1, 2]) == "01–03"
    assert month_ranges([1, 2, 3, 7, 11, 12]) == "01–03, 07, 11–12"


def test_a_year_of_three_months_is_summed_and_says_so():
    # Japan 100 + 120 + 80 = 300, China 50 + 60 + 40 = 150 (thousand USD): imports 450,000, share 2/3
    data = read_inputs(Inputs(imports=[IO / "monthly_first_quarter.csv"]), Config(), world=False)
    warning = ("2019: only 3 of 12 months (01–03) in monthly_first_quarter.csv: annual figures are the sum of those "
               "months")
    assert data.reports[0].warnings[-1] == warning
    assert data.reports[0].summary()["warnings"].endswith(warning)  # the Validation sheet's warnings column
    t = product_indicators(data.imports, Config())
    assert t["import_usd"].tolist() == [450_000.0] and t["target_import_usd"].tolist() == [300_000.0]
    assert t["target_share"].iloc[0] == pytest.approx(2 / 3)
    assert t["reasons"].iloc[0].startswith("2019: only 3 of 12 months (01–03) in the imports: annual figures are "
                                           "the sum of those months")


def test_a_full_year_and_annual_files_get_no_partial_year_warning(tmp_path):
    head = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
    rows = "".join(f"2019.{m:02d},일본,2811111000,불화수소,1,10\n" for m in range(1, 13))
    (tmp_path / "year.csv").write_text(head + rows + "2020.01,일본,2811111000,불화수소,1,10\n", encoding="utf-8")
    data = read_inputs(Inputs(imports=[tmp_path / "year.csv"]), Config(), world=False)
    w = data.reports[0].warnings
    assert not any(x.startswith("2019:") for x in w)
    assert "2020: only 1 of 12 months (01) in year.csv: annual figures are the sum of those months" in w


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_the_shared_files_2019_rows_appended_again_name_the_first_real_repeat(shared_data, tmp_path, monkeypatch,
                                                                              stream):
    path = shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx"
    if not path.is_file():
        pytest.skip("shared monthly file absent")
    raw = pd.read_excel(path)
    kcs = pd.DataFrame({"기간": raw["Year"].astype(str) + "." + raw["Month"].map("{:02d}".format),
                        "국가": raw["Country"], "HS코드": raw["Item"], "품목명": "x",
                        "수입 중량": raw["Import_weight"], "수입 금액": raw["Import_dollar"] / 1000})
    again = pd.concat([kcs, kcs[raw["Year"] == 2019]], ignore_index=True)
    again.to_csv(tmp_path / "twice.csv", index=False)
    # the first 2019 row with an import (rows with none are dropped before the check) and its copy
    first = int(kcs.index[(raw["Year"] == 2019) & (raw["Import_dollar"] > 0)][0])
    copy = len(kcs) + int((kcs.index[raw["Year"] == 2019] < first).sum())
    r = raw.loc[first]
    assert _error(tmp_path / "twice.csv", monkeypatch, stream) == (
        f"twice.csv: row {copy + 2}: repeats row {first + 2}: the same month (2019.{int(r['Month']):02d}), partner "
        f"'{r['Country']}' and product {r['Item']}: expected one row per month, partner, product and flow (delete "
        "the repeated row, or add the two up if both are real)")


def test_two_files_of_half_a_year_each_make_a_whole_year(tmp_path):
    head = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
    for name, months in (("h1.csv", range(1, 7)), ("h2.csv", range(7, 10))):
        (tmp_path / name).write_text(head + "".join(f"2019.{m:02d},일본,2811111000,불화수소,1,10\n" for m in months),
                                     encoding="utf-8")
    data = read_inputs(Inputs(imports=[tmp_path / "h1.csv", tmp_path / "h2.csv"]), Config(), world=False)
    # not "6 of 12 months in h1.csv": the two files together hold January–September
    assert [w for r in data.reports for w in r.warnings if "of 12 months" in w] == [
        "2019: only 9 of 12 months (01–09) in h1.csv + h2.csv: annual figures are the sum of those months"]
    assert data.reports[-1].source == "combined: h1.csv + h2.csv"
