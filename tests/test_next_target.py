"""The next-target screen (KERI 2019): each criterion by hand, unknown criteria named, ranking, feeding sectors;
the screen and the Alternatives table on a generated BACI year; the real Comtrade file of imports from Japan."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure.alternatives import alternative_suppliers, world_exporters
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.indicators import product_indicators
from exposure.next_target import TEXTS, ScreenThresholds, calc_criteria, explain, next_targets

REPO = Path(__file__).resolve().parents[1]


def _flows(rows, flow="X", year=2018, system="HS6-2017"):
    r, p, c, v = zip(*rows)
    return pd.DataFrame({"year": year, "month": 0, "reporter": r, "partner": p, "flow": flow, "code": c,
                         "code_system": system, "value_usd": np.asarray(v, float), "source": "hand.csv"})


# World exports 2018 (USD). The part of Japan's exports going to Korea, c = X(JPN,k→KOR) / X(JPN,k):
# 281111: 30 / 100 = 0.3 (at the threshold: met); 370790: 90 / 100 = 0.9; 392099: 10 / 100 = 0.1.
# Korea's own exports in the world data: 281111 40, 392099 100.
WORLD = _flows([
    ("JPN", "KOR", "281111", 30), ("JPN", "CHN", "281111", 70), ("CHN", "USA", "281111", 50),
    ("KOR", "USA", "281111", 40),
    ("JPN", "KOR", "370790", 90), ("JPN", "TWN", "370790", 10), ("USA", "KOR", "370790", 5),
    ("JPN", "KOR", "392099", 10), ("JPN", "USA", "392099", 90), ("KOR", "CHN", "392099", 100),
])


def _products():
    # share s = target / import; own ratio o = own exports / imports (export_usd NaN: not in the own-export data)
    return pd.DataFrame({
        "year": 2018, "target": "JPN",
        "code": ["281111", "370790", "392099", "854232", "2811111000", "290511", "010619"],
        "code_system": ["HS6-2017"] * 4 + ["HSK10", "HS6-2017", "HS6-2017"],
        "import_usd": [100.0, 100.0, 50.0, 200.0, 60.0, 100.0, 10.0],
        "target_import_usd": [70.0, 90.0, 45.0, 180.0, 50.0, 69.0, 0.0],
        "export_usd": [np.nan, 5.0, np.nan, 20.0, np.nan, 1.0, 3.0],
    })


FEEDS = pd.DataFrame({"code": ["281111"] * 4 + ["370790"], "code_system": "HS6-2017",
                      "sector": ["D28", "D26", "D20T21", "D27", "D26"], "rate": [0.001, 0.02, 0.01, 0.005, 0.03]})


@pytest.fixture(scope="module")
def screen():
    return next_targets(_products(), world_exporters(WORLD, "JPN", "KOR"), FEEDS).set_index("code")


def test_each_criterion_by_hand(screen):
    s = screen
    assert s.loc["281111", ["target_share", "to_reporter_share", "own_export_ratio"]].tolist() == pytest.approx(
        [0.7, 0.3, 0.4])
    assert s.loc["281111", "own_export_source"] == "world_data"  # HS6: Korea's exports from the world data
    assert s.loc["281111", ["meets_high_share", "meets_low_cost", "meets_low_own_supply"]].tolist() == [True] * 3
    assert s.loc["370790", ["to_reporter_share", "own_export_ratio"]].tolist() == pytest.approx([0.9, 0.05])
    assert s.loc["370790", "own_export_source"] == "own_exports"
    assert s.loc["370790", ["meets_high_share", "meets_low_cost", "meets_low_own_supply"]].tolist() == [True, False, True]
    assert s.loc["392099", ["to_reporter_share", "own_export_ratio"]].tolist() == pytest.approx([0.1, 2.0])
    assert s.loc["392099", ["meets_high_share", "meets_low_cost", "meets_low_own_supply"]].tolist() == [True, True, False]
    assert s.loc["290511", "target_share"] == pytest.approx(0.69) and s.loc["290511", "meets_high_share"] == False  # noqa: E712


def test_candidates_undecided_and_failed_in_that_order_ranked_by_imports_from_the_target(screen):
    assert screen.index.tolist() == ["281111", "854232", "2811111000", "370790", "290511", "392099"]
    assert screen["candidate"].tolist() == [True, pd.NA, pd.NA, False, False, False]
    assert screen["rank"].tolist() == [1, pd.NA, pd.NA, pd.NA, pd.NA, pd.NA]
    assert screen.loc["281111", "criteria_met"] == "high_share;low_cost;low_own_supply"
    assert screen.loc["370790", ["criteria_met", "n_met"]].tolist() == ["high_share;low_own_supply", 2]
    assert "010619" not in screen.index  # nothing imported from the target: never at risk


def test_a_criterion_that_cannot_be_evaluated_is_nan_with_its_reason(screen):
    chip = screen.loc["854232"]  # not in the world data
    assert np.isnan(chip["to_reporter_share"]) and chip["meets_low_cost"] is pd.NA
    assert chip["criteria_unknown"] == "low_cost"
    assert "not_in_world_data" in chip["reason"] and "cost_unknown" in chip["reason"]
    hf = screen.loc["2811111000"]  # HSK10: the HS6 world data give c, but Korea's HS6 exports are not the line's
    assert hf["world_match"] == "hs6_prefix" and hf["to_reporter_share"] == pytest.approx(0.3)
    assert np.isnan(hf["own_export_usd"]) and hf["own_export_source"] == ""
    assert hf["criteria_unknown"] == "low_own_supply" and "own_exports_missing" in hf["reason"]


def test_without_world_data_no_product_is_a_candidate_and_the_screen_says_why():
    s = next_targets(_products(), lang="en").set_index("code")
    assert s["to_reporter_share"].isna().all() and s["meets_low_cost"].isna().all()
    assert (s["candidate"].isna() | (s["candidate"] == False)).all()  # noqa: E712
    assert s["rank"].isna().all()
    assert s["reason"].str.contains("no_world_data").all() and s["reason"].str.contains("cost_unknown").all()
    assert s.loc["370790", "criteria_met_text"] == ("high import share from the target; own exports small "
                                                    "against imports (little own supply)")
    assert "needs world export data" in s.loc["370790", "reason_text"]


def test_thresholds_are_parameters():
    tight = next_targets(_products(), world_exporters(WORLD, "JPN", "KOR"),
                         thresholds=ScreenThresholds(max_to_reporter_share=0.2)).set_index("code")
    assert tight.loc["281111", "meets_low_cost"] == False  # noqa: E712  (c = 0.3 > 0.2)
    loose = next_targets(_products(), world_exporters(WORLD, "JPN", "KOR"),
                         thresholds=ScreenThresholds(min_target_share=0.5, max_own_export_ratio=2.0)).set_index("code")
    assert loose.loc["392099", "candidate"] == True  # noqa: E712  (o = 2.0 at the threshold, c = 0.1)
    assert loose.loc[loose["candidate"] == True].index.tolist() == ["281111", "392099"]  # noqa: E712
    with pytest.raises(ConfigError, match="min_target_share"):
        ScreenThresholds(min_target_share=70)
    with pytest.raises(ConfigError, match="max_own_export_ratio"):
        ScreenThresholds(max_own_export_ratio=-1)


def test_calc_criteria_boundaries():
    got = calc_criteria(np.array([0.7, 0.7 - 1e-9, np.nan]), np.array([0.3, 0.3 + 1e-9, 0.0]),
                        np.array([0.5, 0.5 + 1e-9, np.nan]))
    assert got[0].tolist() == [1.0, 1.0, 1.0] and got[1].tolist() == [0.0, 0.0, 0.0]
    assert np.isnan(got[2, 0]) and got[2, 1] == 1.0 and np.isnan(got[2, 2])


def test_feeding_sectors_top_three_by_rate(screen):
    hf = screen.loc["281111"]
    assert [hf[f"feeds_sector_{i}"] for i in (1, 2, 3)] == ["D26", "D20T21", "D27"]
    assert [hf[f"feeds_rate_{i}"] for i in (1, 2, 3)] == [0.02, 0.01, 0.005]
    pr = screen.loc["370790"]
    assert [pr["feeds_sector_1"], pr["feeds_sector_2"]] == ["D26", ""] and np.isnan(pr["feeds_rate_2"])
    assert "no_feeds_rows" in screen.loc["392099", "reason"] and "no_feeds_rows" not in hf["reason"]
    no_feeds = next_targets(_products(), world_exporters(WORLD, "JPN", "KOR"))
    assert no_feeds["reason"].str.contains("feeds_not_given").all() and (no_feeds["feeds_sector_1"] == "").all()


def test_bad_feeds_are_refused():
    bad = FEEDS.assign(rate=[0.1, -0.2, 0.1, 0.1, 0.1])
    with pytest.raises(DataError, match="feeds: row 2, column 'rate': expected a rate ≥ 0"):
        next_targets(_products(), feeds=bad)
    with pytest.raises(DataError, match="appear twice"):
        next_targets(_products(), feeds=pd.concat([FEEDS, FEEDS.head(1)]))


def test_texts_in_both_languages_and_module_examples_run():
    assert all(t["ko"] and t["en"] for t in TEXTS.values())
    assert explain("low_cost", "ko").startswith("대상국의")


# --------------------------------------------------------------------------- a generated BACI year
@pytest.fixture(scope="module")
def baci(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("make_baci", REPO / "benchmarks" / "make_baci.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_baci"] = mod
    try:
        spec.loader.exec_module(mod)
        full = mod.load_countries(None)
        keep = [i for i, c in enumerate(full.code) if c in set(mod.GIANTS)][:12] + list(range(30))
        keep = sorted(set(keep))
        countries = mod.Countries(full.code[keep], [full.name[i] for i in keep], [full.name_full[i] for i in keep],
                                  [full.iso2[i] for i in keep], [full.iso3[i] for i in keep])
        products = mod.load_products(None)[0][:250]
        out = tmp_path_factory.mktemp("baci")
        path = mod.write_csv(mod.make_year(30_000, 2019, 5, countries, products), out / mod.year_file_name(2019))
        codes = mod.write_country_codes(countries, out / "country_codes_V202301.csv")
    finally:
        sys.modules.pop("make_baci", None)
    from exposure.io.baci import load_baci

    world, _ = load_baci(path, codes)
    imports, _ = load_baci(path, codes, flow="M")
    return world, imports


def test_generated_baci_fills_the_alternatives_table_and_the_screen(baci):
    world, imports = baci
    products = product_indicators(imports, Config(), own_exports=world)
    assert (products["target_import_usd"] > 0).sum() > 20  # the generator makes Japan a large supplier
    ex = world_exporters(world, "JPN", "KOR", codes=products["code"])
    alt = alternative_suppliers(products, imports, ex)
    # every product Korea imports from Japan is in the same world file: nothing missing
    assert len(alt) == (products["target_import_usd"] > 0).sum()
    assert (alt["reason"] == "").sum() > 0 and not alt["reason"].str.contains("world").any()
    assert alt[["capacity_usd", "coverable_share", "world_export_usd"]].notna().all().all()
    # mirror: Japan's exports to Korea in the world view are Korea's imports from Japan
    assert alt["target_to_reporter_usd"].to_numpy() == pytest.approx(alt["target_import_usd"].to_numpy())
    # capacity by brute force over the raw flows
    w = pd.DataFrame({"e": world["reporter"].astype(str), "p": world["partner"].astype(str),
                      "k": world["code"].astype(str), "v": world["value_usd"]})
    a = w[~w.e.isin(["JPN", "KOR"])]
    cap = a.groupby("k")["v"].sum() - a[a.p == "KOR"].groupby("k")["v"].sum().reindex(a.k.unique(), fill_value=0.0)
    assert alt["capacity_usd"].to_numpy() == pytest.approx(cap.reindex(alt["code"]).fillna(0.0).to_numpy())
    # Korea's largest other supplier and its share, by brute force
    m = pd.DataFrame({"p": imports["partner"].astype(str), "k": imports["code"].astype(str), "v": imports["value_usd"]})
    m = m[imports["reporter"].astype(str).to_numpy() == "KOR"]
    top = m[m.p != "JPN"].sort_values(["k", "v", "p"], ascending=[True, False, True]).drop_duplicates("k").set_index("k")
    tot = m.groupby("k")["v"].sum()
    has = alt["n_other_suppliers"] > 0
    assert alt.loc[has, "kor_supplier_1"].tolist() == top.loc[alt.loc[has, "code"], "p"].tolist()
    assert alt.loc[has, "kor_supplier_1_share"].to_numpy() == pytest.approx(
        (top.loc[alt.loc[has, "code"], "v"] / tot.loc[alt.loc[has, "code"]]).to_numpy())

    s = next_targets(products, ex)
    assert s[["target_share", "to_reporter_share", "own_export_ratio"]].notna().all().all()
    jp = w[w.e == "JPN"]
    c = (jp[jp.p == "KOR"].groupby("k")["v"].sum() / jp.groupby("k")["v"].sum()).reindex(s["code"])
    assert s["to_reporter_share"].to_numpy() == pytest.approx(c.to_numpy())
    own = w[w.e == "KOR"].groupby("k")["v"].sum().reindex(s["code"], fill_value=0.0)
    assert s["own_export_ratio"].to_numpy() == pytest.approx((own / tot.reindex(s["code"])).to_numpy())
    expected = (s["target_share"] >= 0.7) & (c.to_numpy() <= 0.3) & (s["own_export_ratio"] <= 0.5)
    assert (s["candidate"] == True).tolist() == expected.tolist()  # noqa: E712
    assert expected.sum() >= 1 and s["rank"].max() == expected.sum()


# --------------------------------------------------------------------------- real data
@pytest.mark.shared_data
def test_kjimport2018_screen_says_the_share_and_cost_cannot_be_evaluated(shared_data):
    from exposure.io.comtrade import load_comtrade

    imports, _ = load_comtrade(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv")
    s = next_targets(product_indicators(imports, Config()))
    assert len(s) == 4226 and s["target_import_usd"].sum() == 54_603_331_337
    assert s.loc[0, ["code", "target_import_usd"]].tolist() == ["848620", 3_842_183_590]
    assert s["candidate"].isna().all() and s["rank"].isna().all()
    assert (s["criteria_unknown"] == "high_share;low_cost;low_own_supply").all()
    assert s["reason"].str.contains("share_unknown").all() and s["reason"].str.contains("no_import_total").all()
