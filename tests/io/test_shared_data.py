"""Must-show figures over the real files in ../shared/data (skipped when the folder is absent)."""

from __future__ import annotations

import pytest

from exposure.io import load
from tests.io.conftest import assert_reconciles

pytestmark = pytest.mark.shared_data


def test_kcs_download_total_row_units_and_country_names(shared_data):
    table, report = load(shared_data / "kcs" / "kcs_download_hs2_by_country_2024.csv")
    # the 총계 row is removed and reported, once per flow, with its value
    total = report.dropped[report.dropped.reason == "total row"]
    assert total["row"].tolist() == [2, 2]
    assert sorted(total["value_usd"].tolist()) == [311_550_873_000, 333_419_568_000]
    # and compared with the sum of the other rows: not zero in this file
    diff = report.totals.set_index("label")["difference_usd"]
    assert diff["총계 (X)"] == (333_419_568 - 333_419_483) * 1000
    assert diff["총계 (M)"] == (311_550_873 - 311_550_746) * 1000
    # Korean country names → ISO3, thousand USD → USD, both flows, HS2 codes
    assert {"JPN", "CHN", "USA", "TWN", "DEU"} <= set(table["partner"])
    assert set(table["flow"]) == {"X", "M"} and set(table["code_system"]) == {"HS2"}
    assert (table["code"].str.len() == 2).all()
    kept_plus_zero = table.groupby("flow")["value_usd"].sum()
    ghana_cocoa = table[(table.partner == "GHA") & (table.code == "18") & (table.flow == "M")]
    assert ghana_cocoa["value_usd"].item() == 11_956_000  # 11,956 thousand USD in the file
    # all rows but the total and the IMF's two (zero) rows are accounted for
    assert kept_plus_zero["X"] == pytest.approx(333_419_483_000 - 0, abs=1)
    assert kept_plus_zero["M"] == pytest.approx(311_550_746_000, abs=1)
    assert report.rows_read == 2 * 11_563
    assert_reconciles(report)


def test_hsk10_monthly_japan_share_and_unknown_partners(shared_data):
    table, report = load(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx")
    hf = table[(table.code == "2811111000") & (table.year == 2018) & (table.flow == "M")]
    assert hf["value_usd"].sum() == 159_423_270
    assert hf.loc[hf.partner == "JPN", "value_usd"].sum() == 66_856_769
    assert round(100 * 66_856_769 / hf["value_usd"].sum(), 1) == 41.9
    pr = table[(table.code == "3707901010") & (table.year == 2018) & (table.flow == "M")]
    assert round(100 * pr.loc[pr.partner == "JPN", "value_usd"].sum() / pr["value_usd"].sum(), 1) == 93.2
    wafer = table[(table.code == "3818001000") & (table.year == 2018) & (table.flow == "M")]
    assert round(100 * wafer.loc[wafer.partner == "JPN", "value_usd"].sum() / wafer["value_usd"].sum(), 1) == 52.8
    # the rows without a country are kept, as UNK (the only non-zero one: 3818001000, Dec 2000)
    unk = table[table.partner == "UNK"]
    assert unk[["year", "month", "code", "flow", "value_usd"]].values.tolist() == [
        [2000, 12, "3818001000", "M", 3_346_296.0]]
    assert (table["qty_unit"] == "kg").all() and (table["code"].str.len() == 10).all()
    assert_reconciles(report)


def test_hsk10_monthly_with_zeros_merges_repeated_unknown_partners(shared_data):
    table, report = load(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx", keep_zero=True)
    assert report.rows_read == 2 * 35_059
    merged = report.dropped[report.dropped.reason.str.startswith("duplicate key")]
    assert len(merged) == 4  # two pairs of UNK rows, X and M each
    assert (table["partner"] == "UNK").sum() == 2 * 3
    assert_reconciles(report)


@pytest.mark.parametrize("relative", [
    "comtrade_kor_jpn/KJimport2018.csv", "comtrade_kor_jpn/KJimport2019.csv",
    "comtrade_kor_jpn/comtrade_2014_hs281111_jpn_kor_usa.csv", "kcs/kcs_download_hs2_by_country_2024.csv",
    "kcs/korea_world_hf_pi_pr_hsk10_annual.csv", "kcs/korea_japan_hf_annual.xlsx", "kcs/korea_japan_pi_annual.xlsx",
    "io_kor/OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv", "io_kor/OECD_IOT2021ed_KOR2018_LEONTFT_raw.csv",
])
def test_every_file_reconciles(shared_data, relative):
    _table, report = load(shared_data / relative)
    assert report.rows_read > 0
    assert_reconciles(report)


def test_korea_japan_annual_with_a_partner_option(shared_data):
    table, report = load(shared_data / "kcs" / "korea_japan_hf_annual.xlsx", partner="JPN")
    y2018 = table[(table.year == 2018) & (table.flow == "M")]
    assert y2018[["partner", "code", "value_usd", "qty"]].values.tolist() == [
        ["JPN", "2811111000", 66_856_769.0, 38_339_158.5]]
    assert_reconciles(report)
