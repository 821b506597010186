"""End-use overrides: the shipped defaults for the 2019 items, the user format and its validation."""

import pandas as pd
import pytest

from exposure.codes.concordance import concordance
from exposure.codes.overrides import COLUMNS, default_overrides_path, load_overrides
from exposure.errors import DataError

HEADER = "code,code_system,sector,share,note_en\n"


def _write(tmp_path, text, name="ovr.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_defaults():
    o = load_overrides()
    assert list(o.columns) == COLUMNS
    shares = {(c, s): v for c, s, v in zip(o["code"], o["sector"], o["share"])}
    assert shares == {("2811111000", "D26"): 1.0, ("3707901010", "D26"): 1.0, ("3920999010", "D26"): 1.0,
                      ("281111", "D26"): 0.91, ("370790", "D26"): 0.75, ("392099", "D26"): 0.05}
    assert set(o["code_system"]) == {"HSK10", "HS6"}
    assert (o["note_en"] != "").all() and (o["note_ko"] != "").all() and (o["source"] != "").all()
    assert (o["name_ko"] != "").all() and (o["name_en"] != "").all()
    assert o.set_index("code").loc["2811111000", "name_ko"] == "반도체 제조용 불화수소"


@pytest.mark.parametrize(("hs6", "producer"), [("281111", "D20T21"), ("370790", "D20T21"), ("392099", "D22")])
def test_2019_items_produced_by_chemicals_and_plastics_used_by_electronics(hs6, producer):
    c = concordance("HS6-OECD36")
    assert c.loc[c["from_code"] == hs6, "to_code"].tolist() == [producer]
    o = load_overrides()
    users = o[o["code"].str.startswith(hs6)]
    assert set(users["sector"]) == {"D26"}
    assert set(users["code_system"]) == {"HS6", "HSK10"}
    hsk = users[users["code_system"] == "HSK10"]
    assert hsk["share"].tolist() == [1.0]


@pytest.mark.shared_data
def test_hs6_shares_follow_2018_imports_from_japan(shared_data):
    comtrade = pd.read_csv(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv", dtype={"Commodity Code": str})
    hs6 = comtrade.assign(code=comtrade["Commodity Code"].str.zfill(6)).set_index("code")["Trade Value (US$)"]
    monthly = pd.read_excel(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx")
    japan = monthly[(monthly["Year"] == 2018) & (monthly["Country"] == "Japan")]
    hsk = japan.groupby("Item")["Import_dollar"].sum()
    pi = pd.read_excel(shared_data / "kcs" / "korea_japan_pi_annual.xlsx")
    year = pd.to_numeric(pi["Year"].astype(str).str.strip())  # the sheet stores years as text with a no-break space
    polyimide = pi.loc[year == 2018, "ImportQuantityDollar"].item()
    assert hsk[2811111000] == 66_856_769 and hs6["281111"] == 73_141_118  # README reference figures
    expected = {"281111": hsk[2811111000] / hs6["281111"], "370790": hsk[3707901010] / hs6["370790"],
                "392099": polyimide / hs6["392099"]}
    o = load_overrides().set_index("code")["share"]
    for code, share in expected.items():
        assert o[code] == round(share, 2), code


def test_user_table_adds_to_and_replaces_defaults(tmp_path):
    path = _write(tmp_path, HEADER + "3818001000,HSK10,D26,1,wafers\n281111,HS6-2017,D26,0.5,own\n"
                                     "281111,HS6,D20T21,0.2,own\n")
    o = load_overrides(path)
    assert len(o) == 6 - 1 + 3
    assert o.loc[o["code"] == "281111", ["sector", "share"]].values.tolist() == [["D26", 0.5], ["D20T21", 0.2]]
    assert "2811111000" in set(o["code"]) and "3818001000" in set(o["code"])
    only = load_overrides(path, include_defaults=False)
    assert only["code"].tolist() == ["3818001000", "281111", "281111"]
    assert only["code_system"].tolist() == ["HSK10", "HS6", "HS6"]


def test_leading_zeros_restored(tmp_path):
    path = _write(tmp_path, HEADER + "10121,HS6,D01T03,1,\n101210000,HSK10,D01T03,1,\n")
    assert load_overrides(path, include_defaults=False)["code"].tolist() == ["010121", "0101210000"]


@pytest.mark.parametrize(
    ("body", "row", "column", "message"),
    [("281111,HS6,D26,1.5,x\n", 2, "share", "expected a share between 0 and 1, got '1.5'"),
     ("281111,HS6,D26,abc,x\n", 2, "share", "got 'abc'"),
     ("281111,HS6,D99,0.5,x\n", 2, "sector", "expected a OECD36 sector code"),
     ("281111,HS6,D26,0.5,x\n281111,HS6,D27,0.6,x\n", 3, "share", "sum to 1.1"),
     ("281111,HS9,D26,0.5,x\n", 2, "code_system", "expected a code system"),
     ("28111X,HS6,D26,0.5,x\n", 2, "code", "6-digit HS code"),
     ("281111,HS6,D26,0.5,x\n281111,HS6,D26,0.1,x\n", 3, "sector", "appear twice")],
)
def test_validation_names_row_and_column(tmp_path, body, row, column, message):
    path = _write(tmp_path, HEADER + body)
    with pytest.raises(DataError) as info:
        load_overrides(path)
    assert info.value.row == row and info.value.column == column
    assert message in str(info.value)
    assert str(info.value).startswith("ovr.csv")


def test_missing_columns_and_file(tmp_path):
    with pytest.raises(DataError, match="missing share"):
        load_overrides(_write(tmp_path, "code,code_system,sector\n281111,HS6,D26\n"))
    with pytest.raises(DataError, match="not found"):
        load_overrides(tmp_path / "nope.csv")


def test_other_sector_system(tmp_path):
    path = _write(tmp_path, HEADER + "281111,HS6,D20,0.5,x\n")
    with pytest.raises(DataError, match="OECD36"):
        load_overrides(path, include_defaults=False)
    assert load_overrides(path, sector_system="OECD45", include_defaults=False)["sector"].tolist() == ["D20"]


def test_cp949_and_excel(tmp_path):
    path = _write(tmp_path, "code,code_system,sector,share,note_ko\n281111,HS6,D26,0.5,반도체용\n",
                  encoding="cp949")
    assert load_overrides(path, include_defaults=False)["note_ko"].tolist() == ["반도체용"]
    xlsx = tmp_path / "ovr.xlsx"
    pd.DataFrame({"code": [2811111000], "code_system": ["HSK10"], "sector": ["D26"], "share": [1]}).to_excel(
        xlsx, index=False)
    assert load_overrides(xlsx, include_defaults=False)[["code", "share"]].values.tolist() == [["2811111000", 1.0]]


def test_default_file_is_packaged():
    assert default_overrides_path().is_file()


@pytest.mark.parametrize("content, message", [
    (b"", "ov.csv: the override table is empty: expected a header row of columns and a row per entry"),
    ('code,code_system,sector,share\n2811111000,HSK10,D26,1.0,extra,more\n'.encode(),
     "ov.csv: row 2: this row has 6 fields but the header 4 (code, code_system, sector, share): expected one field "
     "per column (a comma inside a value needs quotes)"),
])
def test_an_override_file_that_is_empty_or_ragged_is_named(tmp_path, content, message):
    from exposure.codes.overrides import load_overrides

    f = tmp_path / "ov.csv"
    f.write_bytes(content)
    with pytest.raises(DataError) as err:
        load_overrides(f)
    assert str(err.value) == message
