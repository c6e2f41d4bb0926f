"""`serve`'s processes: a supervisor that answers nothing, and the workers that answer.

The app (pipelines, rule data, language profiles) is built once in the first process, which then
binds the port and forks the workers: they share the loaded models page for page (copy-on-write),
and each answers on its own core. The first process answers nothing itself and watches them:

- a worker that dies (a segfault in native code, the out-of-memory killer) is replaced at once by
  a new fork of the same built app, and the log says which worker died and how (never a draft).
  Connections that arrive meanwhile wait in the listening socket, which the supervisor holds;
- a worker that dies more than RESTART_LIMIT times within RESTART_WINDOW_S is not started again:
  the supervisor stops the others and ``serve`` returns non-zero, rather than forking in a loop;
- SIGTERM or SIGINT stops the workers and frees the port; a worker whose supervisor has died
  stops by itself.

Nothing here runs the meaning layer's encoder: each worker reads it after the fork, in its app's
lifespan (its OpenMP threads do not survive a fork, see ``meaning/encoder.py``).

Why not uvicorn's own process manager (``uvicorn --workers``): it starts each worker with
multiprocessing's "spawn", so every worker imports and builds the app anew (no pages shared, each
start as slow as the first), and it restarts a worker that dies while serving without limit.
Gunicorn with ``preload_app`` keeps the sharing, but also restarts without limit, and brings a
second server's configuration, logging and two more dependencies for what is a hundred lines.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from socket import socket
from types import FrameType
from typing import NoReturn

import uvicorn

RESTART_LIMIT = 5  # deaths of one worker within RESTART_WINDOW_S that are still followed by a restart
RESTART_WINDOW_S = 60.0
STOP_TIMEOUT_S = 10.0  # a worker still running this long after SIGTERM gets SIGKILL
PARENT_CHECK_SECONDS = 1.0
WAKE_UP_S = 5.0  # the supervisor looks for dead workers at least this often, signal or not
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
WATCHED_SIGNALS = (*STOP_SIGNALS, signal.SIGCHLD)

log = logging.getLogger("uvicorn.error")  # the service's own log: uvicorn's format and --log-level


class RestartBudget:
    """How often one worker may die: more than ``limit`` deaths within ``window_s`` seconds spend it."""

    def __init__(self, limit: int = RESTART_LIMIT, window_s: float = RESTART_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._deaths: deque[float] = deque()

    def allows_restart_after_death(self) -> bool:
        """Count one death; whether the worker may still be started again."""
        now = self._clock()
        self._deaths.append(now)
        while now - self._deaths[0] > self.window_s:
            self._deaths.popleft()
        return len(self._deaths) <= self.limit


def how_it_ended(wait_status: int) -> str:
    """What ``os.waitpid``'s status says about a process's end, for the log."""
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "an unknown signal"
        return f"was killed by signal {number} ({name})"
    return f"exited with status {os.waitstatus_to_exitcode(wait_status)}"


def _stop_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    """A worker's SIGTERM or SIGINT outside uvicorn's own handling (before it starts, and the one
    uvicorn raises again once it has shut down): exit with status 0."""
    raise SystemExit(0)


class Supervisor:
    """Forks ``workers`` processes that serve ``config``'s app on one socket, and keeps them running."""

    def __init__(self, config: uvicorn.Config, workers: int) -> None:
        self.config = config
        self.workers = workers
        self._numbers: dict[int, int] = {}  # pid -> worker number (1..workers), for the log
        self._budgets = {number: RestartBudget() for number in range(1, workers + 1)}
        self._stop_signal: int | None = None
        self._wake_read = self._wake_write = -1

    def run(self) -> int:
        """Serve until SIGTERM or SIGINT (0), or until a worker keeps dying (1)."""
        sock = self.config.bind_socket()
        sock.listen(self.config.backlog)  # from now on a connection waits for a worker, even a replaced one
        self._wake_read, self._wake_write = os.pipe()
        for fd in (self._wake_read, self._wake_write):
            os.set_blocking(fd, False)
        previous = {signum: signal.signal(signum, self._on_signal) for signum in WATCHED_SIGNALS}
        previous_wake = signal.set_wakeup_fd(self._wake_write)
        try:
            for number in range(1, self.workers + 1):
                self._start(number, sock)
            log.info("Supervisor [%d] watches %d worker(s): %s", os.getpid(), self.workers,
                     ", ".join(str(pid) for pid in self._numbers))
            return self._watch(sock)
        finally:
            self._stop_workers()
            signal.set_wakeup_fd(previous_wake)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            os.close(self._wake_read)
            os.close(self._wake_write)
            sock.close()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if signum in STOP_SIGNALS and self._stop_signal is None:
            self._stop_signal = signum

    def _start(self, number: int, sock: socket) -> int:
        # Signals wait until the child has put its own handlers in place of the supervisor's.
        signal.pthread_sigmask(signal.SIG_BLOCK, WATCHED_SIGNALS)
        try:
            pid = os.fork()
            if pid == 0:
                self._serve_as_worker(sock)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, WATCHED_SIGNALS)
        self._numbers[pid] = number
        return pid

    def _serve_as_worker(self, sock: socket) -> NoReturn:
        status = 1
        try:
            signal.set_wakeup_fd(-1)
            os.close(self._wake_read)
            os.close(self._wake_write)
            for signum in STOP_SIGNALS:
                signal.signal(signum, _exit_cleanly)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, WATCHED_SIGNALS)
            threading.Thread(target=_stop_when_orphaned, args=(os.getppid(),), name="tuumaustauko-orphan",
                             daemon=True).start()
            uvicorn.Server(self.config).run(sockets=[sock])
            status = 0
        except SystemExit as exc:
            status = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:  # noqa: BLE001 - a worker never returns into the supervisor's code
            log.error("Worker [%d] stopped on %s", os.getpid(), type(exc).__name__)  # its type only: never a draft
        finally:
            os._exit(status)

    def _watch(self, sock: socket) -> int:
        while True:
            select.select([self._wake_read], [], [], WAKE_UP_S)
            with contextlib.suppress(BlockingIOError):
                while os.read(self._wake_read, 512):
                    pass
            if self._stop_signal is not None:
                log.info("Supervisor [%d] stops its workers (%s)", os.getpid(), signal.Signals(self._stop_signal).name)
                return 0
            for pid, wait_status in self._reaped():
                number = self._numbers.pop(pid)
                how = how_it_ended(wait_status)
                if not self._budgets[number].allows_restart_after_death():
                    log.critical(
                        "Worker %d (pid %d) %s and has died %d times within %.0f s: not starting it again, the "
                        "service stops. The lines above say why it dies; `tuumaustauko serve` starts the service "
                        "again.", number, pid, how, RESTART_LIMIT + 1, RESTART_WINDOW_S)
                    return 1
                replacement = self._start(number, sock)
                log.warning("Worker %d (pid %d) %s; worker %d started again as pid %d",
                            number, pid, how, number, replacement)

    def _reaped(self) -> Iterator[tuple[int, int]]:
        """(pid, wait status) of each worker that has ended since the last look."""
        while self._numbers:
            try:
                pid, wait_status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in self._numbers:
                yield pid, wait_status

    def _stop_workers(self) -> None:
        for pid in self._numbers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while self._numbers and time.monotonic() < deadline:
            for pid, _ in self._reaped():
                del self._numbers[pid]
            time.sleep(0.05)
        for pid in list(self._numbers):
            log.warning("Worker %d (pid %d) did not stop within %.0f s of SIGTERM: killed",
                        self._numbers.pop(pid), pid, STOP_TIMEOUT_S)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def serve(config: uvicorn.Config, workers: int = 1) -> int:
    """Serve ``config``'s app from ``workers`` forked processes under a supervisor; the exit status."""
    return Supervisor(config, workers).run()
