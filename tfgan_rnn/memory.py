"""A training process's resident memory: what it holds, and letting go of what it does not use.

After `import tensorflow` a process holds 600-800 MB resident, about half of it pages of
TensorFlow's shared libraries that the import touched while registering every op and
kernel; a training step uses a few tens of MB of them. `release_memory()` drops those pages
from the process's resident set and returns the C heap's free memory to the system;
`callbacks.ReleaseMemory` calls it when training starts and after the first step (whose
tracing touches code no later step runs), and `tfgan-rnn train` uses both. Contents never
change: a page used again is mapped back on its next access. Linux only; elsewhere it does
nothing.

This module imports neither TensorFlow nor Keras.

Example:

>>> from tfgan_rnn.memory import release_memory, resident_memory
>>> sorted(resident_memory())
['anonymous', 'file', 'peak', 'resident']
>>> before, after = release_memory()
>>> after["file"] <= before["file"] + 1   # MB of mapped files' pages now resident
True
"""

from __future__ import annotations

import ctypes
import os
import sys

_MADV_DONTNEED = 4
_MADV_PAGEOUT = 21  # since Linux 5.4
_EINVAL = 22
_STATUS_FIELDS = {"resident": "VmRSS", "peak": "VmHWM", "anonymous": "RssAnon", "file": "RssFile"}


def resident_memory() -> dict | None:
    """This process's resident memory in MB, from /proc/self/status (Linux), else None.

    Returns:
        A dict: "resident" (now), "peak" (the most it has held), and the part now resident
        split into "anonymous" (the process's own memory: Python objects, TensorFlow's heap,
        tensors) and "file" (pages of the files it maps, shared libraries above all, which
        other processes mapping the same files share and the kernel can drop and read again).

    Example:

    >>> from tfgan_rnn.memory import resident_memory
    >>> memory = resident_memory()  # None off Linux
    >>> memory is None or (sorted(memory) == ["anonymous", "file", "peak", "resident"]
    ...                    and memory["peak"] >= memory["resident"] > 0)
    True
    """
    try:
        with open("/proc/self/status") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return {key: int(fields[name].split()[0]) / 1024 for key, name in _STATUS_FIELDS.items()}
    except (OSError, KeyError, ValueError):
        return None


def _is_shared_library(path: str) -> bool:
    name = os.path.basename(path)
    return path.startswith("/") and not path.startswith("/dev/") and (name.endswith(".so") or ".so." in name)


def _library_mappings():
    """(start, end, writable, has private pages) for each of this process's mappings of a
    shared library (*.so, *.so.N), from /proc/self/smaps."""
    mapping = None
    with open("/proc/self/smaps") as handle:
        for line in handle:
            fields = line.split()
            if not fields:
                continue
            if not fields[0].endswith(":"):  # a mapping's header: start-end perms offset dev inode [path]
                if mapping is not None:
                    yield mapping
                mapping = None
                if len(fields) >= 6 and _is_shared_library(fields[5]):
                    start, end = (int(address, 16) for address in fields[0].split("-"))
                    mapping = [start, end, "w" in fields[1], False]
            elif fields[0] == "Anonymous:" and mapping is not None:
                mapping[3] = fields[1] != "0"
    if mapping is not None:
        yield mapping


def release_memory(evict: bool = False) -> tuple[dict, dict] | None:
    """Lets go of the memory this process holds but does not use now (Linux).

    Returns the C heap's free memory to the system (glibc's `malloc_trim`) and drops from the resident set the pages of the shared libraries the
    process maps. By default only pages that are exact copies of their file are dropped
    (read-only mappings without private pages, `madvise(MADV_DONTNEED)`): they stay in the
    kernel's file cache, which maps them back at their next use at little cost, and which the
    kernel empties first when memory runs short. With `evict=True` the kernel also reclaims
    them from that cache (`madvise(MADV_PAGEOUT)`, Linux 5.4 or later), so the machine gets the
    memory back, at the price of reading from disk what is used again; pages that another process
    maps too stay in the cache, and are dropped from this process's resident set as by
    default. Either way contents never change.

    Args:
        evict: also reclaim the dropped pages from the kernel's file cache.

    Returns:
        `(before, after)`, two `resident_memory()` dicts, or None where this cannot be done
        (not Linux; with `evict=True`, a kernel older than 5.4).

    Example:

    >>> from tfgan_rnn.memory import release_memory
    >>> result = release_memory()
    >>> result is None or result[1]["resident"] <= result[0]["resident"] + 1
    True
    """
    before = resident_memory()
    if before is None or not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    if hasattr(libc, "malloc_trim"):  # glibc; musl returns freed memory on its own
        libc.malloc_trim(0)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    mappings = list(_library_mappings())
    if evict:
        answers = [libc.madvise(start, end - start, _MADV_PAGEOUT) == 0 or ctypes.get_errno() != _EINVAL
                   for start, end, _, _ in mappings]
        if answers and not any(answers):
            return None  # a kernel without MADV_PAGEOUT (or every library locked in memory)
    # Unmapping a private page would lose what was written to it: only mappings that cannot
    # be written and hold no private page, whose every page is the file's own. After
    # eviction this drops what the kernel kept because another process maps it too.
    for start, end, writable, private in mappings:
        if not writable and not private:
            libc.madvise(start, end - start, _MADV_DONTNEED)
    return before, resident_memory()
