"""A 10-year BACI panel processed year by year stays within the one-year memory figure.

Ten generated years (same economy, values drifting by year) are each loaded with the
project loader, scored (world HHI, target world share for all of Korea's imports)
and dropped, keeping only the product table. The loop's peak memory above its start
is compared with the same loop over one year, in the same session [10-year peak ≤
one-year peak × 1.1; the 10% allows for allocator noise].

The report itself is also run with one and with ``--report-years`` (default 2) world
years, to see whether ``exposure report`` keeps to the one-year figure too.

Run alone: ``python benchmarks/bench_panel.py [--years 10] [--rows 11000000]``.
Needs ~0.37 GB of disk per full-size year under /tmp/exposure-bench.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import FULL_ROWS, Figure, baci_year, child, log  # noqa: E402

TOLERANCE = 1.10


def run(years: int = 10, rows: int = FULL_ROWS, report_years: int = 2) -> list[Figure]:
    paths = baci_year(rows, year=2019, years=years)
    log(f"panel: one year, then {years} years, of {rows:,} rows each")
    one = child("panel", paths[-1])
    many = child("panel", *paths, timeout=7200)
    what = f"peak memory, {years}-year panel year by year / one year"
    bad = next((r for r in (one, many) if not r.ok()), None)
    if bad is not None:
        return [Figure("panel_peak_ratio", what, None, "×", f"≤ {TOLERANCE:g}", None, f"not runnable: {bad.failure()}")]
    ratio = many.child["peak_inc_mb"] / one.child["peak_inc_mb"]
    figs = [Figure("panel_peak_ratio", what, ratio, "×", f"≤ {TOLERANCE:g}", ratio <= TOLERANCE,
                   f"+{many.child['peak_inc_mb']:,.0f} MB vs +{one.child['peak_inc_mb']:,.0f} MB; "
                   f"{years} years in {many.child['op_s']:.0f} s",
                   {"one": one.child, "many": many.child})]
    if report_years > 1:
        figs.append(_report_years(paths[-report_years:]))
    return figs


def _report_years(paths: list[Path]) -> Figure:
    """The report itself with several world years: does its peak stay at the one-year figure?

    Kept to a few years: if the pipeline holds every year at once, ten full years
    would need tens of GB.
    """
    from bench_report import _report, demo_input_options

    opts = demo_input_options()
    log(f"panel: exposure report with 1 and {len(paths)} world years")
    one = _report(*opts, "--world-exports", str(paths[-1]))
    many = _report(*opts, *[x for p in paths for x in ("--world-exports", str(p))])
    what = f"peak memory, exposure report with {len(paths)} world years / one year"
    bad = next((r for r in (one, many) if not r.ok()), None)
    if bad is not None:
        return Figure("report_years_peak_ratio", what, None, "×", f"≤ {TOLERANCE:g}", None,
                      f"not runnable: {bad.failure()}")
    ratio = many.maxrss_mb / one.maxrss_mb
    return Figure("report_years_peak_ratio", what, ratio, "×", f"≤ {TOLERANCE:g}", ratio <= TOLERANCE,
                  f"{many.maxrss_mb:,.0f} MB vs {one.maxrss_mb:,.0f} MB; {many.wall_s:.0f} s vs {one.wall_s:.0f} s",
                  {"one": {"maxrss_mb": one.maxrss_mb, "wall_s": one.wall_s, "cpu_s": one.cpu_s},
                   "many": {"maxrss_mb": many.maxrss_mb, "wall_s": many.wall_s, "cpu_s": many.cpu_s}})


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--rows", type=int, default=FULL_ROWS)
    ap.add_argument("--report-years", type=int, default=2,
                    help="also run exposure report with this many world years (0: skip)")
    a = ap.parse_args()
    for f in run(a.years, a.rows, a.report_years):
        print(f)
