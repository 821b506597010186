"""What every chart shares: the figure and its margins, money axes, labels, the source footnote, saving.

Figures are built with :class:`matplotlib.figure.Figure` on the Agg canvas, never through
pyplot, so the report neither needs a display nor changes the backend of a notebook that
imports it. Fonts come from :mod:`exposure.report.fonts`.
"""

from __future__ import annotations

import logging
import textwrap
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Iterator

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

import exposure
from exposure.report import view
from exposure.report.atomic import atomic_write
from exposure.report.labels import chart_text
from exposure.report.translate import VOCAB
from exposure.results import Results

#: Resolution of PNG charts: sharp on screen and in print, files under 150 KB.
DPI = 150
BAR = "#3B75AF"
RANGE = "#9DB9D9"
PALETTE = ("#3B75AF", "#EF8636", "#519E3E", "#C53A32", "#8D69B8", "#84584E", "#D57DBF")
FOOT_SIZE = 7.0


def figure(width: float, height: float) -> Figure:
    # No layout engine: with one, savefig lays the figure out and draws it twice. The margins are
    # measured once by :func:`fitted` when the figure is complete.
    fig = Figure(figsize=(width, height), layout=None, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def fitted(fig: Figure, footnote: str | None = None) -> Figure:
    """Fix the margins so that every label fits, measured once; later draws reuse them.

    With ``footnote`` the figure grows by the footnote's lines and the text sits under the axes
    (gid ``footnote``).
    """
    lines: list[str] = []
    bottom = 0.0
    if footnote:
        width = fig.get_figwidth()
        lines = wrap_to_width(fig, footnote, FOOT_SIZE, (width - 0.3) * DPI)
        extra = 0.15 * len(lines) + 0.12
        fig.set_size_inches(width, fig.get_figheight() + extra)
        bottom = extra / fig.get_figheight()
    tight_above(fig, bottom)
    renderer = fig.canvas.get_renderer()
    if any(ax.get_title() and ax.title.get_window_extent(renderer).width > ax.bbox.width for ax in fig.axes):
        # A title wider than its axes is centred on them and moves when they shrink (long English
        # sector names beside a heatmap): a second pass settles it.
        tight_above(fig, bottom)
    if lines:
        note = fig.text(0.01, 0.05 / fig.get_figheight(), "\n".join(lines), fontsize=FOOT_SIZE, color="#505050",
                        ha="left", va="bottom")
        note.set_gid("footnote")
    fig.set_layout_engine(None)  # keep the margins: no layout pass at every draw
    return fig


def tight_above(fig: Figure, band: float, pad: float = 0.6) -> None:
    """``fig.tight_layout(pad=pad, rect=(0, band, 1, 1))``, with the labels measured once rather than twice.

    Given a rect, matplotlib measures every axes' labels a second time and only then shifts the
    margins (the labels have not moved in between: about 0.03 s a chart). The shift is worked out
    here from what the subplot parameters mean: ``hspace`` is the gap between rows as a fraction
    of the mean axes height, so the gap is kept in figure units while the rows make room for the
    band at the bottom. The tests compare the result with matplotlib's own.
    """
    before = {k: getattr(fig.subplotpars, k) for k in ("left", "right", "bottom", "top", "wspace", "hspace")}
    fig.tight_layout(pad=pad)
    sp = fig.subplotpars
    if band <= 0 or before == {k: getattr(sp, k) for k in before}:
        return  # no band, or the labels cannot fit at all (matplotlib warned and left the margins as they were)
    specs = [ax.get_subplotspec() for ax in fig.axes]
    rows = max((s.get_topmost_subplotspec().get_gridspec().nrows for s in specs if s is not None), default=1)
    height = (sp.top - sp.bottom) / (rows + sp.hspace * (rows - 1))  # of one row of axes
    gap = sp.hspace * height
    bottom = sp.bottom + band
    new_height = (sp.top - bottom - gap * (rows - 1)) / rows
    if new_height > 0:
        fig.subplots_adjust(bottom=bottom, **({"hspace": gap / new_height} if rows > 1 else {}))
    else:  # as matplotlib: a band that leaves no room for the axes leaves the margins as they were
        fig.subplots_adjust(**before)


def wrap_to_width(fig: Figure, text: str, size: float, max_px: float) -> list[str]:
    """``text`` in lines no wider than ``max_px`` pixels, measured with the figure's own renderer."""
    probe = fig.text(0, 0, "", fontsize=size)
    renderer = fig.canvas.get_renderer()

    def fits(chars: int) -> bool:
        probe.set_text("\n".join(textwrap.wrap(text, chars)))
        return probe.get_window_extent(renderer).width <= max_px

    # the widest wrap (in steps of 3 characters) that fits: wider wraps make wider lines, so a bisection finds
    # it in a handful of measurements rather than one per step (each a text layout)
    widths = list(range(len(text), 19, -3))
    lo, hi = 0, len(widths) - 1  # widths[hi] is taken when nothing fits
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(widths[mid]):
            hi = mid
        else:
            lo = mid + 1
    probe.remove()
    return textwrap.wrap(text, widths[lo]) if widths else [text]


def money_scale(largest: float, lang: str) -> tuple[float, str]:
    """Divisor and unit label so that axis numbers stay short (e.g. 1e6, "백만 달러").

    Korean axes use 백만 달러 up to 억 (1e8) and 억 달러 beyond; English ones USD million and billion.

    Examples
    --------
    >>> money_scale(2.5e8, "en")
    (1000000.0, 'USD million')
    >>> money_scale(2.5e9, "ko")
    (100000000.0, '억 달러')
    """
    steps = ((1e8, "usd_100m"), (1e6, "usd_million"), (1e3, "usd_thousand")) if lang == "ko" else \
        ((1e9, "usd_billion"), (1e6, "usd_million"), (1e3, "usd_thousand"))
    for div, key in steps:
        if largest >= (10 * div if key == "usd_100m" else div):
            return div, chart_text(key, lang)
    return 1.0, chart_text("usd", lang)


def money_axis(axis, div: float, largest: float) -> None:
    # one number of decimals for the whole axis: 0 when the scaled values reach 10
    decimals = 0 if largest / div >= 10 else 1

    def fmt(x: float, _pos: int) -> str:
        return f"{x / div:,.{decimals}f}"

    axis.set_major_formatter(FuncFormatter(fmt))


def value_label(value: float, div: float) -> str:
    """A bar's label in the axis unit: one decimal below 100, none above; '<0.1' for tiny positive values."""
    x = value / div
    if 0 < x < 0.05:
        return "<0.1"
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


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


def log_money_axis(axis, lang: str) -> None:
    # a log axis spans many orders of magnitude: no single unit keeps every tick readable
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: compact_money(x, lang)))


def product_label(code: str, name: object, lang: str, width: int = 14) -> str:
    """``code`` with its name below; English names only on English charts (Korean ones carry Korean names)."""
    text = str(code)
    if isinstance(name, str) and name.strip() and (lang == "ko") != name.isascii():
        short = name.strip()
        if len(short) > width:
            short = short[: width - 1] + "…"
        text = f"{text}\n{short}"
    return text


def sector_labels(codes: list[str], results: Results, lang: str) -> list[str]:
    names = view.sector_names(results, lang)
    return [names.get(c, c) for c in codes]


def source_note(results: Results, lang: str, extra: str = "") -> str:
    """The footnote of a chart: the input files by role, the unit and period, the tool's version."""
    by_role: dict[str, list[str]] = {}
    for f in results.inputs:
        by_role.setdefault(f.role, []).append(PurePath(f.path).name)
    roles = VOCAB["role"]
    files = "; ".join(f"{roles.get(r, (r, r))[0 if lang == 'ko' else 1]} {', '.join(v)}" for r, v in by_role.items())
    head = chart_text("source", lang, files=files or chart_text("no_files", lang))
    tail = chart_text("tool", lang, version=exposure.__version__)
    return " ".join(p for p in (head, extra, tail) if p)


def horizon_text(results: Results, lang: str) -> str:
    """"over H days" of the run's scenarios (one value, or the range when they differ)."""
    s = results.sectors
    days = sorted({float(h) for h in s["horizon_days"].dropna()}) if "horizon_days" in s.columns and len(s) else \
        [float(results.config.horizon_days)]
    h = f"{days[0]:g}" if len(days) == 1 else f"{days[0]:g}–{days[-1]:g}"
    return chart_text("horizon", lang, days=h)


def metadata(fmt: str) -> dict[str, object]:
    # No timestamps: the same Results give the same files.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}


@contextmanager
def quiet_logger(name: str) -> Iterator[None]:
    """Only errors from logger ``name`` while the block runs (libraries' harmless notices are noise on the
    analyst's terminal)."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def save(fig: Figure, path: Path, fmt: str, dpi: int = DPI) -> Path:
    """Write ``fig`` to ``path`` atomically, without timestamps."""
    # fontTools logs every OpenType table it cannot subset while embedding the font in a PDF
    with atomic_write(path) as tmp, quiet_logger("fontTools.subset"):
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata(fmt))
    return path


def nonzero(values: np.ndarray) -> np.ndarray:
    """Mask of values that would show as a bar (finite and above zero)."""
    return np.isfinite(values) & (values > 0)
