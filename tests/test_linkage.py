"""Products → sectors (DESIGN §5): textbook IO algebra, concordance allocation, propagation, overrides."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.linkage import (
    allocate,
    calc_imported_coefficients,
    calc_leontief_inverse,
    calc_technical_coefficients,
    build_propagator,
    check_products_link,
    split_import_proportional,
)
from exposure.schema import IOTable

SECTORS = ["S1", "S2"]


def mb_io(imports=(200.0, 80.0)) -> IOTable:
    """Miller & Blair's two-sector example as the domestic table, with hand-made imported flows.

    Z^D = [[150, 500], [200, 100]], x = [1000, 2000] (Miller & Blair 2009, *Input–Output
    Analysis: Foundations and Extensions*, 2nd ed., §2.3); Z^M = [[50, 100], [0, 40]];
    imports by product group M = [200, 80] (the rest of M goes to final use).
    """
    zd = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=SECTORS, columns=SECTORS)
    zm = pd.DataFrame([[50.0, 100.0], [0.0, 40.0]], index=SECTORS, columns=SECTORS)
    return IOTable(domestic=zd, imported=zm, output=pd.Series([1000.0, 2000.0], index=SECTORS),
                   exports=pd.Series([300.0, 600.0], index=SECTORS), imports=pd.Series(list(imports), index=SECTORS))


CONC = pd.DataFrame({"from_code": ["p1", "p2"], "to_code": ["S1", "S2"], "weight": [1.0, 1.0]})


def test_miller_blair_coefficients_and_leontief_inverse():
    # A = Z / x = [[.15, .25], [.2, .05]]; det(I − A) = .85·.95 − .25·.2 = .7575;
    # L = [[.95, .25], [.2, .85]] / .7575 = [[1.2541, .3300], [.2640, 1.1221]]
    Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    x = np.array([1000.0, 2000.0])
    A = calc_technical_coefficients(Z, x)
    np.testing.assert_allclose(A, [[0.15, 0.25], [0.2, 0.05]])
    L = calc_leontief_inverse(A)
    np.testing.assert_allclose(L, np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575)
    np.testing.assert_allclose(L.round(4), [[1.2541, 0.3300], [0.2640, 1.1221]])
    # DataFrames keep their labels; a stack of matrices inverts draw by draw
    Adf = calc_technical_coefficients(pd.DataFrame(Z, index=SECTORS, columns=SECTORS), pd.Series(x, index=SECTORS))
    assert list(calc_leontief_inverse(Adf).columns) == SECTORS
    stack = np.stack([A, A * 0.5])
    np.testing.assert_allclose(calc_leontief_inverse(stack)[1], np.linalg.inv(np.eye(2) - A * 0.5))
    # a sector without output has a zero coefficient column, not a division error
    np.testing.assert_allclose(calc_imported_coefficients(Z, np.array([1000.0, 0.0]))[:, 1], [0.0, 0.0])


def test_singular_table_is_a_data_error():
    with pytest.raises(DataError, match="singular"):
        calc_leontief_inverse(np.array([[1.0, 0.0], [0.0, 0.5]]))


def test_split_import_proportional_by_hand():
    # m = imports / (output + imports) = [250/1250, 0/2000] = [0.2, 0]
    Z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=SECTORS, columns=SECTORS)
    dom, imp = split_import_proportional(Z, pd.Series([1000.0, 2000.0], index=SECTORS),
                                         pd.Series([250.0, 0.0], index=SECTORS))
    np.testing.assert_allclose(imp.to_numpy(), [[30.0, 100.0], [0.0, 0.0]])
    np.testing.assert_allclose(dom.to_numpy(), [[120.0, 400.0], [200.0, 100.0]])
    with pytest.raises(DataError, match="flip its sign"):
        split_import_proportional(Z, pd.Series([1000.0, 2000.0], index=SECTORS), pd.Series([-250.0, 0], index=SECTORS))


def test_allocate_splits_by_weight_and_reports_unmatched():
    conc = pd.DataFrame({"from_code": ["281111", "281111", "370790"], "to_code": ["D20T21", "D26", "D20T21"],
                         "weight": [0.75, 0.25, 1.0]})
    vals = pd.DataFrame({"code": ["2811111000", "370790", "999999"], "value": [100.0, 10.0, 5.0], "tag": ["a", "b", "c"]})
    alloc, miss = allocate(vals, conc)
    assert alloc[["code", "to_code", "value", "tag"]].values.tolist() == [
        ["2811111000", "D20T21", 75.0, "a"], ["2811111000", "D26", 25.0, "a"], ["370790", "D20T21", 10.0, "b"]]
    assert miss["code"].tolist() == ["999999"] and miss["value"].tolist() == [5.0]
    assert alloc["value"].sum() + miss["value"].sum() == vals["value"].sum()  # nothing lost
    bad = conc.assign(weight=[0.75, 0.2, 1.0])
    with pytest.raises(DataError, match="must sum to 1.*281111"):
        allocate(vals, bad)


def test_propagator_arrays_and_group_sums_by_hand():
    ovr = pd.DataFrame({"code": ["p1"], "sector": ["S2"], "share": [0.4]})
    prop = build_propagator(["p1", "p2"], mb_io(), CONC, ovr)
    # p1 → S1, p2 → S2; 40 % of p1 is an override to its user S2, the other 60 % spreads proportionally
    np.testing.assert_array_equal(prop.W, [[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(prop.O, [[0.0, 0.4], [0.0, 0.0]])
    np.testing.assert_allclose(prop.keep, [0.6, 1.0])
    np.testing.assert_allclose(prop.M, [200.0, 80.0])
    np.testing.assert_allclose(prop.group_sum(np.array([100.0, 30.0])), [100.0, 30.0])
    # a product split over groups, and a block of draws: each row as if alone
    split = build_propagator(["p1"], mb_io(), pd.DataFrame({"from_code": ["p1", "p1"], "to_code": ["S1", "S2"],
                                                             "weight": [0.25, 0.75]}), None)
    S = np.random.default_rng(7).uniform(0, 300, size=(50, 1))
    np.testing.assert_allclose(split.group_sum(S), S * [0.25, 0.75])
    np.testing.assert_array_equal(split.group_sum(S)[3], split.group_sum(S[3]))


def test_the_providers_split_sets_rounding_below_zero_to_zero_and_refuses_tables_that_do_not_match():
    from exposure.linkage import calc_official_split, io_with_official_split

    A = np.array([[0.2, 0.0], [0.1, 0.3]])
    Ad = np.array([[0.15, 0.0], [0.1, 0.2]])
    Lt, Ld = np.linalg.inv(np.eye(2) - A), np.linalg.inv(np.eye(2) - Ad)
    Ld_rounded = Ld.copy()
    Ld_rounded[0, 1] = 4e-4  # as published: a zero domestic coefficient comes back slightly negative
    _, ad, am = calc_official_split(Lt, Ld_rounded)
    assert (ad >= 0).all() and (am >= 0).all()
    labels = ["S1", "S2"]
    io = mb_io()
    frame = lambda m: pd.DataFrame(m, index=labels, columns=labels)  # noqa: E731
    table = io_with_official_split(io, frame(Lt), frame(Ld_rounded))
    assert any("came out below 0" in n for n in table.notes)
    wrong = Ld.copy()
    wrong[0, 1] = 0.05  # a domestic inverse from another table: A^D(1,2) far below 0
    with pytest.raises(DataError, match="expected the total and domestic inverses of the same table"):
        io_with_official_split(io, frame(Lt), frame(wrong))


def test_propagator_of_products_that_link_to_no_sector_is_all_zero():
    # none in the concordance: W is 0 and nothing is matched (this raised IndexError on an empty frame)
    none = build_propagator(["q1", "q2"], mb_io(), CONC, None)
    np.testing.assert_array_equal(none.W, np.zeros((2, 2)))
    np.testing.assert_array_equal(none.matched, [False, False])
    np.testing.assert_allclose(none.group_sum(np.array([100.0, 30.0])), [0.0, 0.0])
    # in the concordance, but to a sector the IO table lacks: matched, with no weight in W
    elsewhere = pd.DataFrame({"from_code": ["p1", "p2"], "to_code": ["S9", "S9"], "weight": [1.0, 1.0]})
    gone = build_propagator(["p1", "p2"], mb_io(), elsewhere, None)
    np.testing.assert_array_equal(gone.W, np.zeros((2, 2)))
    np.testing.assert_array_equal(gone.matched, [True, True])
    # one product links, one does not: only its row of W is filled
    some = build_propagator(["p2", "q1"], mb_io(), CONC, None)
    np.testing.assert_array_equal(some.W, [[0.0, 1.0], [0.0, 0.0]])
    np.testing.assert_array_equal(some.matched, [True, False])


HS6_CONC = pd.DataFrame({"from_code": ["281111", "370790"], "to_code": ["S1", "S2"], "weight": [1.0, 1.0]})


def _products(codes: list[str], system: str) -> pd.DataFrame:
    return pd.DataFrame({"code": codes, "code_system": system})


def test_imports_that_link_to_no_sector_are_refused_naming_the_file_and_the_code_system():
    with pytest.raises(DataError) as info:
        check_products_link(_products(["28", "37", "84", "85"], "HS2"), HS6_CONC, mb_io(), None, "kcs_hs2.csv",
                            "HS6-OECD36")
    msg = str(info.value)
    assert msg.startswith("kcs_hs2.csv: not one of its 4 product code(s) (28, 37, 84 …) links to a sector")
    assert "the codes are HS2, too coarse for the HS6-OECD36 concordance" in msg
    assert "expected HS6 or HSK10 codes" in msg
    # HSK10 codes none of which the concordance knows: the same stop, with the other reason
    with pytest.raises(DataError, match=r"^imports\.csv: not one of its 1 product code\(s\) \(9999999999\) links"
                                        r".*none is in the HS6-OECD36 concordance; expected HS6 or HSK10 codes"):
        check_products_link(_products(["9999999999"], "HSK10"), HS6_CONC, mb_io(), None, "imports.csv", "HS6-OECD36")


def test_imports_of_which_some_link_or_an_override_links_are_not_refused():
    # 2811111000 reaches S1 through 281111; 9999999999 is unmatched and reported later, not an error
    check_products_link(_products(["2811111000", "9999999999"], "HSK10"), HS6_CONC, mb_io(), None, "i.csv", "HS6")
    # an HS4 product no concordance row reads, but an override sends to a using sector
    ovr = pd.DataFrame({"code": ["2811"], "sector": ["S2"], "share": [0.5]})
    check_products_link(_products(["2811"], "HS4"), HS6_CONC, mb_io(), ovr, "i.csv", "HS6")
    with pytest.raises(DataError, match="too coarse"):
        check_products_link(_products(["2811"], "HS4"), HS6_CONC, mb_io(), None, "i.csv", "HS6")


def test_report_on_hs2_imports_stops_with_the_reason_and_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from exposure.cli import cli
    from exposure.inputs import demo_path

    imports = tmp_path / "kcs_hs2.csv"
    imports.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,28,무기화학품,850,7400\n"
                       "2019,일본,37,사진용 재료,12,900\n2019,미국,28,무기화학품,100,1000\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", "--lang", "en", "--imports", str(imports), "--io",
                                      str(demo_path() / "io_table_2019.xlsx"), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: kcs_hs2.csv: not one of its 2 product code(s) (28, 37) links to a sector of the "
                           "input–output table io_table_2019.xlsx: the codes are HS2, too coarse"), last
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_report_on_imports_typed_in_full_width_digits_links_them(tmp_path):
    from click.testing import CliRunner

    from exposure.cli import cli
    from exposure.inputs import demo_path

    imports = tmp_path / "fullwidth.csv"
    imports.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,２８１１１１１０００,불화수소,850,7400\n"
                       "2019,일본,３７０７９０１０１０,포토레지스트,12,900\n2019,미국,２８１１１１１０００,불화수소,100,1000\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", "--lang", "en", "--imports", str(imports), "--io",
                                      str(demo_path() / "io_table_2019.xlsx"), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    products = pd.read_csv(next(out.rglob("products.csv")), dtype={"code": str})
    assert sorted(products["code"]) == ["2811111000", "3707901010"]


def test_each_flag_value_states_its_unit():
    import numpy as np

    from exposure import run
    from exposure.config import Config
    from exposure.inputs import Inputs
    from exposure.linkage import flag_table

    rows = [dict(scenario="s", kind="rule_end_use", severity="info", code="2811111000", sector="D26", value=1.5e6,
                 detail=""),
            dict(scenario="s", kind="share_capped", severity="warning", code="", sector="D26", value=1.41, detail=""),
            dict(scenario="", kind="run_warning", severity="warning", code="", sector="", value=np.nan, detail="w")]
    assert flag_table(rows)["value_unit"].tolist() == ["USD over the horizon", "share of imports lost, before the cap",
                                                       ""]
    # every flag a run raises with a value says what the value is (a new kind of flag must say it too)
    flags = run(Inputs.demo(), Config(scenarios=("2019-three-items", "full-embargo"))).flags
    valued = flags[flags["value"].notna()]
    assert len(valued) and (valued["value_unit"] != "").all(), sorted(set(valued.loc[valued["value_unit"] == "", "kind"]))
