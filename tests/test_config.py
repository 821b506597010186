"""Config: defaults of DESIGN §4–§8, building from mappings/TOML, and errors naming the bad key."""

from __future__ import annotations

import pytest

from exposure.config import Config
from exposure.errors import ConfigError


def test_defaults_are_the_design_thresholds():
    cfg = Config()
    assert cfg.target == "JPN" and cfg.reporter == "KOR"
    assert cfg.share_bands == (0.5, 0.7, 0.8, 0.9)  # EWS watch, KIET, KITA, HRI/FKI
    assert cfg.hhi_concentrated == 0.4
    assert (cfg.persistence_window, cfg.persistence_min_years) == (3, 2)
    assert cfg.rank_by == "sme_export_at_risk_usd"


def test_from_mapping_accepts_cli_spellings_and_lists():
    cfg = Config.from_mapping({"target": "CHN", "share-bands": [0.6, 0.9], "scenarios": "catch-all, full-embargo",
                               "composite_weights": {"exposure_rate": 1.0}})
    assert cfg.target == "CHN"
    assert cfg.share_bands == (0.6, 0.9)
    assert cfg.scenarios == ("catch-all", "full-embargo")
    assert cfg.weights_map == {"exposure_rate": 1.0}


def test_unknown_key_is_named_with_the_valid_ones():
    with pytest.raises(ConfigError) as info:
        Config.from_mapping({"targte": "JPN"}, source="run.toml")
    msg = str(info.value)
    assert msg.startswith("run.toml: unknown key 'targte'; valid keys are: reporter, target, year,")


@pytest.mark.parametrize("changes, fragment", [
    ({"share_bands": (0.5, 1.5)}, "share_bands must lie in (0, 1], got 1.5"),
    ({"hhi_concentrated": 2.0}, "hhi_concentrated must lie in [0, 1], got 2.0"),
    ({"persistence_min_years": 4}, "persistence_min_years (4) exceeds persistence_window (3)"),
    ({"draws": -1}, "draws must be ≥ 0, got -1"),
    ({"lang": "jp"}, "lang must be 'ko' or 'en', got 'jp'"),
    ({"target": "Japan"}, "target must be an ISO3 code such as JPN, got 'Japan'"),
])
def test_bad_values_are_named(changes, fragment):
    with pytest.raises(ConfigError) as info:
        Config().replace(**changes)
    assert fragment in str(info.value)


def test_from_toml(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('target = "USA"\ndraws = 10\n', encoding="utf-8")
    cfg = Config.from_toml(path)
    assert (cfg.target, cfg.draws) == ("USA", 10)
    path.write_text("target = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="c.toml: not valid TOML"):
        Config.from_toml(path)
    with pytest.raises(ConfigError, match="config file not found"):
        Config.from_toml(tmp_path / "missing.toml")
