"""Alert rules, grades and episodes on small series worked by hand; properties; the 2019 HF backtest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure.errors import ConfigError, DataError
from exposure.monitor import (ALERT_COLUMNS, AlertRules, calc_grade, calc_grade_points, episodes, find_alerts,
                              grade_table, monthly_panel)
from exposure.monitor.panel import month_index

OFF = dict(drop_vs_baseline=None, share_fall_points=None, robust_score=None)


def only(rule: str, **params) -> AlertRules:
    """Rules with every rule off but ``rule`` (at its default unless given), small grade sizes."""
    on = {"drop_vs_baseline": 0.5, "share_fall": 0.15, "robust_score": -3.5}
    key = {"drop_vs_baseline": "drop_vs_baseline", "share_fall": "share_fall_points",
           "robust_score": "robust_score"}[rule]
    args = {**OFF, key: on[rule], "grade_size_usd": (100.0, 500.0), **params}
    return AlertRules(**args)


def series(make_flows, jpn_tail, chn_tail=None, jpn=60.0, chn=40.0, start="2016-01", tail_start="2019-07"):
    """Flat JPN/CHN imports from ``start`` with hand-set values from ``tail_start`` on."""
    n_head = month_index(*map(int, tail_start.split("-"))) - month_index(*map(int, start.split("-")))
    chn_tail = chn_tail if chn_tail is not None else [chn] * len(jpn_tail)
    return make_flows({"JPN": [jpn] * n_head + list(jpn_tail), "CHN": [chn] * n_head + list(chn_tail)}, start)


def fired(alerts: pd.DataFrame, rule: str | None = None) -> list[str]:
    a = alerts if rule is None else alerts[alerts["rule"] == rule]
    return a["period"].tolist()


# --------------------------------------------------------------------------- drop vs baseline
def test_drop_rule_fires_at_half_the_baseline(make_flows):
    # baseline 60 (July of 2016–2018); 30 is exactly −50 %, 31 is −48.3 %
    for value, expected in ((25.0, ["2019-07"]), (30.0, ["2019-07"]), (31.0, [])):
        p = monthly_panel(series(make_flows, [value]))
        assert fired(find_alerts(p, only("drop_vs_baseline"))) == expected, value


def test_drop_rule_evidence_sentence_and_numbers(make_flows):
    a = find_alerts(monthly_panel(series(make_flows, [25.0])), only("drop_vs_baseline"), lang="en").iloc[0]
    assert (a["target_usd"], a["target_baseline_usd"], a["target_baseline_years"]) == (25.0, 60.0, 3)
    assert a["target_change_vs_baseline"] == pytest.approx(25 / 60 - 1)
    assert a["share_12m"] == pytest.approx(0.6) and a["share_before"] == pytest.approx(0.6)
    assert a["share_after"] == pytest.approx(25 / 65)
    assert a["evidence"] == ("2019-07 imports from Japan $25: 58.3 % below the seasonal baseline of $60 (mean of the "
                             "same month in the previous 3 years); Japan's share 60.0% over the previous 12 months, "
                             "38.5% this month")
    assert a["rule_name"] == "Imports from the target fell below the seasonal baseline"


def test_drop_rule_needs_the_dependence(make_flows):
    # Japan's share 20 %: below min_share 0.3, no alert; with min_share 0.1 the same fall is an alert
    flows = series(make_flows, [5.0], jpn=20.0, chn=80.0)
    assert fired(find_alerts(monthly_panel(flows), only("drop_vs_baseline"))) == []
    assert fired(find_alerts(monthly_panel(flows), only("drop_vs_baseline", min_share=0.1))) == ["2019-07"]


def test_drop_rule_months_in_a_row(make_flows):
    p = monthly_panel(series(make_flows, [20.0, 20.0, 60.0]))
    assert fired(find_alerts(p, only("drop_vs_baseline"))) == ["2019-07", "2019-08"]
    assert fired(find_alerts(p, only("drop_vs_baseline", drop_months=2))) == ["2019-08"]
    assert fired(find_alerts(p, only("drop_vs_baseline", drop_months=3))) == []


# --------------------------------------------------------------------------- share fall
def test_share_fall_of_fifteen_points(make_flows):
    # share 0.6 → 0.45 (JPN 45, CHN 55): exactly 15 points, JPN below its baseline of 60
    p = monthly_panel(series(make_flows, [45.0], [55.0]))
    a = find_alerts(p, only("share_fall"), lang="en")
    assert fired(a) == ["2019-07"]
    assert a.iloc[0]["share_before"] == pytest.approx(0.6) and a.iloc[0]["share_after"] == pytest.approx(0.45)
    assert "fell 15.0 points, from 60.0% (highest of the previous 3 months) to 45.0%" in a.iloc[0]["evidence"]
    p = monthly_panel(series(make_flows, [46.0], [54.0]))  # 14 points
    assert fired(find_alerts(p, only("share_fall"))) == []


def test_share_fall_within_the_window_of_months(make_flows):
    # shares 0.6 (Jun), 0.5, 0.5, 0.4: the fall from June's 0.6 is 20 points, within 3 months, not within 2
    p = monthly_panel(series(make_flows, [50.0, 50.0, 40.0], [50.0, 50.0, 60.0]))
    assert fired(find_alerts(p, only("share_fall"))) == ["2019-09"]
    assert fired(find_alerts(p, only("share_fall", share_fall_months=2))) == []


def test_share_fall_while_the_target_grows_is_not_a_disruption(make_flows):
    # JPN 66 (+10 % on its baseline), CHN 120: share 0.6 → 0.355, but Japan ships more, not less
    p = monthly_panel(series(make_flows, [66.0], [120.0]))
    assert fired(find_alerts(p, only("share_fall"))) == []
    assert fired(find_alerts(p, only("share_fall", share_fall_max_change=None))) == ["2019-07"]
    assert fired(find_alerts(p, only("share_fall", share_fall_max_change=0.1))) == ["2019-07"]


# --------------------------------------------------------------------------- robust score
def _hand_panel(scores, shares_12m):
    n = len(scores)
    return pd.DataFrame({
        "code": "3707901010", "code_system": "HSK10", "year": 2019, "month": np.arange(1, n + 1), "target": "JPN",
        "target_usd": 100.0, "target_share": 0.9, "target_baseline_usd": 100.0, "target_baseline_years": 3,
        "target_change_vs_baseline": 0.0, "robust_score": scores, "share_12m": shares_12m,
        "target_12m_usd": 1200.0})


def test_robust_rule_threshold_and_dependence():
    p = _hand_panel([-3.6, -3.5, -3.4, -9.0], [0.9, 0.9, 0.9, 0.29])
    a = find_alerts(p, only("robust_score"), lang="en")
    assert fired(a) == ["2019-01", "2019-02"]
    assert a.iloc[0]["evidence"].startswith("2019-01 robust score -3.6 (alert at -3.5 or below)")
    assert fired(find_alerts(p, only("robust_score", robust_score=-5.0))) == []


def test_robust_rule_through_the_panel(make_flows):
    # flat history (every deviation 0, scale floor 0.05), then half the baseline: score ln(.55/1.05)/.05 ≈ −12.9
    p = monthly_panel(series(make_flows, [30.0], start="2014-01"))
    a = find_alerts(p, only("robust_score"))
    assert fired(a) == ["2019-07"]
    assert a.iloc[0]["robust_score"] == pytest.approx(np.log(0.55 / 1.05) / 0.05)


# --------------------------------------------------------------------------- grades
def test_grade_points_and_letters_at_the_thresholds():
    share = np.array([0.93, 0.42, 0.5, 0.35, 0.35, 0.2999, np.nan, 0.3])
    size = np.array([3e8, 6.7e7, 5e5, 2e6, 5e5, 2e7, 5e7, 1e6])
    points = calc_grade_points(share, size, (0.3, 0.5), (1e6, 1e7))
    assert points.tolist() == [4, 3, 2, 2, 1, 2, 2, 2]
    assert calc_grade(points).tolist() == ["A", "B", "C", "C", "D", "C", "C", "C"]


def test_grade_of_an_alert_uses_the_previous_twelve_months(make_flows):
    flows = series(make_flows, [10.0])  # share 0.6 → 2 points; 12-month size 720
    assert find_alerts(monthly_panel(flows), only("drop_vs_baseline"))["grade"].tolist() == ["A"]
    small = only("drop_vs_baseline", grade_size_usd=(500.0, 1000.0))  # size 1 point → B
    assert find_alerts(monthly_panel(flows), small)["grade"].tolist() == ["B"]
    tiny = only("drop_vs_baseline", grade_size_usd=(1000.0, 2000.0))  # size 0 points → C
    assert find_alerts(monthly_panel(flows), tiny)["grade"].tolist() == ["C"]


def test_grade_table_in_both_languages():
    ko = grade_table(AlertRules(), "ko")
    assert ko["grade"].tolist() == ["A", "B", "C", "D"]
    assert ko["meaning"].iloc[0] == "의존도와 규모 모두 높음"
    assert "50% 이상 2점" in ko["basis"].iloc[0] and "1,000만 달러" in ko["basis"].iloc[0]
    en = grade_table(AlertRules(), "en")
    assert en["meaning"].iloc[3] == "low dependence or small imports" and "$10.00M" in en["basis"].iloc[0]


# --------------------------------------------------------------------------- episodes
def test_consecutive_months_form_one_episode(make_flows):
    # drops in Jul, Aug, Sep; October back at the baseline; November down again
    p = monthly_panel(series(make_flows, [10.0, 10.0, 10.0, 60.0, 10.0]))
    a = find_alerts(p, only("drop_vs_baseline"))
    assert fired(a) == ["2019-07", "2019-08", "2019-09", "2019-11"]
    assert a["episode"].tolist() == [1, 1, 1, 2]
    assert a["episode_start"].tolist() == ["2019-07"] * 3 + ["2019-11"]
    assert a["episode_months"].tolist() == [3, 3, 3, 1]
    assert a["episode_month"].tolist() == [1, 2, 3, 1]
    e = episodes(a)
    assert e[["start", "end", "months"]].values.tolist() == [["2019-07", "2019-09", 3], ["2019-11", "2019-11", 1]]
    assert e["largest_drop"].iloc[0] == pytest.approx(10 / 60 - 1)


def test_episodes_are_per_rule_and_product(make_flows):
    flows = pd.concat([series(make_flows, [10.0, 10.0]),
                       series(make_flows, [10.0]).assign(code="3707901010")], ignore_index=True)
    a = find_alerts(monthly_panel(flows), AlertRules(robust_score=None, grade_size_usd=(100.0, 500.0)))
    e = episodes(a)
    # per product: drop and share-fall rules fire in July (share 0.6 → 0.2); HF's August too
    assert e[["code", "rule", "months"]].values.tolist() == [
        ["2811111000", "drop_vs_baseline", 2], ["2811111000", "share_fall", 2],
        ["3707901010", "drop_vs_baseline", 1], ["3707901010", "share_fall", 1]]
    assert a["episode"].tolist() == [1, 2, 1, 2, 3, 4]  # numbered by first alert: product, month, rule order


# --------------------------------------------------------------------------- properties
def test_a_series_without_change_raises_no_alert(make_flows):
    for jpn, chn in ((60.0, 40.0), (1.0, 0.0), (5e8, 1.0)):
        flows = make_flows({"JPN": [jpn] * 72, "CHN": [chn] * 72}, "2014-01")
        assert find_alerts(monthly_panel(flows), AlertRules(min_share=0.0)).empty


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**31 - 1), scale=st.sampled_from([1e-3, 0.5, 7.0, 1e4, 3.3e6]))
def test_scaling_every_value_changes_nothing(make_flows, seed, scale):
    rng = np.random.default_rng(seed)
    n = 72
    jpn = rng.uniform(40, 100, n) * np.where(rng.uniform(size=n) < 0.1, rng.uniform(0, 0.5, n), 1.0)
    flows = make_flows({"JPN": list(jpn), "CHN": list(rng.uniform(10, 80, n))}, "2014-01")
    rules = AlertRules(grade_size_usd=(300.0, 700.0))
    scaled_rules = AlertRules(grade_size_usd=(300.0 * scale, 700.0 * scale))
    a = find_alerts(monthly_panel(flows), rules)
    b = find_alerts(monthly_panel(flows.assign(value_usd=flows["value_usd"] * scale)), scaled_rules)
    same = ["code", "period", "rule", "grade", "share_12m", "target_change_vs_baseline", "share_before",
            "share_after", "robust_score", "episode", "episode_months"]
    pd.testing.assert_frame_equal(a[same], b[same], rtol=1e-9)
    for col in ("target_usd", "target_baseline_usd", "target_12m_usd"):
        np.testing.assert_allclose(b[col], a[col] * scale, rtol=1e-9)


# --------------------------------------------------------------------------- language, parameters, bad input
def test_texts_follow_lang(make_flows):
    p = monthly_panel(series(make_flows, [25.0]))
    ko = find_alerts(p, only("drop_vs_baseline")).iloc[0]
    assert ko["rule_name"] == "대상국 수입 급감 (계절 기준 대비)"
    assert ko["evidence"].startswith("2019-07 일본 수입 25 달러: 계절 기준 60 달러(직전 3년 같은 달 평균)보다 58.3% 적음")
    with pytest.raises(ConfigError, match="lang"):
        find_alerts(p, lang="fr")
    d = AlertRules().describe("ko")
    assert d["rule"].tolist() == ["drop_vs_baseline", "share_fall", "robust_score"]
    assert "50% 이상" in d["condition"].iloc[0] and "15%p" in d["condition"].iloc[1]
    assert AlertRules(robust_score=None).describe("en")["rule"].tolist() == ["drop_vs_baseline", "share_fall"]


@pytest.mark.parametrize("bad", [dict(min_share=1.5), dict(drop_vs_baseline=0.0), dict(drop_months=0),
                                 dict(share_fall_points=2.0), dict(robust_score=3.0),
                                 dict(grade_share=(0.6, 0.5)), dict(grade_size_usd=(1.0,)),
                                 dict(share_fall_months=1.5)])
def test_bad_rule_parameters_are_refused(bad):
    with pytest.raises(ConfigError, match=next(iter(bad))):
        AlertRules(**bad)


def test_alert_table_shape_when_nothing_fires_and_bad_panels(make_flows):
    p = monthly_panel(make_flows({"JPN": [1.0] * 3, "CHN": [1.0] * 3}, "2019-01"))
    empty = find_alerts(p)
    assert empty.empty and list(empty.columns) == ALERT_COLUMNS
    assert episodes(empty).empty
    with pytest.raises(DataError, match="robust_score"):
        find_alerts(p.drop(columns="robust_score"))
    with pytest.raises(DataError, match="twice"):
        find_alerts(pd.concat([p, p]))


# --------------------------------------------------------------------------- the 2019 backtest
@pytest.mark.shared_data
def test_hf_alert_fires_in_july_or_august_2019(hsk10_flows, hsk10_raw):
    alerts = find_alerts(monthly_panel(hsk10_flows))
    hf = alerts[(alerts["code"] == "2811111000") & (alerts["rule"] == "drop_vs_baseline")]
    first_2019 = hf[hf["year"] == 2019]["period"].iloc[0]
    assert first_2019 in ("2019-07", "2019-08")
    row = hf[hf["period"] == first_2019].iloc[0]
    # dependence before the event from the raw file: Japan's share of Jul 2018 – Jun 2019 imports
    raw = hsk10_raw[hsk10_raw["Item"] == "2811111000"]
    k = raw["Year"] * 12 + raw["Month"]
    window = raw[(k >= 2018 * 12 + 7) & (k <= 2019 * 12 + 6)]
    jpn = window.loc[window["Country"] == "Japan", "Import_dollar"].sum()
    assert row["share_12m"] == pytest.approx(jpn / window["Import_dollar"].sum())
    assert row["target_12m_usd"] == pytest.approx(jpn)
    assert row["grade"] == "B"  # 43 % dependence (medium), $68M over 12 months (large)
    assert row["episode_start"] == "2019-07"


@pytest.mark.shared_data
def test_photoresist_kept_flowing_in_2019(hsk10_flows):
    alerts = find_alerts(monthly_panel(hsk10_flows, codes=["3707901010"]))
    k = alerts["year"] * 12 + alerts["month"]
    after = alerts[(k >= 2019 * 12 + 7) & (k <= 2020 * 12 + 6)]
    assert "drop_vs_baseline" not in set(after["rule"])
