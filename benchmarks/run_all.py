"""Run the benchmarks, print every target with its measured value and whether it is met, write the JSON.

Usage::

    python benchmarks/run_all.py                 # every group, full sizes (BACI 11M rows, KCS 0.5/1.5/5M rows)
    python benchmarks/run_all.py --quick         # a dry run: 1.1M BACI rows, 0.5M KCS rows, 3-year panel, 1 repeat
    python benchmarks/run_all.py --only real,startup --repeat 5
    python benchmarks/run_all.py --profile       # also cProfile hotspots of the real and demo reports
    python benchmarks/run_all.py --clean         # delete the generated data afterwards

Groups: ``load`` (BACI loader vs typed read_csv), ``kcs`` (Korea Customs CSV loader and inspect),
``indicators`` (world HHI), ``report`` (demo report, world report), ``startup`` (import floor,
``--help``), ``real`` (the five-scenario report with 1,000 draws on ``../shared/data``: end to end,
by stage, Monte Carlo alone; skipped when the data are absent), ``uncertainty`` (demo Monte
Carlo), ``panel`` (ten BACI years). Generated data live in ``$EXPOSURE_BENCH_DIR`` (default
``/tmp/exposure-bench``) and are reused; results go to ``benchmarks/results/latest.json``.
Exit status 1 when a measured target is not met.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_DIR, FULL_ROWS, HERE, Figure, loadavg, log, machine  # noqa: E402

GROUPS = ("load", "kcs", "indicators", "report", "startup", "real", "uncertainty", "panel")


def fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "MB":
        return f"{v:,.0f} MB"
    if unit == "×":
        return f"{v:.2f}×"
    return f"{v:.3f} {unit}" if abs(v) < 1 else f"{v:.2f} {unit}"


def met_text(f: Figure) -> str:
    if f.met is True:
        return "yes"
    if f.met is False:
        return "**no**"
    return "not measured" if f.target else "—"


def table(figs: list[Figure]) -> str:
    rows = ["| figure | measured | target | met | note |", "|---|---|---|---|---|"]
    for f in figs:
        rows.append(f"| {f.what} (`{f.id}`) | {fmt(f.value, f.unit)} | {f.target or '—'} | {met_text(f)} | "
                    f"{f.note.replace('|', '/')} |")
    return "\n".join(rows)


def targets(figs: list[Figure]) -> str:
    """One line per target: measured, target, met."""
    lines = []
    for f in figs:
        if f.target:
            lines.append(f"  {met_text(f).strip('*'):<12} {f.id:<34} measured {fmt(f.value, f.unit):<12} "
                         f"target {f.target}")
    return "\n".join(lines)


def breakdowns(figs: list[Figure]) -> str:
    out = []
    for f in figs:
        rows = f.details.get("breakdown") if isinstance(f.details, dict) else None
        if rows:
            out.append(f"\n{f.what} (`{f.id}`):\n\n| stage | CPU s | note |\n|---|---|---|")
            out += [f"| {r['stage']} | {r['cpu_s']:.2f} | {str(r.get('note', '')).replace('|', '/')} |" for r in rows]
    return "\n".join(out)


def _guard(group: str, fn: Callable[[], list[Figure]]) -> list[Figure]:
    """A group that breaks (the package changed under it) gives one figure saying why; the others still run."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - a benchmark failure must not hide the other groups' figures
        log(f"{group}: failed: {type(exc).__name__}: {exc}")
        return [Figure(f"{group}_failed", f"group {group}", None, "", "", None,
                       f"the benchmark itself failed: {type(exc).__name__}: {exc}")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated among {', '.join(GROUPS)}")
    ap.add_argument("--repeat", type=int, default=3, help="alternated runs per timing (median reported)")
    ap.add_argument("--rows", type=int, default=FULL_ROWS, help="rows of a BACI year")
    ap.add_argument("--years", type=int, default=10, help="years of the panel benchmark")
    ap.add_argument("--draws", type=int, default=1000, help="draws of the demo Monte Carlo figures")
    ap.add_argument("--quick", action="store_true", help="a dry run: small sizes, 1 repeat")
    ap.add_argument("--profile", action="store_true", help="also write cProfile hotspots (results/profile_*.json)")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--clean", action="store_true", help=f"delete {BENCH_DIR} at the end")
    a = ap.parse_args(argv)
    kcs_sizes = None
    if a.quick:
        a.rows, a.years, a.repeat, kcs_sizes = FULL_ROWS // 10, 3, 1, [500_000]
    only = [g.strip() for g in a.only.split(",") if g.strip()]
    unknown = set(only) - set(GROUPS)
    if unknown:
        ap.error(f"unknown group(s) {', '.join(sorted(unknown))}; groups: {', '.join(GROUPS)}")

    import bench_indicators
    import bench_kcs
    import bench_load
    import bench_panel
    import bench_real
    import bench_report
    import bench_startup
    import bench_uncertainty

    runners = {"load": lambda: bench_load.run(a.repeat, a.rows),
               "kcs": lambda: bench_kcs.figures(kcs_sizes, a.repeat),
               "indicators": lambda: bench_indicators.run(a.rows),
               "report": lambda: bench_report.run(a.repeat, a.rows, a.draws),
               "startup": lambda: bench_startup.run(max(a.repeat, 3) if not a.quick else 1, a.profile),
               "real": lambda: bench_real.run(a.repeat, a.quick, a.profile),
               "uncertainty": lambda: bench_uncertainty.run(a.repeat, a.draws),
               "panel": lambda: bench_panel.run(a.years, a.rows)}
    t0 = time.time()
    info = machine()
    figs: list[Figure] = []
    load: dict[str, list[float]] = {}
    spent: dict[str, float] = {}
    for group in GROUPS:
        if group in only:
            before, g0 = loadavg(), time.time()
            got = _guard(group, runners[group])
            for f in got:
                f.details = {**(f.details or {}), "group": group}
            figs += got
            load[group] = [before, loadavg()]
            spent[group] = time.time() - g0
    elapsed = time.time() - t0
    # a shared checkout: say whether the package changed while the figures were taken
    info["uncommitted_at_end"] = machine()["uncommitted"]
    info["commit_at_end"] = machine()["commit"]

    print(f"Benchmarks, {info['date']} — {info['nproc']} cores, {info['cpu']}, {(info['memory'].split() + ['?', '?'])[1]} RAM, "
          f"Python {info['python']}, commit {info['commit']}"
          + (f" with {len(info['uncommitted'])} uncommitted package file(s)" if info.get("uncommitted") else "")
          + "\n")
    print(table(figs))
    print(breakdowns(figs))
    print(f"\nTargets (measured / target / met):\n{targets(figs)}")
    print(f"\n({elapsed / 60:.1f} min; BACI rows per year {a.rows:,}; repeat {a.repeat}; 1-min load average "
          f"before/after each group: {', '.join(f'{g} {b:.1f}/{e:.1f}' for g, (b, e) in load.items())} "
          f"on {info['nproc']} cores)")
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps({"machine": info, "params": {"rows": a.rows, "years": a.years, "repeat": a.repeat,
                                                               "draws": a.draws, "groups": only, "quick": a.quick},
                                  "elapsed_s": elapsed, "group_s": spent, "loadavg": load,
                                  "figures": [f.as_dict() for f in figs]},
                                 indent=1, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {a.json}")
    if a.clean:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
        log(f"deleted {BENCH_DIR}")
    return 1 if any(f.met is False for f in figs) else 0


if __name__ == "__main__":
    sys.exit(main())
