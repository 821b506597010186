"""Names the shipped tables know: MTI items and their verification, KSIC classes, the 2019 items."""

import pandas as pd
import pytest

from exposure.codes.concordance import _read
from exposure.codes.names import MTI_COLUMNS, ksic_class_names, mti_items, product_names, product_names_ko
from exposure.errors import ConfigError


def test_mti_items_carry_the_verification_flag():
    items = mti_items()
    assert list(items.columns) == MTI_COLUMNS and len(items) == len(_read("mti3_sectors.csv")) == 150
    assert items["code"].str.fullmatch(r"\d{3}").all() and items["verified"].dtype == bool
    verified = items[items["verified"]]
    assert dict(zip(verified["code"], verified["name_ko"])) == {
        "741": "자동차", "742": "자동차부품", "746": "선박해양구조물및부품", "812": "무선통신기기", "813": "컴퓨터",
        "831": "반도체"}
    assert (verified["mti_source"] != "").all()
    unverified = items[~items["verified"]]
    assert (unverified["mti_source"] == "").all() and (unverified["note"] != "").all()
    # conflicts with public K-stat material are spelled out, not silently kept
    note = items.set_index("code")["note"]
    assert "732" in note["736"] and "837" in note["836"] and "반도체제조용장비" in note["732"]


def test_mti_verification_table_lists_every_item_once():
    check = _read("mti3_verification.csv")
    assert check["mti3"].is_unique and set(check["mti3"]) == set(_read("mti3_sectors.csv")["mti3"])
    assert set(check["verified"]) == {"true", "false"}


def test_product_names_of_the_2019_items():
    codes = ["2811111000", "281111", "3707901010", "370790", "3920999010", "392099", "392190"]
    ko = product_names_ko(codes)
    assert ko.iloc[0] == "반도체 제조용 불화수소" and ko.iloc[2] == "반도체 제조용 감광액(포토레지스트)"
    assert (ko != "").all()
    en = product_names(pd.Series(codes, index=list("abcdefg")), "en")
    assert en.index.tolist() == list("abcdefg") and en["a"] == "Hydrogen fluoride for semiconductor manufacturing"
    assert product_names_ko(["848620", None, "281111"]).tolist() == ["", "", "불화수소(플루오르화수소)"]
    with pytest.raises(ConfigError):
        product_names(codes, "ja")


def test_override_and_critical_tables_agree_on_names():
    names = pd.concat([_read(n)[["code", "name_ko", "name_en"]] for n in ("end_use_overrides.csv",
                                                                          "critical_inputs.csv")])
    assert (names["name_ko"] != "").all() and (names["name_en"] != "").all()
    assert not names.drop_duplicates()["code"].duplicated().any()


def test_ksic_class_names():
    t = ksic_class_names([2611, "2612", "2621", "0111", "9999"])
    assert t["ksic"].tolist() == ["2611", "2612", "2621", "0111", "9999"]
    assert t["name_ko"].tolist()[:2] == ["전자집적회로 제조업", "다이오드, 트랜지스터 및 유사 반도체소자 제조업"]
    assert t["name_en"].iloc[0] == "Manufacture of electronic integrated circuits"
    assert t["name_en"].iloc[3] == ""  # KSIC's English edition is not a source: only the classes used are named
    assert t.iloc[4][["division", "name_ko"]].tolist() == ["", ""]
    assert len(ksic_class_names(revision=10)) == len(_read("ksic_classes.csv").query("revision == '10'"))
    with pytest.raises(ConfigError):
        ksic_class_names(revision=8)
