"""The column dictionary covers every column of every Results table, in Korean and English."""

from __future__ import annotations

import importlib
import re

import pytest

from exposure.report import labels
from exposure.report.labels import COLUMNS, NUMBER_FORMATS, SHEETS, TABLE_COLUMNS, header, headers, number_format
from exposure.schema import EXPORT_ITEMS, SECTOR_PROFILE

KINDS = set(NUMBER_FORMATS) | {"usd_change", "text", "bool"}


def test_every_documented_column_has_both_languages_and_a_known_kind():
    for table, cols in TABLE_COLUMNS.items():
        for col in cols:
            assert col in COLUMNS, (table, col)
            lab = COLUMNS[col]
            assert lab.ko and lab.en and lab.desc_ko and lab.desc_en, col
            assert lab.kind in KINDS, (col, lab.kind)
            assert re.search("[가-힣]", lab.ko) or col in ("sha256",), col


def test_every_column_of_the_fixture_is_labelled(shared_results):
    tables = {"sectors": shared_results.sectors, "products": shared_results.products,
              "shocks": shared_results.shocks, "drivers": shared_results.drivers,
              "uncertainty": shared_results.uncertainty, "flags": shared_results.flags,
              "monthly": shared_results.monthly, "scenarios": shared_results.scenarios}
    unknown = {(t, c) for t, df in tables.items() for c in df.columns if c not in COLUMNS}
    assert unknown == {("sectors", "extra_engine_column")}


@pytest.mark.parametrize("module, names", [
    ("exposure.scoring", ["SECTOR_COLUMNS", "DRIVER_COLUMNS", "ITEM_COLUMNS"]),
    ("exposure.scenarios", ["SHOCK_COLUMNS"]),
    ("exposure.uncertainty", ["UNCERTAINTY_COLUMNS", "SENSITIVITY_COLUMNS", "SWEEP_COLUMNS"]),
    ("exposure.linkage", ["FLAG_COLUMNS"]),
    ("exposure.indicators", ["COLUMNS"]),
])
def test_the_engines_columns_are_in_the_dictionary(module, names):
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:  # the engine module is not there yet
        pytest.skip(f"{module} not importable: {exc}")
    for name in names:
        cols = getattr(mod, name, None)
        if cols is None:
            pytest.skip(f"{module}.{name} not defined")
        missing = [c for c in cols if c not in COLUMNS]
        assert not missing, f"{module}.{name}: add Korean/English labels for {missing} to exposure/report/labels.py"


def test_schema_descriptions_are_used():
    col = SECTOR_PROFILE.column("sme_share_basis")
    assert COLUMNS["sme_share_basis"].desc_ko == col.description_ko
    item = EXPORT_ITEMS.column("item_name_ko")
    assert (COLUMNS["item_name_ko"].ko, COLUMNS["item_name_ko"].desc_en) == (item.description_ko, item.description_en)


def test_headers_are_unique_and_unknown_columns_keep_their_name():
    assert headers(["sector_name", "sector_name_ko"], "ko") == ["업종명", "업종명 (sector_name_ko)"]
    assert header("some_new_column", "ko") == "some_new_column"
    assert number_format("some_new_usd", "ko") == "#,##0"


def test_korean_change_format_uses_a_triangle_for_negatives():
    assert number_format("difference_usd", "ko") == '#,##0;"△"#,##0;0'
    assert "△" not in number_format("difference_usd", "en")
    assert number_format("target_share", "ko") == "0.0%"
    assert number_format("import_usd", "en") == "#,##0"


def test_sheet_names_are_valid_excel_names():
    for ko, en in SHEETS.values():
        for name in (ko, en):
            assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_every_text_has_both_languages():
    for table in (labels.TEXT, labels.CHART, labels.PARAMS):
        for key, (ko, en) in table.items():
            assert ko and en, key


def test_every_config_parameter_is_described():
    from exposure.config import Config

    missing = [name for name in Config.field_names() if name not in labels.PARAMS]
    assert not missing, f"describe {missing} in exposure/report/labels.py PARAMS (README parameter table)"
