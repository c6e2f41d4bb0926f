"""Security: concrete secrets (passwords, codes, keys, tokens) and addresses inside private networks.

These run the family's own detectors on parsed drafts; the rule examples in
data/rules/security.yaml run through the whole advisor in test_rule_examples.py.
"""

from __future__ import annotations

import time

import pytest

from tuumaustauko.detectors import credential, internal_link
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint


def hints(text: str, lang: str | None = None) -> list[Hint]:
    draft = analyse(text, lang=lang)  # type: ignore[arg-type]
    return credential.detect(draft) + internal_link.detect(draft)


def flagged(text: str, lang: str | None = None) -> list[tuple[str, str, str]]:
    return [(h.kind, h.severity, text[h.start:h.end]) for h in hints(text, lang) if h.severity != "info"]


# --- credential -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, secret", [
    ("Wifin salasana: Kahvi2024! – tervetuloa!", "Kahvi2024!"),
    ("salasanani on Hevonen!88", "Hevonen!88"),
    ("Lösenordet är Sommar2024! för gästnätet.", "Sommar2024!"),
    ("Guest wifi password: Summer2024!", "Summer2024!"),
    ("Here's my Netflix password: MovieNight42", "MovieNight42"),
])
def test_a_password_after_its_keyword_is_critical_and_only_the_secret_is_marked(text: str, secret: str) -> None:
    assert flagged(text) == [("credential", "critical", secret)]


@pytest.mark.parametrize("text, secret", [
    ("Mun PIN on 4821, muistuttakaa.", "4821"),
    ("Tekstiviestillä tuli vahvistuskoodi 482913.", "482913"),
    ("Portkoden är 4455.", "4455"),
    ("Your verification code is 482913.", "482913"),
    ("OTP 839201", "839201"),
])
def test_pins_and_one_time_codes_are_critical(text: str, secret: str) -> None:
    assert flagged(text) == [("credential", "critical", secret)]


@pytest.mark.parametrize("text", [
    "AWS key AKIA66PK5XLMOARVLPAC in the script",
    "token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5 works",
    "slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQr",
    "maps AIzaSy8ISsWbV9J6Das4VuRAhzjRZlchCl24o2r",
    "stripe sk_live_51HxYzAbCdEfGhIjKlMnOpQr",
    "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
    "api_key=9f8a7c6b5d4e3f2a1b0c9d8e7f6a5b4c",
    "Authorization: Bearer abcDEF123456ghiJKL7890mnoPQR",
    "export GITHUB_TOKEN=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",
    "https://admin:Vinter2025@example.org",
])
def test_keys_and_tokens_are_recognised_by_their_format(text: str) -> None:
    assert [k for k, s, _ in flagged(text, "en")] == ["credential"]


@pytest.mark.parametrize("text, lang", [
    ("Vaihda salasanasi säännöllisesti ja käytä salasanojen hallintaohjelmaa!", "fi"),
    ("Salasana on kuin hammasharja: älä lainaa sitä kenellekään.", "fi"),
    ("Hyvä salasana on pitkä lause, ei yksittäinen sana.", "fi"),
    ("Byt lösenord regelbundet och använd en lösenordshanterare!", "sv"),
    ("Lösenordet är viktigt – dela det aldrig.", "sv"),
    ("Change your password regularly and use a password manager!", "en"),
    ("My password is weak, I know.", "en"),
    ("Password123 is the worst password ever.", "en"),
])
def test_advice_about_passwords_is_not_a_password(text: str, lang: str) -> None:
    assert flagged(text, lang) == []


@pytest.mark.parametrize("text, lang", [
    ("Korjaus on commitissa 3f2a9c1, kiitos testaajille.", "fi"),
    ("Alennuskoodi KESA20 toimii koko viikon!", "fi"),
    ("Rabattkoden HOST25 gäller hela veckan.", "sv"),
    ("Use promo code 4521 at checkout.", "en"),
    ("Error code 40401 means the page was not found.", "en"),
    ("The postal code 00100 is central Helsinki.", "en"),
    ("Code 2024 conference was great!", "en"),
    ("The token economy is a fascinating topic.", "en"),
])
def test_commit_hashes_discount_error_and_postal_codes_are_not_secrets(text: str, lang: str) -> None:
    assert flagged(text, lang) == []


def test_credential_hint_offers_a_replacement_in_the_drafts_language() -> None:
    (fi,) = hints("salasana: Kissa123!", "fi")
    (sv,) = hints("lösenord: Kissa123!", "sv")
    assert fi.replacement == "[poistettu]" and sv.replacement == "[borttaget]"
    assert fi.rule == 10 and fi.category == "security"


# --- internal_link --------------------------------------------------------------------------

@pytest.mark.parametrize("text, address", [
    ("Ohje: http://10.12.4.7:8080/wiki – kätevä!", "http://10.12.4.7:8080/wiki"),
    ("SSH into 10.0.0.15:22 and restart.", "10.0.0.15:22"),
    ("Instruktionen finns på http://192.168.10.20/wiki, kolla!", "http://192.168.10.20/wiki"),
    ("Docs at http://172.16.4.20:3000/docs now.", "http://172.16.4.20:3000/docs"),
    ("Dashboard lives at grafana.corp.local now.", "grafana.corp.local"),
    ("Files are on \\\\fileserver01\\shared\\photos if you want.", "\\\\fileserver01\\shared\\photos"),
    ("Open file:///home/shared/report.pdf for details.", "file:///home/shared/report.pdf"),
    ("Uusi sivu: https://intra.lvm.fi/ohjeet/etatyo", "https://intra.lvm.fi/ohjeet/etatyo"),
    ("Tiimin työtila: https://lvmfi.sharepoint.com/sites/viestinta", "https://lvmfi.sharepoint.com/sites/viestinta"),
    ("Katso http://wiki/ohjeet", "http://wiki/ohjeet"),
])
def test_private_and_intranet_addresses_warn(text: str, address: str) -> None:
    assert flagged(text) == [("internal_link", "warning", address)]


def test_intranet_hosts_come_from_the_pack() -> None:
    assert flagged("Katso vahva.vn.fi/uutiset", "fi") == [("internal_link", "warning", "vahva.vn.fi")]


@pytest.mark.parametrize("text", [
    "Tiedote on luettavissa osoitteessa https://www.lvm.fi/.",
    "Yle uutisoi: https://yle.fi/uutiset",
    "Quick tip: ping 8.8.8.8 to check your connection.",
    "Local elections are coming up – remember to vote!",
    "Check out github.com/python/cpython for the source.",
    "Printing at 10.30 and lunch at 11.30",
])
def test_public_addresses_are_not_flagged(text: str) -> None:
    assert hints(text) == []


@pytest.mark.parametrize("text", [
    "In this tutorial we run the app on http://localhost:8080.",
    "Päivitin sovelluksen versioon 10.4.1.2.",
    "Ohjeet löytyvät LVMintrasta.",
])
def test_localhost_bare_private_numbers_and_intranet_names_are_only_info(text: str) -> None:
    found = hints(text)
    assert found and all(h.severity == "info" for h in found)


def test_a_long_draft_is_fast() -> None:
    text = ("Salasana: Kissa123! http://10.1.2.3:8080/x koodi 123456 token=ab12CD34ef56GH78ij90\n" * 250)[:20000]
    draft = analyse(text, lang="fi")
    start = time.process_time()
    credential.detect(draft)
    internal_link.detect(draft)
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("text", [
    "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----",
    "Placeholders: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx and AKIAXXXXXXXXXXXXXXXX",
])
def test_a_key_header_without_key_material_and_placeholder_tokens_are_not_secrets(text: str) -> None:
    assert flagged(text, "en") == []


@pytest.mark.parametrize("text, secret", [
    ("Hook: https://hooks.slack.com/services/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",
     "https://hooks.slack.com/services/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"),
    ("HF token 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 toimii.", "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"),
    ("Vault: hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY-LGh4KHGh2cy5hR0x2aHRKZzRvTDFlOGZqNm1tcE1zNzk",
     "hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY-LGh4KHGh2cy5hR0x2aHRKZzRvTDFlOGZqNm1tcE1zNzk"),
])
def test_provider_tokens_gitleaks_knows_are_critical_and_only_the_token_is_marked(text: str, secret: str) -> None:
    assert flagged(text, "en") == [("credential", "critical", secret)]
