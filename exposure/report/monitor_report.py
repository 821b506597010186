"""The files of ``exposure monitor``: a small workbook (the Early warning sheet), the alert, episode and panel
tables and the chart of the alerted products.

Written as one report folder (staged, then swapped in whole, like the main report).
"""

from __future__ import annotations

import os
from pathlib import Path

from exposure.report.atomic import atomic_write
from exposure.report.chartkit import save
from exposure.report.folder import write_folder
from exposure.report.labels import check_lang, sheet_name, text
from exposure.report.monitor_chart import fig_monitor
from exposure.report.tables import write_csv, write_parquet

MONITOR_TABLES = ("alerts", "episodes", "panel")
MONITOR_WORKBOOK = "early_warning.xlsx"


def write_monitor_workbook(results, path: str | os.PathLike[str], lang: str = "ko") -> Path:
    """The Early warning sheet of the monitor's results as a one-sheet workbook, written atomically."""
    from exposure.report.excel import new_workbook
    from exposure.report.sheets_screens import early_warning_tables, write_early_warning
    from exposure.report.sheetwriter import SheetWriter

    check_lang(lang)
    wb = new_workbook(lang)
    ws = wb.create_sheet(sheet_name("early_warning", lang))
    w = SheetWriter(ws, lang)
    w.title(text("ew_head", lang))
    tables = early_warning_tables(results.config, results.panel, results.alerts, results.episodes, lang)
    names = getattr(results, "names", {}) or {}
    for key in ("episodes", "alerts"):  # product names in the reader's language
        df = tables[key]
        if len(df) and "code" in df.columns and names:
            tables[key] = df.assign(name=[_name(names.get(c), lang) or n for c, n in
                                          zip(df["code"].astype(str), df["name"].fillna("").astype(str))])
    write_early_warning(w, tables, None)
    w.finish(compact=True)
    target = Path(path)
    with atomic_write(target) as tmp:
        wb.save(tmp)
    return target


def _name(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or "")
    return str(value or "")


def write_monitor(results, outdir: str | os.PathLike[str], formats: tuple[str, ...] = ("csv", "png"),
                  lang: str = "ko") -> list[Path]:
    """Write the monitor's workbook (always: it is small), tables (CSV/Parquet) and chart (PNG/SVG/PDF) into
    ``outdir``; return the paths."""
    outdir = Path(outdir)
    paths: list[Path] = [write_monitor_workbook(results, outdir / MONITOR_WORKBOOK, lang)]
    for name in MONITOR_TABLES:
        table = getattr(results, name)
        if "csv" in formats:
            shown = table
            if lang == "ko":  # enumerated values (total_basis) and notes with their Korean beside them, as the report
                from exposure.report.display import with_korean_twins
                from exposure.report.translate import Translator

                shown = with_korean_twins(table, f"monitor_{name}", None, Translator("ko"))
            paths.append(write_csv(shown, outdir / "tables" / f"{name}.csv"))
        if "parquet" in formats:
            paths.append(write_parquet(table, outdir / "tables" / f"{name}.parquet"))
    fig = fig_monitor(results.panel, results.alerts, names=results.names, lang=lang,
                      event=results.config.monitor_event, source=", ".join(results.sources))
    if fig is not None:
        for fmt in (f for f in formats if f in ("png", "svg", "pdf")):
            paths.append(save(fig, outdir / "charts" / f"early_warning.{fmt}", fmt))
    return paths


def write_monitor_folder(results, out: str | os.PathLike[str], formats: tuple[str, ...] = ("csv", "png"),
                         lang: str = "ko") -> list[Path]:
    """:func:`write_monitor` into a report folder that holds exactly this run."""
    return write_folder(out, lambda folder: write_monitor(results, folder, formats, lang))
