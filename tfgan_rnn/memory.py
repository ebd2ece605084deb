"""A training process's resident memory: what it holds, and handing back what it no longer uses.

After `import tensorflow` a process holds 600-800 MB resident, about half of it pages of
TensorFlow's shared libraries that only the import touched (registering every op and
kernel). A training step needs a small part of them. `release_memory()` asks the kernel to
reclaim the resident pages of the shared libraries this process maps (Linux's
`madvise(MADV_PAGEOUT)`, kernel 5.4 or later) and returns freed heap memory to the system
(glibc's `malloc_trim`); pages that are used again come back on their next access, so
nothing changes but the resident size. `callbacks.ReleaseMemory` calls it when training
starts and after the first step (whose tracing touches code no later step runs).

This module imports neither TensorFlow nor Keras.

Example:

>>> from tfgan_rnn.memory import release_memory, resident_memory
>>> before = resident_memory()
>>> sorted(before)
['anonymous', 'file', 'peak', 'resident']
>>> before, after = release_memory()
>>> after["file"] <= before["file"] + 1   # MB of mapped files' pages now resident
True
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys

_MADV_PAGEOUT = 21  # linux/mman-common.h, since Linux 5.4
_STATUS_FIELDS = {"resident": "VmRSS", "peak": "VmHWM", "anonymous": "RssAnon", "file": "RssFile"}


def resident_memory() -> dict | None:
    """This process's resident memory in MB, from /proc/self/status (Linux), else None.

    Returns:
        A dict: "resident" (now), "peak" (the most it has held), and the part now resident
        split into "anonymous" (the process's own memory: Python objects, TensorFlow's heap,
        tensors) and "file" (pages of the files it maps, shared libraries above all, which
        other processes mapping the same files share and the kernel can drop and read again).
    """
    try:
        with open("/proc/self/status") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return {key: int(fields[name].split()[0]) / 1024 for key, name in _STATUS_FIELDS.items()}
    except (OSError, KeyError, ValueError):
        return None


def _shared_library_ranges():
    """(start, end) addresses of this process's mappings of shared libraries (*.so, *.so.N)."""
    with open("/proc/self/maps") as handle:
        for line in handle:
            fields = line.split(maxsplit=5)
            if len(fields) < 6:
                continue
            path = fields[5].strip()
            name = os.path.basename(path)
            if path.startswith("/") and not path.startswith("/dev/") and (name.endswith(".so") or ".so." in name):
                start, end = (int(address, 16) for address in fields[0].split("-"))
                yield start, end


def release_memory() -> tuple[dict, dict] | None:
    """Hands back to the system the memory this process holds but does not use now.

    Collects Python's garbage, returns the C heap's free memory to the system (glibc's
    `malloc_trim`) and asks the kernel to reclaim the resident pages of every shared library
    the process maps (`madvise(MADV_PAGEOUT)`). Contents never change: a page used again is
    read back on its next access. Pages shared with another process stay where they are.

    Returns:
        `(before, after)`, two `resident_memory()` dicts, or None where this cannot be done
        (not Linux, or a kernel older than 5.4).

    Example:

    >>> from tfgan_rnn.memory import release_memory
    >>> result = release_memory()
    >>> result is None or result[1]["resident"] <= result[0]["resident"] + 1
    True
    """
    before = resident_memory()
    if before is None or not sys.platform.startswith("linux"):
        return None
    gc.collect()
    libc = ctypes.CDLL(None, use_errno=True)
    if hasattr(libc, "malloc_trim"):  # glibc; musl returns freed memory on its own
        libc.malloc_trim(0)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    answers = [libc.madvise(start, end - start, _MADV_PAGEOUT) == 0 or ctypes.get_errno() != 22  # EINVAL
               for start, end in list(_shared_library_ranges())]
    if answers and not any(answers):
        return None  # a kernel without MADV_PAGEOUT (or every library locked in memory)
    return before, resident_memory()
