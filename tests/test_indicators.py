"""Product-level indicators (DESIGN §4), checked against numbers worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure.config import Config
from exposure.errors import DataError
from exposure.indicators import (
    NO_EXPORT_RATIO,
    calc_hhi,
    calc_import_export_ratio,
    calc_persistence,
    calc_share_band,
    calc_tsi,
    product_indicators,
)


def flows(rows, flow="M", reporter="KOR", system="HS6-2017"):
    """TradeFlows from (year, partner, code, value[, month]) tuples."""
    recs = []
    for r in rows:
        year, partner, code, value = r[:4]
        month = r[4] if len(r) > 4 else 0
        recs.append(dict(year=year, month=month, reporter=reporter, partner=partner, flow=flow, code=code,
                         code_system=system, value_usd=float(value), source="hand"))
    return pd.DataFrame(recs)


# Two HS6 products, worked by hand:
#  A 281111, 2018: JPN 90, CHN 6, UNK 4 → world 100, share 0.9, HHI .81+.0036+.0016 = .8152, 3 partners
#     2017: JPN 40 / CHN 60 (share .4), 2016: JPN 80 / CHN 20 (share .8)
#  B 370790, 2018: WLD 200 with JPN 100, USA 50 → the 50 not explained counts as one unknown
#     partner: share .5, HHI .25+.0625+.0625 = .375, 3 partners; absent in 2016 and 2017.
IMPORTS = flows([
    (2018, "JPN", "281111", 90), (2018, "CHN", "281111", 6), (2018, "UNK", "281111", 4),
    (2018, "WLD", "370790", 200), (2018, "JPN", "370790", 100), (2018, "USA", "370790", 50),
    (2017, "JPN", "281111", 40), (2017, "CHN", "281111", 60),
    (2016, "JPN", "281111", 80), (2016, "CHN", "281111", 20),
])
# Korea's exports: none of 281111 (another product holds the code length), 100 of 370790.
OWN = flows([(2018, "WLD", "370790", 100), (2018, "WLD", "999999", 7)], flow="X")
# World exports (BACI-like, exporter in the reporter column), 2018:
#  281111: JPN 300 (to two partners 200 + 100), CHN 100, KOR 100 → total 500,
#          HHI .36 + .04 + .04 = .44, Japan's share .6
#  370790: JPN has a WLD row 80 *and* partner rows 50 + 30 (must not be added twice), USA 20
#          → total 100, HHI .64 + .04 = .68, Japan's share .8
WORLD_X = pd.concat([
    flows([(2018, "USA", "281111", 200), (2018, "CHN", "281111", 100), (2018, "WLD", "370790", 80),
           (2018, "USA", "370790", 50), (2018, "CHN", "370790", 30)], flow="X", reporter="JPN"),
    flows([(2018, "KOR", "281111", 100)], flow="X", reporter="CHN"),
    flows([(2018, "JPN", "281111", 100)], flow="X", reporter="KOR"),
    flows([(2018, "KOR", "370790", 20)], flow="X", reporter="USA"),
], ignore_index=True)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return product_indicators(IMPORTS, Config(), world_exports=WORLD_X, own_exports=OWN)


def row(t: pd.DataFrame, year: int, code: str) -> pd.Series:
    sel = t[(t["year"] == year) & (t["code"] == code)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_shares_bands_and_hhi_by_hand(table):
    a = row(table, 2018, "281111")
    assert a["import_usd"] == 100 and a["target_import_usd"] == 90
    assert a["target_share"] == pytest.approx(0.9)
    assert a["share_band"] == "≥90%"
    assert a["import_hhi"] == pytest.approx(0.8152)
    assert a["n_partners"] == 3
    assert bool(a["hhi_concentrated"]) is True
    b = row(table, 2018, "370790")
    assert b["import_usd"] == 200  # the WLD row, not WLD + partners
    assert b["target_share"] == pytest.approx(0.5)
    assert b["share_band"] == "≥50%"
    assert b["import_hhi"] == pytest.approx(0.375)
    assert b["n_partners"] == 3
    assert bool(b["hhi_concentrated"]) is False
    assert row(table, 2017, "281111")["share_band"] == "<50%"
    assert row(table, 2016, "281111")["share_band"] == "≥80%"


def test_world_export_indicators_by_hand(table):
    a = row(table, 2018, "281111")
    assert a["world_export_usd"] == 500
    assert a["world_export_hhi"] == pytest.approx(0.44)
    assert a["target_world_share"] == pytest.approx(0.6)
    b = row(table, 2018, "370790")
    assert b["world_export_usd"] == 100
    assert b["world_export_hhi"] == pytest.approx(0.68)
    assert b["target_world_share"] == pytest.approx(0.8)
    old = row(table, 2017, "281111")
    assert np.isnan(old["world_export_hhi"])
    assert "world export data have no rows for this year" in old["reasons"]


def test_ratio_and_tsi_by_hand(table):
    a = row(table, 2018, "281111")
    assert a["export_usd"] == 0
    assert a["import_export_ratio"] == NO_EXPORT_RATIO == 9999
    assert a["tsi"] == pytest.approx(-1.0)
    b = row(table, 2018, "370790")
    assert b["import_export_ratio"] == pytest.approx(2.0)
    assert b["tsi"] == pytest.approx((100 - 200) / 300)
    assert np.isnan(row(table, 2017, "281111")["import_export_ratio"])


def test_persistence_and_geodep(table):
    # 281111: dependent (share ≥ 50 %) in 2016 and 2018, not 2017 → 2 of the last 3 years
    assert bool(row(table, 2018, "281111")["persistent"]) is True
    # 2016 and 2017 lack earlier years that could still decide the question
    assert pd.isna(row(table, 2017, "281111")["persistent"])
    assert pd.isna(row(table, 2016, "281111")["persistent"])
    assert "persistence needs" in row(table, 2016, "281111")["reasons"]
    # 370790 was not imported in 2016–2017 (years the data cover): 1 of 3
    assert bool(row(table, 2018, "370790")["persistent"]) is False
    # GeoDep: HHI .8152 > .4, world HHI .44 > .4, ratio 9999 > 1, persistent
    assert bool(row(table, 2018, "281111")["geodep_dependent"]) is True
    assert bool(row(table, 2018, "370790")["geodep_dependent"]) is False  # HHI .375
    assert pd.isna(row(table, 2017, "281111")["geodep_dependent"])


def test_missing_inputs_are_nan_with_reason_never_zero():
    t = product_indicators(IMPORTS, Config())
    for col in ("world_export_hhi", "target_world_share", "import_export_ratio", "tsi"):
        assert t[col].isna().all(), col
    assert t["geodep_dependent"].isna().all()
    assert t["reasons"].str.contains("no world export data given").all()
    assert t["reasons"].str.contains("no export data of KOR given").all()


def test_target_is_a_parameter():
    chn = product_indicators(IMPORTS, Config(target="CHN"))
    assert row(chn, 2018, "281111")["target_share"] == pytest.approx(0.06)
    assert row(chn, 2018, "370790")["target_share"] == 0.0
    assert row(chn, 2018, "370790")["share_band"] == "<50%"
    usa = product_indicators(IMPORTS, Config(target="USA"))
    assert row(usa, 2018, "370790")["target_share"] == pytest.approx(0.25)
    # HHI does not depend on the target
    assert row(usa, 2018, "281111")["import_hhi"] == pytest.approx(0.8152)


def test_one_partner_extract_has_no_share_but_keeps_target_imports():
    # like the Comtrade "Korea imports from Japan" file: only partner JPN
    t = product_indicators(flows([(2018, "JPN", "281111", 73.0), (2018, "JPN", "370790", 398.0)]), Config())
    assert t["target_import_usd"].tolist() == [73.0, 398.0]
    assert t["target_share"].isna().all() and t["import_hhi"].isna().all() and t["import_usd"].isna().all()
    assert t["share_band"].isna().all()
    assert t["reasons"].str.contains("only one partner").all()
    assert t["reasons"].str.contains("target share cannot be computed").all()
    other = product_indicators(flows([(2018, "CHN", "281111", 5.0)]), Config())
    assert other["target_import_usd"].isna().all()
    assert other["reasons"].str.contains("no rows for the target JPN").all()


def test_monthly_rows_are_summed_and_annual_rows_win():
    rows = [(2019, "JPN", "2811111000", 10, m) for m in range(1, 13)] + \
        [(2019, "CHN", "2811111000", 5, m) for m in range(1, 13)] + \
        [(2019, "CHN", "2811111000", 100, 0)]  # an annual row for CHN: the monthly CHN rows are not added
    t = product_indicators(flows(rows, system="HSK10"), Config())
    assert t["code"].tolist() == ["2811111000"]
    assert t["target_import_usd"].iloc[0] == 120
    assert t["import_usd"].iloc[0] == 220
    # the twelve CHN months (60) left out are not left out silently (the loaders refuse such a file)
    assert "annual and monthly rows for the same partner: the monthly rows were left out" in t["reasons"].iloc[0]
    assert "of 12 months" not in t["reasons"].iloc[0]


def test_a_year_of_part_of_its_months_is_the_sum_of_those_months_and_says_so():
    # 2019: January–March only, JPN 10 + 20 + 30 = 60 of 60 + 3 × 20 = 120: share 0.5, not annualised;
    # 2018 has all twelve months (JPN 5 a month, CHN 5 a month): no note
    rows = [(2019, "JPN", "2811111000", v, m) for m, v in ((1, 10), (2, 20), (3, 30))] + \
        [(2019, "CHN", "2811111000", 20, m) for m in (1, 2, 3)] + \
        [(2018, p, "2811111000", 5, m) for p in ("JPN", "CHN") for m in range(1, 13)]
    t = product_indicators(flows(rows, system="HSK10"), Config()).set_index("year")
    assert t.loc[2019, "import_usd"] == 120 and t.loc[2019, "target_import_usd"] == 60
    assert t.loc[2019, "target_share"] == 0.5
    assert t.loc[2019, "reasons"].startswith("2019: only 3 of 12 months (01–03) in the imports: annual figures are "
                                             "the sum of those months")
    assert t.loc[2018, "import_usd"] == 120 and "of 12 months" not in t.loc[2018, "reasons"]


def test_hsk10_meets_hs6_world_exports_and_other_length_own_exports():
    imp = flows([(2018, "JPN", "2811111000", 60), (2018, "CHN", "2811111000", 40)], system="HSK10")
    t = product_indicators(imp, Config(), world_exports=WORLD_X, own_exports=OWN)
    assert t["world_export_hhi"].iloc[0] == pytest.approx(0.44)
    assert np.isnan(t["import_export_ratio"].iloc[0])
    assert "another length" in t["reasons"].iloc[0]


def test_share_band_edges_and_custom_bands():
    assert calc_share_band([0.7, 0.6999, 0.5, 0.4999, 1.0], (0.5, 0.7, 0.8, 0.9)) == \
        ["≥70%", "≥50%", "≥50%", "<50%", "≥90%"]
    assert calc_share_band([0.3 + 0.6], (0.9,)) == ["≥90%"]  # 0.8999999999999999 is the band edge
    t = product_indicators(IMPORTS, Config(share_bands=(0.6, 0.95)))
    assert row(t, 2018, "281111")["share_band"] == "≥60%"
    assert row(t, 2018, "370790")["share_band"] == "<60%"


def test_calc_functions_by_hand():
    assert calc_hhi(np.array([[1.0, 1.0, 1.0, 1.0], [5.0, 0.0, 0.0, 0.0]])).tolist() == [0.25, 1.0]
    assert np.isnan(calc_hhi(np.zeros(3)))
    assert calc_import_export_ratio(np.array([3.0]), np.array([0.0]))[0] == 9999
    assert calc_tsi(np.array([3.0]), np.array([1.0]))[0] == pytest.approx(0.5)
    # window 3, at least 2: T F T → T; F F T → F; unknowns decide nothing unless they cannot matter
    p = calc_persistence(np.array([[1, 0, 1], [0, 0, 1], [np.nan, 1, 1], [np.nan, 0, 1]], dtype=float), 3, 2)
    assert p[:, -1].tolist()[:3] == [1.0, 0.0, 1.0] and np.isnan(p[3, -1])


def test_bad_input_names_the_problem():
    with pytest.raises(DataError, match="value_usd"):
        product_indicators(IMPORTS.drop(columns="value_usd"), Config())
    with pytest.raises(DataError, match="no rows with flow M and reporter KOR"):
        product_indicators(IMPORTS.assign(reporter="JPN"), Config())


def test_input_not_mutated():
    before = IMPORTS.copy()
    product_indicators(IMPORTS, Config(), world_exports=WORLD_X, own_exports=OWN)
    pd.testing.assert_frame_equal(IMPORTS, before)


# --------------------------------------------------------------------------- properties
PARTNERS = ["JPN", "CHN", "USA", "DEU", "UNK", "TWN"]
values = st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=len(PARTNERS),
                  max_size=len(PARTNERS))


@settings(max_examples=40, deadline=None)
@given(st.lists(values, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_shares_in_unit_interval_hhi_in_bounds_and_order_free(products, rnd):
    rows = [(2018, p, f"{k:06d}", v) for k, vals in enumerate(products) for p, v in zip(PARTNERS, vals)]
    imp = flows(rows)
    t = product_indicators(imp, Config())
    share = t["target_share"].dropna()
    assert ((share >= 0) & (share <= 1)).all()
    has = t["import_hhi"].notna()
    n = t.loc[has, "n_partners"]
    hhi = t.loc[has, "import_hhi"]
    assert (hhi <= 1 + 1e-12).all() and (hhi >= 1 / n - 1e-12).all()
    # a product with no imports at all has no HHI and no share, and says why
    zero = t["import_usd"] == 0
    assert t.loc[zero, "import_hhi"].isna().all() and t.loc[zero, "reasons"].str.contains("no imports").all()
    shuffled = imp.sample(frac=1.0, random_state=rnd.randint(0, 10**6)).reset_index(drop=True)
    t2 = product_indicators(shuffled, Config())
    pd.testing.assert_frame_equal(t, t2, check_exact=False, rtol=1e-12)


def test_partial_years_names_the_months_a_year_has():
    from exposure.indicators import partial_years

    rows = [(2018, m) for m in range(1, 13)] * 2 + [(2019, m) for m in (3, 1, 2, 7, 7)] + [(2017, 0), (2020, 0)]
    t = pd.DataFrame(rows, columns=["year", "month"])
    assert partial_years(t) == {2019: [1, 2, 3, 7]}
    assert partial_years(t[t["month"] == 0]) == {} and partial_years(t.drop(columns="month")) == {}
    # months as a text column, as some tables give them
    assert partial_years(t.astype({"month": str})) == {2019: [1, 2, 3, 7]}
