"""The build: one source, a Chrome and a Firefox package; the Firefox one passes `web-ext lint`."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from browserkit import ROOT, in_ci

EXTENSION = ROOT / "extension"
CHROME_ID = "jafbekhgnjclhcidkfgcopipcffknnbl"  # fixed by the manifest's key; the README names it
SITES = (
    "x.com",
    "twitter.com",
    "linkedin.com",
    "facebook.com",
    "threads.net",
    "bsky.app",
    "reddit.com",
    "youtube.com",
    "instagram.com",
    "suomi24.fi",
)


@pytest.fixture(scope="module")
def dist(extension_dir: Path) -> Path:
    return extension_dir.parent


def manifest(dist: Path, browser: str) -> dict:  # type: ignore[type-arg]
    return json.loads((dist / browser / "manifest.json").read_text(encoding="utf-8"))


def test_both_builds_come_from_one_source_with_the_project_version(dist: Path) -> None:
    chrome, firefox = manifest(dist, "chrome"), manifest(dist, "firefox")
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert version and chrome["version"] == firefox["version"] == version.group(1)
    assert chrome["manifest_version"] == firefox["manifest_version"] == 3
    src = sorted(p.name for p in (EXTENSION / "src").iterdir())
    for browser in ("chrome", "firefox"):
        for name in src:
            assert (dist / browser / name).read_bytes() == (EXTENSION / "src" / name).read_bytes()
        with zipfile.ZipFile(dist / f"tuumaustauko-{browser}.zip") as zf:
            assert "manifest.json" in zf.namelist() and "content.js" in zf.namelist()
            assert "icons/icon-128.png" in zf.namelist()
    assert not any(k.startswith("x-") for k in {**chrome, **firefox})


def test_chrome_manifest_has_a_service_worker_a_fixed_id_and_only_loopback_hosts(dist: Path) -> None:
    m = manifest(dist, "chrome")
    assert m["background"] == {"service_worker": "background.js"}
    assert "browser_specific_settings" not in m
    digest = hashlib.sha256(base64.b64decode(m["key"])).hexdigest()[:32]
    assert "".join(chr(ord("a") + int(c, 16)) for c in digest) == CHROME_ID
    assert sorted(m["host_permissions"]) == ["http://127.0.0.1/*", "http://localhost/*"]
    assert "connect-src http://127.0.0.1:* http://localhost:*" in m["content_security_policy"]["extension_pages"]
    matches = " ".join(m["content_scripts"][0]["matches"])
    for site in SITES:
        assert f"https://*.{site}/*" in matches
    assert m["optional_host_permissions"] == ["https://*/*"]  # Mastodon instances the user adds


def test_firefox_manifest_has_a_gecko_id_and_background_scripts(dist: Path) -> None:
    m = manifest(dist, "firefox")
    gecko = m["browser_specific_settings"]["gecko"]
    assert re.fullmatch(r"[\w.-]+@[\w.-]+", gecko["id"])
    assert gecko["data_collection_permissions"] == {"required": ["none"]}
    assert m["background"] == {"scripts": ["shared.js", "background.js"]}
    assert "service_worker" not in json.dumps(m) and "key" not in m
    assert m["content_scripts"] == manifest(dist, "chrome")["content_scripts"]
    assert m["options_ui"]["page"] == "options.html"


def test_web_ext_lint_is_clean_on_the_firefox_build(firefox_lint: Any) -> None:
    if firefox_lint.process is None:
        if in_ci():
            pytest.fail(firefox_lint.reason)
        pytest.skip(firefox_lint.reason)
    returncode, out = firefox_lint.result()
    report = json.loads(out[out.index("{") :])
    problems = report["errors"] + report["warnings"] + report["notices"]
    assert not problems, json.dumps(problems, indent=1)[:3000]
    assert returncode == 0
