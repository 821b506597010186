"""The data part of a people-made table: cells under the header, units, codes, labels, years.

Shared by the readers of trade flows (:mod:`exposure.io.flowtable`) and of export items and
sector profiles (:mod:`exposure.io.tabular`): each cell helper names the file, the row and
the column of the first cell it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.normalize import code_system_parts, normalize_codes
from exposure.errors import DataError
from exposure.io.fields import as_text, split_code_label
from exposure.io.header import squash
from exposure.io.layout import BlockColumns, Layout
from exposure.io.limits import display_name
from exposure.io.numbers import parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.units import (MoneyUnit, currency_name, find_unit, fx_hint, is_unit_column, parse_unit_option,
                               quantity_unit, title_unit, to_usd, unit_in_header, weight_unit)

YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*년?")


def filled_merges(cells: pd.DataFrame, rows: np.ndarray, layout: Layout) -> pd.DataFrame:
    """The data cells with each label merged down over several rows written into every row of the merge.

    A hand-made workbook merges ``일본`` over the rows of Japan's products: the spreadsheet shows the label on each
    row, but the file holds it in the first cell only (read blank, the rows below would lose their partner). A
    number merged over rows is refused: one amount shown across rows is no amount of each row. Merges in the
    header rows are the header reader's (a title over several columns), and merges along a row are left as read.
    """
    from exposure.io.mapping import MONEY, column_letter

    first = int(rows[0]) if len(rows) else 0
    numbers: set[int] = set()
    for b in layout.blocks:
        numbers |= {v for _, v, _ in b.flows} | {q for _, _, q in b.flows if q is not None}
        numbers |= {i for c, i in b.columns.items()
                    if c in MONEY.get(layout.mapping.kind, ()) or c in ("value", "qty", "sme_share", "sme_firms")}
    at = {int(r): k for k, r in enumerate(rows)}
    out = None
    for r0, c0, r1, c1 in layout.grid.merged:
        if r1 <= r0 or r0 < first or c0 - 1 >= cells.shape[1]:
            continue
        span = f"{column_letter(c0 - 1)}{r0}:{column_letter(c1 - 1)}{r1}"
        hit = sorted(numbers & set(range(c0 - 1, c1)))
        if hit:
            name = layout.header.names[hit[0]] if hit[0] < len(layout.header.names) else column_letter(hit[0])
            raise DataError(layout.grid.path, f"cells {span} are merged: one amount over {r1 - r0 + 1} rows; expected "
                                              "each row's own amount (unmerge the cells and fill in every row)",
                            row=r0, column=name)
        if r0 not in at:
            continue
        out = cells.copy() if out is None else out
        value = out.iat[at[r0], c0 - 1]
        for r in range(r0 + 1, r1 + 1):
            if r in at and out.iat[at[r], c0 - 1] is None:
                out.iat[at[r], c0 - 1] = value
    return cells if out is None else out


@dataclass
class Options:
    """What the caller says about the file (see :func:`exposure.io.tabular.load_table`); None: the file or mapping decides."""

    unit: str | float | None = None
    code_system: str | None = None
    year: int | None = None
    month: int | None = None
    reporter: str | None = None
    partner: str | None = None
    keep_zero: bool = False
    fx: dict[str, float] | None = None
    code: str | None = None


class Sheet:
    """The data part of a layout: cells under the header, row numbers, labels and units."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.grid = layout.grid
        self.names = layout.header.names
        self.cells = layout.grid.cells.iloc[layout.header.start:].reset_index(drop=True)
        self.rows = layout.grid.rows[layout.header.start:]
        self.file = layout.grid.path
        if layout.grid.merged:
            self.cells = filled_merges(self.cells, self.rows, layout)
        try:
            self.title_unit = title_unit(layout.header.above)
        except ValueError as exc:
            raise DataError(self.file, f"the title rows {exc}: expected one money unit") from None
        self.decimal = "."
        self.fx: dict[str, float] = {}
        self.converted: set[str] = set()
        self.title_weight = next((weight_unit(t) for t in layout.header.above if "단위" in t or "unit" in t.lower()
                                  if weight_unit(t)), None)
        self.totals = {squash(t) for t in layout.mapping.totals}
        self._text: dict[int, pd.Series] = {}

    def text(self, idx: int) -> pd.Series:
        """Column ``idx`` as stripped text (computed once per column)."""
        if idx not in self._text:
            self._text[idx] = (as_text(self.cells[idx]) if idx in self.cells.columns
                               else pd.Series("", index=self.cells.index, dtype=object))
        return self._text[idx]

    def money_factor(self, idx: int, options: Options, *fallbacks: str | None) -> tuple[str, float]:
        """Unit of a money column: option > header > flow/block unit > title rows > mapping default.

        Returns (label, factor to USD). Another currency is converted with its rate in
        ``options.fx`` or refused, naming the column and where the unit was stated.
        """
        name = self.names[idx]
        fx = options.fx or {}
        if options.unit is not None:
            return unit_or_fail(options.unit, self.file, fx, name, "the unit given")
        try:
            bracket = unit_in_header(name)
            found = find_unit(bracket, standalone=True) if bracket else None
            found = found or find_unit(name)
        except ValueError as exc:
            raise DataError(self.file, f"the header {exc}: expected one money unit", row=self.layout.header.row,
                            column=name) from None
        if not found and bracket and quantity_unit(bracket):
            # the mapping's default unit would turn tonnes or a share into dollars without a word
            raise DataError(self.file, f"the header states the amounts in '{bracket}', a unit of "
                                       f"{quantity_unit(bracket)}, not money: expected a money unit such as 달러, "
                                       "천달러 or USD (are the amount and quantity columns swapped?)",
                            row=self.layout.header.row, column=name)
        title = self.title_unit
        if found and title and (found.factor, found.currency) != (title.factor, title.currency):
            # two statements of the unit a thousand-fold apart: neither can be trusted to win
            raise DataError(self.file, f"the header says the amounts are in {found.label}, but the title rows say "
                                       f"{title.label}: expected one money unit; correct the title or the "
                                       "header (or set unit in a mapping file)", row=self.layout.header.row,
                            column=name)
        if found:
            return self._in_usd(found, name, "the header", self.layout.header.row)
        column = self.row_unit()
        if column is not None:
            # each row names its unit: it beats the mapping's default, and must agree with the title
            unit, where = column
            if title and (unit.factor, unit.currency) != (title.factor, title.currency):
                raise DataError(self.file, f"{where} states the amounts in {unit.label}, but the title rows say "
                                           f"{title.label}: expected one money unit; correct the title or the "
                                           "column (or set unit in a mapping file)", column=name)
            return self._in_usd(unit, name, where, None)
        for fb in fallbacks[:1]:
            if fb:
                return unit_or_fail(fb, self.file, fx, name, "the mapping's unit")
        if title:
            return self._in_usd(title, name, "the title rows", None)
        for fb in fallbacks[1:]:
            if fb:
                return unit_or_fail(fb, self.file, fx, name, "the mapping's unit")
        raise DataError(self.file, "no money unit stated in the title rows or the header: expected e.g. "
                                   "'단위: 천달러' or '금액(천불)'; set unit in a mapping file ([read] unit = "
                                   "\"천달러\")", column=name)

    def row_unit(self) -> tuple[MoneyUnit, str] | None:
        """The money unit a unit or currency column (``단위``, ``통화``) states on the rows, and where.

        None when the sheet has no such column or it names no money unit (``KG``, ``톤``: units of
        quantity). Several different money units are refused: the amounts could not be read alike.
        """
        for idx, header in enumerate(self.names):
            if not is_unit_column(header):
                continue
            stated: dict[tuple[float, str], tuple[MoneyUnit, int]] = {}
            text = self.text(idx)
            for pos, cell in zip(range(len(text)), text.tolist()):
                if not isinstance(cell, str) or not cell.strip() or cell in {u.label for u, _ in stated.values()}:
                    continue
                try:
                    unit = find_unit(cell, standalone=True)
                except ValueError as exc:
                    raise DataError(self.file, f"the cell {exc}: expected one money unit", row=int(self.rows[pos]),
                                    column=header) from None
                if unit is not None:
                    stated.setdefault((unit.factor, unit.currency), (unit, int(self.rows[pos])))
            if len(stated) > 1:
                (a, row_a), (b, row_b) = sorted(stated.values(), key=lambda u: u[1])[:2]
                raise DataError(self.file, f"the rows state different money units: {a.label} (row {row_a}) and "
                                           f"{b.label} (row {row_b}): expected one unit for the whole table (split "
                                           "the file by unit)", row=row_b, column=header)
            if stated:
                return next(iter(stated.values()))[0], f"column '{header}'"
        return None

    def qty_unit(self, idx: int, *fallbacks: str | None) -> str:
        """Unit of a quantity column: a weight in its header, else the first fallback given ("" when none).

        A header that states money (``수입 중량(천달러)``) is refused: the columns are swapped or mislabelled.
        """
        name = self.names[idx]
        bracket = unit_in_header(name)
        try:
            money = find_unit(bracket, standalone=True) if bracket else None
        except ValueError:  # two money units: money all the same
            money = True
        if money is not None and not weight_unit(bracket):
            raise DataError(self.file, f"the header states the quantities in '{bracket}', a money unit: expected a "
                                       "weight such as 톤 or kg (are the amount and quantity columns swapped?)",
                            row=self.layout.header.row, column=name)
        return weight_unit(name) or next((f for f in fallbacks if f), "")

    def _in_usd(self, unit: MoneyUnit, column: str, where: str, row: int | None) -> tuple[str, float]:
        converted = to_usd(unit, self.fx)
        if converted is None:
            raise DataError(self.file, f"{where} state{'' if where == 'the title rows' else 's'} the amounts in "
                                       f"{unit.label}, which is {currency_name(unit.currency)} ({unit.currency}), "
                                       f"not US dollars: {fx_hint(unit.currency)}", row=row, column=column)
        if unit.currency != "USD":
            self.converted.add(f"amounts of column '{column}' in {unit.label} converted to USD at "
                               f"{self.fx[unit.currency]:,.6g} {unit.currency} per USD (the rate given)")
        return converted


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_printable(sheet: Sheet, used: list[int]) -> None:
    """Refuse control characters (other than tab and line breaks) in the columns read.

    They do not belong in a table: a NUL or BEL in a cell means a damaged file or a bad
    conversion, and would reach the report (a workbook cannot even hold most of them).
    """
    for idx in used:
        col = sheet.cells[idx].astype("object")
        ids, uniques = pd.factorize(col, use_na_sentinel=True)
        bad = [i for i, v in enumerate(uniques) if isinstance(v, str) and _CONTROL.search(v)]
        if not bad:
            continue
        pos = int(np.flatnonzero(np.isin(ids, bad))[0])
        raw = str(col.iloc[pos])
        char = _CONTROL.search(raw).group()  # type: ignore[union-attr]
        shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", raw)
        raise DataError(sheet.file, f"expected printable text, got '{shown}' (control character U+{ord(char):04X}; "
                                    "the file may be damaged)", row=int(sheet.rows[pos]), column=sheet.names[idx])


def unit_or_fail(text: str | float, file: Path, fx: dict[str, float], column: str, where: str
                  ) -> tuple[str, float]:
    try:
        return parse_unit_option(text, fx)
    except ValueError as exc:
        raise DataError(file, f"{where}: {exc}", column=column) from None


#: the largest amount one row of a table can hold: more than any country's trade or output in a year (world
#: exports are about USD 25 trillion); a larger figure is a unit error or a code pasted into an amount
MAX_AMOUNT_USD = 1e13


def money_column(sheet: Sheet, idx: int, factor: float, keep: np.ndarray, negative_ok: bool = False) -> pd.Series:
    """Parse a money column to USD; amounts in kept rows must not be negative nor above `MAX_AMOUNT_USD`."""
    name = sheet.names[idx]
    raw = sheet.cells[idx]
    values = parse_numbers(raw, sheet.file, name, sheet.rows, sheet.decimal) * factor
    huge = keep & (values.abs() > MAX_AMOUNT_USD).to_numpy()
    if huge.any():
        pos = int(np.flatnonzero(huge)[0])
        raise DataError(sheet.file, f"expected an amount of at most USD 10 trillion (more than any country's trade "
                                    f"in a year), got '{raw.iloc[pos]}' = {values.iloc[pos]:,.0f} USD: check the unit "
                                    "and that no code was pasted into the amounts", row=int(sheet.rows[pos]),
                        column=name)
    if not negative_ok:
        neg = keep & (values < 0).to_numpy()
        if neg.any():
            pos = int(np.flatnonzero(neg)[0])
            raise DataError(sheet.file, f"expected an amount ≥ 0, got '{raw.iloc[pos]}'", row=int(sheet.rows[pos]),
                            column=name)
    return values


def total_mask(sheet: Sheet, label_cols: list[int]) -> np.ndarray:
    mask = np.zeros(len(sheet.cells), dtype=bool)
    for idx in label_cols:
        mask |= sheet.text(idx).map(squash).isin(sheet.totals).to_numpy()
    return mask


def compare_totals(sheet: Sheet, builder: ReportBuilder, label_cols: list[int], total: np.ndarray,
                    member: np.ndarray, values: pd.Series, suffix: str = "", of_more_rows: bool = False) -> None:
    """Each total row against the sum of the member rows that share its non-blank, non-total labels.

    ``of_more_rows``: the table lists only part of what its totals total (a top-100 table).
    """
    texts = {idx: sheet.text(idx) for idx in label_cols}
    vals = values.fillna(0.0).to_numpy()
    for pos in np.flatnonzero(total):
        group = member.copy()
        wider = member.copy()  # members whose labels start with the total's ("2019" totals 2019.01 … 2019.12)
        label = ""
        filters = []
        for idx, t in texts.items():
            cell = t.iloc[pos]
            if not cell:
                continue
            if squash(cell) in sheet.totals:
                label = label or cell
                continue
            group &= (t == cell).to_numpy()
            wider &= t.str.startswith(cell).to_numpy()
            filters.append(f"{sheet.names[idx]}={cell}")
        if filters and not group.any():
            group = wider
        if filters and not group.any():
            # a "subtotal" that adds up no row: a data row with a total word in one of its labels
            raise DataError(sheet.file, f"the row is labelled {label} (a total) but no other row shares its labels "
                                        f"({', '.join(filters)}), so it totals nothing: expected a total of the rows it "
                                        f"names; if it is a data row, remove the word {label}", row=int(sheet.rows[pos]))
        text = label + (f" [{', '.join(filters)}]" if filters else "") + suffix
        builder.total(int(sheet.rows[pos]), text, float(vals[pos]), float(vals[group].sum()), of_more_rows=of_more_rows)


def label_columns(block: BlockColumns, money: set[int]) -> list[int]:
    return [i for c, i in block.columns.items() if i not in money and c not in ("qty", "sme_share", "sme_firms")]


def codes_column(sheet: Sheet, idx: int, system: str | None, pattern: str | None, keep: np.ndarray,
           builder: ReportBuilder) -> tuple[pd.Series, pd.Series | None, str]:
    """Codes (normalised, for kept rows), names split off bracketed labels, and the code system."""
    text = sheet.text(idx)
    codes, names = split_code_label(text, pattern, keep)
    name = sheet.names[idx]
    if pattern is not None:
        matched = text.str.extract(re.compile(pattern))[0]
        missed = keep & matched.isna().to_numpy() & (text != "").to_numpy()
        if missed.any():
            pos = int(np.flatnonzero(missed)[0])
            raise DataError(sheet.file, f"expected a code matching {pattern!r}, got '{text.iloc[pos]}'",
                            row=int(sheet.rows[pos]), column=name)
    if system is None:
        system = infer_code_system(codes[keep], name)
        if system is None:
            sci = codes[keep].astype(str).str.strip().str.fullmatch(r"[0-9.]+[eE][+-]?\d+")
            if sci.any():
                pos = int(np.flatnonzero(keep)[np.flatnonzero(sci.to_numpy())[0]])
                raise DataError(sheet.file, f"expected a product code, got '{text.iloc[pos]}' (scientific notation "
                                            "has lost digits): store the code column as text and export it again",
                                row=int(sheet.rows[pos]), column=name)
            raise DataError(sheet.file, "cannot tell the code system from the codes: name it in a mapping file "
                                        "([read] code_system = \"HSK10\"; HS2, HS4, HS6, HSK10, MTI3 …)", column=name)
        builder.warn(f"code system {system} inferred from the code lengths in column '{name}'")
    try:
        code_system_parts(system)
    except ValueError as exc:
        raise DataError(sheet.file, str(exc), column=name) from None
    out = pd.Series("", index=text.index, dtype=object)
    if keep.any():
        out[keep] = normalize_codes(codes[keep], system, source=display_name(sheet.file), column=name,
                                    rows=sheet.rows[keep]).to_numpy()
        if names is not None:
            _warn_filled_down(sheet, out, names, keep, name, builder)
    return out, names, system


def _warn_filled_down(sheet: Sheet, codes: pd.Series, names: pd.Series, keep: np.ndarray, column: str,
                      builder: ReportBuilder) -> None:
    """Codes one above the row before with the same name: what dragging a cell down in Excel makes.

    "[2811111000] 반도체 제조용" dragged down becomes "[2811111001] …", "[2811111002] …": codes
    nobody meant. They are kept (they may be real), and the report asks to check them.
    """
    pos = np.flatnonzero(keep)
    if len(pos) < 2:
        return
    num = pd.to_numeric(codes.iloc[pos], errors="coerce").to_numpy()
    label = names.iloc[pos].to_numpy()
    step = (num[1:] - num[:-1] == 1) & (label[1:] == label[:-1]) & (label[1:] != "")
    if step.any():
        at = np.flatnonzero(step)[:5] + 1
        shown = ", ".join(str(codes.iloc[pos[i]]) for i in at)
        rows = ", ".join(str(int(sheet.rows[pos[i]])) for i in at)
        builder.warn(f"column '{column}': {shown} (row{'s' if len(at) > 1 else ''} {rows}) each follow the code of the row above by one with the same name: "
                     "probably filled down by dragging in Excel; check that they are real codes")


def constant_code(sheet: Sheet, block: BlockColumns, system: str | None, options: Options,
                   builder: ReportBuilder) -> tuple[pd.Series, None, str]:
    """The one product of a file without a code column: the ``code`` option, else the mapping's constant.

    The code system follows from the code's length when neither the option nor the mapping
    names it (10 digits HSK10, 6 HS6, 4 HS4, 2 HS2).
    """
    given = options.code if options.code is not None else block.block.constants.get("code")
    where = "--code" if options.code is not None else "constants.code"
    if given is None:
        raise DataError(sheet.file, "no product code: the file has no code column; give the product's code with "
                                    "--code (e.g. --code 2811111000), or map a code column or set constants.code "
                                    "in a mapping file")
    text = str(given).strip()
    if system is None:
        system = code_system_of(text)
        if system is None:
            raise DataError(sheet.file, f"{where} {text!r}: expected a 2-, 4-, 6- or 10-digit HS/HSK code (its "
                                        "length tells the code system), or name the code system in a mapping "
                                        "file ([read] code_system)")
        builder.warn(f"the file has no code column: every row is product {text} ({system}, from {where})")
    code = normalize_codes([text], system, source=display_name(sheet.file), column=where).iloc[0]
    return pd.Series(code, index=sheet.cells.index, dtype=object), None, system


def code_system_of(code: str) -> str | None:
    """The code system a code's length implies: 10 digits HSK10, 6 HS6, 4 HS4, 2 HS2 (None otherwise).

    Examples
    --------
    >>> code_system_of("2811111000"), code_system_of("281111"), code_system_of("2811.11")
    ('HSK10', 'HS6', 'HS6')
    """
    digits = re.sub(r"[\s.\-]", "", str(code))
    if not digits.isdigit():
        return None
    return {10: "HSK10", 6: "HS6", 4: "HS4", 2: "HS2"}.get(len(digits))


def infer_code_system(codes: pd.Series, header: str) -> str | None:
    # a code a spreadsheet turned into a float ("2811111000.0") keeps its length without the ".0"
    digits = codes.astype(str).str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    digits = digits.str.replace(r"[\s.\-]", "", regex=True)
    digits = digits[digits.str.fullmatch(r"\d+")]
    if digits.empty:
        return None
    longest = int(digits.str.len().max())
    h = header.upper()
    if "MTI" in h and longest <= 6:
        return f"MTI{longest}"
    if "HSK" in h or longest in (9, 10):
        return "HSK10"
    return {1: "HS2", 2: "HS2", 3: "HS4", 4: "HS4", 5: "HS6", 6: "HS6"}.get(longest)


def year_from_headers(sheet: Sheet, prefer: list[int]) -> int | None:
    texts = [sheet.names[i] for i in prefer] + list(sheet.names) + list(sheet.layout.header.above)
    for t in texts:
        m = YEAR_IN_TEXT.search(str(t))
        if m:
            return int(m.group(1))
    return None


def constant_year(sheet: Sheet, block: BlockColumns, options: Options, prefer: list[int]) -> int | None:
    if options.year is not None:
        return int(options.year)
    value = block.block.constants.get("year")
    if isinstance(value, str) and value.lower() == "header":
        found = year_from_headers(sheet, prefer)
        if found is None:
            raise DataError(sheet.file, "the mapping takes the year from the header, but no header or title "
                                        "row names a year (e.g. '2019년')")
        return found
    return int(value) if value is not None else None


def recode(values: pd.Series, table: dict[str, str], sheet: Sheet, column: str, keep: np.ndarray,
            expected: str) -> pd.Series:
    lookup = {squash(k): v for k, v in table.items()}
    out = values.map(lambda v: lookup.get(squash(v)))
    bad = keep & out.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(sheet.file, f"expected {expected}, got '{values.iloc[pos]}'", row=int(sheet.rows[pos]),
                        column=column)
    return out.fillna("")


def row_text(sheet: Sheet, positions: np.ndarray) -> list[str]:
    """What a dropped row says (a note or footer), for the report."""
    out = []
    for pos in positions:
        cells = as_text(sheet.cells.iloc[pos])
        out.append(" | ".join(c for c in cells if c)[:120])
    return out


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def year_elsewhere(sheet: Sheet, builder: ReportBuilder) -> int:
    """The year of a file without a year column: the one year its title rows state, else its name's."""
    titled = {int(m.group(1)) for line in sheet.layout.header.above for m in YEAR_IN_TEXT.finditer(str(line))}
    if len(titled) == 1:
        year = titled.pop()
        builder.warn(f"the file has no year column: every row is taken as {year}, the year its title rows state")
        return year
    named = {int(y) for y in _YEAR_IN_NAME.findall(sheet.file.stem)}
    if not titled and len(named) == 1:
        year = named.pop()
        builder.warn(f"the file has no year column and its title rows state no year: every row is taken as {year}, "
                     "the year in the file name")
        return year
    raise DataError(sheet.file, "no year: the file has no year column, and neither its title rows nor its name state "
                                "one year: map a year column (기간/연도/Year) or set constants.year in a mapping file")


