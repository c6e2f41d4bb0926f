"""Vehicle registration plates: Finnish (ABC-123, AB-1) and Swedish (ABC 123, ABC 12A).

A plate is tied to its owner, but the same shapes are flight numbers, product codes, car
models and road numbers. So a candidate is a ``warning`` only when a vehicle cue (auto,
rekisterikilpi, parkkeerasi, bil, registreringsnummer, car, parked ...) is near; without
one a Finnish-style candidate is ``info`` and a Swedish-style one gets nothing. Road
numbers (VT-4, E18), known acronyms (EU-27), and codes that a flight, product or model cue
or a car brand introduces get nothing, unless a word naming a plate (rekisterinumero,
registreringsnummer, plate) comes right before.
"""

from __future__ import annotations

import re
from functools import cache

from ..draft import Draft
from ..hints import Hint, Lang, Severity
from ..ruledata import load_ruleset
from ..textmatch import Lexicon

RULE = load_ruleset("personal_data_contact").rule("pd-license-plate")


@cache
def _words(key: str, lang: Lang) -> Lexicon:
    """A word list of the rule, compiled once per language."""
    return RULE.lexicon(key, lang)


FINNISH_ANY_CASE = re.compile(r"(?<![\w\-/.])(?P<letters>[A-Za-zÅÄÖåäö]{2,3})-(?P<digits>\d{1,3})(?![\w\-/]|[.,:]\d)")
# Swedish plates leave out I, Q, V, Å, Ä, Ö; the last character may be a letter (not O).
SWEDISH = re.compile(
    r"(?<![\w\-/.])(?P<letters>[A-HJ-PR-UW-Z]{3})[ ]?(?P<digits>\d{2}[0-9A-HJ-NP-UW-Z])(?![\w\-/]|[.,:]\d)"
)
CUE_CHARS = 80
BEFORE_CHARS = 25
NAMED_CHARS = 20


@cache
def _upper_set(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(str(v).upper() for v in values)


def _not_plate_letters() -> frozenset[str]:
    return _upper_set(tuple(RULE.data.get("not_plate_letters", ())))


def _window(draft: Draft, start: int, end: int, chars: int) -> tuple[int, int]:
    """Up to ``chars`` either side, not across a blank line."""
    lo, hi = draft.window(start, end, chars)
    cut = draft.text.rfind("\n\n", lo, start)
    if cut >= 0:
        lo = cut
    cut = draft.text.find("\n\n", end, hi)
    if cut >= 0:
        hi = cut
    return lo, hi


def _severity(draft: Draft, start: int, end: int, letters: str, digits: str, swedish: bool) -> Severity | None:
    lang = draft.lang
    if letters.upper() in _not_plate_letters():
        return None
    named = (max(0, start - NAMED_CHARS), start)
    if _words("plate_words", lang).matches_text(draft, *named):
        return RULE.severity
    before = (max(0, start - BEFORE_CHARS), start)
    if _words("not_plate_cues", lang).matches_text(draft, *before):
        return None
    brands = _words("car_brands", lang)
    # Right after a brand a code is a model ("Volvo XC-60", "Mercedes GLC 300"), unless it has the
    # whole shape of a Finnish plate, three letters and three digits ("Volvo ZKT-672").
    if brands.matches_text(draft, max(0, start - 12), start) and not (not swedish and len(letters) == 3
                                                                      and len(digits) == 3):
        return None
    window = _window(draft, start, end, CUE_CHARS)
    if _words("cues", lang).matches_text(draft, *window) or brands.matches_text(draft, *window):
        return RULE.severity
    if swedish or not letters.isupper():
        return None
    return "info"


def detect(draft: Draft) -> list[Hint]:
    hints: list[Hint] = []
    for pattern, swedish in ((FINNISH_ANY_CASE, False), (SWEDISH, True)):
        for m in pattern.finditer(draft.text):
            if any(h.overlaps(m.start(), m.end()) for h in hints):
                continue
            severity = _severity(draft, m.start(), m.end(), m.group("letters"), m.group("digits"), swedish)
            if severity is not None:
                hints.append(RULE.hint(draft, m.start(), m.end(), severity=severity))
    return hints
