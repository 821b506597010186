"""pipeline.run and the Python API on the demo: what Results hold and how options become inputs."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pandas as pd
import pytest

import exposure
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.pipeline import Inputs, demo_path, run


@pytest.fixture(scope="module")
def demo_results():
    return run(config=Config(scenarios=("2019-three-items", "full-embargo")))


def test_demo_path_holds_the_demo_files(demo_dir):
    assert demo_path().resolve() == demo_dir.resolve()
    roles = {role for role, _ in Inputs.demo().files()}
    assert roles == {"imports", "exports", "profile", "io"}


def test_inputs_are_recorded_with_sha256(demo_results, demo_dir):
    by_role = {f.role: f for f in demo_results.inputs}
    csv = demo_dir / "parts_imports_by_country_2017_2019.csv"
    assert by_role["imports"].sha256 == hashlib.sha256(csv.read_bytes()).hexdigest()
    assert by_role["imports"].size_bytes == csv.stat().st_size


def test_results_tables(demo_results):
    res = demo_results
    assert res.year == 2019  # the latest year in the imports
    assert set(res.sectors["scenario"]) == {"2019-three-items", "full-embargo"}
    assert len(res.sectors) == 2 * 36  # every sector listed, with a reason when there is no data
    # drivers sum to the sector totals (DESIGN §7)
    for scen, sec in res.sectors.groupby("scenario"):
        drv = res.drivers[res.drivers["scenario"] == scen].groupby("sector")["export_at_risk_usd"].sum()
        tot = sec.set_index("sector")["export_at_risk_usd"].fillna(0)
        np.testing.assert_allclose(drv.reindex(tot.index, fill_value=0).to_numpy(), tot.to_numpy(), rtol=1e-9,
                                   atol=1e-6)
    # the three-items shortfall only touches the three items
    hit = res.shocks[(res.shocks["scenario"] == "2019-three-items") & (res.shocks["shortfall_usd"] > 0)]
    assert set(hit["code"]) == {"2811111000", "3707901010", "3920999010"}
    # every load report reconciles
    for rep in res.load_reports:
        rep.check()
    assert len(res.validation()) == 4


BOUNDED = ("exposure_rate_low", "exposure_rate", "exposure_rate_high", "export_at_risk_usd_per_year",
           "sme_export_at_risk_usd_per_year")


def assert_full_embargo_bounds(res) -> None:
    """The full embargo (b = 0, φ = 0, coverage 1) is at least every other supply scenario, sector by sector,
    for the low, central and high rates and the money per year."""
    supply = res.scenarios.loc[res.scenarios["kind"] == "supply", "scenario"].tolist()
    assert "full-embargo" in supply and len(supply) > 1
    for col in BOUNDED:
        s = res.sectors[res.sectors["scenario"].isin(supply)].pivot(index="sector", columns="scenario",
                                                                      values=col).fillna(0)
        for other in supply:
            worse = s[other] > s["full-embargo"] * (1 + 1e-12) + 1e-12
            assert not worse.any(), f"{other} above the full embargo in {col}: {list(s.index[worse])}"


def test_full_embargo_bounds_every_shipped_supply_scenario_on_the_demo(tmp_path):
    res = run(config=Config(scenarios=("2019-three-items", "white-list-removal", "catch-all", "full-embargo")))
    assert_full_embargo_bounds(res)
    # also where the critical inputs hold 60 days of their own stock, under Leontief: that stock lowers
    # the three items' risk but never the bound's, whose rule sets b = 0 itself
    from exposure.codes.critical import load_critical_inputs

    stocked = tmp_path / "critical.csv"
    load_critical_inputs(None).assign(stock_days=60.0).to_csv(stocked, index=False)
    cfg = Config(scenarios=("2019-three-items", "full-embargo"), production="leontief")
    plain = run(config=cfg)
    res = run(dataclasses.replace(Inputs.demo(), critical_inputs=stocked), config=cfg)
    assert_full_embargo_bounds(res)
    d26 = lambda r, scen: r.sectors.set_index(["scenario", "sector"]).loc[(scen, "D26"), "exposure_rate"]  # noqa: E731
    assert d26(res, "2019-three-items") < d26(plain, "2019-three-items")
    assert d26(res, "full-embargo") == pytest.approx(d26(plain, "full-embargo"), rel=1e-12)


def test_ranking_and_html(demo_results):
    top = demo_results.ranking(n=3)
    assert top["rank"].tolist() == [1, 2, 3]
    assert top["sector"].iloc[0] == "D26"
    html = demo_results._repr_html_()
    assert "<table" in html and "D26" in html


def test_same_inputs_same_results():
    a = run(config=Config(draws=20, seed=3))
    b = run(config=Config(draws=20, seed=3))
    pd.testing.assert_frame_equal(a.sectors, b.sectors)
    pd.testing.assert_frame_equal(a.uncertainty, b.uncertainty)


def test_lazy_public_api():
    assert exposure.run is run
    assert exposure.Inputs is Inputs
    with pytest.raises(AttributeError):
        exposure.nope  # noqa: B018


def test_run_names_a_missing_file(tmp_path):
    with pytest.raises(DataError, match="missing.csv: file not found"):
        run(Inputs(imports=[tmp_path / "missing.csv"], io=demo_path() / "io_table_2019.xlsx"))


def test_run_needs_an_io_table(tmp_path, monkeypatch):
    with pytest.raises(DataError, match="no input–output table given"):
        run(Inputs(imports=[demo_path() / "parts_imports_by_country_2017_2019.csv"]))
    # said before any input is read: a large download takes seconds to load only to be refused
    import exposure.pipeline as pipeline

    def no_reading(*_a, **_k):
        raise AssertionError("an input was read")

    monkeypatch.setattr(pipeline, "read_inputs", no_reading)
    with pytest.raises(DataError, match="no input–output table given"):
        run(Inputs(imports=[demo_path() / "parts_imports_by_country_2017_2019.csv"]))


def test_a_config_file_feeds_both_config_and_inputs(tmp_path):
    cfg_file = tmp_path / "run.toml"
    cfg_file.write_text('target = "CHN"\ndraws = 5\nscenario = "catch-all"\nformat = ["csv"]\n'
                        'imports = ["a.csv"]\n', encoding="utf-8")
    from exposure.config import read_settings

    cfg, inputs = read_settings(cfg_file, {"draws": 9, "target": None})
    assert (cfg.target, cfg.draws, cfg.scenarios, cfg.formats) == ("CHN", 9, ("catch-all",), ("csv",))
    assert inputs.imports == [tmp_path / "a.csv"]  # relative to the config file


def test_inputs_default_to_the_demo_and_check_mappings():
    assert Inputs.from_options().with_demo_defaults().imports == Inputs.demo().imports
    with pytest.raises(ConfigError, match="expected KIND=FILE"):
        Inputs.from_options(mappings=("nonsense",))


def test_world_exports_without_imports_keep_the_demo_for_the_rest(tmp_path):
    world = tmp_path / "world.csv"
    inputs = Inputs.from_options(world_exports=(world,), profile=None).with_demo_defaults()
    assert inputs.world_exports == [world]
    assert inputs.imports == Inputs.demo().imports and inputs.io == Inputs.demo().io


def test_world_export_files_are_reduced_one_by_one(tmp_path):
    # two BACI-format years: each file reduced on its own, then stacked
    for year in (2018, 2019):
        (tmp_path / f"BACI_HS17_Y{year}_V202301.csv").write_text(
            "t,i,j,k,v,q\n"
            f"{year},392,410,281111,6.000,1.0\n{year},842,410,281111,2.000,1.0\n{year},276,410,281111,2.000,NA\n",
            encoding="utf-8")
    demo = Inputs.demo()
    res = run(Inputs(imports=demo.imports, io=demo.io, profile=demo.profile,
                     world_exports=sorted(tmp_path.glob("BACI_*.csv"))), Config(year=2018))
    hf = res.products.set_index("code").loc["2811111000"]
    assert hf["world_export_usd"] == pytest.approx(10_000.0)  # v is in thousand USD
    assert hf["world_export_hhi"] == pytest.approx(0.44)
    assert hf["target_world_share"] == pytest.approx(0.6)


def test_descriptions_from_a_classification_file(tmp_path):
    imports = tmp_path / "imports.csv"
    imports.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
                       "2019,일본,2811111000,,1.0,100\n2019,중국,2811111000,,1.0,50\n"
                       "2019,일본,3707901010,감광액,1.0,70\n", encoding="utf-8")
    names = tmp_path / "names.csv"
    names.write_text("code,description\n281111,Hydrogen fluoride\n370790,Photographic chemicals\n",
                     encoding="utf-8")
    res = run(Inputs(imports=[imports], io=Inputs.demo().io, names=names))
    got = res.products.set_index("code")["name"]
    assert got["2811111000"] == "Hydrogen fluoride"  # filled from the HS6 parent
    assert got["3707901010"] == "감광액"  # the file's own name wins


def test_an_end_use_sector_the_io_table_lacks_is_a_warning(tmp_path):
    # a typo in a rule's end_use (D62 for D26) moves the shortfall to the general allocation: say so on stderr
    path = tmp_path / "typo.toml"
    path.write_text('name = "typo"\n[[rules]]\nname = "hf"\ncodes = ["2811111000"]\ncoverage = 1\n'
                    'end_use = { D62 = 1 }\n', encoding="utf-8")
    res = run(config=Config(scenarios=(str(path),)))
    assert ("rule hf: end-use sector D62 is not in the input–output table; the general overrides or proportional "
            "allocation apply instead") in res.warnings
    assert not any("end-use sector" in w for w in run(config=Config(use_overrides=False,
                                                                    scenarios=(str(path),))).warnings)


def test_a_profile_sector_the_io_table_lacks_is_a_warning(tmp_path, demo_dir):
    # a country code typed over a sector code (D16 → JPN): that row's exports and SME share go unused, and the run says so
    text = (demo_dir / "sme_profile_2019.csv").read_text(encoding="utf-8-sig").replace("\nD16,", "\nJPN,")
    profile = tmp_path / "profile.csv"
    profile.write_text(text, encoding="utf-8-sig")
    res = run(Inputs(imports=[demo_dir / "parts_imports_by_country_2017_2019.csv"], io=[demo_dir / "io_table_2019.xlsx"],
                     profile=profile))
    assert res.warnings == ["the SME profile names 1 sector(s) the input–output table does not have: JPN; their rows "
                            "are not used (check the sector codes)"]
    assert not run(Inputs(imports=[demo_dir / "parts_imports_by_country_2017_2019.csv"],
                          io=[demo_dir / "io_table_2019.xlsx"], profile=demo_dir / "sme_profile_2019.csv")).warnings
