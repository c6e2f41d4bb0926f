"""Pairing without a terminal (issue 14, part 5): `tuumaustauko install-browser` registers the native
messaging host for this Chromium's profile, and the options page's "Pair" gets the token and the port
from it with one click: no token typed, then a draft is checked with them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from browserkit import Browser
from tests.service import running_service

from tuumaustauko.cli import main
from tuumaustauko.pairing import read_or_create_token

HETU = "131052-308T"


def test_pair_with_one_click_through_the_native_messaging_host(
    ext: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ext.profile is not None
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # nothing goes to the real home or config directory
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("TUUMAUSTAUKO_TOKEN", raising=False)
    # a service with a token file of its own (made at its first start), on a port of its own
    with running_service(token=None, env={"XDG_CONFIG_HOME": str(home / ".config"), "HOME": str(home)}) as service:
        token = read_or_create_token()
        assert main(["install-browser", "--user-data-dir", str(ext.profile)], out=io.StringIO()) == 0
        ext.worker.evaluate("() => chrome.storage.local.remove(['token', 'port'])")

        options = ext.context.new_page()
        options.goto(f"chrome-extension://{ext.extension_id}/options.html")
        assert options.input_value("#token") == ""
        options.click("#pair-native")
        options.wait_for_selector("#status[data-state=ok]", timeout=20000)
        assert ext.worker.evaluate("() => chrome.storage.local.get(['token', 'port'])") == {
            "token": token,
            "port": service.port,
        }
        assert token != ext.service.token and service.port != ext.service.port

        url, box = "https://mastodon.social/home", "textarea#status"
        page = ext.context.new_page()
        page.goto(url)
        page.click(box)
        page.keyboard.type(f"Hetuni on {HETU}.")
        page.wait_for_selector("tuumaustauko-overlay [data-hint-kind=national_id]", state="attached")
    ext.pair()


def test_pair_says_what_to_do_when_the_host_is_not_registered(ext: Browser) -> None:
    assert ext.profile is not None
    for manifest in (ext.profile / "NativeMessagingHosts").glob("*.json"):
        manifest.unlink()
    options = ext.context.new_page()
    options.goto(f"chrome-extension://{ext.extension_id}/options.html")
    options.wait_for_selector("#status[data-state=ok]")  # the pairing in force, tested at load
    options.click("#pair-native")
    options.wait_for_selector("#status[data-state=unpaired]")
    assert "tuumaustauko install-browser" in options.inner_text("#status")
    assert ext.worker.evaluate("() => chrome.storage.local.get('token').then(s => s.token)") == ext.service.token
