"""Hearsay about a person (Stockmann rule 8): "kuulemma X eroaa", "apparently he's quitting".

A hearsay cue (rule ``st-gossip-hearsay``'s ``cues``) or a rumour phrase (rule ``st-gossip``'s
``rumour_patterns``: "huhujen mukaan", "between you and me") counts when its sentence is about a
person: a word from ``about_people`` or a person named in it (``_people.find_people``).
"Huomenna kuulemma sataa" is about the weather and "rumour has it the café gets pizza" about a
café: no hint.
"""

from __future__ import annotations

import re

from .. import textmatch
from ..draft import Draft
from ..hints import Hint
from . import _stockmann_words as w
from ._people import find_people

RULE_ID = "st-gossip-hearsay"
RULE = w.rule(RULE_ID)
RUMOUR_ID = "st-gossip"
RUMOUR = w.rule(RUMOUR_ID)


def _names_a_person(draft: Draft, start: int, end: int) -> bool:
    """The sentence names somebody: a person of ``_people.find_people`` (a first name from the
    name lists, or a full name the recognizer finds), not the writer's own signature."""
    return any(start <= p.start < end and not p.own for p in find_people(draft))


def _about_a_person(draft: Draft, start: int, end: int) -> bool:
    """The cue's sentence speaks of a person, and what the cue passes on is not the weather."""
    s_start, s_end = w.sentence_span(draft, start)
    people = w.lexicon(RULE_ID, "about_people", draft.lang)
    return ((people.matches_text(draft, s_start, s_end) or _names_a_person(draft, s_start, s_end))
            and not passes_on_the_weather(draft, start, end))


# Where the clause the hearsay passes on ends.
_CLAUSE_BREAK = re.compile(r"[,;:–—]|\s(?:mutta|men|but|ainakin|åtminstone|at\s+least)\s", re.IGNORECASE)


def passes_on_the_weather(draft: Draft, start: int, end: int) -> bool:
    """The clause the cue passes on (after it, or before it when the cue closes its sentence) tells the
    weather and names no one ("Kuulemma juhannukseks on luvattu hellettä, ainakin naapurin Raimo vannoo
    niin"): the person nearby is its source, not its subject."""
    s_start, s_end = w.sentence_span(draft, start)
    after = _CLAUSE_BREAK.search(draft.text, end, s_end)
    c_start, c_end = end, after.start() if after else s_end
    if w.end_of_words(draft, c_start, c_end) <= c_start:  # nothing after the cue: the clause before it
        before = [m.end() for m in _CLAUSE_BREAK.finditer(draft.text, s_start, start)]
        c_start, c_end = (before[-1] if before else s_start), start
    weather = w.lexicon(RULE_ID, "about_the_weather", draft.lang)
    people = w.lexicon(RULE_ID, "about_people", draft.lang)
    return (weather.matches_text(draft, c_start, c_end) and not people.matches_text(draft, c_start, c_end)
            and not _names_a_person(draft, c_start, c_end))


def detect(draft: Draft) -> list[Hint]:
    lang = draft.lang
    # Rumour phrases ("huhujen mukaan", "between you and me"): each one about a person is a hint;
    # "rumour has it the café downstairs gets a new espresso machine" is not.
    hints = [
        RUMOUR.hint(draft, *_what_it_says(draft, m.start(), m.end()))
        for pattern in w.patterns(RUMOUR_ID, "rumour_patterns", lang)
        for m in textmatch.finditer(pattern, draft)
        if m.end() > m.start() and _about_a_person(draft, m.start(), m.end())
    ]
    # Hearsay ("kuulemma", "apparently"): the first one about a person.
    for start, end in w.spans_of(w.lexicon(RULE_ID, "cues", lang), draft):
        if not any(h.overlaps(start, end) for h in hints) and _about_a_person(draft, start, end):
            hints.append(RULE.hint(draft, *_what_it_says(draft, start, end)))
            break
    return hints


def _what_it_says(draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The cue and what it passes on: from the cue to the end of its sentence ("kuulemma [Lauri joutui
    lähtemään]"), or the sentence up to the cue when the cue closes it ("…drinks on the job, everyone
    knows")."""
    s_start, s_end = w.sentence_span(draft, start)
    s_end = w.end_of_words(draft, end, s_end)
    if s_end > end:
        return start, s_end
    return s_start, end
