"""Who may call the service: Host, Origin, CORS preflight and the token (API.md, "Who may call it")."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tuumaustauko.api.app import create_app
from tuumaustauko.pairing import TokenStore, rotate_token

TOKEN = "caller-test-token-abcdef"
PORT = 8470
BASE = f"http://127.0.0.1:{PORT}"
DRAFT = {"text": "Hetu 131052-308T", "lang": "fi"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(port=PORT, tokens=TokenStore(fixed=TOKEN)), base_url=BASE)


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"])
def test_loopback_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.post("/v1/check", json=DRAFT, headers={**bearer(), "Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example:8470", "127.0.0.1", "127.0.0.1:8471", "localhost.evil.example:8470", "", "0.0.0.0:8470"]
)
def test_foreign_host_is_403_even_with_the_token(client: TestClient, host: str) -> None:
    response = client.post("/v1/check", json=DRAFT, headers={**bearer(), "Host": host})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden_host"
    assert "hints" not in response.text


def test_dns_rebinding_cannot_read_health_either(client: TestClient) -> None:
    assert client.get("/health", headers={"Host": "attacker.example:8470"}).status_code == 403


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:9999", "null", "http://localhost:8470",
                                    "file://"])
def test_web_page_origin_is_403_even_with_the_token(client: TestClient, origin: str) -> None:
    response = client.post("/v1/check", json=DRAFT, headers={**bearer(), "Origin": origin})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden_origin"
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("origin", ["chrome-extension://abcdefghijklmnop", "moz-extension://1234-5678"])
def test_extension_origin_with_token_is_served_with_cors(client: TestClient, origin: str) -> None:
    response = client.post("/v1/check", json=DRAFT, headers={**bearer(), "Origin": origin})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert response.json()["hints"]


def test_extension_origin_without_token_is_401(client: TestClient) -> None:
    response = client.post("/v1/check", json=DRAFT, headers={"Origin": "chrome-extension://abc"})
    assert response.status_code == 401


def test_preflight_is_answered_for_extension_origins_only(client: TestClient) -> None:
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type"}
    ok = client.options("/v1/check", headers={**ask, "Origin": "chrome-extension://abc",
                                               "Access-Control-Request-Private-Network": "true"})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "chrome-extension://abc"
    assert "authorization" in ok.headers["access-control-allow-headers"]
    assert ok.headers["access-control-allow-private-network"] == "true"
    web = client.options("/v1/check", headers={**ask, "Origin": "https://evil.example"})
    assert web.status_code == 403
    assert "access-control-allow-origin" not in web.headers


@pytest.mark.parametrize("headers", [{}, bearer("wrong"), {"Authorization": TOKEN}, {"Authorization": "Bearer "},
                                     {"Authorization": f"Basic {TOKEN}"}, bearer(TOKEN + "x"), bearer(TOKEN[:-1])])
def test_missing_or_wrong_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    for method, path in (("POST", "/v1/check"), ("GET", "/v1/rules"), ("GET", "/v1/rules/1"), ("GET", "/v1/packs")):
        response = client.request(method, path, json=DRAFT if method == "POST" else None, headers=headers)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["code"] == "unauthorized"


def test_token_is_checked_before_the_body_is_read(client: TestClient) -> None:
    response = client.post("/v1/check", content=b"not json", headers={"Content-Type": "text/plain"})
    assert response.status_code == 401


def test_rotated_token_file_takes_effect_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUUMAUSTAUKO_TOKEN", raising=False)
    path = tmp_path / "token"
    old = rotate_token(path)
    client = TestClient(create_app(port=PORT, tokens=TokenStore(path)), base_url=BASE)
    assert client.get("/v1/packs", headers=bearer(old)).status_code == 200
    new = rotate_token(path)
    assert client.get("/v1/packs", headers=bearer(old)).status_code == 401
    assert client.get("/v1/packs", headers=bearer(new)).status_code == 200


def test_environment_token_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "token"
    from_file = rotate_token(path)
    monkeypatch.setenv("TUUMAUSTAUKO_TOKEN", "from-the-environment")
    client = TestClient(create_app(port=PORT, tokens=TokenStore(path)), base_url=BASE)
    assert client.get("/v1/packs", headers=bearer("from-the-environment")).status_code == 200
    assert client.get("/v1/packs", headers=bearer(from_file)).status_code == 401


def test_the_port_the_service_runs_on_is_the_one_the_host_check_expects() -> None:
    client = TestClient(create_app(port=9123, tokens=TokenStore(fixed=TOKEN)), base_url="http://127.0.0.1:9123")
    assert client.get("/health").status_code == 200
    assert client.get("/health", headers={"Host": f"127.0.0.1:{PORT}"}).status_code == 403
