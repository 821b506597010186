"""The shipped tables are exactly what the generator script makes from the public sources."""

import pytest

from exposure.codes import build_tables


@pytest.mark.shared_data
@pytest.mark.slow
def test_rebuild_reproduces_shipped_tables(shared_data, tmp_path):
    written = build_tables.build(shared_data, out=tmp_path)
    names = sorted(p.name for p in written)
    assert len(names) == len(set(names)) == 15
    for path in written:
        shipped = build_tables.DATA / path.name
        assert path.read_bytes() == shipped.read_bytes(), f"{path.name} differs from the shipped copy: rebuild it"


def test_cli_lists_builders():
    assert set(build_tables.BUILDERS) == {"countries", "hs_revisions", "sectors", "ksic", "kiet", "hs6_sectors"}
