"""Hearsay about a person (Stockmann rule 8): "kuulemma X eroaa", "apparently he's quitting".

A hearsay cue (rule ``st-gossip-hearsay``'s ``cues``) counts when its sentence is about a
person: a word from ``about_people`` or a name (a capitalised word that does not start the
sentence). "Huomenna kuulemma sataa" is about the weather and gets no hint. Rumour phrases
that are gossip by themselves ("huhujen mukaan", "between you and me") are a word rule
(``st-gossip``) in the same data file.
"""

from __future__ import annotations

from ..analysis import Draft
from ..hints import Hint
from . import _stockmann_words as w

RULE_ID = "st-gossip-hearsay"
RULE = w.rule(RULE_ID)


def _names_a_person(draft: Draft, start: int, end: int, cue: tuple[int, int]) -> bool:
    not_names = w.word_set(RULE_ID, "not_names", draft.lang)
    for token in draft.tokens_between(start, end):
        if token.start == start or w.overlaps_any(token.start, token.end, [cue]):
            continue
        if token.is_title and token.is_word and len(token.text) > 1 and token.lower not in not_names:
            return True
    return False


def detect(draft: Draft) -> list[Hint]:
    lang = draft.lang
    people = w.lexicon(RULE_ID, "about_people", lang)
    for start, end in w.spans_of(w.lexicon(RULE_ID, "cues", lang), draft):
        s_start, s_end = w.sentence_span(draft, start)
        if people.matches_text(draft, s_start, s_end) or _names_a_person(draft, s_start, s_end, (start, end)):
            return [RULE.hint(draft, start, end)]
    return []
