"""Input–output tables: the OECD IOT export (real file) and the 국산/수입거래표 workbook (own fixture)."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.io import load, load_io_workbook, load_oecd_iot, load_oecd_leontief
from exposure.io.oecd import PROPORTIONALITY_NOTE
from exposure.linkage import calc_import_shares
from exposure.schema import IOTable
from tests.io.conftest import assert_reconciles

SECTORS = ["D01T03", "D26", "D45T47"]


def _io_workbook(path, z_d, z_m, final_d, exports_d, final_m, va, unit_row="단위: 백만달러"):
    """Write a 3-sector 국산/수입거래표 workbook in the Bank of Korea layout."""
    wb = openpyxl.Workbook()
    for name, z, final, exports, extra in (("국산거래표", z_d, final_d, exports_d, True),
                                           ("수입거래표", z_m, final_m, np.zeros(3), False)):
        ws = wb.create_sheet(name)
        ws.append([f"2019년 산업연관표 ({name})"])
        ws.append([unit_row])
        ws.append(["코드", "부문명", *SECTORS, "최종수요", "수출", "총수요"])
        for i, s in enumerate(SECTORS):
            ws.append([s, f"부문{i}", *z[i].tolist(), final[i], exports[i], z[i].sum() + final[i] + exports[i]])
        if extra:
            ws.append(["부가가치", "부가가치", *va.tolist()])
            output = z_d.sum(axis=0) + z_m.sum(axis=0) + va
            ws.append(["총산출액", "총산출액", *output.tolist()])
    del wb["Sheet"]
    wb.save(path)


def test_io_workbook(tmp_path):
    z_d = np.array([[10.0, 2.0, 1.0], [3.0, 50.0, 4.0], [5.0, 6.0, 7.0]])
    z_m = np.array([[1.0, 0.5, 0.0], [2.0, 30.0, 1.0], [0.0, 1.0, 0.5]])
    va = np.array([40.0, 60.5, 80.0])
    output = z_d.sum(axis=0) + z_m.sum(axis=0) + va  # 61, 150, 93.5
    exports_d = np.array([5.0, 60.0, 2.0])
    final_d = output - z_d.sum(axis=1) - exports_d  # each domestic row balances to output
    final_m = np.array([3.0, 4.0, 5.0])
    f = tmp_path / "io.xlsx"
    _io_workbook(f, z_d, z_m, final_d, exports_d, final_m, va)
    table, report = load(f, kind="io")
    assert isinstance(table, IOTable) and table.sectors == SECTORS
    np.testing.assert_allclose(table.domestic.to_numpy(), z_d * 1e6)
    np.testing.assert_allclose(table.imported.to_numpy(), z_m * 1e6)
    np.testing.assert_allclose(table.output.to_numpy(), output * 1e6)
    np.testing.assert_allclose(table.exports.to_numpy(), exports_d * 1e6)
    np.testing.assert_allclose(table.imports.to_numpy(), (z_m.sum(axis=1) + final_m) * 1e6)
    assert table.names["D26"] == "부문1"
    assert report.unit == "백만달러" and report.rows_read == 3 + 2 + 3 and report.rows_kept == 6
    assert report.dropped["reason"].tolist() == ["value added (not a flow between sectors)",
                                                 "total row (used as output)"]
    assert report.totals["difference_usd"].abs().max() < 1e-3
    assert report.warnings == []
    assert_reconciles(report)


def test_io_workbook_errors(tmp_path):
    z = np.eye(3)
    f = tmp_path / "io.xlsx"
    _io_workbook(f, z, z, np.ones(3), np.ones(3), np.ones(3), np.ones(3), unit_row="")
    with pytest.raises(DataError, match="no unit row"):
        load_io_workbook(f)
    table, _ = load_io_workbook(f, unit="백만달러")
    assert table.output.sum() == pytest.approx((2 * 3 + 3) * 1e6)
    wb = openpyxl.Workbook()
    wb.active.title = "국산거래표"
    g = tmp_path / "one.xlsx"
    wb.save(g)
    with pytest.raises(DataError, match="expected sheets 국산거래표 and 수입거래표"):
        load_io_workbook(g)


def test_import_share():
    np.testing.assert_allclose(calc_import_shares(np.array([75.0, 0.0, 10.0]), np.array([25.0, 0.0, 0.0])),
                               [0.25, 0.0, 0.0])


@pytest.mark.shared_data
def test_oecd_iot_korea_2015(shared_data):
    table, report = load(shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv", kind="io")
    assert len(table.sectors) == 36 and table.sectors[0] == "D01T03" and "D26" in table.sectors
    # check figures of ../shared/data/README.md (USD millions)
    assert table.output["D26"] / 1e6 == pytest.approx(274_943.1)
    assert round(table.exports.sum() / 1e6) == 601_932
    assert round(-table.imports.sum() / 1e6) == -520_369
    # the split keeps the total flows and follows m(i) = M(i) / (X(i) + M(i)) row by row
    total = table.domestic + table.imported
    assert total.loc["D26", "D26"] / 1e6 == pytest.approx(112_588.6)
    m = table.imports / (table.output + table.imports)
    np.testing.assert_allclose((table.imported.div(total.replace(0, np.nan))).max(axis=1).fillna(0),
                               m.where(total.sum(axis=1) > 0, 0), rtol=1e-9)
    assert PROPORTIONALITY_NOTE in table.notes
    assert report.rows_kept == 36 and set(report.dropped["detail"]) == {"TXS_IMP_FNL", "TXS_INT_FNL",
                                                                        "TTL_INT_FNL", "VALU", "OUTPUT"}
    assert report.totals["difference_usd"].abs().max() <= 1.5e6  # rounding of the published 0.1 million
    assert_reconciles(report)


@pytest.mark.shared_data
@pytest.mark.parametrize("name, n, variable", [("OECD_IOT2018ed_KOR2015_LEONTFD_raw.csv", 36, "LEONTFD"),
                                               ("OECD_IOT2018ed_KOR2015_LEONTFT_raw.csv", 36, "LEONTFT"),
                                               ("OECD_IOT2021ed_KOR2018_LEONTFD_raw.csv", 45, "LEONTFD")])
def test_oecd_leontief(shared_data, name, n, variable):
    lt = load_oecd_leontief(shared_data / "io_kor" / name)
    assert lt.shape == (n, n) and list(lt.index) == list(lt.columns)
    assert lt.attrs["variable"] == variable
    assert (np.diag(lt.to_numpy()) >= 1.0).all()  # a Leontief inverse has diagonal ≥ 1
    table, report = load(shared_data / "io_kor" / name, kind="leontief")
    pd.testing.assert_frame_equal(table, lt)
    assert report.rows_kept == n and report.dropped["detail"].tolist() == ["TOTAL"]
    assert_reconciles(report)


@pytest.mark.shared_data
def test_leontief_is_not_a_transactions_table(shared_data):
    with pytest.raises(DataError, match="is not a transactions table"):
        load_oecd_iot(shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_LEONTFD_raw.csv")
    with pytest.raises(DataError, match="holds leontief, but io_table was expected"):
        load(shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_LEONTFD_raw.csv", kind="io")


# ------------------------------------------------------------------------------------- economic checks
def _balanced(tmp_path, z_d, z_m, va, name="io.xlsx", unit_row="단위: 백만달러"):
    f = tmp_path / name
    output = z_d.sum(axis=0) + z_m.sum(axis=0) + va
    exports = np.zeros(3)
    _io_workbook(f, z_d, z_m, output - z_d.sum(axis=1), exports, np.ones(3), va, unit_row)
    return f


def test_inputs_above_output_are_refused_naming_the_sector(tmp_path):
    z_d = np.array([[10.0, 2.0, 1.0], [3.0, 50.0, 4.0], [5.0, 6.0, 7.0]])
    z_m = np.array([[1.0, 0.5, 0.0], [2.0, 30.0, 1.0], [0.0, 1.0, 0.5]])
    f = _balanced(tmp_path, z_d, z_m, np.array([40.0, -20.0, 80.0]))  # D26: 89.5 of inputs, output 69.5
    with pytest.raises(DataError) as err:
        load_io_workbook(f)
    assert str(err.value) == (
        "io.xlsx: column 'D26': the intermediate inputs of sector D26 (domestic 58,000,000 + imported 31,500,000 = "
        "89,500,000 USD) exceed its output (69,500,000 USD): expected inputs ≤ output in every column (check the "
        "column and the total output row)")


def test_a_singular_table_is_refused(tmp_path):
    # D01T03 and D26 sell their whole output to each other, no value added, no imports: I − Aᴰ is singular
    z_d = np.array([[0.0, 10.0, 0.0], [10.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    f = _balanced(tmp_path, z_d, np.zeros((3, 3)), np.array([0.0, 0.0, 5.0]))
    with pytest.raises(DataError, match=r"io.xlsx: column '(D01T03|D26)': the domestic Leontief inverse \(I − Aᴰ\)⁻¹ "
                                        r"does not exist: I − Aᴰ is singular"):
        load_io_workbook(f)


def test_a_negative_flow_is_refused_before_any_inverse(tmp_path):
    # a negative flow of −50 (million USD, the file's unit) from D01T03 to D26: once it reached the Leontief inverse
    # (Aᴰ = [[0, −0.5], [0.5, 0]] gives L(D01T03, D26) = −0.4), and a negative import flow crashed the scoring
    z_d = np.array([[0.0, -50.0, 0.0], [50.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    f = _balanced(tmp_path, z_d, np.zeros((3, 3)), np.array([50.0, 150.0, 10.0]))
    with pytest.raises(DataError, match=r"^io.xlsx: column 'D26': a negative domestic intermediate flow from D01T03 "
                                        r"to D26 \(-50,000,000 USD\): expected every flow ≥ 0$"):
        load_io_workbook(f)
    # sectors D01T03, D26, D45T47; a flow within one unit of the file (−1 million USD) is rounding, not negative
    z_m = np.array([[0.0, 0.0, -1.0], [0.0, 0.0, -3.0], [0.0, -2.0, 0.0]])
    f = _balanced(tmp_path, np.eye(3), z_m, np.array([50.0, 150.0, 10.0]))
    with pytest.raises(DataError, match=r"a negative imported intermediate flow from D26 to D45T47 \(-3,000,000 USD\) "
                                        r"\(2 flows in all\)"):
        load_io_workbook(f)


def test_a_table_in_won_needs_its_rate(tmp_path):
    z_d = np.array([[10.0, 2.0, 1.0], [3.0, 50.0, 4.0], [5.0, 6.0, 7.0]])
    z_m = np.array([[1.0, 0.5, 0.0], [2.0, 30.0, 1.0], [0.0, 1.0, 0.5]])
    f = _balanced(tmp_path, z_d, z_m, np.array([40.0, 60.5, 80.0]), unit_row="단위: 백만원")
    with pytest.raises(DataError, match=r"sheet '국산거래표': the unit row states 백만원, which is won \(KRW\), not US "
                                        r"dollars: give the rate in KRW per US dollar"):
        load(f)
    table, report = load(f, fx={"KRW": 1000.0})
    np.testing.assert_allclose(table.domestic.to_numpy(), z_d * 1e6 / 1000.0)  # a million won is $1,000
    assert report.unit == "백만원 (KRW, 1,000 per USD)"


def _oecd(tmp_path, variable, unit, rows, name="oecd.csv"):
    head = [",,", "Dataset: Input-Output Tables 2018 edition,,", f"Variable,,{variable}", "Country,,KOR: Korea",
            "Time,,2015", f"Unit,,{unit}"]
    f = tmp_path / name
    f.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return f


def test_oecd_table_with_inputs_above_output(tmp_path):
    rows = ["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
            "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,20,5,-3", "TTL_26: Computers,,5,90,50,-40",
            "OUTPUT: Output at basic prices,,100,100,,"]
    f = _oecd(tmp_path, "TTL: Total", '"US Dollar, Millions"', rows)
    with pytest.raises(DataError, match=r"oecd.csv: column 'D26': the intermediate inputs of sector D26 \(domestic "):
        load_oecd_iot(f)
    won = _oecd(tmp_path, "TTL: Total", '"Korean Won, Millions"', rows, "won.csv")
    with pytest.raises(DataError, match=r"won.csv: column 'Unit': unit 'Korean Won, Millions' is won \(KRW\)"):
        load_oecd_iot(won)


def test_oecd_leontief_with_a_negative_entry(tmp_path):
    rows = ["To: (sector in column),,D01T03: Agriculture,D26: Computers", "From: (sector in row),,,",
            "DOM_01T03: Agriculture,,1.127,-0.010", "DOM_26: Computers,,0.004,1.300"]
    f = _oecd(tmp_path, "LEONTFD: Leontief inverse matrix (domestic)", "Index", rows)
    with pytest.raises(DataError, match=r"oecd.csv: column 'D26': the Leontief inverse has negative entries \(1; the "
                                        r"most negative, L\(D01T03, D26\) = -0.01\)"):
        load_oecd_leontief(f)
    f.write_text(f.read_text().replace("-0.010", "-0.0004"))  # within the rounding of three decimals
    assert load_oecd_leontief(f).loc["D01T03", "D26"] == -0.0004


@pytest.mark.shared_data
def test_the_real_oecd_tables_pass_the_checks(shared_data):
    table, _ = load(shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv")
    inputs = table.domestic.sum(axis=0) + table.imported.sum(axis=0)
    assert (inputs / table.output).max() < 0.87  # well inside: value added is at least 13% of output everywhere
    for name in ("OECD_IOT2018ed_KOR2015_LEONTFD_raw.csv", "OECD_IOT2021ed_KOR2018_LEONTFD_raw.csv"):
        inverse, _ = load(shared_data / "io_kor" / name)
        assert (inverse.to_numpy() >= 0).all()


@pytest.mark.parametrize("rows, message", [
    (["To: (sector in column),,D01T03: Agriculture,D26: Computers,D26: Computers,EXPO: Exports,IMPO: Imports",
      "From: (sector in row),,,,,,", "TTL_01T03: Agriculture,,10,20,1,5,-3", "TTL_26: Computers,,5,30,1,50,-40",
      "OUTPUT: Output at basic prices,,100,100,100,,"],
     "row 7, column 'D26': column D26 appears twice in the header (columns 4 and 5): expected each industry once"),
    (["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
      "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,20,5,-3", "TTL_26: Computers,,5,30,50,-40",
      "TTL_26: Computers,,5,30,50,-40", "OUTPUT: Output at basic prices,,100,100,,"],
     "row 11: row TTL_26 appears twice (rows 10 and 11): expected each product and total row once"),
    # a blank cell the table is built from: refused, never read as 0
    (["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
      "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,,5,-3", "TTL_26: Computers,,5,30,50,-40",
      "OUTPUT: Output at basic prices,,100,100,,"],
     "row 9, column 'D26': expected a number in row TTL_01T03, got an empty cell (OECD tables give every cell, zeros "
     "included: a blank is not read as 0)"),
    (["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
      "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,20,5,-3", "TTL_26: Computers,,5,30,,-40",
      "OUTPUT: Output at basic prices,,100,100,,"],
     "row 10, column 'EXPO': expected a number in row TTL_26, got an empty cell"),
    (["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
      "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,20,5,-3", "TTL_26: Computers,,5,30,50,-40",
      "OUTPUT: Output at basic prices,,100,,,"],
     "row 11, column 'D26': expected a number in row OUTPUT, got an empty cell"),
])
def test_a_malformed_oecd_table_is_refused_naming_its_row(tmp_path, rows, message):
    f = _oecd(tmp_path, "TTL: Total", '"US Dollar, Millions"', rows)
    with pytest.raises(DataError, match=re.escape(message)):
        load_oecd_iot(f)


def test_a_workbook_with_a_sector_row_twice_is_refused(tmp_path):
    z = np.array([[10.0, 2.0, 1.0], [3.0, 20.0, 4.0], [5.0, 6.0, 7.0]])
    f = _balanced(tmp_path, z, z / 10, np.array([60.0, 60.0, 60.0]))
    wb = openpyxl.load_workbook(f)
    ws = wb["국산거래표"]
    ws.insert_rows(6)
    for col in range(1, ws.max_column + 1):
        ws.cell(6, col).value = ws.cell(5, col).value
    wb.save(f)
    with pytest.raises(DataError, match=r"sheet '국산거래표': sector D26 has two rows \(5 and 6\)"):
        load_io_workbook(f)


def test_a_total_output_that_is_not_its_column_sum_is_refused(tmp_path):
    # D26: inputs 2 + 20 + 6 (domestic) + 2.8 (imported) + value added 60 = 90.8; written three times over
    z = np.array([[10.0, 2.0, 1.0], [3.0, 20.0, 4.0], [5.0, 6.0, 7.0]])
    f = _balanced(tmp_path, z, z / 10, np.array([60.0, 60.0, 60.0]))
    load_io_workbook(f)  # balanced: loads
    wb = openpyxl.load_workbook(f)
    ws = wb["국산거래표"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "총산출액")
    ws.cell(row, 4).value = 3 * ws.cell(row, 4).value
    wb.save(f)
    with pytest.raises(DataError, match=r"sector D26's total output \(총산출액\) is not its intermediate inputs plus value "
                                        r"added \(272 against 91 백만달러\)"):
        load_io_workbook(f)


def test_blank_cells_outside_the_flows_are_summed_as_zero_in_the_report(tmp_path):
    # the OUTPUT row's EXPO and IMPO cells are not flows: left blank, the table still loads
    rows = ["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
            "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,20,5,-3", "TTL_26: Computers,,5,30,50,-40",
            "OUTPUT: Output at basic prices,,100,100,,"]
    table, _ = load_oecd_iot(_oecd(tmp_path, "TTL: Total", '"US Dollar, Millions"', rows))
    assert table.output.tolist() == [100e6, 100e6]
    assert table.exports.tolist() == [5e6, 50e6]


def test_a_blank_cell_in_an_oecd_leontief_inverse_is_refused(tmp_path):
    rows = ["To: (sector in column),,D01T03: Agriculture,D26: Computers", "From: (sector in row),,,",
            "DOM_01T03: Agriculture,,1.127,", "DOM_26: Computers,,0.004,1.300"]
    f = _oecd(tmp_path, "LEONTFD: Leontief inverse matrix (domestic)", "Index", rows)
    with pytest.raises(DataError, match=r"row 9, column 'D26': expected a number in row DOM_01T03, got an empty cell"):
        load_oecd_leontief(f)


def test_empty_cells_of_a_workbook_are_read_as_zero_and_counted_in_the_report(tmp_path):
    z_d = np.array([[10.0, 2.0, 1.0], [3.0, 50.0, 4.0], [5.0, 6.0, 7.0]])
    z_m = np.array([[1.0, 0.5, 0.0], [2.0, 30.0, 1.0], [0.0, 1.0, 0.5]])
    va = np.array([40.0, 60.5, 80.0])
    output = z_d.sum(axis=0) + z_m.sum(axis=0) + va
    exports_d = np.array([5.0, 60.0, 2.0])
    f = tmp_path / "io.xlsx"
    _io_workbook(f, z_d, z_m, output - z_d.sum(axis=1) - exports_d, exports_d, np.array([3.0, 4.0, 5.0]), va)
    wb = openpyxl.load_workbook(f)
    wb["수입거래표"]["E4"].value = None  # the zero of z_m[0, 2], left empty as published tables do
    wb["수입거래표"]["C6"].value = None  # the zero of z_m[2, 0]
    wb.save(f)
    table, report = load(f, kind="io")
    np.testing.assert_allclose(table.imported.to_numpy(), z_m * 1e6)
    assert report.warnings == [f"sheet '수입거래표': 2 empty cells read as 0 (the first at row 4, column '{SECTORS[2]}')"]
    from exposure.report.translate import Translator

    assert Translator("ko").text(report.warnings[0]) == "시트 '수입거래표': 빈칸 2개를 0으로 읽음 (첫 칸: 4행, 'D45T47' 열)"


def test_negative_exports_or_imports_of_an_oecd_table_are_refused(tmp_path):
    rows = ["To: (sector in column),,D01T03: Agriculture,D26: Computers,EXPO: Exports,IMPO: Imports",
            "From: (sector in row),,,,,", "TTL_01T03: Agriculture,,10,20,5,-3", "TTL_26: Computers,,5,30,-50,-40",
            "OUTPUT: Output at basic prices,,100,100,0,0"]
    f = _oecd(tmp_path, "TTL: Total", '"US Dollar, Millions"', rows)
    with pytest.raises(DataError, match=re.escape("oecd.csv: column 'D26': the exports of sector D26 are negative "
                                                  "(-50,000,000 USD): expected exports ≥ 0")):
        load_oecd_iot(f)
    f.write_text(f.read_text().replace("-50,-40", "50,40"))  # IMPO written without its minus sign
    with pytest.raises(DataError, match=re.escape("the imports of sector D26 are negative (-40,000,000 USD): expected "
                                                  "imports ≥ 0 (OECD writes imports in IMPO with a minus sign")):
        load_oecd_iot(f)


def test_negative_exports_of_a_workbook_are_refused_and_negative_final_demand_is_not(tmp_path):
    z_d = np.array([[10.0, 2.0, 1.0], [3.0, 50.0, 4.0], [5.0, 6.0, 7.0]])
    z_m = np.array([[1.0, 0.5, 0.0], [2.0, 30.0, 1.0], [0.0, 1.0, 0.5]])
    va = np.array([40.0, 60.5, 80.0])
    output = z_d.sum(axis=0) + z_m.sum(axis=0) + va  # 61, 150, 93.5
    exports_d = np.array([5.0, 100.0, 2.0])  # sector D26: final demand 150 - 57 - 100 = -7 (inventories drawn down)
    f = tmp_path / "io.xlsx"
    _io_workbook(f, z_d, z_m, output - z_d.sum(axis=1) - exports_d, exports_d, np.array([3.0, 4.0, 5.0]), va)
    table, _ = load(f, kind="io")
    assert table.exports.tolist() == [5e6, 100e6, 2e6]
    exports_d[2] = -2.0
    _io_workbook(f, z_d, z_m, output - z_d.sum(axis=1) - exports_d, exports_d, np.array([3.0, 4.0, 5.0]), va)
    with pytest.raises(DataError, match=re.escape("io.xlsx: column 'D45T47': the exports of sector D45T47 are negative "
                                                  "(-2,000,000 USD): expected exports ≥ 0")):
        load(f, kind="io")
