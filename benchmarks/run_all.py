"""Run every benchmark, print a markdown table and write the figures as JSON.

Usage::

    python benchmarks/run_all.py                 # everything, full-size (11M-row) BACI years
    python benchmarks/run_all.py --quick         # 1.1M rows, 3-year panel, 1 repeat: a dry run
    python benchmarks/run_all.py --only load,report --repeat 5   # groups: load, indicators, report, panel, uncertainty
    python benchmarks/run_all.py --clean         # delete the generated data afterwards

Generated data live in ``$EXPOSURE_BENCH_DIR`` (default ``/tmp/exposure-bench``) and
are reused between runs; the results go to ``benchmarks/results/latest.json`` unless
``--json`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_indicators  # noqa: E402
import bench_load  # noqa: E402
import bench_panel  # noqa: E402
import bench_report  # noqa: E402
from _common import BENCH_DIR, FULL_ROWS, HERE, Figure, loadavg, log, machine  # noqa: E402

# "uncertainty" runs in this process (bench_uncertainty imports the package): last, so that
# its memory cannot leak into the ru_maxrss of a later child (see _common.measure).
GROUPS = ("load", "indicators", "report", "panel", "uncertainty")


def fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "MB":
        return f"{v:,.0f} MB"
    if unit == "×":
        return f"{v:.2f}×"
    return f"{v:.2f} {unit}"


def table(figs: list[Figure]) -> str:
    rows = ["| figure | value | target | met | note |", "|---|---|---|---|---|"]
    for f in figs:
        met = {True: "yes", False: "**no**", None: "—" if not f.target else "not measured"}[f.met]
        rows.append(f"| {f.what} (`{f.id}`) | {fmt(f.value, f.unit)} | {f.target or '—'} | {met} | "
                    f"{f.note.replace('|', '/')} |")
    return "\n".join(rows)


def _uncertainty(repeat: int, draws: int) -> list[Figure]:
    import bench_uncertainty  # imported here: it loads the package into this process

    return bench_uncertainty.run(repeat, draws)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated among {', '.join(GROUPS)}")
    ap.add_argument("--repeat", type=int, default=3, help="alternated runs per timing (median reported)")
    ap.add_argument("--rows", type=int, default=FULL_ROWS, help="rows of a BACI year")
    ap.add_argument("--years", type=int, default=10, help="years of the panel benchmark")
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="1.1M rows, 3-year panel, 1 repeat")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--clean", action="store_true", help=f"delete {BENCH_DIR} at the end")
    a = ap.parse_args(argv)
    if a.quick:
        a.rows, a.years, a.repeat = FULL_ROWS // 10, 3, 1
    only = [g.strip() for g in a.only.split(",") if g.strip()]
    unknown = set(only) - set(GROUPS)
    if unknown:
        ap.error(f"unknown group(s) {', '.join(sorted(unknown))}")

    t0 = time.time()
    info = machine()
    figs: list[Figure] = []
    load: dict[str, list[float]] = {}
    runners = {"load": lambda: bench_load.run(a.repeat, a.rows), "indicators": lambda: bench_indicators.run(a.rows),
               "report": lambda: bench_report.run(a.repeat, a.rows, a.draws),
               "panel": lambda: bench_panel.run(a.years, a.rows),
               "uncertainty": lambda: _uncertainty(a.repeat, a.draws)}
    for group in GROUPS:
        if group in only:
            before = loadavg()
            figs += runners[group]()
            load[group] = [before, loadavg()]
    elapsed = time.time() - t0

    print(f"Benchmarks, {info['date']} — {info['nproc']} cores, {info['cpu']}, "
          f"Python {info['python']}, commit {info['commit']}\n")
    print(table(figs))
    print(f"\n({elapsed / 60:.1f} min; rows per BACI year {a.rows:,}; repeat {a.repeat}; 1-min load average "
          f"before/after each group: {', '.join(f'{g} {b:.1f}/{e:.1f}' for g, (b, e) in load.items())} "
          f"on {info['nproc']} cores)")
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps({"machine": info, "params": {"rows": a.rows, "years": a.years,
                                                               "repeat": a.repeat, "draws": a.draws,
                                                               "groups": only},
                                  "elapsed_s": elapsed, "loadavg": load, "figures": [f.as_dict() for f in figs]},
                                 indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {a.json}")
    if a.clean:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
        log(f"deleted {BENCH_DIR}")
    return 1 if any(f.met is False for f in figs) else 0


if __name__ == "__main__":
    sys.exit(main())
