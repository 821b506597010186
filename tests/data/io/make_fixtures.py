"""Write the small hand-made fixtures of tests/io (run from the repository root).

    python tests/data/io/make_fixtures.py

Every number here is invented; the layouts imitate Korea Customs / K-stat
downloads, a UN Comtrade API file and an HTML table saved as .xls. The real
BIFF .xls is converted from an .xlsx with LibreOffice (``soffice``), the only
common tool that writes BIFF; without it the existing .xls is left alone.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

# -- A: Korea Customs style CSV, X and M side by side, title/unit rows, 총계 first -----------------
# Item names hold 똠 and 햏, which exist in CP949 but not in EUC-KR.
KCS_ROWS = [
    ["수출입 실적 (품목별·국가별)", "", "", "", "", "", "", "", ""],
    ["단위: 천달러, 톤", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", ""],
    ["기간", "국가", "HS코드", "품목명", "수출 중량", "수출 금액", "수입 중량", "수입 금액", "무역수지"],
    ["총계", "", "", "", "1,523.0", "13,470", "2,236.5", "10,400", "3,070"],
    ["2019", "일본", "2811", "플루오르화수소", "10.5", "1,200", "850.0", "7,400", "△6,200"],
    ["2019", "일본", "3707", "감광제 (똠)", "0.0", "0", "12.5", "2,100", "△2,100"],
    ["2019", "중국", "2811", "플루오르화수소", "500.0", "3,050", "1,200.0", "730", "2,320"],
    ["2019", "중국", "8542", "집적회로 (햏)", "1,000.5", "9,200", "20.0", "100", "9,100"],
    ["2019", "", "9999", "기타", "12.0", "20", "154.0", "1", "19"],
    ["2019", "유럽연합", "2811", "플루오르화수소", "0.0", "0", "0.0", "50", "△50"],
]


def write_kcs_csvs() -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(KCS_ROWS)
    text = buf.getvalue()
    (HERE / "kcs_by_country_utf8.csv").write_bytes(text.encode("utf-8"))
    (HERE / "kcs_by_country_bom.csv").write_bytes(text.encode("utf-8-sig"))
    (HERE / "kcs_by_country_cp949.csv").write_bytes(text.encode("cp949"))


# -- B: subtotals in the middle: 계 after each country, 총계 at the end; unit in the header ----------
SUBTOTAL_ROWS = [
    ["국가", "HS코드", "품목명", "수입금액(천불)", "수입중량(톤)"],
    ["일본", "281111", "플루오르화수소", "73,141", "38,339.2"],
    ["일본", "370790", "감광제", "398,192", "1,200.0"],
    ["일본", "계", "", "471,333", "39,539.2"],
    ["중국", "281111", "플루오르화수소", "144,575", "90,000.0"],
    ["중국", "계", "", "144,600", "90,000.0"],
    ["총계", "", "", "615,933", "129,539.2"],
]


def write_subtotals() -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(SUBTOTAL_ROWS)
    (HERE / "kstat_subtotals.csv").write_text(buf.getvalue(), encoding="utf-8")


# -- C: xlsx with a two-row header (수출/수입 over 금액/중량), codes stored as numbers, 합계 and a note ---
def write_two_row_xlsx() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "국가별 수출입"
    ws.append(["국가별 수출입 실적 (HS 6단위)"])
    ws.append(["(단위: 백만달러, 톤)"])
    ws.append(["연도", "국가명", "품목코드", "품목명", "수출", None, "수입", None])
    ws.append([None, None, None, None, "금액", "중량", "금액", "중량"])
    ws.merge_cells("E3:F3")
    ws.merge_cells("G3:H3")
    ws.append([2018, "일본", 281111, "플루오르화수소", 0.25, 10, 73.141118, 38339.2])
    ws.append([2018, "일본", 10619, "기타 포유동물", 0, 0, 3.676851, 31.8])
    ws.append([2018, "대만", 90111, "커피", 1.5, 200, 0.5, 12])
    ws.append([2018, "합계", None, None, 1.75, 210, 77.317969, 38383.0])
    ws.append([None])
    ws.append(["자료: 한국무역협회 K-stat (가상 자료)"])
    wb.save(HERE / "kstat_two_row.xlsx")


# -- D: a real .xls (BIFF8): title, unit, one header row, codes as numbers (one lost its zero) -------
def write_real_xls() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "수입실적"
    ws.append(["품목별 국가별 수입 실적"])
    ws.append(["단위: 달러, kg"])
    ws.append(["년도", "월", "국가", "HSK코드", "품명", "수입금액", "수입중량"])
    ws.append([2019, 7, "일본", 2811111000, "불화수소 (반도체 제조용)", 1234567, 1000.5])
    ws.append([2019, 7, "중국", 2811111000, "불화수소 (반도체 제조용)", 2345678, 2000])
    ws.append([2019, 8, "일본", 101210000, "말 (번식용)", 55000, 450])
    ws.append([2019, 8, "미국", 3707901010, "포토레지스트", 0, 0])
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: kstat_real.xls left as it is")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "kstat_real.xlsx"
        wb.save(src)
        subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", tmp, str(src)], check=True,
                       capture_output=True)
        shutil.copyfile(Path(tmp) / "kstat_real.xls", HERE / "kstat_real.xls")


# -- E: an HTML table saved as .xls (what K-stat's "Excel" button gives), CP949 with an euc-kr meta ---
HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head>
<body>
<table><tr><td>품목별 수입 (똠 시험)</td></tr><tr><td>단위 : 천달러, 톤</td></tr></table>
<table border="1">
<tr><th rowspan="2">기간</th><th rowspan="2">국가</th><th rowspan="2">HS코드</th><th rowspan="2">품목명</th>
<th colspan="2">수입</th></tr>
<tr><th>금액</th><th>중량</th></tr>
<tr><td>2019</td><td>일본</td><td>3707</td><td>감광제 (햏)</td><td>2,100</td><td>12.5</td></tr>
<tr><td>2019</td><td>대만</td><td>2811</td><td>플루오르화수소</td><td>9,062</td><td>3,100.0</td></tr>
<tr><td>2019</td><td>베트남</td><td>0101</td><td>말</td><td>-</td><td>-</td></tr>
<tr><td>합계</td><td></td><td></td><td></td><td>11,162</td><td>3,112.5</td></tr>
</table></body></html>
"""


def write_html_xls() -> None:
    (HERE / "kstat_html.xls").write_bytes(HTML.encode("cp949"))


# -- F: UN Comtrade API / bulk CSV with breakdown rows, sub-flows, World, Other Asia nes, a total ------
API_COLUMNS = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
               "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
               "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
               "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,"
               "altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,"
               "isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,"
               "isAggregate").split(",")


def _api_row(flow: str, partner: tuple[str, str, str], cmd: str, value: float, *, p2: str = "0",
             customs: str = "C00", mot: str = "0", level: str = "6", typ: str = "C", cls: str = "H5",
             net: str = "1000") -> list[str]:
    code, iso, desc = partner
    row = dict.fromkeys(API_COLUMNS, "")
    row.update({
        "typeCode": typ, "freqCode": "A", "refPeriodId": "20190101", "refYear": "2019", "refMonth": "52",
        "period": "2019", "reporterCode": "410", "reporterISO": "KOR", "reporterDesc": "Rep. of Korea",
        "flowCode": flow, "flowDesc": {"M": "Import", "X": "Export", "RX": "Re-export"}.get(flow, flow),
        "partnerCode": code, "partnerISO": iso, "partnerDesc": desc, "partner2Code": p2,
        "partner2ISO": "W00" if p2 == "0" else "CHN", "partner2Desc": "World" if p2 == "0" else "China",
        "classificationCode": cls, "classificationSearchCode": "HS", "isOriginalClassification": "True",
        "cmdCode": cmd, "cmdDesc": "test product", "aggrLevel": level, "isLeaf": "True", "customsCode": customs,
        "customsDesc": "", "mosCode": "0", "motCode": mot, "motDesc": "", "qtyUnitCode": "8", "qtyUnitAbbr": "kg",
        "qty": net, "isQtyEstimated": "False", "netWgt": net, "isNetWgtEstimated": "False",
        "primaryValue": f"{value:.0f}", "isReported": "True", "isAggregate": "False",
    })
    return [row[c] for c in API_COLUMNS]


def write_comtrade_api() -> None:
    jpn, wld = ("392", "JPN", "Japan"), ("0", "W00", "World")
    rows = [
        _api_row("M", jpn, "281111", 5_000_000),
        _api_row("M", jpn, "281111", 3_000_000, customs="C01"),
        _api_row("M", jpn, "281111", 4_500_000, mot="1000"),
        _api_row("M", jpn, "281111", 200_000, p2="156"),
        _api_row("M", wld, "281111", 12_000_000),
        _api_row("X", wld, "281111", 800_000),
        _api_row("RX", wld, "281111", 50_000),
        _api_row("M", ("490", "S19", "Other Asia, nes"), "281111", 2_500_000),
        _api_row("M", ("899", "_X", "Areas, nes"), "281111", 10_000),
        _api_row("M", jpn, "370790", 0),
        _api_row("M", jpn, "TOTAL", 5_100_000, level="0", net=""),
        _api_row("M", jpn, "S", 70_000, typ="S", cls="EB", level="0", net=""),
    ]
    with open(HERE / "comtrade_api_breakdown.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(API_COLUMNS)
        w.writerows(rows)


# -- G: exports by firm size (기업규모별 수출), as the SME ministry / KITA tables are downloaded ----------
# By MTI 3-digit item: title and unit rows, 총계 first, 전체 = 대기업 + 중견기업 + 중소기업 (thousand USD),
# the SME share in %. Invented figures; 반도체 has an SME share of 0.5 %, 화장품 of 62.5 %.
SME_ITEM_ROWS = [
    ["2018년 기업규모별 품목별 수출 실적", "", "", "", "", "", ""],
    ["(단위: 천달러, %)", "", "", "", "", "", ""],
    ["MTI코드", "품목명", "전체", "대기업", "중견기업", "중소기업", "중소기업 비중"],
    ["총계", "", "2,090,000", "1,500,000", "300,000", "290,000", "13.9"],
    ["831", "반도체", "1,280,000", "1,200,000", "73,600", "6,400", "0.5"],
    ["741", "자동차 부품", "230,000", "120,000", "60,000", "50,000", "21.7"],
    ["214", "플라스틱 제품", "180,000", "60,000", "40,000", "80,000", "44.4"],
    ["227", "화장품", "80,000", "10,000", "20,000", "50,000", "62.5"],
    ["812", "반도체 제조용 장비", "320,000", "110,000", "106,400", "103,600", "32.4"],
]
# By OECD IOT sector: no share column (computed), 합계 last, a note under the table.
SME_SECTOR_ROWS = [
    ["업종별 기업규모별 수출 (2018)", "", "", "", ""],
    ["단위: 백만달러", "", "", "", ""],
    ["업종코드", "업종명", "수출액 전체", "대기업", "중소기업"],
    ["D26", "컴퓨터, 전자 및 광학기기", "230,000.5", "210,000.5", "9,000"],
    ["D29", "자동차", "70,000", "60,000", "4,000"],
    ["D20T21", "화학제품과 의약품", "50,000", "38,000", "8,000"],
    ["합계", "", "350,000.5", "308,000.5", "21,000"],
    ["자료: 중소벤처기업부", "", "", "", ""],
]
# By KSIC division (중분류), in CP949 CSV, the share only (no SME amount), 총계 first.
SME_KSIC_ROWS = [
    ["산업코드(KSIC 중분류)", "산업명", "수출액(천달러)", "중소기업 비중(%)"],
    ["총계", "", "1,000,000", "20.0"],
    ["26", "전자부품, 컴퓨터, 영상, 음향 및 통신장비 제조업", "600,000", "5.0"],
    ["20", "화학 물질 및 화학제품 제조업", "250,000", "30.0"],
    ["29", "기타 기계 및 장비 제조업", "150,000", "60.0"],
]


def _xlsx(rows: list[list[str]], path: Path, title: str, numeric_from: int) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        cells = []
        for k, v in enumerate(r):
            if k >= numeric_from and v and v.replace(",", "").replace(".", "").isdigit():
                cells.append(float(v.replace(",", "")))  # numbers stored as numbers, as Excel keeps them
            else:
                cells.append(v or None)
        ws.append(cells)
    wb.save(path)


def write_sme_exports() -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(SME_ITEM_ROWS)
    (HERE / "sme_exports_by_item_cp949.csv").write_bytes(buf.getvalue().encode("cp949"))
    _xlsx(SME_ITEM_ROWS, HERE / "sme_exports_by_item.xlsx", "품목별", 2)
    _xlsx(SME_SECTOR_ROWS, HERE / "sme_exports_by_sector.xlsx", "업종별", 2)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(SME_KSIC_ROWS)
    (HERE / "sme_exports_by_ksic_cp949.csv").write_bytes(buf.getvalue().encode("cp949"))


if __name__ == "__main__":
    write_kcs_csvs()
    write_subtotals()
    write_two_row_xlsx()
    write_real_xls()
    write_html_xls()
    write_comtrade_api()
    write_sme_exports()
    print("fixtures written to", HERE)
