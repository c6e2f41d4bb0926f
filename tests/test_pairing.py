"""The pairing token: made once, private to the user, rotated on request, overridden by the environment."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tuumaustauko.pairing import TokenStore, config_dir, read_or_create_token, rotate_token, token_path


def test_token_is_made_at_first_use_readable_by_the_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUUMAUSTAUKO_TOKEN", raising=False)
    path = tmp_path / "conf" / "tuumaustauko" / "token"
    token = read_or_create_token(path)
    assert len(token) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_or_create_token(path) == token


def test_rotation_makes_a_different_private_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUUMAUSTAUKO_TOKEN", raising=False)
    path = tmp_path / "token"
    first = read_or_create_token(path)
    second = rotate_token(path)
    assert first != second
    assert read_or_create_token(path) == second
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_token_lives_in_the_users_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "tuumaustauko"
    assert token_path() == tmp_path / "tuumaustauko" / "token"


def test_store_compares_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUUMAUSTAUKO_TOKEN", raising=False)
    store = TokenStore(tmp_path / "token")
    token = store.current()
    assert store.matches(token)
    assert not store.matches(token + "x")
    assert not store.matches("")
