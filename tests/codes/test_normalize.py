"""Code normalisation: leading zeros, roll-up, labels and rejection messages."""

import numpy as np
import pandas as pd
import pytest

from exposure.codes.normalize import code_length, code_system_parts, code_text, normalize_codes, roll_up
from exposure.errors import DataError


@pytest.mark.parametrize(
    ("raw", "system", "expected"),
    [
        (10619, "HS6", "010619"),
        ("10619", "HS6", "010619"),
        ("10619.0", "HS6", "010619"),
        (10619.0, "HS6", "010619"),
        ("2811.11", "HS6", "281111"),
        (" 2811 11 ", "HS6", "281111"),
        ("101210000", "HSK10", "0101210000"),
        ("2811.11-1000", "HSK10", "2811111000"),
        (2811111000, "HSK10-2017", "2811111000"),
        ("106", "HS4", "0106"),
        (1, "HS2", "01"),
        ("831", "MTI3", "831"),
        ("13", "MTI3", "013"),
        ("0", "MTI1", "0"),
        ("10619", "HS6-2017", "010619"),
    ],
)
def test_restores_leading_zeros(raw, system, expected):
    assert normalize_codes([raw], system).tolist() == [expected]


def test_keeps_index_and_name():
    s = pd.Series(["10619", "281111"], index=[10, 20], name="code")
    out = normalize_codes(s, "HS6")
    assert list(out.index) == [10, 20]
    assert out.name == "code"
    assert out.tolist() == ["010619", "281111"]
    assert s.tolist() == ["10619", "281111"]  # input untouched


def test_empty_input():
    assert len(normalize_codes([], "HS6")) == 0


@pytest.mark.parametrize(
    ("bad", "why"),
    [("12a", "not a number"), ("1234567", "more than 6 digits"), ("", "empty"), (None, "empty"),
     ("12", "too few digits"), ("2.81111E+09", "scientific notation")],
)
def test_rejects_impossible_codes_naming_row_and_column(bad, why):
    codes = pd.Series(["010101", bad, "020202"], dtype=object)
    with pytest.raises(DataError) as info:
        normalize_codes(codes, "HS6-2017", source="imports.csv", column="HS코드", rows=[5, 6, 7])
    err = info.value
    assert err.row == 6
    assert err.column == "HS코드"
    shown = "" if bad is None else bad
    assert f"expected a 6-digit HS code, got '{shown}'" in str(err)
    assert why in str(err)
    assert str(err).startswith("imports.csv: row 6, column 'HS코드'")


def test_names_first_bad_row_and_count():
    with pytest.raises(DataError) as info:
        normalize_codes(["x", "2811111000", "y"], "HSK10", rows=[10, 11, 12])
    assert info.value.row == 10
    assert "10-digit HSK code" in str(info.value)
    assert "2 bad codes in all" in str(info.value)


def test_without_rows_names_position():
    with pytest.raises(DataError, match=r"item 2 of the input"):
        normalize_codes(["010101", "abc"], "HS6")


def test_unknown_system():
    with pytest.raises(ValueError, match="unknown code system"):
        normalize_codes(["1"], "SITC3")


@pytest.mark.parametrize(
    ("label", "parts"),
    [("HS6-2017", ("HS6", "2017")), ("hs6_17", ("HS6", "2017")), ("HS4", ("HS4", None)),
     ("HSK10", ("HSK10", None)), ("HSK", ("HSK10", None)), ("MTI3", ("MTI3", None)),
     ("H5", ("HS6", "2017")), ("H4", ("HS6", "2012")), ("HS6 2022", ("HS6", "2022"))],
)
def test_code_system_parts(label, parts):
    assert code_system_parts(label) == parts


def test_code_length():
    assert code_length("HS6-2017") == 6
    assert code_length("HSK10") == 10
    assert code_length("MTI3") == 3


def test_roll_up_chain():
    hsk = pd.Series(["2811111000", "0101210000"])
    hs6 = roll_up(hsk, "HS6")
    assert hs6.tolist() == ["281111", "010121"]
    assert roll_up(hs6, "HS4").tolist() == ["2811", "0101"]
    assert roll_up(hs6, "HS2").tolist() == ["28", "01"]
    assert roll_up(["831234"], "MTI3").tolist() == ["831"]


def test_roll_up_normalises_raw_numbers_first():
    assert roll_up([101210000], "HS4", from_system="HSK10").tolist() == ["0101"]


def test_roll_up_rejects_too_short():
    with pytest.raises(DataError, match="cannot roll '2811' up to HS6"):
        roll_up(["281111", "2811"], "HS6")


def test_vectorised_on_many_rows():
    rng = np.random.default_rng(1)
    distinct = rng.integers(10_000, 999_999, 2_000)
    raw = pd.Series(rng.choice(distinct, 1_000_000))
    out = normalize_codes(raw, "HS6")
    assert (out.str.len() == 6).all()
    expected = np.char.zfill(distinct.astype(str), 6)
    picked = raw.iloc[:100].to_numpy()
    assert out.iloc[:100].tolist() == [str(v).zfill(6) for v in picked]
    assert set(out.unique()) <= set(expected)


def test_codes_saved_as_floats_keep_their_digits():
    # spreadsheets store codes as numbers: 2811111000.0 and 281111.0 are unambiguous, the zeros come back
    assert normalize_codes([2811111000.0, "2811111000.0", 101210000.0], "HSK10").tolist() == [
        "2811111000", "2811111000", "0101210000"]
    assert normalize_codes([281111.0, "281111.0", "10619.0"], "HS6").tolist() == ["281111", "281111", "010619"]
    with pytest.raises(DataError, match="scientific notation has lost digits"):
        normalize_codes(["2.81111e9"], "HSK10")
    with pytest.raises(DataError, match="scientific notation has lost digits"):
        normalize_codes([2.811111e16], "HSK10")


@pytest.mark.parametrize(
    ("raw", "system", "expected"),
    [
        ("２８１１１１１０００", "HSK10", "2811111000"),  # full-width digits, as a Korean IME types them
        ("１０１２１００００", "HSK10", "0101210000"),  # and their lost leading zero restored
        ("２８１１．１１", "HS6", "281111"),  # full-width full stop
        ("２８１１－１１", "HS6", "281111"),  # full-width hyphen
        ("２８１１　１１", "HS6", "281111"),  # ideographic space
        ("2811１１", "HS6", "281111"),  # half typed one way, half the other
    ],
)
def test_full_width_codes_become_ascii(raw, system, expected):
    assert normalize_codes([raw], system).tolist() == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('="0101210000"', "0101210000"), ('= "0101210000" ', "0101210000"), ("'0101210000", "0101210000"),
     ("＇０１０１２１００００", "0101210000"), ('="2811.11-1000"', "2811111000")],
)
def test_excel_text_forms_are_the_code_inside(raw, expected):
    assert normalize_codes([raw], "HSK10").tolist() == [expected]


def test_code_text_leaves_numbers_and_missing_cells_alone():
    assert code_text(10619) == 10619
    assert code_text(None) is None
    assert code_text(" ２８１１ ") == "2811"


@pytest.mark.parametrize("raw", ["٢٨١١١١", "२८११११", '="28111x"', "'"])
def test_digits_of_other_scripts_and_empty_wrappers_are_refused(raw):
    # NFKC leaves Arabic-Indic and Devanagari digits as they are: such a code would match nothing
    with pytest.raises(DataError, match=r"row 4, column 'HS코드': expected a 6-digit HS code"):
        normalize_codes([raw], "HS6", source="imports.csv", column="HS코드", rows=[4])


def test_a_code_of_zeros_is_refused_for_what_it_is():
    from exposure.errors import DataError

    with pytest.raises(DataError, match=r"got '0000000000' \(no code starts with 00: no HS chapter or MTI group is 00\)"):
        normalize_codes(["0000000000"], "HSK10", source="f.csv", column="HS코드", rows=[2])
    with pytest.raises(DataError, match=r"got '123' \(too few digits to be a code\)"):
        normalize_codes(["123"], "HSK10", source="f.csv", column="HS코드", rows=[2])
