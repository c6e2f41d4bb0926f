"""Pairing without a terminal (issue 14): the native messaging host and `tuumaustauko install-browser`."""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import subprocess
from pathlib import Path

import pytest

from tuumaustauko import native_host
from tuumaustauko.cli import main
from tuumaustauko.native_host import (
    CHROME_ORIGIN,
    FIREFOX_EXTENSION_ID,
    HOST_NAME,
    MAX_MESSAGE_BYTES,
    read_message,
    write_message,
)
from tuumaustauko.pairing import read_or_create_token


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home and config directory of their own: nothing is written to the real ones."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.delenv("TUUMAUSTAUKO_TOKEN", raising=False)
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def frame(message: object) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack("=I", len(body)) + body


def run_host(launcher: Path, message: bytes, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "TUUMAUSTAUKO_TOKEN")}
    done = subprocess.run([str(launcher), *args], input=message, capture_output=True, timeout=60, env=env)
    return done.returncode, read_message(io.BytesIO(done.stdout))


def test_install_registers_the_host_for_our_extension_ids_only(home: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    code = main(["install-browser", "--user-data-dir", str(profile)], out=io.StringIO())
    assert code == 0
    chromium = [home / ".config/chromium", home / ".config/google-chrome", profile]
    for base in chromium:
        manifest = json.loads((base / "NativeMessagingHosts" / f"{HOST_NAME}.json").read_text())
        assert manifest["allowed_origins"] == [CHROME_ORIGIN] and "allowed_extensions" not in manifest
        assert manifest["type"] == "stdio" and manifest["name"] == HOST_NAME
    firefox = json.loads((home / ".mozilla/native-messaging-hosts" / f"{HOST_NAME}.json").read_text())
    assert firefox["allowed_extensions"] == [FIREFOX_EXTENSION_ID] and "allowed_origins" not in firefox
    launcher = Path(firefox["path"])
    assert launcher.is_absolute() and launcher.parent == home / ".config" / "tuumaustauko"
    assert stat.S_IMODE(launcher.stat().st_mode) == 0o700
    # a browser the user does not have gets nothing; one they have gets its manifest
    assert not (home / ".config/microsoft-edge").exists()
    (home / ".config/BraveSoftware/Brave-Browser").mkdir(parents=True)
    out = io.StringIO()
    assert main(["install-browser", "--quiet"], out=out) == 0
    assert (home / ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts" / f"{HOST_NAME}.json").exists()
    assert "Brave-Browser" in out.getvalue()


def test_install_a_second_time_changes_nothing_and_says_nothing_when_quiet(home: Path) -> None:
    main(["install-browser"], out=io.StringIO())
    out = io.StringIO()
    assert main(["install-browser", "--quiet"], out=out) == 0
    assert out.getvalue() == ""
    assert all(not changed for _, changed in native_host.install())


def test_the_host_hands_our_extension_the_token_and_the_port_and_exits(home: Path) -> None:
    main(["install-browser"], out=io.StringIO())
    token = read_or_create_token()
    native_host.write_served_port(8471)
    launcher = native_host.launcher_path()
    code, reply = run_host(launcher, frame({"type": "pair"}), CHROME_ORIGIN)
    assert code == 0 and reply == {"ok": True, "token": token, "port": 8471, "version": reply["version"]}
    code, reply = run_host(launcher, frame({"type": "pair"}), str(home / "x.json"), FIREFOX_EXTENSION_ID)
    assert code == 0 and reply["token"] == token


@pytest.mark.parametrize(
    ("message", "args"),
    [
        (frame({"type": "pair"}), ("chrome-extension://abcdefghijklmnopabcdefghijklmnop/",)),
        (frame({"type": "pair"}), ("/path/manifest.json", "someone-else@example.org")),
        (frame({"type": "pair"}), ()),
        (frame({"type": "check", "text": "a draft"}), (CHROME_ORIGIN,)),
        (frame(["pair"]), (CHROME_ORIGIN,)),
        (struct.pack("=I", MAX_MESSAGE_BYTES + 1) + b"{}", (CHROME_ORIGIN,)),
        (struct.pack("=I", 50) + b'{"type": "pa', (CHROME_ORIGIN,)),
        (frame("x")[:4] + b"\xff\xfe\xfd", (CHROME_ORIGIN,)),
        (b"", (CHROME_ORIGIN,)),
    ],
    ids=["other-chrome-extension", "other-firefox-extension", "no-caller", "other-request", "not-an-object",
         "too-long", "cut-short", "not-utf8", "nothing"],
)
def test_the_host_answers_nothing_but_our_extensions_pairing(home: Path, message: bytes, args: tuple[str, ...]) -> None:
    main(["install-browser"], out=io.StringIO())
    token = read_or_create_token()
    code, reply = run_host(native_host.launcher_path(), message, *args)
    assert code == 1 and reply["ok"] is False and reply["error"]
    assert token not in json.dumps(reply)


def test_messages_are_length_prefixed_json_in_the_machines_byte_order() -> None:
    sink = io.BytesIO()
    write_message(sink, {"ok": True})
    assert sink.getvalue() == struct.pack("=I", 12) + b'{"ok": true}'
    assert read_message(io.BytesIO(sink.getvalue())) == {"ok": True}


def test_serve_notes_its_port_for_the_host(home: Path) -> None:
    assert native_host.served_port() == 8470  # nothing noted yet: the default
    native_host.write_served_port(9001)
    assert native_host.served_port() == 9001
    native_host.port_path().write_text("not a port")
    assert native_host.served_port() == 8470
