"""Escalation scenarios (DESIGN §6): shipped tiers, validation, rule matching, shortfall."""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure import scenarios
from exposure.config import Config
from exposure.errors import ConfigError
from exposure.scenarios import Rule, Scenario, apply, calc_shortfall, calc_time_factor, load


def products(codes, system="HS6-2017", target_imports=None, **cols):
    n = len(codes)
    data = {"year": 2018, "code": list(codes), "code_system": system,
            "target_import_usd": target_imports if target_imports is not None else [100.0] * n}
    data.update(cols)
    return pd.DataFrame(data)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- shipped tiers
def test_five_shipped_tiers_load_and_round_trip():
    assert scenarios.available() == ["2019-three-items", "white-list-removal", "catch-all", "full-embargo",
                                     "export-retaliation"]
    for name in scenarios.available():
        s = load(name)
        assert s.name == name and s.description_ko and s.description_en
        again = scenarios.from_mapping(tomllib.loads(s.to_toml()), source="exported")
        assert again == s
    assert load("export-retaliation").kind == "demand"
    assert load("full-embargo").target is None  # works for any target


def test_exported_copy_loads_from_a_path(tmp_path):
    text = load("catch-all").to_toml()
    path = write(tmp_path, "my-catch-all.toml", text.replace('name = "catch-all"', 'name = "mine"'))
    s = load(path)
    assert s.name == "mine" and s.rules == load("catch-all").rules


def test_three_items_on_hsk10_and_hs6_imports():
    cfg = Config()
    hsk = products(["2811111000", "2811119000", "3707901010", "3920999010", "8486201000"], system="HSK10")
    out = apply(load("2019-three-items"), hsk, cfg)
    assert out["coverage"].tolist() == [1.0, 0.0, 1.0, 1.0, 0.0]
    hs6 = products(["281111", "370790", "392099", "392190", "848620"])
    out6 = apply(load("2019-three-items"), hs6, cfg)
    assert out6["coverage"].tolist() == [0.914, 0.751, 0.052, 0.052, 0.0]
    assert out6["rule"].tolist()[:2] == ["hydrogen fluoride (HS6)", "photoresist (HS6)"]
    assert out6["rule"].iloc[-1] == ""


def test_tiers_escalate():
    prods = products(["281111", "290110", "848620", "870899", "030211", "854231"])
    cov = {n: apply(load(n), prods, Config())["coverage"].to_numpy() for n in scenarios.available()[:4]}
    assert (cov["white-list-removal"] >= cov["2019-three-items"]).all()
    assert (cov["catch-all"] >= cov["white-list-removal"]).all()
    assert (cov["full-embargo"] == 1).all()
    assert cov["catch-all"][4] == 0  # fish (chapter 03) is outside the catch-all chapters
    assert cov["catch-all"][3] == 0.05 and cov["white-list-removal"][3] == 0  # car parts: catch-all only
    assert cov["white-list-removal"][2] == 0.3  # semiconductor equipment heading beats chapter 84


# --------------------------------------------------------------------------- shortfall
def test_shortfall_by_hand():
    # M = 100, c = 1, φ = 0.5 (config default), b = 30, L = 180, H = 180:
    # 100 · (1 − 0.5 · 150/180) = 58.333…
    out = apply(load("2019-three-items"), products(["2811111000"], system="HSK10"), Config())
    assert out["time_factor"].iloc[0] == pytest.approx(150 / 180)
    assert out["shortfall_usd"].iloc[0] == pytest.approx(100 * (1 - 0.5 * 150 / 180))
    assert out["phi_source"].iloc[0] == "config phi_default"
    assert calc_time_factor(60, 90, 30) == 0.0  # horizon within the buffer: nothing substituted yet
    assert calc_shortfall(100.0, 0.5, 0.4, 0, 90, 365) == pytest.approx(100 * 0.5 * 0.6)  # lag passed


def test_phi_from_world_share_scenario_and_rule():
    prods = products(["281111", "370790"], target_world_share=[0.8, np.nan])
    rule = Rule(coverage=1.0, all=True)
    out = apply(Scenario("t", (rule,)), prods, Config(phi_default=0.3))
    assert out["phi"].tolist() == pytest.approx([0.2, 0.3])
    assert out["phi_source"].tolist() == ["1 - target_world_share", "config phi_default"]
    out = apply(Scenario("t", (rule,), phi=0.9), prods, Config())
    assert out["phi"].tolist() == [0.9, 0.9]
    out = apply(Scenario("t", (Rule(coverage=1.0, all=True, phi=0.1),), phi=0.9), prods, Config())
    assert out["phi"].tolist() == [0.1, 0.1]


def test_rules_combine_by_maximum_whatever_their_order():
    rules = (Rule(coverage=0.2, name="chapter", prefixes=("28",)), Rule(coverage=0.7, name="item", codes=("281111",),
                                                                     lag_days=30.0))
    prods = products(["281111", "281210"])
    a = apply(Scenario("a", rules), prods, Config())
    b = apply(Scenario("b", rules[::-1]), prods, Config())
    assert a["coverage"].tolist() == b["coverage"].tolist() == [0.7, 0.2]
    assert a["rule"].tolist() == ["item", "chapter"]
    assert a["lag_days"].tolist() == [30.0, 180.0]  # the winning rule brings its own lag


def test_prefix_ranges_exclude_and_condition():
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


def test_unmatched_entries_are_reported_not_raised():
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


def test_missing_target_imports_give_missing_shortfall():
    out = apply(load("full-embargo"), products(["281111"], target_imports=[np.nan]), Config())
    assert np.isnan(out["shortfall_usd"].iloc[0])


def test_zero_scenario_gives_zero_shortfall():
    out = apply(Scenario("zero", (Rule(coverage=0.0, all=True),)), products(["281111", "370790"]), Config())
    assert (out["shortfall_usd"] == 0).all()


def test_target_mismatch_and_year_choice():
    with pytest.raises(ConfigError, match="written for target JPN but the analysis target is CHN"):
        apply(load("2019-three-items"), products(["281111"]), Config(target="CHN"))
    assert len(apply(load("full-embargo"), products(["281111"]), Config(target="CHN"))) == 1
    two = pd.concat([products(["281111"]), products(["281111"]).assign(year=2019, target_import_usd=50.0)])
    assert apply(load("full-embargo"), two, Config())["target_import_usd"].tolist() == [50.0]
    assert apply(load("full-embargo"), two, Config(year=2018))["target_import_usd"].tolist() == [100.0]
    with pytest.raises(ConfigError, match="year 2017 is not in the products table"):
        apply(load("full-embargo"), two, Config(year=2017))


def test_demand_side():
    s = scenarios.from_mapping({"name": "r", "kind": "demand", "phi": 0.0, "rules": [
        {"all": True, "coverage": 0.2}, {"sectors": ["D26"], "coverage": 0.5, "name": "chips"}]})
    d = scenarios.apply_demand(s, ["D26", "D29"], Config())
    assert d["coverage"].tolist() == [0.5, 0.2] and d["rule"].tolist() == ["chips", "(unnamed rule)"]
    assert d["demand_rate"].tolist() == [0.5, 0.2]  # φ = 0: nothing redirected
    assert (apply(s, products(["281111"]), Config())["shortfall_usd"] == 0).all()
    assert (scenarios.apply_demand(load("full-embargo"), ["D26"], Config())["demand_rate"] == 0).all()


# --------------------------------------------------------------------------- validation
def test_unknown_key_names_it_and_lists_valid_keys(tmp_path):
    p = write(tmp_path, "bad.toml", 'name = "x"\nhorizon = 90\n[[rules]]\nall = true\ncoverage = 1\n')
    with pytest.raises(ConfigError) as e:
        load(p)
    msg = str(e.value)
    assert "'horizon'" in msg and "valid keys are:" in msg and "horizon_days" in msg and "buffer_days" in msg
    p = write(tmp_path, "bad2.toml", 'name = "x"\n[[rules]]\nname = "hf"\nall = true\ncoverag = 1\n')
    with pytest.raises(ConfigError, match=r"rule 1 \('hf'\): unknown key 'coverag'; valid keys are: .*coverage"):
        load(p)


@pytest.mark.parametrize("body, match", [
    ("[[rules]]\nall = true\ncoverage = 1.5\n", r"coverage must lie in \[0, 1\], got 1.5"),
    ("phi = -0.1\n[[rules]]\nall = true\ncoverage = 1\n", r"phi must lie in \[0, 1\]"),
    ("lag_days = 0\n[[rules]]\nall = true\ncoverage = 1\n", "lag_days must be > 0"),
    ("buffer_days = -3\n[[rules]]\nall = true\ncoverage = 1\n", "buffer_days must be ≥ 0"),
    ("[[rules]]\ncodes = [281111]\ncoverage = 1\n", "must be a quoted string"),
    ("[[rules]]\nprefixes = [\"81-72\"]\ncoverage = 1\n", "range '81-72'"),
    ("[[rules]]\ncondition = \"share >= 0.5\"\ncoverage = 1\n", "unknown column 'share'; valid columns are: .*target_share"),
    ("[[rules]]\ncondition = \"target_share >> 0.5\"\ncoverage = 1\n", "expected 'column op value'"),
    ("[[rules]]\nname = \"x\"\ncoverage = 1\n", "needs at least one of codes, prefixes, condition or all"),
    ("[[rules]]\nall = true\n", "'coverage' is required"),
    ("kind = \"both\"\n[[rules]]\nall = true\ncoverage = 1\n", "kind 'both' is not known; valid kinds are: supply, demand"),
    ("kind = \"demand\"\n[[rules]]\ncodes = [\"281111\"]\ncoverage = 1\n", "demand-side rules select sectors"),
    ("target = \"Japan\"\n[[rules]]\nall = true\ncoverage = 1\n", "target must be an ISO3 code"),
    ("", "needs at least one"),
    ("[[rules]]\nall = true\ncoverage = 1\nend_use = { D26 = 0.7, D27 = 0.5 }\n", "end_use shares sum to 1.2"),
    ("[[rules]]\nall = true\ncoverage = 1\nend_use = \"D26\"\n", "end_use must be a table of sector = share"),
])
def test_validation_messages(tmp_path, body, match):
    with pytest.raises(ConfigError, match=match):
        load(write(tmp_path, "s.toml", body))


def test_unknown_scenario_lists_the_shipped_ones(tmp_path):
    with pytest.raises(ConfigError, match="unknown scenario 'white-list'; shipped scenarios are: 2019-three-items"):
        load("white-list")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(write(tmp_path, "broken.toml", "name = \n"))
    with pytest.raises(ConfigError, match="scenario file not found"):
        load(tmp_path / "missing.toml")


def test_extends_cycle_is_refused(tmp_path):
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(f'name = "a"\nextends = "{b}"\n[[rules]]\nall = true\ncoverage = 1\n', encoding="utf-8")
    b.write_text(f'name = "b"\nextends = "{a}"\n[[rules]]\nall = true\ncoverage = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cycle"):
        load(a)


# --------------------------------------------------------------------------- properties
@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1e9), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1e3),
       st.floats(0.1, 1e3), st.floats(0, 1e3))
def test_shortfall_bounds_and_monotonicity(m, c1, c2, phi, b, lag, h):
    lo, hi = sorted((c1, c2))
    s_lo = calc_shortfall(m, lo, phi, b, lag, h)
    s_hi = calc_shortfall(m, hi, phi, b, lag, h)
    assert 0 <= s_lo <= s_hi * (1 + 1e-12) + 1e-9
    assert s_hi <= m * hi * (1 + 1e-12) + 1e-9
    # more substitution never raises the shortfall; a longer horizon never raises it
    assert calc_shortfall(m, hi, min(1.0, phi + 0.1), b, lag, h) <= s_hi * (1 + 1e-12) + 1e-9
    assert calc_shortfall(m, hi, phi, b, lag, h + 10) <= s_hi * (1 + 1e-12) + 1e-9


def test_shortfall_broadcasts_over_draws():
    rng = np.random.default_rng(1)
    cov = rng.uniform(size=(1000, 3))
    out = calc_shortfall(np.array([1.0, 2.0, 3.0]), cov, 0.5, rng.uniform(0, 60, (1000, 1)), 90.0, 180.0)
    assert out.shape == (1000, 3)
