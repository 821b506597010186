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


def test_texts_that_do_not_match_the_rows_are_a_loader_bug():
    with pytest.raises(ValueError, match="3 texts for 2 dropped rows"):
        ReportBuilder("a.csv").drop([2, 3], ["a", "b", "c"], 0.0)
