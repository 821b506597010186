"""Loading Korea Customs CSV downloads (HSK10 × partner × month): speed and memory against the BACI loader.

For each size (0.5M, 1.5M and 5M rows by default, files from ``make_kcs.py``) it runs, each in
a fresh interpreter:

- ``exposure.io.load(path, kind="imports")`` and ``exposure.io.inspect(path)``;
- the BACI loader on a BACI file of the same row count (``make_baci.py``), the reference;
- with ``--before``, the generic table reader on the same file (the streamed reader switched off
  and the generic limits lifted), the figures before issue 20.

Figures per run: CPU seconds of the process (user + system, all threads) and of the operation
alone, peak RSS of the process (``ru_maxrss``) and of the operation above its starting RSS,
rows per second, CPU per row against the BACI loader's (target ≤ 2×) and peak memory against
the file size (target ≤ 3×, judged on the operation's own peak). Prints a table and writes
``benchmarks/results/kcs.json``.

Run: ``python benchmarks/bench_kcs.py [--sizes 500000,1500000,5000000] [--before] [--before-max 1500000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZES = (500_000, 1_500_000, 5_000_000)


# ------------------------------------------------------------------------------------------ in the child
def _child(task: str, path: str) -> None:
    from _child import emit, timed

    import exposure.io as eio

    if task in ("generic_load", "generic_inspect"):  # the reader before issue 20: no streaming, no limits
        from exposure.io import grid, limits, streamcsv

        streamcsv.STREAM_MIN_BYTES = 1 << 62
        grid.MAX_CELLS = limits.MAX_CELLS = 1 << 40
        grid.MAX_TABLE_BYTES = limits.MAX_TABLE_BYTES = 1 << 40  # encoding.read_text reads limits' at call time
    if task.endswith("load") or task == "baci":
        out, fig = timed(lambda: eio.load(path, kind="world_exports" if task == "baci" else "imports"))
        fig.update(rows_out=len(out[0]), rows_read=out[1].rows_read)
    else:
        out, fig = timed(lambda: eio.inspect(path))
        fig.update(rows_out=len(out.preview), rows_read=out.rows_read, error=out.error)
    emit(fig)


# ------------------------------------------------------------------------------------------ in the parent
def _kcs_file(rows: int) -> Path:
    import make_kcs
    from _common import PY, measure

    path = make_kcs.DEFAULT_OUT / make_kcs.file_name(rows)
    if not path.is_file():
        run = measure([PY, str(HERE / "make_kcs.py"), "--rows", str(rows)])
        if not run.ok():
            raise SystemExit(run.failure())
    return path


def _run(task: str, path: Path) -> dict:
    from _common import PY, measure

    r = measure([PY, str(Path(__file__).resolve()), "--child", task, str(path)], timeout=3600)
    out = {"task": task, "file": str(path), "file_mb": path.stat().st_size / 1e6, "rc": r.rc, "wall_s": r.wall_s,
           "cpu_s": r.cpu_s, "maxrss_mb": r.maxrss_mb, **r.child}
    if not r.ok():
        out["failure"] = r.failure()
    return out


def run(sizes: list[int], before: bool, before_max: int) -> dict:
    from _common import baci_year, loadavg, log, machine

    results = {"machine": machine(), "loadavg_start": loadavg(), "runs": []}
    for rows in sizes:
        kcs = _kcs_file(rows)
        baci = baci_year(rows)[0]
        tasks = [("load", kcs), ("inspect", kcs), ("baci", baci)]
        if before and rows <= before_max:
            tasks += [("generic_load", kcs), ("generic_inspect", kcs)]
        for task, path in tasks:
            r = _run(task, path)
            r["rows"] = rows
            results["runs"].append(r)
            log(f"{rows:>9,} {task:<16} cpu {r['cpu_s']:7.2f} s  op cpu {r.get('op_cpu_s', float('nan')):7.2f} s  "
                f"maxrss {r['maxrss_mb']:7,.0f} MB  op peak +{r.get('peak_inc_mb', float('nan')):7,.0f} MB"
                + (f"  FAILED {r['failure']}" if "failure" in r else ""))
    results["loadavg_end"] = loadavg()
    results["table"] = _table(results["runs"])
    return results


def _table(runs: list[dict]) -> list[dict]:
    by = {(r["rows"], r["task"]): r for r in runs}
    rows_out = []
    for (rows, task), r in sorted(by.items()):
        if task == "baci" or "failure" in r:
            continue
        b = by.get((rows, "baci"))
        per_row = r["op_cpu_s"] / rows
        base = b["op_cpu_s"] / b["rows_read"] if b and "op_cpu_s" in b else None
        rows_out.append({
            "rows": rows, "task": task, "file_mb": r["file_mb"], "cpu_s": r["cpu_s"], "op_cpu_s": r["op_cpu_s"],
            "maxrss_mb": r["maxrss_mb"], "op_peak_inc_mb": r["peak_inc_mb"], "rows_per_s": rows / r["op_s"],
            "cpu_per_row_us": per_row * 1e6, "baci_cpu_per_row_us": base * 1e6 if base else None,
            "cpu_per_row_vs_baci": per_row / base if base else None,
            "op_peak_vs_file": r["peak_inc_mb"] * 1.048576 / r["file_mb"],
            "maxrss_vs_file": r["maxrss_mb"] * 1.048576 / r["file_mb"],
        })
    return rows_out


def _print(table: list[dict]) -> None:
    head = (f"| rows | task | file MB | CPU s (process) | CPU s (op) | rows/s | CPU/row vs BACI (≤ 2×) | "
            f"maxrss MB | op peak MB | op peak / file (≤ 3×) | maxrss / file |")
    print(head)
    print("|" + "---|" * 11)
    for t in table:
        vs = f"{t['cpu_per_row_vs_baci']:.2f}×" if t["cpu_per_row_vs_baci"] else "—"
        print(f"| {t['rows']:,} | {t['task']} | {t['file_mb']:,.0f} | {t['cpu_s']:.2f} | {t['op_cpu_s']:.2f} | "
              f"{t['rows_per_s']:,.0f} | {vs} | {t['maxrss_mb']:,.0f} | {t['op_peak_inc_mb']:,.0f} | "
              f"{t['op_peak_vs_file']:.2f}× | {t['maxrss_vs_file']:.2f}× |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="row counts, comma-separated")
    ap.add_argument("--before", action="store_true", help="also time the generic reader (before issue 20)")
    ap.add_argument("--before-max", type=int, default=1_500_000, help="largest size the generic reader is run on")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "kcs.json")
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = run(sizes, args.before, args.before_max)
    _print(results["table"])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(args.json.read_text()) if args.json.is_file() else {}
    if os.environ.get("KCS_BENCH_LABEL"):
        old[os.environ["KCS_BENCH_LABEL"]] = results
        results = old
    args.json.write_text(json.dumps(results, indent=1, default=str, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
