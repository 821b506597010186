"""The one-page PDF brief: one A4-landscape page, NanumGothic embedded, no missing glyph, the headline, the
ranking with its ranges, the totals and the top drivers worked out from the fixture."""

from __future__ import annotations

import re
import warnings

import matplotlib as mpl
import pytest

from exposure.report.brief import BRIEF_NAME, fig_brief, top_drivers, write_brief


@pytest.fixture(autouse=True)
def restore_rcparams():
    with mpl.rc_context():
        yield


def test_top_drivers_are_the_products_behind_the_scenario(shared_results, fx):
    d = top_drivers(shared_results, fx.S1)
    # the fixture splits every sector's figures 0.45 / 0.30 / 0.15 / 0.10 over four products
    assert d["code"].tolist() == ["3707901010", "2811111000", "3920999010", "8486201000"]
    assert d["share"].tolist() == pytest.approx([0.45, 0.30, 0.15, 0.10])
    total = sum(rec[3] * rec[4] * rec[5] for rec in fx.SECTORS)
    assert d["sme_export_at_risk_usd"].iloc[0] == pytest.approx(0.45 * total)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_brief_is_one_a4_landscape_page_with_every_glyph(shared_results, tmp_path, lang):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = write_brief(shared_results, tmp_path, lang)
    assert path.name == BRIEF_NAME
    assert not [w for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)]
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box and float(box.group(1)) == pytest.approx(841.68, abs=0.5) and float(box.group(2)) == \
        pytest.approx(595.44, abs=0.5)  # A4 landscape in points
    assert b"NanumGothic" in pdf  # the Korean font travels with the file


def test_brief_says_the_headline_totals_and_method(shared_results, fx):
    fig = fig_brief(shared_results, "ko")
    texts = " ".join(t.get_text() for t in fig.texts)
    assert f"• {fx.NAMES[fx.S1][0]}: 분석 기간 180일 동안 중소기업 수출 10.4억 달러" in texts.replace("\n", " ")
    assert "c·M(k,T)/365 · max(0, G(min(H, D)) − b)" in texts
    assert "3707901010 포토레지스트 4.69억 달러 45%" in texts.replace("\n", " ")  # the top driver, the file's name
    assert "imports_hsk10_2018.csv" in texts
    ranking = next(ax for ax in fig.axes if ax.get_gid() == "ranking")
    assert [t.get_text() for t in ranking.get_yticklabels()][0] == "컴퓨터·전자·광학기기"
    assert any(c.get_gid() == "range" for c in ranking.collections)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_text_of_the_brief_stays_inside_the_page_margins(shared_results, lang):
    fig = fig_brief(shared_results, lang)
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    margin = 0.03 * width  # the left text starts at 3.5 % of the page: the right side keeps as much
    outside = [(t.get_text()[:30], round(t.get_window_extent(renderer).x1 / width, 3)) for t in fig.texts
               if t.get_text() and t.get_window_extent(renderer).x1 > width - margin]
    assert outside == []
