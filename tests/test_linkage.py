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
