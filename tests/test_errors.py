"""User-facing errors read as one plain sentence naming file, row and column."""

from __future__ import annotations

import pandas as pd

from exposure.errors import DataError, ValidationFailures


def test_data_error_names_file_row_and_column():
    err = DataError("/home/analyst/data/imports.csv", "expected a number, got 'abc'", row=7, column="수입 금액")
    assert str(err) == "imports.csv: row 7, column '수입 금액': expected a number, got 'abc'"
    assert str(DataError("x.xlsx", "sheet '품목' not found")) == "x.xlsx: sheet '품목' not found"


def test_validation_failures_list_every_problem():
    failures = pd.DataFrame({"source": ["a.csv"] * 2, "row": [3, None], "column": ["code", ""],
                             "check": ["x", "y"], "problem": ["expected 6 digits", "no rows"]})
    text = str(ValidationFailures(failures, title="a.csv: not valid"))
    assert text.splitlines() == ["a.csv: not valid: 2 problems",
                                 "  - a.csv: row 3, column 'code': expected 6 digits",
                                 "  - a.csv: no rows"]
