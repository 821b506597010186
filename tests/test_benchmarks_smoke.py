"""The BACI generator of benchmarks/ writes files of the real BACI shape (no timing here)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def make_baci():
    spec = importlib.util.spec_from_file_location("make_baci", REPO / "benchmarks" / "make_baci.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_baci"] = mod  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop("make_baci", None)


def _read(path: Path) -> pa.Table:
    types = {"t": pa.int32(), "i": pa.int32(), "j": pa.int32(), "k": pa.string(), "v": pa.string(), "q": pa.string()}
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types, null_values=[]))


def test_10k_rows_have_the_baci_shape(make_baci, tmp_path):
    out = make_baci.generate(rows=10_000, year=2019, seed=7, out=tmp_path, codes_dir=None, log=lambda _m: None)
    path = out["files"][0]
    assert path.name == "BACI_HS17_Y2019_V202301.csv"
    assert path.read_text().splitlines()[0] == "t,i,j,k,v,q"
    t = _read(path)
    assert t.num_rows == 10_000
    year, i, j = (t[c].to_numpy() for c in ("t", "i", "j"))
    k = np.array(t["k"].to_pylist())
    assert set(year) == {2019}
    assert (i != j).all()
    # sorted by exporter, importer, product, one row per flow
    key = list(zip(i, j, k.astype(int)))
    assert key == sorted(key) and len(set(key)) == len(key)
    # 200+ exporters and importers even at this size; the giants trade most
    assert len(set(i)) >= 200 and len(set(j)) >= 200
    counts = {c: int((i == c).sum()) for c in (156, 392, 4)}
    assert counts[156] > counts[392] > counts[4]
    # every code is in the country file written beside the data, Japan and Korea included
    with open(out["country_codes"], encoding="utf-8") as fh:
        listed = {int(r["country_code"]): r["iso_3digit_alpha"] for r in csv.DictReader(fh)}
    assert set(i) | set(j) <= set(listed) and listed[392] == "JPN" and listed[410] == "KOR"
    # value and quantity with exactly three decimals; some quantities missing as NA
    v = t["v"].to_pylist()
    q = t["q"].to_pylist()
    assert all(s.split(".")[1].__len__() == 3 for s in v)
    assert min(float(s) for s in v) >= 0.001
    na = sum(s == "NA" for s in q)
    assert 300 <= na <= 900  # 6% of 10,000, give or take sampling
    assert all(s == "NA" or len(s.split(".")[1]) == 3 for s in q)
    # heavy tail: the top 1% of flows carry far more than 1% of the value
    vals = np.sort(np.array(v, dtype=float))[::-1]
    assert vals[:100].sum() / vals.sum() > 0.2


def test_same_seed_same_bytes_other_seed_other_bytes(make_baci, tmp_path):
    full = make_baci.load_countries(None)
    countries = make_baci.Countries(full.code[:30], full.name[:30], full.name_full[:30], full.iso2[:30],
                                    full.iso3[:30])
    products = make_baci.load_products(None)[0][:400]
    a = make_baci.make_year(2_000, 2018, 1, countries, products)
    b = make_baci.make_year(2_000, 2018, 1, countries, products)
    c = make_baci.make_year(2_000, 2018, 2, countries, products)
    assert a.equals(b)
    assert not a.equals(c)


@pytest.mark.parametrize("k_style, first_chapter_code", [("int", "10121"), ("padded", "010121"),
                                                         ("quoted", '"010121"')])
def test_k_styles(make_baci, k_style, first_chapter_code):
    table = pa.table({"t": pa.array([2019, 2019], pa.int16()), "i": pa.array([4, 4], pa.int16()),
                      "j": pa.array([8, 12], pa.int16()), "k": pa.array([10121, 847130], pa.int32()),
                      "v": [1.5, 0.0504], "q": pa.array([2.0, None])})
    text = make_baci.format_table(table, k_style=k_style, na_style="NA")
    assert text["k"].to_pylist()[0] == first_chapter_code
    assert text["k"].to_pylist()[1].strip('"') == "847130"
    assert text["v"].to_pylist() == ["1.500", "0.050"]
    assert text["q"].to_pylist() == ["2.000", "NA"]
    assert make_baci.format_table(table, na_style="empty")["q"].to_pylist()[1] == ""


def test_shared_code_lists_are_used_when_present(make_baci, shared_data):
    codes = shared_data / "baci_codes"
    if not (codes / "country_codes_V202301.csv").is_file():
        pytest.skip("BACI code lists absent")
    countries = make_baci.load_countries(codes)
    products, _ = make_baci.load_products(codes)
    assert 200 <= len(countries.code) < 237  # historical codes (58, 810, …) left out
    assert 58 not in countries.code and 392 in countries.code
    assert len(products) > 5_000 and 10121 in products and 281111 in products
