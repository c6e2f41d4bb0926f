"""Health about a person: a diagnosis, sick leave, treatment, pregnancy, mental health, disability.

A health word counts only when its sentence is about somebody in particular: the writer
("olen sairauslomalla", "I have diabetes"), a relative ("äitini", "min pappa", "my son"), a
colleague, a named person, or a post one person holds ("se uus talousjohtaja", "rektorn", "the head
teacher"). Health as a general topic ("diabetes on yleinen kansantauti",
"mental health week", a lecture on depression) gives no hint, nor does what a person told in public
themselves ("kertoi julkisesti sairastavansa", "announced that she will have surgery"). Figurative
uses ("sairaan hyvä", "sick of meetings") are not health at all.
"""

from __future__ import annotations

from ..draft import Draft
from ..hints import Hint
from ._people import RULES, About, SpanIndex, lexicon_index, per_draft

RULE = RULES.rule("pd-health")


def _health_spans(draft: Draft, key: str, figurative: SpanIndex) -> list[tuple[int, int]]:
    return [sp for sp in lexicon_index(draft, key).spans if not figurative.overlapping(*sp)]


def detect(draft: Draft) -> list[Hint]:
    store = per_draft(draft)
    cached = store.get("health_hints")
    if not isinstance(cached, list):
        cached = store["health_hints"] = _detect(draft)
    return list(cached)


def _detect(draft: Draft) -> list[Hint]:
    figurative = lexicon_index(draft, "health_figurative")
    states = set(_health_spans(draft, "health_states", figurative))
    conditions = _health_spans(draft, "health_conditions", figurative)
    if not states and not conditions:
        return []
    every = SpanIndex([*states, *conditions])
    about = About.of(draft)
    hints: list[Hint] = []
    for s_start, s_end in draft.sentences:
        spans = every.within(s_start, s_end)
        if not spans:
            continue
        kin = about.kin.any_within(s_start, s_end)
        strong = kin or about.named.any_within(s_start, s_end) or about.role.any_within(s_start, s_end)
        weak = about.weak.any_within(s_start, s_end)
        have = about.have.any_within(s_start, s_end)
        general = about.general.any_within(s_start, s_end)
        topic = about.topic.any_within(s_start, s_end)
        if not kin and lexicon_index(draft, "public_disclosure").any_within(s_start, s_end):
            continue  # told in public by the person themselves
        # The condition itself rather than the verb: "sairastaa [[dementiaa]]".
        if len(spans) > 1:
            spans.sort(key=lambda sp: (about.have.overlapping(*sp), sp[0]))
        for start, end in spans:
            owned = about.owned(start, end)
            if not (owned or strong or (weak and ((start, end) in states or have))):
                continue
            # A topic discussed in general: only a possessive, a relative or a named person still makes it personal
            # ("Jos joku ihmettelee…, niin Hannelella on rintasyöpä").
            if (topic and not owned) or (general and not (owned or strong)):
                continue
            hints.append(RULE.hint(draft, start, end))
            break  # one hint per sentence makes the point
    return hints
