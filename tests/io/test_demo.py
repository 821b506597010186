"""The embedded demo inputs load through the built-in mappings, with the figures datasets/README.md states."""

from __future__ import annotations

from pathlib import Path

import pytest

from exposure.io import load
from exposure.schema import IOTable
from tests.io.conftest import assert_reconciles

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo"


@pytest.mark.skipif(not (DEMO / "top100_exports_2019.xlsx").exists(), reason="demo files absent")
class TestDemo:
    def test_top100(self):
        table, report = load(DEMO / "top100_exports_2019.xlsx", kind="exports")
        assert len(table) == 100 and table["rank"].tolist() == list(range(1, 101))
        assert (table["year"] == 2019).all() and (table["code_system"] == "MTI3").all()
        assert (table["item_code"].str.len() == 3).all()
        assert report.unit == "천달러" and report.header_row == 4
        total = report.totals.iloc[0]
        # the all-items total is larger than the sum of the 100 rows (datasets/README.md)
        assert (total.total_usd, total.sum_of_rows_usd) == (542_232_610_000, 523_276_279_000)
        assert table["export_usd"].sum() == 523_276_279_000
        assert_reconciles(report)

    def test_parts_imports(self):
        table, report = load(DEMO / "parts_imports_by_country_2017_2019.csv", kind="imports")
        assert report.encoding == "cp949" and set(table["code_system"]) == {"HSK10"}
        assert set(table["flow"]) == {"M"} and set(table["year"]) == {2017, 2018, 2019}
        hf = table[(table.code == "2811111000") & (table.year == 2018)]
        assert round(100 * hf.loc[hf.partner == "JPN", "value_usd"].sum() / hf["value_usd"].sum(), 1) == 41.9
        assert report.totals["difference_usd"].abs().max() < 1e-6
        assert_reconciles(report)

    def test_profile(self):
        table, report = load(DEMO / "sme_profile_2019.csv", kind="profile")
        assert len(table) == 36 and table["sme_share"].between(0, 1).all()
        assert set(table["sme_share_basis"]) <= {"exports", "output"}
        assert table.loc[0, ["sector", "export_usd", "sme_share"]].tolist() == ["D01T03", 2_788_800_000.0, 0.563]
        assert_reconciles(report)

    def test_io(self):
        table, report = load(DEMO / "io_table_2019.xlsx", kind="io")
        assert isinstance(table, IOTable) and len(table.sectors) == 36
        assert round(table.output.sum() / 1e6, 1) == 3_845_010.6  # datasets/README.md
        assert report.warnings == []
        assert_reconciles(report)
