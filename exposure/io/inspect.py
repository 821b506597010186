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
    #: the error itself, so that it can be worded in the reader's language (``error`` is its English text)
    exception: ExposureError | None = field(default=None, repr=False)
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
        info.exception = exc
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


#: the labels and sentences of the rendering, by language
TEXTS: dict[str, dict[str, str]] = {
    "en": {"format": "format", "holds": "holds", "encoding": "encoding", "sheet": "sheet", "sheets": "sheets",
           "hidden": "hidden sheets", "hidden_note": " (read only when named)", "header_row": "header row",
           "more_rows": " (+{n} more)", "columns": "columns", "mapping": "mapping", "column_mapping": "column mapping",
           "unit": "unit", "code_system": "code system", "error": "ERROR", "rows": "rows",
           "rows_line": "read {read}, kept {kept}, dropped {dropped}", "value": "value (USD)",
           "totals": "totals", "totals_head": "total row vs sum of the rows it totals (USD)",
           "total_line": "row {row}: {label}: {total} vs {sum} (difference {diff})", "warning": "warning",
           "preview": "preview"},
    "ko": {"format": "형식", "holds": "자료 종류", "encoding": "인코딩", "sheet": "시트", "sheets": "시트 목록",
           "hidden": "숨긴 시트", "hidden_note": " (이름을 지정할 때만 읽음)", "header_row": "머리글 행",
           "more_rows": " (아래 {n}행 더)", "columns": "열", "mapping": "열 매핑 규칙", "column_mapping": "열 대응",
           "unit": "단위", "code_system": "코드 체계", "error": "오류", "rows": "행 수",
           "rows_line": "읽음 {read}, 유지 {kept}, 제외 {dropped}", "value": "금액 (달러)",
           "totals": "합계 검증", "totals_head": "합계 행 대 그 합계에 묶인 행들의 합 (달러)",
           "total_line": "{row}행: {label}: {total} 대 {sum} (차이 {diff})", "warning": "경고",
           "preview": "미리보기"},
}

#: what a file holds (the canonical kinds), in Korean
KINDS_KO = {"trade_flows": "교역 (품목 × 상대국)", "export_items": "수출 품목", "sector_profile": "업종 프로필",
            "io_table": "산업연관표", "leontief": "레온티예프 역행렬", "sme_exports": "중소기업 수출"}
#: the name of the mapping :mod:`exposure.io.layout` builds for tables side by side, and in Korean
SIDE_BY_SIDE, SIDE_BY_SIDE_KO = "auto (side by side)", "나란히 놓인 표"
#: where a mapping came from, in Korean
ORIGINS_KO = {"given": "지정", "built-in": "내장", "auto": "자동 인식"}
#: the input–output preview's columns, in Korean (the trade-flow columns have their labels in the catalogue)
PREVIEW_KO = {"output_usd": "산출액 (달러)", "exports_usd": "수출액 (달러)", "imports_usd": "수입액 (달러)",
              "domestic_inputs_usd": "국산 중간투입 (달러)", "imported_inputs_usd": "수입 중간투입 (달러)"}


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Hangul and other wide characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: the fields of the input–output and census readers, which no output table has (so no label of its own)
_FIELDS_KO = {"output": "산출액", "exports": "수출", "imports": "수입", "division": "KSIC 중분류", "workers": "종사자 수",
              "establishments": "사업체 수"}


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def format_inspection(info: Inspection, max_width: int = 120, lang: str = "en") -> str:
    """Plain-text rendering of an :class:`Inspection` for the terminal, in English or Korean (``lang="ko"``).

    In Korean the labels, the kind, the reasons rows were dropped, the warnings and the error are
    Korean (translated as the report translates them); codes, column names and numbers stay as read.
    """
    words = TEXTS["ko" if lang == "ko" else "en"]
    if lang == "ko":
        from exposure.report.error_text import error_text
        from exposure.report.labels import header
        from exposure.report.translate import Translator

        text_of = Translator("ko").text
    lines = [display_name(info.path)]

    def add(key: str, value: object) -> None:
        if value not in (None, "", [], {}):
            lines.append(f"  {_pad(words[key], 14)} {value}")

    add("format", text_of(info.format) if lang == "ko" and info.format else info.format)
    add("holds", f"{KINDS_KO.get(info.kind, info.kind)} [{info.kind}]" if lang == "ko" and info.kind else info.kind)
    add("encoding", info.encoding)
    add("sheet", info.sheet)
    if len(info.sheets) > 1:
        add("sheets", ", ".join(info.sheets))
    if info.hidden:
        add("hidden", ", ".join(info.hidden) + words["hidden_note"])
    if info.header_row is not None:
        more = (info.header_rows or 1) - 1
        add("header_row", f"{info.header_row}" + (words["more_rows"].format(n=more) if more > 0 else ""))
    add("columns", ", ".join(info.columns))
    mapping = info.mapping
    if lang == "ko" and mapping:
        for origin, ko in ORIGINS_KO.items():
            if mapping.endswith(f" ({origin})"):
                mapping = mapping[: -len(origin) - 3] + f" ({ko})"
        mapping = mapping.replace(SIDE_BY_SIDE, SIDE_BY_SIDE_KO)
    add("mapping", mapping)
    if info.column_mapping:
        lines.append(f"  {words['column_mapping']}")
        for canon, src in info.column_mapping.items():
            if lang == "ko":  # the Korean label first, the name a mapping file uses beside it
                base, _, flow = canon.partition("[")
                label = _FIELDS_KO.get(base) or header(base, "ko")
                shown = f"{label} [{canon}]" if label != base else canon
                lines.append(f"    {_pad(shown, 30)} ← {text_of(str(src))}")
            else:
                lines.append(f"    {_pad(canon, 24)} ← {src}")
    add("unit", text_of(info.unit) if lang == "ko" and info.unit else info.unit)
    add("code_system", text_of(info.code_system) if lang == "ko" and info.code_system else info.code_system)
    if info.error:
        error = error_text(info.exception, "ko") if lang == "ko" and info.exception is not None else info.error
        lines.append(f"  {_pad(words['error'], 14)} {safe_text(error) if lang == 'ko' else error}")
        return "\n".join(lines)
    add("rows", words["rows_line"].format(read=f"{info.rows_read:,}", kept=f"{info.rows_kept:,}",
                                          dropped=f"{info.rows_dropped:,}"))
    for reason, n in info.dropped_by_reason.items():
        lines.append(f"    {n:>8,}  {text_of(reason) if lang == 'ko' else reason}")
    if info.kind != "leontief":  # a matrix of multipliers holds no dollar amounts to count
        add("value", words["rows_line"].format(read=_usd(info.value_read), kept=_usd(info.value_kept),
                                               dropped=_usd(info.value_read - info.value_kept)))
    if len(info.totals):
        add("totals", words["totals_head"])
        for rec in info.totals.itertuples(index=False):
            lines.append("    " + words["total_line"].format(
                row=rec.row, label=text_of(rec.label) if lang == "ko" else rec.label, total=_usd(rec.total_usd), sum=_usd(rec.sum_of_rows_usd),
                diff=_usd(rec.difference_usd)))
    for w in info.warnings:
        add("warning", text_of(w) if lang == "ko" else w)
    if len(info.preview):
        lines.append(f"  {words['preview']}")
        shown = info.preview.drop(columns=[c for c in ("source",) if c in info.preview.columns])
        if lang == "ko":
            shown = shown.rename(columns={c: PREVIEW_KO.get(c) or header(c, "ko") for c in shown.columns})
            if shown.index.name:
                shown = shown.rename_axis(header(shown.index.name, "ko"))
            shown = shown.rename_axis(columns=None)  # the matrix's column axis name (sector) over the codes
        text = shown.to_string(max_cols=12, max_colwidth=24, line_width=max_width)
        lines.extend("    " + ln for ln in text.splitlines())
    return "\n".join(lines)
