"""Scoring (DESIGN §7): value at risk, SME weighting, ranking, decomposition, items, end to end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure import scenarios
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.indicators import product_indicators
from exposure.linkage import propagate
from exposure.scenarios import Rule, Scenario
from exposure.schema import IOTable
from exposure.scoring import (
    calc_composite,
    calc_normalised,
    calc_ranks,
    calc_value_at_risk,
    run_scenario,
    score,
    score_export_items,
)

SECTORS = ["S1", "S2"]
E1, E2 = 0.025 * 1.15 / 0.7575, 0.025 * 1.1 / 0.7575  # hand-worked in tests/test_linkage.py
Y = 180 / 365  # the default horizon in years: money at risk is USD over the horizon


def mb_io() -> IOTable:
    """Miller & Blair (2009) §2.3 domestic flows with hand-made imported flows (see test_linkage)."""
    zd = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=SECTORS, columns=SECTORS)
    zm = pd.DataFrame([[50.0, 100.0], [0.0, 40.0]], index=SECTORS, columns=SECTORS)
    return IOTable(domestic=zd, imported=zm, output=pd.Series([1000.0, 2000.0], index=SECTORS),
                   exports=pd.Series([300.0, 600.0], index=SECTORS), imports=pd.Series([200.0, 80.0], index=SECTORS),
                   names={"S1": "one", "S2": "two"})


CONC = pd.DataFrame({"from_code": ["281111", "370790"], "to_code": ["S1", "S2"], "weight": [1.0, 1.0]})
PROFILE = pd.DataFrame({"sector": ["S1", "S2", "S3"], "sector_name_ko": ["일", "이", "삼"],
                        "sector_name_en": ["one", "two", "three"], "export_usd": [500.0, 1000.0, 50.0],
                        "output_usd": [1000.0, 2000.0, 80.0], "sme_share": [0.8, 0.1, 0.5],
                        "export_to_target_usd": [100.0, 40.0, 10.0]})
SUPPLY = Scenario("hand", (Rule(coverage=1.0, all=True),))


def prop100():
    return propagate(pd.DataFrame({"code": ["281111"], "shortfall_usd": [100.0]}), mb_io(), CONC)


def test_value_at_risk_and_sme_ranking_by_hand():
    # E = [.0379538, .0363036] (shares of output over the horizon); export at risk over the
    # 180-day horizon = [500 E1, 1000 E2] · 180/365 = [9.358, 17.903];
    # SME: × [.8, .1] = [7.487, 1.790] → S1 first by SMEs, S2 first for all firms
    sectors, drivers = score(prop100(), PROFILE, Config(), SUPPLY)
    s = sectors.set_index("sector")
    assert s.loc["S1", "export_at_risk_usd"] == pytest.approx(500 * E1 * Y)
    assert s.loc["S2", "export_at_risk_usd"] == pytest.approx(1000 * E2 * Y)
    assert s.loc["S1", "sme_export_at_risk_usd"] == pytest.approx(0.8 * 500 * E1 * Y)
    assert sectors["sector"].tolist()[:2] == ["S1", "S2"]
    assert s.loc["S1", "rank"] == 1 and s.loc["S2", "rank"] == 2
    allfirm = score(prop100(), PROFILE, Config(rank_by="export_at_risk_usd"), SUPPLY)[0]
    assert allfirm["sector"].tolist()[:2] == ["S2", "S1"]
    # S3 is in the profile but not in the IO table: listed, unranked, with the reason
    assert pd.isna(s.loc["S3", "rank"]) and np.isnan(s.loc["S3", "exposure_rate"])
    assert s.loc["S3", "no_data_reason"] == "sector not in the input–output table"
    assert sectors["sector"].iloc[-1] == "S3"
    assert (s["demand_at_risk_usd"] == 0).all()  # supply scenario: no retaliation


def test_exports_fall_back_to_the_io_table_with_a_note():
    sectors, _ = score(prop100(), PROFILE[PROFILE["sector"] != "S2"], Config(), SUPPLY)
    s = sectors.set_index("sector")
    assert s.loc["S2", "export_usd"] == 600.0 and s.loc["S2", "export_source"] == "io"
    assert "input–output table" in s.loc["S2", "notes"]
    assert np.isnan(s.loc["S2", "sme_export_at_risk_usd"]) and pd.isna(s.loc["S2", "rank"])
    assert "no SME share" in s.loc["S2", "no_data_reason"]
    assert s.loc["S2", "sector_name_en"] == "two"  # name from the IO table
    none, _ = score(prop100(), None, Config(rank_by="export_at_risk_usd"), SUPPLY)
    assert none["export_source"].tolist() == ["io", "io"] and none["rank"].tolist() == [1, 2]


def test_drivers_sum_to_sector_totals():
    ovr = pd.DataFrame({"code": ["281111"], "sector": ["S2"], "share": [0.4]})
    sf = pd.DataFrame({"code": ["281111", "370790"], "shortfall_usd": [100.0, 30.0]})
    sectors, drivers = score(propagate(sf, mb_io(), CONC, ovr), PROFILE, Config(), SUPPLY)
    assert set(drivers["channel"]) == {"direct", "override", "indirect"}
    tot = drivers.groupby("sector")[["exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd"]].sum()
    s = sectors.set_index("sector").loc[tot.index]
    for col in tot.columns:
        np.testing.assert_allclose(tot[col], s[col], rtol=1e-12)
    np.testing.assert_allclose(drivers.groupby("sector")["share_of_sector"].sum(), 1.0)


def test_composite_rank_by_hand():
    # minmax over S1, S2: exposure [E1, E2] → [1, 0]; SME export at risk [15.18, 3.63] → [1, 0];
    # demand at risk [0, 0] → [0, 0]. Index = (.4·1 + .4·1 + .2·0)/1 = .8 for S1, 0 for S2.
    cfg = Config(rank_by="composite")
    s = score(prop100(), PROFILE[PROFILE["sector"] != "S3"], cfg, SUPPLY)[0].set_index("sector")
    assert s.loc["S1", "rank_value"] == pytest.approx(0.8) and s.loc["S2", "rank_value"] == 0
    assert s.loc["S1", "rank"] == 1
    np.testing.assert_allclose(calc_composite({"a": np.array([0.0, 5.0, 10.0]), "b": np.array([2.0, 1.0, 0.0])},
                                              {"a": 3.0, "b": 1.0}), [0.25, 0.5, 0.75])


def test_normalisations_and_ranks():
    assert calc_ranks(np.array([3.0, np.nan, 5.0, 3.0])).tolist()[::2] == [2.0, 1.0]
    r = calc_ranks(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
    assert r.tolist() == [[3.0, 2.0, 1.0], [1.0, 2.0, 3.0]]
    assert calc_normalised(np.array([2.0, 4.0, 6.0])).tolist() == [0.0, 0.5, 1.0]
    assert calc_normalised(np.array([5.0, 5.0])).tolist() == [0.0, 0.0]
    assert calc_normalised(np.array([1.0, 3.0, 2.0]), "rank").tolist() == pytest.approx([1 / 3, 1.0, 2 / 3])
    z = calc_normalised(np.array([1.0, 3.0]), "zscore")
    assert z.tolist() == [-1.0, 1.0]
    assert calc_value_at_risk(np.array([[0.1], [0.2]]), np.array([10.0])).tolist() == [[1.0], [2.0]]


def test_rank_by_is_checked():
    with pytest.raises(ConfigError, match="rank_by 'risk' is not known; valid choices are: exposure_rate"):
        Config.from_mapping({"rank_by": "risk"})
    with pytest.raises(ConfigError, match="composite_weights key 'size'"):
        Config.from_mapping({"composite_weights": {"size": 1.0}})


def test_demand_side_scenario_by_hand():
    # coverage .2, φ = .5, L = H = 180, no backlog: G(180) = 135 of 180 days lost → demand rate
    # .2·135/180 = .15 of the exports to the target over the horizon;
    # demand at risk = rate × exports to the target × 180/365 = [7.397, 2.959, .740]
    retal = scenarios.load("export-retaliation")
    sectors, drivers = score(prop100(), PROFILE, Config(), retal)
    s = sectors.set_index("sector")
    rate = 0.2 * 135 / 180
    np.testing.assert_allclose(s.loc[["S1", "S2", "S3"], "demand_at_risk_usd"],
                               np.array([100.0, 40.0, 10.0]) * rate * Y)
    assert s.loc["S1", "rank_basis"] == "sme_demand_at_risk_usd"
    # SME demand at risk [.8·7.40, .1·2.96, .5·.74] = [5.92, .30, .37]
    assert s["rank"].loc[["S1", "S3", "S2"]].tolist() == [1, 2, 3]
    d = drivers[drivers["channel"] == "demand"].groupby("sector")["demand_at_risk_usd"].sum()
    np.testing.assert_allclose(d.loc[["S1", "S2", "S3"]], s.loc[["S1", "S2", "S3"], "demand_at_risk_usd"])
    no_xt = score(prop100(), PROFILE.drop(columns="export_to_target_usd"), Config(), retal)[0]
    assert no_xt["no_data_reason"].str.contains("no exports to JPN").all() and no_xt["rank"].isna().all()


def test_export_items_through_their_sectors():
    sectors, _ = score(prop100(), PROFILE, Config(), SUPPLY)
    items = pd.DataFrame({"year": 2019, "rank": [1, 2, 3, 4], "item_code": ["831", "8321", "999", "741"],
                          "code_system": "MTI3", "item_name_ko": ["반도체", "평판", "?", "강판"],
                          "export_usd": [1000.0, 200.0, 5.0, 50.0], "export_to_target_usd": [100.0, 20.0, 1.0, 5.0],
                          "sector": ["", "", "", "S1"]})
    mti = pd.DataFrame({"from_code": ["831", "832", "832"], "to_code": ["S2", "S1", "S2"], "weight": [1.0, 0.5, 0.5]})
    out = score_export_items(items, sectors, mti).set_index("item_code")
    assert out.loc["831", "export_at_risk_usd"] == pytest.approx(1000 * E2)
    assert out.loc["8321", "export_at_risk_usd"] == pytest.approx(200 * (0.5 * E1 + 0.5 * E2))  # via MTI 832
    assert out.loc["8321", "sme_export_at_risk_usd"] == pytest.approx(200 * (0.5 * E1 * 0.8 + 0.5 * E2 * 0.1))
    assert out.loc["741", "sector"] == "S1" and out.loc["741", "export_at_risk_usd"] == pytest.approx(50 * E1)
    assert np.isnan(out.loc["999", "export_at_risk_usd"]) and "not in the MTI" in out.loc["999", "no_data_reason"]
    assert out.loc["831", "rank_at_risk"] == 1


# --------------------------------------------------------------------------- end to end
def flows(rows):
    return pd.DataFrame([dict(year=2018, month=0, reporter="KOR", partner=p, flow="M", code=c, code_system="HS6-2017",
                              value_usd=float(v), source="hand", name=n) for p, c, v, n in rows])


IMPORTS = flows([("JPN", "281111", 100, "hydrogen fluoride"), ("CHN", "281111", 100, "hydrogen fluoride"),
                 ("JPN", "370790", 50, "photoresist"), ("USA", "370790", 10, "photoresist"),
                 ("JPN", "999999", 7, "unknown")])


def test_run_scenario_end_to_end():
    products = product_indicators(IMPORTS, Config())
    res = run_scenario(products, scenarios.load("2019-three-items"), mb_io(), CONC, None, PROFILE, Config())
    sh = res.shocks.set_index("code")
    # HS6 coverage .914 and .751, φ .5, b 30, L = H = 180: 105 days of the covered flow lost;
    # photoresist's licences resume on day 90: G(90) − 30 = 48.75 days
    assert sh.loc["281111", "shortfall_usd"] == pytest.approx(100 * 0.914 / 365 * 105)
    assert sh.loc["370790", "shortfall_usd"] == pytest.approx(50 * 0.751 / 365 * 48.75)
    assert sh.loc["999999", "shortfall_usd"] == 0 and sh.loc["281111", "name"] == "hydrogen fluoride"
    assert set(res.drivers["rule"]) == {"hydrogen fluoride (HS6)", "photoresist (HS6)"}
    kinds = set(res.flags["kind"])
    assert {"scenario_entry_unmatched", "sector_no_data"} <= kinds  # HSK10 codes absent; S3 has no IO data
    assert res.sectors["scenario"].eq("2019-three-items").all()
    assert res.export_items is None
    e = res.propagation.propagator.exposure(res.shocks["shortfall_usd_per_year"].to_numpy())
    np.testing.assert_allclose(e, res.propagation.exposure["exposure_rate"])


def test_zero_scenario_gives_zero_risk():
    products = product_indicators(IMPORTS, Config())
    zero = Scenario("zero", (Rule(coverage=0.0, all=True),))
    res = run_scenario(products, zero, mb_io(), CONC, None, PROFILE, Config())
    known = res.sectors.dropna(subset=["exposure_rate"])
    assert (known[["exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd", "demand_at_risk_usd"]] == 0
            ).all().all()
    assert res.drivers.empty


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_raising_coverage_never_lowers_any_sectors_risk(c_low, bump, c_other):
    products = product_indicators(IMPORTS, Config())
    ovr = pd.DataFrame({"code": ["370790"], "sector": ["S1"], "share": [0.3]})

    def run(c):
        s = Scenario("p", (Rule(coverage=c, codes=("281111",)), Rule(coverage=c_other, codes=("370790",))))
        return run_scenario(products, s, mb_io(), CONC, ovr, PROFILE, Config()).sectors.set_index("sector")

    low, high = run(c_low), run(min(1.0, c_low + bump))
    for col in ("exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd"):
        a = low.loc[SECTORS, col].to_numpy()
        b = high.loc[SECTORS, col].to_numpy()
        assert (b >= a - 1e-12).all(), col


def test_bad_profile_is_a_data_error():
    with pytest.raises(DataError, match="sme_share"):
        score(prop100(), PROFILE.drop(columns="sme_share"), Config(), SUPPLY)
    with pytest.raises(DataError, match="appears twice"):
        score(prop100(), pd.concat([PROFILE, PROFILE.iloc[:1]]), Config(), SUPPLY)


def test_inputs_not_mutated():
    products = product_indicators(IMPORTS, Config())
    before = (products.copy(), PROFILE.copy(), CONC.copy())
    run_scenario(products, scenarios.load("full-embargo"), mb_io(), CONC, None, PROFILE, Config())
    for a, b in zip(before, (products, PROFILE, CONC)):
        pd.testing.assert_frame_equal(a, b)


def test_rule_end_use_beats_the_general_override_table():
    products = product_indicators(IMPORTS, Config())
    general = pd.DataFrame({"code": ["281111"], "code_system": ["HS6"], "sector": ["S1"], "share": [1.0]})
    s = scenarios.from_mapping({"name": "eu", "rules": [
        {"codes": ["281111"], "coverage": 1.0, "end_use": {"S2": 1.0}, "name": "hf"},
        {"codes": ["370790"], "coverage": 1.0, "end_use": {"D99": 1.0}, "name": "pr"}]})
    res = run_scenario(products, s, mb_io(), CONC, general, PROFILE, Config())
    e = res.propagation.exposure.set_index("sector")
    hf = res.shocks.set_index("code").loc["281111", "shortfall_usd_per_year"]
    # (rates use the annualised shortfall) HF's whole shortfall goes to S2 by the rule, not to S1 by the table; photoresist's rule names a
    # sector the table lacks, so photoresist is spread proportionally (S2 row of A^M) and flagged
    pr = res.shocks.set_index("code").loc["370790", "shortfall_usd_per_year"]
    assert e.loc["S2", "override_rate"] == pytest.approx(hf / 2000)
    assert e.loc["S1", "override_rate"] == 0
    assert e.loc["S2", "direct_rate"] == pytest.approx(pr / 80 * 40 / 2000)
    kinds = res.flags.set_index("kind")
    assert kinds.loc["rule_end_use", "sector"] == "S2"
    assert kinds.loc["rule_end_use_unknown_sector", "code"] == "370790"
    off = run_scenario(products, s, mb_io(), CONC, general, PROFILE, Config(use_overrides=False))
    assert (off.propagation.exposure["override_rate"] == 0).all()
