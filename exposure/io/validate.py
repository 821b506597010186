"""``exposure validate``: load files and collect every problem into one table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from exposure.errors import DataError, ExposureError, ValidationFailures
from exposure.io.load import load
from exposure.tomlfile import display_name

COLUMNS = ["file", "status", "row", "column", "problem"]


def validate_files(files: list[Path], kind: str | None = None, mapping: Path | None = None, lang: str = "en",
                   **options: Any) -> pd.DataFrame:
    """Load each file and collect every problem: one row per problem (or one ``ok`` row per file).

    ``status`` is ``ok``, ``warning`` or ``error``; ``row`` is the file's own row number where known.
    With ``lang="ko"`` the problems are worded in Korean (as the report words them); the columns and
    statuses stay the table's own (:func:`format_validation` shows them in Korean).
    """
    word, say = _wording(lang)
    rows: list[dict[str, Any]] = []
    for f in files:
        name = display_name(f)
        try:
            _table, report = load(Path(f), kind=kind, mapping=mapping, **options)
        except ValidationFailures as exc:
            for rec in exc.failures.itertuples(index=False):
                rows.append({"file": name, "status": "error", "row": rec.row, "column": rec.column,
                             "problem": word(rec.problem)})
            continue
        except DataError as exc:
            rows.append({"file": name, "status": "error", "row": exc.row, "column": exc.column,
                         "problem": word(exc.problem)})
            continue
        except ExposureError as exc:
            rows.append({"file": name, "status": "error", "row": None, "column": None, "problem": say(exc)})
            continue
        read_as = f"{word(report.format)}{', ' + report.encoding if report.encoding else ''}"
        kept = (f"{report.rows_kept}행 유지, {len(report.dropped)}행 제외 ({read_as})" if lang == "ko" else
                f"{report.rows_kept} rows kept, {len(report.dropped)} dropped ({read_as})")
        rows.append({"file": name, "status": "ok", "row": None, "column": None, "problem": kept})
        if report.rows_kept == 0 and report.rows_read:
            # readable, yet nothing to analyse: the run would stop later on a message about the target
            rows.append({"file": name, "status": "warning", "row": None, "column": None,
                         "problem": word(f"no row kept: all {report.rows_read} rows read were dropped (the reasons: "
                                         "exposure inspect)")})
        for w in report.warnings:
            rows.append({"file": name, "status": "warning", "row": None, "column": None, "problem": word(w)})
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["row"] = table["row"].astype("Int64")
    return table.fillna({"column": ""})


def _wording(lang: str) -> tuple[Callable[[str], str], Callable[[ExposureError], str]]:
    """How a problem text and an error are worded in ``lang`` (as they are, in English)."""
    if lang != "ko":
        return (lambda text: text), str
    from exposure.report.error_text import error_text
    from exposure.report.translate import Translator

    return Translator("ko").text, (lambda exc: error_text(exc, "ko"))


#: the table's columns and statuses in Korean
HEADERS_KO = {"file": "파일", "status": "상태", "row": "행", "column": "열", "problem": "내용"}
STATUS_KO = {"ok": "정상", "warning": "경고", "error": "오류"}


def format_validation(table: pd.DataFrame, lang: str = "en") -> str:
    """The table of :func:`validate_files` as text for the terminal; in Korean, its headers and statuses too."""
    if lang == "ko":
        row = table["row"].astype(object).where(table["row"].notna(), "")
        table = table.assign(status=table["status"].map(lambda s: STATUS_KO.get(s, s)), row=row).rename(
            columns=HEADERS_KO)
    return table.to_string(index=False)
