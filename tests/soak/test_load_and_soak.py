"""Load and soak against the real service on loopback (`make soak`, also run by CI).

Many concurrent clients for a minute: no errors, p99 reported. Then 20,000 requests in a row:
the worker's own memory (anonymous: its heap, what a leak grows) grows by less than 10 %, and its
whole resident memory stays within the service's 300 MB. The rest of the resident memory is the
encoder's model file, mapped read-only: a new word touches a page of its embedding table once,
shared with the other workers through the page cache, and bounded by the file's size.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import httpx2
import pytest
from tests.service import RunningService, children, running_service

pytestmark = pytest.mark.soak

CLIENTS = int(os.environ.get("SOAK_CLIENTS", "50"))
LOAD_SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
SOAK_REQUESTS = int(os.environ.get("SOAK_REQUESTS", "20000"))
DRAFTS = [
    "Mielestäni ministeriön uusi liikennestrategia on surkea. Soita 040 123 4567, niin jutellaan.",
    "Jag tycker att departementets nya strategi är dålig. Ring mig på 070-123 45 67!",
    "Between you and me, my boss is useless. We're away until the 20th, the house is empty.",
    "TL IV\nKÄYTTÖ RAJOITETTU\nMuistio: hakijan henkilötunnus on 131052-308T.",
    "Hyvää viikonloppua kaikille!",
]


RSS_LIMIT_MB = 300


def memory_kib(pid: int, field: str = "VmRSS") -> int:
    """``VmRSS`` (all resident memory) or ``RssAnon`` (the process's own, not file-backed) of a process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@pytest.fixture(scope="module")
def service() -> RunningService:
    with running_service(log_level="warning") as running:
        yield running


def test_many_concurrent_clients_for_a_minute_get_no_errors(service: RunningService) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + LOAD_SECONDS

    def client(n: int) -> None:
        with httpx2.Client(base_url=service.base, headers=service.headers(), timeout=30) as http:
            i = n
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    response = http.post("/v1/check", json={"text": DRAFTS[i % len(DRAFTS)]})
                    ok = response.status_code == 200 and "hints" in response.json()
                except httpx2.HTTPError as exc:
                    ok, response = False, exc  # type: ignore[assignment]
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(str(getattr(response, "status_code", response))[:80])
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"\nLOAD clients={CLIENTS} seconds={LOAD_SECONDS:.0f} requests={len(latencies)} "
          f"rps={len(latencies) / LOAD_SECONDS:.0f} p50_ms={percentile(latencies, 0.5):.1f} "
          f"p99_ms={percentile(latencies, 0.99):.1f} errors={len(errors)}")
    assert not errors, errors[:5]
    assert len(latencies) >= CLIENTS


def test_own_memory_grows_less_than_ten_percent_over_twenty_thousand_requests(service: RunningService) -> None:
    with httpx2.Client(base_url=service.base, headers=service.headers(), timeout=30) as http:
        # Warm-up: caches filled as a day's use fills them (the meaning layer's sentence cache holds
        # 1,024 sentences, and every request here ends in a sentence of its own).
        for i in range(1500):
            http.post("/v1/check", json={"text": f"{DRAFTS[i % len(DRAFTS)]} #{i}"})
        (worker,) = children(service.process.pid)  # the process that answers (the supervisor answers nothing)
        before, rss_before = memory_kib(worker, "RssAnon"), memory_kib(worker)
        for i in range(SOAK_REQUESTS):
            response = http.post("/v1/check", json={"text": f"{DRAFTS[i % len(DRAFTS)]} ({i})"})
            assert response.status_code == 200
        after, rss_after = memory_kib(worker, "RssAnon"), memory_kib(worker)
        assert children(service.process.pid) == [worker], "the worker died during the soak"
    growth = (after - before) / before
    print(f"\nSOAK requests={SOAK_REQUESTS} anon_before_mb={before / 1024:.1f} anon_after_mb={after / 1024:.1f} "
          f"growth={growth:.1%} rss_before_mb={rss_before / 1024:.1f} rss_after_mb={rss_after / 1024:.1f} "
          f"rss_growth={(rss_after - rss_before) / rss_before:.1%}")
    assert growth < 0.10
    assert rss_after / 1024 <= RSS_LIMIT_MB
