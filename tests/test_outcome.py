"""What happened next (exposure.outcome): covered products against the rest in a later year, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.outcome import outcome_by_product, outcome_summary

SHOCKS = pd.DataFrame({"code": ["281111", "370790", "848620"], "code_system": "HS6",
                       "coverage": [1.0, 0.5, 0.0], "shortfall_usd": [30.0, 10.0, 0.0],
                       "target_import_usd": [100.0, 200.0, 1000.0]})
LATER = pd.DataFrame({"code": ["281111", "370790", "848620", "999999"], "code_system": "HS6",
                      "value_usd": [40.0, 190.0, 900.0, 5.0]})


def test_each_product_before_and_after_with_the_predicted_fall_by_hand():
    t = outcome_by_product(SHOCKS, LATER).set_index("code")
    assert t.loc["281111", "change"] == pytest.approx(-0.6) and t.loc["281111", "predicted_fall"] == 0.3
    assert t.loc["370790", "change"] == pytest.approx(-0.05)
    # a product new in the later year has no change (nothing before) and no coverage
    assert np.isnan(t.loc["999999", "change"]) and t.loc["999999", "coverage"] == 0
    assert t["later_import_usd"].sum() == 1135.0  # every row of the later table is kept


def test_covered_against_the_rest_weighted_by_coverage_by_hand():
    s = outcome_summary(outcome_by_product(SHOCKS, LATER)).set_index("group")
    # covered: 281111 and 370790: (40 + 190)/(100 + 200) − 1; weighted: (40 + .5·190)/(100 + .5·200) − 1
    assert s.loc["covered", "products"] == 2 and s.loc["covered", "change"] == pytest.approx(230 / 300 - 1)
    assert s.loc["covered", "covered_change"] == pytest.approx(135 / 200 - 1)
    # the rest: 848620 and the new product: 905/1000 − 1
    assert s.loc["rest", "change"] == pytest.approx(905 / 1000 - 1)


def test_a_later_table_with_several_years_or_partners_is_refused():
    two_years = pd.concat([LATER.assign(year=2019), LATER.assign(year=2020)])
    with pytest.raises(DataError, match="must hold one year; it has year 2019, 2020: select it first"):
        outcome_by_product(SHOCKS, two_years)
    with pytest.raises(DataError, match="one partner"):
        outcome_by_product(SHOCKS, LATER.assign(partner=["JPN", "CHN", "JPN", "JPN"]))
    with pytest.raises(DataError, match="needs the column\\(s\\) value_usd"):
        outcome_by_product(SHOCKS, LATER.drop(columns="value_usd"))
