"""Errors the tool raises on purpose.

Every error a user can cause by handing over a bad file or a bad option is an
:class:`ExposureError`. The CLI turns these into a plain message and exit code 1;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported only where a failure table is built: `exposure --help` stays quick
    import pandas as pd


class ExposureError(Exception):
    """Base class of the errors a user can cause with bad input."""


@dataclass
class DataError(ExposureError):
    """A problem with one input file, located as precisely as we can.

    Parameters
    ----------
    source : str or Path
        The file (or table) the problem is in.
    problem : str
        What is wrong, in plain words, including what was expected.
    row : int, optional
        1-based line/row number in the file as a spreadsheet or editor shows it.
    column : str, optional
        The column name (or letter) concerned.

    Examples
    --------
    >>> str(DataError("imports.csv", "expected a number, got 'abc'", row=7, column="수입 금액"))
    "imports.csv: row 7, column '수입 금액': expected a number, got 'abc'"
    """

    source: str | Path
    problem: str
    row: int | None = None
    column: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [Path(str(self.source)).name if self.source else "input"]
        loc = []
        if self.row is not None:
            loc.append(f"row {self.row}")
        if self.column is not None:
            loc.append(f"column '{self.column}'")
        head = where[0] + (": " + ", ".join(loc) if loc else "")
        return f"{head}: {self.problem}"


@dataclass
class ValidationFailures(ExposureError):
    """Several problems at once, collected so the user sees all of them.

    ``failures`` is a DataFrame with columns ``source, row, column, check, problem``.
    """

    failures: "pd.DataFrame" = field(default_factory=lambda: _empty_frame())
    title: str = "validation failed"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.failures)
        lines = [f"{self.title}: {n} problem{'s' if n != 1 else ''}"]
        for rec in self.failures.head(50).itertuples(index=False):
            err = DataError(rec.source, rec.problem, row=_opt_int(rec.row), column=_opt_str(rec.column))
            lines.append(f"  - {err}")
        if n > 50:
            lines.append(f"  … and {n - 50} more")
        return "\n".join(lines)


class ConfigError(ExposureError):
    """A bad configuration or scenario (unknown key, value out of range …)."""


def _empty_frame() -> Any:
    import pandas as pd

    return pd.DataFrame()


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if type(value).__module__.startswith(("pandas", "numpy")):
        import pandas as pd

        return bool(pd.isna(value))
    return False


def _opt_int(value: object) -> int | None:
    return None if _missing(value) else int(value)  # type: ignore[arg-type]


def _opt_str(value: object) -> str | None:
    return None if _missing(value) or value == "" else str(value)
