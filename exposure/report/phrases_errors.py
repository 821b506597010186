"""Korean texts of the errors the loaders and the config reader raise in English (the conventions of
:mod:`exposure.report.phrases`: ``{x}`` kept as written, ``{x:t}`` translated again).

A pattern matches the *problem* of a :class:`~exposure.errors.DataError` (the part after the file, row
and column, which :func:`exposure.report.error_text.error_text` frames in Korean), or the text of a
:class:`~exposure.errors.ConfigError` after its source (``run.toml: …``). The families live in three
modules, by where the errors are raised.
"""

from __future__ import annotations

from exposure.report.phrases_errors_config import EXACT as _CONFIG_EXACT, PATTERNS as _CONFIG
from exposure.report.phrases_errors_read import EXACT as _READ_EXACT, PATTERNS as _READ
from exposure.report.phrases_errors_values import EXACT as _VALUES_EXACT, PATTERNS as _VALUES

EXACT: dict[str, str] = {**_READ_EXACT, **_VALUES_EXACT, **_CONFIG_EXACT}

PATTERNS: list[tuple[str, str]] = [
    # prefixes several messages share: the sheet, the mapping, a rule, a member of a zip
    (r"sheet '(?P<s>[^']+)': (?P<rest>.+)", "시트 '{s}': {rest:t}"),
    *_READ, *_VALUES, *_CONFIG,
]
