"""exposure.api: the report entry point runs with the long-lived objects out of the collector's way."""

from __future__ import annotations

import gc

import pytest

from exposure import api


def test_report_run_freezes_old_objects_and_hands_them_back(tmp_path, monkeypatch):
    seen = {}

    def fake_run(inputs, config, progress=None):
        seen["run"] = gc.get_freeze_count()
        return "results"

    def fake_write(results, out, formats, lang):
        seen["write"] = gc.get_freeze_count()
        return [out / "x.xlsx"]

    monkeypatch.setattr(api, "run", fake_run)
    monkeypatch.setattr(api, "write_report_atomically", fake_write)
    before = gc.get_freeze_count()
    results, written = api.report_from_options({}, tmp_path / "out")
    assert results == "results" and written == [tmp_path / "out" / "x.xlsx"]
    assert seen["run"] > before and seen["write"] > before  # imported modules and caches were frozen
    assert gc.get_freeze_count() == before  # and are collectable again afterwards


def test_frozen_objects_are_handed_back_after_an_error(monkeypatch, tmp_path):
    def failing_run(inputs, config, progress=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "run", failing_run)
    before = gc.get_freeze_count()
    with pytest.raises(KeyboardInterrupt):
        api.report_from_options({}, tmp_path / "out")
    assert gc.get_freeze_count() == before
