"""The counter-measure chart: how much SME export value at risk each remedy removes, under every scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from exposure.report.chartkit import (PALETTE, figure, fitted, horizon_text, money_axis, money_scale, nonzero,
                                      source_note)
from exposure.report.fonts import draw_lang
from exposure.report.labels import chart_text
from exposure.report.translate import countermeasure_names, scenario_names
from exposure.results import Results


def countermeasure_matrix(results: Results) -> pd.DataFrame:
    """SME export at risk removed (USD over the horizon): counter-measures (rows, run order, ``all`` last) ×
    scenarios (columns, run order)."""
    cm = getattr(results, "countermeasures", None)
    if cm is None or not len(cm) or not {"scenario", "countermeasure", "sme_export_at_risk_removed_usd"} <= set(cm):
        return pd.DataFrame()
    m = cm.pivot_table(index="countermeasure", columns="scenario", values="sme_export_at_risk_removed_usd",
                       aggfunc="sum", sort=False)
    rows = [c for c in dict.fromkeys(cm["countermeasure"]) if c != "all"] + (["all"] if "all" in m.index else [])
    cols = list(dict.fromkeys(cm["scenario"]))
    return m.reindex(index=rows, columns=cols).astype("float64")


def fig_countermeasures(results: Results, lang: str = "ko") -> Figure | None:
    """Grouped horizontal bars: each counter-measure's SME export at risk removed under each scenario (names, not
    ids; zero removes no bar); labels give the share of the scenario's SME export at risk removed."""
    lang = draw_lang(lang)
    m = countermeasure_matrix(results)
    if m.empty or not np.isfinite(m.to_numpy()).any() or not np.nanmax(m.to_numpy()) > 0:
        return None
    cm = results.countermeasures
    share = cm.pivot_table(index="countermeasure", columns="scenario", values="sme_removed_share", aggfunc="first") \
        .reindex(index=m.index, columns=m.columns) if "sme_removed_share" in cm.columns else None
    names, scen = countermeasure_names(results, lang), scenario_names(results, lang)
    k = m.shape[1]
    largest = float(np.nanmax(m.to_numpy()))
    div, unit = money_scale(largest, lang)
    fig = figure(9.5, 0.32 * m.shape[0] * max(k, 2) + 2.0)
    ax = fig.add_subplot()
    y = np.arange(m.shape[0])
    height = 0.8 / k
    for j, s in enumerate(m.columns):
        v = m[s].to_numpy(dtype="float64")
        show = nonzero(v)
        pos = y - 0.4 + height * (j + 0.5)
        bars = ax.barh(pos[show], v[show], height=height, color=PALETTE[j % len(PALETTE)], label=scen.get(s, s))
        for patch in bars:
            patch.set_gid(f"removed:{s}")
        if share is not None:
            for yi, vi, sh in zip(pos[show], v[show], share[s].to_numpy(dtype="float64")[show]):
                ax.text(vi + 0.01 * largest, yi, f"{sh:.0%}" if sh == sh else "", va="center", fontsize=7)
    ax.set_yticks(y, [names.get(c, c) for c in m.index])
    ax.invert_yaxis()
    money_axis(ax.xaxis, div, largest)
    ax.set_xlabel(f"{chart_text('cm_removed', lang)} ({unit})")
    ax.set_title(chart_text("cm_title", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=min(k, 3), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    return fitted(fig, source_note(results, lang, horizon_text(results, lang) + " " + chart_text("cm_note", lang)))
