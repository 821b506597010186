"""Product codes as strings with their leading zeros (HS2/4/6, HSK10, MTI1–6).

Spreadsheets and CSV exports routinely turn codes into numbers: HS 010619
becomes ``10619`` or ``10619.0``, HSK 0101210000 becomes ``101210000``. The
length of each code system is fixed, so the lost zeros can be put back; codes
that cannot be repaired (letters, too many digits, nothing at all) are
rejected with the row they came from.

The work is done once per distinct value (``pd.factorize``) and mapped back,
so millions of rows with a few thousand distinct codes cost little more than
the factorisation itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from exposure.errors import DataError

#: Number of digits of each code system.
CODE_LENGTHS: dict[str, int] = {
    "HS2": 2,
    "HS4": 4,
    "HS6": 6,
    "HSK10": 10,
    "MTI1": 1,
    "MTI2": 2,
    "MTI3": 3,
    "MTI4": 4,
    "MTI5": 5,
    "MTI6": 6,
}

# Comtrade's classification codes name the HS revision without the level.
_COMTRADE_REVISIONS = {"H0": "1992", "H1": "1996", "H2": "2002", "H3": "2007", "H4": "2012", "H5": "2017", "H6": "2022"}
_ALIASES = {"HSK": "HSK10", "HS10": "HSK10"}
_LABEL = re.compile(r"^\s*([A-Za-z]+\d*)\s*(?:[-_ /]?\s*(\d{2}|\d{4}))?\s*$")
_FLOAT_TEXT = re.compile(r"^\d+\.0$")
_SCIENTIFIC = re.compile(r"^[0-9.]+[eE][+-]?\d+$")
_SEPARATORS = re.compile(r"[\s.\-]")
# Excel keeps a code's leading zeros when it is written as a formula ="0101210000" or with a leading apostrophe
_EXCEL_TEXT = re.compile(r'^=\s*"(.*)"$|^\'(.+)$', re.DOTALL)


def code_text(value: object) -> object:
    """A code cell's text in plain ASCII, the way the code was meant; anything but text unchanged.

    Full-width digits and separators (what a Korean IME in full-width mode types) become
    ASCII (Unicode NFKC), and Excel's text-forcing forms ``="2811111000"`` and
    ``'2811111000`` give the code inside.

    Examples
    --------
    >>> code_text("２８１１．１１"), code_text('="0101210000"'), code_text("'0101210000"), code_text(10619)
    ('2811.11', '0101210000', '0101210000', 10619)
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    match = _EXCEL_TEXT.match(text)
    if match is not None:
        text = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
    return text


def code_texts(values: pd.Series) -> pd.Series:
    """:func:`code_text` of every cell (worked out once per distinct value; missing cells None), same index."""
    ids, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
    done = np.array([code_text(v) for v in uniques] + [None], dtype=object)
    return pd.Series(done[ids], index=values.index, name=values.name, dtype=object)


def code_system_parts(label: str) -> tuple[str, str | None]:
    """Split a code-system label into level and HS revision.

    Parameters
    ----------
    label : str
        ``"HS6-2017"``, ``"HS6_17"``, ``"hs6"``, ``"HSK10"``, ``"MTI3"`` or a
        Comtrade classification code (``"H5"`` = HS2017 at HS6).

    Returns
    -------
    tuple of (str, str or None)
        The system (a key of :data:`CODE_LENGTHS`) and the four-digit
        revision year, or None when the label names none.

    Raises
    ------
    ValueError
        If the label names no known code system.

    Examples
    --------
    >>> code_system_parts("HS6-2017")
    ('HS6', '2017')
    >>> code_system_parts("HSK10")
    ('HSK10', None)
    >>> code_system_parts("H4")
    ('HS6', '2012')
    """
    text = str(label).strip().upper()
    if text in _COMTRADE_REVISIONS:
        return "HS6", _COMTRADE_REVISIONS[text]
    match = _LABEL.match(text)
    if match is None:
        raise ValueError(f"unknown code system {label!r}; expected one of {', '.join(CODE_LENGTHS)}")
    system, revision = match.group(1), match.group(2)
    system = _ALIASES.get(system, system)
    if system not in CODE_LENGTHS:
        raise ValueError(f"unknown code system {label!r}; expected one of {', '.join(CODE_LENGTHS)}")
    if revision is not None and len(revision) == 2:
        revision = ("19" if int(revision) > 50 else "20") + revision
    return system, revision


def code_length(system: str) -> int:
    """Number of digits of a code system (``"HS6-2017"`` → 6)."""
    return CODE_LENGTHS[code_system_parts(system)[0]]


def _family(system: str) -> str:
    if system.startswith("HSK"):
        return "HSK"
    return "HS" if system.startswith("HS") else "MTI"


def _clean_unique(values: pd.Series, length: int) -> tuple[pd.Series, pd.Series]:
    """Normalise distinct raw values; return (codes, reason) with reason '' when fine."""
    text = code_texts(values).where(values.notna(), "").astype(str).str.strip()
    text = text.where(~text.str.fullmatch(_FLOAT_TEXT), text.str[:-2])
    scientific = text.str.fullmatch(_SCIENTIFIC)
    digits = text.str.replace(_SEPARATORS, "", regex=True)
    n = digits.str.len()
    reason = pd.Series("", index=values.index, dtype=object)
    # ASCII digits only: a regex \d takes any script's digits, which would pass through to match no code
    reason = reason.mask(~digits.str.fullmatch(r"[0-9]*"), "not a number")
    reason = reason.mask(scientific, "scientific notation has lost digits; store the column as text")
    reason = reason.mask((reason == "") & (n > length), f"more than {length} digits")
    reason = reason.mask((reason == "") & (n == 0), "empty")
    padded = digits.str.zfill(length)
    # Restoring zeros may not invent a chapter "00": no HS chapter or MTI group starts so.
    if length >= 2:
        reason = reason.mask((reason == "") & (n == length) & (padded.str[:2] == "00"),
                             "no code starts with 00: no HS chapter or MTI group is 00")
        reason = reason.mask((reason == "") & (padded.str[:2] == "00"), "too few digits to be a code")
    return padded.where(reason == "", ""), reason


def normalize_codes(
    codes: Sequence[object] | pd.Series | np.ndarray,
    system: str,
    source: str = "",
    column: str | None = None,
    rows: Sequence[int] | np.ndarray | None = None,
) -> pd.Series:
    """Return codes as fixed-length digit strings, restoring lost leading zeros.

    Parameters
    ----------
    codes : sequence, ndarray or Series
        Raw codes: strings (``"2811.11"``, ``" 281111 "``), integers
        (``10619``) or floats/float text (``10619.0``, ``"10619.0"``).
        Spaces, dots and hyphens are removed; full-width digits and Excel's
        text forms (``="010619"``, ``'010619``) are read as the code (:func:`code_text`).
    system : str
        Code system: ``HS2``, ``HS4``, ``HS6``, ``HSK10``, ``MTI1`` … ``MTI6``,
        or a label with a revision such as ``"HS6-2017"``.
    source : str, optional
        File name for error messages.
    column : str, optional
        Column name for error messages.
    rows : sequence of int, optional
        Line numbers in the source file aligned with ``codes``; the error
        names the line of the first bad code.

    Returns
    -------
    pandas.Series
        String codes of exactly the system's length; the index of ``codes``
        when it is a Series, else a RangeIndex.

    Raises
    ------
    DataError
        If any code is empty, not a number, longer than the system allows,
        or too short to be restored (a code that would start with ``00``).

    Examples
    --------
    >>> normalize_codes([10619, "2811.11", "10619.0"], "HS6").tolist()
    ['010619', '281111', '010619']
    >>> normalize_codes(["101210000"], "HSK10").tolist()
    ['0101210000']
    """
    sys_name = code_system_parts(system)[0]
    length = CODE_LENGTHS[sys_name]
    series = codes if isinstance(codes, pd.Series) else pd.Series(np.asarray(codes, dtype=object))
    if len(series) == 0:
        return pd.Series([], index=series.index, dtype=object, name=series.name).astype(str)
    ids, uniques = pd.factorize(series, use_na_sentinel=True)
    uniq = pd.Series(np.asarray(uniques, dtype=object))
    has_na = bool((ids < 0).any())
    if has_na:  # NaN gets its own slot at the end so it is reported like any other bad value
        uniq = pd.concat([uniq, pd.Series([None], dtype=object)], ignore_index=True)
        ids = np.where(ids < 0, len(uniq) - 1, ids)
    clean, reason = _clean_unique(uniq, length)
    bad = reason.to_numpy() != ""
    if bad.any():
        _raise_first_bad(uniq, ids, bad, reason, sys_name, length, source, column, rows)
    out = clean.to_numpy(dtype=object)[ids]
    return pd.Series(out, index=series.index, name=series.name, dtype=object).astype(str)


def _raise_first_bad(uniq, ids, bad, reason, system, length, source, column, rows) -> None:
    bad_rows = np.flatnonzero(bad[ids])
    first = int(bad_rows[0])
    raw = uniq.iloc[ids[first]]
    shown = "" if raw is None or (isinstance(raw, float) and np.isnan(raw)) else str(raw)
    label = {"HS": "HS", "HSK": "HSK", "MTI": "MTI"}[_family(system)]
    problem = f"expected a {length}-digit {label} code, got '{shown}' ({reason.iloc[ids[first]]})"
    if len(bad_rows) > 1:
        problem += f"; {len(bad_rows)} bad codes in all"
    row = int(rows[first]) if rows is not None else None
    if rows is None:
        problem += f" [item {first + 1} of the input]"
    raise DataError(source, problem, row=row, column=column)


def roll_up(codes: Sequence[str] | pd.Series, to: str, from_system: str | None = None) -> pd.Series:
    """Cut codes to a coarser level of the same hierarchy (HSK10 → HS6 → HS4 → HS2, MTI6 → MTI3 …).

    Parameters
    ----------
    codes : sequence or Series of str
        Normalised codes (see :func:`normalize_codes`), at least as long as
        the target level.
    to : str
        Target system, e.g. ``"HS6"``, ``"HS4"``, ``"HS2"``, ``"MTI3"``.
    from_system : str, optional
        When given, ``codes`` are first normalised as this system (so raw
        numbers like ``2811111000`` or ``101210000`` work too).

    Returns
    -------
    pandas.Series
        The leading digits of each code, same index as ``codes``.

    Raises
    ------
    DataError
        If a code is shorter than the target level or not all digits.

    Examples
    --------
    >>> roll_up(["2811111000", "3707901010"], "HS6").tolist()
    ['281111', '370790']
    >>> roll_up(["281111"], "HS2").tolist()
    ['28']
    """
    target = code_system_parts(to)[0]
    length = CODE_LENGTHS[target]
    series = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    if from_system is not None:
        series = normalize_codes(series, from_system)
    text = series.astype(str)
    ids, uniques = pd.factorize(text)
    uniq = pd.Series(np.asarray(uniques, dtype=object)).astype(str)
    ok = uniq.str.fullmatch(r"\d+") & (uniq.str.len() >= length)
    if not ok.all():
        first = int(np.flatnonzero(~ok.to_numpy()[ids])[0])
        raise DataError("", f"cannot roll '{text.iloc[first]}' up to {target}: expected a normalised code "
                            f"of at least {length} digits [item {first + 1} of the input]")
    out = uniq.str[:length].to_numpy(dtype=object)[ids]
    return pd.Series(out, index=series.index, name=series.name, dtype=object).astype(str)
