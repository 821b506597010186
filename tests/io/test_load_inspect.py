"""The dispatcher (format detection, kinds) and ``exposure inspect``."""

from __future__ import annotations

from pathlib import Path

import pytest

from exposure.errors import DataError
from exposure.io import detect_format, format_inspection, inspect, load


@pytest.mark.parametrize("name, fmt", [
    ("kcs_by_country_cp949.csv", "table"), ("kstat_real.xls", "table"), ("kstat_html.xls", "table"),
    ("kstat_two_row.xlsx", "table"), ("comtrade_api_breakdown.csv", "comtrade"),
])
def test_detect_format(io_data, name, fmt):
    assert detect_format(io_data / name) == fmt


def test_kind_mismatch_and_missing_file(io_data, tmp_path):
    with pytest.raises(DataError, match="holds trade_flows, but io_table was expected"):
        load(io_data / "comtrade_api_breakdown.csv", kind="io")
    with pytest.raises(DataError, match="expected an input–output table"):
        load(io_data / "kcs_by_country_utf8.csv", kind="io")
    with pytest.raises(DataError, match="file not found"):
        load(tmp_path / "nothing.csv")
    with pytest.raises(DataError, match="unknown kind 'prices'"):
        load(io_data / "kcs_by_country_utf8.csv", kind="prices")
    with pytest.raises(DataError, match="a mapping file applies to tables"):
        load(io_data / "comtrade_api_breakdown.csv", mapping="top100_exports")


def test_inspect_a_table(io_data):
    info = inspect(io_data / "kcs_by_country_cp949.csv")
    assert info.ok and info.format == "csv" and info.kind == "trade_flows" and info.encoding == "cp949"
    assert info.header_row == 4 and info.header_rows == 1
    assert info.mapping == "kcs_trade_by_country (built-in)"
    assert info.column_mapping["partner"] == "국가" and info.column_mapping["value_usd[M]"] == "수입 금액"
    assert info.unit == "천달러" and info.code_system == "HS4"
    assert (info.rows_read, info.rows_kept, info.rows_dropped) == (14, 9, 5)
    assert info.dropped_by_reason == {"total row": 2, "zero value": 2, "partner not a country": 1}
    assert len(info.preview) == 9 and len(info.totals) == 2
    text = format_inspection(info)
    for needle in ("kcs_by_country_cp949.csv", "encoding       cp949", "header row     4", "partner                  ← 국가",
                   "unit           천달러", "code system    HS4", "read 14, kept 9, dropped 5",
                   "row 5: 총계 (M): 10,400,000 vs 10,381,000 (difference 19,000)", "preview"):
        assert needle in text


def test_inspect_two_row_header_and_failure(io_data, tmp_path):
    info = inspect(io_data / "kstat_two_row.xlsx")
    assert info.header_rows == 2 and "header row     3 (+1 more)" in format_inspection(info)
    bad = tmp_path / "bad.csv"
    bad.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811,a,1,x\n", encoding="utf-8")
    info = inspect(bad)
    assert not info.ok and info.header_row == 1 and info.mapping == "kcs_trade_by_country (built-in)"
    assert "row 2, column '수입 금액': expected a number, got 'x'" in info.error
    assert "ERROR" in format_inspection(info)


def test_inspect_other_formats(io_data):
    info = inspect(io_data / "comtrade_api_breakdown.csv")
    assert info.format == "comtrade" and info.kind == "trade_flows" and info.rows_dropped == 7
    assert "breakdown row" in format_inspection(info)


def test_inspect_in_korean(io_data, tmp_path):
    from exposure.report.translate import english_words

    text = format_inspection(inspect(io_data / "kcs_by_country_cp949.csv"), lang="ko")
    for needle in ("인코딩         cp949", "머리글 행      4", "상대국 [partner]               ← 국가",
                   "금액(달러) [value_usd[M]]      ← 수입 금액",
                   "단위           천달러", "코드 체계      HS4", "읽음 14, 유지 9, 제외 5", "       2  합계 행",
                   "       2  값이 0", "5행: 총계 (M): 10,400,000 대 10,381,000 (차이 19,000)", "미리보기", "상대국"):
        assert needle in text, (needle, text)
    # the labels, the reasons rows were dropped and the warnings are Korean (the format, the canonical column
    # names and the codes stay as they are)
    lines = text.split("  미리보기")[0].splitlines()[1:]
    labels = [ln.split()[0] for ln in lines if ln.startswith("  ") and not ln.startswith("   ")]
    assert labels == ["형식", "자료", "인코딩", "머리글", "열", "열", "열", "단위", "코드", "행", "금액", "합계",
                      "경고", "경고", "경고", "경고"], labels
    prose = [ln for ln in lines if ln.startswith("  경고") or ln.strip()[:1].isdigit()]
    assert len(prose) == 4 + 3 + 2 and all(english_words(ln) == [] for ln in prose), prose
    bad = tmp_path / "bad.csv"
    bad.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811,a,1,x\n", encoding="utf-8")
    assert "  오류           bad.csv: 2행, '수입 금액' 열: 숫자여야 하는데 'x'임" in format_inspection(inspect(bad), lang="ko")


def test_validate_in_korean(io_data, tmp_path):
    from exposure.io.validate import format_validation, validate_files

    bad = tmp_path / "bad.csv"
    bad.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811,a,1,x\n", encoding="utf-8")
    table = validate_files([io_data / "kcs_by_country_cp949.csv", bad], lang="ko")
    assert list(table["status"]) == ["ok", "warning", "error"] or table["status"].iloc[-1] == "error"
    assert table["problem"].iloc[0] == "9행 유지, 5행 제외 (CSV, cp949)"
    assert table["problem"].iloc[-1] == "숫자여야 하는데 'x'임" and table["row"].iloc[-1] == 2
    text = format_validation(table, "ko")
    assert text.splitlines()[0].split() == ["파일", "상태", "행", "열", "내용"]
    assert "오류" in text and "정상" in text and "<NA>" not in text
    english = validate_files([bad])
    assert english["problem"].iloc[-1] == "expected a number, got 'x'"


_BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
_DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo"


@pytest.mark.parametrize("path", [
    _BAD / "side_by_side_hsk10_hs6.xlsx", _DEMO / "io_table_2019.xlsx", _DEMO / "parts_imports_by_country_2017_2019.csv",
    _DEMO / "sme_profile_2019.csv", _DEMO / "top100_exports_2019.xlsx",
], ids=lambda p: p.name)
def test_inspect_in_korean_has_no_english_outside_names_read_from_the_file(path):
    """Format, mapping, unit, code system, dropped-row reasons, totals labels and warnings are Korean; the
    column and sheet names, the canonical names of the column mapping and the preview's cells are as read."""
    from exposure.report.translate import english_words

    text = format_inspection(inspect(path), lang="ko")
    lines = text.splitlines()
    body = lines[1:lines.index("  미리보기")] if "  미리보기" in lines else lines[1:]
    mapping_at = next((i for i, ln in enumerate(body) if ln.strip() == "열 대응"), None)
    checked = [ln for i, ln in enumerate(body)
               if not ln.startswith(("  열 ", "  시트")) and not (mapping_at is not None and i > mapping_at and "←" in ln)]
    assert checked
    for line in checked:
        assert english_words(line) == [], line


def test_inspect_in_korean_side_by_side_totals():
    text = format_inspection(inspect(_BAD / "side_by_side_hsk10_hs6.xlsx"), lang="ko")
    assert "열 매핑 규칙   나란히 놓인 표 (자동 인식)" in text
    assert "           2  더 세분된 행이 포함함 (세분 행을 유지)" in text
    assert "3행: HS6 281111 KOR←JPN M 2018 대 그 HSK10 행: 73,141,118 대 66,856,769 (차이 6,284,349)" in text
    assert "3행: HS6 표: HSK10 표가 포함하는 2개 행 전체: 217,715,939 대 149,831,031 (차이 67,884,908)" in text


def test_validate_warns_when_a_file_keeps_no_row(tmp_path):
    from exposure.io.validate import validate_files

    f = tmp_path / "zeros.csv"
    f.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811111000,불화수소,1.0,0\n"
                 "2019,중국,2811111000,불화수소,1.0,0\n", encoding="utf-8")
    table = validate_files([f], lang="en")
    assert table["problem"].tolist()[:2] == ["0 rows kept, 2 dropped (csv, utf-8)",
                                             "no row kept: all 2 rows read were dropped (the reasons: exposure inspect)"]
    assert table["status"].tolist()[:2] == ["ok", "warning"]
    korean = validate_files([f], lang="ko")
    assert korean["problem"].iloc[1] == "남은 행 없음: 읽은 2개 행이 모두 제외됨 (이유: exposure inspect)"


def test_inspecting_a_leontief_inverse_counts_no_dollars(shared_data):
    path = shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_LEONTFD_raw.csv"
    for lang, unit, money in (("ko", "지수 (단위 없음)", "금액 (달러)"), ("en", None, "value (USD)")):
        text = format_inspection(inspect(path), lang=lang)
        assert money not in text, text
        if unit:
            assert f"단위           {unit}" in text
    assert "sector" not in format_inspection(inspect(path), lang="ko").split("미리보기")[1].splitlines()[1]
