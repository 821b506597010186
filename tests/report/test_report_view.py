"""The Drivers view: top products per sector, one "other" row per channel group, totals kept."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from exposure.report.labels import header

from exposure.report import view
from exposure.report.excel import write_workbook

# D26 under the first scenario: 20 products, product i contributes (20 − i) × 1e-4 directly and half that
# indirectly; D27 has one product through demand too; D29 contributes nothing at all.
N_PRODUCTS = 20


def _many_drivers(fx) -> pd.DataFrame:
    rows = []
    for i in range(N_PRODUCTS):
        code = f"28{i:02d}000000"
        for channel, rate in (("direct", (20 - i) * 1e-4), ("indirect", (20 - i) * 0.5e-4)):
            rows.append({"scenario": fx.S1, "sector": "D26", "code": code, "code_system": "HSK10",
                         "channel": channel, "exposure_rate": rate, "export_at_risk_usd": rate * 1e9,
                         "sme_export_at_risk_usd": rate * 1e8, "demand_at_risk_usd": 0.0,
                         "name": f"품목 {i}"})
    rows.append({"scenario": fx.S1, "sector": "D27", "code": "010619", "code_system": "HS6-2017",
                 "channel": "direct", "exposure_rate": 2e-3, "export_at_risk_usd": 2e6,
                 "sme_export_at_risk_usd": 5e5, "demand_at_risk_usd": 0.0, "name": "살아있는 포유동물"})
    rows.append({"scenario": fx.S1, "sector": "D27", "code": "831", "code_system": "MTI3",
                 "channel": "demand", "exposure_rate": 0.0, "export_at_risk_usd": 0.0,
                 "sme_export_at_risk_usd": 0.0, "demand_at_risk_usd": 7e6, "name": "반도체"})
    rows.append({"scenario": fx.S1, "sector": "D29", "code": "030389", "code_system": "HS6-2017",
                 "channel": "direct", "exposure_rate": 0.0, "export_at_risk_usd": 0.0,
                 "sme_export_at_risk_usd": 0.0, "demand_at_risk_usd": 0.0, "name": "냉동 어류"})
    return pd.DataFrame(rows)


@pytest.fixture
def many(results_factory, fx):
    res = results_factory()
    res.drivers = _many_drivers(fx)
    return res


def test_top_products_and_one_other_row_per_channel_group(many, fx):
    table, summed = view.drivers_view(many, top=15, other_label="other ({n})")
    d26 = table[table["sector"] == "D26"]
    # 15 products × 2 channels, then one row for products 15–19 (both channels)
    assert len(d26) == 31 and summed == 10
    assert d26["code"].iloc[:2].tolist() == ["2800000000", "2800000000"]  # largest first, channels together
    other = d26.iloc[-1]
    assert other["name"] == "other (5)" and pd.isna(other["code"])
    assert other["channel"] == "direct, indirect"
    # by hand: (5 + 4 + 3 + 2 + 1) × (1e-4 + 0.5e-4)
    assert other["exposure_rate"] == pytest.approx(15 * 1.5e-4)
    assert other["export_at_risk_usd"] == pytest.approx(15 * 1.5e-4 * 1e9)
    # the sector's rows add up to all its drivers: sum over i of (20 − i) × 1.5e-4 = 210 × 1.5e-4
    assert d26["exposure_rate"].sum() == pytest.approx(210 * 1.5e-4, rel=1e-12)
    # the demand row is its own group, not mixed into supply; a sector without exposure is left out
    d27 = table[table["sector"] == "D27"]
    assert d27["channel"].tolist() == ["direct", "demand"]
    assert "D29" not in set(table["sector"])


def test_nothing_summed_when_every_sector_has_few_products(shared_results):
    table, summed = view.drivers_view(shared_results)
    assert summed == 0
    d = shared_results.drivers
    assert len(table) == int((d["sme_export_at_risk_usd"] != 0).sum())
    # ordered by the first scenario's ranking: D26 first, its largest product first
    assert table["sector"].iloc[0] == "D26" and table["code"].iloc[0] == "3707901010"


def test_drivers_sheet_says_where_the_full_table_is_and_keeps_sector_totals(many, fx, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(many, tmp_path / "d.xlsx", lang="en"))
    ws = wb["Drivers"]
    # the note says what the sheet, the CSV and the Parquet file hold
    assert "tables/drivers.csv" in ws["A1"].value and "all 43 rows" in ws["A1"].value
    assert "top 5 products" in ws["A1"].value and "tables/drivers.parquet" in ws["A1"].value
    rows = list(ws[ws.tables["Drivers"].ref])
    heads = [c.value for c in rows[0]]
    assert ws.freeze_panes == "A3"
    # the engine's name column (last in the table) is shown beside the code
    assert heads.index("Product name") == heads.index("Code system") + 1 == heads.index("Product code") + 2
    body = [[c.value for c in r] for r in rows[1:]]
    at_risk = heads.index(header("export_at_risk_usd", "en"))
    by_sector: dict[str, float] = {}
    for r in body:
        by_sector[r[heads.index("Sector code")]] = by_sector.get(r[heads.index("Sector code")], 0.0) + r[at_risk]
    assert by_sector["D26"] == pytest.approx(210 * 1.5e-4 * 1e9)
    names = [r[heads.index("Product name")] for r in body]
    # the sheet keeps 5 products of D26 (both channels) and sums the other 15 in one row per group
    assert "other products (15), summed" in names
    assert sum(1 for r in body if r[heads.index("Sector code")] == "D26") == 5 * 2 + 1
    assert np.isclose(sum(by_sector.values()), 210 * 1.5e-4 * 1e9 + 2e6)


def test_drivers_sheet_keeps_the_top_sectors_of_each_scenario(shared_results, tmp_path, fx):
    ws = openpyxl.load_workbook(write_workbook(shared_results, tmp_path / "d.xlsx"))["기여요인"]
    assert ws.tables["Drivers"].ref.startswith("A2:")  # the note above
    rows = list(ws[ws.tables["Drivers"].ref])
    heads = [c.value for c in rows[0]]
    pairs = {(r[heads.index(header("scenario", "ko"))].value, r[heads.index(header("sector", "ko"))].value)
             for r in rows[1:]}
    # ranks 1-5 of each scenario, by SME export at risk worked out from the fixture
    for scen, col in ((fx.S1, 5), (fx.S2, 6)):
        values = {rec[0]: rec[3] * rec[4] * rec[col] for rec in fx.SECTORS}
        best = sorted(values, key=lambda k: -values[k])[:5]
        assert {s for n, s in pairs if n == fx.NAMES[scen][0]} == set(best)
    names = [r[heads.index(header("name", "ko"))].value for r in rows[1:]]
    assert not [n for n in names if n and "기타 품목" in n]  # four products a sector: nothing summed


def test_sector_names_follow_a_new_sectors_table(results_factory):
    res = results_factory()
    names = view.sector_names(res, "ko")
    code = next(iter(names))
    names[code] = "changed by the caller"  # a copy: the next call is not affected
    assert view.sector_names(res, "ko")[code] != "changed by the caller"
    res.sectors = res.sectors.assign(sector_name_ko=res.sectors["sector_name_ko"].where(
        res.sectors["sector"].astype(str) != code, "새 이름"))
    assert view.sector_names(res, "ko")[code] == "새 이름"
