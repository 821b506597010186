"""Write the corpus of broken inputs in tests/data/bad (run from the repository root).

    python tests/data/bad/make_cases.py

Every number and name here is invented. The layouts imitate what analysts hand
over: Korea Customs (관세청) downloads by item and country, K-stat top-100
workbooks, SME profiles, input–output workbooks, CEPII BACI files and scenario
TOML files — each broken in one way. What each file must give is recorded in
``cases.toml``; ``make_readme.py`` turns that into README.md.

The multi-million-row BACI file is not written here: the test generates it in a
temporary folder (see ``tests/test_bad_inputs.py``).
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

# -- a valid Korea Customs style import table: the base every trade case breaks ----------------------
HEADER = ["기간", "국가", "HS코드", "품목명", "수입 중량", "수입 금액"]
ROWS = [
    ["2019", "일본", "2811111000", "플루오르화수소", "850.0", "7,400"],
    ["2019", "중국", "2811111000", "플루오르화수소", "1,200.0", "730"],
    ["2019", "일본", "3707901010", "감광제", "12.5", "2,100"],
    ["2019", "미국", "8542311000", "집적회로", "20.0", "100"],
]


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write_csv(name: str, rows: list[list[str]], encoding: str = "utf-8", header: list[str] | None = None) -> None:
    (HERE / name).write_bytes(_csv_text([header or HEADER] + rows).encode(encoding))


def with_row(pos: int, row: list[str]) -> list[list[str]]:
    """The base rows with row ``pos`` (0-based) replaced."""
    return [row if i == pos else r for i, r in enumerate(ROWS)]


def write_trade_cases() -> None:
    write_csv("good_imports.csv", ROWS)  # not a case: the valid imports file the other cases run with
    (HERE / "empty.csv").write_bytes(b"")
    write_csv("header_only.csv", [])
    # UTF-8 up to row 3, then rows pasted from a CP949 download
    (HERE / "encoding_mixed.csv").write_bytes(_csv_text([HEADER] + ROWS[:2]).encode("utf-8")
                                              + _csv_text(ROWS[2:]).encode("cp949"))
    # a CP949 file whose mapping says UTF-8
    write_csv("encoding_declared.csv", ROWS, encoding="cp949")
    rng = random.Random(20190701)
    (HERE / "binary_junk.csv").write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    # what a portal hands out when the session expired: an error page saved under the .xlsx name
    (HERE / "html_page.xlsx").write_bytes(
        '<!DOCTYPE html>\n<html><head><meta charset="euc-kr"><title>오류</title></head>\n'
        "<body><h1>세션이 만료되었습니다</h1><p>다시 로그인하십시오.</p></body></html>\n".encode("cp949"))
    good = io.BytesIO()
    _imports_workbook().save(good)
    (HERE / "damaged.xlsx").write_bytes(good.getvalue()[: len(good.getvalue()) // 2])  # download cut short
    write_csv("missing_value_column.csv", [r[:5] for r in ROWS], header=HEADER[:5])
    write_csv("duplicate_header.csv", [r + ["△" + r[5]] for r in ROWS], header=HEADER + ["수입 금액"])
    write_csv("text_in_amount.csv", with_row(2, ROWS[2][:5] + ["이천백"]))
    write_csv("negative_amount.csv", with_row(2, ROWS[2][:5] + ["-2,100"]))
    write_csv("code_wrong_length.csv", with_row(2, ["2019", "일본", "37079", "감광제", "12.5", "2,100"]))
    write_csv("unknown_country.csv", with_row(2, ["2019", "일보나라", "3707901010", "감광제", "12.5", "2,100"]))
    write_csv("duplicate_key.csv", ROWS + [ROWS[0]])
    write_csv("mixed_units_cells.csv", with_row(3, ["2019", "미국", "8542311000", "집적회로", "20.0", "0.1백만달러"]))
    unit_conflict = _csv_text([["부품소재 수입 실적"], ["단위: 천달러, 톤"], HEADER[:5] + ["수입 금액(달러)"]] + ROWS)
    (HERE / "mixed_units_title_header.csv").write_text(unit_conflict, encoding="utf-8")
    write_csv("control_char_name.csv", with_row(2, ["2019", "일본", "3707901010", "감광\x07제", "12.5", "2,100"]))
    write_csv("control_char_amount.csv", with_row(2, ["2019", "일본", "3707901010", "감광제", "12.5", "2,1\x0000"]))
    write_csv("formula_item_name.csv", with_row(2, ["2019", "일본", "3707901010", "=cmd|' /C calc'!A0", "12.5",
                                                    "2,100"]))
    # a total row without a label between the data rows
    write_csv("total_row_unlabelled.csv", ROWS[:2] + [["", "", "", "", "2,050.0", "8,130"]] + ROWS[2:])
    # a labelled grand total between the data rows: recognised, dropped and reported
    write_csv("total_row_middle.csv", ROWS[:2] + [["총계", "", "", "", "2,082.5", "10,330"]] + ROWS[2:])
    # the month in a 월 column of its own beside a 기간 of years: July and August of one partner are two months
    write_csv("month_in_own_column.csv", [["2019", "07", "일본", "2811111000", "플루오르화수소", "850.0", "7,400"],
                                          ["2019", "08", "일본", "2811111000", "플루오르화수소", "10.0", "100"],
                                          ["2019", "07", "중국", "2811111000", "플루오르화수소", "1,200.0", "730"]],
              header=HEADER[:1] + ["월"] + HEADER[1:])
    # a power of ten in digits before the Korean scale: 100만달러 is a million dollars (read as 만달러: 100× too small)
    write_csv("unit_digits_scale.csv", [r[:5] + [a] for r, a in zip(ROWS, ("7.4", "0.73", "2.1", "0.1"))],
              header=HEADER[:5] + ["수입 금액(100만달러)"])
    # a Korean scale word beside USD in the title: 천 USD is thousands (read as plain dollars: 1,000× too small)
    (HERE / "unit_scale_beside_usd.csv").write_text(_csv_text([["단위: 천 USD, 톤"], HEADER] + ROWS), encoding="utf-8")
    # Korea's own exports by partner given as the world exports (every product's world HHI would be 1)
    write_csv("kor_exports_as_world.csv", ROWS, header=HEADER[:4] + ["수출 중량", "수출 금액"])
    # a UTF-8 byte-order mark in front of CP949 text (a file re-saved by a tool that adds the mark)
    (HERE / "bom_then_cp949.csv").write_bytes(b"\xef\xbb\xbf" + _csv_text([HEADER] + ROWS).encode("cp949"))
    # the first row again with the partner spelled in English: one country twice, not two parts to add
    write_csv("partner_two_spellings.csv", ROWS + [["2019", "JAPAN"] + ROWS[0][2:]])
    # a 총계 row of 10,330 over rows that sum to 8,230 (the 2,100 of 감광제 missing: a filtered or cut download)
    write_csv("total_row_rows_missing.csv", [["총계", "", "", "", "2,082.5", "10,330"]] + ROWS[:2] + ROWS[3:])


def _imports_workbook(sheet: str = "Sheet1") -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    for r in ROWS:
        ws.append([int(r[0]), r[1], r[2], r[3], float(r[4].replace(",", "")), float(r[5].replace(",", ""))])
    return wb


def write_workbook_cases() -> None:
    _imports_workbook("수입 실적").save(HERE / "missing_sheet.xlsx")
    (HERE / "missing_sheet.toml").write_text(
        '# a mapping naming a sheet the workbook does not have (the sheet is "수입 실적", with a space)\n'
        'name = "parts_imports"\nkind = "trade_flows"\n\n[read]\nsheet = "수입실적"\nunit = "천달러"\n'
        'code_system = "HSK10"\n\n[columns]\nyear = "기간"\npartner = "국가"\ncode = "HS코드"\nname = "품목명"\n\n'
        '[constants]\nreporter = "KOR"\n\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n', encoding="utf-8")
    (HERE / "encoding_declared.toml").write_text(
        '# a mapping that says UTF-8 for a file saved in CP949\n'
        'name = "parts_imports"\nkind = "trade_flows"\n\n[read]\nencoding = "utf-8"\nunit = "천달러"\n'
        'code_system = "HSK10"\n\n[columns]\nyear = "기간"\npartner = "국가"\ncode = "HS코드"\nname = "품목명"\n\n'
        '[constants]\nreporter = "KOR"\n\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n', encoding="utf-8")
    # merged header cell: "수입 금액" spans E1:F1 over two columns of numbers (amount and weight)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "수입 실적"
    ws.append(["기간", "국가", "HS코드", "품목명", "수입 금액", None])
    ws.merge_cells("E1:F1")
    for r in ROWS:
        ws.append([int(r[0]), r[1], r[2], r[3], float(r[5].replace(",", "")), float(r[4].replace(",", ""))])
    wb.save(HERE / "merged_header.xlsx")
    # the first sheet is a cover page; the data is on the second
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "표지"
    for line in ("2019년 부품소재 수입 실적", "작성: 정책분석과", "자료: 관세청 수출입무역통계"):
        ws.append([line])
    data = wb.create_sheet("수입 실적")
    data.append(HEADER)
    for r in ROWS:
        data.append(r)
    wb.save(HERE / "cover_sheet_first.xlsx")
    # one year a sheet, the same table twice: read from the first visible sheet, 2019 would be lost
    wb = openpyxl.Workbook()
    for i, year in enumerate(("2018", "2019")):
        ws = wb.active if i == 0 else wb.create_sheet(year)
        ws.title = year
        ws.append(HEADER)
        for r in ROWS:
            ws.append([year] + r[1:])
    wb.save(HERE / "two_year_sheets.xlsx")
    # a chart sheet first, the table on the sheet after it: NOT an error (a chart sheet holds no cells)
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "수입 실적"
    data.append(HEADER)
    for r in ROWS:
        data.append(r)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=6, min_row=1, max_row=len(ROWS) + 1), titles_from_data=True)
    wb.create_chartsheet("차트", 0).add_chart(chart)
    wb.save(HERE / "chartsheet_first.xlsx")
    # the same with the chart deleted from its sheet: the chart sheet has no relationships at all
    del wb["차트"]
    wb.create_chartsheet("차트", 0)
    wb.save(HERE / "chartsheet_empty.xlsx")


# -- top-100 export items and SME profiles -----------------------------------------------------------
def _top100(name: str, title: str, columns: list[str], total: list[int], rows: list[list[object]]) -> None:
    """A top-100 export table on the sheet 품목별 수출: title, unit row, header, the 총계 row, the items."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "품목별 수출"
    ws.append([title])
    ws.append(["단위: 천불"])
    ws.append(["순위", "MTI코드", "품목명", *columns])
    ws.append([None, None, "총계", *total])
    for row in rows:
        ws.append(row)
    wb.save(HERE / name)


def write_items_and_profiles() -> None:
    items = ((1, "831", "반도체", 500_000), (2, "741", "자동차", 300_000))
    _top100("top100_duplicate_item.xlsx", "수출 상위 품목 (MTI 3단위) — 2019년", ["2019년 금액", "대일본 금액"],
            [1_000_000, 60_000], [[rank, code, name, value, value // 20] for rank, code, name, value in
                                  (*items, (3, "831", "반도체 (재집계)", 150_000), (4, "133", "석유제품", 50_000))])
    # two years side by side, the earlier first (as KITA lays out 전년 | 당해): the latest year's block is read
    _top100("top100_two_years.xlsx", "수출 상위 품목 (MTI 3단위) — 2018~2019년", ["2018년 금액", "2019년 금액", "대일본 금액"],
            [1_100_000, 1_000_000, 60_000], [[r, c, n, v + 100_000, v, v // 20] for r, c, n, v in items])
    # exports to two partners side by side, China first: the run's target's column is read
    _top100("top100_china_and_japan.xlsx", "수출 상위 품목 (MTI 3단위) — 2019년", ["2019년 금액", "대중국 금액", "대일본 금액"],
            [1_000_000, 250_000, 60_000], [[r, c, n, v, v // 4, v // 20] for r, c, n, v in items])
    header = ("업종코드,업종명,업종명(영문),수출액(백만달러),산출액(백만달러),중소기업 비중(%),중소기업 비중 기준,"
              "중소기업 수,대일 수출액(백만달러)\n")
    (HERE / "profile_share_over_100.csv").write_text(
        header + "D26,전자부품,Electronic components,1000.0,2000.0,18.5,수출,1200,80.0\n"
                 "D29,자동차,Motor vehicles,500.0,900.0,135.0,수출,800,20.0\n", encoding="utf-8-sig")
    (HERE / "profile_missing_share.csv").write_text(
        "업종코드,업종명,수출액(백만달러),산출액(백만달러)\nD26,전자부품,1000.0,2000.0\nD29,자동차,500.0,900.0\n",
        encoding="utf-8-sig")


# -- CEPII BACI ----------------------------------------------------------------------------------------
def write_baci_cases() -> None:
    head = "t,i,j,k,v,q\n"
    (HERE / "baci_negative_value.csv").write_text(
        head + "2019,392,410,281111,10.5,1.0\n2019,392,410,370790,-3.2,NA\n", encoding="utf-8")
    (HERE / "baci_nan_value.csv").write_text(head + "2019,392,410,281111,10.5,1.0\n2019,156,410,281111,nan,NA\n",
                                             encoding="utf-8")
    (HERE / "baci_duplicate_key.csv").write_text(
        head + "2019,392,410,281111,10.5,1.0\n2019,392,410,370790,3.2,NA\n2019,392,410,281111,1.5,NA\n",
        encoding="utf-8")
    with zipfile.ZipFile(HERE / "zip_without_csv.zip", "w") as zf:
        zf.writestr("readme.txt", "국가별 수입 실적 원자료\n")
    with zipfile.ZipFile(HERE / "zip_not_baci.zip", "w") as zf:
        zf.writestr("수입실적.csv", _csv_text([HEADER] + ROWS))


# -- input–output workbooks (3 sectors, USD million) ---------------------------------------------------
SECTORS = [("D20T21", "화학·의약품"), ("D26", "전자·광학기기"), ("D29", "자동차")]
DOMESTIC = [[120.0, 30.0, 15.0], [5.0, 210.0, 40.0], [1.0, 2.0, 160.0]]
IMPORTED = [[40.0, 25.0, 6.0], [2.0, 90.0, 12.0], [0.5, 1.0, 30.0]]
FINAL, EXPORTS = [200.0, 150.0, 260.0], [110.0, 520.0, 300.0]
OUTPUT = [475.0, 925.0, 723.0]
VALUE_ADDED = [306.5, 567.0, 460.0]


def _io_sheet(wb: openpyxl.Workbook, title: str, label: str, cols: list[str], rows: list[tuple[str, str]],
              flows: list[list[float]], domestic: bool, output: list[float]) -> None:
    ws = wb.create_sheet(title)
    ws.append([f"2019년 산업연관표 ({label}, 기초가격)"])
    ws.append(["단위: 백만달러"])
    ws.append(["코드", "부문명", *cols, "최종수요", "수출", "총수요"])
    for i, (code, name) in enumerate(rows):
        row = flows[i]
        final = FINAL[i] if i < len(FINAL) else 0.0
        final, exports = (final, EXPORTS[i] if i < len(EXPORTS) else 0.0) if domestic else (final / 5, 0.0)
        ws.append([code, name, *row, final, exports, sum(row) + final + exports])
    if domestic:
        ws.append(["부가가치", "부가가치", *VALUE_ADDED[: len(cols)]])
        ws.append(["총산출액", "총산출액", *output])


def _io_workbook(name: str, dom_rows: list[tuple[str, str]] | None = None, imp_cols: list[str] | None = None,
                 output: list[float] | None = None) -> None:
    cols = [c for c, _ in SECTORS]
    dom_rows = dom_rows or SECTORS
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    flows = DOMESTIC + [[0.0, 0.0, 0.0]] * (len(dom_rows) - len(DOMESTIC))
    _io_sheet(wb, "국산거래표", "국산거래표", cols, dom_rows, flows, True, output or OUTPUT)
    _io_sheet(wb, "수입거래표", "수입거래표", imp_cols or cols, SECTORS, IMPORTED, False, OUTPUT)
    wb.save(HERE / name)


def write_io_cases() -> None:
    _io_workbook("io_not_square.xlsx", dom_rows=SECTORS[:2])  # three sector columns, two sector rows
    _io_workbook("io_extra_row.xlsx", dom_rows=SECTORS + [("D35", "전기·가스")])
    _io_workbook("io_negative_output.xlsx", output=[475.0, -925.0, 723.0])
    _io_workbook("io_sheets_differ.xlsx", imp_cols=["D20T21", "D26", "D28"])


def write_io_check_cases() -> None:
    # D26 uses 242 + 116 = 358 of intermediate inputs but its output is given as 300 (a typo of 925)
    _io_workbook("io_inputs_exceed_output.xlsx", output=[475.0, 300.0, 723.0])
    # a two-sector table where D26 sells its whole output to D29 and D29 its whole output to D26,
    # with no value added and no imports: I − Aᴰ is singular
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, flows in (("국산거래표", [[0.0, 100.0], [100.0, 0.0]]), ("수입거래표", [[0.0, 0.0], [0.0, 0.0]])):
        ws = wb.create_sheet(title)
        ws.append([f"2019년 산업연관표 ({title})"])
        ws.append(["단위: 백만달러"])
        ws.append(["코드", "부문명", "D26", "D29", "최종수요", "수출", "총수요"])
        for code, name, row in (("D26", "전자·광학기기", flows[0]), ("D29", "자동차", flows[1])):
            ws.append([code, name, *row, 0.0, 0.0, sum(row)])
        if title == "국산거래표":
            ws.append(["부가가치", "부가가치", 0.0, 0.0])
            ws.append(["총산출액", "총산출액", 100.0, 100.0])
    wb.save(HERE / "io_singular.xlsx")
    # a negative domestic flow makes the Leontief inverse negative
    dom = [row[:] for row in DOMESTIC]
    dom[1][2] = -400.0
    cols = [c for c, _ in SECTORS]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _io_sheet(wb, "국산거래표", "국산거래표", cols, SECTORS, dom, True, OUTPUT)
    _io_sheet(wb, "수입거래표", "수입거래표", cols, SECTORS, IMPORTED, False, OUTPUT)
    wb.save(HERE / "io_negative_leontief.xlsx")
    # the Bank of Korea publishes its tables in 백만원: refused without a rate
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _io_sheet(wb, "국산거래표", "국산거래표", cols, SECTORS, DOMESTIC, True, OUTPUT)
    _io_sheet(wb, "수입거래표", "수입거래표", cols, SECTORS, IMPORTED, False, OUTPUT)
    for ws in wb:
        ws["A2"] = "단위: 십억원"
    wb.save(HERE / "io_in_won.xlsx")


def write_io_trade_cases() -> None:
    # D29's exports typed with a minus (-300), its final demand raised by 600 so that every row still adds up
    cols = [c for c, _ in SECTORS]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _io_sheet(wb, "국산거래표", "국산거래표", cols, SECTORS, DOMESTIC, True, OUTPUT)
    _io_sheet(wb, "수입거래표", "수입거래표", cols, SECTORS, IMPORTED, False, OUTPUT)
    ws = wb["국산거래표"]
    ws["F6"], ws["G6"] = FINAL[2] + 600.0, -EXPORTS[2]
    wb.save(HERE / "io_negative_exports.xlsx")
    # an OECD IOT table with one cell of the flows left blank: never read as 0
    head = [",,", "Dataset: Input-Output Tables 2018 edition,,", "Variable,,TTL: Total", "Country,,KOR: Korea",
            "Time,,2015", 'Unit,,"US Dollar, Millions"']
    rows = ["To: (sector in column),,D20T21: Chemicals,D26: Computers,EXPO: Exports,IMPO: Imports",
            "From: (sector in row),,,,,", "TTL_20T21: Chemicals,,120,30,110,-40", "TTL_26: Computers,,,210,520,-90",
            "VALU: Value added at basic prices,,306,567,0,0", "OUTPUT: Output at basic prices,,475,925,0,0"]
    (HERE / "oecd_blank_cell.csv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")


# -- scenario TOML ---------------------------------------------------------------------------------------
SCENARIO_HEAD = 'name = "my-scenario"\nkind = "supply"\ntarget = "JPN"\n'
SCENARIOS = {
    "scenario_unknown_rule_key.toml": SCENARIO_HEAD + '\n[[rules]]\nname = "hydrogen fluoride"\n'
                                                       'codes = ["2811111000"]\ncoverage = 1.0\ncoverge_note = "typo"\n',
    "scenario_unknown_key.toml": SCENARIO_HEAD + 'horizon = 90\n\n[[rules]]\nname = "hydrogen fluoride"\n'
                                                 'codes = ["2811111000"]\ncoverage = 1.0\n',
    "scenario_coverage_range.toml": SCENARIO_HEAD + '\n[[rules]]\nname = "hydrogen fluoride"\n'
                                                    'codes = ["2811111000"]\ncoverage = 1.5\n',
    "scenario_prefix_range.toml": SCENARIO_HEAD + '\n[[rules]]\nname = "metals"\nprefixes = ["81-72"]\n'
                                                  'coverage = 0.5\n',
    "scenario_lag_zero.toml": SCENARIO_HEAD + 'lag_days = 0\n\n[[rules]]\nname = "photoresist"\n'
                                              'codes = ["3707901010"]\ncoverage = 1.0\n',
    "scenario_codes_unquoted.toml": SCENARIO_HEAD + '\n[[rules]]\nname = "live animals"\ncodes = [10619]\n'
                                                    'coverage = 1.0\n',
    "scenario_not_toml.toml": SCENARIO_HEAD + '\n[[rules]\nname = "hydrogen fluoride"\ncoverage = 1.0\n',
    "scenario_condition_column.toml": SCENARIO_HEAD + '\n[[rules]]\nname = "dependent chemicals"\nprefixes = ["28-38"]\n'
                                                      'condition = "japan_share >= 0.5"\ncoverage = 0.8\n',
    "scenario_codes_match_nothing.toml": SCENARIO_HEAD + '\n[[rules]]\nname = "not in this dataset"\n'
                                                         'codes = ["9999999999", "999999"]\nprefixes = ["98"]\n'
                                                         'coverage = 1.0\n',
}


def write_scenarios() -> None:
    for name, text in SCENARIOS.items():
        (HERE / name).write_text(text, encoding="utf-8")


# -- run configs (TOML) and option values that must be refused before any input is read -------------------
CONFIGS: dict[str, str | bytes] = {
    "config_negative_seed.toml": "draws = 10\nseed = -1\n",
    "config_too_many_draws.toml": "draws = 1000000\n",
    "config_unknown_key.toml": "drawz = 10\n",
    "config_wrong_type.toml": 'draws = "many"\n',
    "config_duplicate_scenarios.toml": 'scenarios = ["full-embargo", "full-embargo"]\n',
    "config_fx_negative.toml": "[fx_rates]\nKRW = -1100\n",
    "config_bad_lang.toml": 'lang = "jp"\n',
    "config_sensitivity_negative.toml": "sensitivity_draws = -5\n",
    "config_mapping_kind.toml": 'mapping = ["bogus=layout.toml"]\n',
    "config_sigma_negative.toml": '# 설정\nproduction = "ces"\nsigma = -0.5\n',
    "config_cp949.toml": "# 분석 설정\ndraws = 10\n".encode("cp949"),
    "config_noise_negative.toml": "draws = 10\nnoise = { coverage = -0.2 }\n",
    "config_horizon_inf.toml": "horizon_days = inf\n",
    "config_target_bad.toml": 'target = "JAPAN"\n',
    "scenario_control_char.toml": 'name = "my-tier"\nkind = "supply"\n\n[[rules]]\nname = "hydrogen\\u0007 fluoride"\n'
                                  'codes = ["2811111000"]\ncoverage = 1.0\n',
}


def write_configs() -> None:
    for name, text in CONFIGS.items():
        path = HERE / name
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")


# -- untrusted input: other currencies, commas, non-finite values, hidden sheets, readers' failures ----
def _with_amounts(amounts: list[str], header: list[str] | None = None) -> list[list[str]]:
    return [r[:5] + [a] for r, a in zip(ROWS, amounts)]


def write_money_cases() -> None:
    title = [["부품소재 수입 실적"], ["단위: 천원, 톤"]]
    (HERE / "unit_thousand_won_title.csv").write_text(_csv_text(title + [HEADER] + ROWS), encoding="utf-8")
    write_csv("unit_won_header.csv", ROWS, header=HEADER[:5] + ["수입 금액(원)"])
    # a 단위 row under the header: (톤) under the weight, (천원) under the amount
    write_csv("unit_row_thousand_won.csv", [["", "", "", "", "(톤)", "(천원)"]] + ROWS)
    write_csv("unit_yen_in_mapping.csv", ROWS)
    # a unit that is not money on the amount column (tonnes, a share, a count), and money on the weight
    write_csv("unit_weight_on_amount.csv", ROWS, header=HEADER[:5] + ["수입 금액(톤)"])
    write_csv("unit_percent_on_amount.csv", ROWS, header=HEADER[:5] + ["수입 금액(%)"])
    write_csv("unit_money_on_weight.csv", ROWS, header=HEADER[:4] + ["수입 중량(천달러)", "수입 금액"])
    # a column of units (단위) on every row: 천원 must be refused without a rate, two units at once are refused,
    # and 달러 (USD, not the mapping's 천달러) is read as stated
    write_csv("unit_column_won.csv", [r + ["천원"] for r in ROWS], header=HEADER + ["단위"])
    write_csv("unit_column_mixed.csv", [r + ["천달러" if i % 2 == 0 else "천원"] for i, r in enumerate(ROWS)],
              header=HEADER + ["단위"])
    write_csv("unit_column_dollars.csv", [r + ["달러"] for r in ROWS], header=HEADER + ["통화"])
    # an SME profile whose exports-to-the-target column is exports to China (the run's target is Japan)
    profile = (ROOT / "datasets" / "demo" / "sme_profile_2019.csv").read_text(encoding="utf-8-sig")
    (HERE / "profile_exports_to_china.csv").write_text(profile.replace("대일 수출액", "대중국 수출액", 1),
                                                        encoding="utf-8-sig")
    # a 단위 row under the header with the two units swapped: (천달러) under the weight, (톤) under the amount
    write_csv("unit_row_swapped.csv", [["", "", "", "", "(천달러)", "(톤)"]] + ROWS)
    (HERE / "unit_yen_in_mapping.toml").write_text(
        '# a mapping that says the amounts are in thousand yen\n'
        'name = "parts_imports_yen"\nkind = "trade_flows"\n\n[read]\nunit = "천엔"\ncode_system = "HSK10"\n\n'
        '[columns]\nyear = "기간"\npartner = "국가"\ncode = "HS코드"\nname = "품목명"\n\n'
        '[[flows]]\nflow = "M"\nvalue = "수입 금액"\n', encoding="utf-8")
    # 천원 with a rate given on the command line: converted (7,400 천원 at 1,000 KRW/USD = 7,400 USD)
    (HERE / "unit_thousand_won_with_fx.csv").write_text(_csv_text(title + [HEADER] + ROWS), encoding="utf-8")
    # 원 inside other words (원자재, 원산지) is no unit: this file is in thousand dollars and loads
    words = [["원자재 수입 실적 (원산지 기준)"], ["단위: 천달러"]]
    (HERE / "won_inside_words.csv").write_text(
        _csv_text(words + [["기간", "국가", "HS코드", "품목명(원재료)", "수입 중량", "수입 금액"]] + ROWS),
        encoding="utf-8")
    write_csv("comma_not_thousands.csv", _with_amounts(["7400,5", "730", "2,100", "100"]))
    write_csv("comma_two_digits.csv", _with_amounts(["7,400", "730", "2,1", "100"]))
    # a European CSV: ';' between fields, decimal commas (7.400,5 = 7400.5 thousand USD)
    (HERE / "decimal_comma_semicolon.csv").write_text(
        "\n".join(";".join(r) for r in [HEADER[:5] + ["수입 금액(천달러)"]] + [
            ["2019", "일본", "2811111000", "플루오르화수소", "850,0", "7.400,5"],
            ["2019", "중국", "2811111000", "플루오르화수소", "1.200,0", "730,25"],
            ["2019", "일본", "3707901010", "감광제", "12,5", "2.100"]]) + "\n", encoding="utf-8")
    write_csv("decimal_mixed.csv", _with_amounts(["7.400,5", "730", "2,100.5", "100"]))
    write_csv("amount_inf.csv", _with_amounts(["7,400", "inf", "2,100", "100"]))
    write_csv("amount_overflow.csv", _with_amounts(["7,400", "730", "1e999", "100"]))
    write_csv("amount_nan_text.csv", _with_amounts(["7,400", "730", "2,100", "NaN"]))
    write_csv("amount_percent.csv", _with_amounts(["7,400", "12.5%", "2,100", "100"]))  # a share pasted as an amount
    wb = _imports_workbook("수입 실적")
    wb.active["F3"] = "#N/A"  # an error value where an amount belongs (openpyxl stores it as an error cell)
    wb.save(HERE / "amount_error_cell.xlsx")


def write_sheet_cases() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "안내"
    wb.active.append(["이 파일의 표는 숨겨진 시트에 있습니다"])
    wb.active.delete_rows(1)
    hidden = _imports_workbook("data").active
    data = wb.create_sheet("data")
    for row in hidden.iter_rows(values_only=True):
        data.append(row)
    data.sheet_state = "hidden"
    wb.save(HERE / "hidden_sheet_only_data.xlsx")
    # a very hidden sheet first (with other, larger numbers), the visible table second: the visible one is read
    wb = openpyxl.Workbook()
    secret = wb.active
    secret.title = "계산용"
    secret.append(HEADER)
    for r in ROWS:
        secret.append([int(r[0]), r[1], r[2], r[3], 1.0, 999_999.0])
    secret.sheet_state = "veryHidden"
    shown = wb.create_sheet("수입 실적")
    shown.append(HEADER)
    for r in ROWS:
        shown.append([int(r[0]), r[1], r[2], r[3], float(r[4].replace(",", "")), float(r[5].replace(",", ""))])
    wb.save(HERE / "hidden_sheet_first.xlsx")


def write_reader_cases() -> None:
    good = io.BytesIO()
    _imports_workbook().save(good)
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(HERE / "xlsx_missing_part.xlsx", "w") as zout:
        for info in zin.infolist():
            if info.filename != "xl/workbook.xml":
                zout.writestr(info, zin.read(info))
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(HERE / "xlsx_broken_xml.xlsx", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # the sheet's XML stops mid-tag
            zout.writestr(info, data)
    (HERE / "xlsx_encrypted.xlsx").write_bytes(ole_file(["EncryptionInfo", "EncryptedPackage"]))
    (HERE / "xls_without_workbook.xls").write_bytes(ole_file(["Data"]))
    (HERE / "csv_field_too_large.csv").write_text(
        _csv_text([HEADER, ROWS[0], ROWS[1][:3] + ["x" * 200_000] + ROWS[1][4:]]), encoding="utf-8")
    (HERE / "mapping_cp949.toml").write_bytes(
        ('# 수입 실적 매핑 (메모장에서 ANSI로 저장)\nname = "parts_imports"\nkind = "trade_flows"\n\n[read]\n'
         'unit = "천달러"\n\n[columns]\nyear = "기간"\npartner = "국가"\ncode = "HS코드"\n\n[[flows]]\n'
         'flow = "M"\nvalue = "수입 금액"\n').encode("cp949"))
    (HERE / "mapping_bom.toml").write_bytes(
        ('name = "parts_imports"\nkind = "trade_flows"\n\n[read]\nunit = "천달러"\n\n[columns]\nyear = "기간"\n'
         'partner = "국가"\ncode = "HS코드"\nname = "품목명"\n\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n'
         ).encode("utf-8-sig"))
    (HERE / "mapping_nested.toml").write_text("a = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with zipfile.ZipFile(HERE / "sheet.ods", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office='
                                   '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    (HERE / "html_colspan_huge.xls").write_text(
        '<html><head><meta charset="utf-8"></head><body><table>'
        "<tr><th>기간</th><th>국가</th><th>HS코드</th><th>수입 금액(천달러)</th></tr>"
        '<tr><td>2019</td><td colspan="100000000">일본</td></tr></table></body></html>\n', encoding="utf-8")
    # an HTML "xls" whose year is one cell spanning the rows (rowspan), as portals write it: read on each row
    body = "".join(f"<tr>{'<td rowspan=4>2019</td>' if i == 0 else ''}" + "".join(f"<td>{c}</td>" for c in r[1:])
                   + "</tr>" for i, r in enumerate(ROWS))
    (HERE / "html_rowspan_year.xls").write_text(
        '<html><head><meta charset="utf-8"></head><body><table><tr>' + "".join(f"<th>{h}</th>" for h in HEADER)
        + "</tr>" + body + "</table></body></html>\n", encoding="utf-8")
    # … and an amount spanning two rows: one amount is no amount of each row (refused as in a workbook)
    (HERE / "html_rowspan_amount.xls").write_text(
        '<html><head><meta charset="utf-8"></head><body><table><tr>' + "".join(f"<th>{h}</th>" for h in HEADER)
        + "</tr><tr>" + "".join(f"<td>{c}</td>" for c in ROWS[0][:5]) + "<td rowspan=2>7,400</td></tr><tr>"
        + "".join(f"<td>{c}</td>" for c in ROWS[1][:5]) + "</tr></table></body></html>\n", encoding="utf-8")


def write_layout_cases() -> None:
    write_csv("float_codes.csv", [r[:2] + [r[2] + ".0"] + r[3:] for r in ROWS])
    # a one-product monthly download: no code column, English headers, amounts in dollars
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Year", "Month", "ImportDollar", "ImportKg"])
    for m, (v, kg) in enumerate([(4_805_288, 3_142_150), (4_778_558, 3_055_050), (5_890_361, 3_350_580)], start=1):
        ws.append([2018, m, v, kg])
    wb.save(HERE / "one_item_monthly.xlsx")
    # an HSK10 block and an HS6 block side by side, the unit in the title, two-letter countries
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2018년 불화수소 국가별 수입 (단위: 달러)"])
    ws.append(["HSK10 품목", "HSK10 국가", "HSK10 수입금액", None, "HS6 품목", "HS6 국가", "HS6 수입금액"])
    left = [("[2811111000] 반도체 제조용", "JP", 66_856_769), ("[2811111000] 반도체 제조용", "CN", 82_974_262)]
    right = [("[281111] 플루오르화수소", "JP", 73_141_118), ("[281111] 플루오르화수소", "CN", 144_574_821),
             ("[281111] 플루오르화수소", "DE", 14_275)]
    for i in range(3):
        a = left[i] if i < len(left) else (None, None, None)
        ws.append([*a, None, *right[i]])
    wb.save(HERE / "side_by_side_hsk10_hs6.xlsx")
    # the same flows in two files: refused, never summed
    write_csv("overlap_first.csv", ROWS)
    write_csv("overlap_second.csv", ROWS[:2])
    # HS6 annual from one source and HSK10 from another: the finer rows are kept
    write_csv("coarse_hs6_annual.csv", [["2019", "일본", "281111", "플루오르화수소", "900.0", "8,000"],
                                        ["2019", "미국", "281111", "플루오르화수소", "10.0", "150"]])


def ole_file(streams: list[str]) -> bytes:
    """A minimal OLE compound file (CFB v3) whose root holds empty streams of these names.

    Excel saves a password-protected .xlsx as such a file with the streams EncryptionInfo
    and EncryptedPackage; an .xls is one holding a Workbook stream.
    """
    import struct

    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat = struct.pack("<II", fat_sect, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, left: int = nostream, right: int = nostream, child: int = nostream) -> bytes:
        raw = (name.encode("utf-16-le") + b"\x00\x00") if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1 if name else 0)
                + struct.pack("<III", left, right, child) + bytes(16 + 4 + 16) + struct.pack("<II", end, 0)
                + bytes(4))

    # a binary tree by (length, name): each stream's left sibling is the one before it
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i]), streams[i].upper()))
    entries = [entry("Root Entry", 5, child=1 + order[-1])]
    for i, name in enumerate(streams):
        at = order.index(i)
        entries.append(entry(name, 2, left=1 + order[at - 1] if at > 0 else nostream))
    while len(entries) < 4:
        entries.append(entry("", 0))
    return header + fat + b"".join(entries)


def main() -> None:
    write_trade_cases()
    write_workbook_cases()
    write_items_and_profiles()
    write_baci_cases()
    write_io_cases()
    write_scenarios()
    write_configs()
    write_money_cases()
    write_sheet_cases()
    write_reader_cases()
    write_layout_cases()
    write_io_check_cases()
    write_io_trade_cases()


if __name__ == "__main__":
    main()
