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


KINDS = {"target_share": "number", "year": "number", "code": "text", "share_band": "text", "persistent": "flag"}


@pytest.mark.parametrize("text, message", [
    ("target_share >= '0.5'", "rule 1: condition \"target_share >= '0.5'\": target_share is a number, got the text "
                              "'0.5'; write the number without quotes: target_share >= 0.5"),
    ("target_share >= \"50%\"", "rule 1: condition 'target_share >= \"50%\"': target_share is a number, got the text "
                                "'50%'; write the number without quotes: target_share >= 50%"),
    ("year == 'last'", "rule 1: condition \"year == 'last'\": year is a number, got the text 'last'"),
    ("target_share > 0.5 and year == true", "rule 1: condition 'target_share > 0.5 and year == true': year is a number, "
                                            "got true"),
    ("code == 281111", "rule 1: condition 'code == 281111': code is text, got the number 281111; quote it: "
                       "code == '281111'"),
    ("not share_band != 0.5", "rule 1: condition 'not share_band != 0.5': share_band is text, got the number 0.5; "
                              "quote it: share_band != '0.5'"),
    ("persistent == 'true'", "rule 1: condition \"persistent == 'true'\": persistent is true or false, got the text "
                             "'true'; write true or false without quotes"),
])
def test_values_of_the_wrong_kind_are_refused_when_parsed(text, message):
    with pytest.raises(ConfigError) as info:
        Condition.parse(text, "rule 1", columns=KINDS)
    assert str(info.value) == message


def test_values_of_the_right_kind_parse():
    for text in ("target_share >= 0.5", "target_share >= 50%", "code == '281111'", "share_band == '≥90%'",
                 "persistent == true", "persistent == 1", "year >= 2017"):
        Condition.parse(text, "rule 1", columns=KINDS)


def test_text_compared_with_a_numeric_column_is_refused_when_evaluated():
    """A condition parsed without kinds (e.g. a Rule built in Python) is checked against the table's dtypes."""
    t = pd.DataFrame({"s": [0.4, 0.6], "code": ["281111", "370790"], "p": pd.array([True, False], dtype="boolean")})
    with pytest.raises(ConfigError) as info:
        Condition.parse("s >= '0.5'", "rule 1").evaluate(t)
    assert str(info.value) == ("rule 1: condition \"s >= '0.5'\": s is a number, got the text '0.5'; write the number "
                               "without quotes: s >= 0.5")
    with pytest.raises(ConfigError, match="p is true or false, got the text 'yes'"):
        Condition.parse("p == 'yes'", "rule 1").evaluate(t)
    # an object column may hold numbers: not refused at evaluation
    assert Condition.parse("code == 281111", "rule 1").evaluate(t)[0].tolist() == [True, False]
