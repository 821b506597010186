"""Tables laid out for people: Korea Customs / K-stat downloads and hand-made sheets.

:func:`load_table` reads any such table (xlsx, xls, HTML-as-xls, CSV) through a
mapping (given, built-in, or guessed from common column names) into one of
the canonical tables, and reports every row it does not keep:

- blank rows and rows with no value (notes, footers) — ``blank row`` / ``no value``;
- total rows (총계, 합계, 계, Total …) — ``total row``; each total is compared
  with the sum of the rows it totals (the rows that share its non-blank
  labels) in ``LoadReport.totals``;
- trade flows with a zero value — ``zero value`` (``keep_zero=True`` keeps them);
- partners that are not one country (groups, organisations, unknown names) —
  ``partner not a country``; blank partners are kept as ``UNK``;
- trade-flow rows with the same key — summed into the first (``duplicate key``).

Wide layouts with an export and an import column give two records (X and M)
per row; report rows count records, so ``rows_read`` is rows × flows.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.countries import country_table, to_iso3
from exposure.codes.normalize import code_system_parts, normalize_codes
from exposure.errors import DataError
from exposure.io.flows import finish_flows
from exposure.io.fields import as_text, blank_mask, parse_int, parse_month, parse_period, split_code_label
from exposure.io.header import squash
from exposure.io.layout import BlockColumns, Layout, resolve_layout
from exposure.io.mapping import MONEY, ColumnRef, FlowSpec, Mapping
from exposure.io.combine import reconcile_blocks
from exposure.io.limits import display_name
from exposure.io.numbers import detect_decimal_comma, parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.units import (MoneyUnit, currency_name, find_unit, fx_hint, is_percent, parse_fx, parse_unit_option,
                               title_unit, to_usd, unit_in_header, weight_unit)
from exposure.schema import EXPORT_ITEMS, SECTOR_PROFILE, LoadReport, validate

_FLOW_VALUES = {"수출": "X", "수입": "M", "export": "X", "exports": "X", "import": "M", "imports": "M", "x": "X",
                "m": "M", "2": "X", "1": "M"}
_BASIS_VALUES = {"수출": "exports", "수출액": "exports", "exports": "exports", "export": "exports",
                 "산출": "output", "산출액": "output", "생산": "output", "생산액": "output", "output": "output",
                 "매출": "output", "매출액": "output"}
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*년?")


@dataclass
class _Options:
    unit: str | float | None = None
    code_system: str | None = None
    year: int | None = None
    month: int | None = None
    reporter: str | None = None
    partner: str | None = None
    keep_zero: bool = False
    fx: dict[str, float] | None = None
    code: str | None = None


class _Sheet:
    """The data part of a layout: cells under the header, row numbers, labels and units."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.grid = layout.grid
        self.names = layout.header.names
        self.cells = layout.grid.cells.iloc[layout.header.start:].reset_index(drop=True)
        self.rows = layout.grid.rows[layout.header.start:]
        self.file = layout.grid.path
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

    def money_factor(self, idx: int, options: _Options, *fallbacks: str | None) -> tuple[str, float]:
        """Unit of a money column: option > header > flow/block unit > title rows > mapping default.

        Returns (label, factor to USD). Another currency is converted with its rate in
        ``options.fx`` or refused, naming the column and where the unit was stated.
        """
        name = self.names[idx]
        fx = options.fx or {}
        if options.unit is not None:
            return _unit_or_fail(options.unit, self.file, fx, name, "the unit given")
        try:
            bracket = unit_in_header(name)
            found = find_unit(bracket, standalone=True) if bracket else None
            found = found or find_unit(name)
        except ValueError as exc:
            raise DataError(self.file, f"the header {exc}: expected one money unit", row=self.layout.header.row,
                            column=name) from None
        title = self.title_unit
        if found and title and (found.factor, found.currency) != (title.factor, title.currency):
            # two statements of the unit a thousand-fold apart: neither can be trusted to win
            raise DataError(self.file, f"the header says the amounts are in {found.label}, but the title rows say "
                                       f"{title.label}: expected one money unit; correct the title or the "
                                       "header (or set unit in a mapping file)", row=self.layout.header.row,
                            column=name)
        if found:
            return self._in_usd(found, name, "the header", self.layout.header.row)
        for fb in fallbacks[:1]:
            if fb:
                return _unit_or_fail(fb, self.file, fx, name, "the mapping's unit")
        if title:
            return self._in_usd(title, name, "the title rows", None)
        for fb in fallbacks[1:]:
            if fb:
                return _unit_or_fail(fb, self.file, fx, name, "the mapping's unit")
        raise DataError(self.file, "no money unit stated in the title rows or the header: expected e.g. "
                                   "'단위: 천달러' or '금액(천불)'; set unit in a mapping file ([read] unit = "
                                   "\"천달러\")", column=name)

    def _in_usd(self, unit: MoneyUnit, column: str, where: str, row: int | None) -> tuple[str, float]:
        converted = to_usd(unit, self.fx)
        if converted is None:
            raise DataError(self.file, f"{where} state{'s' if where == 'the header' else ''} the amounts in "
                                       f"{unit.label}, which is {currency_name(unit.currency)} ({unit.currency}), "
                                       f"not US dollars: {fx_hint(unit.currency)}", row=row, column=column)
        if unit.currency != "USD":
            self.converted.add(f"amounts of column '{column}' in {unit.label} converted to USD at "
                               f"{self.fx[unit.currency]:,.6g} {unit.currency} per USD (the rate given)")
        return converted


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_printable(sheet: _Sheet, used: list[int]) -> None:
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


def _unit_or_fail(text: str | float, file: Path, fx: dict[str, float], column: str, where: str
                  ) -> tuple[str, float]:
    try:
        return parse_unit_option(text, fx)
    except ValueError as exc:
        raise DataError(file, f"{where}: {exc}", column=column) from None


def _money(sheet: _Sheet, idx: int, factor: float, keep: np.ndarray, negative_ok: bool = False) -> pd.Series:
    """Parse a money column to USD; amounts in kept rows must not be negative."""
    name = sheet.names[idx]
    raw = sheet.cells[idx]
    values = parse_numbers(raw, sheet.file, name, sheet.rows, sheet.decimal) * factor
    if not negative_ok:
        neg = keep & (values < 0).to_numpy()
        if neg.any():
            pos = int(np.flatnonzero(neg)[0])
            raise DataError(sheet.file, f"expected an amount ≥ 0, got '{raw.iloc[pos]}'", row=int(sheet.rows[pos]),
                            column=name)
    return values


def _total_mask(sheet: _Sheet, label_cols: list[int]) -> np.ndarray:
    mask = np.zeros(len(sheet.cells), dtype=bool)
    for idx in label_cols:
        mask |= sheet.text(idx).map(squash).isin(sheet.totals).to_numpy()
    return mask


def _compare_totals(sheet: _Sheet, builder: ReportBuilder, label_cols: list[int], total: np.ndarray,
                    member: np.ndarray, values: pd.Series, suffix: str = "") -> None:
    """Each total row against the sum of the member rows that share its non-blank, non-total labels."""
    texts = {idx: sheet.text(idx) for idx in label_cols}
    vals = values.fillna(0.0).to_numpy()
    for pos in np.flatnonzero(total):
        group = member.copy()
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
            filters.append(f"{sheet.names[idx]}={cell}")
        text = label + (f" [{', '.join(filters)}]" if filters else "") + suffix
        builder.total(int(sheet.rows[pos]), text, float(vals[pos]), float(vals[group].sum()))


def _label_columns(block: BlockColumns, money: set[int]) -> list[int]:
    return [i for c, i in block.columns.items() if i not in money and c not in ("qty", "sme_share", "sme_firms")]


def _codes(sheet: _Sheet, idx: int, system: str | None, pattern: str | None, keep: np.ndarray,
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
        system = _infer_code_system(codes[keep], name)
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


def _warn_filled_down(sheet: _Sheet, codes: pd.Series, names: pd.Series, keep: np.ndarray, column: str,
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
        shown = ", ".join(f"{codes.iloc[pos[i + 1]]} (row {int(sheet.rows[pos[i + 1]])})"
                          for i in np.flatnonzero(step)[:5])
        builder.warn(f"column '{column}': {shown} each follow the code of the row above by one with the same name: "
                     "probably filled down by dragging in Excel; check that they are real codes")


def _constant_code(sheet: _Sheet, block: BlockColumns, system: str | None, options: _Options,
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


def _infer_code_system(codes: pd.Series, header: str) -> str | None:
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


def _year_from_headers(sheet: _Sheet, prefer: list[int]) -> int | None:
    texts = [sheet.names[i] for i in prefer] + list(sheet.names) + list(sheet.layout.header.above)
    for t in texts:
        m = _YEAR_IN_TEXT.search(str(t))
        if m:
            return int(m.group(1))
    return None


def _constant_year(sheet: _Sheet, block: BlockColumns, options: _Options, prefer: list[int]) -> int | None:
    if options.year is not None:
        return int(options.year)
    value = block.block.constants.get("year")
    if isinstance(value, str) and value.lower() == "header":
        found = _year_from_headers(sheet, prefer)
        if found is None:
            raise DataError(sheet.file, "the mapping takes the year from the header, but no header or title "
                                        "row names a year (e.g. '2019년')")
        return found
    return int(value) if value is not None else None


def _recode(values: pd.Series, table: dict[str, str], sheet: _Sheet, column: str, keep: np.ndarray,
            expected: str) -> pd.Series:
    lookup = {squash(k): v for k, v in table.items()}
    out = values.map(lambda v: lookup.get(squash(v)))
    bad = keep & out.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(sheet.file, f"expected {expected}, got '{values.iloc[pos]}'", row=int(sheet.rows[pos]),
                        column=column)
    return out.fillna("")


# ---------------------------------------------------------------------------------------------- trade flows


@dataclass
class _FlowValues:
    """One value column of a trade-flow block, parsed."""

    spec: FlowSpec
    column: int
    values: pd.Series  # USD
    qty: pd.Series | None
    qty_unit: str
    unit_label: str


def _flow_specs(block: BlockColumns) -> list[tuple[FlowSpec, int, int | None]]:
    """The block's flows; a long layout (one value column) becomes one flow from a column or a constant."""
    if block.flows:
        return list(block.flows)
    cols = block.columns
    flow_const = block.block.constants.get("flow")
    return [(FlowSpec(str(flow_const or "?"), ColumnRef(index=cols["value"])), cols["value"], cols.get("qty"))]


def _parse_flows(sheet: _Sheet, block: BlockColumns, options: _Options, member: np.ndarray) -> list[_FlowValues]:
    mapping = sheet.layout.mapping
    out = []
    for spec, v, q in _flow_specs(block):
        unit_label, factor = sheet.money_factor(v, options, spec.unit or block.block.unit, mapping.unit)
        values = _money(sheet, v, factor, member)
        qty = (parse_numbers(sheet.cells[q], sheet.file, sheet.names[q], sheet.rows, sheet.decimal)
               if q is not None else None)
        qty_unit = ((weight_unit(sheet.names[q]) or spec.qty_unit or sheet.title_weight or mapping.qty_unit or "")
                    if q is not None else "")
        out.append(_FlowValues(spec, v, values, qty, qty_unit, unit_label))
    return out


def _flow_column(sheet: _Sheet, block: BlockColumns, keep: np.ndarray) -> pd.Series | None:
    if "flow" not in block.columns:
        return None
    idx = block.columns["flow"]
    table = {**_FLOW_VALUES, **sheet.layout.mapping.values.get("flow", {})}
    return _recode(sheet.text(idx), table, sheet, sheet.names[idx], keep, "수출/수입, Export/Import or X/M")


def _flow_records(sheet: _Sheet, block: BlockColumns, options: _Options, builder: ReportBuilder
                  ) -> pd.DataFrame:
    """Records (one per row and flow) of one block; every record read is kept or reported."""
    cols = block.columns
    specs = _flow_specs(block)
    money_cols = {v for _, v, _ in specs} | {q for _, _, q in specs if q is not None}
    label_cols = _label_columns(block, money_cols)
    used = sorted(set(cols.values()) | money_cols)
    _check_printable(sheet, used)
    n = len(sheet.cells)
    blank = blank_mask(sheet.cells[used])
    total = _total_mask(sheet, label_cols) & ~blank
    member = ~blank & ~total
    flows = _parse_flows(sheet, block, options, member)
    has_value = np.logical_or.reduce([f.values.notna().to_numpy() for f in flows])
    no_value = member & ~has_value
    keep = member & has_value
    tagged = len(flows) > 1
    for f in flows:  # rows that are not data, reported once per flow
        builder.read(n, float(f.values.fillna(0).sum()))
        builder.drop(sheet.rows[blank], "blank row", 0.0, f"flow {f.spec.flow}" if tagged else "")
        builder.drop(sheet.rows[total], "total row", f.values[total].to_numpy(), sheet.names[f.column])
        _compare_totals(sheet, builder, label_cols, total, member, f.values, f" ({f.spec.flow})" if tagged else "")
        builder.drop(sheet.rows[no_value], "no value", 0.0, _row_text(sheet, np.flatnonzero(no_value)))
    system = options.code_system or block.block.code_system
    if "code" in cols and options.code is not None:
        raise DataError(sheet.file, f"the file has a code column ('{sheet.names[cols['code']]}'): --code is for "
                                    "files about one product without one; leave it out")
    if "code" in cols:
        codes, code_names, system = _codes(sheet, cols["code"], system, block.block.code_pattern, keep, builder)
    else:  # a file about one product: the code is given, or a constant of the mapping
        codes, code_names, system = _constant_code(sheet, block, system, options, builder)
    names = sheet.text(cols["name"]) if "name" in cols else code_names
    year, month = _years_months(sheet, block, options, keep, [f.column for f in flows], builder)
    reporter = options.reporter or block.block.constants.get("reporter")
    if reporter is None:
        reporter = "KOR"
        builder.warn("the file names no reporter: taken as KOR (set constants.reporter in a mapping file "
                     "otherwise)")
    partner, partner_bad = _partners(sheet, block, options, keep, builder)
    flow_col = _flow_column(sheet, block, keep)
    frames = []
    for f in flows:
        if flow_col is None and f.spec.flow not in ("M", "X"):
            raise DataError(sheet.file, "no flow: map a flow column (수출입구분) or set constants.flow = \"M\"/\"X\"")
        flow = flow_col if flow_col is not None else pd.Series(f.spec.flow, index=sheet.cells.index)
        zero = np.zeros(n, dtype=bool) if options.keep_zero else keep & (f.values.fillna(0) == 0).to_numpy()
        builder.drop(sheet.rows[zero], "zero value", 0.0, f"flow {f.spec.flow}" if tagged else "")
        bad = keep & ~zero & partner_bad
        if bad.any():
            builder.drop(sheet.rows[bad], "partner not a country", f.values[bad].to_numpy(),
                         sheet.text(cols["partner"])[bad].tolist())
        take = keep & ~zero & ~partner_bad
        _refuse_repeated_rows(sheet, block, take, {"year": year, "month": month, "flow": flow, "code": codes}, partner)
        frames.append(pd.DataFrame({
            "year": year[take], "month": month[take], "reporter": reporter,
            "partner": partner[take], "flow": flow[take], "code": codes[take], "code_system": system,
            "name": names[take] if names is not None else "", "value_usd": f.values[take],
            "qty": f.qty[take] if f.qty is not None else np.nan, "qty_unit": f.qty_unit,
            "source": display_name(sheet.file), "_row": sheet.rows[take],
        }))
        builder.meta.setdefault("unit", f.unit_label)
    return pd.concat(frames, ignore_index=True)


def _row_text(sheet: _Sheet, positions: np.ndarray) -> list[str]:
    """What a dropped row says (a note or footer), for the report."""
    out = []
    for pos in positions:
        cells = as_text(sheet.cells.iloc[pos])
        out.append(" | ".join(c for c in cells if c)[:120])
    return out


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _year_elsewhere(sheet: _Sheet, builder: ReportBuilder) -> int:
    """The year of a file without a year column: the one year its title rows state, else its name's."""
    titled = {int(m.group(1)) for line in sheet.layout.header.above for m in _YEAR_IN_TEXT.finditer(str(line))}
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


def _years_months(sheet: _Sheet, block: BlockColumns, options: _Options, keep: np.ndarray, money: list[int],
                  builder: ReportBuilder) -> tuple[pd.Series, pd.Series]:
    cols = block.columns
    year = pd.Series(0, index=sheet.cells.index, dtype="int64")
    month = pd.Series(0, index=sheet.cells.index, dtype="int64")
    ycol = cols.get("year", cols.get("period"))
    if ycol is not None and options.year is None:
        y, m = parse_period(sheet.cells[ycol][keep], sheet.file, sheet.names[ycol], sheet.rows[keep])
        year[keep] = y.to_numpy()
        month[keep] = m.to_numpy()
    else:
        const = _constant_year(sheet, block, options, money)
        if const is None:
            const = _year_elsewhere(sheet, builder)
        year[:] = const
    if "month" in cols:
        m = parse_month(sheet.cells[cols["month"]][keep], sheet.file, sheet.names[cols["month"]], sheet.rows[keep])
        month[keep] = m.to_numpy()
    elif options.month is not None:
        month[:] = int(options.month)
    elif "month" in block.block.constants and ycol is None:
        month[:] = int(block.block.constants["month"])
    return year, month


def _partners(sheet: _Sheet, block: BlockColumns, options: _Options, keep: np.ndarray, builder: ReportBuilder
              ) -> tuple[pd.Series, np.ndarray]:
    cols = block.columns
    n = len(sheet.cells)
    if "partner" not in cols:
        const = options.partner or block.block.constants.get("partner")
        if const is None:
            builder.warn("the file has no partner column: rows taken as world totals (WLD)")
            const = "WLD"
        iso, unmatched = to_iso3([const], source=display_name(sheet.file))
        if iso.iloc[0] is None:
            raise DataError(sheet.file, f"partner {const!r} is not a country, WLD or UNK")
        return pd.Series(iso.iloc[0], index=sheet.cells.index), np.zeros(n, dtype=bool)
    text = sheet.text(cols["partner"])
    iso = pd.Series("", index=text.index, dtype=object)
    bad = np.zeros(n, dtype=bool)
    if keep.any():
        mapped, unmatched = to_iso3(text[keep], source=display_name(sheet.file))
        _refuse_unknown_partners(sheet, cols["partner"], keep, unmatched)
        iso[keep] = mapped.fillna("").to_numpy()
        bad[keep] = mapped.isna().to_numpy()
        for rec in unmatched.itertuples(index=False):
            fate = "kept as UNK" if rec.iso3 == "UNK" else "rows dropped unless zero"
            reason = str(rec.reason).replace(", kept as UNK", "")
            builder.warn(f"partner '{rec.name}' ({rec.count} rows): {reason} — {fate}")
    return iso, bad


def _refuse_unknown_partners(sheet: _Sheet, idx: int, keep: np.ndarray, unmatched: pd.DataFrame) -> None:
    """A partner name the country table does not know is an error, not a row to drop.

    Groups (EU, ASEAN), organisations and unspecified partners have a known reason and
    are dropped or kept as UNK and reported; a name nobody knows is most likely a typo
    of a real partner (일보 for 일본), and dropping it would change that partner's share.
    """
    unknown = unmatched[unmatched["reason"].astype(str).str.startswith("unknown")]
    if unknown.empty:
        return
    text = sheet.text(idx)
    names = set(unknown["name"])
    pos = int(np.flatnonzero(keep & text.isin(names).to_numpy())[0])
    name = text.iloc[pos]
    close = difflib.get_close_matches(name, _known_partner_names(), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    more = f" ({len(names)} unknown names in all)" if len(names) > 1 else ""
    raise DataError(sheet.file, f"expected a country name (Korean or English) or an ISO code, got '{name}', which "
                                f"is in no country table{more}{hint}", row=int(sheet.rows[pos]),
                    column=sheet.names[idx])


@lru_cache(maxsize=1)
def _known_partner_names() -> list[str]:
    table = country_table()
    return sorted({n for col in ("name_ko", "name_ko_customs", "name_en") for n in table[col].astype(str) if n})


def _refuse_repeated_rows(sheet: _Sheet, block: BlockColumns, take: np.ndarray, key: dict[str, pd.Series],
                          partner: pd.Series) -> None:
    """Two rows with the same year, partner (as written), product and flow: a row entered twice.

    Rows whose partners only became one code on the way (blank or unspecified partners
    turning into UNK, two spellings of one country) are summed and reported later
    (``merge_duplicate_keys``); a partner written the same way twice is not a rule to apply
    but a mistake to show.
    """
    if "partner" not in block.columns:
        return
    written = sheet.text(block.columns["partner"])
    frame = pd.DataFrame({**{k: v[take] for k, v in key.items()}, "_p": written[take].map(squash)})
    frame = frame[(partner[take] != "UNK").to_numpy()]
    dup = frame.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    rows = sheet.rows[take][(partner[take] != "UNK").to_numpy()][dup]
    first, again = int(rows[0]), int(rows[1])
    at = np.flatnonzero(sheet.rows == again)[0]
    raise DataError(sheet.file, f"repeats row {first}: the same year, partner '{written.iloc[at]}' and product "
                                f"{key['code'].iloc[at]}: expected one row per year, partner, product and flow "
                                "(delete the repeated row, or add the two up if both are real)", row=again)


# ---------------------------------------------------------------------------------- items and sector profiles


def _record_table(sheet: _Sheet, block: BlockColumns, options: _Options, builder: ReportBuilder,
                  kind: str) -> pd.DataFrame:
    cols = block.columns
    mapping = sheet.layout.mapping
    money = [c for c in MONEY[kind] if c in cols]
    if not money:
        raise DataError(sheet.file, f"no money column mapped: a {kind} mapping needs {MONEY[kind][0]}")
    primary = money[0]
    money_idx = {cols[c] for c in money}
    label_cols = _label_columns(block, money_idx)
    used = sorted(set(cols.values()))
    _check_printable(sheet, used)
    blank = blank_mask(sheet.cells[used])
    total = _total_mask(sheet, label_cols) & ~blank
    member = ~blank & ~total
    values: dict[str, pd.Series] = {}
    unit_label = ""
    for c in money:
        label, factor = sheet.money_factor(cols[c], options, block.block.unit, mapping.unit)
        values[c] = _money(sheet, cols[c], factor, member)
        unit_label = unit_label or label
    prim = values[primary]
    no_value = member & prim.isna().to_numpy()
    keep = member & ~no_value
    n = len(sheet.cells)
    builder.read(n, float(prim.fillna(0).sum()))
    builder.drop(sheet.rows[blank], "blank row", 0.0)
    builder.drop(sheet.rows[total], "total row", prim[total].to_numpy(), sheet.names[cols[primary]])
    _compare_totals(sheet, builder, label_cols, total, member, prim)
    builder.drop(sheet.rows[no_value], "no value", 0.0, _row_text(sheet, np.flatnonzero(no_value)))
    builder.meta.setdefault("unit", unit_label)
    out = pd.DataFrame({"_row": sheet.rows[keep]})
    for c in money:
        out[c] = values[c][keep].to_numpy()
    if kind == "export_items":
        _items_columns(sheet, block, options, keep, builder, out, [cols[c] for c in money])
        return out
    _profile_columns(sheet, block, keep, out)
    return out


def _items_columns(sheet: _Sheet, block: BlockColumns, options: _Options, keep: np.ndarray, builder: ReportBuilder,
                   out: pd.DataFrame, money_idx: list[int]) -> None:
    cols = block.columns
    year_const = _constant_year(sheet, block, options, money_idx)
    if "year" in cols and year_const is None:
        y, _ = parse_period(sheet.cells[cols["year"]][keep], sheet.file, sheet.names[cols["year"]], sheet.rows[keep])
        out["year"] = y.to_numpy()
    elif year_const is not None:
        out["year"] = year_const
    else:
        raise DataError(sheet.file, "no year: map a year column, or set constants.year (a year, or \"header\" to "
                                    "read it from the header) in a mapping file")
    if "rank" in cols:
        out["rank"] = parse_int(sheet.cells[cols["rank"]][keep], sheet.file, sheet.names[cols["rank"]],
                                sheet.rows[keep], "a rank (whole number)").to_numpy()
    else:
        out["rank"] = np.arange(1, int(keep.sum()) + 1)
    system = options.code_system or block.block.code_system
    codes, code_names, system = _codes(sheet, cols["item_code"], system, block.block.code_pattern, keep, builder)
    out["item_code"] = codes[keep].to_numpy()
    out["code_system"] = system
    builder.meta.setdefault("code_system", system)
    if "item_name_ko" in cols:
        out["item_name_ko"] = sheet.text(cols["item_name_ko"])[keep].to_numpy()
    elif code_names is not None:
        out["item_name_ko"] = code_names[keep].to_numpy()
    else:
        out["item_name_ko"] = ""
    for c in ("item_name_en", "sector"):
        out[c] = sheet.text(cols[c])[keep].to_numpy() if c in cols else ""


def _profile_columns(sheet: _Sheet, block: BlockColumns, keep: np.ndarray, out: pd.DataFrame) -> None:
    cols = block.columns
    mapping = sheet.layout.mapping
    for c in ("sector", "sector_name_ko", "sector_name_en"):
        out[c] = sheet.text(cols[c])[keep].to_numpy() if c in cols else ""
    if "sme_share" in cols:
        idx = cols["sme_share"]
        share = parse_numbers(sheet.cells[idx], sheet.file, sheet.names[idx], sheet.rows, sheet.decimal)
        if is_percent(sheet.names[idx]) or mapping.values.get("sme_share", {}).get("unit") == "%":
            share = share / 100.0
        out["sme_share"] = share[keep].to_numpy()
    if "sme_share_basis" in cols:
        idx = cols["sme_share_basis"]
        table = {**_BASIS_VALUES, **mapping.values.get("sme_share_basis", {})}
        out["sme_share_basis"] = _recode(sheet.text(idx), table, sheet, sheet.names[idx], keep,
                                         "수출 (exports) or 산출 (output)")[keep].to_numpy()
    elif "sme_share_basis" in block.block.constants:
        out["sme_share_basis"] = str(block.block.constants["sme_share_basis"])
    if "sme_firms" in cols:
        idx = cols["sme_firms"]
        out["sme_firms"] = parse_numbers(sheet.cells[idx], sheet.file, sheet.names[idx], sheet.rows,
                                         sheet.decimal)[keep].to_numpy()


# ---------------------------------------------------------------------------------------------- entry point


def _decide_decimal(sheet: _Sheet, lay: Layout, builder: ReportBuilder) -> None:
    """Decimal point or decimal comma, once for the file, from every number column it maps."""
    money = set(MONEY[lay.mapping.kind])
    numeric = set()
    for b in lay.blocks:
        numeric |= {v for _, v, _ in b.flows} | {q for _, _, q in b.flows if q is not None}
        numeric |= {i for c, i in b.columns.items() if c in money or c in ("value", "qty", "sme_share", "sme_firms")}
    used = [i for i in sorted(numeric) if i in sheet.cells.columns]
    comma, why = detect_decimal_comma([sheet.cells[i] for i in used], lay.grid.delimiter, lay.grid.path,
                                      [sheet.names[i] for i in used], sheet.rows)
    if comma:
        sheet.decimal = ","
        builder.warn(why)


def load_table(path: str | Path, mapping: "str | Path | Mapping | None" = None, kind: str | None = None, *,
               sheet: str | int | None = None, header_row: int | None = None, header_rows: int | None = None,
               encoding: str | None = None, unit: str | float | None = None, code_system: str | None = None,
               year: int | None = None, month: int | None = None, reporter: str | None = None,
               partner: str | None = None, keep_zero: bool = False, layout: Layout | None = None,
               fx: object = None, code: str | None = None,
               ) -> tuple[pd.DataFrame, LoadReport]:
    """Read a people-made table (Korea Customs, K-stat, top-100, SME profile …) into a canonical table.

    Parameters
    ----------
    path : str or Path
        .xlsx, .xls (BIFF or HTML), or CSV (UTF-8, UTF-8 with BOM or CP949).
    mapping : str, Path or Mapping, optional
        A mapping TOML file or a built-in mapping's name; found automatically when omitted.
    kind : str, optional
        ``trade_flows`` (``imports``), ``export_items`` (``exports``) or ``sector_profile`` (``profile``).
    sheet, header_row, header_rows, encoding : optional
        Override what the mapping says or detection finds (``header_row`` is 1-based).
    unit : str or float, optional
        Money unit of every value column (``"천달러"``, ``"USD"``, ``1000``), overriding the file.
    code_system : str, optional
        ``HS2``/``HS4``/``HS6-2017``/``HSK10``/``MTI3`` …; overrides the mapping; inferred when neither says.
    year, month, reporter, partner : optional
        Values for identities the file does not hold (``reporter`` defaults to ``KOR``).
    keep_zero : bool
        Keep trade flows whose value is zero (dropped and reported by default).
    fx : dict, optional
        Exchange rates for amounts in another currency: currency → units per US dollar
        (``{"KRW": 1165.7}``); they add to (and win over) the mapping's ``[read] fx``.
    code : str, optional
        The product of a file about one product that has no code column
        (``"2811111000"``); the code system follows from its length.

    Returns
    -------
    table : pandas.DataFrame
        TradeFlows, ExportItems or SectorProfile, validated. Trade flows of blocks in
        different code systems side by side are reconciled (:mod:`exposure.io.combine`):
        the finer rows are kept, the coarser rows they cover are reported and checked
        against them in ``report.totals``.
    report : LoadReport

    Raises
    ------
    DataError
        For bad cells (naming file, row and column), a layout that fits no mapping, or missing units.
    ValidationFailures
        If the result breaks the canonical table's rules (e.g. duplicated items).
    """
    code = None if code is None else str(code).strip()
    lay = layout or resolve_layout(path, mapping, kind, sheet, header_row, header_rows, encoding, code=code)
    if lay.header.start >= len(lay.grid.cells):
        raise DataError(lay.grid.path, "the header is the last row: expected rows of data under it",
                        row=lay.header.row + lay.header.n_rows - 1)
    try:
        rates = {**parse_fx(lay.mapping.fx, "the mapping's fx"), **parse_fx(fx, "--fx")}
    except ValueError as exc:
        raise DataError(lay.grid.path, str(exc)) from None
    options = _Options(unit, code_system, year, month, reporter, partner, keep_zero, rates, code)
    sheet_ = _Sheet(lay)
    sheet_.fx = rates
    kind_ = lay.mapping.kind
    builder = ReportBuilder(lay.grid.path, format=lay.grid.format, encoding=lay.grid.encoding, sheet=lay.grid.sheet,
                            header_row=lay.header.row, column_mapping=lay.column_mapping())
    for note in lay.grid.notes:
        builder.warn(note)
    if lay.mapping_origin != "auto":
        builder.warn(f"read with the {lay.mapping_origin} mapping '{lay.mapping.name}'")
    if len(lay.blocks) > 1:
        builder.warn(f"{len(lay.blocks)} tables side by side: " + ", ".join(
            f"'{b.block.name}'" for b in lay.blocks))
    unused = lay.unused_columns()
    if unused:
        builder.warn("columns not used: " + ", ".join(unused))
    _decide_decimal(sheet_, lay, builder)
    parts = []
    for block in lay.blocks:
        if kind_ == "trade_flows":
            parts.append(_flow_records(sheet_, block, options, builder))
        else:
            parts.append(_record_table(sheet_, block, options, builder, kind_))
    for note in sorted(sheet_.converted):
        builder.warn(note)
    table = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    if len(table) and "code_system" in table.columns:
        builder.meta["code_system"] = ", ".join(pd.unique(table["code_system"]).tolist())
    if kind_ == "trade_flows":
        if len(lay.blocks) > 1 and len(table):
            table = reconcile_blocks(table, builder)
        return finish_flows(table, builder, display_name(lay.grid.path))
    spec = {"export_items": EXPORT_ITEMS, "sector_profile": SECTOR_PROFILE}[kind_]
    if len(table) and "_row" in table.columns:
        table = table.sort_values("_row", kind="stable").reset_index(drop=True)
    checked = validate(table, spec, source=display_name(lay.grid.path))
    checked = checked[[c for c in spec.names if c in checked.columns]].reset_index(drop=True)
    primary = MONEY[kind_][0]
    value_kept = float(checked[primary].sum()) if len(checked) else 0.0
    return checked, builder.finish(len(checked), value_kept)
