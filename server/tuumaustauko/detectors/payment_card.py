"""Payment card numbers: 13-19 digits, Luhn-valid (python-stdnum) and with a known issuer prefix.

Every length the issuers use (13-19 digits; UATP's 15 beginning with 1). Digits may be grouped
by spaces or dashes (4111 1111 1111 1111, Amex 3782 822463 10005), and several numbers may be
listed one after another. A number that fails the
Luhn check, has no card issuer's prefix, is part of an IBAN or that an order or reference
cue introduces (unless a card word stands right before it) is not a card and gets no hint; a
card number is ``critical``.
"""

from __future__ import annotations

import re
from functools import cache

from stdnum import luhn

from ..draft import Draft
from ..hints import Hint, Lang
from ..ruledata import load_ruleset
from ..textmatch import Lexicon
from .iban import CANDIDATE as IBAN_CANDIDATE

RULE = load_ruleset("personal_data_contact").rule("pd-payment-card")


@cache
def _words(key: str, lang: Lang) -> Lexicon:
    """A word list of the rule, compiled once per language."""
    return RULE.lexicon(key, lang)


# 13-19 digits, not inside a longer run of digit groups ("4 1 1 1 ..." is no card, nor any part of it).
CANDIDATE = re.compile(r"(?<![\w.,/-])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![\w/-]|[.,]\d|[ -]\d)")
BEFORE_CHARS = 30


@cache
def _issuer_ranges(specs: tuple[str, ...]) -> tuple[tuple[str, str, frozenset[int]], ...]:
    """'51-55', '4' or '1:15' (a prefix used only at that length) -> (low, high, lengths)."""
    ranges: list[tuple[str, str, frozenset[int]]] = []
    for spec in specs:
        prefixes, _, lengths = str(spec).partition(":")
        low, _, high = prefixes.partition("-")
        sizes = frozenset(int(n) for n in lengths.split(",")) if lengths else frozenset(range(13, 20))
        ranges.append((low.strip(), (high or low).strip(), sizes))
    return tuple(ranges)


def has_issuer_prefix(digits: str) -> bool:
    for low, high, sizes in _issuer_ranges(tuple(str(s) for s in RULE.data.get("issuer_prefixes", ()))):
        if len(digits) in sizes and low <= digits[: len(low)] <= high:
            return True
    return False


def grouped_like_a_card(candidate: str) -> bool:
    """One run of digits, groups of four (the last may be shorter), or 4-6-5 / 4-6-4 (Amex, Diners).
    Thousands groups of three ('4 111 111 111') are a quantity."""
    groups = [len(g) for g in re.split(r"[ -]", candidate)]
    if len(groups) == 1 or groups in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4


def is_card_number(candidate: str) -> bool:
    digits = re.sub(r"[ -]", "", candidate)
    if not (grouped_like_a_card(candidate) and 13 <= len(digits) <= 19):
        return False
    return has_issuer_prefix(digits) and bool(luhn.is_valid(digits))


def card_span(candidate: str) -> int | None:
    """Length of the card number at the start of a candidate (which may have run into a CVV)."""
    cuts = [len(candidate)] + [i for i in range(len(candidate) - 1, 0, -1) if candidate[i] in " -"]
    for cut in cuts:
        if is_card_number(candidate[:cut]):
            return cut
    return None


CLAUSE_BREAK = re.compile(r"[,;:–—]")
CARD_IN_SENTENCE_CHARS = 90  # how far back in the sentence a card word keeps a number a card


def _back_to_sentence_break(draft: Draft, start: int, chars: int) -> int:
    """Where to look back from ``start``: ``chars`` characters, but not past a sentence's end."""
    lo = max(0, start - chars)
    return max(lo, max(draft.text.rfind(p, lo, start) for p in ".!?\n") + 1)


def _ruled_out(draft: Draft, not_cards: Lexicon, cards: Lexicon, near: int, start: int) -> bool:
    """An order or ticket cue before the number makes it an order or ticket number, unless the
    card itself is named after the cue ("the ticket app charged my card 4916 ..."), or earlier in
    the sentence with a clause break between the cue and the number ("my card was refused at
    the ticket machine, it's 4916 ...")."""
    blockers = not_cards.find_all(draft, near, start)
    if not blockers:
        return False
    last = blockers[-1]
    named = cards.find_all(draft, _back_to_sentence_break(draft, start, CARD_IN_SENTENCE_CHARS), start)
    if any(card.start > last.start for card in named):
        return False
    return not (named and CLAUSE_BREAK.search(draft.text, last.end, start))


# A list of card numbers written one after another ("4012888888881881 4012-8888-8888-1881 …"):
# a run of digit groups that splits wholly into card numbers. Bounded, so that it stays linear.
CARD_LIST = re.compile(r"(?<![\w.,/-])\d{4,19}(?:[ -]\d{1,19}){1,40}(?![\w/-]|[.,]\d)")
MAX_GROUPS_A_CARD = 5


def cards_in_a_list(run: str) -> list[tuple[int, int]]:
    """Spans of the card numbers a run of digit groups is made of, or [] when it is not wholly
    made of card numbers (then the run is a quantity, an account or a code, not a list of cards)."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(groups):
        for size in range(min(MAX_GROUPS_A_CARD, len(groups) - i), 0, -1):
            start, end = groups[i][0], groups[i + size - 1][1]
            if is_card_number(run[start:end]):
                found.append((start, end))
                i += size
                break
        else:
            return []
    return found if len(found) > 1 else []


def _candidates(draft: Draft) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in CANDIDATE.finditer(draft.text):
        length = card_span(m.group())
        if length is not None:
            spans.append((m.start(), m.start() + length))
    for m in CARD_LIST.finditer(draft.text):
        spans += [(m.start() + s, m.start() + e) for s, e in cards_in_a_list(m.group())
                  if not any(a < m.start() + e and m.start() + s < b for a, b in spans)]
    return sorted(spans)


# Every candidate (CANDIDATE, CARD_LIST) holds two digits with at most a space or a dash between
# them; this test begins with a digit and skips to the digits in C, where the candidates' look-behinds
# are tried at every position of the draft.
TWO_DIGITS = re.compile(r"\d[ -]?\d")


def detect(draft: Draft) -> list[Hint]:
    if TWO_DIGITS.search(draft.text) is None:
        return []
    # Digits inside anything shaped like an IBAN (valid or not) belong to the account number.
    ibans = [(m.start(), m.end()) for m in IBAN_CANDIDATE.finditer(draft.text)]
    not_cards = _words("not_card_cues", draft.lang)
    cards = _words("card_cues", draft.lang)
    hints: list[Hint] = []
    for start, end in _candidates(draft):
        if any(s < end and start < e for s, e in ibans):
            continue
        if _ruled_out(draft, not_cards, cards, _back_to_sentence_break(draft, start, BEFORE_CHARS), start):
            continue
        hints.append(RULE.hint(draft, start, end))
    return hints
