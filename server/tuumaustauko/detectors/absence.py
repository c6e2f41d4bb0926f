"""Telling the world the home is empty, now or soon (Stockmann rule 8).

Two ways in (patterns per language in ``data/rules/stockmann.yaml``, rule ``st-absence``):

- ``empty_home``: "koti jää tyhjäksi", "huset står tomt", "nobody's home" - always a hint;
- ``away``: a first-person present or future going-away ("lähdemme", "vi åker", "we're
  away") in a sentence that also says where or how long away (``away_words`` or a
  destination) and when (``time_words``): "lähdemme huomenna kahdeksi viikoksi Thaimaahan".

A sentence that tells of coming back (``returned``: "tultiin eilen kotiin lomalta") gets no
hint. A work trip with no word of home or family (``work`` without ``home``) is an info, and so is
a trip in a draft that says someone stays in the home (``home_kept``: "anoppi asuu meillä sen
ajan", "my brother's house-sitting").
"""

from __future__ import annotations

from .. import textmatch
from ..draft import Draft
from ..hints import Hint
from . import _stockmann_words as w

RULE_ID = "st-absence"
RULE = w.rule(RULE_ID)
WORK_TRIP_WEIGHT = 0.05


def _any(draft: Draft, key: str, start: int, end: int) -> bool:
    return any(textmatch.search(p, draft, start, end) for p in w.patterns(RULE_ID, key, draft.lang))


def _first(draft: Draft, key: str, start: int, end: int) -> tuple[int, int] | None:
    found = [m for p in w.patterns(RULE_ID, key, draft.lang) for m in [textmatch.search(p, draft, start, end)] if m]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    return (m.start(), m.end())


def _initial(draft: Draft, s_start: int, s_end: int) -> tuple[int, int] | None:
    """A subjectless going-away at the very start of the sentence ("Off to Crete tomorrow!")."""
    first = s_start
    while first < s_end and not draft.text[first].isalnum():
        first += 1
    for pattern in w.patterns(RULE_ID, "away_initial", draft.lang):
        m = textmatch.match(pattern, draft, first, s_end)
        if m:
            return (m.start(), m.end())
    return None


def home_is_kept(draft: Draft) -> bool:
    """Someone stays in the home while the writer is away: it is not left empty."""
    return _any(draft, "home_kept", 0, len(draft.text))


def leaves_no_home_empty(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` or the sentence after it tells of coming back ("Kolme viikkoa Kreikassa.
    Ihana olla taas kotona!"), or the draft says someone stays in the home. The meaning layer's absence
    hints ask it of the sentence they flag."""
    return tells_of_coming_back(draft, start, draft.end_of_next_sentence(end)) or home_is_kept(draft)


def tells_of_coming_back(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` tells of coming back ("tultiin eilen kotiin lomalta", "back home
    after two weeks in Portugal"): travel told afterwards is no empty home."""
    return _any(draft, "returned", start, end)


def _sentence_hint(draft: Draft, s_start: int, s_end: int) -> Hint | None:
    if tells_of_coming_back(draft, s_start, s_end):
        return None
    empty = _first(draft, "empty_home", s_start, s_end)
    if empty:
        return RULE.hint(draft, *empty)
    away = _first(draft, "away", s_start, s_end) or _initial(draft, s_start, s_end)
    if away is None:
        return None
    where = _any(draft, "away_words", s_start, s_end) or _any(draft, "destination", s_start, s_end)
    when = _any(draft, "time_words", s_start, s_end)
    if not (where and when):
        return None
    end = w.end_of_words(draft, away[1], s_end)
    if _any(draft, "work", s_start, s_end) and not _any(draft, "home", s_start, s_end):
        return RULE.hint(draft, away[0], end, severity="info", weight=WORK_TRIP_WEIGHT)
    return RULE.hint(draft, away[0], end)


def detect(draft: Draft) -> list[Hint]:
    hints: list[Hint] = []
    for s_start, s_end in draft.sentences:
        hint = _sentence_hint(draft, s_start, s_end)
        if hint is not None:
            hints.append(hint)
    if hints and home_is_kept(draft):
        return [RULE.hint(draft, h.start, h.end, severity="info", weight=WORK_TRIP_WEIGHT) for h in hints]
    return hints
