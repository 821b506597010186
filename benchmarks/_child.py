"""Benchmark tasks, each run in a fresh interpreter by :mod:`_common` (``python _child.py TASK ARGS``).

Each task prints one line ``BENCH_JSON {...}`` with its own figures: seconds of the
operation alone (``op_s``), the resident memory before it (``rss_before_mb``), its
peak (``peak_mb``) and the difference (``peak_inc_mb``), plus task-specific facts.
The peak is reset before the operation (``/proc/self/clear_refs``), so it is the
operation's own high-water mark, not the import's.
"""

from __future__ import annotations

import gc
import json
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable

MB = 1024 * 1024


def _status() -> dict[str, float]:
    text = Path("/proc/self/status").read_text()
    return {k: int(re.search(rf"^{k}:\s+(\d+)", text, re.M).group(1)) / 1024 for k in ("VmRSS", "VmHWM")}


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def timed(fn: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """Run ``fn`` once; its wall and CPU seconds (all threads), RSS before, peak RSS during (MB)."""
    import resource

    gc.collect()
    reset = _reset_peak()
    before = _status()["VmRSS"]
    t0, c0 = time.perf_counter(), time.process_time()
    s0 = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    out = fn()
    op, cpu = time.perf_counter() - t0, time.process_time() - c0
    sys_s = resource.getrusage(resource.RUSAGE_SELF).ru_stime - s0
    peak = _status()["VmHWM"]
    if not reset:  # no reset possible: the process peak (upper bound)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out, {"op_s": op, "op_cpu_s": cpu, "op_sys_s": sys_s, "rss_before_mb": before, "peak_mb": peak,
                 "peak_inc_mb": peak - before, "peak_reset": reset}


def emit(d: dict[str, Any]) -> None:
    print("BENCH_JSON " + json.dumps(d, default=str), flush=True)


# --------------------------------------------------------------------------- tasks
#: the loader's own read options (exposure/io/baci.py ``_TYPES`` and ``_NULLS``, its number read), for the
#: like-for-like comparison; checked against the loader after each timing (``same_types_as_loader``)
LOADER_TYPES = {"t": "int16", "i": "int16", "j": "int16", "k": "int32", "v": "float64", "q": "float64"}
LOADER_NULLS = ["", "NA"]


def task_arrow(path: str, variant: str = "default") -> None:
    """``pyarrow.csv.read_csv`` on the file: the raw parse limit.

    ``typed``: with the BACI loader's options (column types, only empty cells missing), so the
    loader's cost is compared with the same parse; after the timing the options are checked
    against the loader's own (``same_types_as_loader``).
    """
    t0 = time.perf_counter()
    import pyarrow as pa
    import pyarrow.csv as pacsv
    imp = time.perf_counter() - t0
    convert = None
    if variant == "typed":
        convert = pacsv.ConvertOptions(column_types={c: getattr(pa, t)() for c, t in LOADER_TYPES.items()},
                                       include_columns=list(LOADER_TYPES), strings_can_be_null=False,
                                       null_values=LOADER_NULLS)
    table, m = timed(lambda: pacsv.read_csv(path, convert_options=convert))
    same = None
    if variant == "typed":
        try:
            from exposure.io import baci
            same = ({c: str(t) for c, t in baci._TYPES.items()} == {c: str(getattr(pa, t)()) for c, t in
                                                                      LOADER_TYPES.items()}
                    and baci._NULLS == LOADER_NULLS)
        except (ImportError, AttributeError):
            same = None  # the loader keeps its types elsewhere now: compare by hand
    emit({**m, "import_s": imp, "rows": table.num_rows, "arrow_nbytes_mb": table.nbytes / MB,
          "schema": {f.name: str(f.type) for f in table.schema}, "same_types_as_loader": same})


def _load_world(path: str) -> tuple[Any, Any]:
    """World exports as TradeFlows: the project loader, or the stand-in when BENCH_WORLD_VIA=arrow."""
    import os
    if os.environ.get("BENCH_WORLD_VIA") == "arrow":
        return world_from_arrow(path), None
    from exposure.io import load
    return load(Path(path), kind="world_exports")


def world_from_arrow(path: str) -> Any:
    """A BACI year as TradeFlows built directly with pyarrow (stand-in while no project loader exists).

    Exporter/importer numbers → ISO3 from the ``country_codes`` file beside the data;
    HS6 with leading zeros; thousand USD → USD.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    p = Path(path)
    cc = next(p.parent.glob("country_codes_*.csv"))
    codes = pd.read_csv(cc, sep=None, engine="python", dtype=str, keep_default_na=False)
    iso = np.full(1000, "UNK", dtype=object)
    iso[codes["country_code"].astype(int).to_numpy()] = codes["iso_3digit_alpha"].replace("N/A", "UNK").to_numpy()
    t = pacsv.read_csv(p, convert_options=pacsv.ConvertOptions(column_types={
        "t": pa.int16(), "i": pa.int16(), "j": pa.int16(), "k": pa.string(), "v": pa.float64(), "q": pa.float64()}))
    cat = pd.CategoricalDtype(sorted(set(iso.tolist())))
    return pd.DataFrame({
        "year": t["t"].to_numpy().astype("int64"), "month": 0,
        "reporter": pd.Categorical(iso[t["i"].to_numpy()], dtype=cat),
        "partner": pd.Categorical(iso[t["j"].to_numpy()], dtype=cat),
        "flow": "X", "code": pd.array(pc.utf8_lpad(t["k"], 6, "0"), dtype="str"),
        "code_system": "HS6-2017", "value_usd": t["v"].to_numpy() * 1000.0,
        "qty": t["q"].to_numpy(zero_copy_only=False), "qty_unit": "t", "source": p.name,
    })


def _frame_mb(df: Any) -> float:
    try:
        return float(df.memory_usage(deep=True).sum()) / MB
    except AttributeError:
        return float("nan")


def _report_facts(report: Any) -> dict[str, Any]:
    facts = {}
    for name in ("rows_read", "rows_kept", "value_read", "value_kept"):
        if hasattr(report, name):
            facts[name] = getattr(report, name)
    dropped = getattr(report, "dropped", None)
    if dropped is not None:
        try:
            facts["dropped_rows"] = int(sum(getattr(d, "rows", 0) for d in dropped)) if isinstance(dropped, list) \
                else len(dropped)
        except TypeError:
            pass
    return facts


def task_load(path: str) -> None:
    """The project loader on a BACI year: ``exposure.io.load(path, kind="world_exports")``."""
    t0 = time.perf_counter()
    import exposure.io  # noqa: F401
    imp = time.perf_counter() - t0
    from exposure.io import load
    (table, report), m = timed(lambda: load(Path(path), kind="world_exports"))
    emit({**m, "import_s": imp, "rows": len(table), "frame_mb": _frame_mb(table),
          "dtypes": {c: str(t) for c, t in table.dtypes.items()}, **_report_facts(report)})


def korea_imports(world: Any, reporter: str = "KOR") -> Any:
    """Korea's imports by partner, read off the world data (mirror flows): every product Korea buys."""
    m = world[world["partner"] == reporter]
    return m.assign(reporter=reporter, partner=m["reporter"], flow="M").reset_index(drop=True)


def task_indicators(path: str) -> None:
    """World-export HHI and the target's world share for all products (:func:`exposure.indicators.product_indicators`).

    The imports are Korea's imports read off the same world data, so every product
    Korea buys is scored. Timed twice: without world data, and with it; the
    difference is the cost of the world indicators.
    """
    from exposure import indicators
    from exposure.config import Config

    (world, _r), load_m = timed(lambda: _load_world(path))
    imports = korea_imports(world)
    cfg = Config()
    base, m0 = timed(lambda: indicators.product_indicators(imports, cfg))
    res, m1 = timed(lambda: indicators.product_indicators(imports, cfg, world_exports=world))
    known = res["world_export_hhi"].notna()
    emit({**m1, "load_s": load_m["op_s"], "load_peak_inc_mb": load_m["peak_inc_mb"],
          "without_world_s": m0["op_s"], "without_world_peak_inc_mb": m0["peak_inc_mb"],
          "world_part_s": m1["op_s"] - m0["op_s"], "world_rows": len(world), "products": len(res),
          "products_with_world_hhi": int(known.sum()),
          "median_world_hhi": float(res.loc[known, "world_export_hhi"].median()),
          "median_target_world_share": float(res.loc[known, "target_world_share"].median())})


def task_panel(*paths: str) -> None:
    """Year by year: load each BACI year, compute the world indicators, keep only the product table.

    Reports the peak over the whole loop and per year (all relative to the RSS
    before the loop), to compare with the one-year figure.
    """
    from exposure import indicators
    from exposure.config import Config

    cfg = Config()
    gc.collect()
    _reset_peak()
    start = _status()["VmRSS"]
    t0 = time.perf_counter()
    per_year, results = [], []
    for p in paths:
        t1 = time.perf_counter()
        world, _report = _load_world(p)
        imports = korea_imports(world)
        results.append(indicators.product_indicators(imports, cfg, world_exports=world))
        del world, imports, _report
        gc.collect()
        st = _status()
        per_year.append({"file": Path(p).name, "s": time.perf_counter() - t1,
                         "peak_so_far_inc_mb": st["VmHWM"] - start, "rss_after_mb": st["VmRSS"]})
    total = time.perf_counter() - t0
    st = _status()
    emit({"op_s": total, "years": len(paths), "rss_before_mb": start, "peak_mb": st["VmHWM"],
          "peak_inc_mb": st["VmHWM"] - start, "rss_end_mb": st["VmRSS"], "per_year": per_year,
          "products_total": int(sum(len(r) for r in results))})


def task_pipeline(draws: str, repeat: str = "1") -> None:
    """``exposure.pipeline.run`` on the demo, in-process: without and with Monte Carlo draws.

    ``uncertainty.simulate_all`` (the draws of every scenario at once) and ``uncertainty.attach``
    (simulate_all, summaries, sensitivity, threshold sweep) are wrapped to time them alone; a
    name the package no longer has is reported as missing, not fatal.
    """
    import os

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as the CLI sets it
        os.environ.setdefault(var, "1")
    from exposure import pipeline, uncertainty
    from exposure.config import Config

    spent = {"simulate_all": 0.0, "attach": 0.0}
    missing = []

    def clock(name: str) -> None:
        fn = getattr(uncertainty, name, None)
        if fn is None:
            missing.append(f"exposure.uncertainty.{name}")
            return

        def wrapped(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0
        setattr(uncertainty, name, wrapped)

    clock("simulate_all")
    clock("attach")
    n = int(draws)
    _res0, warm = timed(lambda: pipeline.run(config=Config(draws=0)))  # first run pays lazy imports
    zero, with_mc, sim, att = [], [], [], []
    for _ in range(int(repeat)):
        _r, m0 = timed(lambda: pipeline.run(config=Config(draws=0)))
        spent.update(simulate_all=0.0, attach=0.0)
        res, m1 = timed(lambda: pipeline.run(config=Config(draws=n)))
        zero.append(m0["op_s"])
        with_mc.append(m1["op_s"])
        sim.append(spent["simulate_all"])
        att.append(spent["attach"])
    mid = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    unc = getattr(res, "uncertainty", None)
    emit({"draws": n, "first_run_s": warm["op_s"], "run_s": mid(zero), "run_with_draws_s": mid(with_mc),
          "mc_s": mid(with_mc) - mid(zero), "simulate_s": mid(sim), "attach_s": mid(att),
          "peak_inc_mb": m1["peak_inc_mb"], "scenarios": list(Config().scenarios), "missing": missing,
          "uncertainty_rows": None if unc is None else len(unc)})


TASKS = {"arrow": task_arrow, "load": task_load, "indicators": task_indicators, "panel": task_panel,
         "pipeline": task_pipeline}

if __name__ == "__main__":
    TASKS[sys.argv[1]](*sys.argv[2:])
