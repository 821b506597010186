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
# # 02 · The 2019 event on real data (backtest)
#
# In July 2019 Japan moved three materials to individual export licences for Korea: hydrogen
# fluoride (HS 2811.11), photoresist (HS 3707.90) and fluorinated polyimide (inside HS 3920.99);
# in August it removed Korea from its "white list". The controls were aimed at semiconductors and
# displays. A tool that ranks sectors by exposure should therefore put the computer, electronic
# and optical sector (OECD industry **D26**) first under the `2019-three-items` scenario. This
# notebook checks that on public data and shows what the ranking rests on.
#
# Inputs (read in place from the public data folder, never copied):
#
# | input | file | note |
# |---|---|---|
# | Korea's 2018 imports **from Japan** | UN Comtrade legacy CSV, HS6 (HS2017) | imports from Japan only |
# | input–output table | OECD IOT 2018 edition, Korea 2015, 36 industries, total flows | imported flows by import proportionality |
# | SME shares | Statistics Korea, 2015 Economic Census (establishments) | production of establishments < 300 workers |
# | monthly series | Korea Customs HSK10 imports by partner, 2000–2021 | for the chart only |
# | concordances, end-use overrides | shipped defaults (`exposure/codes/data`) | |
#
# The Comtrade file holds only Korea's imports *from Japan*, so it cannot give Japan's share of
# each product's imports. The share of a product group's imports that a scenario cuts therefore
# uses **total imports by product group from the input–output table's import column** (`IMPO`),
# not the imports file; the run's notes say so below.
#
# When the folder is absent the notebook falls back to the embedded demo data and says so: the
# code runs the same, but the numbers are synthetic.

# %% tags=["parameters"]
from pathlib import Path

# the public data folder, relative to this notebook (overridden by $EXPOSURE_DATA_DIR)
DATA_DIR = Path("../../shared/data")

# %%
import dataclasses
import os

import numpy as np
import pandas as pd

import exposure
from exposure import scenarios, scoring
from exposure.codes.concordance import concordance
from exposure.codes.overrides import load_overrides
from exposure.io.census import sme_profile_from_census
from exposure.report.charts import fig_monthly

pd.set_option("display.width", 180)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", 48)

DATA_DIR = Path(os.environ.get("EXPOSURE_DATA_DIR") or DATA_DIR)
FILES = {
    "imports": DATA_DIR / "comtrade_kor_jpn" / "KJimport2018.csv",
    "io": DATA_DIR / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv",
    "census": DATA_DIR / "census" / "economic_census_2015_mining_manufacturing.csv",
    "monthly": DATA_DIR / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx",
}
missing = [role for role in ("imports", "io", "census") if not FILES[role].is_file()]
REAL = not missing
if REAL:
    print(f"Real public data from {DATA_DIR.resolve()}")
else:
    print("!" * 88)
    print(f"The public data folder {DATA_DIR.resolve()} is absent or incomplete "
          f"(missing: {', '.join(missing)}).")
    print("FALLING BACK TO THE EMBEDDED DEMO DATA: every number below is synthetic and says nothing")
    print("about 2019. Set EXPOSURE_DATA_DIR (or DATA_DIR above) to the folder to run the backtest.")
    print("!" * 88)

# %% [markdown]
# ## Run the scenarios
#
# Ranking basis here: **export value at risk** (`rank_by="export_at_risk_usd"`), the measure the
# backtest is about; the SME ranking follows below. `full-embargo` is run as well because it is
# where shares above 1 appear.

# %%
SCENARIOS = ("2019-three-items", "white-list-removal", "catch-all", "full-embargo")
if REAL:
    inputs = exposure.Inputs(imports=[FILES["imports"]], io=FILES["io"],
                             monthly=[FILES["monthly"]] if FILES["monthly"].is_file() else [])
    config = exposure.Config(scenarios=SCENARIOS, rank_by="export_at_risk_usd", year=2018, lang="en")
else:
    inputs = exposure.Inputs.demo()
    config = exposure.Config(scenarios=SCENARIOS, rank_by="export_at_risk_usd", lang="en")
res = exposure.run(inputs, config)
print(f"analysis year {res.year}; {len(res.products):,} products; "
      f"imports from {config.target} USD {res.products['target_import_usd'].sum() / 1e6:,.0f} million")
res.validation()[["source", "format", "unit", "rows_read", "rows_kept", "rows_dropped", "value_kept_usd"]]

# %% [markdown]
# What the method notes say about where the imports of each product group come from and how the
# imported flows were estimated:

# %%
for note in res.notes:
    print("-", note)

# %% [markdown]
# ## `2019-three-items`: D26 first by export value at risk
#
# Each rule of the scenario cuts one controlled item and states its end use (semiconductors and
# displays, D26), so the shortfall lands on D26 through the end-use *override* channel; other
# sectors are hit only indirectly, through domestic suppliers that use D26's products.

# %%
def money(v: float) -> str:
    return f"USD {v / 1e6:,.1f} million"


COLS = ["rank", "sector", "sector_name_en", "exposure_rate", "export_usd", "export_at_risk_usd",
        "override_rate", "indirect_rate"]
three = res.ranking("2019-three-items")
first, second = three.iloc[0], three.iloc[1]
print(f"Rank 1: {first['sector']} ({first['sector_name_en']}), export value at risk {money(first['export_at_risk_usd'])}")
print(f"Rank 2: {second['sector']} ({second['sector_name_en']}), {money(second['export_at_risk_usd'])} "
      f"— D26 leads by a factor of {first['export_at_risk_usd'] / second['export_at_risk_usd']:,.0f}")
print(f"Shortfall of the three items over the horizon: {money(res.shocks.loc[res.shocks['scenario'] == '2019-three-items', 'shortfall_usd'].sum())}")
three[COLS].head(10)

# %% [markdown]
# ## The same scenario without end-use overrides
#
# `Config(use_overrides=False)` drops both the default override table and the scenario's
# `end_use` statements: each product then goes to the sector that *makes* it (HS6 → OECD36
# concordance), the share of that product group's imports that is lost is computed, and that
# loss is spread over every *user* of the imported product group in proportion to its
# imported-input coefficient (DESIGN §5). Hydrogen fluoride and photoresist are chemicals
# (D20T21) and polyimide film a plastic (D22); their big users are the chemical, plastics and
# other process industries, so D26 keeps only its proportional share.

# %%
plain_inputs = dataclasses.replace(inputs, monthly=[])  # the monthly series plays no part in the ranking
res_plain = exposure.run(plain_inputs, config.replace(use_overrides=False, scenarios=("2019-three-items",)))
with_o = res.ranking("2019-three-items").set_index("sector")
without = res_plain.ranking("2019-three-items").set_index("sector")
side = pd.DataFrame({
    "name": with_o["sector_name_en"],
    "rank_with_overrides": with_o["rank"], "at_risk_with_musd": with_o["export_at_risk_usd"] / 1e6,
    "rank_without": without["rank"], "at_risk_without_musd": without["export_at_risk_usd"] / 1e6,
}).sort_values("rank_without")
side.head(10).round(3)

# %%
d26_with, d26_without = with_o.loc["D26", "export_at_risk_usd"], without.loc["D26", "export_at_risk_usd"]
top_without = without["rank"].idxmin()
tot_with, tot_without = with_o["export_at_risk_usd"].sum(), without["export_at_risk_usd"].sum()
print(f"Without overrides the first sector is {top_without} ({without.loc[top_without, 'sector_name_en']}), "
      f"{money(without.loc[top_without, 'export_at_risk_usd'])}.")
print(f"D26 falls from rank {with_o.loc['D26', 'rank']} to rank {without.loc['D26', 'rank']}: "
      f"{money(d26_with)} → {money(d26_without)} ({d26_with / d26_without:,.0f} times less).")
print(f"Export value at risk over all sectors: {money(tot_with)} with overrides, {money(tot_without)} without "
      f"(the shortfall is the same; it lands on sectors with other export-to-output ratios).")
print(f"D26's share of the total: {d26_with / tot_with:.0%} with overrides, {d26_without / tot_without:.0%} without.")

# %% [markdown]
# The shortfall in dollars is identical in both runs; what changes is *who* bears it. With the
# overrides, the items' stated end use puts all of it on D26, an export-heavy sector, so the
# export value at risk is large and concentrated. Proportional allocation spreads it over the
# users of imported chemicals and plastics, which export a smaller share of their output and
# dilute the loss over much larger outputs. The override is the better description of 2019 (the
# controlled grades are semiconductor grades); the proportional run shows how much the answer
# depends on knowing the end use.

# %% [markdown]
# ## Shares above 1 are capped and flagged
#
# The share of a product group's imports that a scenario cuts, s = shortfall / imports of the
# group (from the IO table), can exceed 1 when the trade year (2018) and the IO year (2015)
# differ or the concordance sends more to a group than the table records. Such shares are capped
# at 1 and flagged. `res.flags` is the table that the workbook's Validation sheet lists under
# "Flags" (`exposure report`, or `exposure.report.write_report(res, OUT_DIR)`), next to the load
# reports of every input file.

# %%
flags = res.flags
capped = flags[flags["kind"].astype(str).str.endswith("capped")]
for name in SCENARIOS:
    n = int((capped["scenario"] == name).sum())
    print(f"{name:20} {n} capped share(s)")
capped[["scenario", "kind", "sector", "value", "detail"]]

# %% [markdown]
# ## SME ranking beside the all-firm ranking
#
# SME shares come from the 2015 Economic Census: for each OECD industry, the share of production
# made by establishments with fewer than 300 workers (KSIC 9th-revision divisions mapped to OECD
# industries with concordance weights). Production in the census is in KRW million, converted at
# the 2015 average rate of 1,131.5 KRW/USD; exports come from the IO table. The census covers
# mining and manufacturing only, so services and other sectors have no SME share and no SME rank.

# %%
io, io_report = exposure.load(FILES["io"] if REAL else inputs.io, kind="io")
if REAL:
    profile, profile_report = sme_profile_from_census(FILES["census"], io=io)
else:
    profile, profile_report = exposure.load(inputs.profile, kind="profile")
print({k: profile_report.summary()[k] for k in ("source", "unit", "rows_read", "rows_kept", "rows_dropped")})
print(profile_report.dropped["reason"].value_counts().to_string() if len(profile_report.dropped) else "nothing dropped")
profile.sort_values("sme_share")[["sector", "sector_name_en", "sme_share", "output_usd", "export_usd"]].head(8)

# %%
sme_config = config.replace(rank_by="sme_export_at_risk_usd")
conc = concordance(f"HS6-{config.sector_system}")
overrides = load_overrides(None, sector_system=config.sector_system)
sme_runs = {name: scoring.run_scenario(res.products, scenarios.load(name), io, conc, overrides, profile, sme_config)
            for name in SCENARIOS[:3]}
# the engine with the profile gives the same all-firm values as the pipeline run above
for name, run in sme_runs.items():
    a = run.sectors.set_index("sector")["export_at_risk_usd"]
    b = res.ranking(name).set_index("sector")["export_at_risk_usd"].reindex(a.index)
    print(f"{name:20} largest difference in export value at risk: {np.nanmax(np.abs(a - b)):.3g} USD")


def side_by_side(name: str, n: int = 10) -> pd.DataFrame:
    """All-firm ranking (export value at risk) and SME ranking (SME export value at risk) of one scenario."""
    allf = res.ranking(name).head(n).reset_index(drop=True)
    sme = sme_runs[name].sectors.dropna(subset=["rank"]).head(n).reset_index(drop=True)
    return pd.DataFrame({
        "rank": np.arange(1, n + 1),
        "all_firms": allf["sector"], "at_risk_musd": (allf["export_at_risk_usd"] / 1e6).round(2),
        "smes": sme["sector"], "sme_share": sme["sme_share"].round(3),
        "sme_at_risk_musd": (sme["sme_export_at_risk_usd"] / 1e6).round(2),
    })


side_by_side("2019-three-items")

# %% [markdown]
# D26's SME share is small (memory chips and displays are made in large plants), so under the
# three-item controls SMEs lose less in D26 than its all-firm lead suggests, and sectors where
# SMEs make most of the output move up the SME ranking.

# %%
d26 = sme_runs["2019-three-items"].sectors.set_index("sector").loc["D26"]
print(f"D26: SME share {d26['sme_share']:.1%}; export value at risk {money(d26['export_at_risk_usd'])}, "
      f"of which SMEs {money(d26['sme_export_at_risk_usd'])}; SME rank {d26['rank']}")

# %% [markdown]
# ## `white-list-removal` and `catch-all`, traced back to products
#
# The wider tiers cut many more products. Every sector's value at risk decomposes into product ×
# channel rows on the Drivers table, which add up to the sector total; for the top sectors the
# products behind them are listed with the rule that hit them.

# %%
def trace(name: str, n_sectors: int = 3, n_products: int = 3) -> pd.DataFrame:
    d = res.drivers[res.drivers["scenario"] == name]
    rows = []
    for sec in res.ranking(name)["sector"].head(n_sectors):
        ds = d[d["sector"] == sec]
        total = res.ranking(name).set_index("sector").loc[sec, "export_at_risk_usd"]
        assert np.isclose(ds["export_at_risk_usd"].sum(), total, rtol=1e-9)  # drivers add up
        top = (ds.groupby(["code", "name", "rule"], as_index=False)
               .agg(export_at_risk_usd=("export_at_risk_usd", "sum"),
                    channels=("channel", lambda c: "+".join(sorted(set(c)))))
               .sort_values("export_at_risk_usd", ascending=False).head(n_products))
        for r in top.itertuples(index=False):
            rows.append({"sector": sec, "code": r.code, "product": str(r.name)[:40], "rule": r.rule,
                         "channels": r.channels,
                         "at_risk_musd": round(r.export_at_risk_usd / 1e6, 2),
                         "share_of_sector": round(r.export_at_risk_usd / total, 3)})
    return pd.DataFrame(rows)


side_by_side("white-list-removal")

# %%
trace("white-list-removal")

# %%
side_by_side("catch-all")

# %%
trace("catch-all")

# %% [markdown]
# How to read a trace: a product reaches a sector through an end-use override (`override`),
# through the concordance and proportional split over users of the imported product group
# (`direct`), or through domestic suppliers (`indirect`). The proportional split follows the IO
# table's *intermediate* use; a capital good such as semiconductor-manufacturing equipment
# (HS 8486) is bought as investment, so where it shows up in a user sector through `direct`, an
# end-use override for it would describe its real destination better.

# %% [markdown]
# ## Top five of each scenario, all firms and SMEs

# %%
summary = pd.concat({name: side_by_side(name, 5).set_index("rank")[["all_firms", "smes"]]
                     for name in SCENARIOS[:3]}, axis=1)
print(summary.to_string())

# %% [markdown]
# ## The monthly series around July 2019
#
# Korea Customs' HSK10 series of the 2019 items (imports from Japan, by month). Hydrogen fluoride
# for semiconductor manufacturing (HSK 2811111000) shows the break after the July 2019 licence
# requirement.

# %%
if res.monthly.empty:
    print("No monthly series in this run (the HSK10 file is part of the public data folder only).")
else:
    m = res.monthly
    hf = m[(m["code"] == "2811111000") & (m["partner"] == config.target) & (m["flow"] == "M")]
    h1 = hf[(hf["year"] == 2019) & (hf["month"] <= 6)]["value_usd"].sum()
    h2 = hf[(hf["year"] == 2019) & (hf["month"] >= 7)]["value_usd"].sum()
    y20 = hf[hf["year"] == 2020]["value_usd"].sum()
    print(f"HF (2811111000) imports from {config.target}: Jan–Jun 2019 {money(h1)}, Jul–Dec 2019 {money(h2)} "
          f"({h2 / h1 - 1:+.0%}); all of 2020 {money(y20)}")
fig = fig_monthly(res, lang="en")
fig
