"""Charts of a Results with Korean labels that render on a fresh install (DESIGN §9).

Figures are built with :class:`matplotlib.figure.Figure` on the Agg canvas, never
through pyplot, so the report neither needs a display nor changes the
backend of a notebook that imports it. Korean text uses the NanumGothic font
shipped inside the ``koreanize-matplotlib`` package (no system font needed);
without that package charts fall back to DejaVu Sans and English labels, with a
warning, instead of drawing empty boxes.

Every ``fig_*`` function returns a Figure, or None when its data is absent
(e.g. no Monte Carlo draws); :func:`write_charts` writes the ones that exist.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from exposure.errors import ConfigError
from exposure.report import view
from exposure.report.atomic import atomic_write
from exposure.report.labels import chart_text, check_lang
from exposure.results import Results

log = logging.getLogger(__name__)

CHART_FORMATS = ("png", "svg", "pdf")
FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FALLBACK_FAMILY = "DejaVu Sans"
JULY_2019 = np.datetime64("2019-07-01", "D")
_BAR = "#3B75AF"
_PALETTE = ("#3B75AF", "#EF8636", "#519E3E", "#C53A32", "#8D69B8", "#84584E", "#D57DBF")


class FontFallbackWarning(UserWarning):
    """The Korean font could not be found; charts use DejaVu Sans and English labels."""


def korean_font_dir() -> Path | None:
    """The font folder inside the installed ``koreanize_matplotlib`` package, or None.

    Found without importing the package (its import changes matplotlib settings itself).
    """
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        fonts = Path(location) / "fonts"
        if (fonts / FONT_FILES[0]).is_file():
            return fonts
    return None


_registered: dict[Path, str] = {}


def setup_fonts() -> str | None:
    """Register the bundled NanumGothic and make it matplotlib's font; return its family name.

    Sets ``rcParams["font.family"]`` to NanumGothic with DejaVu Sans behind it (glyphs
    NanumGothic lacks, such as U+2212, fall back to DejaVu) and turns ``axes.unicode_minus``
    off. Returns None, after a :class:`FontFallbackWarning`, when the package is missing.
    """
    fonts = korean_font_dir()
    if fonts is None:
        warnings.warn(
            f"Korean font not found (Python package '{FONT_PACKAGE.replace('_', '-')}' is not installed): "
            f"charts use {FALLBACK_FAMILY} and English labels. Install it with "
            "'pip install koreanize-matplotlib' for Korean charts.", FontFallbackWarning, stacklevel=2)
        mpl.rcParams["font.family"] = [FALLBACK_FAMILY]
        return None
    main = fonts / FONT_FILES[0]
    if main not in _registered:
        for name in FONT_FILES:
            if (fonts / name).is_file():
                font_manager.fontManager.addfont(str(fonts / name))
        _registered[main] = font_manager.FontProperties(fname=str(main)).get_name()
    family = _registered[main]
    mpl.rcParams["font.family"] = [family, FALLBACK_FAMILY]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["pdf.fonttype"] = 42  # embed TrueType: Korean text stays selectable in the PDF
    mpl.rcParams["svg.hashsalt"] = "exposure"  # stable ids: same input, same SVG
    return family


def _lang(lang: str) -> str:
    """The language the charts can actually draw: English when no Korean font is available."""
    check_lang(lang)
    family = setup_fonts()
    return "en" if family is None else lang


#: Resolution of PNG charts: sharp on screen and in print, files under 150 KB.
DPI = 150


def _figure(width: float, height: float) -> Figure:
    # No layout engine: with one, savefig lays the figure out and draws it twice. The margins are
    # measured once by :func:`_fitted` when the figure is complete.
    fig = Figure(figsize=(width, height), layout=None, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _fitted(fig: Figure) -> Figure:
    """Fix the margins so that every label fits, measured once; later draws reuse them."""
    fig.tight_layout(pad=0.6)
    renderer = fig.canvas.get_renderer()
    if any(ax.get_title() and ax.title.get_window_extent(renderer).width > ax.bbox.width for ax in fig.axes):
        # A title wider than its axes is centred on them and moves when they shrink (long English
        # sector names beside a heatmap): a second pass settles it.
        fig.tight_layout(pad=0.6)
    fig.set_layout_engine(None)  # keep the margins: no layout pass at every draw
    return fig


def money_scale(largest: float, lang: str) -> tuple[float, str]:
    """Divisor and unit label so that axis numbers stay short (e.g. 1e6, "백만 달러").

    Examples
    --------
    >>> money_scale(2.5e8, "en")
    (1000000.0, 'USD million')
    """
    for div, key in ((1e9, "usd_billion"), (1e6, "usd_million"), (1e3, "usd_thousand")):
        if largest >= div:
            return div, chart_text(key, lang)
    return 1.0, chart_text("usd", lang)


def _money_axis(axis, div: float, largest: float) -> None:
    # one number of decimals for the whole axis: 0 when the scaled values reach 10
    decimals = 0 if largest / div >= 10 else 1

    def fmt(x: float, _pos: int) -> str:
        return f"{x / div:,.{decimals}f}"

    axis.set_major_formatter(FuncFormatter(fmt))


def compact_money(value: float, lang: str) -> str:
    """A dollar amount in the reader's own large units: 만/억 in Korean, K/M/B in English.

    Examples
    --------
    >>> compact_money(2.5e8, "ko"), compact_money(2.5e8, "en"), compact_money(3e4, "ko")
    ('2.5억', '250M', '3만')
    """
    units = ((1e8, "억"), (1e4, "만")) if lang == "ko" else ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    def short(x: float) -> str:
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"

    for size, suffix in units:
        if abs(value) >= size:
            return short(value / size) + suffix
    return short(value) if abs(value) >= 1 or value == 0 else f"{value:.2g}"


def _log_money_axis(axis, lang: str) -> None:
    # a log axis spans many orders of magnitude: no single unit keeps every tick readable
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: compact_money(x, lang)))


def _product_label(code: str, name: object, lang: str, width: int = 14) -> str:
    text = str(code)
    if isinstance(name, str) and name.strip() and (lang == "ko" or name.isascii()):
        short = name.strip()
        if len(short) > width:
            short = short[: width - 1] + "…"
        text = f"{text}\n{short}"
    return text


def _sector_labels(codes: list[str], results: Results, lang: str) -> list[str]:
    names = view.sector_names(results, lang)
    return [names.get(c, c) for c in codes]


def _value_column(df: pd.DataFrame) -> str | None:
    for col in ("sme_export_at_risk_usd", "export_at_risk_usd"):
        if col in df.columns:
            return col
    return None


# --------------------------------------------------------------------------------------------- charts

def fig_ranking(results: Results, lang: str = "ko", n: int = 15, scenario: str | None = None) -> Figure | None:
    """Horizontal bars: the top ``n`` sectors by SME export at risk in one scenario (the first by default).

    Bar lengths are the table's ``sme_export_at_risk_usd`` in USD; labels are sector names.
    """
    lang = _lang(lang)
    scen = scenario or view.first_scenario(results)
    rank = view.ranking(results, scen)
    if rank.empty or "sme_export_at_risk_usd" not in rank.columns:
        return None
    top = rank[rank["sme_export_at_risk_usd"] > 0].sort_values(
        "sme_export_at_risk_usd", ascending=False, kind="stable").head(n)
    if top.empty:
        return None
    values = top["sme_export_at_risk_usd"].to_numpy(dtype="float64")
    labels = _sector_labels(top["sector"].astype(str).tolist(), results, lang)
    div, unit = money_scale(float(values.max()), lang)
    fig = _figure(9, 0.42 * len(top) + 1.6)
    ax = fig.add_subplot()
    y = np.arange(len(top))
    bars = ax.barh(y, values, color=_BAR)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[f"{v / div:,.1f}" for v in values], padding=3, fontsize=8)
    _money_axis(ax.xaxis, div, float(values.max()))
    ax.set_xlabel(f"{chart_text('sme_at_risk', lang)} ({unit})")
    ax.set_title(chart_text("ranking_title", lang, n=len(top), scenario=scen))
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    return _fitted(fig)


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
    d = d.assign(sector=d["sector"].astype(str), code=d["code"].astype(str))
    m = d.pivot_table(index="sector", columns="code", values=value, aggfunc="sum", fill_value=0.0)
    if m.empty:
        return m
    rows = m.sum(axis=1).sort_values(ascending=False, kind="stable").head(n_sectors).index
    cols = m.sum(axis=0).sort_values(ascending=False, kind="stable").head(n_products).index
    return m.loc[rows, cols].astype("float64")


def fig_heatmap(results: Results, lang: str = "ko", scenario: str | None = None, n_sectors: int = 10,
                n_products: int = 12) -> Figure | None:
    """Heatmap of the drivers: which imported products put which sectors' SME exports at risk."""
    lang = _lang(lang)
    scen = scenario or view.first_scenario(results)
    m = heatmap_matrix(results, scen, n_sectors, n_products)
    if m.empty:
        return None
    div, unit = money_scale(float(m.to_numpy().max()), lang)
    names = view.product_names(results)
    fig = _figure(max(7.5, 0.75 * m.shape[1] + 3.5), 0.5 * m.shape[0] + 2.6)
    ax = fig.add_subplot()
    im = ax.imshow(m.to_numpy(), aspect="auto", cmap="YlOrRd", interpolation="nearest")
    ax.set_yticks(np.arange(m.shape[0]), _sector_labels(list(m.index), results, lang))
    ax.set_xticks(np.arange(m.shape[1]),
                  [_product_label(c, names.get(c), lang, 10).replace("\n", " ") for c in m.columns],
                  rotation=40, ha="right", rotation_mode="anchor", fontsize=8)
    vmax = float(m.to_numpy().max()) or 1.0
    for (i, j), v in np.ndenumerate(m.to_numpy()):
        if v / div >= 0.05:  # smaller cells would all read "0.0"; the Drivers sheet has their values
            ax.text(j, i, f"{v / div:,.1f}", ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * vmax else "black")
    bar = fig.colorbar(im, ax=ax, shrink=0.8)
    _money_axis(bar.ax.yaxis, div, vmax)
    bar.set_label(f"{chart_text('sme_at_risk', lang)} ({unit})")
    ax.set_xlabel(chart_text("product", lang))
    ax.set_ylabel(chart_text("sector", lang))
    ax.set_title(chart_text("heatmap_title", lang, scenario=scen))
    return _fitted(fig)


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


def fig_bubble(results: Results, lang: str = "ko", scenario: str | None = None, n_labels: int = 6) -> Figure | None:
    """Dependence (target share, x) against value (imports from the target, y, log) sized by shortfall.

    Products without a shortfall in the scenario are small grey dots (gid ``no-shortfall``);
    the others (gid ``shortfall``) have an area proportional to their shortfall.
    """
    lang = _lang(lang)
    scen = scenario or view.first_scenario(results)
    data = bubble_data(results, scen)
    if data.empty:
        return None
    fig = _figure(9, 6)
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
        names = view.product_names(results)
        for row in hit.sort_values("shortfall_usd", ascending=False, kind="stable").head(n_labels).itertuples():
            right = row.target_share > 0.75  # label on the left of bubbles near the right edge
            ax.annotate(_product_label(row.code, names.get(str(row.code)), lang, 12).replace("\n", " "),
                        (row.target_share, row.target_import_usd), xytext=(-8 if right else 8, 6),
                        textcoords="offset points", fontsize=8, ha="right" if right else "left")
    for band in results.config.share_bands:
        ax.axvline(band, color="#808080", linestyle="--", linewidth=0.8)
        ax.text(band, 1.0, chart_text("band", lang, p=band), transform=ax.get_xaxis_transform(),
                fontsize=7, color="#606060", ha="center", va="bottom")
    ax.set_xlim(0, 1.02)
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _log_money_axis(ax.yaxis, lang)
    ax.set_xlabel(chart_text("target_share", lang))
    ax.set_ylabel(f"{chart_text('target_import', lang)} ({chart_text('usd', lang)})")
    ax.set_title(chart_text("bubble_title", lang, scenario=scen), pad=14)
    ax.spines[["top", "right"]].set_visible(False)
    return _fitted(fig)


def bubble_sizes(shortfall: np.ndarray, smallest: float = 20.0, largest: float = 1500.0) -> np.ndarray:
    """Marker areas (points²) proportional to the shortfall, between ``smallest`` and ``largest``."""
    top = float(np.max(shortfall)) if len(shortfall) else 0.0
    if top <= 0:
        return np.full(len(shortfall), smallest)
    return np.maximum(smallest, largest * shortfall / top)


def scenario_matrix(results: Results, n: int = 10) -> pd.DataFrame:
    """SME export at risk of the first scenario's top ``n`` sectors (rows) under every scenario (columns)."""
    s = results.sectors
    order = view.scenario_order(results)
    if s.empty or "sme_export_at_risk_usd" not in s.columns or not order:
        return pd.DataFrame()
    first = view.ranking(results, order[0]).dropna(subset=["sme_export_at_risk_usd"])
    top = first.sort_values("sme_export_at_risk_usd", ascending=False, kind="stable").head(n)
    rows = top["sector"].astype(str).tolist()
    s = s.assign(sector=s["sector"].astype(str))
    m = s.pivot_table(index="sector", columns="scenario", values="sme_export_at_risk_usd", aggfunc="sum",
                      dropna=False)
    return m.reindex(index=rows, columns=order).astype("float64")


def fig_scenarios(results: Results, lang: str = "ko", n: int = 10) -> Figure | None:
    """Grouped horizontal bars: each top sector's SME export at risk under every scenario."""
    lang = _lang(lang)
    m = scenario_matrix(results, n)
    if m.empty:
        return None
    k = m.shape[1]
    div, unit = money_scale(float(np.nanmax(m.to_numpy())), lang)
    fig = _figure(9, 0.32 * m.shape[0] * max(k, 2) + 1.8)
    ax = fig.add_subplot()
    y = np.arange(m.shape[0])
    height = 0.8 / k
    for j, scen in enumerate(m.columns):
        ax.barh(y - 0.4 + height * (j + 0.5), m[scen].fillna(0.0).to_numpy(), height=height,
                label=scen, color=_PALETTE[j % len(_PALETTE)])
    ax.set_yticks(y, _sector_labels(list(m.index), results, lang))
    ax.invert_yaxis()
    _money_axis(ax.xaxis, div, float(np.nanmax(m.to_numpy())))
    ax.set_xlabel(f"{chart_text('sme_at_risk', lang)} ({unit})")
    ax.set_title(chart_text("scenarios_title", lang, n=m.shape[0]))
    ax.legend(loc="lower right", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _fitted(fig)


def fig_rank_intervals(results: Results, lang: str = "ko", scenario: str | None = None,
                       n: int = 20) -> Figure | None:
    """Median rank with the 5–95 % interval of the best-ranked sectors; None without Monte Carlo draws."""
    lang = _lang(lang)
    u = results.uncertainty
    if u.empty or not {"sector", "median_rank", "rank_p05", "rank_p95"} <= set(u.columns):
        return None
    scen = scenario or view.first_scenario(results)
    if "scenario" in u.columns:
        u = u[u["scenario"] == scen]
    u = u.dropna(subset=["median_rank"]).sort_values(["median_rank", "rank_p05"], kind="stable").head(n)
    if u.empty:
        return None
    med = u["median_rank"].to_numpy(dtype="float64")
    lo = u["rank_p05"].to_numpy(dtype="float64")
    hi = u["rank_p95"].to_numpy(dtype="float64")
    fig = _figure(8.5, 0.38 * len(u) + 1.8)
    ax = fig.add_subplot()
    y = np.arange(len(u))
    ax.errorbar(med, y, xerr=[med - lo, hi - med], fmt="o", color=_BAR, ecolor="#7FA6CE", elinewidth=3,
                capsize=0, label=chart_text("median", lang))
    top_n = results.config.top_n
    ax.axvline(top_n + 0.5, color="#C53A32", linestyle=":", linewidth=1)
    ax.text(top_n + 0.6, 0.995, chart_text("top_n", lang, n=top_n), transform=ax.get_xaxis_transform(),
            color="#C53A32", fontsize=8, ha="left", va="top")
    ax.set_yticks(y, _sector_labels(u["sector"].astype(str).tolist(), results, lang))
    ax.invert_yaxis()
    right = int(max(float(np.nanmax(hi)), top_n)) + 1
    if right <= 25:
        ax.set_xticks(range(1, right + 1))  # every rank, rank 1 included
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0.5, right + 0.5)
    ax.set_xlabel(chart_text("rank", lang))
    ax.set_title(chart_text("intervals_title", lang, scenario=scen))
    ax.spines[["top", "right"]].set_visible(False)
    return _fitted(fig)


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
    """Monthly imports from the target of the main products, with July 2019 marked; None without data."""
    lang = _lang(lang)
    wide = monthly_series(results, n)
    if wide.empty:
        return None
    names = view.product_names(results)
    div, unit = money_scale(float(np.nanmax(wide.to_numpy())), lang)
    fig = _figure(10, 5)
    ax = fig.add_subplot()
    dates = wide.index.to_numpy(dtype="datetime64[D]")
    for j, code in enumerate(wide.columns):
        line, = ax.plot(dates, wide[code].to_numpy(), marker="o", markersize=2.5, linewidth=1.4,
                        color=_PALETTE[j % len(_PALETTE)],
                        label=_product_label(code, names.get(code), lang, 18).replace("\n", " "))
        line.set_gid(f"series:{code}")
    if dates.min() <= JULY_2019 <= dates.max():
        mark = ax.axvline(JULY_2019, color="#C53A32", linestyle="--", linewidth=1.2)
        mark.set_gid("july2019")
        ax.text(JULY_2019, 0.98, " " + chart_text("july2019", lang), transform=ax.get_xaxis_transform(),
                color="#C53A32", fontsize=9, va="top", ha="left")
    _money_axis(ax.yaxis, div, float(np.nanmax(wide.to_numpy())))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"{chart_text('imports', lang)} ({unit})")
    ax.set_xlabel(chart_text("month", lang))
    ax.set_title(chart_text("monthly_title", lang, target=results.config.target))
    ax.legend(fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    return _fitted(fig)


#: File stem → figure builder, in the order the charts are written.
CHARTS: dict[str, Callable[..., Figure | None]] = {
    "ranking": fig_ranking,
    "drivers_heatmap": fig_heatmap,
    "dependence_bubble": fig_bubble,
    "scenario_comparison": fig_scenarios,
    "rank_intervals": fig_rank_intervals,
    "monthly_imports": fig_monthly,
}

_SKIP_NOTES = {"rank_intervals": "no_draws", "monthly_imports": "no_monthly"}


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


@contextmanager
def _quiet_font_subsetting() -> Iterator[None]:
    # fontTools logs every OpenType table it cannot subset while embedding the font in a PDF;
    # harmless, and noise on the analyst's terminal.
    logger = logging.getLogger("fontTools.subset")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _metadata(fmt: str) -> dict[str, object]:
    # No timestamps: the same Results give the same files.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}


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
            path = outdir / f"{name}.{fmt}"
            with atomic_write(path) as tmp, _quiet_font_subsetting():
                fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_metadata(fmt))
            paths.append(path)
    return paths
