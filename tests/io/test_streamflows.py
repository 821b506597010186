"""The whole-column helpers of the streamed flows reader, against plain definitions worked row by row.

The reader's output is compared with the generic reader's in ``test_streamcsv.py``; here each
shortcut it takes (runs, masks, early stops, the 'clip' gathers) is checked on its own, with row
counts that cross the slice size the helpers work in.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exposure.io import streamflows
from exposure.io.streamflows import _first_rows, _first_rows_in_runs, _gather, _picked, _picked_all, _rows_with


def _first_by_hand(ids, mask, n_ids):
    first = [-1] * n_ids
    for pos, (k, m) in enumerate(zip(ids.tolist(), mask.tolist())):
        if m and first[k] < 0:
            first[k] = pos
    return np.array(first, dtype=np.int64)


@st.composite
def runs_and_mask(draw, n_ids=6):
    """Ids in runs (as a download's periods) and a mask; a few thousand rows at most."""
    lengths = draw(st.lists(st.integers(1, 400), min_size=0, max_size=12))
    labels = draw(st.lists(st.integers(0, n_ids - 1), min_size=len(lengths), max_size=len(lengths)))
    ids = np.repeat(np.array(labels, dtype=np.int16), lengths).astype(np.int16)
    mask = np.array(draw(st.lists(st.booleans(), min_size=len(ids), max_size=len(ids))), dtype=bool)
    return ids, mask


@settings(max_examples=150, deadline=None)
@given(runs_and_mask(), st.integers(0, 20))
def test_first_rows_in_runs_are_the_first_masked_rows(case, most):
    ids, mask = case
    expected = _first_by_hand(ids, mask, 6)
    np.testing.assert_array_equal(_first_rows_in_runs(ids, mask, 6, most=most), expected)
    np.testing.assert_array_equal(_first_rows(ids, mask, 6), expected)


def test_first_rows_stop_once_every_present_id_is_met(monkeypatch):
    monkeypatch.setattr(streamflows, "STEP", 4)
    ids = np.array([2, 0, 2, 1, 0, 1, 2, 0, 1, 1, 0, 2], dtype=np.int16)
    mask = np.array([0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1], dtype=bool)
    # by hand: id 0 first masked at 1, id 2 at 2, id 1 at 5
    np.testing.assert_array_equal(_first_rows(ids, mask, 3, present=3), [1, 5, 2])
    # told that only two ids are present, the search stops after the first slice that met two
    np.testing.assert_array_equal(_first_rows(ids, mask, 3, present=2), [1, -1, 2])


def test_picked_is_the_masked_rows_also_in_place(monkeypatch):
    monkeypatch.setattr(streamflows, "STEP", 3)
    values = np.arange(10, 21, dtype=np.float64)  # 10 … 20
    mask = np.array([1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1], dtype=bool)
    kept = int(mask.sum())
    np.testing.assert_array_equal(_picked(values, mask, kept), [10, 13, 14, 15, 17, 20])
    in_place = _picked(values, mask, kept, out=values)
    np.testing.assert_array_equal(in_place, [10, 13, 14, 15, 17, 20])
    assert np.shares_memory(in_place, values)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=0, max_size=700), st.integers(1, 9))
def test_picked_all_is_each_column_masked(mask, step):
    mask = np.array(mask, dtype=bool)
    a = np.arange(len(mask), dtype=np.int16)
    b = np.arange(len(mask), dtype=np.float64) / 4
    want_a, want_b = a[mask].copy(), b[mask].copy()
    streamflows.STEP, before = step, streamflows.STEP
    try:
        got = _picked_all([a, b], mask, int(mask.sum()))
        np.testing.assert_array_equal(got[0], want_a)
        np.testing.assert_array_equal(got[1], want_b)
        in_place = _picked_all([a, b], mask, int(mask.sum()), [a, b])  # each written over itself
        np.testing.assert_array_equal(in_place[0], want_a)
        np.testing.assert_array_equal(in_place[1], want_b)
    finally:
        streamflows.STEP = before


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 299), min_size=0, max_size=3000), st.integers(0, 6))
def test_gather_and_flagged_rows_are_indexing(ids, n_flags):
    ids = np.array(ids, dtype=np.int16)
    table = (np.arange(300, dtype=np.int64) * 7) % 13  # any table of 300 entries
    np.testing.assert_array_equal(_gather(table, ids), table[ids])
    flags = np.zeros(300, dtype=bool)
    flags[np.linspace(0, 299, n_flags).astype(int)] = True  # a few flagged ids (compared) or more (gathered)
    np.testing.assert_array_equal(_rows_with(ids, flags), flags[ids])
