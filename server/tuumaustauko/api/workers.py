"""Serve one app from several processes that share one listening socket.

The app (pipelines, rule data, language profiles) is built once, then the process forks: the
workers share the loaded models page for page (copy-on-write), so a second worker costs a
fraction of the first one's memory, and each answers on its own core. With one worker this is
plain ``uvicorn.Server.run``.

The first process supervises: on SIGTERM or SIGINT it stops its own server and the workers;
a worker whose supervisor has died stops by itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

import uvicorn

PARENT_CHECK_SECONDS = 1.0


def _stop_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


def serve(config: uvicorn.Config, workers: int = 1) -> None:
    if workers <= 1:
        uvicorn.Server(config).run()
        return
    sock = config.bind_socket()
    parent = os.getpid()
    children: list[int] = []
    for _ in range(workers - 1):
        pid = os.fork()
        if pid == 0:  # a worker
            threading.Thread(target=_stop_when_orphaned, args=(parent,), daemon=True).start()
            try:
                uvicorn.Server(config).run(sockets=[sock])
            finally:
                os._exit(0)
        children.append(pid)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        sock.close()
