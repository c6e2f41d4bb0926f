"""Telephone numbers, found and validated with phonenumbers (Leniency.VALID).

The region that reads numbers without a country code follows the draft's language
(fi: Finland; sv: Sweden, then Finland; en: Finland, then the UK and the US). A number
the organisation publishes (its switchboard) is not personal data and gets no hint;
service numbers (toll-free, premium, shared-cost, universal access), numbers in a public
administration's range (+358 295), a number that a service cue such as "asiakaspalvelu"
introduces and a landline the organisation's official account gives get at most ``info``. Dates, prices,
times and order or reference numbers are left alone.
"""

from __future__ import annotations

import re
from functools import cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumber, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from ..draft import Draft
from ..hints import Hint, Lang, Severity
from ..ruledata import load_ruleset, scope_span
from ..textmatch import Lexicon

RULE = load_ruleset("personal_data_contact").rule("pd-phone")


@cache
def _words(key: str, lang: Lang) -> Lexicon:
    """A word list of the rule, compiled once per language."""
    return RULE.lexicon(key, lang)


REGIONS: dict[Lang, tuple[str, ...]] = {"fi": ("FI",), "sv": ("SE", "FI"), "en": ("FI", "GB", "US")}
SERVICE_TYPES = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
}
# Digits or a currency right next to the candidate: part of a longer number, a price or a sum.
PRICE_NEAR = re.compile(r"\s?(?:€|\$|£|eur\b|euro|e\b|kr\b|sek\b|usd\b|gbp\b|%|mrd|milj)", re.IGNORECASE)
PRICE_BEFORE = re.compile(r"(?:€|\$|£|eur|sek|kr|usd|gbp)\s?$", re.IGNORECASE)
# Dates and times that a region's number plan happens to accept (01.02.1975, 2026-03-12, 10.15, a month and
# year as a best-before date: 09.2026).
DATE_OR_TIME = re.compile(
    r"^(?:\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[.:]\d{2}|(?:0?[1-9]|1[0-2])[./](?:19|20)\d{2})$")
# A plain run of digits with no separator reads as a phone only with a country code or a cue.
BARE_DIGITS = re.compile(r"^\d+$")
# Where a number may be: a run of at least six digits with separators between, and a little
# context (the matcher looks at the characters around a number).
DIGIT_RUN = re.compile(r"[+(]?\d(?:[ \t().\-/]{0,3}\d){5,}")
RUN_CONTEXT = 3
# Candidates the matcher may try in one run of digits: a real run holds one to three numbers,
# while "1 1 1 ..." for 20,000 characters made it try thousands (100 ms).
MAX_TRIES = 24
CUE_CHARS = 60
BEFORE_CHARS = 30


@cache
def _e164(values: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for value in values:
        try:
            found.add(phonenumbers.format_number(phonenumbers.parse(value, "FI"), PhoneNumberFormat.E164))
        except phonenumbers.NumberParseException:
            continue
    return frozenset(found)


def _candidates(draft: Draft) -> list[tuple[int, int, list[PhoneNumber]]]:
    """Numbers the matcher accepts, with every region's reading of them, read only in runs of
    digits long enough to be a number (the matcher is slow on long text)."""
    found: list[tuple[int, int, list[PhoneNumber]]] = []
    for run in DIGIT_RUN.finditer(draft.text):
        lo = max(0, run.start() - RUN_CONTEXT)
        snippet = draft.text[lo : run.end() + RUN_CONTEXT]
        for region in REGIONS[draft.lang]:
            for match in PhoneNumberMatcher(snippet, region, leniency=Leniency.VALID, max_tries=MAX_TRIES):
                start, end = lo + match.start, lo + match.end
                same = next((f for f in found if f[0] == start and f[1] == end), None)
                if same is not None:
                    same[2].append(match.number)
                elif not any(s < end and start < e for s, e, _ in found):
                    found.append((start, end, [match.number]))
    return sorted(found, key=lambda item: item[0])


def _in_link(draft: Draft, start: int) -> bool:
    """Digits inside a web address (https://example.com/040-1234567) are part of the link."""
    word_start = max(draft.text.rfind(c, 0, start) for c in " \t\n") + 1
    word = draft.lower[word_start:start]
    return "://" in word or "www." in word or "/" in word


def _is_public(draft: Draft, raw: str, numbers: list[PhoneNumber]) -> bool:
    if draft.pack.is_public_contact("phone", raw):
        return True
    published = _e164(draft.pack.public_contacts.get("phone", ()))
    return any(phonenumbers.format_number(n, PhoneNumberFormat.E164) in published for n in numbers)


def _public_service(numbers: list[PhoneNumber]) -> bool:
    """A reading in a public administration's range (+358 295 ...): an official's work number."""
    prefixes = tuple(str(p) for p in RULE.data.get("public_service_prefixes", ()))
    return any(phonenumbers.format_number(n, PhoneNumberFormat.E164).startswith(prefixes) for n in numbers)


def _cue_span_before(draft: Draft, start: int) -> tuple[int, int]:
    """The words right before a number, back to the previous comma or sentence end."""
    lo = max(0, start - BEFORE_CHARS)
    stop = max(draft.text.rfind(c, lo, start) for c in ",;!?\n")
    return (max(lo, stop + 1), start)


def _severity(draft: Draft, start: int, end: int, numbers: list[PhoneNumber]) -> Severity | None:
    lang = draft.lang
    raw = draft.text[start:end]
    if _is_public(draft, raw, numbers) or DATE_OR_TIME.match(raw.strip()) or _in_link(draft, start):
        return None
    if PRICE_NEAR.match(draft.text, end) or PRICE_BEFORE.search(draft.text, max(0, start - 5), start):
        return None
    if _words("not_phone_cues", lang).matches_text(draft, *_cue_span_before(draft, start)):
        return None
    s_start, s_end = scope_span(draft, "sentence", start, end)
    cue_span = (max(s_start, start - CUE_CHARS), min(s_end, end + CUE_CHARS))
    has_cue = _words("cues", lang).matches_text(draft, *cue_span)
    explicit_country = raw.lstrip("(").startswith(("+", "00"))
    # The most personal reading wins: 020 7946 0958 is a UK landline, not a Finnish service number.
    kinds = [phonenumbers.number_type(n) for n in numbers]
    personal = [k for k in kinds if k not in SERVICE_TYPES]
    if _public_service(numbers):
        return "info"
    mobile_with_trunk = raw.startswith("0") and PhoneNumberType.MOBILE in kinds
    if BARE_DIGITS.match(raw) and not (explicit_country or has_cue or mobile_with_trunk):
        return None
    if not personal or _words("service_cues", lang).matches_text(draft, *cue_span):
        return "info"
    if draft.mode == "official" and all(k == PhoneNumberType.FIXED_LINE for k in personal):
        return "info"  # the organisation's own account giving a landline: its office's, a switchboard's, a desk's
    return RULE.severity


def detect(draft: Draft) -> list[Hint]:
    hints: list[Hint] = []
    for start, end, numbers in _candidates(draft):
        severity = _severity(draft, start, end, numbers)
        if severity is not None:
            hints.append(RULE.hint(draft, start, end, severity=severity))
    return hints
