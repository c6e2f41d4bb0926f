"""Concrete secrets: passwords, PIN codes, one-time codes, API keys, tokens and private keys.

Three families of candidates, all ``critical`` with the secret itself as the span (so the
one-click fix removes the secret and keeps the sentence):

- keys and tokens by gitleaks' rule set (``secret_rules``: some two hundred provider formats and
  its generic ``api_key = …`` rule, with their keyword prefilter, entropy floors and allow-lists),
  a PEM private key's header with key material after it, credentials inside a URL
  ``https://user:secret@host``;
- a keyword told in words (``salasana``, ``lösenord``, ``password``, ``PIN``,
  ``koodi``/``kod``/``code``…) followed by a value. A password must look like one (a digit, a
  symbol or a capital inside it, or quoted), so "salasana on tärkeä" and "password is weak"
  pass; a code must be 4-8 digits and its keyword must not be a discount, error or postal
  code (``code_exclusions`` in the rule);
- a key named in Finnish or Swedish (``avain``, ``nyckel``) or a bearer token, followed by a
  high-entropy string of 16 characters or more (gitleaks reads ``api_key=``/``token:``);
- a keyword in any inflected form (``salasanalla``, ``tunnukset``, ``login``, ``engångskoden``) and, later in
  its clause, a value only a password has (letters and digits with a symbol or both cases in them) or a code
  told with "on/är/is/:" (4-8 digits).

Advice about passwords, the word "password" alone, short commit hashes and public URLs give
no hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..draft import LONG_DRAFT, Draft
from ..hints import Hint
from ..ruledata import load_ruleset
from ..secret_rules import find_secrets, shannon_entropy

RULES = load_ruleset("security")
RULE = RULES.rule("sec-credential")

PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----")
PEM_END = re.compile(r"-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----")
PEM_MATERIAL = re.compile(r"[A-Za-z0-9+/=]{16,}")  # a run of base64, as a key's lines are
PEM_MAX_BODY = 20_000
URL_CREDENTIALS = re.compile(r"(?i)\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]{1,64}:(?P<secret>[^\s:/@]{3,128})@[\w.-]")

# Passwords: a keyword, an optional "on/är/is/:", the value. "salasana" and "lösenord" may end a
# compound (wifi-salasana, gästlösenord); the English words and the Finnish slang "salis" stand
# alone. What the password is for may stand between ("lösenordet till rummet på kansliet:").
PASSWORD = re.compile(
    r"(?i)(?:salasana(?:ni|si|mme|nne)?|tunnussana|salafraasi|lösenord(?:et)?|"
    r"(?<![\w])(?:password|passwd|pwd|pw|passphrase|pass ?code|salis|saliksen|salikset))"
    # What it is for: up to two phrases before a ":" "=" or "is" ("till skrivaren på tredje
    # våningen:"), or one word before any separator ("password for wifi Kissa123!").
    r"(?:[ \t]+(?:for|till|för|to|of|at|in|i|på)(?:[ \t]+[\w.-]{1,30}){1,2}"
    r"(?:[ \t]+(?:på|i|in|at|of|on|för)(?:[ \t]+[\w.-]{1,30}){1,2})?"
    r"(?=[ \t]*(?:[:=]|=>|->)|[ \t]+(?:on|är|is|was|oli|var)[ \t])"
    r"|[ \t]+(?:for|till|för|to|of)[ \t]+[\w.-]{1,30})?"
    r"(?:[ \t]*(?P<sep>[:=]|=>|->)[ \t]*|[ \t]+(?P<verb>on|är|is|was|oli|var|=)[ \t]+|[ \t]+)"
    r"(?P<value>[\"'“”‘’«]?[^\s\"'“”‘’«»]{4,64}[\"'“”‘’»]?)"
)
# PIN codes and one-time codes: the keyword and 4-8 digits. The whole word before the keyword
# (ovikoodi, engångskod, "promo code") is checked against the rule's code_exclusions.
PIN = re.compile(
    r"(?i)(?<![\w])(?:pin|pin-?koodi(?:ni|si)?|pinkod(?:en)?|pin-kod(?:en)?|pin ?code|tunnusluku|tunnuslukuni)"
    r"[ \t]*(?:[:=]|\bon\b|\bär\b|\bis\b|\boli\b|\bvar\b|\bwas\b)?[ \t]*(?P<value>\d{4,8})(?![\d\w]|[-/+]\w)"
)
CODE = re.compile(
    r"(?i)(?:koodi(?:n|si|ni)?|kod(?:en)?|code|otp|2fa|mfa)"
    r"[ \t]*(?:[:=]|\bon\b|\bär\b|\bis\b|\boli\b|\bvar\b|\bwas\b)?[ \t]*"
    r"(?P<value>\d{3}[ -]\d{3}|\d{4,8})(?![\d\w]|[.,]\d|[-/+]\w)"  # not the start of 281063-2747
)
# Keys told in Finnish and Swedish, and a bearer token in prose: a key word, ":" "=" or "on/är/is",
# and a long value whose entropy says it is random. (gitleaks' generic rule reads the English
# identifiers: api_key=, token:, secret…)
GENERIC = re.compile(
    r"(?i)(?:avain|avaimen|nyckel|nyckeln|bearer)"
    r"[\"']?(?:[ \t]*[:=][ \t]*|[ \t]+(?:on|är|is)[ \t]+|(?<=bearer)[ \t]+)[\"']?"
    r"(?P<value>[A-Za-z0-9_\-+/=.~]{16,512})"
)
# A secret told a few words after its keyword, in the same clause ("kirjautukaa tunnuksella X ja salasanalla
# Haukat#2025Stream", "the temp password for the dispatch console is Dispatch#4471", "Uudet tunnukset:
# kirjastoadmin / Lukutoukka#2025", "engångskoden till portalen idag är 482913", "the temporary admin PIN is
# 7741-2290"): any inflected form of the keyword, then within the clause a value a password or a code has.
PASSWORD_KEYWORD = re.compile(
    r"(?i)(?<![\w])(?:salasan\w*|tunnussan\w*|lösenord\w*|password\w*|passwd|passcode\w*|pass ?phrase|logins?|"
    r"log-?in|kirjautumi\w*|kirjautukaa|kirjaudu\w*|tunnukse\w*|tunnukset|käyttäjätunnu\w*|inloggning\w*|"
    r"användarnamn\w*|credentials|username)(?![\w])"
)
CODE_KEYWORD = re.compile(
    r"(?i)(?<![\w])(?:\w*koodi\w*|\w*kod(?:en|er|erna)?|\w*code|pin|pin-?\w*|tunnusluku\w*)(?![\w])"
)
NEAR_CHARS = 90
# A value given as an example in advice ("a strong password, like Correct-Horse-42"): no secret.
EXAMPLE_BEFORE = re.compile(r"(?i)(?:like|such as|e\.g\.|for example|for instance|esim\.?|esimerkiksi|kuten|vaikkapa|"
                            r"t\.ex\.?|till exempel|exempelvis)[ \t]*[\"'“”‘’]?$")
CLAUSE_END = re.compile(r"[.!?](?:\s|$)|\n")
TOKEN = re.compile(r"[^\s\"'“”‘’«»,;()]{6,64}")
CODE_TOLD = re.compile(
    r"(?i)(?:[:=]|\b(?:on|är|is|was|oli|var)\b)[ \t]+(?:(?:nyt|nu|now|idag|today|tänään)[ \t]+)?"
    r"(?P<value>\d{4}-\d{4}|\d{3} \d{3}|\d{4,8})(?![\d\w]|[.,]\d|[-/+]\w)"
)
HEX = re.compile(r"[0-9a-fA-F]{16,}")
MIN_ENTROPY_BITS = 3.0
PLACEHOLDER = re.compile(r"(?i)^[\[<({]|^(?:x+|\*+|\.+|-+|_+|•+|your[_-]?|example|changeme|salasana|password|lösenord)")


@cache
def _code_exclusions() -> tuple[str, ...]:
    words = RULE.data.get("code_exclusions", [])
    return tuple(str(w).lower() for w in words)


@cache
def _exclusion_before() -> re.Pattern[str]:
    """One of the exclusion words starting a word just before the keyword: "promo code", "postal code"."""
    body = "|".join(re.escape(w) for w in sorted(_code_exclusions(), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})[\w.]*[\s-]+(?:\w+[\s-]+)?$")


def _strip_value(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop quotes and sentence punctuation around a value."""
    while end > start and text[end - 1] in ".,;:)]}\"'“”‘’»":
        end -= 1
    while start < end and text[start] in "\"'“”‘’«([{":
        start += 1
    return start, end


def _looks_like_password(value: str, sep: str, quoted: bool) -> bool:
    if PLACEHOLDER.search(value) or len(value) < 4:
        return False
    has_digit = any(c.isdigit() for c in value)
    # "manager!" is a word at the end of a sentence, not a password with a symbol in it.
    has_symbol = any(not c.isalnum() for c in value.rstrip("!?"))
    inner_capital = any(c.isupper() for c in value[1:])
    if has_digit and not value.isdigit():
        return True
    if value.isdigit():
        return len(value) >= 4 and sep != ""
    if has_symbol or inner_capital or quoted:
        return True
    # A capitalised word after "password:" is a password; a lowercase word is prose ("on tärkeä").
    return sep in (":", "=") and value[:1].isupper()


def _passwords(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in PASSWORD.finditer(text):
        raw_start, raw_end = m.span("value")
        start, end = _strip_value(text, raw_start, raw_end)
        value = text[start:end]
        quoted = text[raw_start] in "\"'“”‘’«"
        sep = m.group("sep") or (m.group("verb") or "").lower()
        if _looks_like_password(value, sep, quoted):
            found.append((start, end))
    return found


def _clause_after(text: str, end: int) -> tuple[int, int]:
    """From a keyword's end to the end of its clause (a sentence's end or a line's), at most NEAR_CHARS on."""
    stop = min(len(text), end + NEAR_CHARS)
    m = CLAUSE_END.search(text, end, stop)
    return end, m.start() if m else stop


def _strong_password(value: str) -> bool:
    """Letters and digits together with a symbol or both cases in them (Lukutoukka#2025, Doors2024!,
    Haukat2025Stream): no word of prose is written so. Not an address or a link."""
    if "@" in value or "://" in value or value.lower().startswith("www") or PLACEHOLDER.search(value):
        return False
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    symbol = any(c in "!#$%&*?+=_@~^" for c in value)
    both_cases = any(c.isupper() for c in value) and any(c.islower() for c in value)
    return letters and digits and (symbol or both_cases)


def _told_near(text: str, lower: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    if _any_in(lower, PASSWORD_NEAR_LITERALS):
        for m in PASSWORD_KEYWORD.finditer(text):
            start, stop = _clause_after(text, m.end())
            for t in TOKEN.finditer(text, start, stop):
                value_start, value_end = _strip_value(text, *t.span())
                if EXAMPLE_BEFORE.search(text[max(0, value_start - 20): value_start]):
                    continue
                if _strong_password(text[value_start:value_end]):
                    found.append((value_start, value_end))
    if _any_in(lower, CODE_LITERALS + PIN_LITERALS):
        for m in CODE_KEYWORD.finditer(text):
            if _excluded_code(text, m.start(), m.group().lower()):
                continue
            start, stop = _clause_after(text, m.end())
            told = CODE_TOLD.search(text, start, stop)
            if told and not _a_year(told.group("value")):
                found.append(told.span("value"))
    return found


def _excluded_code(text: str, keyword_start: int, keyword: str) -> bool:
    """A code keyword that is no secret's (a discount, error or postal code: ``code_exclusions``), in the word
    itself or just before it ("promo code", "Kahoot PIN")."""
    if any(keyword.startswith(x) or x in keyword for x in _code_exclusions()):
        return True
    return _exclusion_before().search(" " + text[max(0, keyword_start - 30): keyword_start].lower()) is not None


def _a_year(value: str) -> bool:
    return len(value) == 4 and value[:2] in ("19", "20")  # "Code 2024", "koodi 2026"


def _word_start(text: str, start: int, limit: int = 30) -> int:
    """Where the word (a compound, an identifier) that ends at ``start``'s word begins."""
    i = start
    while i > 0 and start - i < limit and (text[i - 1].isalnum() or text[i - 1] in "_-"):
        i -= 1
    return i


def _codes(text: str, lower: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in PIN.finditer(text) if _any_in(lower, PIN_LITERALS) else ():
        # "Kahoot PIN 482913" is a game's public code.
        if not _exclusion_before().search(" " + text[max(0, m.start() - 30): m.start()].lower()):
            found.append(m.span("value"))
    for m in CODE.finditer(text) if _any_in(lower, CODE_LITERALS) else ():
        word_start = _word_start(text, m.start())
        if word_start > 0 and text[word_start - 1].isalnum():
            continue  # inside a longer word than we looked at
        keyword = text[word_start: m.start() + len(m.group().split()[0])].lower()
        if not _excluded_code(text, word_start, keyword) and not _a_year(m.group("value")):
            found.append(m.span("value"))
    return found


def _generic(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in GENERIC.finditer(text):
        start, end = _strip_value(text, *m.span("value"))
        value = text[start:end]
        if len(value) < 16 or PLACEHOLDER.search(value):
            continue
        digits = any(c.isdigit() for c in value)
        mixed_case = any(c.isupper() for c in value) and any(c.islower() for c in value)
        hex_string = HEX.fullmatch(value) is not None and any(c.isalpha() for c in value)
        random_looking = (mixed_case and digits) or hex_string or len(value) >= 24
        if digits and random_looking and shannon_entropy(value) >= MIN_ENTROPY_BITS:
            found.append((start, end))
    return found


def _pem(text: str) -> list[tuple[int, int]]:
    """A private key's header with key material after it (the whole key, or what was pasted of
    it); a header around a placeholder ("anything", nothing) is no key."""
    found: list[tuple[int, int]] = []
    for m in PEM_BEGIN.finditer(text):
        end_match = PEM_END.search(text, m.end(), m.end() + PEM_MAX_BODY)
        body = text[m.end(): end_match.start() if end_match else m.end() + PEM_MAX_BODY]
        if any(shannon_entropy(run) >= MIN_ENTROPY_BITS for run in PEM_MATERIAL.findall(body)):
            found.append((m.start(), end_match.end() if end_match else m.end()))
    return found


# Cheap substring tests that decide whether a pattern can match at all: most drafts hold no
# keyword, and a substring test costs a fraction of a regular expression's scan.
PASSWORD_LITERALS = ("salasan", "tunnussan", "salafraas", "lösenord", "pw", "pass", "salis", "saliks")
PASSWORD_NEAR_LITERALS = ("salasan", "tunnussan", "lösenord", "pass", "login", "log-in", "log in", "kirjau",
                          "tunnu", "inloggning", "användarnamn", "credentials", "username")
PIN_LITERALS = ("pin", "tunnuslu")
CODE_LITERALS = ("kood", "kod", "code", "otp", "2fa", "mfa")
GENERIC_LITERALS = ("bearer", "avain", "avaimen", "nyckel")
DIGIT = re.compile(r"\d")


def _any_in(haystack: str, needles: tuple[str, ...]) -> bool:
    return any(n in haystack for n in needles)


def secret_spans(text: str, lower: str | None = None,
                 contains: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """Spans of concrete secrets in a text, without overlaps, in text order. ``contains``: the test
    ``needle in lower``, quicker (a draft's ``lower_contains``)."""
    lower = text.lower() if lower is None else lower
    test = lower.__contains__ if contains is None else contains
    digits = DIGIT.search(text) is not None
    spans: list[tuple[int, int]] = []
    spans += [(f.start, f.end) for f in find_secrets(text, lower, test)]
    if "PRIVATE KEY" in text:
        spans += _pem(text)
    if "://" in text and "@" in text:
        spans += [m.span("secret") for m in URL_CREDENTIALS.finditer(text)]
    if any(map(test, PASSWORD_LITERALS)):
        spans += _passwords(text)
    if digits and (any(map(test, PIN_LITERALS)) or any(map(test, CODE_LITERALS))):
        spans += _codes(text, lower)
    if digits and any(map(test, GENERIC_LITERALS)):
        spans += _generic(text)
    if digits:
        spans += _told_near(text, lower)
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if end > start and not any(s < end and start < e for s, e in kept):
            kept.append((start, end))
    return kept


def detect(draft: Draft) -> list[Hint]:
    # A long draft's keywords are looked up in its index; a short one's are quicker found by ``in``.
    contains = draft.lower_contains if len(draft.text) >= LONG_DRAFT else None
    return [RULE.hint(draft, start, end) for start, end in secret_spans(draft.text, draft.lower, contains)]
