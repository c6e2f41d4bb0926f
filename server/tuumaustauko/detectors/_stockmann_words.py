"""Shared helpers for the Stockmann detectors (insult, profanity, shouting, loyalty, absence).

Word lists and regular expressions live in ``data/rules/stockmann.yaml``; this module only
reads them, compiles them once, and answers small questions about a match's neighbourhood
(is it in quotes, is a joyful word next to it, which words stand just before it).
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from ..analysis import LONG_DRAFT, Token
from ..draft import Draft
from ..hints import Lang
from ..ruledata import Rule, RuleSet, load_ruleset
from ..textmatch import Lexicon, longest_literal

RULES: RuleSet = load_ruleset("stockmann")

QUOTES = "\"'“”„«»‘’"


def rule(rule_id: str) -> Rule:
    return RULES.rule(rule_id)


def patterns(rule_id: str, key: str, lang: Lang) -> tuple[re.Pattern[str], ...]:
    """Regular expressions kept under ``key`` of a rule (per language, plus ``any``)."""
    return rule(rule_id).regexes(key, lang)


@cache
def _lexicon(rule_id: str, key: str, lang: Lang) -> Lexicon:
    return rule(rule_id).lexicon(key, lang)


def lexicon(rule_id: str, key: str, lang: Lang) -> Lexicon:
    """A word list (textmatch term syntax) kept under ``key`` of a rule."""
    return _lexicon(rule_id, key, lang)


@cache
def shared_lexicon(key: str, lang: Lang) -> Lexicon:
    """A word list kept at the top of stockmann.yaml (shared by several detectors)."""
    return RULES.lexicon(key, lang)


@cache
def word_set(rule_id: str, key: str, lang: Lang) -> frozenset[str]:
    data = rule(rule_id).data.get(key) or {}
    return frozenset(str(w).lower() for w in [*data.get("any", []), *data.get(lang, [])])


@cache
def _needles(lex: Lexicon) -> tuple[tuple[str, ...], frozenset[str]]:
    """For a quick pre-check: the longest literal part of each wildcard or multi-word term, and
    the plain one-word terms (which may also match through a token's lemma)."""
    cores: list[str] = []
    plain: set[str] = set()
    for term in lex.terms:
        words = term.split()
        if len(words) == 1 and "*" not in term:
            plain.add(term)
        else:
            cores.append(longest_literal(term))
    return tuple(cores), frozenset(plain)


def could_match(lex: Lexicon, draft: Draft, start: int = 0, end: int | None = None) -> bool:
    """False when no term of the lexicon can match in [start, end): substring tests are far
    cheaper than the lexicon's one big regular expression on a long, clean draft."""
    cores, plain = _needles(lex)
    if start == 0 and end is None and len(draft.text) >= LONG_DRAFT:  # its piece index and lemma set answer
        if any(draft.may_contain(core) for core in cores) or any(draft.may_contain(term) for term in plain):
            return True
        return lex.may_occur_by_form(draft)
    text = draft.lower[start:end]
    if any(core in text for core in cores) or any(term in text for term in plain):
        return True
    return lex.may_occur_by_form(draft) and bool(lex.by_form(draft, start, end))


def spans_of(lex: Lexicon, draft: Draft, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    if not could_match(lex, draft, start, end):
        return []
    return sorted({(m.start, m.end) for m in lex.finditer(draft, start, end)})


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def sentence_index(draft: Draft, offset: int) -> int:
    """Index of the sentence holding ``offset`` (a binary search; Draft.sentence_index rebuilds a list)."""
    return max(0, bisect.bisect_right(draft.sentences, offset, key=lambda s: s[0]) - 1)


def sentence_span(draft: Draft, offset: int) -> tuple[int, int]:
    if not draft.sentences:
        return (0, len(draft.text))
    return draft.sentences[sentence_index(draft, offset)]


def end_of_words(draft: Draft, floor: int, end: int) -> int:
    """``end`` moved back past what is no letter or digit (a full stop, an emoji, spaces), not before ``floor``."""
    while end > floor and not draft.text[end - 1].isalnum():
        end -= 1
    return end


def token_index(draft: Draft, offset: int) -> int:
    """Index of the first token that ends after ``offset``."""
    return bisect.bisect_right(draft.tokens, offset, key=lambda t: t.end)


def words_before(draft: Draft, start: int, count: int) -> list[Token]:
    """The ``count`` word tokens just before ``start``, within its sentence (nearest last)."""
    s_start, _ = sentence_span(draft, start)
    i = token_index(draft, start)
    found: list[Token] = []
    j = i - 1
    while j >= 0 and len(found) < count:
        tok = draft.tokens[j]
        if tok.start < s_start:
            break
        if tok.is_word:
            found.append(tok)
        j -= 1
    return list(reversed(found))


def words_after(draft: Draft, end: int, count: int) -> list[Token]:
    """The ``count`` word tokens just after ``end``, within its sentence."""
    _, s_end = sentence_span(draft, max(0, end - 1))
    i = token_index(draft, end)
    found: list[Token] = []
    while i < len(draft.tokens) and len(found) < count:
        tok = draft.tokens[i]
        if tok.start >= s_end:
            break
        if tok.is_word and tok.start >= end:
            found.append(tok)
        i += 1
    return found


def in_quotes(draft: Draft, start: int, end: int) -> bool:
    """Whether the span is written inside quotation marks: a word quoted, not used ("idiootti"),
    or someone else's words reported (huusi kuskille "senkin vitun ääliö", called us "useless
    parasites")."""
    before = draft.text[max(0, start - 1) : start]
    after = draft.text[end : end + 1]
    if before and before in QUOTES and after and after in QUOTES:
        return True
    passages = draft.quoted_passages
    i = bisect.bisect_right(passages, (start, len(draft.text))) - 1
    return i >= 0 and passages[i][0] < start and end < passages[i][1]


# An exclamation of at most this many words ("PERKELE MIKÄ ILTA!!!", "Saatana mikä keli tänään
# Kolilla!!!") is read with the sentence after it, which often says what the joy is about
# ("Leijonat kultaa 🥇", "parempaa päivää ei oo ollu koko talvena").
SHORT_EXCLAMATION_WORDS = 5


def _exclamation_followed(draft: Draft, start: int) -> tuple[int, int] | None:
    """The sentence after the short exclamation holding ``start``, if it is one."""
    i = sentence_index(draft, start)
    if not draft.sentences or i + 1 >= len(draft.sentences):
        return None
    s_start, s_end = draft.sentences[i]
    if not draft.text[s_start:s_end].rstrip().endswith("!"):
        return None
    if sum(t.is_word for t in draft.tokens_between(s_start, s_end)) > SHORT_EXCLAMATION_WORDS:
        return None
    return draft.sentences[i + 1]


@cache
def exclamatives(lang: Lang) -> frozenset[tuple[str, ...]]:
    """The words that open an exclamation after a swear word (``exclamative`` at the top of
    stockmann.yaml), each as a tuple of its lower-case words ("what a" -> ("what", "a"))."""
    return frozenset(tuple(str(e).split()) for e in (RULES.data.get("exclamative") or {}).get(lang, []))


def _exclaims(draft: Draft, end: int) -> bool:
    """Whether the word after the span opens an exclamation ("perkele *mikä* peli", "fan *vilken*
    match", "holy shit *what a* save")."""
    return _begin_with_an_exclamative([t.lower for t in words_after(draft, end, 2)], draft.lang)


def _begin_with_an_exclamative(words: list[str], lang: Lang) -> bool:
    """Whether ``words`` (lower case, in order) begin with an exclamative word ("mikä", "vilken", "what a")."""
    return any(tuple(words[:len(e)]) == e for e in exclamatives(lang))


def _opens_an_exclamation(draft: Draft, start: int) -> bool:
    """Whether the sentence of ``start`` is an exclamation opened by an exclamative word ("*Vilket* mål av
    Isak igår, helt jävla sjukt!", "*What a* save, absolutely fucking ridiculous!")."""
    s_start, s_end = sentence_span(draft, start)
    if not draft.text[s_start:s_end].rstrip().endswith("!"):
        return False
    words = [t.lower for t in draft.tokens_between(s_start, s_end) if t.is_word][:2]
    return _begin_with_an_exclamative(words, draft.lang)


def marked_joyful(draft: Draft, lo: int, hi: int) -> bool:
    """A mark of joy (``joy_marks``) in draft.text[lo:hi]."""
    return any(mark in draft.text[lo:hi] for mark in joy_marks())


def _positive_in(draft: Draft, lo: int, hi: int) -> bool:
    """A positive word (``positive``) within [lo, hi)."""
    return shared_lexicon("positive", draft.lang).matches_text(draft, lo, hi)


def _joy_around(draft: Draft, start: int) -> bool:
    """A positive word or a mark of joy in the sentence of ``start`` or the one before or after it."""
    if not draft.sentences:
        return False
    i = sentence_index(draft, start)
    lo = draft.sentences[max(i - 1, 0)][0]
    hi = draft.sentences[min(i + 1, len(draft.sentences) - 1)][1]
    return marked_joyful(draft, lo, hi) or _positive_in(draft, lo, hi)


def joyful_near(draft: Draft, start: int, end: int, after: int = 3, before: int = 1) -> bool:
    """A positive word right after (or just before) the span, or a mark of joy (``joy_marks``: 😍,
    🥇, 🎉…) in its sentence: swearing as an intensifier in joy. A short exclamation is read with
    the sentence after it ("Vittu mikä keli! ☀️ Koko päivä laiturilla"), and swearing followed by an
    exclamative word ("LEIJONAT VOITTI KULTAA!!! voi vittu mikä peli") or inside an exclamation that opens
    with one ("Vilket mål av Isak, helt jävla sjukt! ⚽") with the sentences on either side: swearing in
    amazement is joy only where something around it says so."""
    if (_exclaims(draft, end) or _opens_an_exclamation(draft, start)) and _joy_around(draft, start):
        return True
    s_start, s_end = sentence_span(draft, start)
    following = _exclamation_followed(draft, start)
    region_end = following[1] if following else s_end
    if marked_joyful(draft, s_start, region_end):
        return True
    if following and _positive_in(draft, *following):
        return True
    positive = shared_lexicon("positive", draft.lang)
    if not positive:
        return False
    near = [*words_before(draft, start, before), *words_after(draft, end, after)]
    if not near:
        return False
    lo = min(t.start for t in near)
    hi = max(t.end for t in near)
    return any(
        overlaps_any(m.start, m.end, [(t.start, t.end) for t in near]) for m in positive.finditer(draft, lo, hi)
    )


@cache
def joy_marks() -> tuple[str, ...]:
    """The emoji that mark a sentence as joyful (``joy_marks`` at the top of stockmann.yaml)."""
    return tuple(str(m) for m in (RULES.data.get("joy_marks") or {}).get("any", []))
