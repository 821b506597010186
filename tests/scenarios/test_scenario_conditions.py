"""The condition mini-language (exposure.scenarios.conditions): parsing, three-valued logic, limits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.errors import ConfigError
from exposure.scenarios.conditions import MAX_DEPTH, MAX_LENGTH, Condition


def test_three_valued_logic():
    t = pd.DataFrame({"a": [1.0, 1.0, np.nan, np.nan], "b": [0.0, 2.0, 2.0, 0.0]})
    true, known = Condition.parse("a >= 1 or b > 1", "r").evaluate(t)
    assert true.tolist() == [True, True, True, False]
    assert known.tolist() == [True, True, True, False]  # unknown or false is unknown
    true, known = Condition.parse("a >= 1 and b > 1", "r").evaluate(t)
    assert true.tolist() == [False, True, False, False]
    assert known.tolist() == [True, True, False, True]  # unknown and false is false
    true, known = Condition.parse("not a >= 1", "r").evaluate(t)
    assert true.tolist() == [False, False, False, False] and known.tolist() == [True, True, False, False]


def test_percent_strings_and_booleans():
    t = pd.DataFrame({"s": [0.49, 0.5], "band": ["50%", "70%"], "p": pd.array([True, pd.NA], dtype="boolean")})
    assert Condition.parse("s >= 50%", "r").evaluate(t)[0].tolist() == [False, True]
    assert Condition.parse("band == '70%'", "r").evaluate(t)[0].tolist() == [False, True]
    assert Condition.parse("p == true", "r").evaluate(t)[1].tolist() == [True, False]


def test_nesting_and_length_are_bounded():
    deep = "(" * (MAX_DEPTH + 1) + "a > 1" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(ConfigError, match=f"nested more than {MAX_DEPTH} levels deep"):
        Condition.parse(deep, "rule 1")
    with pytest.raises(ConfigError, match=f"nested more than {MAX_DEPTH} levels"):
        Condition.parse("not " * 40 + "a > 1", "rule 1")
    ok = "(" * (MAX_DEPTH - 1) + "a > 1" + ")" * (MAX_DEPTH - 1)
    assert Condition.parse(ok, "r").columns() == ["a"]
    with pytest.raises(ConfigError, match=f"at most {MAX_LENGTH:,} are accepted"):
        Condition.parse("a > 1 and " * 1000 + "a > 1", "rule 1")


def test_long_and_chain_within_the_length_limit_evaluates():
    text = " and ".join(["a > 0"] * 150)
    assert len(text) < MAX_LENGTH
    true, _ = Condition.parse(text, "r").evaluate(pd.DataFrame({"a": [1.0, -1.0]}))
    assert true.tolist() == [True, False]


@pytest.mark.parametrize("text, match", [
    ("a >> 1", "expected 'column op value'"),
    ("(a > 1", r"missing '\)'"),
    ("a > 1e999", "not a finite number"),
    ("a > 1 ;", "cannot read"),
    ("a > 1 b", "unexpected 'b'"),
])
def test_messages(text, match):
    with pytest.raises(ConfigError, match=match):
        Condition.parse(text, "rule 1")


def test_unknown_columns_are_named():
    with pytest.raises(ConfigError, match="unknown column 'share'; valid columns are: target_share"):
        Condition.parse("share > 0.5", "rule 1", columns=("target_share",))
