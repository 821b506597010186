"""Reading a run's inputs together (exposure.intake): several import files without double counting, the
provider's imported/domestic split, census class shares. Real public data; skipped when absent."""

from __future__ import annotations

import pytest

from exposure import run, scenarios
from exposure.config import Config
from exposure.inputs import Inputs
from exposure.intake import read_inputs

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def files(shared_data):
    d = shared_data
    return dict(hs6=d / "comtrade_kor_jpn" / "KJimport2018.csv",
                hsk10=d / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx",
                ttl=d / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv",
                lt=d / "io_kor" / "OECD_IOT2018ed_KOR2015_LEONTFT_raw.csv",
                ld=d / "io_kor" / "OECD_IOT2018ed_KOR2015_LEONTFD_raw.csv",
                census=d / "census" / "economic_census_2015_mining_manufacturing.csv")


def _d26(res, col="export_at_risk_low_usd"):
    return res.sectors.set_index("sector").loc["D26", col]


def test_the_hsk10_file_beside_the_hs6_file_does_not_double_d26(files):
    cfg = Config(year=2018, scenarios=("2019-three-items",))
    alone = run(Inputs(imports=[files["hs6"]], io=[files["ttl"]]), cfg)
    both = run(Inputs(imports=[files["hs6"], files["hsk10"]], io=[files["ttl"]]), cfg)
    # HS 281111 ($73,141,118 from Japan) and 370790 give way to HSK 2811111000 and 3707901010: the HS6 rules'
    # coverage is the controlled line's share of the HS6 line, so the linear figure barely moves
    assert _d26(both) == pytest.approx(_d26(alone), rel=0.05)
    combined = [r for r in both.load_reports if r.source.startswith("combined:")]
    assert len(combined) == 1
    dropped = combined[0].dropped
    hf = dropped[dropped["detail"].str.contains("281111")] if "detail" in dropped.columns else dropped
    assert len(dropped) >= 2 and len(hf) >= 1
    codes = set(both.products["code"])
    assert "2811111000" in codes and "281111" not in codes and "392099" in codes  # polyimide has no HSK10 line


def test_the_providers_split_replaces_import_proportionality(files):
    prop = read_inputs(Inputs(imports=[files["hs6"]], io=[files["ttl"]]), Config()).io
    official = read_inputs(Inputs(imports=[files["hs6"]], io=[files["ttl"], files["lt"], files["ld"]]), Config()).io
    x = prop.output["D26"]
    by_prop = prop.imported["D26"].sum() / x
    by_oecd = official.imported["D26"].sum() / x
    # D26's imported-input intensity: 11.7 % by import proportionality, 22.6 % by the OECD's own split
    # (tiny negative cells of A − A^D, rounding in the published inverses, set to 0)
    assert by_prop == pytest.approx(0.1172, abs=5e-4)
    assert by_oecd == pytest.approx(0.2261, abs=5e-4)
    assert any("provider's own split" in n for n in official.notes)
    assert not any("proportionality assumption" in n for n in official.notes)
    # the published inverses are rounded: coefficients a hair below 0 are set to 0 and counted
    assert (official.domestic.to_numpy() >= 0).all() and (official.imported.to_numpy() >= 0).all()
    assert any("came out below 0 from the published (rounded) inverses" in n for n in official.notes)


def test_a_run_on_the_providers_split_scores_every_scenario(files):
    inputs = Inputs(imports=[files["hs6"]], io=[files["ttl"], files["lt"], files["ld"]], profile=files["census"])
    res = run(inputs, Config(scenarios=("2019-three-items", "full-embargo"), draws=20))
    top = res.sectors[res.sectors["scenario"] == "2019-three-items"].sort_values("rank").iloc[0]
    assert top["sector"] == "D26" and top["sme_export_at_risk_usd"] > 0
    assert len(res.uncertainty) > 0


def test_the_census_gives_the_sme_shares_of_the_users_of_critical_inputs(files):
    data = read_inputs(Inputs(imports=[files["hs6"]], io=[files["ttl"]], profile=files["census"]), Config())
    # establishments under 300 workers: 2.9 % of IC production (2611), 7.8 % of displays (2621), 44.5 % of 2612
    assert data.class_sme["2611"] == pytest.approx(0.0292, abs=5e-4)
    assert data.class_sme["2621"] == pytest.approx(0.0777, abs=5e-4)
    assert data.class_sme["2612"] == pytest.approx(0.4453, abs=5e-4)
    d26 = data.profile.set_index("sector").loc["D26", "sme_share"]
    assert d26 > data.class_sme["2611"]


def test_full_embargo_bounds_every_shipped_supply_scenario_on_the_real_data(files):
    from tests.test_pipeline import assert_full_embargo_bounds

    inputs = Inputs(imports=[files["hs6"]], io=[files["ttl"]], profile=files["census"])
    for production in ("linear", "leontief"):
        cfg = Config(production=production, scenarios=tuple(scenarios.available()))
        assert_full_embargo_bounds(run(inputs, cfg))


def test_an_sme_exports_table_puts_its_sectors_on_the_export_basis_and_calibrates_the_rest(files):
    from pathlib import Path

    items = Path(__file__).parent / "data" / "io" / "sme_exports_by_item_cp949.csv"
    res = run(Inputs(imports=[files["hs6"]], io=[files["ttl"]], profile=files["census"], sme_exports=items),
              Config(year=2018))
    s = res.sectors.set_index("sector")
    # the item table (hand: D26 = (6,400 + 103,600)/(1,280,000 + 320,000)) covers D26, D29, D20T21
    assert s.loc["D26", "sme_share"] == pytest.approx(0.06875) and s.loc["D26", "sme_share_basis"] == "export"
    assert set(s.loc[s["sme_share_basis"] == "export"].index) == {"D26", "D29", "D20T21"}
    rest = s.loc[(s["export_usd"] > 0) & s["sme_share"].notna()].drop(["D26", "D29", "D20T21"])
    assert len(rest) > 10 and (rest["sme_share_basis"] == "output-calibrated").all()  # the census covers industry
    assert res.sme_basis == "export and output-calibrated"


def test_the_runs_exchange_rate_converts_the_census(files):
    inputs = Inputs(imports=[files["hs6"]], io=[files["ttl"]], profile=files["census"])
    default = read_inputs(inputs, Config())
    given = read_inputs(inputs, Config(fx_rates=(("KRW", 1000.0),)))
    unit = lambda data: next(r.unit for r in data.reports if "census" in r.source)  # noqa: E731
    assert "1,131.5" in unit(default) and "1,000" in unit(given)
    # the same KRW production at 1,000 instead of 1,131.5 KRW per USD is 13.15 % more dollars; shares unchanged
    out = lambda data: data.profile.set_index("sector")["output_usd"]  # noqa: E731
    assert (out(given) / out(default)).dropna().to_numpy() == pytest.approx(1131.5 / 1000)
    assert given.class_sme == pytest.approx(default.class_sme)


def test_oecd_inverses_beside_a_workbook_of_its_own_split_are_refused(files):
    from pathlib import Path

    from exposure.errors import DataError

    workbook = Path(__file__).resolve().parents[1] / "datasets" / "demo" / "io_table_2019.xlsx"
    with pytest.raises(DataError, match=r"io_table_2019.xlsx: the OECD Leontief inverses split an OECD transactions "
                                        r"table \(TTL\) of the same year; this table is not one"):
        read_inputs(Inputs(imports=[files["hs6"]], io=[workbook, files["lt"], files["ld"]]), Config())
