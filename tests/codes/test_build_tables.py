"""The shipped tables are exactly what the maintainer script makes from the public sources."""

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tools" / "build_code_tables.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("build_code_tables", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_tables = _load_script()


@pytest.mark.shared_data
@pytest.mark.slow
def test_rebuild_reproduces_shipped_tables(shared_data, tmp_path):
    written = build_tables.build(shared_data, out=tmp_path)
    names = sorted(p.name for p in written)
    assert len(names) == len(set(names)) == 18
    for path in written:
        shipped = build_tables.DATA / path.name
        assert path.read_bytes() == shipped.read_bytes(), f"{path.name} differs from the shipped copy: rebuild it"


def test_cli_lists_builders():
    assert set(build_tables.BUILDERS) == {"countries", "hs_revisions", "sectors", "ksic", "kiet", "hs6_sectors",
                                         "end_use", "critical_inputs"}


def test_script_paths_point_at_the_package_and_the_shared_folder():
    assert build_tables.DATA == REPO / "exposure" / "codes" / "data"
    assert build_tables.CURATED.is_dir()
    assert build_tables.DEFAULT_SHARED == REPO.parent / "shared" / "data"


def test_script_runs_from_the_repository_root():
    out = subprocess.run([sys.executable, "tools/build_code_tables.py", "--help"], cwd=REPO,
                         capture_output=True, text=True, check=True)
    assert "--only" in out.stdout and "--shared" in out.stdout


def test_runtime_package_does_not_import_the_maintainer_script():
    offenders = []
    for path in (REPO / "exposure").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any("build_tables" in n or "build_code_tables" in n or n.split(".")[0] == "tools" for n in names):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
