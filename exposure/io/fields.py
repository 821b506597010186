"""Parsing the non-money cells of a table: periods, months, ranks, codes inside labels.

Each parser is vectorised over a column and raises a :class:`DataError` that
names the file, the first bad row and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.normalize import code_texts
from exposure.errors import DataError
from exposure.io.numbers import is_blank

_PERIOD = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:년)?\s*(?:[.\-/]?\s*(\d{1,2})\s*(?:월)?)?\s*$")
_YYYYMM = re.compile(r"^\s*((?:19|20)\d{2})(0[1-9]|1[0-2])\s*$")
_MONTH = re.compile(r"^\s*(\d{1,2})\s*(?:월|m)?\s*$", re.IGNORECASE)
_MONTH_NAMES = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
#: a code in brackets at the start of a label: "[2811111000] 반도체 제조용", "(8542) 집적회로"
BRACKETED = r"^\s*[\[(]\s*([0-9][0-9.\-]*)\s*[\])]\s*(.*)$"


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text: integral floats lose their '.0', blanks become ''."""

    def one(v: object) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return " ".join(str(v).split())

    # work on distinct values: a column of 35,000 cells has a few hundred
    ids, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
    done = np.array([one(v) for v in uniques] + [""], dtype=object)
    return pd.Series(done[ids], index=values.index, dtype=object)


def _fail(source: str | Path, values: pd.Series, bad: np.ndarray, rows: Sequence[int], column: str | None,
          expected: str) -> None:
    pos = int(np.flatnonzero(bad)[0])
    raw = values.iloc[pos]
    got = "an empty cell" if raw is None or (isinstance(raw, float) and raw != raw) or not str(raw).strip() \
        else f"'{raw}'"  # never Python's None or nan in a message
    raise DataError(source, f"expected {expected}, got {got}", row=int(rows[pos]), column=column)


def parse_period(values: pd.Series, source: str | Path, column: str | None, rows: Sequence[int]
                 ) -> tuple[pd.Series, pd.Series]:
    """Year and month (0 when not given) from cells like ``2019``, ``2019년``, ``2019.07``, ``201907``, dates.

    Raises
    ------
    DataError
        At the first cell that holds no year, or a month written as 0 (``2019.00``, ``201900``): an annual
        row is one whose period is a year alone.

    Examples
    --------
    >>> y, m = parse_period(pd.Series(["2019", "2019.07", "2018년 3월", 201902]), "f", "기간", [2, 3, 4, 5])
    >>> y.tolist(), m.tolist()
    ([2019, 2019, 2018, 2019], [0, 7, 3, 2])
    """
    obj = values.astype("object")
    is_date = obj.map(lambda v: isinstance(v, (dt.date, dt.datetime, pd.Timestamp))).to_numpy(dtype=bool)
    text = as_text(obj)
    ym = text.str.extract(_YYYYMM)
    plain = text.str.extract(_PERIOD)
    def first_of(a: pd.Series, b: pd.Series) -> pd.Series:  # no fillna on object: pandas 2.2 warns
        return pd.Series(np.where(a.notna().to_numpy(), a.to_numpy(dtype=object), b.to_numpy(dtype=object)),
                         index=a.index, dtype=object)

    year = pd.to_numeric(first_of(ym[0], plain[0]), errors="coerce").astype("float64")
    month = pd.to_numeric(first_of(ym[1], plain[1]), errors="coerce").astype("float64")
    _numeric_tenths(obj, text, month, source, column, rows)
    _text_tenths(obj, text, month, source, column, rows)
    if is_date.any():
        dates = pd.to_datetime(obj[is_date])
        year[is_date] = dates.dt.year.to_numpy()
        month[is_date] = dates.dt.month.to_numpy()
    bad = year.isna().to_numpy() | (month.fillna(1) > 12).to_numpy() | (month.fillna(1) < 0).to_numpy()
    if bad.any():
        _fail(source, obj, bad, rows, column, "a year such as 2019, 2019년 or 2019.07")
    # month 0 is the code of an annual row, and an annual row is one whose period is a year alone: a month
    # written as 0 (2019.00, 201900, 2019-0, 2019년 0월) is a typo or a broken export, not a year. Taken as
    # annual it would stand for the whole year and push the partner's monthly rows out of the sum. Only
    # "2019.0" stays a year: it is how a number cell holding 2019 is written out by float-minded tools.
    zero = (month == 0).to_numpy() & ~text.str.fullmatch(r"\s*(?:19|20)\d{2}\.0\s*").to_numpy(dtype=bool)
    if zero.any():
        _fail(source, obj, zero, rows, column,
              "a month 1–12 in the period (an annual row has the year alone, such as 2019)")
    return year.astype("int64"), month.fillna(0).astype("int64")


def _numeric_tenths(obj: pd.Series, text: pd.Series, month: pd.Series, source: str | Path, column: str | None,
                    rows: Sequence[int]) -> None:
    """Periods stored as numbers with one decimal, in place: a spreadsheet keeps 2019.10 (October) as 2019.1.

    In a column whose numeric periods write two-digit months (2019.01, 2019.12), 2019.1 is October. Where
    months have one digit (2019.2 for February), 2019.1 is January or October alike: refused.
    """
    num = obj.map(lambda v: isinstance(v, (float, np.floating)) and not float(v).is_integer()).to_numpy(dtype=bool)
    if not num.any():
        return
    frac = text[num].str.extract(r"^\d{4}\.(\d+)$")[0].fillna("")
    tenth = (frac == "1").to_numpy()
    if not tenth.any():
        return
    two_digit = (frac.str.len() == 2).any()
    one_digit = ((frac.str.len() == 1) & (frac != "1")).any()
    if two_digit and not one_digit:
        month[np.flatnonzero(num)[tenth]] = 10.0
        return
    pos = int(np.flatnonzero(num)[np.flatnonzero(tenth)[0]])
    raise DataError(source, f"expected a period written as text or a date, got the number {obj.iloc[pos]}: a "
                            "spreadsheet stores 2019.10 (October) and 2019.1 (January) as the same number; format "
                            "the column as text (2019.01, 2019.10) or as dates", row=int(rows[pos]), column=column)


def _text_tenths(obj: pd.Series, text: pd.Series, month: pd.Series, source: str | Path, column: str | None,
                 rows: Sequence[int]) -> None:
    """Text periods, in place: "2019.1" beside "2019.01"–"2019.09" is October whose zero a spreadsheet dropped
    (a number cell written out to CSV); beside both "2019.01" and "2019.10" the column is contradictory."""
    is_text = obj.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if not is_text.any():
        return
    frac = text[is_text].str.extract(r"^\d{4}\.(\d{1,2})$")[0].fillna("")
    tenth = (frac == "1").to_numpy()
    if not tenth.any() or not frac.str.fullmatch(r"0[1-9]").any():
        return  # "2019.1" with one-digit months (2019.2, 2019.10): January, as written
    pos = np.flatnonzero(is_text)[tenth]
    if (frac == "10").any():
        raise DataError(source, f"expected one way of writing months, got '{obj.iloc[int(pos[0])]}' beside two-digit "
                                "months (2019.01) and 2019.10: it cannot be January (that would be 2019.01) nor "
                                "October (that is 2019.10); write every month with two digits",
                        row=int(rows[int(pos[0])]), column=column)
    month[pos] = 10.0


def parse_month(values: pd.Series, source: str | Path, column: str | None, rows: Sequence[int]) -> pd.Series:
    """Months 1–12 from ``7``, ``07``, ``7월``, ``Jul``.

    A month column holds months: 0 is refused like 13 (month 0 is the canonical code of an annual row, and
    an annual row is one whose period is a year alone; a 0 in a month column is a broken cell, which taken
    as annual would replace the partner's monthly rows of the year).
    """
    text = as_text(values)
    num = pd.to_numeric(text.str.extract(_MONTH)[0], errors="coerce")
    named = text.str.lower().str[:3].map(_MONTH_NAMES)
    month = num.fillna(named)
    bad = (month.isna() | (month < 1) | (month > 12)).to_numpy()
    if bad.any():
        _fail(source, values.astype("object"), bad, rows, column, "a month 1–12")
    return month.astype("int64")


def parse_int(values: pd.Series, source: str | Path, column: str | None, rows: Sequence[int],
              what: str = "a whole number") -> pd.Series:
    """Whole numbers (ranks, counts); blanks are an error."""
    text = as_text(values).str.replace(",", "", regex=False)
    num = pd.to_numeric(text, errors="coerce")
    bad = (num.isna() | (num % 1 != 0)).to_numpy()
    if bad.any():
        _fail(source, values.astype("object"), bad, rows, column, what)
    return num.astype("int64")


def split_code_label(text: pd.Series, pattern: str | None, rows: np.ndarray | None = None
                     ) -> tuple[pd.Series, pd.Series | None]:
    """Split ``"[2811111000] 반도체 제조용"`` into code and name.

    With ``pattern`` (a regex whose group 1 is the code, group 2 the name if any)
    every cell must match. Without it, the bracketed form is recognised when all
    non-blank cells (of ``rows``, when given) use it. Returns the codes (as
    :func:`~exposure.codes.normalize.code_text` reads them: ASCII, Excel's text forms
    unwrapped) and the names (None when cells hold codes only).

    Examples
    --------
    >>> code, name = split_code_label(pd.Series(["[281111] 플루오르화수소"]), None)
    >>> code.tolist(), name.tolist()
    (['281111'], ['플루오르화수소'])
    """
    filled = text != ""
    if rows is not None:  # only these rows (e.g. not total rows) decide whether labels are bracketed
        filled = filled & rows
    if pattern is None:
        if not filled.any() or not text[filled].str.match(BRACKETED).all():
            # the code system is told from these texts before they are normalised: ="0101210000" must show 10 digits
            return code_texts(text), None
        pattern = BRACKETED
    parts = text.str.extract(re.compile(pattern))
    code = parts[0].where(parts[0].notna(), text)
    name = parts[1].fillna("").str.strip() if parts.shape[1] > 1 else None
    return code_texts(code.astype(object)), (name.astype(object) if name is not None else None)


def blank_mask(frame: pd.DataFrame) -> np.ndarray:
    """True for rows whose every cell is blank."""
    if frame.shape[1] == 0:
        return np.ones(len(frame), dtype=bool)
    return np.column_stack([is_blank(frame[c]).to_numpy() for c in frame.columns]).all(axis=1)


_TITLE_MONTHS = re.compile(r"((?:19|20)\d{2})\s*년?\s*\.?\s*(\d{1,2})\s*월?\s*[~∼〜\-–—]\s*(?:(?:19|20)\d{2}\s*년?\s*\.?\s*)?"
                           r"(\d{1,2})\s*월")
_TITLE_PART = re.compile(r"((?:19|20)\d{2})\s*년?\s*(상반기|하반기|[1-4]\s*분기)")
_PARTS = {"상반기": (1, 6), "하반기": (7, 12), **{f"{q}분기": (3 * q - 2, 3 * q) for q in range(1, 5)}}


def title_period(lines: Sequence[str]) -> tuple[int, int, int] | None:
    """(year, first month, last month) of a part of a year a title states (``2019년 1~6월 누계``, ``2019년
    상반기``, ``2019년 3분기``), or None when the titles state none or the whole year (1~12월).

    >>> title_period(["수입 실적 (2019년 1월~6월 누계)"]), title_period(["2019년 상반기"]), title_period(["2019년"])
    ((2019, 1, 6), (2019, 1, 6), None)
    """
    for line in lines:
        text = str(line)
        m = _TITLE_MONTHS.search(text)
        if m:
            year, first, last = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= first <= last <= 12 and (first, last) != (1, 12):
                return year, first, last
            continue
        p = _TITLE_PART.search(text)
        if p:
            return (int(p.group(1)), *_PARTS[re.sub(r"\s", "", p.group(2))])
    return None


#: the warning of :func:`part_of_year_warning` (repeated on the terminal: the per-year figures rest on it)
PART_OF_YEAR = re.compile(r"the title says the table covers \d{4}-\d{2} to \d{4}-\d{2} \(\d+ months\), not the whole year")


def part_of_year_warning(lines: Sequence[str]) -> str | None:
    """The warning for a table whose title states a part of a year: its amounts are not a whole year's."""
    found = title_period(lines)
    if found is None:
        return None
    year, first, last = found
    n = last - first + 1
    return (f"the title says the table covers {year}-{first:02d} to {year}-{last:02d} ({n} months), not the whole "
            f"year: its amounts are sums over those months, and figures per year are about {n}/12 of a whole year's")
