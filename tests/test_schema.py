"""Canonical tables: coercion and the one-table-of-all-failures validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exposure.errors import ValidationFailures
from exposure.schema import SECTOR_PROFILE, TRADE_FLOWS, LoadReport, validate


def _flows(**changes):
    base = {"year": [2018, 2018], "month": [0, 0], "reporter": ["KOR", "KOR"], "partner": ["JPN", "CHN"],
            "flow": ["M", "M"], "code": ["010619", "281111"], "code_system": ["HS6", "HS6"],
            "value_usd": [100.0, 250.5], "source": ["f.csv", "f.csv"]}
    base.update(changes)
    return pd.DataFrame(base)


def test_valid_table_is_coerced_and_keeps_codes_as_text():
    out = validate(_flows(), TRADE_FLOWS)
    assert out["code"].tolist() == ["010619", "281111"]
    assert out["value_usd"].dtype == np.float64
    assert out["year"].dtype == np.int64
    assert "qty" in out.columns and out["qty"].isna().all()  # optional column added, not a failure


def test_all_failures_are_collected_in_one_table():
    bad = _flows(flow=["M", "Q"], value_usd=[-1.0, "abc"], _row=[7, 8])
    with pytest.raises(ValidationFailures) as info:
        validate(bad, TRADE_FLOWS, source="imports.csv")
    f = info.value.failures
    assert set(zip(f["row"], f["column"], f["check"])) == {
        (8, "flow", "allowed"), (7, "value_usd", "nonnegative"), (8, "value_usd", "dtype")}
    assert "imports.csv: row 8, column 'flow': expected one of M, X" in str(info.value)


def test_missing_required_column_names_it():
    with pytest.raises(ValidationFailures) as info:
        validate(_flows().drop(columns=["partner"]), TRADE_FLOWS, source="x.csv")
    assert "column 'partner': required column missing from TradeFlows" in str(info.value)


def test_duplicated_keys_are_an_error():
    with pytest.raises(ValidationFailures, match="duplicated key"):
        validate(_flows(partner=["JPN", "JPN"], code=["281111", "281111"]), TRADE_FLOWS)


def test_profile_without_optional_columns_validates():
    prof = pd.DataFrame({"sector": ["D26"], "sector_name_ko": ["전자"], "sector_name_en": ["Electronics"],
                         "export_usd": [1e9], "output_usd": [2e9], "sme_share": [0.2]})
    out = validate(prof, SECTOR_PROFILE)
    assert np.isnan(out.loc[0, "export_to_target_usd"])
    with pytest.raises(ValidationFailures, match="between 0 and 1"):
        validate(prof.assign(sme_share=[1.2]), SECTOR_PROFILE)


def test_load_report_reconciles():
    rep = LoadReport(source="f.csv", rows_read=3, rows_kept=2, value_read=60.0, value_kept=50.0,
                     dropped=pd.DataFrame({"source": ["f.csv"], "row": [2], "reason": ["total row"],
                                           "value_usd": [10.0], "detail": [""]}))
    rep.check()
    rep.value_kept = 49.0
    with pytest.raises(AssertionError, match="value read"):
        rep.check()
