"""The monitor chart: index values worked by hand, alert marks, the event line clear of the legend,
Korean names and footnote, no missing glyph, English fallback without the font."""

from __future__ import annotations

import io
import warnings

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib import dates as mdates

from exposure.errors import ConfigError
from exposure.monitor import find_alerts, monthly_panel
from exposure.report import fonts
from exposure.report.charts import FontFallbackWarning
from exposure.report.monitor_chart import WINDOW_COLUMNS, event_window, fig_monitor

NAMES = {"2811111000": {"ko": "불화수소", "en": "Hydrogen fluoride"}, "3707901010": ("포토레지스트", "Photoresist"),
         "3818001000": "실리콘 웨이퍼"}


@pytest.fixture(autouse=True)
def restore_rcparams():
    with mpl.rc_context():
        yield


def _flows() -> pd.DataFrame:
    """2016-01 … 2020-12, USD a month.

    HF (2811111000): Japan 6e6 (5e6 in 2019-06), 1e6 from 2019-07; China 4e6 → share 0.6, 12-month
    size ~7e7: grade A. Photoresist (3707901010): Japan 9e4, 3e4 in 2019-09 only; Belgium 1e4 →
    share 0.9, size ~1.1e6: grade B. Wafers (3818001000): flat, no alert.
    """
    months = pd.period_range("2016-01", "2020-12", freq="M")
    recs = []

    def add(code, partner, values):
        for m, v in zip(months, values):
            recs.append(dict(year=m.year, month=m.month, reporter="KOR", partner=partner, flow="M", code=code,
                             code_system="HSK10", name="", value_usd=float(v), source="hand.xlsx"))

    hf = [5e6 if str(m) == "2019-06" else 1e6 if str(m) >= "2019-07" else 6e6 for m in months]
    add("2811111000", "JPN", hf)
    add("2811111000", "CHN", [4e6] * len(months))
    add("3707901010", "JPN", [3e4 if str(m) == "2019-09" else 9e4 for m in months])
    add("3707901010", "BEL", [1e4] * len(months))
    add("3818001000", "JPN", [5e7] * len(months))
    add("3818001000", "SGP", [5e7] * len(months))
    return pd.DataFrame(recs)


@pytest.fixture(scope="module")
def monitored():
    panel = monthly_panel(_flows())
    return panel, find_alerts(panel)


def _axes_of(fig, code):
    return next(ax for ax in fig.axes if ax.get_title(loc="left").startswith(code))


def _line(ax, gid):
    return next(line for line in ax.get_lines() if line.get_gid() == gid)


def test_window_holds_the_alerted_products_best_grade_first(monitored):
    panel, alerts = monitored
    w = event_window(panel, alerts)
    assert list(w.columns) == WINDOW_COLUMNS
    assert list(dict.fromkeys(w["code"])) == ["2811111000", "3707901010"]  # wafers: no alert
    hf = w[w["code"] == "2811111000"].set_index("period")
    assert hf.index[0] == "2018-07" and hf.index[-1] == "2020-12"  # 12 months before; data end before +18
    assert (hf["grade"].iloc[0], round(hf["share_12m"].iloc[0], 6)) == ("A", round(71e6 / 119e6, 6))
    # index base 2019-06: Japan 5e6, total 9e6
    assert hf.loc["2018-07", "target_index"] == pytest.approx(120.0)
    assert hf.loc["2019-06", "target_index"] == pytest.approx(100.0)
    assert hf.loc["2019-07", "target_index"] == pytest.approx(20.0)
    assert hf.loc["2019-07", "total_index"] == pytest.approx(100 * 5e6 / 9e6)
    assert hf.loc["2019-07", "h"] == 0 and hf.loc["2018-07", "h"] == -12
    pr = w[w["code"] == "3707901010"].set_index("period")
    assert pr.loc["2019-09", "alert"] and not pr.loc["2019-08", "alert"]
    assert pr.loc["2019-09", "target_index"] == pytest.approx(100 / 3)
    assert pr["grade"].iloc[0] == "B"


def test_index_base_over_several_months(monitored):
    panel, alerts = monitored
    w = event_window(panel, alerts, base_months=3)
    hf = w[w["code"] == "2811111000"].set_index("period")
    base = (6e6 + 6e6 + 5e6) / 3  # 2019-04 … 2019-06
    assert hf.loc["2019-07", "target_index"] == pytest.approx(100 * 1e6 / base)


def test_lines_marks_and_event_line_are_the_table_values(monitored):
    panel, alerts = monitored
    fig = fig_monitor(panel, alerts, NAMES)
    w = event_window(panel, alerts)
    event = mdates.date2num(np.datetime64("2019-07-01"))
    for code in ("2811111000", "3707901010"):
        ax = _axes_of(fig, code)
        d = w[w["code"] == code]
        np.testing.assert_allclose(_line(ax, f"target:{code}").get_ydata(), d["target_index"])
        np.testing.assert_allclose(_line(ax, f"total:{code}").get_ydata(), d["total_index"])
        marks = next(c for c in ax.collections if c.get_gid() == f"alerts:{code}")
        a = alerts[(alerts["code"] == code) & (alerts["period"].isin(d["period"]))]
        expected = [mdates.date2num(np.datetime64(p + "-01")) for p in sorted(set(a["period"]))]
        np.testing.assert_allclose(sorted(marks.get_offsets()[:, 0]), expected)
        line = _line(ax, "event")
        assert mdates.date2num(line.get_xdata()[0]) == pytest.approx(event)
    # the HF panel's first mark is the event month itself
    marks = next(c for c in _axes_of(fig, "2811111000").collections if c.get_gid() == "alerts:2811111000")
    assert min(marks.get_offsets()[:, 0]) == pytest.approx(event)


def test_legend_sits_outside_every_panel_and_everything_fits(monitored):
    panel, alerts = monitored
    for lang in ("ko", "en"):
        fig = fig_monitor(panel, alerts, NAMES, lang=lang)
        renderer = fig.canvas.get_renderer()
        legend = next(lg for lg in fig.legends if lg.get_gid() == "legend")
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            assert not box.overlaps(ax.get_window_extent(renderer)), lang
            tight = ax.get_tightbbox(renderer)
            assert tight.x0 >= 0 and tight.y0 >= 0
            assert tight.x1 <= fig.bbox.width + 0.5 and tight.y1 <= fig.bbox.height + 0.5
        note = next(t for t in fig.texts if t.get_gid() == "footnote")
        nbox = note.get_window_extent(renderer)
        assert nbox.x1 <= fig.bbox.width and nbox.y0 >= 0 and not nbox.overlaps(box)


def test_korean_names_titles_and_footnote(monitored):
    panel, alerts = monitored
    ko = fig_monitor(panel, alerts, NAMES, lang="ko")
    title = _axes_of(ko, "2811111000").get_title(loc="left")
    assert title.splitlines() == ["2811111000 불화수소", "등급 A · 직전 12개월 일본 비중 60%"]
    assert _axes_of(ko, "3707901010").get_title(loc="left").startswith("3707901010 포토레지스트")
    assert ko._suptitle.get_text() == "일본 의존 품목의 경보와 수입 추이 (2019-07 전후)"
    note = next(t for t in ko.texts if t.get_gid() == "footnote").get_text().replace("\n", " ")
    assert note.startswith("자료: hand.xlsx.") and "2019-06=100" in note
    assert _axes_of(ko, "2811111000").get_ylabel() == "지수 (2019-06 = 100)"
    en = fig_monitor(panel, alerts, NAMES, lang="en", source="Korea Customs Service, HSK10 by country")
    assert _axes_of(en, "2811111000").get_title(loc="left").startswith("2811111000 Hydrogen fluoride\ngrade A")
    note = next(t for t in en.texts if t.get_gid() == "footnote").get_text().replace("\n", " ")
    assert note.startswith("Source: Korea Customs Service, HSK10 by country.")
    texts = [t.get_text() for t in en.legends[0].get_texts()]
    assert texts == ["Imports from Japan", "Imports from all partners", "Alert month"]


def test_a_korean_only_name_is_left_out_of_an_english_chart(monitored):
    panel, alerts = monitored
    fig = fig_monitor(panel, alerts, NAMES, lang="en", codes=["3818001000"])
    assert _axes_of(fig, "3818001000").get_title(loc="left") == "3818001000"  # no alert: no grade line
    fig = fig_monitor(panel, alerts, NAMES, lang="ko", codes=["3818001000"])
    assert _axes_of(fig, "3818001000").get_title(loc="left") == "3818001000 실리콘 웨이퍼"


def test_no_alert_in_the_window_draws_nothing(monitored):
    panel, alerts = monitored
    assert fig_monitor(panel, alerts, event="2017-07", after=6) is None
    assert fig_monitor(panel, alerts.iloc[0:0]) is None
    with pytest.raises(ConfigError, match="lang"):
        fig_monitor(panel, alerts, lang="jp")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_glyph_is_missing(monitored, lang):
    panel, alerts = monitored
    fig = fig_monitor(panel, alerts, NAMES, lang=lang)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("png", "svg", "pdf"):
            fig.savefig(io.BytesIO(), format=fmt, dpi=40)
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "Glyph" in m or "missing from" in m], messages


def test_same_input_same_svg(monitored):
    panel, alerts = monitored

    def svg() -> bytes:
        buf = io.BytesIO()
        fig_monitor(panel, alerts, NAMES).savefig(buf, format="svg", metadata={"Date": None})
        return buf.getvalue()

    assert svg() == svg()


def test_without_the_font_package_the_chart_falls_back_to_english(monitored, monkeypatch):
    panel, alerts = monitored
    monkeypatch.setattr(fonts, "korean_font_dir", lambda: None)
    with pytest.warns(FontFallbackWarning):
        fig = fig_monitor(panel, alerts, NAMES, lang="ko")
    assert fig._suptitle.get_text().startswith("Alerts and imports")
    assert _axes_of(fig, "2811111000").get_title(loc="left").startswith("2811111000 Hydrogen fluoride")
