"""The Korean workbook holds no English word taken from the engine and no scenario or counter-measure id:
every cell outside code columns, the input's own names (products, sheets) and the column dictionary's
English column is checked — on the demo with every shipped scenario and counter-measure, and on the real
public data (five scenarios, 1,000 draws) when it is present."""

from __future__ import annotations

import re

import openpyxl
import pytest

from exposure.report.translate import english_words

SCENARIOS = ("2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")
COUNTERMEASURES = ("stockpile-90d", "fast-track-licences", "diversify-chemicals", "localise-three-items")
#: headers of columns that hold the input files' own names (product and sheet names as the files give them)
INPUT_HEADERS = ("품목명", "시트", "파일", "파일명")


def english_cells(wb, ids=()) -> list[tuple[str, str, str, list[str]]]:
    """(sheet, cell, text, words) of every cell a Korean reader would find English in, or an id in."""
    found = []
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-]|\.toml)") if ids else None
    for ws in wb.worksheets:
        exempt = set()
        for name, ref in ws.tables.items():
            rows = list(ws[ref])
            for j, cell in enumerate(rows[0]):
                h = str(cell.value or "")
                if (name == "ColumnDictionary" and j in (0, 3)) or (name == "Parameters" and j == 0) \
                        or h in INPUT_HEADERS or "(입력 파일)" in h:
                    exempt |= {(r[j].row, r[j].column) for r in rows[1:]}
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or c.number_format == "@" or (c.row, c.column) in exempt:
                    continue
                words = english_words(c.value)
                if words or (pattern and pattern.search(c.value)):
                    found.append((ws.title, c.coordinate, c.value[:120], words[:5]))
    return found


def test_fixture_workbook_is_korean(shared_results, tmp_path, fx):
    from exposure.report.excel import write_workbook

    wb = openpyxl.load_workbook(write_workbook(shared_results, tmp_path / "k.xlsx"))
    assert english_cells(wb, (fx.S1, fx.S2)) == []


def test_demo_workbook_with_every_scenario_and_counter_measure_is_korean(tmp_path):
    import exposure
    from exposure.report.excel import write_workbook

    res = exposure.run(config=exposure.Config(draws=20, scenarios=SCENARIOS, countermeasures=COUNTERMEASURES))
    wb = openpyxl.load_workbook(write_workbook(res, tmp_path / "demo.xlsx"))
    assert english_cells(wb, SCENARIOS + COUNTERMEASURES) == []
    # column names of the engine (e.g. rank_by = sme_export_at_risk_usd) are shown by their labels
    params = {r[0].value: r[1].value for r in list(wb["방법론"][wb["방법론"].tables["Parameters"].ref])[1:]}
    assert params["rank_by"] == "중소기업 수출 위험액"


@pytest.mark.slow
def test_real_data_workbook_is_korean(shared_data, tmp_path):
    """The issue's run: Comtrade 2018, OECD IOT 2015, the 2015 census, five scenarios, 1,000 draws, monthly imports."""
    import exposure
    from exposure.inputs import Inputs
    from exposure.report import write_report
    from exposure.report.excel import build_workbook
    from exposure.report.printing import MIN_SCALE, estimate_pages, print_scale

    inputs = Inputs(imports=[shared_data / "comtrade_kor_jpn" / "KJimport2018.csv"],
                    io=[shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv"],
                    profile=shared_data / "census" / "economic_census_2015_mining_manufacturing.csv",
                    monthly=[shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx"])
    res = exposure.run(inputs, exposure.Config(draws=1000, scenarios=SCENARIOS))
    paths = write_report(res, tmp_path, formats=("xlsx", "csv", "pdf-brief"), lang="ko")
    wb = openpyxl.load_workbook(tmp_path / "exposure_report.xlsx")
    assert english_cells(wb, SCENARIOS) == []
    built = build_workbook(res, "ko").worksheets
    pages = {ws.title: estimate_pages(ws) for ws in built}
    assert pages["요약"] == 1 and max(pages.values()) <= 20 and sum(pages.values()) <= 60, pages
    # the Validation sheet once printed one page wide at 34 %: 10-pt text at 3.4 pt
    assert min(print_scale(ws) for ws in built) >= MIN_SCALE
    size = sum(p.stat().st_size for p in paths if p.parent.name == "tables")
    # compact CSVs (the drivers table once held 646,229 rows, 167 MB); a Korean report adds the <column>_ko twins
    # of the reasons and flags (26.6 MB here on 3 Dec 2026, 12–19 MB without the monthly file)
    assert size < 32 * 2**20, f"tables/ holds {size:,} bytes"
    # the products the sheets leave out are in the CSV, every one of them
    import pandas as pd

    products = pd.read_csv(tmp_path / "tables" / "products.csv", dtype={"code": str}, encoding="utf-8-sig")
    assert len(products) == 4226
    assert (tmp_path / "exposure_brief.pdf").read_bytes().startswith(b"%PDF")
