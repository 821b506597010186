"""The shipped remedies on the embedded demo: the inputs ``exposure.run()`` reads, through run_scenario with adjust=."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import exposure
from exposure import scenarios
from exposure.countermeasures import ALL, BASELINE, adjust_critical, adjuster, load, shipped, top100_view, value_shipped
from exposure.scoring import run_scenario

KRW_PER_USD = 1100.0  # a round rate for the test; the analyst gives the run's own
MONEY = [f"{f}{v}_usd" for f in ("sme_export_at_risk", "export_at_risk") for v in ("_low", "", "_high")]


@pytest.fixture(scope="module")
def three_items(demo_inputs):
    return value_shipped(demo_inputs, scenarios.load("2019-three-items"), krw_per_usd=KRW_PER_USD)


def test_the_test_inputs_are_the_pipelines(demo_inputs):
    ours = demo_inputs.run(scenarios.load("2019-three-items")).sectors.set_index("sector")
    theirs = exposure.run().sectors.set_index("sector")
    pd.testing.assert_series_equal(ours["sme_export_at_risk_usd"], theirs.loc[ours.index, "sme_export_at_risk_usd"])


def test_each_shipped_remedy_through_run_scenario_lowers_sme_risk_and_raises_it_nowhere(demo_inputs):
    ri = demo_inputs
    scen = scenarios.load("2019-three-items")
    base = ri.run(scen).sectors.set_index("sector")
    for cm in shipped():
        res = run_scenario(ri.products, scen, ri.io, ri.concordance, ri.overrides, ri.profile, ri.config,
                           export_items=ri.export_items, mti_concordance=ri.mti_concordance,
                           critical=adjust_critical(ri.critical, [cm]), class_sme=ri.class_sme, adjust=adjuster([cm]))
        after = res.sectors.set_index("sector").loc[base.index]
        assert after["sme_export_at_risk_usd"].sum() < base["sme_export_at_risk_usd"].sum(), cm.name
        for col in MONEY:
            assert (after[col].fillna(0) <= base[col].fillna(0) * (1 + 1e-12) + 1e-9).all(), (cm.name, col)


def test_the_stockpile_on_the_demo_by_hand(demo_inputs):
    res = demo_inputs.run(scenarios.load("2019-three-items"), [load("stockpile-90d")])
    sh = res.shocks.set_index("code")
    # HF: b 30 → 120, L = H = 180, φ .5 (config): G(180) = 135 → 15 days lost of $41,451,000 a year
    hf = sh.loc["2811111000"]
    assert hf["buffer_days"] == 120 and hf["lost_days"] == pytest.approx(15.0)
    assert hf["shortfall_usd"] == pytest.approx(41_451_000 / 365 * 15)
    # photoresist: licences resume on day 90, G(90) = 90 − .5·90²/360 = 78.75 < 120: nothing lost
    assert sh.loc["3707901010", "lost_days"] == 0.0


def test_the_ranking_of_the_shipped_remedies_is_filled(three_items):
    r = three_items.ranking()
    assert r["countermeasure"].tolist() != [] and sorted(r["countermeasure"]) == sorted(c.name for c in shipped())
    assert r["rank"].tolist() == [1, 2, 3, 4]
    assert (r["sme_export_at_risk_removed_usd"] > 0).all()
    assert r["sme_export_at_risk_removed_usd"].is_monotonic_decreasing
    stock = r.set_index("countermeasure").loc["stockpile-90d"]
    # 90 days of the three items' imports from Japan ($41.451M + $317.24M + $10.12M a year), carried 180 days
    # at 25 % a year, at 1,100 won
    value = (41_451_000 + 317_240_000 + 10_120_000) * 90 / 365
    assert stock["stock_value_usd"] == pytest.approx(value)
    assert stock["cost_krw"] == pytest.approx(value * 0.25 * 180 / 365 * KRW_PER_USD)
    assert stock["rank_per_won"] == 1 and stock["sme_usd_removed_per_million_krw"] > 0
    assert r["cost_krw"].isna().sum() == 3  # the others state no cost
    s = three_items.summary.set_index("countermeasure")
    assert s.loc[ALL, "sme_export_at_risk_removed_usd"] >= r["sme_export_at_risk_removed_usd"].max() - 1e-6
    assert s.loc[ALL, "sme_export_at_risk_after_usd"] >= -1e-6


def test_by_sector_and_by_item_on_the_demo(three_items):
    sec = three_items.by_sector
    d26 = sec[(sec["sector"] == "D26") & (sec["countermeasure"] == "localise-three-items")].iloc[0]
    assert d26["sme_export_at_risk_removed_usd"] > 0 and d26["baseline_rank"] == 1
    items = three_items.by_item
    chips = items[(items["item_code"] == "831") & (items["countermeasure"] == "stockpile-90d")].iloc[0]
    assert 0 < chips["sme_export_at_risk_removed_usd"] <= chips["sme_export_at_risk_usd"]
    assert set(items["countermeasure"]) == {c.name for c in shipped()} | {ALL}


def test_the_top100_view_on_the_demo(demo_inputs, three_items):
    other = demo_inputs.run(scenarios.load("white-list-removal"))
    view = top100_view(demo_inputs.export_items, [three_items.runs[BASELINE], other], demo_inputs.mti_concordance,
                       [three_items])
    assert set(view["scenario"]) == {"2019-three-items", "white-list-removal"}
    top = view[(view["scenario"] == "2019-three-items") & (view["rank"] == 1)].iloc[0]
    assert top["item_code"] == "831" and top["item_name_en"] == "Semiconductors"
    # the demo's top item lists three driving inputs: the three 2019 items, with their Korean names
    codes = [top[f"driver_{n}_code"] for n in (1, 2, 3)]
    assert sorted(codes) == ["2811111000", "3707901010", "3920999010"]
    assert all(top[f"driver_{n}_name_ko"] for n in (1, 2, 3))
    assert sum(top[f"driver_{n}_share_of_item"] for n in (1, 2, 3)) == pytest.approx(1.0)
    assert top["export_at_risk_low_usd"] <= top["export_at_risk_usd"] <= top["export_at_risk_high_usd"]
    assert top["best_countermeasure"] in {c.name for c in shipped()} and top["best_countermeasure_name_ko"]
    assert 0 < top["item_sme_share"] < 1
    # under the white-list removal no valuation was given: no best remedy named
    assert (view.loc[view["scenario"] == "white-list-removal", "best_countermeasure"] == "").all()
    assert np.isfinite(view.loc[view["scenario"] == "white-list-removal", "export_at_risk_usd"]).any()
