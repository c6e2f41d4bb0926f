"""A draft's tokens: words and marks with their offsets, lemma and sentence."""

from __future__ import annotations

from typing import NamedTuple


class Token(NamedTuple):
    """A word or mark of the draft (whitespace is no token). A named tuple: a draft of 20,000
    characters has up to 20,000 of them, and a frozen dataclass takes three times as long to make."""

    text: str
    start: int
    end: int
    lower: str
    lemma: str
    sentence: int

    @property
    def is_title(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    @property
    def is_word(self) -> bool:
        return is_word(self.text)


def is_word(text: str) -> bool:
    """Whether a token's text holds a letter (``Token.is_word``)."""
    return any(c.isalpha() for c in text)
