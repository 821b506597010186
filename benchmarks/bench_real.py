"""The real run: the five-scenario report with 1,000 draws on the public data in ``../shared/data``.

Figures (targets in brackets), each measured in fresh interpreters:

- ``real_report_cpu_s``: ``exposure report --imports KJimport2018.csv --io OECD IOT 2015 --profile
  census 2015 --scenario ×5 --draws 1000 --out TMP``, CPU of the process (user + system), median
  of ``--repeat`` runs; wall, peak RSS and the output's size beside it [≤ 10 CPU s];
- ``real_stages``: the same run in one process, by stage (:mod:`_stages`): interpreter start,
  imports, reading, measuring, linking, scoring, screens, Monte Carlo, each writer (table
  printed by ``run_all.py``);
- ``real_mc_<S>x<N>_cpu_s``: :func:`exposure.uncertainty.simulate_all` alone on those scored
  scenarios, S = 1 or 5 scenarios, N = 100 / 1,000 / 10,000 draws, CPU and the operation's own
  peak memory [5 × 1,000 ≤ 2 CPU s]; ``real_mc_peak_10k_vs_1k``: its peak at 10,000 draws over
  the peak at 1,000 [the same peak, ≤ 1.1×]; ``real_mc_attach_5x1000_cpu_s``: the whole
  :func:`exposure.uncertainty.attach` (intervals, sensitivity, threshold sweep).

The Monte Carlo children run numpy's BLAS on one thread (``OPENBLAS_NUM_THREADS=1``), as the
CLI sets it for itself. Everything is skipped, with a figure saying so, when ``../shared/data``
(or ``$EXPOSURE_SHARED_DATA``) is absent.

Run alone: ``python benchmarks/bench_real.py [--repeat 3] [--quick] [--profile]``; ``--profile``
also writes the cProfile hotspots of the run to ``results/profile_real.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import HERE, PY, REPO, Figure, Run, cli, log, measure, median  # noqa: E402
from _stages import breakdown  # noqa: E402

SHARED = Path(os.environ.get("EXPOSURE_SHARED_DATA", REPO.parent / "shared" / "data"))
FILES = {"imports": "comtrade_kor_jpn/KJimport2018.csv",
         "io": "io_kor/OECD_IOT2018ed_KOR2015_TTL_transactions_raw.csv",
         "profile": "census/economic_census_2015_mining_manufacturing.csv"}
SCENARIOS = ("2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")
DRAWS = 1000
TARGET_REPORT_CPU = 10.0
TARGET_MC_CPU = 2.0
TARGET_MC_PEAK = 1.1


def missing_files() -> list[str]:
    return [rel for rel in FILES.values() if not (SHARED / rel).is_file()]


def report_args(out: str | Path, draws: int = DRAWS, scenarios: tuple[str, ...] = SCENARIOS) -> list[str]:
    """The real run's command line (after ``exposure``)."""
    args = ["report"] + [x for role, rel in FILES.items() for x in (f"--{role}", str(SHARED / rel))]
    args += [x for s in scenarios for x in ("--scenario", s)]
    return args + ["--draws", str(draws), "--out", str(out)]


def _folder_size(path: Path) -> tuple[float, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def _child_run(task: str, *args: str, timeout: float = 1800) -> Run:
    return measure([PY, str(HERE / "_child_run.py"), task, *args], timeout=timeout)


def skipped(why: str) -> list[Figure]:
    return [Figure("real_skipped", "real-data benchmarks (report, stages, Monte Carlo)", None, "",
                   "≤ 10 CPU s; MC ≤ 2 CPU s", None, f"skipped: {why}")]


# ------------------------------------------------------------------------------------ (a) end to end
def end_to_end(repeat: int) -> list[Figure]:
    runs, sizes = [], []
    for n in range(repeat):
        with tempfile.TemporaryDirectory(prefix="exposure-bench-real-") as tmp:
            out = Path(tmp) / "report"
            r = cli(*report_args(out))
            if r.ok() and not (out / "exposure_report.xlsx").is_file():
                r.rc, r.stderr = -1, "the report ran but wrote no workbook"
            sizes.append(_folder_size(out) if r.ok() else (0.0, 0))
        runs.append(r)
        log(f"  [{n + 1}/{repeat}] real report: CPU {r.cpu_s:.2f} s, wall {r.wall_s:.2f} s, peak "
            f"{r.maxrss_mb:,.0f} MB" + ("" if r.ok() else f" FAILED {r.failure()}"))
    ok = [r for r in runs if r.ok()]
    what = f"real-data report, 5 scenarios × {DRAWS:,} draws, CPU end to end (`exposure report …`)"
    if not ok:
        return [Figure("real_report_cpu_s", what, None, "CPU s", f"≤ {TARGET_REPORT_CPU:g} CPU s", None,
                       f"not runnable: {runs[0].failure()}")]
    cpu = median([r.cpu_s for r in ok])
    mb, nfiles = sizes[runs.index(ok[0])]
    return [Figure("real_report_cpu_s", what, cpu, "CPU s", f"≤ {TARGET_REPORT_CPU:g} CPU s",
                   cpu <= TARGET_REPORT_CPU,
                   f"median of {len(ok)} (of it {median([r.sys_s for r in ok]):.2f} s in the kernel); wall "
                   f"{median([r.wall_s for r in ok]):.2f} s; peak RSS "
                   f"{median([r.maxrss_mb for r in ok]):,.0f} MB; output {mb:.1f} MB in {nfiles} files",
                   {"cpu_runs_s": [r.cpu_s for r in runs], "sys_runs_s": [r.sys_s for r in runs],
                    "wall_runs_s": [r.wall_s for r in runs],
                    "maxrss_runs_mb": [r.maxrss_mb for r in runs], "output_mb": mb, "output_files": nfiles,
                    "command": "exposure " + " ".join(report_args("TMP"))})]


# ------------------------------------------------------------------------------------ (b) by stage
def stages(args: list[str], fid: str, what: str) -> Figure:
    """One instrumented run of ``exposure ARGS`` (``--out`` appended) by stage."""
    with tempfile.TemporaryDirectory(prefix="exposure-bench-stages-") as tmp:
        out_json = Path(tmp) / "stages.json"
        r = _child_run("stages", str(out_json), "--", *args, "--out", str(Path(tmp) / "report"))
        d = json.loads(out_json.read_text(encoding="utf-8")) if out_json.is_file() else None
    if not r.ok() or d is None or d.get("exit") != 0:
        tail = " | ".join((r.stderr or r.stdout).strip().splitlines()[-2:])
        return Figure(fid, what, None, "CPU s", note=f"not runnable (exit {r.rc if not r.ok() else d.get('exit')}): "
                                                     f"{tail}")
    rows = breakdown(d)
    d["imports"]["by_package"] = dict(list(d["imports"]["by_package"].items())[:25])
    gone = ", ".join(sorted(d.get("missing", {})))
    return Figure(fid, what, d["total_cpu_s"], "CPU s",
                  note=f"process CPU {r.cpu_s:.2f} s, wall {r.wall_s:.2f} s; BLAS threads {d.get('blas_threads')}"
                       + (f"; not found in the package (renamed?): {gone}" if gone else ""),
                  details={"breakdown": rows, "raw": d, "maxrss_mb": r.maxrss_mb})


# ------------------------------------------------------------------------------------ (c) Monte Carlo
def _mc(scenarios: tuple[str, ...], draws: int, op: str = "simulate_all", repeat: int = 1,
        inputs: object | None = None) -> Run:
    spec = {"inputs": inputs if inputs is not None else
            {role: ([str(SHARED / rel)] if role != "profile" else str(SHARED / rel)) for role, rel in FILES.items()},
            "scenarios": list(scenarios), "draws": draws, "op": op, "repeat": repeat}
    r = _child_run("mc", json.dumps(spec))
    log(f"  MC {op} {len(scenarios)} scenario(s) × {draws:,}: " + (
        f"CPU {r.child['op_cpu_s']:.2f} s, peak +{r.child['peak_inc_mb']:,.0f} MB (setup {r.child['setup_cpu_s']:.1f} s)"
        if r.ok() else r.failure()))
    return r


def monte_carlo(repeat: int, quick: bool) -> list[Figure]:
    figs: list[Figure] = []
    grid = (100, 1000) if quick else (100, 1000, 10000)
    got: dict[tuple[int, int], Run] = {}
    for scen in (SCENARIOS[:1], SCENARIOS):
        for n in grid:
            r = _mc(scen, n, repeat=repeat if n <= 1000 else 1)
            got[(len(scen), n)] = r
            fid = f"real_mc_{len(scen)}x{n}_cpu_s"
            what = f"Monte Carlo alone (uncertainty.simulate_all), real data, {len(scen)} × {n:,} draws"
            target = f"≤ {TARGET_MC_CPU:g} CPU s" if (len(scen), n) == (5, 1000) else ""
            if not r.ok():
                figs.append(Figure(fid, what, None, "CPU s", target, None, f"not runnable: {r.failure()}"))
                continue
            c = r.child
            figs.append(Figure(fid, what, c["op_cpu_s"], "CPU s", target,
                               (c["op_cpu_s"] <= TARGET_MC_CPU) if target else None,
                               f"wall {c['op_s']:.2f} s; peak +{c['peak_inc_mb']:,.0f} MB over {c['rss_before_mb']:,.0f}"
                               f" MB; draws kept {c['result_mb']:,.1f} MB; one BLAS thread"
                               + (f"; median of {repeat}" if n <= 1000 and repeat > 1 else ""), c))
    a, b = got.get((5, 1000)), got.get((5, grid[-1]))
    if grid[-1] == 10000 and a and b and a.ok() and b.ok():
        ratio = b.child["peak_inc_mb"] / a.child["peak_inc_mb"]
        work_a = a.child["peak_inc_mb"] - a.child["result_mb"]
        work_b = b.child["peak_inc_mb"] - b.child["result_mb"]
        figs.append(Figure("real_mc_peak_10k_vs_1k", "Monte Carlo peak memory, 5 × 10,000 draws / 5 × 1,000",
                           ratio, "×", f"≤ {TARGET_MC_PEAK:g}× (same peak)", ratio <= TARGET_MC_PEAK,
                           f"+{b.child['peak_inc_mb']:,.0f} MB vs +{a.child['peak_inc_mb']:,.0f} MB; less the draws "
                           f"the result keeps ({b.child['result_mb']:,.0f} vs {a.child['result_mb']:,.1f} MB): "
                           f"working memory {work_b:,.0f} vs {work_a:,.0f} MB (chunks of {a.child['chunk_mb']} MB)"))
    r = _mc(SCENARIOS, DRAWS, op="attach", repeat=repeat)
    what = f"Monte Carlo with its outputs (uncertainty.attach), real data, 5 × {DRAWS:,} draws"
    figs.append(Figure("real_mc_attach_5x1000_cpu_s", what, r.child.get("op_cpu_s") if r.ok() else None, "CPU s",
                       note=(f"wall {r.child['op_s']:.2f} s; peak +{r.child['peak_inc_mb']:,.0f} MB; intervals, "
                             f"sensitivity and threshold sweep included") if r.ok() else f"not runnable: {r.failure()}",
                       details=r.child))
    return figs


# ------------------------------------------------------------------------------------ hotspots
def hotspots(args: list[str], path: Path) -> dict:
    """cProfile of one run of ``exposure ARGS --out TMP``, written to ``path``; the dict."""
    with tempfile.TemporaryDirectory(prefix="exposure-bench-profile-") as tmp:
        r = _child_run("profile", str(path), "--", *args, "--out", str(Path(tmp) / "report"))
    if not r.ok() or not path.is_file():
        log(f"  profile failed: {r.failure()}")
        return {}
    d = json.loads(path.read_text())
    log(f"  profile written to {path}; package functions by own time:")
    for row in d["package_by_own"][:12]:
        log(f"    {row['own_s']:6.2f} s own, {row['cum_s']:6.2f} s cum  {row['function']}")
    return d


def run(repeat: int = 3, quick: bool = False, profile: bool = False) -> list[Figure]:
    gone = missing_files()
    if gone:
        return skipped(f"../shared/data absent ({SHARED}: {', '.join(gone)} not found)")
    log(f"real: the five-scenario report with {DRAWS:,} draws on {SHARED}, {repeat} run(s)")
    figs = end_to_end(repeat)
    log("real: stage breakdown")
    figs.append(stages(report_args("X")[:-2], "real_stages", "real-data report by stage (one run, CPU s)"))
    log("real: Monte Carlo alone")
    figs += monte_carlo(repeat, quick)
    if profile:
        hotspots(report_args("X")[:-2], HERE / "results" / "profile_real.json")
    return figs


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    for f in run(a.repeat, a.quick, a.profile):
        print(f"{f.id}: {f.value} {f.unit} target {f.target or '—'} met {f.met} — {f.note}")
        for row in f.details.get("breakdown", []):
            print(f"    {row['stage']:<50} {row['cpu_s']:6.2f}  {row['note']}")
