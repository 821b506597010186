"""Labels of the report: every output column's header and description in Korean and English, from the schema."""

from __future__ import annotations

import re

from exposure.report import labels
from exposure.report.labels import NUMBER_FORMATS, SHEETS, header, headers, number_format
from exposure.schema import CATALOGUE, EXPORT_ITEMS, OUTPUTS, SECTOR_PROFILE

KINDS = set(NUMBER_FORMATS) | {"usd_change", "text", "bool"}


def test_every_output_column_has_both_languages_and_a_known_kind():
    for table, spec in OUTPUTS.items():
        for col in spec.columns:
            assert col.label_ko and col.label_en and col.description_ko and col.description_en, (table, col.name)
            assert col.kind in KINDS | {"days"}, (col.name, col.kind)
            assert re.search("[가-힣]", col.label_ko) or col.name in ("sha256",), col.name


def test_money_headers_state_their_unit_and_period():
    for name, col in CATALOGUE.items():
        if col.kind == "usd" and name in {c for s in OUTPUTS.values() for c in s.names}:
            assert "USD" in col.label_en and "달러" in col.label_ko, name
    for name in ("export_at_risk_usd", "sme_export_at_risk_usd", "shortfall_usd", "demand_at_risk_usd"):
        assert "over the horizon" in CATALOGUE[name].label_en and "분석 기간" in CATALOGUE[name].label_ko
    for name in ("export_at_risk_usd_per_year", "shortfall_usd_per_year"):
        assert "per year" in CATALOGUE[name].label_en and "년" in CATALOGUE[name].label_ko
    assert "a year" in CATALOGUE["target_import_usd"].label_en  # annual trade


def test_labels_come_from_the_schema_and_input_descriptions_are_used():
    assert header("export_at_risk_usd", "ko") == CATALOGUE["export_at_risk_usd"].label_ko
    col = SECTOR_PROFILE.column("sme_share_basis")
    assert col.description_ko and CATALOGUE["sme_share_basis"].label_ko == "중소기업 비중 기준"
    item = EXPORT_ITEMS.column("item_name_ko")
    assert item.name in CATALOGUE


def test_headers_are_unique_and_unknown_columns_keep_their_name():
    assert headers(["sector_name_ko", "item_name_ko"], "ko") == ["업종명", "품목명"]
    assert headers(["note", "notes"], "ko") == ["비고", "비고 (notes)"]
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


def test_korean_labels_and_descriptions_hold_no_english_word():
    from exposure.report.translate import english_words

    bad = {name: english_words(text) for name, col in CATALOGUE.items()
           for text in (col.label_ko, col.description_ko) if english_words(text)}
    assert not bad, f"write these Korean labels in Korean (codes in 'quotes'): {bad}"
    for table in (labels.TEXT, labels.CHART):
        for key, (ko, _en) in table.items():
            assert not english_words(re.sub(r"\{[^}]*\}", "", ko)), (key, ko)  # placeholders are not text
