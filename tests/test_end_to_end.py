"""End to end: the CLI on the demo (and on real data when present), read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from exposure.report.labels import header
from click.testing import CliRunner

from exposure.cli import cli

REQUIRED_SHEETS_EN = ["README", "Summary", "Sectors", "Products", "Validation"]
REQUIRED_SHEETS_KO = ["방법론", "요약", "업종", "품목", "검증"]


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def demo_report_en(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "report"
    _run(["report", "--out", str(out), "--lang", "en"])
    return out


def _table(ws):
    """(header, rows of cells) of the sheet's first Excel table (a note may stand above it)."""
    ref = next(iter(ws.tables.values())).ref
    rows = list(ws[ref])
    return [c.value for c in rows[0]], rows[1:]


def _header(ws) -> list[str]:
    return _table(ws)[0]


def _column(ws, name: str) -> list:
    heads, rows = _table(ws)
    idx = heads.index(name)
    return [row[idx].value for row in rows]


def test_default_run_writes_korean_workbook_charts_and_tables(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stdout = _run(["report"])  # no arguments at all: the demo into ./exposure-report
    out = tmp_path / "exposure-report"
    wb = openpyxl.load_workbook(out / "exposure_report.xlsx")
    assert [s for s in REQUIRED_SHEETS_KO if s in wb.sheetnames] == REQUIRED_SHEETS_KO
    assert len(list((out / "charts").glob("*.png"))) >= 2
    assert {"sectors.csv", "products.csv", "drivers.csv"} <= {p.name for p in (out / "tables").iterdir()}
    assert "exposure-report/exposure_report.xlsx" in stdout


def test_sheets_and_headers(demo_report_en):
    wb = openpyxl.load_workbook(demo_report_en / "exposure_report.xlsx")
    assert [s for s in REQUIRED_SHEETS_EN if s in wb.sheetnames] == REQUIRED_SHEETS_EN
    assert _header(wb["Products"])[:3] == ["Year", "Product code", "Code system"]
    sectors = _header(wb["Sectors"])
    for col in [header(c, "en") for c in ("rank", "sector", "sme_export_at_risk_usd", "export_at_risk_usd")]:
        assert any(h and h.startswith(col) for h in sectors), (col, sectors)


def test_product_codes_are_text_with_their_zeros(demo_report_en):
    ws = openpyxl.load_workbook(demo_report_en / "exposure_report.xlsx")["Products"]
    heads, rows = _table(ws)
    cells = [row[heads.index("Product code")] for row in rows if row[heads.index("Product code")].value]
    assert cells and all(c.data_type == "s" and len(c.value) == 10 and c.value.isdigit() for c in cells)
    csv = pd.read_csv(demo_report_en / "tables" / "products.csv", dtype={"code": str}, encoding="utf-8-sig")
    assert csv["code"].str.fullmatch(r"\d{10}").all() and "2811111000" in set(csv["code"])


def test_products_total_equals_the_demo_imports(demo_report_en, demo_dir):
    # independent reading of the source file: CP949, thousand USD, first row the 총계 row
    raw = pd.read_csv(demo_dir / "parts_imports_by_country_2017_2019.csv", encoding="cp949", dtype=str)
    rows = raw[raw["기간"] == "2019"]
    expected = rows["수입 금액"].astype(float).sum() * 1000
    ws = openpyxl.load_workbook(demo_report_en / "exposure_report.xlsx")["Products"]
    # the sheet lists the top products and sums the rest in one row: its totals are the file's
    total = sum(v for v in _column(ws, header("import_usd", "en")) if v is not None)
    assert total == pytest.approx(expected, rel=1e-12)
    to_japan = rows.loc[rows["국가"] == "일본", "수입 금액"].astype(float).sum() * 1000
    assert sum(v for v in _column(ws, header("target_import_usd", "en")) if v is not None) == \
        pytest.approx(to_japan, rel=1e-12)


def test_summary_has_a_native_chart_and_the_ranking(demo_report_en):
    wb = openpyxl.load_workbook(demo_report_en / "exposure_report.xlsx")
    assert len(wb["Summary"]._charts) == 1
    csv = pd.read_csv(demo_report_en / "tables" / "sectors.csv", dtype={"sector": str}, encoding="utf-8-sig")
    assert csv.sort_values("rank")["sector"].iloc[0] == "D26"


@pytest.mark.shared_data
def test_real_comtrade_and_oecd_io(shared_data, tmp_path):
    out = tmp_path / "real"
    _run(["report", "--imports", str(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv"),
          "--io", str(shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv"),
          "--profile", str(shared_data / "census" / "economic_census_2015_mining_manufacturing.csv"),
          "--scenario", "2019-three-items", "--out", str(out), "--lang", "en", "--format", "xlsx,csv"])
    ws = openpyxl.load_workbook(out / "exposure_report.xlsx")["Products"]
    heads, rows = _table(ws)
    # the sheet: the 50 largest imports from Japan, then one row summing the other 4,176; the CSV: every product
    assert len(rows) == 51 and rows[0][heads.index("Product code")].value == "848620"  # $3,842,183,590
    assert rows[-1][heads.index("Product name")].value == "other 4,176 products, summed"
    assert sum(r[heads.index(header("target_import_usd", "en"))].value for r in rows) == \
        pytest.approx(54_603e6, rel=1e-4)  # $54,603 million in all (data README)
    products = pd.read_csv(out / "tables" / "products.csv", dtype={"code": str}, encoding="utf-8-sig")
    assert len(products) == 4226
    assert "010619" in set(products["code"])  # lost its leading zero in the Comtrade file
    sectors = pd.read_csv(out / "tables" / "sectors.csv", dtype={"sector": str}, encoding="utf-8-sig")
    top = sectors.sort_values("export_at_risk_usd", ascending=False)["sector"].iloc[0]
    assert top == "D26"
    # SME shares from the census (production of establishments under 300 workers), calibrated to the national
    # SME share of exports, reach the ranking; the users of HF and photoresist (KSIC 2611, 2612, 2621) are less
    # SME than D26 as a whole, so D26's SME figure is below its exports at risk × its sector share
    d26 = sectors.set_index("sector").loc["D26"]
    assert 0 < d26["sme_share"] < 1 and d26["sme_share_basis"] == "output-calibrated"
    assert 0 < d26["sme_export_at_risk_usd"] < d26["export_at_risk_usd"] * d26["sme_share"]
    assert sectors.sort_values("rank")["sector"].iloc[0] == "D26"
