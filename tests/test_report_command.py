"""exposure.report_command: the report entry point runs with the long-lived objects out of the collector's way."""

from __future__ import annotations

import gc

import pytest

from exposure import report, report_command
from exposure.config import Config
from exposure.inputs import Inputs


def test_report_run_freezes_old_objects_and_hands_them_back(tmp_path, monkeypatch):
    seen = {}

    def fake_run(inputs, config, progress=None):
        seen["run"] = gc.get_freeze_count()
        return "results"

    def fake_write(results, out, formats, lang):
        seen["write"] = gc.get_freeze_count()
        return [out / "x.xlsx"]

    monkeypatch.setattr(report_command, "run", fake_run)
    monkeypatch.setattr(report, "write_report_folder", fake_write)
    before = gc.get_freeze_count()
    results, written = report_command.run_report(Inputs.demo(), Config(), tmp_path / "out")
    assert results == "results" and written == [tmp_path / "out" / "x.xlsx"]
    assert seen["run"] > before and seen["write"] > before  # imported modules and caches were frozen
    assert gc.get_freeze_count() == before  # and are collectable again afterwards


def test_frozen_objects_are_handed_back_after_an_error(monkeypatch, tmp_path):
    def failing_run(inputs, config, progress=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_command, "run", failing_run)
    before = gc.get_freeze_count()
    with pytest.raises(KeyboardInterrupt):
        report_command.run_report(Inputs.demo(), Config(), tmp_path / "out")
    assert gc.get_freeze_count() == before


def test_steps_announced_match_the_messages_sent(tmp_path):
    msgs = []
    cfg = Config(scenarios=("2019-three-items", "full-embargo"), draws=20, formats=("csv",))
    report_command.run_report(Inputs.demo(), cfg, tmp_path / "out", progress=msgs.append)
    assert len(msgs) == report_command.count_steps(cfg)
