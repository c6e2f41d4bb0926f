"""What the meaning layer reads: a draft's sentences, a long one cut into pieces of at most
MAX_UNIT_WORDS words (each piece costs the encoder time in proportion to its tokens, and a
20,000-character run without a full stop is no sentence a head was trained on)."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..draft import Draft

MAX_UNIT_WORDS = 40
_WORD = re.compile(r"\S+")


class Unit(NamedTuple):
    """A piece of the draft the encoder reads as one, in code-point offsets."""

    start: int
    end: int
    text: str


def _pieces(text: str, start: int, end: int) -> list[Unit]:
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    out = []
    for i in range(0, len(words), MAX_UNIT_WORDS):
        group = words[i : i + MAX_UNIT_WORDS]
        s, e = group[0][0], group[-1][1]
        out.append(Unit(s, e, text[s:e]))
    return out


def units_of(draft: Draft) -> list[Unit]:
    """The draft's sentences in order, each trimmed, long ones cut; pieces without a letter
    (a row of emoji, a link alone is kept: it has letters) are left out."""
    text = draft.text
    units: list[Unit] = []
    for start, end in draft.sentences or ((0, len(text)),):
        for unit in _pieces(text, start, end):
            if any(c.isalpha() for c in unit.text):
                units.append(unit)
    return units


def lemmas_of(draft: Draft, unit: Unit) -> list[str]:
    """The lemmas of the unit's words, in order."""
    return [token.lemma for token in draft.tokens_between(unit.start, unit.end)]
