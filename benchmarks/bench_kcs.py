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
the file size (target ≤ 3×, judged on the operation's own peak), and the bytes the operation read
against the file size: ``inspect`` must read a sample and the totals in one streaming pass (≤ 1.1×).
Bytes read are those of read() calls (``rchar`` of ``/proc/self/io``) plus those of the blocks the
streamed reader passed over: it parses the file through a memory map, which read() never sees. Prints a table and writes ``benchmarks/results/kcs.json``;
``run_all.py`` runs the same measurements as its group ``kcs`` (:func:`figures`), targets judged at 5M rows.

Run: ``python benchmarks/bench_kcs.py [--sizes 500000,1500000,5000000] [--repeat 1] [--before] [--before-max 1500000]``.
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
    passed = _count_mapped_blocks()
    read0 = _bytes_read()
    if task.endswith("load") or task == "baci":
        out, fig = timed(lambda: eio.load(path, kind="world_exports" if task == "baci" else "imports"))
        fig.update(rows_out=len(out[0]), rows_read=out[1].rows_read)
    else:
        out, fig = timed(lambda: eio.inspect(path))
        fig.update(rows_out=len(out.preview), rows_read=out.rows_read, error=out.error,
                   totals_rows=len(getattr(out, "totals", ())), value_read=getattr(out, "value_read", None))
    fig["read_mb"] = (_bytes_read() - read0 + passed[0]) / 1e6 if read0 is not None else None
    fig["mapped_mb"] = passed[0] / 1e6
    emit(fig)


def _count_mapped_blocks() -> list[int]:
    """A counter of the bytes of the blocks the streamed reader is handed from its memory map."""
    from exposure.io import streamcsv

    passed = [0]
    blocks = streamcsv._blocks

    def counted(path, enc):
        for buf, lo, hi in blocks(path, enc):
            # the map; a bytes block is text decoded from read() calls (counted there) or the last line alone
            if not isinstance(buf, bytes):
                passed[0] += hi - lo
            yield buf, lo, hi

    streamcsv._blocks = counted
    return passed


def _bytes_read() -> int | None:
    """Bytes this process has read through read() calls so far (``rchar`` of /proc/self/io)."""
    try:
        with open("/proc/self/io", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("rchar"))
    except (OSError, StopIteration, ValueError):
        return None


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


def run(sizes: list[int], before: bool, before_max: int, repeat: int = 1) -> dict:
    from _common import baci_year, loadavg, log, machine

    results = {"machine": machine(), "loadavg_start": loadavg(), "runs": []}
    for rows in sizes:
        kcs = _kcs_file(rows)
        baci = baci_year(rows)[0]
        tasks = [("load", kcs), ("inspect", kcs), ("baci", baci)]
        if before and rows <= before_max:
            tasks += [("generic_load", kcs), ("generic_inspect", kcs)]
        for n in range(repeat):  # rounds alternate the tasks, so machine noise hits all alike
            for task, path in tasks:
                r = _run(task, path)
                r["rows"], r["round"] = rows, n
                results["runs"].append(r)
                log(f"{rows:>9,} {task:<16} cpu {r['cpu_s']:7.2f} s  op cpu {r.get('op_cpu_s', float('nan')):7.2f} s "
                    f" maxrss {r['maxrss_mb']:7,.0f} MB  op peak +{r.get('peak_inc_mb', float('nan')):7,.0f} MB"
                    + (f"  FAILED {r['failure']}" if "failure" in r else ""))
    results["loadavg_end"] = loadavg()
    results["table"] = _table(results["runs"])
    return results


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def _table(runs: list[dict]) -> list[dict]:
    """One row per (size, task): medians over the rounds; CPU per row against the BACI loader's, same round."""
    ok = [r for r in runs if "failure" not in r]
    rows_out = []
    for rows, task in sorted({(r["rows"], r["task"]) for r in ok}):
        if task == "baci":
            continue
        mine = [r for r in ok if (r["rows"], r["task"]) == (rows, task)]
        baci = {r.get("round", 0): r for r in ok if (r["rows"], r["task"]) == (rows, "baci")}
        ratios = [(r["op_cpu_s"] / rows) / (baci[r.get("round", 0)]["op_cpu_s"] / baci[r.get("round", 0)]["rows_read"])
                  for r in mine if r.get("round", 0) in baci]
        # a Korea Customs row (quoted text, names, two amounts) is about twice a BACI row's bytes
        per_byte = [(r["op_cpu_s"] / r["file_mb"]) / (baci[r.get("round", 0)]["op_cpu_s"] / baci[r.get("round", 0)]["file_mb"])
                    for r in mine if r.get("round", 0) in baci]
        med = {k: _median([r.get(k, float("nan")) for r in mine])
               for k in ("cpu_s", "op_cpu_s", "op_sys_s", "op_s", "maxrss_mb", "peak_inc_mb")}
        base = _median([b["op_cpu_s"] / b["rows_read"] for b in baci.values()]) if baci else None
        file_mb = mine[0]["file_mb"]
        rows_out.append({
            "rows": rows, "task": task, "file_mb": file_mb, "rounds": len(mine), "cpu_s": med["cpu_s"],
            "op_cpu_s": med["op_cpu_s"], "op_sys_s": med["op_sys_s"], "maxrss_mb": med["maxrss_mb"],
            "op_peak_inc_mb": med["peak_inc_mb"],
            "rows_per_s": rows / med["op_s"], "cpu_per_row_us": med["op_cpu_s"] / rows * 1e6,
            "baci_cpu_per_row_us": base * 1e6 if base else None,
            "cpu_per_row_vs_baci": _median(ratios) if ratios else None,
            "cpu_per_byte_vs_baci": _median(per_byte) if per_byte else None,
            "op_peak_vs_file": med["peak_inc_mb"] * 1.048576 / file_mb,
            "maxrss_vs_file": med["maxrss_mb"] * 1.048576 / file_mb,
            "read_vs_file": (mine[0]["read_mb"] / file_mb) if mine[0].get("read_mb") is not None else None,
            "preview_rows": mine[0].get("rows_out") if task.endswith("inspect") else None,
            "totals_rows": mine[0].get("totals_rows"), "rows_read": mine[0].get("rows_read"),
        })
    return rows_out


TARGET_CPU_PER_ROW = 2.0
TARGET_PEAK = 3.0
TARGET_ONE_PASS = 1.1


def _breakdown(table: list[dict]) -> list[dict]:
    return [{"stage": f"{t['rows']:,} rows, {t['task']}", "cpu_s": t["op_cpu_s"],
             "note": f"{t['cpu_per_row_us']:.2f} µs/row = {t['cpu_per_row_vs_baci'] or 0:.2f}× BACI's "
                     f"{t['baci_cpu_per_row_us'] or 0:.2f}; op peak +{t['op_peak_inc_mb']:,.0f} MB = "
                     f"{t['op_peak_vs_file']:.2f}× the {t['file_mb']:,.0f} MB file (process {t['maxrss_vs_file']:.2f}×); "
                     f"read {t['read_vs_file'] or 0:.2f}× the file"} for t in table]


def figures(sizes: list[int] | None = None, repeat: int = 1) -> list:
    """The ``kcs`` group of ``run_all.py``: targets judged at the largest size (5M rows in a full run)."""
    from _common import Figure, log

    sizes = list(sizes or SIZES)
    log(f"kcs: Korea Customs downloads of {', '.join(f'{s:,}' for s in sizes)} rows, {repeat} round(s), "
        f"against the BACI loader on as many rows")
    res = run(sizes, False, 0, repeat)
    table = res["table"]
    big = max(sizes)
    at = {(t["rows"], t["task"]): t for t in table}
    load, insp = at.get((big, "load")), at.get((big, "inspect"))
    fails = [f"{r['task']} {r['rows']:,}: {r['failure']}" for r in res["runs"] if "failure" in r]
    why = f"not runnable: {fails[0]}" if fails else "not measured"
    size = f"{big / 1e6:g}M rows" + ("" if big == max(SIZES) else f" (dry run: the targets are set at "
                                                                   f"{max(SIZES) / 1e6:g}M)")
    details = {"table": table, "runs": res["runs"], "loadavg": [res["loadavg_start"], res["loadavg_end"]],
               "breakdown": _breakdown(table)}
    t_cpu, t_peak, t_pass = f"≤ {TARGET_CPU_PER_ROW:g}×", f"≤ {TARGET_PEAK:g}×", f"≤ {TARGET_ONE_PASS:g}×, with a sample"
    figs = []
    if load and load["cpu_per_row_vs_baci"]:
        v = load["cpu_per_row_vs_baci"]
        figs.append(Figure("kcs_load_cpu_per_row_vs_baci", f"Korea Customs CSV loader, CPU per row / BACI loader's, "
                           f"{size}", v, "×", t_cpu, v <= TARGET_CPU_PER_ROW,
                           f"{load['cpu_per_row_us']:.2f} vs {load['baci_cpu_per_row_us']:.2f} µs a row (op CPU "
                           f"{load['op_cpu_s']:.2f} s, of it {load['op_sys_s']:.2f} s in the kernel); per byte of "
                           f"file {load['cpu_per_byte_vs_baci'] or 0:.2f}×; median of per-round ratios", details))
        v = load["op_peak_vs_file"]
        figs.append(Figure("kcs_load_peak_vs_file", f"Korea Customs CSV loader, peak memory / file size, {size}", v,
                           "×", t_peak, v <= TARGET_PEAK,
                           f"op peak +{load['op_peak_inc_mb']:,.0f} MB vs {load['file_mb']:,.0f} MB file; whole "
                           f"process {load['maxrss_mb']:,.0f} MB = {load['maxrss_vs_file']:.2f}×"))
    else:
        figs.append(Figure("kcs_load_cpu_per_row_vs_baci", "Korea Customs CSV loader, CPU per row / BACI loader's",
                           None, "×", t_cpu, None, why, details))
        figs.append(Figure("kcs_load_peak_vs_file", "Korea Customs CSV loader, peak memory / file size", None, "×",
                           t_peak, None, why))
    if insp and insp["read_vs_file"] is not None:
        v = insp["read_vs_file"]
        sample = bool(insp["preview_rows"]) and bool(insp["totals_rows"])
        figs.append(Figure("kcs_inspect_one_pass", f"inspect: bytes read / file size (one streaming pass), {size}", v,
                           "×", t_pass + " and the totals", v <= TARGET_ONE_PASS and sample,
                           f"preview {insp['preview_rows']} rows, totals table {insp['totals_rows']} rows, rows read "
                           f"{insp['rows_read']:,}; CPU {insp['op_cpu_s']:.2f} s ({insp['cpu_per_row_vs_baci'] or 0:.2f}"
                           f"× BACI per row); op peak {insp['op_peak_vs_file']:.2f}× the file"))
    else:
        figs.append(Figure("kcs_inspect_one_pass", "inspect: bytes read / file size (one streaming pass)", None, "×",
                           t_pass + " and the totals", None, why))
    return figs


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
    ap.add_argument("--repeat", type=int, default=1, help="rounds of every task (medians reported)")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "kcs.json")
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = run(sizes, args.before, args.before_max, args.repeat)
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
