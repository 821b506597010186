"""Korean-style input–output workbooks: a domestic and an imported transactions sheet.

Layout (the demo's ``io_table_2019.xlsx``, after the Bank of Korea's 국산거래표 /
수입거래표)::

    row 1  title
    row 2  단위: 백만달러
    row 3  코드 | 부문명 | <sector codes …> | 최종수요 | 수출 | 총수요
    rows   one per sector (same codes and order as the columns)
    국산거래표 only: 부가가치 (value added) and 총산출액 (total output) rows

Result: ``domestic`` = 국산거래표 intermediate block, ``imported`` = 수입거래표
intermediate block, ``output`` = 총산출액 row, ``exports`` = 수출 column of both
sheets (domestic exports plus re-exports of imports), ``imports`` = 총수요 column of
수입거래표 (all uses of imported goods), all in USD.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.fields import as_text
from exposure.io.grid import Grid, read_grid, sheet_names
from exposure.io.header import find_header, squash
from exposure.io.numbers import parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.iocheck import check_io_arrays, check_trade_columns
from exposure.io.units import currency_name, fx_hint, parse_fx, parse_unit_option, title_unit, to_usd
from exposure.schema import IOTable, LoadReport

DOMESTIC_SHEETS = ("국산거래표", "국산", "domestic")
IMPORTED_SHEETS = ("수입거래표", "수입", "imported", "imports")
_VALUE_ADDED = {"부가가치", "부가가치계", "valueadded", "va"}
_OUTPUT = {"총산출액", "총산출", "산출액", "총투입", "총투입액", "output", "totaloutput"}
_FINAL = ("최종수요", "최종수요계", "finaldemand")
_EXPORTS = ("수출", "exports", "export")
_TOTAL = ("총수요", "총수요계", "totaldemand", "총공급")


def is_io_workbook(sheets: list[str]) -> bool:
    """True when a workbook has a domestic and an imported transactions sheet."""
    return _pick(sheets, DOMESTIC_SHEETS) is not None and _pick(sheets, IMPORTED_SHEETS) is not None


def _pick(sheets: list[str], wanted: tuple[str, ...]) -> str | None:
    for w in wanted:
        for s in sheets:
            if squash(s) == squash(w):
                return s
    for w in wanted[:1]:
        for s in sheets:
            if squash(w) in squash(s):
                return s
    return None


class _Part:
    """One transactions sheet: sector block, extra columns and extra rows, as numbers in USD."""

    def __init__(self, grid: Grid, unit: str | float | None, fx: dict[str, float] | None = None) -> None:
        self.grid = grid
        head = find_header(grid, [["코드", "code"], ["부문명", "sector"], list(_TOTAL)], header_rows=1)
        self.header = head
        names = head.names
        keys = [squash(n) for n in names]
        try:
            first = 2 if squash(names[1]) in ("부문명", "sector", "sectorname") else 1
            final_at = next(i for i, k in enumerate(keys) if k in _FINAL)
        except (StopIteration, IndexError):
            raise DataError(grid.path, f"sheet '{grid.sheet}': expected a header 코드 | 부문명 | sectors … | 최종수요 | "
                                       "수출 | 총수요", row=head.row) from None
        self.codes = [n for n in names[first:final_at]]
        self.final_col = final_at
        self.export_col = next((i for i, k in enumerate(keys) if k in _EXPORTS), None)
        self.total_col = next((i for i, k in enumerate(keys) if k in _TOTAL), None)
        if self.export_col is None or self.total_col is None:
            raise DataError(grid.path, f"sheet '{grid.sheet}': columns 수출 and 총수요 are required", row=head.row)
        if unit is not None:
            try:
                self.unit = parse_unit_option(unit, fx)
            except ValueError as exc:
                raise DataError(grid.path, f"sheet '{grid.sheet}': {exc}") from None
        else:
            try:
                found = title_unit(head.above)
            except ValueError as exc:
                raise DataError(grid.path, f"sheet '{grid.sheet}': the unit row {exc}") from None
            if found is None:
                raise DataError(grid.path, f"sheet '{grid.sheet}': no unit row (e.g. '단위: 백만달러'): expected the "
                                           "money unit above the table")
            converted = to_usd(found, fx)
            if converted is None:
                raise DataError(grid.path, f"sheet '{grid.sheet}': the unit row states {found.label}, which is "
                                           f"{currency_name(found.currency)} ({found.currency}), not US dollars: "
                                           + fx_hint(found.currency))
            self.unit = converted
        cells = grid.cells.iloc[head.start:].reset_index(drop=True)
        self.rows = grid.rows[head.start:]
        blank = cells.isna().all(axis=1).to_numpy()
        self.cells = cells[~blank].reset_index(drop=True)
        self.rows = self.rows[~blank]
        self.blank_rows = grid.rows[head.start:][blank]
        self.labels = as_text(self.cells[0])
        self.row_names = as_text(self.cells[1]) if first == 2 else self.labels
        factor = self.unit[1]
        parsed = pd.DataFrame({c: parse_numbers(self.cells[c], grid.path, names[c], self.rows).to_numpy(dtype="float64")
                               for c in range(first, len(names)) if names[c]})
        self.empty = parsed.isna().to_numpy()  # published tables leave zero cells empty: read as 0 (empty_note)
        self.values = parsed.fillna(0.0) * factor
        self.first = first
        self.names = names

    def row_kind(self, pos: int) -> str:
        keys = {squash(self.labels.iloc[pos]), squash(self.row_names.iloc[pos])}
        if keys & _VALUE_ADDED:
            return "value_added"
        if keys & _OUTPUT:
            return "output"
        return "sector" if self.labels.iloc[pos] in self.codes else "other"

    def empty_note(self, label: str, sector_pos: list[int]) -> str | None:
        """How many cells the table is built from were empty (read as 0): sector rows, and the sector columns of
        the value-added and output rows; the first one named."""
        cols = list(self.values.columns)
        in_sectors = np.array([self.first <= c < self.final_col for c in cols])
        used = np.zeros_like(self.empty)
        used[sector_pos, :] = True
        others = [i for i in range(len(self.labels)) if self.row_kind(i) in ("value_added", "output")]
        used[np.ix_(others, np.flatnonzero(in_sectors))] = True
        at = np.argwhere(self.empty & used)
        if not len(at):
            return None
        first = at[np.lexsort((at[:, 1], at[:, 0]))[0]]
        return (f"sheet '{label}': {len(at)} empty cell{'s' if len(at) > 1 else ''} read as 0 (the first at row "
                f"{int(self.rows[first[0]])}, column '{self.names[cols[first[1]]]}')")

    def block(self, sector_pos: list[int]) -> np.ndarray:
        cols = list(range(self.first, self.final_col))
        return self.values.loc[sector_pos, cols].to_numpy()

    def column(self, col: int, sector_pos: list[int]) -> np.ndarray:
        return self.values.loc[sector_pos, col].to_numpy()


def load_io_workbook(path: str | Path, unit: str | float | None = None, domestic_sheet: str | None = None,
                     imported_sheet: str | None = None, fx: object = None) -> tuple[IOTable, LoadReport]:
    """Read a workbook with 국산거래표 and 수입거래표 sheets into an IOTable in USD.

    Parameters
    ----------
    path : str or Path
        .xlsx or .xls workbook.
    unit : str or float, optional
        Money unit when the sheets have no ``단위:`` row (``"백만달러"``, ``1e6``).
    domestic_sheet, imported_sheet : str, optional
        Sheet names when they are not 국산거래표 / 수입거래표 (hidden sheets are used only when named).
    fx : dict, optional
        Exchange rates (currency → units per US dollar) for a table in another currency,
        e.g. ``{"KRW": 1165.7}`` for the Bank of Korea's 백만원 tables.

    Returns
    -------
    table : IOTable
    report : LoadReport
        Rows of both sheets; a row's value is the sum of its intermediate cells. Sector rows are
        kept; 부가가치 and 총산출액 are reported (총산출액 is compared with the column sums).

    Raises
    ------
    DataError
        If a sheet is missing, the sectors of rows and columns differ, or a cell is not a number.
    """
    p = Path(path)
    try:
        rates = parse_fx(fx, "--fx")
    except ValueError as exc:
        raise DataError(p, str(exc)) from None
    sheets = sheet_names(p)
    visible = sheet_names(p, visible_only=True)
    dom_name = domestic_sheet or _pick(visible, DOMESTIC_SHEETS)
    imp_name = imported_sheet or _pick(visible, IMPORTED_SHEETS)
    if dom_name is None or imp_name is None:
        hidden = [s for s in sheets if s not in visible and (_pick([s], DOMESTIC_SHEETS) or _pick([s], IMPORTED_SHEETS))]
        why = (f"; {', '.join(repr(h) for h in hidden)} {'is' if len(hidden) == 1 else 'are'} hidden, and a hidden "
               "sheet is read only when named" if hidden else "")
        raise DataError(p, f"expected sheets 국산거래표 and 수입거래표, found {sheets}{why}")
    dom = _Part(read_grid(p, dom_name), unit, rates)
    imp = _Part(read_grid(p, imp_name), unit, rates)
    if dom.codes != imp.codes:
        only_dom = [c for c in dom.codes if c not in imp.codes]
        only_imp = [c for c in imp.codes if c not in dom.codes]
        detail = "; ".join(part for part in (
            f"only in '{dom_name}': {', '.join(only_dom)}" if only_dom else "",
            f"only in '{imp_name}': {', '.join(only_imp)}" if only_imp else "") if part) or "the order differs"
        raise DataError(p, f"the sector columns of '{dom_name}' and '{imp_name}' differ ({detail}): expected the "
                           "same sectors in the same order on both sheets", row=imp.header.row,
                        column=(only_imp or only_dom or [None])[0])
    builder = ReportBuilder(p, format=dom.grid.format, sheet=f"{dom_name}, {imp_name}", header_row=dom.header.row,
                            unit=dom.unit[0], code_system="sectors",
                            column_mapping={"domestic": dom_name, "imported": imp_name, "output": "총산출액",
                                            "exports": "수출", "imports": f"{imp_name} 총수요"})
    sectors = dom.codes
    repeated = sorted({c for c in sectors if sectors.count(c) > 1})
    if repeated:
        raise DataError(p, f"sheet '{dom_name}': sector {repeated[0]} heads two columns: expected one column per "
                           "sector", row=dom.header.row, column=repeated[0])
    blocks = {}
    for part, label in ((dom, dom_name), (imp, imp_name)):
        row_sum = part.values[list(range(part.first, part.final_col))].sum(axis=1).to_numpy()
        builder.read(len(part.labels) + len(part.blank_rows), float(row_sum.sum()))
        builder.drop(part.blank_rows, "blank row", 0.0, label)
        pos = {}
        for i in range(len(part.labels)):
            kind = part.row_kind(i)
            if kind == "sector":
                code = part.labels.iloc[i]
                if code in pos:
                    raise DataError(p, f"sheet '{label}': sector {code} has two rows ({int(part.rows[pos[code]])} and "
                                       f"{int(part.rows[i])}): expected one row per sector column",
                                    row=int(part.rows[i]))
                pos[code] = i
            elif kind == "value_added":
                builder.drop([part.rows[i]], "value added (not a flow between sectors)", row_sum[i], label)
            elif kind == "output":
                builder.drop([part.rows[i]], "total row (used as output)", row_sum[i], label)
            else:
                raise DataError(p, f"sheet '{label}': row label '{part.labels.iloc[i]}' is neither a sector code of "
                                   "the header nor 부가가치/총산출액: expected a square table, one row per sector column",
                                row=int(part.rows[i]))
        missing = [s for s in sectors if s not in pos]
        if missing:
            raise DataError(p, f"sheet '{label}': the table is not square: no row for sector{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)}: expected one row for each sector column", column=missing[0])
        blocks[label] = [pos[s] for s in sectors]
        note = part.empty_note(label, blocks[label])
        if note:
            builder.warn(note)
    dpos, ipos = blocks[dom_name], blocks[imp_name]
    zd, zm = dom.block(dpos), imp.block(ipos)
    out_at = [i for i in range(len(dom.labels)) if dom.row_kind(i) == "output"]
    if not out_at:
        raise DataError(p, f"sheet '{dom_name}': no 총산출액 (total output) row")
    output = dom.values.loc[out_at[0], list(range(dom.first, dom.final_col))].to_numpy()
    negative = np.flatnonzero(output < 0)
    if len(negative):
        at = int(negative[0])
        raw = dom.cells.iloc[out_at[0]][dom.first + at]
        raise DataError(p, f"sheet '{dom_name}': expected a total output (총산출액) ≥ 0, got {raw}",
                        row=int(dom.rows[out_at[0]]), column=sectors[at])
    exports = dom.column(dom.export_col, dpos) + imp.column(imp.export_col, ipos)
    imports = imp.column(imp.total_col, ipos)
    va_at = [i for i in range(len(dom.labels)) if dom.row_kind(i) == "value_added"]
    inputs = zd.sum() + zm.sum() + (dom.values.loc[va_at[0], list(range(dom.first, dom.final_col))].sum()
                                    if va_at else 0.0)
    builder.total(int(dom.rows[out_at[0]]), "총산출액 (all sectors)", float(output.sum()), float(inputs))
    _check_rows(dom, dpos, dom_name, builder)
    _check_rows(imp, ipos, imp_name, builder)
    check_io_arrays(p, sectors, zd, zm, output, dom.unit[1])
    check_trade_columns(p, sectors, exports, imports, dom.unit[1])  # after the flows: they are what a sum goes wrong from
    if va_at:  # each column: output = its intermediate inputs + value added; a total typed wrong moves every rate
        column_in = zd.sum(axis=0) + zm.sum(axis=0) + dom.values.loc[va_at[0], list(range(dom.first,
                                                                                         dom.final_col))].to_numpy()
        off = np.flatnonzero(np.abs(output - column_in) > 0.01 * np.maximum(np.abs(output), np.abs(column_in)))
        if len(off):
            at = int(off[0])
            raise DataError(p, f"sheet '{dom_name}': sector {sectors[at]}'s total output (총산출액) is not its "
                               f"intermediate inputs plus value added ({output[at] / dom.unit[1]:,.0f} against "
                               f"{column_in[at] / dom.unit[1]:,.0f} {dom.unit[0]}): expected the column to add up "
                               "within 1 % (check the 총산출액 and 부가가치 rows)", row=int(dom.rows[out_at[0]]),
                            column=sectors[at])
    table = IOTable.from_arrays(
        sectors, zd, zm, output, exports, imports,
        names=dict(zip(sectors, [dom.row_names.iloc[i] for i in dpos])),
        notes=[f"Domestic and imported intermediate flows from the sheets '{dom_name}' and '{imp_name}'; "
               f"{dom.unit[0]} converted to USD."],
        source=p.name,
    )
    kept = float(zd.sum() + zm.sum())
    return table, builder.finish(2 * len(sectors), kept)


def _check_rows(part: _Part, pos: list[int], label: str, builder: ReportBuilder) -> None:
    """Warn when a sector row's 총수요 differs from intermediate + 최종수요 + 수출 by more than 0.1%."""
    cols = list(range(part.first, part.final_col)) + [part.final_col, part.export_col]
    parts = part.values.loc[pos, cols].sum(axis=1).to_numpy()
    total = part.values.loc[pos, part.total_col].to_numpy()
    off = np.abs(parts - total) > 1e-3 * np.maximum(np.abs(total), 1.0)
    if off.any():
        bad = [part.labels.iloc[p] for p, o in zip(pos, off) if o]
        builder.warn(f"sheet '{label}': 총수요 differs from intermediate use + 최종수요 + 수출 in rows {bad[:10]}")
