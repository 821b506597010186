"""Hostile and broken inputs under a memory ceiling: every case of tests/data/bad/cases.toml, one process each.

Each case runs as ``python -m exposure …`` (the case's command line) in a fresh process limited
to 3 GB of address space (``RLIMIT_AS``) and 30 seconds of wall time. Per case: the exit code
(against the one the manifest expects), the peak resident memory of the child (``ru_maxrss``
from ``wait4``) and the wall time; then one summary line with the largest of each and the
failures (a wrong exit code, a timeout, a traceback, or a crash under the memory ceiling).
Beyond the manifest it runs a few larger hostile files (``EXTRA``): a 1 GiB zip bomb, a
workbook whose 200,000 rows each carry a styled cell at column XFD, a CSV of a million empty
lines, an HTML table whose cells all span 1,000 columns.

It is a benchmark, not a test: it asserts nothing about time; tests/test_bad_inputs.py checks
the messages. Generated files go to a temporary folder and are deleted.

    python benchmarks/bench_hostile.py                 # every case (~1–2 min)
    python benchmarks/bench_hostile.py --only zip,xlsx  # cases whose id contains one of these words
    python benchmarks/bench_hostile.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_bad_inputs import BAD, DEMO, load_cases, materialise_input  # noqa: E402

ADDRESS_SPACE = 3_000_000_000
TIMEOUT_S = 30.0

#: larger hostile inputs than the test suite makes: (id, file name, generator kind, params, command, exit code)
EXTRA: list[tuple[str, str, str, dict[str, Any], str, int]] = [
    ("extra-zip-bomb-1gib", "bomb1g_BACI.zip", "zip_bomb", {"expanded": 1 << 30},
     "report --imports {bad}/good_imports.csv --io {demo}/io_table_2019.xlsx --world-exports {input}", 1),
    ("extra-xlsx-styled-rows", "styled_rows.xlsx", "xlsx_styled_rows", {"rows": 200_000},
     "validate {input}", 0),
    ("extra-csv-million-empty-lines", "empty_lines.csv", "csv_empty_lines", {"lines": 1_000_000},
     "validate {input}", 0),
    ("extra-html-wide-spans", "spans.xls", "html_wide_spans", {"rows": 2_000},
     "validate {input}", 1),
]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_measured(args: list[str], cwd: Path) -> dict[str, Any]:
    """Run ``python -m exposure ARGS`` under the limits: exit code, the child's own peak RSS (``ru_maxrss`` from
    ``os.wait4``, MB), wall seconds and its output."""
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    t0 = time.perf_counter()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "exposure", *args], cwd=cwd, stdout=out, stderr=err,
                                preexec_fn=_limit, env={**os.environ, "PYTHONPATH": str(REPO)})
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > TIMEOUT_S:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.01)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {"exit": proc.returncode, "wall_s": wall, "timeout": timed_out, "peak_mb": usage.ru_maxrss / 1024,
              "stdout": out_path.read_text(encoding="utf-8", errors="replace"),
              "stderr": err_path.read_text(encoding="utf-8", errors="replace")}
    out_path.unlink()
    err_path.unlink()
    return result


def _args(run: str, input_path: Path, out: Path) -> list[str]:
    subs = {"input": str(input_path), "bad": str(BAD), "demo": str(DEMO)}
    args = [a.format(**subs) for a in shlex.split(run)]
    if args[0] == "report":
        args += ["--out", str(out)]
    return args


def _verdict(result: dict[str, Any], expected_exit: int) -> str:
    if result["timeout"]:
        return "TIMEOUT"
    if "Traceback" in result["stderr"] or "Traceback" in result["stdout"]:
        return "TRACEBACK"
    if "MemoryError" in result["stderr"] or result["exit"] < 0:
        return f"CRASH({result['exit']})"
    if result["exit"] != expected_exit:
        return f"EXIT {result['exit']}≠{expected_exit}"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated words; run the cases whose id contains one")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    opts = parser.parse_args(argv)
    words = [w.strip() for w in (opts.only or "").split(",") if w.strip()]
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_hostile", BAD / "make_hostile.py")
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    jobs = []
    for case in load_cases():
        if case.get("pending"):
            continue
        expected = case.get("exit_code", 1 if case.get("expect", "error") == "error" else 0)
        jobs.append((case["id"], case, None, expected))
    for cid, name, kind, params, run, expected in EXTRA:
        jobs.append((cid, {"id": cid, "input": name, "run": run}, (kind, params), expected))
    rows = []
    print(f"{'case':<34} {'exit':>4} {'peak MB':>8} {'wall s':>7}  verdict")
    for cid, case, extra, expected in jobs:
        if words and not any(w in cid for w in words):
            continue
        with tempfile.TemporaryDirectory(prefix="exposure-hostile-") as d:
            work = Path(d)
            if extra is None:
                input_path = materialise_input(case, work)
            else:
                input_path = hostile.generate(extra[0], work / case["input"], extra[1])
            result = run_measured(_args(case["run"], input_path, work / "out"), work)
        verdict = _verdict(result, expected)
        rows.append({"case": cid, "exit": result["exit"], "expected_exit": expected, "peak_mb": result["peak_mb"],
                     "wall_s": result["wall_s"], "verdict": verdict,
                     "last_line": ((result["stderr"].strip() or result["stdout"].strip()).splitlines() or [""])[-1][:200]})
        print(f"{cid:<34} {result['exit']:>4} {result['peak_mb']:>8.0f} {result['wall_s']:>7.2f}  {verdict}")
    failures = [r for r in rows if r["verdict"] != "ok"]
    top_mem = max(rows, key=lambda r: r["peak_mb"]) if rows else None
    top_time = max(rows, key=lambda r: r["wall_s"]) if rows else None
    if rows:
        print(f"\nsummary: {len(rows)} cases; max peak RSS {top_mem['peak_mb']:.0f} MB ({top_mem['case']}); "
              f"max wall {top_time['wall_s']:.2f} s ({top_time['case']}); {len(failures)} failures"
              + (": " + ", ".join(f"{r['case']} ({r['verdict']})" for r in failures) if failures else ""))
    if opts.json:
        opts.json.write_text(json.dumps({"limits": {"address_space": ADDRESS_SPACE, "timeout_s": TIMEOUT_S},
                                         "cases": rows}, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
