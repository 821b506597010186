"""Fonts with Hangul glyphs: the bundled NanumGothic for charts and the PDF brief, Malgun Gothic for the workbook.

Charts and the brief are drawn by matplotlib with the NanumGothic font shipped inside the
``koreanize-matplotlib`` package, so Korean renders on a fresh install (no system font
needed); without that package they fall back to DejaVu Sans and English labels, with a
:class:`FontFallbackWarning`, instead of drawing empty boxes.

A workbook cannot carry a font: it names one. It names 맑은 고딕 (Malgun Gothic), the Korean
Windows default that Excel uses for Hangul; where that font is missing (macOS, Linux) the
spreadsheet program substitutes a font with Hangul glyphs when one is installed (e.g. Noto Sans
CJK KR or NanumGothic).
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FALLBACK_FAMILY = "DejaVu Sans"
#: the font the workbook names, by language (the same font: Korean Excel lists it under its Korean name)
WORKBOOK_FONT = {"ko": "맑은 고딕", "en": "Malgun Gothic"}
WORKBOOK_FONT_SIZE = 10


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


def draw_lang(lang: str) -> str:
    """The language a figure can actually draw: English when no Korean font is available."""
    from exposure.report.labels import check_lang

    check_lang(lang)
    return "en" if setup_fonts() is None else lang
