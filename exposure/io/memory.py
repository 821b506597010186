"""Handing memory freed by earlier work back to the system before a large read.

A BACI year is ~11M rows. After one year's tables are let go, glibc keeps much of their memory
in its heap and Arrow's allocator keeps its own pages; the next year then reaches a higher peak
than the first (a 10-year panel loop peaked 1.12–1.14× one year). Returning both before each
year keeps a panel near the one-year figure.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Callable

import pyarrow as pa


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
