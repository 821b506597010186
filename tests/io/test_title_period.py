"""A title that states a part of a year (2019년 1~6월 누계) is said beside the amounts (exposure.io.fields)."""

from __future__ import annotations

import pytest

from exposure.io import load
from exposure.io.fields import title_period

HEADER = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"


@pytest.mark.parametrize("title, period", [
    ("수입 실적 (2019년 1월~6월 누계)", (2019, 1, 6)), ("2019년 1~6월", (2019, 1, 6)), ("2019.1~6월", (2019, 1, 6)),
    ("2019년 상반기 수입", (2019, 1, 6)), ("2019년 하반기", (2019, 7, 12)), ("2019년 3분기", (2019, 7, 9)),
    ("2019년 1월~2019년 9월", (2019, 1, 9)),
    ("2019년 1~12월", None), ("2018-2019년", None), ("2019년", None), ("단위: 천달러", None),
])
def test_the_part_of_a_year_a_title_states(title, period):
    assert title_period([title]) == period


@pytest.mark.parametrize("rows", [3, 8000], ids=["generic reader", "streamed reader"])
def test_a_half_year_table_is_read_with_the_warning(tmp_path, rows):
    f = tmp_path / "imports_h1.csv"
    body = "".join(f"2019,일본,{2811110000 + k:010d},품목,1.0,10\n" for k in range(rows))
    f.write_text("수입 실적 (2019년 1월~6월 누계)\n단위: 천달러\n" + HEADER + body, encoding="utf-8")
    assert (f.stat().st_size > 256 * 1024) == (rows > 1000)  # the streamed reader takes files from 256 KiB
    table, report = load(f, kind="imports")
    assert len(table) == rows and table["value_usd"].sum() == pytest.approx(10_000 * rows)
    assert ("the title says the table covers 2019-01 to 2019-06 (6 months), not the whole year: its amounts are sums "
            "over those months, and figures per year are about 6/12 of a whole year's") in report.warnings


def test_a_whole_year_title_says_nothing(tmp_path):
    f = tmp_path / "imports.csv"
    f.write_text("수입 실적 (2019년 1~12월)\n단위: 천달러\n" + HEADER + "2019,일본,2811111000,품목,1.0,10\n",
                 encoding="utf-8")
    _, report = load(f, kind="imports")
    assert not [w for w in report.warnings if "the title says" in w]
