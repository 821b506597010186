"""The report command: run the analysis, write its folder, and say what was written.

This is what ``exposure report`` and notebooks that want files call; the analysis itself is
:func:`exposure.pipeline.run` and the files are :mod:`exposure.report`'s.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from exposure.config import Config
from exposure.inputs import Inputs
from exposure.pipeline import Progress, run
from exposure.pipeline import count_steps as pipeline_steps
from exposure.results import Results


def count_steps(config: Config) -> int:
    """Progress messages of :func:`run_report`: the pipeline's and one for writing."""
    return pipeline_steps(config) + 1


def run_report(inputs: Inputs, config: Config, out: str | Path, progress: Progress | None = None
               ) -> tuple[Results, list[Path]]:
    """Run the analysis and write the report folder ``out`` (staged, then swapped in whole).

    ``out`` is checked before any input is read.
    """
    from exposure.report import write_report_folder
    from exposure.report.console import say
    from exposure.report.folder import check_out_dir

    out = check_out_dir(out, [path for _, path in inputs.files()])
    with _old_objects_frozen():
        results = run(inputs, config, progress=progress)
        if progress:
            progress(say("writing", config.lang, out=out))
        written = write_report_folder(results, out, formats=config.formats, lang=config.lang)
    return results, written


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector's full passes off the objects that exist before the run.

    Modules, classes and caches of pandas, numpy and openpyxl are hundreds of thousands of
    objects that live as long as the process; every full collection triggered by the run's
    short-lived objects walked all of them again (about 0.15 s of a 3 s demo report).
    They are handed back to the collector afterwards.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
