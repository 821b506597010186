"""Editable copies of shipped files: scenarios (and counter-measures) as TOML, the demo inputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from exposure.report.atomic import atomic_write, write_all


def copy_destination(dest: str | os.PathLike[str], name: str) -> Path:
    """``dest`` itself when it names a file, else ``dest/NAME.toml`` (a folder, existing or to be made)."""
    d = Path(dest)
    if d.is_dir() or str(dest).endswith(("/", os.sep)) or not d.suffix:
        return d / f"{name}.toml"
    return d


def write_text_copy(text: str, dest: str | os.PathLike[str], name: str) -> Path:
    """Write ``text`` atomically to :func:`copy_destination` and return the path.

    An existing file is replaced only when it is a ``.toml`` (an earlier copy): a data file given as the
    destination by mistake is refused, never overwritten.
    """
    from exposure.errors import DataError

    path = copy_destination(dest, name)
    if path.exists() and (not path.is_file() or path.suffix.lower() != ".toml"):
        raise DataError(path, "exists and is not a TOML file: writing the copy would replace it; expected a new or "
                              "a .toml file name, or a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    return path


def export_scenario(name: str, dest: str | os.PathLike[str], lang: str = "en") -> Path:
    """Write an editable TOML copy of a scenario (``extends`` resolved) and return its path."""
    from exposure import scenarios

    scen = scenarios.load(name)
    return write_text_copy(scenario_toml(scen, lang), dest, scen.name)


def scenario_toml(scen, lang: str) -> str:
    """The scenario's TOML copy, each rule under its name in the reader's language (a comment)."""
    from exposure.report.phrases import RULE_NAMES

    return scen.to_toml(lang, rule_titles=RULE_NAMES if lang == "ko" else None)


def export_countermeasure(name_or_path: str, dest: str | os.PathLike[str], lang: str = "en") -> Path:
    """Write an editable TOML copy of a counter-measure and return its path."""
    from exposure import countermeasures

    cm = countermeasures.load(name_or_path)
    return write_text_copy(cm.to_toml(lang), dest, cm.name)


def export_demo(dest: str | os.PathLike[str]) -> list[Path]:
    """Copy the demo input files into ``dest`` and return the paths written."""
    from exposure.inputs import demo_path

    out = Path(dest)
    sources = [f for f in sorted(demo_path().iterdir())
               if f.is_file() and not f.name.startswith(("_", ".")) and f.suffix in (".csv", ".xlsx")]
    # all or nothing: a folder in the way of the third file must not leave the first two written
    return write_all([(out / f.name, lambda tmp, f=f: shutil.copyfile(f, tmp)) for f in sources])
