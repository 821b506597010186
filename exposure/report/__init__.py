"""Results → files: the Excel workbook, charts and CSV/Parquet tables (DESIGN §9).

Knows no source formats and does no analysis: it only presents what the core computed.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from exposure.errors import ConfigError
from exposure.report.labels import check_lang
from exposure.results import Results

WORKBOOK_NAME = "exposure_report.xlsx"
REPORT_FORMATS = ("xlsx", "csv", "parquet", "png", "svg", "pdf", "pdf-brief")


def write_report(results: Results, outdir: str | os.PathLike[str],
                 formats: tuple[str, ...] = ("xlsx", "csv", "png"), lang: str = "ko",
                 created: datetime | None = None) -> list[Path]:
    """Write the whole report into ``outdir`` and return the files written.

    Layout: ``outdir/exposure_report.xlsx``, ``outdir/exposure_brief.pdf`` (format ``pdf-brief``: the
    one-page brief), ``outdir/tables/<table>.csv|.parquet`` and ``outdir/charts/<chart>.png|.svg|.pdf``.
    Every file is written atomically.

    Parameters
    ----------
    results : Results
    outdir : path-like
    formats : tuple of {"xlsx", "csv", "parquet", "png", "svg", "pdf", "pdf-brief"}
    lang : {"ko", "en"}
    created : datetime, optional
        Creation time stored in the workbook properties (see :func:`write_workbook`).
    """
    from exposure.report.charts import write_charts
    from exposure.report.excel import write_workbook
    from exposure.report.tables import write_tables

    check_lang(lang)
    bad = [f for f in formats if f not in REPORT_FORMATS]
    if bad:
        raise ConfigError(f"unknown output format {', '.join(map(repr, bad))}; "
                          f"valid: {', '.join(REPORT_FORMATS)}")
    outdir = Path(outdir)
    paths: list[Path] = []
    if "xlsx" in formats:
        paths.append(write_workbook(results, outdir / WORKBOOK_NAME, lang=lang, created=created))
    if "pdf-brief" in formats:
        from exposure.report.brief import write_brief

        paths.append(write_brief(results, outdir, lang=lang))
    table_formats = tuple(f for f in formats if f in ("csv", "parquet"))
    if table_formats:
        paths += write_tables(results, outdir / "tables", table_formats, lang=lang)
    chart_formats = tuple(f for f in formats if f in ("png", "svg", "pdf"))
    if chart_formats:
        paths += write_charts(results, outdir / "charts", chart_formats, lang=lang)
    return paths


def write_report_folder(results: Results, out: str | os.PathLike[str],
                        formats: tuple[str, ...] = ("xlsx", "csv", "png"), lang: str = "ko") -> list[Path]:
    """Write the whole report as the folder ``out``: staged beside it, then swapped in whole
    (:mod:`exposure.report.folder`), so ``out`` only ever holds one complete run."""
    from exposure.report.folder import write_folder

    return write_folder(out, lambda folder: write_report(results, folder, formats=formats, lang=lang))


BRIEF_NAME = "exposure_brief.pdf"

__all__ = ["write_report", "write_report_folder", "WORKBOOK_NAME", "BRIEF_NAME", "REPORT_FORMATS"]
