"""Every Results table as CSV (UTF-8 with BOM, so Excel shows Korean text) and optionally Parquet.

Column names are the machine names of DESIGN §3 (the workbook carries the
Korean/English labels). Codes stay strings: CSV quotes every text value, so
``010619`` keeps its zero for any reader that reads the column as text, and
Parquet stores text columns as strings.

The drivers table of a large run has hundreds of thousands of tiny rows: its CSV keeps, per
scenario × sector × channel, the largest products that carry the value and one "other
products" row with the sum of the rest (:func:`exposure.report.compact.compact_drivers`), so
every sum holds; the Parquet file, when asked for, holds every row. Likewise the shocks CSV lists
the products a scenario covers (coverage above 0); the products no rule covers are in
``products.csv`` (and every row in the Parquet file).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from exposure.errors import ConfigError
from exposure.report import view
from exposure.report.atomic import atomic_write
from exposure.results import Results

TABLE_FORMATS = ("csv", "parquet")
#: Leading characters a spreadsheet treats as a formula when it opens a CSV.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PREFIX_CHARS = frozenset(FORMULA_PREFIXES)


def result_tables(results: Results) -> dict[str, pd.DataFrame]:
    """Every table of ``results`` by file stem, including the LoadReports and the input files."""
    tables = {
        "sectors": results.sectors, "products": results.products, "shocks": results.shocks,
        "drivers": results.drivers, "weekly": results.weekly, "critical": results.critical,
        "export_items": results.export_items,
        "uncertainty": results.uncertainty, "sensitivity": results.sensitivity,
        "threshold_sweep": results.threshold_sweep, "flags": results.flags, "monthly": results.monthly,
        "scenarios": results.scenarios, "validation": view.validation_table(results),
        "dropped": view.dropped_rows(results), "totals": view.totals_rows(results),
        "inputs": view.inputs_table(results), "alternatives": results.alternatives,
        "next_targets": results.next_targets, "dependence": results.dependence,
        "monitor_panel": results.monitor_panel, "alerts": results.alerts, "episodes": results.episodes,
    }
    for name in ("countermeasures", "countermeasure_sectors", "countermeasure_items", "top100"):
        extra = getattr(results, name, None)
        if isinstance(extra, pd.DataFrame):
            tables[name] = extra
    out = {}
    for name, df in tables.items():
        if len(df.columns) == 0:
            continue  # a table the run did not produce at all
        if not isinstance(df.index, pd.RangeIndex):
            df = df.reset_index()
        out[name] = view.ordered(df, name)
    return out


def _text(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value)
    return value


def text_columns(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose non-numeric, non-boolean columns hold only str or missing values.

    Mixed object columns (e.g. a ``row`` column with ints and None, or lists of reasons)
    would otherwise fail in Parquet or lose their type in CSV.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s) or \
                pd.api.types.is_datetime64_any_dtype(s):
            continue
        # most cells are already text: only the others go through the slower conversion
        values = [v if type(v) is str else None if _missing(v) else str(_text(v)) for v in s.tolist()]
        out[col] = pd.Series(values, index=out.index, dtype=object)
    out.columns = [str(c) for c in out.columns]
    return out


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and np.isnan(value)


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which text starting with = + - @ (or tab/CR) is prefixed with ``'``.

    Spreadsheets opening a CSV evaluate such text as a formula (CSV injection); the quote
    makes them show it as text. Applied to CSV only; Parquet keeps the values as they are.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype != object:
            continue
        values = s.tolist()
        if not any(type(v) is str and v[:1] in _PREFIX_CHARS for v in values):
            continue  # the usual case: nothing to quote, keep the column as it is
        out[col] = pd.Series([("'" + v) if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
                              for v in values], index=out.index, dtype=object)
    return out


def write_csv(df: pd.DataFrame, path: Path, neutralise: bool = True) -> Path:
    """Write one table as UTF-8 CSV with BOM, quoting every text value; atomically."""
    data = text_columns(df)
    if neutralise:
        data = neutralise_formulas(data)
    with atomic_write(path) as tmp:
        data.to_csv(tmp, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    return path


def write_parquet(df: pd.DataFrame, path: Path) -> Path:
    """Write one table as Parquet (text columns as strings); atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = text_columns(df)
    fields = []
    for col in data.columns:
        s = data[col]
        if s.dtype == object:
            fields.append(pa.field(col, pa.string()))
        else:
            fields.append(pa.field(col, pa.Array.from_pandas(s).type))
    table = pa.Table.from_pandas(data, schema=pa.schema(fields), preserve_index=False)
    with atomic_write(path) as tmp:
        pq.write_table(table, tmp)
    return path


def write_tables(results: Results, outdir: str | os.PathLike[str], formats: tuple[str, ...] = ("csv",),
                 neutralise: bool = True, lang: str = "en") -> list[Path]:
    """Write every Results table to ``outdir`` as ``<table>.csv`` and/or ``<table>.parquet``.

    Parameters
    ----------
    results : Results
    outdir : path-like
        Created when missing.
    formats : tuple of {"csv", "parquet"}
    neutralise : bool
        Prefix CSV text that starts with = + - @ with ``'`` so spreadsheets cannot run it as a
        formula (default). Parquet is never altered.
    lang : {"ko", "en"}
        Language of the name of the drivers CSV's "other products" rows; in Korean each CSV column of
        engine sentences or enumerated values whose Korean differs gets a twin ``<column>_ko`` beside it
        (Parquet keeps the machine values only).

    Returns
    -------
    list of Path
        Tables the run did not produce at all (no columns) are not written; tables with
        columns but no rows are written with their header.
    """
    bad = [f for f in formats if f not in TABLE_FORMATS]
    if bad:
        raise ConfigError(f"unknown table format {', '.join(map(repr, bad))}; valid: {', '.join(TABLE_FORMATS)}")
    outdir = Path(outdir)
    paths = []
    tr = None
    if lang == "ko" and "csv" in formats:
        from exposure.report.translate import translator

        tr = translator(results, "ko")
    for name, df in result_tables(results).items():
        if "csv" in formats:
            if name == "drivers":
                from exposure.report.compact import compact_drivers
                from exposure.report.labels import text

                table = view.ordered(compact_drivers(df, other_label=text("other_products", lang, n="{n}")), name)
            elif name == "shocks" and "coverage" in df.columns:
                table = df[pd.to_numeric(df["coverage"], errors="coerce").fillna(0) > 0]
            else:
                table = df
            if tr is not None:
                from exposure.report.display import with_korean_twins

                table = with_korean_twins(table, name, results, tr)
            paths.append(write_csv(table, outdir / f"{name}.csv", neutralise))
        if "parquet" in formats:
            paths.append(write_parquet(df, outdir / f"{name}.parquet"))
    return paths
