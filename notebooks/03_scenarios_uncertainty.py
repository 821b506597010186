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
# On the embedded demo data: the shipped escalation scenarios side by side, how to edit a
# scenario (change its parameters, or write a new one as TOML), and how sure the ranking is —
# Monte Carlo rank intervals and which uncertain parameter moves the ranking most.

# %% tags=["parameters"]
from pathlib import Path
import tempfile

DRAWS = 200  # Monte Carlo draws (the report default for serious work is 1,000 or more)
SEED = 1
WORK_DIR = Path(tempfile.gettempdir()) / "exposure-scenarios"

# %%
import tomllib

import numpy as np
import pandas as pd

import exposure
from exposure import scenarios
from exposure.errors import ConfigError
from exposure.report.charts import fig_rank_intervals, fig_scenarios, scenario_matrix

pd.set_option("display.width", 180)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", 60)
WORK_DIR.mkdir(parents=True, exist_ok=True)
inputs = exposure.Inputs.demo()

# %% [markdown]
# ## The shipped scenarios
#
# Five tiers, from the July 2019 controls to a full embargo, plus a demand-side scenario in which
# Japan cuts its imports of Korean goods. Each is a TOML file of rules that give every product a
# coverage c (probability × severity of losing Japan's supply), with inventory buffer b,
# substitution lag L, horizon H and substitutable fraction φ:
# shortfall = M(k, JPN) · c · (1 − φ · min(1, max(0, H − b) / L)).

# %%
shipped = pd.DataFrame([scenarios.load(n).summary() for n in scenarios.available()])
shipped[["scenario", "kind", "rules", "buffer_days", "lag_days", "horizon_days", "phi", "max_coverage",
         "description_en"]]

# %%
print(scenarios.load("white-list-removal").to_toml()[:1200], "…")

# %% [markdown]
# ## Side by side
#
# All five on the demo data, ranked by SME export value at risk. Each supply tier cuts more
# products, or more of each, than the one before; the demand-side scenario ranks sectors by their
# exports to Japan that are at risk instead.

# %%
res = exposure.run(inputs, exposure.Config(scenarios=tuple(scenarios.available()), lang="en"))
matrix = scenario_matrix(res, n=10)
(matrix / 1e6).round(2)  # SME export value at risk, USD million: the first scenario's top 10 × every scenario

# %%
tops = pd.DataFrame({name: res.ranking(name, n=5)["sector"].to_list() for name in res.config.scenarios},
                    index=pd.Index(range(1, 6), name="rank"))
tops

# %%
totals = res.sectors.groupby("scenario", sort=False)[["export_at_risk_usd", "sme_export_at_risk_usd",
                                                      "demand_at_risk_usd"]].sum() / 1e6
totals.round(1)  # USD million over all sectors

# %%
supply = [n for n in res.config.scenarios if scenarios.load(n).kind == "supply"]
rate = res.sectors.pivot_table(index="sector", columns="scenario", values="exposure_rate")[supply]
for lo, hi in zip(supply, supply[1:]):
    fell = rate.index[rate[hi] < rate[lo] - 1e-15].tolist()
    print(f"{lo} → {hi}: sectors whose exposure rate falls: {', '.join(fell) or 'none'}")

# %%
fig = fig_scenarios(res, lang="en", n=10)
fig

# %% [markdown]
# ## Editing a scenario
#
# ### Change parameters: `scenarios.with_changes`
#
# What if qualifying another supplier took a year instead of six months? `with_changes` returns a
# validated copy; `to_toml()` writes it as a file that `Config(scenarios=...)` (or `exposure
# report --scenario FILE`) accepts in place of a shipped name.

# %%
base = scenarios.load("white-list-removal")
slow = scenarios.with_changes(base, name="white-list-removal-1y-lag", lag_days=365)
slow_path = WORK_DIR / "white-list-removal-1y-lag.toml"
slow_path.write_text(slow.to_toml(), encoding="utf-8")
print(f"wrote {slow_path} (lag_days {base.lag_days:g} → {slow.lag_days:g})")

# %% [markdown]
# ### Write a new one: a TOML string through `scenarios.from_mapping`
#
# A scenario can extend a shipped one and add rules — by code list, by code prefix, or by a
# condition on the product indicators. Here: the three items plus every chemical or plastic input
# (HS chapters 28–39) of which Japan supplies at least 70 %, cut by half.

# %%
custom_toml = """
name = "three-items-plus-dependent-chemicals"
extends = "2019-three-items"
description_en = "The 2019 items plus chemical and plastic inputs at least 70 % from Japan"

[[rules]]
name = "dependent chemicals and plastics"
prefixes = ["28-39"]
condition = "target_share >= 0.7"
coverage = 0.5
note = "half of Japan's supply of highly dependent chemical inputs delayed over the horizon"
"""
custom = scenarios.from_mapping(tomllib.loads(custom_toml), source="custom.toml")
custom_path = WORK_DIR / f"{custom.name}.toml"
custom_path.write_text(custom.to_toml(), encoding="utf-8")
print(f"{custom.name}: {len(custom.rules)} rules ({len(scenarios.load('2019-three-items').rules)} inherited)")

# %% [markdown]
# A mistake in a scenario is reported with the key at fault and the valid keys:

# %%
try:
    scenarios.from_mapping(tomllib.loads(custom_toml.replace("coverage = 0.5", "coverrage = 0.5")), source="typo.toml")
except ConfigError as exc:
    print("ConfigError:", exc)

# %%
edited = exposure.run(inputs, exposure.Config(
    scenarios=("2019-three-items", str(custom_path), "white-list-removal", str(slow_path)), lang="en"))
shocks = edited.shocks.groupby("scenario", sort=False).agg(
    products_hit=("coverage", lambda c: int((c > 0).sum())), shortfall_musd=("shortfall_usd", "sum"),
    lost_days=("lost_days", "max"))
shocks["shortfall_musd"] /= 1e6
shocks["sme_at_risk_musd"] = edited.sectors.groupby("scenario", sort=False)["sme_export_at_risk_usd"].sum() / 1e6
shocks.round(3)

# %%
wl, wl1y = shocks.loc["white-list-removal"], shocks.loc["white-list-removal-1y-lag"]
print(f"A one-year substitution lag instead of six months: shortfall {wl['shortfall_musd']:,.1f} → "
      f"{wl1y['shortfall_musd']:,.1f} USD million ({wl1y['shortfall_musd'] / wl['shortfall_musd'] - 1:+.0%}).")
print(f"Days of the covered flow lost over the horizon, max(0, G(H) − b), rise from {wl['lost_days']:.1f} to "
      f"{wl1y['lost_days']:.1f}: other suppliers ramp up more slowly, so less of the cut is replaced in time.")

# %% [markdown]
# ## How sure is the ranking? Monte Carlo
#
# `Config(draws=N)` draws the uncertain parameters — coverage, φ, buffer and lag days, IO
# coefficients, SME shares (and the composite index's weights and normalisation when the ranking
# uses it) — from the spreads in `Config.noise`, re-scores every draw (seeded, vectorised) and
# summarises each sector's rank: median, 5–95 % interval and the probability of being in the top
# 10.

# %%
mc = exposure.run(inputs, exposure.Config(scenarios=("2019-three-items", "white-list-removal"), draws=DRAWS,
                                          seed=SEED, lang="en"))
u = mc.uncertainty[mc.uncertainty["scenario"] == "white-list-removal"].sort_values("point_rank")
u[["sector", "sector_name_en", "point_rank", "median_rank", "rank_p05", "rank_p95", "p_top10",
   "sme_export_at_risk_p05", "sme_export_at_risk_median", "sme_export_at_risk_p95"]].head(10)

# %%
sure = u[(u["rank_p95"] <= 10)]["sector"].tolist()
unsure = u[(u["point_rank"] <= 10) & (u["p_top10"] < 0.9)]["sector"].tolist()
print(f"{mc.config.draws} draws. In the top 10 in at least 95 % of "
      f"draws: {', '.join(sure) or 'none'}")
print(f"Point top 10 but in the top 10 in fewer than 90 % of draws: {', '.join(unsure) or 'none'}")

# %%
fig = fig_rank_intervals(mc, lang="en", scenario="white-list-removal")
fig

# %% [markdown]
# ## Which parameter moves the ranking most
#
# The sensitivity table gives, per scenario and parameter group, the first-order and total-order
# share of the ranking's variance (pick-freeze estimates) and the Spearman ρ² between the
# parameter's draw factor and the ranks, with the sector whose rank it moves most.

# %%
sens = mc.sensitivity[mc.sensitivity["scenario"] == "white-list-removal"].sort_values("total_order", ascending=False)
sens[["parameter", "spread", "first_order", "total_order", "spearman_rho2", "most_affected_sector", "note"]]

# %%
lead = sens.iloc[0]
print(f"white-list-removal: {lead['parameter']} moves the ranking most (total-order share "
      f"{lead['total_order']:.2f}, first-order {lead['first_order']:.2f}); the sector it moves most is "
      f"{lead['most_affected_sector'] or '—'}.")

# %% [markdown]
# ## Thresholds
#
# The dependence bands (target share ≥ 50/70/80/90 %) and the HHI cut-off are conventions.
# The threshold sweep shows how many products and sectors change status when a threshold moves
# by ±5 or ±10 points.

# %%
mc.threshold_sweep[["indicator", "threshold", "delta", "swept_threshold", "products_flagged",
                    "products_flagged_swept", "products_changed", "sectors_changed"]].head(12)
