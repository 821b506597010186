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


class Switch:
    """A stand-in for numpy's huge-page switch: records each setting, returns the previous one."""

    def __init__(self, state: bool = True) -> None:
        self.state, self.calls = state, []

    def __call__(self, on: bool) -> bool:
        self.calls.append(on)
        before, self.state = self.state, on
        return before


def test_small_pages_turns_the_request_off_and_restores_what_was_set(monkeypatch):
    switch = Switch(state=True)
    monkeypatch.setattr(memory, "_hugepage_switch", lambda: switch)
    with memory.small_pages():
        assert switch.state is False
    assert switch.calls == [False, True] and switch.state is True


def test_small_pages_restores_the_setting_when_the_read_fails(monkeypatch):
    switch = Switch(state=True)
    monkeypatch.setattr(memory, "_hugepage_switch", lambda: switch)
    with pytest.raises(ValueError), memory.small_pages():
        raise ValueError("bad file")
    assert switch.state is True


def test_small_pages_keeps_an_analysts_own_setting_off_as_off(monkeypatch):
    switch = Switch(state=False)
    monkeypatch.setattr(memory, "_hugepage_switch", lambda: switch)
    with memory.small_pages(), memory.small_pages():  # nested loaders
        pass
    assert switch.state is False


def test_no_switch_off_linux_or_when_the_analyst_chose_with_numpys_variable(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert memory._hugepage_switch() is None
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    assert memory._hugepage_switch() is None
    with memory.small_pages():  # nothing to switch: the block still runs
        pass


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="numpy asks for huge pages on Linux only")
def test_on_linux_numpys_own_switch_is_off_inside_and_restored_after(monkeypatch):
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    switch = memory._hugepage_switch()
    assert switch is not None
    start = switch(True)  # a known state; the process's own is put back at the end
    try:
        with memory.small_pages():
            assert switch(False) is False  # it was off inside
        assert switch(True) is True  # and back on after
    finally:
        switch(start)


def test_the_loaders_run_on_small_pages(tmp_path, monkeypatch):
    from exposure.io import load, streamcsv, streamflows
    from tests.io.test_baci import OLD_CODES

    switch = Switch(state=True)
    monkeypatch.setattr(memory, "_hugepage_switch", lambda: switch)
    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    f = tmp_path / "BACI_HS17_Y2019_V1.csv"
    f.write_text("t,i,j,k,v,q\n2019,392,410,281111,1.0,NA\n", encoding="utf-8")
    baci.load_baci(f)
    assert switch.calls == [False, True]
    switch.calls.clear()
    load(f, kind="world_exports")  # load, then the BACI reader inside it: each puts back what it found
    assert switch.calls == [False, False, False, True] and switch.state is True

    switch.calls.clear()
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0)
    kcs = tmp_path / "kcs.csv"
    kcs.write_bytes("기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
                    "2019.07,일본,2811111000,불화수소,1.5,120\n".encode("cp949"))
    table, _, _ = streamflows.load_streamed(kcs, fallback=False)
    assert table["code"].tolist() == ["2811111000"] and switch.calls == [False, True]
