"""Korean number conventions and units."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exposure.errors import DataError
from exposure.io.numbers import parse_numbers
from exposure.io.units import money_unit, parse_unit_option, unit_from_title, weight_unit


def test_separators_triangles_parentheses_dashes():
    got = parse_numbers(pd.Series(["1,234", "△1,234.5", "▽7", "(12)", "-", " 56 ", "12.5%", 3, 4.5, None, ""]))
    expected = [1234.0, -1234.5, -7.0, -12.0, 0.0, 56.0, 12.5, 3.0, 4.5]
    assert got.iloc[:9].tolist() == expected
    assert math.isnan(got.iloc[9]) and math.isnan(got.iloc[10])


def test_bad_number_names_file_row_and_column():
    with pytest.raises(DataError) as err:
        parse_numbers(pd.Series(["1", "abc", "x"]), "imports.csv", "수입 금액", [5, 7, 8])
    assert str(err.value) == "imports.csv: row 7, column '수입 금액': expected a number, got 'abc' (2 such cells)"


@pytest.mark.parametrize("text, label, factor", [
    ("단위: 천불, %", "천달러", 1e3),
    ("(단위 : 천달러)", "천달러", 1e3),
    ("Unit: USD thousand", "USD thousand", 1e3),
    ("단위: 백만달러", "백만달러", 1e6),
    ("단위: 달러, kg", "USD", 1.0),
])
def test_unit_rows(text, label, factor):
    assert unit_from_title(["수출입 실적", text]) == (label, factor)


@pytest.mark.parametrize("header, factor", [
    ("수출액(백만달러)", 1e6), ("금액(천불)", 1e3), ("Trade Value (US$)", 1.0), ("Export_dollar", 1.0),
    ("US Dollar, Millions", 1e6),
])
def test_money_units_in_headers(header, factor):
    assert money_unit(header)[1] == factor


def test_bare_bul_is_only_a_unit_on_its_own():
    assert money_unit("불") == ("USD", 1.0)
    assert money_unit("불화수소 수입") is None


def test_weight_units_and_unit_options():
    assert weight_unit("수입 중량(톤)") == "t"
    assert weight_unit("Netweight (kg)") == "kg"
    assert parse_unit_option("천달러") == ("천달러", 1000.0)
    assert parse_unit_option(1000)[1] == 1000.0
    with pytest.raises(ValueError, match="unknown money unit"):
        parse_unit_option("개")
    with pytest.raises(ValueError, match=r"is yen \(JPY\), not US dollars: give the rate in JPY per US dollar"):
        parse_unit_option("엔")
    assert parse_unit_option("천엔", {"JPY": 125.0}) == ("천엔 (JPY, 125 per USD)", 8.0)


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_korean_formatting_round_trips(n):
    text = ("△" if n < 0 else "") + f"{abs(n):,}"
    assert parse_numbers(pd.Series([text])).item() == float(n)


def test_columns_of_plain_numbers_parse_like_text_columns():
    cells = pd.Series([3, 4.5, None, float("nan"), 0], dtype=object)
    got = parse_numbers(cells)
    assert got.dtype == "float64" and got.index.equals(cells.index)
    assert got.iloc[[0, 1, 4]].tolist() == [3.0, 4.5, 0.0]
    assert got.iloc[2:4].isna().all()  # blanks are missing, as for text cells
    floats = parse_numbers(pd.Series([1.5, float("nan")], index=[7, 9]))
    assert floats.index.tolist() == [7, 9] and floats.iloc[0] == 1.5 and math.isnan(floats.iloc[1])
    # infinity is never an amount: refused with its row, whether a float cell or text
    with pytest.raises(DataError, match=r"f.csv: row 9, column 'v': expected a finite number, got '-inf'"):
        parse_numbers(pd.Series([1.5, float("-inf")]), "f.csv", "v", [7, 9])
    # one text cell sends the column through the cleaner
    assert parse_numbers(pd.Series([1, "△2"], dtype=object)).tolist() == [1.0, -2.0]
