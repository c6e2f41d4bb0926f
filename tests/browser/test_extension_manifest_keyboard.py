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
