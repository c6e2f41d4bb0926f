"""Pairing without a terminal: a native messaging host that hands our extension the token and the port.

Password managers pair their extensions with a local program this way (KeePassXC-Browser, 1Password).
`tuumaustauko install-browser` registers the host with Chrome/Chromium (and the browsers built on it)
and Firefox, for our extension's id only: the browser starts the host for no one else, and the host
itself refuses any other caller. The host reads one message, answers it, and exits. It answers
``{"type": "pair"}`` with ``{"ok": true, "token": …, "port": …, "version": …}`` and anything else
with ``{"ok": false, "error": …}``; it never reads or keeps anything else.

A message is four bytes of length in the machine's byte order, then that many bytes of UTF-8 JSON
(https://developer.chrome.com/docs/extensions/develop/concepts/native-messaging).
"""

from __future__ import annotations

import json
import os
import shlex
import struct
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from . import __version__
from .pairing import config_dir, read_or_create_token

HOST_NAME = "fi.tuumaustauko.pairing"
CHROME_EXTENSION_ID = "jafbekhgnjclhcidkfgcopipcffknnbl"  # fixed by the manifest's key
CHROME_ORIGIN = f"chrome-extension://{CHROME_EXTENSION_ID}/"
FIREFOX_EXTENSION_ID = "tuumaustauko@tuumaustauko.invalid"  # browser_specific_settings.gecko.id
DEFAULT_PORT = 8470
MAX_MESSAGE_BYTES = 4096  # a pairing request is a few bytes; anything larger is not one
DESCRIPTION = "Tuumaustauko: hands the extension the pairing token of the service on this computer"

# Where each browser looks for a user's hosts, relative to the home directory (Linux, macOS).
CHROMIUM_HOST_DIRS = {
    "linux": (".config/chromium", ".config/google-chrome", ".config/google-chrome-beta",
              ".config/microsoft-edge", ".config/BraveSoftware/Brave-Browser", ".config/vivaldi"),
    "darwin": ("Library/Application Support/Chromium", "Library/Application Support/Google/Chrome",
               "Library/Application Support/Microsoft Edge",
               "Library/Application Support/BraveSoftware/Brave-Browser"),
}
ALWAYS_CHROMIUM = {"linux": (".config/chromium", ".config/google-chrome"),
                   "darwin": ("Library/Application Support/Chromium", "Library/Application Support/Google/Chrome")}
FIREFOX_HOST_DIR = {"linux": ".mozilla/native-messaging-hosts",
                    "darwin": "Library/Application Support/Mozilla/NativeMessagingHosts"}


class NativeMessageError(ValueError):
    """A message the host does not read (too long, cut short, not a JSON object)."""


# ---------------------------------------------------------------- the port the service answers on


def port_path() -> Path:
    return config_dir() / "port"


def write_served_port(port: int) -> None:
    """`serve` notes its port beside the token, for the host to hand on (a port is no secret)."""
    path = port_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name("port.new")
    tmp.write_text(f"{port}\n", encoding="ascii")
    os.replace(tmp, path)


def served_port() -> int:
    try:
        value = int(port_path().read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return DEFAULT_PORT
    return value if 0 < value < 65536 else DEFAULT_PORT


# ---------------------------------------------------------------- the protocol


def read_message(stream: BinaryIO) -> Any:
    header = stream.read(4)
    if len(header) != 4:
        raise NativeMessageError("no message")
    (length,) = struct.unpack("=I", header)
    if length > MAX_MESSAGE_BYTES:
        raise NativeMessageError("message too long")
    body = stream.read(length)
    if len(body) != length:
        raise NativeMessageError("message cut short")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NativeMessageError("not JSON") from None


def write_message(stream: BinaryIO, message: dict[str, Any]) -> None:
    body = json.dumps(message).encode("utf-8")
    stream.write(struct.pack("=I", len(body)) + body)
    stream.flush()


def caller_of(argv: Sequence[str]) -> str | None:
    """Who started the host: Chrome passes the extension's origin as the first argument, Firefox the
    host manifest's path and then the extension's id."""
    for arg in argv:
        if arg.startswith("chrome-extension://"):
            return arg
    return argv[1] if len(argv) >= 2 else None


def is_ours(caller: str | None) -> bool:
    return caller in (CHROME_ORIGIN, CHROME_ORIGIN.rstrip("/"), FIREFOX_EXTENSION_ID)


def answer(message: Any, caller: str | None) -> dict[str, Any]:
    if not is_ours(caller):
        return {"ok": False, "error": "This host pairs the Tuumaustauko extension only."}
    if not isinstance(message, dict) or message.get("type") != "pair":
        return {"ok": False, "error": 'This host answers only {"type": "pair"}.'}
    return {"ok": True, "token": read_or_create_token(), "port": served_port(), "version": __version__}


def main(argv: Sequence[str] | None = None, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
    """One message in, one answer out, then exit."""
    args = list(sys.argv[1:] if argv is None else argv)
    source = stdin or sys.stdin.buffer
    sink = stdout or sys.stdout.buffer
    try:
        message = read_message(source)
    except NativeMessageError as exc:
        write_message(sink, {"ok": False, "error": f"Unreadable message: {exc}."})
        return 1
    reply = answer(message, caller_of(args))
    write_message(sink, reply)
    return 0 if reply["ok"] else 1


# ---------------------------------------------------------------- registering the host


def launcher_path() -> Path:
    return config_dir() / "native-host"


def _launcher_text() -> str:
    """A script that runs this package's host with this Python, reading the token from the config
    directory of whoever installed it (the browser starts it with its own environment)."""
    package_root = Path(__file__).resolve().parents[1]
    config_base = config_dir().parent
    return (
        "#!/bin/sh\n"
        "# Tuumaustauko's native messaging host (tuumaustauko install-browser): hands the extension\n"
        "# the pairing token and port, then exits.\n"
        f"XDG_CONFIG_HOME={shlex.quote(str(config_base))}; export XDG_CONFIG_HOME\n"
        f"PYTHONPATH={shlex.quote(str(package_root))}${{PYTHONPATH:+:$PYTHONPATH}}; export PYTHONPATH\n"
        f"exec {shlex.quote(sys.executable)} -m tuumaustauko.native_host \"$@\"\n"
    )


def chrome_manifest(launcher: Path) -> dict[str, Any]:
    return {"name": HOST_NAME, "description": DESCRIPTION, "path": str(launcher), "type": "stdio",
            "allowed_origins": [CHROME_ORIGIN]}


def firefox_manifest(launcher: Path) -> dict[str, Any]:
    return {"name": HOST_NAME, "description": DESCRIPTION, "path": str(launcher), "type": "stdio",
            "allowed_extensions": [FIREFOX_EXTENSION_ID]}


def _write_if_changed(path: Path, text: str, mode: int) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text and (path.stat().st_mode & 0o777) == mode:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    return True


def host_manifest_paths(home: Path | None = None, user_data_dirs: Sequence[Path] = (),
                        platform: str | None = None) -> tuple[list[Path], list[Path]]:
    """Where the Chromium-family and Firefox manifests go: each known browser's user directory that
    exists (Chromium's and Chrome's always), and each ``user_data_dirs`` (a profile started with
    --user-data-dir, which Chromium searches instead)."""
    home = home or Path.home()
    system = "darwin" if (platform or sys.platform) == "darwin" else "linux"
    chromium = [home / d / "NativeMessagingHosts" for d in CHROMIUM_HOST_DIRS[system]
                if d in ALWAYS_CHROMIUM[system] or (home / d).is_dir()]
    chromium += [Path(d) / "NativeMessagingHosts" for d in user_data_dirs]
    firefox = [home / FIREFOX_HOST_DIR[system]]
    return ([p / f"{HOST_NAME}.json" for p in chromium], [p / f"{HOST_NAME}.json" for p in firefox])


def install(user_data_dirs: Sequence[Path] = (), home: Path | None = None) -> list[tuple[Path, bool]]:
    """Registers the host for this user; returns each file written and whether it changed.
    Idempotent: a second run changes nothing."""
    launcher = launcher_path()
    written = [(launcher, _write_if_changed(launcher, _launcher_text(), 0o700))]
    chromium, firefox = host_manifest_paths(home, user_data_dirs)
    for path in chromium:
        written.append((path, _write_if_changed(path, json.dumps(chrome_manifest(launcher), indent=2) + "\n", 0o644)))
    for path in firefox:
        written.append((path, _write_if_changed(path, json.dumps(firefox_manifest(launcher), indent=2) + "\n", 0o644)))
    return written


if __name__ == "__main__":
    raise SystemExit(main())
