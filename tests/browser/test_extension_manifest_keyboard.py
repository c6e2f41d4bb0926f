"""The build declares the keyboard command in both browsers, and the extension's copy of the kinds that are
never allowed is the service's (issue 14)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from browserkit import ROOT

from tuumaustauko.allowances import MAX_ENTRIES, MAX_TEXT, never_allowed


def test_both_builds_declare_the_next_hint_command_on_alt_shift_h(extension_dir: Path) -> None:
    for browser in ("chrome", "firefox"):
        manifest = json.loads((extension_dir.parent / browser / "manifest.json").read_text(encoding="utf-8"))
        command = manifest["commands"]["next-hint"]
        assert command["suggested_key"] == {"default": "Alt+Shift+H"}
        assert command["description"]


def test_the_extension_offers_to_allow_only_what_the_service_would_apply() -> None:
    shared = (ROOT / "extension" / "src" / "shared.js").read_text(encoding="utf-8")
    kinds = re.search(r"const NEVER_ALLOWED = \[([^\]]*)\]", shared)
    assert kinds and set(re.findall(r'"(\w+)"', kinds.group(1))) == never_allowed()
    assert re.search(rf"const ALLOW_MAX = {MAX_ENTRIES};", shared)
    assert re.search(rf"const ALLOW_MAX_TEXT = {MAX_TEXT};", shared)


def test_both_builds_may_talk_to_the_pairing_host_that_install_browser_registers(extension_dir: Path) -> None:
    from tuumaustauko.native_host import CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID, HOST_NAME

    firefox = json.loads((extension_dir.parent / "firefox" / "manifest.json").read_text(encoding="utf-8"))
    chrome = json.loads((extension_dir.parent / "chrome" / "manifest.json").read_text(encoding="utf-8"))
    assert "nativeMessaging" in chrome["permissions"] and "nativeMessaging" in firefox["permissions"]
    assert firefox["browser_specific_settings"]["gecko"]["id"] == FIREFOX_EXTENSION_ID
    assert CHROME_EXTENSION_ID == "jafbekhgnjclhcidkfgcopipcffknnbl"  # the manifest key's id (test_extension_build)
    shared = (ROOT / "extension" / "src" / "shared.js").read_text(encoding="utf-8")
    assert f'const NATIVE_HOST = "{HOST_NAME}";' in shared
