"""GDPR special categories about a person: religion, ethnic origin, sexual orientation, party or
trade-union membership, a criminal record, biometric data.

"Kollegani on homo", "hän kuuluu Jehovan todistajiin", "hon är med i facket", "my manager is a
Muslim": warning. The topic in general ("uskonnonvapaus on perusoikeus", "the union negotiations
continue") gives nothing, nor does a politician's party in a public role.
"""

from __future__ import annotations

from ..draft import Draft
from ..hints import Hint
from ._people import RULES, About, SpanIndex, lexicon_index, per_draft

NAME_BEFORE_CHARS = 60
RULE = RULES.rule("pd-special-category")


def detect(draft: Draft) -> list[Hint]:
    store = per_draft(draft)
    cached = store.get("special_hints")
    if not isinstance(cached, list):
        cached = store["special_hints"] = _detect(draft)
    return list(cached)


def _detect(draft: Draft) -> list[Hint]:
    special = lexicon_index(draft, "special_terms")
    political = lexicon_index(draft, "special_political")
    if not special and not political:
        return []
    every = SpanIndex([*special.spans, *political.spans])
    party = set(political.spans)
    public_roles = lexicon_index(draft, "public_roles")
    prison_staff = lexicon_index(draft, "prison_staff")
    about = About.of(draft)
    hints: list[Hint] = []
    for s_start, s_end in draft.sentences:
        spans = every.within(s_start, s_end)
        if not spans:
            continue
        kin = about.kin.any_within(s_start, s_end)
        pointed = (
            kin
            or about.named.any_within(s_start, s_end)
            or about.third.any_within(s_start, s_end)
            or about.self_special.any_within(s_start, s_end)
        )
        general = about.general.any_within(s_start, s_end)
        topic = about.topic.any_within(s_start, s_end)
        for start, end in spans:
            if prison_staff.overlapping(start, end):
                continue  # the prison as a workplace ("vankilan johtajaksi", "prison officer")
            owned = about.owned(start, end)
            if not (pointed or owned):
                continue
            # A name just before the word is about that person even beside "everyone" ("Not
            # everyone knows, but Laura from legal is a Jehovah's Witness").
            named_before = bool(about.named.within(max(s_start, start - NAME_BEFORE_CHARS), start))
            if (topic and not owned) or (general and not (owned or kin or named_before)):
                continue
            if (start, end) in party and public_roles.any_within(s_start, s_end):
                continue  # a politician's party is public
            hints.append(RULE.hint(draft, start, end))
            break
    return hints
