"""The scenario file format (exposure.scenarios.model): shipped tiers, loading, validation, hygiene."""

from __future__ import annotations

import tomllib

import pytest

from exposure import scenarios
from exposure.config import Config
from exposure.errors import ConfigError
from exposure.scenarios import apply, load


# --------------------------------------------------------------------------- shipped tiers
def test_five_shipped_tiers_load_and_round_trip():
    assert scenarios.available() == ["2019-three-items", "white-list-removal", "catch-all", "full-embargo",
                                     "export-retaliation"]
    for name in scenarios.available():
        s = load(name)
        assert s.name == name and s.description_ko and s.description_en
        again = scenarios.from_mapping(tomllib.loads(s.to_toml()), source="exported")
        assert again == s
    assert load("export-retaliation").kind == "demand"
    assert load("full-embargo").target is None  # works for any target


def test_exported_copy_loads_from_a_path(tmp_path, write):
    text = load("catch-all").to_toml()
    path = write(tmp_path, "my-catch-all.toml", text.replace('name = "catch-all"', 'name = "mine"'))
    s = load(path)
    assert s.name == "mine" and s.rules == load("catch-all").rules


def test_three_items_on_hsk10_and_hs6_imports(products):
    cfg = Config()
    hsk = products(["2811111000", "2811119000", "3707901010", "3920999010", "8486201000"], system="HSK10")
    out = apply(load("2019-three-items"), hsk, cfg)
    assert out["coverage"].tolist() == [1.0, 0.0, 1.0, 1.0, 0.0]
    hs6 = products(["281111", "370790", "392099", "392190", "848620"])
    out6 = apply(load("2019-three-items"), hs6, cfg)
    assert out6["coverage"].tolist() == [0.914, 0.751, 0.052, 0.052, 0.0]
    assert out6["rule"].tolist()[:2] == ["hydrogen fluoride (HS6)", "photoresist (HS6)"]
    assert out6["rule"].iloc[-1] == ""


def test_tiers_escalate(products):
    prods = products(["281111", "290110", "848620", "870899", "030211", "854231"])
    cov = {n: apply(load(n), prods, Config())["coverage"].to_numpy() for n in scenarios.available()[:4]}
    assert (cov["white-list-removal"] >= cov["2019-three-items"]).all()
    assert (cov["catch-all"] >= cov["white-list-removal"]).all()
    assert (cov["full-embargo"] == 1).all()
    assert cov["catch-all"][4] == 0  # fish (chapter 03) is outside the catch-all chapters
    assert cov["catch-all"][3] == 0.05 and cov["white-list-removal"][3] == 0  # car parts: catch-all only
    assert cov["white-list-removal"][2] == 0.3  # semiconductor equipment heading beats chapter 84


# --------------------------------------------------------------------------- validation
def test_unknown_key_names_it_and_lists_valid_keys(tmp_path, write):
    p = write(tmp_path, "bad.toml", 'name = "x"\nhorizon = 90\n[[rules]]\nall = true\ncoverage = 1\n')
    with pytest.raises(ConfigError) as e:
        load(p)
    msg = str(e.value)
    assert "'horizon'" in msg and "valid keys are:" in msg and "horizon_days" in msg and "buffer_days" in msg
    p = write(tmp_path, "bad2.toml", 'name = "x"\n[[rules]]\nname = "hf"\nall = true\ncoverag = 1\n')
    with pytest.raises(ConfigError, match=r"rule 1 \('hf'\): unknown key 'coverag' \(did you mean 'coverage'\?\); valid keys are: "):
        load(p)


@pytest.mark.parametrize("body, match", [
    ("[[rules]]\nall = true\ncoverage = 1.5\n", r"coverage must lie in \[0, 1\], got 1.5"),
    ("phi = -0.1\n[[rules]]\nall = true\ncoverage = 1\n", r"phi must lie in \[0, 1\]"),
    ("lag_days = 0\n[[rules]]\nall = true\ncoverage = 1\n", "lag_days must be > 0"),
    ("buffer_days = -3\n[[rules]]\nall = true\ncoverage = 1\n", "buffer_days must be ≥ 0"),
    ("horizon_days = 0\n[[rules]]\nall = true\ncoverage = 1\n",
     r"horizon_days must be > 0 and at most 3650 days \(ten years\), got 0"),
    ("horizon_days = 100000\n[[rules]]\nall = true\ncoverage = 1\n", r"at most 3650 days \(ten years\), got 100000"),
    ("[[rules]]\ncodes = [281111]\ncoverage = 1\n", "must be a quoted string"),
    ("[[rules]]\nprefixes = [\"81-72\"]\ncoverage = 1\n", "range '81-72'"),
    ("[[rules]]\ncondition = \"share >= 0.5\"\ncoverage = 1\n", "unknown column 'share'; valid columns are: .*target_share"),
    ("[[rules]]\ncondition = \"target_share >> 0.5\"\ncoverage = 1\n", "expected 'column op value'"),
    ("[[rules]]\nname = \"x\"\ncoverage = 1\n", "needs at least one of codes, prefixes, condition or all"),
    ("[[rules]]\nall = true\n", "'coverage' is required"),
    ("kind = \"both\"\n[[rules]]\nall = true\ncoverage = 1\n", "kind 'both' is not known; valid kinds are: supply, demand"),
    ("kind = \"demand\"\n[[rules]]\ncodes = [\"281111\"]\ncoverage = 1\n", "demand-side rules select sectors"),
    ("target = \"Japan\"\n[[rules]]\nall = true\ncoverage = 1\n", "target must be an ISO3 code"),
    ("", "needs at least one"),
    ("[[rules]]\nall = true\ncoverage = 1\nend_use = { D26 = 0.7, D27 = 0.5 }\n", "end_use shares sum to 1.2"),
    ("[[rules]]\nall = true\ncoverage = 1\nend_use = \"D26\"\n", "end_use must be a table of sector = share"),
])
def test_validation_messages(tmp_path, body, match, write):
    with pytest.raises(ConfigError, match=match):
        load(write(tmp_path, "s.toml", body))


def test_unknown_scenario_lists_the_shipped_ones(tmp_path, write):
    with pytest.raises(ConfigError, match="unknown scenario 'white-list'; shipped scenarios are: 2019-three-items"):
        load("white-list")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(write(tmp_path, "broken.toml", "name = \n"))
    with pytest.raises(ConfigError, match="scenario file not found"):
        load(tmp_path / "missing.toml")


def test_extends_cycle_is_refused(tmp_path):
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(f'name = "a"\nextends = "{b}"\n[[rules]]\nall = true\ncoverage = 1\n', encoding="utf-8")
    b.write_text(f'name = "b"\nextends = "{a}"\n[[rules]]\nall = true\ncoverage = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cycle"):
        load(a)




# --------------------------------------------------------------------------- hygiene of files
def test_names_shown_to_readers_and_their_inheritance():
    three = load("2019-three-items")
    assert three.title("ko") == "2019년 3개 품목 수출규제" and three.title("en") == "2019 controls on three items"
    white = load("white-list-removal")  # extends three-items but names itself
    assert white.title("ko") == "화이트리스트 제외"
    plain = scenarios.from_mapping({"name": "mine", "extends": "2019-three-items"}, source="mine.toml")
    assert plain.title("ko") == "mine" and plain.description_ko == three.description_ko


@pytest.mark.parametrize("body, match", [
    ("buffer_days = inf\n[[rules]]\nall = true\ncoverage = 1\n", "buffer_days must be a finite number"),
    ("[[rules]]\nall = true\ncoverage = nan\n", "coverage must be a finite number"),
    ("[[rules]]\nall = true\ncoverage = 1\nlag_days = -inf\n", "lag_days must be a finite number"),
    ("licence_delay_days = -1\n[[rules]]\nall = true\ncoverage = 1\n", "licence_delay_days must be ≥ 0"),
    ("name = \"a\\u0007b\"\n[[rules]]\nall = true\ncoverage = 1\n", "name holds control characters"),
    ("name = \"" + "x" * 81 + "\"\n[[rules]]\nall = true\ncoverage = 1\n", "must be 1–80 letters"),
    ("name = 5\n[[rules]]\nall = true\ncoverage = 1\n", "name must be a quoted string"),
    ("[[rules]]\nprefixes = [\"0000-9999\", \"10000-19999\"]\ncoverage = 1\n", "expand to 20,000 prefixes"),
    ("[[rules]]\nall = true\ncoverage = 1\nnote = \"a\\u001bb\"\n", "note holds control characters"),
])
def test_hostile_values_are_refused(tmp_path, body, match, write):
    with pytest.raises(ConfigError, match=match):
        load(write(tmp_path, "s.toml", body))


def test_encodings_of_scenario_files(tmp_path):
    text = 'name = "불화수소"\n[[rules]]\ncodes = ["281111"]\ncoverage = 1\n'
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load(bom).name == "불화수소"
    cp949 = tmp_path / "cp949.toml"
    cp949.write_bytes(text.encode("cp949"))
    with pytest.raises(ConfigError, match=r"cp949.toml: line 1: the scenario file is not UTF-8 .* looks like CP949"):
        load(cp949)
    with pytest.raises(ConfigError, match="not a regular file"):
        load(tmp_path)
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="deep.toml"):
        load(deep)


def test_a_shipped_name_on_an_edited_file_is_made_unique(tmp_path):
    exported = tmp_path / "full-embargo.toml"
    exported.write_text(load("full-embargo").to_toml(), encoding="utf-8")
    assert load(exported).name == "full-embargo"  # an unedited copy is the same scenario
    edited = tmp_path / "mine.toml"
    edited.write_text(load("full-embargo").to_toml().replace("coverage = 1", "coverage = 0.5"), encoding="utf-8")
    s = load(edited)
    assert s.name == "full-embargo [mine.toml]" and s.rules[0].coverage == 0.5


def test_extends_chains_are_bounded(tmp_path):
    prev = "2019-three-items"
    for i in range(20):
        p = tmp_path / f"s{i}.toml"
        p.write_text(f'name = "s{i}"\nextends = "{prev}"\n', encoding="utf-8")
        prev = str(p)
    with pytest.raises(ConfigError, match="'extends' chain longer than 16 scenarios"):
        load(prev)


# --------------------------------------------------------------------------- codes and conditions as people write them
def test_rule_codes_copied_from_tariff_schedules_are_normalised_like_the_imports(tmp_path, write, products):
    p = write(tmp_path, "s.toml", '[[rules]]\nname = "hf"\ncodes = ["2811.11-1000", " 3707.90 ", "3920999010", '
                                  '"2811111000"]\ncoverage = 1\n')
    s = load(p)
    assert s.rules[0].codes == ("2811111000", "370790", "3920999010")  # the repeat of 2811111000 is dropped
    hsk = products(["2811111000", "2811119000", "370790"], system="HSK10")
    assert apply(s, hsk, Config())["coverage"].tolist() == [1.0, 0.0, 1.0]


@pytest.mark.parametrize("code", ["2811.11-10", "28111", "2811111000x", "HF", "", "28111110001"])
def test_a_rule_code_that_is_no_code_is_refused_naming_the_file_and_rule(tmp_path, write, code):
    p = write(tmp_path, "s.toml", f'[[rules]]\nname = "hf"\ncodes = ["281111", "{code}"]\ncoverage = 1\n')
    with pytest.raises(ConfigError) as info:
        load(p)
    assert str(info.value) == (f"s.toml: rule 1 ('hf'): codes entry {code!r} is not a product code: expected an HS or "
                               f"HSK code of 2, 4, 6 or 10 digits, quoted, with its leading zeros (dots, hyphens and "
                               f"spaces are ignored: \"2811.11-1000\" is 2811111000)")


def test_a_quoted_number_in_a_condition_is_refused_naming_the_file_and_rule(tmp_path, write):
    text = load("2019-three-items").to_toml().replace('codes = ["2811111000"]',
                                                       'condition = "target_share >= \'0.5\'"', 1)
    with pytest.raises(ConfigError) as info:
        load(write(tmp_path, "s3.toml", text))
    assert str(info.value) == ("s3.toml: rule 1 ('hydrogen fluoride (HSK10)'): condition \"target_share >= '0.5'\": "
                               "target_share is a number, got the text '0.5'; write the number without quotes: "
                               "target_share >= 0.5")
    p = write(tmp_path, "code.toml", '[[rules]]\nname = "hf"\ncondition = "code == 281111"\ncoverage = 1\n')
    with pytest.raises(ConfigError) as info:
        load(p)
    assert str(info.value) == ("code.toml: rule 1 ('hf'): condition 'code == 281111': code is text, got the number "
                               "281111; quote it: code == '281111'")


def test_a_scenario_target_in_small_letters_is_the_iso3_code():
    data = tomllib.loads('name = "mine"\ntarget = "jpn"\n[[rules]]\nname = "hf"\ncodes = ["2811111000"]\ncoverage = 1\n')
    assert scenarios.from_mapping(data, source="mine.toml").target == "JPN"
