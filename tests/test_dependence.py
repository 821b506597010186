"""Dependence counts: products and values ≥ 50 % / ≥ 90 % from the target, overall and by sector (fractional),
per code system; a one-partner table says it cannot be counted (the HRI figure needs all-partner imports)."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from exposure.config import Config
from exposure.dependence import COLUMNS, TEXTS, UNALLOCATED, calc_counts, dependence_counts, explain
from exposure.errors import ConfigError, DataError
from exposure.indicators import product_indicators

# Worked example, 2018, USD (M = imports from all partners, T = imports from Japan, s = T / M):
#   281111 M 100  T 95   s .95  D20          370790 M 200 T 186 s .93 D20
#   848620 M 1000 T 600  s .60  D28          392099 M 50  T 10  s .20 D22
#   999999 M 10   T 9    s .90  (no sector)  854232 M 400 T 240 s .60 D26 0.75 / D28 0.25
#   010619 M 5    T 0    (not from Japan)
# ≥ 50 %: 281111, 370790, 848620, 999999, 854232 → 5 products, T 1,130, M 1,710
# ≥ 90 %: 281111, 370790, 999999 → 3 products, T 290, M 310; base: 6 products from Japan, T 1,140
# by sector, ≥ 50 %: D20 2 (T 281), D28 1 + 0.25 (T 600 + 60), D26 0.75 (T 180), D22 0, UNALLOCATED 1 (T 9)
# HSK10 rows are counted apart: 3707901010 s .932, 2811111000 s .419 → ≥ 50 %: 1, ≥ 90 %: 1
PRODUCTS = pd.DataFrame({
    "year": 2018,
    "code": ["281111", "370790", "848620", "392099", "999999", "854232", "010619", "3707901010", "2811111000"],
    "code_system": ["HS6-2017"] * 7 + ["HSK10"] * 2,
    "import_usd": [100.0, 200.0, 1000.0, 50.0, 10.0, 400.0, 5.0, 100.0, 100.0],
    "target_import_usd": [95.0, 186.0, 600.0, 10.0, 9.0, 240.0, 0.0, 93.2, 41.9],
})
PRODUCTS["target_share"] = PRODUCTS["target_import_usd"] / PRODUCTS["import_usd"]
CONC = pd.DataFrame({"from_code": ["281111", "370790", "848620", "392099", "854232", "854232"],
                     "to_code": ["D20", "D20", "D28", "D22", "D26", "D28"],
                     "weight": [1.0, 1.0, 1.0, 1.0, 0.75, 0.25]})


@pytest.fixture(scope="module")
def counts():
    return dependence_counts(PRODUCTS, concordance=CONC)


def _row(counts, system, sector, tau):
    r = counts[(counts.code_system == system) & (counts.sector == sector) & (counts.threshold == tau)]
    assert len(r) == 1
    return r.iloc[0]


def test_totals_by_hand(counts):
    assert list(counts.columns) == COLUMNS
    a50, a90 = _row(counts, "HS6-2017", "ALL", 0.5), _row(counts, "HS6-2017", "ALL", 0.9)
    assert a50[["n_products", "target_import_usd", "import_usd"]].tolist() == [5, 1130, 1710]
    assert a90[["n_products", "target_import_usd", "import_usd"]].tolist() == [3, 290, 310]
    assert a50[["n_from_target", "from_target_import_usd"]].tolist() == [6, 1140]
    assert a90["target_import_share"] == pytest.approx(290 / 1140)
    assert a50["scope"] == "total" and a50["note"] == ""


def test_a_product_split_over_sectors_counts_by_its_weights(counts):
    d28 = _row(counts, "HS6-2017", "D28", 0.5)
    assert d28[["n_products", "n_touching", "target_import_usd", "import_usd"]].tolist() == [1.25, 2, 660, 1100]
    d26 = _row(counts, "HS6-2017", "D26", 0.5)
    assert d26[["n_products", "n_touching", "target_import_usd"]].tolist() == [0.75, 1, 180]
    assert _row(counts, "HS6-2017", "D20", 0.5)[["n_products", "target_import_usd"]].tolist() == [2, 281]
    assert _row(counts, "HS6-2017", "D22", 0.5)[["n_products", "n_from_target"]].tolist() == [0, 1]
    none = _row(counts, "HS6-2017", UNALLOCATED, 0.9)
    assert none[["n_products", "target_import_usd", "note"]].tolist() == [1, 9, "no_sector"]


@pytest.mark.parametrize("tau", [0.5, 0.9])
def test_sector_rows_add_up_to_the_total_row(counts, tau):
    hs6 = counts[(counts.code_system == "HS6-2017") & (counts.threshold == tau)]
    total = hs6[hs6.scope == "total"].iloc[0]
    sectors = hs6[hs6.scope == "sector"]
    for col in ("n_products", "target_import_usd", "import_usd", "n_from_target", "from_target_import_usd"):
        assert sectors[col].sum() == pytest.approx(total[col])


def test_each_code_system_is_counted_apart(counts):
    k50, k90 = _row(counts, "HSK10", "ALL", 0.5), _row(counts, "HSK10", "ALL", 0.9)
    assert k50[["n_products", "target_import_usd", "n_from_target"]].tolist() == [1, 93.2, 2]
    assert k90["n_products"] == 1
    # an HSK10 line takes the sector of its first six digits
    assert _row(counts, "HSK10", "D20", 0.9)["n_products"] == 1


def test_hsk10_lines_are_also_counted_by_hs6_subheading():
    # 281111: 2811111000 M 100 T 95 and 2811119000 M 50 T 0 → s = 95 / 150 = .633 (≥ 50 %, < 90 %)
    # 370790: 3707901010 M 10 T 9.5 and 3707909000 M 10 T 0.4 → s = 9.9 / 20 = .495 (under 50 %)
    # line by line: 2811111000 (.95) and 3707901010 (.95) reach 90 %; by subheading none does
    p = pd.DataFrame({"year": 2019, "code": ["2811111000", "2811119000", "3707901010", "3707909000"],
                      "code_system": "HSK10", "import_usd": [100.0, 50.0, 10.0, 10.0],
                      "target_import_usd": [95.0, 0.0, 9.5, 0.4]})
    p["target_share"] = p["target_import_usd"] / p["import_usd"]
    c = dependence_counts(p, concordance=None)
    assert _row(c, "HSK10", "ALL", 0.9)["n_products"] == 2
    r50, r90 = _row(c, "HSK10→HS6", "ALL", 0.5), _row(c, "HSK10→HS6", "ALL", 0.9)
    assert r50[["n_products", "target_import_usd", "import_usd", "n_from_target"]].tolist() == [1, 95.0, 150.0, 2]
    assert r50["from_target_import_usd"] == pytest.approx(104.9)
    assert r90["n_products"] == 0
    # a subheading one of whose lines has no known total has no known share
    p.loc[1, "import_usd"] = np.nan
    c = dependence_counts(p.assign(target_share=p["target_import_usd"] / p["import_usd"]), concordance=None)
    assert _row(c, "HSK10→HS6", "ALL", 0.5)["n_products"] == 0
    assert _row(c, "HSK10→HS6", "ALL", 0.5)["n_share_unknown"] == 1


def test_shipped_concordance_and_thresholds_as_parameters():
    c = dependence_counts(PRODUCTS, thresholds=(0.6, 0.8))
    assert sorted(set(c.threshold)) == [0.6, 0.8]
    assert _row(c, "HS6-2017", "ALL", 0.6)["n_products"] == 5  # s = 0.6 exactly counts at 60 %
    assert _row(c, "HS6-2017", "D20T21", 0.8)["n_products"] == 2  # 281111, 370790 (HS6 → OECD36)
    assert _row(c, "HS6-2017", "D28", 0.6)["n_products"] == 1  # 848620 (854232 is D26 in the shipped table)
    assert _row(c, "HS6-2017", UNALLOCATED, 0.8)["n_products"] == 1  # 999999: no producing sector
    totals = dependence_counts(PRODUCTS, concordance=None)
    assert set(totals.scope) == {"total"} and len(totals) == 6  # HS6-2017, HSK10 and HSK10→HS6 at 2 thresholds
    with pytest.raises(ConfigError, match="thresholds"):
        dependence_counts(PRODUCTS, thresholds=(50, 90))
    with pytest.raises(DataError, match="target_share"):
        dependence_counts(PRODUCTS.drop(columns="target_share"))


def test_from_a_multi_partner_trade_table():
    flows = pd.DataFrame({
        "year": 2018, "month": 0, "reporter": "KOR", "flow": "M", "code_system": "HS6-2017", "source": "x",
        "partner": ["JPN", "CHN", "JPN", "USA", "CHN"],
        "code": ["281111", "281111", "370790", "370790", "392099"],
        "value_usd": [45.0, 55.0, 93.0, 7.0, 10.0],
    })
    c = dependence_counts(product_indicators(flows, Config()), concordance=None)
    assert c[["threshold", "n_products", "target_import_usd", "n_from_target", "from_target_import_usd"]
             ].values.tolist() == [[0.5, 1, 93, 2, 138], [0.9, 1, 93, 2, 138]]


def test_imports_from_one_partner_only_are_not_counted_and_the_note_says_so():
    only_japan = pd.DataFrame({"year": 2018, "month": 0, "reporter": "KOR", "partner": "JPN", "flow": "M",
                               "code": ["281111", "370790"], "code_system": "HS6-2017",
                               "value_usd": [73.0, 398.0], "source": "KJimport.csv"})
    c = dependence_counts(product_indicators(only_japan, Config()), lang="en")
    assert c["n_products"].isna().all() and c["target_import_usd"].isna().all()
    assert (c["note"].str.split(";").str[0] == "no_target_share").all()
    assert c["note_text"].str.contains("imports from all partners").all()
    total = c[c.scope == "total"].iloc[0]
    assert total[["n_from_target", "from_target_import_usd", "n_share_unknown"]].tolist() == [2, 471, 2]


def test_some_shares_unknown_are_left_out_and_named():
    p = PRODUCTS.copy()
    p.loc[p.code == "848620", "target_share"] = np.nan
    row = _row(dependence_counts(p, concordance=None), "HS6-2017", "ALL", 0.5)
    assert row[["n_products", "n_share_unknown", "note"]].tolist() == [4, 1, "some_share_unknown"]


def test_calc_counts_and_texts_and_module_examples():
    c = calc_counts(np.array([0.9 - 1e-13, np.nan]), np.array([9.0, 1.0]), np.array([10.0, 1.0]),
                    np.array([1.0, 1.0]), np.array([0, 0]), 1, 0.9)
    assert c["n_products"].tolist() == [1.0]  # a ratio a hair under the threshold still counts
    assert all(t["ko"] and t["en"] for t in TEXTS.values())
    assert explain("no_target_share", "ko").startswith("모든 품목")


# --------------------------------------------------------------------------- real data
@pytest.mark.shared_data
def test_kjimport2018_cannot_reproduce_the_hri_counts_and_says_so(shared_data):
    # HRI: 253 products ≥ 50 % and 48 ≥ 90 % on Comtrade HS6 2018 — counts need Korea's imports from every
    # partner; the shared file has Japan only. The base is the published one: 4,226 products, $54,603 million.
    from exposure.io.comtrade import load_comtrade

    imports, _ = load_comtrade(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv")
    c = dependence_counts(product_indicators(imports, Config()))
    total = c[c.scope == "total"]
    assert total["threshold"].tolist() == [0.5, 0.9]
    assert total["n_products"].isna().all() and (total["note"] == "no_target_share").all()
    assert (total["n_from_target"] == 4226).all() and (total["from_target_import_usd"] == 54_603_331_337).all()
    sectors = c[(c.scope == "sector") & (c.threshold == 0.5)]
    assert sectors["n_from_target"].sum() == pytest.approx(4226)
    assert sectors["from_target_import_usd"].sum() == pytest.approx(54_603_331_337)
    assert sectors.set_index("sector").loc["D28", "from_target_import_usd"] >= 3_842_183_590  # 848620 fab equipment


@pytest.mark.shared_data
def test_hsk10_items_of_2018_from_the_customs_monthly_file(shared_data):
    # KITA 2018 shares: HF 2811111000 41.9 %, photoresist 3707901010 93.2 %, wafers 3818001000 52.8 %
    from exposure.io import load

    table, _ = load(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx")
    p = product_indicators(table, Config())
    p = p[(p.year == 2018) & p.code.isin(["2811111000", "3707901010", "3818001000"])]
    c = dependence_counts(p, concordance=None)
    assert set(c["code_system"]) == {"HSK10", "HSK10→HS6"}
    # one line under each of the three subheadings here: by subheading the same counts
    rolled = c[c.code_system == "HSK10→HS6"].set_index("threshold")
    c = c[c.code_system == "HSK10"].set_index("threshold")
    assert rolled[["n_products", "target_import_usd"]].equals(c[["n_products", "target_import_usd"]])
    assert c.loc[0.5, "n_products"] == 2 and c.loc[0.9, "n_products"] == 1
    assert c.loc[0.9, "target_import_usd"] == 298_890_877  # Korea's photoresist imports from Japan, 2018
    assert c.loc[0.5, "n_from_target"] == 3
