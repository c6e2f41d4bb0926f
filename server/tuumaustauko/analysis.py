"""Parse a draft once (language, sentences, tokens, lemmas) and hand the result to every detector."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc

from .hints import Lang, Mode
from .language import detect_language
from .lemmas import lemma_of
from .packs import DEFAULT_PACK, Pack, load_pack
from .pipelines import Entity, pipeline


@dataclass(frozen=True, slots=True)
class Token:
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
        if self._doc is None:
            return ()
        return pipeline(self.lang).entities(self._doc)

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
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    for index, sent in enumerate(doc.sents):
        sentences.append((sent.start_char, sent.end_char))
        for tok in sent:
            if tok.is_space:
                continue
            lower = tok.lower_
            tokens.append(
                Token(
                    text=tok.text,
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    lower=lower,
                    lemma=lemma_of(lower, resolved_lang),
                    sentence=index,
                )
            )
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
