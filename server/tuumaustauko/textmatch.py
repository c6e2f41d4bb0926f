"""Word rules that match Finnish (and Swedish, English) inflected forms and compounds.

A term is written in data as lowercase words separated by spaces. Each word may carry
a wildcard:

- ``ministeriö*``  the word and any ending: ministeriön, ministeriössä, ministeriöläiset
- ``*ministeriö*`` also as the last or a middle part of a compound: liikenneministeriössä
- ``*kanta``       only as the end of a compound: virkakanta
- ``ministeriö``   exactly that word, or any token whose lemma is that word
- consecutive words may be separated by spaces or a hyphen in the draft

Matching runs on the draft's lowercased text with one compiled regular expression per
lexicon, plus one set look-up of token lemmas, so a lexicon of hundreds of terms costs
one scan of the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis import Draft

WORD_TAIL = r"(?:\w|[:'’\-]\w)*"
WORD_HEAD = r"(?:\w|\w[\-])*"
BETWEEN_WORDS = r"[\s\-–]+"


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    term: str


def _word_pattern(word: str) -> str:
    head = word.startswith("*")
    tail = word.endswith("*")
    core = word.strip("*")
    if not core:
        raise ValueError("a term word needs letters besides '*'")
    pattern = re.escape(core)
    if head:
        pattern = WORD_HEAD + pattern
    if tail:
        pattern = pattern + WORD_TAIL
    return pattern


def term_pattern(term: str) -> str:
    words = term.strip().lower().split()
    if not words:
        raise ValueError("empty term")
    body = BETWEEN_WORDS.join(_word_pattern(w) for w in words)
    return rf"(?<!\w)(?:{body})(?!\w)"


class Lexicon:
    """A set of terms compiled for one scan of a draft."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: tuple[str, ...] = tuple(dict.fromkeys(t.strip().lower() for t in terms if t.strip()))
        self._lemma_terms: dict[str, str] = {
            t: t for t in self.terms if " " not in t and "*" not in t
        }
        if self.terms:
            # Longer terms first, so that a phrase wins over its first word.
            ordered = sorted(self.terms, key=len, reverse=True)
            self._regex: re.Pattern[str] | None = re.compile(
                "|".join(f"(?P<t{i}>{term_pattern(t)})" for i, t in enumerate(ordered))
            )
            self._group_terms = {f"t{i}": t for i, t in enumerate(ordered)}
        else:
            self._regex = None
            self._group_terms = {}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def finditer(self, draft: Draft, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        """Matches in draft order, within [start, end) of the draft."""
        if self._regex is None:
            return
        stop = len(draft.text) if end is None else end
        seen: list[tuple[int, int]] = []
        for m in self._regex.finditer(draft.lower, start, stop):
            group = m.lastgroup
            seen.append((m.start(), m.end()))
            yield TermMatch(m.start(), m.end(), self._group_terms[group] if group else "")
        if self._lemma_terms:
            for token in draft.tokens_between(start, stop):
                term = self._lemma_terms.get(token.lemma)
                if term is not None and not any(s < token.end and token.start < e for s, e in seen):
                    yield TermMatch(token.start, token.end, term)

    def find_all(self, draft: Draft, start: int = 0, end: int | None = None) -> list[TermMatch]:
        return sorted(self.finditer(draft, start, end), key=lambda m: (m.start, m.end))

    def search(self, draft: Draft, start: int = 0, end: int | None = None) -> TermMatch | None:
        return next(iter(self.find_all(draft, start, end)), None)

    def matches_text(self, draft: Draft, start: int = 0, end: int | None = None) -> bool:
        return self.search(draft, start, end) is not None


def compile_patterns(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    """Regular expressions from data; write (?i) in the pattern for case-insensitive ones."""
    return [re.compile(p) for p in patterns]
