"""The top-100 items view on the hand-made two-sector economy (see test_countermeasure_value.py).

A year with every import from Japan lost: first-round rates by product r = s·A^M with HF s = [.5, 0] and
photoresist s = [0, .625]: r_HF = [.025, .025], r_PR = [0, .0125]; with no cap each product's exposure
is r·L^D, L^D = [[.95, .25], [.2, .85]] / .7575: δ_HF = [.02875, .0275]/.7575, δ_PR = [.0025, .010625]/.7575.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from exposure.countermeasures import COLUMNS, DRIVER_COLUMNS, item_drivers, top100_view, value_countermeasures
from tests.countermeasures.test_countermeasure_value import cm, inputs
from tests.test_scoring import YEAR

D_HF = np.array([0.02875, 0.0275]) / 0.7575
D_PR = np.array([0.0025, 0.010625]) / 0.7575
ITEMS = pd.DataFrame({"year": 2019, "rank": [1, 2, 3, 4], "item_code": ["831", "8321", "999", "741"],
                      "code_system": "MTI3", "item_name_ko": ["반도체", "평판", "?", "자동차"],
                      "export_usd": [1000.0, 200.0, 5.0, 50.0], "sector": ["", "", "", "S1"]})
MTI = pd.DataFrame({"from_code": ["831", "832", "832"], "to_code": ["S2", "S1", "S2"], "weight": [1.0, 0.5, 0.5]})
HF_LOCAL = cm("hf-local", {"kind": "localise", "codes": ["281111"], "domestic_share": 0.2})
PR_LOCAL = cm("pr-local", {"kind": "localise", "codes": ["370790"], "domestic_share": 1.0})


def ri():
    return replace(inputs(), export_items=ITEMS, mti_concordance=MTI)


def test_drivers_of_each_item_by_hand():
    res = ri().run(YEAR)
    d = item_drivers(ITEMS, res, MTI, n=None)
    assert list(d.columns) == DRIVER_COLUMNS
    by = d.set_index(["item_code", "code"])
    # 831 is S2: exports 1000 × δ_k(S2)
    assert by.loc[("831", "281111"), "contribution_usd"] == pytest.approx(1000 * D_HF[1])
    assert by.loc[("831", "370790"), "contribution_usd"] == pytest.approx(1000 * D_PR[1])
    assert by.loc[("831", "281111"), "driver_rank"] == 1 and by.loc[("831", "370790"), "driver_rank"] == 2
    # 8321 is half S1, half S2 (via MTI 832)
    assert by.loc[("8321", "370790"), "contribution_usd"] == pytest.approx(200 * 0.5 * (D_PR[0] + D_PR[1]))
    # the drivers of an item add up to its export value at risk: shares sum to 1
    np.testing.assert_allclose(d.groupby("item_code")["share_of_item"].sum().loc[["831", "8321", "741"]], 1.0)
    assert "999" not in set(d["item_code"])  # no sector: no driver
    assert by.loc[("831", "281111"), "product_name_ko"] == "불화수소(플루오르화수소)"  # the shipped tables' name
    assert by.loc[("831", "281111"), "name"] == "hydrogen fluoride"  # the input file's
    assert len(item_drivers(ITEMS, res, MTI, n=1)) == 3


def test_the_view_lists_risk_drivers_and_the_best_remedy_by_hand():
    run = ri()
    v = value_countermeasures(run, YEAR, [HF_LOCAL, PR_LOCAL])
    view = top100_view(ITEMS, [v.runs["baseline"]], MTI, [v]).set_index("item_code")
    assert set(view.columns) <= set(COLUMNS)
    e = D_HF + D_PR
    assert view.loc["831", "export_at_risk_usd"] == pytest.approx(1000 * e[1])
    assert view.loc["831", "export_at_risk_low_usd"] == view.loc["831", "export_at_risk_high_usd"]  # no critical
    assert view.loc["8321", "item_sme_share"] == pytest.approx(0.5 * 0.8 + 0.5 * 0.1)
    assert np.isnan(view.loc["999", "item_sme_share"])
    assert view.loc["831", "driver_1_code"] == "281111" and view.loc["831", "driver_2_code"] == "370790"
    assert view.loc["831", "driver_3_code"] == "" and np.isnan(view.loc["831", "driver_3_export_at_risk_usd"])
    # S2 (831): photoresist made at home removes δ_PR(S2) = .0140 > HF's .2 · δ_HF(S2) = .0073; S1 (741): HF's
    # .2 · δ_HF(S1) = .0076 > δ_PR(S1) = .0033
    assert view.loc["831", "best_countermeasure"] == "pr-local"
    assert view.loc["831", "best_removed_usd"] == pytest.approx(1000 * D_PR[1] * 0.1)  # SME share of S2: .1
    assert view.loc["831", "best_removed_share"] == pytest.approx(D_PR[1] / e[1])
    assert view.loc["741", "best_countermeasure"] == "hf-local"
    assert view.loc["741", "best_countermeasure_name_en"] == "hf-local"
    assert view.loc["999", "best_countermeasure"] == "" and "not in the MTI" in view.loc["999", "no_data_reason"]
    assert view.loc["831", "item_name_en"] == "Semiconductors"  # blank in the file: the shipped MTI name
    assert view.loc["8321", "item_name_en"] == ""  # a sub-item keeps only its own name
    assert (view["scenario"] == "hand").all() and (view["horizon_days"] == 365).all()
    # without valuations the remedy columns are empty
    plain = top100_view(ITEMS, [v.runs["baseline"]], MTI)
    assert (plain["best_countermeasure"] == "").all()


def test_every_column_of_the_returned_tables_is_in_the_dictionary():
    v = value_countermeasures(ri(), YEAR, [HF_LOCAL, PR_LOCAL])
    for table in (v.summary, v.by_sector, v.by_item, item_drivers(ITEMS, v.runs["baseline"], MTI)):
        missing = [c for c in table.columns if c not in COLUMNS]
        assert not missing, missing
    for entry in COLUMNS.values():
        assert entry["ko"] and entry["en"] and entry["kind"]
