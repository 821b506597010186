"""Runs that would mean nothing are refused; runs that still mean something warn (exposure.checks)."""

from __future__ import annotations

import pandas as pd
import pytest

from exposure import run
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.inputs import Inputs


def test_the_target_cannot_be_the_reporter():
    with pytest.raises(ConfigError, match="target KOR is the reporter itself"):
        run(Inputs.demo(), Config(target="KOR", scenarios=("full-embargo",)))


def test_a_target_absent_from_the_imports_is_named_with_the_partners_present():
    with pytest.raises(DataError, match=r"no imports from the target ATA in the import file\(s\); partners present"):
        # without the demo's tables of exports to Japan, which a run on another target refuses first
        run(Inputs(imports=Inputs.demo().imports, io=Inputs.demo().io), Config(target="ATA", scenarios=("full-embargo",)))


def test_a_demand_scenario_without_exports_to_the_target(tmp_path):
    demo = Inputs.demo()
    # the demo profile without its column of exports to Japan (대일 수출액), and no top-100 table
    profile = pd.read_csv(demo.profile, encoding="utf-8-sig", dtype=str).drop(columns="대일 수출액(백만달러)")
    path = tmp_path / "profile.csv"
    profile.to_csv(path, index=False, encoding="utf-8-sig")
    no_xt = Inputs(imports=demo.imports, io=demo.io, profile=path)
    with pytest.raises(DataError, match="scenario export-retaliation is demand-side .* needs each sector's exports"):
        run(no_xt, Config(scenarios=("export-retaliation",)))
    res = run(no_xt, Config(scenarios=("full-embargo", "export-retaliation")))
    assert any("export-retaliation" in w and "left unscored" in w for w in res.warnings)
    assert "run_warning" in set(res.flags["kind"])


def test_a_run_that_puts_nothing_at_risk(tmp_path):
    scen = tmp_path / "none.toml"
    scen.write_text('name = "none"\n[[rules]]\ncodes = ["9999999999"]\ncoverage = 1\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"every sector's value at risk is 0 under every scenario \(none\)"):
        run(Inputs.demo(), Config(scenarios=(str(scen),)))
    res = run(Inputs.demo(), Config(scenarios=(str(scen), "2019-three-items")))
    assert res.warnings == ["scenario none puts no value at risk in any sector: its rules match none of the products "
                            "imported from JPN"]


def test_export_items_of_another_year_are_said():
    from exposure.checks import years_apart

    items = pd.DataFrame({"year": [2018, 2018], "item_code": ["831", "836"]})
    assert years_apart(items, 2019) == ["the export items are for 2018 and the imports for 2019: the items' exports "
                                        "are used as they are, not moved to the imports' year"]
    assert years_apart(items, 2018) == [] and years_apart(None, 2019) == []


def test_rules_that_match_but_lose_nothing_within_the_horizon_are_told_apart(tmp_path):
    # HF with 30 days of stock over a half-day horizon: the rule matches, nothing is lost yet
    scen = tmp_path / "short.toml"
    scen.write_text('name = "short"\nhorizon_days = 0.5\n[[rules]]\ncodes = ["2811111000"]\ncoverage = 1\n'
                    'buffer_days = 30\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"their rules match 1 product\(s\), but no supply is lost within the horizon of "
                                        r"0.5 days"):
        run(Inputs.demo(), Config(scenarios=(str(scen),)))
    res = run(Inputs.demo(), Config(scenarios=(str(scen), "2019-three-items")))
    assert res.warnings == ["scenario short puts no value at risk in any sector: its rules match 1 product(s), but no "
                            "supply is lost within the horizon of 0.5 days"]


def _profile_with(tmp_path, edit) -> Inputs:
    demo = Inputs.demo()
    profile = pd.read_csv(demo.profile, encoding="utf-8-sig", dtype=str)
    profile["업종코드"] = profile["업종코드"].map(edit)
    path = tmp_path / "profile.csv"
    profile.to_csv(path, index=False, encoding="utf-8-sig")
    return Inputs(imports=demo.imports, io=demo.io, profile=path)


def test_sector_codes_spelled_in_lower_case_are_read_as_the_table_s(tmp_path):
    demo = Inputs.demo()
    as_given = run(Inputs(imports=demo.imports, io=demo.io, profile=demo.profile), Config(scenarios=("2019-three-items",)))
    lower = run(_profile_with(tmp_path, str.lower), Config(scenarios=("2019-three-items",)))
    assert any(w.startswith("the SME profile spells 36 sector code(s) otherwise than the input–output table (d01t03 "
                            "→ D01T03, ") for w in lower.warnings)
    cols = ["sector", "sme_share", "sme_export_at_risk_usd"]
    assert lower.sectors[cols].equals(as_given.sectors[cols])
    assert lower.sectors["sme_export_at_risk_usd"].gt(0).any()  # scored, not left blank


def test_a_profile_of_other_sector_codes_is_refused(tmp_path):
    from exposure.report.error_text import error_text

    with pytest.raises(DataError) as err:
        run(_profile_with(tmp_path, lambda c: "X" + c[1:]), Config(scenarios=("2019-three-items",)))
    assert str(err.value) == ("profile.csv: no sector code of the SME profile is a sector of the input–output table "
                              "(profile: X01T03, X05T06, X07T08, X09, X10T12; table: D01T03, D05T06, D07T08, D09, "
                              "D10T12): expected the table's sector codes")
    assert error_text(err.value, "ko").startswith("profile.csv: 중소기업 프로필의 업종 코드 중 산업연관표의 업종인 것이 없음")


def test_a_setting_a_scenario_overrides_is_said():
    res = run(Inputs.demo(), Config(scenarios=("2019-three-items",), horizon_days=365.0))
    assert ("horizon_days = 365 in the settings applies to scenarios that set none; 2019-three-items (180) set their "
            "own: to change it, edit a copy of the scenario (exposure scenarios export NAME)") in res.warnings
    assert res.sectors["horizon_days"].unique().tolist() == [180.0]  # the scenario's own horizon, as the warning says
    plain = run(Inputs.demo(), Config(scenarios=("2019-three-items",)))
    assert not [w for w in plain.warnings if "in the settings applies" in w]
