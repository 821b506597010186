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
    assert msg.startswith("run.toml: unknown key 'targte' (did you mean 'target'?); valid keys are: reporter, target, year,")


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


# --------------------------------------------------------------------------- types and the front door
@pytest.mark.parametrize("body, fragment", [
    ('draws = "100"\n', "run.toml: draws = '100': expected a whole number (without quotes)"),
    ('use_overrides = "no"\n', "run.toml: use_overrides = 'no': expected true or false (a TOML boolean, without quotes)"),
    ('format = "docx"\n', "run.toml: formats: unknown format 'docx'; valid formats are: xlsx, csv, parquet, png, svg, "
                          "pdf, pdf-brief"),
    ('lang = "jp"\n', "lang must be 'ko' or 'en', got 'jp'"),
    ('sigma = -1\n', "sigma must be ≥ 0"),
    ('production = "cobb"\n', "production 'cobb' is not known; valid choices are: linear, ces, leontief"),
    ('horizon_days = inf\n', "horizon_days = inf: expected a finite number"),
    ('horizon_days = 0\n', "horizon_days must be > 0 and at most 3650 days (ten years), got 0.0"),
    ('share_bands = ["0.5", 0.9]\n', "share_bands[0] = '0.5': expected a number"),
    ('fx = { krw = 1100 }\n', "currency 'krw' must be an ISO 4217 code such as KRW"),
    ('fx = { KRW = 0 }\n', "KRW must be a positive number of KRW per USD"),
    ('draws = 1000000\n', "draws = 1,000,000 is more than the 100,000 a run accepts"),
    ('rank_by = "composite"\ncomposite_weights = [["exposure_rate", 0.4], ["exposure_rate", 0.0]]\n',
     "run.toml: composite_weights gives 'exposure_rate' more than once: expected one weight a component"),
    ('noise_item = 1e6\n', "run.toml: noise_item is the items' spread as a fraction of their group's and must lie "
                           "in [0, 1], got 1000000.0"),
    ('noise = { coverage = 5.0 }\n', "run.toml: noise['coverage'] = 5.0 is the sd of a log factor and must be at most 2"),
    ('target = "XXX"\n', "run.toml: target 'XXX' is not a country code the tool knows: expected an ISO3 code such as "
                         "JPN, CHN or USA"),
    ('year = -5\n', "run.toml: year must be a calendar year such as 2019, got -5"),
    ('sector_system = "FOO"\n', "run.toml: sector_system 'FOO' is not known; valid choices are: OECD36, OECD45, WIOD56"),
    ('draws = 1\n', "run.toml: draws = 1 gives no spread: expected 0 (no Monte Carlo) or at least 2 draws"),
    ('formats = []\n', "run.toml: formats is empty: expected at least one of xlsx, csv, parquet, png, svg, pdf, "
                       "pdf-brief"),
    ('seed = -3\n', "seed must be ≥ 0, got -3"),
    ('scenario = ["catch-all", "catch-all"]\n', "scenarios: 'catch-all' is given twice"),
    ('scenario = "x"\nscenarios = "y"\n', "'scenario' and 'scenarios' are the same key"),
    ('year = 2019.5\n', "year = 2019.5: expected a whole number (without quotes) (or leave it out)"),
])
def test_config_files_are_typed_and_checked(tmp_path, body, fragment):
    path = tmp_path / "run.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Config.from_toml(path)
    assert fragment in str(info.value)


def test_values_are_coerced_to_their_types(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text('draws = 10\nphi_default = 1\nyear = 2018\nscenario = "catch-all"\nformat = "CSV,xlsx"\n'
                    'fx = { KRW = 1100 }\nnoise = { coverage = 0.1 }\nimports = ["a.csv"]\nout = "rep"\n',
                    encoding="utf-8")
    cfg = Config.from_toml(path)
    assert cfg.draws == 10 and isinstance(cfg.phi_default, float) and cfg.year == 2018
    assert cfg.scenarios == ("catch-all",) and cfg.formats == ("csv", "xlsx")
    assert cfg.fx_map == {"KRW": 1100.0} and cfg.noise_map == {"coverage": 0.1}
    # explicit options win over the file; None means "not given"
    assert Config.from_toml(path, {"draws": 3, "year": None}).draws == 3


def test_unknown_keys_list_the_keys_of_both_readers():
    with pytest.raises(ConfigError) as info:
        Config.from_mapping({"imprts": ["a.csv"]}, source="run.toml")
    assert "unknown key 'imprts'" in str(info.value) and "imports" in str(info.value) and "draws" in str(info.value)


# --------------------------------------------------------------------------- bands, windows, weights, rates, target
#: config bodies that mean nothing and the exact message each gets (the CLI tests run them through `report` too)
MEANINGLESS_SETTINGS = [
    ("share_bands = []\n", "run.toml: share_bands must list at least one band: shares in (0, 1] in increasing order, "
                           "e.g. [0.5, 0.7, 0.8, 0.9]"),
    ("share_bands = [0.9, 0.5, 0.5]\n", "run.toml: share_bands must be strictly increasing, got [0.9, 0.5, 0.5] "
                                        "(0.5 comes after 0.9); e.g. [0.5, 0.9]"),
    ("share_bands = [0.5, 0.5, 0.9]\n", "run.toml: share_bands must be strictly increasing, got [0.5, 0.5, 0.9] "
                                        "(0.5 is given twice); e.g. [0.5, 0.9]"),
    ("persistence_window = 0\npersistence_min_years = 0\n",
     "run.toml: persistence_window must be a number of years from 1 to 100, got 0"),
    ("persistence_window = -2\npersistence_min_years = -3\n",
     "run.toml: persistence_window must be a number of years from 1 to 100, got -2"),
    ("persistence_window = 1000000000\n", "run.toml: persistence_window must be a number of years from 1 to 100, "
                                          "got 1000000000"),
    ("persistence_min_years = -1\n", "run.toml: persistence_min_years must be ≥ 0 (and at most persistence_window, 3), "
                                     "got -1"),
    ("persistence_window = 2\npersistence_min_years = 3\n",
     "run.toml: persistence_min_years (3) exceeds persistence_window (2)"),
    ("dependence_thresholds = []\n", "run.toml: dependence_thresholds must list at least one threshold: shares in "
                                     "(0, 1], e.g. [0.5, 0.9]"),
    ("dependence_thresholds = [0.9, 0.5]\n", "run.toml: dependence_thresholds must be strictly increasing, got "
                                             "[0.9, 0.5] (0.5 comes after 0.9); e.g. [0.5, 0.9]"),
    ('target = "KOR"\n', 'run.toml: target KOR is the reporter itself: give the partner whose supply is at risk '
                         '(e.g. target = "JPN", --target JPN)'),
    ('target = "kor"\n', 'run.toml: target KOR is the reporter itself: give the partner whose supply is at risk '
                         '(e.g. target = "JPN", --target JPN)'),
    ('rank_by = "composite"\ncomposite_weights = { exposure_rate = 0, sme_export_at_risk_usd = 0, '
     'demand_at_risk_usd = 0 }\n',
     "run.toml: composite_weights: rank_by = 'composite' needs at least one weight > 0, got exposure_rate = 0, "
     "sme_export_at_risk_usd = 0, demand_at_risk_usd = 0 (with every weight 0 every sector scores 0 and the ranking "
     "means nothing); valid keys are: exposure_rate, export_at_risk_usd, sme_export_at_risk_usd, demand_at_risk_usd, "
     "sme_demand_at_risk_usd"),
    ('rank_by = "composite"\ncomposite_weights = {}\n',
     "run.toml: composite_weights: rank_by = 'composite' needs at least one weight > 0, got none (with every weight 0 "
     "every sector scores 0 and the ranking means nothing); valid keys are: exposure_rate, export_at_risk_usd, "
     "sme_export_at_risk_usd, demand_at_risk_usd, sme_demand_at_risk_usd"),
    ('fx = [["KRW", 1000], ["KRW", 2000]]\n',
     "run.toml: fx_rates: KRW is given two rates, 1000 and 2000 KRW per USD; give one rate per currency"),
]


@pytest.mark.parametrize("body, message", MEANINGLESS_SETTINGS)
def test_bands_windows_weights_rates_and_target_are_checked_naming_file_and_key(tmp_path, body, message):
    path = tmp_path / "run.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Config.from_toml(path)
    assert str(info.value) == message


@pytest.mark.parametrize("body", [
    "share_bands = [0.9]\n",
    "persistence_window = 1\npersistence_min_years = 0\n",  # 0 of 1 years: the persistence criterion is switched off
    "persistence_window = 5\npersistence_min_years = 5\n",
    "dependence_thresholds = [1.0]\n",
    'composite_weights = { exposure_rate = 0 }\n',  # the weights are unused unless rank_by = "composite"
    'rank_by = "composite"\ncomposite_weights = { exposure_rate = 0, demand_at_risk_usd = 0.1 }\n',
    'fx = [["KRW", 1000], ["KRW", 1000]]\n',  # the same rate twice is one rate
])
def test_edge_values_that_mean_something_are_accepted(tmp_path, body):
    path = tmp_path / "run.toml"
    path.write_text(body, encoding="utf-8")
    Config.from_toml(path)


def test_the_options_and_the_python_api_get_the_same_checks():
    import exposure
    from exposure.inputs import Inputs

    with pytest.raises(ConfigError) as info:
        Config.from_options(fx_rates=(("KRW", 1000.0), ("KRW", 2000.0)))
    assert str(info.value) == "options: fx_rates: KRW is given two rates, 1000 and 2000 KRW per USD; give one rate per currency"
    with pytest.raises(ConfigError, match=r"^config: share_bands must list at least one band"):
        Config().replace(share_bands=())
    # Config(...) built in Python is checked when a run starts, before any input is read
    for cfg, start in ((Config(share_bands=()), "config: share_bands must list at least one band"),
                       (Config(persistence_window=0, persistence_min_years=0), "config: persistence_window must be"),
                       (Config(dependence_thresholds=()), "config: dependence_thresholds must list at least one"),
                       (Config(rank_by="composite", composite_weights=(("exposure_rate", 0.0),)),
                        "config: composite_weights: rank_by = 'composite' needs at least one weight > 0"),
                       (Config(target="KOR"), "config: target KOR is the reporter itself")):
        with pytest.raises(ConfigError) as info:
            exposure.run(Inputs.demo(), cfg)
        assert str(info.value).startswith(start)


def test_iso3_codes_of_a_settings_file_are_read_in_capitals():
    config = Config.from_mapping({"reporter": "kor", "target": " jpn"})
    assert (config.reporter, config.target) == ("KOR", "JPN")
