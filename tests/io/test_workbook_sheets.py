"""The sheets of a workbook are read once while the file is unchanged, and again once it changes."""

from __future__ import annotations

import os

import openpyxl

from exposure.io.workbook import xlsx_sheets


def test_sheet_states_follow_a_rewritten_file(tmp_path):
    f = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "수입"
    wb.save(f)
    assert xlsx_sheets(f) == [("수입", "visible")]
    wb.create_sheet("메모").sheet_state = "hidden"
    wb.save(f)
    os.utime(f, ns=(1, 2))  # even with a stale time stamp, the size tells the file changed
    assert xlsx_sheets(f) == [("수입", "visible"), ("메모", "hidden")]
