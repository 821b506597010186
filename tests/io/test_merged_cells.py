"""Cells merged over several rows of a hand-made workbook: labels fill their rows, amounts are refused."""

from __future__ import annotations

import openpyxl
import pytest

from exposure.errors import DataError
from exposure.io import load

HEADER = ["기간", "국가", "HS코드", "품목명", "수입 중량", "수입 금액(천달러)"]


def _book(path, rows, merges):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_a_partner_merged_over_its_products_names_every_row(tmp_path):
    # the spreadsheet shows 일본 beside both products: read blank, photoresist would be an unknown partner's
    f = _book(tmp_path / "m.xlsx", [[2019, "일본", "2811111000", "불화수소", 850, 7400],
                                    [2019, None, "3707901010", "감광제", 12.5, 2100],
                                    [2019, "중국", "2811111000", "불화수소", 1200, 730],
                                    [2019, None, "3707901010", "감광제", 1, 10]], ["B2:B3", "B4:B5"])
    table, report = load(f)
    assert table["partner"].astype(str).tolist() == ["JPN", "JPN", "CHN", "CHN"]
    assert table["value_usd"].tolist() == [7_400_000.0, 2_100_000.0, 730_000.0, 10_000.0]
    assert report.rows_kept == 4 and report.dropped.empty


def test_a_year_merged_down_the_table_holds_for_each_row(tmp_path):
    f = _book(tmp_path / "y.xlsx", [[2019, "일본", "2811111000", "불화수소", 850, 7400],
                                    [None, "중국", "2811111000", "불화수소", 1200, 730]], ["A2:A3"])
    table, _ = load(f)
    assert table["year"].tolist() == [2019, 2019]


def test_an_amount_merged_over_rows_is_refused(tmp_path):
    f = _book(tmp_path / "a.xlsx", [[2019, "일본", "2811111000", "불화수소", 850, 7400],
                                    [2019, "일본", "3707901010", "감광제", 12.5, None]], ["F2:F3"])
    with pytest.raises(DataError, match=r"a.xlsx: row 2, column '수입 금액\(천달러\)': cells F2:F3 are merged: one "
                                        r"amount over 2 rows; expected each row's own amount"):
        load(f)
