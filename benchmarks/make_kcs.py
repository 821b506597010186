"""Seeded generator of Korea Customs (K-stat) "품목별·국가별 수입" CSV downloads at any size.

The download analysts take from the Korea Customs Service trade statistics (수출입 실적,
품목별·국가별) is a CP949 CSV, every text cell quoted, amounts in thousand USD and weights
in tonnes, the grand total first::

    기간,국가,HS코드,품목명,수입 중량,수입 금액
    "총계","","","",183542200.3,362914618
    "2017.01","가나","2505101000","규사 (유리 제조용)",20.7,1

(the layout of ``datasets/demo/parts_imports_by_country_2017_2019.csv``, the real download in
``../shared/data/kcs`` and the built-in mapping ``kcs_trade_by_country``). This script writes
such files at HSK10 × partner × month, sorted by period, partner and code as the portal
does, for the benchmarks of the loader (``bench_kcs.py``):

- **partners**: the Korea Customs spellings (``name_ko_customs``) of the countries in the
  project's country table, so every name loads; sizes log-normal, so China, the US and
  Japan appear in most products and small economies in a few;
- **products**: HSK 10-digit codes under the HS6 codes of the project's BEC table, with
  Korean names (``"화학공업 생산품 (1000)"``); popularity log-normal;
- **rows**: distinct (month, partner, code) cells over 36 months from January 2017,
  drawn so that the count is exact; ``--flows XM`` adds export columns and 무역수지 as in
  the real portal download;
- **values**: thousand USD as whole numbers, heavy-tailed (log-normal); about 3 % of rows
  are 0 (the portal writes 0 below USD 500), weights with one decimal;
- the first data row is ``총계`` with the sums of the columns below it.

Same arguments and seed → the same bytes. Files go under ``/tmp/exposure-bench/kcs`` by
default, never into the repository.

Examples
--------
::

    python benchmarks/make_kcs.py --rows 500000            # one file
    python benchmarks/make_kcs.py --sizes                  # 0.5M, 1.5M and 5M rows
    python benchmarks/make_kcs.py --rows 20000 --flows XM --encoding utf-8-sig --out /tmp/k
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_OUT = Path("/tmp/exposure-bench/kcs")
SIZES = (500_000, 1_500_000, 5_000_000)
MONTHS = 36
FIRST_YEAR = 2017
HEADERS = {"M": ["기간", "국가", "HS코드", "품목명", "수입 중량", "수입 금액"],
           "XM": ["기간", "국가", "HS코드", "품목명", "수출 중량", "수출 금액", "수입 중량", "수입 금액", "무역수지"]}
#: words for the names of HS chapters 01–99 (groups of chapters share one)
_CHAPTER_WORDS = [(5, "동물성 생산품"), (14, "식물성 생산품"), (15, "동식물성 유지"), (24, "조제 식료품"), (27, "광물성 생산품"),
                  (38, "화학공업 생산품"), (40, "플라스틱과 고무"), (43, "원피와 가죽"), (46, "목재"), (49, "펄프와 종이"),
                  (63, "방직용 섬유"), (67, "신발류"), (70, "석·도자·유리 제품"), (71, "귀금속"), (83, "비금속 제품"),
                  (85, "기계류와 전기기기"), (89, "수송기기"), (92, "광학·정밀기기"), (97, "잡품"), (99, "특수 분류")]


def partners() -> list[str]:
    """Korea Customs spellings of current countries, in 가나다 order (as the portal sorts them)."""
    from exposure.codes.countries import country_table

    table = country_table()
    table = table[(table["current"] == "1") & (table["name_ko_customs"] != "")]
    return sorted(set(table["name_ko_customs"]))


def products(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` distinct HSK10 codes under real HS6 codes, and Korean names, sorted by code."""
    from importlib import resources

    import pandas as pd

    with (resources.files("exposure.codes") / "data" / "hs6_bec.csv").open("r", encoding="utf-8") as fh:
        hs6 = np.array(sorted(set(pd.read_csv(fh, dtype=str)["hs6"])))
    base = rng.choice(hs6, n)
    tail = rng.integers(0, 10, (n, 4))
    tail[:, 3] = 0  # the tenth digit is mostly 0 in HSK
    codes = np.unique(np.char.add(base.astype("U6"), np.array(["".join(map(str, t)) for t in tail])))
    while len(codes) < n:  # rare: collisions; draw the rest
        more = np.char.add(rng.choice(hs6, n - len(codes)).astype("U6"),
                           np.char.zfill(rng.integers(0, 10_000, n - len(codes)).astype("U4"), 4))
        codes = np.unique(np.concatenate([codes, more]))
    codes = codes[:n]
    chapter = np.array([int(c[:2]) for c in codes])
    bounds = np.array([b for b, _ in _CHAPTER_WORDS])
    words = np.array([w for _, w in _CHAPTER_WORDS])[np.searchsorted(bounds, chapter)]
    names = np.array([f"{w} ({c[6:]})" for w, c in zip(words, codes)])
    return codes, names


def make_rows(rows: int, seed: int) -> dict[str, np.ndarray]:
    """Exactly ``rows`` distinct (month, partner, product) cells with amounts and weights, sorted."""
    rng = np.random.default_rng(seed)
    names_p = np.array(partners())
    n_p = len(names_p)
    n_c = max(200, min(12_000, int(rows / MONTHS / 25)))  # ~25 partners per product and month
    codes, names_c = products(n_c, rng)
    size_p = rng.lognormal(0.0, 1.6, n_p)
    pop_c = rng.lognormal(0.0, 1.0, n_c)
    # (partner, product) pairs that trade, weighted by size × popularity; each trades in ~85 % of months
    n_pairs = min(n_p * n_c, int(np.ceil(rows / MONTHS / 0.85)) + 1)
    if rows > n_p * n_c * MONTHS:
        raise ValueError(f"at most {n_p * n_c * MONTHS:,} rows fit {n_p} partners × {n_c} products × {MONTHS} months")
    w = np.outer(size_p, pop_c).ravel()
    keys = rng.random(len(w)) ** (1.0 / w)  # weighted sampling without replacement (Efraimidis–Spirakis)
    pairs = np.argpartition(keys, -n_pairs)[-n_pairs:]
    cells = (np.arange(MONTHS, dtype=np.int64)[:, None] * (n_p * n_c) + pairs[None, :]).ravel()
    cells = np.sort(rng.choice(cells, rows, replace=False))
    month, pair = np.divmod(cells, n_p * n_c)
    p, c = np.divmod(pair, n_c)
    # the portal sorts by period, partner, code: cells are already in that order
    log_v = rng.normal(0.0, 2.2, rows) + 0.6 * np.log(size_p[p]) + 0.4 * np.log(pop_c[c]) + 3.0
    value = np.floor(np.exp(log_v)).astype(np.int64)
    value[rng.random(rows) < 0.03] = 0
    unit_value = rng.lognormal(1.0, 1.5, n_c)  # thousand USD per tonne
    weight = np.round(np.maximum(value, 0.4) / unit_value[c] * rng.lognormal(0.0, 0.5, rows), 1)
    period = np.array([f"{FIRST_YEAR + m // 12}.{m % 12 + 1:02d}" for m in range(MONTHS)])[month]
    return {"period": period, "partner": names_p[p], "code": codes[c], "name": names_c[c], "weight": weight,
            "value": value, "rng": rng}


def _lines(d: dict[str, np.ndarray], lo: int, hi: int, flows: str) -> str:
    """CSV lines of rows lo..hi as the portal writes them: text quoted, numbers bare."""
    q = '"'
    parts = [np.char.add(np.char.add(q, d[k][lo:hi]), q) for k in ("period", "partner", "code", "name")]
    wm = np.char.mod("%.1f", d["weight"][lo:hi])
    vm = d["value"][lo:hi].astype("U")
    if flows == "M":
        cols = parts + [wm, vm]
    else:
        cols = parts + [np.char.mod("%.1f", d["x_weight"][lo:hi]), d["x_value"][lo:hi].astype("U"), wm, vm,
                        (d["x_value"][lo:hi] - d["value"][lo:hi]).astype("U")]
    out = cols[0]
    for col in cols[1:]:
        out = np.char.add(np.char.add(out, ","), col)
    return "\n".join(out.tolist()) + "\n"


def write(rows: int, path: Path, seed: int = 2019, flows: str = "M", encoding: str = "cp949",
          chunk: int = 250_000) -> Path:
    """Write one download of ``rows`` data rows (plus the 총계 row) to ``path``."""
    if flows not in HEADERS:
        raise ValueError(f"flows must be M or XM, got {flows!r}")
    d = make_rows(rows, seed)
    if flows == "XM":
        rng = d["rng"]
        d["x_value"] = np.floor(d["value"] * rng.lognormal(-0.5, 1.0, rows)).astype(np.int64)
        d["x_weight"] = np.round(d["weight"] * rng.lognormal(-0.5, 1.0, rows), 1)
    total = ['"총계"', '""', '""', '""']
    if flows == "M":
        total += [f"{d['weight'].sum():.1f}", str(int(d["value"].sum()))]
    else:
        total += [f"{d['x_weight'].sum():.1f}", str(int(d["x_value"].sum())), f"{d['weight'].sum():.1f}",
                  str(int(d["value"].sum())), str(int(d["x_value"].sum() - d["value"].sum()))]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write((",".join(HEADERS[flows]) + "\n" + ",".join(total) + "\n").encode(encoding))
        for lo in range(0, rows, chunk):
            # the BOM (utf-8-sig) goes once, before the header
            fh.write(_lines(d, lo, min(rows, lo + chunk), flows).encode(encoding.replace("-sig", "")))
    tmp.replace(path)
    return path


def file_name(rows: int, flows: str = "M", encoding: str = "cp949", seed: int = 2019) -> str:
    side = "imports" if flows == "M" else "trade"
    return f"kcs_{side}_hsk10_by_country_monthly_{rows}_{encoding}_s{seed}.csv"


def generate(rows: int, out: Path = DEFAULT_OUT, seed: int = 2019, flows: str = "M", encoding: str = "cp949",
             log=print) -> Path:
    """Write one file under ``out`` (named by its parameters) and return its path."""
    t0 = time.perf_counter()
    path = write(rows, Path(out) / file_name(rows, flows, encoding, seed), seed, flows, encoding)
    log(f"{path}: {rows:,} rows + 총계, {path.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - t0:.1f} s")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=500_000, help="data rows, 총계 not counted (default 500,000)")
    ap.add_argument("--sizes", action="store_true", help=f"write the benchmark sizes {', '.join(map(str, SIZES))}")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--flows", choices=sorted(HEADERS), default="M", help="M: imports only (default); XM: both")
    ap.add_argument("--encoding", choices=("cp949", "utf-8", "utf-8-sig"), default="cp949")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = ap.parse_args(argv)
    if Path(args.out).resolve().is_relative_to(REPO):
        ap.error(f"--out {args.out} is inside the repository; generated data must stay outside it")
    for rows in (SIZES if args.sizes else (args.rows,)):
        generate(rows, args.out, args.seed, args.flows, args.encoding)
    return 0


if __name__ == "__main__":
    sys.exit(main())
