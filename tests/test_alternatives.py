"""Alternative suppliers: the world-export reduction, capacity, HHI of the alternatives, Korea's other suppliers."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from exposure import alternatives
from exposure.alternatives import (EXPORTER_COLUMNS, OTHERS, TEXTS, alternative_suppliers, calc_capacity,
                                   calc_coverable_share, explain, world_exporters)
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.indicators import product_indicators


def _flows(rows, flow="X", year=2018, system="HS6-2017"):
    r, p, c, v = zip(*rows)
    return pd.DataFrame({"year": year, "month": 0, "reporter": r, "partner": p, "flow": flow, "code": c,
                         "code_system": system, "value_usd": np.asarray(v, float), "source": "hand.csv"})


# Worked example (USD, 2018). 281111: JPN 100 (60 to KOR), CHN 50 (10 to KOR), USA 30 (5), DEU 15 (0),
# KOR 8 (the reporter), TWN 2 (2) → world 205, to KOR 77. Alternatives A = CHN, USA, DEU, TWN:
# X(A) = 97, X(A→KOR) = 17, capacity 80, HHI (50² + 30² + 15² + 2²) / 97² = 3629 / 9409.
# 370790: JPN 100 (90 to KOR), USA 10 (4 to KOR) → X(A) = 10, capacity 6, HHI 1.
WORLD = _flows([
    ("JPN", "KOR", "281111", 60), ("JPN", "CHN", "281111", 20), ("JPN", "USA", "281111", 20),
    ("CHN", "KOR", "281111", 10), ("CHN", "USA", "281111", 40), ("USA", "KOR", "281111", 5),
    ("USA", "DEU", "281111", 25), ("DEU", "FRA", "281111", 15), ("KOR", "CHN", "281111", 8),
    ("TWN", "KOR", "281111", 2),
    ("JPN", "KOR", "370790", 90), ("JPN", "TWN", "370790", 10), ("USA", "KOR", "370790", 4), ("USA", "CHN", "370790", 6),
])

# Korea's imports: HF at HSK10 (JPN 50, CHN 30, TWN 15, unknown 5), photoresist at HS6 (JPN 90, USA 10),
# 392099 from China only (no imports from Japan: never at risk), 854232 from Japan only (not in the world data).
IMPORTS = pd.concat([
    _flows([("KOR", "JPN", "2811111000", 50), ("KOR", "CHN", "2811111000", 30), ("KOR", "TWN", "2811111000", 15),
            ("KOR", "UNK", "2811111000", 5)], "M", system="HSK10"),
    _flows([("KOR", "JPN", "370790", 90), ("KOR", "USA", "370790", 10), ("KOR", "CHN", "392099", 20),
            ("KOR", "JPN", "854232", 10)], "M"),
], ignore_index=True)


@pytest.fixture(scope="module")
def products():
    return product_indicators(IMPORTS, Config())


# --------------------------------------------------------------------------- world_exporters
def test_world_exporters_by_hand():
    ex = world_exporters(WORLD, "JPN", "KOR", top_n=2)
    assert list(ex.columns) == EXPORTER_COLUMNS
    hf = ex[ex.hs6 == "281111"]
    shown = hf[["exporter", "role", "rank", "export_usd", "export_to_reporter_usd", "n_exporters"]].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        ["JPN", "target", 1, 100.0, 60.0, 1], ["CHN", "exporter", 2, 50.0, 10.0, 1],
        ["USA", "exporter", 3, 30.0, 5.0, 1], ["OTHERS", "others", None, 25.0, 2.0, 3]]
    first = hf.iloc[0]
    assert first["world_export_usd"] == 205.0 and first["world_to_reporter_usd"] == 77.0
    assert first["target_export_usd"] == 100.0 and first["target_to_reporter_usd"] == 60.0
    assert first["reporter_export_usd"] == 8.0
    assert first["alt_export_usd"] == 97.0 and first["alt_to_reporter_usd"] == 17.0
    assert first["alt_export_sq_usd"] == 3629.0 and first["n_alt_exporters"] == 4 and first["n_world_exporters"] == 6
    assert first["world_code_system"] == "HS6-2017"
    assert hf["world_share"].tolist()[:3] == pytest.approx([100 / 205, 50 / 205, 30 / 205])
    pr = ex[ex.hs6 == "370790"]
    assert pr[["exporter", "export_usd"]].values.tolist() == [["JPN", 100.0], ["USA", 10.0]]  # nothing left over


def test_reporter_listed_with_its_role_and_no_others_row_when_all_fit():
    hf = world_exporters(WORLD, "JPN", "KOR", top_n=10).query("hs6 == '281111'")
    assert hf["exporter"].tolist() == ["JPN", "CHN", "USA", "DEU", "KOR", "TWN"]
    assert hf["role"].tolist() == ["target", "exporter", "exporter", "exporter", "reporter", "exporter"]
    assert hf["rank"].tolist() == [1, 2, 3, 4, 5, 6]


def test_ties_are_broken_by_exporter_code_and_top_zero_keeps_the_target():
    w = _flows([("USA", "KOR", "281111", 5), ("CHN", "KOR", "281111", 5), ("JPN", "KOR", "281111", 1)])
    ex = world_exporters(w, "JPN", "KOR", top_n=1)
    assert ex["exporter"].tolist() == ["CHN", "JPN", "OTHERS"]
    assert ex["rank"].tolist()[:2] == [1, 3]
    ex0 = world_exporters(w, "JPN", "KOR", top_n=0)
    assert ex0["exporter"].tolist() == ["JPN", "OTHERS"] and ex0["export_usd"].tolist() == [1.0, 10.0]


def test_categorical_input_gives_the_same_table():
    cat = WORLD.astype({"reporter": "category", "partner": "category", "code": "category", "flow": "category",
                        "code_system": "category"})
    pd.testing.assert_frame_equal(world_exporters(cat, "JPN", "KOR"), world_exporters(WORLD, "JPN", "KOR"))


def test_sparse_path_equals_dense_path(monkeypatch):
    rng = np.random.default_rng(3)
    n = 4_000
    w = pd.DataFrame({"year": rng.choice([2017, 2018], n), "reporter": rng.choice(list("ABCDEFGH") + ["JPN", "KOR"], n),
                      "partner": rng.choice(["KOR", "FRA", "USA", "JPN"], n), "flow": "X",
                      "code": rng.choice([f"{i:06d}" for i in range(10100, 10140)], n), "value_usd": rng.lognormal(5, 2, n)})
    dense = world_exporters(w, "JPN", "KOR", top_n=3)
    monkeypatch.setattr(alternatives, "_DENSE_MAX_CELLS", 0)
    sparse = world_exporters(w, "JPN", "KOR", top_n=3)
    pd.testing.assert_frame_equal(dense, sparse)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_totals_reconcile_and_listed_exporters_are_the_largest(seed):
    rng = np.random.default_rng(seed)
    n = 3_000
    exporters = [f"X{i:02d}" for i in range(25)] + ["JPN", "KOR"]
    w = pd.DataFrame({"year": 2019, "reporter": rng.choice(exporters, n), "partner": rng.choice(exporters + ["USA"], n),
                      "flow": "X", "code": rng.choice([f"{i:06d}" for i in range(300100, 300130)], n),
                      "value_usd": np.round(rng.lognormal(6, 2, n), 2)})
    w = w[w.reporter != w.partner].drop_duplicates(["reporter", "partner", "code"])
    ex = world_exporters(w, "JPN", "KOR", top_n=4)
    by_product = ex.groupby("hs6")
    brute = w.groupby("code")["value_usd"].sum()
    brute_kor = w[w.partner == "KOR"].groupby("code")["value_usd"].sum().reindex(brute.index, fill_value=0.0)
    assert by_product["export_usd"].sum().to_numpy() == pytest.approx(brute.to_numpy())
    assert by_product["export_to_reporter_usd"].sum().to_numpy() == pytest.approx(brute_kor.to_numpy())
    assert by_product["world_export_usd"].first().to_numpy() == pytest.approx(brute.to_numpy())
    per = w.groupby(["code", "reporter"])["value_usd"].sum()
    for code, g in by_product:
        named = g[g.role.isin(["exporter", "reporter"])]
        other = per[code].drop(labels=[e for e in ["JPN"] if e in per[code].index]).sort_values(ascending=False)
        assert len(named) == min(4, len(other))
        assert named["export_usd"].to_numpy() == pytest.approx(other.to_numpy()[:len(named)])
        alt = per[code].drop(labels=[e for e in ["JPN", "KOR"] if e in per[code].index])
        assert g["alt_export_usd"].iloc[0] == pytest.approx(alt.sum())
        assert g["alt_export_sq_usd"].iloc[0] == pytest.approx((alt ** 2).sum())


def test_wld_rows_are_the_exporter_total_and_monthly_rows_sum_to_the_year():
    w = pd.concat([_flows([("JPN", "WLD", "281111", 100), ("JPN", "KOR", "281111", 60), ("USA", "KOR", "281111", 5)]),
                   _flows([("CHN", "KOR", "281111", 3), ("CHN", "KOR", "281111", 4)])], ignore_index=True)
    w.loc[w.index[-2:], "month"] = [1, 2]
    ex = world_exporters(w, "JPN", "KOR").set_index("exporter")
    assert ex.loc["JPN", ["export_usd", "export_to_reporter_usd"]].tolist() == [100.0, 60.0]
    assert ex.loc["CHN", "export_usd"] == 7.0
    # an annual row wins over monthly rows of the same exporter, product and partner
    w2 = pd.concat([w, _flows([("CHN", "KOR", "281111", 10)])], ignore_index=True)
    assert world_exporters(w2, "JPN", "KOR").set_index("exporter").loc["CHN", "export_usd"] == 10.0


def test_codes_filter_and_other_flows_and_world_exporter_rows_are_ignored():
    w = pd.concat([WORLD, _flows([("JPN", "KOR", "281111", 999)], "M"), _flows([("WLD", "KOR", "281111", 999)])],
                  ignore_index=True)
    ex = world_exporters(w, "JPN", "KOR", codes=["2811111000"])
    assert set(ex["hs6"]) == {"281111"} and ex["export_usd"].sum() == 205.0


def test_bad_values_and_options_are_refused():
    bad = WORLD.copy()
    bad.loc[3, "value_usd"] = -1.0
    with pytest.raises(DataError, match=r"column 'value_usd': expected a non-negative value, got -1.0 \(table row 4\)"):
        world_exporters(bad, "JPN", "KOR")
    with pytest.raises(DataError, match="column\\(s\\) partner missing"):
        world_exporters(WORLD.drop(columns="partner"), "JPN", "KOR")
    with pytest.raises(ConfigError, match="top_n"):
        world_exporters(WORLD, "JPN", "KOR", top_n=-1)


# --------------------------------------------------------------------------- formulas
def test_capacity_and_coverable_share_by_hand():
    assert calc_capacity(np.array([97.0, 10.0]), np.array([17.0, 4.0])).tolist() == [80.0, 6.0]
    assert calc_coverable_share(np.array([80.0, 6.0]), np.array([50.0, 90.0])).tolist() == pytest.approx([1.0, 6 / 90])


# --------------------------------------------------------------------------- alternative_suppliers
def test_alternatives_by_hand(products):
    ex = world_exporters(WORLD, "JPN", "KOR")
    alt = alternative_suppliers(products, IMPORTS, ex, top_n=2).set_index("code")
    # ranked by imports from the target; 392099 (none from Japan) is absent
    assert alt.index.tolist() == ["370790", "2811111000", "854232"]
    assert alt["rank"].tolist() == [1, 2, 3]
    hf = alt.loc["2811111000"]
    assert hf["target_share"] == 0.5 and hf["other_import_usd"] == 50.0 and hf["n_other_suppliers"] == 2
    assert [hf["kor_supplier_1"], hf["kor_supplier_1_share"], hf["kor_supplier_2"], hf["kor_supplier_2_share"]] == [
        "CHN", 0.3, "TWN", 0.15]  # the unknown partner's 5 % is not a supplier to name
    assert hf["hs6"] == "281111" and hf["world_match"] == "hs6_prefix"
    assert hf["alt_export_usd"] == 97.0 and hf["alt_world_hhi"] == pytest.approx(3629 / 9409)
    assert hf["capacity_usd"] == 80.0 and hf["capacity_ratio"] == pytest.approx(80 / 50) and hf["coverable_share"] == 1.0
    assert [hf["alt_exporter_1"], hf["alt_exporter_1_usd"], hf["alt_exporter_2"], hf["alt_exporter_2_usd"]] == [
        "CHN", 50.0, "USA", 30.0]
    assert hf["target_world_share"] == pytest.approx(100 / 205) and hf["target_to_reporter_usd"] == 60.0
    assert hf["reason"] == ""
    pr = alt.loc["370790"]
    assert pr["world_match"] == "exact" and pr["kor_supplier_1"] == "USA" and pr["kor_supplier_2"] == ""
    assert np.isnan(pr["kor_supplier_2_share"])
    assert pr["capacity_usd"] == 6.0 and pr["coverable_share"] == pytest.approx(6 / 90) and pr["alt_world_hhi"] == 1.0
    chip = alt.loc["854232"]
    assert chip["n_other_suppliers"] == 0 and chip["world_match"] == "none"
    assert np.isnan(chip["capacity_usd"]) and np.isnan(chip["alt_world_hhi"]) and np.isnan(chip["coverable_share"])
    assert chip["reason"] == "no_other_supplier;not_in_world_data"


def test_without_world_data_the_korean_columns_stay_and_world_columns_are_nan(products):
    alt = alternative_suppliers(products, IMPORTS, lang="en").set_index("code")
    assert alt.loc["2811111000", "kor_supplier_1"] == "CHN"
    world = ["world_export_usd", "alt_export_usd", "alt_world_hhi", "capacity_usd", "coverable_share"]
    assert alt[world].isna().all().all()
    assert (alt["world_match"] == "none").all()
    assert alt["reason"].str.contains("no_world_data").all()
    assert alt.loc["370790", "reason_text"] == "no world export data given"


def test_single_partner_imports_do_not_claim_there_is_no_other_supplier():
    only_japan = _flows([("KOR", "JPN", "281111", 73.0), ("KOR", "JPN", "370790", 398.0)], "M")
    p = product_indicators(only_japan, Config())
    alt = alternative_suppliers(p, only_japan, world_exporters(WORLD, "JPN", "KOR"))
    assert alt["n_other_suppliers"].isna().all() and alt["target_share"].isna().all()
    assert alt["reason"].str.contains("single_partner_imports").all()
    assert not alt["reason"].str.contains("no_other_supplier").any()
    # the world side still works: capacity against the imports from Japan
    assert alt.set_index("code").loc["281111", "coverable_share"] == 1.0


def test_no_exporter_but_the_target_means_zero_capacity_not_missing():
    w = _flows([("JPN", "KOR", "370790", 90.0), ("KOR", "USA", "370790", 3.0)])
    imp = _flows([("KOR", "JPN", "370790", 90.0), ("KOR", "USA", "370790", 1.0)], "M")
    alt = alternative_suppliers(product_indicators(imp, Config()), imp, world_exporters(w, "JPN", "KOR"))
    row = alt.iloc[0]
    assert row["capacity_usd"] == 0.0 and row["coverable_share"] == 0.0 and np.isnan(row["alt_world_hhi"])
    assert row["reason"] == "no_alt_exporters"


def test_world_data_of_another_year_or_revision_are_named(products):
    ex = world_exporters(WORLD.assign(year=2017), "JPN", "KOR")
    assert alternative_suppliers(products, IMPORTS, ex)["reason"].str.contains("world_year_missing").all()
    ex = world_exporters(WORLD.assign(code_system="HS6-2012"), "JPN", "KOR")
    alt = alternative_suppliers(products, IMPORTS, ex).set_index("code")
    assert alt.loc["370790", "reason"] == "hs_revision_differs" and alt.loc["370790", "capacity_usd"] == 6.0
    assert alt.loc["2811111000", "reason"] == ""  # HSK10 has no HS revision to compare


def test_two_hsk10_lines_of_one_hs6_both_meet_the_world_data():
    imp = _flows([("KOR", "JPN", "3707901010", 80), ("KOR", "USA", "3707901010", 20), ("KOR", "JPN", "3707909000", 10),
                  ("KOR", "CHN", "3707909000", 30)], "M", system="HSK10")
    alt = alternative_suppliers(product_indicators(imp, Config()), imp, world_exporters(WORLD, "JPN", "KOR"))
    alt = alt.set_index("code")
    assert alt["hs6"].tolist() == ["370790", "370790"] and (alt["world_match"] == "hs6_prefix").all()
    assert alt["alt_exporter_1"].tolist() == ["USA", "USA"] and alt["capacity_usd"].tolist() == [6.0, 6.0]
    assert alt.loc["3707901010", "coverable_share"] == pytest.approx(6 / 80)
    assert alt.loc["3707909000", "coverable_share"] == pytest.approx(6 / 10)


def test_a_year_missing_from_the_inputs_is_named(products):
    with pytest.raises(DataError, match="products: column 'year': no rows for year 2016"):
        alternative_suppliers(products, IMPORTS, year=2016)
    with pytest.raises(DataError, match="imports by partner: column 'year': no import rows for year 2018"):
        alternative_suppliers(products, IMPORTS.assign(year=2017))


def test_same_year_from_two_files_is_an_error(products):
    ex = world_exporters(WORLD, "JPN", "KOR")
    with pytest.raises(DataError, match="year 2018 appears in more than one world export file"):
        alternative_suppliers(products, IMPORTS, pd.concat([ex, ex]))


def test_inputs_are_not_modified(products):
    before_p, before_i, before_w = products.copy(), IMPORTS.copy(), WORLD.copy()
    alternative_suppliers(products, IMPORTS, world_exporters(WORLD, "JPN", "KOR"))
    pd.testing.assert_frame_equal(products, before_p)
    pd.testing.assert_frame_equal(IMPORTS, before_i)
    pd.testing.assert_frame_equal(WORLD, before_w)


def test_a_product_without_imports_from_the_target_is_never_listed():
    rng = np.random.default_rng(11)
    rows = []
    for k in range(40):
        for partner in rng.choice(["JPN", "CHN", "USA", "DEU"], size=rng.integers(1, 4), replace=False):
            rows.append(("KOR", partner, f"{280000 + k:06d}", float(rng.integers(1, 100))))
    imp = _flows(rows, "M")
    alt = alternative_suppliers(product_indicators(imp, Config()), imp)
    from_japan = set(imp.loc[imp.partner == "JPN", "code"])
    assert set(alt["code"]) == from_japan and (alt["target_import_usd"] > 0).all()


def test_texts_exist_in_both_languages_and_module_examples_run():
    assert all(t["ko"] and t["en"] for t in TEXTS.values())
    assert all(a["ko"] and a["en"] for a in alternatives.ASSUMPTIONS.values())
    assert explain("no_world_data", "ko") == "세계 수출 자료 없음"
    with pytest.raises(ConfigError, match="lang"):
        explain("no_world_data", "jp")
    assert OTHERS not in {"WLD", "UNK"}


# --------------------------------------------------------------------------- real data
@pytest.mark.shared_data
def test_kjimport2018_lists_every_product_from_japan_and_says_other_suppliers_are_unknown(shared_data):
    from exposure.io.comtrade import load_comtrade

    imports, _ = load_comtrade(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv")
    alt = alternative_suppliers(product_indicators(imports, Config()), imports)
    # README reference figures: 4,226 products, $54,603 million; the largest is 848620 at $3,842,183,590
    assert len(alt) == 4226 and alt["target_import_usd"].sum() == 54_603_331_337
    assert alt.loc[0, ["rank", "code", "target_import_usd"]].tolist() == [1, "848620", 3_842_183_590]
    assert alt["n_other_suppliers"].isna().all() and (alt["kor_supplier_1"] == "").all()
    for code in ("single_partner_imports", "no_import_total", "no_world_data"):
        assert alt["reason"].str.contains(code).all()


@pytest.mark.shared_data
def test_hf_2018_other_suppliers_from_the_customs_monthly_file(shared_data):
    from exposure.io import load

    table, _ = load(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx")
    alt = alternative_suppliers(product_indicators(table, Config()), table, year=2018).set_index("code")
    hf = alt.loc["2811111000"]
    # $159,423,270 imported in 2018, $66,856,769 from Japan (41.9 %): the others supplied $92,566,501
    assert hf["import_usd"] == 159_423_270 and hf["other_import_usd"] == 92_566_501
    assert round(100 * hf["target_share"], 1) == 41.9
    # the replacement suppliers of 2019 (China, Taiwan) were already Korea's next HF suppliers in 2018
    assert [hf["kor_supplier_1"], hf["kor_supplier_2"], hf["n_other_suppliers"]] == ["CHN", "TWN", 3]
    shares = [hf[f"kor_supplier_{i}_share"] for i in (1, 2, 3)]
    assert shares == sorted(shares, reverse=True) and sum(shares) == pytest.approx(1 - hf["target_share"])
