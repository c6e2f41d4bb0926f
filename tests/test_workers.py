"""`tuumaustauko serve --workers N`: N processes answer on one port, and they stop together."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx2

from tests.service import running_service


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_two_workers_answer_on_one_port_and_stop_with_the_supervisor() -> None:
    with running_service(log_level="warning", args=("--workers", "2")) as service:
        workers = _children(service.process.pid)
        assert len(workers) == 1, "one forked worker beside the supervisor"
        with httpx2.Client(base_url=service.base, headers=service.headers(), timeout=30) as http:
            for _ in range(40):
                response = http.post("/v1/check", json={"text": "Hetuni on 131052-308T.", "lang": "fi"})
                assert response.status_code == 200
                assert [h["kind"] for h in response.json()["hints"]] == ["national_id"]
            assert http.post("/v1/check", json={"text": 5}).status_code == 422
        service.process.send_signal(signal.SIGTERM)
        service.process.wait(timeout=15)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)


def test_a_worker_whose_supervisor_is_killed_stops_by_itself() -> None:
    with running_service(log_level="warning", args=("--workers", "2")) as service:
        workers = _children(service.process.pid)
        os.kill(service.process.pid, signal.SIGKILL)
        service.process.wait(timeout=15)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers and not any(_alive(w) for w in workers)
