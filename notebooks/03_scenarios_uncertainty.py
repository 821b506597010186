# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Scenarios and uncertainty
#
# On the public data of notebook 02 (Korea's 2018 imports from Japan, the OECD input–output table of
# Korea 2015, the 2015 Economic Census for SME shares; the embedded demo when the folder is absent):
#
# 1. the shipped escalation scenarios side by side;
# 2. how sure the ranking is — Monte Carlo rank intervals, value-at-risk intervals and which uncertain
#    parameter moves the ranking most;
# 3. how the choice of production function for critical inputs moves D26's figure inside its
#    low–high range;
# 4. what-if edits of a scenario (stock days b, substitutable fraction φ, substitution lag L) and the
#    threshold sweep.
#
# Every money figure is in USD; values at risk are **over the scenario's horizon** (180 days unless a
# scenario says otherwise) unless a column says *per year*; exports are USD a year.

# %% tags=["parameters"]
from pathlib import Path
import tempfile

# the public data folder, relative to this notebook (overridden by $EXPOSURE_DATA_DIR)
DATA_DIR = Path("../../shared/data")
DRAWS = 200  # Monte Carlo draws (serious work: 1,000 or more; the notebook stays under a minute)
SEED = 1
WORK_DIR = Path(tempfile.gettempdir()) / "exposure-scenarios"

# %%
import os
import tomllib

import numpy as np
import pandas as pd

import exposure
from exposure import scenarios
from exposure.errors import ConfigError
from exposure.report.charts import fig_rank_intervals, fig_scenarios, scenario_matrix

pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 16)
pd.set_option("display.max_colwidth", 60)
WORK_DIR.mkdir(parents=True, exist_ok=True)

DATA_DIR = Path(os.environ.get("EXPOSURE_DATA_DIR") or DATA_DIR)
FILES = {
    "imports": DATA_DIR / "comtrade_kor_jpn" / "KJimport2018.csv",
    "io": DATA_DIR / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv",
    "census": DATA_DIR / "census" / "economic_census_2015_mining_manufacturing.csv",
}
missing = [role for role, p in FILES.items() if not p.is_file()]
REAL = not missing
if REAL:
    print(f"Real public data from {DATA_DIR.resolve()}")
    inputs = exposure.Inputs(imports=[FILES["imports"]], io=[FILES["io"]], profile=FILES["census"])
    BASE = exposure.Config(year=2018, seed=SEED, lang="en")
else:
    print("!" * 88)
    print(f"The public data folder {DATA_DIR.resolve()} is absent or incomplete (missing: {', '.join(missing)}).")
    print("FALLING BACK TO THE EMBEDDED DEMO DATA: every number below is synthetic.")
    print("!" * 88)
    inputs = exposure.Inputs.demo()
    BASE = exposure.Config(seed=SEED, lang="en")


def musd(v):
    """USD → USD million (display only)."""
    return v / 1e6


# %% [markdown]
# ## The shipped scenarios
#
# Five tiers, from the July 2019 controls to a full embargo, plus a demand-side scenario in which Japan
# cuts its imports of Korean goods. Each is a TOML file of rules that give every product a coverage c
# (probability × severity of losing Japan's supply), with stock b days, substitution lag L days, horizon
# H days, substitutable fraction φ and, for licensed items, the day D licensed shipments resume (rules
# may set their own). The covered daily flow q = c·M(k, JPN)/365 is lost for
# max(0, G(min(H, D)) − b) days, with G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds; blank values come from the rules
# or from `Config` (b = 30, L = 180, H = 180, φ = 0.5 when no world export share is known).

# %%
SHIPPED = tuple(scenarios.available())
shipped = pd.DataFrame([scenarios.load(n).summary() for n in SHIPPED])
shipped[["scenario", "name_ko", "name_en", "kind", "rules", "buffer_days", "lag_days", "horizon_days", "phi",
         "licence_delay_days", "max_coverage"]]

# %%
print(scenarios.load("white-list-removal").to_toml()[:1400], "…")

# %% [markdown]
# ## Side by side
#
# All five in one run, ranked by SME export value at risk (the default). Each supply tier cuts more
# products, or more of each, than the one before; the demand-side scenario needs each sector's exports
# to Japan, which this data does not carry — the run says so rather than scoring it as zero.

# %%
res = exposure.run(inputs, BASE.replace(scenarios=SHIPPED))
for w in res.warnings:
    print("!", w)
totals = res.sectors.groupby("scenario", sort=False)[
    ["export_at_risk_low_usd", "export_at_risk_usd", "export_at_risk_high_usd", "sme_export_at_risk_usd",
     "demand_at_risk_usd"]].sum(min_count=1)
shortfall = res.shocks.groupby("scenario", sort=False).agg(products_hit=("coverage", lambda c: int((c > 0).sum())),
                                                           shortfall_usd=("shortfall_usd", "sum"))
side = shortfall.join(totals, how="right")
print("Horizon H of every scenario, days: " + ", ".join(
    f"{n} {h:g}" for n, h in res.sectors.groupby("scenario", sort=False)["horizon_days"].first().items()))
(musd(side.drop(columns="products_hit")).round(1).rename(columns=lambda c: c.replace("_usd", "_musd_over_H"))
 .assign(products_hit=side["products_hit"]))

# %%
tops = pd.DataFrame({name: res.ranking(name, n=5)["sector"].to_list() for name in res.scenario_names()
                     if scenarios.load(name).kind == "supply"}, index=pd.Index(range(1, 6), name="rank"))
tops

# %%
matrix = scenario_matrix(res, n=8)  # SME export value at risk: the first scenario's top 8 × every scenario
names_ko = res.ranking().set_index("sector")["sector_name_ko"]
# export-retaliation is demand-side: it puts no supply-side value at risk (0) and is unscored here
musd(matrix).round(2).assign(name_ko=names_ko.reindex(matrix.index))  # USD million over the horizon

# %%
supply = [n for n in res.scenario_names() if scenarios.load(n).kind == "supply"]
rate = res.sectors.pivot_table(index="sector", columns="scenario", values="exposure_rate")[supply]
for lo, hi in zip(supply, supply[1:]):
    fell = rate.index[rate[hi] < rate[lo] - 1e-15].tolist()
    print(f"{lo} → {hi}: sectors whose exposure rate falls: {', '.join(fell) or 'none'}")
emb = rate["full-embargo"]
assert all((rate[n] <= emb + 1e-12).all() for n in supply)  # the full embargo bounds every supply tier

# %%
fig = fig_scenarios(res, lang="en", n=8)
fig

# %% [markdown]
# ## How sure is the ranking? Monte Carlo
#
# `Config(draws=N, seed=S)` draws the uncertain parameters — coverage, φ, stock and lag days, the IO
# coefficients, SME shares, the CES elasticity σ, the weight of "important" critical inputs and the
# end-use override shares (and the composite index's weights and normalisation when the ranking uses it)
# — from the spreads in `Config.noise`, re-scores every draw with the engine's own array function
# (seeded, vectorised) and summarises each sector: median rank, 5–95 % rank interval, probability of
# being in the top 10, and the 5 % / median / 95 % of its SME export value at risk (USD over the horizon).
# The same random numbers serve every scenario of the run.
#
# The run below also carries five what-if copies of `2019-three-items` (next sections); they are cheap
# to score because they shock four products.

# %%
base = scenarios.load("2019-three-items")
variants = {
    "b0": dict(buffer_days=0.0), "b90": dict(buffer_days=90.0),
    "phi0": dict(phi=0.0), "phi0.9": dict(phi=0.9), "L365": dict(lag_days=365.0),
}
refs = []
for tag, change in variants.items():
    v = scenarios.with_changes(base, name=f"three-items-{tag}", **change)
    path = WORK_DIR / f"{v.name}.toml"
    path.write_text(v.to_toml(), encoding="utf-8")  # an editable file that Config(scenarios=...) accepts
    refs.append(str(path))
MC_SCENARIOS = ("2019-three-items", "white-list-removal")
mc = exposure.run(inputs, BASE.replace(scenarios=MC_SCENARIOS + tuple(refs), draws=DRAWS))
print(f"{mc.config.draws} draws, seed {mc.config.seed}, noise: "
      + ", ".join(f"{k} {v:g}" for k, v in mc.config.noise))

# %%
UCOLS = ["sector", "sector_name_ko", "point_rank", "median_rank", "rank_p05", "rank_p95", "p_top10"]


def intervals(name: str, n: int = 10) -> pd.DataFrame:
    u = mc.uncertainty[mc.uncertainty["scenario"] == name].sort_values("point_rank").head(n)
    ok = u["sme_export_at_risk_median"].notna()
    assert (u.loc[ok, "sme_export_at_risk_p05"] <= u.loc[ok, "sme_export_at_risk_median"] + 1e-6).all()
    assert (u.loc[ok, "sme_export_at_risk_median"] <= u.loc[ok, "sme_export_at_risk_p95"] + 1e-6).all()
    # SME export value at risk, USD million over the scenario's horizon (180 days)
    return u[UCOLS].assign(
        sme_point_musd_180d=musd(u["sme_export_at_risk_usd"]), sme_p05_musd_180d=musd(u["sme_export_at_risk_p05"]),
        sme_median_musd_180d=musd(u["sme_export_at_risk_median"]),
        sme_p95_musd_180d=musd(u["sme_export_at_risk_p95"])).round(3)


intervals("2019-three-items")

# %%
intervals("white-list-removal")

# %%
for name in MC_SCENARIOS:
    u = mc.uncertainty[mc.uncertainty["scenario"] == name]
    sure = u[u["rank_p95"] <= 10].sort_values("point_rank")["sector"].tolist()
    unsure = u[(u["point_rank"] <= 10) & (u["p_top10"] < 0.9)].sort_values("point_rank")["sector"].tolist()
    lead = u.sort_values("point_rank").iloc[0]
    print(f"{name}: rank 1 {lead['sector']} in {lead['rank_p05']:g}–{lead['rank_p95']:g} (5–95 %); "
          f"SME export at risk {musd(lead['sme_export_at_risk_p05']):,.1f}–{musd(lead['sme_export_at_risk_p95']):,.1f} "
          f"USD million over 180 days (point {musd(lead['sme_export_at_risk_usd']):,.1f})")
    print(f"   in the top 10 in ≥ 95 % of draws: {', '.join(sure) or 'none'}; point top 10 but "
          f"P(top 10) < 0.9: {', '.join(unsure) or 'none'}")

# %%
fig = fig_rank_intervals(mc, lang="en", scenario="white-list-removal", n=15)
fig

# %% [markdown]
# On the public data the ranks are stable where one sector carries the scenario (D26 under the three
# items, always first) and move among the sectors hit only downstream, whose values at risk are close to
# each other (chemicals D20T21 between ranks 2 and 5). D26's SME value-at-risk interval is wide and skewed
# to the right (USD 1.6–39 million against a point figure of 4.7 million over 180 days): the CES elasticity
# σ is drawn with a log spread of 0.5, so a twentieth of the draws have σ below about 0.22, and at σ = 0.22
# alone D26's SME figure is already about USD 24 million — the CES loss of a critical input climbs
# steeply towards its Leontief bound as σ falls (next section).

# %% [markdown]
# ## Which parameter moves the ranking most
#
# Per scenario and parameter group: the first-order and total-order share of the ranking's variance
# (pick–freeze estimates, Saltelli et al. 2010 / Jansen 1999) and the Spearman ρ² between the group's
# draw-level factor and the ranks, with the sector whose rank it moves most. Groups that cannot move the
# ranking are not drawn and say why.

# %%
SCOLS = ["parameter", "spread", "first_order", "total_order", "spearman_rho2", "most_affected_sector", "note"]
for name in MC_SCENARIOS:
    sens = mc.sensitivity[mc.sensitivity["scenario"] == name].sort_values("total_order", ascending=False)
    lead = sens.iloc[0]
    print(f"{name}: {lead['parameter']} moves the ranking most (total order {lead['total_order']:.2f}, first order "
          f"{lead['first_order']:.2f}); the sector it moves most is {lead['most_affected_sector'] or '—'}")
mc.sensitivity[mc.sensitivity["scenario"] == "white-list-removal"].sort_values("total_order", ascending=False)[
    SCOLS].round(3)

# %%
mc.sensitivity[mc.sensitivity["scenario"] == "2019-three-items"].sort_values("total_order", ascending=False)[
    SCOLS].round(3)

# %% [markdown]
# ## The production function moves D26 inside its range
#
# For the critical inputs (the three items in D26's semiconductor and display lines), the run's
# `Config(production=…, sigma=…)` sets the **central** figure; every run also reports the **low** figure
# (linear: $1 of lost input costs $1 of output) and the **high** one (Leontief: the dependent output falls
# with the lost fraction of the product's supply). So the choice does not move the range, it moves the
# central figure inside it: linear puts it on the low end, Leontief on the high end, CES in between — the
# lower σ, the closer to Leontief. On the public data the supply of each item is its imports from Japan
# only, so the high end is an upper bound of an upper bound (notebook 02).

# %%
runs = {"linear": BASE.replace(production="linear"), "ces σ=0.1": BASE.replace(production="ces", sigma=0.1),
        "leontief": BASE.replace(production="leontief")}
by_production = {"ces σ=0.5 (default)": res}
for label, cfg in runs.items():
    by_production[label] = exposure.run(inputs, cfg.replace(scenarios=("2019-three-items",)))
rows = []
for label, r in by_production.items():
    d = r.ranking("2019-three-items").set_index("sector").loc["D26"]
    rows.append({"production": label, "rank": d["rank"], "low_%": d["exposure_rate_low"] * 100,
                 "central_%": d["exposure_rate"] * 100, "high_%": d["exposure_rate_high"] * 100,
                 "critical_%": d["critical_rate"] * 100,
                 "at_risk_musd_180d": musd(d["export_at_risk_usd"]),
                 "sme_at_risk_musd_180d": musd(d["sme_export_at_risk_usd"])})
prod = pd.DataFrame(rows).set_index("production").loc[["linear", "ces σ=0.5 (default)", "ces σ=0.1", "leontief"]]
# the bounds do not depend on the choice; linear sits on the low end and Leontief on the high end
assert np.allclose(prod["low_%"], prod["low_%"].iloc[0]) and np.allclose(prod["high_%"], prod["high_%"].iloc[0])
assert np.isclose(prod.loc["linear", "central_%"], prod.loc["linear", "low_%"])
assert np.isclose(prod.loc["leontief", "central_%"], prod.loc["leontief", "high_%"])
assert prod["central_%"].is_monotonic_increasing
prod.round(4)

# %%
lin, lt = prod.loc["linear"], prod.loc["leontief"]
print(f"D26 under 2019-three-items: {lin['central_%']:.4f} % of output over 180 days (linear) … "
      f"{prod.loc['ces σ=0.5 (default)', 'central_%']:.4f} % (CES σ = 0.5) … "
      f"{prod.loc['ces σ=0.1', 'central_%']:.3f} % (CES σ = 0.1) … {lt['central_%']:.1f} % (Leontief); "
      f"export value at risk USD {lin['at_risk_musd_180d']:,.1f} … {lt['at_risk_musd_180d']:,.0f} million "
      f"over 180 days")

# %% [markdown]
# From linear to Leontief D26's figure grows by a factor of about 500. CES at σ = 0.5 stays close to
# linear because the lost fraction of supply over the horizon is below 1 (stock, substitution and
# licences: 53 % for hydrogen fluoride, 20 % for photoresist here); only as σ → 0 does the missing input
# stop the lines that need it. Which end is right is an empirical question about how long
# fabs can run short of a material — the reason every sheet of the report shows the range, not just the
# central figure.

# %% [markdown]
# ## What-if: stock, substitution and lag
#
# `scenarios.with_changes` returns a validated copy of a scenario with its parameters changed; `to_toml()`
# writes it as a file that `Config(scenarios=...)` (or `exposure report --scenario FILE`) accepts in place
# of a shipped name. The five copies of `2019-three-items` above change one parameter each: no stock
# (b = 0) or three months of it (b = 90 days), no substitution (φ = 0) or nearly full (φ = 0.9), and a
# one-year substitution lag (L = 365 days). The uncertainty package has no parameter sweep of its own
# (its sweep moves the dependence thresholds, below): these are ordinary scenario runs.

# %%
labels = {"2019-three-items": "shipped: b 30, φ 0.5, L 180"} | {
    f"three-items-{tag}": f"{tag}: " + ", ".join(f"{k} {v:g}" for k, v in ch.items()) for tag, ch in variants.items()}
rows = []
for name, label in labels.items():
    d = mc.ranking(name).set_index("sector").loc["D26"]
    sh = mc.shocks[mc.shocks["scenario"] == name]
    rows.append({"variant": label, "shortfall_musd_180d": musd(sh["shortfall_usd"].sum()),
                 "D26_low_%": d["exposure_rate_low"] * 100, "D26_central_%": d["exposure_rate"] * 100,
                 "D26_high_%": d["exposure_rate_high"] * 100, "D26_at_risk_musd_180d": musd(d["export_at_risk_usd"]),
                 "D26_sme_at_risk_musd_180d": musd(d["sme_export_at_risk_usd"]),
                 "first_loss_week": d["first_loss_week"]})
whatif = pd.DataFrame(rows).set_index("variant")
shipped_row = whatif.iloc[0]
assert whatif.loc[labels["three-items-b0"], "shortfall_musd_180d"] > shipped_row["shortfall_musd_180d"] \
    > whatif.loc[labels["three-items-b90"], "shortfall_musd_180d"]  # more stock, less shortfall
assert whatif.loc[labels["three-items-phi0"], "shortfall_musd_180d"] > shipped_row["shortfall_musd_180d"] \
    > whatif.loc[labels["three-items-phi0.9"], "shortfall_musd_180d"]  # more substitution, less shortfall
whatif.round(4)

# %% [markdown]
# Three months of stock move the first week of loss from week 5 to week 16 and cut the three-item
# shortfall most (no stock at all brings it to week 1); with φ = 0.9 other suppliers replace most of
# Japan by the end of the lag. A one-year lag slows that replacement, so more of the cut is lost within
# the horizon. The high (Leontief) figure moves with b and φ as well: they change the lost fraction of
# supply, not only the linear loss.

# %% [markdown]
# A mistake in a scenario file is reported with the key at fault and the valid keys, before any input
# is read:

# %%
typo = """
name = "three-items-longer-horizon"
extends = "2019-three-items"
horizon_dayz = 365
"""
try:
    scenarios.from_mapping(tomllib.loads(typo), source="typo.toml")
except ConfigError as exc:
    print("ConfigError:", exc)

# %% [markdown]
# ## Thresholds
#
# The dependence bands (target share ≥ 50/70/80/90 %) and the HHI cut-off are conventions. The threshold
# sweep (`Results.threshold_sweep`, filled by every Monte Carlo run) shows how many products and sectors
# change status when a threshold moves by ±5 or ±10 points. It needs each product's imports from every
# partner: the public Comtrade file holds Korea's imports from Japan only, so no target share can be
# computed there and nothing changes band. Run the notebook on the demo data (set `EXPOSURE_DATA_DIR` to a
# folder without the files), whose imports are by country, to see the sweep at work.

# %%
sweep = mc.threshold_sweep
known = mc.products["target_share"].notna().sum()
print(f"{known:,} of {len(mc.products):,} products have a target share in this run")
sweep[["indicator", "threshold", "delta", "swept_threshold", "products_flagged", "products_flagged_swept",
       "products_changed", "changed_target_import_usd", "sectors_changed"]].head(12)
