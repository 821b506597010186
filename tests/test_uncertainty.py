"""Monte Carlo rank intervals, sensitivity and threshold sweeps (DESIGN §8).

Two settings: small hand-made tables whose answers are worked out by hand, and the demo
economy (36 OECD sectors, 334 HSK10 products) rebuilt in memory from the seeded demo
generator ``datasets/make_demo.py`` — the same numbers as the committed demo files,
without depending on the file loaders.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure import indicators, scenarios, scoring, uncertainty
from exposure.codes.concordance import concordance
from exposure.io import load
from exposure.config import NOISE_PARAMETERS, Config
from exposure.errors import ConfigError
from exposure.linkage import Propagator
from exposure.results import Results
from exposure.schema import IOTable

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "datasets" / "demo"
ZERO_NOISE = tuple((g, 0.0) for g in NOISE_PARAMETERS)
F32 = 2.0 ** -23  # one step of single precision: two float32 roundings of (nearly) the same double
# money quantiles from draws kept in single precision, interpolated in double: each draw is off by at most
# half a float32 step, and so is a quantile (between two draws of one sign), relative to itself
F32_QUANTILE = 2.0 ** -24 * (1 + 1e-9)


# --------------------------------------------------------------------------- the demo economy
@pytest.fixture(scope="module")
def demo_tables():
    """(imports as TradeFlows, IOTable, SectorProfile) of the demo, read by the real loaders."""
    imports, _ = load(DEMO / "parts_imports_by_country_2017_2019.csv", kind="imports")
    io, _ = load(DEMO / "io_table_2019.xlsx", kind="io")
    profile, _ = load(DEMO / "sme_profile_2019.csv", kind="profile")
    return imports[imports["flow"] == "M"], io, profile


def _results(flows, io, profile, config: Config, names: tuple[str, ...]) -> tuple[Results, dict]:
    products = indicators.product_indicators(flows, config)
    products = products[products["year"] == products["year"].max()].reset_index(drop=True)
    conc = concordance("HS6-OECD36")
    runs = {n: scoring.run_scenario(products, scenarios.load(n), io, conc, None, profile, config) for n in names}
    res = Results(config=config.replace(scenarios=names), products=products,
                  shocks=pd.concat([r.shocks for r in runs.values()], ignore_index=True),
                  sectors=pd.concat([r.sectors for r in runs.values()], ignore_index=True),
                  drivers=pd.concat([r.drivers for r in runs.values()], ignore_index=True))
    return res, runs


ALL = ("2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")


@pytest.fixture(scope="module")
def demo(demo_tables):
    flows, io, profile = demo_tables
    res, runs = _results(flows, io, profile, Config(draws=300), ALL)
    return dict(results=res, runs=runs, flows=flows, io=io, profile=profile, conc=concordance("HS6-OECD36"))


@pytest.fixture(scope="module")
def demo_attached(demo):
    return uncertainty.attach(demo["results"], demo["runs"], demo["io"], demo["conc"], None)


def _published_ranks(run: scoring.ScenarioResult, sectors: list[str]) -> np.ndarray:
    return run.sectors.set_index("sector")["rank"].reindex(sectors).to_numpy(dtype=float, na_value=np.nan)


# --------------------------------------------------------------------------- zero noise
def test_every_draw_path_at_zero_noise_reproduces_the_published_ranking(demo):
    """All multipliers exactly 1, through the full draw path (perturbed and inverted IO stacks,
    clipped coverage/φ/SME shares, composite weights): every draw gives the scoring's ranks."""
    for rank_by in ("sme_export_at_risk_usd", "composite", "exposure_rate"):
        cfg = Config(draws=4, rank_by=rank_by, noise=tuple((g, 0.3 if g != "normalisation" else 0.0)
                                                           for g in NOISE_PARAMETERS))
        _, runs = _results(demo["flows"], demo["io"], demo["profile"], cfg, ALL)
        for name, run in runs.items():
            model, point = uncertainty.from_scenario_result(run)
            spec = uncertainty.NoiseSpec.of(cfg, model, point.rank_basis)
            ones = {g: {part: np.ones((4,) + shape) for part, shape in spec.shapes(g).items()}
                    for g in spec.active}
            assert "io" in ones or model.kind == "demand"
            out = uncertainty.evaluate(model, point, ones, spec, cfg)
            expected = _published_ranks(run, point.sectors)
            assert np.isfinite(expected).sum() >= 30, (rank_by, name)
            for draw in out["rank"]:
                np.testing.assert_array_equal(draw, expected, err_msg=f"{rank_by} / {name}")


def test_zero_noise_config_repeats_the_point_ranking_in_every_draw(demo):
    cfg = Config(noise=ZERO_NOISE)
    for name, run in demo["runs"].items():
        model, point = uncertainty.from_scenario_result(run)
        d = uncertainty.simulate(model, point, cfg, n_draws=25)
        expected = _published_ranks(run, point.sectors)
        assert d.rank.shape == (25, len(point.sectors))
        assert all(np.array_equal(r, expected, equal_nan=True) for r in d.rank), name
        # no draw moves a money figure from the point: none is stored, and the figures read as the point's
        assert d.export_draws.data.size == 0 and d.demand_draws.data.size == 0
        np.testing.assert_array_equal(d.sme_export, np.broadcast_to(d.point["sme_export"].astype(np.float32),
                                                                    (25, len(point.sectors))))
        u = uncertainty.summarise(d, cfg.top_n)
        ranked = u["point_rank"].notna()
        pr = u.loc[ranked, "point_rank"].astype(float)
        assert (u.loc[ranked, "median_rank"] == pr).all() and (u.loc[ranked, "rank_p05"] == pr).all()
        assert (u.loc[ranked, "rank_p95"] == pr).all() and (u["mean_abs_rank_shift"].fillna(0) == 0).all()
        assert set(u["p_top10"]) <= {0.0, 1.0}


# --------------------------------------------------------------------------- seeds and chunks
def test_same_seed_same_draws_other_seed_other_draws(demo):
    cfg = Config()
    model, point = uncertainty.from_scenario_result(demo["runs"]["white-list-removal"])
    a = uncertainty.simulate(model, point, cfg, n_draws=60, seed=7, keep_values=True)
    b = uncertainty.simulate(model, point, cfg, n_draws=60, seed=7, keep_values=True)
    c = uncertainty.simulate(model, point, cfg, n_draws=60, seed=8, keep_values=True)
    for k in ("rank", "rank_counts", "value", "sme_export", "sme_demand"):
        np.testing.assert_array_equal(getattr(a, k), getattr(b, k))
    assert a.first.keys() == b.first.keys() and all(np.array_equal(a.first[g], b.first[g]) for g in a.first)
    assert not np.array_equal(a.value, c.value)
    assert not np.array_equal(a.rank, c.rank)


def test_results_do_not_depend_on_the_chunk_size(demo, monkeypatch):
    cfg = Config()
    model, point = uncertainty.from_scenario_result(demo["runs"]["catch-all"])
    whole = uncertainty.simulate(model, point, cfg, n_draws=30, keep_values=True)
    from exposure import risk
    from exposure.uncertainty import montecarlo as sim

    small = risk.restrict(model, sim.shocked_products(model))
    spec = uncertainty.NoiseSpec.of(cfg, small, point.rank_basis)
    monkeypatch.setattr(sim, "CHUNK_BYTES", 7 * spec.bytes_per_draw(len(small.critical)))  # chunks of 7 draws
    chunked = uncertainty.simulate(model, point, cfg, n_draws=30, keep_values=True)
    # the same random numbers; sums may differ in the last bit (BLAS blocks by batch size)
    for g in whole.factors:
        np.testing.assert_array_equal(whole.factors[g], chunked.factors[g])
    np.testing.assert_allclose(whole.value, chunked.value, rtol=1e-12)
    np.testing.assert_array_equal(whole.rank, chunked.rank)
    np.testing.assert_array_equal(whole.rank_counts, chunked.rank_counts)
    # the money figures in single precision: the same columns stored, values to one float32 step
    np.testing.assert_array_equal(whole.export_draws.cols, chunked.export_draws.cols)
    np.testing.assert_allclose(whole.sme_export, chunked.sme_export, rtol=F32)
    for g in whole.first:
        np.testing.assert_allclose(whole.first[g], chunked.first[g], rtol=1e-12, atol=1e-12)


def test_switching_one_group_off_leaves_the_other_groups_draws_alone(demo):
    """Each group has its own random stream: SME noise alone, or SME noise beside coverage
    noise, gives the same SME multipliers (so a sensitivity run varies one thing at a time)."""
    run = demo["runs"]["2019-three-items"]
    only = Config(noise=(("sme_share", 0.3),))
    both = Config(noise=(("sme_share", 0.3), ("io", 0.2)))
    model, point = uncertainty.from_scenario_result(run)
    a = uncertainty.simulate(model, point, only, n_draws=20, sensitivity=False)
    b = uncertainty.simulate(model, point, both, n_draws=20, sensitivity=False)
    # with exposure fixed, the SME value at risk differs between draws only through the SME multipliers
    hit = a.point["sme_export"] > 0
    ratio_a = a.sme_export[:, hit] / a.point["sme_export"][hit]
    assert np.std(ratio_a) > 0.05
    np.testing.assert_array_equal(a.factors["sme_share"], b.factors["sme_share"])


# --------------------------------------------------------------------------- the sensitivity analysis
def test_pick_freeze_estimator_on_an_additive_model():
    """Y = X1 + 2 X2 with X1, X2 ~ U(0, 1) independent: V = 5/12, S1 = 1/5, S2 = 4/5, and for an
    additive model total order = first order."""
    rng = np.random.default_rng(1)
    n = 40_000
    A, B = rng.random((n, 2)), rng.random((n, 2))

    def f(x):
        return (x[:, 0] + 2 * x[:, 1])[:, None]

    acc = uncertainty.PickFreeze(1, ("x1", "x2"))
    AB1, AB2 = A.copy(), A.copy()
    AB1[:, 0], AB2[:, 1] = B[:, 0], B[:, 1]
    acc.add(f(A), f(B), {"x1": f(AB1), "x2": f(AB2)})
    var, first, total = acc.result()
    assert var[0] == pytest.approx(5 / 12, rel=0.03)
    assert uncertainty.calc_sobol_share(first["x1"], var) == pytest.approx(0.2, abs=0.03)
    assert uncertainty.calc_sobol_share(first["x2"], var) == pytest.approx(0.8, abs=0.03)
    assert uncertainty.calc_sobol_share(total["x1"], var) == pytest.approx(0.2, abs=0.03)
    assert uncertainty.calc_sobol_share(total["x2"], var) == pytest.approx(0.8, abs=0.03)


def test_sensitivity_finds_sme_shares_when_only_they_are_really_uncertain(demo):
    cfg = Config(noise=tuple((g, 0.5 if g == "sme_share" else 0.01) for g in NOISE_PARAMETERS))
    model, point = uncertainty.from_scenario_result(demo["runs"]["full-embargo"])
    s = uncertainty.sensitivity_table(uncertainty.simulate(model, point, cfg, n_draws=300)).set_index("parameter")
    assert s["first_order"].idxmax() == "sme_share"
    assert s.loc["sme_share", "first_order"] > 0.8
    others = s.drop(index="sme_share")
    assert (others["first_order"] < 0.1).all()
    assert (s["total_order"] >= s["first_order"] - 0.05).all()


def test_sensitivity_finds_io_noise_when_it_dominates(demo):
    cfg = Config(noise=tuple((g, 0.4 if g == "io" else 0.01) for g in NOISE_PARAMETERS))
    model, point = uncertainty.from_scenario_result(demo["runs"]["catch-all"])
    s = uncertainty.sensitivity_table(uncertainty.simulate(model, point, cfg, n_draws=300)).set_index("parameter")
    assert s["first_order"].idxmax() == "io"
    assert s.loc["io", "first_order"] > 0.7


# a hand-made economy: two products, each used only by its own sector (end-use overrides),
# so the order of S1 and S2 turns on the two products' coverages and on nothing else
SMALL = ["S1", "S2", "S3"]


def _small_io() -> IOTable:
    zd = pd.DataFrame([[10.0, 5.0, 0.0], [5.0, 10.0, 0.0], [0.0, 0.0, 10.0]], index=SMALL, columns=SMALL)
    zm = pd.DataFrame([[20.0, 0.0, 0.0], [0.0, 20.0, 0.0], [0.0, 0.0, 20.0]], index=SMALL, columns=SMALL)
    s = lambda v: pd.Series(v, index=SMALL, dtype=float)  # noqa: E731
    return IOTable(domestic=zd, imported=zm, output=s([1000.0, 1000.0, 1000.0]), exports=s([500.0, 500.0, 500.0]),
                   imports=s([100.0, 100.0, 100.0]))


def _small_case(config: Config):
    products = pd.DataFrame({"year": 2019, "code": ["111111", "222222", "333333"], "code_system": "HS6",
                             "target_import_usd": [50.0, 50.0, 0.0], "target_share": [0.6, 0.6, 0.0]})
    conc = pd.DataFrame({"from_code": ["111111", "222222", "333333"], "to_code": SMALL, "weight": 1.0})
    overrides = pd.DataFrame({"code": ["111111", "222222"], "code_system": "HS6", "sector": ["S1", "S2"],
                              "share": 1.0})
    profile = pd.DataFrame({"sector": SMALL + ["S9"], "export_usd": [500.0, 500.0, 500.0, 80.0],
                            "sme_share": [0.5, 0.5, 0.5, 0.5]})
    scen = scenarios.from_mapping({"name": "two-items", "phi": 0.5,
                                   "rules": [{"codes": ["111111", "222222"], "coverage": 0.5}]})
    run = scoring.run_scenario(products, scen, _small_io(), conc, overrides, profile, config)
    return run, products, conc, overrides, profile


def test_sensitivity_finds_coverage_in_a_constructed_case():
    cfg = Config(noise=(("coverage", 0.4), ("phi", 0.01), ("lag_days", 0.01), ("sme_share", 0.01)), noise_item=1.0)
    run, *_ = _small_case(cfg)
    model, point = uncertainty.from_scenario_result(run)
    d = uncertainty.simulate(model, point, cfg, n_draws=400)
    s = uncertainty.sensitivity_table(d).set_index("parameter")
    assert s["first_order"].idxmax() == "coverage"
    assert s.loc["coverage", "first_order"] > 0.8
    assert s.loc["coverage", "most_affected_sector"] in ("S1", "S2")
    # S1 and S2 tie at the point and swap with the coverages: each is first about half the time
    u = uncertainty.summarise(d, top_n=1).set_index("sector")
    assert 0.35 < u.loc["S1", "p_top10"] < 0.65
    assert u.loc["S1", "p_top10"] + u.loc["S2", "p_top10"] == pytest.approx(1.0)
    # the profile-only sector has no IO data: no rank in any draw
    assert pd.isna(u.loc["S9", "point_rank"]) and np.isnan(u.loc["S9", "median_rank"])
    assert u.loc["S9", "p_top10"] == 0.0


def test_spearman_and_midranks_by_hand():
    np.testing.assert_array_equal(uncertainty.calc_midranks(np.array([3.0, 1.0, 3.0, 2.0])), [3.5, 1.0, 3.5, 2.0])
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.c_[x ** 3, -x, np.ones(5), [1.0, 3.0, 2.0, 5.0, 4.0]]
    rho = uncertainty.calc_spearman(x, y)
    # monotone → 1, reversed → −1, constant → undefined, two swaps: 1 − 6·Σd²/(n(n²−1)) = 1 − 6·4/120
    np.testing.assert_allclose(rho[[0, 1, 3]], [1.0, -1.0, 0.8])
    assert np.isnan(rho[2])


# --------------------------------------------------------------------------- intervals and P(top N)
def test_rank_intervals_hold_the_point_rank_and_p_top_sums_to_n(demo_attached):
    u = demo_attached.uncertainty
    cfg = demo_attached.config
    assert set(u["scenario"]) == set(ALL)
    for name, g in u.groupby("scenario"):
        ranked = g["point_rank"].notna()
        pr = g.loc[ranked, "point_rank"].astype(float)
        assert (g.loc[ranked, "rank_p05"] <= pr).all() and (pr <= g.loc[ranked, "rank_p95"]).all(), name
        assert (g["rank_p05"] <= g["median_rank"]).all() and (g["median_rank"] <= g["rank_p95"]).all()
        assert g["p_top10"].between(0.0, 1.0).all()
        assert g["p_top10"].sum() == pytest.approx(cfg.top_n)
        assert (g["sme_export_at_risk_p05"] <= g["sme_export_at_risk_median"]).all()
        assert (g["sme_export_at_risk_median"] <= g["sme_export_at_risk_p95"]).all()
        # the sector most at risk under the point estimate is in the top 10 in almost every draw
        assert g.loc[g["point_rank"] == 1, "p_top10"].iloc[0] > 0.9


def test_p_top_n_follows_config_top_n(demo):
    cfg = Config(top_n=5)
    model, point = uncertainty.from_scenario_result(demo["runs"]["catch-all"])
    u = uncertainty.summarise(uncertainty.simulate(model, point, cfg, n_draws=100, sensitivity=False), cfg.top_n)
    assert u["p_top10"].sum() == pytest.approx(5.0)
    assert (u["top_n"] == 5).all()


def test_heavy_noise_keeps_values_within_their_bounds(demo):
    """Coverage, φ and SME shares are clipped to [0, 1] and the IO draws stay productive, so the
    SME export value at risk never exceeds exports and nothing goes negative or non-finite."""
    cfg = Config(noise=(("coverage", 1.5), ("phi", 1.5), ("buffer_days", 1.0), ("lag_days", 1.0), ("io", 1.5),
                        ("sme_share", 1.5)))
    model, point = uncertainty.from_scenario_result(demo["runs"]["full-embargo"])
    d = uncertainty.simulate(model, point, cfg, n_draws=200, sensitivity=False, keep_values=True)
    in_io = (model.io_pos >= 0) & np.isfinite(model.export_usd)
    cap = model.export_usd[in_io] * model.years
    sx = d.value[:, in_io]  # the rank basis, the SME export value at risk in double precision
    assert np.isfinite(sx).all() and (sx >= 0).all()
    assert (sx <= cap * (1 + 1e-12)).all()
    assert (d.sme_export[:, in_io] <= cap * (1 + F32)).all()  # as kept: single precision
    assert np.isfinite(d.rank[:, in_io]).all()


def test_uniform_noise_stays_in_its_range():
    m = uncertainty.calc_multipliers(np.random.default_rng(3), (5000,), 0.3, "uniform")
    assert m.min() >= 0.7 - 1e-9 and m.max() <= 1.3 + 1e-9 and abs(m.mean() - 1.0) < 0.02
    ln = uncertainty.calc_multipliers(np.random.default_rng(3), (20000,), 0.3, "lognormal")
    assert np.std(np.log(ln)) == pytest.approx(0.3, rel=0.03) and np.median(ln) == pytest.approx(1.0, abs=0.02)


# --------------------------------------------------------------------------- attach
def test_attach_fills_the_three_tables_and_leaves_its_input_alone(demo, demo_attached):
    before = demo["results"]
    assert before.uncertainty.empty and before.sensitivity.empty and before.threshold_sweep.empty
    out = demo_attached
    assert list(out.uncertainty.columns) == uncertainty.UNCERTAINTY_COLUMNS
    assert list(out.sensitivity.columns) == uncertainty.SENSITIVITY_COLUMNS
    assert list(out.threshold_sweep.columns) == uncertainty.SWEEP_COLUMNS
    assert len(out.uncertainty) == len(before.sectors)
    assert len(out.sensitivity) == len(ALL) * len(NOISE_PARAMETERS)
    assert (out.uncertainty["n_draws"] == 300).all()
    s = out.sensitivity.set_index(["scenario", "parameter"])
    # the ranking is not the composite, so its weights and normalisation carry no variance
    assert (s.xs("weights", level="parameter")["first_order"] == 0).all()
    # demand-side risk does not pass through the IO table
    assert s.loc[("export-retaliation", "io"), "total_order"] == 0
    assert s["first_order"].dropna().between(0, 1).all()
    # the published point ranks carry over unchanged
    merged = out.uncertainty.merge(before.sectors[["scenario", "sector", "rank"]], on=["scenario", "sector"])
    assert merged["point_rank"].equals(merged["rank"].rename("point_rank"))
    assert uncertainty.attach(dataclasses.replace(before, config=before.config.replace(draws=0)), demo["runs"],
                              demo["io"], demo["conc"], None).uncertainty.empty


def test_attach_reproduces_the_published_ranking_at_its_centre(demo_attached):
    assert demo_attached.notes == []  # every scenario's zero-noise evaluation gave the published ranks


def test_demand_parameters_give_the_scenario_demand_rate(demo):
    scen = scenarios.load("export-retaliation")
    cfg = Config()
    sectors = list(demo["io"].sectors)
    p = scenarios.demand_parameters(scen, sectors, cfg)
    lost = scenarios.calc_lost_days(p["buffer_days"], p["lag_days"], p["horizon_days"], p["phi"],
                                    p["licence_delay_days"])
    rate = p["coverage"] * lost / p["horizon_days"]
    np.testing.assert_allclose(rate, scenarios.apply_demand(scen, sectors, cfg)["demand_rate"], rtol=0, atol=1e-15)
    assert (p["coverage"] > 0).any()


# --------------------------------------------------------------------------- threshold sweeps
def _sweep_propagator() -> Propagator:
    """Four products, two sectors; k1, k2 come from group S1, k3, k4 from S2; half of k4 goes
    straight to S1 by an end-use override."""
    W = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    O = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.5, 0.0]])
    Am = np.array([[0.1, 0.0], [0.0, 0.2]])
    return Propagator(codes=["k1", "k2", "k3", "k4"], code_systems=["HS6"] * 4, sectors=["S1", "S2"], W=W,
                      keep=1.0 - O.sum(axis=1), O=O, M=np.array([1000.0, 1000.0]), x=np.array([1000.0, 1000.0]),
                      Am=Am, Ad=np.zeros((2, 2)), Ld=np.eye(2), matched=np.ones(4, bool))


def test_full_loss_rates_by_hand():
    r = uncertainty.calc_full_loss_rates(_sweep_propagator(), np.array([100.0, 200.0, 300.0, 400.0]))
    # k1: 100/1000 · 0.1; k2: 200/1000 · 0.1; k3: 300/1000 · 0.2;
    # k4: 400·0.5/1000 · 0.2 to S2 by proportion, 400·0.5/1000 to S1 by the override
    np.testing.assert_allclose(r, [[0.01, 0.0], [0.02, 0.0], [0.0, 0.06], [0.2, 0.04]])


def test_threshold_sweep_by_hand():
    products = pd.DataFrame({"code": ["k1", "k2", "k3", "k4"], "code_system": "HS6",
                             "target_share": [0.45, 0.55, 0.75, 0.95], "import_hhi": [0.30, 0.42, 0.38, 0.90],
                             "target_import_usd": [100.0, 200.0, 300.0, 400.0]})
    cfg = Config(share_bands=(0.5,), hhi_concentrated=0.4, sweep_deltas=(-0.10, 0.05, 0.10), input_materiality=0.015)
    sw = uncertainty.threshold_sweep(products, _sweep_propagator(), cfg)
    got = sw.set_index(["indicator", "delta"])
    # users at 1.5 %: k1 none (1 %), k2 → S1, k3 → S2, k4 → S1 and S2
    expect = {
        # share ≥ t; flagged at 0.5: k2, k3, k4
        ("target_share", -0.10): (0.4, 3, 4, 1, 100.0, ""),  # k1 joins; it feeds no sector materially
        ("target_share", 0.05): (0.55, 3, 3, 0, 0.0, ""),  # k2 sits exactly on 0.55 and stays (≥)
        ("target_share", 0.10): (0.6, 3, 2, 1, 200.0, "S1"),  # k2 leaves
        # HHI > t; flagged at 0.4: k2, k4
        ("import_hhi", -0.10): (0.3, 2, 3, 1, 300.0, "S2"),  # k3 joins; k1 at exactly 0.30 does not (>)
        ("import_hhi", 0.05): (0.45, 2, 1, 1, 200.0, "S1"),
        ("import_hhi", 0.10): (0.5, 2, 1, 1, 200.0, "S1"),
    }
    assert len(sw) == len(expect)
    for key, (t1, n0, n1, changed, value, secs) in expect.items():
        row = got.loc[key]
        assert row["swept_threshold"] == pytest.approx(t1), key
        assert (row["products_flagged"], row["products_flagged_swept"], row["products_changed"]) == (n0, n1, changed)
        assert row["changed_target_import_usd"] == value, key
        assert row["sectors"] == secs and row["sectors_changed"] == (len(secs.split(", ")) if secs else 0), key


def test_threshold_sweep_on_the_demo_counts_band_changes(demo_attached):
    sw = demo_attached.threshold_sweep
    prods = demo_attached.products
    assert len(sw) == (len(demo_attached.config.share_bands) + 1) * len(demo_attached.config.sweep_deltas)
    for _, row in sw.iterrows():
        x = prods[row["indicator"]].to_numpy(dtype=float)
        t0, t1 = row["threshold"], row["swept_threshold"]
        lo, hi = min(t0, t1), max(t0, t1)
        if row["indicator"] == "target_share":
            between = (x >= lo - 1e-12) & (x < hi - 1e-12)
        else:
            between = (x > lo) & (x <= hi)
        assert row["products_changed"] == int(between.sum())
        assert abs(row["products_flagged"] - row["products_flagged_swept"]) == row["products_changed"]
    # lowering the 50 % band brings in more products, and they feed some sectors
    low = sw[(sw["indicator"] == "target_share") & (sw["threshold"] == 0.5) & (sw["delta"] < 0)]
    assert (low["products_changed"] > 0).all() and (low["sectors_changed"] > 0).all()


# --------------------------------------------------------------------------- config
@pytest.mark.parametrize("changes, words", [
    ({"noise": (("weight", 0.1),)}, "noise key 'weight'"),
    ({"noise": (("coverage", -0.1),)}, "must be ≥ 0"),
    ({"noise": (("normalisation", 1.5),)}, "probability"),
    ({"noise_distribution": "uniform", "noise": (("coverage", 1.0),)}, "spread < 1"),
    ({"noise_distribution": "normal"}, "noise_distribution"),
    ({"noise_item": -1.0}, "noise_item"),
    ({"sweep_deltas": (5.0,)}, "sweep_deltas"),
    ({"input_materiality": 1.0}, "input_materiality"),
])
def test_bad_noise_settings_are_named(changes, words):
    with pytest.raises(ConfigError, match=words):
        Config().replace(**changes)


def test_noise_from_a_mapping():
    cfg = Config.from_mapping({"noise": {"coverage": 0.1, "io": 0}, "noise_distribution": "uniform",
                               "sweep_deltas": [-0.05, 0.05]})
    assert cfg.noise_map == {"coverage": 0.1, "io": 0.0}
    assert cfg.sweep_deltas == (-0.05, 0.05)


# --------------------------------------------------------------------------- several scenarios at once
def test_scenarios_simulated_together_get_the_draws_they_get_alone(demo):
    cfg = Config()
    pairs = {name: uncertainty.from_scenario_result(demo["runs"][name]) for name in ("catch-all", "full-embargo")}
    together = uncertainty.simulate_all(pairs, cfg, n_draws=40, keep_values=True)
    for name, (model, point) in pairs.items():
        alone = uncertainty.simulate(model, point, cfg, n_draws=40, keep_values=True)
        np.testing.assert_array_equal(together[name].rank, alone.rank)
        np.testing.assert_allclose(together[name].value, alone.value, rtol=1e-12)
        for g in alone.first:
            np.testing.assert_allclose(together[name].first[g], alone.first[g], rtol=1e-12, atol=1e-12)
    # common random numbers: a product's coverage draws are the same in every scenario that shocks it
    assert together["catch-all"].factors["coverage"].tolist() == together["full-embargo"].factors["coverage"].tolist()


def test_the_sensitivity_uses_the_first_draws_and_the_intervals_all_of_them(demo, monkeypatch):
    from exposure.uncertainty import montecarlo as sim

    cfg = Config(sensitivity_draws=25)
    model, point = uncertainty.from_scenario_result(demo["runs"]["white-list-removal"])
    short = uncertainty.simulate(model, point, cfg.replace(sensitivity_draws=1000), n_draws=25)
    monkeypatch.setattr(sim, "CHUNK_BYTES", 10**12)  # one chunk of 60: the sensitivity stops inside it
    long = uncertainty.simulate(model, point, cfg, n_draws=60)
    assert long.n_draws == 60 and long.sensitivity_draws == 25 and short.sensitivity_draws == 25
    np.testing.assert_array_equal(long.rank[:25], short.rank)
    assert long.first.keys() == short.first.keys() and long.first
    for g in short.first:
        np.testing.assert_allclose(long.first[g], short.first[g], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(long.total[g], short.total[g], rtol=1e-12, atol=1e-12)
    table = uncertainty.sensitivity_table(long).set_index("parameter")
    assert (table["n_draws"] == 60).all() and table.loc["coverage", "sensitivity_draws"] == 25
    none = uncertainty.simulate(model, point, cfg.replace(sensitivity_draws=0), n_draws=10)
    assert none.first == {} and none.sensitivity_draws == 0 and np.isfinite(none.var).all()


# --------------------------------------------------------------------------- what the run keeps of its draws
def test_rank_quantiles_from_counts_by_hand_and_as_nanquantile():
    # the data 1, 1, 3: p05 = 1; median = x[1] = 1; p95 at position 2 · 0.95 = 1.9: 1 + 0.9 · (3 − 1) = 2.8
    q = uncertainty.calc_count_quantiles(np.array([[2, 0, 1], [0, 0, 0]]), (0.05, 0.5, 0.95))
    np.testing.assert_allclose(q[:, 0], [1.0, 1.0, 2.8], rtol=1e-15)
    assert np.isnan(q[:, 1]).all()  # a sector no draw ranks
    # 2 once and 5 fourteen times: p05 at position 14 · 0.05 = 0.7 is 2 + 0.7 · 3 = 4.1, where numpy
    # interpolates from the upper neighbour (5 − 0.3 · 3) and lands one bit above 4.1: the same here
    data = np.array([2.0] + [5.0] * 14)
    got = uncertainty.calc_count_quantiles(np.array([[0, 1, 0, 0, 14]]), (0.05,))[0, 0]
    assert got == np.quantile(data, 0.05) == 5.0 - 3.0 * (1 - (14 * 0.05 - 0.0)) and got != 4.1
    # the same numbers as numpy on the data, for samples of 1, 2, … draws and ranks with NaN (unranked)
    rng = np.random.default_rng(5)
    qs = (0.0, 0.05, 0.25, 0.5, 0.95, 1.0)
    for n in (1, 2, 3, 7, 40, 1000):
        r = rng.integers(1, 9, size=(n, 6)).astype(float)
        r[rng.random((n, 6)) < 0.3] = np.nan
        r[:, 5] = np.nan
        codes = uncertainty.encode_ranks(r, uncertainty.rank_dtype(8))
        counts = np.stack([np.bincount(codes[:, j], minlength=9)[1:] for j in range(6)])  # sector × rank 1..8
        ok = ~np.isnan(r).all(axis=0)
        expect = np.full((len(qs), 6), np.nan)
        expect[:, ok] = np.nanquantile(r[:, ok], qs, axis=0)
        np.testing.assert_array_equal(uncertainty.calc_count_quantiles(counts, qs), expect, err_msg=str(n))


def test_rank_codes_counts_and_midranks_by_hand():
    r = np.array([[1.0, 2.0, np.nan], [2.0, 1.0, np.nan], [1.0, np.nan, np.nan]])
    codes = uncertainty.encode_ranks(r, uncertainty.rank_dtype(3))
    assert codes.dtype == np.uint8 and codes.tolist() == [[1, 2, 0], [2, 1, 0], [1, 0, 0]]
    np.testing.assert_array_equal(uncertainty.decode_ranks(codes), r)
    # sector 1 ranks first twice and second once; sector 2 once each and unranked once; sector 3 never
    np.testing.assert_array_equal(uncertainty.calc_rank_counts(codes, 3), [[0, 2, 1, 0], [1, 1, 1, 0], [3, 0, 0, 0]])
    assert uncertainty.rank_dtype(255) == np.uint8 and uncertainty.rank_dtype(256) == np.uint16
    # mid-ranks from counts: the data 2, 2, 3, 5, 5, 5 → 1.5, 1.5, 3, 5, 5, 5
    counts = np.array([[0, 2, 1, 0, 3]])
    mid = uncertainty.calc_count_midranks(counts)
    data = np.array([2.0, 2.0, 3.0, 5.0, 5.0, 5.0])
    np.testing.assert_array_equal(mid[0, data.astype(int) - 1], uncertainty.calc_midranks(data))
    np.testing.assert_array_equal(mid[0, [1, 2, 4]], [1.5, 3.0, 5.0])
    # rank variance from counts: ranks {1, 1, 2} → mean 4/3, variance 2/9; none ranked → 0
    np.testing.assert_allclose(uncertainty.calc_rank_variance(uncertainty.calc_rank_counts(codes, 3)),
                               [2 / 9, 0.25, 0.0], rtol=1e-15)


def test_moving_columns_store_only_what_draws_move():
    """Point (1, NaN, 5): the first chunk moves column 0 only; the second moves column 2 too, which
    widens the store once (its first rows are the point's); column 1 is NaN in every draw and never stored."""
    kept = uncertainty.MovingColumns(5, np.array([1.0, np.nan, 5.0]))
    kept.put(0, np.array([[1.0, np.nan, 5.0], [2.0, np.nan, 5.0]]))
    assert kept.cols.tolist() == [0] and kept.data.shape == (5, 1) and kept.data.dtype == np.float32
    kept.put(2, np.array([[1.0, np.nan, 6.0], [3.0, np.nan, 5.0], [0.1, np.nan, 5.0]]))
    assert kept.cols.tolist() == [0, 2] and kept.data.shape == (5, 2)
    full = np.array([[1.0, np.nan, 5.0], [2.0, np.nan, 5.0], [1.0, np.nan, 6.0], [3.0, np.nan, 5.0],
                     [0.1, np.nan, 5.0]])
    np.testing.assert_array_equal(kept.full(), full.astype(np.float32))
    q = kept.quantiles((0.05, 0.5, 0.95))
    np.testing.assert_allclose(q[:, [0, 2]], np.quantile(full[:, [0, 2]], (0.05, 0.5, 0.95), axis=0),
                               rtol=F32_QUANTILE)
    assert np.isnan(q[:, 1]).all()
    # a column no draw moves: its quantiles are the point, exactly
    still = uncertainty.MovingColumns(3, np.array([np.pi, np.nan]))
    still.put(0, np.broadcast_to(np.array([np.pi, np.nan]), (3, 2)))
    assert still.data.size == 0
    np.testing.assert_array_equal(still.quantiles((0.05, 0.5)), [[np.pi, np.nan], [np.pi, np.nan]])


def _old_summary(rank: np.ndarray, point_rank: np.ndarray, top_n: int) -> dict[str, np.ndarray]:
    """Rank intervals, P(top N) and mean |shift| computed the way they were before the counts: from the
    float ranks of every draw, with numpy's NaN-aware reductions."""
    ranked = ~np.isnan(rank)
    seen = ranked.any(axis=0)
    q = np.full((3, rank.shape[1]), np.nan)
    q[:, seen] = np.nanquantile(rank[:, seen], [0.05, 0.5, 0.95], axis=0)
    with np.errstate(invalid="ignore"):
        shift = np.nanmean(np.abs(rank[:, seen] - point_rank[seen]), axis=0)
    out_shift = np.full(rank.shape[1], np.nan)
    out_shift[seen] = np.where(np.isnan(point_rank[seen]), np.nan, shift)
    return {"rank_p05": q[0], "median_rank": q[1], "rank_p95": q[2], "mean_abs_rank_shift": out_shift,
            "p_top10": (ranked & (np.nan_to_num(rank, nan=np.inf) <= top_n)).mean(axis=0)}


@pytest.mark.parametrize("name", ["catch-all", "export-retaliation", "hand-made"])
def test_summaries_from_the_kept_draws_equal_the_full_precision_ones(demo, name):
    """The intervals from rank counts are numpy's on the float ranks exactly; the SME money quantiles
    from single-precision draws are those of the double-precision values (the rank basis here) to one
    float32 step; the Spearman ρ² from mid-ranks looked up in the counts is calc_spearman's exactly.
    The hand-made economy has a sector no draw ranks (S9, no IO data) and one no draw moves (S3)."""
    cfg = Config(top_n=1 if name == "hand-made" else 7, noise_item=1.0)
    run = _small_case(cfg)[0] if name == "hand-made" else demo["runs"][name]
    model, point = uncertainty.from_scenario_result(run)
    d = uncertainty.simulate(model, point, cfg, n_draws=150, sensitivity=False, keep_values=True)
    u = uncertainty.summarise(d, cfg.top_n).set_index("sector").reindex(point.sectors)
    rank = d.rank
    assert np.isfinite(rank).any()
    assert np.isnan(rank).all(axis=0).any() == (name == "hand-made")
    for col, expect in _old_summary(rank, point.point_rank, cfg.top_n).items():
        np.testing.assert_array_equal(u[col].to_numpy(dtype=float), expect, err_msg=col)
    money = "sme_demand" if point.rank_basis.startswith("sme_demand") else "sme_export"
    assert point.rank_basis == f"{money}_at_risk_usd"
    seen = ~np.isnan(d.value).all(axis=0)
    expect = np.full((3, len(point.sectors)), np.nan)
    expect[:, seen] = np.nanquantile(d.value[:, seen], [0.05, 0.5, 0.95], axis=0)
    got = u[[f"{money}_at_risk_p05", f"{money}_at_risk_median", f"{money}_at_risk_p95"]].to_numpy(dtype=float).T
    np.testing.assert_allclose(got, expect, rtol=F32_QUANTILE, atol=0)
    assert not np.array_equal(got, expect, equal_nan=True)  # they are single precision, not the doubles
    # only the sectors whose value some draw moves are stored, the other figure not at all
    moved = ~((d.value == d.point["value"]) | (np.isnan(d.value) & np.isnan(d.point["value"]))).all(axis=0)
    assert moved.any() and (name != "hand-made" or not moved[point.sectors.index("S3")])
    assert getattr(d, f"{money.split('_')[1]}_draws").cols.tolist() == np.flatnonzero(moved).tolist()
    other = d.demand_draws if money == "sme_export" else d.export_draws
    assert other.data.size == 0
    # the rank variance (no sensitivity run) and ρ² of each factor, as from the float ranks
    ranked = ~np.isnan(rank).all(axis=0)
    var = np.zeros(len(point.sectors))
    var[ranked] = np.nanvar(rank[:, ranked], axis=0)
    np.testing.assert_allclose(d.var, var, rtol=1e-12, atol=1e-12)
    s = uncertainty.sensitivity_table(d).set_index("parameter")
    assert d.factors
    for g, f in d.factors.items():
        rho = uncertainty.calc_spearman(f, rank)
        w = np.where(np.isnan(rho), 0.0, d.var)
        assert s.loc[g, "spearman_rho2"] == np.sum(w * np.nan_to_num(rho) ** 2) / np.sum(w), g


def test_the_kept_draws_are_compact(demo):
    """One byte a rank (36 sectors), single-precision money for the moved sectors only, nothing of
    the rank basis unless asked: a regression to double-precision copies of every figure shows here."""
    pairs = {n: uncertainty.from_scenario_result(demo["runs"][n]) for n in ("full-embargo", "export-retaliation")}
    out = uncertainty.simulate_all(pairs, Config(), n_draws=50)
    for name, d in out.items():
        m = len(pairs[name][1].sectors)
        assert d.value is None
        assert d.rank_codes.dtype == np.uint8 and d.rank_codes.shape == (50, m)
        assert d.rank_counts.shape == (m, m + 1) and (d.rank_counts.sum(axis=1) == 50).all()
        assert all(f.dtype == np.float32 and f.shape == (50,) for f in d.factors.values())
        for kept in (d.export_draws, d.demand_draws):
            assert kept.data.dtype == np.float32 and kept.data.shape == (50, len(kept.cols))
        assert d.sme_export.shape == d.sme_demand.shape == (50, m)
    assert out["full-embargo"].demand_draws.data.size == 0 and out["export-retaliation"].export_draws.data.size == 0


@pytest.mark.parametrize("scenario", ["2019-three-items", "white-list-removal"])
def test_more_stock_lowers_every_draw_in_every_sector(demo, scenario):
    """The buffer enters the Monte Carlo the right way round: with the same seed (the same draws), 30 more days
    of stock for every product never raise any draw's risk in any sector, and lower the total."""
    cfg = Config(noise=(("coverage", 0.3), ("phi", 0.3), ("buffer_days", 0.5), ("lag_days", 0.3), ("io", 0.2)))
    model, point = uncertainty.from_scenario_result(demo["runs"][scenario])
    stocked = dataclasses.replace(model, buffer_days=model.buffer_days + 30.0)
    base = uncertainty.simulate(model, point, cfg, n_draws=200, seed=11, sensitivity=False, keep_values=True)
    more = uncertainty.simulate(stocked, point, cfg, n_draws=200, seed=11, sensitivity=False, keep_values=True)
    ok = np.isfinite(base.value)
    assert (more.value[ok] <= base.value[ok] * (1 + 1e-9) + 1e-6).all()
    assert more.value[ok].sum() < base.value[ok].sum()
    # and the buffer's own draws do move the result: with noise on b alone the draws differ from each other
    only_b = Config(noise=(("buffer_days", 0.5),))
    d = uncertainty.simulate(model, point, only_b, n_draws=50, seed=11, sensitivity=False, keep_values=True)
    assert np.nanstd(d.value.sum(axis=1, where=np.isfinite(d.value))) > 0
