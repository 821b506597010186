"""The vocabulary and type coercion shared by Config and Inputs (exposure.options)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exposure.errors import ConfigError
from exposure.options import canonical_key, coerce


def test_cli_spellings_are_aliases():
    assert [canonical_key(k) for k in ("scenario", "format", "fx", "world-exports", "critical", "draws")] == \
        ["scenarios", "formats", "fx_rates", "world_exports", "critical_inputs", "draws"]


@pytest.mark.parametrize("value, annotation, expected", [
    (True, bool, True), (3, int, 3), (3.0, int, 3), (2, float, 2.0), ("a", str, "a"), ("x.csv", Path, Path("x.csv")),
    ("a, b", tuple[str, ...], ("a", "b")), ([1, 2.5], tuple[float, ...], (1.0, 2.5)),
    ({"KRW": 1100}, tuple[tuple[str, float], ...], (("KRW", 1100.0),)), (None, int | None, None),
    ("x.csv", list[Path], [Path("x.csv")]), ({"io": "m.toml"}, dict[str, Path], {"io": Path("m.toml")}),
])
def test_coercion(value, annotation, expected):
    assert coerce(value, annotation, "k", "src") == expected


@pytest.mark.parametrize("value, annotation, fragment", [
    ("no", bool, "k = 'no': expected true or false"), (1, bool, "k = 1: expected true or false"),
    ("100", int, "k = '100': expected a whole number"), (True, int, "expected a whole number"),
    (1.5, int, "k = 1.5: expected a whole number"), ("x", float, "expected a number"),
    (float("nan"), float, "expected a finite number"), (3, str, "expected a quoted string"),
    ({"a": "x"}, tuple[tuple[str, float], ...], "k['a'] = 'x': expected a number"),
    (5, list[Path], "expected a list of file paths"),
])
def test_wrong_types_name_key_value_and_expectation(value, annotation, fragment):
    with pytest.raises(ConfigError) as info:
        coerce(value, annotation, "k", "src")
    assert str(info.value).startswith("src: ") and fragment in str(info.value)
