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
# widens, which SME sectors lose most export value, and through which imported parts and
# materials?* This notebook runs the whole analysis on the embedded demo inputs (synthetic
# values in the real source formats, see `datasets/README.md`), reads the ranking, traces the
# top sector back to the products that drive it, draws the ranking and writes the workbook.
#
# The same run from a terminal is `exposure report` (add `--out DIR`, `--scenario NAME`, …).

# %% tags=["parameters"]
from pathlib import Path
import tempfile

# where the report goes; papermill or a user can override it
OUT_DIR = Path(tempfile.gettempdir()) / "exposure-quickstart"
LANG = "en"  # chart and workbook labels: "ko" or "en"

# %%
import pandas as pd

import exposure
from exposure.report import write_report
from exposure.report.charts import fig_ranking

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)
print("exposure", exposure.__version__)

# %% [markdown]
# ## Run
#
# `exposure.run()` with no arguments reads the demo files (`exposure.Inputs.demo()`) and uses
# the default parameters (`exposure.Config()`): target partner Japan, the `2019-three-items`
# scenario, sectors of the OECD input–output table (36 industries), ranking by SME export
# value at risk. In Jupyter the Results object shows itself as the top of the ranking.

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
# ## The ranking
#
# `exposure_rate` is the share of a sector's output resting on the imports the scenario cuts
# (directly, through end-use overrides, and indirectly through domestic suppliers);
# `export_at_risk_usd` = exposure rate × the sector's exports; `sme_export_at_risk_usd` = that ×
# the SME share of the sector.

# %%
cols = ["rank", "sector", "sector_name_en", "exposure_rate", "export_usd", "sme_share", "export_at_risk_usd",
        "sme_export_at_risk_usd"]
ranking = res.ranking(n=10)[cols]
# shown in USD million and percent (the table itself keeps USD and shares)
ranking.assign(exposure_rate=ranking["exposure_rate"] * 100, sme_share=ranking["sme_share"] * 100,
               export_usd=ranking["export_usd"] / 1e6, export_at_risk_usd=ranking["export_at_risk_usd"] / 1e6,
               sme_export_at_risk_usd=ranking["sme_export_at_risk_usd"] / 1e6).rename(columns={
    "exposure_rate": "exposure_%", "sme_share": "sme_share_%", "export_usd": "exports_musd",
    "export_at_risk_usd": "at_risk_musd", "sme_export_at_risk_usd": "sme_at_risk_musd"}).round(3)

# %% [markdown]
# ## What drives the top sector
#
# The Drivers table decomposes every sector's value at risk into contributions by product and
# by channel (`direct`, `override`, `indirect`); the contributions add up to the sector total.

# %%
top = res.ranking(n=1).iloc[0]
d = res.drivers[(res.drivers["scenario"] == top["scenario"]) & (res.drivers["sector"] == top["sector"])]
by_product = (d.groupby(["code", "name"], as_index=False)[["export_at_risk_usd", "sme_export_at_risk_usd"]].sum()
              .sort_values("sme_export_at_risk_usd", ascending=False))
by_product["share"] = by_product["sme_export_at_risk_usd"] / top["sme_export_at_risk_usd"]
print(f"Top sector: {top['sector']} {top['sector_name_en']} — SME export value at risk "
      f"USD {top['sme_export_at_risk_usd'] / 1e6:,.1f} million")
print(f"Sum of its drivers: USD {d['sme_export_at_risk_usd'].sum() / 1e6:,.1f} million")
by_product.head(5)

# %%
d.groupby("channel")["sme_export_at_risk_usd"].sum().sort_values(ascending=False)

# %% [markdown]
# ## A chart
#
# The report's charts are plain matplotlib figures, so they can be shown, restyled or saved
# here. Korean labels (`LANG = "ko"`) use the NanumGothic font that ships with the package's
# dependencies.

# %%
fig = fig_ranking(res, lang=LANG, n=10)
fig

# %% [markdown]
# ## The workbook
#
# `write_report` writes the Excel workbook (README/method, Summary, Sectors, Products, Drivers,
# Scenarios, Uncertainty, Validation sheets), the charts and every table as CSV (UTF-8 with BOM
# so Excel opens Korean text). The CLI writes the same files with `exposure report --out DIR`.

# %%
paths = write_report(res, OUT_DIR, formats=("xlsx", "csv", "png"), lang=LANG)
print(f"{len(paths)} files written under {OUT_DIR}:")
for p in sorted(paths)[:8]:
    print(" ", p.relative_to(OUT_DIR))
workbook = OUT_DIR / "exposure_report.xlsx"
print("workbook:", workbook, f"({workbook.stat().st_size:,} bytes)")
