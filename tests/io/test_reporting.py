"""The load report a loader builds (exposure.io.reporting): every dropped row kept with its reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.io.reporting import ReportBuilder


def test_dropped_rows_keep_their_reasons_values_and_details_in_row_order():
    b = ReportBuilder("imports.csv")
    b.read(12, 10.0)
    b.drop(np.array([7, 3]), "zero value", 0.0)  # one reason for many rows, no detail
    b.drop([9], "total row", 4.0, "수입 금액")
    b.drop([10, 11], "partner not a country", [1.5, 2.5], ["유럽연합", "기타"])
    b.drop([12, 13], ["blank row", "no value"], None, "flow M")
    d = b.finish(5, 2.0).dropped
    assert d["row"].tolist() == [3, 7, 9, 10, 11, 12, 13]
    assert d["source"].tolist() == ["imports.csv"] * 7
    assert d["reason"].tolist() == ["zero value", "zero value", "total row", "partner not a country",
                                    "partner not a country", "blank row", "no value"]
    assert d["value_usd"].tolist() == [0.0, 0.0, 4.0, 1.5, 2.5, 0.0, 0.0]
    assert d["detail"].tolist() == ["", "", "수입 금액", "유럽연합", "기타", "flow M", "flow M"]


def test_a_repeated_text_is_the_same_column_as_the_texts_written_out():
    many, listed = ReportBuilder("a.csv"), ReportBuilder("a.csv")
    many.drop(np.arange(2, 300_002), "zero value", 0.0, "flow M")
    listed.drop(np.arange(2, 300_002), ["zero value"] * 300_000, 0.0, ["flow M"] * 300_000)
    for b in (many, listed):
        b.read(300_000, 0.0)
    pd.testing.assert_frame_equal(many.finish(0, 0.0).dropped, listed.finish(0, 0.0).dropped)


def test_a_repeated_text_is_one_string_referenced_and_the_columns_are_the_schemas_object_dtype():
    b = ReportBuilder("a.csv")
    reason = "zero value"
    b.drop(np.arange(2, 1_002), reason, 0.0)
    b.drop([5000, 5001], ["blank row", "no value"], None, ["x", "y"])
    b.read(1_002, 0.0)
    frame = b._dropped[0]
    assert frame["reason"].iloc[0] is frame["reason"].iloc[999]  # one object, not a thousand copies
    d = b.finish(0, 0.0).dropped
    from exposure.schema.inputs import empty_dropped
    assert d.dtypes.to_dict() == empty_dropped().dtypes.to_dict()  # object text columns, as with no drop at all


def test_texts_that_do_not_match_the_rows_are_a_loader_bug():
    with pytest.raises(ValueError, match="3 texts for 2 dropped rows"):
        ReportBuilder("a.csv").drop([2, 3], ["a", "b", "c"], 0.0)


def test_a_total_its_rows_miss_is_a_warning_unless_a_comparison_or_a_top_n_total():
    from exposure.io.reporting import TOTAL_MISMATCH, ReportBuilder

    b = ReportBuilder("t.csv")
    b.total(2, "총계", 251_000_000, 151_000_000)  # 40 % of the value missing
    b.total(3, "소계", 1_000_000, 1_004_000)  # 0.4 %: rounding of the rows, within 0.5 %
    b.total(4, "HS6 281111 vs its HSK10 rows", 10, 4, expect_equal=False)  # differs by design
    b.total(5, "총계", 542, 523, of_more_rows=True)  # a top-100 table's total of all items
    b.total(6, "총계", 500, 523, of_more_rows=True)  # … but never less than its rows
    assert b.warnings == ["row 2 (총계): 251,000,000 USD, but the rows it totals sum to 151,000,000 USD",
                          "row 6 (총계): 500 USD, but the rows it totals sum to 523 USD"]
    assert all(TOTAL_MISMATCH.fullmatch(w) for w in b.warnings)
    assert len(b._totals) == 5  # every comparison is still recorded
