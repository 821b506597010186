"""Scoring (DESIGN §7, §7a): value at risk over the horizon, SME weighting, ranges, ranking, decomposition,
end uses, critical inputs, the weekly profile and the top-100 items, end to end through run_scenario.

The economy is Miller & Blair's (2009, §2.3) two-sector domestic table with hand-made imported flows
(see tests/test_risk.py): A^M = [[.05, .05], [0, .02]], L^D = [[.95, .25], [.2, .85]] / .7575,
imports by product group M = [200, 80], outputs x = [1000, 2000].
"""

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
from exposure.scenarios import Rule, Scenario
from exposure.schema import IOTable
from exposure.scoring import (
    calc_composite,
    calc_normalised,
    calc_ranks,
    calc_value_at_risk,
    run_scenario,
    score_export_items,
)

SECTORS = ["S1", "S2"]
L = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575


def mb_io() -> IOTable:
    zd = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=SECTORS, columns=SECTORS)
    zm = pd.DataFrame([[50.0, 100.0], [0.0, 40.0]], index=SECTORS, columns=SECTORS)
    return IOTable(domestic=zd, imported=zm, output=pd.Series([1000.0, 2000.0], index=SECTORS),
                   exports=pd.Series([300.0, 600.0], index=SECTORS), imports=pd.Series([200.0, 80.0], index=SECTORS),
                   names={"S1": "one", "S2": "two"})


CONC = pd.DataFrame({"from_code": ["281111", "370790", "848620"], "to_code": ["S1", "S2", "S1"],
                     "weight": [1.0, 1.0, 1.0]})
PROFILE = pd.DataFrame({"sector": ["S1", "S2", "S3"], "sector_name_ko": ["일", "이", "삼"],
                        "sector_name_en": ["one", "two", "three"], "export_usd": [500.0, 1000.0, 50.0],
                        "output_usd": [1000.0, 2000.0, 80.0], "sme_share": [0.8, 0.1, 0.5],
                        "sme_share_basis": "export", "export_to_target_usd": [100.0, 40.0, 10.0]})


def flows(rows):
    return pd.DataFrame([dict(year=2018, month=0, reporter="KOR", partner=p, flow="M", code=c, code_system="HS6-2017",
                              value_usd=float(v), source="hand", name=n) for p, c, v, n in rows])


IMPORTS = flows([("JPN", "281111", 100, "hydrogen fluoride"), ("CHN", "281111", 100, "hydrogen fluoride"),
                 ("JPN", "370790", 50, "photoresist"), ("USA", "370790", 10, "photoresist"),
                 ("JPN", "999999", 7, "unknown")])
PRODUCTS = product_indicators(IMPORTS, Config())
# every import from the target lost for a year: no stock, no substitution, H = 365 → shortfall = M(k,T)
YEAR = Scenario("hand", (Rule(coverage=1.0, all=True),), buffer_days=0.0, phi=0.0, horizon_days=365.0)
# s = [100/200, 50/80] = [.5, .625]; r = s·A^M = [.025, .0375]; δ = r·L^D
E = np.array([0.025, 0.0375]) @ L


def run(scenario=YEAR, products=PRODUCTS, overrides=None, profile=PROFILE, config=None, **kw):
    return run_scenario(products, scenario, mb_io(), CONC, overrides, profile, config or Config(), **kw)


def test_value_at_risk_over_the_horizon_sme_ranking_and_ranges_by_hand():
    res = run()
    s = res.sectors.set_index("sector")
    np.testing.assert_allclose(s.loc[SECTORS, "exposure_rate"], E)
    # no critical input: linear = central = Leontief
    for v in ("low", "high"):
        np.testing.assert_allclose(s.loc[SECTORS, f"exposure_rate_{v}"], E)
    # exports [500, 1000] over one year; SME × [.8, .1] → S1 first by SMEs
    np.testing.assert_allclose(s.loc[SECTORS, "export_at_risk_usd"], E * [500, 1000])
    np.testing.assert_allclose(s.loc[SECTORS, "sme_export_at_risk_usd"], E * [500, 1000] * [0.8, 0.1])
    np.testing.assert_allclose(s.loc[SECTORS, "sme_export_at_risk_usd_per_year"], E * [500, 1000] * [0.8, 0.1])
    assert s.loc["S1", "rank"] == 1 and s.loc["S2", "rank"] == 2
    assert run(config=Config(rank_by="export_at_risk_usd")).sectors["sector"].tolist()[:2] == ["S2", "S1"]
    # S3 is in the profile but not in the IO table: listed, unranked, with the reason
    assert pd.isna(s.loc["S3", "rank"]) and np.isnan(s.loc["S3", "exposure_rate"])
    assert s.loc["S3", "no_data_reason"] == "sector not in the input–output table"
    assert res.sectors["sector"].iloc[-1] == "S3"
    assert (s["demand_at_risk_usd"] == 0).all() and s["sme_share_basis"].eq("export").all()
    # the product without a concordance is flagged, not dropped
    assert res.flags.set_index("kind").loc["no_concordance", "code"] == "999999"


def test_a_half_year_horizon_halves_the_money_not_the_rate():
    half = Scenario("half", (Rule(coverage=1.0, all=True),), buffer_days=0.0, phi=0.0, horizon_days=182.5)
    s = run(half).sectors.set_index("sector")
    np.testing.assert_allclose(s.loc[SECTORS, "exposure_rate"], E)  # a share of output over the horizon
    np.testing.assert_allclose(s.loc[SECTORS, "export_at_risk_usd"], E * [500, 1000] / 2)
    np.testing.assert_allclose(s.loc[SECTORS, "export_at_risk_usd_per_year"], E * [500, 1000])


def test_exports_fall_back_to_the_io_table_with_a_note():
    s = run(profile=PROFILE[PROFILE["sector"] != "S2"]).sectors.set_index("sector")
    assert s.loc["S2", "export_usd"] == 600.0 and s.loc["S2", "export_source"] == "io"
    assert "input–output table" in s.loc["S2", "notes"]
    assert np.isnan(s.loc["S2", "sme_export_at_risk_usd"]) and pd.isna(s.loc["S2", "rank"])
    assert "no SME share" in s.loc["S2", "no_data_reason"] and s.loc["S2", "sector_name_en"] == "two"
    none = run(profile=None, config=Config(rank_by="export_at_risk_usd")).sectors
    assert none["export_source"].tolist() == ["io", "io"] and none["rank"].tolist() == [1, 2]


def test_drivers_sum_to_sector_totals():
    ovr = pd.DataFrame({"code": ["281111"], "code_system": ["HS6"], "sector": ["S2"], "share": [0.4]})
    res = run(overrides=ovr)
    d = res.drivers
    assert set(d["channel"]) == {"direct", "override", "downstream"}
    tot = d.groupby("sector")[["exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd"]].sum()
    s = res.sectors.set_index("sector").loc[tot.index]
    for col in tot.columns:
        np.testing.assert_allclose(tot[col], s[col], rtol=1e-12)
    np.testing.assert_allclose(d.groupby("sector")["share_of_sector"].sum(), 1.0)
    assert (d["exposure_rate"] != 0).all()  # zero rows are left out
    assert set(d["rule"]) == {"(unnamed rule)"}


def test_composite_rank_by_hand():
    # minmax over S1, S2: exposure E → [0, 1]; SME export at risk [.8·500 E1, .1·1000 E2] → [1, 0];
    # demand at risk [0, 0] → [0, 0]. Index = .5·[0, 1] + .3·[1, 0] = [.3, .5]: S2 first
    cfg = Config(rank_by="composite", composite_weights=(("exposure_rate", 0.5), ("sme_export_at_risk_usd", 0.3),
                                                         ("demand_at_risk_usd", 0.2)))
    s = run(profile=PROFILE[PROFILE["sector"] != "S3"], config=cfg).sectors.set_index("sector")
    assert s.loc["S1", "rank_value"] == pytest.approx(0.3) and s.loc["S2", "rank_value"] == pytest.approx(0.5)
    assert s.loc["S2", "rank"] == 1
    np.testing.assert_allclose(calc_composite({"a": np.array([0.0, 5.0, 10.0]), "b": np.array([2.0, 1.0, 0.0])},
                                              {"a": 3.0, "b": 1.0}), [0.25, 0.5, 0.75])


def test_normalisations_and_ranks():
    assert calc_ranks(np.array([3.0, np.nan, 5.0, 3.0])).tolist()[::2] == [2.0, 1.0]
    r = calc_ranks(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
    assert r.tolist() == [[3.0, 2.0, 1.0], [1.0, 2.0, 3.0]]
    assert calc_normalised(np.array([2.0, 4.0, 6.0])).tolist() == [0.0, 0.5, 1.0]
    assert calc_normalised(np.array([5.0, 5.0])).tolist() == [0.0, 0.0]
    assert calc_normalised(np.array([1.0, 3.0, 2.0]), "rank").tolist() == pytest.approx([1 / 3, 1.0, 2 / 3])
    assert calc_normalised(np.array([1.0, 3.0]), "zscore").tolist() == [-1.0, 1.0]
    assert calc_value_at_risk(np.array([[0.1], [0.2]]), np.array([10.0])).tolist() == [[1.0], [2.0]]


def test_rank_by_is_checked():
    with pytest.raises(ConfigError, match="rank_by 'risk' is not known; valid choices are: exposure_rate"):
        Config.from_mapping({"rank_by": "risk"})
    with pytest.raises(ConfigError, match="composite_weights key 'size'"):
        Config.from_mapping({"composite_weights": {"size": 1.0}})


def test_demand_side_scenario_by_hand():
    # coverage .2, φ = .5, L = H = 180, no backlog: G(180) = 135 of 180 days lost → rate .15;
    # demand at risk = .15 × exports to the target × 180/365
    retal = scenarios.load("export-retaliation")
    res = run(retal)
    s = res.sectors.set_index("sector")
    np.testing.assert_allclose(s.loc[["S1", "S2", "S3"], "demand_at_risk_usd"],
                               np.array([100.0, 40.0, 10.0]) * 0.15 * 180 / 365)
    assert s.loc["S1", "rank_basis"] == "sme_demand_at_risk_usd"
    # SME demand at risk ∝ [.8·100, .1·40, .5·10] = [80, 4, 5]
    assert s["rank"].loc[["S1", "S3", "S2"]].tolist() == [1, 2, 3]
    d = res.drivers[res.drivers["channel"] == "demand"].groupby("sector")["demand_at_risk_usd"].sum()
    np.testing.assert_allclose(d.loc[["S1", "S2", "S3"]], s.loc[["S1", "S2", "S3"], "demand_at_risk_usd"])
    no_xt = run(retal, profile=PROFILE.drop(columns="export_to_target_usd")).sectors
    assert no_xt["no_data_reason"].str.contains("no exports to JPN").all() and no_xt["rank"].isna().all()


def test_export_items_through_their_sectors():
    sectors = run().sectors
    items = pd.DataFrame({"year": 2019, "rank": [1, 2, 3, 4], "item_code": ["831", "8321", "999", "741"],
                          "code_system": "MTI3", "item_name_ko": ["반도체", "평판", "?", "강판"],
                          "export_usd": [1000.0, 200.0, 5.0, 50.0], "export_to_target_usd": [100.0, 20.0, 1.0, 5.0],
                          "sector": ["", "", "", "S1"]})
    mti = pd.DataFrame({"from_code": ["831", "832", "832"], "to_code": ["S2", "S1", "S2"], "weight": [1.0, 0.5, 0.5]})
    out = score_export_items(items, sectors, mti).set_index("item_code")
    e1, e2 = E
    assert out.loc["831", "export_at_risk_usd"] == pytest.approx(1000 * e2)
    assert out.loc["8321", "export_at_risk_usd"] == pytest.approx(200 * (0.5 * e1 + 0.5 * e2))  # via MTI 832
    assert out.loc["8321", "sme_export_at_risk_usd"] == pytest.approx(200 * (0.5 * e1 * 0.8 + 0.5 * e2 * 0.1))
    assert out.loc["741", "sector"] == "S1" and out.loc["741", "export_at_risk_usd"] == pytest.approx(50 * e1)
    assert np.isnan(out.loc["999", "export_at_risk_usd"]) and "not in the MTI" in out.loc["999", "no_data_reason"]
    assert out.loc["831", "rank_at_risk"] == 1


# --------------------------------------------------------------------------- scenarios end to end
def test_three_items_end_to_end():
    res = run(scenarios.load("2019-three-items"))
    sh = res.shocks.set_index("code")
    # HS6 coverage .914 and .751, φ .5, b 30, L = H = 180: HF loses G(180) − 30 = 105 days of the covered
    # flow; photoresist's licences resume on day 90: G(90) − 30 = 48.75 days
    assert sh.loc["281111", "shortfall_usd"] == pytest.approx(100 * 0.914 / 365 * 105)
    assert sh.loc["370790", "shortfall_usd"] == pytest.approx(50 * 0.751 / 365 * 48.75)
    assert sh.loc["999999", "shortfall_usd"] == 0 and sh.loc["281111", "name"] == "hydrogen fluoride"
    assert sh.loc["281111", "end_use"] == "intermediate" and sh.loc["281111", "channel"] == "intermediate"
    assert set(res.drivers["rule"]) == {"hydrogen fluoride (HS6)", "photoresist (HS6)"}
    assert {"scenario_entry_unmatched", "sector_no_data"} <= set(res.flags["kind"])


def test_zero_scenario_gives_zero_risk():
    res = run(Scenario("zero", (Rule(coverage=0.0, all=True),)))
    known = res.sectors.dropna(subset=["exposure_rate"])
    cols = ["exposure_rate", "exposure_rate_high", "export_at_risk_usd", "sme_export_at_risk_usd",
            "demand_at_risk_usd"]
    assert (known[cols] == 0).all().all() and res.drivers.empty
    assert res.sectors["first_loss_week"].isna().all()


@settings(max_examples=20, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_raising_coverage_never_lowers_any_sectors_risk(c_low, bump, c_other):
    ovr = pd.DataFrame({"code": ["370790"], "code_system": ["HS6"], "sector": ["S1"], "share": [0.3]})

    def sectors(c):
        s = Scenario("p", (Rule(coverage=c, codes=("281111",)), Rule(coverage=c_other, codes=("370790",))))
        return run(s, overrides=ovr, critical=CRITICAL).sectors.set_index("sector")

    low, high = sectors(c_low), sectors(min(1.0, c_low + bump))
    for col in ("exposure_rate_low", "exposure_rate", "exposure_rate_high", "export_at_risk_usd",
                "sme_export_at_risk_usd"):
        assert (high.loc[SECTORS, col].to_numpy() >= low.loc[SECTORS, col].to_numpy() - 1e-12).all(), col


def test_bad_profile_is_a_data_error():
    with pytest.raises(DataError, match="sme_share"):
        run(profile=PROFILE.drop(columns="sme_share"))
    with pytest.raises(DataError, match="appears twice"):
        run(profile=pd.concat([PROFILE, PROFILE.iloc[:1]]))


def test_inputs_not_mutated():
    before = (PRODUCTS.copy(), PROFILE.copy(), CONC.copy(), CRITICAL.copy())
    run(scenarios.load("full-embargo"), critical=CRITICAL)
    for a, b in zip(before, (PRODUCTS, PROFILE, CONC, CRITICAL)):
        pd.testing.assert_frame_equal(a, b)


def test_rule_end_use_beats_the_general_override_table():
    general = pd.DataFrame({"code": ["281111"], "code_system": ["HS6"], "sector": ["S1"], "share": [1.0]})
    s = Scenario("eu", (Rule(coverage=1.0, codes=("281111",), end_use=(("S2", 1.0),), name="hf"),
                        Rule(coverage=1.0, codes=("370790",), end_use=(("D99", 1.0),), name="pr")),
                 buffer_days=0.0, phi=0.0, horizon_days=365.0)
    res = run(s, overrides=general)
    e = res.sectors.set_index("sector")
    # HF's whole shortfall (100 a year) goes to S2 by the rule, not to S1 by the table; photoresist's rule
    # names a sector the table lacks, so photoresist is spread proportionally (s_2 = 50/80 → S2: .625·.02)
    assert e.loc["S2", "override_rate"] == pytest.approx(100 / 2000)
    assert e.loc["S1", "override_rate"] == 0
    assert e.loc["S2", "direct_rate"] == pytest.approx(0.625 * 0.02)
    kinds = res.flags.set_index("kind")
    assert kinds.loc["rule_end_use", "sector"] == "S2"
    assert kinds.loc["rule_end_use_unknown_sector", "code"] == "370790"
    off = run(s, overrides=general, config=Config(use_overrides=False))
    assert (off.sectors["override_rate"].fillna(0) == 0).all()


# --------------------------------------------------------------------------- end uses (BEC)
def test_capital_goods_go_to_investment_not_to_intermediate_inputs():
    imports = flows([("JPN", "848620", 300, "machines for semiconductor devices"), ("JPN", "281111", 100, "HF")])
    prods = product_indicators(imports, Config())
    # with no override the fab machines are reported per product and spread nowhere
    res = run(products=prods)
    sh = res.shocks.set_index("code")
    assert sh.loc["848620", "end_use"] == "capital" and sh.loc["848620", "channel"] == "investment"
    only_hf = run(products=product_indicators(imports[imports["code"] == "281111"], Config()))
    pd.testing.assert_series_equal(res.sectors.set_index("sector")["exposure_rate"],
                                   only_hf.sectors.set_index("sector")["exposure_rate"])
    assert res.flags.set_index("kind").loc["end_use_investment", "value"] == pytest.approx(300.0)
    # an override naming the user makes it that sector's lost investment (USD over the horizon), still no
    # output loss
    ovr = pd.DataFrame({"code": ["848620"], "code_system": ["HS6"], "sector": ["S2"], "share": [1.0]})
    with_user = run(products=prods, overrides=ovr).sectors.set_index("sector")
    assert with_user.loc["S2", "investment_shortfall_usd"] == pytest.approx(300.0)
    np.testing.assert_allclose(with_user.loc[SECTORS, "exposure_rate"],
                               only_hf.sectors.set_index("sector").loc[SECTORS, "exposure_rate"])
    # an override's own end_use wins over BEC
    as_input = ovr.assign(end_use="intermediate")
    s = run(products=prods, overrides=as_input).sectors.set_index("sector")
    assert s.loc["S2", "override_rate"] == pytest.approx(300 / 2000)


# --------------------------------------------------------------------------- critical inputs
CRITICAL = pd.DataFrame({"code": ["281111"], "code_system": ["HS6"], "sector": ["S2"], "ksic": ["2611"],
                         "criticality": ["critical"], "dependent_share": [0.5], "domestic_share": [np.nan],
                         "stock_days": [np.nan], "source": ["hand"]})


def test_a_critical_input_gives_a_range_by_hand():
    # 364 days (52 whole weeks), no stock or substitution: HF loses 100 of its 200 supply (JPN + CHN):
    # f = .5 every week. Its linear first round in S2: s_1·A^M(1,2) = .5·.05 = .025 (ℓ); d = .5.
    #   Leontief: d·f = .25 → extra .225; CES σ = .5: α = ℓ/(d f) = .1, loss .5·(1 − 1/1.1) = .5/11
    year = Scenario("hand", (Rule(coverage=1.0, all=True),), buffer_days=0.0, phi=0.0, horizon_days=364.0)
    res = run(year, critical=CRITICAL, class_sme={"2611": 0.02}, config=Config(production="ces", sigma=0.5))
    s = res.sectors.set_index("sector")
    d0 = {"low": [0.025, 0.0375], "": [0.025, 0.0375 + 0.5 / 11 - 0.025], "high": [0.025, 0.0375 + 0.225]}
    for v, first in d0.items():
        col = "exposure_rate" + (f"_{v}" if v else "")
        np.testing.assert_allclose(s.loc[SECTORS, col], np.array(first) @ L, rtol=1e-10)
    years = 364 / 365
    np.testing.assert_allclose(s.loc[SECTORS, "export_at_risk_high_usd"], np.array(d0["high"]) @ L * [500, 1000]
                               * years, rtol=1e-10)
    # SME: the class 2611 (share .02) bears HF's linear part and the extra, the sector (.1) the rest
    delta = s.loc["S2", "exposure_rate"]
    weighted = 0.1 * delta + (0.025 + 0.5 / 11 - 0.025) * (0.02 - 0.1)
    assert s.loc["S2", "sme_export_at_risk_usd"] == pytest.approx(weighted * 1000 * years)
    c = res.critical.iloc[0]
    assert c["lost_fraction"] == pytest.approx(0.5) and c["supply_basis"] == "imports from all partners"
    assert c["loss_rate_row"] == pytest.approx(0.5 / 11)
    # the extra is the product's, on the critical channel; drivers still sum to the totals
    d = res.drivers.set_index(["sector", "code", "channel"])
    assert d.loc[("S2", "281111", "critical"), "exposure_rate"] == pytest.approx(0.5 / 11 - 0.025)
    tot = res.drivers.groupby("sector")["sme_export_at_risk_usd"].sum()
    np.testing.assert_allclose(tot.loc[SECTORS], s.loc[SECTORS, "sme_export_at_risk_usd"], rtol=1e-10)


def test_a_product_not_in_the_critical_table_gives_the_linear_result_under_every_production_function():
    other = CRITICAL.assign(code="999998")
    for production in ("linear", "ces", "leontief"):
        s = run(critical=other, config=Config(production=production)).sectors.set_index("sector")
        np.testing.assert_allclose(s.loc[SECTORS, "exposure_rate"], E)


def test_weekly_profile_shows_when_output_falls_and_sums_to_the_horizon():
    three = scenarios.load("2019-three-items")
    res = run(three, critical=CRITICAL, config=Config(production="leontief"))
    w = res.weekly[res.weekly["sector"] == "S2"]
    assert w["week"].tolist() == list(range(1, 27)) and w["end_day"].iloc[-1] == 180  # 25 weeks and 5 days
    # the stock covers 30 days: nothing falls in weeks 1–4; output first falls in week 5
    assert (w["loss_rate"].iloc[:4] == 0).all() and w["loss_rate"].iloc[4] > 0
    s = res.sectors.set_index("sector")
    assert s.loc["S2", "first_loss_week"] == 5
    # the week-length-weighted mean of the weekly losses is the horizon figure (no cap binds)
    lens = (w["end_day"] - w["start_day"]).to_numpy()
    assert np.average(w["loss_rate"], weights=lens) == pytest.approx(s.loc["S2", "exposure_rate"], rel=1e-9)
    assert w["cumulative_export_at_risk_usd"].iloc[-1] == pytest.approx(s.loc["S2", "export_at_risk_usd"], rel=1e-9)


def test_a_rule_that_sets_the_stock_overrides_the_critical_rows_own_stock_days():
    # HF's row holds 182 days of stock (26 whole weeks of 52); it loses .5 of its supply once that is gone.
    stocked = CRITICAL.assign(stock_days=182.0)
    # b set for the whole scenario only: the row's own stock is the better-informed figure → .5 · 182/364
    scen_b = Scenario("hand", (Rule(coverage=1.0, all=True),), buffer_days=0.0, phi=0.0, horizon_days=364.0)
    row = run(scen_b, critical=stocked, config=Config(production="leontief")).critical.iloc[0]
    assert row["lost_fraction"] == pytest.approx(0.25)
    # b set by the rule that names the product (the full-embargo bound: "no stock"): the row's stock is ignored
    rule_b = Scenario("hand", (Rule(coverage=1.0, all=True, buffer_days=0.0),), phi=0.0, horizon_days=364.0)
    row = run(rule_b, critical=stocked, config=Config(production="leontief")).critical.iloc[0]
    assert row["lost_fraction"] == pytest.approx(0.5)


def test_full_substitution_within_the_horizon_gives_no_negative_week():
    # φ = 1 after a 1.9-day lag over 17 days: the cumulative loss is flat after day 1.9, and rounding
    # once made a week's difference −1e-17, which the production functions refused
    scen = Scenario("p", (Rule(coverage=1.0, codes=("370790",)),), buffer_days=0.0, phi=1.0, lag_days=1.9,
                    horizon_days=17.0)
    res = run(scen, critical=CRITICAL.assign(code="370790"), config=Config(production="leontief"))
    assert (res.weekly["loss_rate"] >= 0).all()
    # lost days = G(17) = 17 − (1.9/2 + 17 − 1.9) = 0.95: photoresist's $50 a year × 0.95/365 over the horizon
    sh = res.shocks.set_index("code")
    assert sh.loc["370790", "shortfall_usd"] == pytest.approx(50 * 0.95 / 365)


def test_drivers_look_shock_columns_up_as_a_left_merge_would():
    from exposure.scoring.tables import _left_join

    left = pd.DataFrame({"code": ["b", "a", "z", "a"], "code_system": ["HS6"] * 4, "v": [1.0, 2.0, 3.0, 4.0]})
    right = pd.DataFrame({"code": ["a", "b"], "code_system": ["HS6", "HS6"], "rule": ["r1", "r2"], "coverage": [1.0, .5]})
    got = _left_join(left, right, ["code", "code_system"])
    assert got["rule"].tolist()[:2] == ["r2", "r1"] and got["rule"].tolist()[3] == "r1" and pd.isna(got["rule"][2])
    pd.testing.assert_frame_equal(got, left.merge(right, on=["code", "code_system"], how="left"))
    twice = pd.concat([right, right.assign(rule="again")], ignore_index=True)  # a key twice: the merge itself
    pd.testing.assert_frame_equal(_left_join(left, twice, ["code", "code_system"]),
                                  left.merge(twice, on=["code", "code_system"], how="left"))


@pytest.mark.parametrize("rank_by, supply, demand", [
    ("sme_export_at_risk_usd", "sme_export_at_risk_usd", "sme_demand_at_risk_usd"),
    ("demand_at_risk_usd", "export_at_risk_usd", "demand_at_risk_usd"),  # a supply scenario ranks by its own side
    ("sme_demand_at_risk_usd", "sme_export_at_risk_usd", "sme_demand_at_risk_usd"),
    ("exposure_rate", "exposure_rate", "demand_rate"),
    ("composite", "composite", "composite"),
])
def test_each_scenario_is_ranked_on_its_own_side(rank_by, supply, demand):
    from exposure.scoring.ranking import rank_basis

    config = Config(rank_by=rank_by)
    assert (rank_basis(config, "supply"), rank_basis(config, "demand")) == (supply, demand)


def test_a_supply_run_ranked_by_a_demand_measure_does_not_tie_every_sector_at_zero():
    from exposure import run
    from exposure.inputs import Inputs

    by_demand = run(Inputs.demo(), Config(scenarios=("2019-three-items",), rank_by="demand_at_risk_usd"))
    by_supply = run(Inputs.demo(), Config(scenarios=("2019-three-items",), rank_by="export_at_risk_usd"))
    cols = ["sector", "rank", "export_at_risk_usd"]
    assert by_demand.sectors[cols].equals(by_supply.sectors[cols])
    assert by_demand.sectors.loc[by_demand.sectors["rank"] == 1, "export_at_risk_usd"].item() > 0
