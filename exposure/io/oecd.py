"""OECD Input-Output Tables (IOT) as exported from OECD.Stat: transactions and Leontief inverses.

The CSV has metadata rows (``Dataset``, ``Variable``, ``Country``, ``Time``,
``Unit``) above a header whose cells are ``CODE: name`` (``D26: Computer,
electronic and optical products``), a ``From:`` row, the data rows (also
``CODE: name``; products are ``TTL_26`` in the total-flows table and
``DOM_26`` in the domestic Leontief inverse) and a ``Data extracted on …``
footer.

The total-flows table (``TTL``) has no split between domestic and imported
intermediate flows. :func:`load_oecd_iot` makes one with the
import-proportionality assumption (DESIGN §5): every user of product i buys
the same imported share m(i) = imports(i) / (output(i) + imports(i)), so
Z^M = diag(m) · Z and Z^D = Z − Z^M. The table's ``notes`` say so.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.encoding import read_text
from exposure.io.numbers import parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.iocheck import check_io_arrays, check_leontief, check_trade_columns
from exposure.io.units import currency_name, find_unit, fx_hint, parse_fx, to_usd
from exposure.linkage import calc_import_shares
from exposure.schema import IOTable, LoadReport

_ROW_PREFIX = re.compile(r"^(TTL|DOM|IMP)_(?=\d)")
_INDUSTRY = re.compile(r"^D\d")
PROPORTIONALITY_NOTE = (
    "Imported intermediate flows are estimated with the import-proportionality assumption: "
    "m(i) = imports(i) / (output(i) + imports(i)); Z^M(i,j) = m(i)·Z(i,j); Z^D = Z − Z^M "
    "(the OECD table gives total flows only).")


@dataclass
class OecdSheet:
    """The parsed CSV: metadata, column codes/names, row codes/names and the raw value cells."""

    path: Path
    meta: dict[str, str]
    col_codes: list[str]
    col_names: list[str]
    row_codes: list[str]
    row_names: list[str]
    row_numbers: list[int]
    cells: pd.DataFrame  # raw text, rows × columns

    @property
    def variable(self) -> str:
        return self.meta.get("variable", "").split(":")[0].strip().upper()


def _split(label: str) -> tuple[str, str]:
    code, _, name = str(label).partition(":")
    return code.strip(), " ".join(name.split())


def is_oecd_iot(text_head: str) -> bool:
    """Does the start of a CSV look like an OECD.Stat IOT export?"""
    return ("Input-Output Tables" in text_head or "IOTs" in text_head) and (
        "To: (sector in column)" in text_head or "To industry" in text_head or "Variable" in text_head)


def read_oecd_sheet(path: str | Path) -> OecdSheet:
    """Parse an OECD.Stat IOT CSV into codes, names and raw cells.

    Raises
    ------
    DataError
        If no header row (``To: …`` / ``To industry …``) is found.
    """
    p = Path(path)
    text, _enc = read_text(p)
    records = list(csv.reader(io.StringIO(text, newline="")))
    meta: dict[str, str] = {}
    header_at = None
    for n, rec in enumerate(records):
        first = rec[0].strip() if rec else ""
        if first.startswith("To") and ("sector" in first.lower() or "industry" in first.lower()):
            header_at = n
            break
        if first.startswith("Dataset:"):
            meta["dataset"] = first.partition(":")[2].strip()
        elif first and len(rec) > 2:
            meta[first.lower()] = rec[2].strip()
    if header_at is None:
        raise DataError(p, "no header row starting 'To: (sector in column)' or 'To industry': not an OECD IOT export")
    header = records[header_at]
    col_codes, col_names = zip(*[_split(c) for c in header[2:]]) if len(header) > 2 else ((), ())
    width = len(col_codes)
    while width and not col_codes[width - 1]:
        width -= 1
    row_codes, row_names, numbers, values = [], [], [], []
    for n in range(header_at + 1, len(records)):
        rec = records[n]
        first = rec[0].strip() if rec else ""
        if not first or first.startswith("From") or first.startswith("Data extracted"):
            continue
        code, name = _split(first)
        row_codes.append(code)
        row_names.append(name)
        numbers.append(n + 1)
        cells = (rec[2:] + [""] * width)[:width]
        values.append(cells)
    codes = [c for c in col_codes[:width] if c]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:  # a column read twice would be summed or picked at random: which one is meant cannot be told
        at = [k for k, c in enumerate(col_codes[:width]) if c == twice[0]]
        raise DataError(p, f"column {twice[0]} appears twice in the header (columns {at[0] + 3} and {at[1] + 3}): "
                           "expected each industry once", row=header_at + 1, column=twice[0])
    again = next((k for k, c in enumerate(row_codes) if c in row_codes[:k]), None)
    if again is not None:
        first = numbers[row_codes.index(row_codes[again])]
        raise DataError(p, f"row {row_codes[again]} appears twice (rows {first} and {numbers[again]}): expected each "
                           "product and total row once", row=numbers[again])
    cells = pd.DataFrame(values, columns=list(col_codes[:width]), dtype=object)
    return OecdSheet(p, meta, list(col_codes[:width]), list(col_names[:width]), row_codes, row_names, numbers, cells)


def _numbers(sheet: OecdSheet, columns: list[str]) -> pd.DataFrame:
    """The cells of ``columns`` as numbers (a blank cell NaN: see :func:`_refuse_blanks`)."""
    rows = np.asarray(sheet.row_numbers)
    return pd.DataFrame({c: parse_numbers(sheet.cells[c], sheet.path, c, rows).to_numpy(dtype="float64")
                         for c in columns}, index=sheet.row_codes)


def _refuse_blanks(sheet: OecdSheet, values: pd.DataFrame, rows: list[str], columns: list[str]) -> None:
    """Refuse a blank among the cells the table is built from; a blank is never read as 0.

    OECD tables give every cell, zeros included: a blank one is a damaged or hand-edited file, and
    reading it as 0 would move output, exports or a coefficient without a word.
    """
    part = values.loc[rows, columns].to_numpy()
    blank = np.argwhere(np.isnan(part))
    if len(blank):
        r, c = (int(x) for x in blank[0])
        raise DataError(sheet.path, f"expected a number in row {rows[r]}, got an empty cell (OECD tables give every "
                                    "cell, zeros included: a blank is not read as 0)",
                        row=sheet.row_numbers[sheet.row_codes.index(rows[r])], column=columns[c])


def _sector(code: str) -> str:
    """Row code ``TTL_26`` / ``DOM_26`` → sector ``D26`` (the column code)."""
    return "D" + _ROW_PREFIX.sub("", code) if _ROW_PREFIX.match(code) else code


def _factor(sheet: OecdSheet, fx: dict[str, float] | None = None) -> tuple[str, float]:
    text = sheet.meta.get("unit", "")
    try:
        found = find_unit(text, standalone=True)
    except ValueError as exc:
        raise DataError(sheet.path, f"the unit {exc}", column="Unit") from None
    if found is None:
        raise DataError(sheet.path, f"unit '{text}' is not a money unit: expected 'US Dollar, Millions'",
                        column="Unit")
    converted = to_usd(found, fx)
    if converted is None:
        raise DataError(sheet.path, f"unit '{text}' is {currency_name(found.currency)} ({found.currency}), not US "
                                    f"dollars: {fx_hint(found.currency)}", column="Unit")
    return converted


def load_oecd_iot(path: str | Path, fx: object = None) -> tuple[IOTable, LoadReport]:
    """Read an OECD IOT total-flows table (``TTL``) into an IOTable in USD.

    Rows ``TTL_xx`` (products) × industry columns ``Dxx`` give Z; ``OUTPUT`` gives
    output, ``EXPO`` exports and ``−IMPO`` imports; the domestic/imported split
    follows the import-proportionality assumption (see the module docstring).

    Returns
    -------
    table : IOTable
        Sector labels are the column codes (``D26``); ``names`` maps them to the OECD names.
    report : LoadReport
        Rows are the table's rows; the value of a row is the sum of its industry cells.
        Product rows are kept; tax, value-added, total and output rows are reported.

    Raises
    ------
    DataError
        If the file is not such a table, a cell is not a number, or rows and columns disagree.
    """
    sheet = read_oecd_sheet(path)
    p = sheet.path
    if sheet.variable and sheet.variable not in ("TTL", "DOM", "IMP"):
        raise DataError(p, f"variable '{sheet.meta.get('variable')}' is not a transactions table (TTL): "
                           "Leontief inverses load with load_oecd_leontief")
    industries = [c for c in sheet.col_codes if _INDUSTRY.match(c)]
    for need in ("EXPO", "IMPO"):
        if need not in sheet.col_codes:
            raise DataError(p, f"column {need} (exports/imports) missing from the header")
    if "OUTPUT" not in sheet.row_codes:
        raise DataError(p, "row OUTPUT missing: output by industry is needed")
    try:
        rates = parse_fx(fx, "--fx")
    except ValueError as exc:
        raise DataError(p, str(exc)) from None
    unit_label, factor = _factor(sheet, rates)
    values = _numbers(sheet, industries + ["EXPO", "IMPO"]) * factor
    product_rows = [c for c in sheet.row_codes if c.startswith("TTL_") and _ROW_PREFIX.match(c)]
    sectors = [_sector(c) for c in product_rows]
    if sectors != industries:
        raise DataError(p, f"product rows {sectors[:5]}… do not match industry columns {industries[:5]}…: "
                           "expected the same sectors in the same order")
    _refuse_blanks(sheet, values, product_rows, industries + ["EXPO", "IMPO"])
    _refuse_blanks(sheet, values, ["OUTPUT"], industries)
    values = values.fillna(0.0)  # blanks left only in rows the report merely sums (taxes, value added, totals)
    z = values.loc[product_rows, industries].to_numpy()
    output = values.loc["OUTPUT", industries].to_numpy()
    negative = np.flatnonzero(output < 0)
    if len(negative):
        at = int(negative[0])
        raise DataError(p, f"expected an output ≥ 0, got {output[at] / factor:g}",
                        row=sheet.row_numbers[sheet.row_codes.index("OUTPUT")], column=industries[at])
    exports = values.loc[product_rows, "EXPO"].to_numpy()
    imports = -values.loc[product_rows, "IMPO"].to_numpy()
    check_trade_columns(p, list(industries), exports, imports, factor,
                        import_hint=" (OECD writes imports in IMPO with a minus sign: a cell above 0 there is "
                                    "negative imports)")
    m = calc_import_shares(output, imports)
    zm = z * m[:, None]
    zd = z - zm
    check_io_arrays(p, list(industries), zd, zm, output, factor)
    names = dict(zip(sheet.col_codes, sheet.col_names))
    table = IOTable.from_arrays(
        list(industries), zd, zm, output, exports, imports,
        names={k: names[k] for k in industries},
        notes=[PROPORTIONALITY_NOTE,
               f"Source: {sheet.meta.get('dataset', 'OECD IOT')}, {sheet.meta.get('country', '')}, "
               f"{sheet.meta.get('time', '')}; {sheet.meta.get('unit', '')} converted to USD."],
        source=p.name,
    )
    report = _iot_report(sheet, values, industries, product_rows, unit_label)
    return table, report


def _iot_report(sheet: OecdSheet, values: pd.DataFrame, industries: list[str], product_rows: list[str],
                unit_label: str) -> LoadReport:
    builder = ReportBuilder(sheet.path, format="oecd-iot", encoding="utf-8", unit=unit_label, code_system="OECD36"
                            if len(industries) == 36 else f"OECD{len(industries)}",
                            header_row=None, column_mapping={"output": "OUTPUT", "exports": "EXPO",
                                                             "imports": "IMPO (sign reversed)"})
    row_sum = values[industries].sum(axis=1)
    builder.read(len(row_sum), float(row_sum.sum()))
    numbers = dict(zip(sheet.row_codes, sheet.row_numbers))
    products = set(product_rows)
    taxes = [c for c in sheet.row_codes if c.startswith("TXS_")]
    for code in sheet.row_codes:
        if code in products:
            continue
        if code.startswith("TXS_"):
            reason = "taxes less subsidies on products (not a flow between sectors)"
        elif code == "VALU":
            reason = "value added (not a flow between sectors)"
        elif code == "OUTPUT":
            reason = "total row (used as output)"
        elif code.startswith("TTL_INT") or code.startswith("TOTAL"):
            reason = "total row"
        else:
            reason = "not a product row"
        builder.drop([numbers[code]], reason, float(row_sum[code]), code)
    if "TTL_INT_FNL" in row_sum.index:
        builder.total(numbers["TTL_INT_FNL"], "TTL_INT_FNL (all industries)", float(row_sum["TTL_INT_FNL"]),
                      float(row_sum[product_rows].sum() + row_sum[taxes].sum()))
    if "VALU" in row_sum.index:
        builder.total(numbers["OUTPUT"], "OUTPUT (all industries)", float(row_sum["OUTPUT"]),
                      float(row_sum[product_rows].sum() + row_sum[taxes].sum() + row_sum["VALU"]))
    kept = float(row_sum[product_rows].sum())
    return builder.finish(len(product_rows), kept)


def load_oecd_leontief(path: str | Path) -> pd.DataFrame:
    """Read an OECD Leontief inverse (``LEONTFT`` total or ``LEONTFD`` domestic) as a square DataFrame.

    Row codes ``TTL_26``/``DOM_26`` become ``D26`` to match the columns; the
    ``TOTAL`` row (column sums) is left out.

    Returns
    -------
    pandas.DataFrame
        Square, index and columns the industry codes in file order; attrs ``variable``
        (``LEONTFT``/``LEONTFD``), ``time``, ``country`` and ``source``.

    Raises
    ------
    DataError
        If the file is not a Leontief inverse or rows and columns disagree.
    """
    sheet = read_oecd_sheet(path)
    p = sheet.path
    if not sheet.variable.startswith("LEONTF"):
        raise DataError(p, f"variable '{sheet.meta.get('variable', '?')}' is not a Leontief inverse "
                           "(LEONTFT or LEONTFD)")
    industries = [c for c in sheet.col_codes if _INDUSTRY.match(c)]
    rows = [c for c in sheet.row_codes if _ROW_PREFIX.match(c)]
    values = _numbers(sheet, industries)
    sectors = [_sector(c) for c in rows]
    if sectors != industries:
        raise DataError(p, f"row sectors {sectors[:5]}… do not match column sectors {industries[:5]}…")
    _refuse_blanks(sheet, values, rows, industries)
    labels = pd.Index(industries, name="sector")
    out = pd.DataFrame(values.loc[rows, industries].to_numpy(), index=labels, columns=labels)
    check_leontief(p, out)
    out.attrs.update({"variable": sheet.variable, "time": sheet.meta.get("time", ""),
                      "country": sheet.meta.get("country", ""), "source": p.name})
    return out


def leontief_report(path: str | Path, table: pd.DataFrame) -> LoadReport:
    """A LoadReport for a Leontief inverse: its rows kept, the TOTAL row reported (values are unitless)."""
    sheet = read_oecd_sheet(path)
    builder = ReportBuilder(sheet.path, format="oecd-leontief", encoding="utf-8", unit="index",
                            code_system=f"OECD{table.shape[0]}")
    builder.read(len(sheet.row_codes), 0.0)
    for code, number in zip(sheet.row_codes, sheet.row_numbers):
        if not _ROW_PREFIX.match(code):
            builder.drop([number], "total row" if code.upper().startswith("TOTAL") else "not a sector row", 0.0, code)
    return builder.finish(table.shape[0], 0.0)
