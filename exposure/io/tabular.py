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
per row; report rows count records, so ``rows_read`` is rows × flows. The cell helpers
live in :mod:`exposure.io.sheet`, the trade-flow records in :mod:`exposure.io.flowtable`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.combine import reconcile_blocks
from exposure.io.fields import blank_mask, parse_int, parse_period, part_of_year_warning
from exposure.io.flows import finish_flows
from exposure.io.flowtable import flow_records
from exposure.io.layout import BlockColumns, Layout, resolve_layout
from exposure.io.limits import display_name
from exposure.io.mapping import MONEY, Mapping
from exposure.io.numbers import detect_decimal_comma, parse_numbers, refuse_fractions_as_percent
from exposure.io.reporting import ReportBuilder
from exposure.io.streamcsv import Decline, streamable
from exposure.io.streamflows import load_streamed
from exposure.io.sheet import (Options, Sheet, check_printable, codes_column, compare_totals, constant_year,
                               label_columns, money_column, recode, row_text, total_mask)
from exposure.io.units import is_percent, parse_fx
from exposure.schema import EXPORT_ITEMS, SECTOR_PROFILE, LoadReport, validate

_BASIS_VALUES = {"수출": "exports", "수출액": "exports", "exports": "exports", "export": "exports",
                 "산출": "output", "산출액": "output", "생산": "output", "생산액": "output", "output": "output",
                 "매출": "output", "매출액": "output"}


# ---------------------------------------------------------------------------------- items and sector profiles


def _record_table(sheet: Sheet, block: BlockColumns, options: Options, builder: ReportBuilder,
                  kind: str) -> pd.DataFrame:
    cols = block.columns
    mapping = sheet.layout.mapping
    money = [c for c in MONEY[kind] if c in cols]
    if not money:
        raise DataError(sheet.file, f"no money column mapped: a {kind} mapping needs {MONEY[kind][0]}")
    primary = money[0]
    money_idx = {cols[c] for c in money}
    label_cols = label_columns(block, money_idx)
    used = sorted(set(cols.values()))
    check_printable(sheet, used)
    blank = blank_mask(sheet.cells[used])
    total = total_mask(sheet, label_cols) & ~blank
    member = ~blank & ~total
    values: dict[str, pd.Series] = {}
    unit_label = ""
    for c in money:
        label, factor = sheet.money_factor(cols[c], options, block.block.unit, mapping.unit)
        values[c] = money_column(sheet, cols[c], factor, member)
        unit_label = unit_label or label
    prim = values[primary]
    if {"export_usd", "export_to_target_usd"} <= set(values):
        _refuse_part_above_whole(sheet, cols, values, member)
    no_value = member & prim.isna().to_numpy()
    keep = member & ~no_value
    n = len(sheet.cells)
    builder.read(n, float(prim.fillna(0).sum()))
    builder.drop(sheet.rows[blank], "blank row", 0.0)
    builder.drop(sheet.rows[total], "total row", prim[total].to_numpy(), sheet.names[cols[primary]])
    # a ranked table (the top 100 items) lists only part of what its 총계 totals
    compare_totals(sheet, builder, label_cols, total, member, prim, of_more_rows="rank" in block.columns)
    builder.drop(sheet.rows[no_value], "no value", 0.0, row_text(sheet, np.flatnonzero(no_value)))
    builder.meta.setdefault("unit", unit_label)
    out = pd.DataFrame({"_row": sheet.rows[keep]})
    for c in money:
        out[c] = values[c][keep].to_numpy()
    if kind == "export_items":
        _items_columns(sheet, block, options, keep, builder, out, [cols[c] for c in money])
        return out
    _profile_columns(sheet, block, keep, out)
    return out


#: below this size a streamed table gets the generic reader's text columns rather than categories: the same
#: table as before the streamed reader took such files, for code that groups by its columns
CATEGORIES_FROM_BYTES = 8 * 1024 * 1024


def _generic_types(table: pd.DataFrame, path: Path) -> pd.DataFrame:
    if path.stat().st_size >= CATEGORIES_FROM_BYTES:
        return table
    out = table.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = pd.Series(out[c].astype(object).to_numpy(), index=out.index)  # str (pandas 3) or object
    return out


def _refuse_part_above_whole(sheet: Sheet, cols: dict[str, int], values: dict[str, pd.Series], member: np.ndarray
                             ) -> None:
    """Exports to the target above all exports of the row: one of the two columns is not what its header says."""
    part, whole = values["export_to_target_usd"].to_numpy(float), values["export_usd"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(member & (part > whole * (1 + 1e-9)) & np.isfinite(whole))
    if len(bad):
        k = int(bad[0])
        i, j = cols["export_to_target_usd"], cols["export_usd"]
        raise DataError(sheet.file, f"exports to the target {sheet.cells[i].iloc[k]} are more than all exports "
                                    f"{sheet.cells[j].iloc[k]} ('{sheet.names[j]}'): expected exports to the target "
                                    "within the total", row=int(sheet.rows[k]), column=sheet.names[i])


def _items_columns(sheet: Sheet, block: BlockColumns, options: Options, keep: np.ndarray, builder: ReportBuilder,
                   out: pd.DataFrame, money_idx: list[int]) -> None:
    cols = block.columns
    year_const = constant_year(sheet, block, options, money_idx)
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
    codes, code_names, system = codes_column(sheet, cols["item_code"], system, block.block.code_pattern, keep, builder)
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


def _profile_columns(sheet: Sheet, block: BlockColumns, keep: np.ndarray, out: pd.DataFrame) -> None:
    cols = block.columns
    mapping = sheet.layout.mapping
    for c in ("sector", "sector_name_ko", "sector_name_en"):
        out[c] = sheet.text(cols[c])[keep].to_numpy() if c in cols else ""
    if "sme_share" in cols:
        idx = cols["sme_share"]
        share = parse_numbers(sheet.cells[idx], sheet.file, sheet.names[idx], sheet.rows, sheet.decimal,
                              percent=True)
        if is_percent(sheet.names[idx]) or mapping.values.get("sme_share", {}).get("unit") == "%":
            refuse_fractions_as_percent(share, sheet.cells[idx], keep, sheet.file, sheet.names[idx], sheet.rows)
            share = share / 100.0
        out["sme_share"] = share[keep].to_numpy()
    if "sme_share_basis" in cols:
        idx = cols["sme_share_basis"]
        table = {**_BASIS_VALUES, **mapping.values.get("sme_share_basis", {})}
        out["sme_share_basis"] = recode(sheet.text(idx), table, sheet, sheet.names[idx], keep,
                                         "수출 (exports) or 산출 (output)")[keep].to_numpy()
    elif "sme_share_basis" in block.block.constants:
        out["sme_share_basis"] = str(block.block.constants["sme_share_basis"])
    if "sme_firms" in cols:
        idx = cols["sme_firms"]
        out["sme_firms"] = parse_numbers(sheet.cells[idx], sheet.file, sheet.names[idx], sheet.rows,
                                         sheet.decimal)[keep].to_numpy()


# ---------------------------------------------------------------------------------------------- entry point


def _decide_decimal(sheet: Sheet, lay: Layout, builder: ReportBuilder) -> None:
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
    if layout is None and streamable(path, sheet=sheet, header_row=header_row, header_rows=header_rows, year=year,
                                     month=month, partner=partner, code=code):
        try:
            table, report, _lay = load_streamed(path, mapping, kind, encoding=encoding, unit=unit,
                                                code_system=code_system, reporter=reporter, keep_zero=keep_zero,
                                                fx=fx)
            return _generic_types(table, Path(path)), report
        except Decline:
            pass  # not a file the streamed reader takes: the generic reader below says what it is
    lay = layout or resolve_layout(path, mapping, kind, sheet, header_row, header_rows, encoding, code=code)
    if lay.header.start >= len(lay.grid.cells):
        raise DataError(lay.grid.path, "the header is the last row: expected rows of data under it",
                        row=lay.header.row + lay.header.n_rows - 1)
    try:
        rates = {**parse_fx(lay.mapping.fx, "the mapping's fx"), **parse_fx(fx, "--fx")}
    except ValueError as exc:
        raise DataError(lay.grid.path, str(exc)) from None
    options = Options(unit, code_system, year, month, reporter, partner, keep_zero, rates, code)
    sheet_ = Sheet(lay)
    sheet_.fx = rates
    kind_ = lay.mapping.kind
    builder = ReportBuilder(lay.grid.path, format=lay.grid.format, encoding=lay.grid.encoding, sheet=lay.grid.sheet,
                            header_row=lay.header.row, column_mapping=lay.column_mapping())
    for note in lay.grid.notes:
        builder.warn(note)
    if lay.mapping_origin != "auto":
        builder.warn(f"read with the {lay.mapping_origin} mapping '{lay.mapping.name}'")
    part = part_of_year_warning(lay.header.above)
    if part:
        builder.warn(part)
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
            parts.append(flow_records(sheet_, block, options, builder))
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
        return finish_flows(table, builder, display_name(lay.grid.path), refuse_named=True)
    spec = {"export_items": EXPORT_ITEMS, "sector_profile": SECTOR_PROFILE}[kind_]
    if len(table) and "_row" in table.columns:
        table = table.sort_values("_row", kind="stable").reset_index(drop=True)
    checked = validate(table, spec, source=display_name(lay.grid.path))
    checked = checked[[c for c in spec.names if c in checked.columns]].reset_index(drop=True)
    primary = MONEY[kind_][0]
    value_kept = float(checked[primary].sum()) if len(checked) else 0.0
    return checked, builder.finish(len(checked), value_kept)
