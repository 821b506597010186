"""Start-up costs: the demo report against its import floor, and ``exposure --help``.

Figures (targets in brackets):

- ``demo_vs_import_floor``: CPU of ``exposure report --out TMP`` on the embedded demo divided by the
  CPU of a fresh interpreter that only imports the modules that report imports (the list is taken
  from a demo report run in one process: every module it added to ``sys.modules``), both
  processes whole, interpreter start included; median of per-round ratios, the two run back to
  back in each round [≤ 1.5×]. ``demo_stages`` breaks the demo report down by stage
  (:mod:`_stages`), to show where the CPU above the floor goes;
- ``help_wall_s``: wall time of ``exposure --help`` (the installed console script; ``python -m
  exposure --help`` beside it), median of several runs [≤ 0.3 s].

Run alone: ``python benchmarks/bench_startup.py [--repeat 5] [--profile]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import HERE, PY, Figure, Run, cli, log, measure, median  # noqa: E402

TARGET_FLOOR = 1.5
TARGET_HELP_S = 0.3


def _child_run(task: str, *args: str) -> Run:
    return measure([PY, str(HERE / "_child_run.py"), task, *args])


def import_floor(repeat: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="exposure-bench-floor-") as tmp:
        listing = Path(tmp) / "modules.txt"
        r = _child_run("modules", str(listing), "--", "report", "--out", str(Path(tmp) / "report"))
        what = "demo report CPU / import floor CPU (both whole processes)"
        if not r.ok() or not listing.is_file():
            return [Figure("demo_vs_import_floor", what, None, "×", f"≤ {TARGET_FLOOR:g}×", None,
                           f"not runnable: {r.failure()}")]
        n_modules = r.child.get("modules")
        reports, floors = [], []
        for n in range(repeat):
            with tempfile.TemporaryDirectory(prefix="exposure-bench-demo-") as out:
                reports.append(cli("report", "--out", str(Path(out) / "report")))
            floors.append(_child_run("floor", str(listing)))
            log(f"  [{n + 1}/{repeat}] demo report CPU {reports[-1].cpu_s:.2f} s (wall {reports[-1].wall_s:.2f} s), "
                f"import floor CPU {floors[-1].cpu_s:.2f} s")
    pairs = [(a, b) for a, b in zip(reports, floors) if a.ok() and b.ok()]
    if not pairs:
        bad = next(x for x in reports + floors if not x.ok())
        return [Figure("demo_vs_import_floor", what, None, "×", f"≤ {TARGET_FLOOR:g}×", None,
                       f"not runnable: {bad.failure()}")]
    ratio = median([a.cpu_s / b.cpu_s for a, b in pairs])
    rep, flo = median([a.cpu_s for a, _ in pairs]), median([b.cpu_s for _, b in pairs])
    not_importable = pairs[0][1].child.get("not_importable", [])
    return [
        Figure("demo_vs_import_floor", what, ratio, "×", f"≤ {TARGET_FLOOR:g}×", ratio <= TARGET_FLOOR,
               f"median of {len(pairs)} rounds; report {rep:.2f} CPU s (wall "
               f"{median([a.wall_s for a, _ in pairs]):.2f} s), floor {flo:.2f} CPU s ({n_modules} modules; "
               f"{len(not_importable)} interpreter-made ones cannot be imported by name); floor × "
               f"{TARGET_FLOOR:g} = {flo * TARGET_FLOOR:.2f} s",
               {"report_cpu_runs_s": [a.cpu_s for a, _ in pairs], "floor_cpu_runs_s": [b.cpu_s for _, b in pairs],
                "report_wall_runs_s": [a.wall_s for a, _ in pairs], "modules": n_modules,
                "not_importable": not_importable}),
        Figure("import_floor_cpu_s", "import floor of the demo report (interpreter + its imports)", flo, "CPU s"),
    ]


def help_time(repeat: int) -> list[Figure]:
    script = Path(PY).parent / "exposure"
    cmds = {"script": [str(script), "--help"]} if script.is_file() else {}
    cmds["module"] = [PY, "-m", "exposure", "--help"]
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(max(repeat, 5)):
        for k, cmd in cmds.items():
            r = measure(cmd)
            if r.ok():
                walls[k].append(r.wall_s)
    main = "script" if walls.get("script") else "module"
    if not walls[main]:
        return [Figure("help_wall_s", "`exposure --help`, wall", None, "s", f"≤ {TARGET_HELP_S:g} s", None,
                       "not runnable")]
    w = median(walls[main])
    other = f"; python -m exposure --help {median(walls['module']):.3f} s" if main == "script" and walls["module"] \
        else " (no console script found: python -m exposure)"
    return [Figure("help_wall_s", "`exposure --help`, wall incl. interpreter start", w, "s", f"≤ {TARGET_HELP_S:g} s",
                   w <= TARGET_HELP_S, f"median of {len(walls[main])} ({min(walls[main]):.3f}–{max(walls[main]):.3f} s)"
                   + other, {"walls": walls})]


def run(repeat: int = 3, profile: bool = False) -> list[Figure]:
    from bench_real import hotspots, stages

    log(f"startup: demo report vs its import floor, {repeat} rounds; exposure --help")
    figs = import_floor(repeat)
    figs.append(stages(["report"], "demo_stages", "demo report by stage (one run, CPU s)"))
    figs += help_time(repeat)
    if profile:
        hotspots(["report"], HERE / "results" / "profile_demo.json")
    return figs


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    for f in run(a.repeat, a.profile):
        print(f"{f.id}: {f.value} {f.unit} target {f.target or '—'} met {f.met} — {f.note}")
        for row in f.details.get("breakdown", []):
            print(f"    {row['stage']:<50} {row['cpu_s']:6.2f}  {row['note']}")
