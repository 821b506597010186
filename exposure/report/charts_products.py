"""Product charts: which imported products put which sectors at risk (heatmap), dependence against value (bubble)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from exposure.report import view
from exposure.report.chartkit import (compact_money, figure, fitted, horizon_text, log_money_axis, money_axis,
                                      money_scale, product_label, sector_labels, source_note, value_label)
from exposure.report.display import product_names
from exposure.report.fonts import draw_lang
from exposure.report.labels import chart_text
from exposure.report.translate import scenario_names
from exposure.results import Results


def _value_column(df: pd.DataFrame) -> str | None:
    for col in ("sme_export_at_risk_usd", "export_at_risk_usd"):
        if col in df.columns:
            return col
    return None


def heatmap_matrix(results: Results, scenario: str | None = None, n_sectors: int = 10,
                   n_products: int = 12) -> pd.DataFrame:
    """Sector × product money at risk (summed over channels) of the largest sectors and products."""
    scen = scenario or view.first_scenario(results)
    d = results.drivers
    value = _value_column(d)
    if d.empty or value is None or not {"sector", "code"} <= set(d.columns):
        return pd.DataFrame()
    if "scenario" in d.columns:
        d = d[d["scenario"] == scen]
    d = d[pd.to_numeric(d[value], errors="coerce") > 0]
    if d.empty:
        return pd.DataFrame()
    d = d.assign(sector=d["sector"].astype(str), code=d["code"].astype(str))
    m = d.pivot_table(index="sector", columns="code", values=value, aggfunc="sum", fill_value=0.0)
    rows = m.sum(axis=1).sort_values(ascending=False, kind="stable").head(n_sectors).index
    cols = m.sum(axis=0).sort_values(ascending=False, kind="stable").head(n_products).index
    return m.loc[rows, cols].astype("float64")


def fig_heatmap(results: Results, lang: str = "ko", scenario: str | None = None, n_sectors: int = 10,
                n_products: int = 12) -> Figure | None:
    """Heatmap of the drivers: which imported products put which sectors' SME exports at risk."""
    lang = draw_lang(lang)
    scen = scenario or view.first_scenario(results)
    m = heatmap_matrix(results, scen, n_sectors, n_products)
    if m.empty:
        return None
    div, unit = money_scale(float(m.to_numpy().max()), lang)
    names = product_names(results, lang)
    fig = figure(max(7.5, 0.75 * m.shape[1] + 3.5), 0.5 * m.shape[0] + 2.6)
    ax = fig.add_subplot()
    im = ax.imshow(m.to_numpy(), aspect="auto", cmap="YlOrRd", interpolation="nearest")
    ax.set_yticks(np.arange(m.shape[0]), sector_labels(list(m.index), results, lang))
    ax.set_xticks(np.arange(m.shape[1]),
                  [product_label(c, names.get(c), lang, 10).replace("\n", " ") for c in m.columns],
                  rotation=40, ha="right", rotation_mode="anchor", fontsize=8)
    vmax = float(m.to_numpy().max()) or 1.0
    for (i, j), v in np.ndenumerate(m.to_numpy()):
        if v / div >= 0.05:  # smaller cells would all read "0.0"; the Drivers sheet has their values
            ax.text(j, i, value_label(v, div), ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * vmax else "black")
    bar = fig.colorbar(im, ax=ax, shrink=0.8)
    money_axis(bar.ax.yaxis, div, vmax)
    bar.set_label(f"{chart_text('sme_at_risk', lang)} ({unit})")
    ax.set_xlabel(chart_text("product", lang))
    ax.set_ylabel(chart_text("sector", lang))
    ax.set_title(chart_text("heatmap_title", lang, scenario=scenario_names(results, lang).get(scen, scen)))
    return fitted(fig, source_note(results, lang, horizon_text(results, lang)))


def bubble_data(results: Results, scenario: str | None = None) -> pd.DataFrame:
    """Products with target share, imports from the target and the scenario's shortfall (0 when none)."""
    scen = scenario or view.first_scenario(results)
    p = results.products
    if p.empty or not {"code", "target_share", "target_import_usd"} <= set(p.columns):
        return pd.DataFrame()
    keys = ["code", "code_system"] if "code_system" in p.columns else ["code"]
    s = results.shocks
    if not s.empty and "shortfall_usd" in s.columns:
        if "scenario" in s.columns:
            s = s[s["scenario"] == scen]
        keys = [k for k in keys if k in s.columns]
        short = s.groupby(keys, as_index=False)["shortfall_usd"].sum()
        out = p[[*dict.fromkeys([*keys, "code", "target_share", "target_import_usd"])] +
                (["name"] if "name" in p.columns else [])].merge(short, on=keys, how="left")
    else:
        out = p.assign(shortfall_usd=np.nan)
    out = out.assign(shortfall_usd=out["shortfall_usd"].fillna(0.0))
    ok = out["target_share"].notna() & (out["target_import_usd"] > 0)
    return out[ok].reset_index(drop=True)


def bubble_sizes(shortfall: np.ndarray, smallest: float = 20.0, largest: float = 1500.0) -> np.ndarray:
    """Marker areas (points²) proportional to the shortfall, between ``smallest`` and ``largest``."""
    top = float(np.max(shortfall)) if len(shortfall) else 0.0
    if top <= 0:
        return np.full(len(shortfall), smallest)
    return np.maximum(smallest, largest * shortfall / top)


def _horizon_days(results: Results, scenario: str) -> float:
    sh = results.shocks
    if sh is not None and len(sh) and "horizon_days" in sh.columns:
        h = pd.to_numeric(sh.loc[sh["scenario"] == scenario, "horizon_days"], errors="coerce").dropna()
        if len(h):
            return float(h.iloc[0])
    return float(results.config.horizon_days)


def _size_legend(ax, shortfall: np.ndarray, days: float, lang: str) -> None:
    """The scale of the bubbles in words, lower right: the largest one's shortfall, its unit and period."""
    text = chart_text("bubble_sizes", lang, top=compact_money(float(np.max(shortfall)), lang), days=f"{days:g}")
    ax.text(0.99, 0.02, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=7.5, color="#7F1D1D",
            gid="bubble-sizes")


def fig_bubble(results: Results, lang: str = "ko", scenario: str | None = None, n_labels: int = 6) -> Figure | None:
    """Dependence (target share, x) against value (imports from the target, y, log) sized by shortfall.

    Products without a shortfall in the scenario are small grey dots (gid ``no-shortfall``);
    the others (gid ``shortfall``) have an area proportional to their shortfall. None when no
    product has a target share (imports from the target only, as in a one-partner Comtrade file).
    """
    lang = draw_lang(lang)
    scen = scenario or view.first_scenario(results)
    data = bubble_data(results, scen)
    if data.empty:
        return None
    fig = figure(9, 6)
    ax = fig.add_subplot()
    hit = data[data["shortfall_usd"] > 0]
    miss = data[data["shortfall_usd"] <= 0]
    if len(miss):
        sc = ax.scatter(miss["target_share"], miss["target_import_usd"], s=10, color="#B0B0B0", alpha=0.6,
                        linewidths=0)
        sc.set_gid("no-shortfall")
    if len(hit):
        sizes = bubble_sizes(hit["shortfall_usd"].to_numpy(dtype="float64"))
        sc = ax.scatter(hit["target_share"], hit["target_import_usd"], s=sizes, color="#C53A32", alpha=0.55,
                        edgecolors="#7F1D1D", linewidths=0.6)
        sc.set_gid("shortfall")
        _size_legend(ax, hit["shortfall_usd"].to_numpy(dtype="float64"), _horizon_days(results, scen), lang)
        names = product_names(results, lang)
        for row in hit.sort_values("shortfall_usd", ascending=False, kind="stable").head(n_labels).itertuples():
            right = row.target_share > 0.75  # label on the left of bubbles near the right edge
            ax.annotate(product_label(row.code, names.get(str(row.code)), lang, 12).replace("\n", " "),
                        (row.target_share, row.target_import_usd), xytext=(-8 if right else 8, 6),
                        textcoords="offset points", fontsize=8, ha="right" if right else "left")
    for band in results.config.share_bands:
        ax.axvline(band, color="#808080", linestyle="--", linewidth=0.8)
        ax.text(band, 1.0, chart_text("band", lang, p=band), transform=ax.get_xaxis_transform(),
                fontsize=7, color="#606060", ha="center", va="bottom")
    ax.set_xlim(0, 1.02)
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    log_money_axis(ax.yaxis, lang)
    ax.set_xlabel(chart_text("target_share", lang))
    ax.set_ylabel(f"{chart_text('target_import', lang)} ({chart_text('usd_year', lang)})")
    ax.set_title(chart_text("bubble_title", lang, scenario=scenario_names(results, lang).get(scen, scen)), pad=14)
    ax.spines[["top", "right"]].set_visible(False)
    return fitted(fig, source_note(results, lang))
