"""Finding the header under title and unit rows; two-row headers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.io.grid import Grid, read_grid, sniff_delimiter, sniff_format
from exposure.io.header import find_header, join_header_rows


def _grid(rows: list[list[object]]) -> Grid:
    width = max(len(r) for r in rows)
    cells = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    return Grid(cells, np.arange(1, len(rows) + 1), Path("t.xlsx"), "xlsx")


def test_header_found_below_title_unit_and_blank_rows():
    g = _grid([["품목별 수출"], ["단위: 천불"], [None], ["순위", "MTI코드", "품목명", "금액"], [1, "831", "반도체", 100]])
    h = find_header(g)
    assert (h.row, h.n_rows, h.start) == (4, 1, 4)
    assert h.names == ["순위", "MTI코드", "품목명", "금액"]
    assert h.above == ["품목별 수출", "단위: 천불"]


def test_two_row_header_with_merged_year_cell():
    g = _grid([["제목"], ["순위", "MTI코드", "품목명", "2019년", None, None, "대일본"],
               [None, None, None, "금액", "증감률", "비중", "금액"],
               [None, None, "총계", "542,232,610", "△10.2", "100", "28,419,999"],
               [1, "831", "반도체", "92,336,075", "△26.1", "17", "2,022,754"]])
    h = find_header(g)
    assert (h.row, h.n_rows, h.start) == (2, 2, 3)
    assert h.names == ["순위", "MTI코드", "품목명", "2019년 금액", "2019년 증감률", "2019년 비중", "대일본 금액"]


def test_first_data_row_with_numbers_is_not_a_second_header():
    g = _grid([["기간", "국가", "수출 금액"], ["총계", None, "97,406,831.9"], ["2024", "가나", "0"]])
    assert find_header(g).n_rows == 1


def test_join_spreads_a_merged_parent_only_over_its_children():
    assert join_header_rows(["국가", "수출", None, "수입", None], [None, "금액", "중량", "금액", "중량"]) == \
        ["국가", "수출 금액", "수출 중량", "수입 금액", "수입 중량"]


def test_given_header_row_and_empty_sheet():
    g = _grid([["x"], ["a", "b"], [1, 2]])
    assert find_header(g, header_row=2).names == ["a", "b"]
    with pytest.raises(DataError, match="header row 9 is empty or beyond the end"):
        find_header(g, header_row=9)
    with pytest.raises(DataError, match="the sheet is empty"):
        find_header(_grid([[None]]).__class__(pd.DataFrame(), np.array([]), Path("e.csv"), "csv"))


def test_sniffing(io_data):
    assert sniff_format(io_data / "kstat_real.xls") == "xls"
    assert sniff_format(io_data / "kstat_html.xls") == "html-xls"
    assert sniff_format(io_data / "kstat_two_row.xlsx") == "xlsx"
    assert sniff_format(io_data / "kcs_by_country_cp949.csv") == "csv"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter('a,b,"c;d"\n1,2,3\n') == ","


def test_html_grid_keeps_spans_in_the_top_left_cell(io_data):
    g = read_grid(io_data / "kstat_html.xls")
    assert g.encoding == "cp949"
    header = g.cells.iloc[2].tolist()
    assert header == ["기간", "국가", "HS코드", "품목명", "수입", None]
    assert g.cells.iloc[3].tolist() == [None, None, None, None, "금액", "중량"]
    assert g.cells.iloc[0, 0] == "품목별 수입 (똠 시험)"


def test_expected_names_choose_the_header_row_and_keep_the_title_rows():
    g = _grid([["산업연관표 국산거래표"], ["단위: 백만달러"], ["구분", "비고"],
               ["코드", "부문명", "D01T03", "D05T06", "최종수요", "수출", "총수요"],
               ["D01T03", "농림어업", 1, 2, 3, 4, 10]])
    h = find_header(g, [["코드", "code"], ["부문명", "sector"], ["총수요", "totaldemand"]], header_rows=1)
    assert (h.row, h.n_rows, h.start) == (4, 1, 4)
    assert h.names[:2] == ["코드", "부문명"]
    assert h.above == ["산업연관표 국산거래표", "단위: 백만달러", "구분 비고"]


def test_expected_names_find_a_two_row_header_and_patterns_match_names():
    g = _grid([["수입 현황"], ["국가", "2019년", None, "대일본"], [None, "금액", "중량", "금액"],
               ["일본", "1,000", "5", "1,000"]])
    h = find_header(g, [["국가"], ["re:^2019년 금액$"], ["대일본 금액"]])
    assert (h.row, h.n_rows, h.start) == (2, 2, 3)
    assert h.names == ["국가", "2019년 금액", "2019년 중량", "대일본 금액"]
    # a name that matches no row leaves the choice to the other names
    assert find_header(g, [["없는 열"], ["re:중량$"]]).names[2] == "2019년 중량"


def test_a_unit_row_under_the_header_joins_it(tmp_path):
    from exposure.io import load

    f = tmp_path / "units.csv"
    f.write_text("기간,국가,HS코드,수입 중량,수입 금액\n,,,(톤),(천달러)\n2019,일본,2811111000,850,7400\n",
                 encoding="utf-8")
    table, report = load(f)
    assert report.column_mapping["value_usd[M]"] == "수입 금액 (천달러)" and report.header_row == 1
    assert table[["value_usd", "qty", "qty_unit"]].values.tolist() == [[7_400_000.0, 850.0, "t"]]
