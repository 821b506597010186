"""Loading a BACI year: the project loader against ``pyarrow.csv.read_csv`` on the same file.

Figures (targets in brackets), from rounds of fresh interpreters alternated within this one session:

- ``load_cpu_vs_arrow_typed``: the loader's CPU seconds (user + system, all threads, the
  operation alone) / those of ``pyarrow.csv.read_csv`` with the loader's own read options
  (``t``, ``i``, ``j`` int16, ``k`` and ``q`` text, ``v`` float64, only empty cells missing),
  median of the per-round ratios [≤ 1.2];
- ``load_peak_vs_arrow_table``: the loader's peak memory above its starting RSS / the
  in-memory size (``Table.nbytes``) of the Arrow table that typed read returns [≤ 2];
- ``load_linearity``: loader seconds at 11M rows / at 1.1M rows [≤ 12, an earlier target];
- ``arrow_read_csv`` (default options) and ``arrow_read_csv_typed`` for reference.

Run alone: ``python benchmarks/bench_load.py [--repeat 3] [--rows 11000000]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import FULL_ROWS, Figure, Run, baci_year, child, log, median  # noqa: E402


def _rounds(repeat: int, tasks: list[tuple[str, Path, tuple[str, ...]]]) -> dict[str, list[Run]]:
    """Run the tasks ``repeat`` times, interleaved, so that machine noise hits all alike."""
    runs: dict[str, list[Run]] = {name: [] for name, _, _ in tasks}
    for n in range(repeat):
        for name, path, args in tasks:
            r = child(args[0], path, *args[1:])
            runs[name].append(r)
            log(f"  [{n + 1}/{repeat}] {name}: " + (f"{r.child.get('op_s', float('nan')):.2f} s, peak +"
                                                    f"{r.child.get('peak_inc_mb', float('nan')):,.0f} MB"
                                                    if r.ok() else r.failure()))
    return runs


def _secs(runs: list[Run], key: str = "op_s") -> list[float | None]:
    return [r.child.get(key) if r.ok() else None for r in runs]


def _med(runs: list[Run], key: str) -> float | None:
    vals = [r.child[key] for r in runs if r.ok() and key in r.child]
    return median(vals) if vals else None


def _round_ratio(num: list[Run], den: list[Run], key: str = "op_s") -> tuple[float | None, list[float]]:
    """Median over rounds of num/den, each round's pair run back to back (robust to slow drift)."""
    ratios = [a / b for a, b in zip(_secs(num, key), _secs(den, key)) if a and b]
    return (median(ratios) if ratios else None), ratios


TARGET_CPU = 1.2
TARGET_PEAK = 2.0


def run(repeat: int = 3, rows: int = FULL_ROWS) -> list[Figure]:
    big = baci_year(rows)[0]
    small = baci_year(rows // 10)[0]
    log(f"load: {big.name} ({big.stat().st_size / 1e6:,.0f} MB) and {rows // 10:,} rows, {repeat} interleaved rounds")
    runs = _rounds(repeat, [("arrow", big, ("arrow", "default")), ("arrow_typed", big, ("arrow", "typed")),
                            ("loader", big, ("load",)), ("loader_small", small, ("load",))])

    arrow_s, typed_s = _med(runs["arrow"], "op_s"), _med(runs["arrow_typed"], "op_s")
    typed_cpu = _med(runs["arrow_typed"], "op_cpu_s")
    nbytes, typed_mb = _med(runs["arrow"], "arrow_nbytes_mb"), _med(runs["arrow_typed"], "arrow_nbytes_mb")
    typed_ok = next((r.child for r in runs["arrow_typed"] if r.ok()), {})
    base = {"file": str(big), "file_mb": big.stat().st_size / 1e6, "rows": rows, "repeat": repeat,
            "arrow_read_csv_s": arrow_s, "arrow_read_csv_cpu_s": _med(runs["arrow"], "op_cpu_s"),
            "arrow_table_mb": nbytes, "arrow_read_csv_peak_inc_mb": _med(runs["arrow"], "peak_inc_mb"),
            "arrow_typed_s": typed_s, "arrow_typed_cpu_s": typed_cpu, "arrow_typed_table_mb": typed_mb,
            "arrow_typed_peak_inc_mb": _med(runs["arrow_typed"], "peak_inc_mb"),
            "arrow_typed_schema": typed_ok.get("schema"), "same_types_as_loader": typed_ok.get("same_types_as_loader"),
            "arrow_runs_s": _secs(runs["arrow"]), "arrow_typed_runs_s": _secs(runs["arrow_typed"])}
    figs = [Figure("arrow_read_csv", f"pyarrow.csv.read_csv, default options, {rows / 1e6:g}M rows", arrow_s, "s",
                   note=f"CPU {base['arrow_read_csv_cpu_s'] or 0:.2f} s; table {nbytes or 0:,.0f} MB", details=base),
            Figure("arrow_read_csv_typed", "pyarrow.csv.read_csv with the loader's column types", typed_s, "s",
                   note=f"CPU {typed_cpu or 0:.2f} s; table {typed_mb or 0:,.0f} MB; own peak +"
                        f"{base['arrow_typed_peak_inc_mb'] or 0:,.0f} MB; options the loader's: "
                        f"{ {True: 'yes', False: 'NO', None: 'not checked'}[base['same_types_as_loader']] }")]

    loader = runs["loader"]
    if not any(r.ok() for r in loader):
        why = loader[0].failure() if loader else "not run"
        for fid, what, target in (("load_cpu_vs_arrow_typed", "loader CPU / typed read_csv CPU", f"≤ {TARGET_CPU:g}×"),
                                  ("load_peak_vs_arrow_table", "loader peak memory / typed Arrow table",
                                   f"≤ {TARGET_PEAK:g}×"), ("load_linearity", "loader time 11M / 1.1M rows", "≤ 12×")):
            figs.append(Figure(fid, what, None, "×", target, None, f"loader not runnable: {why}"))
        return figs

    load_s, load_cpu, load_peak = _med(loader, "op_s"), _med(loader, "op_cpu_s"), _med(loader, "peak_inc_mb")
    small_s = _med(runs["loader_small"], "op_s")
    ok = next(r for r in loader if r.ok()).child
    det = {**base, "loader_s": load_s, "loader_cpu_s": load_cpu, "loader_peak_inc_mb": load_peak,
           "loader_peak_mb": _med(loader, "peak_mb"), "loader_wall_s": median([r.wall_s for r in loader if r.ok()]),
           "loader_import_s": _med(loader, "import_s"), "loader_frame_mb": _med(loader, "frame_mb"),
           "loader_rows": ok.get("rows"), "dtypes": ok.get("dtypes"), "loader_runs_s": _secs(loader),
           "loader_runs_cpu_s": _secs(loader, "op_cpu_s"), "loader_small_runs_s": _secs(runs["loader_small"])}
    figs.append(Figure("load_s", f"exposure.io.load(kind='world_exports'), {rows / 1e6:g}M rows", load_s, "s",
                       note=f"CPU {load_cpu:.2f} s ({load_cpu / rows * 1e6:.3f} µs a row); result "
                            f"{det['loader_frame_mb']:,.0f} MB in pandas", details=det))
    cpu, cpus = _round_ratio(loader, runs["arrow_typed"], "op_cpu_s")
    wall, walls = _round_ratio(loader, runs["arrow_typed"])
    vs_default, _ = _round_ratio(loader, runs["arrow"], "op_cpu_s")
    figs.append(Figure("load_cpu_vs_arrow_typed", "loader CPU / read_csv CPU with the same column types (same run)",
                       cpu, "×", f"≤ {TARGET_CPU:g}×", None if cpu is None else cpu <= TARGET_CPU,
                       f"median of per-round ratios; {load_cpu:.2f} vs {typed_cpu:.2f} CPU s; wall ratio "
                       f"{wall:.2f}; vs default read_csv CPU {vs_default:.2f}",
                       {"round_cpu_ratios": cpus, "round_wall_ratios": walls}))
    mem = load_peak / typed_mb
    figs.append(Figure("load_peak_vs_arrow_table", "loader peak memory above start / typed Arrow table size", mem, "×",
                       f"≤ {TARGET_PEAK:g}×", mem <= TARGET_PEAK,
                       f"+{load_peak:,.0f} MB vs {typed_mb:,.0f} MB (default-typed table {nbytes:,.0f} MB: "
                       f"{load_peak / nbytes:.2f}×); result {det['loader_frame_mb']:,.0f} MB"))
    lin, lins = _round_ratio(loader, runs["loader_small"])
    lin_cpu, lin_cpus = _round_ratio(loader, runs["loader_small"], "op_cpu_s")
    if lin is not None:
        figs.append(Figure("load_linearity", f"loader time {rows / 1e6:g}M rows / {rows / 1e7:g}M rows", lin, "×",
                           "≤ 12× (earlier target)", lin <= 12,
                           f"median of per-round ratios; medians {load_s:.2f} s vs {small_s:.2f} s; CPU-time ratio "
                           f"{lin_cpu:.2f}", {"round_ratios": lins, "round_cpu_ratios": lin_cpus}))
    return figs


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rows", type=int, default=FULL_ROWS)
    a = ap.parse_args()
    for f in run(a.repeat, a.rows):
        print(f)
