"""``exposure validate``: load files and collect every problem into one table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from exposure.errors import DataError, ExposureError, ValidationFailures
from exposure.io.load import load
from exposure.tomlfile import display_name

COLUMNS = ["file", "status", "row", "column", "problem"]


def validate_files(files: list[Path], kind: str | None = None, mapping: Path | None = None,
                   **options: Any) -> pd.DataFrame:
    """Load each file and collect every problem: one row per problem (or one ``ok`` row per file).

    ``status`` is ``ok``, ``warning`` or ``error``; ``row`` is the file's own row number where known.
    """
    rows: list[dict[str, Any]] = []
    for f in files:
        name = display_name(f)
        try:
            _table, report = load(Path(f), kind=kind, mapping=mapping, **options)
        except ValidationFailures as exc:
            for rec in exc.failures.itertuples(index=False):
                rows.append({"file": name, "status": "error", "row": rec.row, "column": rec.column,
                             "problem": rec.problem})
            continue
        except DataError as exc:
            rows.append({"file": name, "status": "error", "row": exc.row, "column": exc.column,
                         "problem": exc.problem})
            continue
        except ExposureError as exc:
            rows.append({"file": name, "status": "error", "row": None, "column": None, "problem": str(exc)})
            continue
        rows.append({"file": name, "status": "ok", "row": None, "column": None,
                     "problem": f"{report.rows_kept} rows kept, {len(report.dropped)} dropped "
                                f"({report.format}{', ' + report.encoding if report.encoding else ''})"})
        for w in report.warnings:
            rows.append({"file": name, "status": "warning", "row": None, "column": None, "problem": w})
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["row"] = table["row"].astype("Int64")
    return table.fillna({"column": ""})
