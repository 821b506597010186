"""Fixtures shared by the scenario tests."""

from __future__ import annotations

import pandas as pd
import pytest


def products(codes, system="HS6-2017", target_imports=None, **cols):
    n = len(codes)
    data = {"year": 2018, "code": list(codes), "code_system": system,
            "target_import_usd": target_imports if target_imports is not None else [100.0] * n}
    data.update(cols)
    return pd.DataFrame(data)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture(name="products")
def products_fixture():
    """Build a small products table: ``products(codes, system=…, target_imports=…, **columns)``."""
    return products


@pytest.fixture(name="write")
def write_fixture():
    """Write a text file: ``write(tmp_path, name, text)``."""
    return write
