"""Street addresses with a house number tied to a person or a home.

A street is a word with a street suffix from data (-katu, -tie, -kuja, -gatan, -vägen,
street, road ...) next to a house number: "Hämeenkatu 5 B 7", "Storgatan 12",
"221B Baker Street". It is a ``warning`` when a home cue (asun, osoitteeni, kotinsa, bor
på, lives at, my address ...) is in its sentence; a venue or workplace cue (ravintola,
konsertti, työskentelen, restaurang, venue ...) nearer to the address than any home cue
clears it. A person named just before the address ("Sofia Granqvist, Kyrkoesplanaden 5 A 3")
lives there: a ``warning`` too. An address with no cue at all is ``info``. The organisation's
public addresses and numbered roads (valtatie 4, riksväg 50) get nothing; a street name without
a number is not matched, nor a number that is a quantity ("Hämeenkadulla 12 vuotta"). English
drafts write a Finnish street the English way too ("lives at 22 Koivukatu").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..draft import Draft
from ..hints import Hint, Lang, Severity
from ..ruledata import load_ruleset, scope_span
from ..textmatch import Lexicon
from ._people import find_people

RULE = load_ruleset("personal_data_contact").rule("pd-address")


@cache
def _words(key: str, lang: Lang) -> Lexicon:
    """A word list of the rule, compiled once per language."""
    return RULE.lexicon(key, lang)


# A word, then a house number (12, 12B, 12 B, 12 B 7, 12 as. 7); the street suffix is checked in Python.
NORDIC = re.compile(
    r"(?<![\w\-])(?P<street>[^\W\d_][\w\-]{2,40})\s(?P<number>\d{1,4}(?![\d.,:/]\d)[A-Za-z]?\b"
    r"(?:\s?[A-Za-z]\s?\d{1,3}\b|\s(?:as|bst|lgh)\.?\s?\d{1,4}\b|\s[A-H]\b(?![\w'’]))?)"
    r"(?!\s?(?:%|€|\$|£|km\b|m\b|kg\b))"
)
HOME_BEFORE = 40
OPENS_SENTENCE = 3
# A Finnish or Swedish street after its number, in English ("at 22 Koivukatu"): only after one of
# these words, so that "bus 22 Mannerheimintie" stays a bus.
ENGLISH_ORDER = re.compile(
    r"(?<![\w\-])(?:at|on|to|from|near|is|address:?)\s(?P<number>\d{1,4}[A-Za-z]?)\s(?P<street>[^\W\d_][\w\-]{2,40})",
    re.IGNORECASE,
)


@cache
def _suffix_pattern(suffixes: tuple[str, ...], endings: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    tails = "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))
    return re.compile(rf"^[^\W\d_]{{2,}}[\w\-]*?(?:{alternatives})(?:{tails})$")


@cache
def english_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w\-])(?P<number>\d{{1,5}}[A-Za-z]?)\s(?P<street>(?:[A-Z][\w'\-]*\s){{1,3}}(?:{alternatives})\b)"
    )


def _nordic_suffixes() -> tuple[str, ...]:
    return tuple(str(s).lower() for s in RULE.data.get("nordic_street_suffixes", ()))


def _english_suffixes() -> tuple[str, ...]:
    return tuple(str(s) for s in RULE.data.get("english_street_suffixes", ()))


@cache
def _quantity_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s?(?:{alternatives})(?!\w)", re.IGNORECASE)


def _is_quantity(draft: Draft, end: int) -> bool:
    """'Hämeenkadulla 12 vuotta': the number is a quantity, not a house number."""
    words = tuple(str(w) for w in RULE.data.get("quantity_words", ()))
    return bool(words) and _quantity_pattern(words).match(draft.text, end) is not None


def _is_road_number(street: str) -> bool:
    lowered = street.lower()
    return any(lowered.startswith(str(road)) for road in RULE.data.get("numbered_roads", ()))


def _scope(draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The address's sentence; when the address opens its sentence ("Muutimme! Hämeenkatu 5 B 7,
    tervetuloa"), also a little before it, but not across a blank line."""
    s_start, s_end = scope_span(draft, "sentence", start, end)
    lo = s_start
    if start - s_start <= OPENS_SENTENCE:
        lo = min(s_start, max(0, start - HOME_BEFORE))
    cut = draft.text.rfind("\n\n", lo, start)
    if cut >= 0:
        lo = max(lo, cut)
    return lo, s_end


def _distance(draft: Draft, lexicon: Lexicon, lo: int, hi: int, start: int, end: int) -> float | None:
    """How far the nearest cue is from the address; a cue after the address counts double
    (people write "asun X", "bor på X", "lives at X" far more than "X on kotini")."""
    best: float | None = None
    for m in lexicon.finditer(draft, lo, hi):
        if m.start < end and start < m.end:
            continue  # inside the street name itself (Kirkkotie, Church Street)
        if m.end <= start:
            gap: float = start - m.end
        else:
            gap = 2 * (m.start - end)
        best = gap if best is None else min(best, gap)
    return best


def _named_just_before(draft: Draft, start: int, sentence_start: int) -> bool:
    """A person (not the writer) whose name ends a few characters before the address, in its
    sentence: "Tomas Grönqvist på Skolgatan 4", "Heikki Lindroosin, osoite Pellavatehtaankatu 9"."""
    within = int(RULE.data.get("named_person_within", 0))
    return any(not p.own and sentence_start <= p.start and 0 <= start - p.end <= within
               for p in find_people(draft))


def _severity(draft: Draft, start: int, end: int, street_and_number: str) -> Severity | None:
    if draft.pack.is_public_contact("address", street_and_number):
        return None
    lang = draft.lang
    lo, hi = _scope(draft, start, end)
    home = _distance(draft, _words("home_cues", lang), lo, hi, start, end)
    s_start, s_end = scope_span(draft, "sentence", start, end)
    venue = _distance(draft, _words("venue_cues", lang), s_start, s_end, start, end)
    if venue is not None and (home is None or venue < home):
        return None
    if home is not None or _named_just_before(draft, start, s_start):
        return RULE.severity
    return "info"


def _candidates(draft: Draft) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    endings = tuple(str(e or "").lower() for e in RULE.data.get("nordic_street_endings", [""]))
    suffix = _suffix_pattern(_nordic_suffixes(), endings)
    for m in NORDIC.finditer(draft.text):
        street = m.group("street")
        if suffix.match(street.lower()) and not _is_road_number(street) and not _is_quantity(draft, m.end()):
            first_number = re.match(r"\d+[A-Za-z]?", m.group("number"))
            key = f"{street} {first_number.group() if first_number else ''}"
            found.append((m.start(), m.end(), key))
    for m in english_pattern(_english_suffixes()).finditer(draft.text):
        overlaps = any(s < m.end() and m.start() < e for s, e, _ in found)
        if not overlaps and not _is_road_number(m.group("street")):
            found.append((m.start(), m.end(), f"{m.group('number')} {m.group('street')}"))
    if draft.lang == "en":
        for m in ENGLISH_ORDER.finditer(draft.text):
            start, end = m.start("number"), m.end("street")
            overlaps = any(s < end and start < e for s, e, _ in found)
            if not overlaps and suffix.match(m.group("street").lower()) and not _is_road_number(m.group("street")):
                found.append((start, end, f"{m.group('street')} {m.group('number')}"))
    return found


def detect(draft: Draft) -> list[Hint]:
    hints: list[Hint] = []
    for start, end, key in _candidates(draft):
        severity = _severity(draft, start, end, key)
        if severity is not None:
            hints.append(RULE.hint(draft, start, end, severity=severity))
    return hints


def tied_by(draft: Draft, flagged: Iterable[tuple[int, int]]) -> list[Hint]:
    """A warning on each address that ``detect`` leaves ``info`` (no home cue, no venue) in a draft
    where a home is left empty, or where gossip, a threat, someone's health or a case is found
    (``flagged``: where, anywhere in the draft): the address is the home of the person the draft is
    about, or of the writer. "Koko perhe lähtee Thaimaahan. Jos näette Kissankellontie 7:ssä
    liikettä, soittakaa poliisille" tells where the empty home is."""
    if not list(flagged):
        return []
    return [
        RULE.hint(draft, start, end, severity=RULE.severity)
        for start, end, key in _candidates(draft)
        if _severity(draft, start, end, key) == "info"
    ]
