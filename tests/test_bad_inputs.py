"""The corpus of broken inputs (tests/data/bad): each gives its exact message, exit code 1, no traceback, no output.

The cases live in ``tests/data/bad/cases.toml`` (see README.md there). Every case runs the
command line in process (click's CliRunner), in a fresh working folder, and checks:

- the exit code (1 for a broken input; 0 for the few inputs that must load);
- the message: for ``report``, the last line(s) of stderr are exactly ``Error: <message>``; for
  ``validate``, the table has a row with the file, ``error``, the row, the column and the problem;
- no traceback anywhere in the output;
- nothing written: the ``--out`` folder does not exist afterwards, the working folder holds nothing
  new, and the input files are byte-for-byte unchanged.

The multi-million-row BACI file and the hostile inputs (zip bombs, bogus sheet extents, a named
pipe, a link to /dev/zero; ``make_hostile.py``) are generated here, in a temporary folder, never
committed. A case with ``pending`` waits for a change outside the input layer and is expected to
fail (strictly) until it lands.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from exposure.cli import cli

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "data" / "bad"
DEMO = REPO / "datasets" / "demo"
MANIFEST = BAD / "cases.toml"


def load_cases() -> list[dict[str, Any]]:
    with open(MANIFEST, "rb") as fh:
        return tomllib.load(fh)["case"]


CASES = load_cases()


# ------------------------------------------------------------------------------------ generated inputs
_BACI_COUNTRIES = np.array([392, 410, 156, 842, 276, 251, 699, 764, 704, 458])  # BACI numbers (India is 699)


def write_baci_huge(path: Path, rows: int, bad_line: int, bad_text: str) -> None:
    """A BACI year file of ``rows`` data rows whose line ``bad_line`` (1-based, header = line 1) is ``bad_text``.

    Every other line is valid and every (i, j, k) key is unique: 10 exporters × 10 importers × HS6
    codes counting up from 010000. Lines have fixed widths, so the bytes are built as one numpy
    array of digits (a second or so for three million rows) rather than formatted line by line.
    """
    n = rows
    idx = np.arange(n, dtype=np.int64)
    i = _BACI_COUNTRIES[idx % 10]
    j = _BACI_COUNTRIES[(idx // 10) % 10]
    k = 10_000 + idx // 100
    v = (idx % 9973) + 1  # written as "vvvv.5": thousand USD
    # "2019,iii,jjj,kkkkkk,vvvv.5,1.0\n"
    fields = [(b"2019,", None), (i, 3), (b",", None), (j, 3), (b",", None), (k, 6), (b",", None), (v, 4),
              (b".5,1.0\n", None)]
    width = sum(len(f) if d is None else d for f, d in fields)
    out = np.empty((n, width), dtype=np.uint8)
    col = 0
    for f, digits in fields:
        if digits is None:
            out[:, col:col + len(f)] = np.frombuffer(f, dtype=np.uint8)
            col += len(f)
            continue
        for d in range(digits):
            out[:, col + d] = ord("0") + (f // 10 ** (digits - 1 - d)) % 10
        col += digits
    body = out.reshape(-1)
    start = (bad_line - 2) * width
    with open(path, "wb") as fh:
        fh.write(b"t,i,j,k,v,q\n")
        fh.write(body[:start].tobytes())
        fh.write(bad_text.encode("utf-8") + b"\n")
        fh.write(body[start + width:].tobytes())


def _make_hostile():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_hostile", BAD / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def materialise_input(case: dict[str, Any], workdir: Path) -> Path:
    """The input file of a case: the corpus file, or one generated into ``workdir``."""
    gen = case.get("generate")
    if gen is None:
        return BAD / case["input"]
    path = workdir / case["input"]
    if gen["kind"] == "baci_huge":
        write_baci_huge(path, gen["rows"], gen["bad_line"], gen["bad_text"])
        return path
    params = {k: v for k, v in gen.items() if k != "kind"}
    return _make_hostile().generate(gen["kind"], path, params)


# ------------------------------------------------------------------------------------ running a case
def case_args(case: dict[str, Any], input_path: Path, out: Path, lang: str | None = "en") -> list[str]:
    """The command line of a case; a report in ``lang`` (None: the default language, Korean)."""
    subs = {"input": str(input_path), "bad": str(BAD), "demo": str(DEMO)}
    args = [a.format(**subs) for a in shlex.split(case["run"])]
    if args[0] == "report":
        # a case that loads keeps the default language (its outputs are checked in it); a case about the
        # language itself runs without the option, which would replace the file's value
        english = lang and case.get("expect", "error") == "error" and case.get("lang") != "default"
        args += ["--out", str(out)] + (["--lang", lang] if english else [])
    elif args[0] in ("validate", "inspect") and lang and "--lang" not in args:
        args += ["--lang", lang]
    return args


def run_case(case: dict[str, Any], workdir: Path, lang: str | None = "en") -> tuple[Any, list[str], Path]:
    """Run one case's command in ``workdir``; returns (click result, args, input path)."""
    input_path = materialise_input(case, workdir)
    out = workdir / "out"
    args = case_args(case, input_path, out, lang)
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    return result, args, input_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inputs_of(args: list[str]) -> list[Path]:
    return [Path(a) for a in args if Path(a).is_file()]


def _split_error(message: str) -> tuple[str, int | None, str | None, str]:
    """``"f.csv: row 7, column 'X': problem"`` → (file, row, column, problem)."""
    m = re.match(r"^(?P<file>[^:]+): (?:row (?P<row>\d+)(?:, )?)?(?:column '(?P<col>[^']*)': |: )?(?P<problem>.*)$",
                 message, re.DOTALL)
    assert m, message
    file, row, col, problem = m.group("file"), m.group("row"), m.group("col"), m.group("problem")
    if row is not None and col is None:
        problem = problem[2:] if problem.startswith(": ") else problem
    return file, int(row) if row else None, col, problem


def check_message(case: dict[str, Any], result: Any) -> None:
    command = shlex.split(case["run"])[0]
    if command == "validate":
        file, row, col, problem = _split_error(case["message"])
        cells = [re.escape(file), "error", re.escape(str(row)) if row is not None else "<NA>"]
        if col is not None:
            cells.append(re.escape(col))
        pattern = r"^\s*" + r"\s+".join(cells) + r"\s+" + re.escape(problem) + r"\s*$"
        assert re.search(pattern, result.stdout, re.MULTILINE), (pattern, result.stdout)
    else:
        expected = f"{'오류' if case.get('lang') == 'default' else 'Error'}: {case['message']}\n"
        assert result.stderr.endswith(expected), f"\nexpected: {expected!r}\n     got: {result.stderr!r}"


def check_loads(case: dict[str, Any], out: Path) -> None:
    """Checks of a case that must load: texts in output files, formula text kept literal in the workbook."""
    for rel, text in case.get("output_contains", []):
        content = (out / rel).read_text(encoding="utf-8-sig")
        assert text in content, f"{rel} does not contain {text!r}"
    literal = case.get("xlsx_literal")
    if literal:
        check_literal_in_workbook(out / "exposure_report.xlsx", literal)


def check_literal_in_workbook(path: Path, literal: str) -> None:
    """``literal`` is stored as a text cell (with Excel's quote prefix) and the workbook holds no formula."""
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(zf.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml, "the workbook holds a formula"
    wb = openpyxl.load_workbook(path)
    found = [(ws.title, c.coordinate, c.data_type, c.quotePrefix) for ws in wb for row in ws.iter_rows()
             for c in row if c.value == literal]
    assert found, f"{literal!r} is in no cell"
    assert all(dtype == "s" and quote for _t, _c, dtype, quote in found), found


def _marks(case: dict[str, Any]) -> list[Any]:
    """A case that waits for a change outside the input layer is expected to fail until that change lands
    (strict: once it passes, the ``pending`` key must go)."""
    return [pytest.mark.xfail(strict=True, reason=case["pending"])] if case.get("pending") else []


@pytest.mark.parametrize("case", [pytest.param(c, marks=_marks(c)) for c in CASES], ids=[c["id"] for c in CASES])
def test_case(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before_inputs: dict[Path, str] = {}
    if case.get("generate") is None:
        probe = case_args(case, BAD / case["input"], tmp_path / "out")
        before_inputs = {p: _digest(p) for p in _inputs_of(probe)}
    listing_before = set(tmp_path.iterdir())
    result, args, input_path = run_case(case, tmp_path)
    output = result.output + (result.stderr if result.stderr not in result.output else "")
    assert "Traceback" not in output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}")
    expect = case.get("expect", "error")
    assert result.exit_code == case.get("exit_code", 1 if expect == "error" else 0), output
    for p, digest in before_inputs.items():
        assert _digest(p) == digest, f"{p.name} changed"
    if expect == "error":
        check_message(case, result)
        new = set(tmp_path.iterdir()) - listing_before - {input_path}
        assert not new, f"written despite the error: {sorted(x.name for x in new)}"
    else:
        check_loads(case, tmp_path / "out")


KOREAN = [c for c in CASES if c["run"].startswith("report") and c.get("expect", "error") == "error"
          and not c.get("pending")]


@pytest.mark.parametrize("case", KOREAN, ids=[c["id"] for c in KOREAN])
def test_case_in_korean(case, tmp_path, monkeypatch):
    """The default language (Korean): the same exit code, nothing written, and the message in Korean with every number
    and every quoted name of the English one."""
    from exposure.report.translate import english_words

    monkeypatch.chdir(tmp_path)
    result, _args, input_path = run_case(case, tmp_path, lang=None)
    assert result.exit_code == case.get("exit_code", 1), result.output
    assert set(tmp_path.iterdir()) <= {input_path}
    assert result.stderr.startswith("오류: ") or "\n오류: " in result.stderr, result.stderr
    korean = result.stderr.split("오류: ", 1)[1]
    english = case["message"]
    assert english_words(korean) == [], korean
    for piece in re.findall(r"(?<![A-Za-z])'[^']*'|\d[\d,.]*\d|\d", english):
        assert piece in korean, (piece, korean)


CHECKED = [c for c in CASES if c["run"].startswith(("validate", "inspect")) and c.get("expect", "error") == "error"
           and not c.get("pending")]


@pytest.mark.parametrize("case", CHECKED, ids=[c["id"] for c in CHECKED])
def test_checking_case_in_korean(case, tmp_path, monkeypatch):
    """``validate`` and ``inspect`` in the default language: the same exit code, and the problem in Korean with
    every number and every quoted name of the English one."""
    from exposure.report.translate import english_words

    monkeypatch.chdir(tmp_path)
    result, _args, _input = run_case(case, tmp_path, lang=None)
    assert result.exit_code == case.get("exit_code", 1), result.output
    _file, _row, _col, problem = _split_error(case["message"])
    if case["run"].startswith("validate"):
        lines = [ln for ln in result.stdout.splitlines() if " 오류 " in ln]
        assert lines, result.stdout
        korean = "\n".join(lines)
    else:
        assert result.stderr.startswith("오류: ") and "  오류  " in result.stdout, result.output
        korean = result.stdout.split("  오류  ", 1)[1]
    assert english_words(korean.replace(_file, "")) == [], korean
    for piece in re.findall(r"(?<![A-Za-z])'[^']*'|\d[\d,.]*\d|\d", problem):
        assert piece in korean, (piece, korean)


def test_the_corpus_has_at_least_30_broken_inputs_and_every_file_is_a_case():
    errors = [c for c in CASES if c.get("expect", "error") == "error"]
    assert len(errors) >= 30
    assert len({c["id"] for c in CASES}) == len(CASES)
    named = {c["input"] for c in CASES if "generate" not in c}
    helpers = {c.get("helper") for c in CASES if c.get("helper")}
    for c in CASES:
        for token in shlex.split(c["run"]):
            if "{bad}/" in token:
                helpers.add(token.split("{bad}/", 1)[1])
    on_disk = {p.name for p in BAD.iterdir() if p.is_file()} - {"cases.toml", "README.md", "make_cases.py",
                                                                 "make_readme.py", "make_hostile.py"}
    assert on_disk == named | helpers, (on_disk ^ (named | helpers))
    for c in CASES:
        assert c["group"] in ("files", "columns", "values", "layout", "scenario", "io", "options"), c["id"]
        assert c.get("message") or c.get("expect") == "loads", c["id"]


def test_readme_is_in_sync_with_the_manifest():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_readme", BAD / "make_readme.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert (BAD / "README.md").read_text(encoding="utf-8") == module.render(load_cases()), \
        "README.md is stale: run python tests/data/bad/make_readme.py"


def test_generated_baci_file_is_valid_apart_from_its_one_line(tmp_path):
    """The huge-file case must fail on its malformed line, not on something else: a small twin loads."""
    from exposure.io import load

    path = tmp_path / "BACI_HS17_Y2019_V202301.csv"
    write_baci_huge(path, 2_000, 1_000, "2019,124,410,010009,7.5,1.0")  # Canada: a key of its own
    lines = path.read_text().splitlines()
    assert len(lines) == 2_001 and lines[999] == "2019,124,410,010009,7.5,1.0"
    table, report = load(path, kind="world_exports")
    assert report.rows_read == 2_000 and len(table) == 2_000
    assert table["code"].astype(str).str.len().eq(6).all()
