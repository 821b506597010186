"""``exposure inspect``: what a file will load as, without running an analysis.

:func:`inspect` detects the format, reads the file the way :func:`exposure.io.load`
would and collects what an analyst needs to check before trusting it: the
encoding, sheet, header row, which source column feeds which canonical column,
the unit, the code system, rows read/kept/dropped, the total rows compared with
the sums of the rows they total, warnings and a preview. A file that fails to
load still gets everything that could be detected, plus the error.
:func:`format_inspection` renders it as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from exposure.errors import ExposureError
from exposure.io.layout import resolve_layout
from exposure.io.limits import check_regular_file, display_name, safe_text
from exposure.io.load import PRODUCES, detect_format, load
from exposure.schema import IOTable, LoadReport


@dataclass
class Inspection:
    """Everything :func:`inspect` found out about one file."""

    path: Path
    format: str = ""
    kind: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    header_row: int | None = None
    header_rows: int | None = None
    columns: list[str] = field(default_factory=list)
    mapping: str | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    code_system: str | None = None
    rows_read: int = 0
    rows_kept: int = 0
    rows_dropped: int = 0
    dropped_by_reason: dict[str, int] = field(default_factory=dict)
    value_read: float = 0.0
    value_kept: float = 0.0
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    report: LoadReport | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _preview(table: Any, n: int) -> pd.DataFrame:
    if isinstance(table, IOTable):
        return pd.DataFrame({"output_usd": table.output, "exports_usd": table.exports, "imports_usd": table.imports,
                             "domestic_inputs_usd": table.domestic.sum(axis=0),
                             "imported_inputs_usd": table.imported.sum(axis=0)}).head(n)
    if isinstance(table, pd.DataFrame):
        return table.head(n).copy()
    return pd.DataFrame()


def inspect(path: str | Path, kind: str | None = None, mapping: Any = None, preview_rows: int = 10,
            **options: Any) -> Inspection:
    """Describe how ``path`` loads (see the module docstring).

    Parameters
    ----------
    path : str or Path
    kind, mapping, **options
        As for :func:`exposure.io.load`.
    preview_rows : int
        Rows of the loaded table to keep in ``preview``.

    Returns
    -------
    Inspection
        ``error`` holds the message when the file does not load; the other fields hold
        whatever was detected before that.
    """
    p = Path(path)
    info = Inspection(path=p)
    try:
        check_regular_file(p)
        info.format = detect_format(p)
        info.kind = PRODUCES.get(info.format)
        streamed = _streamed(p, kind, mapping, preview_rows, options) if info.format == "table" else None
        if streamed is not None:
            table, report, lay = streamed
            _describe_layout(info, lay)
        elif info.format == "table":
            table_options = {k: v for k, v in options.items() if k in ("sheet", "header_row", "header_rows",
                                                                          "encoding", "code") and v is not None}
            lay = resolve_layout(p, mapping, kind, **table_options)
            info.kind = lay.mapping.kind
            info.format = lay.grid.format
            info.encoding = lay.grid.encoding
            info.sheet = lay.grid.sheet
            info.sheets = list(lay.grid.sheets)
            info.hidden = list(lay.grid.hidden)
            info.header_row = lay.header.row
            info.header_rows = lay.header.n_rows
            info.columns = [n for n in lay.header.names if n]
            info.mapping = f"{lay.mapping.name} ({lay.mapping_origin})"
            info.column_mapping = lay.column_mapping()
        if streamed is None:
            table, report = load(p, kind=kind, mapping=mapping, **options)
    except ExposureError as exc:
        info.error = safe_text(str(exc))
        return info
    info.report = report
    info.encoding = info.encoding or report.encoding
    info.sheet = info.sheet or report.sheet
    info.header_row = info.header_row or report.header_row
    info.column_mapping = info.column_mapping or dict(report.column_mapping)
    info.unit = report.unit
    info.code_system = report.code_system
    info.rows_read, info.rows_kept, info.rows_dropped = report.rows_read, report.rows_kept, len(report.dropped)
    info.dropped_by_reason = report.dropped["reason"].value_counts().to_dict() if len(report.dropped) else {}
    info.value_read, info.value_kept = report.value_read, report.value_kept
    info.totals = report.totals.copy()
    info.warnings = list(report.warnings)
    info.preview = _preview(table, preview_rows)
    return info


def _describe_layout(info: Inspection, lay: Any) -> None:
    info.kind = lay.mapping.kind
    info.format = lay.grid.format
    info.encoding = lay.grid.encoding
    info.sheet = lay.grid.sheet
    info.header_row = lay.header.row
    info.header_rows = lay.header.n_rows
    info.columns = [n for n in lay.header.names if n]
    info.mapping = f"{lay.mapping.name} ({lay.mapping_origin})"
    info.column_mapping = lay.column_mapping()


def _streamed(p: Path, kind: str | None, mapping: Any, preview_rows: int, options: dict[str, Any]) -> Any:
    """A large plain CSV of trade flows inspected in one streaming pass (:mod:`exposure.io.streamcsv`):
    the report of the whole file and the first rows, never the whole table; None for other files."""
    from exposure.io.layout import canonical_kind
    from exposure.io.streamcsv import Decline, streamable
    from exposure.io.streamflows import load_streamed

    given = {k: v for k, v in options.items() if v is not None}
    taken = {"encoding", "unit", "code_system", "reporter", "keep_zero", "fx"}
    if set(given) - taken or canonical_kind(kind) not in (None, "trade_flows"):
        return None
    if not streamable(p):
        return None
    try:
        return load_streamed(p, mapping, kind, preview=preview_rows, **given)
    except Decline:
        return None


def _usd(x: float) -> str:
    return f"{x:,.0f}"


def format_inspection(info: Inspection, max_width: int = 120) -> str:
    """Plain-text rendering of an :class:`Inspection` for the terminal."""
    lines = [display_name(info.path)]

    def add(label: str, value: object) -> None:
        if value not in (None, "", [], {}):
            lines.append(f"  {label:<14} {value}")

    add("format", info.format)
    add("holds", info.kind)
    add("encoding", info.encoding)
    add("sheet", info.sheet)
    if len(info.sheets) > 1:
        add("sheets", ", ".join(info.sheets))
    if info.hidden:
        add("hidden sheets", ", ".join(info.hidden) + " (read only when named)")
    if info.header_row is not None:
        add("header row", f"{info.header_row}" + (f" (+{info.header_rows - 1} more)" if (info.header_rows or 1) > 1
                                                   else ""))
    add("columns", ", ".join(info.columns))
    add("mapping", info.mapping)
    if info.column_mapping:
        lines.append("  column mapping")
        for canon, src in info.column_mapping.items():
            lines.append(f"    {canon:<24} ← {src}")
    add("unit", info.unit)
    add("code system", info.code_system)
    if info.error:
        lines.append(f"  ERROR          {info.error}")
        return "\n".join(lines)
    lines.append(f"  rows           read {info.rows_read:,}, kept {info.rows_kept:,}, dropped {info.rows_dropped:,}")
    for reason, n in info.dropped_by_reason.items():
        lines.append(f"    {n:>8,}  {reason}")
    lines.append(f"  value (USD)    read {_usd(info.value_read)}, kept {_usd(info.value_kept)}, "
                 f"dropped {_usd(info.value_read - info.value_kept)}")
    if len(info.totals):
        lines.append("  totals         total row vs sum of the rows it totals (USD)")
        for rec in info.totals.itertuples(index=False):
            lines.append(f"    row {rec.row}: {rec.label}: {_usd(rec.total_usd)} vs {_usd(rec.sum_of_rows_usd)} "
                         f"(difference {_usd(rec.difference_usd)})")
    for w in info.warnings:
        lines.append(f"  warning        {w}")
    if len(info.preview):
        lines.append("  preview")
        shown = info.preview.drop(columns=[c for c in ("source",) if c in info.preview.columns])
        text = shown.to_string(max_cols=12, max_colwidth=24, line_width=max_width)
        lines.extend("    " + ln for ln in text.splitlines())
    return "\n".join(lines)
