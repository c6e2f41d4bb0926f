"""The pairing token: made at first start, kept readable by the user only, overridable by the environment."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

TOKEN_ENV = "TUUMAUSTAUKO_TOKEN"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tuumaustauko"


def token_path() -> Path:
    return config_dir() / "token"


def _write_private(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def rotate_token(path: Path | None = None) -> str:
    value = secrets.token_urlsafe(32)
    _write_private(path or token_path(), value)
    return value


def read_or_create_token(path: Path | None = None) -> str:
    """The token in force: the environment's, else the file's (made on first use)."""
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    if from_env:
        return from_env
    path = path or token_path()
    try:
        value = path.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        value = ""
    return value or rotate_token(path)


class TokenStore:
    """Answers whether a presented token is the one in force; sees a rotated file at once."""

    def __init__(self, path: Path | None = None, fixed: str | None = None) -> None:
        self.path = path or token_path()
        self._fixed = fixed
        self._cached: tuple[float, str] | None = None

    def current(self) -> str:
        if self._fixed:
            return self._fixed
        from_env = os.environ.get(TOKEN_ENV, "").strip()
        if from_env:
            return from_env
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = -1
        if self._cached is None or self._cached[0] != mtime:
            value = read_or_create_token(self.path)
            self._cached = (self.path.stat().st_mtime_ns, value)
        return self._cached[1]

    def matches(self, presented: str) -> bool:
        expected = self.current().encode()
        return hmac.compare_digest(presented.encode(), expected)
