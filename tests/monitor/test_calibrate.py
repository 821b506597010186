"""Substitution measured from an episode: the ramp fit on synthetic ramps with known φ and L, the scenario
rule it writes, the cases with nothing to measure, and the 2019 record of the shared HSK10 file."""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pandas as pd
import pytest

from exposure.errors import ConfigError, DataError
from exposure.monitor import MONTHLY_COLUMNS, PARTNER_COLUMNS, calibrate, fit_ramp
from exposure.monitor.calibrate import DAYS_PER_MONTH

MID = (np.arange(12) + 0.5) * DAYS_PER_MONTH  # middle of months 0 … 11 after the event, in days


def ramp(phi, lag, days=MID):
    return phi * np.minimum(1.0, days / lag)


def episode(make_flows, chn_window, jpn_window=None, jpn=100.0, chn=50.0, extra=None, start="2018-07"):
    """Baseline 2018-07 … 2019-06 (JPN 100, CHN 50 a month), then the given window values from 2019-07."""
    n = len(chn_window)
    jpn_window = [0.0] * n if jpn_window is None else list(jpn_window)
    data = {"JPN": [jpn] * 12 + jpn_window, "CHN": [chn] * 12 + list(chn_window)}
    data.update(extra or {})
    return make_flows(data, start)


# --------------------------------------------------------------------------- the fit
def test_fit_recovers_a_known_ramp():
    lost = np.full(12, 100.0)
    phi, lag, r2 = fit_ramp(ramp(0.6, 120) * lost, lost, MID, 365)
    assert (round(phi, 9), lag, round(r2, 9)) == (0.6, 120.0, 1.0)


def test_fit_weights_months_by_the_supply_lost():
    # lost varies by month; replacement is 40 % of each month's loss after a 200-day ramp
    lost = np.array([50, 80, 100, 100, 120, 90, 100, 100, 60, 100, 100, 100], dtype=float)
    phi, lag, _ = fit_ramp(ramp(0.4, 200) * lost, lost, MID, 365)
    assert phi == pytest.approx(0.4, abs=1e-9) and lag == 200.0


def test_fit_with_immediate_replacement_reports_the_first_half_month():
    lost = np.full(12, 100.0)
    phi, lag, _ = fit_ramp(np.full(12, 50.0), lost, MID, 365)
    # every L up to the first mid-month (15.2 days) fits equally: the largest whole day is kept
    assert phi == pytest.approx(0.5) and lag == 15.0


def test_fit_without_replacement_or_with_falling_partners_gives_phi_zero():
    lost = np.full(12, 100.0)
    for replaced in (np.zeros(12), np.full(12, -30.0)):
        phi, lag, r2 = fit_ramp(replaced, lost, MID, 365)
        assert phi == 0.0 and math.isnan(lag) and math.isnan(r2)


def test_fit_caps_phi_at_one():
    lost = np.full(12, 100.0)
    phi, _lag, _ = fit_ramp(np.full(12, 150.0), lost, MID, 365)
    assert phi == 1.0


def test_fit_of_a_noisy_ramp_is_close():
    rng = np.random.default_rng(20190704)
    lost = np.full(24, 100.0)
    days = (np.arange(24) + 0.5) * DAYS_PER_MONTH
    noisy = ramp(0.7, 150, days) * lost + rng.normal(0, 3, 24)
    phi, lag, r2 = fit_ramp(noisy, lost, days, 730)
    assert abs(phi - 0.7) < 0.03 and abs(lag - 150) < 25 and r2 > 0.9


# --------------------------------------------------------------------------- calibrate on synthetic episodes
def test_calibrate_measures_phi_l_and_the_replacing_partner(make_flows):
    # Japan stops in 2019-07; China ramps up to replace 60 % of the 100 lost in 90 days
    chn = 50 + ramp(0.6, 90) * 100
    cal = calibrate(episode(make_flows, chn), "2811111000")
    assert cal.status == "measured" and cal.measured
    assert cal.loss_share == 1.0 and cal.target_baseline_usd == 100.0 and cal.target_window_usd == 0.0
    assert cal.phi == pytest.approx(0.6, abs=1e-9) and cal.lag_days == 90.0
    assert cal.fit_r2 == pytest.approx(1.0) and cal.plateau_reached
    # by hand: 60·(15.22/90 + 45.66/90 + 76.09/90) + 9·60 replaced of 12·100 lost
    replaced = 60 * (MID[0] + MID[1] + MID[2]) / 90 + 9 * 60
    assert cal.lost_usd == 1200.0 and cal.replaced_usd == pytest.approx(replaced)
    assert cal.replaced_share == pytest.approx(replaced / 1200)
    assert list(cal.partners.columns) == PARTNER_COLUMNS and list(cal.monthly.columns) == MONTHLY_COLUMNS
    top = cal.partners.iloc[0]
    assert (top["rank"], top["partner"]) == (1, "CHN")
    assert top["gain_usd"] == pytest.approx(replaced) and top["share_of_loss"] == pytest.approx(replaced / 1200)
    m = cal.monthly
    assert m["period"].iloc[0] == "2019-07" and m["days"].iloc[0] == pytest.approx(365.25 / 24)
    np.testing.assert_allclose(m["replaced_share"], ramp(0.6, 90), atol=1e-12)
    np.testing.assert_allclose(m["fitted_share"], ramp(0.6, 90), atol=1e-9)


def test_the_rule_is_a_valid_scenario_block(make_flows):
    from exposure.scenarios import from_mapping

    cal = calibrate(episode(make_flows, 50 + ramp(0.6, 90) * 100), "2811111000")
    text = cal.to_rule_toml()
    assert text.startswith("[[rules]]\n")
    rule = tomllib.loads(text)["rules"][0]
    assert rule["codes"] == ["2811111000"] and rule["coverage"] == 1.0
    assert rule["phi"] == 0.6 and rule["lag_days"] == 90
    assert "2019-07" in rule["note"] and "CHN" in rule["note"] and "hand.xlsx" in rule["note"]
    scen = from_mapping({"name": "measured", "target": "JPN", "rules": [rule]})
    (r,) = scen.rules
    assert (r.codes, r.coverage, r.phi, r.lag_days) == (("2811111000",), 1.0, 0.6, 90.0)
    assert "모니터가" in cal.to_rule("ko")["note"]  # the note follows lang


def test_partial_loss_sets_the_coverage(make_flows):
    # Japan falls from 100 to 40 (60 % lost); China replaces half of it at once
    cal = calibrate(episode(make_flows, [80.0] * 12, jpn_window=[40.0] * 12), "2811111000")
    assert cal.loss_share == pytest.approx(0.6) and cal.phi == pytest.approx(0.5)
    assert cal.to_rule()["coverage"] == 0.6


def test_domestic_makers_count_when_a_series_is_given(make_flows):
    # China replaces 30 % and domestic makers another 30 %, both on a 90-day ramp
    flows = episode(make_flows, 50 + ramp(0.3, 90) * 100)
    months = pd.period_range("2018-07", "2020-06", freq="M")
    dom = np.concatenate([np.full(12, 200.0), 200 + ramp(0.3, 90) * 100])
    domestic = pd.DataFrame({"year": months.year, "month": months.month, "value_usd": dom})
    imports_only = calibrate(flows, "2811111000")
    assert imports_only.phi == pytest.approx(0.3, abs=1e-9) and not imports_only.domestic
    assert "국내 생산 자료가 없어" in imports_only.quality("ko")
    both = calibrate(flows, "2811111000", domestic=domestic)
    assert both.phi == pytest.approx(0.6, abs=1e-9) and both.lag_days == 90.0 and both.domestic
    # total supply = imports + domestic gives the same answer
    total = np.concatenate([np.full(12, 150.0), 50 + ramp(0.3, 90) * 100]) + dom
    supply = domestic.assign(value_usd=total)
    assert calibrate(flows, "2811111000", supply=supply).phi == pytest.approx(0.6, abs=1e-9)
    with pytest.raises(ConfigError, match="not both"):
        calibrate(flows, "2811111000", domestic=domestic, supply=supply)
    with pytest.raises(DataError, match="2019-12 is missing"):
        calibrate(flows, "2811111000", domestic=domestic[~((domestic["year"] == 2019) & (domestic["month"] == 12))])


def test_a_ramp_longer_than_the_window_is_flagged(make_flows):
    # 80 % in 500 days: within 12 months the data cannot tell the plateau; L sticks to the window's end
    cal = calibrate(episode(make_flows, 50 + ramp(0.8, 500) * 100), "2811111000")
    assert cal.lag_days == 365.0 and not cal.plateau_reached
    assert cal.phi == pytest.approx(0.8 * 365 / 500, abs=1e-9)
    assert "extrapolated" in cal.quality("en") and "외삽" in cal.quality("ko")


def test_no_fall_means_nothing_to_measure(make_flows):
    cal = calibrate(episode(make_flows, [60.0] * 12, jpn_window=[105.0] * 12), "2811111000")
    assert cal.status == "no_loss" and not cal.measured
    assert math.isnan(cal.phi) and math.isnan(cal.lag_days)
    assert cal.quality("en").startswith("Nothing to measure") and cal.quality("ko").startswith("측정할 것이 없음")
    with pytest.raises(DataError, match="Nothing to measure"):
        cal.to_rule_toml()
    # a 5 % dip is below min_loss 10 %; with min_loss 0 it is measured
    dip = episode(make_flows, [50.0] * 12, jpn_window=[95.0] * 12)
    assert calibrate(dip, "2811111000").status == "no_loss"
    assert calibrate(dip, "2811111000", min_loss=0.0).status == "measured"


def test_no_replacement_writes_phi_zero_without_a_lag(make_flows):
    from exposure.scenarios import from_mapping

    cal = calibrate(episode(make_flows, [40.0] * 12), "2811111000")  # Japan stops, China falls too
    assert cal.measured and cal.phi == 0.0 and math.isnan(cal.lag_days)
    assert cal.replaced_share == pytest.approx(-10 * 12 / 1200)
    rule = tomllib.loads(cal.to_rule_toml())["rules"][0]
    assert rule["phi"] == 0 and "lag_days" not in rule
    from_mapping({"name": "x", "rules": [rule]})
    assert "No replacement" in cal.quality("en")


def test_window_is_shortened_where_the_data_end(make_flows):
    cal = calibrate(episode(make_flows, [50.0 + 30] * 6), "2811111000")
    assert cal.window_months == 6 and cal.shortened_to == "2019-12"
    assert "shortened to 6 months" in cal.quality("en")
    with pytest.raises(DataError, match="fewer than 2 months"):
        calibrate(episode(make_flows, [50.0]), "2811111000")


def test_bad_calls_are_refused(make_flows):
    flows = episode(make_flows, [50.0] * 12)
    with pytest.raises(DataError, match="not in the table"):
        calibrate(flows, "3707901010")
    with pytest.raises(DataError, match="2018-06 is not in the data"):
        calibrate(flows, "2811111000", event="2019-06")
    with pytest.raises(ConfigError, match="event"):
        calibrate(flows, "2811111000", event="July")
    with pytest.raises(ConfigError, match="window_months"):
        calibrate(flows, "2811111000", window_months=0)
    two = pd.concat([flows, flows.assign(code_system="HS10-other")], ignore_index=True)
    with pytest.raises(ConfigError, match="code_system"):
        calibrate(two, "2811111000")
    assert calibrate(two, "2811111000", code_system="HSK10").code_system == "HSK10"
    with pytest.raises(DataError, match="no world total"):
        calibrate(flows[flows["partner"] == "JPN"], "2811111000")
    # a baseline month no partner has is a month missing from the file, not a table without a world total
    gap = flows[~((flows["year"] == 2019) & (flows["month"] == 3))]
    with pytest.raises(DataError, match=r"the 12 months before 2019-07 form the baseline, but 2019-03 is not in the "
                                        r"data \(data cover 2018-07 to"):
        calibrate(gap, "2811111000")


def test_inputs_are_not_modified(make_flows):
    flows = episode(make_flows, 50 + ramp(0.6, 90) * 100)
    before = flows.copy(deep=True)
    calibrate(flows, "2811111000")
    pd.testing.assert_frame_equal(flows, before)


# --------------------------------------------------------------------------- the 2019 record
def _mean_japan(raw: pd.DataFrame, code: str, first: tuple[int, int], months: int) -> float:
    r = raw[(raw["Item"] == code) & (raw["Country"] == "Japan")]
    k = r["Year"] * 12 + r["Month"] - 1
    lo = first[0] * 12 + first[1] - 1
    return float(r.loc[(k >= lo) & (k < lo + months), "Import_dollar"].sum()) / months


@pytest.mark.shared_data
def test_hf_from_july_2019(hsk10_flows, hsk10_raw):
    from exposure.scenarios import from_mapping

    cal = calibrate(hsk10_flows, "2811111000", "2019-07", 12)
    before = _mean_japan(hsk10_raw, "2811111000", (2018, 7), 12)
    after = _mean_japan(hsk10_raw, "2811111000", (2019, 7), 12)
    assert cal.target_baseline_usd == pytest.approx(before) and cal.target_window_usd == pytest.approx(after)
    assert cal.loss_share == pytest.approx(1 - after / before)
    assert cal.loss_share > 0.85  # Japan's HF exports to Korea all but stopped
    # other partners' imports fell too: by imports alone nothing replaced Japan
    assert cal.phi == 0.0 and cal.other_window_usd < cal.other_baseline_usd
    assert cal.top_partners(1) == ["TWN"]  # the largest gain over its baseline
    assert "domestic makers" in cal.quality("en")
    rule = tomllib.loads(cal.to_rule_toml())["rules"][0]
    from_mapping({"name": "hf-2019", "target": "JPN", "rules": [rule]})
    assert rule["coverage"] == round(1 - after / before, 3)


@pytest.mark.shared_data
def test_photoresist_and_wafers_from_july_2019_have_nothing_to_measure(hsk10_flows, hsk10_raw):
    pr = calibrate(hsk10_flows, "3707901010")
    assert pr.status == "no_loss"
    assert _mean_japan(hsk10_raw, "3707901010", (2019, 7), 12) > _mean_japan(hsk10_raw, "3707901010", (2018, 7), 12)
    assert pr.top_partners(1) == ["BEL"]
    wafers = calibrate(hsk10_flows, "3818001000")
    assert wafers.status == "no_loss" and 0 < wafers.loss_share < 0.1


def test_months_missing_inside_the_window_are_refused_not_read_as_no_loss(make_flows):
    # Japan stops in 2019-07; the file lacks 2019-08 and 2019-09 for every partner: missing data, not zero imports
    flows = episode(make_flows, [50.0] * 12)
    period = flows["year"] * 100 + flows["month"]
    flows = flows[~period.isin([201908, 201909])]
    with pytest.raises(DataError, match="the 12 months from 2019-07 on form the window, but 2019-08, 2019-09 are "
                                        "missing from the data"):
        calibrate(flows, "2811111000")
    assert calibrate(flows, "2811111000", window_months=1).loss_share == 1.0  # a window that ends before them
