"""Monte Carlo over the demo: 1,000 draws must take under 5 seconds (an earlier target).

Times :func:`exposure.uncertainty.attach` — every draw of every scenario
(:func:`exposure.uncertainty.simulate_all`, common random numbers), the pick–freeze
sensitivity, the rank intervals and the threshold sweep — on the demo economy, after
``exposure.pipeline.run`` has scored the scenarios (that part is the pipeline's own budget).
Three settings: ``attach`` with the default scenario list, ``attach`` with all five shipped
scenarios, and ``simulate_all`` alone with all five. Each runs in a fresh interpreter
(``_child_run.py mc``) on one BLAS thread, as the CLI sets it; the real-data counterpart is
in ``bench_real.py``.

Run alone: ``python benchmarks/bench_uncertainty.py [--draws 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Figure  # noqa: E402

TARGET_S = 5.0
FIVE = ("2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")


def run(repeat: int = 3, draws: int = 1000) -> list[Figure]:
    from bench_real import _mc

    figs = []
    for fid, scen, op in (("uncertainty_default_s", FIVE[:1], "attach"), ("uncertainty_all5_s", FIVE, "attach"),
                          ("uncertainty_all5_simulate_all_s", FIVE, "simulate_all")):
        r = _mc(scen, draws, op=op, repeat=repeat, inputs="demo")
        what = (f"Monte Carlo over the demo, {draws:,} draws, {len(scen)} scenario{'s' * (len(scen) > 1)}, "
                f"uncertainty.{op}" + (" (intervals, sensitivity, sweep)" if op == "attach" else " alone"))
        target = f"< {TARGET_S:g} s" if fid == "uncertainty_default_s" else ""
        if not r.ok():
            figs.append(Figure(fid, what, None, "s", target, None, f"not runnable: {r.failure()}"))
            continue
        c = r.child
        figs.append(Figure(fid, what, c["op_s"], "s", target, (c["op_s"] < TARGET_S) if target else None,
                           f"CPU {c['op_cpu_s']:.2f} s; peak +{c['peak_inc_mb']:,.0f} MB; median of {repeat}; "
                           f"one BLAS thread", c))
    return figs


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    for f in run(a.repeat, a.draws):
        print(f"{f.what}: {f.value} s (target {f.target or '—'}: met {f.met})\n  {f.note}")
