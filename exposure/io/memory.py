"""Memory around a large read: freed memory handed back first, and ordinary pages while it runs.

A BACI year is ~11M rows. After one year's tables are let go, glibc keeps much of their memory
in its heap and Arrow's allocator keeps its own pages; the next year then reaches a higher peak
than the first (a 10-year panel loop peaked 1.12–1.14× one year). Returning both before each
year keeps a panel near the one-year figure.

On Linux numpy asks the kernel for huge pages (``madvise``) for every array of 4 MB or more. A
streamed loader fills hundreds of MB of fresh arrays once, in order, and where the kernel defrags
for such requests (``/sys/kernel/mm/transparent_hugepage/defrag`` = ``madvise``, the common
default) each first touch may compact memory in the calling process: 0.4–0.6 s of kernel time a
BACI year or a 5M-row customs file, against 0.2 s on ordinary pages, and the figure moves from run
to run (``benchmarks/README.md``). :func:`on_small_pages` turns the request off while a loader runs.
"""

from __future__ import annotations

import ctypes
import functools
import mmap
import os
import sys
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterator, ParamSpec, TypeVar

import numpy as np
import pyarrow as pa

P = ParamSpec("P")
R = TypeVar("R")


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def release_arrow_pool() -> None:
    """Return the free pages of Arrow's pool (the columns let go) to the system, for the arrays made next."""
    pa.default_memory_pool().release_unused()


def release_freed_memory() -> None:
    """Return the free pages of Arrow's pool and of the C heap to the system (a no-op where unsupported).

    Examples
    --------
    >>> release_freed_memory()  # safe to call at any time; it frees nothing still in use
    """
    release_arrow_pool()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _hugepage_switch() -> Callable[[bool], bool] | None:
    """numpy's switch for the huge-page request (returns the previous setting), or None.

    None off Linux (numpy asks only there), when the analyst set ``NUMPY_MADVISE_HUGEPAGE``
    themselves (their choice stands), or in a numpy without the switch.
    """
    if not sys.platform.startswith("linux") or "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return None
    core = getattr(np, "_core", None)  # numpy 2; numpy 1.26 keeps the same module as np.core
    multiarray = getattr(core, "multiarray", None) if core is not None else getattr(np.core, "multiarray", None)
    return getattr(multiarray, "_set_madvise_hugepage", None)


@contextmanager
def small_pages() -> Iterator[None]:
    """numpy's new arrays on ordinary pages while the block runs; the setting before it is restored.

    Examples
    --------
    >>> import numpy as np
    >>> with small_pages():
    ...     filled = np.ones(1 << 20)  # 8 MB filled without huge-page compaction
    """
    switch = _hugepage_switch()
    if switch is None:
        yield
        return
    before = switch(False)
    try:
        yield
    finally:
        switch(before)


def on_small_pages(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run inside :func:`small_pages` (for the loaders that fill large fresh arrays)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with small_pages():
            return func(*args, **kwargs)

    return wrapper


class FileMap:
    """A regular file mapped read-only, whose pages before an offset can be let go from the process.

    A loader parses a large file from its map (the page cache in place, no copy read into fresh
    buffers) and releases what it has parsed (``MADV_DONTNEED``: the pages leave the process, not the
    page cache), so the process holds the part in flight, not the file. Where the system has no
    ``madvise`` the pages simply stay mapped until the map closes.

    Raises
    ------
    OSError, ValueError
        Where the file cannot be mapped (an empty file, some network file systems): read it instead.
    """

    def __init__(self, fh: BinaryIO) -> None:
        self.fd = fh.fileno()
        self.data = mmap.mmap(self.fd, 0, access=mmap.ACCESS_READ)
        self.released = 0

    def __len__(self) -> int:
        return len(self.data)

    def release_before(self, offset: int, at_least: int = 0) -> None:
        """Let the pages wholly before ``offset`` go, once there are ``at_least`` bytes of them (fewer calls)."""
        behind = offset // mmap.PAGESIZE * mmap.PAGESIZE
        if behind > self.released and behind - self.released >= at_least and hasattr(self.data, "madvise"):
            self.data.madvise(mmap.MADV_DONTNEED, self.released, behind - self.released)
            self.released = behind

    def close(self) -> None:
        try:
            self.data.close()
        except BufferError:  # a view is still held (an error on the way out): the map closes when it goes
            pass
