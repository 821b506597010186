"""In-process instrumentation for the stage breakdown: wrapped functions, import time, progress windows.

Used inside a benchmark child only (never by the package): :class:`Clocks` wraps named
functions of the package (``"exposure.report.excel:build_workbook"``,
``"openpyxl.workbook.workbook:Workbook.save"``) by replacing the attribute, records the CPU and
wall seconds of each outermost call and the stage it ran in; :class:`ImportClock` wraps the
interpreter's module loader (``importlib._bootstrap._find_and_load``, which ``import`` calls for
every module not yet loaded) so that import time is counted wherever it happens; and
:meth:`Clocks.progress` is a progress callback that opens a new stage at each message.

A wrapped name that no longer exists (the package was reorganised) is reported in
:attr:`Clocks.missing` instead of failing the run.
"""

from __future__ import annotations

import importlib
import importlib._bootstrap as _bootstrap  # the loader ``import`` calls
import time
from dataclasses import dataclass, field
from typing import Any, Callable


def cpu() -> float:
    return time.process_time()


@dataclass
class Span:
    """Accumulated time of one label."""

    cpu_s: float = 0.0
    wall_s: float = 0.0
    import_cpu_s: float = 0.0  # of cpu_s, spent importing modules
    calls: int = 0
    stages: dict[str, float] = field(default_factory=dict)  # CPU less imports, by the stage it ran in


class ImportClock:
    """CPU spent importing modules: in all, by stage, and by top-level package (self time)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.by_package: dict[str, float] = {}
        self.stage_of: Callable[[], str] = lambda: "start"
        self.by_stage: dict[str, float] = {}
        self._stack: list[list[float]] = []  # [start cpu, children cpu] per open import
        self._orig = None

    def install(self) -> None:
        orig = _bootstrap._find_and_load
        self._orig = orig

        def find_and_load(name: str, import_: Any) -> Any:
            self._stack.append([cpu(), 0.0])
            try:
                return orig(name, import_)
            finally:
                start, children = self._stack.pop()
                spent = cpu() - start
                top = name.split(".")[0]
                self.by_package[top] = self.by_package.get(top, 0.0) + spent - children
                if self._stack:
                    self._stack[-1][1] += spent
                else:
                    self.total += spent
                    st = self.stage_of()
                    self.by_stage[st] = self.by_stage.get(st, 0.0) + spent

        _bootstrap._find_and_load = find_and_load

    def uninstall(self) -> None:
        if self._orig is not None:
            _bootstrap._find_and_load = self._orig


class Clocks:
    """Wrapped functions and progress windows of one run."""

    def __init__(self, imports: ImportClock | None = None) -> None:
        self.spans: dict[str, Span] = {}
        self.missing: dict[str, str] = {}
        self.stage = "start"
        self.windows: list[dict[str, Any]] = []  # one per progress message, in order
        self.imports = imports or ImportClock()
        self.imports.stage_of = lambda: self.stage
        self._open: set[str] = set()

    # ------------------------------------------------------------------ stages
    def mark(self, stage: str, message: str = "") -> None:
        """Close the current window and open ``stage``."""
        now_c, now_w = cpu(), time.perf_counter()
        if self.windows:
            last = self.windows[-1]
            last["cpu_s"] = now_c - last["cpu0"]
            last["wall_s"] = now_w - last["wall0"]
            last["import_cpu_s"] = self.imports.total - last["imp0"]
        self.windows.append({"stage": stage, "message": message, "cpu0": now_c, "wall0": now_w,
                             "imp0": self.imports.total})
        self.stage = stage

    def progress(self, classify: Callable[[str], str], then: Callable[[str], None] | None = None
                 ) -> Callable[[str], None]:
        """A progress callback: each message opens the stage ``classify(message)``; ``then`` still gets it."""
        def say(message: str) -> None:
            self.mark(classify(message), message)
            if then is not None:
                then(message)
        return say

    # ------------------------------------------------------------------ functions
    def wrap(self, spec: str, label: str | None = None) -> bool:
        """Time calls of ``module:attr`` (``attr`` may be ``Class.method``); False (and noted) when absent."""
        module_name, _, attr = spec.partition(":")
        label = label or spec
        try:
            owner: Any = importlib.import_module(module_name)
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            fn = getattr(owner, name)
        except (ImportError, AttributeError) as exc:
            self.missing[spec] = f"{type(exc).__name__}: {exc}"
            return False
        span = self.spans.setdefault(label, Span())
        clocks = self

        def wrapped(*a: Any, **k: Any) -> Any:
            if label in clocks._open:  # a nested call of the same label: counted by the outer one
                return fn(*a, **k)
            clocks._open.add(label)
            c0, w0, i0, stage = cpu(), time.perf_counter(), clocks.imports.total, clocks.stage
            try:
                return fn(*a, **k)
            finally:
                spent, imported = cpu() - c0, clocks.imports.total - i0
                span.cpu_s += spent
                span.wall_s += time.perf_counter() - w0
                span.import_cpu_s += imported
                span.calls += 1
                span.stages[stage] = span.stages.get(stage, 0.0) + spent - imported
                clocks._open.discard(label)

        wrapped.__wrapped__ = fn  # type: ignore[attr-defined]
        setattr(owner, name, wrapped)
        return True

    def wrap_all(self, specs: dict[str, str]) -> None:
        for spec, label in specs.items():
            self.wrap(spec, label)

    def as_dict(self) -> dict[str, Any]:
        return {"windows": [{k: v for k, v in w.items() if k not in ("cpu0", "wall0", "imp0")} for w in self.windows],
                "spans": {k: vars(v) for k, v in self.spans.items()}, "missing": self.missing,
                "imports": {"total_cpu_s": self.imports.total, "by_stage": self.imports.by_stage,
                            "by_package": dict(sorted(self.imports.by_package.items(), key=lambda kv: -kv[1]))}}


# ---------------------------------------------------------------------------------- the table
def _net_window(d: dict[str, Any], stage: str) -> tuple[float, float]:
    """(CPU less imports, wall) over every window of ``stage``."""
    ws = [w for w in d["windows"] if w["stage"] == stage and "cpu_s" in w]
    return sum(w["cpu_s"] - w["import_cpu_s"] for w in ws), sum(w["wall_s"] for w in ws)


def breakdown(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows ``{stage, cpu_s, note}`` of one stages run (the dict ``task_stages`` writes), summing to its CPU.

    CPU is net of imports: import time has its own row wherever it happened. A wrapped function
    the package no longer has counts as 0 in its row and its time stays in the enclosing
    remainder ("other"), which the row's note says.
    """
    spans, missing = d["spans"], set(d.get("missing", {}))
    labels_missing = {label for spec, label in d.get("wrapped", {}).items() if spec in missing}

    def span(label: str, stage: str | None = None) -> float:
        s = spans.get(label)
        if not s or not s["calls"]:
            return 0.0
        return s["stages"].get(stage, 0.0) if stage else s["cpu_s"] - s["import_cpu_s"]

    def note(*labels: str) -> str:
        gone = [x for x in labels if x in labels_missing or not spans.get(x, {}).get("calls")]
        return f"not timed apart ({', '.join(gone)} not called or not found): in the remainder" if gone else ""

    rows: list[dict[str, Any]] = []

    def add(stage: str, cpu: float, n: str = "") -> None:
        rows.append({"stage": stage, "cpu_s": cpu, "note": n})

    add("interpreter start", d["start_cpu_s"])
    by_stage = d["imports"].get("by_stage", {})
    top = ", ".join(f"{k} {v:.2f}" for k, v in list(d["imports"]["by_package"].items())[:6])
    early = by_stage.get("instrument", 0.0)
    add("imports (wherever they happen)", d["imports"]["total_cpu_s"],
        f"own time by package: {top}; {early:.2f} s of it when this benchmark imported the timed modules "
        f"before the run (a plain run imports them lazily)")
    # functions timed apart, taken out of the window they ran in (wherever the messages put them)
    writer = "write_folder" if spans.get("write_folder", {}).get("calls") else "write_report"
    carved = ("screens", "hashing inputs", writer)

    def window(*stages: str) -> float:
        return sum(_net_window(d, s)[0] - sum(span(x, s) for x in carved) for s in stages)

    add("CLI: options, config, checks, scenario files", window("import exposure.cli", "instrument", "cli", "prepare"))
    add("load (reading inputs)", window("load"))
    add("indicators (measuring dependence, SME basis)", window("indicators"))
    add("linking (concordances, overrides)", window("linking"))
    n_scen = sum(w["stage"] == "scoring" for w in d["windows"])
    per = [f"{w['message'].split()[-1]} {w['cpu_s'] - w['import_cpu_s']:.2f}" for w in d["windows"]
           if w["stage"] == "scoring" and "cpu_s" in w]
    add(f"scoring ({n_scen} scenario{'s' * (n_scen != 1)})", window("scoring"),
        "per scenario window (the last also holds the screens and the results' assembly): " + ", ".join(per))
    add("screens (alternatives, next targets, dependence)", span("screens"), note("screens"))
    add("hashing inputs (SHA-256)", span("hashing inputs"), note("hashing inputs"))
    mc = window("mc")
    parts = ", ".join(f"{k.split(': ')[1]} {span(k):.2f}" for k in ("mc: simulate_all", "mc: summarise",
                                                                   "mc: sensitivity_table", "mc: threshold_sweep"))
    add("Monte Carlo (uncertainty.attach)", mc, f"of which {parts}" if mc else "no draws")
    wb, save, wbk = span("build_workbook"), span("Workbook.save"), span("write_workbook")
    tables, figs, charts = span("write_tables"), span("charts.figures"), span("write_charts")
    report, folder = span("write_report"), span("write_folder")
    add("write: workbook built (openpyxl cells, styles)", wb, note("build_workbook"))
    add("write: workbook saved (zip of XML)", save, note("Workbook.save"))
    add("write: workbook, rest (atomic file)", max(wbk - wb - save, 0.0), note("write_workbook"))
    add("write: CSV tables", tables, note("write_tables"))
    add("write: charts drawn (matplotlib figures)", figs, note("charts.figures"))
    add("write: charts saved (PNG)", max(charts - figs, 0.0), note("write_charts"))
    add("write: rest of write_report", max(report - (wbk or wb + save) - tables - (charts or figs), 0.0),
        note("write_report"))
    add("write: report folder (marker, sync, swap)", max(folder - report, 0.0), note("write_folder"))
    add("write: rest of the writing step", window("write"))
    add("finish (console summary) and other steps", window("finish", "other", "end"))
    add("unaccounted (benchmark hooks, exit)", d["total_cpu_s"] - sum(r["cpu_s"] for r in rows))
    return rows
