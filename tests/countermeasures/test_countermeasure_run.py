"""Counter-measures through ``exposure.run``: the Results tables, their specs, the baseline reused, early failures.

Hand figures (2019-three-items on the demo, b = 30, L = H = 180, φ = .5; photoresist and polyimide
licences resume on day 90): G(180) = 180 − .5·180²/360 = 135, G(90) = 90 − .5·90²/360 = 78.75, so
hydrogen fluoride loses 135 − 30 = 105 days of $41,451,000 a year, photoresist 78.75 − 30 = 48.75 days of
$317,240,000 and polyimide 48.75 days of $10,120,000. 90 more days of stock (b = 120): HF loses 15 days,
the others none. 30 % made at home: every covered flow × .7. All three items go to D26 by end-use
override, so the linear (low) figure is proportional to the total shortfall and removes the same share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import exposure
from exposure import countermeasures, scenarios
from exposure.config import Config
from exposure.countermeasures import ALL, value_countermeasures
from exposure.errors import ConfigError
from exposure.schema.outputs import CATALOGUE, COUNTERMEASURE_ITEMS, COUNTERMEASURE_SECTORS, COUNTERMEASURES, \
    OUTPUTS, TOP100

BASE = (41_451_000 * 105 + 317_240_000 * 48.75 + 10_120_000 * 48.75) / 365  # USD over the 180 days
STOCK_AFTER = 41_451_000 * 15 / 365
TWO = ("stockpile-90d", "localise-three-items")
SCENARIOS = ("2019-three-items", "white-list-removal")
SPECS = {"countermeasures": COUNTERMEASURES, "countermeasure_sectors": COUNTERMEASURE_SECTORS,
         "countermeasure_items": COUNTERMEASURE_ITEMS, "top100": TOP100}


@pytest.fixture(scope="module")
def res():
    return exposure.run(config=Config(scenarios=SCENARIOS, countermeasures=TWO))


def test_the_countermeasures_table_ranks_the_remedies_under_each_scenario(res):
    c = res.countermeasures
    assert list(c["scenario"]) == [s for s in SCENARIOS for _ in range(3)]
    assert list(c["countermeasure"]) == [*TWO, ALL] * 2  # the 'all' row under each scenario
    for scen in SCENARIOS:
        ranked = countermeasures.ranking(c[c["scenario"] == scen])
        # the stock removes 97 % of the three items' shortfall, home production 30 %: the stock ranks first
        assert ranked["countermeasure"].tolist() == ["stockpile-90d", "localise-three-items"]
        assert ranked["rank"].tolist() == [1, 2]
        assert (ranked["sme_export_at_risk_removed_usd"] > 0).all()
    assert c.loc[c["countermeasure"] == ALL, "rank"].isna().all()
    assert c.loc[0, "countermeasure_name_ko"] == "3개 품목 90일분 추가 비축"
    assert c.loc[2, "countermeasure_name_en"] == "all counter-measures together"


def test_the_removed_amounts_by_hand(res):
    c = res.countermeasures[res.countermeasures["scenario"] == "2019-three-items"].set_index("countermeasure")
    assert c["shortfall_usd"].tolist() == pytest.approx([BASE] * 3)
    assert c.loc["stockpile-90d", "shortfall_after_usd"] == pytest.approx(STOCK_AFTER)
    assert c.loc["localise-three-items", "shortfall_after_usd"] == pytest.approx(0.7 * BASE)
    assert c.loc[ALL, "shortfall_after_usd"] == pytest.approx(0.7 * STOCK_AFTER)
    kept_share = {"stockpile-90d": STOCK_AFTER / BASE, "localise-three-items": 0.7, ALL: 0.7 * STOCK_AFTER / BASE}
    for name, kept in kept_share.items():
        for fig in ("sme_export_at_risk_low", "export_at_risk_low"):
            assert c.loc[name, f"{fig}_removed_usd"] == pytest.approx((1 - kept) * c.loc[name, f"{fig}_usd"]), name
    # the stock's value: 90 days of the three items' imports from Japan; carried 180 days at 25 % a year
    value = (41_451_000 + 317_240_000 + 10_120_000) * 90 / 365
    assert c.loc["stockpile-90d", "stock_value_usd"] == pytest.approx(value)
    assert c.loc["stockpile-90d", "carrying_cost_usd"] == pytest.approx(value * 0.25 * 180 / 365)


def test_sme_export_at_risk_never_rises_in_any_sector(res):
    s = res.countermeasure_sectors
    assert set(s["countermeasure"]) == {*TWO, ALL} and set(s["scenario"]) == set(SCENARIOS)
    assert len(s) == 2 * 3 * 36  # every sector of the demo table, under each remedy and scenario
    for v in ("_low", "", "_high"):
        before, after = s[f"sme_export_at_risk{v}_usd"].fillna(0), s[f"sme_export_at_risk{v}_after_usd"].fillna(0)
        assert (after <= before * (1 + 1e-12) + 1e-6).all(), v
        np.testing.assert_allclose(s[f"sme_export_at_risk{v}_removed_usd"].fillna(0), before - after, atol=1e-6)
    # the sectors add up to the summary
    tot = s.groupby(["scenario", "countermeasure"])["sme_export_at_risk_removed_usd"].sum()
    summ = res.countermeasures.set_index(["scenario", "countermeasure"])["sme_export_at_risk_removed_usd"]
    np.testing.assert_allclose(tot.loc[summ.index], summ, rtol=1e-12)
    d26 = s[(s["sector"] == "D26") & (s["countermeasure"] == "stockpile-90d")]
    assert (d26["sme_export_at_risk_removed_usd"] > 0).all() and (d26["baseline_rank"] == 1).all()


def test_the_top100_view_lists_three_drivers_for_the_top_item(res):
    t = res.top100
    assert set(t["scenario"]) == set(SCENARIOS) and len(t) == len(res.export_items)  # both stacked
    for scen in SCENARIOS:
        top = t[(t["scenario"] == scen) & (t["rank"] == 1)].iloc[0]
        assert top["item_code"] == "831" and top["item_name_en"] == "Semiconductors"
        assert all(top[f"driver_{n}_code"] for n in (1, 2, 3))
        # named by the shipped tables, else by the input file (8542311000 is named only there)
        assert all(top[f"driver_{n}_name_ko"] or top[f"driver_{n}_name"] for n in (1, 2, 3))
        assert top["driver_1_export_at_risk_usd"] >= top["driver_2_export_at_risk_usd"] >= \
            top["driver_3_export_at_risk_usd"] > 0
        assert top["best_countermeasure"] == "stockpile-90d" and top["best_removed_usd"] > 0
        assert 0 < top["item_sme_share"] < 1
    three = t[(t["scenario"] == "2019-three-items") & (t["rank"] == 1)].iloc[0]
    assert sorted(three[f"driver_{n}_code"] for n in (1, 2, 3)) == ["2811111000", "3707901010", "3920999010"]
    # the three drivers are the item's whole risk under the three items' controls
    assert sum(three[f"driver_{n}_share_of_item"] for n in (1, 2, 3)) == pytest.approx(1.0)


def test_the_new_tables_follow_their_specs(res):
    fam = {"float64": "f", "int64": "i", "Int64": "i", "str": "O"}
    for name, spec in SPECS.items():
        df = getattr(res, name)
        assert OUTPUTS[name] is spec and list(df.columns) == spec.names, name
        for col in spec.columns:
            assert CATALOGUE[col.name] is col
            assert col.label_ko and col.label_en and col.description_ko and col.description_en, col.name
            got = df[col.name].dtype
            if fam[col.dtype] == "O" or df[col.name].isna().all():
                continue
            kind = "i" if pd.api.types.is_integer_dtype(got) else "f" if pd.api.types.is_float_dtype(got) else "O"
            assert kind == fam[col.dtype] or {kind, fam[col.dtype]} == {"i", "f"}, (name, col.name, got)
            if col.kind in ("usd", "krw"):  # money headers state the unit
                unit_ko, unit_en = ("달러", "USD") if col.kind == "usd" else ("원", "KRW")
                assert unit_ko in col.label_ko and unit_en in col.label_en, col.name
    assert CATALOGUE["cost_krw"].kind == "krw" and CATALOGUE["cost_krw"].dtype == "float64"
    # the package's column dictionary is the catalogue's
    assert countermeasures.COLUMNS["cost_krw"]["en"] == CATALOGUE["cost_krw"].label_en
    assert CATALOGUE["name_ko"].label_en == "Scenario name (Korean)"  # the scenarios' column keeps its meaning


def test_a_run_without_a_rate_warns_and_one_with_a_rate_costs_in_won(res):
    assert res.warnings == [
        "stockpile-90d.toml: counter-measure 'stockpile-90d': annual_rate = 0.25 is a carrying cost in USD and no "
        "won-per-dollar rate is given (expected krw_per_usd in the file, or a run rate: --fx KRW=… or fx_rates in "
        "the config); its cost in won and the risk it removes per won are left blank"]
    assert res.countermeasures["cost_krw"].isna().all()
    assert set(res.countermeasures["cost_basis"]) == {"carrying_cost_no_rate", "none"}
    assert "amounts removed by each counter-measure alone do not add up: see the 'all' row for them together" \
        in res.notes
    won = exposure.run(config=Config(countermeasures=TWO, fx_rates=(("KRW", 1100.0),)))
    assert won.warnings == []
    s = won.countermeasures.set_index("countermeasure")
    value = (41_451_000 + 317_240_000 + 10_120_000) * 90 / 365
    assert s.loc["stockpile-90d", "cost_krw"] == pytest.approx(value * 0.25 * 180 / 365 * 1100.0)
    assert s.loc["stockpile-90d", "krw_per_usd_source"] == "config fx_rates"
    assert s.loc["stockpile-90d", "rank_per_won"] == 1 and pd.isna(s.loc["localise-three-items", "rank_per_won"])
    per = s.loc["stockpile-90d", "sme_export_at_risk_removed_usd"] / (s.loc["stockpile-90d", "cost_krw"] / 1e6)
    assert s.loc["stockpile-90d", "sme_usd_removed_per_million_krw"] == pytest.approx(per)


def test_the_baseline_given_is_used_and_gives_the_same_tables(demo_inputs, monkeypatch):
    scen = scenarios.load("2019-three-items")
    cms = countermeasures.load_many(list(TWO))
    fresh = value_countermeasures(demo_inputs, scen, cms, krw_per_usd=1100.0)
    base = demo_inputs.run(scen)
    calls = []
    original = type(demo_inputs).run
    monkeypatch.setattr(type(demo_inputs), "run", lambda self, s, c=(): calls.append(len(c)) or original(self, s, c))
    reused = value_countermeasures(demo_inputs, scen, cms, krw_per_usd=1100.0, baseline=base)
    assert calls == [1, 1, 2]  # each remedy alone and both together; not the baseline again
    assert reused.runs["baseline"] is base
    for a, b in ((fresh.summary, reused.summary), (fresh.by_sector, reused.by_sector), (fresh.by_item, reused.by_item)):
        pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="the baseline given is scenario '2019-three-items', not 'full-embargo'"):
        value_countermeasures(demo_inputs, scenarios.load("full-embargo"), cms, baseline=base)


def test_without_counter_measures_nothing_is_valued_but_the_top100_view_is_there():
    said: list[str] = []
    r = exposure.run(config=Config(scenarios=SCENARIOS), progress=said.append)
    assert len(said) == exposure.pipeline.count_steps(Config(scenarios=SCENARIOS))
    for name in ("countermeasures", "countermeasure_sectors", "countermeasure_items"):
        assert getattr(r, name).columns.empty
    top = r.top100[(r.top100["scenario"] == "2019-three-items") & (r.top100["rank"] == 1)].iloc[0]
    assert all(top[f"driver_{n}_code"] for n in (1, 2, 3)) and top["best_countermeasure"] == ""
    assert list(r.top100.columns) == TOP100.names
    said.clear()
    exposure.run(config=Config(countermeasures=("fast-track-licences",)), progress=said.append)
    assert said[-1] == "대응책 효과 계산 중 (1개)"
    assert len(said) == exposure.pipeline.count_steps(Config(countermeasures=("fast-track-licences",)))


def test_a_demand_side_scenario_is_noted_not_valued():
    r = exposure.run(config=Config(scenarios=("2019-three-items", "export-retaliation"),
                                   countermeasures=("fast-track-licences",)))
    assert set(r.countermeasures["scenario"]) == {"2019-three-items"}
    assert set(r.countermeasure_sectors["scenario"]) == {"2019-three-items"}
    assert ("Counter-measures are not valued under the demand-side scenario 'export-retaliation': they act on "
            "imported supply, not on exports to the target.") in r.notes
    assert set(r.top100["scenario"]) == {"2019-three-items", "export-retaliation"}


def test_a_bad_counter_measure_file_fails_before_any_input_is_read(tmp_path, monkeypatch):
    import exposure.pipeline as pipeline

    monkeypatch.setattr(pipeline, "read_inputs", lambda *a, **k: pytest.fail("an input was read"))
    bad = tmp_path / "my-stock.toml"
    bad.write_text('name = "my-stock"\n[[measures]]\nkind = "stockpile"\ncodes = ["281111"]\nstock_days = -5\n',
                   encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^my-stock.toml: measure 1: stock_days must be ≥ 0 days, got -5$"):
        exposure.run(config=Config(countermeasures=(str(bad),)))
    with pytest.raises(ConfigError, match=r"^unknown counter-measure 'stock-90'; shipped counter-measures are: "):
        exposure.run(config=Config(countermeasures=("stock-90",)))
    with pytest.raises(ConfigError, match="are both named 'stockpile-90d'"):
        exposure.run(config=Config(countermeasures=("stockpile-90d", "stockpile-90d")))
