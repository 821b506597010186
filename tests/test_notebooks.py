"""The notebooks run headless, top to bottom, without a cell error.

Each ``notebooks/*.py`` (jupytext py:percent, the form kept in git) is read with
jupytext and executed with nbclient in a fresh kernel whose working directory is
``notebooks/`` (so notebook 02 finds ``../../shared/data`` as it would in Jupyter, and
falls back to the demo when the folder is absent).

The kernel is this interpreter (``sys.executable -m ipykernel_launcher``) through a
kernelspec named ``python3`` written to a temporary ``JUPYTER_PATH``: a fresh
``pip install -e '.[test]'`` venv needs no ``ipykernel install`` step, and the kernel
imports the same ``exposure`` the tests do. Charts use the Agg backend.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
TIMEOUT = 300  # seconds per cell; each notebook takes well under a minute in all


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory):
    """A ``python3`` kernelspec for this interpreter, first on JUPYTER_PATH, for the module's tests."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (exposure tests)",
        "language": "python",
        "env": {"MPLBACKEND": "Agg", "PYTHONPATH": pythonpath},
    }), encoding="utf-8")
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "MPLBACKEND")}
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(root), saved["JUPYTER_PATH"] or "") if p)
    os.environ["MPLBACKEND"] = "Agg"
    yield root
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def test_there_are_three_notebooks():
    assert [p.name for p in PATHS] == ["01_quickstart.py", "02_event_2019.py", "03_scenarios_uncertainty.py"]


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path: Path, kernel_env: Path):
    nb = jupytext.read(path)
    assert nb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent", "not paired with an .ipynb"
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # the message holds the cell and traceback
        pytest.fail(f"{path.name}: a cell failed\n{exc}")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    # our own code must not warn about deprecated pandas/numpy use inside the notebooks either
    stderr = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    assert "FutureWarning" not in stderr and "DeprecationWarning" not in stderr, stderr
