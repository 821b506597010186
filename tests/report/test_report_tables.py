"""CSV (UTF-8 with BOM, codes quoted) and Parquet (codes as strings) of every Results table."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from exposure.errors import ConfigError
from exposure.report.tables import write_tables

ALL = ["sectors", "products", "shocks", "drivers", "export_items", "uncertainty", "sensitivity", "threshold_sweep",
       "flags", "monthly", "scenarios", "validation", "dropped", "totals", "inputs"]


def test_every_table_as_csv_with_bom(shared_results, tmp_path):
    paths = write_tables(shared_results, tmp_path)
    assert [p.stem for p in paths] == ALL
    raw = (tmp_path / "products.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert '"010619"' in text and '"2811111000"' in text  # quoted: text, never a number
    products = pd.read_csv(tmp_path / "products.csv", dtype=str, encoding="utf-8-sig")
    assert products["code"].tolist()[-2:] == ["010619", "030389"]
    sectors = pd.read_csv(tmp_path / "sectors.csv", encoding="utf-8-sig", dtype={"sector": str})
    assert sectors.loc[0, "sector_name_ko"] == "컴퓨터·전자·광학기기"
    assert sectors.loc[0, "sme_export_at_risk_usd"] == pytest.approx(528_000_000)
    dropped = pd.read_csv(tmp_path / "dropped.csv", encoding="utf-8-sig")
    assert dropped["reason"].tolist() == ["blank row", "zero value", "unmatched code", "total row"]
    assert dropped["row"].tolist() == [3, 118, 540, 1250]


def test_csv_text_cannot_run_as_a_formula(shared_results, tmp_path, fx):
    write_tables(shared_results, tmp_path)
    names = pd.read_csv(tmp_path / "products.csv", dtype=str, encoding="utf-8-sig")["name"].tolist()
    assert "'" + fx.INJECTIONS[0] in names
    flags = pd.read_csv(tmp_path / "flags.csv", dtype=str, encoding="utf-8-sig")
    assert flags["detail"].tolist()[1] == "'-2"
    write_tables(shared_results, tmp_path / "raw", neutralise=False)
    raw = pd.read_csv(tmp_path / "raw" / "products.csv", dtype=str, encoding="utf-8-sig")["name"].tolist()
    assert fx.INJECTIONS[0] in raw


def test_parquet_keeps_codes_as_strings(shared_results, tmp_path, fx):
    write_tables(shared_results, tmp_path, formats=("parquet",))
    table = pq.read_table(tmp_path / "products.parquet")
    assert table.schema.field("code").type == pa.string()
    assert table.column("code").to_pylist()[-2:] == ["010619", "030389"]
    assert table.schema.field("persistent").type == pa.bool_()
    back = pd.read_parquet(tmp_path / "products.parquet")
    assert back["name"].tolist()[5] == fx.INJECTIONS[0]  # Parquet is never altered
    dropped = pq.read_table(tmp_path / "dropped.parquet")
    assert dropped.schema.field("row").type == pa.int64()
    assert dropped.column("detail").to_pylist() == ["", "", "@SUM(A1)", "합계"]


def test_tables_the_run_did_not_produce_are_not_written(results_no_draws, tmp_path):
    names = [p.stem for p in write_tables(results_no_draws, tmp_path, formats=("csv", "parquet"))]
    assert "uncertainty" not in names and "monthly" not in names
    assert names.count("sectors") == 2


def test_unknown_format_is_a_config_error(shared_results, tmp_path):
    with pytest.raises(ConfigError, match="xls"):
        write_tables(shared_results, tmp_path, formats=("xls",))
    assert list(tmp_path.iterdir()) == []
