"""Exports by firm size (기업규모별 수출) → SME shares of exports by MTI item or sector.

Fixtures from tests/data/io/make_fixtures.py (invented figures, thousand USD unless said):
by item, 반도체 831: 전체 1,280,000, 중소기업 6,400 → 0.5 %; 화장품 227: 50,000 of 80,000 → 62.5 %;
총계 2,090,000 / 290,000 = the sums of the five items. By OECD sector (백만달러): D26 9,000 of 230,000.5.
By KSIC division (share only): 26 5 % of 600,000; 총계 says 20 % but the divisions give
(30 + 75 + 90) / 1,000 = 19.5 %.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.io import load
from exposure.sme import from_items
from tests.io.conftest import assert_reconciles


@pytest.mark.parametrize("name", ["sme_exports_by_item_cp949.csv", "sme_exports_by_item.xlsx"])
def test_by_item_shares_by_hand(io_data: Path, name: str):
    table, report = load(io_data / name, kind="sme_exports")
    assert_reconciles(report)
    t = table.set_index("code")
    assert list(t.index) == ["831", "741", "214", "227", "812"]
    assert (t["code_system"] == "MTI3").all() and (t["item_code"] == t.index).all()
    assert t.loc["831", "export_usd"] == 1_280_000_000 and t.loc["831", "sme_export_usd"] == 6_400_000
    assert t.loc["831", "sme_share"] == pytest.approx(0.005)
    assert t.loc["227", "sme_share"] == pytest.approx(0.625)
    assert t.loc["812", "name_ko"] == "반도체 제조용 장비"
    assert report.unit == "천달러" and report.code_system == "MTI3"
    assert (report.rows_read, report.rows_kept) == (6, 5)
    assert report.dropped[["row", "reason"]].values.tolist() == [[4, "total row"]]
    totals = report.totals.set_index("label")
    assert totals.loc["총계", "total_usd"] == totals.loc["총계", "sum_of_rows_usd"] == 2_090_000_000
    assert totals.loc["총계 (중소기업)", "sum_of_rows_usd"] == 290_000_000
    assert not any("differs" in w or "sum to" in w for w in report.warnings)


def test_by_item_feeds_from_items(io_data: Path):
    # the lead's step: items spread over sectors; two items on one sector give Σ SME / Σ exports
    table, _ = load(io_data / "sme_exports_by_item.xlsx", kind="sme_exports")
    conc = pd.DataFrame({"from_code": ["831", "812", "227"], "to_code": ["D26", "D26", "D20T21"], "weight": 1.0})
    shares = from_items(table, conc).set_index("sector")["sme_share"]
    assert shares["D26"] == pytest.approx((6_400 + 103_600) / (1_280_000 + 320_000))
    assert shares["D20T21"] == pytest.approx(0.625)


def test_by_sector_in_million_dollars_with_a_footer(io_data: Path):
    table, report = load(io_data / "sme_exports_by_sector.xlsx", kind="sme_exports")
    assert_reconciles(report)
    t = table.set_index("code")
    assert list(t.index) == ["D26", "D29", "D20T21"] and (t["code_system"] == "OECD36").all()
    assert t.loc["D26", "export_usd"] == pytest.approx(230_000.5e6)
    assert t.loc["D26", "sme_share"] == pytest.approx(9_000 / 230_000.5)
    reasons = report.dropped.set_index("row")["reason"].to_dict()
    assert reasons == {7: "total row", 8: "no value"}
    assert report.dropped.set_index("row").loc[8, "detail"] == "자료: 중소벤처기업부"
    assert report.unit == "백만달러"


def test_by_ksic_division_share_only_and_the_total_checked(io_data: Path):
    table, report = load(io_data / "sme_exports_by_ksic_cp949.csv", kind="sme_exports")
    t = table.set_index("code")
    assert list(t.index) == ["26", "20", "29"] and (t["code_system"] == "KSIC9").all()
    assert t["sme_share"].tolist() == pytest.approx([0.05, 0.30, 0.60])
    assert t.loc["20", "sme_export_usd"] == pytest.approx(75_000_000)
    sme_total = report.totals.set_index("label").loc["총계 (중소기업)"]
    assert (sme_total["total_usd"], sme_total["sum_of_rows_usd"]) == pytest.approx((200_000_000, 195_000_000))
    assert any("row 2 (총계 (중소기업))" in w and "195,000,000" in w for w in report.warnings)
    assert any("× '수출액(천달러)'" in w for w in report.warnings)


def _csv(tmp_path: Path, rows: list[str], name: str = "sme.csv") -> Path:
    f = tmp_path / name
    f.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp949"))
    return f


HEAD = ["(단위: 천달러)", "MTI코드,품목명,전체,대기업,중견기업,중소기업,중소기업 비중(%)"]


def test_sme_exports_above_total_are_refused_naming_row_and_column(tmp_path: Path):
    f = _csv(tmp_path, HEAD + ['831,반도체,"1,000",900,50,50,5.0', '227,화장품,80,10,20,"90",112.5'])
    with pytest.raises(DataError) as err:
        load(f, kind="sme_exports")
    assert (err.value.row, err.value.column) == (4, "중소기업 비중(%)")  # the share is read first
    f = _csv(tmp_path, HEAD + ['831,반도체,"1,000",900,50,50,5.0', '227,화장품,80,10,20,"90",62.5'])
    with pytest.raises(DataError, match=r"row 4, column '중소기업': SME exports 90 are more than all firms' exports "
                                        r"80 \('전체'\)"):
        load(f, kind="sme_exports")


@pytest.mark.parametrize("share, shown", [("-1.0", "-1.0"), ("100.5", "100.5")])
def test_shares_outside_0_1_are_refused(tmp_path: Path, share: str, shown: str):
    f = _csv(tmp_path, ["MTI코드,품목명,전체(천달러),중소기업 비중(%)", f"831,반도체,1000,{share}"])
    with pytest.raises(DataError, match=rf"row 2, column '중소기업 비중\(%\)': expected an SME share between 0 and "
                                        rf"100 %, got '{shown}'"):
        load(f, kind="sme_exports")


def test_mti_groups_are_dropped_and_checked_and_codes_keep_zeros(tmp_path: Path):
    f = _csv(tmp_path, HEAD + ["8,전자전기제품,1300,1000,100,200,15.4", "831,반도체,1000,900,50,50,5.0",
                               "832,평판디스플레이,300,100,50,150,50.0", "13,과실류,10,0,0,10,100.0"])
    table, report = load(f, kind="sme_exports")
    assert table["code"].tolist() == ["831", "832", "013"]  # 13 is 013 at three digits
    assert_reconciles(report)
    assert report.dropped.set_index("row").loc[3, "reason"] == "MTI group above the item level"
    group = report.totals.set_index("label").loc["MTI 8"]
    assert (group["total_usd"], group["sum_of_rows_usd"]) == (1_300_000, 1_300_000)


def test_a_share_that_disagrees_with_the_amounts_is_warned(tmp_path: Path):
    f = _csv(tmp_path, HEAD + ["831,반도체,1000,900,50,50,9.0"])
    table, report = load(f, kind="sme_exports")
    assert table["sme_share"].iloc[0] == pytest.approx(0.05)
    assert any("differs from 중소기업 / 전체 in 1 rows (first: row 3, 9.0% vs 5.0%)" in w for w in report.warnings)


def test_parts_that_do_not_add_up_are_warned(tmp_path: Path):
    f = _csv(tmp_path, HEAD + ["831,반도체,1000,800,50,50,5.0"])
    _t, report = load(f, kind="sme_exports")
    assert any("대기업 + 중견기업 + 중소기업 differs from '전체' in 1 rows" in w for w in report.warnings)


def test_missing_columns_and_units_are_named(tmp_path: Path):
    f = _csv(tmp_path, ["MTI코드,품목명,전체(천달러)", "831,반도체,1000"])
    with pytest.raises(DataError, match="no SME column"):
        load(f, kind="sme_exports")
    f = _csv(tmp_path, ["MTI코드,품목명,전체,중소기업", "831,반도체,1000,50"])
    with pytest.raises(DataError, match="no money unit stated"):
        load(f, kind="sme_exports")
    table, _ = load(f, kind="sme_exports", unit="천달러")
    assert table["sme_export_usd"].iloc[0] == 50_000
    f = _csv(tmp_path, ["업종코드,업종명,전체(천원),중소기업(천원)", "D26,전자,1000,50"])
    with pytest.raises(DataError, match="won"):
        load(f, kind="sme_exports")
    table, _ = load(f, kind="sme_exports", fx={"KRW": 1000.0})
    assert table["export_usd"].iloc[0] == pytest.approx(1000.0)


def test_a_code_twice_and_a_bad_sector_are_refused(tmp_path: Path):
    f = _csv(tmp_path, HEAD + ["831,반도체,1000,900,50,50,5.0", "831,반도체,10,0,0,10,100.0"])
    with pytest.raises(DataError, match="row 4, column 'MTI코드': code 831 appears twice"):
        load(f, kind="sme_exports")
    f = _csv(tmp_path, ["업종코드,업종명,전체(천달러),중소기업(천달러)", "D20,화학,1000,50"])
    with pytest.raises(DataError, match=r"row 2, column '업종코드': expected an OECD36 sector code"):
        load(f, kind="sme_exports")
    with pytest.raises(DataError, match="leave the mapping out"):
        load(f, kind="sme_exports", mapping="kcs_trade_by_country")
