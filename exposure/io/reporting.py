"""Building a :class:`~exposure.schema.LoadReport` while a loader works.

Every loader counts what it reads, records every row it drops with a reason
and the value that goes with it, and records each total row next to the sum
of the rows it totals. :meth:`ReportBuilder.finish` fills in what was kept and
checks that rows and value reconcile before the report leaves the loader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.io.limits import display_name
from exposure.schema import DROPPED_COLUMNS, TOTALS_COLUMNS, LoadReport, empty_dropped

#: how far a total row may be from the sum of its rows before it is a warning: the rows of a download are
#: rounded to its unit one by one, the total once (0.5 %: a missing row of any weight shows)
TOTAL_RTOL = 0.005
#: the warning :meth:`ReportBuilder.total` gives for such a total
TOTAL_MISMATCH = re.compile(r"row \d+ \(.*\): [\d,.\-]+ USD, but the rows it totals sum to [\d,.\-]+ USD")


def total_mismatch(total_usd: float, sum_of_rows_usd: float, rtol: float = TOTAL_RTOL) -> bool:
    """Does a total row disagree with the sum of the rows it totals by more than ``rtol`` (relative)?

    Examples
    --------
    >>> total_mismatch(251_000, 151_000), total_mismatch(1_878_208_500_000, 1_878_207_500_000)
    (True, False)
    """
    total, summed = np.nan_to_num(float(total_usd)), np.nan_to_num(float(sum_of_rows_usd))
    return bool(abs(total - summed) > rtol * max(abs(total), abs(summed), 1.0))


def _repeated(text: object, n: int) -> pd.Series:
    """A text column of ``n`` rows, of object dtype as the schema's dropped table (``empty_dropped``): one text
    repeated (a scalar or a one-item sequence), or the ``n`` texts given.

    A repeated text is ``n`` references to the one string, never ``n`` copies of it: a file's 328,000
    zero-value rows named the file as a pandas 3 string column of 20 MB; this way the column is 2.6 MB.
    """
    texts = [text] if np.ndim(text) == 0 else list(text)  # type: ignore[arg-type]
    if len(texts) == 1 and n != 1:
        column = np.empty(n, dtype=object)
        column.fill(texts[0])  # references to the one object (np.full would make a string of each cell)
        return pd.Series(column, dtype=object, copy=False)
    if len(texts) != n:
        raise ValueError(f"{len(texts)} texts for {n} dropped rows")
    column = np.empty(n, dtype=object)
    column[:] = texts  # one text a cell, whatever each is (np.array would unpack a sequence)
    return pd.Series(column, dtype=object, copy=False)


class ReportBuilder:
    """Accumulates rows read, rows dropped and totals for one file."""

    def __init__(self, source: str | Path, **meta: object) -> None:
        self.source = display_name(source)
        self.meta = meta
        self.rows_read = 0
        self.value_read = 0.0
        self._dropped: list[pd.DataFrame] = []
        self._totals: list[dict[str, object]] = []
        self.warnings: list[str] = []

    def read(self, rows: int, value: float) -> None:
        """Count ``rows`` records read carrying ``value`` USD in all."""
        self.rows_read += int(rows)
        self.value_read += float(value)

    def drop(self, rows: Sequence[int] | np.ndarray, reason: str | Sequence[str],
             values: Sequence[float] | np.ndarray | float | None = None,
             detail: str | Sequence[str] = "") -> None:
        """Record dropped records (one per entry of ``rows``)."""
        rows = np.asarray(rows, dtype="int64")
        n = len(rows)
        if n == 0:
            return
        if values is None:
            vals = np.zeros(n)
        else:
            vals = np.broadcast_to(np.asarray(values, dtype="float64"), (n,)).copy()
        frame = pd.DataFrame({
            "source": _repeated(self.source, n),
            "row": rows,
            "reason": _repeated(reason, n),
            "value_usd": np.nan_to_num(vals, nan=0.0),
            "detail": _repeated(detail, n),
        })
        self._dropped.append(frame)

    def total(self, row: int, label: str, total_usd: float, sum_of_rows_usd: float, expect_equal: bool = True,
              of_more_rows: bool = False) -> None:
        """Record a total row and the sum of the rows it totals.

        A total the rows miss by more than :data:`TOTAL_RTOL` is also a warning (rows missing or filtered
        out, or a total of more than the table holds), unless ``expect_equal`` is False: comparisons that
        differ by design (a coarse code against the finer rows that cover only part of it).
        ``of_more_rows``: the total is of more rows than the table lists (a top-100 table's 총계 of all
        items), so only rows summing to more than it are a warning.
        """
        total_usd, sum_of_rows_usd = float(total_usd), float(sum_of_rows_usd)
        self._totals.append({"source": self.source, "row": int(row), "label": label,
                             "total_usd": total_usd, "sum_of_rows_usd": sum_of_rows_usd,
                             "difference_usd": total_usd - sum_of_rows_usd})
        if expect_equal and total_mismatch(total_usd, sum_of_rows_usd) and \
                not (of_more_rows and sum_of_rows_usd < total_usd):
            self.warn(f"row {int(row)} ({label}): {total_usd:,.0f} USD, but the rows it totals sum to "
                      f"{sum_of_rows_usd:,.0f} USD")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    @property
    def n_dropped(self) -> int:
        return int(sum(len(d) for d in self._dropped))

    def finish(self, rows_kept: int, value_kept: float) -> LoadReport:
        """The finished report; raises AssertionError if rows or value do not reconcile (a loader bug)."""
        dropped = (pd.concat(self._dropped, ignore_index=True) if self._dropped else empty_dropped())
        dropped = dropped[DROPPED_COLUMNS].sort_values("row", kind="stable").reset_index(drop=True)
        totals = pd.DataFrame(self._totals, columns=TOTALS_COLUMNS)
        if len(totals):
            totals = totals.astype({"row": "int64", "total_usd": "float64", "sum_of_rows_usd": "float64",
                                    "difference_usd": "float64"})
        report = LoadReport(source=self.source, rows_read=self.rows_read, rows_kept=int(rows_kept),
                            value_read=self.value_read, value_kept=float(value_kept), dropped=dropped,
                            totals=totals, warnings=list(self.warnings), **self.meta)  # type: ignore[arg-type]
        # relative tolerance: the sums are the same numbers added in another order
        report.check(rtol=1e-9)
        return report
