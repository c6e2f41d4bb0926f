"""Start the real service in a subprocess for tests that need it on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

SERVER = Path(__file__).resolve().parents[1] / "server"


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (for `serve`: its workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningService:
    process: subprocess.Popen[str]
    port: int
    token: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@contextmanager
def running_service(
    env: dict[str, str] | None = None, *, token: str | None = "service-test-token", log_level: str = "info",
    startup_timeout: float = 120.0, port: int | None = None, args: tuple[str, ...] = (),
) -> Iterator[RunningService]:
    """The service on a free loopback port; on exit it is stopped (its output stays in process.stdout/stderr).
    With ``token=None`` the service makes its own token file under the environment's XDG_CONFIG_HOME."""
    port = port or free_port()
    full_env = {**os.environ, "PYTHONPATH": str(SERVER), **(env or {})}
    full_env.pop("TUUMAUSTAUKO_TOKEN", None)
    if token is not None:
        full_env["TUUMAUSTAUKO_TOKEN"] = token
    process = subprocess.Popen(
        [sys.executable, "-m", "tuumaustauko", "serve", "--port", str(port), "--log-level", log_level, *args],
        env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    service = RunningService(process, port, token or "")
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                if httpx2.get(f"{service.base}/health", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if process.poll() is not None:
                raise RuntimeError("the service exited at start")
            if time.monotonic() > deadline:
                raise RuntimeError("the service did not start in time")
            time.sleep(0.1)
        if token is None:
            token_file = Path(full_env["XDG_CONFIG_HOME"]) / "tuumaustauko" / "token"
            service.token = token_file.read_text(encoding="ascii").strip()
        yield service
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
