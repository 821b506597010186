"""Products → sectors (DESIGN §5): textbook IO algebra, concordance allocation, propagation, overrides."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from exposure.config import Config
from exposure.errors import DataError
from exposure.linkage import (
    allocate,
    calc_imported_coefficients,
    calc_leontief_inverse,
    calc_technical_coefficients,
    exposure_rates,
    propagate,
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


def test_propagation_by_hand_without_overrides():
    # S(p1) = 100 → s_1 = 100/200 = 0.5; A^M = [[.05, .05], [0, .02]]; r = s·A^M = [.025, .025]
    # e = r·L^D = .025·[(.95 + .2), (.25 + .85)] / .7575 = [.0379538, .0363036]
    res = propagate(pd.DataFrame({"code": ["p1"], "shortfall_usd": [100.0]}), mb_io(), CONC)
    e = res.exposure.set_index("sector")
    np.testing.assert_allclose(e["exposure_rate"], [0.025 * 1.15 / 0.7575, 0.025 * 1.1 / 0.7575])
    np.testing.assert_allclose(e["direct_rate"], [0.025, 0.025])
    np.testing.assert_allclose(e["direct_loss_usd"], [25.0, 50.0])
    np.testing.assert_allclose(res.shares.set_index("sector")["share"], [0.5, 0.0])
    # final use takes 1 − (50 + 100)/200 = 25 % of product group 1's imports
    assert res.shares["final_use_share"].iloc[0] == pytest.approx(0.25)
    c = res.contributions
    assert set(c["channel"]) == {"direct", "indirect"}
    sums = c.groupby("sector")["contribution"].sum()
    np.testing.assert_allclose(sums.reindex(SECTORS), e["exposure_rate"], rtol=0, atol=0)  # exact by construction


def test_propagation_by_hand_with_override():
    # 40 % of p1's shortfall goes straight to S2: 40/2000 = .02; the other 60 → s_1 = .3, r_prop = [.015, .015]
    # r = [.015, .035]; e = [(.015·.95 + .035·.2), (.015·.25 + .035·.85)] / .7575 = [.0280528, .0442244]
    ovr = pd.DataFrame({"code": ["p1"], "code_system": [""], "sector": ["S2"], "share": [0.4]})
    res = propagate(pd.DataFrame({"code": ["p1"], "shortfall_usd": [100.0]}), mb_io(), CONC, ovr)
    e = res.exposure.set_index("sector")
    np.testing.assert_allclose(e["exposure_rate"], [0.02125 / 0.7575, 0.0335 / 0.7575])
    np.testing.assert_allclose(e["override_rate"], [0.0, 0.02])
    by = res.contributions.set_index(["sector", "channel"])["contribution"]
    assert by[("S2", "direct")] == pytest.approx(0.015)
    assert by[("S2", "override")] == pytest.approx(0.02)
    assert by[("S2", "indirect")] == pytest.approx(0.0335 / 0.7575 - 0.035)
    used = res.flags[res.flags["kind"] == "override_used"]
    assert used["code"].tolist() == ["p1"] and "S2 40%" in used["detail"].iloc[0]
    # switched off in the config: pure proportional allocation again
    off = propagate(pd.DataFrame({"code": ["p1"], "shortfall_usd": [100.0]}), mb_io(), CONC, ovr,
                    Config(use_overrides=False))
    np.testing.assert_allclose(off.exposure["exposure_rate"], [0.025 * 1.15 / 0.7575, 0.025 * 1.1 / 0.7575])


def test_override_code_covers_longer_codes_and_longest_wins():
    conc = pd.DataFrame({"from_code": ["281111"], "to_code": ["S1"], "weight": [1.0]})
    ovr = pd.DataFrame({"code": ["281111", "2811111000"], "code_system": ["HS6", "HSK10"], "sector": ["S1", "S2"],
                        "share": [1.0, 1.0]})
    sf = pd.DataFrame({"code": ["2811111000", "2811119000"], "code_system": "HSK10", "shortfall_usd": [20.0, 10.0]})
    res = propagate(sf, mb_io(), conc, ovr)
    e = res.exposure.set_index("sector")
    # HF for chips (longest code) → S2: 20/2000; the other HF line → S1 by the HS6 row: 10/1000
    np.testing.assert_allclose(e["override_rate"], [0.01, 0.01])
    assert e["direct_rate"].sum() == 0


def test_bad_overrides_are_data_errors():
    sf = pd.DataFrame({"code": ["p1"], "shortfall_usd": [1.0]})
    with pytest.raises(DataError, match="sum to at most 1"):
        propagate(sf, mb_io(), CONC, pd.DataFrame({"code": ["p1", "p1"], "sector": ["S1", "S2"], "share": [0.7, 0.5]}))
    with pytest.raises(DataError, match="'S9' is not in the input–output table"):
        propagate(sf, mb_io(), CONC, pd.DataFrame({"code": ["p1"], "sector": ["S9"], "share": [0.5]}))
    with pytest.raises(DataError, match=r"share must be a number in \[0, 1\]"):
        propagate(sf, mb_io(), CONC, pd.DataFrame({"code": ["p1"], "sector": ["S1"], "share": [1.5]}))


def test_shares_above_one_are_capped_and_flagged():
    # 300 lost of 200 imported: s_1 = 1.5 → capped at 1, flagged; exposure as if s_1 = 1
    res = propagate(pd.DataFrame({"code": ["p1"], "shortfall_usd": [300.0]}), mb_io(), CONC)
    sh = res.shares.set_index("sector")
    assert sh.loc["S1", "share_uncapped"] == pytest.approx(1.5) and sh.loc["S1", "share"] == 1.0
    assert bool(sh.loc["S1", "capped"])
    f = res.flags[res.flags["kind"] == "share_capped"]
    assert f["sector"].tolist() == ["S1"] and f["value"].iloc[0] == pytest.approx(1.5)
    np.testing.assert_allclose(res.exposure["exposure_rate"], [0.05 * 1.15 / 0.7575, 0.05 * 1.1 / 0.7575])
    # a shortfall in a product group the table shows no imports of is capped too
    res0 = propagate(pd.DataFrame({"code": ["p2"], "shortfall_usd": [5.0]}), mb_io(imports=(200.0, 0.0)), CONC)
    assert res0.flags["kind"].tolist() == ["share_capped"] and "no imports" in res0.flags["detail"].iloc[0]


def test_exposure_cap_scales_contributions_and_flags():
    res = propagate(pd.DataFrame({"code": ["p1"], "shortfall_usd": [100.0]}), mb_io(), CONC,
                    config=Config(cap_exposure=0.037))
    e = res.exposure.set_index("sector")
    # e = [.03795, .03630]: only S1 is above the cap of .037
    assert e.loc["S1", "exposure_rate"] == pytest.approx(0.037) and bool(e.loc["S1", "capped"])
    assert e.loc["S1", "exposure_rate_uncapped"] == pytest.approx(0.025 * 1.15 / 0.7575)
    assert e.loc["S2", "exposure_rate"] == pytest.approx(0.025 * 1.1 / 0.7575) and not bool(e.loc["S2", "capped"])
    sums = res.contributions.groupby("sector")["contribution"].sum()
    assert sums["S1"] == pytest.approx(0.037, rel=1e-14)
    # proportions between channels survive the scaling
    c = res.contributions[res.contributions["sector"] == "S1"].set_index("channel")["contribution"]
    assert c["direct"] / c["indirect"] == pytest.approx(0.025 / (0.025 * 1.15 / 0.7575 - 0.025))
    assert res.flags["kind"].tolist() == ["exposure_capped"]


def test_unknown_products_and_missing_shortfalls_are_flagged():
    sf = pd.DataFrame({"code": ["p1", "zz", "p2"], "shortfall_usd": [10.0, 5.0, np.nan]})
    res = propagate(sf, mb_io(), CONC)
    kinds = dict(zip(res.flags["kind"], res.flags["code"]))
    assert kinds == {"no_concordance": "zz", "shortfall_unknown": "p2"}


def test_propagator_matches_tables_and_broadcasts_over_draws():
    ovr = pd.DataFrame({"code": ["p1"], "sector": ["S2"], "share": [0.4]})
    sf = pd.DataFrame({"code": ["p1", "p2"], "shortfall_usd": [100.0, 30.0]})
    res = propagate(sf, mb_io(), CONC, ovr)
    prop = res.propagator
    np.testing.assert_allclose(prop.exposure(sf["shortfall_usd"].to_numpy()), res.exposure["exposure_rate"])
    rng = np.random.default_rng(7)
    S = rng.uniform(0, 300, size=(50, 2))
    batch = prop.exposure(S)
    loop = np.array([prop.exposure(s) for s in S])
    np.testing.assert_allclose(batch, loop)
    # perturbed IO coefficients per draw
    noise = rng.uniform(0.9, 1.1, size=(50, 2, 2))
    Am = prop.Am * noise
    Ld = calc_leontief_inverse(prop.Ad * noise)
    batch = prop.exposure(S, Am=Am, Ld=Ld)
    loop = np.array([exposure_rates(prop.shares(S[d]), Am[d], Ld[d], prop.override_rates(S[d]), cap=1.0)
                     for d in range(50)])
    np.testing.assert_allclose(batch, loop)


# --------------------------------------------------------------------------- properties
def random_io(draw, n):
    coef = draw(hnp.arrays(float, (n, n), elements=st.floats(0, 1.0 / (2 * n))))
    share_m = draw(hnp.arrays(float, (n,), elements=st.floats(0, 0.9)))
    x = draw(hnp.arrays(float, (n,), elements=st.floats(10, 1e4)))
    Z = coef * x[None, :]
    Zm = Z * share_m[:, None]
    labels = [f"S{i}" for i in range(n)]
    imports = Zm.sum(axis=1) * draw(st.floats(1.0, 3.0)) + 1.0
    return IOTable(domestic=pd.DataFrame(Z - Zm, index=labels, columns=labels),
                   imported=pd.DataFrame(Zm, index=labels, columns=labels), output=pd.Series(x, index=labels),
                   exports=pd.Series(x / 3, index=labels), imports=pd.Series(imports, index=labels))


@st.composite
def setups(draw):
    n = draw(st.integers(2, 5))
    K = draw(st.integers(1, 6))
    io = random_io(draw, n)
    rows = []
    for k in range(K):
        w = draw(hnp.arrays(float, (n,), elements=st.floats(0, 1)))
        if w.sum() == 0:
            w[0] = 1.0
        w = w / w.sum()
        rows += [dict(from_code=f"{k:06d}", to_code=f"S{i}", weight=w[i]) for i in range(n) if w[i] > 0]
    conc = pd.DataFrame(rows)
    conc["weight"] = conc["weight"] / conc.groupby("from_code")["weight"].transform("sum")
    ovr = pd.DataFrame([dict(code=f"{k:06d}", sector=f"S{draw(st.integers(0, n - 1))}",
                             share=draw(st.floats(0, 1))) for k in range(K) if draw(st.booleans())],
                       columns=["code", "sector", "share"])
    S = draw(hnp.arrays(float, (K,), elements=st.floats(0, 1e4)))
    return io, conc, ovr, S


@settings(max_examples=40, deadline=None)
@given(setups(), st.data())
def test_more_shortfall_never_lowers_exposure_and_decomposition_sums(setup, data):
    io, conc, ovr, S = setup
    codes = [f"{k:06d}" for k in range(len(S))]
    cfg = Config(cap_exposure=data.draw(st.sampled_from([1.0, 0.05])))
    base = propagate(pd.DataFrame({"code": codes, "shortfall_usd": S}), io, conc, ovr, cfg)
    k = data.draw(st.integers(0, len(S) - 1))
    S2 = S.copy()
    S2[k] = S2[k] + data.draw(st.floats(0, 1e4))
    more = propagate(pd.DataFrame({"code": codes, "shortfall_usd": S2}), io, conc, ovr, cfg)
    assert (more.exposure["exposure_rate"].to_numpy() >= base.exposure["exposure_rate"].to_numpy() - 1e-12).all()
    # contributions sum to each sector's exposure rate
    sums = base.contributions.groupby("sector")["contribution"].sum().reindex(io.sectors).fillna(0.0)
    np.testing.assert_allclose(sums.to_numpy(), base.exposure["exposure_rate"].to_numpy(), rtol=1e-12, atol=1e-15)
    assert (base.exposure["exposure_rate"] <= cfg.cap_exposure + 1e-12).all()
    # the array path agrees with the tables
    np.testing.assert_allclose(base.propagator.exposure(S), base.exposure["exposure_rate"], rtol=1e-10, atol=1e-15)
    # products in another order: same sector result
    perm = np.random.default_rng(len(S)).permutation(len(S))
    shuffled = propagate(pd.DataFrame({"code": np.array(codes)[perm], "shortfall_usd": S[perm]}), io, conc, ovr, cfg)
    np.testing.assert_allclose(shuffled.exposure["exposure_rate"], base.exposure["exposure_rate"], rtol=1e-10,
                               atol=1e-15)


@settings(max_examples=30, deadline=None)
@given(setups())
def test_zero_shortfall_gives_zero_exposure(setup):
    io, conc, ovr, S = setup
    res = propagate(pd.DataFrame({"code": [f"{k:06d}" for k in range(len(S))], "shortfall_usd": 0.0 * S}),
                    io, conc, ovr)
    assert (res.exposure["exposure_rate"] == 0).all() and res.contributions.empty
