"""SME shares from the 2015 Economic Census establishment file.

The hand-made fixture ``tests/data/io/census_establishments_small.csv`` (KRW million) has
14 establishments; by hand, with SME = fewer than 300 workers:

======  =========================================  ===========  ===============
line    establishment                              kept?        SME production
======  =========================================  ===========  ===============
2–3     division 05 (written ``5``): 1,000 / 3,000   kept         1,000 of 4,000
4–6     division 26: 2,000 (299 w) / 6,000 (300 w)   kept         4,000 of 10,000
        / 2,000 (40 w)
7–8     division 27: 1,900 (20 w) / 3,800 (500 w)    kept         1,900 of 5,700
9       all cells masked ``***``                   suppressed
10      division 10, blank production              blank production
11      division 4 (no such KSIC division), 500    unknown division
12–13   division 10: "12,000" (1,200 w) / 3,000      kept         3,000 of 15,000
        (25 w; section ``B`` although 10 is in C)
14      division 10, blank workers, 700             blank workers
15      division 10, production 0 (30 w)           kept
======  =========================================  ===========  ===============

Division 27 goes to D26 with weight w and to D31T33 with 1 − w (KSIC9-OECD36 concordance).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exposure.codes.concordance import concordance
from exposure.errors import DataError
from exposure.io.census import KRW_PER_USD_2015, calc_sme_share, read_census, sme_profile_from_census
from exposure.schema import IOTable
from tests.io.conftest import assert_reconciles

USD = 1e6 / KRW_PER_USD_2015  # USD per KRW million
CENSUS = "census/economic_census_2015_mining_manufacturing.csv"
IOT = "io_kor/OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv"


@pytest.fixture(scope="module")
def small(io_data: Path) -> Path:
    return io_data / "census_establishments_small.csv"


@pytest.fixture(scope="module")
def w27() -> float:
    c = concordance("KSIC9-OECD36")
    return float(c.loc[(c["from_code"] == "27") & (c["to_code"] == "D26"), "weight"].iloc[0])


def test_calc_sme_share_by_hand():
    assert calc_sme_share(np.array([4.0, 10.0, 0.0]), np.array([1.0, 4.0, 0.0])).tolist()[:2] == [0.25, 0.4]
    assert np.isnan(calc_sme_share(np.array([0.0]), np.array([0.0]))[0])


def test_small_file_shares_by_hand(small: Path, w27: float):
    profile, report = sme_profile_from_census(small)
    p = profile.set_index("sector")
    assert sorted(p.index) == ["D05T06", "D10T12", "D26", "D31T33"]
    assert p.loc["D05T06", "sme_share"] == pytest.approx(1000 / 4000)
    assert p.loc["D10T12", "sme_share"] == pytest.approx(3000 / 15000)
    # D26 = division 26 + w · division 27; 300 workers is not an SME, 299 is
    assert p.loc["D26", "sme_share"] == pytest.approx((4000 + w27 * 1900) / (10000 + w27 * 5700))
    assert p.loc["D31T33", "sme_share"] == pytest.approx(1900 / 5700)
    assert p.loc["D26", "output_usd"] == pytest.approx((10000 + w27 * 5700) * USD)
    assert p.loc["D10T12", "output_usd"] == pytest.approx(15000 * USD)
    assert p.loc["D26", "sme_firms"] == pytest.approx(2 + w27)
    assert (p["sme_share_basis"] == "output").all()
    assert p.loc["D26", "sector_name_en"] == "Computer, electronic and optical products"
    assert p["export_usd"].isna().all()
    assert any("export_usd is not in the census" in w for w in report.warnings)


def test_small_file_report_reconciles(small: Path):
    _profile, report = sme_profile_from_census(small)
    assert_reconciles(report)
    assert (report.rows_read, report.rows_kept) == (14, 10)
    reasons = report.dropped.set_index("row")["reason"].to_dict()
    assert reasons == {9: "suppressed (masked with *)", 10: "blank production",
                       11: "unknown KSIC 9th-revision division", 14: "blank workers"}
    assert report.value_read == pytest.approx(35_900 * USD)
    assert report.value_kept == pytest.approx(34_700 * USD)
    assert report.dropped.set_index("row").loc[11, "value_usd"] == pytest.approx(500 * USD)
    assert report.unit.startswith("KRW million") and "1,131.5" in report.unit
    assert report.code_system == "KSIC9"
    # line 13 says section B for a manufacturing division: kept, and said
    assert any("section letter" in w and "row 13" in w for w in report.warnings)


def test_threshold_is_a_parameter(small: Path, w27: float):
    profile, _ = sme_profile_from_census(small, threshold=301)
    d26 = profile.set_index("sector").loc["D26", "sme_share"]
    assert d26 == pytest.approx((10000 + w27 * 1900) / (10000 + w27 * 5700))  # the 300-worker plant joins


def test_rate_and_unit_are_parameters(small: Path):
    profile, report = sme_profile_from_census(small, krw_per_usd=1000.0)
    assert profile.set_index("sector").loc["D10T12", "output_usd"] == pytest.approx(15000 * 1e3)
    assert not any("another unit" in w for w in report.warnings)
    # the same numbers read as KRW thousand make ~20,000 won of production per worker: warned
    _p, report_k = sme_profile_from_census(small, unit_krw=1e3)
    assert any("another unit" in w for w in report_k.warnings)
    assert report_k.unit.startswith("KRW thousand")


def test_the_exchange_rate_given_as_fx_is_used_and_stated(small: Path):
    # load() passes the fx option every reader takes: 15,000 KRW million at 1,250 KRW/USD = USD 12 million
    from exposure.io import load

    profile, report = load(small, fx={"KRW": 1250.0})
    assert profile.set_index("sector").loc["D10T12", "output_usd"] == pytest.approx(15000 * 1e6 / 1250)
    assert report.value_kept == pytest.approx(34_700 * 1e6 / 1250)
    assert "1,250 KRW/USD" in report.unit
    assert "production converted to USD at 1,250 KRW/USD: the rate given (fx KRW=1,250)" in report.warnings
    # other currencies in fx do not matter to a file in won
    again, _ = sme_profile_from_census(small, fx={"KRW": 1250.0, "JPY": 110.0})
    assert again["output_usd"].tolist() == profile["output_usd"].tolist()
    # the shares do not depend on the rate
    base, base_report = sme_profile_from_census(small)
    assert again["sme_share"].tolist() == pytest.approx(base["sme_share"].tolist(), nan_ok=True)
    assert any("1,131.5 KRW/USD: the built-in 2015 average (Bank of Korea)" in w and "--fx KRW=<rate>" in w
               for w in base_report.warnings)


def test_two_different_rates_are_refused(small: Path):
    with pytest.raises(DataError, match=r"two exchange rates for the census: fx KRW=1,250 and krw_per_usd=1,000"):
        sme_profile_from_census(small, fx={"KRW": 1250.0}, krw_per_usd=1000.0)
    same, _ = sme_profile_from_census(small, fx={"KRW": 1000.0}, krw_per_usd=1000.0)
    assert same.set_index("sector").loc["D10T12", "output_usd"] == pytest.approx(15000 * 1e3)
    with pytest.raises(DataError, match="the rate for KRW must be a positive number"):
        sme_profile_from_census(small, fx={"KRW": -3})


def test_no_warning_names_a_python_argument(small: Path):
    _profile, report = sme_profile_from_census(small)
    assert not any("io=" in w or "krw_per_usd" in w for w in report.warnings)
    assert any("taken from the input–output table of the run (--io)" in w for w in report.warnings)


def test_exports_come_from_the_io_table(small: Path):
    sectors = ["D05T06", "D10T12", "D26"]
    z = pd.DataFrame(np.zeros((3, 3)), index=sectors, columns=sectors)
    io = IOTable(domestic=z, imported=z, output=pd.Series(1.0, index=sectors),
                 exports=pd.Series([5.0, 7.0, 11.0], index=sectors), imports=pd.Series(0.0, index=sectors),
                 source="toy.xlsx")
    profile, report = sme_profile_from_census(small, io=io)
    x = profile.set_index("sector")["export_usd"]
    assert x[["D05T06", "D10T12", "D26"]].tolist() == [5.0, 7.0, 11.0]
    assert np.isnan(x["D31T33"])  # not in the toy table
    assert any("no exports in the input–output table for D31T33" in w for w in report.warnings)


def test_read_census_keeps_divisions_of_dropped_rows(small: Path):
    census = read_census(small)
    assert len(census.establishments) == 10
    assert census.establishments["division"].tolist()[:2] == ["05", "05"]
    assert {"04", "05", "10", "26", "27"} <= census.divisions


def test_division_without_a_sector_is_dropped_with_its_reason(small: Path, tmp_path: Path):
    # KSIC 99 (extraterritorial organisations) exists but no OECD36 industry holds it
    path = tmp_path / "census.csv"
    path.write_text(small.read_text(encoding="utf-8") + "2015,1,C,99,1,0,0,10,250,,450,,40,800,150\n",
                    encoding="utf-8")
    profile, report = sme_profile_from_census(path)
    assert_reconciles(report)
    row = report.dropped.set_index("row").loc[16]
    assert row["reason"] == "KSIC division with no OECD36 sector"
    assert row["value_usd"] == pytest.approx(800 * USD)
    assert report.value_kept == pytest.approx(34_700 * USD)


@pytest.mark.parametrize("edit, problem, row, column", [
    (lambda t: t.replace(",12,300,,800,,100,1000,", ",12,300,,800,,100,abc,"), "expected a number, got 'abc'",
     2, "production"),
    (lambda t: t.replace(",40,1200,,1800,,150,2000,", ",40,1200,,1800,,150,-2000,"), "negative", 6, "production"),
    (lambda t: t.replace("production_shipment_amount", "shipments").replace(",production,", ",prod,"),
     "column(s) production missing", 1, "production"),
])
def test_bad_files_name_row_and_column(small: Path, tmp_path: Path, edit, problem, row, column):
    bad = tmp_path / "census.csv"
    bad.write_text(edit(small.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        sme_profile_from_census(bad)
    assert problem in str(exc.value)
    assert (exc.value.row, exc.value.column) == (row, column)
    assert "census.csv" in str(exc.value)


def test_missing_file_and_bad_threshold(small: Path, tmp_path: Path):
    with pytest.raises(DataError, match="file not found"):
        sme_profile_from_census(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="threshold"):
        sme_profile_from_census(small, threshold=0)


# ----------------------------------------------------------------------------- the real census file
def _plain(shared_data: Path) -> pd.DataFrame:
    """The census read with plain pandas: the suppressed rows (Year '****') left out."""
    raw = pd.read_csv(shared_data / CENSUS, dtype=str, keep_default_na=False)
    raw = raw[raw["Year"] == "2015"]
    return pd.DataFrame({"division": raw["industry_medium"].str.zfill(2),
                         "workers": raw["workers"].astype(float), "production": raw["production"].astype(float)})


@pytest.fixture(scope="module")
def real(shared_data: Path):
    from exposure.io import load

    io, _ = load(shared_data / IOT)
    profile, report = sme_profile_from_census(shared_data / CENSUS, io=io)
    return profile.set_index("sector"), report, io, _plain(shared_data)


def _division_share(plain: pd.DataFrame, division: str) -> tuple[float, float]:
    d = plain[plain["division"] == division]
    return d.loc[d["workers"] < 300, "production"].sum(), d["production"].sum()


@pytest.mark.shared_data
def test_real_census_reconciles(real):
    profile, report, _io, plain = real
    assert_reconciles(report)
    # README: 69,269 establishment rows; 13 of them are suppressed throughout (masked with asterisks)
    assert report.rows_read == 69_269
    assert report.rows_kept == len(plain) == 69_256
    assert set(report.dropped["reason"]) == {"suppressed (masked with *)"}
    assert report.value_kept == pytest.approx(plain["production"].sum() * USD, rel=1e-12)


@pytest.mark.shared_data
def test_real_census_shares_match_plain_pandas(real, w27: float):
    profile, _report, _io, plain = real
    # one-to-one divisions: the sector share is the division share
    for division, sector in (("24", "D24"), ("29", "D28"), ("19", "D19")):
        sme, total = _division_share(plain, division)
        assert profile.loc[sector, "sme_share"] == pytest.approx(sme / total, rel=1e-12)
        assert profile.loc[sector, "output_usd"] == pytest.approx(total * USD, rel=1e-12)
    # D26 = division 26 + w · division 27 (medical, precision and optical instruments)
    s26, t26 = _division_share(plain, "26")
    s27, t27 = _division_share(plain, "27")
    assert profile.loc["D26", "sme_share"] == pytest.approx((s26 + w27 * s27) / (t26 + w27 * t27), rel=1e-12)
    # semiconductors and displays are made by large plants: the SME share of division 26 is small
    assert s26 / t26 < 0.25
    assert profile.loc["D26", "sme_share"] < profile.loc["D25", "sme_share"]
    # division 08 has only a suppressed row: D09 is listed with no share
    assert np.isnan(profile.loc["D09", "sme_share"])


@pytest.mark.shared_data
def test_real_census_unit_is_krw_million(real):
    profile, report, io, _plain = real
    assert not any("another unit" in w for w in report.warnings)
    # manufacturing production in the census (establishments of 10+ workers) against the IO table's
    # output of the same sectors, both USD: close to but below 1 in KRW million (KRW thousand: ~0.001)
    manuf = [s for s in profile.index if s not in ("D05T06", "D07T08", "D09")]
    ratio = profile.loc[manuf, "output_usd"].sum() / io.output[manuf].sum()
    assert 0.75 < ratio < 1.0
    # exports come from the IO table
    assert profile.loc["D26", "export_usd"] == io.exports["D26"]
