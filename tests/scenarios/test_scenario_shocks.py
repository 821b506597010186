"""Applying scenarios (exposure.scenarios.shocks): matching, parameters and the time profile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure import scenarios
from exposure.config import Config
from exposure.errors import ConfigError
from exposure.scenarios import Rule, Scenario, apply, calc_shortfall, load


# --------------------------------------------------------------------------- shortfall
def test_shortfall_by_hand(products):
    # M = 365 a year, c = 1 (HSK10 rule), φ = 0.5 (config default), b = 30, L = 180, H = 180:
    # q = 1 a day; G(180) = 180 − 0.5·180/2 = 135 days not replaced; 135 − 30 = 105 days lost → 105 USD over H
    out = apply(load("2019-three-items"), products(["2811111000"], system="HSK10", target_imports=[365.0]), Config())
    assert out["lost_days"].iloc[0] == pytest.approx(105.0)
    assert out["shortfall_usd"].iloc[0] == pytest.approx(105.0)
    assert out["shortfall_usd_per_year"].iloc[0] == pytest.approx(105.0 * 365 / 180)
    assert out["phi_source"].iloc[0] == "config phi_default"
    assert np.isnan(out["licence_delay_days"].iloc[0])  # HF: licensed shipments did not resume


def test_closed_forms_within_and_after_the_lag():
    # H ≤ L: G(H) = H − φH²/(2L). M = 730, c = 0.5 → q = 1; φ = 0.4, L = 120, H = 90, b = 10:
    # G = 90 − 0.4·8100/240 = 76.5; lost 66.5
    assert calc_shortfall(730.0, 0.5, 0.4, 10, 120, 90) == pytest.approx(66.5)
    # H > L: G(H) = (1 − φ)H + φL/2. H = 300: 0.6·300 + 0.4·60 = 204; lost 194
    assert calc_shortfall(730.0, 0.5, 0.4, 10, 120, 300) == pytest.approx(194.0)
    # the stock outlasts the horizon: nothing lost
    assert calc_shortfall(730.0, 0.5, 0.4, 100, 120, 90) == 0.0
    # φ = 0: the whole covered flow after the stock is lost: q·(H − b)
    assert calc_shortfall(730.0, 0.5, 0.0, 10, 120, 90) == pytest.approx(80.0)
    # licences granted on day 60: G(60) = 60 − 0.4·3600/240 = 54; lost 44
    assert calc_shortfall(730.0, 0.5, 0.4, 10, 120, 300, 60) == pytest.approx(44.0)
    assert scenarios.calc_unreplaced_days(np.array([0.0, 120.0]), 0.4, 120.0).tolist() == pytest.approx([0.0, 96.0])


def test_profile_ends_at_the_horizon_figure_and_shows_the_stock():
    days = np.arange(0, 181, 7.0)
    prof = scenarios.calc_shortfall_profile(days, [365.0, 730.0], [1.0, 0.5], 0.5, 30.0, 180.0)
    assert prof.shape == (2, len(days))
    assert (np.diff(prof, axis=1) >= -1e-12).all()  # cumulative
    assert (prof[:, days <= 30] == 0).all()  # the stock covers the first 30 days
    end = scenarios.calc_shortfall_profile([180.0], 365.0, 1.0, 0.5, 30.0, 180.0)[0]
    assert end == pytest.approx(calc_shortfall(365.0, 1.0, 0.5, 30.0, 180.0, 180.0))


def test_phi_from_world_share_scenario_and_rule(products):
    prods = products(["281111", "370790"], target_world_share=[0.8, np.nan])
    rule = Rule(coverage=1.0, all=True)
    out = apply(Scenario("t", (rule,)), prods, Config(phi_default=0.3))
    assert out["phi"].tolist() == pytest.approx([0.2, 0.3])
    assert out["phi_source"].tolist() == ["1 - target_world_share", "config phi_default"]
    out = apply(Scenario("t", (rule,), phi=0.9), prods, Config())
    assert out["phi"].tolist() == [0.9, 0.9]
    out = apply(Scenario("t", (Rule(coverage=1.0, all=True, phi=0.1),), phi=0.9), prods, Config())
    assert out["phi"].tolist() == [0.1, 0.1]


def test_rules_combine_by_maximum_whatever_their_order(products):
    rules = (Rule(coverage=0.2, name="chapter", prefixes=("28",)), Rule(coverage=0.7, name="item", codes=("281111",),
                                                                     lag_days=30.0))
    prods = products(["281111", "281210"])
    a = apply(Scenario("a", rules), prods, Config())
    b = apply(Scenario("b", rules[::-1]), prods, Config())
    assert a["coverage"].tolist() == b["coverage"].tolist() == [0.7, 0.2]
    assert a["rule"].tolist() == ["item", "chapter"]
    assert a["lag_days"].tolist() == [30.0, 180.0]  # the winning rule brings its own lag


def test_prefix_ranges_exclude_and_condition(products):
    prods = products(["281111", "290110", "390110", "720851", "811292", "282619", "030211"],
                     target_share=[0.9, 0.4, 0.6, np.nan, 0.95, 0.5, 0.99])
    rule = Rule(coverage=0.5, prefixes=("28-39", "72-81"), exclude=("2826",), condition="target_share >= 0.5")
    hit = rule.match(prods)
    # 720851 has no share (unknown → not matched); 282619 is excluded; 030211 is outside the prefixes
    assert hit.tolist() == [True, False, True, False, True, False, False]
    cond = Rule(coverage=1.0, condition="target_share >= 50% or (import_hhi > 0.4 and not persistent == true)")
    t = products(["a", "b", "c"], target_share=[0.2, 0.2, np.nan], import_hhi=[0.9, 0.1, 0.9],
                 persistent=pd.array([False, False, pd.NA], dtype="boolean"))
    assert cond.match(t).tolist() == [True, False, False]


def test_unmatched_entries_are_reported_not_raised(products):
    prods = products(["281111", "370790"], target_share=[np.nan, np.nan])
    s = Scenario("t", (Rule(coverage=1.0, name="three", codes=("2811111000", "281111", "999999")),
                       Rule(coverage=0.5, name="chem", prefixes=("28", "96")),
                       Rule(coverage=0.5, name="cond", condition="target_share >= 0.5")))
    rep = scenarios.unmatched_entries(s, prods)
    got = set(zip(rep["rule"], rep["entry"]))
    assert got == {("three", "2811111000"), ("three", "999999"), ("chem", "96"), ("cond", "target_share >= 0.5")}
    assert rep.loc[rep["entry"] == "2811111000", "problem"].iloc[0].startswith("no product code of this length")
    assert "cannot be evaluated for 2 of 2" in rep.loc[rep["rule"] == "cond", "problem"].iloc[0]
    out = apply(s, prods, Config())  # still applies
    assert out["coverage"].tolist() == [1.0, 0.0]


def test_missing_target_imports_give_missing_shortfall(products):
    out = apply(load("full-embargo"), products(["281111"], target_imports=[np.nan]), Config())
    assert np.isnan(out["shortfall_usd"].iloc[0])


def test_zero_scenario_gives_zero_shortfall(products):
    out = apply(Scenario("zero", (Rule(coverage=0.0, all=True),)), products(["281111", "370790"]), Config())
    assert (out["shortfall_usd"] == 0).all()


def test_target_mismatch_and_year_choice(products):
    with pytest.raises(ConfigError, match="written for target JPN but the analysis target is CHN"):
        apply(load("2019-three-items"), products(["281111"]), Config(target="CHN"))
    assert len(apply(load("full-embargo"), products(["281111"]), Config(target="CHN"))) == 1
    two = pd.concat([products(["281111"]), products(["281111"]).assign(year=2019, target_import_usd=50.0)])
    assert apply(load("full-embargo"), two, Config())["target_import_usd"].tolist() == [50.0]
    assert apply(load("full-embargo"), two, Config(year=2018))["target_import_usd"].tolist() == [100.0]
    with pytest.raises(ConfigError, match="year 2017 is not in the products table"):
        apply(load("full-embargo"), two, Config(year=2017))


def test_demand_side(products):
    s = scenarios.from_mapping({"name": "r", "kind": "demand", "phi": 0.0, "rules": [
        {"all": True, "coverage": 0.2}, {"sectors": ["D26"], "coverage": 0.5, "name": "chips"}]})
    d = scenarios.apply_demand(s, ["D26", "D29"], Config())
    assert d["coverage"].tolist() == [0.5, 0.2] and d["rule"].tolist() == ["chips", "(unnamed rule)"]
    # φ = 0 and no order backlog (the config's input stock does not apply to exports): all lost
    assert d["demand_rate"].tolist() == pytest.approx([0.5, 0.2])
    assert (apply(s, products(["281111"]), Config())["shortfall_usd"] == 0).all()
    assert (scenarios.apply_demand(load("full-embargo"), ["D26"], Config())["demand_rate"] == 0).all()
    # φ = 0.5, L = H = 180: G(180) = 135 of 180 days lost → rate c·0.75
    half = scenarios.from_mapping({"name": "r", "kind": "demand", "phi": 0.5, "rules": [{"all": True, "coverage": 0.2}]})
    assert scenarios.apply_demand(half, ["D26"], Config())["demand_rate"].iloc[0] == pytest.approx(0.15)


# --------------------------------------------------------------------------- properties
_pos = st.floats(0, 1e3)


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 1e9), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), _pos, _pos,
       st.floats(0.1, 1e3), st.floats(0.1, 1e3), _pos, _pos, st.one_of(st.none(), _pos))
def test_shortfall_is_monotone_in_every_parameter(m, c1, c2, phi, b, db, lag, dlag, h, dh, delay):
    lo, hi = sorted((c1, c2))
    eps = lambda x: abs(x) * 1e-9 + 1e-9  # noqa: E731
    base = calc_shortfall(m, hi, phi, b, lag, h, delay)
    assert 0 <= calc_shortfall(m, lo, phi, b, lag, h, delay) <= base + eps(base)  # rises with c
    assert base <= m * hi * h / 365 + eps(base)  # never more than the covered flow over the horizon
    assert calc_shortfall(m, hi, phi, b + db, lag, h, delay) <= base + eps(base)  # falls with b
    assert calc_shortfall(m, hi, min(1.0, phi + 0.1), b, lag, h, delay) <= base + eps(base)  # falls with φ
    assert calc_shortfall(m, hi, phi, b, lag + dlag, h, delay) >= base - eps(base)  # rises with L
    assert calc_shortfall(m, hi, phi, b, lag, h + dh, delay) >= base - eps(base)  # rises with H
    if delay is not None:
        assert calc_shortfall(m, hi, phi, b, lag, h, delay + db) >= base - eps(base)  # rises with D
        assert calc_shortfall(m, hi, phi, b, lag, h, None) >= base - eps(base)  # no licences: the most


def test_shortfall_broadcasts_over_draws():
    rng = np.random.default_rng(1)
    cov = rng.uniform(size=(1000, 3))
    out = calc_shortfall(np.array([1.0, 2.0, 3.0]), cov, 0.5, rng.uniform(0, 60, (1000, 1)), 90.0, 180.0)
    assert out.shape == (1000, 3)
