"""Benchmark tasks around a whole run, each in a fresh interpreter (``python _child_run.py TASK ARGS``).

- ``stages OUT_JSON -- ARGV…``: the CLI (``exposure ARGV…``) in this process, timed by stage
  (:mod:`_stages`): interpreter start, imports wherever they happen, each progress window of
  the run (reading, measuring, linking, each scenario, Monte Carlo, writing) and, inside them,
  the screens, the Monte Carlo parts and every writer.
- ``profile OUT_JSON -- ARGV…``: the same run under ``cProfile``; the top functions by own and
  by cumulative time, package functions apart.
- ``modules OUT_TXT -- ARGV…``: the same run; writes the names of every module it imported.
- ``floor MODULES_TXT``: imports those modules and nothing else (the import floor of a run).
- ``mc SPEC_JSON``: the Monte Carlo alone (:func:`exposure.uncertainty.simulate_all` or
  :func:`exposure.uncertainty.attach`) over scenarios scored by ``exposure.pipeline.run``.

Like :mod:`_child`, results go to stdout as one line ``BENCH_JSON {...}``. Numeric libraries run
on one BLAS thread unless the environment says otherwise, as the CLI sets it (``exposure/cli.py``).
"""

from __future__ import annotations

import json
import os
import sys
import time

START_CPU = time.process_time()  # interpreter start, before anything below
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = os.path.dirname(os.path.abspath(__file__))


def emit(d: dict) -> None:
    print("BENCH_JSON " + json.dumps(d, default=str), flush=True)


def fail(message: str) -> None:
    """A clear one-line reason, exit 3 (the parent shows it beside the figure)."""
    print(f"benchmark child: {message}", file=sys.stderr, flush=True)
    sys.exit(3)


def _cli(argv: list[str]) -> int:
    """Run ``exposure ARGV`` in this process; its exit code."""
    try:
        from exposure.cli import main
    except ImportError as exc:
        fail(f"cannot import exposure.cli.main ({exc})")
    try:
        main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


# ------------------------------------------------------------------------------ stages
#: functions timed inside the run: "module:attr" → label (absent ones are reported, not fatal)
WRAPPED = {
    "exposure.pipeline:run_screens": "screens",
    "exposure.pipeline:sha256": "hashing inputs",
    "exposure.scoring:run_scenario": "scoring.run_scenario",
    "exposure.indicators:product_indicators": "indicators.product_indicators",
    "exposure.uncertainty:simulate_all": "mc: simulate_all",
    "exposure.uncertainty:summarise": "mc: summarise",
    "exposure.uncertainty:sensitivity_table": "mc: sensitivity_table",
    "exposure.uncertainty:threshold_sweep": "mc: threshold_sweep",
    "exposure.report.folder:write_folder": "write_folder",
    "exposure.report:write_report": "write_report",
    "exposure.report.excel:write_workbook": "write_workbook",
    "exposure.report.excel:build_workbook": "build_workbook",
    "openpyxl.workbook.workbook:Workbook.save": "Workbook.save",
    "exposure.report.tables:write_tables": "write_tables",
    "exposure.report.charts:write_charts": "write_charts",
    "exposure.report.charts:figures": "charts.figures",
}


def _classifier():
    """message → stage: the pipeline's own step texts (Korean and English) when it has them."""
    import re

    patterns: list[tuple[re.Pattern, str]] = []
    names = {"reading": "load", "measuring": "indicators", "linking": "linking", "scenario": "scoring", "mc": "mc"}
    try:
        from exposure.pipeline import _STEPS
        for key, texts in _STEPS.items():
            for t in texts:
                rx = re.escape(t)
                rx = re.sub(r"\\\{[a-z_]+\\\}", ".*", rx)
                patterns.append((re.compile(f"^{rx}$"), names.get(key, key)))
    except ImportError:
        pass
    patterns += [(re.compile(r"^(Monte Carlo|몬테카를로)"), "mc"), (re.compile(r"writing|쓰는"), "write")]

    def classify(message: str) -> str:
        for rx, stage in patterns:
            if rx.search(message):
                return stage
        return "other"
    return classify


def task_stages(out_json: str, *argv: str) -> None:
    sys.path.insert(0, HERE)
    from _stages import Clocks, ImportClock

    imports = ImportClock()
    imports.install()
    clocks = Clocks(imports)
    clocks.mark("import exposure.cli")
    import exposure.cli  # noqa: F401
    clocks.mark("instrument")
    clocks.wrap_all(WRAPPED)
    classify = _classifier()
    try:
        import exposure.report_command as rc
        original = rc.run_report
    except (ImportError, AttributeError) as exc:
        fail(f"exposure.report_command.run_report not found ({exc}): the stage breakdown needs it")

    def run_report(inputs, config, out, progress=None):
        clocks.mark("prepare")
        try:
            return original(inputs, config, out, progress=clocks.progress(classify, progress))
        finally:
            clocks.mark("finish")

    rc.run_report = run_report
    clocks.mark("cli")
    rc_code = _cli(list(argv))
    clocks.mark("end")
    total = time.process_time()
    imports.uninstall()
    d = clocks.as_dict()
    d.update(start_cpu_s=START_CPU, total_cpu_s=total, exit=rc_code, argv=list(argv), wrapped=WRAPPED,
             blas_threads=os.environ.get("OPENBLAS_NUM_THREADS"))
    with open(out_json, "w", encoding="utf-8") as fh:
        json.dump(d, fh, default=str, ensure_ascii=False, indent=1)
    emit({"exit": rc_code, "total_cpu_s": total, "json": out_json})


# ------------------------------------------------------------------------------ profile
def task_profile(out_json: str, *argv: str) -> None:
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    code = _cli(list(argv))
    prof.disable()
    stats = pstats.Stats(prof)
    repo = os.path.dirname(HERE)
    rows = []
    for (file, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        short = os.path.relpath(file, repo) if file.startswith(repo) else file.split("site-packages/")[-1]
        rows.append({"function": f"{short}:{line}({name})", "calls": nc, "own_s": tt, "cum_s": ct,
                     "package": short.startswith("exposure/")})
    top = lambda key, pkg: sorted((r for r in rows if r["package"] or not pkg), key=lambda r: -r[key])[:40]  # noqa
    with open(out_json, "w", encoding="utf-8") as fh:
        json.dump({"argv": list(argv), "exit": code, "total_s": stats.total_tt,
                   "package_by_cum": top("cum_s", True), "package_by_own": top("own_s", True),
                   "all_by_own": top("own_s", False)}, fh, indent=1)
    emit({"exit": code, "json": out_json})


# ------------------------------------------------------------------------------ import floor
def task_modules(out_txt: str, *argv: str) -> None:
    before = set(sys.modules)
    code = _cli(list(argv))
    mods = sorted(set(sys.modules) - before)
    with open(out_txt, "w", encoding="utf-8") as fh:
        fh.write("\n".join(mods) + "\n")
    emit({"exit": code, "modules": len(mods)})


def task_floor(modules_txt: str) -> None:
    import importlib

    with open(modules_txt, encoding="utf-8") as fh:
        names = [n.strip() for n in fh if n.strip()]
    failed = []
    for name in names:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - interpreter-made modules (cython shims) cannot be imported by name
                failed.append(name)
    emit({"modules": len(names), "not_importable": failed, "cpu_s": time.process_time()})


# ------------------------------------------------------------------------------ Monte Carlo alone
def _trim() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), so RSS peaks start from the live data."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


#: draws of the run that captures the Monte Carlo's arguments: the fewest a run accepts (one draw gives no
#: spread and is refused)
SETUP_DRAWS = 2


def task_mc(spec_json: str) -> None:
    """spec: {"inputs": "demo" | {"imports": [...], "io": [...], "profile": ...}, "scenarios": [...],
    "draws": N, "op": "simulate_all" | "attach", "repeat": k}."""
    import dataclasses

    sys.path.insert(0, HERE)
    from _child import timed

    spec = json.loads(spec_json)
    try:
        from exposure import pipeline, uncertainty
        from exposure.config import Config
        from exposure.inputs import Inputs
        attach, simulate_all = uncertainty.attach, uncertainty.simulate_all
    except (ImportError, AttributeError) as exc:
        fail(f"Monte Carlo entry points not found ({exc}): expected exposure.uncertainty.attach and simulate_all")
    captured: dict = {}

    def capture(name, fn):
        def wrapped(*a, **k):
            captured[name] = (a, k)
            return fn(*a, **k)
        return wrapped

    uncertainty.attach = capture("attach", attach)
    uncertainty.simulate_all = capture("simulate_all", simulate_all)
    inputs = Inputs.demo() if spec["inputs"] == "demo" else Inputs.from_options(**spec["inputs"])
    config = Config(scenarios=tuple(spec["scenarios"]), draws=SETUP_DRAWS)
    t0 = time.process_time()
    pipeline.run(inputs, config)  # the fewest draws a run takes: scores the scenarios, hands them to the Monte Carlo
    setup_cpu = time.process_time() - t0
    uncertainty.attach, uncertainty.simulate_all = attach, simulate_all
    if "simulate_all" not in captured or "attach" not in captured:
        fail(f"the pipeline did not call exposure.uncertainty.attach / simulate_all with draws = {SETUP_DRAWS}")
    n = int(spec["draws"])
    if spec["op"] == "attach":
        (results, *rest), kw = captured["attach"]
        results = dataclasses.replace(results, config=results.config.replace(draws=n))
        kw = {k: v for k, v in kw.items() if k != "progress"}
        op = lambda: attach(results, *rest, **kw)  # noqa: E731
    else:
        (points, cfg, *_), _kw = captured["simulate_all"]
        cfg = cfg.replace(draws=n)
        op = lambda: simulate_all(points, cfg)  # noqa: E731
    captured.clear()
    runs = []
    out = None
    for _ in range(int(spec.get("repeat", 1))):
        out = None  # the previous result is freed before the next run
        _trim()
        out, m = timed(op)
        runs.append(m)
    # the allocations themselves (numpy reports its buffers to tracemalloc), whatever the allocator
    # keeps or reuses: a second pass, not timed (tracing slows it)
    import tracemalloc

    out = None
    _trim()
    tracemalloc.start()
    out = op()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = 0
    if isinstance(out, dict):  # Draws by scenario: the arrays the result keeps
        for d in out.values():
            for f in dataclasses.fields(d):
                v = getattr(d, f.name)
                arrays = v.values() if isinstance(v, dict) else [v]
                size += sum(a.nbytes for a in arrays if hasattr(a, "nbytes"))
    try:
        from exposure.uncertainty import montecarlo
        chunk_mb = montecarlo.CHUNK_BYTES / 2**20
    except (ImportError, AttributeError):
        chunk_mb = None
    cpus = sorted(r["op_cpu_s"] for r in runs)
    emit({"op": spec["op"], "draws": n, "scenarios": spec["scenarios"], "setup_cpu_s": setup_cpu,
          "traced_peak_mb": peak / 2**20, "traced_kept_mb": kept / 2**20,
          "op_cpu_s": cpus[len(cpus) // 2], "op_s": sorted(r["op_s"] for r in runs)[len(runs) // 2],
          "peak_inc_mb": runs[0]["peak_inc_mb"], "rss_before_mb": runs[0]["rss_before_mb"],
          "peak_reset": runs[0]["peak_reset"], "runs": runs, "result_mb": size / 2**20, "chunk_mb": chunk_mb,
          "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS")})


TASKS = {"stages": task_stages, "profile": task_profile, "modules": task_modules, "floor": task_floor,
         "mc": task_mc}

if __name__ == "__main__":
    task, args = sys.argv[1], [a for a in sys.argv[2:] if a != "--"]
    TASKS[task](*args)
