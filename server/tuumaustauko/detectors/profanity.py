"""Swearing (Stockmann rule 7): perkele, vittu, jävla, fuck...

Word lists are in ``data/rules/stockmann.yaml`` (rule ``st-profanity``), matched on word
boundaries, with false friends listed under ``not_profanity`` (Helvetinjärvi, shiitake,
Pissarro) and the Swedish 'fan' judged by its neighbours ('ett stort fan av', 'fanns').
Swearing as an intensifier in joy ("vitun hyvä maali!", "skitbra", "fucking brilliant goal")
is low risk: an ``info`` hint, and so is swearing in quotation marks, someone else's words
reported ("huusi kuskille "senkin vitun ääliö"", 'skrek "jävla idiot" åt chauffören').
"""

from __future__ import annotations

from ..draft import Draft
from ..hints import Hint
from ..textmatch import for_lowercase_text
from . import _stockmann_words as w

RULE_ID = "st-profanity"
RULE = w.rule(RULE_ID)
JOY_WEIGHT = 0.05
QUOTED_WEIGHT = 0.05


def _joyful_compound(draft: Draft, start: int, end: int) -> bool:
    """'skitbra', 'vitunhyvä': the swear word glued to a positive word."""
    word = draft.lower[start:end]
    tails = w.word_set(RULE_ID, "joy_tails", draft.lang)
    return any(word.endswith(t) and len(word) > len(t) + 2 for t in tails)


def _fan_is_a_fan(draft: Draft, start: int, end: int) -> bool:
    """Swedish 'fan' as in 'ett stort fan av', not the swear word."""
    before = [t.lower for t in w.words_before(draft, start, 1)]
    after = [t.lower for t in w.words_after(draft, end, 1)]
    return bool(set(before) & w.word_set(RULE_ID, "fan_before", draft.lang)) or bool(
        set(after) & w.word_set(RULE_ID, "fan_after", draft.lang)
    )


def detect(draft: Draft) -> list[Hint]:
    return find(draft)


def find(draft: Draft, start: int = 0, end: int | None = None) -> list[Hint]:
    """Swearing hints within [start, end) of the draft (the shouting detector asks about its runs)."""
    lang = draft.lang
    stop = len(draft.text) if end is None else end
    excluded = w.spans_of(w.lexicon(RULE_ID, "not_profanity", lang), draft, max(0, start - 40), stop)
    found = w.spans_of(w.lexicon(RULE_ID, "swears", lang), draft, start, stop)
    for pattern in w.patterns(RULE_ID, "swear_patterns", lang):
        found.extend((m.start(), m.end()) for m in for_lowercase_text(pattern).finditer(draft.lower, start, stop))
    hints: list[Hint] = []
    for m_start, m_end in sorted(set(found)):
        if w.overlaps_any(m_start, m_end, excluded) or any(h.overlaps(m_start, m_end) for h in hints):
            continue
        if lang == "sv" and draft.lower[m_start:m_end] == "fan" and _fan_is_a_fan(draft, m_start, m_end):
            continue
        if w.joyful_near(draft, m_start, m_end) or _joyful_compound(draft, m_start, m_end):
            hints.append(RULE.hint(draft, m_start, m_end, severity="info", weight=JOY_WEIGHT))
        elif w.in_quotes(draft, m_start, m_end):
            hints.append(RULE.hint(draft, m_start, m_end, severity="info", weight=QUOTED_WEIGHT))
        else:
            hints.append(RULE.hint(draft, m_start, m_end))
    return hints
