"""The BACI generator of benchmarks/ writes files of the real BACI shape (no timing here)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def make_baci():
    spec = importlib.util.spec_from_file_location("make_baci", REPO / "benchmarks" / "make_baci.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_baci"] = mod  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop("make_baci", None)


def _read(path: Path) -> pa.Table:
    types = {"t": pa.int32(), "i": pa.int32(), "j": pa.int32(), "k": pa.string(), "v": pa.string(), "q": pa.string()}
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types, null_values=[]))


def test_10k_rows_have_the_baci_shape(make_baci, tmp_path):
    out = make_baci.generate(rows=10_000, year=2019, seed=7, out=tmp_path, codes_dir=None, log=lambda _m: None)
    path = out["files"][0]
    assert path.name == "BACI_HS17_Y2019_V202301.csv"
    assert path.read_text().splitlines()[0] == "t,i,j,k,v,q"
    t = _read(path)
    assert t.num_rows == 10_000
    year, i, j = (t[c].to_numpy() for c in ("t", "i", "j"))
    k = np.array(t["k"].to_pylist())
    assert set(year) == {2019}
    assert (i != j).all()
    # sorted by exporter, importer, product, one row per flow
    key = list(zip(i, j, k.astype(int)))
    assert key == sorted(key) and len(set(key)) == len(key)
    # 200+ exporters and importers even at this size; the giants trade most
    assert len(set(i)) >= 200 and len(set(j)) >= 200
    counts = {c: int((i == c).sum()) for c in (156, 392, 4)}
    assert counts[156] > counts[392] > counts[4]
    # every code is in the country file written beside the data, Japan and Korea included
    with open(out["country_codes"], encoding="utf-8") as fh:
        listed = {int(r["country_code"]): r["iso_3digit_alpha"] for r in csv.DictReader(fh)}
    assert set(i) | set(j) <= set(listed) and listed[392] == "JPN" and listed[410] == "KOR"
    # value and quantity with exactly three decimals; some quantities missing as NA
    v = t["v"].to_pylist()
    q = t["q"].to_pylist()
    assert all(s.split(".")[1].__len__() == 3 for s in v)
    assert min(float(s) for s in v) >= 0.001
    na = sum(s == "NA" for s in q)
    assert 300 <= na <= 900  # 6% of 10,000, give or take sampling
    assert all(s == "NA" or len(s.split(".")[1]) == 3 for s in q)
    # heavy tail: the top 1% of flows carry far more than 1% of the value
    vals = np.sort(np.array(v, dtype=float))[::-1]
    assert vals[:100].sum() / vals.sum() > 0.2


def test_same_seed_same_bytes_other_seed_other_bytes(make_baci, tmp_path):
    full = make_baci.load_countries(None)
    countries = make_baci.Countries(full.code[:30], full.name[:30], full.name_full[:30], full.iso2[:30],
                                    full.iso3[:30])
    products = make_baci.load_products(None)[0][:400]
    a = make_baci.make_year(2_000, 2018, 1, countries, products)
    b = make_baci.make_year(2_000, 2018, 1, countries, products)
    c = make_baci.make_year(2_000, 2018, 2, countries, products)
    assert a.equals(b)
    assert not a.equals(c)


@pytest.mark.parametrize("k_style, first_chapter_code", [("int", "10121"), ("padded", "010121"),
                                                         ("quoted", '"010121"')])
def test_k_styles(make_baci, k_style, first_chapter_code):
    table = pa.table({"t": pa.array([2019, 2019], pa.int16()), "i": pa.array([4, 4], pa.int16()),
                      "j": pa.array([8, 12], pa.int16()), "k": pa.array([10121, 847130], pa.int32()),
                      "v": [1.5, 0.0504], "q": pa.array([2.0, None])})
    text = make_baci.format_table(table, k_style=k_style, na_style="NA")
    assert text["k"].to_pylist()[0] == first_chapter_code
    assert text["k"].to_pylist()[1].strip('"') == "847130"
    assert text["v"].to_pylist() == ["1.500", "0.050"]
    assert text["q"].to_pylist() == ["2.000", "NA"]
    assert make_baci.format_table(table, na_style="empty")["q"].to_pylist()[1] == ""


def test_shared_code_lists_are_used_when_present(make_baci, shared_data):
    codes = shared_data / "baci_codes"
    if not (codes / "country_codes_V202301.csv").is_file():
        pytest.skip("BACI code lists absent")
    countries = make_baci.load_countries(codes)
    products, _ = make_baci.load_products(codes)
    assert 200 <= len(countries.code) < 237  # historical codes (58, 810, …) left out
    assert 58 not in countries.code and 392 in countries.code
    assert len(products) > 5_000 and 10121 in products and 281111 in products


# ---------------------------------------------------------------------------------------------- harness
@pytest.fixture
def bench(monkeypatch):
    """The benchmarks folder importable (its scripts import each other as siblings), cleaned up afterwards."""
    before = set(sys.modules)
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    yield
    for name in set(sys.modules) - before:
        del sys.modules[name]


def _stages_run(windows, spans, total, missing=None, wrapped=None):
    return {"windows": windows, "spans": spans, "missing": missing or {}, "wrapped": wrapped or {},
            "start_cpu_s": 0.05, "total_cpu_s": total,
            "imports": {"total_cpu_s": 1.0, "by_stage": {"instrument": 0.75}, "by_package": {"pandas": 0.5}}}


def _span(cpu, stage, imports=0.0):
    return {"cpu_s": cpu, "wall_s": cpu, "import_cpu_s": imports, "calls": 1, "stages": {stage: cpu - imports}}


def test_stage_breakdown_takes_timed_functions_out_of_their_windows_and_sums_to_the_run(bench):
    import _stages

    windows = [{"stage": "cli", "message": "", "cpu_s": 0.80, "wall_s": 0.8, "import_cpu_s": 0.75},
               {"stage": "load", "message": "reading inputs", "cpu_s": 1.25, "wall_s": 1.3, "import_cpu_s": 0.25},
               {"stage": "scoring", "message": "scenario catch-all", "cpu_s": 0.9, "wall_s": 0.9, "import_cpu_s": 0},
               {"stage": "write", "message": "writing report to x", "cpu_s": 2.0, "wall_s": 2.0, "import_cpu_s": 0},
               {"stage": "end", "message": ""}]
    spans = {"screens": _span(0.3, "scoring"), "write_folder": _span(1.9, "write"),
             "write_report": _span(1.8, "write"), "build_workbook": _span(0.6, "write"),
             "Workbook.save": _span(0.2, "write"), "write_workbook": _span(0.85, "write"),
             "write_tables": _span(0.4, "write"), "charts.figures": _span(0.3, "write"),
             "write_charts": _span(0.5, "write")}
    rows = {r["stage"]: r for r in _stages.breakdown(_stages_run(windows, spans, total=6.0))}
    cpu = {k: round(v["cpu_s"], 6) for k, v in rows.items()}
    assert cpu["load (reading inputs)"] == 1.0  # 1.25 in the window, 0.25 of it importing
    assert cpu["imports (wherever they happen)"] == 1.0
    assert cpu["CLI: options, config, checks, scenario files"] == 0.05
    assert cpu["scoring (1 scenario)"] == 0.6  # 0.9 less the screens' 0.3
    assert cpu["screens (alternatives, next targets, dependence)"] == 0.3
    assert cpu["write: workbook built (openpyxl cells, styles)"] == 0.6
    assert cpu["write: workbook, rest (atomic file)"] == 0.05  # 0.85 - 0.6 - 0.2
    assert cpu["write: charts saved (PNG)"] == 0.2  # 0.5 - 0.3
    assert cpu["write: rest of write_report"] == 0.05  # 1.8 - 0.85 - 0.4 - 0.5
    assert cpu["write: report folder (marker, sync, swap)"] == 0.1
    assert cpu["write: rest of the writing step"] == 0.1  # the window's 2.0 less write_folder's 1.9
    assert cpu["Monte Carlo (uncertainty.attach)"] == 0.0
    # every CPU second of the run is in exactly one row
    assert sum(r["cpu_s"] for r in rows.values()) == pytest.approx(6.0)
    assert cpu["unaccounted (benchmark hooks, exit)"] == pytest.approx(6.0 - 0.05 - 1.0 - 0.05 - 1.0 - 0.6 - 0.3 - 2.0)


def test_stage_breakdown_names_functions_it_could_not_time(bench):
    import _stages

    windows = [{"stage": "write", "message": "writing report to x", "cpu_s": 1.0, "wall_s": 1.0, "import_cpu_s": 0}]
    run = _stages_run(windows, {"write_report": _span(0.9, "write")}, total=1.2,
                      missing={"exposure.report.tables:write_tables": "AttributeError: gone"},
                      wrapped={"exposure.report.tables:write_tables": "write_tables"})
    rows = {r["stage"]: r for r in _stages.breakdown(run)}
    assert "write_tables" in rows["write: CSV tables"]["note"]
    assert rows["write: CSV tables"]["cpu_s"] == 0.0
    assert rows["write: rest of write_report"]["cpu_s"] == pytest.approx(0.9)  # its time stays in the remainder


def test_clocks_wrap_a_function_by_name_and_report_a_missing_one(bench, tmp_path, monkeypatch):
    import _stages

    (tmp_path / "h11_bench_probe.py").write_text("def work(x):\n    return [x] * 3\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import h11_bench_probe

    clocks = _stages.Clocks()
    assert clocks.wrap("h11_bench_probe:work", "work")
    assert not clocks.wrap("h11_bench_probe:no_such_function")
    assert not clocks.wrap("no_such_module_h11:f")
    assert set(clocks.missing) == {"h11_bench_probe:no_such_function", "no_such_module_h11:f"}
    say = clocks.progress(lambda m: "load" if m.startswith("reading") else "other")
    say("reading inputs")
    assert h11_bench_probe.work(2) == [2, 2, 2]  # the wrapped function still does its job
    say("something else")
    h11_bench_probe.work(1)
    span = clocks.spans["work"]
    assert span.calls == 2 and set(span.stages) == {"load", "other"}
    assert [w["stage"] for w in clocks.as_dict()["windows"]] == ["load", "other"]


def test_import_clock_counts_modules_loaded_while_installed(bench, tmp_path, monkeypatch):
    import importlib._bootstrap as bootstrap

    import _stages

    (tmp_path / "h11_bench_pkg").mkdir()
    (tmp_path / "h11_bench_pkg" / "__init__.py").write_text("from . import inner\n")
    (tmp_path / "h11_bench_pkg" / "inner.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    original = bootstrap._find_and_load
    clock = _stages.ImportClock()
    clock.install()
    try:
        import h11_bench_pkg  # noqa: F401
    finally:
        clock.uninstall()
    assert bootstrap._find_and_load is original
    assert "h11_bench_pkg" in clock.by_package
    assert clock.by_stage == {"start": clock.total}


def test_kcs_table_compares_each_round_with_the_baci_run_of_the_same_round(bench):
    import bench_kcs

    def run(task, rnd, cpu, rows_read, peak=100.0, read_mb=None):
        return {"task": task, "rows": 1000, "round": rnd, "file_mb": 50.0, "cpu_s": cpu + 0.5, "op_cpu_s": cpu,
                "op_s": cpu, "maxrss_mb": 200.0, "peak_inc_mb": peak, "rows_read": rows_read, "rows_out": 10,
                "read_mb": read_mb, "totals_rows": 1}
    runs = [run("load", 0, 4.0, 1001, read_mb=51.0), run("baci", 0, 1.0, 1000),
            run("load", 1, 9.0, 1001, read_mb=51.0), run("baci", 1, 3.0, 1000)]
    (row,) = bench_kcs._table(runs)
    # per-round ratios (4/1000)/(1/1000) = 4 and (9/1000)/(3/1000) = 3: median 3.5, not 6.5/2 = 3.25
    assert row["cpu_per_row_vs_baci"] == pytest.approx(3.5)
    assert row["op_peak_vs_file"] == pytest.approx(100 * 1.048576 / 50)
    assert row["read_vs_file"] == pytest.approx(51 / 50)


def test_real_group_is_skipped_with_a_figure_when_the_shared_data_are_absent(bench, tmp_path, monkeypatch):
    import bench_real

    monkeypatch.setattr(bench_real, "SHARED", tmp_path / "nowhere")
    (fig,) = bench_real.run(repeat=1)
    assert fig.value is None and fig.met is None
    assert fig.note.startswith("skipped: ../shared/data absent")
    args = bench_real.report_args("OUT")
    assert args[0] == "report" and args[-2:] == ["--out", "OUT"]
    assert [args[i + 1] for i, a in enumerate(args) if a == "--scenario"] == list(bench_real.SCENARIOS)
    assert args[args.index("--draws") + 1] == "1000"


def test_run_all_refuses_an_unknown_group(bench, capsys):
    import run_all

    with pytest.raises(SystemExit) as exc:
        run_all.main(["--only", "load,nonsense"])
    assert exc.value.code == 2
    assert "nonsense" in capsys.readouterr().err


@pytest.mark.parametrize("op", ["simulate_all", "attach"])
def test_monte_carlo_child_runs_on_the_demo(op):
    # the child captures the Monte Carlo's arguments from a short run of the pipeline, then reruns it
    # with the draws asked for: a run setting it cannot make (draws = 1 is refused) fails every MC figure
    import json
    import subprocess

    spec = {"inputs": "demo", "scenarios": ["2019-three-items"], "draws": 7, "op": op, "repeat": 1}
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "_child_run.py"), "mc", json.dumps(spec)],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH_JSON "))
    out = json.loads(line[len("BENCH_JSON "):])
    assert (out["op"], out["draws"], out["scenarios"]) == (op, 7, ["2019-three-items"])
    assert len(out["runs"]) == 1 and out["op_cpu_s"] > 0


def test_kcs_child_counts_the_mapped_blocks_as_bytes_read(tmp_path):
    # the streamed reader parses through a memory map, which rchar never sees: a one-pass inspect must
    # still count about the file's size, not nothing (a "0.00×" that meets the ≤ 1.1× target)
    import json
    import subprocess

    path = tmp_path / "kcs.csv"
    made = subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_kcs.py"), "--rows", "20000", "--out",
                           str(tmp_path)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert made.returncode == 0, made.stderr[-2000:]
    path = next(tmp_path.glob("*.csv"))
    assert path.stat().st_size > 256 * 1024  # streamed, not read by the generic reader
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_kcs.py"), "--child", "inspect", str(path)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH_JSON "))
    out = json.loads(line[len("BENCH_JSON "):])
    size_mb = path.stat().st_size / 1e6
    if out["read_mb"] is not None:  # /proc/self/io exists (Linux)
        assert size_mb <= out["read_mb"] <= size_mb + 2.0  # the pass, and the sample the layout is found on
    assert out["mapped_mb"] == pytest.approx(size_mb, rel=0.01)
