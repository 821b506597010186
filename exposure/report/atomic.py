"""Write a file so that readers only ever see the old version or the complete new one.

A report written half-way (disk full, Ctrl-C, a crash inside openpyxl) must not
replace the analyst's previous, good output. Every writer in ``report/`` writes
to a temporary file beside the target and renames it into place on success.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator

# False inside :func:`staged`: renames into a staging folder need not be made durable one by one.
_SYNC_DIRS: ContextVar[bool] = ContextVar("exposure_atomic_sync_dirs", default=True)


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path; on success move it over ``path`` atomically.

    The temporary file lives in the same directory as ``path`` (``os.replace``
    is atomic only within one file system). It is flushed to disk before the
    rename. On *any* exception — including ``KeyboardInterrupt`` — the
    temporary file is removed, ``path`` is left exactly as it was, and the
    exception propagates.

    Parameters
    ----------
    path : str or path-like
        The final file. Its directory is created if missing.

    Yields
    ------
    Path
        Where the caller writes the content (by name: the file exists and is
        empty, so writers that open by path, such as ``Workbook.save`` or
        ``Figure.savefig``, can use it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(d / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "out.txt").read_text()
    'done'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp)
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if _SYNC_DIRS.get():
        sync_dir(target.parent)


def write_all(files: list[tuple[Path, Callable[[Path], object]]]) -> list[Path]:
    """Write several files all or nothing: each to a temporary file beside it, renamed only once all are written.

    ``files`` pairs each final path with a function that writes a given path. A final path that is a
    folder is refused before anything is written (naming it, not a temporary file); on any failure
    the temporary files are removed and no final file has changed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "b.txt").mkdir()
    >>> write_all([(d / "a.txt", lambda p: p.write_text("a")), (d / "b.txt", lambda p: p.write_text("b"))])
    Traceback (most recent call last):
    IsADirectoryError: [Errno 21] Is a directory: ...
    >>> (d / "a.txt").exists()
    False
    """
    for target, _write in files:
        if Path(target).is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    temps: list[Path] = []
    try:
        for target, write in files:
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            temps.append(Path(name))
            write(temps[-1])
            _fsync(temps[-1])
            os.chmod(temps[-1], _final_mode(target))
        for tmp, (target, _write) in zip(temps, files):
            os.replace(tmp, target)
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    for folder in dict.fromkeys(Path(t).parent for t, _w in files):
        sync_dir(folder)
    return [Path(t) for t, _w in files]


@contextmanager
def staged() -> Iterator[None]:
    """Within this block :func:`atomic_write` does not sync the folder after each rename.

    For callers that write every file into a fresh staging folder, move the files
    into place themselves and then call :func:`sync_dir` once per destination folder
    (see ``exposure.api.write_report_atomically``). File contents are still flushed
    to disk before each rename.
    """
    token = _SYNC_DIRS.set(False)
    try:
        yield
    finally:
        _SYNC_DIRS.reset(token)


def _final_mode(target: Path) -> int:
    # mkstemp creates 0600; the finished file should look like any other file the
    # user writes (keep an existing file's mode, else 0666 less the umask).
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def sync_dir(directory: str | os.PathLike[str]) -> None:
    """Make renames into ``directory`` durable (a no-op where folders cannot be synced, e.g. Windows)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
