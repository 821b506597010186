"""Formulas on monthly series: months, seasonal baseline, changes, log deviation, robust score, trailing sums."""

from __future__ import annotations

import math

import numpy as np
import pytest

from exposure.errors import ConfigError
from exposure.monitor.series import (calc_change, calc_lag, calc_log_deviation, calc_robust_score,
                                     calc_seasonal_baseline, calc_share_arrays, calc_trailing_sum, parse_period,
                                     period_label)


def test_periods_round_trip_and_bad_text_is_refused():
    assert period_label(parse_period("2019-07")) == "2019-07"
    assert period_label(parse_period("201907")) == "2019-07"
    assert parse_period("2019-07") - parse_period("2018-07") == 12
    for bad in ("2019-13", "July 2019", "19-07", ""):
        with pytest.raises(ConfigError, match="YYYY-MM"):
            parse_period(bad)


def test_seasonal_baseline_means_the_observed_years_and_counts_zeros():
    # same month of the previous three years: 30, 0 (an observed zero counts), 60 → 30 over 3 years
    v = np.array([30.0] + [1.0] * 11 + [0.0] + [1.0] * 11 + [60.0] + [1.0] * 11 + [15.0])
    base, n = calc_seasonal_baseline(v)
    assert base[-1] == pytest.approx(30.0) and n[-1] == 3
    # first year not observed: (0 + 60) / 2
    v2 = v.copy()
    v2[:12] = np.nan
    base, n = calc_seasonal_baseline(v2)
    assert base[-1] == pytest.approx(30.0) and n[-1] == 2
    # only one year observed: below min_years, no baseline; with min_years=1 it is that year
    v3 = v.copy()
    v3[:24] = np.nan
    assert np.isnan(calc_seasonal_baseline(v3)[0][-1])
    assert calc_seasonal_baseline(v3, min_years=1)[0][-1] == 60.0


def test_change_and_log_deviation_by_hand():
    assert calc_change(np.array([15.0]), np.array([60.0]))[0] == pytest.approx(-0.75)
    assert np.isnan(calc_change(np.array([5.0]), np.array([0.0]))[0])  # never ±inf on a zero reference
    # v/b = 0.5: ln(0.55 / 1.05); a full stop: ln(0.05 / 1.05)
    d = calc_log_deviation(np.array([15.0, 0.0, 30.0]), np.array([30.0, 30.0, 30.0]))
    assert d[0] == pytest.approx(math.log(0.55 / 1.05))
    assert d[1] == pytest.approx(math.log(0.05 / 1.05))
    assert d[2] == 0.0


def test_robust_score_by_hand():
    # window 4: history 0, 0.1, -0.1, 0.2 → median 0.05; |dev| 0.05 0.05 0.15 0.15 → MAD 0.1
    d = np.array([0.0, 0.1, -0.1, 0.2, -0.4])
    z = calc_robust_score(d, window=4, min_months=4, min_scale=0.0)
    assert z[-1] == pytest.approx((-0.4 - 0.05) / (1.4826 * 0.1))
    assert np.isnan(z[:4]).all()  # fewer than 4 months of history
    # the window excludes t itself: a huge d(t) does not move its own median
    assert calc_robust_score(np.array([0.0, 0.1, -0.1, 0.2, -40.0]), 4, 4, 0.0)[-1] == \
        pytest.approx((-40 - 0.05) / 0.14826)


def test_robust_score_floor_and_missing_values():
    flat = np.array([0.0] * 6 + [-0.1])
    # flat history: MAD 0, the scale floor 0.05 gives -0.1 / 0.05
    assert calc_robust_score(flat, window=6, min_months=6)[-1] == pytest.approx(-2.0)
    assert calc_robust_score(np.zeros(7), window=6, min_months=6)[-1] == 0.0
    holes = np.array([0.0, np.nan, 0.1, -0.1, 0.2, -0.4])
    assert np.isnan(calc_robust_score(holes, window=5, min_months=5)[-1])
    # 4 valid of 5: same figures as the hand case above
    assert calc_robust_score(holes, window=5, min_months=4, min_scale=0.0)[-1] == pytest.approx(-0.45 / 0.14826)
    assert np.isnan(calc_robust_score(np.array([0.0] * 6 + [np.nan]), 6, 6)[-1])


def test_trailing_sum_needs_every_month():
    v = np.array([1.0, 2.0, 3.0, np.nan, 5.0, 6.0])
    out = calc_trailing_sum(v, 2)
    assert np.isnan(out[0]) and np.isnan(out[1]) and out[2] == 3.0 and out[3] == 5.0
    assert np.isnan(out[4]) and np.isnan(out[5])  # windows holding the missing month


def test_lag_and_share():
    assert np.isnan(calc_lag(np.array([1.0, 2.0]), 2)).all()
    assert calc_lag(np.array([[1.0, 2.0, 3.0]]), 1)[0, 1:].tolist() == [1.0, 2.0]
    share = calc_share_arrays(np.array([1.0, 0.0, 1.0]), np.array([4.0, 0.0, np.nan]))
    assert share[0] == 0.25 and np.isnan(share[1:]).all()
