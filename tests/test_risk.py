"""The one array function (exposure.risk): linear first round, overrides, caps, critical inputs, downstream.

Hand-worked on Miller & Blair's (2009, §2.3) two-sector domestic table with hand-made imported
flows: Z^D = [[150, 500], [200, 100]], x = [1000, 2000], Z^M = [[50, 100], [0, 40]], M = [200, 80].
A^D = [[.15, .25], [.2, .05]], det(I − A^D) = .7575, L^D = [[.95, .25], [.2, .85]] / .7575;
A^M = [[.05, .05], [0, .02]].

To give a product an annual shortfall S by hand, the models below use M(k,T) = S, c = 1, φ = 0,
b = 0 and a horizon of 364 days (52 whole weeks): the shortfall over the horizon is S·364/365,
its annual rate S, and the lost fraction of supply is the same every week.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from exposure import risk
from exposure.config import Config
from exposure.errors import DataError
from exposure.linkage import build_propagator
from exposure.schema import IOTable

SECTORS = ["S1", "S2"]
L = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575  # L^D of Miller & Blair


def mb_io(imports=(200.0, 80.0)) -> IOTable:
    zd = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=SECTORS, columns=SECTORS)
    zm = pd.DataFrame([[50.0, 100.0], [0.0, 40.0]], index=SECTORS, columns=SECTORS)
    return IOTable(domestic=zd, imported=zm, output=pd.Series([1000.0, 2000.0], index=SECTORS),
                   exports=pd.Series([300.0, 600.0], index=SECTORS), imports=pd.Series(list(imports), index=SECTORS))


CONC = pd.DataFrame({"from_code": ["p1", "p2"], "to_code": ["S1", "S2"], "weight": [1.0, 1.0]})


def model(S, io=None, conc=CONC, overrides=None, config=None, critical=None, channel=None, codes=None,
          horizon=364.0, stock=0.0, phi=0.0):
    """A RiskModel whose products lose ``S`` a year (see the module docstring)."""
    io = io or mb_io()
    S = np.asarray(S, float)
    codes = codes or [f"p{k + 1}" for k in range(len(S))]
    prop = build_propagator(codes, io, conc, overrides, config or Config())
    n = len(io.sectors)
    K = len(S)
    return risk.RiskModel(
        kind="supply", horizon_days=horizon, prop=prop, target_imports=S, coverage=np.ones(K),
        phi=np.full(K, phi), buffer_days=np.full(K, stock), lag_days=np.full(K, 180.0),
        licence_delay_days=np.full(K, np.nan), channel=np.zeros(K, int) if channel is None else np.asarray(channel),
        critical=critical or risk.CriticalRows.empty(), io_pos=np.arange(n), export_usd=np.array([300.0, 600.0]),
        sme_share=np.array([0.8, 0.1]), export_to_target_usd=np.full(n, np.nan), demand_coverage=np.zeros(n),
        demand_phi=np.zeros(n), demand_buffer_days=np.zeros(n), demand_lag_days=np.full(n, 180.0),
        demand_licence_delay_days=np.full(n, np.nan), cap_exposure=(config or Config()).cap_exposure)


def rows(product, sector, dependent, supply, weight=1.0, group="A", stock=np.nan, sme=np.nan):
    a = lambda v, t=float: np.atleast_1d(np.asarray(v, t))  # noqa: E731
    return risk.CriticalRows(product=a(product, int), sector=a(sector, int), group=a(group, object),
                             weight=a(weight), dependent=a(dependent), supply=a(supply), stock_days=a(stock),
                             sme_share=a(sme))


# --------------------------------------------------------------------------- the linear measure
def test_linear_first_round_and_downstream_by_hand():
    # S(p1) = 100 → s_1 = 100/200 = .5; r = s·A^M = [.025, .025]; δ = r·L^D = .025·[1.15, 1.1]/.7575
    out = risk.calc_risk(model([100.0]), variants=risk.VARIANTS, detail=True)
    expected = 0.025 * np.array([1.15, 1.1]) / 0.7575
    for v in risk.VARIANTS:  # no critical input: every production function gives the linear figure
        np.testing.assert_allclose(out.exposure[v], expected)
    np.testing.assert_allclose(out.channels["direct"], [0.025, 0.025])
    np.testing.assert_allclose(out.channels["downstream"], expected - 0.025)
    # money over the 364-day horizon: E · exports · 364/365; SME × [.8, .1]
    np.testing.assert_allclose(out.export_at_risk["central"], expected * [300, 600] * 364 / 365)
    np.testing.assert_allclose(out.sme_export_at_risk["central"], expected * [300, 600] * [0.8, 0.1] * 364 / 365)
    # the per-product decomposition sums to the sector figure exactly
    det = out.detail
    total = sum(det[c] for c in ("direct", "override", "critical", "downstream")).sum(axis=0)
    np.testing.assert_allclose(total, expected, rtol=1e-14)


def test_overrides_send_their_share_straight_to_the_user():
    # 40 % of p1 goes to S2: 40/2000 = .02; the other 60 → s_1 = .3, r_prop = [.015, .015]; r = [.015, .035]
    # δ = [(.015·.95 + .035·.2), (.015·.25 + .035·.85)] / .7575
    ovr = pd.DataFrame({"code": ["p1"], "sector": ["S2"], "share": [0.4]})
    out = risk.calc_risk(model([100.0], overrides=ovr))
    np.testing.assert_allclose(out.exposure["central"], [0.02125 / 0.7575, 0.0335 / 0.7575])
    np.testing.assert_allclose(out.channels["override"], [0.0, 0.02])
    off = risk.calc_risk(model([100.0], overrides=ovr, config=Config(use_overrides=False)))
    np.testing.assert_allclose(off.exposure["central"], 0.025 * np.array([1.15, 1.1]) / 0.7575)


def test_override_codes_cover_longer_codes_and_the_longest_wins():
    conc = pd.DataFrame({"from_code": ["281111"], "to_code": ["S1"], "weight": [1.0]})
    ovr = pd.DataFrame({"code": ["281111", "2811111000"], "code_system": ["HS6", "HSK10"], "sector": ["S1", "S2"],
                        "share": [1.0, 1.0]})
    out = risk.calc_risk(model([20.0, 10.0], conc=conc, overrides=ovr, codes=["2811111000", "2811119000"]))
    # HF for chips (longest code) → S2: 20/2000; the other HF line → S1 by the HS6 row: 10/1000
    np.testing.assert_allclose(out.channels["override"], [0.01, 0.01])
    assert out.channels["direct"].sum() == 0


def test_bad_overrides_are_data_errors():
    with pytest.raises(DataError, match="sum to at most 1"):
        model([1.0], overrides=pd.DataFrame({"code": ["p1", "p1"], "sector": ["S1", "S2"], "share": [0.7, 0.5]}))
    with pytest.raises(DataError, match="'S9' is not in the input–output table"):
        model([1.0], overrides=pd.DataFrame({"code": ["p1"], "sector": ["S9"], "share": [0.5]}))


def test_shares_above_one_are_capped():
    # 300 lost of 200 imported: s_1 = 1.5 → capped at 1; exposure as if s_1 = 1
    out = risk.calc_risk(model([300.0]), detail=True)
    assert out.detail["shares_uncapped"][0] == pytest.approx(1.5) and out.detail["shares"][0] == 1.0
    np.testing.assert_allclose(out.exposure["central"], 0.05 * np.array([1.15, 1.1]) / 0.7575)


def test_the_output_cap_binds_as_a_fixed_point():
    # cap .037: δ_1 = min(.037, .025 + .15 δ_1 + .2 δ_2) binds at .037 (uncapped .03795);
    # δ_2 = .025 + .25·.037 + .05 δ_2 → (.025 + .00925)/.95
    out = risk.calc_risk(model([100.0], config=Config(cap_exposure=0.037)))
    np.testing.assert_allclose(out.exposure["central"], [0.037, (0.025 + 0.00925) / 0.95])


def test_capital_goods_are_never_spread_as_intermediate_inputs():
    ovr = pd.DataFrame({"code": ["p1"], "sector": ["S2"], "share": [0.5]})
    out = risk.calc_risk(model([100.0], overrides=ovr, channel=[risk.INVESTMENT]))
    assert out.exposure["central"].sum() == 0  # no output loss from a lost machine
    # the override's half is S2's lost investment, USD over the horizon: 50 · 364/365
    np.testing.assert_allclose(out.investment_usd, [0.0, 50.0 * 364 / 365])
    cons = risk.calc_risk(model([100.0], overrides=ovr, channel=[risk.FINAL_DEMAND]))
    np.testing.assert_allclose(cons.final_demand_usd, [0.0, 50.0 * 364 / 365])


# --------------------------------------------------------------------------- critical inputs
def test_critical_input_by_hand_under_each_production_function():
    # p1 (group S1) loses 100 a year of a total supply of 200: f = .5 in every week. Its linear
    # first round in S2 is s_1·A^M(1, 2) = .5·.05 = .025 (ℓ); the row says half of S2's output
    # (d = .5) needs it, critical: α = ℓ/(d f) = .1.
    #   Leontief: loss = d f = .25 → extra .225;  CES σ = .5 (ρ = −1): c = 1 − 1/(.1/.5 + .9) = 1/11,
    #   loss = .5/11 → extra .5/11 − .025;  linear: loss = ℓ → no extra.
    m = model([100.0], critical=rows(0, 1, 0.5, 200.0))
    out = risk.calc_risk(m, risk.Draw(sigma=0.5), production="ces", variants=risk.VARIANTS, detail=True)
    d0 = {"low": [0.025, 0.025], "central": [0.025, 0.025 + 0.5 / 11 - 0.025], "high": [0.025, 0.25]}
    for v in risk.VARIANTS:
        np.testing.assert_allclose(out.exposure[v], np.array(d0[v]) @ L, rtol=1e-12)
    np.testing.assert_allclose(out.channels["critical"], [0.0, 0.5 / 11 - 0.025], rtol=1e-12)
    assert out.detail["row_lost_fraction"] == pytest.approx([0.5])
    assert out.detail["row_linear"] == pytest.approx([0.025])
    # the extra is attributed to the product
    assert out.detail["critical"][0, 1] == pytest.approx(0.5 / 11 - 0.025)
    # an important input counts half-way: Leontief loss .025 + .5·(.25 − .025)
    half = risk.calc_risk(model([100.0], critical=rows(0, 1, 0.5, 200.0, weight=np.nan)),
                          risk.Draw(important_weight=0.5), production="leontief")
    np.testing.assert_allclose(half.exposure["central"], np.array([0.025, 0.025 + 0.1125]) @ L, rtol=1e-12)


def test_rows_of_one_class_bind_together_and_classes_add():
    # two products both needed by class A of S2 (the same lines: the larger loss binds), and class B
    # needing p1 too (other lines: adds). Leontief: class A: max(d f) = max(.5·.5, .5·.25) = .25;
    # class B: .2·.5 = .1. Linear parts: p1 → S2: .025 split .5/.7 and .2/.7 between A and B;
    # p2 (group S2, 20 of 80 imports → s_2 = .25) → S2: .25·.02 = .005 (class A only).
    crit = rows([0, 1, 0], [1, 1, 1], [0.5, 0.5, 0.2], [200.0, 80.0, 200.0], group=["A", "A", "B"])
    out = risk.calc_risk(model([100.0, 20.0], critical=crit), production="leontief")
    lin_a = 0.025 * 0.5 / 0.7 + 0.005
    lin_b = 0.025 * 0.2 / 0.7
    extra = (0.25 - lin_a) + (0.1 - lin_b)
    np.testing.assert_allclose(out.channels["critical"], [0.0, extra], rtol=1e-12)


def test_stock_days_of_a_critical_row_delay_the_loss():
    # a row holding 182 days of stock loses only the second half of the horizon under Leontief
    base = risk.calc_risk(model([100.0], critical=rows(0, 1, 0.5, 200.0)), production="leontief")
    stock = risk.calc_risk(model([100.0], critical=rows(0, 1, 0.5, 200.0, stock=182.0)), production="leontief")
    # weeks 1–26 (182 days) covered: the row loses .25 in weeks 27–52 only. The linear part (.025 a
    # week, in the sector's figure already) is subtracted week by week and the extra never falls
    # below 0: weeks 1–26 add 0, weeks 27–52 add .225 → .1125 on average
    np.testing.assert_allclose(stock.channels["critical"], [0.0, 0.225 / 2], rtol=1e-12)
    assert base.channels["critical"][1] > stock.channels["critical"][1]


def test_sme_figures_use_the_share_of_the_class_that_bears_the_loss():
    # the critical row's class has SME share .05 (the sector's .1): its linear and extra parts weigh .05
    crit = rows(0, 1, 0.5, 200.0, sme=0.05)
    out = risk.calc_risk(model([100.0], critical=crit), production="leontief")
    delta = out.exposure["central"][1]
    row_part = 0.025 + (0.25 - 0.025)  # the row's linear part and its extra
    weighted = 0.1 * delta + row_part * (0.05 - 0.1)
    assert out.sme_export_at_risk["central"][1] == pytest.approx(weighted * 600 * 364 / 365)


def test_draws_broadcast_and_agree_with_single_draws():
    crit = rows(0, 1, 0.5, 200.0, weight=np.nan)
    m = model([100.0, 20.0], critical=crit)
    rng = np.random.default_rng(3)
    cov = rng.uniform(0.2, 1.0, (30, 2))
    sigma = rng.uniform(0.1, 2.0, 30)
    iw = rng.uniform(0.0, 1.0, 30)
    batch = risk.calc_risk(m, risk.Draw(coverage=cov, sigma=sigma, important_weight=iw))
    for d in range(30):
        one = risk.calc_risk(m, risk.Draw(coverage=cov[d], sigma=sigma[d], important_weight=iw[d]))
        np.testing.assert_allclose(batch.exposure["central"][d], one.exposure["central"], rtol=1e-12)
        np.testing.assert_allclose(batch.sme_export_at_risk["central"][d], one.sme_export_at_risk["central"],
                                   rtol=1e-12)


# --------------------------------------------------------------------------- properties
@st.composite
def setups(draw):
    S = draw(hnp.arrays(float, (2,), elements=st.floats(0, 400)))
    d = draw(st.floats(0.05, 1.0))
    supply = S[0] + draw(st.floats(1, 1000))  # a product's total supply holds its imports from the target
    weight = draw(st.sampled_from([1.0, np.nan, 0.0]))
    return S, rows([0], [draw(st.integers(0, 1))], d, supply, weight=weight)


@settings(max_examples=60, deadline=None)
@given(setups(), st.floats(0.01, 5.0), st.floats(0, 1), st.floats(0, 1), st.floats(0, 120))
def test_ranges_are_ordered_and_monotone(setup, sigma, c_low, phi, stock):
    S, crit = setup
    m = model(S, critical=crit, phi=phi, stock=stock)
    draw = risk.Draw(sigma=sigma)
    out = risk.calc_risk(m, draw, production="ces", variants=risk.VARIANTS)
    low, mid, high = (out.exposure[v] for v in risk.VARIANTS)
    assert (low <= mid + 1e-12).all() and (mid <= high + 1e-12).all()
    assert (high <= 1.0 + 1e-12).all() and (low >= 0).all()
    # less coverage, more stock or more substitution never raise any figure
    for kw in (dict(coverage=np.array([c_low, 1.0])), dict(buffer_days=np.full(2, stock + 30.0)),
               dict(phi=np.full(2, min(1.0, phi + 0.3)))):
        less = risk.calc_risk(m, risk.Draw(sigma=sigma, **kw), production="ces", variants=risk.VARIANTS)
        for v in risk.VARIANTS:
            assert (less.exposure[v] <= out.exposure[v] + 1e-12).all(), (kw, v)


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(float, (2,), elements=st.floats(0, 1e3)), st.integers(0, 1), st.floats(0, 1e3))
def test_more_shortfall_never_lowers_exposure_and_decomposition_sums(S, k, more):
    base = risk.calc_risk(model(S), detail=True)
    S2 = S.copy()
    S2[k] += more
    bigger = risk.calc_risk(model(S2))
    assert (bigger.exposure["central"] >= base.exposure["central"] - 1e-12).all()
    det = base.detail
    total = sum(det[c] for c in ("direct", "override", "critical", "downstream")).sum(axis=0)
    np.testing.assert_allclose(total, base.exposure["central"], rtol=1e-12, atol=1e-15)
    zero = risk.calc_risk(model(0 * S))
    assert (zero.exposure["central"] == 0).all()
