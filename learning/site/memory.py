"""Keep web workers small: hand large freed buffers back to the operating system.

Every PIN and password check allocates a 19-64 MiB argon2 buffer. glibc raises its mmap threshold after such a
buffer is freed, so later ones come from the heap and stay resident: a worker grew from ~80 MB to ~125 MB after a
few sign-ins (bench/RESULTS.md). Fixing the threshold at 128 KiB and capping arenas keeps it near 90 MB. This is
what MALLOC_MMAP_THRESHOLD_=131072 MALLOC_ARENA_MAX=2 would do, done here so no launch command can forget it.
"""
from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3


def return_large_buffers_to_the_system() -> bool:
    """Call glibc's mallopt; False (and no change) where the C library is not glibc."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, 128 * 1024)) and bool(mallopt(M_ARENA_MAX, 2))
