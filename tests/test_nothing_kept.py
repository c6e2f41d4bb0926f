"""Nothing is kept: with the most verbose logging, no draft reaches stdout, stderr or any file."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2

from tests.service import running_service

SENTINELS = ["Sentinelli-7f3a9c", "Sentinel-Q8Zk2w", "Vaktpost-ÅÄÖ-51b"]


def _files_containing(root: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found.extend(f"{path}: {n!r}" for n in needles if n in data)
    return found


def test_no_sentinel_draft_appears_in_output_or_files(tmp_path: Path) -> None:
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {"HOME": str(home), "TMPDIR": str(temp), "XDG_CONFIG_HOME": "", "PYTHONDONTWRITEBYTECODE": "1"}
    with running_service(env, log_level="debug") as service:
        base, auth = service.base, service.headers()
        json_headers = {**auth, "Content-Type": "application/json"}
        for sentinel in SENTINELS:
            draft = f"{sentinel} hetu 131052-308T, salasana: {sentinel}! TL IV {sentinel}"
            assert httpx2.post(f"{base}/v1/check", json={"text": draft}, headers=auth, timeout=30).status_code == 200
            assert httpx2.post(f"{base}/v1/check", json={"text": draft, "previous_text": sentinel, "mode": "official"},
                               headers=auth, timeout=30).status_code == 200
            assert httpx2.post(f"{base}/v1/check", json={"text": draft, "mode": sentinel},
                               headers=auth).status_code == 422
            assert httpx2.post(f"{base}/v1/check", json={"text": [sentinel]}, headers=auth).status_code == 422
            assert httpx2.post(f"{base}/v1/check", content=f'{{"text": "{sentinel}', headers=json_headers
                               ).status_code == 400
            assert httpx2.post(f"{base}/v1/check", json={"text": sentinel * 3000}, headers=auth).status_code == 413
            assert httpx2.post(f"{base}/v1/check", content=sentinel, headers={**auth, "Content-Type": "text/plain"}
                               ).status_code == 415
            assert httpx2.post(f"{base}/v1/check", json={"text": sentinel}).status_code == 401
            assert httpx2.post(f"{base}/v1/check", json={"text": sentinel}, headers={**auth, "Origin": "https://x.example"}
                               ).status_code == 403
            assert httpx2.get(f"{base}/v1/rules/{sentinel}", headers=auth).status_code == 404
    stdout, stderr = service.process.communicate(timeout=15)
    assert "GET /health" in stderr or "GET /health" in stdout  # debug logging was on and was read
    needles = [s.encode() for s in SENTINELS] + [json.dumps(s).strip('"').encode() for s in SENTINELS]
    for stream in (stdout, stderr):
        for sentinel in SENTINELS:
            if sentinel in stream:
                # a path may appear in the access log for the 404 probe, a body never does
                assert all(f"/v1/rules/{sentinel}" in line for line in stream.splitlines() if sentinel in line)
    assert _files_containing(home, needles) == []
    assert _files_containing(temp, needles) == []
    token_file = home / ".config" / "tuumaustauko" / "token"
    assert not token_file.exists() or token_file.stat().st_mode & 0o077 == 0
