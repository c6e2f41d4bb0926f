"""Name-calling aimed at people (Stockmann rule 7): idiootti, ääliö, pucko, moron...

Word lists are in ``data/rules/stockmann.yaml`` (rule ``st-insult``): ``insults`` count by
themselves, and so do ``slurs`` (ryssä, blatte, towelhead); ``aimed`` words (pelle, clown, loser) only
when the words just before aim them at someone ("senkin pelle", "you clown") or they are said to someone
at the end of a clause ("get a life, losers."). A word quoted to object to it ("kutsui minua idiootiksi,
ei kivaa"; not "ei osannut sanaakaan" or "så kallade", which quote nothing), written in quotation marks, or said of
oneself in the same clause ("olin idiootti", "tunsin itseni idiootiksi"; not across a colon) is low risk:
an ``info`` hint. So is banter, name-calling said with love: a fond word just before it ("ihana
idiootti", "världens bästa idiot"), a declaration of love or a heart in its sentence or the next ("Dave
you absolute muppet 😂 ... Love you mate").
"""

from __future__ import annotations

from ..draft import Draft
from ..hints import Hint
from ..textmatch import Lexicon
from . import _stockmann_words as w
from ._people import per_draft

RULE_ID = "st-insult"
RULE = w.rule(RULE_ID)
LOW_RISK_WEIGHT = 0.05


def _is_name(draft: Draft, start: int, end: int) -> bool:
    """'Urpo Virtanen': a title-case word followed by another one is a name, not an insult."""
    word = draft.text[start:end]
    if not (word[:1].isupper() and not word.isupper()):
        return False
    after = w.words_after(draft, end, 1)
    return bool(after) and after[0].is_title


def _copula_aim(draft: Draft, before: list[str]) -> bool:
    """'X on ihan pelle': a copula and a softer intensifier just before the word."""
    copulas = w.word_set(RULE_ID, "copulas", draft.lang)
    softer = w.word_set(RULE_ID, "copula_intensifiers", draft.lang)
    return any(b in copulas for b in before[-3:]) and any(b in softer for b in before[-2:])


def _feels_oneself(draft: Draft, start: int) -> bool:
    """'Tunnen itteni ihan idiootiks', 'I feel like such an idiot': the writer calls themself one."""
    before = w.words_before(draft, start, 5)
    return bool(before) and w.lexicon(RULE_ID, "self_feelings", draft.lang).matches_text(draft, before[0].start, start)


# "Ei osannut sanaakaan suomea": a word of quoting with the clitic of "not even" quotes nothing.
NOT_EVEN_ENDINGS = ("kaan", "kään")


def _objects_or_quotes(draft: Draft, quoting: Lexicon, start: int, end: int) -> bool:
    """A word of quoting or objecting in the sentence ("kutsui minua idiootiksi", "the word", "not ok"); not
    "so-called" (``not_quoting``: "den så kallade experten")."""
    so_called = w.spans_of(w.lexicon(RULE_ID, "not_quoting", draft.lang), draft, start, end)
    return any(not draft.text[m.start:m.end].lower().endswith(NOT_EVEN_ENDINGS)
               and not w.overlaps_any(m.start, m.end, so_called)
               for m in quoting.finditer(draft, start, end))


CLAUSE_BREAKS = frozenset(":;–—")
VOCATIVE_ENDS = frozenset(".!?")


def _called_out(draft: Draft, start: int, end: int) -> bool:
    """A word said to someone at the end of a clause, after a comma ("get a life, losers.", "Menkää kotiin,
    pellet!"): a vocative aims it at the one spoken to."""
    before = draft.text[max(0, start - 3):start].rstrip()
    after = draft.text[end:end + 3].lstrip(" ")
    return before.endswith(",") and (not after or after[0] in VOCATIVE_ENDS or after[0] == "\n")


def _clause_break(draft: Draft, start: int, end: int) -> bool:
    """A colon, semicolon or dash between two words: "mitä mieltä mää oon siitä osastosta: laiskoja
    lusmuja" says the writer's view of others, not of themself."""
    return any(c in CLAUSE_BREAKS for c in draft.text[start:end])


def _judge(draft: Draft, start: int, end: int, needs_aim: bool) -> str | None:
    lang = draft.lang
    before_words = w.words_before(draft, start, 4)
    before = [t.lower for t in before_words]
    second = w.word_set(RULE_ID, "second_person", lang)
    if any(b in second for b in before):
        return "warning"
    if _feels_oneself(draft, start):
        return "info"
    first = w.word_set(RULE_ID, "self_words", lang)
    preps = w.word_set(RULE_ID, "prepositions", lang)
    in_clause = [t.lower for t in before_words if not _clause_break(draft, t.end, start)]
    if any(b in first for b in in_clause) and not any(b in preps for b in in_clause):
        return "info"
    intensifiers = w.word_set(RULE_ID, "intensifiers", lang)
    if needs_aim and not (any(b in intensifiers for b in before[-3:]) or _copula_aim(draft, before)
                          or _called_out(draft, start, end)):
        return None
    return "warning"


def _said_with_love(draft: Draft, start: int) -> bool:
    lang = draft.lang
    before = [t.lower for t in w.words_before(draft, start, 2)]
    if any(b in w.word_set(RULE_ID, "fond_before", lang) for b in before):
        return True
    i = w.sentence_index(draft, start)
    sentences = draft.sentences or ((0, len(draft.text)),)
    s_start, s_end = sentences[i][0], sentences[min(i + 1, len(sentences) - 1)][1]
    if any(mark in draft.text[s_start:s_end] for mark in w.word_set(RULE_ID, "affection_marks", lang)):
        return True
    return w.lexicon(RULE_ID, "affection", lang).matches_text(draft, s_start, s_end)


def _in_the_whole_draft(draft: Draft) -> list[Hint]:
    """``find`` over the whole draft, once per draft: the rule and the insult head's sentence test
    (``reports_name_calling``, asked once a flagged sentence) read the same hints."""
    store = per_draft(draft)
    found = store.get("insult_hints")
    if not isinstance(found, list):
        found = store["insult_hints"] = find(draft)
    return found


def detect(draft: Draft) -> list[Hint]:
    return list(_in_the_whole_draft(draft))


def reports_name_calling(draft: Draft, start: int, end: int) -> bool:
    """The draft's name-calling is all reported or said with love (the rule's hints are all info:
    "Someone in the replies called cyclists 'brainless parasites'. That kind of language has no
    place here."): a draft that objects to an insult, or teases a friend, insults no one. The meaning
    layer's insult hints ask it of the sentence they flag (``start``/``end`` are not needed: it is
    the whole draft's matter)."""
    hints = _in_the_whole_draft(draft)
    if hints:
        return all(h.severity == "info" for h in hints)
    # Words the lists lack, in quotation marks beside a word of reporting ("called cyclists
    # 'brainless parasites'", "kutsui meitä ”loisiksi”").
    reporting = w.lexicon(RULE_ID, "reporting", draft.lang)
    if any(reporting.matches_text(draft, *w.sentence_span(draft, q_start)) for q_start, _ in draft.quoted_passages):
        return True
    # Reported without quotation marks and said against ("Joku kirjotti tänne et kaikki sossun tädit on
    # lahjattomia laiskureita. Ei pidä paikkaansa.", "Someone claimed all nurses are lazy. Not true.").
    refuting = w.lexicon(RULE_ID, "refuting", draft.lang)
    return any(reporting.matches_text(draft, s_start, s_end)
               and refuting.matches_text(draft, s_start, draft.end_of_next_sentence(s_end))
               for s_start, s_end in draft.sentences)


def find(draft: Draft, start: int = 0, end: int | None = None) -> list[Hint]:
    """Insult hints within [start, end) of the draft (the shouting detector asks about its runs)."""
    lang = draft.lang
    lo, hi = max(0, start - 40), (len(draft.text) if end is None else min(len(draft.text), end + 40))
    excluded = w.spans_of(w.lexicon(RULE_ID, "not_insults", lang), draft, lo, hi)
    candidates = [(s, e, False) for key in ("insults", "slurs")
                  for s, e in w.spans_of(w.lexicon(RULE_ID, key, lang), draft, start, end)]
    candidates += [(s, e, True) for s, e in w.spans_of(w.lexicon(RULE_ID, "aimed", lang), draft, start, end)]
    quoting = w.lexicon(RULE_ID, "quoting", lang)
    hints: list[Hint] = []
    for m_start, m_end, needs_aim in sorted(candidates):
        if w.overlaps_any(m_start, m_end, excluded) or any(h.overlaps(m_start, m_end) for h in hints):
            continue
        if _is_name(draft, m_start, m_end):
            continue
        severity = _judge(draft, m_start, m_end, needs_aim)
        if severity is None:
            continue
        s_start, s_end = w.sentence_span(draft, m_start)
        if severity == "warning" and (
            w.in_quotes(draft, m_start, m_end) or _objects_or_quotes(draft, quoting, s_start, s_end)
            or _said_with_love(draft, m_start)
        ):
            severity = "info"
        if severity == "info":
            hints.append(RULE.hint(draft, m_start, m_end, severity="info", weight=LOW_RISK_WEIGHT))
        else:
            hints.append(RULE.hint(draft, m_start, m_end, severity="warning"))
    return hints
