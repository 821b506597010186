"""The codes package: public names, submodules, and packaged data with its provenance."""

import types
from importlib import resources

import exposure.codes as codes


def test_public_names_resolve():
    for name in codes.__all__:
        assert getattr(codes, name) is not None


def test_submodules_are_not_shadowed_by_functions():
    # callers do ``from exposure.codes import concordance, normalize, overrides`` and use them as modules
    for name in ("concordance", "normalize", "overrides", "countries", "hs_revisions", "bec", "critical", "names"):
        assert isinstance(getattr(codes, name), types.ModuleType), name
    assert callable(codes.concordance.concordance)


def test_every_data_table_has_a_sources_row():
    data = resources.files("exposure.codes") / "data"
    sources = (data / "SOURCES.md").read_text(encoding="utf-8")
    tables = sorted(p.name for p in data.iterdir() if p.name.endswith(".csv"))
    assert len(tables) >= 23
    missing = [t for t in tables if f"`{t}`" not in sources]
    assert missing == []


def test_no_long_descriptions_shipped():
    # code-to-code tables only: no cell longer than a short name or note
    data = resources.files("exposure.codes") / "data"
    for path in data.iterdir():
        if path.name.endswith(".csv") and path.name not in ("end_use_overrides.csv", "critical_inputs.csv"):
            longest = max(len(line) for line in path.read_text(encoding="utf-8").splitlines())
            assert longest < 200, path.name
