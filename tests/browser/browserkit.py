"""Shared pieces of the browser tests (fixture pages, the service and browser handles, helpers)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOKEN = "browser-test-token-0123456789"

# URL -> fixture file. Every page the tests open is one of these; nothing else may be requested.
PAGES = {
    "https://mastodon.social/home": "mastodon.html",
    "https://x.com/home": "x.html",
    "https://www.facebook.com/": "facebook.html",
    "https://www.facebook.com/edit/": "facebook-edit.html",
    "https://www.linkedin.com/feed/": "linkedin.html",
    "https://www.linkedin.com/messaging/": "linkedin-messaging.html",
    "https://www.reddit.com/submit": "reddit.html",
}
KIT_PATH = "/__fixture__/kit.js"
WEB_EXT = ROOT / "extension" / "node_modules" / ".bin" / "web-ext"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("TUUMAUSTAUKO_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Service:
    port: int
    token: str
    process: subprocess.Popen[bytes] | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Browser:
    context: Any
    worker: Any
    extension_id: str
    service: Service
    checks: list[dict[str, Any]] = field(default_factory=list)  # bodies of /v1/check, as the service got them
    strays: list[str] = field(default_factory=list)  # requests that tried to leave 127.0.0.1
    profile: Path | None = None  # the browser's --user-data-dir (where it looks for native messaging hosts)

    def pair(self, token: str | None = None, port: int | None = None) -> None:
        """Pairs the extension the way outside checks do: chrome.storage.local `token` and `port`."""
        self.worker.evaluate(
            "([token, port]) => chrome.storage.local.set({token, port})",
            [self.service.token if token is None else token, self.service.port if port is None else port],
        )

    def storage(self, values: dict[str, Any]) -> None:
        self.worker.evaluate("(values) => chrome.storage.local.set(values)", values)

    def reset(self) -> None:
        self.worker.evaluate(
            "() => chrome.storage.local.remove(['modes', 'paused', 'status', 'uiLang', 'pack', 'allow'])"
        )
        self.pair()
        self.checks.clear()
