"""The monitor's chart: imports of each alerted product around an event, as an index (DESIGN §9a).

One small panel per product with an alert in the window around the event (at most
``max_products``, grade A first): imports from the target and from all partners as an index
(the month before the event = 100 by default), alert months marked, the event month as a
dashed line. The legend sits below the panels, so it never covers the event line; a footnote
gives the source and the index base. Fonts are set up as in :mod:`exposure.report.charts`
(NanumGothic from koreanize-matplotlib; English labels when it is missing).

:func:`event_window` returns the numbers drawn, as a tidy table.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter, MonthLocator
from matplotlib.figure import Figure

from exposure.monitor.series import parse_period, period_label
from exposure.monitor.texts import country
from exposure.report.chartkit import DPI, wrap_to_width
from exposure.report.fonts import setup_fonts
from exposure.report.labels import check_lang

#: Columns of :func:`event_window`.
WINDOW_COLUMNS = ["code", "code_system", "period", "date", "h", "target_usd", "total_usd", "target_index",
                  "total_index", "alert", "grade", "share_12m"]

_TARGET = "#C53A32"
_TOTAL = "#3B75AF"
_GRADE_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}
_FOOT_SIZE = 7.0

TEXT = {
    "title": ("{target} 의존 품목의 경보와 수입 추이 ({event} 전후)",
              "Alerts and imports of products dependent on {target} (around {event})"),
    "target_line": ("{target}에서 수입", "Imports from {target}"),
    "total_line": ("전체 수입", "Imports from all partners"),
    "alert": ("경보 발생 월", "Alert month"),
    "index": ("지수 ({base} = 100)", "Index ({base} = 100)"),
    "base_one": ("{period}", "{period}"),
    "base_many": ("{first}–{last} 평균", "mean {first}–{last}"),
    "subtitle": ("등급 {grade} · 직전 12개월 {target} 비중 {share}", "grade {grade} · {target}'s share over 12 months {share}"),
    "event_2019": ("2019년 7월 수출규제", "July 2019 export controls"),
    "event": ("사건 {event}", "event {event}"),
    "footnote": ("자료: {source}. 월별 수입액(달러)을 지수로 표시: {base}=100. 경보: 계절 기준 대비 급감, 대상국 비중 급락, "
                 "로버스트 점수. 등급 A–D: 직전 12개월 대상국 비중과 수입 규모.",
                 "Source: {source}. Monthly imports (USD) as an index, {base}=100. Alerts: fall below the seasonal "
                 "baseline, fall of the target's share, robust score. Grades A–D: the target's share and imports "
                 "over the previous 12 months."),
    "no_source": ("입력 파일", "input file"),
}


def _t(key: str, lang: str, **kwargs: object) -> str:
    ko, en = TEXT[key]
    return (ko if lang == "ko" else en).format(**kwargs)


def _draw_lang(lang: str) -> str:
    """The language the chart can draw: English when the Korean font is missing (see charts.setup_fonts)."""
    check_lang(lang)
    return "en" if setup_fonts() is None else lang


def event_window(panel: pd.DataFrame, alerts: pd.DataFrame, event: str = "2019-07", before: int = 12,
                 after: int = 18, base_months: int = 1, max_products: int = 6,
                 codes: list[str] | None = None) -> pd.DataFrame:
    """The series the chart draws, one row per product and month of the window.

    Parameters
    ----------
    panel, alerts : DataFrame
        From :func:`exposure.monitor.monthly_panel` and :func:`exposure.monitor.find_alerts`.
    event : str
        ``"YYYY-MM"``; the window runs from ``before`` months before to ``after`` months after it.
    base_months : int
        The index base is the mean of this many months just before the event (1: the month before).
    max_products : int
        Products kept: those with an alert in the window, best grade first, then the largest
        imports from the target over the 12 months before their first alert there.
    codes : list of str, optional
        Draw these products instead (alerted or not), in this order.

    Returns
    -------
    DataFrame
        Columns :data:`WINDOW_COLUMNS`: ``h`` months from the event, ``*_index`` = 100 · value / base
        (products whose target imports in the base months are 0 are left out), ``alert`` True in
        months with any alert, ``grade`` and ``share_12m`` of the product's first alert in the window
        (empty / NaN when it has none).
    """
    e = parse_period(event, "event")
    lo, hi = e - before, e + after
    p = panel.assign(_mi=panel["year"].astype(int) * 12 + panel["month"].astype(int) - 1)
    a = alerts.assign(_mi=alerts["year"].astype(int) * 12 + alerts["month"].astype(int) - 1) \
        if len(alerts) else alerts.assign(_mi=pd.Series(dtype="int64"))
    a = a[(a["_mi"] >= lo) & (a["_mi"] <= hi)]
    first = a.sort_values(["_mi"], kind="stable").drop_duplicates(["code", "code_system"])
    if codes is None:
        first = first.assign(_g=first["grade"].map(_GRADE_ORDER)).sort_values(
            ["_g", "target_12m_usd", "code"], ascending=[True, False, True], kind="stable")
        keys = list(zip(first["code"], first["code_system"]))
    else:
        systems = p.drop_duplicates("code").set_index("code")["code_system"]
        keys = [(c, systems[c]) for c in codes if c in systems.index]
    rows = []
    base_lo = e - base_months
    for code, system in keys:
        s = p[(p["code"] == code) & (p["code_system"] == system) & (p["_mi"] >= min(lo, base_lo)) & (p["_mi"] <= hi)]
        base = s[(s["_mi"] >= base_lo) & (s["_mi"] < e)]
        if len(base) < base_months:
            continue
        tb, wb = float(base["target_usd"].mean()), float(base["total_usd"].mean())
        if not tb > 0:
            continue
        s = s[s["_mi"] >= lo]
        hit = first[(first["code"] == code) & (first["code_system"] == system)]
        months = set(a.loc[(a["code"] == code) & (a["code_system"] == system), "_mi"])
        rows.append(pd.DataFrame({
            "code": code, "code_system": system, "period": s["period"].to_numpy(),
            "date": pd.to_datetime(s["period"] + "-01").to_numpy(), "h": (s["_mi"] - e).to_numpy(),
            "target_usd": s["target_usd"].to_numpy(), "total_usd": s["total_usd"].to_numpy(),
            "target_index": 100 * s["target_usd"].to_numpy() / tb,
            "total_index": 100 * s["total_usd"].to_numpy() / wb if wb > 0 else np.nan,
            "alert": s["_mi"].isin(months).to_numpy(),
            "grade": hit["grade"].iloc[0] if len(hit) else "",
            "share_12m": float(hit["share_12m"].iloc[0]) if len(hit) else math.nan,
        }))
        if len(rows) == max_products:
            break
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in WINDOW_COLUMNS})
    return pd.concat(rows, ignore_index=True)[WINDOW_COLUMNS]


def _name(code: str, names: Mapping[str, object] | None, fallback: str, lang: str) -> str:
    value = (names or {}).get(code, fallback)
    if isinstance(value, Mapping):
        value = value.get(lang) or value.get("en" if lang == "ko" else "ko") or ""
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        value = value[0] if lang == "ko" else value[1]
    text = str(value or "").strip()
    if lang == "en" and not text.isascii():
        return ""  # a Korean name on an English chart: the code alone
    return text


def fig_monitor(panel: pd.DataFrame, alerts: pd.DataFrame, names: Mapping[str, object] | None = None,
                lang: str = "ko", event: str = "2019-07", before: int = 12, after: int = 18,
                base_months: int = 1, max_products: int = 6, codes: list[str] | None = None,
                source: str | None = None) -> Figure | None:
    """Small multiples of the alerted products around the event; None when no product qualifies.

    ``names`` maps code → name (a string, a ``{"ko": …, "en": …}`` mapping or a (ko, en) pair);
    missing codes use the panel's ``name`` column. ``source`` is the footnote's source (default:
    the panel's ``source`` column). Other parameters as in :func:`event_window`. Artists carry
    gids for checks: ``target:<code>``, ``total:<code>``, ``alerts:<code>``, ``event``, ``legend``,
    ``footnote``.
    """
    lang = _draw_lang(lang)
    data = event_window(panel, alerts, event, before, after, base_months, max_products, codes)
    if data.empty:
        return None
    e = parse_period(event, "event")
    target = country(str(panel["target"].iloc[0]), lang)
    products = list(dict.fromkeys(data["code"]))
    ncols = min(3, len(products))
    nrows = math.ceil(len(products) / ncols)
    base = _t("base_one", lang, period=period_label(e - 1)) if base_months == 1 else \
        _t("base_many", lang, first=period_label(e - base_months), last=period_label(e - 1))
    src = source if source is not None else "; ".join(sorted(set(panel.get("source", pd.Series(dtype=str))) - {""}))
    width = 4.4 * ncols + 0.4
    fig = Figure(figsize=(width, 1.0), dpi=DPI)
    FigureCanvasAgg(fig)
    foot = wrap_to_width(fig, _t("footnote", lang, source=src or _t("no_source", lang), base=base), _FOOT_SIZE,
                 (width - 0.3) * DPI)
    foot_h = 0.16 * len(foot) + 0.08  # inches
    legend_h, title_h = 0.4, 0.3
    height = 3.2 * nrows + 0.4 + foot_h + legend_h + title_h
    fig.set_size_inches(width, height)
    panel_names = panel.drop_duplicates("code").set_index("code")["name"].to_dict() if "name" in panel.columns \
        else {}
    labels = {"target": _t("target_line", lang, target=target), "total": _t("total_line", lang),
              "alert": _t("alert", lang), "index": _t("index", lang, base=base),
              "event": _t("event_2019", lang) if period_label(e) == "2019-07" else _t("event", lang,
                                                                                     event=period_label(e))}
    handles: list = []
    for i, code in enumerate(products):
        d = data[data["code"] == code]
        ax = fig.add_subplot(nrows, ncols, i + 1)
        name = _name(code, names, str(panel_names.get(code, "")), lang)
        head = f"{code} {textwrap.shorten(name, 22, placeholder='…')}" if name else code
        grade = d["grade"].iloc[0]
        sub = _t("subtitle", lang, grade=grade, target=target, share=f"{d['share_12m'].iloc[0]:.0%}") if grade else ""
        ax.set_title(head + ("\n" + sub if sub else ""), fontsize=9, loc="left")
        handles = _draw_product(ax, d, code, labels, np.datetime64(period_label(e) + "-01", "D"))
        if i % ncols == 0:
            ax.set_ylabel(labels["index"], fontsize=8)
    fig.suptitle(_t("title", lang, target=target, event=period_label(e)), fontsize=11, y=1 - 0.1 / height, va="top")
    fig.tight_layout(rect=(0, (foot_h + legend_h) / height, 1, 1 - title_h / height), pad=0.6)
    # below the panels: the legend can never cover the event line or a series
    legend = fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, foot_h / height), ncol=3,
                        frameon=False, fontsize=8.5)
    legend.set_gid("legend")
    note = fig.text(0.01, 0.04 / height, "\n".join(foot), fontsize=_FOOT_SIZE, color="#505050", ha="left",
                    va="bottom")
    note.set_gid("footnote")
    fig.set_layout_engine(None)  # margins measured once; no layout pass at every save
    return fig


def _draw_product(ax, d: pd.DataFrame, code: str, labels: dict[str, str], event_date: np.datetime64) -> list:
    """One product's panel: total and target index, alert marks, the event line; returns the legend handles."""
    dates = d["date"].to_numpy(dtype="datetime64[D]")
    ax.axhline(100, color="#B0B0B0", linewidth=0.8, zorder=1)
    total, = ax.plot(dates, d["total_index"].to_numpy(dtype=float), color=_TOTAL, linewidth=1.5,
                     label=labels["total"])
    total.set_gid(f"total:{code}")
    target, = ax.plot(dates, d["target_index"].to_numpy(dtype=float), color=_TARGET, linewidth=1.8,
                      label=labels["target"])
    target.set_gid(f"target:{code}")
    hit = d[d["alert"].astype(bool)]
    marks = ax.scatter(hit["date"].to_numpy(dtype="datetime64[D]"), hit["target_index"].to_numpy(dtype=float),
                       marker="v", s=28, color="#7F1D1D", zorder=4, label=labels["alert"])
    marks.set_gid(f"alerts:{code}")
    line = ax.axvline(event_date, color=_TARGET, linestyle="--", linewidth=1.1, zorder=2)
    line.set_gid("event")
    ax.text(event_date, 0.98, " " + labels["event"], transform=ax.get_xaxis_transform(), color=_TARGET,
            fontsize=7.5, va="top", ha="left")
    ax.xaxis.set_major_locator(MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
    ax.tick_params(axis="x", labelsize=7.5, labelrotation=30)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    return [target, total, marks]
