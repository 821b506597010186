"""Numbers as Korean statistics tables write them.

``1,234`` (thousand separators), ``△1,234`` or ``▽1,234`` (negative, the
Korean convention), ``(1,234)`` (accounting negative), ``-`` or ``–`` alone
(nothing: zero), ``12.5%`` (in a share column only). Anything else in a numeric
column is an error that names the file, row and column. The rules that keep a
number from being read wrong:

- **Separators.** A comma (or a space) separates thousands only in groups of three
  digits: ``7,400`` and ``1,234,567.5`` are numbers, ``7400,5`` and ``2,1`` are errors
  (read with the comma ignored they would be 74,005 and 21). A file that writes the
  decimal comma throughout (``1.234,5``; a European CSV separated by ``;``) is read
  that way instead: :func:`detect_decimal_comma` decides once per file, and the
  loader states it in the LoadReport.
- **Missing values.** A blank cell is missing (no value). Text that stands for a
  missing or impossible number — ``NaN``, ``nan``, ``#N/A``, ``#DIV/0!``, ``inf``,
  ``1e999`` — is an error where a number is expected: it is not an amount, and
  reading it as blank would drop the row with the wrong reason.
- **Other currencies.** A cell with a currency mark other than ``$`` (``₩``, ``¥``,
  ``€``) is an error: the column's unit is stated once, in the header or title.
- **Percentages.** ``12%`` is read as 12 only where the caller reads a share
  (``percent=True``); in an amount, a quantity or a count it is an error, never 12
  thousand dollars.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError

_NEGATIVE_MARKS = ("△", "▽", "▼")
_ZERO_DASHES = {"-", "–", "—", "−"}
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u3000]")
_DROP = re.compile(r"(?:US\$|\$|%)", re.IGNORECASE)
_OTHER_CURRENCY = re.compile(r"[₩¥€£￦￥]")
_PAREN = re.compile(r"^\((.*)\)$")
#: a number with the decimal point: thousands (if any) in groups of three, the first group not 0 (0,730 is a
#: decimal comma, never 730); a point may end the digits (5. and 5.e3, as Python, Excel and Arrow read them)
_POINT = re.compile(r"^[+-]?(?:(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
#: a number with the decimal comma: thousands (if any) as dots in groups of three, the first group not 0
_COMMA = re.compile(r"^[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)?(?:,\d+)?$")
#: spellings that only the decimal comma explains (1.234,5 / 1.234.567) and only the point explains: 1,234.5,
#: 1,234,567, and a point that cannot be a thousands dot (7.4, 0.730, 183542200.3, 12.3456)
_ONLY_COMMA = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$|^[+-]?\d{1,3}(?:\.\d{3}){2,}$")
_ONLY_POINT = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+\.\d+$|^[+-]?\d{1,3}(?:,\d{3}){2,}$"
                         r"|^[+-]?\d+\.(?:\d{1,2}|\d{4,})$|^[+-]?0\.\d+$|^[+-]?\d{4,}\.\d+$")
_HAS_DIGIT = re.compile(r"\d")
_SIMPLE = r"[0-9]+(?:\.[0-9]+)?"


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty: None, NaN or only whitespace."""
    text = values.astype("object")
    missing = text.isna()
    stripped = text.where(missing, text.astype(str).str.strip())
    return missing | (stripped == "")


def _clean_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (numeric text, sign) for text cells: signs, brackets, $, % and spaces taken off."""
    t = text.str.strip()
    negative = pd.Series(False, index=t.index)
    for mark in _NEGATIVE_MARKS:
        has = t.str.startswith(mark)
        negative = negative | has
        t = t.where(~has, t.str[len(mark):])
    paren = pd.Series(t.str.fullmatch(_PAREN.pattern).to_numpy(dtype=bool, na_value=False), index=t.index)
    negative = negative | paren
    t = t.where(~paren, t.str[1:-1])
    t = t.str.replace(_DROP, "", regex=True).str.strip()
    t = t.str.replace(r"^([+-])\s+", r"\1", regex=True)  # "- 1,234": the sign's space is no separator
    t = t.where(~t.isin(_ZERO_DASHES), "0")
    sign = pd.Series(np.where(negative, -1.0, 1.0), index=t.index)
    return t, sign


def _with_groups(t: pd.Series, decimal: str) -> pd.Series:
    """Spaces inside a number are thousands separators: written as the mode's separator, so the
    three-digit rule applies to them too (``1 234`` is a number, ``12 34`` is not)."""
    sep = "," if decimal == "." else "."
    return t.str.replace(_SPACES, sep, regex=True)


def _why(raw: str, decimal: str) -> str:
    """The part of the message that says why a cell is not a number."""
    text = raw.strip()
    if _OTHER_CURRENCY.search(text):
        return (" (a currency mark: amounts are written as plain numbers, their currency and unit stated once in "
                "the header or title)")
    low = text.lower()
    if low in ("nan", "na", "n/a", "#n/a", "null", "none") or low.startswith("#"):
        return " (a blank cell is a missing value; text such as NaN or #N/A is not a number)"
    if "inf" in low:
        return " (not a finite number)"
    if _HAS_DIGIT.search(text) and re.search(r"[A-Za-z가-힣]{2,}", text):
        return " (a word beside the number: write the unit once in the header or title and the cells as plain numbers)"
    if decimal == "." and "," in text and _HAS_DIGIT.search(text):
        return (": a comma separates thousands only in groups of three digits (7,400 or 1,234,567.5); a decimal "
                "comma (7400,5) is read only in a file that writes it throughout (1.234,5, or a ';'-separated CSV)")
    if decimal == "," and _HAS_DIGIT.search(text):
        return ": this file writes the decimal comma (1.234,5), so thousands are dots in groups of three digits"
    return ""


def parse_numbers(
    values: pd.Series,
    source: str | Path = "",
    column: str | None = None,
    rows: Sequence[int] | np.ndarray | None = None,
    decimal: str = ".",
    percent: bool = False,
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
    decimal : {".", ","}
        The file's decimal mark (see :func:`detect_decimal_comma`).
    percent : bool
        The column holds shares: ``12.5%`` is read as 12.5 (the caller scales it). Elsewhere a
        cell with ``%`` is an error.

    Returns
    -------
    pandas.Series
        float64, same index as ``values``; every value finite or NaN (blank).

    Raises
    ------
    DataError
        At the first cell that is not a finite number, e.g.
        ``imports.csv: row 7, column '수입 금액': expected a number, got 'abc'``.

    Examples
    --------
    >>> parse_numbers(pd.Series(["1,234", "△56", "(7)", "-", None, 3])).tolist()
    [1234.0, -56.0, -7.0, 0.0, nan, 3.0]
    >>> parse_numbers(pd.Series(["1.234,5", "7,25"]), decimal=",").tolist()
    [1234.5, 7.25]
    """
    plain = _plain_numbers(values, source, column, rows)
    if plain is not None:
        return plain
    obj = values.astype("object")
    blank = is_blank(obj).to_numpy()
    out = pd.Series(np.nan, index=obj.index, dtype="float64")
    numeric = np.array([_is_number(v) for v in obj.tolist()], dtype=bool) & ~blank
    if numeric.any():
        out[numeric] = np.asarray(obj[numeric].tolist(), dtype="float64")
    is_text = ~blank & ~numeric
    if is_text.any():
        # full-width digits and marks (７，４００ , －, ％ as a Korean IME in full-width mode types them) as ASCII
        text = obj[is_text].astype(str).map(lambda t: t if t.isascii() else unicodedata.normalize("NFKC", t))
        if not percent:
            pct = text.str.contains("%", regex=False).to_numpy(dtype=bool)
            if pct.any():
                pos = np.flatnonzero(is_text)[np.flatnonzero(pct)[0]]
                raise DataError(source, f"expected a number, got '{obj.iloc[pos]}' (a percentage where an amount "
                                        "or a count is expected)",
                                row=int(rows[pos]) if rows is not None else None, column=column)
        if decimal == ".":  # digits with at most one point need no cleaning (most cells of a CSV): read at once
            simple = text.str.fullmatch(_SIMPLE).to_numpy(dtype=bool, na_value=False)
            if simple.any():
                at = np.flatnonzero(is_text)[simple]
                out.iloc[at] = text[simple].astype("float64").to_numpy()
                is_text = is_text.copy()
                is_text[at] = False
                text = text[~simple]
    if is_text.any():
        cleaned, sign = _clean_text(text)
        cleaned = _with_groups(cleaned, decimal)
        pattern = _POINT if decimal == "." else _COMMA
        ok = (cleaned.str.fullmatch(pattern.pattern).to_numpy(dtype=bool, na_value=False)
              & cleaned.str.contains(r"\d", regex=True).to_numpy(dtype=bool, na_value=False))
        if not ok.all():
            _fail(obj, is_text, ~ok, source, column, rows, decimal)
        if decimal == ".":
            plain_text = cleaned.str.replace(",", "", regex=False)
        else:
            plain_text = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        out[is_text] = plain_text.astype("float64").to_numpy() * sign.to_numpy()
    _refuse_non_finite(out, obj, source, column, rows)
    return out


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def _fail(obj: pd.Series, is_text: np.ndarray, bad: np.ndarray, source: str | Path, column: str | None,
          rows: Sequence[int] | np.ndarray | None, decimal: str) -> None:
    pos = np.flatnonzero(is_text)[np.flatnonzero(bad)[0]]
    row = int(rows[pos]) if rows is not None else None
    raw = str(obj.iloc[pos])
    n_bad = int(bad.sum())
    more = f" ({n_bad} such cells)" if n_bad > 1 else ""
    raise DataError(source, f"expected a number, got '{raw}'{more}{_why(raw, decimal)}", row=row, column=column)


def _refuse_non_finite(out: pd.Series, obj: pd.Series, source: str | Path, column: str | None,
                       rows: Sequence[int] | np.ndarray | None) -> None:
    """inf, -inf (a float cell, or text such as 1e999 that overflows): never a value."""
    values = out.to_numpy()
    bad = np.isinf(values)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        row = int(rows[pos]) if rows is not None else None
        raise DataError(source, f"expected a finite number, got '{obj.iloc[pos]}' (infinite or too large to be an "
                                "amount)", row=row, column=column)


_PLAIN_TYPES = (int, float, np.int64, np.float64, type(None))


def _plain_numbers(values: pd.Series, source: str | Path = "", column: str | None = None,
                   rows: Sequence[int] | np.ndarray | None = None) -> pd.Series | None:
    """Float64 of a column that holds only numbers and empty cells (as spreadsheets store them), else None.

    Such columns need none of the text cleaning; converting them directly is several
    times faster on the wide numeric blocks of input-output tables. NaN is an empty
    cell (how pandas stores one); infinity is refused.
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
    _refuse_non_finite(out, values.astype("object"), source, column, rows)
    return out


def detect_decimal_comma(columns: Sequence[pd.Series], delimiter: str | None = None, source: str | Path = "",
                         names: Sequence[str] | None = None, rows: Sequence[int] | np.ndarray | None = None
                         ) -> tuple[bool, str]:
    """Does a file write the decimal comma (``1.234,5``)? Decided once per file from its number columns.

    The decimal comma is taken when the file's text numbers include one that only the
    decimal comma explains (``1.234,5`` or ``1.234.567``), or the CSV is separated by
    ``;`` (the European convention), and no number is one that only the decimal point
    explains (``1,234.5``, ``1,234,567``). A lone ``7400,5`` is not enough: in a
    file that uses the decimal point it is an error.

    Parameters
    ----------
    columns : sequence of Series
        The cells of the file's number columns (aligned with ``rows``).
    delimiter : str, optional
        The CSV's field delimiter.
    source, names, rows : optional
        File, column names and file rows, for the message.

    Returns
    -------
    (bool, str)
        Whether the decimal comma is used, and why (for the LoadReport; ``""`` if not).

    Raises
    ------
    DataError
        When the file writes numbers both ways (``1.234,5`` and ``1,234.5``).
    """
    comma_only: str | None = None
    point_only: str | None = None
    for k, col in enumerate(columns):
        text = col[col.map(lambda v: isinstance(v, str))].astype(str)
        if text.empty:
            continue
        cleaned = _clean_text(text)[0]
        for pattern, found in ((_ONLY_COMMA, comma_only), (_ONLY_POINT, point_only)):
            if found is not None:
                continue
            hit = cleaned[cleaned.str.fullmatch(pattern.pattern)]
            if len(hit):
                pos = col.index.get_loc(hit.index[0])
                where = ", ".join(part for part in (
                    f"row {int(rows[pos])}" if rows is not None else "",
                    f"column '{names[k]}'" if names is not None else "") if part)
                shown = f"'{text[hit.index[0]]}'" + (f" in {where}" if where else "")
                if pattern is _ONLY_COMMA:
                    comma_only = shown
                else:
                    point_only = shown
    if comma_only is not None and point_only is not None:
        raise DataError(source, f"numbers are written with the decimal comma ({comma_only}) and with the decimal "
                                f"point ({point_only}): expected one convention for the whole file")
    if point_only is not None:
        return False, ""
    if comma_only is not None:
        return True, f"numbers use the decimal comma (e.g. {comma_only}): read as 1.234,5 = 1234.5"
    if delimiter == ";":
        return True, "a ';'-separated CSV: numbers read with the decimal comma (1.234,5 = 1234.5)"
    return False, ""


def refuse_fractions_as_percent(share: pd.Series, cells: pd.Series, keep: np.ndarray, source: str | Path, column: str,
                                rows: Sequence[int] | np.ndarray) -> None:
    """A column headed % whose every value is at most 1 holds fractions (0.563 for 56.3 %), not percentages.

    Read as percent, every SME share would be a hundredth of what the file means, so the file is refused
    rather than guessed. ``share`` is the column as written (before dividing by 100), ``keep`` the data rows.

    Examples
    --------
    >>> refuse_fractions_as_percent(pd.Series([56.3, 0.5]), pd.Series(["56.3", "0.5"]), np.array([True, True]),
    ...                             "p.csv", "중소기업 비중(%)", [2, 3])  # one small share beside others: kept
    """
    values = share.to_numpy(dtype="float64")[keep]
    values = values[np.isfinite(values)]
    if not len(values) or values.max() > 1 or values.max() <= 0:
        return
    pos = int(np.flatnonzero(keep & np.isfinite(share.to_numpy(dtype="float64")))[0])
    raise DataError(source, f"every value of '{column}' is at most 1 (e.g. '{cells.iloc[pos]}'), but the header says "
                            "percent: expected percentages (56.3 for 56.3 %), or a header without % for shares 0–1 "
                            "(otherwise every SME share would be read a hundred times too small)",
                    row=int(rows[pos]), column=column)
