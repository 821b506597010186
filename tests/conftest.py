"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DEMO = REPO / "datasets" / "demo"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data beside the checkout; tests needing it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The embedded demo inputs (datasets/demo)."""
    return DEMO
