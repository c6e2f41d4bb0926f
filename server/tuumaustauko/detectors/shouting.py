"""Shouting (Stockmann rule 7): long stretches in capitals, or runs of !!! and ???.

A run of capitalised words is shouting when it holds at least ``min_words`` ordinary words
(acronyms such as LVM, EU, ICT, NATO or TL IV do not count: short capitalised words that are
not common function words) with ``min_letters`` letters between them. A greeting in capitals
("HYVÄÄ JOULUA") is not shouting, a cheer ("SUOMI VOITTI KULTAA", "PERKELE MÄ TEIN SEN 🎉": a
positive word in it, or joy around it as ``_stockmann_words.joyful_near`` reads it) is an info, and a
classification marking is left to the confidential detector, and a list of different single words
in capitals ("CLEAR, GREEN, AMBER ja RED") is a list. Repeated !!! or ??? is shouting
unless the sentence is a joyful one ("Onnea!!!"), an emoji of joy follows it ("käteen!!! 🎓"), or it ends a sentence
whose next one is joyful ("Sähköt tuli takas!!! Lämmin suihku on maailman paras keksintö").

The advisor merges overlapping hints of one category, so a shouting hint leaves out the
insults and swear words inside its run: "OLET TÄYSI IDIOOTTI" keeps both problems.
"""

from __future__ import annotations

import re

from ..analysis import Token
from ..draft import Draft
from ..hints import Hint
from ..tokens import is_word
from . import _stockmann_words as w
from . import insult, profanity

RULE_ID = "st-shouting"
RULE = w.rule(RULE_ID)
SETTINGS = RULE.data.get("caps", {})
MIN_WORDS = int(SETTINGS.get("min_words", 3))
MIN_LETTERS = int(SETTINGS.get("min_letters", 12))
ACRONYM_MAX = int(SETTINGS.get("acronym_max_letters", 4))
CHEER_WEIGHT = 0.05
PUNCTUATION_RUN = re.compile(r"[!?](?:\s?[!?]){2,}")
JOY_MARK_REACH = 6  # characters after a run of "!!!" where an emoji of joy makes it a cheer


def _letters(token: Token) -> int:
    return sum(c.isalpha() for c in token.text)


def _caps_runs(draft: Draft) -> list[list[Token]]:
    """Maximal runs of capitalised words; punctuation and numbers do not break a run (so only the
    words are looked at: 20,000 "!" are none)."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    tokens = draft.tokens
    for i in draft.tokens_where(is_word):
        token = tokens[i]
        if token.is_upper:
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _is_ordinary(token: Token, common: frozenset[str]) -> bool:
    if any(c.isdigit() for c in token.text):
        return False
    return _letters(token) > ACRONYM_MAX or token.lower in common


def _ordinary_words(run: list[Token], common: frozenset[str], known: dict[str, bool]) -> list[Token]:
    """The run's ordinary words; ``known`` keeps the answer for each different text (a run of 6,666
    "TL" asks once)."""
    found: list[Token] = []
    for token in run:
        ordinary = known.get(token.text)
        if ordinary is None:
            ordinary = known[token.text] = _is_ordinary(token, common)
        if ordinary:
            found.append(token)
    return found


def _listed(draft: Draft, run: list[Token]) -> bool:
    """Whether the run is a list of different single words ("CLEAR, GREEN, AMBER"): a comma or a
    slash between every two words, and no word twice ("STOP, STOP, STOP" shouts)."""
    gaps = [draft.text[a.end:b.start] for a, b in zip(run, run[1:], strict=False)]
    return bool(gaps) and all("," in gap or "/" in gap for gap in gaps) and len({t.lower for t in run}) == len(run)


def _friendly(draft: Draft, start: int, end: int) -> bool:
    return w.shared_lexicon("positive", draft.lang).matches_text(draft, start, end) or w.lexicon(
        RULE_ID, "greetings", draft.lang
    ).matches_text(draft, start, end)


def _outside(run: list[Token], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The longest stretch of the run's words that overlaps none of the taken spans."""
    best: tuple[int, int] | None = None
    current: list[Token] = []
    for token in [*run, None]:
        if token is not None and not w.overlaps_any(token.start, token.end, taken):
            current.append(token)
            continue
        if current and (best is None or current[-1].end - current[0].start > best[1] - best[0]):
            best = (current[0].start, current[-1].end)
        current = []
    return best


def _caps_hints(draft: Draft) -> list[Hint]:
    lang = draft.lang
    common = w.word_set(RULE_ID, "common_words", lang)
    markings = w.lexicon(RULE_ID, "markings", lang)
    greetings = w.lexicon(RULE_ID, "greetings", lang)
    hints: list[Hint] = []
    known: dict[str, bool] = {}
    for run in _caps_runs(draft):
        ordinary = _ordinary_words(run, common, known)
        if len(ordinary) < MIN_WORDS or sum(_letters(t) for t in ordinary) < MIN_LETTERS:
            continue
        start, end = run[0].start, run[-1].end
        if markings.matches_text(draft, start, end) or _listed(draft, run):
            continue
        greeted = w.spans_of(greetings, draft, start, end)
        if 2 * sum(w.overlaps_any(t.start, t.end, greeted) for t in ordinary) >= len(ordinary):
            continue
        if w.shared_lexicon("positive", lang).matches_text(draft, start, end) or w.joyful_near(draft, start, end):
            hints.append(RULE.hint(draft, start, end, severity="info", weight=CHEER_WEIGHT))
            continue
        found = [*insult.find(draft, start, end), *profanity.find(draft, start, end)]
        taken = [(h.start, h.end) for h in found if h.severity != "info"]
        span = _outside(run, taken) if w.overlaps_any(start, end, taken) else (start, end)
        if span is not None:
            hints.append(RULE.hint(draft, *span))
    return hints


def _cheered_after(draft: Draft, end: int) -> bool:
    """A mark of joy right after a run of exclamation marks ("käteen!!! 🎓🔥"), whatever sentence the
    splitter gives it to."""
    return w.marked_joyful(draft, end, end + JOY_MARK_REACH)


def _cheered_next(draft: Draft, s_end: int) -> bool:
    """A mark of joy or words of the highest praise (``cheer_after``) in the sentence after the one a run of
    exclamation marks ends ("Power's back after three days!!! Holy shit, hot coffee has never tasted this good ☕🎉";
    not "Still no trains!!! Great job as always.")."""
    following = draft.end_of_next_sentence(s_end)
    praise = w.lexicon(RULE_ID, "cheer_after", draft.lang)
    return following > s_end and (w.marked_joyful(draft, s_end, following)
                                  or praise.matches_text(draft, s_end, following))


def detect(draft: Draft) -> list[Hint]:
    hints = _caps_hints(draft)
    for m in PUNCTUATION_RUN.finditer(draft.text):
        s_start, s_end = w.sentence_span(draft, m.start())
        if any(h.overlaps(s_start, s_end) and h.severity != "info" for h in hints):
            continue  # the sentence already shouts in capitals: one problem, one hint
        if (_friendly(draft, s_start, s_end) or w.joyful_near(draft, m.start(), m.end())
                or _cheered_after(draft, m.end())
                or (not draft.text[m.end():s_end].strip() and _cheered_next(draft, s_end))):
            continue
        hints.append(RULE.hint(draft, m.start(), m.end()))
    return hints
