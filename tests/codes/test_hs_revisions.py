"""HS revision conversion: the UNSD link tables, weights and conservation of value."""

import itertools

import numpy as np
import pandas as pd
import pytest

from exposure.codes.hs_revisions import _table, convert_hs, hs_concordance, hs_revision, revision_links
from exposure.errors import DataError

PAIRS = list(itertools.permutations(["2012", "2017", "2022"], 2))


@pytest.mark.parametrize(("new", "old"), [("2017", "2012"), ("2022", "2017"), ("2022", "2012")])
def test_link_tables(new, old):
    t = _table(new, old)
    assert not t.duplicated([f"hs{new}", f"hs{old}"]).any()
    assert t[f"hs{new}"].str.fullmatch(r"\d{6}").all() and t[f"hs{old}"].str.fullmatch(r"\d{6}").all()
    conv = t[t["conversion"] == 1]
    assert conv[f"hs{new}"].is_unique  # UNSD's conversion gives each newer code one older code
    assert set(conv[f"hs{new}"]) == set(t[f"hs{new}"])
    assert set(t["relationship"]) == {"1:1", "1:n", "n:1", "n:n"}


@pytest.mark.parametrize(("src", "dst"), PAIRS)
@pytest.mark.parametrize("method", ["standard", "correlation"])
def test_weights_sum_to_one(src, dst, method):
    c = hs_concordance(src, dst, method=method)
    sums = c.groupby("from_code")["weight"].sum()
    assert np.abs(sums - 1).max() < 1e-12
    assert (c["weight"] > 0).all()
    # every code of the source revision has somewhere to go
    new, old = max(src, dst), min(src, dst)
    assert set(c["from_code"]) == set(_table(new, old)[f"hs{src}"])


def test_standard_newer_to_older_never_splits():
    c = hs_concordance("2022", "2017")
    assert c["from_code"].is_unique and (c["weight"] == 1).all()


def test_laptops_not_sent_to_ewaste():
    standard = revision_links(2017, 2022)
    assert standard.loc[standard["from_code"] == "847130", "to_code"].tolist() == ["847130"]
    corr = revision_links(2017, 2022, method="correlation")
    assert "854921" in set(corr.loc[corr["from_code"] == "847130", "to_code"])


def test_split_equal_and_by_trade_weights():
    # HS2012 300210 (blood fractions, immunological products) became HS2017 300211-300215 and 300219
    df = pd.DataFrame({"code": ["300210"], "value": [600.0]})
    equal, report = convert_hs(df, "code", "value", 2012, 2017)
    assert equal["code"].tolist() == ["300211", "300212", "300213", "300214", "300215", "300219"]
    assert equal["value"].tolist() == [100.0] * 6
    assert report[["code", "status", "n_targets"]].values.tolist() == [["300210", "split", 6]]
    assert "equal" in report["detail"].iloc[0]

    weights = pd.Series({"300211": 30.0, "300212": 10.0, "999999": 5.0})
    weighted, report = convert_hs(df, "code", "value", 2012, 2017, weights=weights)
    assert weighted.set_index("code")["value"].to_dict() == {"300211": 450.0, "300212": 150.0, "300213": 0.0,
                                                              "300214": 0.0, "300215": 0.0, "300219": 0.0}
    assert "trade" in report["detail"].iloc[0]

    as_frame = pd.DataFrame({"code": [300211, 300212], "value": [30, 10]})
    again, _ = convert_hs(df, "code", "value", 2012, 2017, weights=as_frame)
    assert again["value"].tolist() == weighted["value"].tolist()


def test_no_trade_weight_falls_back_to_equal():
    c = hs_concordance(2012, 2017, weights=pd.Series({"010121": 1.0}))
    part = c[c["from_code"] == "300210"]
    assert (part["weight_basis"] == "equal (no trade weights)").all()
    assert np.allclose(part["weight"], 1 / 6)


def test_unmatched_reported_and_value_accounted():
    df = pd.DataFrame({"code": ["847130", "123456", "10619"], "value": [1.0, 2.0, 3.0],
                       "year": [2018, 2018, 2018], "code_system": ["HS6-2017"] * 3})
    before = df.copy()
    out, report = convert_hs(df, "code", "value", "HS2017", "H4", source="f.csv")
    pd.testing.assert_frame_equal(df, before)
    assert out["code"].tolist() == ["010619", "847130"]
    assert (out["code_system"] == "HS6-2012").all()
    assert report[["code", "status", "value"]].values.tolist() == [["123456", "unmatched", 2.0]]
    assert out["value"].sum() + report.loc[report["status"] == "unmatched", "value"].sum() == df["value"].sum()


def test_merges_rows_that_meet_in_one_code():
    # HS2017 300211 … 300219 all convert back to HS2012 300210
    df = pd.DataFrame({"partner": ["JPN", "JPN", "USA"], "code": ["300212", "300213", "300212"],
                       "value": [1.0, 2.0, 4.0]})
    out, _ = convert_hs(df, "code", "value", 2017, 2012)
    assert out.values.tolist() == [["JPN", "300210", 3.0], ["USA", "300210", 4.0]]
    only_code, _ = convert_hs(df, "code", "value", 2017, 2012, keep=[])
    assert only_code.values.tolist() == [["300210", 7.0]]


def test_errors():
    df = pd.DataFrame({"code": ["847130"], "value": ["a lot"]})
    with pytest.raises(DataError, match="expected numbers"):
        convert_hs(df, "code", "value", 2017, 2012)
    with pytest.raises(DataError, match="expected a column 'amount'"):
        convert_hs(df, "code", "amount", 2017, 2012)
    with pytest.raises(DataError, match="non-negative"):
        hs_concordance(2012, 2017, weights=pd.Series({"300211": -1.0}))
    bad = pd.DataFrame({"code": ["84713X"], "value": [1.0]})
    with pytest.raises(DataError, match="6-digit HS code"):
        convert_hs(bad, "code", "value", 2017, 2012, source="x.csv")
    with pytest.raises(ValueError):
        hs_revision("HS2007")
    with pytest.raises(ValueError):
        revision_links(2017, 2017)


@pytest.mark.parametrize(("label", "year"), [(2017, "2017"), ("17", "2017"), ("HS2012", "2012"),
                                             ("HS6-2022", "2022"), ("H5", "2017"), ("h4", "2012")])
def test_hs_revision(label, year):
    assert hs_revision(label) == year


@pytest.mark.shared_data
@pytest.mark.parametrize("method", ["standard", "correlation"])
def test_round_trip_conserves_comtrade_2018_total(shared_data, method):
    path = shared_data / "comtrade_kor_jpn" / "KJimport2018.csv"
    raw = pd.read_csv(path, dtype={"Commodity Code": str}, usecols=["Commodity Code", "Trade Value (US$)"])
    value = "Trade Value (US$)"
    assert raw[value].sum() == 54_603_331_337  # README reference: $54,603 million over 4,226 products
    hs12, report12 = convert_hs(raw, "Commodity Code", value, 2017, 2012, method=method, source=path.name)
    back, report17 = convert_hs(hs12, "Commodity Code", value, 2012, 2017, method=method)
    assert (report12["status"] != "unmatched").all() and (report17["status"] != "unmatched").all()
    assert hs12[value].sum() == pytest.approx(54_603_331_337, rel=1e-12)
    assert back[value].sum() == pytest.approx(54_603_331_337, rel=1e-12)
    # a code that is 1:1 in both tables comes back unchanged: 281111 (hydrogen fluoride) $73,141,118
    assert back.set_index("Commodity Code").loc["281111", value] == pytest.approx(73_141_118)
