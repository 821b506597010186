"""Reliability and safety of the whole tool: nothing lost, atomic outputs, offline, deterministic.

(a) Nothing lost: generated trade tables, written in every supported format, load with
    rows and values that reconcile exactly, and keep reconciling through the HS6 roll-up,
    the concordance allocation and the product indicators.
(b) Atomic outputs: an interrupted report leaves no partial file and the previous outputs
    untouched; inputs are never opened for writing.
(c) Offline: the whole report runs with every socket disabled.
(d) Determinism: two runs with the same inputs and seed give identical CSV bytes and
    workbooks with identical cells.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import socket
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exposure import indicators
from exposure.report import write_report_folder
from exposure.report.folder import MARKER
from exposure.cli import cli
from exposure.codes import concordance as concordances
from exposure.codes.countries import country_table
from exposure.codes.normalize import roll_up
from exposure.config import Config
from exposure.io import load
from exposure.linkage import allocate
from exposure.pipeline import Inputs

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "datasets" / "demo"


# =============================================================================================== (a)
def _countries() -> pd.DataFrame:
    """Countries with a Korean name, an M49 and a BACI number (Korea itself left out: it reports)."""
    t = country_table()
    t = t[(t["current"].astype(str) == "1") & (t["m49"].astype(str) != "") & (t["baci"].astype(str) != "")
          & (t["iso3"] != "KOR")]
    return t.reset_index(drop=True)


COUNTRIES = _countries()
# the target and Korea's main suppliers come up often, the other countries now and then
FREQUENT = [int(COUNTRIES.index[COUNTRIES["iso3"] == c][0]) for c in ("JPN", "CHN", "USA", "DEU", "TWN")]
# HS chapters that exist (77 is reserved); a code never starts with 00
CHAPTERS = [f"{c:02d}" for c in range(1, 98) if c != 77]


@st.composite
def trade_tables(draw: st.DrawFn, systems: tuple[str, ...] = ("HS6", "HSK10")) -> dict:
    """A small import table: unique (partner, code) keys, integer values in the file's unit (zeros too)."""
    system = draw(st.sampled_from(systems))
    tail = 4 if system == "HS6" else 8
    code = st.builds(lambda ch, rest: ch + f"{rest:0{tail}d}", st.sampled_from(CHAPTERS),
                     st.integers(0, 10 ** tail - 1))
    n = draw(st.integers(1, 9))
    country = st.one_of(st.sampled_from(FREQUENT), st.integers(0, len(COUNTRIES) - 1))
    keys = draw(st.lists(st.tuples(country, code), min_size=n, max_size=n, unique=True))
    values = draw(st.lists(st.one_of(st.just(0), st.integers(1, 5_000_000)), min_size=n, max_size=n))
    return {
        "system": system,
        "year": draw(st.sampled_from([2017, 2018, 2019])),
        "names": draw(st.sampled_from(["name_ko", "name_ko_customs"])),
        "total_row": draw(st.booleans()),
        "rows": [(COUNTRIES.iloc[c], k, v) for (c, k), v in zip(keys, values)],
    }


KCS_HEADER = ["기간", "국가", "HS코드", "품목명", "수입 중량", "수입 금액"]


def _kcs_rows(t: dict, as_numbers: bool) -> list[list[object]]:
    rows: list[list[object]] = []
    if t["total_row"]:
        total = sum(v for *_x, v in t["rows"])
        rows.append(["총계", None, None, None, None, total if as_numbers else f"{total:,}"])
    for i, (country, code, value) in enumerate(t["rows"]):
        rows.append([t["year"] if as_numbers else str(t["year"]), country[t["names"]],
                     int(code) if as_numbers else code, f"품목 {i + 1}", 1.5 if as_numbers else "1.5",
                     value if as_numbers else f"{value:,}"])
    return rows


def write_kcs_csv(t: dict, path: Path, encoding: str) -> float:
    """Korea Customs layout (title and unit rows, 천달러); returns the factor to USD."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows([["수입 실적 (품목별·국가별)"], ["단위: 천달러, 톤"], KCS_HEADER])
    w.writerows([["" if c is None else c for c in r] for r in _kcs_rows(t, as_numbers=False)])
    path.write_bytes(buf.getvalue().encode(encoding))
    return 1000.0


def write_kcs_xlsx(t: dict, path: Path) -> float:
    """The same layout as a workbook, codes stored as numbers (their leading zeros lost, as in Excel)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "수입실적"
    ws.append(["수입 실적 (품목별·국가별)"])
    ws.append(["단위: 천달러, 톤"])
    ws.append(KCS_HEADER)
    for r in _kcs_rows(t, as_numbers=True):
        ws.append(r)
    wb.save(path)
    return 1000.0


COMTRADE_HEADER = ["Classification", "Year", "Period", "Aggregate Level", "Trade Flow Code", "Trade Flow",
                   "Reporter Code", "Reporter ISO", "Reporter", "Partner Code", "Partner ISO", "Partner",
                   "Commodity Code", "Commodity", "Netweight (kg)", "Trade Value (US$)"]


def write_comtrade(t: dict, path: Path) -> float:
    """Legacy Comtrade CSV, values in USD; codes written as numbers (Comtrade drops the leading zero)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COMTRADE_HEADER)
    for country, code, value in t["rows"]:
        w.writerow(["H5", t["year"], t["year"], 6, 1, "Import", 410, "KOR", "Rep. of Korea", int(country["m49"]),
                    country["iso3"], country["name_en"], int(code), "product", 100, value])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return 1.0


def _baci_text(t: dict) -> str:
    lines = ["t,i,j,k,v,q"]
    lines += [f"{t['year']},{int(c['baci'])},410,{int(code)},{value},NA" for c, code, value in t["rows"]]
    return "\n".join(lines) + "\n"


def write_baci(t: dict, path: Path) -> float:
    path.write_text(_baci_text(t), encoding="utf-8")
    return 1000.0


def write_baci_zip(t: dict, path: Path) -> float:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"BACI_HS17_Y{t['year']}_V202301.csv", _baci_text(t))
    return 1000.0


FORMATS = {
    "kcs-csv-utf8": ("imports.csv", lambda t, p: write_kcs_csv(t, p, "utf-8"), ("HS6", "HSK10")),
    "kcs-csv-utf8-bom": ("imports.csv", lambda t, p: write_kcs_csv(t, p, "utf-8-sig"), ("HS6", "HSK10")),
    "kcs-csv-cp949": ("imports.csv", lambda t, p: write_kcs_csv(t, p, "cp949"), ("HS6", "HSK10")),
    "kcs-xlsx": ("imports.xlsx", write_kcs_xlsx, ("HS6", "HSK10")),
    "comtrade-csv": ("comtrade.csv", write_comtrade, ("HS6",)),
    "baci-csv": ("BACI_HS17_Y2019_V202301.csv", write_baci, ("HS6",)),
    "baci-zip": ("BACI_HS17_Y2019_V202301.zip", write_baci_zip, ("HS6",)),
}
# object columns: isin over a few thousand codes is much faster than on Arrow strings
HS6_OECD36 = concordances.concordance("HS6-OECD36").astype({"from_code": object, "to_code": object})


def _check_nothing_lost(fmt: str, t: dict) -> None:
    name, writer, _systems = FORMATS[fmt]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        factor = writer(t, path)
        table, report = load(path, kind="world_exports" if fmt.startswith("baci") else "imports")
    report.check(rtol=0)  # rows read = kept + dropped; value read = kept + dropped (exactly)
    n = len(t["rows"])
    assert report.rows_read == n + (1 if t["total_row"] and fmt.startswith("kcs") else 0)
    # kept values are the generated ones, in USD, key by key
    partner_col = "reporter" if fmt.startswith("baci") else "partner"  # BACI: reporter = exporter i
    got = {(str(p), str(c)): v for p, c, v in zip(table[partner_col], table["code"], table["value_usd"])}
    want = {(country["iso3"], code): value * factor for country, code, value in t["rows"] if value}
    assert got == want
    assert set(table["code_system"].astype(str)) <= {t["system"], "HS6-2017"}
    dropped = report.dropped["reason"].value_counts().to_dict()
    zeros = sum(1 for *_x, v in t["rows"] if v == 0)
    assert dropped.get("zero value", 0) == zeros
    assert dropped.get("total row", 0) == (1 if t["total_row"] and fmt.startswith("kcs") else 0)
    assert report.value_kept == math.fsum(want.values())

    # HS6 roll-up: HSK10 lines add up to their HS6 line exactly
    values = pd.DataFrame({"code": table["code"].astype(str), "value": table["value_usd"].astype(float)})
    hs6 = values.assign(code=roll_up(values["code"], "HS6")).groupby("code")["value"].sum()
    want6: dict[str, float] = {}
    for (_p, code), v in want.items():
        want6[code[:6]] = want6.get(code[:6], 0.0) + v
    assert hs6.to_dict() == pytest.approx(want6, rel=0, abs=0)

    # concordance allocation: allocated + unmatched = input, and every code is allocated or reported once
    alloc_codes, unmatched_codes = concordances.allocate(values["code"].str[:6], "HS6-OECD36")
    distinct = set(values["code"].str[:6])
    assert set(alloc_codes["code"]) | set(unmatched_codes["code"]) == distinct
    assert not set(alloc_codes["code"]) & set(unmatched_codes["code"])
    assert alloc_codes.groupby("code")["weight"].sum().to_numpy() == pytest.approx(1.0, rel=1e-12)
    allocated, unmatched = allocate(values, HS6_OECD36)
    total = math.fsum(values["value"])
    assert math.fsum(allocated["value"]) + math.fsum(unmatched["value"]) == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert set(unmatched["code"].str[:6]) == set(unmatched_codes["code"])

    # product indicators: imports by product add up to what was kept, and the target's part to its rows.
    # (By design a table naming one partner gives no world total, and one without the target no
    # target imports: both are NaN with a reason, never 0.)
    partners = set(table["partner"].astype(str)) if len(table) else set()
    if not fmt.startswith("baci") and partners:
        products = indicators.product_indicators(table[table["flow"] == "M"], Config())
        assert set(products["code"]) == {c for _p, c in want}
        if len(partners) >= 2:
            assert math.fsum(products["import_usd"]) == pytest.approx(report.value_kept, rel=1e-12)
        else:
            assert products["import_usd"].isna().all()
        jpn = {c: v for (p, c), v in want.items() if p == "JPN"}
        got_jpn = products.set_index("code")["target_import_usd"].to_dict()
        for code, v in got_jpn.items():  # a full partner breakdown without Japan means 0 from Japan
            assert v == jpn.get(code, 0.0) if (len(partners) >= 2 or partners == {"JPN"}) else math.isnan(v)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_nothing_lost_through_loading_rollup_allocation_and_indicators(fmt):
    systems = FORMATS[fmt][2]

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(trade_tables(systems))
    def check(t):
        _check_nothing_lost(fmt, t)

    check()


# =============================================================================================== (b)
def _tree(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``folder`` (hidden ones too)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo_results():
    """One run of the demo (no Monte Carlo), shared by the output tests."""
    from exposure.pipeline import run

    return run(Inputs.demo(), Config(draws=0))


def test_interrupt_during_workbook_save_leaves_no_partial_file_and_old_outputs_untouched(demo_results, tmp_path,
                                                                                        monkeypatch):
    out = tmp_path / "report"
    out.mkdir()
    (out / "exposure_report.xlsx").write_bytes(b"the previous, good workbook")
    (out / "tables").mkdir()
    (out / "tables" / "sectors.csv").write_text("previous sectors\n", encoding="utf-8")
    (out / "notes.txt").write_text("the analyst's own notes\n", encoding="utf-8")
    (out / MARKER).write_text("{}", encoding="utf-8")  # a previous run's report folder
    before = _tree(out)

    import openpyxl.workbook.workbook as wbmod

    real_save = wbmod.Workbook.save
    seen: list[Path] = []

    def save_then_interrupt(self, filename):
        real_save(self, filename)  # the temporary file is complete on disk …
        seen.append(Path(filename))
        with open(filename, "r+b") as fh:  # … and half of it overwritten, as a crash mid-write would
            fh.truncate(os.path.getsize(filename) // 2)
        raise KeyboardInterrupt  # … when Ctrl-C arrives (SIGINT raises KeyboardInterrupt in Python)

    monkeypatch.setattr(wbmod.Workbook, "save", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_report_folder(demo_results, out, formats=("csv", "xlsx"))
    assert seen and not seen[0].exists()  # the temporary workbook is gone
    assert _tree(out) == before  # nothing replaced, nothing added (no partial CSV either)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no temporary folder left behind


def test_sigint_to_a_report_process_leaves_nothing_behind(tmp_path):
    """A real SIGINT to ``exposure report`` while it writes: exit by KeyboardInterrupt, no partial files."""
    import signal
    import subprocess
    import time

    out = tmp_path / "report"
    out.mkdir()
    (out / "exposure_report.xlsx").write_bytes(b"previous")
    (out / MARKER).write_text("{}", encoding="utf-8")  # a previous run's report folder
    before = _tree(out)
    # the child pauses inside Workbook.save (after writing half a workbook) until it gets SIGINT
    child = (
        "import sys, time, openpyxl.workbook.workbook as m\n"
        "real = m.Workbook.save\n"
        "def slow(self, filename):\n"
        "    real(self, filename)\n"
        "    open(filename, 'r+b').truncate(100)\n"
        "    print('SAVING', flush=True)\n"
        "    time.sleep(60)\n"
        "m.Workbook.save = slow\n"
        "from exposure.cli import main\n"
        f"main(['report', '--out', {str(out)!r}, '--format', 'csv,xlsx'])\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 60
        line = b""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if b"SAVING" in line or not line:
                break
        assert b"SAVING" in line, proc.stderr.read().decode()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read().decode()
    assert proc.returncode != 0
    assert "KeyboardInterrupt" in stderr or "Aborted" in stderr
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_failed_report_replaces_nothing_and_success_replaces_everything(demo_results, tmp_path, monkeypatch):
    out = tmp_path / "report"
    out.mkdir()
    (out / "exposure_report.xlsx").write_bytes(b"old")
    (out / MARKER).write_text("{}", encoding="utf-8")  # a previous run's report folder
    before = _tree(out)
    import exposure.report.charts as charts

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(charts, "write_charts", broken)
    with pytest.raises(RuntimeError):
        write_report_folder(demo_results, out, formats=("xlsx", "csv", "png"))
    assert _tree(out) == before  # the workbook and CSVs were written first, yet nothing moved in
    monkeypatch.undo()
    written = write_report_folder(demo_results, out, formats=("xlsx", "csv"))
    assert (out / "exposure_report.xlsx").read_bytes() != b"old"
    assert {str(p.relative_to(out)) for p in written} <= set(_tree(out))
    openpyxl.load_workbook(out / "exposure_report.xlsx")  # a complete workbook


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def test_inputs_are_never_opened_for_writing(tmp_path):
    """An audit hook sees every open(): none of an input file asks for write access; inputs keep their bytes."""
    inputs = Inputs.demo()
    paths = {str(Path(p).resolve()) for _r, p in inputs.files()}
    before = {p: (hashlib.sha256(Path(p).read_bytes()).hexdigest(), os.stat(p).st_mtime_ns) for p in paths}
    writes: list[tuple[str, object]] = []
    reads: set[str] = set()
    active = [True]

    def hook(event, args):
        if not active[0] or event not in ("open", "os.open"):
            return
        path, mode = args[0], args[1]
        if isinstance(path, int):
            return
        try:
            name = str(Path(os.fsdecode(path)).resolve())
        except (TypeError, ValueError):
            return
        if name not in paths:
            return
        reads.add(name)
        if event == "open" and isinstance(mode, str) and any(ch in mode for ch in "wax+"):
            writes.append((name, mode))
        if event == "os.open" or (event == "open" and isinstance(args[2], int)):
            flags = args[2] if isinstance(args[2], int) else 0
            if flags & _WRITE_FLAGS:
                writes.append((name, flags))

    sys.addaudithook(hook)  # hooks cannot be removed: the flag switches it off after the test
    try:
        result = CliRunner().invoke(cli, ["report", "--out", str(tmp_path / "out"), "--format", "csv,xlsx"])
    finally:
        active[0] = False
    assert result.exit_code == 0, result.output
    assert reads == paths  # the hook saw every input being read …
    assert writes == []  # … and none opened for writing
    after = {p: (hashlib.sha256(Path(p).read_bytes()).hexdigest(), os.stat(p).st_mtime_ns) for p in paths}
    assert after == before


# =============================================================================================== (c)
def test_whole_report_runs_offline(tmp_path, monkeypatch):
    attempts: list[str] = []

    def refuse(name):
        def _raise(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network disabled in this test ({name})")
        return _raise

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            attempts.append("socket.socket")
            raise OSError("network disabled in this test (socket.socket)")

    monkeypatch.setattr(socket, "socket", NoSocket)
    for fn in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "socketpair",
               "create_server"):
        monkeypatch.setattr(socket, fn, refuse(f"socket.{fn}"))
    result = CliRunner().invoke(cli, ["report", "--out", str(tmp_path / "out"), "--format", "xlsx,csv,png",
                                      "--draws", "20", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert attempts == []
    assert (tmp_path / "out" / "exposure_report.xlsx").is_file()
    assert any((tmp_path / "out" / "charts").glob("*.png"))


def test_no_module_of_the_package_imports_a_network_library():
    """Offline by construction: no source file imports a network client."""
    network = ("socket", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "urllib3")
    offenders = []
    for path in (REPO / "exposure").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            for mod in network:
                if s.startswith((f"import {mod}", f"from {mod} ", f"from {mod}.", f"import {mod}.")):
                    offenders.append(f"{path.relative_to(REPO)}: {s}")
    assert offenders == []


# =============================================================================================== (d)
def _cells(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb}


def test_two_runs_with_the_same_seed_give_identical_csvs_and_workbook_cells(tmp_path):
    runs = []
    for k in (1, 2):
        out = tmp_path / f"run{k}"
        result = CliRunner().invoke(cli, ["report", "--out", str(out), "--format", "xlsx,csv", "--draws", "50",
                                          "--seed", "7"])
        assert result.exit_code == 0, result.output
        runs.append(out)
    a, b = runs
    csv_a = sorted(p.relative_to(a) for p in (a / "tables").glob("*.csv"))
    assert csv_a == sorted(p.relative_to(b) for p in (b / "tables").glob("*.csv"))
    assert "uncertainty.csv" in {p.name for p in csv_a}  # the Monte Carlo ran
    for rel in csv_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    cells_a, cells_b = _cells(a / "exposure_report.xlsx"), _cells(b / "exposure_report.xlsx")
    assert list(cells_a) == list(cells_b)
    for sheet in cells_a:
        assert cells_a[sheet] == cells_b[sheet], sheet
    # a different seed does move the Monte Carlo: the comparison above can fail
    other = tmp_path / "run3"
    result = CliRunner().invoke(cli, ["report", "--out", str(other), "--format", "csv", "--draws", "50",
                                      "--seed", "8"])
    assert result.exit_code == 0, result.output
    assert (other / "tables" / "uncertainty.csv").read_bytes() != (a / "tables" / "uncertainty.csv").read_bytes()
