"""World-export HHI and the target's world share for all products.

:func:`exposure.indicators.product_indicators` with ``world_exports`` = a full BACI
year (loaded by the project loader) and, as imports, Korea's imports read off the
same data (every product Korea buys, ~5,000 HS6). Timed with and without the world
data in the same process; the difference is the cost of ``world_export_hhi`` and
``target_world_share``. No target is set for it; the figure is for the record
and for the full-report budget.

Run alone: ``python benchmarks/bench_indicators.py [--rows 11000000]``.
Set ``BENCH_WORLD_VIA=arrow`` to feed a pyarrow-built table instead of the loader's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import FULL_ROWS, Figure, baci_year, child, log  # noqa: E402


def run(rows: int = FULL_ROWS) -> list[Figure]:
    path = baci_year(rows)[0]
    via = os.environ.get("BENCH_WORLD_VIA", "loader")
    log(f"indicators: world HHI and target world share over {rows:,} rows (world table from {via})")
    r = child("indicators", path)
    what = f"world_export_hhi + target_world_share, all products, {rows / 1e6:g}M rows"
    if not r.ok():
        return [Figure("world_indicators_s", what, None, "s", note=f"not runnable: {r.failure()}")]
    c = r.child
    note = (f"{c['products']:,} products; whole product_indicators {c['op_s']:.2f} s "
            f"(without world data {c['without_world_s']:.2f} s); peak +{c['peak_inc_mb']:,.0f} MB over the loaded "
            f"table; world table from {via}")
    return [Figure("world_indicators_s", what, c["world_part_s"], "s", note=note,
                   details={**c, "wall_s": r.wall_s, "maxrss_mb": r.maxrss_mb, "via": via}),
            Figure("world_indicators_peak_mb", "peak memory of that step above the loaded world table",
                   c["peak_inc_mb"], "MB", details={"load_peak_inc_mb": c["load_peak_inc_mb"]})]


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=FULL_ROWS)
    for f in run(ap.parse_args().rows):
        print(f)
