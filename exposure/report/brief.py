"""The one-page PDF brief (``--format pdf-brief``): what gets pasted into a report or attached to a message.

A4 landscape, drawn with matplotlib in the bundled NanumGothic (Korean text selectable, no missing
glyph): the title and the run, a headline sentence per scenario, the ranking chart of the headline
scenario with its ranges, the totals of every scenario, the top drivers (the imported products that
put most SME exports at risk), the method in three lines and the sources. Contents come from
:mod:`exposure.report.headline`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import exposure
from exposure.report import headline
from exposure.report.chartkit import quiet_logger, save, wrap_to_width
from exposure.report.charts import draw_ranking, headline_scenario, ranking_data
from exposure.report.display import product_names
from exposure.report.fonts import draw_lang
from exposure.report.money import say_money
from exposure.report.translate import translator
from exposure.results import Results

BRIEF_NAME = "exposure_brief.pdf"
A4_LANDSCAPE = (11.69, 8.27)
TOP_DRIVERS = 8
_TEXT = {
    "title": ("한·일 무역분쟁 확대 시 중소기업 수출 위험 — 요약", "SME export value at risk if the Korea–Japan dispute widens — brief"),
    "meta": ("대상국 {target} · 기준연도 {year} · 시나리오 {n}개 · exposure {version}",
             "Target {target} · year {year} · {n} scenarios · exposure {version}"),
    "ranking": ("중소기업 수출 위험액 상위 업종 — {scenario}", "Top sectors by SME export at risk — {scenario}"),
    "totals": ("시나리오별 중소기업 수출 위험액 (분석 기간)", "SME export at risk by scenario (over the horizon)"),
    "drivers": ("위험을 키운 수입 품목 — {scenario}", "Imported products behind the risk — {scenario}"),
    "method": ("계산 방법", "Method"),
    "m1": ("① 품목별 공급 부족 = c·M(k,T)/365 · max(0, G(min(H, D)) − b): 일본 공급 차질 범위 c, 재고 b일, 대체 공급이 L일에 "
           "걸쳐 φ까지 증가, 허가 심사 D일 (분석 기간 H일).",
           "(1) Shortfall per product = c·M(k,T)/365 · max(0, G(min(H, D)) − b): coverage c, stock b days, substitution "
           "ramping to φ over L days, licence review D days (horizon H days)."),
    "m2": ("② 산업연관표(수입투입계수·국내 레온티예프 역행렬)로 업종 산출 손실을 구하고, 핵심 투입재는 생산함수(선형 하한–"
           "레온티예프 상한)를 적용.", "(2) Input–output coefficients and the domestic Leontief inverse turn it into "
           "sectors' lost output; critical inputs take a production function (linear low to Leontief high)."),
    "m3": ("③ 수출 위험액 = 노출률 × 수출액 × H/365; 중소기업 몫은 업종·세부업종의 중소기업 비중 ({basis}).",
           "(3) Export at risk = exposure × exports × H/365; the SME part uses the SME share of the sector or KSIC "
           "class ({basis})."),
    "col_product": ("품목", "Product"), "col_value": ("중소기업 위험액", "SME at risk"), "col_share": ("비중", "Share"),
    "col_scen": ("시나리오", "Scenario"), "col_range": ("범위", "Range"),
    "not_scored": ("계산 안 됨", "not scored"),
}


def _t(key: str, lang: str, **kw: object) -> str:
    ko, en = _TEXT[key]
    return (ko if lang == "ko" else en).format(**kw)


def top_drivers(results: Results, scenario: str, n: int = TOP_DRIVERS) -> pd.DataFrame:
    """The products that put most SME exports at risk in ``scenario``: ``code``, ``sme_export_at_risk_usd``
    (summed over sectors and channels, USD over the horizon) and ``share`` of the scenario's total."""
    d = results.drivers
    if d.empty or not {"scenario", "code", "sme_export_at_risk_usd"} <= set(d.columns):
        return pd.DataFrame(columns=["code", "sme_export_at_risk_usd", "share"])
    d = d[(d["scenario"] == scenario) & (d["code"].astype(str) != "")]
    by = d.groupby(d["code"].astype(str))["sme_export_at_risk_usd"].sum(min_count=1).dropna()
    total = float(by.sum())
    by = by[by > 0].sort_values(ascending=False, kind="stable").head(n)
    return pd.DataFrame({"code": by.index, "sme_export_at_risk_usd": by.to_numpy(),
                         "share": by.to_numpy() / total if total > 0 else np.nan})


def fig_brief(results: Results, lang: str = "ko") -> Figure:
    """The brief as one A4-landscape figure (see the module docstring)."""
    lang = draw_lang(lang)
    tr = translator(results, lang)
    cfg = results.config
    totals = headline.scenario_totals(results, lang)
    fig = Figure(figsize=A4_LANDSCAPE, dpi=150)
    FigureCanvasAgg(fig)
    width_px = (A4_LANDSCAPE[0] - 0.8) * fig.dpi
    y = 0.965
    fig.text(0.035, y, _t("title", lang), fontsize=15, weight=600, va="top")
    y -= 0.035
    fig.text(0.035, y, _t("meta", lang, target=tr.countries(cfg.target), year=results.year or "", n=len(totals),
                          version=exposure.__version__), fontsize=8.5, color="#404040", va="top")
    y -= 0.03
    for sentence in headline.headlines(results, lang, totals):
        lines = wrap_to_width(fig, "• " + sentence, 8.6, width_px)
        fig.text(0.035, y, "\n".join(lines), fontsize=8.6, va="top", linespacing=1.35)
        y -= 0.0215 * len(lines) + 0.006
    top = y - 0.05
    scen = headline_scenario(results)
    data = ranking_data(results, 10, scen) if scen else pd.DataFrame()
    name = tr.scenario(scen) if scen else ""
    if len(data):
        ax = fig.add_axes((0.2, 0.245, 0.34, max(0.15, top - 0.3)))
        draw_ranking(ax, results, data, lang, fontsize=7, wrap=26)
        ax.set_title(_t("ranking", lang, scenario=name), fontsize=9.5, loc="left", x=-0.45, weight=600)
        ax.set_gid("ranking")
    _totals_block(fig, totals, lang, 0.58, top)
    drivers = top_drivers(results, scen) if scen else pd.DataFrame()
    if len(drivers):
        _drivers_block(fig, results, drivers, name, lang, 0.58, top - 0.035 * (len(totals) + 2) - 0.03)
    _method_block(fig, results, lang, width_px)
    return fig


def _table(fig: Figure, rows: list[list[str]], x: float, y: float, widths: list[float], size: float = 8.0,
           aligns: list[str] | None = None, head: bool = True) -> float:
    """Rows of text at (x, y) in columns of ``widths`` (figure fractions); returns the y below them."""
    aligns = aligns or ["left"] * len(widths)
    step = size / 72 / A4_LANDSCAPE[1] * 1.55
    for i, row in enumerate(rows):
        cx = x
        for cell, w, align in zip(row, widths, aligns):
            fig.text(cx + (w if align == "right" else 0), y, cell, fontsize=size, va="top", ha=align,
                     weight=600 if head and i == 0 else "normal")
            cx += w
        y -= step
    return y


def _totals_block(fig: Figure, totals: list[headline.Totals], lang: str, x: float, y: float) -> None:
    fig.text(x, y + 0.015, _t("totals", lang), fontsize=9.5, weight=600, va="top")
    rows = [[_t("col_scen", lang), _t("col_value", lang), _t("col_range", lang)]]
    for t in totals:
        if not t.scored:
            rows.append([t.name, _t("not_scored", lang), ""])
            continue
        spread = f"{say_money(t.sme_low_usd, lang)} – {say_money(t.sme_high_usd, lang)}" \
            if t.kind != "demand" and abs(t.sme_high_usd - t.sme_low_usd) > 0.005 * max(t.sme_high_usd, 1) else ""
        rows.append([t.name, say_money(t.sme_usd, lang), spread])
    # the right column ends at 96.5 % of the page, the margin the text on the left keeps
    _table(fig, rows, x, y - 0.025, [0.14, 0.09, 0.155], aligns=["left", "right", "right"])


def _drivers_block(fig: Figure, results: Results, drivers: pd.DataFrame, scenario: str, lang: str, x: float,
                   y: float) -> None:
    fig.text(x, y + 0.03, _t("drivers", lang, scenario=scenario), fontsize=9.5, weight=600, va="top")
    names = product_names(results, lang)
    rows = [[_t("col_product", lang), _t("col_value", lang), _t("col_share", lang)]]
    for r in drivers.itertuples(index=False):
        label = f"{r.code} {names.get(r.code, '')}".strip()
        if len(label) > 38:
            label = label[:37] + "…"
        rows.append([label, say_money(r.sme_export_at_risk_usd, lang),
                     f"{r.share:.0%}" if r.share == r.share else ""])
    _table(fig, rows, x, y, [0.245, 0.09, 0.05], aligns=["left", "right", "right"])


def _method_block(fig: Figure, results: Results, lang: str, width_px: float) -> None:
    from exposure.report.translate import VOCAB

    basis_lines = headline.basis(results, lang)
    sme = VOCAB["sme_share_basis"].get(results.sme_basis, (results.sme_basis, results.sme_basis))[0 if lang == "ko" else 1]
    label = {"ko": f"기준: {sme}", "en": f"basis: {sme}"}[lang] if sme else ""
    lines = [_t("m1", lang), _t("m2", lang), _t("m3", lang, basis=label)]
    y = 0.15
    fig.text(0.035, y + 0.022, _t("method", lang), fontsize=9, weight=600, va="top")
    for line in lines:
        wrapped = wrap_to_width(fig, line, 7.3, width_px)
        fig.text(0.035, y, "\n".join(wrapped), fontsize=7.3, va="top", color="#303030")
        y -= 0.02 * len(wrapped)
    foot = " ".join(line.rstrip(".") + "." for line in (basis_lines[0], *basis_lines[2:]))
    fig.text(0.035, 0.03, "\n".join(wrap_to_width(fig, foot, 6.8, width_px)), fontsize=6.8, color="#505050",
             va="bottom")
    fig.patch.set_facecolor("white")


def write_brief(results: Results, outdir: str | os.PathLike[str], lang: str = "ko") -> Path:
    """Write :data:`BRIEF_NAME` (one page, A4 landscape) into ``outdir`` atomically; return its path."""
    # NanumGothic's bold face has weight 600; the DejaVu fallback (for a few symbols) has none at 600 and
    # matplotlib logs the substitution of 700 for every text
    with quiet_logger("matplotlib.font_manager"):
        return save(fig_brief(results, lang), Path(outdir) / BRIEF_NAME, "pdf")
