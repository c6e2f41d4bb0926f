"""Hearsay about a person (Stockmann rule 8): "kuulemma X eroaa", "apparently he's quitting".

A hearsay cue (rule ``st-gossip-hearsay``'s ``cues``) counts when its sentence is about a
person: a word from ``about_people`` or a person named in it (``person_name.find_people``).
"Huomenna kuulemma sataa" is about the weather and gets no hint. Rumour phrases
that are gossip by themselves ("huhujen mukaan", "between you and me") are a word rule
(``st-gossip``) in the same data file.
"""

from __future__ import annotations

from ..analysis import Draft
from ..hints import Hint
from . import _stockmann_words as w
from .person_name import find_people

RULE_ID = "st-gossip-hearsay"
RULE = w.rule(RULE_ID)


def _names_a_person(draft: Draft, start: int, end: int) -> bool:
    """The sentence names somebody: a person of ``person_name.find_people`` (a first name from the
    name lists, or a full name the recognizer finds), not the writer's own signature."""
    return any(start <= p.start < end and not p.own for p in find_people(draft))


def detect(draft: Draft) -> list[Hint]:
    lang = draft.lang
    people = w.lexicon(RULE_ID, "about_people", lang)
    for start, end in w.spans_of(w.lexicon(RULE_ID, "cues", lang), draft):
        s_start, s_end = w.sentence_span(draft, start)
        if people.matches_text(draft, s_start, s_end) or _names_a_person(draft, s_start, s_end):
            return [RULE.hint(draft, start, end)]
    return []
