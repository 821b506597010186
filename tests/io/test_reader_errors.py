"""Every failure of a reader is one clear DataError naming the file: never a library's traceback.

Damaged workbooks (openpyxl, xlrd), HTML that lxml cannot parse, CSV that the csv module refuses,
mapping TOML in the wrong encoding or nested too deep, passwords, OpenDocument files, hidden sheets.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from exposure.errors import DataError
from exposure.io import load, read_mapping
from exposure.io.grid import read_grid, sheet_states
from exposure.io.load import detect_format

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
IO = Path(__file__).resolve().parents[1] / "data" / "io"


def _workbook_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["기간", "국가", "HS코드", "수입 금액(천달러)"])
    wb.active.append([2019, "일본", "2811111000", 7400])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name, message", [
    ("xlsx_missing_part.xlsx", "cannot read the .xlsx workbook, it is damaged or not a workbook (its part "
                               "xl/workbook.xml is missing)"),
    ("xlsx_broken_xml.xlsx", "cannot read the .xlsx workbook, it is damaged or not a workbook (unclosed token"),
    ("xlsx_encrypted.xlsx", "the workbook is password-protected (an encrypted Office file)"),
    ("xls_without_workbook.xls", "cannot read the .xls workbook, it is damaged or not a workbook (Can't find "
                                 "workbook in OLE2 compound document)"),
    ("csv_field_too_large.csv", "row 3: not a readable CSV file: field larger than field limit (131072)"),
    ("sheet.ods", "an OpenDocument spreadsheet (.ods): expected .xlsx, .xls or CSV"),
    ("damaged.xlsx", "looks like a zip/xlsx file but the archive is damaged"),
])
def test_damaged_and_unreadable_files(name, message):
    with pytest.raises(DataError) as err:
        load(BAD / name)
    assert str(err.value).startswith(f"{name}: {message}")


def test_encrypted_xls_is_called_password_protected(tmp_path, monkeypatch):
    import xlrd

    def encrypted(*_a, **_k):
        raise xlrd.XLRDError("Workbook is encrypted")  # what xlrd says for a BIFF FILEPASS record

    monkeypatch.setattr(xlrd, "open_workbook", encrypted)
    with pytest.raises(DataError, match=r"kstat_real.xls: the .xls workbook is password-protected"):
        load(IO / "kstat_real.xls")


def test_a_slip_of_the_workbook_library_is_no_message_about_its_code(tmp_path, monkeypatch):
    from openpyxl.reader.excel import ExcelReader

    from exposure.report.error_text import error_text

    f = tmp_path / "book.xlsx"
    f.write_bytes(_workbook_bytes())

    def slip(self):
        raise AttributeError("'list' object has no attribute 'find'")  # openpyxl 3.1 on a chart sheet without rels

    monkeypatch.setattr(ExcelReader, "read", slip)
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == ("book.xlsx: cannot read the .xlsx workbook, it is damaged or not a workbook (one of its "
                              "parts is not laid out as Excel writes it; open it in Excel and save it again)")
    assert error_text(err.value, "ko") == ("book.xlsx: XLSX 통합 문서를 읽을 수 없음: 손상되었거나 통합 문서가 아님 "
                                           "(구성 요소 중 하나가 Excel이 쓰는 형태가 아님; Excel에서 열어 다시 저장하세요)")


def test_html_that_lxml_cannot_parse(tmp_path):
    f = tmp_path / "page.xls"
    f.write_bytes(b"<!-- <table> -->")  # an HTML file that is all comment: lxml finds no document
    with pytest.raises(DataError, match=r"page.xls: not a readable HTML file \(Document is empty\): expected an Excel "
                                        r"workbook, a CSV file or an HTML table"):
        load(f)


def test_a_sheet_xml_with_a_bad_row_number(tmp_path):
    f = tmp_path / "rows.xlsx"
    with zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as zin, zipfile.ZipFile(f, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="2"', b'<row r="two"')
            zout.writestr(info, data)
    with pytest.raises(DataError, match=r"rows.xlsx: cannot read the .xlsx workbook, it is damaged"):
        load(f)


def test_a_zip_that_is_not_a_zip(tmp_path):
    f = tmp_path / "cut.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("BACI_HS17_Y2019_V202301.csv", "t,i,j,k,v,q\n" + "2019,392,410,281111,1.5,NA\n" * 100)
    f.write_bytes(buf.getvalue()[:60])  # the local header and half the data, no directory
    with pytest.raises(DataError, match="cut.zip: looks like a zip/xlsx file but the archive is damaged"):
        load(f)


def test_zip_member_with_a_bad_crc(tmp_path):
    f = tmp_path / "crc.zip"
    data = "t,i,j,k,v,q\n2019,392,410,281111,1.5,NA\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("BACI_HS17_Y2019_V202301.csv", data)
    raw = bytearray(buf.getvalue())
    at = raw.find(b"281111")
    raw[at:at + 6] = b"281112"  # the stored bytes no longer match their CRC
    f.write_bytes(bytes(raw))
    with pytest.raises(DataError, match=r"crc.zip: BACI_HS17_Y2019_V202301.csv in the zip cannot be read to its end, "
                                        r"it is damaged \(Bad CRC-32"):
        load(f)


# ------------------------------------------------------------------------------------- mapping TOML
def test_mapping_in_cp949_is_refused_by_name():
    with pytest.raises(DataError, match=r"^mapping_cp949.toml: row 1: the mapping file is not UTF-8 \(TOML files must be "
                                        r"UTF-8\); it looks like CP949 \(EUC-KR\): save it as UTF-8$") as err:
        read_mapping(BAD / "mapping_cp949.toml")
    assert err.value.row == 1


def test_mapping_with_a_bom_is_read():
    m = read_mapping(BAD / "mapping_bom.toml")
    assert m.name == "parts_imports" and m.unit == "천달러"
    table, _ = load(BAD / "good_imports.csv", mapping=BAD / "mapping_bom.toml")
    assert table["value_usd"].sum() == 10_330_000


@pytest.mark.parametrize("text, message", [
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", "the mapping file nests tables or arrays too deeply"),
    ("name = \n", "not valid TOML (Invalid value (at line 1, column 8))"),
])
def test_bad_toml(tmp_path, text, message):
    f = tmp_path / "m.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=f"m.toml: {message}".replace("(", r"\(").replace(")", r"\)")):
        read_mapping(f)


def test_unknown_fx_currency_in_a_mapping(tmp_path):
    f = tmp_path / "m.toml"
    f.write_text('name = "m"\nkind = "trade_flows"\n[read]\nfx = { "원" = 1100 }\n[columns]\ncode = "HS코드"\n'
                 '[[flows]]\nflow = "M"\nvalue = "수입 금액"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"m.toml: \[read\] fx: unknown currency '원'; expected an ISO 4217 code such as AUD, CAD"):
        read_mapping(f)


# ------------------------------------------------------------------------------------- name files
def test_name_files_that_fail(tmp_path):
    from exposure.io.descriptions import load_descriptions

    cp = tmp_path / "names.json"
    cp.write_bytes('{"results": [{"id": "281111", "text": "불화수소"}]}'.encode("cp949"))
    with pytest.raises(DataError, match=r"names.json: row 1: not UTF-8 \(byte 0xba\): expected a JSON file saved"):
        load_descriptions(cp)
    broken = tmp_path / "names.xlsx"
    broken.write_bytes(_workbook_bytes()[:300])
    with pytest.raises(DataError, match="names.xlsx: looks like a zip/xlsx file but the archive is damaged"):
        load_descriptions(broken)
    ok = tmp_path / "names2.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["품목코드", "품목명"])
    wb.active.append([2811111000, "불화수소(반도체 제조용)"])
    wb.save(ok)
    assert load_descriptions(ok).to_dict() == {"2811111000": "불화수소(반도체 제조용)"}


# ------------------------------------------------------------------------------------- hidden sheets
def test_hidden_sheets_are_never_read_unless_named(tmp_path):
    wb = openpyxl.Workbook()
    secret = wb.active
    secret.title = "계산용"
    secret.append(["기간", "국가", "HS코드", "수입 금액(천달러)"])
    secret.append([2019, "일본", "2811111000", 999_999])
    secret.sheet_state = "veryHidden"
    shown = wb.create_sheet("수입")
    shown.append(["기간", "국가", "HS코드", "수입 금액(천달러)"])
    shown.append([2019, "일본", "2811111000", 7400])
    f = tmp_path / "two.xlsx"
    wb.save(f)
    assert sheet_states(f) == [("계산용", "veryHidden"), ("수입", "visible")]
    table, report = load(f)
    assert report.sheet == "수입" and table["value_usd"].tolist() == [7_400_000.0]
    table, report = load(f, sheet="계산용")  # named: read
    assert report.sheet == "계산용" and table["value_usd"].tolist() == [999_999_000.0]
    assert read_grid(f).hidden == ["계산용"]


def test_only_hidden_data_is_said_so():
    with pytest.raises(DataError) as err:
        load(BAD / "hidden_sheet_only_data.xlsx")
    assert str(err.value) == (
        "hidden_sheet_only_data.xlsx: sheet '안내' is empty: expected a table with a header row; the data is on the "
        "hidden sheet 'data', and a hidden sheet is read only when named: if it is the table to read, name it in a "
        "mapping file ([read] sheet = \"data\")")


def test_hidden_xls_sheet(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_hostile", BAD / "make_hostile.py")
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    f = hostile.generate("xls_hidden", tmp_path / "hidden.xls")
    assert sheet_states(f) == [("수입실적", "hidden")]
    with pytest.raises(DataError, match=r"hidden.xls: every sheet of the workbook is hidden \('수입실적'\)"):
        load(f)
    table, _ = load(f, sheet="수입실적")
    plain, _ = load(IO / "kstat_real.xls")
    assert table.equals(plain.assign(source="hidden.xls"))


def test_io_workbook_on_hidden_sheets(tmp_path):
    from tests.io.test_oecd_iotable import _io_workbook
    import numpy as np

    z = np.eye(3)
    f = tmp_path / "io.xlsx"
    _io_workbook(f, z, z, np.ones(3), np.ones(3), np.ones(3), np.full(3, 5.0))
    wb = openpyxl.load_workbook(f)
    wb["수입거래표"].sheet_state = "hidden"
    wb.save(f)
    assert detect_format(f) == "table"  # not recognised as an IO workbook through a hidden sheet
    from exposure.io import load_io_workbook

    with pytest.raises(DataError, match=r"expected sheets 국산거래표 and 수입거래표, found \['국산거래표', '수입거래표'\]; "
                                        r"'수입거래표' is hidden, and a hidden sheet is read only when named"):
        load_io_workbook(f)
    table, _ = load_io_workbook(f, imported_sheet="수입거래표")
    assert table.imported.to_numpy().sum() == 3e6


def _formula_workbook(path: Path, cached: str | None) -> Path:
    """A Korea Customs-style sheet whose second amount is the formula =5000+2400, with or without a computed value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["기간", "국가", "HS코드", "품목명", "수입 금액(천달러)"])
    ws.append(["2019", "일본", "2811111000", "플루오르화수소", 730])
    ws.append(["2019", "중국", "2811111000", "플루오르화수소", "=5000+2400"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and cached is not None:
                data = data.replace(b"<f>5000+2400</f><v></v>", b"<f>5000+2400</f>").replace(
                    b"<f>5000+2400</f>", b"<f>5000+2400</f><v>" + cached.encode() + b"</v>")
            out.writestr(item, data)
    return path


def test_a_formula_without_a_computed_value_is_refused_and_one_with_it_is_read(tmp_path):
    # read as blank, the uncomputed amount was a missing row with exit 0
    f = _formula_workbook(tmp_path / "formula.xlsx", None)
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == ("formula.xlsx: row 3: sheet 'Sheet': cell E3 holds a formula with no computed value (the "
                              "file was written by a program that does not calculate formulas): expected values; open "
                              "the file in a spreadsheet program and save it, or paste the cells as values")
    table, _ = load(_formula_workbook(tmp_path / "saved.xlsx", "7400"))
    assert sorted(table["value_usd"].tolist()) == [730_000.0, 7_400_000.0]
    # a formula a spreadsheet computed to "" is a string cell with an empty value: a blank, not an uncomputed cell
    f = _formula_workbook(tmp_path / "empty.xlsx", "")
    with zipfile.ZipFile(f) as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(f, "w") as out:
        for item, data in items:
            out.writestr(item, data.replace(b'<c r="E3"><f>', b'<c r="E3" t="str"><f>'))
    table, report = load(f)
    assert table["value_usd"].tolist() == [730_000.0] and report.rows_read == 2


def test_a_blank_period_cell_is_called_empty_never_none(tmp_path):
    from exposure.report.error_text import error_text

    wb = openpyxl.Workbook()
    wb.active.append(["기간", "국가", "HS코드", "수입 금액(천달러)"])
    wb.active.append([2019, "일본", "2811111000", 7400])
    wb.active.append([None, "중국", "2811111000", 730])
    f = tmp_path / "blank_year.xlsx"
    wb.save(f)
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == ("blank_year.xlsx: row 3, column '기간': expected a year such as 2019, 2019년 or 2019.07, "
                              "got an empty cell")
    assert error_text(err.value, "ko") == "blank_year.xlsx: 3행, '기간' 열: 2019, 2019년, 2019.07 같은 연도여야 하는데 빈칸임"


def test_a_quote_never_closed_is_named_where_it_opens(tmp_path):
    f = tmp_path / "bad_quote.csv"
    f.write_text('기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811111000,"HF, ""pure"",1,7400\n'
                 "2019,중국,2811111000,HF,1,730\n2019,일본,3707901010,감광제,12.5,2100\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(f)
    assert str(err.value) == ("bad_quote.csv: row 2: a quote opens field 4 of this row ('HF, \"pure\",1,7400 "
                              "2019,중국,2811…') and is never closed: the 2 line(s) after it were read as that one cell: "
                              "expected each quoted cell to end with a quote (\"…\"); close it, or remove the stray quote")


def test_a_closed_quoted_cell_over_two_lines_in_the_last_row_is_read(tmp_path):
    f = tmp_path / "note.csv"
    f.write_text('기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811111000,HF,1,7400\n'
                 '2019,중국,2811111000,"HF\n(고순도)",1,730\n', encoding="utf-8")
    table, _ = load(f)
    assert table["name"].tolist() == ["HF", "HF (고순도)"]  # the line break of a name read as a space
    assert table["value_usd"].sum() == pytest.approx(8_130_000)
