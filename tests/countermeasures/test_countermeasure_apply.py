"""Counter-measures on top of a scenario's shocks: hand-worked time profiles, combination rules, critical rows.

Time profile (DESIGN §6): lost days = max(0, G(min(H, D)) − b), G(t) = t − φt²/(2L) for t ≤ L and
(1 − φ)t + φL/2 after. With $365 a year from the target and c = 1 the covered flow is $1 a day, so
the shortfall in USD over the horizon equals the lost days.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from exposure.countermeasures import (
    APPLIED_COLUMN,
    adjust_critical,
    adjuster,
    apply_countermeasures,
    from_mapping,
    load,
)


def shocks(**cols) -> pd.DataFrame:
    base = {"scenario": "s", "code": ["2811111000"], "code_system": ["HSK10"], "coverage": [1.0], "phi": [0.5],
            "phi_source": ["config phi_default"], "buffer_days": [30.0], "lag_days": [180.0], "horizon_days": [180.0],
            "licence_delay_days": [np.nan], "lost_days": [105.0], "target_import_usd": [365.0],
            "shortfall_usd": [105.0], "shortfall_usd_per_year": [105.0 * 365 / 180], "rule": ["r"], "rule_no": [1]}
    base.update({k: v if isinstance(v, list) else [v] for k, v in cols.items()})
    n = max(len(v) for v in base.values() if isinstance(v, list))
    return pd.DataFrame({k: v * n if isinstance(v, list) and len(v) == 1 else v for k, v in base.items()})


def cm(*measures, name="cm"):
    return from_mapping({"name": name, "measures": [dict(m) for m in measures]})


def after(sh, *cms):
    return apply_countermeasures(sh, list(cms), record=True).iloc[0]


def test_more_stock_cuts_the_lost_days_by_hand():
    # b = 30 → 120 under L = H = 180, φ = .5: G(180) = 180 − .5·180²/360 = 135, so the lost days fall from
    # G(180) − 30 = 105 to max(0, 135 − 120) = 15; with 200 days of stock nothing is lost.
    r = after(shocks(), load("stockpile-90d"))
    assert r["buffer_days"] == 120 and r["lost_days"] == pytest.approx(15.0)
    assert r["shortfall_usd"] == pytest.approx(15.0) and r["shortfall_usd_per_year"] == pytest.approx(15 * 365 / 180)
    assert r[APPLIED_COLUMN] == "stockpile-90d"
    big = cm({"kind": "stockpile", "all": True, "stock_days": 170})
    assert after(shocks(), big)["lost_days"] == 0.0


def test_diversification_raises_phi_and_shortens_the_lag_by_hand():
    # φ .5 → .8, L = 180: G(180) = 180 − .8·90 = 108 → 78 days lost
    r = after(shocks(), cm({"kind": "diversify", "all": True, "phi": 0.8}))
    assert r["phi"] == 0.8 and r["lost_days"] == pytest.approx(78.0) and r["phi_source"] == "counter-measure"
    # L 180 → 90 (factor .5): G(180) = (1 − .5)·180 + .5·90/2 = 112.5 → 82.5
    r = after(shocks(), cm({"kind": "diversify", "all": True, "lag_factor": 0.5}))
    assert r["lag_days"] == 90 and r["lost_days"] == pytest.approx(82.5) and r["phi_source"] == "config phi_default"
    # both (the shipped diversify-chemicals on chapter 28): .2·180 + .8·90/2 = 72 → 42
    r = after(shocks(), load("diversify-chemicals"))
    assert (r["phi"], r["lag_days"], r["lost_days"]) == (0.8, 90.0, pytest.approx(42.0))
    # photoresist (chapter 37) is not selected
    assert after(shocks(code="3707901010"), load("diversify-chemicals"))["lost_days"] == 105.0


def test_localisation_cuts_the_covered_flow():
    # c = .914 (HF's HS6 coverage) and 30 % made at home: c' = .914·.7 = .6398; shortfall 365·.6398/365·105
    r = after(shocks(code="281111", coverage=0.914), load("localise-three-items"))
    assert r["coverage"] == pytest.approx(0.6398) and r["lost_days"] == 105.0
    assert r["shortfall_usd"] == pytest.approx(0.6398 * 105)


def test_fast_track_shortens_a_licence_delay_and_leaves_an_embargo_alone():
    # scenario D = 90, fast-track 30, b = 0: G(30) = 30 − .5·30²/360 = 28.75 days lost instead of G(90) = 78.75
    r = after(shocks(licence_delay_days=90.0, buffer_days=0.0), load("fast-track-licences"))
    assert r["licence_delay_days"] == 30 and r["lost_days"] == pytest.approx(28.75)
    # with the scenario's 30 days of stock nothing is lost: the stock lasts until licences resume
    assert after(shocks(licence_delay_days=90.0), load("fast-track-licences"))["lost_days"] == 0.0
    # no licence delay in the scenario (nothing resumes within the horizon): no review to shorten
    r = after(shocks(buffer_days=0.0), load("fast-track-licences"))
    assert np.isnan(r["licence_delay_days"]) and r["lost_days"] == pytest.approx(135.0)
    # an earlier day in the scenario holds
    assert after(shocks(licence_delay_days=20.0), load("fast-track-licences"))["licence_delay_days"] == 20


def test_a_counter_measure_never_makes_things_worse_than_the_scenario():
    r = after(shocks(), cm({"kind": "diversify", "all": True, "phi": 0.3, "lag_days": 240}))
    assert r["phi"] == 0.5 and r["lag_days"] == 180 and r["lost_days"] == 105.0
    assert after(shocks(licence_delay_days=10.0), load("fast-track-licences"))["licence_delay_days"] == 10
    r = after(shocks(phi=0.9), cm({"kind": "diversify", "all": True, "phi_add": 0.5}))
    assert r["phi"] == 1.0  # capped at 1


def test_measures_combine_by_the_stated_rules_in_any_order():
    parts = [cm({"kind": "stockpile", "all": True, "stock_days": 90}, name="a"),
             cm({"kind": "stockpile", "codes": ["2811111000"], "stock_days": 30},
                {"kind": "diversify", "all": True, "phi_add": 0.1, "lag_factor": 0.5}, name="b"),
             cm({"kind": "diversify", "all": True, "phi": 0.6, "lag_days": 60}, name="c"),
             cm({"kind": "diversify", "all": True, "phi_add": 0.2, "lag_factor": 0.5}, name="d"),
             cm({"kind": "localise", "all": True, "domestic_share": 0.3}, name="e"),
             cm({"kind": "localise", "prefixes": ["28"], "domestic_share": 0.5}, name="f"),
             cm({"kind": "fast_track", "all": True, "licence_delay_days": 120}, name="g"),
             cm({"kind": "fast_track", "all": True, "licence_delay_days": 100}, name="h")]
    sh = shocks(code=["2811111000", "3707901010"], licence_delay_days=180.0)
    first = apply_countermeasures(sh, parts, record=True)
    # stocks add: 30 + 90 + 30 (HF) / + 90 (photoresist); φ = max(min(1, .5 + .1 + .2), .6) = .8;
    # L = min(180 · .5 · .5, 60) = 45; c = 1 · (1 − .3)(1 − .5) = .35 (HF, chapter 28) / .7; D = min(120, 100)
    assert first["buffer_days"].tolist() == [150.0, 120.0]
    assert first["phi"].tolist() == pytest.approx([0.8, 0.8]) and first["lag_days"].tolist() == [45.0, 45.0]
    assert first["coverage"].tolist() == pytest.approx([0.35, 0.7])
    assert first["licence_delay_days"].tolist() == [100.0, 100.0]
    # G(100) with φ .8, L 45: .2·100 + .8·22.5 = 38 < 150 or 120 days of stock: nothing lost
    assert first["lost_days"].tolist() == [0.0, 0.0]
    assert first[APPLIED_COLUMN].iloc[1] == "a; b; c; d; e; g; h"
    cols = ["buffer_days", "phi", "lag_days", "coverage", "licence_delay_days", "lost_days", "shortfall_usd"]
    for order in itertools.islice(itertools.permutations(parts), 0, 40000, 997):
        pd.testing.assert_frame_equal(apply_countermeasures(sh, list(order))[cols], first[cols])


def test_several_stockpiles_and_shares_by_hand():
    two = [load("localise-three-items"), cm({"kind": "localise", "all": True, "domestic_share": 0.3}, name="more")]
    assert after(shocks(), *two)["coverage"] == pytest.approx(0.49)  # 1 − (1 − .3)(1 − .3) = 51 % made at home


def test_inputs_are_not_changed_and_no_measure_changes_nothing():
    sh = shocks(code=["2811111000", "999999"])
    before = sh.copy()
    out = apply_countermeasures(sh, [load("stockpile-90d"), load("localise-three-items")], record=True)
    pd.testing.assert_frame_equal(sh, before)
    assert out.loc[1, "buffer_days"] == 30 and out.loc[1, APPLIED_COLUMN] == ""  # 999999 not selected
    pd.testing.assert_frame_equal(apply_countermeasures(sh, []), sh)
    adjusted = adjuster([load("stockpile-90d")])(sh)  # what run_scenario gets: the shocks' own columns
    assert list(adjusted.columns) == list(sh.columns) and adjusted.loc[0, "buffer_days"] == 120


def test_critical_rows_with_their_own_stock_get_the_stockpile():
    crit = pd.DataFrame({"code": ["2811111000", "2811111000", "3707901010", "848620"], "sector": "D26",
                         "stock_days": [10.0, np.nan, 5.0, 7.0], "supply_usd": 1.0})
    before = crit.copy()
    out = adjust_critical(crit, [load("stockpile-90d"), load("localise-three-items")])
    # own stock days + 90; NaN (the product's b, raised in the shocks) stays NaN; other products and the
    # supply (localisation swaps imports for domestic output) unchanged
    assert out["stock_days"].tolist()[::2] == [100.0, 95.0] and np.isnan(out["stock_days"].iloc[1])
    assert out["stock_days"].iloc[3] == 7.0 and out["supply_usd"].eq(1.0).all()
    pd.testing.assert_frame_equal(crit, before)
    assert adjust_critical(None, [load("stockpile-90d")]) is None
