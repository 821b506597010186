"""exposure.members.isin: the same answer as pandas' isin for text, on pandas 2.2 and 3.x."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure.members import isin

CODES = st.sampled_from(["010121", "10121", "281111", "2811111000", "", " 281111", "D26", "전자"])


def test_codes_match_as_text_leading_zeros_kept():
    values = pd.Series(["010121", "10121", "281111", "2811111000"])
    assert isin(values, ["010121", "2811111000"]).tolist() == [True, False, False, True]


def test_members_of_every_kind_give_one_answer():
    values = pd.Series(["a", "b", "c"])
    want = [True, False, True]
    for members in (["a", "c"], {"a", "c"}, {"a": 0, "c": 1}, pd.Series(["c", "a"]), pd.Index(["a", "c"]),
                    np.array(["a", "c"], dtype=object), ("a", "c")):
        assert isin(values, members).tolist() == want, type(members)


def test_result_is_positional_whatever_the_index():
    values = pd.Series(["x", "y"], index=[10, 3])
    out = isin(values, pd.Series(["y"], index=[10]))
    assert isinstance(out, np.ndarray) and out.dtype == bool
    assert out.tolist() == [False, True]


def test_a_number_never_equals_its_text():
    assert isin(pd.Series(["10121", "5"]), [10121, 5]).tolist() == [False, False]


def test_missing_matches_missing_only():
    values = pd.Series(["a", None, np.nan, pd.NA], dtype=object)
    assert isin(values, ["a"]).tolist() == [True, False, False, False]
    assert isin(values, ["b", None]).tolist() == [False, True, True, True]
    assert isin(values, ["b", np.nan]).tolist() == [False, True, True, True]


def test_empty_sides():
    assert isin(pd.Series([], dtype=object), ["a"]).tolist() == []
    assert isin(pd.Series(["a", "b"]), []).tolist() == [False, False]
    assert isin(pd.Series(["a"]), set()).tolist() == [False]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(CODES, max_size=30), members=st.lists(CODES, max_size=30))
def test_agrees_with_pandas_isin_on_text(values, members):
    # on missing values pandas versions disagree with each other (above: missing matches missing)
    # "string": pd.NA for missing on both versions; "str" is pandas 3's default text dtype (NaN for missing)
    for dtype in ("string", "str") if int(pd.__version__.split(".")[0]) >= 3 else ("string",):
        series = pd.Series(values, dtype=dtype)
        assert isin(series, members).tolist() == series.isin(members).tolist()
