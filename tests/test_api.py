"""The v1 contract through starlette's TestClient: every endpoint and every error."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from tuumaustauko import __version__
from tuumaustauko.api.app import create_app
from tuumaustauko.api.schemas import MAX_BODY_BYTES, MAX_TEXT_UTF16
from tuumaustauko.pairing import TokenStore

TOKEN = "test-token-0123456789"
PORT = 8470
HETU = "131052-308T"


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = create_app(port=PORT, tokens=TokenStore(fixed=TOKEN))
    return TestClient(app, base_url=f"http://127.0.0.1:{PORT}", raise_server_exceptions=False)


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def post_check(client: TestClient, body: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.post("/v1/check", json=body, headers=auth())
    return response.status_code, response.json()


def test_check_returns_the_contract_fields(client: TestClient) -> None:
    status, body = post_check(client, {"text": f"Hakijan henkilötunnus on {HETU}.", "lang": "fi"})
    assert status == 200
    assert set(body) >= {"lang", "mode", "hints", "stockmann"}
    assert body["lang"] == "fi" and body["mode"] == "hybrid"
    hint = next(h for h in body["hints"] if h["kind"] == "national_id")
    assert set(hint) >= {"id", "category", "kind", "severity", "rule", "start", "end", "message", "suggestion"}
    assert hint["category"] == "personal_data" and hint["severity"] == "critical"
    assert 1 <= hint["rule"] <= 10
    assert hint["id"] == f"pd-national_id-{hint['start']}-{hint['end']}"
    text = f"Hakijan henkilötunnus on {HETU}."
    assert text[hint["start"]:hint["end"]] == HETU
    assert hint["replacement"] == "[poistettu]"
    assert 0 <= body["stockmann"]["score"] <= 1
    assert body["stockmann"]["level"] in ("low", "medium", "high")
    assert isinstance(body["stockmann"]["reasons"], list)


def test_hint_without_replacement_leaves_the_field_out(client: TestClient) -> None:
    _, body = post_check(client, {"text": "Kiitos kaikille hienosta päivästä!", "lang": "fi", "mode": "private"})
    assert all("replacement" not in h or h["replacement"] is not None for h in body["hints"])


def test_clean_draft_gets_no_hints_and_a_low_score(client: TestClient) -> None:
    status, body = post_check(client, {"text": "Hyvää viikonloppua kaikille!", "mode": "private"})
    assert status == 200
    assert body["hints"] == []
    # The trained score is a calibrated chance: a draft with nothing in it is near the model's floor, not 0.
    assert body["stockmann"]["level"] == "low" and body["stockmann"]["reasons"] == []
    assert body["stockmann"]["score"] < 0.15


def test_offsets_are_utf16_code_units_after_emoji(client: TestClient) -> None:
    text = f"😀👍🏽 Hetu {HETU}"
    _, body = post_check(client, {"text": text, "lang": "fi"})
    hint = next(h for h in body["hints"] if h["kind"] == "national_id")
    utf16 = text.encode("utf-16-le")
    assert utf16[hint["start"] * 2:hint["end"] * 2].decode("utf-16-le") == HETU
    assert hint["start"] == text.index(HETU) + 3  # three astral characters before it, each two units


def test_language_hint_wins_and_is_detected_otherwise(client: TestClient) -> None:
    _, body = post_check(client, {"text": "Tack för en fin dag på jobbet idag, vi ses imorgon!", "mode": "private"})
    assert body["lang"] == "sv"
    _, body = post_check(client, {"text": "Tack för en fin dag på jobbet idag!", "lang": "en", "mode": "private"})
    assert body["lang"] == "en"


def test_mode_and_pack_are_echoed(client: TestClient) -> None:
    _, body = post_check(client, {"text": "Hei", "mode": "official", "pack": "lvm"})
    assert body["mode"] == "official" and body["pack"] == "lvm"


def test_unknown_fields_are_ignored(client: TestClient) -> None:
    status, _ = post_check(client, {"text": "Hei", "future_field": 1})
    assert status == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": 12},
        {"text": None},
        {"text": "hei", "mode": "loud"},
        {"text": "hei", "lang": "de"},
        {"text": "hei", "previous_text": ["x"]},
        {"text": "hei", "platform": 5},
        [],
        "just a string",
    ],
)
def test_invalid_request_is_422_without_echoing_input(client: TestClient, body: object) -> None:
    status, answer = post_check(client, body)
    assert status == 422
    assert answer["error"]["code"] == "invalid_request"
    assert "loud" not in json.dumps(answer)


def test_unknown_pack_is_422(client: TestClient) -> None:
    status, answer = post_check(client, {"text": "hei", "pack": "no-such-pack"})
    assert status == 422 and answer["error"]["code"] == "unknown_pack"


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{"text": "secret draft', headers={
        **auth(), "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"
    assert "secret draft" not in response.text


def test_invalid_utf8_is_400(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{"text": "\xff\xfe"}', headers={
        **auth(), "Content-Type": "application/json"})
    assert response.status_code == 400


NOT_JSON = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]


@pytest.mark.parametrize("content_type", NOT_JSON)
def test_body_that_is_not_json_is_415(client: TestClient, content_type: str | None) -> None:
    headers = auth() if content_type is None else {**auth(), "Content-Type": content_type}
    response = client.post("/v1/check", content=b'{"text": "hei"}', headers=headers)
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_json_content_type_with_charset_is_accepted(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{"text": "hei"}', headers={
        **auth(), "Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 200


def test_text_over_the_limit_is_413_and_at_the_limit_is_answered(client: TestClient) -> None:
    at_limit = "a" * (MAX_TEXT_UTF16 - 2) + "😀"
    status, _ = post_check(client, {"text": at_limit, "lang": "fi"})
    assert status == 200
    status, answer = post_check(client, {"text": at_limit + "a", "lang": "fi"})
    assert status == 413 and answer["error"]["code"] == "text_too_long"


def test_previous_text_over_the_limit_is_413(client: TestClient) -> None:
    status, _ = post_check(client, {"text": "hei", "previous_text": "b" * (MAX_TEXT_UTF16 + 1)})
    assert status == 413


def test_body_over_256_kib_is_413(client: TestClient) -> None:
    body = json.dumps({"text": "hei", "padding": "x" * MAX_BODY_BYTES}).encode()
    response = client.post("/v1/check", content=body, headers={**auth(), "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_rules_list_all_ten_in_each_language(client: TestClient) -> None:
    for lang in ("fi", "sv", "en"):
        response = client.get(f"/v1/rules?lang={lang}", headers=auth())
        assert response.status_code == 200
        rules = response.json()
        assert [r["id"] for r in rules] == list(range(1, 11))
        assert all(r["title"] and r["text"] and r["source"] for r in rules)
    fi = client.get("/v1/rules", headers=auth()).json()
    en = client.get("/v1/rules?lang=en", headers=auth()).json()
    assert fi[0]["text"] != en[0]["text"]


def test_one_rule_by_number(client: TestClient) -> None:
    response = client.get("/v1/rules/8?lang=sv", headers=auth())
    assert response.status_code == 200
    assert response.json()["id"] == 8


@pytest.mark.parametrize("path", ["/v1/rules/0", "/v1/rules/11", "/v1/rules/abc", "/v1/nothing"])
def test_unknown_rule_or_path_is_404_json(client: TestClient, path: str) -> None:
    response = client.get(path, headers=auth())
    assert response.status_code == 404
    assert response.json()["error"]["code"] in ("unknown_rule", "not_found")


def test_unknown_rule_language_is_422(client: TestClient) -> None:
    assert client.get("/v1/rules?lang=de", headers=auth()).status_code == 422


def test_wrong_method_is_405_json(client: TestClient) -> None:
    response = client.get("/v1/check", headers=auth())
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_packs_lists_the_default_and_a_second_pack(client: TestClient) -> None:
    response = client.get("/v1/packs", headers=auth())
    assert response.status_code == 200
    packs = {p["id"]: p for p in response.json()}
    assert "lvm" in packs and len(packs) >= 2
    assert set(packs["lvm"]["languages"]) == {"fi", "sv", "en"}
    assert packs["lvm"]["name"]["fi"]


def test_health_needs_no_token_and_tells_only_status_version_the_meaning_layer_and_morphology(
        client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    # Voikko is installed by `make install` (libvoikko1, voikko-fi and the binding).
    assert response.json() == {"status": "ok", "version": __version__, "meaning": "ready",
                               "morphology": {"fi": "voikko"}}


def test_openapi_describes_every_endpoint_from_the_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/v1/check", "/v1/rules", "/v1/rules/{n}", "/v1/packs", "/health"}
    schemas = spec["components"]["schemas"]
    assert set(schemas["CheckRequest"]["properties"]) >= {"text", "mode", "lang", "platform", "previous_text", "pack"}
    assert schemas["CheckRequest"]["required"] == ["text"]
    assert set(schemas["HintOut"]["properties"]) >= {"id", "category", "kind", "severity", "rule", "start", "end"}


def test_a_failing_detector_costs_only_its_own_hints(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from tuumaustauko.detectors import Detector, all_detectors

    def broken(draft: object) -> list:  # type: ignore[type-arg]
        raise RuntimeError("boom")

    detectors = (Detector("broken", broken), *all_detectors())
    monkeypatch.setattr("tuumaustauko.advisor.all_detectors", lambda: detectors)
    status, body = post_check(client, {"text": f"Hetu {HETU}", "lang": "fi"})
    assert status == 200
    assert any(h["kind"] == "national_id" for h in body["hints"])


def test_an_unexpected_failure_is_a_4xx_never_a_500(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("tuumaustauko.api.app.check", explode)
    response = client.post("/v1/check", json={"text": "hei"}, headers=auth())
    assert 400 <= response.status_code < 500
    assert response.json()["error"]["code"] == "unprocessable"


def test_half_a_surrogate_pair_from_the_browser_is_answered(client: TestClient) -> None:
    body = b'{"text": "\\ud83d 131052-308T \\udc4d", "lang": "fi"}'
    response = client.post("/v1/check", content=body, headers={**auth(), "Content-Type": "application/json"})
    assert response.status_code == 200
    hint = next(h for h in response.json()["hints"] if h["kind"] == "national_id")
    assert (hint["start"], hint["end"]) == (2, 13)


def test_a_quick_start_reads_the_other_languages_in_the_background_and_answers_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from tuumaustauko.api import app as app_module

    started: list[threading.Thread] = []
    real = app_module.load_other_languages_ahead
    monkeypatch.setattr(app_module, "load_other_languages_ahead",
                        lambda first_answer: started.append(real(first_answer)) or started[-1])
    app = create_app(port=PORT, tokens=TokenStore(fixed=TOKEN), warm_every_language=False)
    assert started == []  # nothing runs beside the app before it serves (a fork may come first)
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as quick:
        assert len(started) == 1
        for lang, text in (("sv", "Mitt personnummer är 811218-9876."), ("en", "My card is 4111 1111 1111 1111.")):
            response = quick.post("/v1/check", json={"text": text, "lang": lang}, headers=auth())
            assert response.status_code == 200
            assert [h["severity"] for h in response.json()["hints"]][:1] == ["critical"]
        started[0].join(timeout=30)
        assert not started[0].is_alive()
