"""Hands the heap memory a build freed back to the system: glibc keeps freed pages resident otherwise."""
from __future__ import annotations

import ctypes
import functools
from typing import Any


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def trim() -> bool:
    """Release free heap pages (a build's SQLite page cache, its batches) to the system; True if it could.
    A process that keeps them stays large, and every worker a later build forks starts with those pages:
    a re-run's pool workers measured 363 MB instead of 92 MB after a 10k build."""
    fn = _malloc_trim()
    if fn is None:
        return False
    fn(0)
    return True
