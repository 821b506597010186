"""A report folder holds exactly one run: it is written whole beside its place, then swapped in.

:func:`write_folder` writes every output into a staging folder next to ``out``
(``.NAME.staging-PID-…``), makes it durable, and then puts it in ``out``'s place: with an
atomic exchange of the two folders where the system offers one (Linux ``renameat2``), else by
two renames. Files of an earlier run never stay beside new ones, and an error or an
interrupt leaves the previous folder exactly as it was. A staging folder left by a killed run
(its process gone) is removed by the next run into the same place.

A folder is replaced only when it is a report folder (it holds the :data:`MARKER` file a run
writes) or empty: ``--out ~/Documents`` must never delete the analyst's files.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from exposure import __version__
from exposure.errors import ConfigError
from exposure.report.atomic import staged, sync_dir
from exposure.tomlfile import display_name

#: the file that marks a folder as one run's report
MARKER = ".exposure-report.json"
_STAGING = ".staging-"
_OLD = ".replaced-"


def check_out_dir(out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Refuse, before any input is read, an output folder that cannot be written or replaced.

    Raises ConfigError (the CLI shows it as a usage error) when ``out`` is a file, its parent
    is a file or cannot be created or written, ``out`` is a non-empty folder that is not a
    report folder, a report folder holding files its last run did not write (the analyst's own),
    or a folder one of ``inputs`` lies in: replacing it would delete them.
    """
    out = Path(out)
    name = display_name(out)
    here, target = Path.cwd().resolve(), out.resolve()
    if target == here or target in here.parents:
        # replacing it whole would pull the folder out from under the shell that ran us (and fail at the very end)
        above = "" if target == here else " or one above it"
        raise ConfigError(f"--out {name}: that is the folder you are working in{above}; give a folder below it (e.g. "
                          "--out exposure-report): a report folder is replaced whole by the next run")
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {name}: a file of that name exists; give a folder")
    parent = out.parent if str(out.parent) else Path(".")
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ConfigError(f"--out {name}: {display_name(probe)} is a file, so the folder cannot be created there")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ConfigError(f"--out {name}: no permission to write in {display_name(probe.resolve())}")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ConfigError(f"--out {name}: the folder holds files that are not an exposure report; give a new or "
                          f"empty folder (a report folder is replaced whole by the next run)")
    foreign = _not_written_by_a_run(out)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise ConfigError(f"--out {name}: the report folder holds files no run wrote ({shown}): move them out first "
                          "(a report folder is replaced whole by the next run)")
    for path in inputs:
        if Path(path).resolve().is_relative_to(target):
            raise ConfigError(f"--out {name}: the input {display_name(Path(path))} is inside it: a report folder is "
                              "replaced whole by the next run, so the input would be deleted; move the input out or "
                              "give another folder")
    return out


def _not_written_by_a_run(out: Path) -> list[str]:
    """Files in a report folder that its marker does not list (the analyst's own, put there since), sorted."""
    try:
        listed = json.loads((out / MARKER).read_text(encoding="utf-8")).get("files")
    except (OSError, ValueError, AttributeError):
        return []  # no readable marker: no report folder, or one of an older run that listed nothing
    if not isinstance(listed, list):
        return []
    known = {str(Path(f).as_posix()) for f in listed} | {MARKER}
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if (p.is_file() or p.is_symlink()) and p.relative_to(out).as_posix() not in known)


def write_folder(out: str | os.PathLike[str], write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run ``write(staging_folder)`` and put the folder in ``out``'s place; return the final paths.

    ``write`` returns the files it wrote inside the staging folder. On any exception (including
    KeyboardInterrupt) the staging folder is removed and ``out`` is unchanged.
    """
    out = check_out_dir(out)
    parent = out.parent if str(out.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}{_STAGING}{os.getpid()}-", dir=parent))
    try:
        with staged():  # renames inside the throw-away folder need no folder sync each
            files = write(tmp)
        (tmp / MARKER).write_text(json.dumps({"tool": "exposure", "version": __version__,
                                              "files": sorted(str(Path(f).relative_to(tmp)) for f in files)},
                                             ensure_ascii=False, indent=1), encoding="utf-8")
        for folder in sorted({tmp, *(Path(f).parent for f in files)}, key=lambda p: len(p.parts), reverse=True):
            sync_dir(folder)
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / Path(f).relative_to(tmp) for f in files]


def _swap_in(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is; the old folder (if any) is removed afterwards."""
    if not out.exists():
        os.rename(new, out)
    elif _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old run
    else:
        old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(out, old)
        try:
            os.rename(new, out)
        except BaseException:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    sync_dir(out.parent if str(out.parent) else ".")


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux renameat2(RENAME_EXCHANGE); False where unavailable."""
    libc_name = ctypes.util.find_library("c")
    if os.name != "posix" or not libc_name:
        return False
    try:
        fn = ctypes.CDLL(libc_name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    ok = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return ok == 0


def clean_stale(out: Path) -> list[Path]:
    """Remove staging and replaced folders beside ``out`` whose process is gone; return them."""
    parent = out.parent if str(out.parent) else Path(".")
    removed = []
    if not parent.is_dir():
        return removed
    for marker in (_STAGING, _OLD):
        for p in parent.glob(f".{out.name}{marker}*"):
            pid = p.name[len(f".{out.name}{marker}"):].split("-")[0]
            if p.is_dir() and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
