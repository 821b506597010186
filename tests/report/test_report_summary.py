"""The one-page brief: headlines and totals worked out by hand from the fixture, the scenarios side by side
under their names, ranges, sectors without data, the basis of the figures, the native chart, one printed page."""

from __future__ import annotations

import openpyxl
import pytest

from exposure.report import headline
from exposure.report.excel import build_workbook, write_workbook
from exposure.report.money import million_text, range_text, say_money
from exposure.report.printing import estimate_pages, summary_scale


def sme(fx, col):
    return {rec[0]: rec[3] * rec[4] * rec[col] for rec in fx.SECTORS}


def totals_by_hand(fx, col):
    """(all firms, SME) export at risk of a scenario: Σ exports × E and Σ exports × SME share × E."""
    return sum(r[3] * r[col] for r in fx.SECTORS), sum(sme(fx, col).values())


@pytest.fixture(scope="module")
def summary(shared_results, tmp_path_factory):
    path = write_workbook(shared_results, tmp_path_factory.mktemp("s") / "s.xlsx")
    return openpyxl.load_workbook(path)["요약"]


def test_money_in_korean_and_english_units():
    assert say_money(6.57e6, "ko") == "6.57백만 달러" and say_money(1.0417e9, "ko") == "10.4억 달러"
    assert say_money(7.29e10, "ko") == "729억 달러" and say_money(3e4, "ko") == "0.1백만 달러 미만"
    assert say_money(5.56e9, "en") == "USD 5.56 billion" and say_money(98.1e6, "en") == "USD 98.1 million"
    assert million_text(1_234_567_890) == "1,234.6" and range_text(2.7e6, 1.3405e9) == "2.7–1,340.5"


def test_scenario_totals_are_sums_over_sectors(shared_results, fx):
    totals = headline.scenario_totals(shared_results, "ko")
    assert [t.name for t in totals] == [fx.NAMES[fx.S1][0], fx.NAMES[fx.S2][0]]
    for t, col in zip(totals, (5, 6)):
        all_firms, smes = totals_by_hand(fx, col)
        assert t.all_usd == pytest.approx(all_firms) and t.sme_usd == pytest.approx(smes)
        assert t.sme_low_usd == pytest.approx(0.5 * smes) and t.sme_high_usd == pytest.approx(3 * smes)
        assert t.top_sector == "D26" and t.horizon_days == 180
    assert totals[0].sectors_hit == 17  # D01T03 has E = 0 under the first scenario; D10T12 has no data


def test_headline_sentences_quote_the_totals_in_baekman_and_eok(shared_results, fx):
    line = headline.headlines(shared_results, "ko")[0]
    all_firms, smes = totals_by_hand(fx, 5)  # 6.13e9 and 1.04e9
    assert line.startswith(f"{fx.NAMES[fx.S1][0]}: 분석 기간 180일 동안 중소기업 수출 {say_money(smes, 'ko')}")
    assert say_money(smes, "ko") == "10.4억 달러" and say_money(all_firms, "ko") == "61.3억 달러"
    assert "(생산함수에 따라 5.21억 달러–31.3억 달러)" in line
    assert "컴퓨터·전자·광학기기(5.28억 달러, 중소기업 위험액의 51%)" in line  # 528e6 / 1.04e9
    assert "5주째부터" in line
    en = headline.headlines(shared_results, "en")[0]
    assert en.startswith(f"{fx.NAMES[fx.S1][1]}: over 180 days, USD 1.04 billion of SME exports")


def test_summary_sheet_has_a_headline_per_scenario_and_no_id(summary, fx):
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[0].startswith("요약 —")
    heads = [t for t in texts if t.startswith("• ")]
    assert len(heads) == 2 and heads[0].startswith(f"• {fx.NAMES[fx.S1][0]}:")
    assert not [t for t in texts if fx.S1 in t or fx.S2 in t]


def test_totals_table_in_millions(summary, fx):
    rows = list(summary[summary.tables["ScenarioTotals"].ref])
    body = [[c.value for c in r] for r in rows[1:]]
    all1, sme1 = totals_by_hand(fx, 5)
    assert body[0][:4] == [fx.NAMES[fx.S1][0], 180, pytest.approx(all1 / 1e6), pytest.approx(sme1 / 1e6)]
    assert body[0][4] == range_text(0.5 * sme1, 3 * sme1)
    assert rows[1][2].number_format == "#,##0.0"
    assert [r[6] for r in body] == ["컴퓨터·전자·광학기기"] * 2


def test_top_sectors_side_by_side_with_the_ranges(summary, fx):
    top = int(summary.tables["Summary"].ref.split(":")[0][1:])
    caption = [summary.cell(row=top - 1, column=c).value for c in (2, 5)]  # merged over each scenario's 3 columns
    assert caption == [f"① {fx.NAMES[fx.S1][0]}", f"② {fx.NAMES[fx.S2][0]}"]
    rows = list(summary[summary.tables["Summary"].ref])
    heads = [c.value for c in rows[0]]
    assert heads == ["업종명", "① 중심", "① 5–95%", "① 선형–레온티예프", "② 중심", "② 5–95%", "② 선형–레온티예프"]
    body = [[c.value for c in r] for r in rows[1:]]
    assert len(body) == 10
    d26 = body[0]
    # 528e6 central; Monte Carlo 0.8–1.5 ×; linear–Leontief 0.5–3 × (the fixture's ranges); S2: 220e9 × 0.12 × 0.045
    assert d26[:4] == ["컴퓨터·전자·광학기기", 528.0, "422.4–792.0", "264.0–1,584.0"]
    assert d26[4] == pytest.approx(1188.0) and d26[5] is None and d26[6] == "594.0–3,564.0"
    # order: best rank in either scenario, then the first scenario's rank
    assert [r[0] for r in body[:3]] == ["컴퓨터·전자·광학기기", "화학·의약품", "전기장비"]


def test_sectors_without_data_and_the_basis_are_stated(summary, fx):
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert "이 업종의 수출액 없음: 1개 업종 — 음식료품·담배" in texts
    assert "금액: 미국 달러, 각 시나리오의 분석 기간(H = 180일) 동안의 손실 (연간 금액 아님)" in texts
    assert "중소기업 비중 기준: 산출(보정)" in texts
    assert "중심 추정의 생산함수: CES (σ = 0.5); 범위는 선형(하한)–레온티예프(상한)" in texts
    assert "산업연관표의 수입·국산 분리: 수입비례 가정 (총거래만 제공)" in texts
    assert "불확실성: 몬테카를로 1,000회 (시드 20190701), 5–95% 구간" in texts


def test_native_chart_series_and_categories(shared_results, fx):
    ws = build_workbook(shared_results, "ko")["요약"]
    chart = ws._charts[0]
    assert chart.type == "bar" and chart.grouping == "clustered"
    assert [s.tx.v for s in chart.series] == [fx.NAMES[fx.S1][0], fx.NAMES[fx.S2][0]]
    first, last = ws.tables["Summary"].ref.split(":")
    assert chart.series[0].cat.strRef.f == f"'요약'!$A${int(first[1:]) + 1}:$A${last[1:]}"
    assert chart.series[0].val.numRef.f == f"'요약'!$B${int(first[1:]) + 1}:$B${last[1:]}"
    assert chart.y_axis.scaling.logBase == 10  # bars from 5.4 (S1, D23) to 1,188 (S2, D26): 220 times
    assert chart.series[1].val.numRef.f.startswith("'요약'!$E$")


def test_summary_fits_one_a4_landscape_page_at_a_readable_scale(shared_results):
    ws = build_workbook(shared_results, "ko")["요약"]
    assert ws.page_setup.fitToHeight == 1 and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.orientation == "landscape"
    assert estimate_pages(ws) == 1
    assert summary_scale(ws) >= 0.5
