"""Memory allocator settings that keep the reading of an upload within a few times its size."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

from events.readers._compat import import_pyarrow

#: glibc's mallopt parameter for the size from which memory is mapped on its own.
_M_MMAP_THRESHOLD = -3
#: Blocks from this size up (numpy arrays of a column, Arrow buffers) are mapped on their own
#: and handed back to the system when freed (glibc's own starting value, kept fixed).
MMAP_THRESHOLD_BYTES = 128 * 1024


@functools.cache
def share_freed_memory() -> None:
    """Let Arrow, numpy and Python reuse each other's freed memory, and return large blocks.

    Reading a file makes and drops many whole-column temporaries, some in Arrow (pandas'
    text columns), some in numpy and Python. With Arrow's own allocator (mimalloc) the memory
    Arrow frees stays with it, unusable by numpy, and glibc raises its threshold for mapping
    blocks on their own as soon as one is freed, after which freed columns stay in its heap:
    the process then grows to twice what the read needs at any moment (a 16 MB GeoJSON of
    100,000 points: 7x its size instead of 4x, ``benchmarks/bench_events.py``). So Arrow
    allocates through the system allocator, and glibc's threshold is fixed at
    :data:`MMAP_THRESHOLD_BYTES`. Both settings are process-wide and made once; on another C
    library only Arrow's is made.
    """
    pa = import_pyarrow()[0]
    pa.set_memory_pool(pa.system_memory_pool())
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    except (OSError, AttributeError):
        pass  # not glibc (musl has no mallopt): its allocator maps large blocks anyway
