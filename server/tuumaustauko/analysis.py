"""Parse a draft once (language, sentences, tokens, lemmas) and hand the result to every detector."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.tokens import Doc

from .hints import Lang, Mode
from .language import detect_language
from .lemmas import lemma_table
from .packs import DEFAULT_PACK, Pack, load_pack
from .pipelines import Entity, pipeline


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
        return any(c.isalpha() for c in self.text)


# From this length on, a draft builds an index of its three-letter pieces for ``may_contain``.
LONG_DRAFT = 2000


@dataclass(frozen=True)
class Draft:
    """One parsed draft. Offsets are Python string indices (code points) into ``text``."""

    text: str
    lower: str
    lang: Lang
    mode: Mode
    pack: Pack
    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]
    platform: str | None = None
    previous_text: str | None = None
    _token_starts: tuple[int, ...] = field(default=(), repr=False)
    _sentence_starts: tuple[int, ...] = field(default=(), repr=False)
    _doc: Doc | None = field(default=None, repr=False, compare=False)

    @cached_property
    def entities(self) -> tuple[Entity, ...]:
        """Named entities from the language's own pipeline (models/), found on first use and only
        around runs of two or more capitalised words, where a full name can stand (the detectors
        ask for nothing else): a draft that no detector asks about, or that has no such run, runs
        no neural network."""
        return self.entities_outside(())

    def entities_outside(self, known: Sequence[tuple[int, int]]) -> tuple[Entity, ...]:
        """As ``entities``, but runs of capitalised words wholly inside the ``known`` character
        spans are not read (a page of names that the name lists found runs no network)."""
        if self._doc is None:
            return ()
        return pipeline(self.lang).entities(self._doc, self.text, known)

    def tokens_between(self, start: int, end: int) -> tuple[Token, ...]:
        """Tokens that lie inside [start, end)."""
        lo = bisect.bisect_left(self._token_starts, start)
        hi = bisect.bisect_left(self._token_starts, end)
        # Tokens do not overlap: of those that start before ``end`` only the last can run past it.
        if hi > lo and self.tokens[hi - 1].end > end:
            hi -= 1
        return self.tokens[lo:hi]

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Every token's lemma: a word list whose lemmas are not among them needs no token scan."""
        return frozenset(t.lemma for t in self.tokens)

    def may_contain(self, needle: str) -> bool:
        """Whether ``needle`` (lowercase, no whitespace) may occur in the lowercase text: exact for
        a short draft; for a long one, False only when a three-letter piece of it never occurs. A
        word list of hundreds of terms asks this of each term before it runs a regex."""
        if len(self.text) < LONG_DRAFT:
            return needle in self.lower
        pieces = self._pieces
        if any(needle[i : i + 3] not in pieces for i in range(0, len(needle) - 2, 2)):
            return False
        return needle in self._distinct_chunks

    @cached_property
    def _distinct_chunks(self) -> str:
        """Each whitespace-separated piece of the lowercase text once: a needle without whitespace
        is in it exactly when it is in the text, and a repetitive long draft shrinks to little."""
        return "\n".join(dict.fromkeys(self.lower.split()))

    @cached_property
    def _pieces(self) -> frozenset[str]:
        chunks = self._distinct_chunks
        return frozenset(chunks[i : i + 3] for i in range(len(chunks) - 2))

    @cached_property
    def _lemma_positions(self) -> dict[str, list[int]]:
        positions: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            positions.setdefault(token.lemma, []).append(i)
        return positions

    def tokens_with_lemma(self, lemmas: Iterable[str], start: int = 0, end: int | None = None) -> list[Token]:
        """The tokens inside [start, end) whose lemma is one of ``lemmas``, in draft order: a look-up
        per lemma, however long the draft."""
        stop = len(self.text) if end is None else end
        lo, hi = bisect.bisect_left(self._token_starts, start), bisect.bisect_left(self._token_starts, stop)
        found: list[int] = []
        for lemma in lemmas:
            indices = self._lemma_positions.get(lemma)
            if indices:
                found.extend(indices[bisect.bisect_left(indices, lo) : bisect.bisect_left(indices, hi)])
        found.sort()
        return [t for i in found if (t := self.tokens[i]).end <= stop]

    def token_index(self, start: int) -> int:
        """The index of the first token that starts at or after ``start``."""
        return bisect.bisect_left(self._token_starts, start)

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        if not self.sentences:
            return (0, len(self.text))
        return self.sentences[self.sentence_index(offset)]

    def window(self, start: int, end: int, chars: int) -> tuple[int, int]:
        return (max(0, start - chars), min(len(self.text), end + chars))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """A browser may send half of a surrogate pair; it becomes U+FFFD, one unit for one, so offsets keep."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def lowercase_same_length(text: str) -> str:
    """Lowercase that keeps every offset: characters whose lowercase is longer stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one at a time,
# searching the rest of the chunk each time: quadratic, 50 s of CPU for 20,000 "!" in a row.
# Longer runs than this are cut for the tokenizer (one character in each MAX_RUN + 1 is read as
# a space, so offsets keep); real words, hashtags and most links are far shorter.
MAX_RUN = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def within_tokenizer_limits(text: str) -> str:
    """The text with every run of more than MAX_RUN non-space characters cut by spaces."""
    if _LONG_RUN.search(text) is None:
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for cut in range(m.start() + MAX_RUN, m.end(), MAX_RUN + 1):
            chars[cut] = " "
    return "".join(chars)


_TOKEN_COLUMNS = [IDX, LENGTH, IS_SPACE, SENT_START]


def _tokens_and_sentences(doc: Doc, text: str, lang: Lang) -> tuple[list[Token], list[tuple[int, int]]]:
    """The draft's tokens (whitespace tokens left out) and sentence spans, read from the doc's
    arrays a column at a time: one spaCy Token object per token costs more than the rest of a
    20,000-character check."""
    if not len(doc):
        return [], []
    columns = doc.to_array(_TOKEN_COLUMNS).astype(numpy.int64)
    starts, lengths, spaces, sentence_starts = columns.T
    ends = starts + lengths
    first = numpy.flatnonzero(sentence_starts == 1)
    if not len(first) or first[0] != 0:
        first = numpy.concatenate(([0], first))
    last = numpy.concatenate((first[1:], [len(starts)])) - 1
    sentences = list(zip(starts[first].tolist(), ends[last].tolist(), strict=True))
    opens = numpy.zeros(len(starts), dtype=bool)
    opens[first] = True
    sentence_of = numpy.cumsum(opens) - 1
    words = numpy.flatnonzero(spaces == 0)
    word_starts, word_ends = starts[words].tolist(), ends[words].tolist()
    texts = [text[i:j] for i, j in zip(word_starts, word_ends, strict=True)]
    lowers = [w.lower() for w in texts]
    table = lemma_table(lang)
    lemmas = [table.get(w, w) for w in lowers]
    rows = zip(texts, word_starts, word_ends, lowers, lemmas, sentence_of[words].tolist(), strict=True)
    return list(map(Token._make, rows)), sentences


def analyse(
    text: str,
    *,
    mode: Mode = "hybrid",
    lang: str | None = None,
    pack: Pack | str = DEFAULT_PACK,
    platform: str | None = None,
    previous_text: str | None = None,
) -> Draft:
    text = without_lone_surrogates(text)
    if previous_text is not None:
        previous_text = without_lone_surrogates(previous_text)
    resolved_lang = detect_language(text, lang)
    resolved_pack = load_pack(pack) if isinstance(pack, str) else pack
    doc = pipeline(resolved_lang).parse(within_tokenizer_limits(text))
    tokens, sentences = _tokens_and_sentences(doc, text, resolved_lang)
    return Draft(
        text=text,
        lower=lowercase_same_length(text),
        lang=resolved_lang,
        mode=mode,
        pack=resolved_pack,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        platform=platform,
        previous_text=previous_text,
        _token_starts=tuple(t.start for t in tokens),
        _sentence_starts=tuple(start for start, _ in sentences),
        _doc=doc,
    )
