"""The sheets of the time profile, critical inputs, screens and early warning; the monitor's own workbook;
page estimates from the print settings."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl import Workbook

from exposure.report.excel import write_workbook
from exposure.report.labels import header
from exposure.report.printing import estimate_pages, print_scale, setup


@pytest.fixture(scope="module")
def book(shared_results, tmp_path_factory):
    return openpyxl.load_workbook(write_workbook(shared_results, tmp_path_factory.mktemp("k") / "k.xlsx"))


@pytest.fixture(scope="module")
def book_en(shared_results, tmp_path_factory):
    return openpyxl.load_workbook(write_workbook(shared_results, tmp_path_factory.mktemp("e") / "e.xlsx", lang="en"))


def rows_of(ws, name):
    rows = list(ws[ws.tables[name].ref])
    return [c.value for c in rows[0]], [[c.value for c in r] for r in rows[1:]]


def test_time_profile_has_the_weekly_loss_and_the_first_week(book, fx):
    heads, rows = rows_of(book["주간 영향"], "TimeProfile")
    assert heads[:5] == ["시나리오", "업종 코드", "업종명", "감소 시작 주", "분석 기간 수출 위험액(백만 달러)"]
    assert heads[5] == "1주" and heads[-1] == "13주"  # weeks 1–13, then a second table with weeks 14–26
    heads2, rows2 = rows_of(book["주간 영향"], "TimeProfile2")
    assert heads2[5] == "14주" and heads2[-1] == "26주" and [r[1] for r in rows2] == [r[1] for r in rows]
    d26 = next(r for r in rows if r[1] == "D26")
    assert d26[0] == fx.NAMES[fx.S1][0] and d26[3] == 5
    assert d26[4] == pytest.approx(220e9 * 0.02 / 1e6)  # the sector's export at risk, USD million
    # the fixture: nothing in weeks 1–4, 2 % in week 5, 0.05 points less each week after
    assert d26[5:11] == pytest.approx([0, 0, 0, 0, 0.02, 0.0195])
    assert {r[1] for r in rows} == {"D26", "D20T21"}  # the sectors with weekly rows, not every top sector


def test_critical_inputs_in_korean(book):
    heads, rows = rows_of(book["핵심 투입재"], "Critical")
    crit = heads.index(header("criticality", "ko"))
    assert [r[crit] for r in rows] == ["핵심", "중요"]
    assert rows[0][heads.index(header("supply_basis", "ko"))] == "전체 상대국 수입"
    assert rows[0][heads.index(header("name", "ko"))] == "불화수소(반도체 제조용)"  # the input file's Korean name


def test_alternatives_explain_their_reasons_and_state_the_assumptions(book, book_en):
    from exposure.alternatives import ASSUMPTIONS

    ws = book["대체 공급처"]
    heads, rows = rows_of(ws, "Alternatives")
    assert rows[0][heads.index(header("code", "ko"))] == "8486201000"  # the largest imports from Japan first
    reason = heads.index(header("reason", "ko"))
    assert {r[reason] for r in rows} == {"세계 수출 자료 없음"}  # the code no_world_data, explained
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert ASSUMPTIONS["capacity"]["ko"] in texts and ASSUMPTIONS["hs6_match"]["ko"] in texts
    en_heads, en_rows = rows_of(book_en["Alternatives"], "Alternatives")
    assert en_rows[0][en_heads.index("Reasons for gaps") if "Reasons for gaps" in en_heads
                      else en_heads.index(header("reason", "en"))] == "no world export data given"
    en = [c.value for c in book_en["Alternatives"]["A"] if isinstance(c.value, str)]
    assert ASSUMPTIONS["capacity"]["en"] in en


def test_next_targets_list_the_candidates(book):
    heads, rows = rows_of(book["차기 규제 후보"], "NextTargets")
    assert [r[heads.index(header("code", "ko"))] for r in rows] == ["3707901010"]
    assert rows[0][heads.index(header("candidate", "ko"))] == "예"


def test_dependence_counts(book):
    heads, rows = rows_of(book["의존 품목"], "Dependence")
    assert [r[heads.index(header("threshold", "ko"))] for r in rows] == [0.5, 0.9]
    assert [r[heads.index(header("scope", "ko"))] for r in rows] == ["전체", "전체"]


def test_early_warning_sheet_has_rules_grades_episodes_and_alerts(book, book_en):
    ws = book["조기경보"]
    assert set(ws.tables) == {"Episodes", "Alerts"}
    lines = [c.value for c in ws["A"] if isinstance(c.value, str)]
    # the rules by name with their conditions (never the rule's id), the grades' meanings
    assert "• 대상국 수입 급감 (계절 기준 대비): 대상국 수입이 계절 기준보다 50% 이상 적은 달이 1개월 연속; 직전 12개월 대상국 " \
           "비중 30% 이상" in lines
    assert not [t for t in lines if "drop_vs_baseline" in t or "share_fall" in t]
    assert "등급 A (4점): 의존도와 규모 모두 높음" in lines and any(t.startswith("점수 = 의존도 점수") for t in lines)
    heads, rows = rows_of(ws, "Episodes")
    assert len(rows) == 1 and rows[0][heads.index(header("code", "ko"))] == "2811111000"
    assert rows[0][heads.index(header("name", "ko"))] == "불화수소(반도체 제조용)"
    heads, rows = rows_of(ws, "Alerts")
    evidence = rows[0][heads.index(header("evidence", "ko"))]
    assert "일본 수입" in evidence and "계절 기준" in evidence
    # the English workbook writes the monitor's evidence again in English from the panel
    heads, rows = rows_of(book_en["Early warning"], "Alerts")
    evidence_en = rows[0][heads.index("Evidence")]
    assert "Japan" in evidence_en and "baseline" in evidence_en and "일본" not in evidence_en


def test_no_early_warning_sheet_without_monthly_imports(results_no_draws, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(results_no_draws, tmp_path / "n.xlsx"))
    assert "조기경보" not in wb.sheetnames and "주간 영향" in wb.sheetnames


def test_the_monitor_folder_has_a_small_workbook(shared_results, tmp_path):
    from types import SimpleNamespace

    from exposure.report.monitor_report import MONITOR_WORKBOOK, write_monitor

    res = SimpleNamespace(config=shared_results.config, panel=shared_results.monitor_panel,
                          alerts=shared_results.alerts, episodes=shared_results.episodes,
                          names={"2811111000": {"ko": "불화수소", "en": "Hydrogen fluoride"}}, sources=["m.xlsx"])
    paths = write_monitor(res, tmp_path, formats=("csv", "png"), lang="en")
    assert paths[0].name == MONITOR_WORKBOOK
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames == ["Early warning"]
    heads, rows = rows_of(wb["Early warning"], "Episodes")
    assert rows[0][heads.index("Product name")] == "Hydrogen fluoride"
    assert {p.name for p in paths} >= {"alerts.csv", "episodes.csv", "panel.csv", "early_warning.png"}


def _sheet(rows: int, columns: int):
    ws = Workbook().active
    for r in range(1, rows + 1):
        for c in range(1, columns + 1):
            ws.cell(row=r, column=c, value=r)
    return ws


def test_page_estimate_from_the_print_settings():
    ws = _sheet(300, 5)
    setup(ws, title_rows="1:1")
    # A4 landscape, margins 0.5/0.55 in: 8.27 − 1.05 = 7.22 in = 519.8 pt a page, less the 15-pt header row on
    # each page: 300 rows × 15 pt = 4,500 pt → ceil(4500 / 504.8) = 9 pages; five default columns fit the width
    assert estimate_pages(ws) == 9
    setup(ws, fit_height=True)
    assert estimate_pages(ws) == 1
    # openpyxl's default column width is 13 characters: 96 px = 72 pt
    for c in range(1, 21):  # twenty columns of 72 pt = 1,440 pt: fitted to the 784-pt width at 54.4 %
        ws.cell(row=1, column=c, value="x")
    setup(ws, title_rows="1:1", key_columns=1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert print_scale(ws) == pytest.approx(784.08 / 1440)
    assert not ws.print_title_cols
    # 4,500 pt × 0.5445 = 2,450 pt over pages of 519.84 − 15 × 0.5445 = 511.7 pt → 5 pages
    assert estimate_pages(ws) == 5


def test_a_table_too_wide_for_one_page_prints_across_pages_at_a_legible_scale():
    ws = _sheet(300, 60)
    # sixty columns of 72 pt = 4,320 pt: one page wide would print at 18 %, so it prints at 45 % instead,
    # 1,944 pt over 3 pages across; 4,500 pt × 0.45 = 2,025 pt over pages of 519.84 − 6.75 pt → 4 down
    setup(ws, title_rows="1:1", key_columns=2)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale == 45 and print_scale(ws) == 0.45
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_cols == "$A:$B"
    assert estimate_pages(ws) == 12
    setup(ws, fit_height=True)  # a brief fitted to one page is never split
    assert estimate_pages(ws) == 1


def test_every_sheet_of_a_five_scenario_run_prints_to_few_pages():
    """The demo with all five shipped scenarios and Monte Carlo draws: at most ~20 pages a sheet, ~60 in all."""
    import exposure
    from exposure.report.excel import build_workbook
    from exposure.report.printing import summary_scale

    res = exposure.run(config=exposure.Config(draws=50, scenarios=(
        "2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")))
    wb = build_workbook(res, "ko")
    pages = {ws.title: estimate_pages(ws) for ws in wb.worksheets}
    assert max(pages.values()) <= 20, pages
    assert sum(pages.values()) <= 60, pages
    assert pages["요약"] == 1 and summary_scale(wb["요약"]) >= 0.45, pages
    scales = {ws.title: print_scale(ws) for ws in wb.worksheets}
    assert min(scales.values()) >= 0.45, scales  # no sheet shrunk to an unreadable size to fit one page wide


@pytest.fixture(scope="module")
def with_countermeasures():
    import exposure

    return exposure.run(config=exposure.Config(scenarios=("2019-three-items", "white-list-removal"),
                                               countermeasures=("stockpile-90d", "fast-track-licences")))


def test_countermeasure_sheets_and_chart(with_countermeasures, tmp_path):
    from exposure.report.charts import fig_countermeasures

    res = with_countermeasures
    wb = openpyxl.load_workbook(write_workbook(res, tmp_path / "cm.xlsx"))
    assert {"대응책", "수출 상위 100대 품목"} <= set(wb.sheetnames)
    heads, rows = rows_of(wb["대응책"], "CounterMeasures")
    names = [r[heads.index(header("countermeasure_name", "ko"))] for r in rows]
    cm = res.countermeasures
    assert names == cm["countermeasure_name_ko"].tolist()  # by name, in the engine's order
    assert "모든 대응책 동시 시행" in names
    assert rows[0][heads.index(header("kinds", "ko"))] == "비축"  # stockpile
    removed = heads.index(header("sme_export_at_risk_removed_usd", "ko"))
    assert [r[removed] for r in rows] == pytest.approx(cm["sme_export_at_risk_removed_usd"].tolist())
    heads, rows = rows_of(wb["수출 상위 100대 품목"], "Top100")
    top = res.top100
    # per scenario the 25 items with most SME exports at risk, then one row summing the rest (its total kept)
    first = top[top["scenario"] == res.scenario_names()[0]]
    shown = [r for r in rows if r[0] == "2019년 3개 품목 수출규제"]
    assert len(shown) == 26 and shown[-1][heads.index(header("item_name", "ko"))].startswith("나머지 ")
    value = heads.index(header("sme_export_at_risk_usd", "ko"))
    assert sum(r[value] or 0 for r in shown) == pytest.approx(first["sme_export_at_risk_usd"].sum())
    ax = fig_countermeasures(res, "ko").axes[0]
    bars = [p for p in ax.patches if p.get_gid() == f"removed:{res.scenario_names()[0]}"]
    sub = cm[cm["scenario"] == res.scenario_names()[0]]
    assert [b.get_width() for b in bars] == pytest.approx(
        [v for v in sub["sme_export_at_risk_removed_usd"] if v > 0])
    assert [t.get_text() for t in ax.get_yticklabels()] == sub["countermeasure_name_ko"].tolist()


def test_english_product_names_give_way_to_the_shipped_korean_names(results_factory, tmp_path):
    """A Comtrade-like file names its products in English: the Korean workbook shows the shipped Korean names of
    the 2019 items and keeps the file's names elsewhere; a Korean file's own names are kept (the fixture's)."""
    res = results_factory()
    res.products = res.products.assign(name=[f"Product {c}" for c in res.products["code"]])
    wb = openpyxl.load_workbook(write_workbook(res, tmp_path / "n.xlsx"))
    heads, rows = rows_of(wb["품목"], "Products")
    names = {r[heads.index(header("code", "ko"))]: r[heads.index(header("name", "ko"))] for r in rows}
    assert names["2811111000"] == "반도체 제조용 불화수소" and names["3707901010"] == "반도체 제조용 감광액(포토레지스트)"
    assert names["030389"] == "Product 030389"


def test_the_monitor_s_korean_csv_has_korean_twins(shared_results, tmp_path):
    import pandas as pd
    from types import SimpleNamespace

    from exposure.report.monitor_report import write_monitor

    res = SimpleNamespace(config=shared_results.config, panel=shared_results.monitor_panel,
                          alerts=shared_results.alerts, episodes=shared_results.episodes, names={}, sources=["m.xlsx"])
    write_monitor(res, tmp_path / "ko", formats=("csv",), lang="ko")
    write_monitor(res, tmp_path / "en", formats=("csv",), lang="en")
    ko = pd.read_csv(tmp_path / "ko" / "tables" / "panel.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    en = pd.read_csv(tmp_path / "en" / "tables" / "panel.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "total_basis_ko" not in en.columns
    words = {"partners": "상대국 합계", "WLD": "세계 합계", "none": "합계 없음"}
    assert ko["total_basis_ko"].tolist() == [words[v] for v in ko["total_basis"]]
    assert ko.drop(columns=[c for c in ko.columns if c.endswith("_ko")]).equals(en)
