"""Product → sector concordances: the tables, their weights, and the real 2018 Korea–Japan import file."""

import numpy as np
import pandas as pd
import pytest

from exposure.codes import concordance as conc_mod
from exposure.codes.concordance import (allocate, concordance, concordance_names, ksic_to_isic, sector_isic_divisions,
                                        sector_names)
from exposure.errors import DataError

THREE_ITEMS = {"281111": ("D20T21", "D20", "20"),   # hydrogen fluoride: inorganic chemicals
               "370790": ("D20T21", "D20", "20"),   # photoresist: chemical preparations for photography
               "392099": ("D22", "D22", "22")}      # fluorinated polyimide film: plastic plates and film


def _read(name):
    return conc_mod._read(name)


# ----------------------------------------------------------------------------- weights and keys


@pytest.mark.parametrize("name", concordance_names())
def test_weights_sum_to_one_and_keys_unique(name):
    c = concordance(name)
    assert list(c.columns) == ["from_code", "to_code", "weight"]
    assert not c.duplicated(["from_code", "to_code"]).any()
    assert (c["weight"] > 0).all() and (c["weight"] <= 1).all()
    sums = c.groupby("from_code")["weight"].sum()
    assert np.abs(sums - 1).max() < 1e-12


@pytest.mark.parametrize("name", [n for n in concordance_names() if n.split("-")[1] in ("OECD36", "OECD45", "WIOD56")])
def test_every_target_is_a_sector_of_its_system(name):
    system = name.split("-")[1]
    assert set(concordance(name)["to_code"]) <= set(sector_names(system)["sector"])


def test_sector_tables_cover_isic_once():
    divisions = set(_read("isic4_divisions.csv")["division"])
    assert len(divisions) == 88
    for system in ("OECD36", "OECD45", "WIOD56"):
        names = sector_names(system)
        assert names["sector"].is_unique
        assert (names["name_ko"] != "").all() and (names["name_en"] != "").all()
        covered = sector_isic_divisions(system)
        assert covered["isic2"].is_unique  # no division in two sectors
        expected = divisions if system == "WIOD56" else divisions - {"99"}  # OECD IOTs stop at 98
        assert set(covered["isic2"]) == expected
    assert len(sector_names("OECD36")) == 36 and len(sector_names("OECD45")) == 45
    assert len(sector_names("WIOD56")) == 56


def test_oecd45_nests_in_oecd36():
    c = concordance("OECD45-OECD36")
    assert (c["weight"] == 1).all() and c["from_code"].is_unique
    pairs = dict(zip(c["from_code"], c["to_code"]))
    assert pairs["D20"] == pairs["D21"] == "D20T21"
    assert pairs["D01T02"] == pairs["D03"] == "D01T03"
    assert pairs["D69T75"] == pairs["D77T82"] == "D69T82"
    assert pairs["D26"] == "D26"


def test_mti3_table():
    t = _read("mti3_sectors.csv")
    assert t["mti3"].is_unique and t["mti3"].str.fullmatch(r"\d{3}").all()
    assert set(t["sector"]) <= set(sector_names("OECD36")["sector"])
    c = concordance("MTI3-OECD36").set_index("from_code")["to_code"]
    assert c["831"] == "D26"  # 반도체
    assert c["741"] == "D29"  # 자동차
    assert c["133"] == "D19"  # 석유제품


def test_ksic_isic_table():
    t = _read("ksic_isic.csv").astype({"weight": float})
    assert not t.duplicated(["revision", "ksic_division", "isic_division"]).any()
    sums = t.groupby(["revision", "ksic_division"])["weight"].sum()
    assert np.abs(sums - 1).max() < 1e-12
    divisions = _read("ksic_divisions.csv")
    for rev in ("9", "10"):
        assert set(t.loc[t["revision"] == rev, "ksic_division"]) == \
            set(divisions.loc[divisions["revision"] == rev, "ksic_division"])
    # 34 (repair of industrial machinery) and 76 (rental) are 10th-revision divisions; 69 (rental) is 9th
    assert {"34", "76"} <= set(t.loc[t["revision"] == "10", "ksic_division"])
    assert "34" not in set(t.loc[t["revision"] == "9", "ksic_division"])
    assert "69" in set(t.loc[t["revision"] == "9", "ksic_division"])


def test_hs6_tables_well_formed():
    for name, col in (("hs6_isic2.csv", "isic2"), ("hs6_isic4.csv", "isic4"), ("hs6_kiet60.csv", "kiet60")):
        t = _read(name)
        assert t["hs6"].str.fullmatch(r"\d{6}").all()
        assert not t.duplicated(["hs6", col]).any()
    kiet = _read("hs6_kiet60.csv")
    assert set(kiet["kiet60"]) <= set(sector_names("KIET60")["sector"])
    isic = _read("hs6_isic2.csv")
    assert set(isic["isic2"]) <= set(_read("isic4_divisions.csv")["division"])
    assert set(isic["basis"]) == {"KIET and HS-ISIC", "HS-ISIC", "KIET"}


# ----------------------------------------------------------------------------- KSIC ↔ ISIC


@pytest.mark.parametrize(("ksic", "isic"), [("26", "26"), ("27", "26"), ("28", "27"), ("29", "28"), ("30", "29"),
                                            ("31", "30"), ("32", "31"), ("33", "32"), ("10", "10"), ("25", "25"),
                                            ("06", "07"), ("07", "08"), ("08", "09")])
def test_ksic9_to_isic_where_numbering_differs(ksic, isic):
    assert ksic_to_isic(ksic, revision=9) == isic
    assert ksic_to_isic(int(ksic), revision=10) == isic


def test_ksic10_repair_division():
    assert ksic_to_isic(34, revision=10) == "33"
    with pytest.raises(DataError, match="expected a KSIC division"):
        ksic_to_isic(34, revision=9)
    assert ksic_to_isic(["30", 5, "xx"]).tolist() == ["29", "05", None]
    with pytest.raises(ValueError):
        ksic_to_isic(30, revision=8)


def test_ksic27_also_holds_medical_instruments():
    c = concordance("KSIC9-ISIC2").query("from_code == '27'").set_index("to_code")["weight"]
    assert set(c.index) == {"26", "32"}
    # 5 of KSIC9's 19 classes in division 27 are ISIC 3250 (27191-27199 medical, 27310 spectacles)
    assert c["32"] == pytest.approx(5 / 19)


@pytest.mark.shared_data
def test_census_ksic9_divisions_26_to_33(shared_data):
    path = shared_data / "census" / "economic_census_2015_mining_manufacturing.csv"
    census = pd.read_csv(path, dtype=str, usecols=["industry_large", "industry_medium"])
    divisions = sorted(set(census["industry_medium"]), key=int)
    assert divisions == ["5", "6", "7", "8"] + [str(d) for d in range(10, 34)]
    mapped = ksic_to_isic(pd.Series(divisions), revision=9)
    pinned = dict(zip(divisions, mapped))
    assert {d: pinned[d] for d in ["26", "27", "28", "29", "30", "31", "32", "33"]} == \
        {"26": "26", "27": "26", "28": "27", "29": "28", "30": "29", "31": "30", "32": "31", "33": "32"}
    alloc, unmatched = allocate(census["industry_medium"], "KSIC9-OECD36", source=path.name)
    assert unmatched.empty
    sector = alloc[alloc["weight"] == 1].set_index("code")["sector"]
    assert sector["30"] == "D29" and sector["29"] == "D28" and sector["28"] == "D27" and sector["26"] == "D26"


# ----------------------------------------------------------------------------- products


@pytest.mark.parametrize("code", sorted(THREE_ITEMS))
def test_2019_items_producers(code):
    oecd36, oecd45, ksic = THREE_ITEMS[code]
    for name, expected in (("HS6-OECD36", oecd36), ("HS6-OECD45", oecd45), ("HS6-KSIC10", ksic),
                           ("HS6-KSIC9", ksic)):
        c = concordance(name)
        assert c[c["from_code"] == code][["to_code", "weight"]].values.tolist() == [[expected, 1.0]]


def test_pins_where_ksic_and_isic_numbers_differ():
    def only(name, code):
        c = concordance(name)
        rows = c[c["from_code"] == code]
        assert len(rows) == 1
        return rows["to_code"].iloc[0]

    # machines for making semiconductors (8486.20): other machinery, KSIC 29 = ISIC 28 = D28
    assert (only("HS6-KSIC10", "848620"), only("HS6-ISIC2", "848620"), only("HS6-OECD36", "848620")) == \
        ("29", "28", "D28")
    # passenger cars 1500-3000 cc (8703.23): KSIC 30 = ISIC 29 = D29
    assert (only("HS6-KSIC10", "870323"), only("HS6-ISIC2", "870323"), only("HS6-OECD36", "870323")) == \
        ("30", "29", "D29")
    # processors and controllers (8542.31): electronic components, 26 in both
    assert only("HS6-KSIC10", "854231") == "26" and only("HS6-OECD36", "854231") == "D26"
    assert only("HS6-KIET60", "854231") == "I3102"  # KIET: semiconductors
    assert only("HS6-WIOD56", "854231") == "C26"


def test_fresh_fish_is_fishing_not_food_manufacturing():
    c = concordance("HS6-OECD45")
    assert c[c["from_code"] == "030211"][["to_code", "weight"]].values.tolist() == [["D03", 1.0]]


def test_allocate_reports_and_normalises():
    alloc, unmatched = allocate(pd.Series([10619, "281111", "123456", "999999", "281111"]), "HS6-OECD36")
    assert alloc["code"].tolist() == ["010619", "281111"]
    assert alloc.groupby("code")["weight"].sum().tolist() == [1.0, 1.0]
    assert (alloc["via"] == "").all()
    reasons = dict(zip(unmatched["code"], unmatched["reason"]))
    assert set(reasons) == {"123456", "999999"}
    assert "not specified" in reasons["999999"]
    with pytest.raises(DataError, match="6-digit HS code"):
        allocate(["28111X"], "HS6-OECD36", source="x.csv")
    with pytest.raises(ValueError, match="no concordance"):
        allocate(["281111"], "HS6-SITC")
    alloc, unmatched = allocate(["831", "999"], "MTI3-OECD36")
    assert alloc[["code", "sector"]].values.tolist() == [["831", "D26"]]
    assert unmatched["code"].tolist() == ["999"]


def test_hs_codes_missing_from_table_are_routed_through_revisions():
    table = conc_mod._concordance("HS6", "OECD36")
    without = table[table["from_code"] != "300219"]
    routed, failed = conc_mod._route_hs(["300219", "000000"], without)
    assert failed == [("000000", conc_mod._NO_ROUTE)]
    # HS2017 300219 is linked only to HS2012 300210 (immunological products) → chemicals and pharmaceuticals
    assert routed[["code", "sector", "weight"]].values.tolist() == [["300219", "D20T21", 1.0]]
    assert "300210" in routed["via"].iloc[0]


def test_name_parsing():
    assert concordance("hs6-ksic2").equals(concordance("HS6-KSIC10"))
    assert concordance("HS6-2017-OECD36").equals(concordance("HS6-OECD36"))
    with pytest.raises(ValueError):
        concordance("HS6")


@pytest.mark.shared_data
def test_every_2018_import_code_maps(shared_data):
    path = shared_data / "comtrade_kor_jpn" / "KJimport2018.csv"
    df = pd.read_csv(path, dtype={"Commodity Code": str}, usecols=["Commodity Code", "Trade Value (US$)"])
    assert len(df) == 4226
    for name in ("HS6-KSIC10", "HS6-KSIC9", "HS6-OECD36", "HS6-OECD45", "HS6-ISIC2", "HS6-WIOD56"):
        alloc, unmatched = allocate(df["Commodity Code"], name, source=path.name)
        assert unmatched.empty, name
        assert alloc["code"].nunique() == 4226
        assert np.abs(alloc.groupby("code")["weight"].sum() - 1).max() < 1e-12
    # value allocated to sectors equals the file's total ($54,603 million)
    alloc, _ = allocate(df["Commodity Code"], "HS6-OECD36")
    value = df.assign(code=df["Commodity Code"].str.zfill(6)).merge(alloc, on="code")
    assert (value["Trade Value (US$)"] * value["weight"]).sum() == pytest.approx(54_603_331_337, rel=1e-12)
