"""The basis of SME shares (exposure.sme): export shares preferred, output shares calibrated to the national figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure.config import Config
from exposure.errors import ConfigError
from exposure.sme import calc_calibration_factor, from_items, resolve, sector_shares

OUTPUT = pd.DataFrame({"sector": ["D26", "D28", "D10T12"], "export_usd": [100.0, 300.0, 0.0],
                       "sme_share": [0.5, 0.2, 0.9], "sme_share_basis": "output"})


def test_calibration_factor_by_hand():
    # (.5·100 + .2·300)/400 = .275 weighted; κ = .18/.275; the sector without exports carries no weight
    assert calc_calibration_factor(OUTPUT["sme_share"].to_numpy(), OUTPUT["export_usd"].to_numpy(), 0.18) == \
        pytest.approx(0.18 / 0.275)
    assert np.isnan(calc_calibration_factor(np.array([np.nan]), np.array([1.0]), 0.18))


def test_output_shares_are_calibrated_to_the_national_export_share():
    basis = resolve(OUTPUT, Config(sme_export_share=0.18), class_shares={"2611": 0.04, "2612": 0.9})
    p = basis.profile.set_index("sector")
    kappa = 0.18 / 0.275
    assert basis.basis == "output-calibrated" and basis.factor == pytest.approx(kappa)
    np.testing.assert_allclose(p["sme_share"], np.minimum([0.5 * kappa, 0.2 * kappa, 0.9 * kappa], 1.0))
    assert (p["sme_share_basis"] == "output-calibrated").all()
    # weighted by exports the calibrated shares give the national figure
    assert np.average(p["sme_share"][:2], weights=p["export_usd"][:2]) == pytest.approx(0.18)
    # the KSIC classes move with their sectors (a share never exceeds 1)
    assert basis.class_shares == pytest.approx({"2611": 0.04 * kappa, "2612": min(0.9 * kappa, 1.0)})
    assert "18.0%" in basis.notes[0] and "Ministry of SMEs and Startups" in basis.notes[0]
    assert OUTPUT["sme_share"].tolist() == [0.5, 0.2, 0.9]  # the input is not changed


def test_export_shares_win_and_output_shares_only_when_asked():
    exports = OUTPUT.assign(sme_share_basis="exports")
    assert resolve(exports, Config()).basis == "export"
    table = pd.DataFrame({"sector": ["D26", "D28"], "sme_share": [0.05, 0.3]})
    b = resolve(OUTPUT, Config(), sme_exports=table)
    p = b.profile.set_index("sector")
    assert b.basis == "export" and p.loc["D26", "sme_share"] == 0.05 and p.loc["D28", "sme_share"] == 0.3
    # D10T12 is not in the SME-exports table and exports nothing: its output share, calibrated, is named so
    assert p.loc["D10T12", "sme_share"] == pytest.approx(0.9 * 0.18 / 0.275)
    assert p.loc["D10T12", "sme_share_basis"] == "output-calibrated"
    raw = resolve(OUTPUT, Config(sme_basis="output"))
    assert raw.basis == "output" and raw.profile["sme_share"].tolist() == [0.5, 0.2, 0.9]
    assert "overstated" in raw.notes[0]
    with pytest.raises(ConfigError, match="sme_basis = 'export' needs SME shares of exports"):
        resolve(OUTPUT, Config(sme_basis="export"))
    assert resolve(None, Config()).profile is None


def test_sme_export_shares_from_items_by_hand():
    # MTI 831 (100 exported, 5 by SMEs) all in D26; 832 (50, 20) half D26 half D28:
    # D26: (5 + 10)/(100 + 25) = .12; D28: 10/25 = .4
    items = pd.DataFrame({"item_code": ["831", "832"], "export_usd": [100.0, 50.0], "sme_export_usd": [5.0, 20.0]})
    conc = pd.DataFrame({"from_code": ["831", "832", "832"], "to_code": ["D26", "D26", "D28"],
                         "weight": [1.0, 0.5, 0.5]})
    out = from_items(items, conc).set_index("sector")
    assert out.loc["D26", "sme_share"] == pytest.approx(0.12) and out.loc["D28", "sme_share"] == pytest.approx(0.4)


def test_a_partial_sme_exports_table_keeps_calibrated_output_shares_for_the_rest_and_names_each_basis():
    # the table covers D26 only; D28 exports 300 and keeps .2·κ with κ = .18/.275 from the census shares
    table = pd.DataFrame({"sector": ["D26"], "sme_share": [0.05]})
    b = resolve(OUTPUT, Config(), sme_exports=table, class_shares={"2611": 0.04, "2910": 0.3})
    p = b.profile.set_index("sector")
    kappa = 0.18 / 0.275
    assert b.basis == "export and output-calibrated"
    assert p.loc["D26", "sme_share"] == 0.05 and p.loc["D26", "sme_share_basis"] == "export"
    assert p.loc["D28", "sme_share"] == pytest.approx(0.2 * kappa) and p.loc["D28", "sme_share_basis"] == \
        "output-calibrated"
    # a class follows its sector: 2611 (D26) × .05/.5 = .1 of its output share; 2910 (D28) × κ
    assert b.class_shares == pytest.approx({"2611": 0.04 * 0.1, "2910": 0.3 * kappa})
    assert any("1 sector(s) not in the SME-exports table" in n for n in b.notes)
    # asking for exports only: the sector without one is named
    with pytest.raises(ConfigError, match="no share for the sector\\(s\\) D28 that export"):
        resolve(OUTPUT, Config(sme_basis="export"), sme_exports=table)
    # asking for output shares: the table is set aside, and the note says so
    raw = resolve(OUTPUT, Config(sme_basis="output"), sme_exports=table)
    assert raw.profile["sme_share"].tolist() == [0.5, 0.2, 0.9] and "was not used" in raw.notes[0]


def test_sme_exports_files_by_item_division_and_sector_give_sector_shares_by_hand():
    from exposure.io import load

    data = Path(__file__).parent / "data" / "io"
    # MTI items (thousand USD): D26 = 831 + 812: (6,400 + 103,600)/(1,280,000 + 320,000) = .06875;
    # D29 = 741: 50,000/230,000; D20T21 = 214 + 227: (80,000 + 50,000)/(180,000 + 80,000) = .5
    items, _ = load(data / "sme_exports_by_item_cp949.csv", kind="sme_exports")
    shares, notes = sector_shares(items)
    got = shares.set_index("sector")["sme_share"]
    assert got.to_dict() == pytest.approx({"D26": 0.06875, "D29": 50 / 230, "D20T21": 0.5}) and notes == []
    # KSIC divisions with the share in %: 26 → D26, 20 → D20T21, 29 → D28
    ksic, _ = load(data / "sme_exports_by_ksic_cp949.csv", kind="sme_exports")
    got = sector_shares(ksic)[0].set_index("sector")["sme_share"]
    assert got.to_dict() == pytest.approx({"D26": 0.05, "D20T21": 0.30, "D28": 0.60})
    # an item no concordance knows is named with its exports, not dropped silently
    odd = items.assign(code=items["code"].where(items["code"] != "227", "999"))
    shares, notes = sector_shares(odd)
    assert shares.set_index("sector").loc["D20T21", "sme_share"] == pytest.approx(80 / 180)
    assert notes == ["SME-exports rows with no sector in MTI3-OECD36: 999 (USD 80,000,000 of exports a year): "
                     "not used."]


def test_a_profile_of_two_bases_is_refused_rather_than_read_on_one():
    from exposure.errors import DataError

    mixed = OUTPUT.assign(sme_share_basis=["exports", "exports", "output"])
    with pytest.raises(DataError, match=r"p.csv: the SME profile gives shares of exports for 2 sectors and of another "
                                        r"basis for 1: D10T12 \(output\); expected one basis for every sector"):
        resolve(mixed, Config(), source="p.csv")
    # asked for output shares, every share is read as one and calibrated (κ of all three, as for OUTPUT)
    assert resolve(mixed, Config(sme_basis="output-calibrated")).profile["sme_share"].tolist() == pytest.approx(
        resolve(OUTPUT, Config()).profile["sme_share"].tolist())
