"""Charts of a Results with Korean labels that render on a fresh install (DESIGN §9, issue 17).

- ``ranking``: the top sectors of the headline scenario, the central figure as bars with the
  linear–Leontief range and (with draws) the 5–95 % Monte Carlo interval;
- ``scenario_comparison``: grouped bars of the top sectors under every scored scenario, by name;
- ``time_profile``: the weekly share of output lost of the top sectors (stock, licence review,
  substitution ramp marked; :mod:`exposure.report.charts_time`);
- ``rank_intervals``, ``drivers_heatmap``, ``dependence_bubble`` (:mod:`exposure.report.charts_products`);
- ``early_warning``: the monitor's event chart (:func:`exposure.report.monitor_chart.fig_monitor`)
  when monthly imports are given.

No bar is drawn for a zero value, every chart carries a source footnote (gid ``footnote``), and
money axes use 백만/억 달러 (USD million/billion). Every ``fig_*`` function returns a Figure, or
None when its data is absent; :func:`write_charts` writes the ones that exist (PNG, SVG, PDF).
"""

from __future__ import annotations

import logging
import os
import textwrap
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from exposure.errors import ConfigError
from exposure.report import headline, view
from exposure.report.chartkit import (BAR, DPI, PALETTE, RANGE, compact_money, figure, fitted, horizon_text,
                                      money_axis, money_scale, nonzero, save, sector_labels, source_note, value_label)
from exposure.report.charts_products import (bubble_data, bubble_sizes, fig_bubble, fig_heatmap,  # noqa: F401
                                             heatmap_matrix)
from exposure.report.charts_countermeasures import fig_countermeasures  # noqa: F401
from exposure.report.charts_time import fig_early_warning, fig_monthly, fig_time_profile, monthly_series  # noqa: F401
from exposure.report.fonts import (FALLBACK_FAMILY, FONT_FILES, FONT_PACKAGE, FontFallbackWarning,  # noqa: F401
                                   draw_lang, korean_font_dir, setup_fonts)
from exposure.report.labels import chart_text
from exposure.report.money import _sig
from exposure.report.translate import scenario_names
from exposure.results import Results

log = logging.getLogger(__name__)

__all__ = ["CHARTS", "CHART_FORMATS", "DPI", "FALLBACK_FAMILY", "FONT_FILES", "FONT_PACKAGE", "FontFallbackWarning",
           "bubble_data", "bubble_sizes", "compact_money", "draw_ranking", "fig_bubble", "fig_countermeasures",
           "fig_early_warning", "fig_heatmap", "fig_monthly", "fig_rank_intervals", "fig_ranking", "fig_scenarios",
           "fig_time_profile", "figures", "headline_scenario", "heatmap_matrix", "korean_font_dir", "monthly_series",
           "ranking_data", "scenario_matrix", "setup_fonts", "write_charts"]

CHART_FORMATS = ("png", "svg", "pdf")
#: a money axis turns logarithmic when its largest value is this many times its smallest
LOG_RATIO = 200.0


def headline_scenario(results: Results) -> str | None:
    """The first scenario that puts something at risk (the first requested one when none does)."""
    for x in headline.scenario_totals(results, "en"):
        if x.scored and x.sme_usd > 0:
            return x.scenario
    return view.first_scenario(results)


def _log_axis(ax, values: np.ndarray) -> bool:
    """Make the x axis logarithmic, ticks in millions, when the values span many orders of magnitude."""
    v = values[nonzero(values)]
    if len(v) and v.max() / v.min() > LOG_RATIO:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(_million_tick))
        return True
    return False


def _million_tick(x: float, _pos: int) -> str:
    """A log axis tick in millions, as many decimals as the tick needs (0.01, 0.1, 1, 10 …)."""
    if not x > 0:
        return ""
    m = x / 1e6
    return f"{m:,.{max(0, -int(np.floor(np.log10(m))))}f}"


def _label(value: float, div: float, log: bool) -> str:
    """A bar's label: in millions (three significant figures) on a log axis (its ticks are in millions),
    else in the axis unit."""
    return _sig(value / 1e6) if log else value_label(value, div)


def _unit(lang: str, unit: str, log: bool) -> str:
    return f"{chart_text('usd_million', lang)}, {chart_text('log_scale', lang)}" if log else unit


def ranking_data(results: Results, n: int = 15, scenario: str | None = None) -> pd.DataFrame:
    """The top ``n`` sectors with SME export at risk above 0 in one scenario (the headline one by default):
    ``sector``, ``value``, ``low``, ``high`` (linear–Leontief) and ``p05``, ``p95`` (Monte Carlo; NaN without
    draws), USD over the horizon, largest first."""
    scen = scenario or headline_scenario(results)
    rank = view.ranking(results, scen)
    if rank.empty or "sme_export_at_risk_usd" not in rank.columns:
        return pd.DataFrame()
    top = rank[pd.to_numeric(rank["sme_export_at_risk_usd"], errors="coerce") > 0].sort_values(
        "sme_export_at_risk_usd", ascending=False, kind="stable").head(n)
    if top.empty:
        return pd.DataFrame()

    def col(name: str) -> np.ndarray:
        return pd.to_numeric(top[name], errors="coerce").to_numpy(dtype="float64") if name in top.columns \
            else np.full(len(top), np.nan)

    p05, p95 = _mc(results, scen, top["sector"].astype(str).tolist())
    return pd.DataFrame({"sector": top["sector"].astype(str).to_numpy(), "value": col("sme_export_at_risk_usd"),
                         "low": col("sme_export_at_risk_low_usd"), "high": col("sme_export_at_risk_high_usd"),
                         "p05": p05, "p95": p95})


def draw_ranking(ax, results: Results, data: pd.DataFrame, lang: str, fontsize: float = 8.0,
                 wrap: int | None = None) -> None:
    """Draw :func:`ranking_data` on ``ax``: central bars, the linear–Leontief range, the Monte Carlo band
    (sector names wrapped at ``wrap`` characters when given)."""
    values, low, high = (data[c].to_numpy(dtype="float64") for c in ("value", "low", "high"))
    p05, p95 = data["p05"].to_numpy(dtype="float64"), data["p95"].to_numpy(dtype="float64")
    everything = np.concatenate([values, low, high, p05, p95])
    largest = float(np.nanmax(everything))
    div, unit = money_scale(largest, lang)
    y = np.arange(len(data))
    bars = ax.barh(y, values, color=BAR, label=chart_text("central", lang, p=_production(results, lang)))
    for patch in bars:
        patch.set_gid("central")
    spans = np.isfinite(low) & np.isfinite(high) & (np.abs(high - low) > 1e-9 * np.maximum(high, 1))
    if spans.any():
        lines = ax.hlines(y[spans], low[spans], high[spans], color="#303030", linewidth=1.0,
                          label=chart_text("range_legend", lang))
        lines.set_gid("range")
        ax.plot(low[spans], y[spans], "|", color="#303030", markersize=7)
        ax.plot(high[spans], y[spans], "|", color="#303030", markersize=7)
    band = np.isfinite(p05) & np.isfinite(p95)
    if band.any():
        mc = ax.hlines(y[band], p05[band], p95[band], color=RANGE, linewidth=6, alpha=0.8, zorder=1,
                       label=chart_text("mc_legend", lang))
        mc.set_gid("mc")
    labels = sector_labels(data["sector"].tolist(), results, lang)
    if wrap:
        labels = [textwrap.fill(t, wrap) for t in labels]
    ax.set_yticks(y, labels, fontsize=fontsize + 1)
    ax.invert_yaxis()
    log = _log_axis(ax, everything)
    ends = np.where(spans, np.fmax(values, high), values)
    for yi, v, end, hi in zip(y, values, ends, np.where(band, p95, values)):
        if log:  # past the bar and its Monte Carlo band, on white: the range line may run on behind it
            ax.text(max(v, hi) * 1.12, yi, _label(v, div, log), va="center", ha="left", fontsize=fontsize - 0.5,
                    zorder=5, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        else:
            ax.text(end + 0.01 * largest, yi, _label(v, div, log), va="center", fontsize=fontsize)
    if not log:
        money_axis(ax.xaxis, div, largest)
    ax.set_xlabel(f"{chart_text('sme_at_risk', lang)} ({_unit(lang, unit, log)})", fontsize=fontsize + 1)
    ax.tick_params(axis="x", labelsize=fontsize)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    ax.legend(loc="best", fontsize=fontsize - 0.5, frameon=False)


def fig_ranking(results: Results, lang: str = "ko", n: int = 15, scenario: str | None = None) -> Figure | None:
    """Horizontal bars: the top ``n`` sectors by SME export at risk in one scenario (the headline one by default).

    Bars are the table's ``sme_export_at_risk_usd`` (USD over the horizon); a thin line spans the
    linear–Leontief range (gid ``range``), a thick band the 5–95 % Monte Carlo interval (gid ``mc``).
    """
    lang = draw_lang(lang)
    scen = scenario or headline_scenario(results)
    data = ranking_data(results, n, scen)
    if data.empty:
        return None
    fig = figure(9, 0.42 * len(data) + 1.9)
    ax = fig.add_subplot()
    draw_ranking(ax, results, data, lang)
    ax.set_title(chart_text("ranking_title", lang, n=len(data), scenario=scenario_names(results, lang).get(scen, scen)))
    return fitted(fig, source_note(results, lang, horizon_text(results, lang)))


def _mc(results: Results, scenario: str, sectors: list[str]) -> tuple[np.ndarray, np.ndarray]:
    u = results.uncertainty
    if u.empty or not {"scenario", "sector", "sme_export_at_risk_p05"} <= set(u.columns):
        nan = np.full(len(sectors), np.nan)
        return nan, nan.copy()
    sub = u[u["scenario"] == scenario].assign(sector=lambda d: d["sector"].astype(str)).set_index("sector")
    sub = sub.reindex(sectors)
    return (pd.to_numeric(sub["sme_export_at_risk_p05"], errors="coerce").to_numpy(dtype="float64"),
            pd.to_numeric(sub["sme_export_at_risk_p95"], errors="coerce").to_numpy(dtype="float64"))


def _production(results: Results, lang: str) -> str:
    from exposure.report.translate import VOCAB

    p = results.config.production
    return VOCAB["production"].get(p, (p, p))[0 if lang == "ko" else 1]


def scenario_matrix(results: Results, n: int = 10) -> pd.DataFrame:
    """SME export at risk (USD over each horizon) of the top ``n`` sectors (rows, best rank in any scored
    scenario first) under every scored scenario (columns, by id, in run order)."""
    scen, _names, top = headline.top_sectors(results, "en", n)
    if not scen:
        return pd.DataFrame()
    m = pd.DataFrame({s: top[f"{s}|value"].to_numpy(dtype="float64") for s in scen},
                     index=top["sector"].astype(str).to_numpy())
    m.columns.name = "scenario"
    return m


def fig_scenarios(results: Results, lang: str = "ko", n: int = 8) -> Figure | None:
    """Grouped horizontal bars: each top sector's SME export at risk under every scored scenario (by name).

    Zero values draw no bar; a logarithmic axis when the scenarios differ by orders of magnitude.
    """
    lang = draw_lang(lang)
    m = scenario_matrix(results, n)
    if m.empty:
        return None
    names = scenario_names(results, lang)
    k = m.shape[1]
    values = m.to_numpy(dtype="float64")
    largest = float(np.nanmax(values)) if np.isfinite(values).any() else 0.0
    if not largest > 0:
        return None
    div, unit = money_scale(largest, lang)
    fig = figure(9.5, 0.21 * m.shape[0] * max(k, 2) + 2.0)
    ax = fig.add_subplot()
    y = np.arange(m.shape[0])
    height = 0.8 / k
    log = _log_axis(ax, values.ravel())
    for j, scen in enumerate(m.columns):
        v = m[scen].to_numpy(dtype="float64")
        show = nonzero(v)
        pos = y - 0.4 + height * (j + 0.5)
        bars = ax.barh(pos[show], v[show], height=height, label=names.get(scen, scen),
                       color=PALETTE[j % len(PALETTE)])
        for patch in bars:
            patch.set_gid(f"scenario:{scen}")
        for yi, vi in zip(pos[show], v[show]):
            ax.text(vi * (1.05 if log else 1.0) + (0 if log else 0.005 * largest), yi, _label(vi, div, log),
                    va="center", fontsize=6.5)
    ax.set_yticks(y, sector_labels(list(m.index), results, lang))
    ax.invert_yaxis()
    if not log:
        money_axis(ax.xaxis, div, largest)
    ax.set_xlabel(f"{chart_text('sme_at_risk', lang)} ({_unit(lang, unit, log)})")
    ax.set_title(chart_text("scenarios_title2", lang, n=m.shape[0]))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=min(k, 4), fontsize=8,
              frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.1)
    return fitted(fig, source_note(results, lang, horizon_text(results, lang)))


def fig_rank_intervals(results: Results, lang: str = "ko", scenario: str | None = None,
                       n: int = 20) -> Figure | None:
    """Median rank with the 5–95 % interval of the best-ranked sectors; None without Monte Carlo draws."""
    lang = draw_lang(lang)
    u = results.uncertainty
    if u.empty or not {"sector", "median_rank", "rank_p05", "rank_p95"} <= set(u.columns):
        return None
    scen = scenario or headline_scenario(results)
    if "scenario" in u.columns:
        u = u[u["scenario"] == scen]
    u = u.dropna(subset=["median_rank"]).sort_values(["median_rank", "rank_p05"], kind="stable").head(n)
    if u.empty:
        return None
    med = u["median_rank"].to_numpy(dtype="float64")
    lo = u["rank_p05"].to_numpy(dtype="float64")
    hi = u["rank_p95"].to_numpy(dtype="float64")
    fig = figure(8.5, 0.38 * len(u) + 1.8)
    ax = fig.add_subplot()
    y = np.arange(len(u))
    ax.errorbar(med, y, xerr=[med - lo, hi - med], fmt="o", color=BAR, ecolor="#7FA6CE", elinewidth=3,
                capsize=0, label=chart_text("median", lang))
    top_n = results.config.top_n
    ax.axvline(top_n + 0.5, color="#C53A32", linestyle=":", linewidth=1)
    ax.text(top_n + 0.6, 0.995, chart_text("top_n", lang, n=top_n), transform=ax.get_xaxis_transform(),
            color="#C53A32", fontsize=8, ha="left", va="top")
    ax.set_yticks(y, sector_labels(u["sector"].astype(str).tolist(), results, lang))
    ax.invert_yaxis()
    right = int(max(float(np.nanmax(hi)), top_n)) + 1
    if right <= 25:
        ax.set_xticks(range(1, right + 1))  # every rank, rank 1 included
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0.5, right + 0.5)
    ax.set_xlabel(chart_text("rank", lang))
    ax.set_title(chart_text("intervals_title", lang, scenario=scenario_names(results, lang).get(scen, scen)))
    ax.spines[["top", "right"]].set_visible(False)
    n_draws = results.config.draws
    return fitted(fig, source_note(results, lang, chart_text("draws_note", lang, n=n_draws)))


#: File stem → figure builder, in the order the charts are written.
CHARTS: dict[str, Callable[..., Figure | None]] = {
    "ranking": fig_ranking,
    "scenario_comparison": fig_scenarios,
    "time_profile": fig_time_profile,
    "drivers_heatmap": fig_heatmap,
    "dependence_bubble": fig_bubble,
    "rank_intervals": fig_rank_intervals,
    "early_warning": fig_early_warning,
    "countermeasures": fig_countermeasures,
}

_SKIP_NOTES = {"rank_intervals": "no_draws", "early_warning": "no_monthly"}


def figures(results: Results, lang: str = "ko") -> dict[str, Figure]:
    """Every chart that the Results can support, by file stem."""
    out = {}
    for name, build in CHARTS.items():
        fig = build(results, lang)
        if fig is None:
            note = _SKIP_NOTES.get(name)
            log.info(chart_text(note, lang) if note else f"chart {name} skipped: no data")
        else:
            out[name] = fig
    return out


def write_charts(results: Results, outdir: str | os.PathLike[str], formats: tuple[str, ...] = ("png",),
                 lang: str = "ko", dpi: int = DPI) -> list[Path]:
    """Write every chart in every format to ``outdir``, each file atomically; return the paths.

    Parameters
    ----------
    results : Results
    outdir : path-like
        Created when missing.
    formats : tuple of {"png", "svg", "pdf"}
    lang : {"ko", "en"}
    dpi : int
        Resolution of PNG files.

    Returns
    -------
    list of Path
        In the order of :data:`CHARTS`, then of ``formats``. Charts without data (no Monte
        Carlo draws, no monthly series) are skipped with a log message.
    """
    bad = [f for f in formats if f not in CHART_FORMATS]
    if bad:
        raise ConfigError(f"unknown chart format {', '.join(map(repr, bad))}; valid: {', '.join(CHART_FORMATS)}")
    outdir = Path(outdir)
    paths = []
    for name, fig in figures(results, lang).items():
        for fmt in formats:
            paths.append(save(fig, outdir / f"{name}.{fmt}", fmt, dpi))
    return paths
