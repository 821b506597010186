"""UN Comtrade: legacy export (real files in ../shared/data) and the API/bulk CSV (own fixture)."""

from __future__ import annotations

import pytest

from exposure.errors import DataError
from exposure.io import load, load_comtrade
from tests.io.conftest import assert_reconciles


def test_api_csv_keeps_only_totals_and_reports_the_rest(io_data):
    table, report = load(io_data / "comtrade_api_breakdown.csv")
    assert report.format == "comtrade-api"
    got = {(r.flow, r.partner): r.value_usd for r in table.itertuples()}
    # hand-worked from make_fixtures.write_comtrade_api: customs C00, mot 0, partner2 0 only;
    # Other Asia, nes (490) is Taiwan; Areas, nes is an unspecified partner
    assert got == {("M", "JPN"): 5_000_000.0, ("M", "WLD"): 12_000_000.0, ("X", "WLD"): 800_000.0,
                   ("M", "TWN"): 2_500_000.0, ("M", "UNK"): 10_000.0}
    assert (table["code"] == "281111").all() and (table["code_system"] == "HS6-2017").all()
    dropped = report.dropped.set_index("row")
    assert dropped.loc[[3, 4, 5], "reason"].tolist() == ["breakdown row"] * 3
    assert dropped.loc[[3, 4, 5], "value_usd"].sum() == 3_000_000 + 4_500_000 + 200_000
    assert dropped.loc[8, "reason"] == "sub-flow (part of total X/M)" and dropped.loc[8, "detail"] == "Re-export"
    assert dropped.loc[11, "reason"] == "zero value"
    assert dropped.loc[12, "reason"] == "total row"
    assert dropped.loc[13, "reason"] == "services row (not goods)"
    assert report.totals[["label", "total_usd", "sum_of_rows_usd", "difference_usd"]].values.tolist() == [
        ["TOTAL [2019, 0, KOR, JPN, M]", 5_100_000, 5_000_000, 100_000]]
    assert report.value_read == 33_230_000 and report.value_kept == 20_310_000
    assert_reconciles(report)


def test_not_comtrade_is_an_error(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a UN Comtrade CSV"):
        load_comtrade(f)


def test_bad_trade_value_names_its_row(tmp_path, io_data):
    lines = (io_data / "comtrade_api_breakdown.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",5000000,", ",5e6x,")
    f = tmp_path / "bad.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.csv: row 2, column 'primaryValue': expected a number, got '5e6x'"):
        load_comtrade(f)


@pytest.mark.shared_data
def test_kjimport2018_matches_the_published_total(shared_data):
    table, report = load(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv", kind="imports")
    assert len(table) == 4226
    # the file's own Trade Value total, to the dollar ($54,603 million)
    assert table["value_usd"].sum() == 54_603_331_337
    assert table.loc[table.code == "281111", "value_usd"].item() == 73_141_118
    assert table.loc[table.code == "370790", "value_usd"].item() == 398_191_571
    assert table.loc[table.value_usd.idxmax(), ["code", "value_usd"]].tolist() == ["848620", 3_842_183_590]
    assert (table["code"].str.len() == 6).all()
    assert "010619" in set(table["code"])  # '10619' in the file
    assert set(table["reporter"]) == {"KOR"} and set(table["partner"]) == {"JPN"} and set(table["flow"]) == {"M"}
    assert (table["code_system"] == "HS6-2017").all()
    assert report.rows_read == 4226 and len(report.dropped) == 0
    assert_reconciles(report)


@pytest.mark.shared_data
def test_kjimport2019(shared_data):
    table, report = load(shared_data / "comtrade_kor_jpn" / "KJimport2019.csv")
    assert len(table) == 4180
    assert round(table["value_usd"].sum() / 1e6) == 47_579
    assert table.loc[table.code == "281111", "value_usd"].item() == 44_982_432
    assert_reconciles(report)


@pytest.mark.shared_data
def test_2014_file_keeps_reporters_flows_and_world_apart(shared_data):
    table, report = load(shared_data / "comtrade_kor_jpn" / "comtrade_2014_hs281111_jpn_kor_usa.csv")
    counts = table.groupby(["reporter", "flow"]).size().to_dict()
    assert counts == {("JPN", "M"): 5, ("JPN", "X"): 11, ("KOR", "M"): 12, ("KOR", "X"): 9,
                      ("USA", "M"): 13, ("USA", "X"): 28}
    world = table[table.partner == "WLD"].set_index(["reporter", "flow"])["value_usd"].to_dict()
    assert world == {("JPN", "M"): 132_993_530, ("JPN", "X"): 42_832_135, ("KOR", "M"): 119_563_916,
                     ("KOR", "X"): 5_501_654, ("USA", "M"): 212_724_791, ("USA", "X"): 19_093_282}
    # re-exports are part of total exports in Comtrade: reported, never added to X
    rx = report.dropped[report.dropped.detail == "Re-Export"]
    assert len(rx) == 4 and rx["value_usd"].sum() == 2_925_858 + 2_692_964 + 227_990 + 4_904
    # "Other Asia, nes" (no ISO code in the file) is Taiwan
    assert "TWN" in set(table["partner"])
    assert (table["code_system"] == "HS6-2012").all()
    assert_reconciles(report)


LEGACY_HEAD = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
               "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Commodity,"
               "Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag")


def test_headings_beside_their_lines_are_reported_not_counted(tmp_path):
    # an "all levels" export: heading 0101 (its zero lost, as Comtrade writes it) beside its two HS6 lines, and
    # heading 2811 with no lines of its own in the file (kept: then it is the finest the file has)
    def row(level, leaf, code, value):
        return f"H5,2019,2019,2019,{level},{leaf},1,Import,410,Rep. of Korea,KOR,392,Japan,JPN,{code},x,1,,0,,{value},0"
    f = tmp_path / "all_levels.csv"
    f.write_text("\n".join([LEGACY_HEAD, row(6, 1, "10121", 5437), row(6, 1, "10129", 1000), row(4, 0, "101", 6500),
                            row(4, 0, "2811", 900)]) + "\n", encoding="utf-8")
    table, report = load(f)
    assert sorted(zip(table["code"], table["value_usd"])) == [("010121", 5437.0), ("010129", 1000.0),
                                                               ("2811", 900.0)]
    assert report.dropped[["row", "reason", "value_usd"]].values.tolist() == [
        [4, "aggregate row (its finer lines are in the file)", 6500.0]]
    check = report.totals.iloc[0]
    assert check["label"].startswith("HS4 0101") and (check["total_usd"], check["sum_of_rows_usd"]) == (6500, 6437)
    assert report.value_kept == 7337 and report.value_read == 13837
    assert_reconciles(report)


def test_a_row_pasted_twice_is_refused_not_added(tmp_path):
    def row(code, value):
        return f"H5,2019,2019,2019,6,1,1,Import,410,Rep. of Korea,KOR,392,Japan,JPN,{code},x,1,,0,,{value},0"
    f = tmp_path / "twice.csv"
    f.write_text("\n".join([LEGACY_HEAD, row("281111", 100), row("370790", 50), row("281111", 100)]) + "\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match=r"twice.csv: row 4: repeats row 2: the same year, partner 'JPN' and product "
                                        r"281111: expected one row per year, partner, product and flow"):
        load(f)
