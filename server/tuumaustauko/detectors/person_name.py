"""A person's name (rule ``pd-person-name``): who is named comes from ``_people.find_people``.

A name is ``info``; it is a ``warning`` when its sentence (or the next one, when it goes on about
"hän"/"she") ties the person to something sensitive: health, a special category (as health.py and
special_category.py judge them), a case, an address or gossip. The writer's own name (a signature,
"olen Matti Virtanen") stays ``info``. A first name alone gives a hint only when it is tied to
something sensitive.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..draft import Draft
from ..hints import Hint
from . import health, special_category
from ._people import RULES, SpanIndex, find_people, lexicon_index, pattern_index, sentence_span

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
        other = [*lexicon_index(draft, "address_cues").spans, *lexicon_index(draft, "gossip_cues").spans]
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

    def ties(self, start: int, end: int) -> bool:
        if self.other.any_within(start, end):
            return True
        if self.street.any_within(start, end) and self.residence.any_within(start, end):
            return True
        if self.case.any_within(start, end) and not self.case_general.any_within(start, end):
            return True
        return self.health.any_within(start, end) or self.special.any_within(start, end)


def _scope(draft: Draft, offset: int, third_person: SpanIndex) -> tuple[int, int]:
    """The sentence of the name, and the next one when it goes on about "hän"/"she"."""
    start, end = sentence_span(draft, offset)
    if end < len(draft.text):
        n_start, n_end = sentence_span(draft, end + (1 if draft.text[end : end + 1].isspace() else 0))
        if n_start >= end and third_person.any_within(n_start, min(n_end, n_start + 40)):
            return start, n_end
    return start, end


def detect(draft: Draft) -> list[Hint]:
    people = find_people(draft)
    if not people:
        return []
    sensitive = Sensitive.of(draft)
    third_person = lexicon_index(draft, "third_person")
    lang = draft.lang
    hints: list[Hint] = []
    for person in people:
        tied = not person.own and sensitive.ties(*_scope(draft, person.start, third_person))
        if tied:
            hint = RULE.hint(
                draft, person.start, person.end, severity="warning", message=RULE.data["message_sensitive"][lang]
            )
            hints.append(replace(hint, suggestion=RULE.data["suggestion_sensitive"][lang]))
        elif person.full:
            hints.append(RULE.hint(draft, person.start, person.end, severity="info"))
    return hints
