"""Finding the header of a table under its title and unit rows.

Downloads from Korea Customs and K-stat put a title (``품목별 수출``), a unit
line (``단위: 천불, %``) and sometimes a blank row above the header, and often
use two header rows: a year or flow over 금액/증감률/중량. This module finds
the header row, decides whether the row below it is a second header row, and
builds one name per column (``"2019년 금액"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.grid import Grid

_NUMERIC = re.compile(r"^[\s△▽+\-(]*[\d,]+(\.\d+)?\)?%?\s*$")
# Words that only appear in the lower row of a two-row header.
_SUBHEADER_WORDS = {"금액", "중량", "증감률", "증감율", "비중", "물량", "수량", "건수", "value", "weight", "qty",
                    "quantity", "share", "growth", "amount", "usd", "kg"}
_SCAN_ROWS = 40
_UNIT_BRACKET = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]\s*$")


@dataclass
class Header:
    """Where a table's header is and what its columns are called.

    ``row`` is the 1-based file row of the (first) header row, ``n_rows`` 1 or 2,
    ``start`` the grid index of the first data row, ``names`` one normalised
    name per grid column (``""`` for unnamed columns) and ``above`` the text of
    the title/unit rows above the header.
    """

    row: int
    n_rows: int
    start: int
    names: list[str]
    above: list[str]


def normalise_name(text: object) -> str:
    """Collapse whitespace (including line breaks inside header cells) to single spaces.

    Examples
    --------
    >>> normalise_name("수입\\n 금액 ")
    '수입 금액'
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return " ".join(str(text).split())


_SQUASH = re.compile(r"[\s_]")


def squash(text: str) -> str:
    """Key for comparing header names: no spaces/underscores, lower case."""
    if isinstance(text, str):
        return _squash_text(text)
    return _SQUASH.sub("", str(text)).lower()


@lru_cache(maxsize=1 << 16)
def _squash_text(text: str) -> str:
    # label columns repeat the same few hundred texts over thousands of rows
    return _SQUASH.sub("", text).lower()


def _is_numeric(v: object) -> bool:
    if isinstance(v, (float, np.floating)) and np.isnan(v):
        return False  # an empty cell
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return True
    return isinstance(v, str) and bool(_NUMERIC.match(v))


def _row_profile(cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    filled = cells.notna().to_numpy()
    numeric = cells.map(_is_numeric).to_numpy(dtype=bool) & filled
    return filled, numeric


def _looks_like_year(v: object) -> bool:
    text = normalise_name(v)
    return bool(re.fullmatch(r"(19|20)\d{2}\s*년?", text))


def _is_subheader(upper: Sequence[object], lower: Sequence[object]) -> bool:
    """Is ``lower`` the second row of a two-row header whose first row is ``upper``?"""
    up = [normalise_name(v) for v in upper]
    lo = [normalise_name(v) for v in lower]
    if not any(lo):
        return False
    if any(_is_numeric(v) and not _looks_like_year(v) for v in lower):
        return False
    # a unit row under the header ("(천원)", "(톤)" under 수입 금액, 수입 중량) belongs to the header
    if all(_is_unit_cell(v) for v in lo if v):
        return True
    # Merged parents: the upper row is blank above some lower labels, or the lower row
    # is blank under some single-level headers.
    gap_above = any(lo[i] and not up[i] for i in range(len(lo)))
    gap_below = any(up[i] and not lo[i] for i in range(len(up)))
    sub_words = sum(squash(v) in _SUBHEADER_WORDS for v in lo if v)
    if sub_words >= 1 and (gap_above or gap_below):
        return True
    # A repeated lower label (금액 under two years) only makes sense as a sub-header.
    seen = [v for v in lo if v]
    return len(seen) != len(set(seen)) and gap_below


def _is_unit_cell(text: str) -> bool:
    """A cell that only states a unit: "(천원)", "[천달러]", "단위: 톤", "US$"."""
    from exposure.io.units import find_unit, weight_unit

    inner = re.sub(r"^\s*[(\[（]\s*|\s*[)\]）]\s*$", "", text)
    inner = re.sub(r"^(단위|unit)\s*[:：]?\s*", "", inner, flags=re.IGNORECASE).strip()
    if not inner or len(inner) > 20:
        return False
    try:
        return find_unit(inner, standalone=True) is not None or weight_unit(inner) == inner.lower() \
            or inner in ("%", "kg", "톤", "t")
    except ValueError:
        return True  # two units in one cell is still a unit cell (the unit check refuses it later)


def join_header_rows(upper: Sequence[object], lower: Sequence[object]) -> list[str]:
    """One name per column from a two-row header.

    A merged upper cell (``2019년`` over 금액/증감률/비중) is spread right over the
    columns whose lower cell is filled, as long as the column to the left also
    had a lower label; single-level headers keep their own name.

    Examples
    --------
    >>> join_header_rows(["순위", "2019년", None, "대일본"], [None, "금액", "증감률", "금액"])
    ['순위', '2019년 금액', '2019년 증감률', '대일본 금액']
    """
    up = [normalise_name(v) for v in upper]
    lo = [normalise_name(v) for v in lower]
    filled_up = list(up)
    for i in range(1, len(up)):
        if not up[i] and lo[i] and lo[i - 1] and filled_up[i - 1]:
            filled_up[i] = filled_up[i - 1]
    names = []
    for u, l in zip(filled_up, lo):
        names.append(f"{u} {l}".strip() if u and l else (u or l))
    return names


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n and n in seen:
            seen[n] += 1
            out.append(f"{n}.{seen[n]}")
        else:
            seen.setdefault(n, 0)
            out.append(n)
    return out


class _Rows:
    """Raw and normalised cells of the grid's top rows, each row converted once.

    Header search tries every row near the top, once as a one-row header and once
    as the upper half of a two-row header; reading the rows out of the DataFrame
    and normalising their text once keeps that search linear.
    """

    def __init__(self, grid: Grid) -> None:
        self.cells = grid.cells
        self._raw: dict[int, list[object]] = {}
        self._names: dict[int, list[str]] = {}

    def raw(self, i: int) -> list[object]:
        if i not in self._raw:
            self._raw[i] = self.cells.iloc[i].tolist()
        return self._raw[i]

    def names(self, i: int) -> list[str]:
        if i not in self._names:
            self._names[i] = [normalise_name(v) for v in self.raw(i)]
        return self._names[i]

    def header_names(self, i: int, n_rows: int) -> list[str]:
        """Column names of a header at grid row ``i`` spanning ``n_rows`` rows (deduplicated)."""
        if n_rows == 2:
            return _dedupe(join_header_rows(self.names(i), self.names(i + 1)))
        return _dedupe(list(self.names(i)))


def _build(grid: Grid, i: int, n_rows: int, rows: _Rows | None = None) -> Header:
    rows = rows or _Rows(grid)
    above = [" ".join(t for t in rows.names(r) if t) for r in range(i)]
    return Header(int(grid.rows[i]), n_rows, i + n_rows, rows.header_names(i, n_rows), [a for a in above if a])


def find_header(grid: Grid, expected: Sequence[Sequence[str]] | None = None, header_row: int | None = None,
                header_rows: int | None = None) -> Header:
    """Locate the header of ``grid``.

    Parameters
    ----------
    grid : Grid
    expected : list of list of str, optional
        Column names a mapping looks for; each inner list holds alternatives. When
        given, the header is the row (or pair of rows) whose names match most of them.
    header_row : int, optional
        1-based file row of the header, when known (skips the search).
    header_rows : int, optional
        1 or 2 header rows; detected when omitted.

    Raises
    ------
    DataError
        If the sheet is empty or no row looks like a header.
    """
    cells = grid.cells
    if cells.empty:
        hint = _hidden_hint(grid)
        what = f"sheet '{grid.sheet}' is empty" if hint else "the sheet is empty"
        raise DataError(grid.path, f"{what}: expected a table with a header row{hint}")
    if header_row is not None:
        hits = np.flatnonzero(grid.rows == int(header_row))
        if not len(hits):
            raise DataError(grid.path, f"header row {header_row} is empty or beyond the end of the sheet",
                            row=int(header_row))
        i = int(hits[0])
        n = header_rows or (2 if i + 1 < len(cells) and _is_subheader(cells.iloc[i], cells.iloc[i + 1]) else 1)
        return _build(grid, i, n)
    scan = cells.iloc[:_SCAN_ROWS]
    if expected:
        best = _best_expected(grid, scan, expected, header_rows)
        if best is not None:
            return best
    return _heuristic(grid, scan, header_rows)


def _best_expected(grid: Grid, scan: pd.DataFrame, expected: Sequence[Sequence[str]],
                   header_rows: int | None) -> Header | None:
    rows = _Rows(grid)
    matchers = [[_matcher(alt) for alt in alts] for alts in expected]
    best: tuple[int, int, int] | None = None  # (hits, -i, n)
    for i in range(len(scan)):
        for n in ([header_rows] if header_rows else [1, 2]):
            if i + n > len(grid.cells):
                continue
            if n == 2 and header_rows is None and not _is_subheader(rows.raw(i), rows.raw(i + 1)):
                continue
            names = rows.header_names(i, n)
            # a unit in brackets does not change which column a name is ("수입 금액 (천원)" is 수입 금액)
            keys = {squash(v) for v in names} | {squash(_UNIT_BRACKET.sub("", v)) for v in names}
            hits = sum(any(m(names, keys) for m in alts) for alts in matchers)
            if hits and (best is None or (hits, -i, n) > best):
                best = (hits, -i, n)
    if best is None:
        return None
    return _build(grid, -best[1], best[2], rows)


def _matcher(alt: str):
    """A test ``(names, squashed names) -> bool`` for one expected column name (``re:`` for a pattern)."""
    if alt.startswith("re:"):
        pat = re.compile(alt[3:])
        return lambda names, _keys: any(pat.search(n) for n in names)
    key = squash(alt)
    return lambda _names, keys: key in keys


def _heuristic(grid: Grid, scan: pd.DataFrame, header_rows: int | None) -> Header:
    filled, numeric = _row_profile(scan)
    counts = filled.sum(axis=1)
    widest = counts.max()
    for i in range(len(scan)):
        n_filled = counts[i]
        if n_filled < max(2, 0.6 * widest):
            continue
        text_cells = n_filled - numeric[i].sum()
        if text_cells < 0.5 * n_filled:
            continue
        n = header_rows or (2 if i + 1 < len(grid.cells) and _is_subheader(grid.cells.iloc[i],
                                                                           grid.cells.iloc[i + 1]) else 1)
        return _build(grid, i, n)
    others = [s for s in grid.sheets if s != grid.sheet and s not in grid.hidden]
    where = f"sheet '{grid.sheet}': " if grid.sheet else ""
    hint = (f"; the table may be on another sheet ({', '.join(repr(s) for s in others)}): name the sheet in a "
            "mapping file ([read] sheet)" if others else
            (_hidden_hint(grid) or " (give a mapping file with [read] header_row)"))
    raise DataError(grid.path, f"{where}no header row found in the first {len(scan)} rows: expected a row of "
                               f"column names{hint}")


def _hidden_hint(grid: Grid) -> str:
    """When the workbook's hidden sheets hold data: say so (they are never read unless named)."""
    if not grid.hidden:
        return ""
    from exposure.io.workbook import hidden_with_data

    full = hidden_with_data(grid.path, grid.format, [h for h in grid.hidden if h != grid.sheet])
    if not full:
        return ""
    names = ", ".join(repr(h) for h in full)
    return (f"; the data is on the hidden sheet{'s' if len(full) > 1 else ''} {names}, and a hidden sheet is read "
            f"only when named: if it is the table to read, name it in a mapping file ([read] sheet = \"{full[0]}\")")
