"""Browser tests of the extension: Debian's Chromium, headless, the built Chrome extension, the real service.

Nothing leaves the machine: the social sites are offline fixture pages served under their real URLs
(`context.route`), the service runs on 127.0.0.1 on a free port, and any other request fails the run.
Without a browser the tests are skipped on a developer machine and FAIL in CI (CI=true).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    FIXTURES,
    KIT_PATH,
    PAGES,
    ROOT,
    TOKEN,
    WEB_EXT,
    Browser,
    Service,
    chromium_path,
    free_port,
    missing,
)

# ---------------------------------------------------------------- the extension


@pytest.fixture(scope="session")
def extension_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, str(ROOT / "extension" / "build.py"), "--out", str(out)], check=True, capture_output=True
    )
    return out / "chrome"


@dataclass
class LintJob:
    """`web-ext lint` on the Firefox build, started early so that it runs while the service starts."""

    process: subprocess.Popen[str] | None
    reason: str = ""

    def result(self) -> tuple[int, str]:
        assert self.process is not None
        out, _ = self.process.communicate(timeout=180)
        return self.process.returncode, out


@pytest.fixture(scope="session")
def firefox_lint(extension_dir: Path) -> Iterator[LintJob]:
    if not WEB_EXT.exists():
        yield LintJob(None, "web-ext is not installed: run `npm ci` in extension/")
        return
    process = subprocess.Popen(
        [str(WEB_EXT), "lint", "--source-dir", str(extension_dir.parent / "firefox"), "--output", "json", "--no-input"],
        cwd=WEB_EXT.parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        yield LintJob(process)
    finally:
        if process.poll() is None:
            process.kill()


# ---------------------------------------------------------------- the service


def serve_command(port: int) -> list[str]:
    override = os.environ.get("TUUMAUSTAUKO_SERVE")  # e.g. a service under development elsewhere
    if override:
        return [*override.split(), "serve", "--port", str(port)]
    script = Path(sys.executable).with_name("tuumaustauko")
    if script.exists():
        return [str(script), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return [sys.executable, "-m", "tuumaustauko.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]


def wait_healthy(service: Service, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process is not None and service.process.poll() is not None:
            out = service.process.stdout.read().decode(errors="replace") if service.process.stdout else ""
            raise RuntimeError(f"the service exited early ({service.process.returncode}): {out[-2000:]}")
        try:
            with urllib.request.urlopen(service.url("/health"), timeout=1) as resp:
                if json.load(resp).get("status") == "ok":
                    return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError("the service did not answer /health in time")


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """Starts the real service; the browser fixture waits for its /health while Chromium starts."""
    port = free_port()
    config_home = tmp_path_factory.mktemp("config")
    env = {
        **os.environ,
        "TUUMAUSTAUKO_TOKEN": TOKEN,
        "XDG_CONFIG_HOME": str(config_home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "server"), os.environ.get("PYTHONPATH")])),
    }
    process = subprocess.Popen(serve_command(port), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield Service(port=port, token=TOKEN, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser(
    extension_dir: Path, service: Service, firefox_lint: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    if importlib.util.find_spec("playwright") is None:
        missing("Playwright for Python is not installed (pip install playwright)")
    executable = chromium_path()
    if executable is None:
        missing("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=[
                f"--disable-extensions-except={extension_dir}",
                f"--load-extension={extension_dir}",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--lang=en-US",
            ],
            ignore_default_args=["--disable-extensions"],
            viewport={"width": 1100, "height": 760},
            locale="en-US",
        )
        worker = (
            context.service_workers[0]
            if context.service_workers
            else context.wait_for_event("serviceworker", timeout=20000)
        )
        extension_id = worker.url.split("/")[2]
        wait_healthy(service)
        state = Browser(context=context, worker=worker, extension_id=extension_id, service=service, profile=profile)

        def route(route: Any) -> None:
            request = route.request
            url = request.url
            if url in PAGES:
                route.fulfill(
                    status=200,
                    content_type="text/html; charset=utf-8",
                    body=(FIXTURES / PAGES[url]).read_text(encoding="utf-8"),
                )
                return
            if url.startswith("https://") and url.split("/", 3)[3:4] == [KIT_PATH[1:]]:
                route.fulfill(
                    status=200,
                    content_type="text/javascript; charset=utf-8",
                    body=(FIXTURES / "kit.js").read_text(encoding="utf-8"),
                )
                return
            if url.startswith(("http://127.0.0.1:", "http://localhost:")):
                if url.endswith("/v1/check") and request.post_data:
                    state.checks.append(json.loads(request.post_data))
                route.continue_()
                return
            if url.startswith(("chrome-extension://", "data:", "blob:", "about:")):
                route.continue_()
                return
            state.strays.append(url)
            route.abort("blockedbyclient")

        context.route("**/*", route)
        state.pair()
        try:
            yield state
        finally:
            context.close()
    assert not state.strays, f"requests tried to leave 127.0.0.1: {state.strays}"


@pytest.fixture
def ext(browser: Browser) -> Iterator[Browser]:
    browser.reset()
    yield browser
    for page in list(browser.context.pages):
        if not page.is_closed() and page.url != "about:blank":
            page.close()
    assert not browser.strays, f"requests tried to leave 127.0.0.1: {browser.strays}"
