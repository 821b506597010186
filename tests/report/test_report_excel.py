"""Golden tests of the workbook: read it back with openpyxl and check what an analyst sees.

No byte comparison: sheet names, headers, number formats, conditional formats, Excel
tables, the native chart, codes as text, literal (never formula) text, properties, fonts and
print settings. Expected money values are worked out by hand from the fixture's constants.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

import exposure
from exposure.config import Config
from exposure.errors import ConfigError
from exposure.report.excel import display_width, write_workbook
from exposure.report.labels import header, headers
from exposure.results import Results

CREATED = datetime(2024, 1, 2, 3, 4, 5)
KO_SHEETS = ["요약", "업종", "시나리오", "주간 영향", "기여요인", "핵심 투입재", "품목", "공급부족", "수출품목", "대체 공급처",
             "차기 규제 후보", "의존 품목", "조기경보", "불확실성", "검증", "방법론"]
EN_SHEETS = ["Summary", "Sectors", "Scenarios", "Time profile", "Drivers", "Critical inputs", "Products", "Shocks",
             "Export items", "Alternatives", "Next targets", "Dependence counts", "Early warning", "Uncertainty",
             "Validation", "README"]


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


def test_sectors_show_their_scenario_by_name_with_key_columns_printed_first(book, fx):
    ws = book["업종"]
    heads, rows = table_rows(ws, "Sectors")
    assert heads[:4] == headers(["scenario", "rank", "sector", "sector_name"], "ko")
    assert {r[0].value for r in rows} == {fx.NAMES[fx.S1][0], fx.NAMES[fx.S2][0]}  # names, never the ids
    assert heads[4:7] == headers(["sme_export_at_risk_low_usd", "sme_export_at_risk_usd",
                                  "sme_export_at_risk_high_usd"], "ko")
    # the printed area stops after the key columns; the others stay on screen
    last_key = heads.index(header("no_data_reason", "ko")) + 1
    assert ws.print_area == f"'업종'!$A$1:${openpyxl.utils.get_column_letter(last_key)}${ws.max_row}"
    first = rows[0]
    # worked by hand: 220e9 × 0.12 × 0.02 = 528e6; the fixture's range is 0.5× and 3× that
    assert [c.value for c in first[4:7]] == pytest.approx([264e6, 528e6, 1584e6])


def test_sectors_table_formats_and_conditional_formatting(book):
    ws = book["업종"]
    heads, rows = table_rows(ws, "Sectors")
    ref = ws.tables["Sectors"].ref
    assert ref.startswith("A2:") and ref.endswith("40")  # a note above; 2 × 19 sectors
    assert ws.tables["Sectors"].autoFilter.ref == ref
    assert ws.freeze_panes == "A3"
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
    assert rules["{0}3:{0}40".format(col[header("sme_export_at_risk_usd", "ko")])] == "dataBar"
    assert rules["{0}3:{0}40".format(col[header("export_at_risk_usd", "ko")])] == "dataBar"
    assert rules[f"{col['중소기업 비중']}3:{col['중소기업 비중']}40"] == "colorScale"
    assert rules[f"{col['노출률 E']}3:{col['노출률 E']}40"] == "colorScale"


def test_engine_texts_are_shown_in_korean(book, fx):
    ws = book["업종"]
    heads, rows = table_rows(ws, "Sectors")
    reasons = [r[heads.index(header("no_data_reason", "ko"))].value for r in rows]
    # one long reason repeated down the column: a mark in the cells, the text under the table
    assert set(reasons) == {None, "※1"}
    below = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("※")]
    assert below == [f"※1 {fx.NO_DATA_REASON_KO}"]
    flags = [r[heads.index(header("flags", "ko"))].value for r in rows]
    assert "노출률 상한 적용" in flags  # "exposure rate capped"
    heads, rows = table_rows(book["공급부족"], "Shocks")
    assert "캐치올 기본" in [r[heads.index(header("rule", "ko"))].value for r in rows]  # rule "catch-all base"


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
    assert "010619" in [c.value for c in codes] and "030389" in [c.value for c in codes]
    assert all(c.data_type == "s" and c.number_format == "@" for c in codes)
    assert "2811111000" in [c.value for c in codes]
    items = column(book["수출품목"], "ExportItems", header("item_code", "ko"))
    assert [c.value for c in items] == ["831", "741"]


def test_products_are_sorted_by_imports_from_the_target_and_reasons_counted(book, fx):
    ws = book["품목"]
    heads, rows = table_rows(ws, "Products")
    imports = [r[heads.index(header("target_import_usd", "ko"))].value for r in rows]
    assert imports == sorted(imports, reverse=True)
    # hand: 8486201000 2.1e9 × 0.34 is the largest, 010619 1.5e6 × 0.05 the smallest
    assert rows[0][heads.index(header("code", "ko"))].value == "8486201000"
    assert header("reasons", "ko") not in heads  # counted below the table instead
    heads, rows = table_rows(ws, "ProductReasons")
    assert [[c.value for c in r] for r in rows] == [["세계 수출 자료 없음 (세계 수출 집중도, 대상국 세계수출 점유율 계산 불가)", 10]]


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


def test_scenarios_side_by_side_under_their_names_with_korean_change_format(book, book_en, fx):
    ws = book["시나리오"]
    assert ws["C1"].value == f"① {fx.NAMES[fx.S1][0]}"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "C1:F1" in merged and "G1:K1" in merged  # rank, rate, export at risk, SME; the second adds the change
    heads, rows = table_rows(ws, "Scenarios")
    assert heads[:3] == ["업종 코드", "업종명", "① 순위"]
    assert heads[-1] == "② ① 대비 차이(달러)"
    by_sector = {r[0].value: r for r in rows}
    # hand: 220e9 × 0.12 × (0.045 − 0.02) = 660e6; D19: 46e9 × 0.02 × (0.0001 − 0.0002) = −92,000
    assert by_sector["D26"][-1].value == pytest.approx(660_000_000)
    assert by_sector["D19"][-1].value == pytest.approx(-92_000)
    assert by_sector["D19"][-1].number_format == '#,##0;"△"#,##0;0'
    assert [r[0].value for r in rows[:3]] == ["D26", "D20T21", "D27"]  # first scenario's ranking
    heads_en, rows_en = table_rows(book_en["Scenarios"], "Scenarios")
    assert book_en["Scenarios"]["C1"].value == f"① {fx.NAMES[fx.S1][1]}"
    assert heads_en[-1] == "② Change vs ① (USD)"
    assert rows_en[0][-1].number_format == "#,##0;-#,##0;0"
    assert "ScenarioSettings" in ws.tables
    heads, _rows = table_rows(ws, "ScenarioSettings")
    assert heads == ["매개변수", fx.NAMES[fx.S1][0], fx.NAMES[fx.S2][0]]


def test_validation_counts_dropped_rows_by_reason_in_korean(book, book_en, results):
    ws = book["검증"]
    assert set(ws.tables) == {"Validation", "Dropped", "Totals", "Flags"}
    heads, rows = table_rows(ws, "Validation")
    assert [r[0].value for r in rows] == ["imports_hsk10_2018.csv", "sector_profile.csv"]
    assert rows[0][heads.index("제외 행")].value == 4
    assert rows[0][heads.index(header("unit", "ko"))].value == "천 달러"  # "thousand USD"
    assert rows[0][heads.index(header("warnings", "ko"))].value == "사용하지 않은 열: 수입 중량, 무역수지"
    heads, rows = table_rows(ws, "Dropped")
    assert [r[heads.index("사유")].value for r in rows] == ["빈 행", "값이 0", "상대국이 국가가 아님", "합계 행"]
    assert [r[heads.index(header("rows_dropped", "ko"))].value for r in rows] == [1, 1, 1, 1]
    assert [r[heads.index("첫 행")].value for r in rows] == [3, 118, 540, 1250]
    heads, rows = table_rows(ws, "Totals")
    diff = rows[0][heads.index("차이(달러)")]
    assert diff.value == -12_500 and diff.number_format == '#,##0;"△"#,##0;0'
    heads, rows = table_rows(ws, "Flags")
    assert [r[heads.index(header("kind", "ko"))].value for r in rows] == ["노출률 상한", "연계표 미등록 품목",
                                                                          "최종 용도 배분 사용"]
    assert [r[heads.index(header("severity", "ko"))].value for r in rows] == ["경고", "경고", "참고"]
    assert rows[0][heads.index(header("detail", "ko"))].value == "1차 손실 1.08가 산출 상한 1에 도달"
    en_heads, en_rows = table_rows(book_en["Validation"], "Flags")
    assert en_rows[0][en_heads.index("Kind")].value == "exposure rate capped"


def test_many_dropped_rows_are_counted_not_listed(results_factory, tmp_path):
    from exposure.schema import LoadReport

    res = results_factory()
    n = 42_000
    dropped = pd.DataFrame({"source": "monthly.xlsx", "row": range(2, n + 2), "reason": "zero value",
                            "value_usd": 0.0, "detail": "flow M"})
    rep = LoadReport(source="monthly.xlsx", format="xlsx", rows_read=n + 10, rows_kept=10, value_read=5.0,
                     value_kept=5.0, dropped=dropped)
    res.load_reports = [*res.load_reports, rep]
    ws = openpyxl.load_workbook(write_workbook(res, tmp_path / "v.xlsx"))["검증"]
    heads, rows = table_rows(ws, "Dropped")
    assert len(rows) == 5  # four reasons of the fixture, one of the 42,000 rows
    last = rows[-1]
    assert last[0].value == "monthly.xlsx" and last[heads.index("사유")].value == "값이 0"
    assert last[heads.index(header("rows_dropped", "ko"))].value == n
    assert last[heads.index("첫 행 내용")].value == "수입(M)"
    assert any("42,004" in str(c.value) for c in ws["A"])  # the note names the CSV and how many rows it holds


def test_method_sheet_has_inputs_version_parameters_formulas_and_dictionary(book, book_en, fx):
    ws = book["방법론"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert hashlib.sha256(b"imports").hexdigest() in texts
    assert f"exposure {exposure.__version__}" in texts
    assert not any(t.startswith("/data/") for t in texts)  # no folder paths in a forwarded workbook
    # the time profile of DESIGN §6 (the old formula M·c·(1 − φ·min(1, (H − b)/L)) is gone)
    assert any("c·M(k,T)/365 · max(0, G(min(H, D)) − b)" in t and "G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds" in t
               for t in texts)
    assert not any("max(0, H − b)/L" in t for t in texts)
    assert any("e = s · A^M · L^D" in t for t in texts)
    assert any("이번 분석은 수입비례 가정으로" in t for t in texts)  # the IO split the run used (from its notes)
    assert any("종사자 300명 미만" in t for t in texts) and any("산출(보정)" in t for t in texts)
    from exposure.alternatives import ASSUMPTIONS

    assert any(ASSUMPTIONS["capacity"]["ko"] in t for t in texts)
    heads, rows = table_rows(ws, "ScenarioParameters")
    assert heads == ["매개변수", fx.NAMES[fx.S1][0], fx.NAMES[fx.S2][0]]
    by_param = {r[0].value: [c.value for c in r[1:]] for r in rows}
    assert by_param["규칙 수"] == [3, 7]
    assert by_param[header("kind", "ko")] == ["공급 차질", "공급 차질"]
    heads, rows = table_rows(ws, "Parameters")
    values = {r[0].value: r[1].value for r in rows}
    assert values["share_bands"] == "0.5, 0.7, 0.8, 0.9"
    assert values["noise"].startswith("공급차질 범위 c=0.2, 대체 가능 비율 φ=0.2")
    assert values["rank_by"] == "중소기업 수출 위험액"  # a label, not sme_export_at_risk_usd
    assert values["scenarios"] == f"{fx.NAMES[fx.S1][0]}, {fx.NAMES[fx.S2][0]}"
    assert values["draws"] == "1000" and values["year"] is None  # not set: empty cell
    heads, rows = table_rows(ws, "ColumnDictionary")
    entries = {r[0].value: (r[2].value, r[3].value) for r in rows}
    assert entries["sme_export_at_risk_usd"] == (header("sme_export_at_risk_usd", "ko"),
                                                 header("sme_export_at_risk_usd", "en"))
    assert entries["target_share"] == ("대상국 의존도", "Target share")
    assert "sectors.csv" in {r[0].value: r[1].value for r in rows}["sme_export_at_risk_usd"]
    en_texts = [str(c.value) for row in book_en["README"].iter_rows() for c in row if c.value is not None]
    assert any("Shortfall over the horizon H = c·M(k,T)/365 · max(0, G(min(H, D)) − b)" in t for t in en_texts)


def test_notes_and_warnings_of_the_run_are_on_the_method_sheet_in_korean(book):
    texts = [str(c.value) for row in book["방법론"].iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("수입 중간재 거래는 수입비례 가정으로 추정") for t in texts)
    assert "'화이트리스트 제외' 시나리오는 어느 업종에도 위험액이 없음: 규칙이 대상국 일본에서 수입한 품목과 하나도 맞지 않음" in texts


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


def test_column_widths_fit_hangul(book, book_en):
    assert display_width("컴퓨터·전자·광학기기") == 20  # 9 Hangul syllables × 2 + 2 middle dots
    assert display_width("D26") == 3 and display_width("ＡＢ") == 4
    ws = book["업종"]
    heads, _ = table_rows(ws, "Sectors")
    col = openpyxl.utils.get_column_letter(heads.index("업종명") + 1)
    assert ws.column_dimensions[col].width >= 20 > len("컴퓨터·전자·광학기기") + 2
    # the English workbook's names are longer in characters and get a wider column, capped for wrapping
    ws_en = book_en["Sectors"]
    heads_en, _ = table_rows(ws_en, "Sectors")
    col_en = openpyxl.utils.get_column_letter(heads_en.index("Sector name") + 1)
    assert ws_en.column_dimensions[col_en].width >= len("Chemicals and pharmaceutical products")


def test_english_labels(book_en, fx):
    heads, rows = table_rows(book_en["Sectors"], "Sectors")
    assert heads[:4] == ["Scenario", "Rank", "Sector code", "Sector name"]
    assert header("sme_export_at_risk_usd", "en") in heads
    assert rows[0][0].value == fx.NAMES[fx.S1][1]
    assert rows[0][3].value == "Computer, electronic and optical products"
    assert book_en.properties.title.startswith("SME export value at risk")


def test_workbook_font_has_hangul_glyphs(book, book_en, tmp_path, results):
    path = write_workbook(results, tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    assert "Calibri" not in styles and '<name val="맑은 고딕"' in styles
    for wb, name in ((book, "맑은 고딕"), (book_en, "Malgun Gothic")):
        for ws in wb.worksheets:
            for row in ws.iter_rows(max_row=12):
                for c in row:
                    if c.value is not None:
                        assert c.font.name == name, (ws.title, c.coordinate, c.font.name)


def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_repeated(book):
    for ws in book.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9 and setup.orientation == "landscape", ws.title  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1, ws.title
        assert "&A" in ws.oddFooter.center.text and "&P" in ws.oddFooter.center.text, ws.title
        assert setup.fitToHeight == (1 if ws.title == "요약" else 0), ws.title
    assert book["업종"].print_title_rows.replace("$", "") == "2:2"  # the table header under the note, every page
    assert book["품목"].print_title_rows


def test_empty_results_still_give_a_workbook(tmp_path):
    empty = Results(config=Config(), products=pd.DataFrame(), shocks=pd.DataFrame(), sectors=pd.DataFrame(),
                    drivers=pd.DataFrame())
    wb = openpyxl.load_workbook(write_workbook(empty, tmp_path / "e.xlsx"))
    assert wb.sheetnames == ["요약", "업종", "시나리오", "기여요인", "품목", "공급부족", "불확실성", "검증", "방법론"]
    assert wb["업종"]["A1"].value == "(자료 없음)"
    assert len(wb["요약"]._charts) == 0


def test_bad_language_is_a_config_error(results, tmp_path):
    with pytest.raises(ConfigError, match="lang"):
        write_workbook(results, tmp_path / "x.xlsx", lang="jp")
    assert not (tmp_path / "x.xlsx").exists()


def test_no_scenario_id_in_the_workbook(book, book_en, fx):
    for wb in (book, book_en):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.number_format != "@":
                        assert not re.search(rf"\b({fx.S1}|{fx.S2})\b", c.value), (ws.title, c.coordinate, c.value)
