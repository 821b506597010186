"""Charts: the axes hold the table's numbers, labels are Korean sector and scenario names, no zero bar, a source
footnote on every chart, no glyph is missing."""

from __future__ import annotations

import io
import warnings

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.container import BarContainer, ErrorbarContainer

from exposure.errors import ConfigError
from exposure.report import chartkit, charts, fonts
from exposure.report.charts import (FontFallbackWarning, fig_bubble, fig_early_warning, fig_heatmap, fig_monthly,
                                    fig_rank_intervals, fig_ranking, fig_scenarios, fig_time_profile, figures,
                                    write_charts)


@pytest.fixture(autouse=True)
def restore_rcparams():
    with mpl.rc_context():
        yield


def sme(fx, col=5):
    return {rec[0]: rec[3] * rec[4] * rec[col] for rec in fx.SECTORS}


def top(values: dict[str, float], n: int) -> list[str]:
    return sorted(values, key=lambda k: -values[k])[:n]


def names(fx, lang="ko"):
    return {rec[0]: rec[1] if lang == "ko" else rec[2] for rec in fx.SECTORS}


def render_all(fig, fmts=("png", "svg", "pdf")) -> list[str]:
    """Draw ``fig`` in every format; return the messages of all warnings raised while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in fmts:
            fig.savefig(io.BytesIO(), format=fmt, dpi=40)  # glyph lookup does not depend on resolution
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_glyph_is_missing_in_any_chart(shared_results, lang):
    figs = figures(shared_results, lang)
    assert set(figs) == set(charts.CHARTS) - {"countermeasures"}  # the fixture has no counter-measures
    for name, fig in figs.items():
        # every chart as PNG; the vector back-ends (their own font code) on the densest one
        vector = name == "drivers_heatmap" and lang == "ko"
        messages = render_all(fig, ("png", "svg", "pdf") if vector else ("png",))
        assert not [m for m in messages if "Glyph" in m or "missing from" in m], (name, messages)


def test_korean_text_uses_the_bundled_nanum_gothic(shared_results):
    fig = fig_ranking(shared_results, "ko")
    label = fig.axes[0].get_yticklabels()[0]
    assert label.get_text() == "컴퓨터·전자·광학기기"
    path = font_manager.findfont(label.get_fontproperties(), fallback_to_default=False)
    assert path.endswith("NanumGothic.ttf") and "koreanize_matplotlib" in path
    assert mpl.rcParams["axes.unicode_minus"] is False


def test_ranking_bars_are_the_table_values(shared_results, fx):
    ax = fig_ranking(shared_results, "ko").axes[0]
    expected = top(sme(fx), 15)
    bars = [p for p in ax.patches if p.get_gid() == "central"]
    assert len(bars) == 15
    assert [b.get_width() for b in bars] == pytest.approx([sme(fx)[s] for s in expected])
    assert bars[0].get_width() == pytest.approx(528_000_000)  # 220e9 × 0.12 × 0.02
    assert [t.get_text() for t in ax.get_yticklabels()] == [names(fx)[s] for s in expected]
    assert fx.NAMES[fx.S1][0] in ax.get_title()  # the scenario by its name
    assert "백만 달러" in ax.get_xlabel()  # ticks in USD million (a log axis: the values span 528e6 to 6,000)
    en = fig_ranking(shared_results, "en").axes[0]
    assert [t.get_text() for t in en.get_yticklabels()][:2] == ["Computer, electronic and optical products",
                                                                 "Chemicals and pharmaceutical products"]


def test_ranking_shows_the_production_range_and_the_monte_carlo_interval(shared_results, fx):
    ax = fig_ranking(shared_results, "ko").axes[0]
    expected = top(sme(fx), 15)
    spans = next(c for c in ax.collections if c.get_gid() == "range").get_segments()
    # the fixture's linear and Leontief figures are 0.5 and 3 times the central one
    np.testing.assert_allclose([(seg[0][0], seg[1][0]) for seg in spans],
                               [(0.5 * sme(fx)[s], 3 * sme(fx)[s]) for s in expected], rtol=1e-12)
    mc = next(c for c in ax.collections if c.get_gid() == "mc").get_segments()
    with_draws = [s for s in expected if s in {"D26", "D20T21", "D27", "D28", "D22", "D29", "D24", "D25", "D23",
                                               "D31T33", "D13T15"}]
    np.testing.assert_allclose([(seg[0][0], seg[1][0]) for seg in mc],
                               [(0.8 * sme(fx)[s], 1.5 * sme(fx)[s]) for s in with_draws], rtol=1e-12)
    labels = [t.get_text() for t in ax.texts]
    assert "528" in labels and not [t for t in labels if t in ("0", "0.0")]  # D26 in USD million; no zero label


def test_every_chart_has_a_source_footnote(shared_results):
    for name, fig in figures(shared_results, "ko").items():
        notes = [t for t in fig.texts if t.get_gid() == "footnote"]
        assert notes and notes[0].get_text().startswith("자료:"), name
        assert "imports_hsk10_2018.csv" in notes[0].get_text() or "monthly_hsk10.xlsx" in notes[0].get_text(), name


def test_heatmap_cells_are_the_drivers(shared_results, fx):
    ax = fig_heatmap(shared_results, "ko").axes[0]
    grid = np.asarray(ax.images[0].get_array())
    sectors = top(sme(fx), 10)
    weights = [0.45, 0.30, 0.15, 0.10]  # the fixture's split over 3707901010, 2811111000, 3920999010, 8486201000
    assert grid.shape == (10, 4)
    assert grid == pytest.approx(np.outer([sme(fx)[s] for s in sectors], weights))
    assert grid[0, 0] == pytest.approx(237_600_000)  # 528e6 × 0.45
    assert [t.get_text() for t in ax.get_yticklabels()] == [names(fx)[s] for s in sectors]
    assert [t.get_text().split()[0] for t in ax.get_xticklabels()] == ["3707901010", "2811111000", "3920999010",
                                                                      "8486201000"]


def test_bubble_positions_and_sizes(shared_results):
    ax = fig_bubble(shared_results, "ko").axes[0]
    hit = next(c for c in ax.collections if c.get_gid() == "shortfall")
    miss = next(c for c in ax.collections if c.get_gid() == "no-shortfall")
    # the three 2019 items, in the products table's order: (Japan share, imports from Japan)
    np.testing.assert_allclose(np.asarray(hit.get_offsets()),
                               [[0.419, 160e6 * 0.419], [0.932, 380e6 * 0.932], [0.845, 55e6 * 0.845]])
    shortfall = np.array([160e6 * 0.419, 380e6 * 0.932, 55e6 * 0.845]) * 0.4
    assert list(hit.get_sizes()) == pytest.approx(list(1500 * shortfall / shortfall.max()))
    assert len(miss.get_offsets()) == 7
    assert ax.get_yscale() == "log"
    # the scale in words: the largest bubble's shortfall, its unit and period; the fixture covers the photoresist
    # flow whole and loses 73 of its days: 380M × 0.932 × 73 / 365 = USD 70.83M = 7,083만
    key = next(t for t in ax.texts if t.get_gid() == "bubble-sizes")
    assert key.get_text() == "원의 넓이는 공급 부족액에 비례; 가장 큰 원 7,083만 달러 (분석 기간 180일 합계)"


def test_scenario_comparison_groups_under_korean_names(shared_results, fx):
    ax = fig_scenarios(shared_results, "ko").axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 2
    # the top sectors: best rank in any scenario (the first scenario's rank breaks ties), 8 of them
    s1, s2 = sme(fx, 5), sme(fx, 6)
    r1 = {s: i for i, s in enumerate(top(s1, 20))}
    r2 = {s: i for i, s in enumerate(top(s2, 20))}
    sectors = sorted(s1, key=lambda s: (min(r1[s], r2[s]), r1[s]))[:8]
    assert [p.get_width() for p in bars[0]] == pytest.approx([s1[s] for s in sectors])
    assert [p.get_width() for p in bars[1]] == pytest.approx([s2[s] for s in sectors])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [fx.NAMES[fx.S1][0], fx.NAMES[fx.S2][0]]
    en = fig_scenarios(shared_results, "en").axes[0]
    assert [t.get_text() for t in en.get_legend().get_texts()] == [fx.NAMES[fx.S1][1], fx.NAMES[fx.S2][1]]


def test_zero_values_draw_no_bar_and_no_label(results_factory, fx):
    res = results_factory()
    s = res.sectors.copy()
    s.loc[(s["scenario"] == fx.S2) & (s["sector"] == "D27"), "sme_export_at_risk_usd"] = 0.0
    res.sectors = s
    ax = fig_scenarios(res, "ko").axes[0]
    second = [c for c in ax.containers if isinstance(c, BarContainer)][1]
    assert all(p.get_width() > 0 for p in second)
    assert len(second) == 7  # D27 (third sector) has no bar under the second scenario
    assert not [t.get_text() for t in ax.texts if t.get_text() in ("0", "0.0", "0.00")]


def test_time_profile_draws_the_weekly_loss_of_the_top_sectors(shared_results, fx):
    fig = fig_time_profile(shared_results, "ko")
    ax = fig.axes[0]
    line = next(l for l in ax.lines if l.get_gid() == f"week:{fx.S1}:D26")
    # the fixture: 0 in weeks 1-4, 2 % in week 5, falling 0.05 points a week
    assert list(line.get_xdata()[:6]) == [1, 2, 3, 4, 5, 6]
    assert list(line.get_ydata()[3:6]) == pytest.approx([0.0, 0.02, 0.0195])
    assert ax.get_title(loc="left") == fx.NAMES[fx.S1][0]
    assert len(fig.axes) == 1  # the second scenario has no weekly rows in the fixture
    marks = [t.get_text() for t in ax.texts]
    assert not marks or all("재고" in m or "허가" in m or "대체" in m for m in marks)


def test_early_warning_chart_replaces_the_monthly_chart(shared_results, results_no_draws):
    fig = fig_early_warning(shared_results, "ko")
    assert fig is not None and "early_warning" in figures(shared_results, "ko")
    assert "monthly_imports" not in figures(shared_results, "ko")
    assert any(l.get_gid() == "target:2811111000" for ax in fig.axes for l in ax.lines)
    assert any(t.get_gid() == "footnote" for t in fig.texts)
    assert fig_early_warning(results_no_draws, "ko") is None


def test_rank_intervals_whiskers(shared_results, results_no_draws):
    ax = fig_rank_intervals(shared_results, "ko").axes[0]
    eb = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    points, _caps, (whiskers,) = eb.lines
    assert list(points.get_xdata()) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    segs = whiskers.get_segments()
    assert [(s[0][0], s[1][0]) for s in segs[:3]] == [(1, 2), (1, 4), (2, 5)]
    assert [t.get_text() for t in ax.get_yticklabels()][6] == "금속가공제품"  # D25: median 7 ranks before D24
    assert fig_rank_intervals(results_no_draws, "ko") is None


def test_monthly_series_marks_july_2019(shared_results, results_no_draws):
    ax = fig_monthly(shared_results, "ko").axes[0]
    hf = next(l for l in ax.lines if l.get_gid() == "series:2811111000")
    y = hf.get_ydata()
    assert len(y) == 36
    assert y[0] == pytest.approx(5.6e6 * 1.01)  # January 2018, imports from Japan only (China left out)
    # fig_monthly stays for notebooks; the report draws the early-warning chart instead
    assert y[18] == pytest.approx(5.6e6 * 0.15 * 1.07)  # July 2019
    mark = next(l for l in ax.lines if l.get_gid() == "july2019")
    assert mdates.date2num(mark.get_xdata()[0]) == mdates.date2num(np.datetime64("2019-07-01"))
    assert any("2019년 7월" in t.get_text() for t in ax.texts)
    assert [l.get_gid() for l in ax.lines if l.get_gid().startswith("series:")] == [
        "series:3707901010", "series:3920999010", "series:2811111000"]
    assert fig_monthly(results_no_draws, "ko") is None


def test_write_charts_files_and_formats(results_no_draws, tmp_path):
    paths = write_charts(results_no_draws, tmp_path, formats=("png", "svg"), dpi=40)
    # no Monte Carlo draws and no monthly series: those two charts are skipped
    assert [p.name for p in paths] == [f"{stem}.{ext}" for stem in ("ranking", "scenario_comparison", "time_profile",
                                                                   "drivers_heatmap", "dependence_bubble")
                                       for ext in ("png", "svg")]
    assert all(p.stat().st_size > 1000 for p in paths)
    assert sorted(f.name for f in tmp_path.iterdir()) == sorted(p.name for p in paths)
    img = mpl.image.imread(tmp_path / "ranking.png")
    assert img.shape[1] == 9 * 40  # 9-inch wide figure at 40 dpi
    assert (tmp_path / "ranking.svg").read_text(encoding="utf-8").startswith("<?xml")
    with pytest.raises(ConfigError, match="jpeg"):
        write_charts(results_no_draws, tmp_path, formats=("jpeg",))


def test_same_results_give_the_same_files(shared_results):
    def draw(fmt):
        buf = io.BytesIO()
        fig_heatmap(shared_results, "ko").savefig(buf, format=fmt, dpi=50, metadata=chartkit.metadata(fmt))
        return buf.getvalue()

    for fmt in ("png", "svg"):
        assert draw(fmt) == draw(fmt)


def test_interrupted_chart_write_leaves_no_partial_file(shared_results, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    def interrupt(self, fname, **kwargs):
        with open(fname, "wb") as fh:
            fh.write(b"\x89PNG half")
        raise KeyboardInterrupt

    monkeypatch.setattr(Figure, "savefig", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_charts(shared_results, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_without_the_font_package_charts_fall_back_to_english(shared_results, fx, monkeypatch):
    monkeypatch.setattr(fonts, "korean_font_dir", lambda: None)
    with pytest.warns(FontFallbackWarning, match="koreanize-matplotlib"):
        fig = fig_ranking(shared_results, "ko")
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
    ax = fig.axes[0]
    assert ax.get_yticklabels()[0].get_text() == "Computer, electronic and optical products"
    assert "USD" in ax.get_xlabel()
    messages = render_all(fig, ("png",))
    assert not [m for m in messages if "Glyph" in m]


def test_log_axis_labels_use_korean_and_english_units():
    from exposure.report.charts import compact_money

    assert [compact_money(v, "ko") for v in (5e3, 1e4, 1e6, 1e8, 2.5e9)] == ["5,000", "1만", "100만", "1억", "25억"]
    assert [compact_money(v, "en") for v in (500, 1e4, 1e6, 2.5e9)] == ["500", "10K", "1M", "2.5B"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_label_fits_inside_the_figure(shared_results, lang):
    # margins are measured once when a chart is built; nothing may be cut off at the edges
    for name, fig in figures(shared_results, lang).items():
        assert fig.get_layout_engine() is None, name  # no layout pass at every save
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            box = ax.get_tightbbox(renderer)
            assert box.x0 >= 0 and box.y0 >= 0, (name, box)
            assert box.x1 <= fig.bbox.width + 0.5 and box.y1 <= fig.bbox.height + 0.5, (name, box)


def _params(fig) -> tuple[float, ...]:
    sp = fig.subplotpars
    return sp.left, sp.right, sp.bottom, sp.top, sp.wspace, sp.hspace


def _labelled(rows: int, cols: int, colorbar: bool = False, width: float = 14):
    """A figure with long labels on a grid of axes (optionally with a colorbar beside the last)."""
    fig = chartkit.figure(width, 6)
    for n in range(rows * cols):
        ax = fig.add_subplot(rows, cols, n + 1)
        im = ax.imshow(np.arange(12.0).reshape(3, 4))
        ax.set_yticks(range(3), ["Computer, electronic and optical products", "Chemicals", "Machinery, nec"])
        ax.set_xlabel("Sector value, USD million")
        ax.set_title(f"panel {n + 1}")
    if colorbar:
        fig.colorbar(im, ax=ax, shrink=0.8)
    return fig


@pytest.mark.parametrize("rows, cols, colorbar", [(1, 1, False), (1, 1, True), (2, 2, False), (3, 1, False),
                                                  (2, 3, False)])
@pytest.mark.parametrize("band", [0.0, 0.12, 0.3])
def test_tight_above_lays_out_as_matplotlib_does_with_a_rect(rows, cols, colorbar, band):
    ours, theirs = _labelled(rows, cols, colorbar), _labelled(rows, cols, colorbar)
    chartkit.tight_above(ours, band)
    theirs.tight_layout(pad=0.6, rect=(0, band, 1, 1))
    assert _params(ours) == pytest.approx(_params(theirs), rel=1e-9, abs=1e-12)
    assert ours.subplotpars.bottom > band  # the band is kept free: the axes' labels sit above it


@pytest.mark.parametrize("width, band", [(14, 0.97), (6, 0.12)], ids=["band without room", "labels too wide"])
def test_tight_above_leaves_margins_it_cannot_fit_as_matplotlib_does(width, band):
    ours, theirs = _labelled(2, 3, width=width), _labelled(2, 3, width=width)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib warns that it did not apply the layout
        chartkit.tight_above(ours, band)
        theirs.tight_layout(pad=0.6, rect=(0, band, 1, 1))
    assert _params(ours) == pytest.approx(_params(theirs), rel=1e-9)
    assert _params(ours) == pytest.approx(_params(_labelled(2, 3, width=width)))  # as they were


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_chart_has_the_margins_matplotlibs_rect_layout_gives(shared_results, lang, monkeypatch):
    ours = {name: _params(fig) for name, fig in figures(shared_results, lang).items()}

    def matplotlibs(fig, band, pad=0.6):
        fig.tight_layout(pad=pad, rect=(0, band, 1, 1)) if band > 0 else fig.tight_layout(pad=pad)

    monkeypatch.setattr(chartkit, "tight_above", matplotlibs)
    theirs = {name: _params(fig) for name, fig in figures(shared_results, lang).items()}
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert ours[name] == pytest.approx(theirs[name], rel=1e-9, abs=1e-12), name
