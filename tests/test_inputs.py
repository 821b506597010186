"""Inputs: the files of a run from options or a config file (exposure.inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exposure.errors import ConfigError
from exposure.inputs import MAPPING_KINDS, Inputs


def test_paths_in_a_config_file_are_relative_to_it(tmp_path):
    cfg = tmp_path / "sub" / "run.toml"
    cfg.parent.mkdir()
    cfg.write_text('imports = ["a.csv", "/abs/b.csv"]\nio = "io.csv"\nmapping = { imports = "m.toml" }\n'
                   'world-exports = ["w.zip"]\ncode = "2811111000"\ndraws = 5\n', encoding="utf-8")
    inp = Inputs.from_toml(cfg, others=("draws",))  # draws is Config's
    assert inp.imports == [cfg.parent / "a.csv", Path("/abs/b.csv")]
    assert inp.io == [cfg.parent / "io.csv"] and inp.world_exports == [cfg.parent / "w.zip"]
    assert inp.mappings == {"imports": cfg.parent / "m.toml"} and inp.code == "2811111000"
    # the command line wins; its paths stay relative to the working folder
    over = Inputs.from_toml(cfg, {"imports": (Path("c.csv"),), "mappings": ("io=x.toml",)}, others=("draws",))
    assert over.imports == [Path("c.csv")]
    assert over.mappings == {"imports": cfg.parent / "m.toml", "io": Path("x.toml")}


@pytest.mark.parametrize("data, fragment", [
    ({"mappings": ["bogus=x.toml"]}, "mapping kind 'bogus' is not known; valid kinds are: " + ", ".join(MAPPING_KINDS)),
    ({"mappings": ["imports="]}, "expected KIND=FILE"),
    ({"imports": 5}, "imports = 5: expected a list of file paths"),
    ({"code": "28111"}, "code '28111': expected an HS or HSK product code of 2, 4, 6 or 10 digits"),
    ({"code": 2811111000}, "code = 2811111000: expected a quoted string"),
    ({"profil": "x.csv"}, "unknown key 'profil'"),
])
def test_bad_input_options_are_named(data, fragment):
    with pytest.raises(ConfigError) as info:
        Inputs.from_mapping(data, source="run.toml")
    assert fragment in str(info.value)


def test_demo_fills_only_the_roles_not_given(tmp_path):
    mine = tmp_path / "io.csv"
    inp = Inputs(io=mine).with_demo_defaults()
    assert inp.io == [mine] and inp.imports == Inputs.demo().imports and inp.profile == Inputs.demo().profile
    assert Inputs(imports=[tmp_path / "a.csv"]).with_demo_defaults().profile is None
    roles = [r for r, _ in Inputs.demo().files()]
    assert roles == ["imports", "exports", "profile", "io"]


def test_a_settings_file_is_read_by_both_readers_and_nothing_is_left_over(tmp_path):
    from exposure.config import read_settings

    cfg = tmp_path / "run.toml"
    cfg.write_text('imports = ["a.csv"]\ndraws = 5\nout = "rep"\n', encoding="utf-8")
    config, inputs = read_settings(cfg)
    assert config.draws == 5 and inputs.imports == [tmp_path / "a.csv"]
    # read alone, the file's analysis parameters are not Inputs' keys
    with pytest.raises(ConfigError, match="unknown keys 'draws', 'out'; valid keys are: code, "):
        Inputs.from_toml(cfg)
    cfg.write_text('imports = ["a.csv"]\nimprots = ["b.csv"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'improts' \\(did you mean 'imports'\\?\\)"):
        read_settings(cfg)
