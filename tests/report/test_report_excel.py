"""Golden tests of the workbook: read it back with openpyxl and check what an analyst sees.

No byte comparison: sheet names, headers, number formats, conditional formats, Excel
tables, the native chart, codes as text, literal (never formula) text, properties.
Expected money values are worked out by hand from the fixture's constants.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from exposure.report.labels import header, headers

import exposure
from exposure.config import Config
from exposure.errors import ConfigError
from exposure.report.excel import display_width, write_workbook
from exposure.results import Results

CREATED = datetime(2024, 1, 2, 3, 4, 5)
KO_SHEETS = ["방법론", "요약", "업종", "품목", "공급부족", "기여요인", "수출품목", "시나리오", "불확실성", "검증"]
EN_SHEETS = ["README", "Summary", "Sectors", "Products", "Shocks", "Drivers", "Export items", "Scenarios",
             "Uncertainty", "Validation"]


@pytest.fixture(scope="module")
def book(shared_results, tmp_path_factory):
    path = write_workbook(shared_results, tmp_path_factory.mktemp("ko") / "report.xlsx", created=CREATED)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def book_en(shared_results, tmp_path_factory):
    path = write_workbook(shared_results, tmp_path_factory.mktemp("en") / "report_en.xlsx", lang="en",
                          created=CREATED)
    return openpyxl.load_workbook(path)


def table_rows(ws, name):
    """(headers, list of rows of cells) of the Excel table ``name`` on ``ws``."""
    rows = list(ws[ws.tables[name].ref])
    return [c.value for c in rows[0]], rows[1:]


def column(ws, name, header):
    heads, rows = table_rows(ws, name)
    j = heads.index(header)
    return [r[j] for r in rows]


def sme_at_risk(fx, scenario_col=5):
    """SME export at risk by sector, worked out from the fixture constants: exports × SME share × E."""
    return {rec[0]: rec[3] * rec[4] * rec[scenario_col] for rec in fx.SECTORS}


def test_sheet_names_ko_and_en(book, book_en):
    assert book.sheetnames == KO_SHEETS
    assert book_en.sheetnames == EN_SHEETS
    assert book.active.title == "요약"


def test_summary_headers_order_and_values(book, fx):
    ws = book["요약"]
    heads, rows = table_rows(ws, "Summary")
    assert heads == headers(["rank", "sector", "sector_name_ko", "exposure_rate", "export_usd", "export_at_risk_usd",
                             "sme_share", "sme_export_at_risk_usd", "flags", "no_data_reason"], "ko")
    assert ws.tables["Summary"].ref == "A4:J23"  # 18 scored sectors + 1 without data
    assert ws.freeze_panes == "A5"
    # worked by hand: 220e9 × 0.12 × 0.02, 62e9 × 0.25 × 0.015, 35e9 × 0.35 × 0.008
    assert [r[7].value for r in rows[:3]] == pytest.approx([528_000_000, 232_500_000, 98_000_000])
    assert [r[2].value for r in rows[:3]] == ["컴퓨터·전자·광학기기", "화학·의약품", "전기장비"]
    assert [r[0].value for r in rows[:3]] == [1, 2, 3]
    last = rows[-1]
    assert last[1].value == "D10T12" and last[0].value is None and last[7].value is None
    assert last[9].value == "업종 수출액 자료 없음 (profile.csv)"


def test_summary_native_bar_chart_of_top_15(book, fx):
    ws = book["요약"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "barChart" and chart.barDir == "bar"
    ser = chart.series[0]
    assert ser.val.numRef.f == "'요약'!$H$5:$H$19"  # the table's SME-at-risk cells of ranks 1–15
    assert ser.cat.strRef.f == "'요약'!$C$5:$C$19"
    expected = sorted(sme_at_risk(fx).values(), reverse=True)[:15]
    assert [ws[f"H{r}"].value for r in range(5, 20)] == pytest.approx(expected)


def test_chart_uses_a_sorted_block_when_ranking_is_not_by_sme_value(results_factory, tmp_path, fx):
    res = results_factory()
    s = res.sectors.copy()
    first = s["scenario"] == fx.S1
    # a composite ranking that puts D27 first and D26 third
    s.loc[first & (s["sector"] == "D26"), "rank"] = 3
    s.loc[first & (s["sector"] == "D27"), "rank"] = 1
    s.loc[first & (s["sector"] == "D20T21"), "rank"] = 2
    res.sectors = s
    ws = openpyxl.load_workbook(write_workbook(res, tmp_path / "r.xlsx"))["요약"]
    heads, rows = table_rows(ws, "Summary")
    assert rows[0][1].value == "D27"
    ser = ws._charts[0].series[0]
    ref = ser.val.numRef.f
    col = re.match(r"'요약'!\$([A-Z]+)\$5:\$\1\$19", ref).group(1)
    values = [ws[f"{col}{r}"].value for r in range(5, 20)]
    assert values == pytest.approx(sorted(sme_at_risk(fx).values(), reverse=True)[:15])
    assert values[0] == pytest.approx(528_000_000)


def test_sectors_table_formats_and_conditional_formatting(book):
    ws = book["업종"]
    heads, rows = table_rows(ws, "Sectors")
    assert ws.tables["Sectors"].ref == "A1:O39"
    assert ws.tables["Sectors"].autoFilter.ref == "A1:O39"
    assert ws.freeze_panes == "A2"
    assert heads[-1] == "extra_engine_column"  # unknown engine columns are kept, under their own name
    fmt = {h: rows[0][j].number_format for j, h in enumerate(heads)}
    assert fmt[header("export_usd", "ko")] == "#,##0"
    assert fmt[header("sme_export_at_risk_usd", "ko")] == "#,##0"
    assert fmt["중소기업 비중"] == "0.0%"
    assert fmt["노출률 E"] == "0.00%"
    assert fmt["업종 코드"] == "@"
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules[str(cf.sqref)] = rule.type
    col = {h: openpyxl.utils.get_column_letter(j + 1) for j, h in enumerate(heads)}
    assert rules["{0}2:{0}39".format(col[header("sme_export_at_risk_usd", "ko")])] == "dataBar"
    assert rules["{0}2:{0}39".format(col[header("export_at_risk_usd", "ko")])] == "dataBar"
    assert rules[f"{col['중소기업 비중']}2:{col['중소기업 비중']}39"] == "colorScale"
    assert rules[f"{col['노출률 E']}2:{col['노출률 E']}39"] == "colorScale"


def test_booleans_read_as_words(book, book_en, fx):
    for ws, yes, no, lang in ((book["품목"], "예", "아니오", "ko"), (book_en["Products"], "yes", "no", "en")):
        heads, rows = table_rows(ws, "Products")
        j, code = heads.index(header("persistent", lang)), heads.index(header("code", lang))
        persistent = {r[code].value: r[j].value for r in rows}
        assert persistent["3707901010"] == yes  # 93.2 % from Japan
        assert persistent["2811111000"] == no  # 41.9 %


def test_codes_are_text_with_leading_zeros(book):
    ws = book["품목"]
    codes = column(ws, "Products", header("code", "ko"))
    assert [c.value for c in codes][-2:] == ["010619", "030389"]
    assert all(c.data_type == "s" and c.number_format == "@" for c in codes)
    assert "2811111000" in [c.value for c in codes]
    items = column(book["수출품목"], "ExportItems", header("item_code", "ko"))
    assert [c.value for c in items] == ["831", "741"]


def test_formula_like_text_is_stored_as_literal_text(book, fx, tmp_path, results):
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in fx.INJECTIONS:
                    found[cell.value] = cell
    assert set(found) == set(fx.INJECTIONS)
    for value, cell in found.items():
        assert cell.data_type == "s", value
        assert cell.quotePrefix, value
    # and the file itself holds no formula anywhere
    path = write_workbook(results, tmp_path / "x.xlsx")
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert "<f>" not in z.read(name).decode("utf-8") and "<f " not in z.read(name).decode("utf-8")


def test_scenarios_side_by_side_with_korean_change_format(book, book_en, fx):
    ws = book["시나리오"]
    assert ws["C1"].value == fx.S1
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "C1:G1" in merged and "H1:M1" in merged
    heads, rows = table_rows(ws, "Scenarios")
    assert heads[:3] == ["업종 코드", "업종명", f"{fx.S1}: 순위"]
    delta_head = f"{fx.S2}: {fx.S1} 대비 차이(달러)"
    assert heads[-1] == delta_head
    by_sector = {r[0].value: r for r in rows}
    # hand: 220e9 × 0.12 × (0.045 − 0.02) = 660e6; D19: 46e9 × 0.02 × (0.0001 − 0.0002) = −92,000
    assert by_sector["D26"][-1].value == pytest.approx(660_000_000)
    assert by_sector["D19"][-1].value == pytest.approx(-92_000)
    assert by_sector["D19"][-1].number_format == '#,##0;"△"#,##0;0'
    assert [r[0].value for r in rows[:3]] == ["D26", "D20T21", "D27"]  # first scenario's ranking
    heads_en, rows_en = table_rows(book_en["Scenarios"], "Scenarios")
    assert heads_en[-1] == f"{fx.S2}: Change vs {fx.S1} (USD)"
    assert rows_en[0][-1].number_format == "#,##0;-#,##0;0"
    assert "ScenarioSettings" in ws.tables


def test_validation_sheet_lists_every_file_and_dropped_row(book, results):
    ws = book["검증"]
    assert set(ws.tables) == {"Validation", "Dropped", "Totals", "Flags"}
    heads, rows = table_rows(ws, "Validation")
    assert [r[0].value for r in rows] == ["imports_hsk10_2018.csv", "sector_profile.csv"]
    assert rows[0][heads.index("제외 행")].value == 4
    heads, rows = table_rows(ws, "Dropped")
    assert [r[heads.index("사유")].value for r in rows] == ["blank row", "zero value", "unmatched code", "total row"]
    assert [r[heads.index("행 번호")].value for r in rows] == [3, 118, 540, 1250]
    heads, rows = table_rows(ws, "Totals")
    diff = rows[0][heads.index("차이(달러)")]
    assert diff.value == -12_500 and diff.number_format == '#,##0;"△"#,##0;0'
    heads, rows = table_rows(ws, "Flags")
    assert [r[0].value for r in rows] == ["capped", "unmatched", "override"]


def test_uncertainty_sheet_with_and_without_draws(book, results_no_draws, tmp_path):
    ws = book["불확실성"]
    assert set(ws.tables) == {"Uncertainty", "Sensitivity", "ThresholdSweep"}
    heads, rows = table_rows(ws, "Uncertainty")
    assert heads[:4] == ["시나리오", "업종 코드", "업종명", "순위 중앙값"]
    assert rows[0][2].value == "컴퓨터·전자·광학기기"
    assert rows[0][heads.index(header("p_top10", "ko"))].number_format == "0.0%"
    ws2 = openpyxl.load_workbook(write_workbook(results_no_draws, tmp_path / "n.xlsx", lang="en"))["Uncertainty"]
    texts = [c.value for row in ws2.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("--draws 1000" in t and "No Monte Carlo draws" in t for t in texts)
    assert set(ws2.tables) == {"ThresholdSweep"}


def test_readme_has_inputs_version_parameters_formulas_and_dictionary(book, book_en, fx):
    ws = book["방법론"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert hashlib.sha256(b"imports").hexdigest() in texts
    assert f"exposure {exposure.__version__}" in texts
    assert not any(t.startswith("/data/") for t in texts)  # no folder paths in a forwarded workbook
    assert any("공급 부족액 = M(k,T) · c · (1 − φ · min(1, max(0, H − b)/L))" in t for t in texts)
    assert any("e = s · A^M · L^D" in t for t in texts)
    heads, rows = table_rows(ws, "ScenarioParameters")
    assert heads == ["매개변수", fx.S1, fx.S2]
    by_param = {r[0].value: [c.value for c in r[1:]] for r in rows}
    assert by_param["규칙 수"] == [3, 7]
    heads, rows = table_rows(ws, "Parameters")
    values = {r[0].value: r[1].value for r in rows}
    assert values["share_bands"] == "0.5, 0.7, 0.8, 0.9"
    assert values["noise"].startswith("coverage=0.2, phi=0.2")
    assert values["draws"] == "1000" and values["year"] is None  # not set: empty cell
    heads, rows = table_rows(ws, "ColumnDictionary")
    entries = {(r[0].value, r[1].value): (r[2].value, r[3].value) for r in rows}
    assert entries[("sectors", "sme_export_at_risk_usd")] == (header("sme_export_at_risk_usd", "ko"),
                                                              header("sme_export_at_risk_usd", "en"))
    assert entries[("products", "target_share")] == ("대상국 의존도", "Target share")
    assert entries[("dropped", "reason")] == ("사유", "Reason")
    en_texts = [str(c.value) for row in book_en["README"].iter_rows() for c in row if c.value is not None]
    assert any("shortfall = M(k,T) · c · (1 − φ · min(1, max(0, H − b)/L))" in t for t in en_texts)


def test_properties_and_identical_cells_across_runs(results, tmp_path, book):
    props = book.properties
    assert props.title == "한·일 무역분쟁 확대 시 중소기업 업종별 수출 위험"
    assert props.creator == f"exposure {exposure.__version__}"
    assert props.created == CREATED
    other = openpyxl.load_workbook(write_workbook(results, tmp_path / "again.xlsx", created=datetime(2030, 1, 1)))

    def cells(wb):
        return [(ws.title, c.coordinate, c.value, c.number_format)
                for ws in wb.worksheets for row in ws.iter_rows() for c in row]

    assert cells(other) == cells(book)


def test_column_widths_fit_hangul(book):
    assert display_width("컴퓨터·전자·광학기기") == 20  # 9 Hangul syllables × 2 + 2 middle dots
    assert display_width("D26") == 3 and display_width("ＡＢ") == 4
    ws = book["업종"]
    heads, _ = table_rows(ws, "Sectors")
    ko_col = openpyxl.utils.get_column_letter(heads.index("업종명") + 1)
    en_col = openpyxl.utils.get_column_letter(heads.index("업종명(영문)") + 1)
    assert ws.column_dimensions[ko_col].width >= 20 > len("컴퓨터·전자·광학기기") + 2
    # the English names are longer in characters and get a wider column, capped for wrapping
    assert ws.column_dimensions[en_col].width >= len("Chemicals and pharmaceutical products")


def test_english_labels(book_en):
    heads, rows = table_rows(book_en["Summary"], "Summary")
    assert heads[:3] == ["Rank", "Sector code", "Sector name"]
    assert header("sme_export_at_risk_usd", "en") in heads
    assert rows[0][2].value == "Computer, electronic and optical products"
    assert book_en.properties.title.startswith("SME export value at risk")


def test_empty_results_still_give_a_workbook(tmp_path):
    empty = Results(config=Config(), products=pd.DataFrame(), shocks=pd.DataFrame(), sectors=pd.DataFrame(),
                    drivers=pd.DataFrame())
    wb = openpyxl.load_workbook(write_workbook(empty, tmp_path / "e.xlsx"))
    assert wb.sheetnames == [s for s in KO_SHEETS if s != "수출품목"]
    assert wb["업종"]["A1"].value == "(자료 없음)"
    assert len(wb["요약"]._charts) == 0


def test_bad_language_is_a_config_error(results, tmp_path):
    with pytest.raises(ConfigError, match="lang"):
        write_workbook(results, tmp_path / "x.xlsx", lang="jp")
    assert not (tmp_path / "x.xlsx").exists()
