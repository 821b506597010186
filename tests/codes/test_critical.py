"""Critical inputs: the shipped rows for the 2019 items, user tables and their validation."""

import pandas as pd
import pytest

from exposure.codes.critical import COLUMNS, criticality_of, default_critical_path, load_critical_inputs
from exposure.errors import DataError, ValidationFailures

HEADER = "code,code_system,sector,ksic,criticality,dependent_share,domestic_share,stock_days,source\n"
GOOD = "281111,HS6,D26,2611,critical,0.3,,,own judgment\n"


def _write(tmp_path, text, name="crit.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _failures(tmp_path, body, header=HEADER):
    with pytest.raises(ValidationFailures) as info:
        load_critical_inputs(_write(tmp_path, header + body))
    return info.value.failures


def test_shipped_rows():
    t = load_critical_inputs()
    assert list(t.columns) == COLUMNS and len(t) == 15
    crit = {(c, k): v for c, k, v in zip(t["code"], t["ksic"], t["criticality"])}
    for code in ("2811111000", "281111", "3707901010", "370790"):  # fab process chemicals
        assert (crit[(code, "2611")], crit[(code, "2612")], crit[(code, "2621")]) == ("critical", "critical",
                                                                                      "important")
    for code in ("3920999010", "392099", "392190"):  # flexible OLED film
        assert crit[(code, "2621")] == "critical" and (code, "2611") not in crit
    assert set(t["sector"]) == {"D26"} and set(t["code_system"]) == {"HSK10", "HS6"}
    share = dict(zip(t["ksic"], t["dependent_share"]))
    assert share == {"2611": 0.2793, "2612": 0.0318, "2621": 0.2413}
    assert t["domestic_share"].isna().all() and t["stock_days"].isna().all()  # no public figure: left empty
    for col in ("source", "name_ko", "name_en", "note_ko", "note_en"):
        assert (t[col] != "").all(), col
    assert set(t.loc[t["code"] == "2811111000", "name_ko"]) == {"반도체 제조용 불화수소"}
    assert set(t["origin"]) == {"critical_inputs.csv"} and default_critical_path().is_file()


@pytest.mark.shared_data
def test_dependent_shares_follow_the_2015_census(shared_data):
    census = pd.read_csv(shared_data / "census" / "economic_census_2015_mining_manufacturing.csv", dtype=str,
                         keep_default_na=False)
    ksic = (census["industry_medium"].str.zfill(2) + census["industry_small"] + census["industry_subdivision"]
            + census["industry_subsubdivision"])
    production = pd.to_numeric(census["production"], errors="coerce")  # '***' = confidential, none in 26-27
    assert production[ksic.str[:2].isin(["26", "27"])].notna().all()
    # OECD D26 = ISIC 26 = KSIC 26 and KSIC 27 without medical instruments (2719) and spectacles (2731)
    d26 = ksic.str[:2].eq("26") | (ksic.str[:2].eq("27") & ~ksic.str[:4].isin(["2719", "2731"]))
    division = production[ksic.str[:2] == "26"].sum()
    assert division == 239_658_676 and production[d26].sum() == 256_420_164  # million KRW, 2015
    t = load_critical_inputs()
    for cls in ("2611", "2612", "2621"):
        class_production = production[ksic.str[:4] == cls].sum()
        assert t.loc[t["ksic"] == cls, "dependent_share"].iloc[0] == round(class_production / production[d26].sum(), 4)
    # over KSIC division 26 alone the shares would be 0.2988, 0.0340, 0.2582 (SOURCES.md gives both)
    assert round(production[ksic.str[:4] == "2611"].sum() / division, 4) == 0.2988


@pytest.mark.shared_data
def test_ksic_classes_as_statistics_korea_names_them(shared_data):
    from exposure.codes.names import ksic_class_names
    db = pd.read_csv(shared_data / "ksic" / "ksicDB.csv", dtype=str)
    for rev in (9, 10):
        names = db[(db["digit"] == "4") & (db["ksic_C"] == f"C{rev}")].set_index("cd")["nm"]
        got = ksic_class_names(["2611", "2612", "2621"], revision=rev).set_index("ksic")["name_ko"]
        assert got.to_dict() == names[["2611", "2612", "2621"]].to_dict()
    # the same 4-digit classes in both revisions; 2621 renamed (평판 디스플레이 → 표시장치), 2611/2612 split at 5 digits
    assert ksic_class_names(["2621"], 9)["name_ko"].item() == "평판 디스플레이 제조업"
    assert ksic_class_names(["2621"], 10)["name_ko"].item() == "표시장치 제조업"


def test_user_rows_replace_shipped_rows_and_add_new_ones(tmp_path):
    path = _write(tmp_path, HEADER + "281111,HS6,D26,2611,important,0.5,,,own survey\n"
                                     "3818001000,HSK10,D26,2611,critical,0.2793,0.1,30,wafers\n")
    t = load_critical_inputs(path)
    assert len(t) == 15 + 1
    row = t[(t["code"] == "281111") & (t["ksic"] == "2611")]
    assert row[["criticality", "dependent_share", "source", "origin"]].values.tolist() == [
        ["important", 0.5, "own survey", "crit.csv"]]
    wafer = t[t["code"] == "3818001000"].iloc[0]
    assert (wafer["domestic_share"], wafer["stock_days"]) == (0.1, 30.0)
    assert len(t[(t["code"] == "281111")]) == 3  # 2612 and 2621 rows of the shipped table stay
    only = load_critical_inputs(path, include_defaults=False)
    assert only["code"].tolist() == ["281111", "3818001000"]


def test_unlisted_products_are_non_critical():
    c = criticality_of(["392190", "848620", "2811112000"])
    assert c.loc[c["code"] == "392190", ["ksic", "criticality"]].values.tolist() == [["2621", "critical"]]
    assert c.loc[c["code"] != "392190", "criticality"].tolist() == ["non-critical", "non-critical"]
    assert c.loc[c["code"] == "848620", "dependent_share"].isna().all()


@pytest.mark.parametrize(("body", "row", "column", "message"), [
    ("281111,HS6,D26,2611,vital,0.3,,,x\n", 2, "criticality",
     "expected critical, important, non-critical, got 'vital'"),
    ("281111,HS6,D26,2611,critical,1.2,,,x\n", 2, "dependent_share", "expected a share in (0, 1], got '1.2'"),
    ("281111,HS6,D26,2611,critical,0,,,x\n", 2, "dependent_share", "expected a share in (0, 1], got '0'"),
    ("281111,HS6,D26,2611,critical,,,,x\n", 2, "dependent_share", "expected a share in (0, 1], got ''"),
    ("281111,HS6,D26,2611,critical,0.3,1,,x\n", 2, "domestic_share", "expected a share in [0, 1), got '1'"),
    ("281111,HS6,D26,2611,critical,0.3,,-5,x\n", 2, "stock_days", "expected a number of days from 0 to 3,650 (ten years), got '-5'"),
    ("281111,HS6,D99,2611,critical,0.3,,,x\n", 2, "sector", "expected a OECD36 sector code such as D26, got 'D99'"),
    ("281111,HS6,D26,2611,critical,0.3,,,\n", 2, "source", "expected a source"),
    (GOOD + GOOD, 3, "ksic", "code 281111, sector D26 and ksic '2611' appear twice (first on row 2)"),
    ("10121,HS6,D26,2611,critical,0.3,,,x\n", 2, "code", "got '10121': a lost leading zero? write '010121'"),
    ("101210000,HSK10,D26,2611,critical,0.3,,,x\n", 2, "code", "write '0101210000'"),
    ("28111X,HS6,D26,2611,critical,0.3,,,x\n", 2, "code", "expected a 6-digit HS code, got '28111X'"),
    ("281111,HS9,D26,2611,critical,0.3,,,x\n", 2, "code_system", "expected a code system HSK10, HS6, got 'HS9'"),
    ("281111,HS6,D26,9999,critical,0.3,,,x\n", 2, "ksic", "expected a 4-digit KSIC class of the 9th revision"),
    ("281111,HS6,D20T21,2611,critical,0.3,,,x\n", 2, "ksic", "KSIC 2611 does not lie in sector D20T21"),
    (GOOD + "281111,HS6,D26,2621,critical,0.8,,,x\n", 3, "dependent_share",
     "the dependent shares of code 281111 in sector D26 sum to 1.1; expected at most 1"),
])
def test_each_failure_names_row_and_column(tmp_path, body, row, column, message):
    failures = _failures(tmp_path, body)
    assert len(failures) == 1, failures["problem"].tolist()
    first = failures.iloc[0]
    assert (first["row"], first["column"]) == (row, column)
    assert message in first["problem"] and first["source"] == "crit.csv"


def test_all_problems_are_reported_at_once_in_row_order(tmp_path):
    body = "10121,HS6,D26,2611,critical,0.3,,,x\n281111,HS6,D99,2611,vital,1.5,,,\n"
    with pytest.raises(ValidationFailures) as info:
        load_critical_inputs(_write(tmp_path, HEADER + body))
    f = info.value.failures
    assert f[["row", "column"]].values.tolist() == [[2, "code"], [3, "sector"], [3, "criticality"],
                                                    [3, "dependent_share"], [3, "source"]]
    text = str(info.value)
    assert text.startswith("crit.csv: not a valid critical-inputs table: 5 problems")
    assert "crit.csv: row 3, column 'criticality'" in text


def test_missing_columns_and_file(tmp_path):
    with pytest.raises(ValidationFailures) as info:
        load_critical_inputs(_write(tmp_path, "code,code_system,sector\n281111,HS6,D26\n"))
    assert info.value.failures["column"].tolist() == ["criticality", "dependent_share", "source"]
    assert info.value.failures["row"].isna().all()
    with pytest.raises(DataError, match="critical-inputs table not found"):
        load_critical_inputs(tmp_path / "nope.csv")


def test_optional_columns_may_be_absent_and_cp949_or_excel_works(tmp_path):
    path = _write(tmp_path, "code,code_system,sector,criticality,dependent_share,source,note_ko\n"
                            "281111,HS6-2017,D26,Critical,0.5,own,반도체용\n", encoding="cp949")
    t = load_critical_inputs(path, include_defaults=False)
    assert t[["code_system", "ksic", "criticality", "note_ko"]].values.tolist() == [["HS6", "", "critical", "반도체용"]]
    xlsx = tmp_path / "crit.xlsx"
    pd.DataFrame({"code": [10121], "code_system": ["HS6"], "sector": ["D01T03"], "criticality": ["critical"],
                  "dependent_share": [0.5], "source": ["x"]}).to_excel(xlsx, index=False)
    with pytest.raises(ValidationFailures, match="lost leading zero"):  # a number cell drops the zero
        load_critical_inputs(xlsx)


def test_other_sector_system(tmp_path):
    path = _write(tmp_path, HEADER + GOOD)
    t = load_critical_inputs(path, sector_system="OECD45", include_defaults=False)
    assert t["sector"].tolist() == ["D26"]
    # the shipped rows use D26, which WIOD56 calls C26: as with the override defaults, WIOD56 runs fail
    with pytest.raises(ValidationFailures, match="(?s)critical_inputs.csv: not a valid.*WIOD56 sector code"):
        load_critical_inputs(path, sector_system="WIOD56", include_defaults=False)


def test_a_user_row_that_lifts_the_shipped_shares_above_one_is_refused(tmp_path):
    f = tmp_path / "critical_over.csv"
    # no ksic: it replaces none of the three shipped HF rows in D26 (2611 0.2793, 2612 0.0318, 2621 0.2413)
    f.write_text("code,code_system,sector,ksic,criticality,dependent_share,source\n"
                 "2811111000,HSK10,D26,,critical,0.9,own judgment\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_critical_inputs(f)
    assert str(err.value).startswith("critical_over.csv: the dependent shares of code 2811111000 in sector D26 sum to "
                                     "1.452 with the shipped rows your file does not replace (2611 0.2793, 2612 0.0318, "
                                     "2621 0.2413): expected at most 1")
    f.write_text("code,code_system,sector,ksic,criticality,dependent_share,source\n"
                 "2811111000,HSK10,D26,,critical,0.4,own judgment\n", encoding="utf-8")  # 0.4 + 0.5524 ≤ 1: read
    assert len(load_critical_inputs(f)) == len(load_critical_inputs()) + 1


def test_stock_days_must_be_finite(tmp_path):
    f = tmp_path / "critical_inf.csv"
    f.write_text("code,code_system,sector,ksic,criticality,dependent_share,source,stock_days\n"
                 "2811111000,HSK10,D26,2611,critical,0.2,own judgment,inf\n", encoding="utf-8")
    with pytest.raises(ValidationFailures, match=r"expected a number of days from 0 to 3,650 \(ten years\), got 'inf'"):
        load_critical_inputs(f)
