"""Freed memory handed back between large reads (exposure.io.memory)."""

from __future__ import annotations

import sys

import pytest

from exposure.io import baci, memory


def test_release_calls_the_c_library_trim_and_empties_arrows_free_pages(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "release_arrow_pool", lambda: calls.append("arrow"))
    monkeypatch.setattr(memory, "_malloc_trim", lambda: calls.append)
    memory.release_freed_memory()
    assert calls == ["arrow", 0]  # Arrow's pages, then trim(0): keep no padding at the heap's top


def test_release_is_a_no_op_where_the_c_library_has_no_trim(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    memory.release_freed_memory()  # nothing to call, nothing raised


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim is Linux only")
def test_on_linux_the_trim_is_glibcs():
    memory._malloc_trim.cache_clear()
    trim = memory._malloc_trim()
    assert trim is not None and trim(0) in (0, 1)


def test_each_baci_year_starts_by_releasing_what_the_last_one_freed(tmp_path, monkeypatch):
    from tests.io.test_baci import OLD_CODES

    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    calls = []
    monkeypatch.setattr(baci, "release_freed_memory", lambda: calls.append(1))
    for year in (2018, 2019):
        f = tmp_path / f"BACI_HS17_Y{year}_V1.csv"
        f.write_text(f"t,i,j,k,v,q\n{year},392,410,281111,1.0,NA\n", encoding="utf-8")
        table, _ = baci.load_baci(f)
        assert table["year"].tolist() == [year]
    assert calls == [1, 1]
