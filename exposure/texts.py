"""Texts a reader sees, in Korean or English: the language check and machine codes turned into text.

Every module that writes reasons, notes or flags keeps a table ``{code: {"ko": …, "en": …}}``
of its own; :func:`explain_codes` reads any such table, so codes stay machine-readable in the
tables and become words only where a person reads them.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from exposure.errors import ConfigError

LANGS = ("ko", "en")


def check_lang(lang: str | None) -> str | None:
    """``lang`` when it is "ko" or "en" (or None: no language asked for), else a ConfigError naming the choices.

    >>> check_lang("ko")
    'ko'
    """
    if lang is not None and lang not in LANGS:
        raise ConfigError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def explain_codes(reason: str | pd.Series, texts: Mapping[str, Mapping[str, str]], lang: str = "ko",
                  sep: str = ";") -> str | pd.Series:
    """The text of ``sep``-joined codes in ``lang``, joined by ``"; "``; codes the table lacks are kept as they are.

    >>> explain_codes("a;b", {"a": {"ko": "가", "en": "A"}}, "en")
    'A; b'
    """
    check_lang(lang)
    if isinstance(reason, pd.Series):
        return reason.fillna("").astype(str).map(lambda r: explain_codes(r, texts, lang, sep)).astype(object)
    return "; ".join(texts.get(c.strip(), {}).get(lang, c.strip()) for c in str(reason).split(sep) if c.strip())
