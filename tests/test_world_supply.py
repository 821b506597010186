"""World supply reduction: Σ X, Σ X² and the target's exports per (year, HS6), by hand and both code paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.config import Config
from exposure.errors import DataError
from exposure.indicators import _world_supply_by_groupby, product_indicators, world_supply


def _world(categorical: bool = False) -> pd.DataFrame:
    # JPN exports 6 of 281111 (to KOR 4, CHN 2), USA 2, DEU 2 → total 10, HHI (36+4+4)/100 = 0.44, JPN share 0.6
    x = pd.DataFrame({
        "year": [2018] * 5 + [2019],
        "reporter": ["JPN", "JPN", "USA", "DEU", "JPN", "JPN"],
        "partner": ["KOR", "CHN", "KOR", "KOR", "KOR", "KOR"],
        "flow": "X",
        "code": ["281111", "281111", "281111", "281111", "370790", "281111"],
        "code_system": "HS6", "value_usd": [4.0, 2.0, 2.0, 2.0, 5.0, 7.0], "source": "baci.csv",
    })
    if categorical:
        x = x.astype({"reporter": "category", "partner": "category", "code": "category"})
    return x


@pytest.mark.parametrize("categorical", [False, True])
def test_by_hand(categorical):
    s = world_supply(_world(categorical), "JPN").set_index(["year", "hs6"])
    assert s.loc[(2018, "281111")].tolist() == [10.0, 44.0, 6.0]
    assert s.loc[(2018, "370790")].tolist() == [5.0, 25.0, 5.0]
    assert s.loc[(2019, "281111")].tolist() == [7.0, 49.0, 7.0]
    assert len(s) == 3  # only (year, hs6) pairs that occur


def test_fast_path_equals_groupby_path():
    rng = np.random.default_rng(0)
    n = 5_000
    x = pd.DataFrame({"year": rng.choice([2017, 2018], n), "reporter": rng.choice(["JPN", "USA", "CHN", "DEU"], n),
                      "partner": rng.choice(["KOR", "FRA"], n), "flow": "X",
                      "code": rng.choice([f"{i:06d}" for i in range(10100, 10160)], n), "code_system": "HS6",
                      "value_usd": rng.lognormal(10, 2, n), "source": "x"})
    fast = world_supply(x.astype({"code": "category", "reporter": "category"}), "JPN")
    slow = _world_supply_by_groupby(x, "JPN")
    pd.testing.assert_frame_equal(fast.sort_values(["year", "hs6"]).reset_index(drop=True),
                                  slow.sort_values(["year", "hs6"]).reset_index(drop=True), check_dtype=False)


def test_indicators_from_flows_or_from_the_reduction_agree():
    imports = pd.DataFrame({"year": 2018, "month": 0, "reporter": "KOR", "partner": ["JPN", "CHN"], "flow": "M",
                            "code": "2811111000", "code_system": "HSK10", "value_usd": [3.0, 1.0], "source": "m"})
    a = product_indicators(imports, Config(), world_exports=_world())
    b = product_indicators(imports, Config(), world_exports=world_supply(_world(), "JPN"))
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[0, "world_export_hhi"] == pytest.approx(0.44)
    assert a.loc[0, "target_world_share"] == pytest.approx(0.6)


def test_same_year_in_two_files_is_an_error():
    one = world_supply(_world(), "JPN")
    imports = pd.DataFrame({"year": 2018, "month": 0, "reporter": "KOR", "partner": ["JPN"], "flow": "M",
                            "code": "281111", "code_system": "HS6", "value_usd": [3.0], "source": "m"})
    with pytest.raises(DataError, match="year 2018 appears in more than one world export file"):
        product_indicators(imports, Config(), world_exports=pd.concat([one, one]))


def test_a_world_export_table_needs_exports_of_more_than_one_country():
    from pathlib import Path

    from exposure.intake import check_world_table

    def table(reporters, flows):
        return pd.DataFrame({"reporter": pd.Categorical(reporters), "flow": pd.Categorical(flows),
                             "value_usd": [1.0] * len(reporters)})

    check_world_table(table(["JPN", "CHN", "JPN"], ["X", "X", "X"]), Path("w.csv"))  # two exporters: a world table
    with pytest.raises(DataError, match=r"^w.csv: the world export table holds the exports of one country only \(KOR\)"):
        check_world_table(table(["KOR", "KOR", "JPN"], ["X", "X", "M"]), Path("w.csv"))  # JPN only imports
    with pytest.raises(DataError, match=r"^w.csv: the world export table has no export rows \(flow X\)"):
        check_world_table(table(["KOR", "JPN"], ["M", "M"]), Path("w.csv"))
    plain = pd.DataFrame({"reporter": ["KOR", "KOR"], "flow": ["X", "X"]})  # not categorical: counted alike
    with pytest.raises(DataError, match=r"one country only \(KOR\)"):
        check_world_table(plain, Path("w.csv"))
