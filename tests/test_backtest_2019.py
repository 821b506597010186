"""The 2019 backtest on real data (issue 5): Korea's 2018 imports from Japan (UN Comtrade, HS6)
through the OECD input–output table of Korea, 2015, under the shipped scenarios.

Inputs, all read in place from ``../shared/data`` (the test skips when it is absent):

- ``comtrade_kor_jpn/KJimport2018.csv``: Korea's imports *from Japan only*. The target share
  cannot be computed from it, so the shortfall uses M(k, JPN) directly and the share of each
  product group's imports lost uses the IO table's import column (IMPO, sign flipped).
- ``io_kor/OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv``: total flows, split into domestic
  and imported flows by import proportionality.
- the default HS6 → OECD36 concordance and end-use overrides.

Expected (published 2019 narrative): the three-item controls hit the computer, electronic and
optical sector (D26) hardest by export value at risk.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure import scenarios
from exposure.config import Config
from exposure.indicators import product_indicators
from exposure.linkage import split_import_proportional
from exposure.schema import IOTable
from exposure.scoring import run_scenario

pytestmark = pytest.mark.shared_data

REPO = Path(__file__).resolve().parents[1]


def _comtrade(path: Path) -> pd.DataFrame:
    try:
        from exposure.io.comtrade import load_comtrade
    except ImportError:  # before the project loader existed
        raw = pd.read_csv(path, dtype={"Commodity Code": str})
        return pd.DataFrame({
            "year": raw["Year"].astype("int64"), "month": 0, "reporter": raw["Reporter ISO"],
            "partner": raw["Partner ISO"], "flow": "M", "code": raw["Commodity Code"].str.zfill(6),
            "code_system": "HS6-2017", "name": raw["Commodity"],
            "value_usd": raw["Trade Value (US$)"].astype(float), "source": path.name})
    table, report = load_comtrade(path)
    report.check()
    return table


def _oecd_io(path: Path) -> IOTable:
    try:
        from exposure.io.oecd import load_oecd_iot
    except ImportError:  # before the project loader existed
        raw = pd.read_csv(path, skiprows=6, header=0)
        raw.index = raw.iloc[:, 0].astype(str).str.split(":").str[0]
        raw.columns = [str(c).split(":")[0] for c in raw.columns]
        ind = [c for c in raw.columns if c.startswith("D") and c[1].isdigit()]
        rows = [r for r in raw.index if r.startswith("TTL_") and r[4].isdigit()]
        num = raw.apply(pd.to_numeric, errors="coerce") * 1e6
        z = pd.DataFrame(num.loc[rows, ind].to_numpy(), index=ind, columns=ind)
        output = pd.Series(num.loc["OUTPUT", ind].to_numpy(), index=ind)
        imports = pd.Series(-num.loc[rows, "IMPO"].to_numpy(), index=ind)
        dom, imp = split_import_proportional(z, output, imports)
        return IOTable(domestic=dom, imported=imp, output=output, imports=imports,
                       exports=pd.Series(num.loc[rows, "EXPO"].to_numpy(), index=ind), source=path.name,
                       notes=["imported flows by import proportionality"])
    table, report = load_oecd_iot(path)
    return table


def _concordance() -> pd.DataFrame:
    from exposure.codes.concordance import concordance

    return concordance("HS6-OECD36")


def _overrides() -> pd.DataFrame:
    try:
        from exposure.codes.overrides import load_overrides
    except ImportError:  # before the shipped default table existed: the 2019 items, by their stated end use
        return pd.DataFrame({"code": ["2811111000", "281111", "3707901010", "370790", "3920999010"],
                             "code_system": ["HSK10", "HS6", "HSK10", "HS6", "HSK10"],
                             "sector": ["D26"] * 5, "share": [1.0, 0.9, 1.0, 0.9, 1.0]})
    return load_overrides(None)


@pytest.fixture(scope="module")
def inputs(shared_data: Path):
    imports = _comtrade(shared_data / "comtrade_kor_jpn" / "KJimport2018.csv")
    io = _oecd_io(shared_data / "io_kor" / "OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv")
    config = Config(rank_by="export_at_risk_usd")
    products = product_indicators(imports, config)
    return products, io, _concordance(), _overrides(), config


def run(inputs, name: str, overrides: bool = True):
    """One scenario; ``overrides=False`` is pure proportional allocation (no table, no rule end uses)."""
    products, io, conc, ovr, config = inputs
    return run_scenario(products, scenarios.load(name), io, conc, ovr, None, config.replace(use_overrides=overrides))


def test_inputs_match_the_reference_figures(inputs):
    products, io, *_ = inputs
    # README reference figures: $54,603 million over 4,226 products; D26 output 274,943.1; IMPO −520,369
    assert len(products) == 4226
    assert products["target_import_usd"].sum() == pytest.approx(54_603e6, rel=1e-4)
    assert io.output["D26"] == pytest.approx(274_943.1e6)
    assert io.imports.sum() == pytest.approx(520_369e6, rel=1e-5)
    # imports from Japan only: no target share, and the reason says so
    assert products["target_share"].isna().all()
    assert products["reasons"].str.contains("only one partner").all()


def test_three_items_rank_d26_first_by_export_value_at_risk(inputs):
    res = run(inputs, "2019-three-items")
    # shortfall over the 180-day horizon by hand, q = c·M/365 a day (φ 0.5, b 30, L 180):
    # HF 0.914·$73,141,118, no licences: G(180) − 30 = 135 − 30 = 105 days lost;
    # photoresist 0.751·$398,191,571 and polyimide 0.052·($377,151,741 + $170,523,602), licensed
    # shipments resume on day 90: G(90) − 30 = 90 − 0.5·90²/360 − 30 = 48.75 days lost
    expected = (0.914 * 73_141_118 * 105 + (0.751 * 398_191_571 + 0.052 * (377_151_741 + 170_523_602)) * 48.75) / 365
    assert res.shocks["shortfall_usd"].sum() == pytest.approx(expected)
    per_year = expected * 365 / 180
    top = res.sectors.iloc[0]
    assert top["sector"] == "D26" and top["rank"] == 1
    assert top["export_at_risk_usd"] > 2 * res.sectors["export_at_risk_usd"].iloc[1]
    # every rule of the scenario sends its cut to D26 (end_use), so D26's override channel is the
    # whole shortfall over D26's output
    d26 = res.sectors.set_index("sector").loc["D26"]
    assert d26["override_rate"] == pytest.approx(per_year / 274_943.1e6)
    # the output says where M_i comes from
    assert any("input–output table" in n and "not the imports file" in n for n in res.notes)
    # D26's exposure is traceable to products: photoresist and HF lead its drivers
    d = res.drivers[res.drivers["sector"] == "D26"]
    by_code = d.groupby("code")["export_at_risk_usd"].sum().sort_values(ascending=False)
    assert list(by_code.index[:2]) == ["370790", "281111"]
    assert by_code.sum() == pytest.approx(top["export_at_risk_usd"], rel=1e-12)


def test_without_overrides_d26_loses_its_lead(inputs):
    with_ovr = run(inputs, "2019-three-items").sectors.set_index("sector")
    without = run(inputs, "2019-three-items", overrides=False).sectors.set_index("sector")
    # proportional allocation sends the chemicals to their big users (chemicals, plastics …)
    assert without["rank"].idxmin() != "D26"
    assert without.loc["D26", "export_at_risk_usd"] < with_ovr.loc["D26", "export_at_risk_usd"] / 5
    assert without.loc["D20T21", "export_at_risk_usd"] > with_ovr.loc["D20T21", "export_at_risk_usd"]


def test_broader_tiers_trace_back_to_products(inputs):
    three = run(inputs, "2019-three-items").sectors.set_index("sector")
    for name in ("white-list-removal", "catch-all"):
        res = run(inputs, name)
        s = res.sectors.set_index("sector")
        # a wider scenario never lowers a sector's exposure (coverage only rises)
        assert (s.loc[three.index, "exposure_rate"] >= three["exposure_rate"] - 1e-15).all()
        for sector in res.sectors["sector"].head(5):
            d = res.drivers[res.drivers["sector"] == sector]
            assert d["export_at_risk_usd"].sum() == pytest.approx(s.loc[sector, "export_at_risk_usd"], rel=1e-10)
            assert set(d["code"]) <= set(res.shocks["code"])
            assert (d["rule"].fillna("") != "").all()  # every driver names the rule that hit it


def test_full_embargo_caps_and_flags_shares_above_one(inputs):
    res = run(inputs, "full-embargo")
    flagged = res.flags[res.flags["kind"] == "share_capped"]
    # scrap and waste (HS 7204 → D35T39) outruns the table's imports of that group
    assert "D35T39" in set(flagged["sector"]) and (flagged["value"] > 1).all()
    assert np.isfinite(res.sectors["exposure_rate"].dropna()).all()
    assert (res.sectors["exposure_rate_high"].dropna() <= 1).all()


# --------------------------------------------------------------------------- what happened in 2019
@pytest.fixture(scope="module")
def later(shared_data: Path) -> pd.DataFrame:
    return _comtrade(shared_data / "comtrade_kor_jpn" / "KJimport2019.csv")


def test_the_three_items_fell_in_2019_in_the_order_the_scenario_cuts_them(inputs, later):
    from exposure.outcome import outcome_by_product, outcome_summary

    products, _io, _conc, _ovr, config = inputs
    shocks = scenarios.apply(scenarios.load("2019-three-items"), products, config)
    t = outcome_by_product(shocks, later).set_index("code")
    # README reference figures: HF $73,141,118 in 2018, $44,982,432 in 2019; 2019 in all $47,579 million
    assert t.loc["281111", "change"] == pytest.approx(44_982_432 / 73_141_118 - 1)
    assert t["later_import_usd"].sum() == pytest.approx(47_579e6, rel=1e-4)
    # predicted: HF 0.914·105/365 of a year's imports, photoresist 0.751·48.75/365, the polyimide lines
    # 0.052·48.75/365 — the realised 2019 changes come in the same order (HF fell most)
    assert t.loc["281111", "predicted_fall"] == pytest.approx(0.914 * 105 / 365)
    covered = t[t["coverage"] > 0].sort_values("predicted_fall", ascending=False)
    assert list(covered.index[:2]) == ["281111", "370790"]
    ch = covered["change"]
    assert ch["281111"] < ch["370790"] < ch[["392099", "392190"]].min()
    # HF fell by more than the model's half-year cut (the calibration measures φ ≈ 0 for it)
    assert -t.loc["281111", "change"] > t.loc["281111", "predicted_fall"]
    # but a calendar year of HS6 lines cannot tell the three items from the market: all imports from
    # Japan fell ~13 % (covered-weighted and the rest within two points of each other)
    s = outcome_summary(t.reset_index()).set_index("group")
    assert s.loc["rest", "change"] == pytest.approx(-0.13, abs=0.01)
    assert abs(s.loc["covered", "covered_change"] - s.loc["rest", "change"]) < 0.02
    assert s["later_import_usd"].sum() == pytest.approx(t["later_import_usd"].sum())


def test_the_white_list_tier_fell_more_than_the_rest_in_2019(inputs, later):
    from exposure.outcome import outcome_by_product, outcome_summary

    products, _io, _conc, _ovr, config = inputs
    shocks = scenarios.apply(scenarios.load("white-list-removal"), products, config)
    s = outcome_summary(outcome_by_product(shocks, later)).set_index("group")
    # strategic goods (the white-list tier) −14 % against −8 % for the rest
    assert s.loc["covered", "change"] < s.loc["rest", "change"] - 0.04
    assert s["products"].sum() >= 4226
