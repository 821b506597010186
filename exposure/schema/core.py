"""The building blocks of every table spec: :class:`Column` and :class:`TableSpec`, and validation at the boundaries.

Input tables are validated after a loader (:func:`validate` collects *all* failures into one
table, so the user fixes a file once); output tables are put in their declared column order and
checked by :meth:`TableSpec.conform`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from exposure.errors import ValidationFailures

STR = "str"  # coerced with .astype(str): object in pandas 2.2, the str dtype in pandas 3
FLOAT = "float64"
INT = "int64"
NULLABLE_INT = "Int64"  # ranks and week numbers: whole numbers that may be missing
BOOL = "bool"
NULLABLE_BOOL = "boolean"


@dataclass(frozen=True)
class Column:
    """One column: its name and dtype, the checks an input must pass, and how a reader sees it.

    ``label_ko``/``label_en`` are the headers (money columns state their unit and period),
    ``kind`` drives the number format (usd, usd_change, share, rate, ratio, int, rank,
    rank_float, year, code, text, bool), ``at_risk`` marks money at risk.
    """

    name: str
    dtype: str
    required: bool = True
    description_en: str = ""
    description_ko: str = ""
    allowed: tuple[str, ...] | None = None
    nonnegative: bool = False
    unit_interval: bool = False
    label_ko: str = ""
    label_en: str = ""
    kind: str = "text"
    at_risk: bool = False

    def label(self, lang: str) -> str:
        return (self.label_ko or self.description_ko or self.name) if lang == "ko" else \
            (self.label_en or self.description_en or self.name)

    def description(self, lang: str) -> str:
        return (self.description_ko or self.label(lang)) if lang == "ko" else (self.description_en or self.label(lang))


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with exactly this spec's columns, in order (an engine table, never a user's file).

        Raises
        ------
        ValueError
            When a declared column is missing or an undeclared one is present: a programming
            error, so the message names the table and the columns.
        """
        missing = [c for c in self.names if c not in df.columns]
        extra = [c for c in df.columns if c not in self.names]
        if missing or extra:
            raise ValueError(f"table {self.name}: columns missing {missing}, undeclared {extra}")
        return df[self.names]


def coerce(df: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """Return a copy with spec columns in spec order and dtypes; optional missing columns added."""
    out = df.copy()
    for col in spec.columns:
        if col.name not in out.columns:
            if col.required:
                continue  # validate() reports it
            out[col.name] = np.nan if col.dtype == FLOAT else ("" if col.dtype == STR else 0)
        if col.dtype == STR:
            out[col.name] = out[col.name].fillna("").astype(str)
        elif col.dtype == FLOAT:
            out[col.name] = pd.to_numeric(out[col.name], errors="coerce").astype("float64")
        elif col.dtype == INT:
            out[col.name] = pd.to_numeric(out[col.name], errors="coerce")
    extra = [c for c in out.columns if c not in spec.names]
    return out[[c for c in spec.names if c in out.columns] + extra]


def validate(df: pd.DataFrame, spec: TableSpec, source: str = "") -> pd.DataFrame:
    """Coerce ``df`` to ``spec`` and check it; raise one error listing every failure.

    Returns the coerced copy. ``row`` in failures is the 0-based position in ``df``
    unless ``df`` has a ``_row`` column (the loader's file line number).
    """
    failures: list[dict[str, object]] = []

    def fail(rows: pd.Index | list, column: str | None, check: str, problem: str) -> None:
        for r in list(rows)[:20]:
            failures.append({"source": source or spec.name, "row": r, "column": column, "check": check,
                             "problem": problem})
        if len(rows) > 20:
            failures.append({"source": source or spec.name, "row": None, "column": column, "check": check,
                             "problem": f"{len(rows) - 20} more rows fail the same check"})

    missing = [c for c in spec.required if c not in df.columns]
    for c in missing:
        fail([None], c, "required", f"required column missing from {spec.name} (expected columns: "
             f"{', '.join(spec.required)})")
    if missing:
        raise ValidationFailures(pd.DataFrame(failures), title=f"{source or spec.name}: not a valid {spec.name}")

    out = coerce(df, spec)
    rowno = out["_row"] if "_row" in out.columns else pd.Series(out.index, index=out.index)
    for col in spec.columns:
        if col.name not in out.columns:
            continue
        s = out[col.name]
        if col.dtype in (FLOAT, INT):
            raw_missing = df[col.name].isna() if col.name in df.columns else pd.Series(True, index=df.index)
            bad = s.isna().to_numpy() & ~raw_missing.to_numpy()
            if bad.any():
                fail(rowno[bad].tolist(), col.name, "dtype", "expected a number")
            if col.required and col.dtype == INT and s.isna().any():
                fail(rowno[s.isna()].tolist(), col.name, "required", "value missing")
        if col.allowed is not None and col.required:
            bad = ~s.isin(col.allowed)
            if bad.any():
                fail(rowno[bad].tolist(), col.name, "allowed", f"expected one of {', '.join(col.allowed)}")
        if col.nonnegative:
            bad = (s < 0).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                fail(rowno[bad].tolist(), col.name, "nonnegative", "expected a value ≥ 0")
        if col.unit_interval:
            bad = ((s < 0) | (s > 1)).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                fail(rowno[bad].tolist(), col.name, "range", "expected a value between 0 and 1")
    for col in spec.columns:
        if col.dtype == INT and col.name in out.columns and not out[col.name].isna().any():
            out[col.name] = out[col.name].astype("int64")
    if spec.key and all(k in out.columns for k in spec.key):
        dup = out.duplicated(list(spec.key), keep=False)
        if dup.any():
            fail(rowno[dup].tolist(), ", ".join(spec.key), "unique",
                 f"duplicated key ({', '.join(spec.key)}): each key must appear once")
    if failures:
        raise ValidationFailures(pd.DataFrame(failures), title=f"{source or spec.name}: not a valid {spec.name}")
    return out

