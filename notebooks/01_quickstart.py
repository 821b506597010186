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
# # 01 · Quick start on the demo data
#
# `exposure` answers one question for SME policy analysts: *if the Korea–Japan trade dispute
# widens, which SME sectors lose most export value, through which imported parts and materials,
# how fast, and within what range?* This notebook runs the whole analysis on the embedded demo
# inputs (synthetic values in the real source formats, see `datasets/README.md`: **every number
# below is made up**; notebook 02 runs the same engine on public data), then reads the ranking,
# its units, the channels and products behind the top sector, the low/central/high range and the
# week-by-week profile, and writes the report.
#
# The same run from a terminal is `exposure report` (add `--out DIR`, `--scenario NAME`, …).

# %% tags=["parameters"]
from pathlib import Path
import tempfile

# the report folder (replaced whole on each run); papermill or a user can override it
OUT_DIR = Path(tempfile.gettempdir()) / "exposure-quickstart-report"
LANG = "en"  # chart and workbook labels: "ko" or "en"

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import exposure
from exposure.report import write_report_folder
from exposure.report.charts import fig_ranking

pd.set_option("display.width", 180)
pd.set_option("display.max_columns", 20)
pd.set_option("display.max_colwidth", 44)
print("exposure", exposure.__version__)


def musd(v) -> pd.Series | float:
    """USD → USD million (for display only; the tables keep USD)."""
    return v / 1e6


# %% [markdown]
# ## Run
#
# `exposure.run()` reads the demo files (`exposure.Inputs.demo()`) and uses the default
# parameters (`exposure.Config()`): target partner Japan, the `2019-three-items` scenario,
# sectors of the OECD input–output table (36 industries), a CES production function for the
# critical inputs, ranking by SME export value at risk. In Jupyter the Results object shows itself
# as the top of the ranking.

# %%
inputs = exposure.Inputs.demo()
for role, path in inputs.files():
    print(f"{role:8} {path.name}")
res = exposure.run(inputs, exposure.Config(lang=LANG))
res

# %% [markdown]
# Every input file has a load report: rows read, kept and dropped (with the reason for each
# dropped row, e.g. total rows) and the value they carried. Nothing is dropped silently.

# %%
res.validation()[["source", "format", "unit", "rows_read", "rows_kept", "rows_dropped", "value_dropped_usd"]]

# %% [markdown]
# ## The scenario and its parameters
#
# A scenario gives each product a coverage c (probability × severity of losing Japan's supply)
# and the time parameters: stock b days, substitution lag L days (other suppliers ramp up to the
# substitutable fraction φ), horizon H days, and for licensed items the day D licensed shipments
# resume. Blank scenario-level values come from the rules or from `Config` (b = 30, L = 180,
# H = 180 days, φ = 0.5 when no world export share is known).

# %%
scen = res.scenarios.iloc[0]
H = float(scen["horizon_days"])
print(f"{scen['scenario']}: {scen['name_en']} / {scen['name_ko']} — {scen['rules']} rules, horizon H = {H:g} days")
res.shocks[res.shocks["coverage"] > 0][["code", "name", "coverage", "phi", "buffer_days", "lag_days",
                                        "licence_delay_days", "lost_days", "target_import_usd", "shortfall_usd"]]

# %% [markdown]
# `target_import_usd` is the year's imports from Japan (USD a year); `lost_days` = max(0, G(min(H, D)) − b)
# is how many days of the covered flow are lost over the horizon; `shortfall_usd` =
# c · M(k, JPN)/365 · lost_days is **USD over the 180-day horizon**. Hydrogen fluoride has no licence
# date within the horizon (105 days lost); photoresist and polyimide resume on day 90 (48.75 days).

# %% [markdown]
# ## The ranking
#
# Units (the column dictionary in `exposure.schema.outputs` says the same for every column):
#
# - `exposure_rate` E: share of the sector's output *over the horizon* lost to the shortfall (central figure);
# - `export_usd`: the sector's exports, **USD a year**;
# - `export_at_risk_usd` = E × exports × H/365: **USD over the horizon** (here 180 days);
#   `export_at_risk_usd_per_year` is the same loss as an annual rate (× 365/H);
# - `sme_export_at_risk_usd` = export at risk × the SME share of the sector (or of the KSIC class that
#   bears the loss), USD over the horizon; `sme_share_basis` says what the share is a share of
#   (`export`: the SMEs' share of the sector's exports, as in this demo profile; `output-calibrated` or
#   `output` when only census output shares exist);
# - `first_loss_week`: the first week of the horizon in which output falls (after stock, licence review
#   and substitution).

# %%
ranking = res.ranking(n=10)
shown = pd.DataFrame({
    "rank": ranking["rank"], "sector": ranking["sector"], "name_ko": ranking["sector_name_ko"],
    "name_en": ranking["sector_name_en"],
    "exposure_%": ranking["exposure_rate"] * 100,
    "exports_musd_a_year": musd(ranking["export_usd"]),
    "at_risk_musd_180d": musd(ranking["export_at_risk_usd"]),
    "at_risk_musd_per_year": musd(ranking["export_at_risk_usd_per_year"]),
    "sme_share_%": ranking["sme_share"] * 100, "sme_basis": ranking["sme_share_basis"],
    "sme_at_risk_musd_180d": musd(ranking["sme_export_at_risk_usd"]),
    "first_loss_week": ranking["first_loss_week"],
})
shown.round(3)

# %%
# light checks that catch a broken engine: the unit conversions the column dictionary states
r = res.ranking()
scored = r["export_at_risk_usd"].notna()
assert np.allclose(r.loc[scored, "export_at_risk_usd"],
                   r.loc[scored, "exposure_rate"] * r.loc[scored, "export_usd"] * r.loc[scored, "horizon_days"] / 365)
assert np.allclose(r.loc[scored, "export_at_risk_usd_per_year"],
                   r.loc[scored, "export_at_risk_usd"] * 365 / r.loc[scored, "horizon_days"])
top = res.ranking(n=1).iloc[0]
print(f"Top sector {top['sector']} {top['sector_name_en']} ({top['sector_name_ko']}): SME export value at risk "
      f"USD {musd(top['sme_export_at_risk_usd']):,.2f} million over {top['horizon_days']:g} days "
      f"(USD {musd(top['sme_export_at_risk_usd_per_year']):,.2f} million per year); all firms "
      f"USD {musd(top['export_at_risk_usd']):,.1f} million over {top['horizon_days']:g} days; SME share "
      f"{top['sme_share']:.1%} (basis: {top['sme_share_basis']}).")

# %% [markdown]
# ## The channels of the exposure rate
#
# E adds up four first-round and pass-through parts:
#
# - `direct_rate`: the product's shortfall through the HS → sector concordance, spread over the users of
#   the imported product group in proportion to their imported inputs;
# - `override_rate`: the part an end-use override (or a scenario rule's `end_use`) sends to a named user;
# - `critical_rate`: the *extra* loss of critical inputs under the chosen production function (CES here),
#   on top of their linear cost share;
# - `downstream_rate`: losses passed on to domestic customers through the domestic input–output table.

# %%
rates = ["direct_rate", "override_rate", "critical_rate", "downstream_rate"]
parts = res.ranking(n=8).set_index("sector")[["sector_name_en", "exposure_rate", *rates]]
assert np.allclose(parts[rates].sum(axis=1), parts["exposure_rate"])  # the parts add up to E
(parts[["exposure_rate", *rates]] * 100).round(5).assign(name=parts["sector_name_en"])  # % of output over 180 days

# %% [markdown]
# ## What drives the top sector
#
# The Drivers table decomposes every sector's value at risk into contributions by product and by
# channel (`direct`, `override`, `critical`, `downstream`); they add up to the sector total.

# %%
d = res.drivers[(res.drivers["scenario"] == top["scenario"]) & (res.drivers["sector"] == top["sector"])]
assert np.isclose(d["sme_export_at_risk_usd"].sum(), top["sme_export_at_risk_usd"], rtol=1e-9)
assert np.isclose(d["export_at_risk_usd"].sum(), top["export_at_risk_usd"], rtol=1e-9)
by_product = (d.groupby(["code", "name"], as_index=False)[["export_at_risk_usd", "sme_export_at_risk_usd"]].sum()
              .sort_values("export_at_risk_usd", ascending=False))
by_product["share_%"] = 100 * by_product["export_at_risk_usd"] / top["export_at_risk_usd"]
print(f"{top['sector']}: export value at risk USD {musd(top['export_at_risk_usd']):,.2f} million over "
      f"{top['horizon_days']:g} days = sum of its {len(d)} driver rows")
by_product.assign(export_at_risk_usd=musd(by_product["export_at_risk_usd"]),
                  sme_export_at_risk_usd=musd(by_product["sme_export_at_risk_usd"])).rename(columns={
    "export_at_risk_usd": "at_risk_musd_180d", "sme_export_at_risk_usd": "sme_at_risk_musd_180d"}).round(3)

# %%
by_channel = d.groupby("channel")["export_at_risk_usd"].sum().sort_values(ascending=False)
(musd(by_channel).round(3).rename("at_risk_musd_180d").to_frame()
 .assign(share_pct=(100 * by_channel / by_channel.sum()).round(1)))

# %% [markdown]
# ## Low, central and high: how much a critical input can stop
#
# A linear cost share ($1 of lost input costs ~$1 of output) understates what happens when a fab
# runs out of photoresist, an input worth a fraction of a percent of its costs. For products named in
# the critical-input table (product → using industry and KSIC class, criticality, the share of the
# user's output that needs it), every sector gets three figures:
#
# - **low** (`exposure_rate_low`, `export_at_risk_low_usd`): the linear production function, the lower bound;
# - **central** (`exposure_rate`): the run's choice, `Config(production="ces", sigma=0.5)` by default — a CES
#   function with elasticity σ between the critical input and the rest;
# - **high** (`exposure_rate_high`, `export_at_risk_high_usd`): Leontief — the dependent output falls one for one
#   with the lost fraction of the product's total supply (net of stock and substitution); "important" inputs
#   count at half. This is an upper bound, not a forecast.
#
# Notebook 03 moves the central figure with `Config(production=..., sigma=...)`.

# %%
rng = res.ranking(n=6)
pd.DataFrame({
    "sector": rng["sector"], "name_ko": rng["sector_name_ko"],
    "low_%": rng["exposure_rate_low"] * 100, "central_%": rng["exposure_rate"] * 100,
    "high_%": rng["exposure_rate_high"] * 100,
    "at_risk_low_musd_180d": musd(rng["export_at_risk_low_usd"]),
    "at_risk_musd_180d": musd(rng["export_at_risk_usd"]),
    "at_risk_high_musd_180d": musd(rng["export_at_risk_high_usd"]),
    "sme_low_musd_180d": musd(rng["sme_export_at_risk_low_usd"]),
    "sme_high_musd_180d": musd(rng["sme_export_at_risk_high_usd"]),
}).round(4)

# %%
s = res.ranking()
ok = s["exposure_rate"].notna()
assert (s.loc[ok, "exposure_rate_low"] <= s.loc[ok, "exposure_rate"] + 1e-15).all()
assert (s.loc[ok, "exposure_rate"] <= s.loc[ok, "exposure_rate_high"] + 1e-15).all()
print(f"{top['sector']}: {top['exposure_rate_low']:.4%} (linear) ≤ {top['exposure_rate']:.4%} (CES σ = "
      f"{res.config.sigma:g}) ≤ {top['exposure_rate_high']:.2%} (Leontief) of its output over {H:g} days")

# %% [markdown]
# The critical-input rows that applied, with the lost fraction of each product's total supply over the
# horizon and the loss of the user's output under the linear and the chosen production function
# (shares of the user's output over the horizon):

# %%
res.critical[["code", "sector", "ksic", "criticality", "dependent_share", "supply_usd", "supply_basis",
              "lost_fraction", "linear_rate", "loss_rate_row"]]

# %% [markdown]
# The gap between central and high is the point: at σ = 0.5 a CES function still lets the rest of
# the inputs carry most of the output while part of the photoresist supply is missing
# (`lost_fraction`), whereas a line that cannot run without it loses (dependent share × lost
# fraction) of its output. Which one holds depends on how long the stock and the licences last —
# the weekly profile below.

# %% [markdown]
# ## Week by week
#
# The Weekly table gives, per sector and week of the horizon, the share of the week's output lost
# (linear and central) and the export value at risk in the week (USD in the week) and to the week's
# end. The stock covers the first b = 30 days, so output first falls in week 5; licensed shipments of
# photoresist and polyimide resume on day 90 (inside week 13), so the loss drops after it and what remains
# is hydrogen fluoride, fading as other suppliers ramp up over L = 180 days.

# %%
w = res.weekly[(res.weekly["scenario"] == top["scenario"]) & (res.weekly["sector"] == top["sector"])]
assert np.isclose(w["week_export_at_risk_usd"].sum(), top["export_at_risk_usd"], rtol=1e-6)  # the weeks add up
first = w.loc[w["loss_rate"] > 0, "week"].min()
assert first == top["first_loss_week"]
print(f"{top['sector']}: output first falls in week {top['first_loss_week']} (days "
      f"{w.loc[w['week'] == first, 'start_day'].iloc[0]:g}–{w.loc[w['week'] == first, 'end_day'].iloc[0]:g}); "
      f"worst week {int(w.loc[w['loss_rate'].idxmax(), 'week'])} loses {w['loss_rate'].max():.3%} of the week's output")
w[["week", "start_day", "end_day", "loss_rate_low", "loss_rate", "week_export_at_risk_usd",
   "cumulative_export_at_risk_usd"]].iloc[2:16].assign(
    week_export_at_risk_usd=lambda t: musd(t["week_export_at_risk_usd"]),
    cumulative_export_at_risk_usd=lambda t: musd(t["cumulative_export_at_risk_usd"])).rename(columns={
        "week_export_at_risk_usd": "at_risk_musd_in_week",
        "cumulative_export_at_risk_usd": "at_risk_musd_to_week_end"}).round(6)

# %%
fig, ax = plt.subplots(figsize=(8, 3.2))
ax.step(w["week"], w["loss_rate"] * 100, where="mid", label=f"central (CES σ = {res.config.sigma:g})")
ax.step(w["week"], w["loss_rate_low"] * 100, where="mid", linestyle="--", label="low (linear)")
ax.axvline(top["first_loss_week"], color="grey", linewidth=0.8)
ax.set_xlabel(f"week of the {H:g}-day horizon")
ax.set_ylabel("output lost in the week, %")
ax.set_title(f"{top['sector']} {top['sector_name_en']}: weekly loss, {top['scenario']}")
ax.legend()
fig.tight_layout()
fig

# %% [markdown]
# ## A chart from the report
#
# The report's charts are plain matplotlib figures, so they can be shown, restyled or saved here.
# Korean labels (`LANG = "ko"`) use the NanumGothic font that ships with the package's dependencies.

# %%
fig = fig_ranking(res, lang=LANG, n=10)
fig

# %% [markdown]
# ## The report folder
#
# `write_report_folder` writes the Excel workbook (README/method, Summary, Sectors, Products,
# Shocks, Drivers, Export items, Scenarios, Uncertainty, Validation sheets), the charts and every
# table as CSV — the weekly profile and the critical-input rows included — (UTF-8 with BOM so Excel
# opens Korean text) into one folder, replaced whole by the next run. The CLI writes the same files
# with `exposure report --out DIR`.

# %%
paths = write_report_folder(res, OUT_DIR, formats=("xlsx", "csv", "png"), lang=LANG)
print(f"{len(paths)} files written under {OUT_DIR}:")
for p in sorted(paths)[:8]:
    print(" ", p.relative_to(OUT_DIR))
workbook = OUT_DIR / "exposure_report.xlsx"
print("workbook:", workbook, f"({workbook.stat().st_size:,} bytes)")
