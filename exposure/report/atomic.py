"""Write a file so that readers only ever see the old version or the complete new one.

A report written half-way (disk full, Ctrl-C, a crash inside openpyxl) must not
replace the analyst's previous, good output. Every writer in ``report/`` writes
to a temporary file beside the target and renames it into place on success.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


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
    _fsync_dir(target.parent)


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


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
