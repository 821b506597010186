"""Critical inputs and time to impact (DESIGN §7a): production functions, row combination, downstream, weeks."""

from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from exposure import impact
from exposure.impact import (
    SIGMA_LEONTIEF,
    calc_ces_output_loss,
    calc_critical_extra,
    calc_downstream,
    calc_downstream_shares,
    calc_horizon_mean,
    calc_lost_fraction,
    calc_row_extra,
    calc_row_losses,
    calc_weekly_losses,
    calc_weekly_shortfall,
    criticality_weight,
    first_week_below,
    week_edges,
)
from exposure.linkage import calc_leontief_inverse
from exposure.scenarios.shocks import calc_shortfall

MB_A = np.array([[0.15, 0.25], [0.2, 0.05]])          # Miller & Blair (2009) §2.3
# 3 sectors, a supply chain: 0 semiconductors → 1 electronics → 2 cars (upper triangular, solvable by hand)
A3 = np.array([[0.1, 0.2, 0.0], [0.0, 0.1, 0.3], [0.0, 0.0, 0.2]])

unit = st.floats(0.0, 1.0, allow_nan=False)
sigmas = st.one_of(st.just(0.0), st.just(np.inf), st.floats(1e-9, 1e6))


# --------------------------------------------------------------------------- CES output loss
def test_ces_hand_worked_values():
    # α = 0.1, f = 0.5
    # σ = 1 (Cobb–Douglas): 1 − 0.5^0.1 = 0.0669670…
    # σ = 0.5, ρ = −1: 1 − (0.1/0.5 + 0.9)^−1 = 1 − 1/1.1 = 0.0909090…
    # σ = 1/3, ρ = −2: 1 − (0.1·4 + 0.9)^−½ = 1 − 1.3^−½ = 0.1229424…
    # σ = 2, ρ = ½: 1 − (0.1·√0.5 + 0.9)² = 1 − (0.815 + 0.18/√2) = 0.0577208…
    # σ = 0: f = 0.5; σ = ∞: α f = 0.05
    got = calc_ces_output_loss(0.1, 0.5, [1.0, 0.5, 1 / 3, 2.0, 0.0, np.inf])
    np.testing.assert_allclose(got, [1 - 0.5 ** 0.1, 1 / 11, 1 - 1.3 ** -0.5, 0.185 - 0.18 / np.sqrt(2), 0.5, 0.05],
                               rtol=1e-12)
    np.testing.assert_allclose(got[:4].round(6), [0.066967, 0.090909, 0.122942, 0.057721])


def test_ces_limits_are_continuous():
    a = np.array([1e-12, 1e-3, 0.1, 0.5, 0.9, 1.0])[:, None]
    f = np.array([1e-6, 0.01, 0.3, 0.9, 0.999])[None, :]
    # σ → 0: 0 ≤ f − loss ≤ (1 − f)(α^(−1/|ρ|) − 1) ≈ (1 − f)|log α| σ, since (1−f) ≤ y ≤ α^(1/ρ)(1−f)
    for s in (1e-3, 1e-5, SIGMA_LEONTIEF * (1 + 1e-9), SIGMA_LEONTIEF * 2):
        gap = f - calc_ces_output_loss(a, f, s)
        rho = (s - 1) / s
        assert (gap >= 0).all()
        assert (gap <= (1 - f) * (a ** (1 / rho) - 1) + 1e-15).all()
    just_above = calc_ces_output_loss(a, f, SIGMA_LEONTIEF * (1 + 1e-9))
    np.testing.assert_allclose(just_above, calc_ces_output_loss(a, f, SIGMA_LEONTIEF * (1 - 1e-9)), atol=3e-5)
    # σ → 1 from both sides: Cobb–Douglas 1 − (1 − f)^α, no 0/0 blow-up
    cd = 1 - (1 - f) ** a
    for s in (1 - 1e-9, 1.0, 1 + 1e-9):
        np.testing.assert_allclose(calc_ces_output_loss(a, f, s), cd, rtol=1e-6, atol=1e-15)
    # σ → ∞: α f
    np.testing.assert_allclose(calc_ces_output_loss(a, f, 1e9), a * f, rtol=1e-6)
    np.testing.assert_array_equal(calc_ces_output_loss(a, f, np.inf), a * f)


def test_ces_special_cases():
    # an essential input: all of it lost with σ ≤ 1 stops the output
    np.testing.assert_array_equal(calc_ces_output_loss(0.002, 1.0, [0.0, 0.3, 0.5, 0.9, 1.0]), 1.0)
    # σ = 2, f = 1: 1 − (1 − α)^(1/ρ) = 1 − 0.9² = 0.19
    np.testing.assert_allclose(calc_ces_output_loss(0.1, 1.0, 2.0), 0.19)
    # a zero cost share, or nothing lost, costs nothing whatever σ
    np.testing.assert_array_equal(calc_ces_output_loss(0.0, [0.5, 1.0], [[0.0], [0.5], [np.inf]]), 0.0)
    np.testing.assert_array_equal(calc_ces_output_loss(0.3, 0.0, [0.0, 0.5, 1.0, 2.0]), 0.0)
    # the only input: output falls with it
    np.testing.assert_allclose(calc_ces_output_loss(1.0, 0.3, [0.0, 0.5, 1.0, 2.0, np.inf]), 0.3)


def test_ces_broadcasts_over_draws_and_refuses_bad_values():
    a = np.array([0.01, 0.1, 0.5, 1.0])
    sigma = np.array([[0.2], [1.0], [3.0]])           # (n_draws, 1)
    got = calc_ces_output_loss(a, 0.4, sigma)
    assert got.shape == (3, 4)
    for i, s in enumerate(sigma[:, 0]):
        for j, aj in enumerate(a):
            assert got[i, j] == calc_ces_output_loss(aj, 0.4, s)
    for bad in [(1.2, 0.5, 1.0), (0.1, -0.1, 1.0), (0.1, 0.5, -1.0)]:
        with pytest.raises(ValueError, match="must lie in"):
            calc_ces_output_loss(*bad)
    assert np.isnan(calc_ces_output_loss(0.1, np.nan, 0.5))


@settings(max_examples=300, deadline=None)
@given(a=unit, f=unit, s1=sigmas, s2=sigmas)
def test_ces_between_linear_and_leontief_and_decreasing_in_sigma(a, f, s1, s2):
    lo, hi = sorted([s1, s2])
    c_lo, c_hi = calc_ces_output_loss(a, f, [lo, hi])
    assert a * f <= c_hi and c_lo <= f
    assert c_hi <= c_lo + 1e-12


@settings(max_examples=300, deadline=None)
@given(a1=unit, a2=unit, f1=unit, f2=unit, s=sigmas)
def test_ces_increasing_in_lost_fraction_and_cost_share(a1, a2, f1, f2, s):
    (a1, a2), (f1, f2) = sorted([a1, a2]), sorted([f1, f2])
    assert calc_ces_output_loss(a1, f1, s) <= calc_ces_output_loss(a1, f2, s) + 1e-12
    assert calc_ces_output_loss(a1, f1, s) <= calc_ces_output_loss(a2, f1, s) + 1e-12


# --------------------------------------------------------------------------- row losses
# Two sectors: 0 semiconductors, 1 chemicals.
#   r0 HF → 0 (class 26110), critical,  d 0.8, f 0.5,  ℓ 0.004  → α = 0.004/0.4 = 0.01
#   r1 PR → 0 (class 26110), critical,  d 0.8, f 0.25, ℓ 0.0004 → α = 0.0004/0.2 = 0.002
#   r2 HF → 1 (class 20119), important, d 0.2, f 0.5,  ℓ 0.01   → α = 0.01/0.1 = 0.1
ELL = np.array([0.004, 0.0004, 0.01])
DEP = np.array([0.8, 0.8, 0.2])
LOST = np.array([0.5, 0.25, 0.5])
W = criticality_weight(["critical", "critical", "important"])
SECTOR = np.array([0, 0, 1])
KSIC = np.array(["26110", "26110", "20119"])


def test_row_losses_two_sector_example_by_hand():
    np.testing.assert_array_equal(W, [1.0, 1.0, 0.5])
    # linear: ℓ
    np.testing.assert_allclose(calc_row_losses(ELL, DEP, LOST, W, "linear"), ELL, rtol=1e-12)
    # Leontief: C = d f = (0.4, 0.2, 0.1); r2 important: 0.01 + ½(0.1 − 0.01) = 0.055
    np.testing.assert_allclose(calc_row_losses(ELL, DEP, LOST, W, "leontief"), [0.4, 0.2, 0.055], rtol=1e-12)
    # CES σ = ½ (ρ = −1), c = 1 − 1/(α/(1 − f) + 1 − α):
    #   r0: 1 − 1/(0.02 + 0.99) = 1/101,           C = 0.8/101
    #   r1: 1 − 1/(0.002/0.75 + 0.998) = 0.000666223…, C = 0.8 · that
    #   r2: 1 − 1/(0.2 + 0.9) = 1/11, C = 0.2/11; loss = 0.01 + ½(0.2/11 − 0.01)
    c1 = 1 - 1 / (0.002 / 0.75 + 0.998)
    np.testing.assert_allclose(calc_row_losses(ELL, DEP, LOST, W, "ces", sigma=0.5),
                               [0.8 / 101, 0.8 * c1, 0.01 + 0.5 * (0.2 / 11 - 0.01)], rtol=1e-12)
    np.testing.assert_allclose(0.8 * c1, 0.000532978, rtol=1e-6)
    # σ = 1: c = 1 − (1 − f)^α
    np.testing.assert_allclose(calc_row_losses(ELL[:1], DEP[:1], LOST[:1], 1.0, "ces", sigma=1.0),
                               [0.8 * (1 - 0.5 ** 0.01)])


def test_row_losses_edge_cases_and_errors():
    # nothing lost (f = 0) or no dependent output: α = 0 and the row keeps ℓ
    for p in impact.PRODUCTIONS:
        assert calc_row_losses(0.01, 0.5, 0.0, 1.0, p) == 0.01
        assert calc_row_losses(0.01, 0.0, 0.5, 1.0, p) == 0.01
    # ℓ above d f (the lead's linear figure covers more than the dependent lines): α clipped to 1, row keeps ℓ
    assert calc_row_losses(0.5, 0.2, 0.5, 1.0, "leontief") == 0.5
    with pytest.raises(ValueError, match="production must be one of linear, ces, leontief"):
        calc_row_losses(ELL, DEP, LOST, W, "cobb-douglas")
    with pytest.raises(ValueError, match="dependent must lie in"):
        calc_row_losses(ELL, 1.5, LOST, W, "ces")
    with pytest.raises(ValueError, match="criticality must be one of"):
        criticality_weight(["critical", "vital"])
    np.testing.assert_array_equal(criticality_weight(["important"], important_weight=0.25), [0.25])


def test_row_losses_with_weeks_and_draws_axes():
    # f per week (rows, W): week 1 nothing lost, week 2 half, week 3 all; ℓ scales with f (α fixed)
    f = np.array([[0.0, 0.5, 1.0], [0.0, 0.25, 0.5], [0.0, 0.5, 1.0]])
    alpha = (ELL / (DEP * LOST))[:, None]
    ell = alpha * DEP[:, None] * f
    leo = calc_row_losses(ell, DEP[:, None], f, W[:, None], "leontief")
    np.testing.assert_allclose(leo, [[0, 0.4, 0.8], [0, 0.2, 0.4], [0, 0.055, 0.01 * 2 + 0.5 * (0.2 - 0.02)]])
    sigma = np.array([0.5, 2.0])[:, None, None]          # (n_draws, 1, 1)
    ces = calc_row_losses(ell, DEP[:, None], f, W[:, None], "ces", sigma=sigma)
    assert ces.shape == (2, 3, 3)
    np.testing.assert_allclose(ces[0], calc_row_losses(ell, DEP[:, None], f, W[:, None], "ces", sigma=0.5))
    # week 3 loses all HF: essential at σ = ½ (r0 → d = 0.8), not at σ = 2 (c = 1 − 0.99² = 0.0199)
    np.testing.assert_allclose(ces[:, 0, 2], [0.8, 0.8 * 0.0199])


rows = st.integers(1, 6).flatmap(lambda n: st.tuples(
    hnp.arrays(float, n, elements=unit), hnp.arrays(float, n, elements=st.floats(0.01, 1.0)),
    hnp.arrays(float, n, elements=unit), hnp.arrays(float, n, elements=st.sampled_from([0.0, 0.5, 1.0]))))


@settings(max_examples=200, deadline=None)
@given(data=rows, sigma=sigmas)
def test_linear_le_ces_le_leontief_and_noncritical_keeps_linear(data, sigma):
    a, d, f, w = data
    ell = a * d * f                                   # the linear loss of cost share a
    lin, ces, leo = (calc_row_losses(ell, d, f, w, p, sigma=sigma) for p in impact.PRODUCTIONS)
    np.testing.assert_allclose(lin, ell, rtol=1e-12, atol=1e-15)
    assert (lin <= ces + 1e-12).all() and (ces <= leo + 1e-12).all()
    np.testing.assert_allclose(leo, np.maximum(ell, ell + w * (d * f - ell)), rtol=1e-12, atol=1e-15)
    for p in impact.PRODUCTIONS:
        np.testing.assert_array_equal(calc_row_losses(ell, d, f, 0.0, p, sigma=sigma), ell)


@settings(max_examples=200, deadline=None)
@given(data=rows, more=unit, sigma=sigmas, production=st.sampled_from(impact.PRODUCTIONS))
def test_row_loss_rises_with_the_lost_fraction(data, more, sigma, production):
    # coverage, stock days and φ act through f (and ℓ = a d f): more lost supply never lowers a row's loss
    a, d, f, w = data
    f2 = f + more * (1 - f)
    lo = calc_row_losses(a * d * f, d, f, w, production, sigma=sigma)
    hi = calc_row_losses(a * d * f2, d, f2, w, production, sigma=sigma)
    assert (lo <= hi + 1e-12).all()


# --------------------------------------------------------------------------- combining rows per sector
def test_critical_extra_two_sector_example_by_hand():
    # Leontief rows (0.4, 0.2, 0.055): sector 0 class 26110 is one line, HF binds: 0.4 − (0.004 + 0.0004) = 0.3956
    # sector 1: 0.055 − 0.01 = 0.045
    loss = calc_row_losses(ELL, DEP, LOST, W, "leontief")
    extra, binding = calc_critical_extra(loss, ELL, SECTOR, KSIC, 2)
    np.testing.assert_allclose(extra, [0.3956, 0.045], rtol=1e-12)
    np.testing.assert_array_equal(binding, [True, False, True])
    np.testing.assert_allclose(calc_row_extra(loss, ELL, SECTOR, KSIC), [0.3956, 0.0, 0.045], rtol=1e-12)
    # CES σ = ½: sector 0: 0.8/101 − 0.0044 = 0.0035208; sector 1: ½(0.2/11 − 0.01) = 0.0040909
    ces = calc_row_losses(ELL, DEP, LOST, W, "ces", sigma=0.5)
    np.testing.assert_allclose(calc_critical_extra(ces, ELL, SECTOR, KSIC, 2)[0],
                               [0.8 / 101 - 0.0044, 0.5 * (0.2 / 11 - 0.01)], rtol=1e-12)
    # linear: no extra; the photoresist line moved to its own class adds up instead of overlapping:
    # (0.4 − 0.004) + (0.2 − 0.0004) = 0.396 + 0.1996 = 0.5956
    assert (calc_critical_extra(ELL, ELL, SECTOR, KSIC, 2)[0] == 0).all()
    extra2, binding2 = calc_critical_extra(loss, ELL, SECTOR, ["26110", "26120", "20119"], 3)
    np.testing.assert_allclose(extra2, [0.5956, 0.045, 0.0], rtol=1e-12)
    assert binding2.all()


def test_critical_extra_over_draws_matches_each_draw():
    rng = np.random.default_rng(7)
    sector = np.array([0, 2, 0, 0, 2, 1])
    klass = np.array(["A", "A", "B", "A", "A", "A"])
    loss = rng.uniform(0, 0.5, (4, 5, 6))             # two leading axes
    ell = rng.uniform(0, 0.1, (4, 5, 6))
    loss[0, 0, :2] = loss[0, 0, 3]                    # a tie: the first row binds
    extra, binding = calc_critical_extra(loss, ell, sector, klass, 4)
    assert extra.shape == (4, 5, 4) and binding.shape == (4, 5, 6)
    for i in range(4):
        for j in range(5):
            e, b = calc_critical_extra(loss[i, j], ell[i, j], sector, klass, 4)
            np.testing.assert_array_equal(extra[i, j], e)
            np.testing.assert_array_equal(binding[i, j], b)
            # by the formula, group by group: (0,A) rows 0, 3; (0,B) row 2; (2,A) rows 1, 4; (1,A) row 5
            ll, el = loss[i, j], ell[i, j]
            want = [max(0, max(ll[0], ll[3]) - el[0] - el[3]) + max(0, ll[2] - el[2]), max(0, ll[5] - el[5]),
                    max(0, max(ll[1], ll[4]) - el[1] - el[4]), 0.0]
            np.testing.assert_allclose(e, want, rtol=1e-12)
            assert b.sum() == 4
    assert binding[0, 0, 0] and not binding[0, 0, 3]
    np.testing.assert_allclose(calc_row_extra(loss, ell, sector, klass).reshape(20, 6) @ np.eye(4)[sector],
                               extra.reshape(20, 4), rtol=1e-12)


def test_critical_extra_edge_cases():
    extra, binding = calc_critical_extra(np.zeros((3, 0)), np.zeros((3, 0)), [], [], 2)
    assert extra.shape == (3, 2) and not extra.any() and binding.shape == (3, 0)
    with pytest.raises(ValueError, match="sector positions"):
        calc_critical_extra([0.1], [0.0], [2], ["A"], 2)
    with pytest.raises(ValueError, match="rows on the last axis"):
        calc_critical_extra([0.1, 0.2], [0.0, 0.0], [0], ["A"], 1)
    # a NaN loss does not vanish into 0
    assert np.isnan(calc_critical_extra([np.nan, 0.2], [0.0, 0.0], [0, 1], ["A", "A"], 2)[0][0])


def _total_first_round(loss, ell, sector, klass, n):
    return np.bincount(sector, ell, minlength=n) + calc_critical_extra(loss, ell, sector, klass, n)[0]


groups = st.integers(1, 7).flatmap(lambda n: st.tuples(
    hnp.arrays(float, n, elements=unit), hnp.arrays(float, n, elements=unit),
    hnp.arrays(np.int64, n, elements=st.integers(0, 2)), hnp.arrays("U1", n, elements=st.sampled_from("AB")),
    st.integers(0, n - 1), st.floats(0.0, 1.0), st.booleans()))


@settings(max_examples=300, deadline=None)
@given(data=groups)
def test_total_first_round_loss_never_falls_when_a_row_loss_rises(data):
    loss, ell, sector, klass, i, up, raise_linear = data
    before = _total_first_round(loss, ell, sector, klass, 3)
    assert (calc_critical_extra(loss, ell, sector, klass, 3)[0] >= 0).all()
    (ell if raise_linear else loss)[i] += up
    after = _total_first_round(loss, ell, sector, klass, 3)
    assert (after >= before - 1e-12).all()


@settings(max_examples=100, deadline=None)
@given(data=rows, sigma=sigmas, up=st.floats(0.0, 1.0))
def test_total_rises_with_a_cost_share_through_the_row_losses(data, sigma, up):
    # ℓ moves the CES row loss too (through α): still never a lower total
    a, d, f, w = data
    sector, klass = np.zeros(a.size, dtype=int), np.array(["A"] * a.size)
    a2 = a.copy()
    a2[0] = a[0] + up * (1 - a[0])
    tot = [_total_first_round(calc_row_losses(x * d * f, d, f, w, "ces", sigma), x * d * f, sector, klass, 1)
           for x in (a, a2)]
    assert tot[1][0] >= tot[0][0] - 1e-12


# --------------------------------------------------------------------------- downstream
def test_downstream_equals_leontief_inverse_without_a_binding_cap():
    # Miller & Blair: L = [[.95, .25], [.2, .85]] / .7575; δ⁰ = (0.4, 0.1) → δ⁰ L
    d0 = np.array([0.4, 0.1])
    want = d0 @ calc_leontief_inverse(MB_A)
    np.testing.assert_allclose(want, [(0.38 + 0.02) / 0.7575, (0.1 + 0.085) / 0.7575])
    for cap in (1.0, np.inf):
        np.testing.assert_allclose(calc_downstream(d0, MB_A, cap=cap), want, rtol=1e-10)
    # the chain by hand: δ0 = 0.3/0.9 = 1/3; δ1 = 0.2·δ0/0.9 = 0.0740741; δ2 = 0.3·δ1/0.8 = 0.0277778
    np.testing.assert_allclose(calc_downstream([0.3, 0.0, 0.0], A3), [1 / 3, 0.2 / 2.7, 0.06 / 2.16], rtol=1e-10)
    np.testing.assert_allclose(calc_downstream([0.3, 0.0, 0.0], A3), [0.3, 0, 0] @ calc_leontief_inverse(A3),
                               rtol=1e-10)


def test_downstream_cap_by_hand():
    # δ⁰ = (0.9, 0.3): uncapped δ⁰L = (1.2079, 0.6337) > 1 in sector 0, so δ0 = 1 and
    # δ1 = 0.3 + 0.25·1 + 0.05 δ1 → δ1 = 0.55/0.95 = 0.578947; check δ0: 0.9 + 0.15 + 0.2·0.5789 = 1.166 ≥ 1
    np.testing.assert_allclose(calc_downstream([0.9, 0.3], MB_A), [1.0, 0.55 / 0.95], rtol=1e-10)
    # a cap per sector
    np.testing.assert_allclose(calc_downstream([0.9, 0.3], MB_A, cap=[1.0, 0.5]), [1.0, 0.5])


def test_downstream_over_draws_and_errors():
    d0 = np.array([[0.3, 0.0, 0.0], [0.9, 0.1, 0.0], [0.0, 0.0, 0.5]])
    stack = np.stack([A3, A3 * 0.5, A3.T])
    got = calc_downstream(d0, stack)
    for i in range(3):
        # each draw stops within ~tol·r/(1 − r) of its fixed point (r ≤ 0.9 the contraction rate)
        np.testing.assert_allclose(got[i], calc_downstream(d0[i], stack[i]), atol=1e-10)
    np.testing.assert_allclose(calc_downstream(d0, A3)[1], calc_downstream(d0[1], A3))
    with pytest.raises(ValueError, match="did not converge"):
        calc_downstream([0.1, 0.0], [[0.6, 0.5], [0.5, 0.6]], cap=np.inf)
    # with the whole output as the cap the same table converges: both sectors stop
    np.testing.assert_allclose(calc_downstream([0.1, 0.0], [[0.6, 0.5], [0.5, 0.6]]), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"Ad must be \(2, 2\)"):
        calc_downstream([0.1, 0.0], A3)
    with pytest.raises(ValueError, match="direct loss must lie in"):
        calc_downstream([-0.1, 0.0], MB_A)


@settings(max_examples=100, deadline=None)
@given(A=hnp.arrays(float, (3, 3), elements=st.floats(0.0, 0.3)),
       d0=hnp.arrays(float, (2, 3), elements=st.floats(0.0, 1.0)), cap=st.floats(0.0, 1.0))
def test_downstream_converges_below_the_cap(A, d0, cap):
    # column sums ≤ 0.9 < 1: the uncapped fixed point exists
    got = calc_downstream(d0, A, cap=cap)
    assert (got <= cap).all() and (got >= np.minimum(d0, cap) - 1e-12).all()
    np.testing.assert_allclose(got, np.minimum(cap, d0 + got @ A), atol=1e-9)
    free = calc_downstream(d0, A, cap=np.inf)
    # the iteration stops within tol·r/(1 − r) of the fixed point (its docstring): tol 1e-12, r ≤ 0.9 here
    np.testing.assert_allclose(free, d0 @ calc_leontief_inverse(A), rtol=1e-9, atol=1e-12 * 0.9 / (1 - 0.9))
    assert (got <= free + 1e-12).all()


def test_downstream_shares_sum_to_the_downstream_part():
    # two products, no binding cap: each keeps its own flow δ⁰_k (L − I)
    Ld = calc_leontief_inverse(A3)
    d0k = np.array([[0.2, 0.0, 0.0], [0.1, 0.1, 0.0]])
    total = calc_downstream(d0k.sum(0), A3)
    contrib = calc_downstream_shares(d0k, total, Ld)
    np.testing.assert_allclose(contrib, d0k @ (Ld - np.eye(3)), rtol=1e-9)
    # product 1 → sector 0 → sector 1: 0.2·(1/0.9 − 1) = 0.0222, 0.2·0.2/0.81 = 0.0493827
    np.testing.assert_allclose(contrib[0, :2], [0.2 / 9, 0.04 / 0.81], rtol=1e-9)
    # with the cap binding (MB, δ⁰ = (0.9, 0.3) → (1, 0.5789)) the parts still sum to δ − δ⁰
    Lmb = calc_leontief_inverse(MB_A)
    d0k = np.array([[0.6, 0.3], [0.3, 0.0]])
    total = calc_downstream(d0k.sum(0), MB_A)
    contrib = calc_downstream_shares(d0k, total, Lmb)
    np.testing.assert_allclose(contrib.sum(0), total - d0k.sum(0), atol=1e-12)
    flow = d0k @ (Lmb - np.eye(2))
    np.testing.assert_allclose(contrib[:, 1], flow[:, 1] / flow[:, 1].sum() * (0.55 / 0.95 - 0.3), rtol=1e-9)
    # no flows at all, and the cap cuts a direct loss of 1.2: the cut goes by δ⁰_k; nothing elsewhere
    d0k = np.array([[0.8, 0.0], [0.4, 0.0]])
    contrib = calc_downstream_shares(d0k, calc_downstream(d0k.sum(0), np.zeros((2, 2))), np.eye(2))
    np.testing.assert_allclose(contrib, [[-0.2 * 2 / 3, 0.0], [-0.2 / 3, 0.0]])


def test_downstream_shares_over_draws():
    Ld = calc_leontief_inverse(np.stack([A3, A3 * 0.5]))
    d0k = np.array([[[0.2, 0.0, 0.0], [0.0, 0.1, 0.0]], [[0.5, 0.0, 0.0], [0.0, 0.0, 0.1]]])
    total = np.einsum("dk,dkn->dn", np.ones((2, 2)), d0k @ Ld)
    got = calc_downstream_shares(d0k, total, Ld)
    for i in range(2):
        np.testing.assert_allclose(got[i], calc_downstream_shares(d0k[i], total[i], Ld[i]))


def test_each_production_function_through_three_sectors():
    # rows: HF → semiconductors (critical, d 0.8, f 0.5, ℓ 0.004, α 0.01); electronics non-critical ℓ 0.002
    # first round δ⁰ = Σℓ + extra, then down the chain 0 → 1 → 2 (A3):
    #   δ0 = δ⁰0/0.9;  δ1 = (δ⁰1 + 0.2 δ0)/0.9;  δ2 = 0.3 δ1/0.8
    ell, dep, f, w = np.array([0.004, 0.002]), np.array([0.8, 0.5]), np.array([0.5, 0.5]), np.array([1.0, 0.0])
    sector, klass = np.array([0, 1]), np.array(["26110", "26410"])
    first = {"linear": 0.004, "ces": 0.8 / 101, "leontief": 0.4}
    for p, d00 in first.items():
        loss = calc_row_losses(ell, dep, f, w, p, sigma=0.5)
        extra, _ = calc_critical_extra(loss, ell, sector, klass, 3)
        d0 = np.bincount(sector, ell, minlength=3) + extra
        np.testing.assert_allclose(d0, [d00, 0.002, 0.0], rtol=1e-12)
        s0 = d00 / 0.9
        s1 = (0.002 + 0.2 * s0) / 0.9
        np.testing.assert_allclose(calc_downstream(d0, A3), [s0, s1, 0.3 * s1 / 0.8], rtol=1e-10, atol=1e-11)
    np.testing.assert_allclose(calc_downstream([0.4, 0.002, 0.0], A3).round(6), [0.444444, 0.100988, 0.03787])


# --------------------------------------------------------------------------- the weekly profile
def test_week_edges_and_horizon_mean():
    starts, ends = week_edges(14)
    np.testing.assert_array_equal(starts, [0, 7]) and np.testing.assert_array_equal(ends, [7, 14])
    starts, ends = week_edges(90)
    assert len(starts) == 13 and ends[-1] == 90 and ends[-1] - starts[-1] == 6
    np.testing.assert_array_equal(week_edges(3.5)[1], [3.5])
    with pytest.raises(ValueError, match="positive"):
        week_edges(0)
    # (0.1·7 + 0.1·7 + 0.4·2)/16 = 2.2/16 = 0.1375; draws on leading axes
    np.testing.assert_allclose(calc_horizon_mean([[0.1, 0.1, 0.4], [0.0, 0.0, 1.6]], [7, 7, 2]), [0.1375, 0.2])
    with pytest.raises(ValueError, match="one length per week"):
        calc_horizon_mean([0.1, 0.2], [7, 7, 2])


@settings(max_examples=100, deadline=None)
@given(c=st.floats(-1e6, 1e6), h=st.floats(1.0, 730.0))
def test_horizon_mean_of_a_constant_is_the_constant(c, h):
    starts, ends = week_edges(h)
    got = calc_horizon_mean(np.full((2, len(starts)), c), ends - starts)
    np.testing.assert_allclose(got, c, rtol=1e-12, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(cum=hnp.arrays(float, st.tuples(st.integers(1, 3), st.integers(1, 20)), elements=st.floats(0.0, 1e9)))
def test_weekly_losses_sum_to_the_final_cumulative_amount(cum):
    cum = np.cumsum(cum, axis=-1)                       # a cumulative series
    weekly = calc_weekly_losses(cum)
    np.testing.assert_allclose(weekly.sum(axis=-1), cum[..., -1], rtol=1e-12)
    assert weekly.shape == cum.shape and (weekly >= 0).all()


def test_weekly_shortfall_sums_to_the_horizon_shortfall():
    # $3,650 a year (q = $10 a day at c = 1), stock 30 days, φ 0.5, L 60, over 90 days
    weekly = calc_weekly_shortfall(90, [3650.0, 730.0], 1.0, 0.5, [30, 0], 60)
    assert weekly.shape == (2, 13)
    np.testing.assert_allclose(weekly.sum(-1), calc_shortfall([3650.0, 730.0], 1.0, 0.5, [30, 0], 60, 90))
    # by hand: G(t) = t − t²/240 to day 60; G(35) = 35 − 5.104 = 29.896 < 30 → nothing by week 5;
    # G(42) = 42 − 7.35 = 34.65 → week 6 loses 10·4.65 = 46.5
    np.testing.assert_allclose(weekly[0, :6], [0, 0, 0, 0, 0, 46.5])
    assert first_week_below(weekly, tol=0.0).tolist() == [6, 1]
    # a licence delay of 28 days: nothing more lost after shipments resume
    np.testing.assert_allclose(calc_weekly_shortfall(90, 730.0, 1.0, 0.0, 0, 60, 28)[4:], 0.0)


def test_lost_fraction_by_hand():
    # $3,650 a year: a 7-day week supplies $70, the 6-day last week of a 90-day horizon $60
    starts, ends = week_edges(90)
    days = ends - starts
    amount = np.zeros((2, 13))
    amount[0, [0, 5, 12]] = [35.0, 140.0, 30.0]
    got = calc_lost_fraction(amount, [3650.0, 0.0], days)
    np.testing.assert_allclose(got[0, [0, 5, 12]], [0.5, 1.0, 0.5])     # 140 > 70: clipped to 1
    assert not got[1].any()                                              # no supply: 0
    with pytest.raises(ValueError, match="without its weeks axis"):
        calc_lost_fraction(amount, np.array([[3650.0], [0.0]]), days)


def test_first_week_below():
    loss = np.array([[[0.0, 1e-10, 0.3], [0.0, 0.0, 0.0]], [[0.2, 0.2, 0.2], [np.nan, 0.0, 0.1]]])
    np.testing.assert_array_equal(first_week_below(loss), [[3, 0], [1, 3]])
    np.testing.assert_array_equal(first_week_below(loss, tol=0.25), [[3, 0], [0, 0]])


def test_weekly_nonlinear_loss_exceeds_the_loss_of_the_average():
    # A fab's HF: a 30-day stock, then a 90-day licence review; f per week then Leontief / CES per week.
    # $36,500 a year of which the target supplies $29,200 (80 %), all covered, φ = 0, over 91 days:
    # loss begins on day 30 (week 5: days 28–35), stops on day 90 (week 13).
    starts, ends = week_edges(91)
    days = ends - starts
    weekly = calc_weekly_shortfall(91, 29200.0, 1.0, 0.0, 30, 60, 90)
    f = calc_lost_fraction(weekly, 36500.0, days)
    # week 5: 5 of 7 days at 80 % → 0.8·5/7; weeks 6–12 full: 0.8; week 13 (days 84–91): 6 of 7 days → 0.8·6/7
    np.testing.assert_allclose(f[[3, 4, 5, 11, 12]], [0.0, 0.8 * 5 / 7, 0.8, 0.8, 0.8 * 6 / 7])
    d, alpha = 0.9, 0.003
    leo = calc_row_losses(alpha * d * f, d, f, 1.0, "leontief")
    assert first_week_below(leo) == 5
    # the horizon mean of the weekly Leontief loss is d · the mean lost fraction (linear in f) = 0.9·0.8·60/91
    np.testing.assert_allclose(calc_horizon_mean(leo, days), 0.9 * 0.8 * 60 / 91)
    # CES is convex in f: week by week it loses more than CES applied to the average f (Jensen)
    ces = calc_horizon_mean(calc_row_losses(alpha * d * f, d, f, 1.0, "ces", sigma=0.5), days)
    f_bar = calc_horizon_mean(f, days)
    assert ces > calc_row_losses(alpha * d * f_bar, d, f_bar, 1.0, "ces", sigma=0.5) * 1.05

