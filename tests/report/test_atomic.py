"""atomic_write: the old file survives any failure, and no temporary file is left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from exposure.report.atomic import atomic_write
from exposure.report.excel import write_workbook


def test_success_replaces_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_write(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("new")
        assert target.read_text() == "old"  # not visible before the block ends
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("exc", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failure_keeps_old_file_and_removes_temp(tmp_path, exc):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(type(exc)):
        with atomic_write(target) as tmp:
            tmp.write_text("half")
            raise exc
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_failure_without_old_file_leaves_no_file(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(tmp_path / "sub" / "new.txt") as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt
    assert os.listdir(tmp_path / "sub") == []


def test_new_file_mode_follows_umask_and_existing_mode_is_kept(tmp_path):
    umask = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "a.txt") as tmp:
            tmp.write_text("x")
        assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
        (tmp_path / "b.txt").write_text("x")
        os.chmod(tmp_path / "b.txt", 0o600)
        with atomic_write(tmp_path / "b.txt") as tmp:
            tmp.write_text("y")
        assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o600
    finally:
        os.umask(umask)


def test_interrupted_workbook_save_keeps_previous_workbook(tmp_path, results, monkeypatch):
    path = write_workbook(results, tmp_path / "report.xlsx")
    before = path.read_bytes()
    real_save = Workbook.save

    def save_then_interrupt(self, filename):
        real_save(self, filename)
        with open(filename, "r+b") as fh:  # a half-written file, as if Ctrl-C came mid-write
            fh.truncate(1000)
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "save", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_workbook(results, path, lang="en")
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["report.xlsx"]


def test_staged_writes_skip_the_folder_sync_until_the_caller_syncs_once(tmp_path, monkeypatch):
    from exposure.report import atomic

    synced = []
    monkeypatch.setattr(atomic, "sync_dir", lambda d: synced.append(Path(d)))
    with atomic.atomic_write(tmp_path / "a.txt") as tmp:
        tmp.write_text("a")
    assert synced == [tmp_path]
    with atomic.staged():
        with atomic.atomic_write(tmp_path / "b.txt") as tmp:
            tmp.write_text("b")
    assert synced == [tmp_path]  # nothing more inside the staging block
    with atomic.atomic_write(tmp_path / "c.txt") as tmp:
        tmp.write_text("c")
    assert synced == [tmp_path, tmp_path]  # and the default is back afterwards
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt", "c.txt"]


def test_report_is_staged_then_each_folder_synced_once(results, tmp_path, monkeypatch):
    from exposure.report import folder, write_report_folder

    synced = []
    monkeypatch.setattr(folder, "sync_dir", lambda d: synced.append(Path(d)))
    out = tmp_path / "report"
    written = write_report_folder(results, out, formats=("xlsx", "csv"))
    assert {p.parent for p in written} == {out, out / "tables"}
    # the staged tree once per folder, deepest first, then the parent after the swap; not once per file
    assert [p.name for p in synced[:2]] == ["tables", synced[1].name] and synced[1].name.startswith(".report.staging-")
    assert synced[2:] == [tmp_path]
    assert sorted(os.listdir(tmp_path)) == ["report"]


def test_write_all_is_all_or_nothing(tmp_path):
    from exposure.report.atomic import write_all

    (tmp_path / "a.txt").write_text("old a")
    # a writer failing on the second file: the first keeps its old content, no temporary file stays
    def boom(path: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_all([(tmp_path / "a.txt", lambda p: p.write_text("new a")), (tmp_path / "b.txt", boom)])
    assert (tmp_path / "a.txt").read_text() == "old a" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    # a folder where a file goes is refused by its own name before anything is written
    (tmp_path / "c.txt").mkdir()
    with pytest.raises(IsADirectoryError) as err:
        write_all([(tmp_path / "a.txt", lambda p: p.write_text("new a")), (tmp_path / "c.txt", lambda p: None)])
    assert err.value.filename == str(tmp_path / "c.txt") and (tmp_path / "a.txt").read_text() == "old a"
    written = write_all([(tmp_path / "a.txt", lambda p: p.write_text("new a")), (tmp_path / "d.txt", lambda p: p.write_text("d"))])
    assert written == [tmp_path / "a.txt", tmp_path / "d.txt"] and (tmp_path / "a.txt").read_text() == "new a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "c.txt", "d.txt"]


def test_demo_export_writes_nothing_when_a_file_cannot_be_written(tmp_path):
    from click.testing import CliRunner

    from exposure.cli import cli

    (tmp_path / "sme_profile_2019.csv").mkdir()
    result = CliRunner().invoke(cli, ["demo", "export", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1
    assert "sme_profile_2019.csv: Is a directory" in result.output and ".tmp" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["sme_profile_2019.csv"]
