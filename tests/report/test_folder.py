"""A report folder holds exactly one run: staged beside its place, swapped in whole (exposure.report.folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exposure.errors import ConfigError
from exposure.report import folder
from exposure.report.folder import MARKER, check_out_dir, clean_stale, write_folder


def _writer(files: dict[str, str]):
    def write(d: Path) -> list[Path]:
        out = []
        for rel, text in files.items():
            p = d / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
            out.append(p)
        return out
    return write


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two renames"])
def test_files_of_an_earlier_run_do_not_stay(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(folder, "_exchange", lambda a, b: False)
    out = tmp_path / "rep"
    write_folder(out, _writer({"a.csv": "1", "charts/old.png": "x", "tables/t.csv": "old"}))
    written = write_folder(out, _writer({"a.csv": "2", "tables/t.csv": "new"}))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [MARKER, "a.csv", "tables/t.csv"]
    assert (out / "a.csv").read_text() == "2" and written == [out / "a.csv", out / "tables/t.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]  # no staging or replaced folder left


def test_an_error_leaves_the_previous_folder_as_it_was(tmp_path):
    out = tmp_path / "rep"
    write_folder(out, _writer({"a.csv": "1"}))

    def broken(d: Path) -> list[Path]:
        (d / "a.csv").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_folder(out, broken)
    assert (out / "a.csv").read_text() == "1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


def test_a_folder_of_other_files_is_never_replaced(tmp_path):
    home = tmp_path / "Documents"
    home.mkdir()
    (home / "thesis.docx").write_text("precious")
    with pytest.raises(ConfigError, match="holds files that are not an exposure report"):
        write_folder(home, _writer({"a.csv": "1"}))
    assert (home / "thesis.docx").read_text() == "precious"
    empty = tmp_path / "empty"
    empty.mkdir()
    write_folder(empty, _writer({"a.csv": "1"}))
    assert (empty / "a.csv").is_file()


def test_a_report_folder_holding_the_analyst_s_own_files_is_never_replaced(tmp_path):
    rep = tmp_path / "rep"
    write_folder(rep, _writer({"a.csv": "1", "tables/t.csv": "run"}))
    (rep / "NOTES.txt").write_text("mine", encoding="utf-8")
    (rep / "tables" / "edited.csv").write_text("mine too", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        write_folder(rep, _writer({"a.csv": "2"}))
    assert str(err.value) == ("--out rep: the report folder holds files no run wrote (NOTES.txt, tables/edited.csv): "
                              "move them out first (a report folder is replaced whole by the next run)")
    assert (rep / "NOTES.txt").read_text(encoding="utf-8") == "mine" and (rep / "a.csv").read_text() == "1"
    for k in range(3):
        (rep / f"n{k}.txt").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\(NOTES.txt, n0.txt, n1.txt and 2 more\)"):
        check_out_dir(rep)
    from exposure.report.error_text import error_text

    with pytest.raises(ConfigError) as err:
        check_out_dir(rep)
    assert error_text(err.value, "ko") == ("--out rep: 보고서 폴더에 실행이 쓰지 않은 파일이 있음 (NOTES.txt, n0.txt, "
                                           "n1.txt 외 2개): 먼저 다른 곳으로 옮기십시오 (보고서 폴더는 다음 실행 때 통째로 바뀜)")


def test_a_folder_holding_an_input_is_never_replaced(tmp_path):
    rep = tmp_path / "rep"
    write_folder(rep, _writer({"tables/products.csv": "run"}))
    with pytest.raises(ConfigError, match=r"--out rep: the input products.csv is inside it: a report folder is "
                                          r"replaced whole by the next run, so the input would be deleted"):
        check_out_dir(rep, [tmp_path / "other.csv", rep / "tables" / "products.csv"])
    assert check_out_dir(rep, [tmp_path / "other.csv"]) == rep


def test_out_checks_before_anything_is_read(tmp_path):
    afile = tmp_path / "x"
    afile.write_text("")
    with pytest.raises(ConfigError, match="a file of that name exists"):
        check_out_dir(afile)
    with pytest.raises(ConfigError, match="is a file, so the folder cannot be created there"):
        check_out_dir(afile / "sub" / "rep")
    if os.geteuid() != 0:  # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            with pytest.raises(ConfigError, match="no permission to write"):
                check_out_dir(ro / "rep")
        finally:
            ro.chmod(0o700)


def test_a_staging_folder_of_a_killed_run_is_cleaned_up(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = tmp_path / f".rep.staging-{pid}-abc"
    stale.mkdir()
    (stale / "half.xlsx").write_text("half")
    mine = tmp_path / f".rep.staging-{os.getpid()}-live"  # a running process's staging folder stays
    mine.mkdir()
    assert clean_stale(tmp_path / "rep") == [stale]
    assert not stale.exists() and mine.exists()
    mine.rmdir()
    stale.mkdir()
    write_folder(tmp_path / "rep", _writer({"a.csv": "1"}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]
