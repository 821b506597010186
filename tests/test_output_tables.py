"""Every table of a run conforms to its one declaration in exposure.schema.outputs (columns, order, dtypes)."""

from __future__ import annotations

import pandas as pd
import pytest

import exposure
from exposure.report.tables import result_tables
from exposure.schema import CATALOGUE, OUTPUTS

_FAMILY = {"float64": "f", "int64": "i", "Int64": "i", "bool": "b", "boolean": "b", "str": "O"}


def _family(dtype) -> str:
    if pd.api.types.is_bool_dtype(dtype):
        return "b"
    if pd.api.types.is_integer_dtype(dtype):
        return "i"
    if pd.api.types.is_float_dtype(dtype):
        return "f"
    return "O"


@pytest.fixture(scope="module")
def tables():
    res = exposure.run(config=exposure.Config(draws=10, scenarios=(
        "2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")))
    return result_tables(res)


def test_every_table_has_a_spec_and_exactly_its_columns(tables):
    assert set(tables) <= set(OUTPUTS)
    for name, df in tables.items():
        assert list(df.columns) == OUTPUTS[name].names, name


def test_dtypes_follow_the_declarations(tables):
    for name, df in tables.items():
        if df.empty:
            continue
        for col in OUTPUTS[name].columns:
            want = _FAMILY[col.dtype]
            got = _family(df[col.name].dtype)
            if want == "O" or got == "O" and df[col.name].isna().all():
                continue  # text columns, and wholly empty columns, carry no dtype to check
            # a whole number column may hold NaN (float) where a value is missing
            assert got == want or {want, got} == {"i", "f"} or (want == "b" and got == "O"), \
                (name, col.name, col.dtype, df[col.name].dtype)


def test_no_column_is_declared_twice_and_every_spec_column_is_catalogued():
    for spec in OUTPUTS.values():
        assert len(set(spec.names)) == len(spec.names), spec.name
        for col in spec.columns:
            assert CATALOGUE[col.name] is col  # the one declaration, not a copy
