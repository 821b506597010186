"""Charts over time: the weekly profile of output lost (issue 14) and the monthly early warning (DESIGN §9a)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from exposure.report import headline, view
from exposure.report.chartkit import PALETTE, figure, fitted, money_axis, money_scale, sector_labels, source_note
from exposure.report.fonts import draw_lang
from exposure.report.labels import chart_text
from exposure.report.translate import scenario_names
from exposure.results import Results

JULY_2019 = np.datetime64("2019-07-01", "D")


def fig_time_profile(results: Results, lang: str = "ko", n_sectors: int = 4, max_panels: int = 4) -> Figure | None:
    """The weekly share of output lost (central, shaded down to linear) of the top sectors, one panel per scored
    scenario: when output first falls (stock b, licence review D, substitution complete at L marked)."""
    lang = draw_lang(lang)
    wk = results.weekly
    if wk.empty or not {"scenario", "sector", "week", "loss_rate"} <= set(wk.columns):
        return None
    with_weeks = set(wk["scenario"].astype(str))
    panels = [x for x in headline.scenario_totals(results, "en") if x.scored and x.sme_usd > 0
              and x.kind != "demand" and x.scenario in with_weeks][:max_panels]
    if not panels:
        return None
    names = scenario_names(results, lang)
    cols = min(2, len(panels))
    rows = int(np.ceil(len(panels) / cols))
    fig = figure(5.2 * cols + 0.6, 3.1 * rows + 0.9)
    for i, x in enumerate(panels):
        ax = fig.add_subplot(rows, cols, i + 1)
        r = view.ranking(results, x.scenario)
        r = r[pd.to_numeric(r["sme_export_at_risk_usd"], errors="coerce") > 0].sort_values(
            "sme_export_at_risk_usd", ascending=False, kind="stable").head(n_sectors)
        sub = wk[wk["scenario"] == x.scenario]
        for j, sector in enumerate(r["sector"].astype(str)):
            w = sub[sub["sector"].astype(str) == sector].sort_values("week")
            weeks = w["week"].to_numpy(dtype=float)
            central = pd.to_numeric(w["loss_rate"], errors="coerce").to_numpy(dtype=float)
            low = pd.to_numeric(w.get("loss_rate_low"), errors="coerce").to_numpy(dtype=float) \
                if "loss_rate_low" in w.columns else central
            colour = PALETTE[j % len(PALETTE)]
            line, = ax.plot(weeks, central, color=colour, linewidth=1.6,
                            label=sector_labels([sector], results, lang)[0])
            line.set_gid(f"week:{x.scenario}:{sector}")
            ax.fill_between(weeks, low, central, color=colour, alpha=0.15, linewidth=0)
        _mark_days(ax, x.scenario, results, lang)
        ax.set_ylim(bottom=0)
        top_value = ax.get_ylim()[1]
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=2 if top_value < 0.01 else
                                                      (1 if top_value < 0.2 else 0)))
        ax.set_title(names.get(x.scenario, x.scenario), fontsize=9.5, loc="left")
        ax.set_xlabel(chart_text("weekly_x", lang), fontsize=8)
        if i % cols == 0:
            ax.set_ylabel(chart_text("weekly_y", lang), fontsize=8)
        ax.tick_params(labelsize=7.5)
        ax.legend(fontsize=7, frameon=False, loc="best")
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(chart_text("weekly_title_all", lang), fontsize=11)
    return fitted(fig, source_note(results, lang, chart_text("weekly_note", lang)))


def _mark_days(ax, scenario: str, results: Results, lang: str) -> None:
    """Dotted lines at the week the stock runs out (b), licensed shipments resume (D) and substitution is
    complete (L): the median over the products the scenario covers (shocks with coverage above 0)."""
    sh = results.shocks
    if sh.empty or not {"scenario", "coverage"} <= set(sh.columns):
        return
    hit = sh[(sh["scenario"] == scenario) & (pd.to_numeric(sh["coverage"], errors="coerce") > 0)]

    def median(col: str) -> float:
        v = pd.to_numeric(hit.get(col), errors="coerce") if col in hit.columns else pd.Series(dtype=float)
        return float(v.median()) if v.notna().any() else float("nan")

    h = median("horizon_days")
    for key, col, arg in (("stock", "buffer_days", "b"), ("licence", "licence_delay_days", "d"),
                          ("ramp", "lag_days", "l")):
        days = median(col)
        if not (days == days and 0 < days < (h if h == h else np.inf)):
            continue
        week = days / 7
        ax.axvline(week, color="#808080", linestyle=":", linewidth=0.9)
        ax.text(week, 0.98, " " + chart_text(key, lang, **{arg: days}), transform=ax.get_xaxis_transform(),
                fontsize=6.5, color="#505050", rotation=90, va="top", ha="left")


def fig_early_warning(results: Results, lang: str = "ko") -> Figure | None:
    """The monitor's event chart of the alerted products (monthly imports); None without monthly data."""
    from exposure.report.monitor_chart import fig_monitor

    panel, alerts = results.monitor_panel, results.alerts
    if panel is None or panel.empty or alerts is None or alerts.empty:
        return None
    from exposure.report.display import product_names

    names = product_names(results, lang)
    codes = panel["code"].astype(str).unique().tolist()
    from exposure.codes.names import product_names as shipped

    for code, name in zip(codes, shipped(pd.Series(codes, dtype=object), lang).tolist()):
        if name:
            names[code] = name
    sources = sorted({str(s) for s in panel.get("source", pd.Series(dtype=object)).dropna() if str(s)})
    return fig_monitor(panel, alerts, names=names, lang=lang, event=results.config.monitor_event,
                       source=", ".join(sources) or None)


def monthly_series(results: Results, n: int = 5) -> pd.DataFrame:
    """Monthly imports from the target of the ``n`` largest products: index dates, one column per code."""
    m = results.monthly
    if m.empty or not {"code", "year", "month", "value_usd"} <= set(m.columns):
        return pd.DataFrame()
    m = m[(m["month"] >= 1) & (m["month"] <= 12)]
    if "partner" in m.columns and (m["partner"] == results.config.target).any():
        m = m[m["partner"] == results.config.target]
    if m.empty:
        return pd.DataFrame()
    dates = pd.to_datetime(pd.DataFrame({"year": m["year"].astype(int), "month": m["month"].astype(int), "day": 1}))
    wide = (m.assign(date=dates.to_numpy(), code=m["code"].astype(str))
            .pivot_table(index="date", columns="code", values="value_usd", aggfunc="sum").sort_index())
    keep = wide.sum().sort_values(ascending=False, kind="stable").head(n).index
    return wide[keep].astype("float64")


def fig_monthly(results: Results, lang: str = "ko", n: int = 5) -> Figure | None:
    """Monthly imports from the target of the main products, July 2019 marked (for notebooks; the report draws
    the early-warning chart instead)."""
    from exposure.report.chartkit import product_label
    from exposure.report.display import product_names

    lang = draw_lang(lang)
    wide = monthly_series(results, n)
    if wide.empty:
        return None
    names = product_names(results, lang)
    div, unit = money_scale(float(np.nanmax(wide.to_numpy())), lang)
    fig = figure(10, 5)
    ax = fig.add_subplot()
    dates = wide.index.to_numpy(dtype="datetime64[D]")
    for j, code in enumerate(wide.columns):
        line, = ax.plot(dates, wide[code].to_numpy(), marker="o", markersize=2.5, linewidth=1.4,
                        color=PALETTE[j % len(PALETTE)],
                        label=product_label(code, names.get(code), lang, 18).replace("\n", " "))
        line.set_gid(f"series:{code}")
    if dates.min() <= JULY_2019 <= dates.max():
        mark = ax.axvline(JULY_2019, color="#C53A32", linestyle="--", linewidth=1.2)
        mark.set_gid("july2019")
        ax.text(JULY_2019, 0.98, " " + chart_text("july2019", lang), transform=ax.get_xaxis_transform(),
                color="#C53A32", fontsize=9, va="top", ha="left")
    money_axis(ax.yaxis, div, float(np.nanmax(wide.to_numpy())))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"{chart_text('imports', lang)} ({unit})")
    ax.set_xlabel(chart_text("month", lang))
    ax.set_title(chart_text("monthly_title", lang, target=results.config.target))
    ax.legend(fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    return fitted(fig, source_note(results, lang))
