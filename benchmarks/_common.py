"""Shared plumbing of the benchmarks: subprocess measurement, generated data, machine facts.

Every figure comes from a fresh subprocess so that one measurement's memory cannot
leak into the next. The parent times the wall clock (interpreter start included) and
takes the child's peak resident memory from ``os.wait4`` (the kernel's ``ru_maxrss``
of exactly that child). Children running :mod:`_child` also report the time and the
peak of the operation alone, from ``/proc/self/status`` after resetting the peak
through ``/proc/self/clear_refs``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH_DIR = Path(os.environ.get("EXPOSURE_BENCH_DIR", "/tmp/exposure-bench"))
PY = sys.executable
JSON_MARK = "BENCH_JSON "
FULL_ROWS = 11_000_000

sys.path.insert(0, str(HERE))
import make_baci  # noqa: E402  (sibling script, not a package)


@dataclass
class Run:
    """One subprocess run."""

    cmd: list[str]
    rc: int
    wall_s: float
    maxrss_mb: float
    cpu_s: float  # user + system seconds of the child (all its threads)
    stdout: str
    stderr: str
    child: dict[str, Any] = field(default_factory=dict)
    #: of cpu_s, in the kernel: on this VM mostly the first touch of memory the host had not yet backed, which
    #: varies from run to run with what ran before (see the README)
    sys_s: float = 0.0

    def ok(self) -> bool:
        return self.rc == 0

    def failure(self) -> str:
        tail = (self.stderr or self.stdout).strip().splitlines()[-2:]
        return f"exit {self.rc}: " + " | ".join(tail)


@dataclass
class Figure:
    """One benchmark figure, with its target when one is set."""

    id: str
    what: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None  # None: no target, or not measurable yet
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(REPO), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    e.setdefault("MPLBACKEND", "Agg")
    # An installed copy runs from cached bytecode; a shell that forbids writing it would make every
    # measured process compile the package from source (~0.2 CPU s) and blur the start-up figures.
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e


_COMPILED = False


def compile_package() -> None:
    """Write the package's bytecode once, before the first measurement (pip does so when it installs)."""
    global _COMPILED
    if not _COMPILED:
        subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "exposure")], env=env(), check=False,
                       stdout=subprocess.DEVNULL)
        _COMPILED = True


def measure(cmd: list[str], cwd: Path = REPO, timeout: float = 1800) -> Run:
    """Run ``cmd``; wall time, the child's own peak RSS, output, and its ``BENCH_JSON`` line if any."""
    compile_package()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    child: dict[str, Any] = {}
    for line in stdout.splitlines():
        if line.startswith(JSON_MARK):
            child = json.loads(line[len(JSON_MARK):])
    return Run(cmd, proc.returncode, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, stdout, stderr,
               child, usage.ru_stime)


def child(task: str, *args: str, timeout: float = 1800) -> Run:
    """Run one task of :mod:`_child` in a fresh interpreter."""
    return measure([PY, str(HERE / "_child.py"), task, *map(str, args)], timeout=timeout)


def cli(*args: str, timeout: float = 1800) -> Run:
    """Run ``python -m exposure ARGS`` (the installed ``exposure`` script does the same)."""
    return measure([PY, "-m", "exposure", *map(str, args)], timeout=timeout)


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def baci_year(rows: int = FULL_ROWS, year: int = 2019, years: int = 1, k_style: str = "int",
              zip_: bool = False, seed: int = 2019) -> list[Path]:
    """Generated BACI files for these parameters, made once and reused (under BENCH_DIR)."""
    folder = BENCH_DIR / f"r{rows}_y{year}x{years}_{k_style}_s{seed}"
    stamp = folder / "params.json"
    params = {"rows": rows, "year": year, "years": years, "k_style": k_style, "zip": zip_, "seed": seed,
              "generator_mtime": (HERE / "make_baci.py").stat().st_mtime}
    files = [folder / make_baci.year_file_name(y) for y in range(year - years + 1, year + 1)]
    if zip_:
        files = [folder / f"BACI_{make_baci.HS}_{make_baci.VERSION}.zip"]
    if not (stamp.is_file() and json.loads(stamp.read_text()) == params and all(f.is_file() for f in files)):
        log(f"generating {years} BACI year(s) of {rows:,} rows in {folder}")
        # in a subprocess: a parent that once held the data would inflate every later
        # child's ru_maxrss (Linux copies the parent's high-water mark at fork)
        cmd = [PY, str(HERE / "make_baci.py"), "--rows", str(rows), "--year", str(year), "--years", str(years),
               "--seed", str(seed), "--out", str(folder), "--k-style", k_style] + (["--zip"] if zip_ else [])
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        stamp.write_text(json.dumps(params))
    return files


def loadavg() -> float:
    """1-minute load average: above the core count, timings are stretched by other work."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare figures: cores, memory, CPU, versions.

    Library versions are read in a subprocess so that the parent stays small (see :func:`measure`).
    """
    def sh(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
        except OSError:
            return ""

    def git(*args: str) -> str:
        return sh(["git", "-C", str(REPO), *args])

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    probe = ("import json, importlib\n"
             "v = {}\n"
             "for m in ('numpy', 'pandas', 'pyarrow', 'openpyxl', 'matplotlib', 'click'):\n"
             "    try: v[m] = importlib.import_module(m).__version__\n"
             "    except ImportError: v[m] = None\n"
             "print(json.dumps(v))")
    try:
        versions = json.loads(sh([PY, "-c", probe]) or "{}")
    except json.JSONDecodeError:
        versions = {}
    free = sh(["free", "-h"]).splitlines()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": sh(["nproc"]),
        "memory": free[1] if len(free) > 1 else "",
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": os.environ.get("EXPOSURE_BENCH_COMMIT") or git("rev-parse", "--short", "HEAD"),
        # package files changed but not committed when the figures were taken (a shared checkout)
        "uncommitted": [ln.split(maxsplit=1)[-1] for ln in git("status", "--porcelain", "--", "exposure").splitlines()
                        if ln.strip()],
        "loadavg_1_5_15": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
