"""Trade flows of several files put together: repeats refused, finer codes kept over the coarse rows they cover."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.io import load
from exposure.io.combine import COVERED, combine_flows

BASE = dict(year=2018, month=0, reporter="KOR", partner="JPN", flow="M", name="", qty=np.nan, qty_unit="")


def flows(source: str, *rows: tuple) -> pd.DataFrame:
    """TradeFlows rows (code, code_system, value_usd[, overrides]) from one file."""
    out = []
    for r in rows:
        code, system, value = r[:3]
        extra = r[3] if len(r) > 3 else {}
        out.append({**BASE, "code": code, "code_system": system, "value_usd": float(value), "source": source, **extra})
    return pd.DataFrame(out)


def test_the_same_rows_in_two_files_are_refused_naming_both():
    a = flows("a.csv", ("2811111000", "HSK10", 100), ("3707901010", "HSK10", 50))
    b = flows("b.xlsx", ("2811111000", "HSK10", 100), ("3707901010", "HSK10", 50), ("8542321010", "HSK10", 7))
    with pytest.raises(DataError) as err:
        combine_flows([a, b])
    assert str(err.value) == (
        "a.csv and b.xlsx: 2 rows repeat a flow in both files (the same year, month, reporter, partner, flow and "
        "code), the first: 2018, annual, KOR, JPN, M, 2811111000, HSK10: expected each flow in one file only; rows "
        "are never summed across files (remove the overlap from one of them)")


def test_one_level_under_two_revision_labels_is_one_flow():
    a = flows("comtrade_h4.csv", ("281111", "HS6-2012", 10))
    b = flows("comtrade_h5.csv", ("281111", "HS6-2017", 10))
    with pytest.raises(DataError, match=r"comtrade_h4.csv and comtrade_h5.csv: 1 row repeats a flow in both files.*"
                                        r"281111, HS6-2012 / HS6-2017"):
        combine_flows([a, b])


def test_a_file_given_twice():
    a = flows("a.csv", ("2811111000", "HSK10", 100))
    with pytest.raises(DataError, match="a.csv: 1 row repeats a flow because the file is given twice"):
        combine_flows([a, a])


def test_hs6_annual_row_covered_by_hsk10_months():
    # Comtrade's HS6 281111 from Japan in 2018 and two months of Korea Customs' HSK10 2811111000
    hs6 = flows("comtrade.csv", ("281111", "HS6-2017", 73_141_118), ("281111", "HS6-2017", 604_035,
                                                                     {"partner": "USA"}))
    hsk = flows("kcs.xlsx", ("2811111000", "HSK10", 4_805_288, {"month": 1}),
                ("2811111000", "HSK10", 4_778_558, {"month": 2}))
    table, report = combine_flows([hs6, hsk])
    # the HSK10 rows are kept; the HS6 row of Japan is dropped; the US HS6 row has no finer row and stays
    assert table[["partner", "code"]].values.tolist() == [["USA", "281111"], ["JPN", "2811111000"],
                                                          ["JPN", "2811111000"]]
    finer = 4_805_288 + 4_778_558
    assert report.dropped[["source", "reason", "value_usd"]].values.tolist() == [["comtrade.csv", COVERED,
                                                                                   73_141_118.0]]
    assert report.dropped["detail"].item() == (
        f"HS6-2017 281111 KOR←JPN M 2018: covered by 2 finer rows (HSK10, kcs.xlsx); finer sum {finer:,} USD, "
        f"uncovered remainder {73_141_118 - finer:,} USD")
    total = report.totals.iloc[0]
    assert total["label"] == "HS6-2017 281111 KOR←JPN M 2018 vs its HSK10 rows in kcs.xlsx"
    assert (total.total_usd, total.sum_of_rows_usd, total.difference_usd) == (73_141_118, finer, 73_141_118 - finer)
    assert (report.rows_read, report.rows_kept) == (4, 3)
    assert report.value_read == pytest.approx(73_141_118 + 604_035 + finer)
    assert report.value_kept == pytest.approx(604_035 + finer)
    lr = report.to_load_report()
    lr.check()
    assert lr.source == "combined: comtrade.csv + kcs.xlsx" and lr.summary()["value_dropped_usd"] == 73_141_118


def test_levels_down_the_hierarchy_never_count_a_flow_twice():
    # HS4 2811 = HS6 281111 (covered by HSK10 2811111000) + HS6 281119 (no finer row)
    hs4 = flows("hs4.csv", ("2811", "HS4", 1_000))
    hs6 = flows("hs6.csv", ("281111", "HS6", 700), ("281119", "HS6", 200))
    hsk = flows("hsk.csv", ("2811111000", "HSK10", 650), ("2811112000", "HSK10", 30))
    hs2 = flows("hs2.csv", ("28", "HS2", 5_000), ("29", "HS2", 40))
    table, report = combine_flows([hs2, hs4, hs6, hsk])
    assert set(table["code"]) == {"281119", "2811111000", "2811112000", "29"} and len(table) == 4
    covered = report.totals.set_index("label")
    # each coarse row is compared with the rows kept below it: HS4 with 650 + 30 + 200, not with 700 as well
    assert covered.loc["HS6 281111 KOR←JPN M 2018 vs its HSK10 rows in hsk.csv", "sum_of_rows_usd"] == 680
    hs4_row = covered.loc["HS4 2811 KOR←JPN M 2018 vs its HS6, HSK10 rows in hs6.csv, hsk.csv"]
    assert (hs4_row.sum_of_rows_usd, hs4_row.difference_usd) == (880, 120)
    hs2_row = covered.loc["HS2 28 KOR←JPN M 2018 vs its HS6, HSK10 rows in hs6.csv, hsk.csv"]
    assert (hs2_row.total_usd, hs2_row.sum_of_rows_usd) == (5_000, 880)
    assert report.value_kept == pytest.approx(40 + 200 + 650 + 30)
    report.check()


def test_periods_partners_flows_and_years_are_kept_apart():
    coarse = flows("hs6.csv",
                   ("281111", "HS6", 10, {"month": 7}),             # covered by HSK10 July
                   ("281111", "HS6", 20, {"month": 8}),             # no HSK10 row for August: kept
                   ("281111", "HS6", 30, {"year": 2019}),           # other year: kept
                   ("281111", "HS6", 40, {"flow": "X"}),            # other flow: kept
                   ("281111", "HS6", 50, {"reporter": "JPN", "partner": "KOR"}))  # other reporter: kept
    fine = flows("hsk.csv", ("2811111000", "HSK10", 9, {"month": 7}))
    table, report = combine_flows([coarse, fine])
    assert report.dropped["value_usd"].tolist() == [10.0]
    assert report.totals[["total_usd", "sum_of_rows_usd"]].values.tolist() == [[10.0, 9.0]]
    assert len(table) == 5


def test_a_month_covered_by_an_annual_finer_row_is_compared_for_the_year():
    coarse = flows("hs6_monthly.csv", ("281111", "HS6", 10, {"month": 1}), ("281111", "HS6", 15, {"month": 2}))
    fine = flows("hsk_annual.csv", ("2811111000", "HSK10", 20))
    _table, report = combine_flows([coarse, fine])
    assert report.dropped["value_usd"].tolist() == [10.0, 15.0]
    assert report.dropped["detail"].str.endswith("compared for the whole year in the totals").all()
    assert report.totals[["label", "total_usd", "sum_of_rows_usd", "difference_usd"]].values.tolist() == [
        ["HS6 281111 KOR←JPN M 2018 vs its HSK10 rows in hsk_annual.csv", 25.0, 20.0, 5.0]]


def test_an_annual_row_covered_by_the_same_code_month_by_month():
    annual = flows("annual.csv", ("2811111000", "HSK10", 100))
    monthly = flows("monthly.csv", ("2811111000", "HSK10", 60, {"month": 1}), ("2811111000", "HSK10", 45,
                                                                                {"month": 2}))
    table, report = combine_flows([annual, monthly])
    assert table["month"].tolist() == [1, 2]
    assert report.totals[["total_usd", "sum_of_rows_usd", "difference_usd"]].values.tolist() == [[100, 105, -5]]


def test_mti_and_hs_are_different_hierarchies():
    mti = flows("items.csv", ("831", "MTI3", 5))
    hs = flows("hs.csv", ("831000", "HS6", 7))
    table, report = combine_flows([mti, hs])
    assert len(table) == 2 and report.dropped.empty


def test_categorical_columns_and_empty_input():
    a = flows("baci.csv", ("281111", "HS6-2017", 5)).astype({"partner": "category", "code": "category"})
    b = flows("kcs.csv", ("2811111000", "HSK10", 4))
    table, report = combine_flows([a, b])
    assert table["code"].tolist() == ["2811111000"] and report.dropped["value_usd"].tolist() == [5.0]
    empty, rep = combine_flows([])
    assert empty.empty and rep.rows_read == 0


def test_sources_from_reports_when_tables_have_none():
    from exposure.schema import LoadReport

    a = flows("", ("281111", "HS6", 5)).drop(columns="source")

    b = flows("k.csv", ("2811111000", "HSK10", 4))
    _table, report = combine_flows([a, b], [LoadReport(source="comtrade.csv"), LoadReport(source="k.csv")])
    assert report.dropped["source"].tolist() == ["comtrade.csv"] and report.sources == ["comtrade.csv", "k.csv"]


@pytest.mark.shared_data
def test_comtrade_hs6_and_customs_hsk10_for_2018(shared_data):
    comtrade, rc = load(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv")
    hsk, rh = load(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx")
    hsk = hsk[hsk["year"] == 2018]
    table, report = combine_flows([comtrade, hsk], [rc, rh])
    jp = report.totals[report.totals["label"].str.startswith("HS6-2017 281111 KOR←JPN M 2018")].iloc[0]
    # the published figures: Comtrade HS 281111 from Japan $73,141,118; Customs HSK 2811111000 $66,856,769
    assert (jp.total_usd, jp.sum_of_rows_usd, jp.difference_usd) == (73_141_118, 66_856_769, 6_284_349)
    dropped = set(report.dropped["detail"].str.extract(r"^HS6-2017 (\d{6}) KOR←JPN M 2018")[0])
    # every HS6 line the six HSK10 items belong to, and no other, leaves the Comtrade table
    assert dropped == {"281111", "370790", "381800", "700231", "854232"}
    kept_hs6 = table[table["code_system"] == "HS6-2017"]
    assert len(kept_hs6) == len(comtrade) - 5
    assert report.value_kept == pytest.approx(report.value_read - report.dropped["value_usd"].sum())
    report.check()
