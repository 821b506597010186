"""The files of ``exposure monitor``: the alert, episode and panel tables and the chart of the alerted products.

Written as one report folder (staged, then swapped in whole, like the main report).
"""

from __future__ import annotations

import os
from pathlib import Path

from exposure.report.atomic import atomic_write
from exposure.report.charts import _metadata, _quiet_font_subsetting
from exposure.report.folder import write_folder
from exposure.report.monitor_chart import fig_monitor
from exposure.report.tables import write_csv, write_parquet

MONITOR_TABLES = ("alerts", "episodes", "panel")


def write_monitor(results, outdir: str | os.PathLike[str], formats: tuple[str, ...] = ("csv", "png"),
                  lang: str = "ko") -> list[Path]:
    """Write the monitor's tables (CSV/Parquet) and chart (PNG/SVG/PDF) into ``outdir``; return the paths."""
    outdir = Path(outdir)
    paths: list[Path] = []
    for name in MONITOR_TABLES:
        table = getattr(results, name)
        if "csv" in formats:
            paths.append(write_csv(table, outdir / "tables" / f"{name}.csv"))
        if "parquet" in formats:
            paths.append(write_parquet(table, outdir / "tables" / f"{name}.parquet"))
    fig = fig_monitor(results.panel, results.alerts, names=results.names, lang=lang,
                      event=results.config.monitor_event, source=", ".join(results.sources))
    if fig is not None:
        for fmt in (f for f in formats if f in ("png", "svg", "pdf")):
            path = outdir / "charts" / f"early_warning.{fmt}"
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(path) as tmp, _quiet_font_subsetting():
                fig.savefig(tmp, format=fmt, dpi=150, metadata=_metadata(fmt))
            paths.append(path)
    return paths


def write_monitor_folder(results, out: str | os.PathLike[str], formats: tuple[str, ...] = ("csv", "png"),
                         lang: str = "ko") -> list[Path]:
    """:func:`write_monitor` into a report folder that holds exactly this run."""
    return write_folder(out, lambda folder: write_monitor(results, folder, formats, lang))
