"""Country codes: the shipped tables, name matching and the real Korea Customs files."""

import pandas as pd
import pytest

from exposure.codes.countries import (UNKNOWN, WORLD, _lookup, _read, country_names, country_table,
                                      from_numeric, name_key, partner_of_header, to_iso3)


# ----------------------------------------------------------------------------- the tables


def test_country_table_keys_unique_and_well_formed():
    t = country_table()
    assert t["iso3"].is_unique
    assert t["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    iso2 = t.loc[t["iso2"] != "", "iso2"]
    assert iso2.is_unique and iso2.str.fullmatch(r"[A-Z]{2}").all()
    assert t["m49"].is_unique and t["m49"].str.fullmatch(r"\d{3}").all()
    baci = t.loc[t["baci"] != "", "baci"]
    assert baci.is_unique and baci.str.fullmatch(r"\d{3}").all()
    assert (t["name_ko"] != "").all() and (t["name_en"] != "").all()
    # ISO 3166-1 has 249 current entries
    assert (t["current"] == "1").sum() == 249


def test_namibia_is_not_read_as_missing():
    t = country_table().set_index("iso3")
    assert t.loc["NAM", "iso2"] == "NA"


@pytest.mark.parametrize(
    ("iso3", "m49", "baci"),
    # M49 = ISO numeric; BACI/Comtrade differ for France, Norway, India, Switzerland, the US and Taiwan
    [("KOR", "410", "410"), ("JPN", "392", "392"), ("CHN", "156", "156"), ("FRA", "250", "251"),
     ("USA", "840", "842"), ("IND", "356", "699"), ("CHE", "756", "757"), ("NOR", "578", "579"),
     ("TWN", "158", "490"), ("VNM", "704", "704"), ("BEL", "056", "056"), ("DEU", "276", "276")],
)
def test_numeric_codes(iso3, m49, baci):
    t = country_table().set_index("iso3")
    assert t.loc[iso3, "m49"] == m49
    assert t.loc[iso3, "baci"] == baci


def test_aliases_point_to_known_codes():
    aliases = _read("country_aliases.csv")
    known = set(country_table()["iso3"]) | {WORLD, UNKNOWN, ""}
    assert set(aliases["iso3"]) <= known
    assert not aliases.duplicated(["alias", "iso3"]).any()


def test_no_name_means_two_countries():
    table = _lookup()  # raises if two entries share a key with different targets
    assert table[name_key("Korea")][0] == "KOR"


def test_every_baci_code_maps():
    baci = _read("baci_countries.csv")
    out = from_numeric(baci["baci"], kind="baci")
    unmapped = baci.loc[out.isna(), "baci"].tolist()
    assert unmapped == ["697"]  # Europe EFTA, nes: a group


# ----------------------------------------------------------------------------- matching


def test_to_iso3_mixed_names():
    names = pd.Series(["일본", "Chinese Taipei", "Viet Nam", "총계", None, "기타국", "Atlantis", "EU",
                       "Rep. of Korea", "China, Hong Kong SAR", "USA", "Other Asia, nes", "세계", "  ",
                       "대만", "홍콩", "베트남", "미국", "독일", "중국", "JP", "jpn", "World", "전세계",
                       "korea, rep.", "TAIWAN", "Dem. Rep. of the Congo", "Côte d'Ivoire", "Cote dIvoire"],
                      index=range(100, 129))
    iso3, unmatched = to_iso3(names, source="x.csv")
    assert list(iso3.index) == list(range(100, 129))
    assert iso3.tolist() == ["JPN", "TWN", "VNM", None, "UNK", "UNK", None, None, "KOR", "HKG", "USA", "TWN",
                             "WLD", "UNK", "TWN", "HKG", "VNM", "USA", "DEU", "CHN", "JPN", "JPN", "WLD", "WLD",
                             "KOR", "TWN", "COD", "CIV", "CIV"]
    reasons = dict(zip(unmatched["name"], unmatched["reason"]))
    assert reasons == {"총계": "total row, not a partner", "기타국": "unspecified partner, kept as UNK",
                       "Atlantis": "unknown country name", "EU": "group of countries, not one partner"}
    assert (unmatched["source"] == "x.csv").all()
    assert names.iloc[0] == "일본"  # input untouched


def test_unmatched_counts_and_order():
    iso3, unmatched = to_iso3(["EU", "Atlantis", "EU", "일본", "EU"])
    assert unmatched[["name", "count"]].values.tolist() == [["EU", 3], ["Atlantis", 1]]
    assert iso3.isna().sum() == 4


def test_from_numeric():
    assert from_numeric([392, "410", 251, 58, "abc", None, 697], kind="baci").tolist() == \
        ["JPN", "KOR", "FRA", "BEL", None, None, None]
    assert from_numeric(["250", "158", "001", 4], kind="m49").tolist() == ["FRA", "TWN", "WLD", "AFG"]
    assert from_numeric([0, 899, 490], kind="comtrade").tolist() == ["WLD", "UNK", "TWN"]
    with pytest.raises(ValueError):
        from_numeric([1], kind="iso")


def test_country_names():
    assert country_names(["JPN", "TWN", "WLD"]).tolist() == ["일본", "대만", "세계"]
    assert country_names(["KOR"], lang="en").tolist() == ["Republic of Korea"]


# ----------------------------------------------------------------------------- real files


@pytest.mark.shared_data
def test_korea_customs_download_partners(shared_data):
    path = shared_data / "kcs" / "kcs_download_hs2_by_country_2024.csv"
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    iso3, unmatched = to_iso3(df["국가"], source=path.name)
    # every name either maps to a country or is reported; 국제통화기금 (IMF) is not a country
    missing = set(df.loc[iso3.isna(), "국가"])
    assert missing == set(unmatched.loc[unmatched["iso3"].isna(), "name"]) == {"국제통화기금"}
    assert set(unmatched["name"]) == {"기타국", "국제통화기금"}
    named = dict(zip(df["국가"], iso3))
    expected = {"일본": "JPN", "중국": "CHN", "대만": "TWN", "홍콩": "HKG", "베트남": "VNM", "미국": "USA",
                "독일": "DEU", "베닝": "BEN", "벨리제": "BLZ", "기네비소": "GNB", "도미니카": "DMA",
                "도미니카 공화국": "DOM", "세인트 마틴": "SXM", "세인트마틴(생마르탱)": "MAF", "네덜란드 열도": "ANT",
                "튀르키예": "TUR", "불령 리유니온 코모도 제도": "REU", "코스 군도": "CCK", "파로에 군도": "FRO",
                "보빗군도": "BVT", "교황청": "VAT", "팔레스타인 해방기구": "PSE", "러시아 연방": "RUS",
                "사이프러스": "CYP", "마세도니아": "MKD", "스와질랜드": "SWZ", "기타국": "UNK"}
    assert {k: named[k] for k in expected} == expected
    # the grand-total row has an empty partner: UNK here, the loader recognises it by 기간 == 총계
    assert iso3.iloc[0] == "UNK" and df["기간"].iloc[0] == "총계"
    # distinct partners map to distinct countries
    pairs = pd.DataFrame({"name": df["국가"], "iso3": iso3}).dropna().drop_duplicates()
    assert not pairs[pairs["iso3"] != "UNK"]["iso3"].duplicated().any()


@pytest.mark.shared_data
def test_hsk10_monthly_partner_names(shared_data):
    path = shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx"
    df = pd.read_excel(path, usecols=["Country"])
    iso3, unmatched = to_iso3(df["Country"], source=path.name)
    assert unmatched.empty
    assert iso3.notna().all()
    assert (iso3 == "UNK").sum() == df["Country"].isna().sum() == 5
    named = dict(zip(df["Country"], iso3))
    expected = {"Japan": "JPN", "Taiwan": "TWN", "HongKong": "HKG", "Netherland": "NLD", "Netherlands": "NLD",
                "Swiss": "CHE", "Rumania": "ROU", "SouthAfrica": "ZAF", "UK": "GBR", "USA": "USA",
                "Czech": "CZE", "Russia": "RUS", "Vietnam": "VNM"}
    assert {k: named[k] for k in expected} == expected
    assert df["Country"].nunique() == 50
    assert iso3.nunique() == 49 + 1  # Netherland/Netherlands are one country; blanks → UNK


@pytest.mark.parametrize("header, iso3", [
    ("대일본 금액", "JPN"), ("대일 수출액(백만달러)", "JPN"), ("대 일본 금액", "JPN"), ("대중국 수출액", "CHN"),
    ("대중 수출액", "CHN"), ("대미 수출액", "USA"), ("대베트남 금액", "VNM"),
    # no partner named: the generic target column, a plain export column, a group that is no country
    ("대상국 수출액", None), ("수출액", None), ("대EU 금액", None),
])
def test_partner_of_a_towards_header(header, iso3):
    assert partner_of_header(header) == iso3
