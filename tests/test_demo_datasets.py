"""The committed demo inputs keep the promises of ``datasets/make_demo.py``.

Read with plain pandas/openpyxl (not the project's loaders), so a loader bug
cannot hide a broken demo file and vice versa.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
GENERATOR = ROOT / "datasets" / "make_demo.py"
CODES = ROOT / "exposure" / "codes" / "data"
IMPORTS = DEMO / "parts_imports_by_country_2017_2019.csv"
TOP100 = DEMO / "top100_exports_2019.xlsx"
SME = DEMO / "sme_profile_2019.csv"
IO = DEMO / "io_table_2019.xlsx"
DEMO_FILES = (IMPORTS, TOP100, SME, IO)

IMPORTS_HEADER = "기간,국가,HS코드,품목명,수입 중량,수입 금액"
SME_HEADER = ("업종코드,업종명,업종명(영문),수출액(백만달러),산출액(백만달러),중소기업 비중(%),"
              "중소기업 비중 기준,중소기업 수,대일 수출액(백만달러)")
# Japan's share of Korea's 2018 imports of the three July-2019 items (published figures).
JAPAN_SHARE_2018 = {"2811111000": 41.9, "3707901010": 93.2, "3920999010": 44.7}  # KITA, 2018
PARTS_CHAPTERS = {f"{c:02d}" for c in [*range(25, 41), *range(68, 77), 81, 84, 85, 90]}
TOLERANCE = 0.5  # million USD: every IO cell is rounded to 0.1


@pytest.fixture(scope="module")
def sectors() -> pd.DataFrame:
    return pd.read_csv(CODES / "sectors_oecd36.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def imports() -> pd.DataFrame:
    text_cols = {"기간": str, "국가": str, "HS코드": str, "품목명": str}
    return pd.read_csv(IMPORTS, encoding="cp949", dtype=text_cols, keep_default_na=False)


@pytest.fixture(scope="module")
def body(imports: pd.DataFrame) -> pd.DataFrame:
    return imports.iloc[1:].reset_index(drop=True)


def japan_shares(body: pd.DataFrame, year: str) -> pd.Series:
    rows = body[body["기간"] == year]
    total = rows.groupby("HS코드")["수입 금액"].sum()
    japan = rows[rows["국가"] == "일본"].groupby("HS코드")["수입 금액"].sum()
    return japan.reindex(total.index, fill_value=0) / total


# --- parts and materials imports (Korea Customs style CSV) --------------------------------
def test_imports_csv_is_cp949_with_customs_quoting() -> None:
    raw = IMPORTS.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Hangul in CP949 is not valid UTF-8: the file really is CP949
    lines = raw.decode("cp949").split("\r\n")
    assert lines[0] == IMPORTS_HEADER
    assert lines[-1] == ""
    assert re.fullmatch(r'"총계","","","",\d+\.\d,\d+', lines[1])
    row = re.compile(r'"(2017|2018|2019)","[^",]+( [^",]+)?","\d{10}","[^"]+",\d+\.\d,\d+')
    bad = [line for line in lines[2:-1] if not row.fullmatch(line)]
    assert bad == []


def test_imports_total_row_equals_sum_of_rows(imports: pd.DataFrame, body: pd.DataFrame) -> None:
    total = imports.iloc[0]
    assert list(total[["기간", "국가", "HS코드", "품목명"]]) == ["총계", "", "", ""]
    assert total["수입 금액"] == body["수입 금액"].sum()
    assert total["수입 중량"] == pytest.approx(body["수입 중량"].sum(), abs=0.05)


def test_imports_cover_enough_products_and_partners(body: pd.DataFrame) -> None:
    codes = body["HS코드"]
    assert codes.str.fullmatch(r"\d{10}").all()
    assert codes.nunique() >= 320
    assert set(codes.str[:2]) <= PARTS_CHAPTERS
    inner_zero = codes[codes.str[:2].isin(["25", "26", "27", "28", "29"]) & codes.str[2:6].str.contains("0")]
    assert {"2503000000", "2804100000"} <= set(inner_zero)
    assert body["국가"].nunique() >= 20
    assert "일본" in set(body["국가"])
    assert set(body["기간"]) == {"2017", "2018", "2019"}
    assert (body["수입 금액"] > 0).all()  # zero rows are omitted, like real downloads
    assert not body.duplicated(["기간", "국가", "HS코드"]).any()
    assert body.groupby("HS코드")["품목명"].nunique().max() == 1


def test_three_items_carry_published_2018_japan_shares(body: pd.DataFrame) -> None:
    shares = japan_shares(body, "2018")
    for code, expected in JAPAN_SHARE_2018.items():
        assert shares[code] * 100 == pytest.approx(expected, abs=0.05), code
    hf = body[(body["기간"] == "2018") & (body["HS코드"] == "2811111000")]
    assert hf["수입 금액"].sum() == 159_423
    assert hf.loc[hf["국가"] == "일본", "수입 금액"].sum() == 66_857
    names = body.drop_duplicates("HS코드").set_index("HS코드")["품목명"]
    assert names["2811111000"] == "불화수소 (반도체 제조용)"
    assert names["3707901010"] == "감광액 (반도체 제조용 포토레지스트)"
    assert names["3920999010"] == "폴리이미드 필름 (플루오린 폴리이미드)"


def test_hydrogen_fluoride_from_japan_fell_in_2019(body: pd.DataFrame) -> None:
    hf = body[(body["HS코드"] == "2811111000") & (body["국가"] == "일본")].set_index("기간")["수입 금액"]
    assert hf["2019"] / hf["2018"] - 1 == pytest.approx(-0.38, abs=0.01)


def test_japan_dependence_is_concentrated_like_korea(body: pd.DataFrame) -> None:
    shares = japan_shares(body, "2018")
    assert 5 <= (shares >= 0.9).sum() <= 10
    assert 20 <= (shares >= 0.5).sum() <= 40
    assert (shares == 0).sum() > 0  # some products do not come from Japan at all


# --- top-100 export items (K-stat workbook) -----------------------------------------------
@pytest.fixture(scope="module")
def top100_sheet():
    wb = openpyxl.load_workbook(TOP100)
    assert wb.sheetnames == ["품목별 수출"]
    return wb["품목별 수출"]


def test_top100_layout(top100_sheet) -> None:
    ws = top100_sheet
    assert ws["A1"].value == "수출 상위 100대 품목 (MTI 3단위) — 2019년"
    assert ws["A2"].value == "단위: 천불, %"
    assert all(ws.cell(3, c).value is None for c in range(1, 8))
    assert {str(r) for r in ws.merged_cells.ranges} == {"A4:A5", "B4:B5", "C4:C5", "D4:F4"}
    assert [ws.cell(4, c).value for c in (1, 2, 3, 4, 7)] == ["순위", "MTI코드", "품목명", "2019년", "대일본"]
    assert [ws.cell(5, c).value for c in range(4, 8)] == ["금액", "증감률", "비중", "금액"]
    assert "총계" in (ws["A6"].value, ws["C6"].value)
    assert ws.max_row == 106


def test_top100_rows(top100_sheet) -> None:
    ws = top100_sheet
    mti = pd.read_csv(CODES / "mti3_sectors.csv", dtype=str).set_index("mti3")["name_ko"]
    total = ws["D6"].value
    assert total == 542_232_610
    assert ws["F6"].value == 100
    rows = list(ws.iter_rows(min_row=7, max_row=106))
    assert [r[0].value for r in rows] == list(range(1, 101))
    amounts = [r[3].value for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    assert total > sum(amounts)  # the 총계 row covers all items, not only these 100
    assert ws["G6"].value > sum(r[6].value for r in rows)
    for r in rows:
        code = r[1]
        assert code.data_type == "s" and re.fullmatch(r"\d{3}", code.value), code.value
        assert mti[code.value] == r[2].value
        assert r[3].number_format == "#,##0"
        assert re.fullmatch(r"△?\d+\.\d", r[4].value), r[4].value
        assert r[5].value == pytest.approx(r[3].value / total * 100, abs=0.051)
        assert 0 <= r[6].value <= r[3].value
    assert re.fullmatch(r"△\d+\.\d", ws["E6"].value)
    first = rows[0]
    assert (first[1].value, first[2].value) == ("831", "반도체")
    assert 88e6 <= first[3].value <= 100e6  # semiconductors ~ $94bn in 2019
    assert first[4].value.startswith("△")


def test_mti_table(sectors: pd.DataFrame) -> None:
    mti = pd.read_csv(CODES / "mti3_sectors.csv", dtype=str, keep_default_na=False)
    assert list(mti.columns) == ["mti3", "name_ko", "name_en", "sector"]
    assert len(mti) >= 150
    assert mti["mti3"].str.fullmatch(r"\d{3}").all() and mti["mti3"].is_unique
    assert set(mti["sector"]) <= set(sectors["sector"])
    assert (mti["name_ko"] != "").all() and (mti["name_en"] != "").all()
    by_code = mti.set_index("mti3")
    headline = {"831": ("반도체", "D26"), "741": ("자동차", "D29"), "742": ("자동차부품", "D29"),
                "133": ("석유제품", "D19"), "746": ("선박해양구조물및부품", "D30"),
                "812": ("무선통신기기", "D26"), "813": ("컴퓨터", "D26"), "214": ("합성수지", "D20T21"),
                "611": ("철강판", "D24"), "836": ("평판디스플레이및센서", "D26")}
    for code, (name, sector) in headline.items():
        assert (by_code.loc[code, "name_ko"], by_code.loc[code, "sector"]) == (name, sector)


# --- SME profile and input-output table --------------------------------------------------
@pytest.fixture(scope="module")
def sme() -> pd.DataFrame:
    return pd.read_csv(SME, encoding="utf-8-sig", dtype={"업종코드": str})


def read_io_sheet(ws, n: int) -> tuple[list[str], pd.DataFrame]:
    header = [c.value for c in ws[3]]
    rows = [[c.value for c in ws[r]] for r in range(4, 4 + n)]
    frame = pd.DataFrame([r[2:] for r in rows], index=[r[0] for r in rows], columns=header[2:], dtype=float)
    return header, frame


@pytest.fixture(scope="module")
def io_tables(sectors: pd.DataFrame):
    wb = openpyxl.load_workbook(IO)
    assert wb.sheetnames == ["국산거래표", "수입거래표"]
    n = len(sectors)
    dom_ws, imp_ws = wb["국산거래표"], wb["수입거래표"]
    dom_header, dom = read_io_sheet(dom_ws, n)
    imp_header, imp = read_io_sheet(imp_ws, n)
    extra = {dom_ws.cell(r, 1).value: [c.value for c in dom_ws[r]][2:2 + n] for r in (4 + n, 5 + n)}
    return dom_ws, imp_ws, dom_header, imp_header, dom, imp, extra


def test_sme_profile(sme: pd.DataFrame, sectors: pd.DataFrame) -> None:
    assert SME.read_bytes().startswith(b"\xef\xbb\xbf")
    assert ",".join(sme.columns) == SME_HEADER
    assert list(sme["업종코드"]) == list(sectors["sector"])
    assert list(sme["업종명"]) == list(sectors["name_ko"])
    assert (sme["중소기업 비중 기준"] == "수출").all()
    assert sme["중소기업 비중(%)"].between(0, 100).all()
    shares = sme.set_index("업종코드")["중소기업 비중(%)"]
    assert min(shares[["D25", "D28", "D22", "D13T15"]]) > 40
    assert max(shares[["D26", "D19", "D29"]]) < 10
    goods = sme[sme["업종코드"] < "D35"]  # D01T03 … D31T33
    sme_share = (goods["수출액(백만달러)"] * goods["중소기업 비중(%)"]).sum() / goods["수출액(백만달러)"].sum()
    assert 15 <= sme_share <= 21  # SMEs ~18% of Korea's goods exports
    assert goods["수출액(백만달러)"].sum() == pytest.approx(542_232.6, rel=0.001)
    assert (sme["대일 수출액(백만달러)"] <= sme["수출액(백만달러)"]).all()


def test_io_layout(io_tables, sectors: pd.DataFrame) -> None:
    dom_ws, imp_ws, dom_header, imp_header, dom, imp, extra = io_tables
    codes = list(sectors["sector"])
    expected = ["코드", "부문명", *codes, "최종수요", "수출", "총수요"]
    assert dom_header == expected and imp_header == expected
    assert dom_ws["A1"].value == "2019년 산업연관표 (국산거래표, 기초가격)"
    assert imp_ws["A1"].value == "2019년 산업연관표 (수입거래표, 기초가격)"
    assert dom_ws["A2"].value == imp_ws["A2"].value == "단위: 백만달러"
    assert list(dom.index) == codes and list(imp.index) == codes
    assert [dom_ws.cell(4 + i, 2).value for i in range(len(codes))] == list(sectors["name_ko"])
    assert list(extra) == ["부가가치", "총산출액"]
    assert imp_ws.max_row == 3 + len(codes)
    assert (dom >= 0).all().all() and (imp >= 0).all().all()


def test_io_balances(io_tables, sectors: pd.DataFrame) -> None:
    *_, dom, imp, extra = io_tables
    codes = list(sectors["sector"])
    zd, zm = dom[codes], imp[codes]
    output = pd.Series(extra["총산출액"], index=codes, dtype=float)
    value_added = pd.Series(extra["부가가치"], index=codes, dtype=float)
    row_total = zd.sum(axis=1) + dom["최종수요"] + dom["수출"]
    assert (row_total - dom["총수요"]).abs().max() < TOLERANCE
    assert (dom["총수요"] - output).abs().max() < TOLERANCE
    column_total = zd.sum(axis=0) + zm.sum(axis=0) + value_added
    assert (column_total - output).abs().max() < TOLERANCE
    assert (imp["수출"] == 0).all()
    assert (zm.sum(axis=1) + imp["최종수요"] - imp["총수요"]).abs().max() < TOLERANCE
    assert (value_added > 0).all()


def test_io_matches_sme_profile_and_korean_structure(io_tables, sme: pd.DataFrame) -> None:
    *_, dom, imp, extra = io_tables
    profile = sme.set_index("업종코드")
    assert (dom["수출"] - profile["수출액(백만달러)"]).abs().max() < 0.01
    output = pd.Series(extra["총산출액"], index=dom.index, dtype=float)
    assert (output - profile["산출액(백만달러)"]).abs().max() < 0.01
    assert 350_000 <= output["D26"] <= 450_000
    assert list(imp["D26"].nlargest(2).index) == ["D26", "D20T21"]
    assert 500_000 <= imp["총수요"].sum() <= 700_000  # Korea imports ~$600bn of goods and services
    value_added_share = sum(extra["부가가치"]) / output.sum()
    assert 0.35 <= value_added_share <= 0.5


# --- reproducibility ---------------------------------------------------------------------
def workbook_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb}


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path), "--quiet"], check=True)
    for path in (IMPORTS, SME):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    for path in (TOP100, IO):
        assert workbook_values(tmp_path / path.name) == workbook_values(path), path.name
