"""Numbers as Korean statistics tables write them.

``1,234`` (thousand separators), ``△1,234`` or ``▽1,234`` (negative, the
Korean convention), ``(1,234)`` (accounting negative), ``-`` or ``–`` alone
(nothing: zero), ``12.5%``. Anything else in a numeric column is an error
that names the file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError

_NEGATIVE_MARKS = ("△", "▽", "▼")
_ZERO_DASHES = {"-", "–", "—", "−"}
_STRIP = re.compile(r"[,\s\u00a0\u3000%$₩]")
_PAREN = re.compile(r"^\((.*)\)$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty: None, NaN or only whitespace."""
    text = values.astype("object")
    missing = text.isna()
    stripped = text.where(missing, text.astype(str).str.strip())
    return missing | (stripped == "")


def _clean_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (numeric text, sign) for text cells."""
    t = text.str.strip()
    negative = pd.Series(False, index=t.index)
    for mark in _NEGATIVE_MARKS:
        has = t.str.startswith(mark)
        negative = negative | has
        t = t.where(~has, t.str[len(mark):])
    paren = pd.Series(t.str.fullmatch(_PAREN.pattern).to_numpy(dtype=bool, na_value=False), index=t.index)
    negative = negative | paren
    t = t.where(~paren, t.str[1:-1])
    t = t.str.replace(_STRIP, "", regex=True)
    t = t.where(~t.isin(_ZERO_DASHES), "0")
    sign = pd.Series(np.where(negative, -1.0, 1.0), index=t.index)
    return t, sign


def parse_numbers(
    values: pd.Series,
    source: str | Path = "",
    column: str | None = None,
    rows: Sequence[int] | np.ndarray | None = None,
) -> pd.Series:
    """Parse a column of cells into float64; blanks become NaN.

    Parameters
    ----------
    values : pandas.Series
        Cells as read: numbers, text such as ``"1,234"`` / ``"△12.5"``, or blanks.
    source, column : str, optional
        File and column name for the error message.
    rows : sequence of int, optional
        File row numbers aligned with ``values``.

    Returns
    -------
    pandas.Series
        float64, same index as ``values``.

    Raises
    ------
    DataError
        At the first cell that is not a number, e.g.
        ``imports.csv: row 7, column '수입 금액': expected a number, got 'abc'``.

    Examples
    --------
    >>> parse_numbers(pd.Series(["1,234", "△56", "(7)", "-", None, 3])).tolist()
    [1234.0, -56.0, -7.0, 0.0, nan, 3.0]
    """
    plain = _plain_numbers(values)
    if plain is not None:
        return plain
    obj = values.astype("object")
    blank = is_blank(obj).to_numpy()
    # plain numbers and plain numeric text in one vectorised pass; the rest goes through the cleaner
    out = pd.to_numeric(obj.where(~blank, np.nan), errors="coerce").astype("float64")
    out = out.where(np.isfinite(out), np.nan)
    is_text = ~blank & out.isna().to_numpy()
    if is_text.any():
        text = obj[is_text].astype(str)
        cleaned, sign = _clean_text(text)
        ok = cleaned.str.fullmatch(_NUMBER.pattern).to_numpy(dtype=bool, na_value=False)
        if not ok.all():
            pos = np.flatnonzero(is_text)[np.flatnonzero(~ok)[0]]
            row = int(rows[pos]) if rows is not None else None
            raw = str(obj.iloc[pos])
            n_bad = int((~ok).sum())
            more = f" ({n_bad} such cells)" if n_bad > 1 else ""
            raise DataError(source, f"expected a number, got '{raw}'{more}", row=row, column=column)
        out[is_text] = cleaned.astype("float64").to_numpy() * sign.to_numpy()
    return out


_PLAIN_TYPES = (int, float, np.int64, np.float64, type(None))


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """Float64 of a column that holds only numbers and empty cells (as spreadsheets store them), else None.

    Such columns need none of the text cleaning; converting them directly is several
    times faster on the wide numeric blocks of input-output tables.
    """
    if values.dtype.kind == "f":
        out = values.astype("float64")
    elif values.dtype == object:
        items = values.tolist()
        if not all(type(v) in _PLAIN_TYPES for v in items):
            return None
        out = pd.Series(np.array([np.nan if v is None else v for v in items], dtype="float64"),
                        index=values.index)
    else:
        return None
    return out.where(np.isfinite(out.to_numpy()), np.nan)
