"""Monte Carlo over the demo: 1,000 draws must take under 5 seconds (issue: uncertainty).

Times :func:`exposure.uncertainty.attach` — every draw, the pick–freeze sensitivity samples,
the per-scenario propagators and the threshold sweep — on the demo economy (36 OECD
sectors, 334 HSK10 products), after the point analysis has run (that part is the pipeline's
own budget). Two settings: the default scenario list (``2019-three-items``) and all five
shipped scenarios. The demo is read through the project's loaders when they are
available, else rebuilt in memory from its seeded generator (``datasets/make_demo.py``),
which gives the same numbers.

Run alone: ``python benchmarks/bench_uncertainty.py [--draws 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))
from _common import Figure, log  # noqa: E402

from exposure import indicators, scenarios, scoring, uncertainty  # noqa: E402
from exposure.codes.concordance import concordance  # noqa: E402
from exposure.config import Config  # noqa: E402
from exposure.results import Results  # noqa: E402
from exposure.schema import IOTable  # noqa: E402

TARGET_S = 5.0
DEMO = REPO / "datasets" / "demo"


def demo_inputs() -> tuple[pd.DataFrame, IOTable, pd.DataFrame, pd.DataFrame | None, str]:
    """(imports, IO table, sector profile, overrides, how they were obtained)."""
    from exposure.codes.overrides import load_overrides
    from exposure.io import load

    imports, _ = load(DEMO / "parts_imports_by_country_2017_2019.csv", kind="imports")
    io, _ = load(DEMO / "io_table_2019.xlsx", kind="io")
    profile, _ = load(DEMO / "sme_profile_2019.csv", kind="profile")
    return imports[imports["flow"] == "M"], io, profile, load_overrides(None), "demo files via the loaders"


def point_results(flows, io, profile, overrides, config: Config) -> tuple[Results, pd.DataFrame, dict]:
    products = indicators.product_indicators(flows, config)
    products = products[products["year"] == products["year"].max()].reset_index(drop=True)
    conc = concordance(f"HS6-{config.sector_system}")
    runs = [scoring.run_scenario(products, scenarios.load(n), io, conc, overrides, profile, config)
            for n in config.scenarios]
    res = Results(config=config, products=products, shocks=pd.concat([r.shocks for r in runs], ignore_index=True),
                  sectors=pd.concat([r.sectors for r in runs], ignore_index=True),
                  drivers=pd.concat([r.drivers for r in runs], ignore_index=True))
    return res, conc, {r.scenario.name: r.propagation.propagator for r in runs}


def time_attach(res: Results, io, conc, overrides, profile, repeat: int, propagators: dict | None = None
                ) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        uncertainty.attach(res, io, conc, overrides, profile, None, propagators=propagators)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return walls, cpus


def run(repeat: int = 3, draws: int = 1000) -> list[Figure]:
    flows, io, profile, overrides, how = demo_inputs()
    log(f"uncertainty: {draws:,} draws over the demo ({how})")
    figs = []
    every = tuple(scenarios.available())
    settings = [("default", Config(draws=draws), False), ("all5", Config(draws=draws, scenarios=every), False),
                ("all5_given_propagators", Config(draws=draws, scenarios=every), True)]
    for label, cfg, given in settings:
        res, conc, props = point_results(flows, io, profile, overrides, cfg)
        walls, cpus = time_attach(res, io, conc, overrides, profile, repeat, props if given else None)
        wall = statistics.median(walls)
        what = (f"Monte Carlo, {draws:,} draws with sensitivity and sweeps, "
                f"{len(cfg.scenarios)} scenario{'s' if len(cfg.scenarios) > 1 else ''} ({', '.join(cfg.scenarios)})"
                + ("; scoring propagators handed over" if given else ""))
        note = (f"median of {repeat}: wall {', '.join(f'{w:.2f}' for w in walls)} s; CPU "
                f"{', '.join(f'{c:.2f}' for c in cpus)} s; {how}")
        target = f"< {TARGET_S:g} s" if label == "default" else ""
        figs.append(Figure(f"uncertainty_{label}_s", what, wall, "s", target=target,
                           met=(wall < TARGET_S) if target else None, note=note,
                           details={"walls": walls, "cpus": cpus, "draws": draws, "scenarios": list(cfg.scenarios),
                                    "products": int(len(res.products)), "sectors": int(len(io.sectors))}))
    return figs


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    for f in run(a.repeat, a.draws):
        print(f"{f.what}: {f.value:.2f} s" + (f" (target {f.target}: {'met' if f.met else 'NOT met'})" if f.target
                                              else "") + f"\n  {f.note}")
