"""CSV (UTF-8 with BOM, codes quoted) and Parquet (codes as strings) of every Results table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from exposure.errors import ConfigError
from exposure.report.tables import write_tables

ALL = ["sectors", "products", "shocks", "drivers", "weekly", "critical", "export_items", "uncertainty", "sensitivity",
       "threshold_sweep", "flags", "monthly", "scenarios", "validation", "dropped", "totals", "inputs", "alternatives",
       "next_targets", "dependence", "monitor_panel", "alerts", "episodes"]


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
    assert dropped["reason"].tolist() == ["blank row", "zero value", "partner not a country", "total row"]
    assert dropped["row"].tolist() == [3, 118, 540, 1250]


def test_korean_csv_has_korean_twins_beside_the_machine_values(shared_results, tmp_path):
    from exposure.report.translate import english_words

    write_tables(shared_results, tmp_path / "en", lang="en")
    write_tables(shared_results, tmp_path / "ko", lang="ko")
    for name in ("dropped", "drivers", "flags", "products"):
        en = pd.read_csv(tmp_path / "en" / f"{name}.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        ko = pd.read_csv(tmp_path / "ko" / f"{name}.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        assert not [c for c in en.columns if c.endswith("_ko") and c[:-3] in en.columns], name
        twins = [c for c in ko.columns if c.endswith("_ko") and c[:-3] in ko.columns]
        assert twins, name
        # the machine columns are unchanged, in their order; each twin sits right after its column
        assert ko.drop(columns=twins).equals(en), name
        for t in twins:
            assert list(ko.columns).index(t) == list(ko.columns).index(t[:-3]) + 1
            assert all(english_words(v) == [] for v in ko[t]), (name, t)
    dropped = pd.read_csv(tmp_path / "ko" / "dropped.csv", encoding="utf-8-sig")
    assert dropped["reason_ko"].tolist() == ["빈 행", "값이 0", "상대국이 국가가 아님", "합계 행"]
    drivers = pd.read_csv(tmp_path / "ko" / "drivers.csv", encoding="utf-8-sig")
    pairs = set(zip(drivers["channel"], drivers["channel_ko"]))
    assert ("direct", "직접(비례 배분)") in pairs or ("downstream", "국내 공급망 파급") in pairs


def test_korean_csv_says_yes_and_no_beside_each_flag(shared_results, tmp_path):
    write_tables(shared_results, tmp_path / "en", lang="en")
    write_tables(shared_results, tmp_path / "ko", lang="ko")
    en = pd.read_csv(tmp_path / "en" / "products.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    ko = pd.read_csv(tmp_path / "ko" / "products.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert "persistent_ko" not in en.columns
    for flag in ("persistent", "geodep_dependent"):
        assert list(ko.columns).index(f"{flag}_ko") == list(ko.columns).index(flag) + 1
        words = {"True": "예", "False": "아니오", "": ""}
        assert ko[f"{flag}_ko"].tolist() == [words[v] for v in ko[flag]]
    assert set(ko["persistent"]) == {"True", "False"}  # both words are met, not one


def test_a_missing_flag_has_a_blank_twin_and_numbers_none():
    from exposure.report.display import with_korean_twins

    df = pd.DataFrame({"code": ["0101", "0202", "0303"], "persistent": pd.array([True, None, False], dtype="boolean"),
                       "n_met": [2, 0, 1]})
    out = with_korean_twins(df, "products", None)
    assert out.columns.tolist() == ["code", "persistent", "persistent_ko", "n_met"]
    assert out["persistent_ko"].tolist() == ["예", "", "아니오"]
    assert out.drop(columns="persistent_ko").equals(df)


def test_counter_measure_codes_have_their_korean_beside_them():
    from exposure.report.display import with_korean_twins
    from exposure.report.translate import Translator

    df = pd.DataFrame({"countermeasure": ["stockpile-90d", "all"], "kinds": ["stockpile", "stockpile; localise"],
                       "cost_basis": ["carrying_cost_no_rate", "sum_of_some"],
                       "krw_per_usd_source": ["config fx_rates", ""]})
    out = with_korean_twins(df, "countermeasures", None, Translator("ko"))
    assert out.columns.tolist() == ["countermeasure", "kinds", "kinds_ko", "cost_basis", "cost_basis_ko",
                                    "krw_per_usd_source", "krw_per_usd_source_ko"]
    assert out["kinds_ko"].tolist() == ["비축", "비축; 국산화"]
    assert out["cost_basis_ko"].tolist() == ["재고 보유비용(달러)만 있고 환율이 없어 원화 비용을 비움", "비용이 주어진 대응책만의 합(하한)"]
    assert out["krw_per_usd_source_ko"].tolist() == ["설정 파일의 환율(fx_rates KRW)", ""]
    top = with_korean_twins(pd.DataFrame({"item_code": ["831"], "best_basis": ["sme_export_at_risk_removed_usd"]}),
                            "top100", None, Translator("ko"))
    assert top["best_basis_ko"].tolist() == ["줄어든 중소기업 수출 위험액(중앙값)"]


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
    assert "uncertainty" not in names and "monthly" not in names and "alerts" not in names
    assert names.count("sectors") == 2


def _many_drivers(n_products: int = 60) -> pd.DataFrame:
    """One scenario, D26, two channels: product i contributes (n − i) × 1e-6 directly and 1e-9 downstream."""
    rows = []
    for i in range(n_products):
        for channel, rate in (("direct", (n_products - i) * 1e-6), ("downstream", 1e-9)):
            rows.append({"scenario": "s", "sector": "D26", "code": f"{i:06d}", "code_system": "HS6-2017",
                         "channel": channel, "exposure_rate": rate, "export_at_risk_usd": rate * 1e9,
                         "sme_export_at_risk_usd": rate * 1e8, "demand_at_risk_usd": 0.0,
                         "share_of_sector": np.nan, "coverage": 1.0, "rule": "everything", "name": f"p{i}"})
    return pd.DataFrame(rows)


def test_drivers_csv_keeps_the_largest_products_and_one_row_with_the_rest(results_factory, tmp_path):
    from exposure.report.compact import DRIVERS_CSV_MIN_SHARE, DRIVERS_CSV_TOP

    res = results_factory()
    res.drivers = _many_drivers()
    write_tables(res, tmp_path, formats=("csv", "parquet"))
    csv = pd.read_csv(tmp_path / "drivers.csv", dtype={"code": str}, encoding="utf-8-sig", keep_default_na=False)
    direct = csv[csv["channel"] == "direct"]
    # the 20 largest of 60 direct contributions each carry ≥ 0.1 % of the channel (hand: the 20th is 41e-6 of
    # Σ(1..60)e-6 = 1830e-6, 2.2 %); the other 40 are one row
    assert DRIVERS_CSV_TOP == 20 and DRIVERS_CSV_MIN_SHARE == 0.001
    assert len(direct) == 21 and direct["code"].iloc[:2].tolist() == ["000000", "000001"]
    other = direct.iloc[-1]
    assert other["code"] == "" and other["name"] == "other products (40), summed"
    assert other["exposure_rate"] == pytest.approx(sum(range(1, 41)) * 1e-6, rel=1e-12)
    # downstream: every one of the 60 equal contributions is 1/60 ≥ 0.1 %, but only 20 are kept
    assert len(csv[csv["channel"] == "downstream"]) == 21
    for col in ("exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd"):  # the sums hold
        assert csv[col].sum() == pytest.approx(res.drivers[col].sum(), rel=1e-12)
    full = pd.read_parquet(tmp_path / "drivers.parquet")
    assert len(full) == 120  # Parquet: every row


def test_shocks_csv_lists_the_covered_products(shared_results, tmp_path):
    write_tables(shared_results, tmp_path)
    csv = pd.read_csv(tmp_path / "shocks.csv", dtype={"code": str}, encoding="utf-8-sig")
    s = shared_results.shocks
    assert len(csv) == int((s["coverage"] > 0).sum()) == 3 + 7  # the fixture: 3 items, then 7 under S2
    assert (csv["coverage"] > 0).all()


def test_unknown_format_is_a_config_error(shared_results, tmp_path):
    with pytest.raises(ConfigError, match="xls"):
        write_tables(shared_results, tmp_path, formats=("xls",))
    assert list(tmp_path.iterdir()) == []


def test_a_flow_column_has_its_korean_beside_it():
    from exposure.report.display import with_korean_twins
    from exposure.report.translate import Translator

    df = pd.DataFrame({"code": ["2811111000", "2811111000"], "flow": ["M", "X"], "value_usd": [1.0, 2.0]})
    out = with_korean_twins(df, "monthly", None, Translator("ko"))
    assert out.columns.tolist() == ["code", "flow", "flow_ko", "value_usd"]
    assert out["flow_ko"].tolist() == ["수입", "수출"]
