"""A person's name (rule ``pd-person-name``): who is named comes from ``_people.find_people``.

A name is ``info``; it is a ``warning`` when its sentence (or the next one, when it goes on about
"hän"/"she") ties the person to something sensitive: health, a special category (as health.py and
special_category.py judge them), a case, an address or gossip. The writer's own name (a signature,
"olen Matti Virtanen") stays ``info``. A first name alone gives a hint only when it is tied to
something sensitive. What the rule book's cues miss, the meaning layer may find: ``tied_by`` gives
the same warning to the people of the sentences a head flags (``HeadSpec.ties``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..draft import Draft
from ..hints import Hint
from ..tokens import is_word
from . import gossip, health, special_category
from ._people import RULES, SpanIndex, find_people, lexicon_index, pattern_index, sentence_span, word_set_lang
from .official_business import sends_to_the_channel

RULE = RULES.rule("pd-person-name")


# --- what ties a sentence to something sensitive -------------------------------------------


@dataclass(frozen=True)
class Sensitive:
    """Where in a draft the sensitive things are: health and special categories about a person (as
    health.py and special_category.py judge them), cases, home addresses, gossip."""

    health: SpanIndex
    special: SpanIndex
    case: SpanIndex
    case_general: SpanIndex
    other: SpanIndex  # an explicit address cue, gossip
    street: SpanIndex  # a street address: a tie when the sentence speaks of where somebody lives
    residence: SpanIndex

    @classmethod
    def of(cls, draft: Draft) -> Sensitive:
        # Hearsay that passes on the weather ties no one to it ("Kuulemma juhannukseks on luvattu hellettä,
        # ainakin naapurin Raimo vannoo niin").
        hearsay = [(s, e) for s, e in lexicon_index(draft, "gossip_cues").spans
                   if not gossip.passes_on_the_weather(draft, s, e)]
        other = [*lexicon_index(draft, "address_cues").spans, *hearsay]
        residence = lexicon_index(draft, "residence_cues")
        return cls(
            health=SpanIndex((h.start, h.end) for h in health.detect(draft)),
            special=SpanIndex((h.start, h.end) for h in special_category.detect(draft)),
            case=lexicon_index(draft, "case_cues"),
            case_general=lexicon_index(draft, "case_general"),
            other=SpanIndex(other),
            # Street addresses matter only where the draft speaks of where somebody lives.
            street=pattern_index(draft, "address_patterns") if residence else SpanIndex(()),
            residence=residence,
        )

    def ties(self, draft: Draft, start: int, end: int) -> bool:
        if self.other.any_within(start, end):
            return True
        if self.street.any_within(start, end) and self.residence.any_within(start, end):
            return True
        # A sentence that sends the person's case to the official channel ("@mark_t I can't look into your case
        # from here, but the complaints form on our website goes straight to the right team") is the right
        # behaviour: it ties no case to the person.
        if (self.case.any_within(start, end) and not self.case_general.any_within(start, end)
                and not sends_to_the_channel(draft, start, end)):
            return True
        return self.health.any_within(start, end) or self.special.any_within(start, end)


def _next_sentence(draft: Draft, end: int) -> tuple[int, int]:
    """The sentence after the one that ends at ``end`` (``end`` < the draft's length)."""
    return sentence_span(draft, end + (1 if draft.text[end : end + 1].isspace() else 0))


def _scope(draft: Draft, offset: int, third_person: SpanIndex) -> tuple[int, int]:
    """The sentence of the name, and the next one when it goes on about "hän"/"she"."""
    start, end = sentence_span(draft, offset)
    if end < len(draft.text):
        n_start, n_end = _next_sentence(draft, end)
        if n_start >= end and third_person.any_within(n_start, min(n_end, n_start + 40)):
            return start, n_end
    return start, end


def _tied_hint(draft: Draft, start: int, end: int) -> Hint:
    lang = draft.lang
    hint = RULE.hint(draft, start, end, severity="warning", message=RULE.data["message_sensitive"][lang])
    return replace(hint, suggestion=RULE.data["suggestion_sensitive"][lang])


def detect(draft: Draft) -> list[Hint]:
    people = find_people(draft)
    if not people:
        return []
    sensitive = Sensitive.of(draft)
    third_person = lexicon_index(draft, "third_person")
    hints: list[Hint] = []
    for person in people:
        tied = not person.own and sensitive.ties(draft, *_scope(draft, person.start, third_person))
        if tied:
            hints.append(_tied_hint(draft, person.start, person.end))
        elif person.full:
            hints.append(RULE.hint(draft, person.start, person.end, severity="info"))
    return hints


# A sentence of at most this many words that names a person is a greeting or an address ("Hei
# Jarmo!", "Hej Ann-Britt,"): what the next sentence says is said to, or of, that person.
GREETING_WORDS = 3


def _greeting(draft: Draft, start: int, end: int) -> bool:
    return sum(1 for word in draft.text[start:end].split() if is_word(word)) <= GREETING_WORDS


def tied_by(draft: Draft, flagged: Iterable[tuple[int, int]]) -> list[Hint]:
    """A warning on each person (not the writer) named in a sentence that ``flagged`` meets (the
    spans where the meaning layer found gossip, health, a belief or a case), or in the next one
    when it goes on about "hän"/"she", or greeted just before it ("Hei Jarmo! Hakemuksesi
    hylättiin."): the tie the rule book's cues would have made."""
    spans = SpanIndex(flagged)
    people = find_people(draft) if spans else []
    if not people:
        return []
    third_person = lexicon_index(draft, "third_person")
    hints: list[Hint] = []
    for person in people:
        if person.own:
            continue
        start, end = _scope(draft, person.start, third_person)
        if not spans.overlapping(start, end) and _greeting(draft, start, end) and end < len(draft.text):
            end = _next_sentence(draft, end)[1]
        if spans.overlapping(start, end):
            hints.append(_tied_hint(draft, person.start, person.end))
    return hints


_WORD = re.compile(r"\w+")


def _opens_the_draft(draft: Draft, start: int) -> bool:
    """A name the draft opens with, alone or after a greeting ("Hei Raili,", "Hej @Stig Nyberg!",
    "@petri_kyllonen Kiitos viestistä"): the person the draft speaks to."""
    # At most two words are looked at, so that a long draft naming many people stays linear.
    words = [m.group().lower() for m in itertools.islice(_WORD.finditer(draft.text, 0, start), 2)]
    return len(words) <= 1 and all(w in word_set_lang("greeting_words", draft.lang) for w in words)


def addressed_by(draft: Draft, flagged: Iterable[tuple[int, int]]) -> list[Hint]:
    """A warning on the person a draft opens by speaking to, when a head found a case handled or a
    person's health anywhere in it ("Hei Raili, katsoimme yksityistieavustuksenne tilanteen.
    Maksatus viivästyy…"): it is theirs."""
    if not list(flagged):
        return []
    return [_tied_hint(draft, p.start, p.end) for p in find_people(draft)
            if not p.own and _opens_the_draft(draft, p.start)]
