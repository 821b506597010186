"""Korean number conventions and units."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exposure.errors import DataError
from exposure.io.numbers import parse_numbers
from exposure.io.units import money_unit, parse_unit_option, quantity_unit, title_unit, unit_from_title, weight_unit


def test_separators_triangles_parentheses_dashes():
    got = parse_numbers(pd.Series(["1,234", "△1,234.5", "▽7", "(12)", "-", " 56 ", "12.5%", 3, 4.5, None, ""]),
                        percent=True)
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
    ("(단위: 1,000달러)", "천달러", 1e3),
])
def test_unit_rows(text, label, factor):
    assert unit_from_title(["수출입 실적", text]) == (label, factor)


@pytest.mark.parametrize("line, label, factor", [
    ("(금액: 백만달러)", "백만달러", 1e6), ("(중량: 톤, 금액: 달러)", "USD", 1.0), ("(단위: 톤, 백만달러)", "백만달러", 1e6),
    ("2019년 수입 (금액: 천달러, 중량: 톤)", "천달러", 1e3),
])
def test_a_bracketed_unit_statement_in_a_title_naming_what_it_is_of(line, label, factor):
    unit = title_unit(["부품소재 수입 실적", line])
    assert (unit.label, unit.factor, unit.currency) == (label, factor, "USD")


def test_a_bracket_that_is_no_unit_statement_gives_no_unit():
    assert title_unit(["2019년 수입 (금액 기준)"]) is None


@pytest.mark.parametrize("header, factor", [
    ("수출액(백만달러)", 1e6), ("금액(천불)", 1e3), ("Trade Value (US$)", 1.0), ("Export_dollar", 1.0),
    ("US Dollar, Millions", 1e6),
    # scales written as numbers or short words once read as plain dollars (a 1,000× or 10,000× error)
    ("수입액(US$ 1,000)", 1e3), ("금액($1,000)", 1e3), ("Value (USD '000)", 1e3), ("금액(만달러)", 1e4),
    ("Value (USD mn)", 1e6), ("US$ m", 1e6), ("USD 1,000,000", 1e6), ("수입액(천$)", 1e3), ("USD bn", 1e9),
    # the same scales in digits before the Korean word
    ("수입 금액(1,000달러)", 1e3), ("금액(1000불)", 1e3), ("수입액(1,000,000달러)", 1e6), ("금액 (1,000 달러)", 1e3),
    ("2019년 금액(달러)", 1.0),
    # a power of ten in digits before a Korean scale word: 100만달러 is a million, not 만달러 (a 100× error)
    ("수입 금액(100만달러)", 1e6), ("단위: 10억달러", 1e9), ("10만달러", 1e5), ("1억달러", 1e8),
    ("(단위 : 100만 달러)", 1e6),
    # a Korean scale word or a short Latin one beside USD (천 USD once read as plain dollars: a 1,000× error)
    ("백만 USD", 1e6), ("천 USD", 1e3), ("USD 천", 1e3), ("수입액(US$ 백만)", 1e6), ("단위: 천 USD, %", 1e3),
    ("USD mln", 1e6), ("USD bln", 1e9), ("USD Mil", 1e6), ("Tsd. USD", 1e3), ("천연가스 USD", 1.0),
])
def test_money_units_in_headers(header, factor):
    assert money_unit(header)[1] == factor


@pytest.mark.parametrize("text", ["홍콩달러", "HK$ thousand", "NT$", "불화수소 수입", "Primary Value", "weight (kg)"])
def test_other_dollars_and_words_with_dollar_letters_are_no_usd_unit(text):
    assert money_unit(text) is None


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


@pytest.mark.parametrize("bracket, kind", [
    ("톤", "weight"), ("천톤", "weight"), ("kg", "weight"), ("tonnes", "weight"), ("%", "percentage"),
    ("퍼센트", "percentage"), ("개", "count"), ("건", "count"), ("pieces", "count"),
    # money, money beside a weight, and brackets that state no unit: no quantity unit
    ("천달러", None), ("USD", None), ("천원", None), ("톤, 천달러", None), ("HS 10단위", None), ("잠정", None),
    ("1,000", None), ("kg당 달러", None),
])
def test_quantity_units_in_an_amount_header(bracket, kind):
    assert quantity_unit(bracket) == kind


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


# ------------------------------------------------------------------------------------- separators
@pytest.mark.parametrize("text, value", [
    ("7,400", 7400.0), ("1,234,567.5", 1234567.5), ("1 234", 1234.0), ("△7,400", -7400.0), ("1e3", 1000.0),
    ("$1,234", 1234.0), ("0.5", 0.5), (".5", 0.5), ("- 1,234", -1234.0), ("△ 12", -12.0),
])
def test_thousands_separators_in_groups_of_three(text, value):
    assert parse_numbers(pd.Series([text])).item() == value


@pytest.mark.parametrize("text, value", [
    ("5.", 5.0), ("0.", 0.0), ("5.e3", 5000.0), ("5.E-1", 0.5), ("1,234.", 1234.0), ("△5.", -5.0), ("+.5", 0.5),
])
def test_a_point_may_end_the_digits_as_python_excel_and_arrow_read_it(text, value):
    assert parse_numbers(pd.Series([text])).item() == value


@pytest.mark.parametrize("text", [".", ".e3", "+.", "5..", "5.5.", "e3"])
def test_a_point_or_an_exponent_without_digits_is_no_number(text):
    with pytest.raises(DataError, match=re.escape(f"expected a number, got '{text}'")):
        parse_numbers(pd.Series([text]), "f.csv", "수입 금액")


def test_a_percentage_is_read_only_where_a_share_is():
    assert parse_numbers(pd.Series(["12.5 %", "7"]), percent=True).tolist() == [12.5, 7.0]
    with pytest.raises(DataError) as err:
        parse_numbers(pd.Series(["7,400", "12.5%"]), "f.csv", "수입 금액", [2, 3])
    assert str(err.value) == ("f.csv: row 3, column '수입 금액': expected a number, got '12.5%' (a percentage where an "
                              "amount or a count is expected)")


@pytest.mark.parametrize("text", ["7400,5", "2,1", "1,2,3", "12,34,567", "1.234,5", "12 34"])
def test_a_comma_that_is_not_a_thousands_separator_is_an_error(text):
    with pytest.raises(DataError) as err:
        parse_numbers(pd.Series(["1", text]), "f.csv", "수입 금액", [2, 3])
    assert str(err.value).startswith(f"f.csv: row 3, column '수입 금액': expected a number, got '{text}'")


def test_decimal_comma_mode():
    got = parse_numbers(pd.Series(["7.400,5", "730,25", "2.100", "1.234.567", "△1,5", "12"]), decimal=",")
    assert got.tolist() == [7400.5, 730.25, 2100.0, 1234567.0, -1.5, 12.0]
    with pytest.raises(DataError, match="expected a number, got '1,234.5': this file writes the decimal comma"):
        parse_numbers(pd.Series(["1,234.5"]), decimal=",")


def test_decimal_comma_is_decided_per_file():
    from exposure.io.numbers import detect_decimal_comma

    assert detect_decimal_comma([pd.Series(["7.400,5", "730"])]) == (
        True, "numbers use the decimal comma (e.g. '7.400,5'): read as 1.234,5 = 1234.5")
    assert detect_decimal_comma([pd.Series(["7400,5", "730"])]) == (False, "")  # a lone 7400,5 is an error later
    assert detect_decimal_comma([pd.Series(["7,400", "730"])], ";")[0] is True  # the European CSV convention
    assert detect_decimal_comma([pd.Series(["7,400.5", "730"])], ";")[0] is False  # …unless a number says otherwise
    assert detect_decimal_comma([pd.Series([7400.5, 3])]) == (False, "")  # spreadsheet numbers are no evidence
    with pytest.raises(DataError, match=r"f.csv: numbers are written with the decimal comma \('1.234,5' in row 3, "
                                        r"column 'b'\) and with the decimal point \('1,234.5' in row 2, column 'a'\)"):
        detect_decimal_comma([pd.Series(["1,234.5", "1"]), pd.Series(["2", "1.234,5"])], ",", "f.csv", ["a", "b"],
                             [2, 3])


def test_decimal_comma_file_loads_with_its_values(tmp_path):
    from exposure.io import load

    f = tmp_path / "eu.csv"
    f.write_text("기간;국가;HS코드;수입 금액(천달러)\n2019;일본;2811111000;7.400,5\n2019;중국;2811111000;730,25\n",
                 encoding="utf-8")
    table, report = load(f)
    assert table["value_usd"].tolist() == [7_400_500.0, 730_250.0]
    assert ("numbers use the decimal comma (e.g. '7.400,5' in row 2, column '수입 금액(천달러)'): read as 1.234,5 = "
            "1234.5") in report.warnings
    f.write_text("기간;국가;HS코드;수입 금액(천달러)\n2019;일본;2811111000;7400,5\n2019;중국;2811111000;730\n",
                 encoding="utf-8")
    table, report = load(f)  # no number only the comma explains: the ';' decides
    assert table["value_usd"].tolist() == [7_400_500.0, 730_000.0]
    assert "a ';'-separated CSV: numbers read with the decimal comma (1.234,5 = 1234.5)" in report.warnings
    f.write_text("기간,국가,HS코드,수입 금액(천달러)\n2019,일본,2811111000,\"7400,5\"\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column '수입 금액\(천달러\)': expected a number, got '7400,5'"):
        load(f)  # the same number in a comma-separated file: an error, not 74,005


def test_a_point_that_cannot_be_a_thousands_dot_decides_a_semicolon_file(tmp_path):
    from exposure.io import load
    from exposure.io.numbers import detect_decimal_comma

    # 0.730 has a first group of 0 and 7.4 a group of one digit: no thousands dot writes either
    for point in ("0.730", "7.4", "183542200.3", "1234.567", "12.3456"):
        assert detect_decimal_comma([pd.Series(["7.400", point])], ";")[0] is False, point
    assert detect_decimal_comma([pd.Series(["7.400", "12.500"])], ";")[0] is True  # both readings fit: the ';' decides
    f = tmp_path / "semi.csv"
    f.write_text("기간;국가;HS코드;수입 금액(백만달러)\n2019;일본;2811111000;7.400\n2019;중국;2811111000;0.730\n",
                 encoding="utf-8")
    table, report = load(f)
    assert table["value_usd"].tolist() == [7_400_000.0, 730_000.0]  # 7.4 and 0.73 million, not 7,400 and 730
    assert not any("decimal comma" in w for w in report.warnings)


@pytest.mark.parametrize("text, decimal", [("0,730", "."), ("0.730", ","), ("-0,5", ".")])
def test_a_thousands_group_never_starts_with_zero(text, decimal):
    with pytest.raises(DataError, match=re.escape(f"expected a number, got '{text}'")):
        parse_numbers(pd.Series([text]), decimal=decimal)


# ------------------------------------------------------------------------------------- non-finite values
@pytest.mark.parametrize("text, why", [
    ("inf", "not a finite number"), ("-Infinity", "not a finite number"), ("NaN", "a blank cell is a missing value"),
    ("nan", "a blank cell is a missing value"), ("#N/A", "a blank cell is a missing value"),
    ("#DIV/0!", "a blank cell is a missing value"), ("₩1,000", "a currency mark"),
])
def test_text_that_is_not_a_finite_number_is_refused(text, why):
    with pytest.raises(DataError, match=re.escape(f"expected a number, got '{text}' ({why}")):
        parse_numbers(pd.Series([text]), "f.csv", "v", [2])


def test_overflow_is_refused_and_blanks_stay_missing():
    with pytest.raises(DataError, match=r"row 3, column 'v': expected a finite number, got '1e999'"):
        parse_numbers(pd.Series(["1", "1e999"]), "f.csv", "v", [2, 3])
    got = parse_numbers(pd.Series(["", "  ", None, float("nan"), "5"], dtype=object))
    assert got.iloc[:4].isna().all() and got.iloc[4] == 5.0


# ------------------------------------------------------------------------------------- other currencies
@pytest.mark.parametrize("text, label, factor, currency", [
    ("수입 금액(천원)", "천원", 1e3, "KRW"), ("금액(원)", "원", 1.0, "KRW"), ("단위: 백만원", "백만원", 1e6, "KRW"),
    ("억원", "억원", 1e8, "KRW"), ("(단위 : 천 원)", "천원", 1e3, "KRW"), ("수입액천원", "천원", 1e3, "KRW"),
    ("천엔", "천엔", 1e3, "JPY"), ("Value (JPY million)", "JPY million", 1e6, "JPY"), ("유로", "유로", 1.0, "EUR"),
    ("EUR", "EUR", 1.0, "EUR"), ("위안", "위안", 1.0, "CNY"), ("CNY", "CNY", 1.0, "CNY"), ("ImportKRW", "KRW", 1.0, "KRW"),
    ("홍콩달러", "홍콩달러", 1.0, "HKD"), ("HK$ thousand", "HK$ thousand", 1e3, "HKD"),
    ("Korean Won, Millions", "Won Millions", 1e6, "KRW"),
    ("수입 금액(100만원)", "100만원", 1e6, "KRW"), ("단위: 10억엔", "10억엔", 1e9, "JPY"),
])
def test_other_currencies_are_recognised(text, label, factor, currency):
    from exposure.io.units import MoneyUnit, find_unit

    assert find_unit(text) == MoneyUnit(label, factor, currency)


@pytest.mark.parametrize("text", ["원산지", "원료 수입액", "원자재", "인원", "지원금액", "회원국", "엔진 부품", "Europe",
                                  "Won't", "국가(원산지)"])
def test_currency_words_inside_other_words_are_no_unit(text):
    from exposure.io.units import find_unit

    assert find_unit(text) is None


@pytest.mark.parametrize("text, factor", [("금액(천불)", 1e3), ("US$ thousand", 1e3), ("수입액(달러)", 1.0),
                                          ("US Dollar, Millions", 1e6)])
def test_dollar_units_stay_dollars(text, factor):
    from exposure.io.units import find_unit

    found = find_unit(text)
    assert (found.factor, found.currency) == (factor, "USD")


def test_two_units_in_one_text_are_refused():
    from exposure.io.units import find_unit

    with pytest.raises(ValueError, match="states two money units"):
        find_unit("단위: 천달러, 천원", standalone=True)


def test_exchange_rates():
    from exposure.io.units import MoneyUnit, parse_fx, to_usd

    assert parse_fx({"krw": 1165.7}) == {"KRW": 1165.7}
    assert parse_fx(["KRW=1,165.7", "JPY=109"]) == {"KRW": 1165.7, "JPY": 109.0}
    assert parse_fx("KRW=1100.3") == {"KRW": 1100.3}
    # 1,000 won at 1,000 won per dollar is one dollar; a thousand-won unit is 1,000/1,000 dollars a unit
    assert to_usd(MoneyUnit("천원", 1e3, "KRW"), {"KRW": 1000.0}) == ("천원 (KRW, 1,000 per USD)", 1.0)
    assert to_usd(MoneyUnit("천원", 1e3, "KRW"), {}) is None
    assert parse_fx({"thb": 36.0}) == {"THB": 36.0}  # any ISO code may carry a rate
    for bad, why in (({"₩": 1}, "unknown currency '₩'"), ({"KRW": 0}, "must be a positive number"),
                     ({"KRW": "abc"}, "must be a positive number"), ({"KRW": float("inf")}, "must be a positive")):
        with pytest.raises(ValueError, match=why):
            parse_fx(bad)


def test_one_currency_with_two_rates_is_refused_naming_both():
    from exposure.io.units import parse_fx

    for given in (["KRW=1000", "KRW=2000"], "KRW=1000,krw=2000", {"krw": 1000, "KRW": 2000}):
        with pytest.raises(ValueError) as info:
            parse_fx(given, "--fx")
        assert str(info.value) == "--fx: KRW is given two rates, 1000 and 2000 KRW per US dollar; give one rate per currency"
    assert parse_fx(["KRW=1,000", "krw=1000"]) == {"KRW": 1000.0}  # the same rate twice is one rate


def test_amounts_in_won_are_converted_with_the_rate_or_refused(tmp_path):
    from exposure.io import load
    from exposure.io.mapping import read_mapping

    f = tmp_path / "won.csv"
    f.write_text("수입 실적\n단위: 백만원\n기간,국가,HS코드,수입 금액\n2019,일본,2811111000,1165.7\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"won.csv: column '수입 금액': the title rows state the amounts in 백만원, "
                                        r"which is won \(KRW\), not US dollars: give the rate in KRW per US dollar"):
        load(f)
    table, report = load(f, fx={"KRW": 1165.7})
    assert table["value_usd"].tolist() == pytest.approx([1_000_000.0])  # 1,165.7 million won / 1,165.7 per USD
    assert report.unit == "백만원 (KRW, 1,166 per USD)"
    assert any("converted to USD at 1,165.7 KRW per USD" in w for w in report.warnings)
    m = tmp_path / "m.toml"
    m.write_text('name = "won"\nkind = "trade_flows"\n[read]\nfx = { KRW = 1165.7 }\n[columns]\nyear = "기간"\n'
                 'partner = "국가"\ncode = "HS코드"\n[[flows]]\nflow = "M"\nvalue = "수입 금액"\n', encoding="utf-8")
    assert read_mapping(m).fx == {"KRW": 1165.7}
    table, _ = load(f, mapping=m)
    assert table["value_usd"].tolist() == pytest.approx([1_000_000.0])
    table, _ = load(f, mapping=m, fx={"KRW": 1000.0})  # the option wins over the mapping
    assert table["value_usd"].tolist() == pytest.approx([1_165_700.0])


def test_plain_digit_cells_read_at_once_beside_cells_that_need_cleaning():
    # the plain cells take the short way; the others are cleaned; every value lands on its own row
    cells = pd.Series(["12", "1,234", "007", "△5", "3.25", "(7)", "-", "", None, "0.5"], dtype=object)
    out = parse_numbers(cells).fillna(-1.0).tolist()  # -1: blank (no value)
    assert out == [12.0, 1234.0, 7.0, -5.0, 3.25, -7.0, 0.0, -1.0, -1.0, 0.5]


def test_a_bad_cell_after_plain_cells_is_named_by_its_own_row():
    cells = pd.Series(["1", "2", "3", "7400,5", "4", "x1"], dtype=object)
    with pytest.raises(DataError) as exc:
        parse_numbers(cells, "f.csv", "수입 금액", rows=[10, 11, 12, 13, 14, 15])
    assert exc.value.row == 13 and "7400,5" in str(exc.value) and "(2 such cells)" in str(exc.value)


def test_full_width_numbers_read_as_their_ascii_spelling():
    # what a Korean IME in full-width mode types: digits, comma, point, dash (nothing: 0) and the △ sign
    cells = pd.Series(["７，４００", "－", "１２．５", "△１，２００"], dtype=object)
    assert parse_numbers(cells).tolist() == [7400.0, 0.0, 12.5, -1200.0]


@pytest.mark.parametrize("text", ["단위: 불, %", "단위 불", "수입액(불)"])
def test_bul_as_a_word_of_its_own_is_dollars(text):
    assert money_unit(text) == ("USD", 1.0) and money_unit("불화수소 수입액") is None


@pytest.mark.parametrize("text", ["7,400 USD", "12kg", "0.1백만달러"])
def test_a_unit_written_in_the_cell_is_named_as_such(text):
    with pytest.raises(DataError, match=re.escape(f"got '{text}' (a word beside the number: write the unit once")):
        parse_numbers(pd.Series([text], dtype=object))
