"""The counter-measure file format: shipped files, round trips, loading by name or path, validation."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from exposure.countermeasures import (
    KINDS,
    CounterMeasure,
    Measure,
    available,
    from_mapping,
    load,
    load_many,
    shipped,
)
from exposure.errors import ConfigError
from exposure.report.copies import export_countermeasure

THREE_ITEMS = ("2811111000", "281111", "3707901010", "370790", "3920999010", "392099", "392190")


def test_four_shipped_counter_measures_load_and_round_trip():
    assert available() == ["stockpile-90d", "diversify-chemicals", "localise-three-items", "fast-track-licences"]
    for cm in shipped():
        again = from_mapping(tomllib.loads(cm.to_toml()), source=cm.source)
        assert again == cm and again.name == cm.name
        assert cm.title("ko") != cm.name and cm.title("en") != cm.name  # both languages given
        assert cm.description_ko and cm.description_en
        for m in cm.measures:
            assert m.note_ko and m.note_en


def test_shipped_values():
    s = load("stockpile-90d")
    assert s.kinds == ("stockpile",) and s.measures[0].stock_days == 90 and s.measures[0].codes == THREE_ITEMS
    assert s.annual_rate == 0.25 and s.krw_per_usd is None and s.has_cost
    loc = load("localise-three-items").measures[0]
    assert loc.domestic_share == 0.3 and loc.codes == THREE_ITEMS
    d = load("diversify-chemicals").measures[0]
    assert d.prefixes == ("28-29", "38") and d.phi == 0.8 and d.lag_factor == 0.5
    assert d.match(["281111", "290110", "381800", "370790"]).tolist() == [True, True, True, False]
    f = load("fast-track-licences").measures[0]
    assert f.all and f.licence_delay_days == 30 and not load("fast-track-licences").has_cost


def test_an_exported_copy_loads_from_its_path_and_keeps_its_name(tmp_path):
    path = export_countermeasure("stockpile-90d", tmp_path)
    assert path == tmp_path / "stockpile-90d.toml"
    assert load(path) == load("stockpile-90d") and load(path).name == "stockpile-90d"
    assert load(str(path)).source == "stockpile-90d.toml"
    single = export_countermeasure("localise-three-items", tmp_path / "mine.toml")
    assert single.name == "mine.toml" and load(single) == load("localise-three-items")


def test_a_shipped_name_on_an_edited_file_is_made_unique(tmp_path, write):
    edited = write(tmp_path, "mine.toml", load("stockpile-90d").to_toml().replace("stock_days = 90", "stock_days = 60"))
    cm = load(edited)
    assert cm.name == "stockpile-90d [mine.toml]" and cm.measures[0].stock_days == 60


def test_unknown_counter_measure_lists_the_shipped_ones():
    with pytest.raises(ConfigError, match="unknown counter-measure 'stockpile'; shipped counter-measures are: "
                                          "stockpile-90d, diversify-chemicals"):
        load("stockpile")


def test_two_counter_measures_of_one_name_are_refused(tmp_path):
    path = export_countermeasure("stockpile-90d", tmp_path)
    assert [c.name for c in load_many(["stockpile-90d", "fast-track-licences"])] == ["stockpile-90d",
                                                                                      "fast-track-licences"]
    with pytest.raises(ConfigError, match="are both named 'stockpile-90d'"):
        load_many(["stockpile-90d", str(path)])


OK = 'name = "x"\n'
HF = '[[measures]]\nkind = "stockpile"\ncodes = ["281111"]\nstock_days = 30\n'


@pytest.mark.parametrize("body, match", [
    (OK + 'colour = "red"\n' + HF,
     r"bad.toml: unknown key 'colour'; valid keys are: name, name_ko, name_en, description_ko, description_en, "
     r"cost_krw, annual_rate, holding_days, krw_per_usd, measures"),
    (OK + '[[measures]]\nkind = "stockpile"\ncodes = ["281111"]\nstock_days = 30\ndays = 3\n',
     r"bad.toml: measure 1: unknown key 'days'; valid keys are: name, kind, codes, prefixes, exclude, all, "
     r"stock_days, phi"),
    (OK + HF + '[[measures]]\nname = "hf"\nkind = "stockpile"\ncodes = ["281111"]\nphi = 0.5\n',
     r"bad.toml: measure 2 \('hf'\): key 'phi' does not belong to a stockpile measure; a stockpile measure "
     r"takes: stock_days"),
    (OK + '[[measures]]\ncodes = ["281111"]\n', r"measure 1: 'kind' is required; valid kinds are: stockpile, "
                                               r"diversify, localise, fast_track"),
    (OK + '[[measures]]\nkind = "subsidy"\nall = true\n', r"measure 1: kind 'subsidy' is not known; valid kinds"),
    (OK + '[[measures]]\nkind = "stockpile"\nall = true\n', r"measure 1: a stockpile measure needs 'stock_days'"),
    (OK + '[[measures]]\nkind = "localise"\nall = true\ndomestic_share = 1.5\n',
     r"measure 1: domestic_share must lie in \[0, 1\], got 1.5"),
    (OK + '[[measures]]\nkind = "diversify"\nall = true\n',
     r"a diversify measure needs at least one of phi, phi_add, lag_days, lag_factor"),
    (OK + '[[measures]]\nkind = "diversify"\nall = true\nphi = 0.5\nphi_add = 0.1\n',
     r"give 'phi' \(a new value\) or 'phi_add', not both"),
    (OK + '[[measures]]\nkind = "diversify"\nall = true\nlag_factor = 2.0\n',
     r"lag_factor must lie in \(0, 1\], got 2"),
    (OK + '[[measures]]\nkind = "diversify"\nall = true\nlag_days = 0\n', r"lag_days must be > 0 days, got 0"),
    (OK + '[[measures]]\nkind = "fast_track"\nall = true\nlicence_delay_days = -5\n',
     r"licence_delay_days must be ≥ 0 days, got -5"),
    (OK + '[[measures]]\nkind = "stockpile"\nstock_days = 30\n',
     r"measure 1: a measure needs at least one of codes, prefixes or all = true"),
    (OK + '[[measures]]\nkind = "stockpile"\ncodes = [281111]\nstock_days = 30\n',
     r"codes entry 281111 must be a quoted string"),
    (OK + '[[measures]]\nkind = "stockpile"\nprefixes = ["29-28"]\nstock_days = 30\n',
     r"prefixes range '29-28' must go from low to high"),
    (OK + '[[measures]]\nkind = "stockpile"\nprefixes = ["0-99999"]\nstock_days = 30\n',
     r"prefixes range '0-99999' must go from low to high with equal widths"),
    (OK + '[[measures]]\nkind = "stockpile"\nprefixes = ["00000-99999"]\nstock_days = 30\n',
     r"prefixes expand to 100,000 prefixes; at most 10,000"),
    (OK + '[[measures]]\nkind = "stockpile"\nall = "yes"\nstock_days = 30\n', r"all must be true or false"),
    (OK, r"bad.toml: a counter-measure needs at least one \[\[measures\]\] block"),
    (OK + 'measures = 3\n', r"'measures' must be an array of tables"),
    ('name = "a\\u0007b"\n' + HF, r"bad.toml: name holds control characters"),
    ('name = "a/b"\n' + HF, r"counter-measure name 'a/b' must be 1–80 letters, digits, spaces"),
    ('name = "' + "x" * 81 + '"\n' + HF, r"must be 1–80 letters"),
    (OK + 'description_en = "a\\u0000b"\n' + HF, r"description_en holds control characters"),
    (OK + 'cost_krw = -1\n' + HF, r"cost_krw must be ≥ 0 won, got -1"),
    (OK + 'cost_krw = nan\n' + HF, r"cost_krw must be a finite number, got nan"),
    (OK + 'cost_krw = "1억"\n' + HF, r"cost_krw must be a number"),
    (OK + 'krw_per_usd = 0\n' + HF, r"krw_per_usd must be > 0 won per dollar"),
    (OK + 'annual_rate = 1.5\n' + HF, r"annual_rate must lie in \[0, 1\]"),
    (OK + 'annual_rate = 0.1\n[[measures]]\nkind = "localise"\nall = true\ndomestic_share = 0.2\n',
     r"annual_rate is the carrying cost of a stock: it needs a stockpile measure"),
    (OK + 'holding_days = 30\n' + HF, r"holding_days is the period of the carrying cost: it needs annual_rate"),
    (OK + '[[measures]]\nkind = "stockpile"\nall = true\nstock_days = inf\n',
     r"stock_days must be a finite number, got inf"),
])
def test_validation_messages_name_the_file_the_measure_and_the_key(tmp_path, write, body, match):
    with pytest.raises(ConfigError, match=match):
        load(write(tmp_path, "bad.toml", body))


def test_files_that_are_not_counter_measures(tmp_path, write):
    with pytest.raises(ConfigError, match="missing.toml: counter-measure file not found"):
        load(tmp_path / "missing.toml")
    cp949 = tmp_path / "cp949.toml"
    cp949.write_bytes('name = "비축"\n'.encode("cp949") + HF.encode())
    with pytest.raises(ConfigError, match="cp949.toml: line 1: the counter-measure file is not UTF-8.*CP949"):
        load(cp949)
    with pytest.raises(ConfigError, match="broken.toml: not valid TOML"):
        load(write(tmp_path, "broken.toml", "name = \n"))
    bom = tmp_path / "bom.toml"
    bom.write_bytes("\ufeff".encode() + (OK + HF).encode())
    assert load(bom).name == "x"


def test_name_defaults_to_the_file_stem_and_texts_fall_back(tmp_path, write):
    cm = load(write(tmp_path, "my-stock.toml", 'name_en = "My stock"\n' + HF))
    assert cm.name == "my-stock" and cm.title("ko") == "My stock" and cm.title("en") == "My stock"
    assert cm.measures[0].label == "(stockpile)" and cm.summary()["kinds"] == "stockpile"


def test_every_kind_round_trips_with_every_key():
    cm = CounterMeasure("all-keys", (
        Measure("stockpile", name="s", codes=("281111",), exclude=("2811119",), stock_days=45.5, note_ko="가",
                note_en="a"),
        Measure("diversify", prefixes=("28-29",), phi_add=0.2, lag_days=60.0),
        Measure("diversify", all=True, phi=0.9, lag_factor=0.25),
        Measure("localise", codes=("370790",), domestic_share=0.4),
        Measure("fast_track", all=True, licence_delay_days=0.0)),
        name_ko="모두", name_en="everything", description_ko="설명 \"따옴표\"", description_en="d\\e",
        cost_krw=1.5e9, annual_rate=0.05, holding_days=365.0, krw_per_usd=1100.3)
    assert from_mapping(tomllib.loads(cm.to_toml())) == cm
    assert set(cm.kinds) == set(KINDS)


def test_a_measure_that_selects_no_product_is_said():
    from exposure.countermeasures.model import from_mapping
    from exposure.countermeasures.tables import idle_measure_warnings

    cm = from_mapping({"name": "t", "measures": [
        {"name": "typo", "kind": "stockpile", "codes": ["9999999999"], "stock_days": 90},
        {"name": "hf", "kind": "stockpile", "codes": ["2811111000"], "stock_days": 90},
        {"name": "every", "kind": "localise", "all": True, "domestic_share": 0.1}]})
    got = idle_measure_warnings([cm], pd.Series(["2811111000", "3707901010"]))
    assert len(got) == 1 and "counter-measure 't': measure 'typo' selects no product of the run (codes 9999999999): " \
                              "it removes nothing" in got[0]


def test_a_stock_of_more_days_than_ten_years_is_refused():
    from exposure.countermeasures.model import from_mapping

    with pytest.raises(ConfigError, match=r"stock_days must be at most 3650 days \(ten years\), got 1e\+12"):
        from_mapping({"name": "t", "measures": [{"kind": "stockpile", "codes": ["2811111000"],
                                                  "stock_days": 1e12}]})
