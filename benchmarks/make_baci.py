"""Seeded generator of CEPII BACI-format trade data at the shape of a real BACI year.

A BACI yearly file (``BACI_HS17_Y2019_V202301.csv``) has one row per exporter ×
importer × HS6 product with trade, about 11 million rows and ~300 MB of text::

    t,i,j,k,v,q
    2019,4,12,80211,0.088,0.001

``t`` year, ``i``/``j`` exporter/importer numeric country codes (CEPII's own codes:
842 is the USA, 251 France, 699 India), ``k`` the HS6 code, ``v`` value in thousand
USD and ``q`` quantity in metric tonnes, both with three decimals; ``q`` is missing
(``NA``) for some flows. Rows are sorted by ``t, i, j, k``; ``i != j``.

Release V202301 writes ``k`` as a plain number, so HS6 codes of chapters 01–09 lose
their leading zero (``10121`` for 010121, as in its ``product_codes`` file); other
releases write ``010121`` or ``"010121"``. ``--k-style`` produces each of them.

The shape is gravity-like so that the data stress a loader the way a real year does:
exporter and importer sizes are log-normal (a few giants present in almost every
product and destination, a long tail of small economies), product popularity is
log-normal, a flow (i, j, k) exists with probability ``min(1, c·a_i·b_j·p_k)`` with
``c`` solved so that the expected count matches ``--rows``, and the row count is then
made exact. Values are log-normal (heavy-tailed) scaled by both partners' sizes and
rescaled so that a full-size year sums to about USD 19 trillion; quantities follow from a
log-normal unit value per product.

Country and product codes come from the CEPII code lists in
``<repo>/../shared/data/baci_codes`` when present (historical codes such as 58
Belgium-Luxembourg or 810 USSR are left out, as in a recent year), otherwise from a
synthetic list of the same size. A matching ``country_codes_V202301.csv`` and
``product_codes_HS17_V202301.csv`` are written beside the data.

Generated files go under ``/tmp/exposure-bench`` by default: never into the repository.

Examples
--------
::

    python benchmarks/make_baci.py                       # 11M rows, 2019
    python benchmarks/make_baci.py --rows 1100000 --out /tmp/b --k-style padded
    python benchmarks/make_baci.py --year 2019 --years 10 --zip   # 2010–2019 in one zip
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

REPO = Path(__file__).resolve().parents[1]
CODES_DIR = REPO.parent / "shared" / "data" / "baci_codes"
DEFAULT_OUT = Path("/tmp/exposure-bench")
VERSION = "V202301"
HS = "HS17"
HEADER = "t,i,j,k,v,q\n"
K_STYLES = ("int", "padded", "quoted")
NA_STYLES = ("NA", "empty", "padded")

# Codes of economies that no longer exist; a recent BACI year has no rows for them.
HISTORICAL = {58, 200, 278, 280, 530, 711, 736, 810, 891}
# The largest traders, in order, so that the biggest sizes land on plausible economies
# (Japan and Korea must be large for the Japan-share indicators to mean anything).
GIANTS = [156, 842, 276, 392, 528, 251, 410, 344, 380, 826, 699, 124, 484, 56, 643, 702, 757, 724]
WORLD_TRADE_KUSD = 19.0e9  # ~USD 19 trillion of world goods trade in 2019 ...
FULL_YEAR_ROWS = 11_000_000  # ... spread over about 11 million flows


@dataclass(frozen=True)
class Countries:
    """Numeric codes and labels written to the country-codes file."""

    code: np.ndarray  # int16
    name: list[str]
    name_full: list[str]
    iso2: list[str]
    iso3: list[str]


def load_countries(codes_dir: Path | None = CODES_DIR) -> Countries:
    """CEPII country codes from ``codes_dir`` when present, else a synthetic list of 228."""
    f = codes_dir / f"country_codes_{VERSION}.csv" if codes_dir else None
    if f is not None and f.is_file():
        text = f.read_text(encoding="utf-8-sig")
        delim = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        rows = [r for r in csv.DictReader(text.splitlines(), delimiter=delim)
                if int(r["country_code"]) not in HISTORICAL]
        return Countries(np.array([int(r["country_code"]) for r in rows], dtype=np.int16),
                         [r["country_name_abbreviation"] for r in rows],
                         [r["country_name_full"] for r in rows],
                         [r["iso_2digit_alpha"] for r in rows],
                         [r["iso_3digit_alpha"] for r in rows])
    # Synthetic: multiples of 4 up to 900 plus the giants, with made-up ISO codes.
    codes = sorted(set(range(4, 900, 4)[:210]) | set(GIANTS))
    known = {156: "CHN", 842: "USA", 276: "DEU", 392: "JPN", 528: "NLD", 251: "FRA", 410: "KOR",
             344: "HKG", 380: "ITA", 826: "GBR", 699: "IND", 124: "CAN", 484: "MEX", 56: "BEL",
             643: "RUS", 702: "SGP", 757: "CHE", 724: "ESP"}
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    # made-up codes start with X (no real ISO3 does), so they are unique and never clash
    iso3 = [known.get(c, "X" + letters[n // 26 % 26] + letters[n % 26]) for n, c in enumerate(codes)]
    return Countries(np.array(codes, dtype=np.int16), [f"Country {c}" for c in codes],
                     [f"Country {c}" for c in codes], [v[:2] for v in iso3], iso3)


def load_products(codes_dir: Path | None = CODES_DIR, rng: np.random.Generator | None = None
                  ) -> tuple[np.ndarray, list[str]]:
    """HS17 six-digit codes (as integers, e.g. 10121) and descriptions.

    From the CEPII product list when present, else 5,000 synthetic codes spread over
    chapters 01–97.
    """
    f = codes_dir / f"product_codes_{HS}_{VERSION}.csv" if codes_dir else None
    if f is not None and f.is_file():
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return np.array([int(r["code"]) for r in rows], dtype=np.int32), [r["description"] for r in rows]
    rng = rng or np.random.default_rng(0)
    chapters = np.array([c for c in range(1, 98) if c != 77])
    heading = rng.choice(chapters, 5000) * 100 + rng.integers(1, 100, 5000)
    codes = np.unique(heading * 100 + rng.integers(10, 100, 5000))
    return codes.astype(np.int32), [f"Product {c:06d}" for c in codes]


def _flow_probability_scale(a: np.ndarray, b: np.ndarray, p: np.ndarray, target: float) -> float:
    """Solve ``c`` so that Σ_{i≠j,k} min(1, c·a_i·b_j·p_k) = target.

    For one pair weight w = a_i·b_j, Σ_k min(1, c·w·p_k) = #{k: p_k ≥ 1/(c·w)} +
    c·w·Σ_{p_k < 1/(c·w)} p_k, evaluated for all pairs at once from sorted p.
    """
    ps = np.sort(p)
    csum = np.concatenate([[0.0], np.cumsum(ps)])
    w = np.outer(a, b)
    np.fill_diagonal(w, 0.0)
    w = w[w > 0]

    def expected(c: float) -> float:
        x = c * w
        n_below = np.searchsorted(ps, 1.0 / x, side="left")
        return float(np.sum(len(ps) - n_below) + np.sum(x * csum[n_below]))

    lo, hi = 0.0, 1.0
    while expected(hi) < target:
        hi *= 2.0
        if hi > 1e30:
            raise ValueError(f"cannot place {target:,.0f} flows in {len(w) * len(p):,} cells")
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if expected(mid) < target else (lo, mid)
    return hi


def make_year(rows: int, year: int, seed: int, countries: Countries, products: np.ndarray,
              na_share: float = 0.06) -> pa.Table:
    """One BACI year as an Arrow table with numeric columns t, i, j, k, v, q (q null when missing).

    Structure (who trades what) depends on ``seed`` only, with a small year-specific
    churn, so the years of a panel look like one evolving economy; values change by year.
    """
    n_c, n_k = len(countries.code), len(products)
    max_rows = n_c * (n_c - 1) * n_k
    if not 0 < rows <= max_rows:
        raise ValueError(f"rows must be in 1..{max_rows:,}, got {rows:,}")
    base = np.random.default_rng(seed)
    rng = np.random.default_rng([seed, year])
    # sizes: log-normal, biggest assigned to the known giants
    size = np.sort(base.lognormal(0.0, 1.6, n_c))[::-1]
    order = [np.flatnonzero(countries.code == g)[0] for g in GIANTS if g in set(countries.code.tolist())]
    rest = [n for n in base.permutation(n_c) if n not in set(order)]
    size_of = np.empty(n_c)
    size_of[order + rest] = size
    drift = rng.lognormal(0.0, 0.05, n_c)  # year-to-year change in economic size
    a = size_of * drift  # exporter capacity
    b = size_of ** 0.8 * rng.lognormal(0.0, 0.05, n_c)  # importer demand
    p = base.lognormal(0.0, 1.0, n_k) * rng.lognormal(0.0, 0.05, n_k)  # product popularity

    # oversample a little, then drop a uniform random excess so the count is exact
    slack = 6.0 * np.sqrt(rows) + 0.001 * rows
    c = _flow_probability_scale(a, b, p, rows + slack)
    while True:
        ii, jj, kk = [], [], []
        for n in range(n_c):
            prob = np.minimum(1.0, (c * a[n]) * np.outer(b, p)).astype(np.float32)
            prob[n, :] = 0.0
            hit = np.flatnonzero(rng.random(prob.shape, dtype=np.float32) < prob)
            ii.append(np.full(len(hit), n, dtype=np.int32))
            jj.append((hit // n_k).astype(np.int32))
            kk.append((hit % n_k).astype(np.int32))
        ei, ej, ek = (np.concatenate(x) for x in (ii, jj, kk))
        if len(ei) >= rows:
            break
        c *= 1.0 + 2.0 * (rows - len(ei)) / rows + 0.001  # rare: draw again with more slack
    if len(ei) > rows:
        keep = np.ones(len(ei), dtype=bool)
        keep[rng.choice(len(ei), len(ei) - rows, replace=False)] = False
        ei, ej, ek = ei[keep], ej[keep], ek[keep]

    # country codes are not sorted like their positions; sort rows by (i, j, k) codes
    ci, cj = countries.code.astype(np.int32)[ei], countries.code.astype(np.int32)[ej]
    kcode = products[ek]
    order_rows = np.lexsort((kcode, cj, ci))
    ei, ej, ek, ci, cj, kcode = (x[order_rows] for x in (ei, ej, ek, ci, cj, kcode))

    # value in thousand USD: heavy-tailed, larger for large partners
    log_v = rng.normal(0.0, 2.7, rows) + 0.5 * np.log(a[ei] * b[ej]) + 0.3 * np.log(p[ek])
    v = np.exp(log_v)
    # same value scale per flow whatever --rows is, so small and full files look alike
    v *= WORLD_TRADE_KUSD * rows / FULL_YEAR_ROWS / v.sum()
    v = np.maximum(np.round(v, 3), 0.001)
    # quantity in tonnes from a log-normal unit value per product (thousand USD per tonne)
    unit_value = base.lognormal(1.0, 1.5, n_k)
    q = np.maximum(np.round(v / (unit_value[ek] * rng.lognormal(0.0, 0.7, rows)), 3), 0.001)
    q_missing = rng.random(rows) < na_share
    return pa.table({
        "t": pa.array(np.full(rows, year, dtype=np.int16)),
        "i": pa.array(ci.astype(np.int16)),
        "j": pa.array(cj.astype(np.int16)),
        "k": pa.array(kcode),
        "v": pa.array(v),
        "q": pa.array(q, mask=q_missing),
    })


def _fixed3(x: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Format non-negative floats with exactly three decimals ("12.345", "0.050") via integer maths."""
    milli = pc.cast(pc.round(pc.multiply(x, 1000.0)), pa.int64())
    whole = pc.divide(milli, 1000)  # integer division: values are non-negative
    frac = pc.subtract(milli, pc.multiply(whole, 1000))
    return pc.binary_join_element_wise(pc.cast(whole, pa.string()),
                                       pc.utf8_lpad(pc.cast(frac, pa.string()), 3, "0"), ".")


def format_table(table: pa.Table, k_style: str = "int", na_style: str = "NA") -> pa.Table:
    """The text columns of a BACI CSV, ready to write unquoted."""
    if k_style not in K_STYLES:
        raise ValueError(f"k_style must be one of {K_STYLES}, got {k_style!r}")
    if na_style not in NA_STYLES:
        raise ValueError(f"na_style must be one of {NA_STYLES}, got {na_style!r}")
    k = pc.cast(table["k"], pa.string())
    if k_style in ("padded", "quoted"):
        k = pc.utf8_lpad(k, 6, "0")
    if k_style == "quoted":
        k = pc.binary_join_element_wise('"', k, '"', "")
    na = {"NA": "NA", "empty": "", "padded": "          NA"}[na_style]
    return pa.table({
        "t": table["t"], "i": table["i"], "j": table["j"], "k": k,
        "v": _fixed3(table["v"]),
        "q": pc.fill_null(_fixed3(table["q"]), na),
    })


def write_csv(table: pa.Table, path: Path, k_style: str = "int", na_style: str = "NA") -> Path:
    """Write a BACI year as CSV with the unquoted ``t,i,j,k,v,q`` header."""
    text = format_table(table, k_style, na_style)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(HEADER.encode())
        pacsv.write_csv(text, fh, pacsv.WriteOptions(include_header=False, quoting_style="none",
                                                     batch_size=1 << 16))
    tmp.replace(path)
    return path


def write_country_codes(countries: Countries, path: Path, delimiter: str = ",") -> Path:
    """The matching ``country_codes_V202301.csv`` (the CEPII columns)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        w.writerow(["country_code", "country_name_abbreviation", "country_name_full",
                    "iso_2digit_alpha", "iso_3digit_alpha"])
        for row in zip(countries.code.tolist(), countries.name, countries.name_full, countries.iso2,
                       countries.iso3):
            w.writerow(row)
    return path


def write_product_codes(codes: np.ndarray, names: list[str], path: Path) -> Path:
    """The matching ``product_codes_HS17_V202301.csv`` (``code`` without leading zero, as CEPII writes it)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["code", "description"])
        for c, d in zip(codes.tolist(), names):
            w.writerow([str(c), d])
    return path


def year_file_name(year: int) -> str:
    return f"BACI_{HS}_Y{year}_{VERSION}.csv"


def generate(rows: int = 11_000_000, year: int = 2019, years: int = 1, seed: int = 2019,
             out: Path = DEFAULT_OUT, zip_: bool = False, k_style: str = "int", na_style: str = "NA",
             na_share: float = 0.06, codes_dir: Path | None = CODES_DIR, codes_delimiter: str = ",",
             log=print) -> dict[str, object]:
    """Write ``years`` consecutive BACI years ending at ``year`` (plus code lists) under ``out``.

    Returns a dict with the paths written and the shape of each year.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    countries = load_countries(codes_dir)
    products, names = load_products(codes_dir)
    files: list[Path] = []
    shape: list[dict[str, int]] = []
    for y in range(year - years + 1, year + 1):
        t0 = time.perf_counter()
        table = make_year(rows, y, seed, countries, products, na_share)
        files.append(write_csv(table, out / year_file_name(y), k_style, na_style))
        shape.append({"year": y, "rows": table.num_rows,
                      "exporters": len(pc.unique(table["i"])), "importers": len(pc.unique(table["j"])),
                      "products": len(pc.unique(table["k"])), "bytes": files[-1].stat().st_size})
        log(f"{files[-1]}: {shape[-1]['rows']:,} rows, {shape[-1]['exporters']} exporters, "
            f"{shape[-1]['importers']} importers, {shape[-1]['products']} products, "
            f"{shape[-1]['bytes'] / 1e6:,.0f} MB in {time.perf_counter() - t0:.1f} s")
        del table
    cc = write_country_codes(countries, out / f"country_codes_{VERSION}.csv", codes_delimiter)
    pcodes = write_product_codes(products, names, out / f"product_codes_{HS}_{VERSION}.csv")
    result: dict[str, object] = {"files": files, "country_codes": cc, "product_codes": pcodes, "shape": shape}
    if zip_:
        zpath = out / f"BACI_{HS}_{VERSION}.zip"
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for f in [*files, cc, pcodes]:
                zf.write(f, f.name)
        result["zip"] = zpath
        log(f"{zpath}: {zpath.stat().st_size / 1e6:,.0f} MB")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=11_000_000, help="rows per year (default 11,000,000)")
    ap.add_argument("--year", type=int, default=2019, help="last (or only) year (default 2019)")
    ap.add_argument("--years", type=int, default=1, help="number of consecutive years ending at --year")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--zip", action="store_true", help="also pack years and code lists in one zip, as CEPII ships them")
    ap.add_argument("--k-style", choices=K_STYLES, default="int",
                    help="HS6 code as 10121 (int, release V202301), 010121 (padded) or \"010121\" (quoted)")
    ap.add_argument("--na-style", choices=NA_STYLES, default="NA",
                    help="missing quantity as NA, empty, or whitespace-padded NA (stress variant)")
    ap.add_argument("--na-share", type=float, default=0.06, help="share of flows with missing quantity")
    ap.add_argument("--codes-dir", type=Path, default=CODES_DIR,
                    help="folder with the CEPII code lists (synthetic codes when absent)")
    ap.add_argument("--codes-delimiter", default=",", help="delimiter of the country-codes file written")
    args = ap.parse_args(argv)
    if Path(args.out).resolve().is_relative_to(REPO):
        ap.error(f"--out {args.out} is inside the repository; generated data must stay outside it")
    generate(args.rows, args.year, args.years, args.seed, args.out, args.zip, args.k_style, args.na_style,
             args.na_share, args.codes_dir, args.codes_delimiter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
