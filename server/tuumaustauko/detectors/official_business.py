"""Official business goes through official channels (guideline rule 5).

A person's own case pursued in a public post: "hakemukseni" / "min ansökan" / "my appeal"
together with asking, waiting or addressing the organisation; or a record number
(VN/1234/2026, dnro, diarienummer) together with asking or waiting. A post that tells
people to use the official channel ("Lähetä asiasi kirjaamoon") is the right behaviour and
gets nothing; a published consultation that names its record number gets nothing.

The suggestion names the pack's official channels. Word lists: data/rules/official_business.yaml.
"""

from __future__ import annotations

import dataclasses

from .. import textmatch
from ..draft import Draft
from ..hints import Hint
from ..ruledata import load_ruleset
from ._people import per_draft

RULES = load_ruleset("official_business")
RULE = RULES.rule("off-official-channel")

Span = tuple[int, int]


def _find(draft: Draft, key: str) -> list[Span]:
    lang = draft.lang
    spans = [(m.start, m.end) for m in RULES.lexicon(key, lang).finditer(draft)]
    spans += [(m.start(), m.end())
              for p in RULES.regexes(f"{key}_patterns", lang) for m in textmatch.finditer(p, draft)]
    return sorted(set(spans))


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def sends_to_the_channel(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` sends people to the official channel ("Lähetä asiasi kirjaamoon",
    "please contact Traficom's customer service", "lomakkeella, jonka löydät verkkosivuiltamme") or
    asks them not to post their case here ("Ethän laita asianumeroa tänne"): the right behaviour,
    not a case handled in public."""
    lang = draft.lang
    if (RULES.lexicon("warns_against_posting", lang).matches_text(draft, start, end)
            and RULES.lexicon("in_public", lang).matches_text(draft, start, end)):
        return True
    if not RULES.lexicon("redirect_verbs", lang).matches_text(draft, start, end):
        return False
    addresses = [a.lower() for a in draft.pack.official_channels.get("emails") or ()]
    return (RULES.lexicon("channels", lang).matches_text(draft, start, end)
            or any(a in draft.lower[start:end] for a in addresses))


# A sentence that names an identifier with at most this many other words ("Hetuni on 131052-308T.")
# says no more than the identifier.
MOST_WORDS_BESIDE_AN_IDENTIFIER = 3


def _identifier_spans(draft: Draft) -> list[tuple[int, int]]:
    """Where the identifier detectors find something, once per draft however many sentences ask."""
    from . import iban, national_id, payment_card, phone  # the identifier detectors, asked only here

    store = per_draft(draft)
    found = store.get("identifier_spans")
    if not isinstance(found, list):
        found = store["identifier_spans"] = [(h.start, h.end) for detector in (national_id, iban, payment_card, phone)
                                             for h in detector.detect(draft)]
    return found


def only_tells_an_identifier(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` says no more than a personal identifier ("Hetuni on 131052-308T.",
    "My number is 040 123 4567"): the identifier's own hint says what is wrong with it, and no case
    is handled in it (a case number is no identifier: "Asianumero 2024-55817, missä viipyy?")."""
    spans = [(s, e) for s, e in _identifier_spans(draft) if s < end and start < e]
    if not spans:
        return False
    words = [t for t in draft.tokens_between(start, end)
             if t.is_word and not any(s <= t.start < e for s, e in spans) and not any(c.isdigit() for c in t.text)]
    return len(words) <= MOST_WORDS_BESIDE_AN_IDENTIFIER


def advises_anyone(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` is advice to anyone in the position it names ("Jos olet tyytymätön
    päätökseen, voit hakea oikaisua", "Har du fått avslag, begär omprövning", "If you disagree, you can
    appeal"; ``general_advice_patterns``): how a case goes, not a case."""
    return any(textmatch.search(p, draft, start, end)
               for p in RULES.regexes("general_advice_patterns", draft.lang))


def handles_no_case(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` sends people to the official channel, advises anyone in a position, or
    says no more than an identifier: no case is handled in it. The meaning layer's official-channel hints
    ask it of the sentence they flag."""
    return (sends_to_the_channel(draft, start, end) or advises_anyone(draft, start, end)
            or only_tells_an_identifier(draft, start, end))


def _redirects(draft: Draft) -> bool:
    """A sentence that sends people to the official channel."""
    return any(sends_to_the_channel(draft, start, end) for start, end in draft.sentences)


def _suggestion(draft: Draft, hint: Hint) -> Hint:
    channels = (draft.pack.official_channels.get("text") or {}).get(draft.lang)
    if not channels:
        return hint
    return dataclasses.replace(hint, suggestion=f"{hint.suggestion} {channels}")


def detect(draft: Draft) -> list[Hint]:
    own = _find(draft, "own_case")
    references = [s for s in _find(draft, "case_reference") if not _overlaps(s, own)]
    if not own and not references:
        return []
    cues = own + references
    pursued = any(not _overlaps(s, cues) for s in _find(draft, "pursuit"))
    addressed = pursued or draft.pack.organisation_terms(draft.lang).matches_text(draft)
    flagged = (own if addressed else []) + (references if pursued else [])
    if not flagged or _redirects(draft):
        return []
    return [_suggestion(draft, RULE.hint(draft, s, e)) for s, e in sorted(flagged)]
