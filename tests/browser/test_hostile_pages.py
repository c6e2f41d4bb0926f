"""Hostile pages in a real browser: nothing but the extension gets a hint or a rule out of the service.

Pages served under a public address and under another port of 127.0.0.1 try every way a page
can make the browser talk to the service: fetch (cors and no-cors, text/plain and JSON), a form
POST, and <img>/<script> GETs. Whatever reaches the service is answered 401 or 403, and no
page script ever reads an answer. The DNS-rebinding case (a foreign Host header) is sent as the
browser would send it after rebinding.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from browserkit import Browser, chromium_path

ATTACK_SCRIPT = """
async ([base]) => {
  const body = JSON.stringify({text: "Hetu 131052-308T", mode: "hybrid"});
  const outcomes = [];
  async function attempt(name, run) {
    try { outcomes.push({name, read: await run()}); }
    catch (e) { outcomes.push({name, error: String(e)}); }
  }
  await attempt("cors json", async () => (await fetch(base + "/v1/check",
      {method: "POST", headers: {"Content-Type": "application/json"}, body})).text());
  await attempt("cors text/plain", async () => (await fetch(base + "/v1/check",
      {method: "POST", headers: {"Content-Type": "text/plain"}, body})).text());
  await attempt("cors with a guessed token", async () => (await fetch(base + "/v1/rules",
      {headers: {"Authorization": "Bearer guess"}})).text());
  await attempt("no-cors text/plain", async () => (await fetch(base + "/v1/check",
      {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body})).text());
  await attempt("no-cors get rules", async () => (await fetch(base + "/v1/rules/1", {mode: "no-cors"})).text());
  await attempt("img", () => new Promise(done => {
    const img = new Image(); img.onload = () => done("loaded"); img.onerror = () => done("error");
    img.src = base + "/v1/rules"; }));
  await attempt("script", () => new Promise(done => {
    const s = document.createElement("script"); s.onload = () => done("loaded"); s.onerror = () => done("error");
    s.src = base + "/v1/packs"; document.body.appendChild(s); }));
  await attempt("form post", () => new Promise(done => {
    const frame = document.createElement("iframe"); frame.name = "sink"; document.body.appendChild(frame);
    frame.onload = () => { try { done(frame.contentDocument ? frame.contentDocument.body.innerText : "opaque"); }
                           catch (e) { done("opaque: " + e); } };
    const form = document.createElement("form"); form.method = "POST"; form.enctype = "text/plain";
    form.action = base + "/v1/check"; form.target = "sink";
    const field = document.createElement("input"); field.name = '{"text": "x", "pad": "'; field.value = '"}';
    form.appendChild(field); document.body.appendChild(form); form.submit(); }));
  return outcomes;
}
"""

ATTACK_ORIGINS = ["https://evil.example", "http://127.0.0.1:1"]
# Chromium's own Local Network Access checks already stop most of these; they are switched off
# here so that what is proved is the service's own refusal, not the browser's.
WITHOUT_BROWSER_PROTECTION = "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights," \
    "PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests"


def _answers_leaked(outcomes: list[dict[str, Any]]) -> list[str]:
    leaked = []
    for outcome in outcomes:
        read = str(outcome.get("read", ""))
        if any(marker in read for marker in ('"hints"', '"title"', '"stockmann"', '"languages"', "national_id")):
            leaked.append(f"{outcome['name']}: {read[:80]}")
    return leaked


def attack(base: str, origins: list[str]) -> dict[str, Any]:
    """Runs in its own process (the session's browser holds this one's Playwright)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    assert executable is not None
    report: dict[str, Any] = {"outcomes": {}, "answered": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic", WITHOUT_BROWSER_PROTECTION])
        page = browser.new_page()
        page.on("response", lambda r: report["answered"].append([r.url, r.status]) if r.url.startswith(base) else None)
        for origin in origins:
            page.route(f"{origin}/**", lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body="<!doctype html><body></body>"))
            page.goto(f"{origin}/attack.html")
            report["outcomes"][origin] = page.evaluate(ATTACK_SCRIPT, [base])
            page.wait_for_timeout(300)
        browser.close()
    return report


def test_hostile_pages_get_nothing_and_the_service_refuses_them(browser: Browser) -> None:
    service = browser.service
    base = f"http://127.0.0.1:{service.port}"
    run = subprocess.run(
        [sys.executable, __file__, base, *ATTACK_ORIGINS], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    for origin in ATTACK_ORIGINS:
        outcomes = report["outcomes"][origin]
        assert len(outcomes) == 8
        assert _answers_leaked(outcomes) == [], origin
    answered = report["answered"]
    assert {url.rsplit("/v1/", 1)[-1] for url, _ in answered} >= {"check", "rules/1"}, answered
    assert all(status in (401, 403) for _, status in answered), answered


def test_a_rebound_host_name_is_refused(browser: Browser) -> None:
    """After DNS rebinding the browser sends the attacker's host name to 127.0.0.1, with no Origin
    on a same-origin GET and the page's own origin on a POST: both are refused, token or not."""
    service = browser.service
    for method, headers, body in (
        ("GET", {"Host": f"rebind.example:{service.port}"}, None),
        ("POST", {"Host": f"rebind.example:{service.port}", "Origin": f"http://rebind.example:{service.port}",
                  "Content-Type": "application/json", "Authorization": f"Bearer {service.token}"},
         json.dumps({"text": "Hetu 131052-308T"})),
    ):
        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
        try:
            connection.request(method, "/v1/check" if method == "POST" else "/v1/rules", body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read().decode()
        finally:
            connection.close()
        assert response.status == 403
        assert "forbidden_host" in answer and "hints" not in answer


if __name__ == "__main__":
    print(json.dumps(attack(sys.argv[1], sys.argv[2:])))
