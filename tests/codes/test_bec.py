"""End use by BEC: the shipped HS2017–BEC table, the end-use classes and their worked examples."""

import pandas as pd
import pytest

from exposure.codes.bec import (CHANNEL, COLUMNS, END_USES, FLAGGED, end_use_classes, end_use_name, engine_channel,
                                explain_end_use)
from exposure.codes.concordance import _read
from exposure.errors import ConfigError

# the UN's BEC Rev.4 → SNA basic classes as the brief states them (typed here, not read from the package)
SNA = {**{b: "capital" for b in ("41", "521")},
       **{b: "intermediate" for b in ("111", "121", "21", "22", "31", "322", "42", "53")},
       **{b: "consumption" for b in ("112", "122", "522", "61", "62", "63")},
       **{b: "mixed" for b in ("321", "51", "7", "32")}}


def _one(code, system=None):
    return end_use_classes([code], system).iloc[0]


@pytest.mark.parametrize(("code", "bec", "end_use"), [
    ("848620", "41", "capital"),        # machines for semiconductor devices (fab equipment)
    ("281111", "22", "intermediate"),   # hydrogen fluoride
    ("370790", "22", "intermediate"),   # photographic chemical preparations (photoresist)
    ("330499", "63", "consumption"),    # beauty preparations
    ("870323", "51", "mixed"),          # passenger cars: the UN assigns BEC 51 to no class
])
def test_worked_examples(code, bec, end_use):
    r = _one(code)
    assert (r["code"], r["code_system"], r["bec"], r["end_use"], r["share"]) == (code, "HS6-2017", bec, end_use, 1.0)
    assert r["reason"] == ("bec_unassigned" if end_use == "mixed" else "bec")


def test_hsk10_is_read_by_its_first_six_digits():
    r = _one("2811111000")
    assert (r["code_system"], r["bec"], r["end_use"]) == ("HSK10", "22", "intermediate")
    assert r["reason"] == "hsk10_hs6;bec"
    # a HSK10 number that lost its leading zero: 0101210000 (pure-bred breeding horses) → HS 010121 → BEC 41
    r = _one(101210000, "HSK10")
    assert (r["code"], r["bec"], r["end_use"]) == ("0101210000", "41", "capital")
    assert _one(101210000)["code_system"] == "HSK10"  # nine digits: HSK10 by default


def test_hs2022_code_goes_through_the_unsd_conversion():
    # HS2022 854911 (new e-waste subheading) is HS2017 854810 in UNSD's conversion table; that is BEC 21
    r = _one("854911", "HS6-2022")
    assert (r["code_system"], r["bec"], r["end_use"]) == ("HS6-2022", "21", "intermediate")
    assert r["reason"] == "hs_revision;bec" and "HS2017 854810" in r["detail"]
    assert _one("854911", "H6")["end_use"] == "intermediate"
    # UNSD's known gap: HS2022 300219 has no HS2017 link
    assert (_one("300219", "HS6-2022")["end_use"], _one("300219", "HS6-2022")["reason"]) == ("unmatched", "not_in_hs")


def test_several_links_take_the_class_with_most_of_the_weight():
    # HS2012 121190 → HS2017 121150 and 121190 (1/2 each); 121150 is BEC 21, 121190 is BEC 21 and 122 (n:n, 1/2 each):
    # intermediate 1/2 + 1/4 = 3/4, consumption 1/4
    t = _read("hs6_bec.csv")
    assert t.loc[t["hs6"] == "121150", "bec"].tolist() == ["21"]
    assert sorted(t.loc[t["hs6"] == "121190", "bec"]) == ["122", "21"]
    r = _one("121190", "HS6-2012")
    assert (r["end_use"], r["share"]) == ("intermediate", 0.75)
    assert r["reason"] == "hs_revision;bec_split"
    # HS2017 010130 (asses) is BEC 111 and 41: half intermediate, half capital, so no majority
    r = _one("010130")
    assert (r["bec"], r["end_use"], r["share"], r["reason"]) == ("111|41", "mixed", 0.5, "bec_split;no_majority")


def test_codes_that_match_nothing_are_kept_with_their_reason():
    r = end_use_classes(["999998", "710820", "abc", "12345678", "28111X", "881000"],
                        [None, None, None, None, "HS6", "HS6-2012"])
    assert len(r) == 6 and (r["end_use"] == "unmatched").all() and r["share"].isna().all()
    assert r["reason"].tolist() == ["not_in_hs", "not_in_bec_table", "unknown_system", "unknown_system",
                                    "malformed", "not_in_hs"]
    assert r["code"].tolist() == ["999998", "710820", "abc", "12345678", "28111X", "881000"]
    assert "not a number" in r["detail"].iloc[4]
    assert _one("281111", "MTI3")["reason"] == "unknown_system"


def test_one_row_per_distinct_code_in_order_and_columns():
    r = end_use_classes(pd.Series(["330499", 10121, "330499", "010121"]))
    assert list(r.columns) == COLUMNS
    assert r["code"].tolist() == ["330499", "010121"]  # 10121 and '010121' are one code
    with pytest.raises(ConfigError, match="2 entries for 3 codes"):
        end_use_classes(["1", "2", "3"], ["HS6", "HS6"])


def test_shipped_table_follows_the_un_file_and_the_sna_classes():
    t = _read("hs6_bec.csv").astype({"weight": float})
    assert t["hs6"].str.fullmatch(r"\d{6}").all() and not t.duplicated(["hs6", "bec"]).any()
    assert (t["bec"].map(SNA) == t["end_use"]).all()
    assert (t.groupby("hs6")["weight"].sum() - 1).abs().max() < 1e-12
    assert t["hs6"].nunique() == 5386 and len(t) == 5511
    assert set(t.loc[t["relationship"] == "n:1", "hs6"]).isdisjoint(t.loc[t["relationship"] == "n:n", "hs6"])


@pytest.mark.shared_data
def test_shipped_table_equals_the_un_correlation(shared_data):
    un = pd.read_csv(shared_data / "concordance" / "HS2017_to_BEC.csv", dtype=str, encoding="utf-8-sig")
    shipped = _read("hs6_bec.csv")
    assert sorted(zip(un["HS 2017"], un["BEC"])) == sorted(zip(shipped["hs6"], shipped["bec"]))


@pytest.mark.shared_data
def test_every_product_korea_imported_from_japan_in_2018_gets_a_class(shared_data):
    trade = pd.read_csv(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv", dtype={"Commodity Code": str})
    assert len(trade) == 4226 and trade["Trade Value (US$)"].sum() == 54_603_331_337  # README reference figures
    classes = end_use_classes(trade["Commodity Code"], "H5")  # the Commodity Code column lost its leading zeros
    assert len(classes) == 4226 and not (classes["end_use"] == "unmatched").any()
    got = classes.assign(value=trade["Trade Value (US$)"].to_numpy()).groupby("end_use")["value"].agg(["size", "sum"])

    # the same figures worked out straight from the UN file: equal split over a code's BEC codes, majority rule
    un = pd.read_csv(shared_data / "concordance" / "HS2017_to_BEC.csv", dtype=str, encoding="utf-8-sig")
    un = un.assign(cls=un["BEC"].map(SNA), w=1 / un.groupby("HS 2017")["BEC"].transform("size"))
    weight = un.groupby(["HS 2017", "cls"])["w"].sum().unstack(fill_value=0)
    best = weight.idxmax(axis=1).where(weight.max(axis=1) > 0.5, "mixed")
    expected = trade.assign(cls=trade["Commodity Code"].str.zfill(6).map(best))
    expected = expected.groupby("cls")["Trade Value (US$)"].agg(["size", "sum"])
    assert got["size"].to_dict() == expected["size"].to_dict()
    assert got["sum"].to_dict() == expected["sum"].to_dict()
    # what the report quotes (USD million, 2018, Korea's imports from Japan, UN Comtrade)
    assert (got["sum"] / 1e6).round().to_dict() == {"capital": 13510, "consumption": 2429, "intermediate": 33785,
                                                     "mixed": 4879}
    assert got["size"].to_dict() == {"capital": 581, "consumption": 971, "intermediate": 2613, "mixed": 61}


def test_names_reasons_and_channels_in_both_languages():
    assert end_use_name("capital") == "자본재" and end_use_name("capital", "en") == "capital goods"
    assert end_use_name(pd.Series(["mixed", "consumption"]), "ko").tolist() == ["혼합(용도 미지정)", "소비재"]
    assert explain_end_use("hsk10_hs6;bec", "ko").startswith("HSK 10단위")
    assert explain_end_use(pd.Series(["bec_split;no_majority"]), "en").iloc[0].endswith("→ mixed")
    with pytest.raises(ConfigError):
        explain_end_use("bec", "fr")
    assert set(CHANNEL) == set(END_USES) and FLAGGED == {"mixed", "unmatched"}
    assert engine_channel(pd.Series(["capital", "consumption", "mixed", "unmatched", "intermediate"])).tolist() == \
        ["investment", "final_demand", "io", "io", "io"]


def test_classes_are_worked_out_once_and_handed_out_as_copies():
    first = end_use_classes(["848620", "2811111000"])
    first.loc[0, "end_use"] = "edited by the caller"
    again = end_use_classes(["848620", "2811111000"])
    assert again["end_use"].tolist() == ["capital", "intermediate"]
