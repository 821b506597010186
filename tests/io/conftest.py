"""Fixtures of the io tests: the hand-made files in tests/data/io and a report check."""

from __future__ import annotations

from pathlib import Path

import pytest

from exposure.schema import LoadReport

IO_DATA = Path(__file__).resolve().parents[1] / "data" / "io"


@pytest.fixture(scope="session")
def io_data() -> Path:
    """Folder of the hand-made io fixtures (written by tests/data/io/make_fixtures.py)."""
    return IO_DATA


def assert_reconciles(report: LoadReport) -> None:
    """Rows read = kept + dropped and value read = kept + dropped, exactly (up to float rounding)."""
    report.check()
    assert report.rows_read == report.rows_kept + len(report.dropped)
    assert report.value_read == pytest.approx(report.value_kept + report.dropped["value_usd"].sum(), rel=1e-12,
                                              abs=1e-6)
