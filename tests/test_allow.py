"""The writer's own allowances ("always allow this", issue 14): POST /v1/check's `allow`, the package
that applies it, and `tuumaustauko check --allow FILE`. In fi, sv and en."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tuumaustauko.advisor import check
from tuumaustauko.allowances import (
    MAX_ENTRIES,
    MAX_TEXT,
    AllowanceError,
    Allowances,
    never_allowed,
    normalise,
    read_allow_lines,
)
from tuumaustauko.api.app import create_app
from tuumaustauko.cli import main
from tuumaustauko.pairing import TokenStore

TOKEN = "test-token-allow-0123456789"
PORT = 8470

# (lang, draft, the allowed span, its kind, the hints the draft has besides it)
DRAFTS = {
    "fi": ("Soita minulle numeroon 040 123 4567. Hetuni on 131052-308T.", "040 123 4567", "phone",
           {("national_id", "131052-308T")}),
    "sv": ("Ring mig på 070-123 45 67 eller mejla anna.lind@example.se, tack!", "070-123 45 67", "phone",
           {("email", "anna.lind@example.se")}),
    "en": ("Call our desk on +44 20 7946 0958 or email jane.smith@example.co.uk today.", "jane.smith@example.co.uk",
           "email", {("phone", "+44 20 7946 0958")}),
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = create_app(port=PORT, tokens=TokenStore(fixed=TOKEN))
    return TestClient(app, base_url=f"http://127.0.0.1:{PORT}", raise_server_exceptions=False)


def post(client: TestClient, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/check", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    return response.status_code, response.json()


def read_whole(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    """The answer once the meaning layer has read the whole draft: while it is loading, or has
    read part of it within a check's time, the same draft may get other hints in the next check
    (a head reads each sentence with the mean of the sentences read so far)."""
    for _ in range(100):
        status, answer = post(client, body)
        assert status == 200
        if answer.get("analysis", {}).get("read") == 1.0:
            return answer
    raise AssertionError(f"the meaning layer never read the whole draft: {answer.get('analysis')}")


def spans(text: str, body: dict[str, Any]) -> set[tuple[str, str]]:
    return {(h["kind"], text[h["start"]:h["end"]]) for h in body["hints"]}


# ---------------------------------------------------------------- over HTTP


@pytest.mark.parametrize("lang", list(DRAFTS))
def test_allow_drops_exactly_the_allowed_hint_and_leaves_every_other_as_it_was(client: TestClient, lang: str) -> None:
    text, allowed, kind, others = DRAFTS[lang]
    plain = read_whole(client, {"text": text, "lang": lang})
    assert spans(text, plain) == {(kind, allowed)} | others
    status, body = post(client, {"text": text, "lang": lang, "allow": [{"kind": kind, "text": allowed}]})
    assert status == 200
    assert spans(text, body) == others
    assert body["hints"] == [h for h in plain["hints"] if h["kind"] != kind]  # the others, id for id
    assert body["allowed"] == 1 and plain["allowed"] == 0


@pytest.mark.parametrize("lang", list(DRAFTS))
def test_allow_ignores_case_and_runs_of_white_space_but_not_other_characters(client: TestClient, lang: str) -> None:
    text, allowed, kind, others = DRAFTS[lang]
    loose = "  " + allowed.upper().replace(" ", " \t ") + " "
    _, body = post(client, {"text": text, "lang": lang, "allow": [{"kind": kind, "text": loose}]})
    assert spans(text, body) == others
    other_text = allowed[:-1] + ("8" if allowed[-1] != "8" else "7")
    _, body = post(client, {"text": text, "lang": lang, "allow": [{"kind": kind, "text": other_text}]})
    assert (kind, allowed) in spans(text, body)


def test_allow_applies_to_its_own_kind_only(client: TestClient) -> None:
    text, allowed, kind, _ = DRAFTS["sv"]
    _, body = post(client, {"text": text, "lang": "sv", "allow": [{"kind": "email", "text": allowed}]})
    assert (kind, allowed) in spans(text, body) and body["allowed"] == 0


def test_an_allowed_number_leaves_another_number_in_the_same_draft_flagged(client: TestClient) -> None:
    text = "Call +44 20 7946 0958 or +44 20 7946 0959 today, we are open till five."
    _, body = post(client, {"text": text, "lang": "en", "allow": [{"kind": "phone", "text": "+44 20 7946 0958"}]})
    assert spans(text, body) == {("phone", "+44 20 7946 0959")}


@pytest.mark.parametrize(
    ("lang", "text", "kind", "span"),
    [
        ("fi", "Hetuni on 131052-308T, soittakaa.", "national_id", "131052-308T"),
        ("fi", "Muistio on luokiteltu TL IV -tasolle, älkää jakako.", "classification", "TL IV"),
        ("sv", "Mitt personnummer är 811218-9876, ring mig.", "national_id", "811218-9876"),
        ("en", "My card is 4111 1111 1111 1111, charge it.", "payment_card", "4111 1111 1111 1111"),
    ],
)
def test_a_critical_hint_is_never_allowed(client: TestClient, lang: str, text: str, kind: str, span: str) -> None:
    _, body = post(client, {"text": text, "lang": lang, "allow": [{"kind": kind, "text": span}]})
    hint = next(h for h in body["hints"] if h["kind"] == kind)
    assert hint["severity"] == "critical" and text[hint["start"]:hint["end"]] == span
    assert body["allowed"] == 0


def test_a_never_allowed_kind_stays_even_when_its_hint_is_a_warning(client: TestClient) -> None:
    text = "Liitteenä muistio, TLP:GREEN, jakakaa vapaasti yhteisössä."
    _, body = post(client, {"text": text, "lang": "fi", "allow": [{"kind": "classification", "text": "tlp:green"}]})
    hint = next(h for h in body["hints"] if h["kind"] == "classification")
    assert hint["severity"] == "warning"
    assert "classification" in never_allowed()


def test_an_allowed_hint_does_not_raise_the_stockmann_score(client: TestClient) -> None:
    text = "Ring mig på 070-123 45 67, tack!"
    _, plain = post(client, {"text": text, "lang": "sv", "mode": "private"})
    _, body = post(client, {"text": text, "lang": "sv", "mode": "private",
                            "allow": [{"kind": "phone", "text": "070-123 45 67"}]})
    assert plain["stockmann"]["level"] == "medium" and body["hints"] == []
    assert body["stockmann"]["level"] == "low" and body["stockmann"]["reasons"] == []
    assert body["stockmann"]["score"] < plain["stockmann"]["score"]


def test_five_hundred_allowances_are_accepted(client: TestClient) -> None:
    text, allowed, kind, others = DRAFTS["fi"]
    allow = [{"kind": "phone", "text": f"040 000 {n:04d}"} for n in range(MAX_ENTRIES - 1)]
    allow.append({"kind": kind, "text": allowed})
    status, body = post(client, {"text": text, "lang": "fi", "allow": allow})
    assert status == 200 and spans(text, body) == others


SECRET = "my-private-allowance-text"


@pytest.mark.parametrize(
    "allow",
    [
        "phone",
        {"kind": "phone", "text": SECRET},
        [{"kind": "phone"}],
        [{"text": SECRET}],
        [{"kind": 7, "text": SECRET}],
        [{"kind": "phone", "text": 4567}],
        [{"kind": "phone", "text": ""}],
        [{"kind": "", "text": SECRET}],
        [{"kind": "phone", "text": SECRET + "x" * (MAX_TEXT + 1 - len(SECRET))}],
        [{"kind": "phone", "text": SECRET}] * (MAX_ENTRIES + 1),
        [[  "phone", SECRET]],
        [None],
    ],
    ids=["string", "object", "no-text", "no-kind", "kind-number", "text-number", "text-empty", "kind-empty",
         "text-201", "501-entries", "pair-list", "null-entry"],
)
def test_a_malformed_allow_is_a_422_that_says_what_allow_must_be(client: TestClient, allow: object) -> None:
    status, body = post(client, {"text": "Soita 040 123 4567.", "allow": allow})
    assert status == 422
    assert body["error"]["code"] == "invalid_allow"
    assert "'allow' must be a list of at most 500" in body["error"]["message"]
    assert SECRET not in str(body)  # the writer's allowance is never echoed


def test_an_allowance_of_white_space_alone_is_a_422(client: TestClient) -> None:
    status, body = post(client, {"text": "Soita 040 123 4567.", "allow": [{"kind": "phone", "text": " \t "}]})
    assert status == 422 and body["error"]["code"] == "invalid_allow"
    assert "Allowance 1: the text must not be empty." in body["error"]["message"]


def test_openapi_documents_allow_and_allowed(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    request = doc["components"]["schemas"]["CheckRequest"]["properties"]["allow"]
    assert "maxItems" in str(request) and str(MAX_ENTRIES) in str(request)
    assert doc["components"]["schemas"]["AllowIn"]["properties"]["text"]["maxLength"] == MAX_TEXT
    assert "allowed" in doc["components"]["schemas"]["CheckResponse"]["properties"]


# ---------------------------------------------------------------- the package, without HTTP


def test_normalise_folds_case_and_runs_of_white_space() -> None:
    assert normalise("  Press@Ministry.FI ") == "press@ministry.fi"
    assert normalise("040\t123   4567") == "040 123 4567"
    assert normalise("Straße") == normalise("STRASSE")


def test_the_advisor_takes_allowances_without_http() -> None:
    text, allowed, kind, others = DRAFTS["en"]
    advice = check(text, lang="en", meaning=False, allow=Allowances.of([(kind, allowed)]))
    assert {(h.kind, text[h.start:h.end]) for h in advice.hints} == others
    assert advice.allowed == 1


def test_allowances_beyond_the_limit_are_refused() -> None:
    with pytest.raises(AllowanceError, match="At most 500"):
        Allowances.of([("phone", f"{n}") for n in range(MAX_ENTRIES + 1)])


def test_allow_file_lines_are_kind_tab_text_with_comments_and_blank_lines() -> None:
    allow = read_allow_lines(["# my numbers\n", "\n", "phone\t040 123 4567\n", "email\tPress@Ministry.fi\r\n"])
    assert allow.keys == {("phone", "040 123 4567"), ("email", "press@ministry.fi")}
    with pytest.raises(AllowanceError, match=r"^Line 2: expected kind<TAB>text\.$"):
        read_allow_lines(["phone\t1\n", "phone 040 123 4567\n"])


# ---------------------------------------------------------------- the command line


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(argv, out=out), out.getvalue()


def files(tmp_path: Path, draft_text: str, allow_text: str) -> tuple[str, str]:
    """A draft file and an allowances file for the command line; their paths."""
    draft, allow = tmp_path / "draft.txt", tmp_path / "allow.tsv"
    draft.write_text(draft_text, encoding="utf-8")
    allow.write_text(allow_text, encoding="utf-8")
    return str(draft), str(allow)


def test_check_allow_file_leaves_the_allowed_hint_out(tmp_path: Path) -> None:
    text, allowed, kind, _ = DRAFTS["sv"]
    draft, allow = files(tmp_path, text, f"# mine\n{kind}\t{allowed}\n")
    _, before = run(["check", draft, "--lang", "sv"])
    code, after = run(["check", draft, "--lang", "sv", "--allow", allow])
    assert f"[personal_data/{kind}," in before and f"[personal_data/{kind}," not in after
    assert "[personal_data/email," in after and code == 0


def test_check_allow_file_never_allows_a_critical_hint_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, allow = files(tmp_path, "Hetuni on 131052-308T.", "national_id\t131052-308T\n")
    code, output = run(["check", draft, "--lang", "fi", "--allow", allow])
    assert code == 1 and "[personal_data/national_id," in output
    assert "national_id can never be allowed" in capsys.readouterr().err


def test_check_with_a_malformed_allow_file_names_the_line_not_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, allow = files(tmp_path, "Hei.", f"phone\t040 123 4567\n{SECRET}\n")
    code, _ = run(["check", draft, "--allow", allow])
    err = capsys.readouterr().err
    assert code == 2 and "Line 2: expected kind<TAB>text." in err and SECRET not in err
    code, _ = run(["check", draft, "--allow", str(tmp_path / "missing.tsv")])
    assert code == 2 and "cannot read the allowances" in capsys.readouterr().err
