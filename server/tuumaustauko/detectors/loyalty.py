"""Running down one's employer or colleagues in public (Stockmann rule 8).

A hint needs, in one sentence, a word for the writer's employer or colleagues (the
rule's ``employer`` list and the pack's organisation names) and a strong negative
evaluation (``negative``): "pomoni on täysin kyvytön", "mitt jobb suger", "my employer is a
joke". The evaluation must follow the employer word (within ``after_chars``) or stand
just before it ("surkea työpaikka", "I hate my job"). Mild, constructive criticism has no
strong word and gets no hint; talk about a former employer is low risk (info). A negative word in
quotation marks reports what someone else said ("kollegaani kutsuttiin ”idiootiksi”") and counts for nothing.

Without such a pair, an insider warning the public off the employer's goods or services, in a draft that says
the matter is the writer's own work ("Jobbar som mekaniker på en av kedjorna … Gå till en liten verkstad"),
runs the employer down too (``st-loyalty-insider``).
"""

from __future__ import annotations

from .. import textmatch
from ..draft import Draft
from ..hints import Hint
from ..whose_view import says_it_is_the_writers_work
from . import _stockmann_words as w

RULE_ID = "st-loyalty"
RULE = w.rule(RULE_ID)
INSIDER_ID = "st-loyalty-insider"
INSIDER = w.rule(INSIDER_ID)
AFTER_CHARS = int(RULE.data.get("after_chars", 70))
BEFORE_CHARS = int(RULE.data.get("before_chars", 25))


def detect(draft: Draft) -> list[Hint]:
    lang = draft.lang
    not_negative = w.spans_of(w.lexicon(RULE_ID, "not_negative", lang), draft)
    negatives: dict[int, list[tuple[int, int]]] = {}
    for n_start, n_end in w.spans_of(w.lexicon(RULE_ID, "negative", lang), draft):
        if not w.overlaps_any(n_start, n_end, not_negative) and not w.in_quotes(draft, n_start, n_end):
            negatives.setdefault(w.sentence_index(draft, n_start), []).append((n_start, n_end))
    if not negatives:
        return _insider_warning(draft)
    employers = w.spans_of(w.lexicon(RULE_ID, "employer", lang), draft)
    employers += w.spans_of(draft.pack.organisation_terms(lang), draft)
    former = w.lexicon(RULE_ID, "former", lang)
    breaks = [str(b) for b in (RULE.data.get("clause_breaks") or {}).get(lang, [])]
    for e_start, e_end in sorted(set(employers)):
        for n_start, n_end in negatives.get(w.sentence_index(draft, e_start), ()):
            follows = e_end <= n_start <= e_end + AFTER_CHARS and not any(
                brk in draft.lower[e_end:n_start] for brk in breaks
            )
            precedes = n_end <= e_start and e_start - n_end <= BEFORE_CHARS
            if not (follows or precedes):
                continue
            start, end = min(e_start, n_start), max(e_end, n_end)
            s_start, s_end = w.sentence_span(draft, e_start)
            if former.matches_text(draft, s_start, s_end):
                return [RULE.hint(draft, start, end, severity="info", weight=0.05)]
            return [RULE.hint(draft, start, end)]
    return _insider_warning(draft)


def _insider_warning(draft: Draft) -> list[Hint]:
    """The writer says the matter is their own work and warns the public off the employer's goods or services
    (rule ``st-loyalty-insider``'s ``warns_off``): "Oon töissä yhdessä noista hammasketjuista. Älkää menkö sinne"."""
    warns_off = any(textmatch.search(p, draft) for p in w.patterns(INSIDER_ID, "warns_off", draft.lang))
    if not warns_off or not says_it_is_the_writers_work(draft):
        return []
    return [INSIDER.hint(draft, 0, 0)]  # the rule is document-level
