"""Parse a draft once (language, sentences, tokens, lemmas, Finnish morphology) and hand the result
to every detector.

The analysis is the text's alone: it knows nothing of the identity mode or the organisation's
policy pack, which ``draft.py`` puts beside it for the detectors. Finnish words are analysed by
Voikko (``morphology.py``): every reading's base form and compound parts, so that a word rule
matches inflected and compounded forms, and the proper-noun classes the name rules read. Where
Voikko has no reading, or is not installed, a word's lemma comes from the rule data's lemma table.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import attrgetter, itemgetter

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

from . import morphology
from .finnish_names import NameRun, Words, capitalised_word, person_runs
from .hints import Lang
from .language import detect_language
from .lemmas import lemma_table
from .morphology import Word
from .pipelines import ROW_COLUMNS, Entity, pipeline
from .tokens import Token

# From this length on, a draft builds an index of its three-letter pieces for ``may_contain``.
LONG_DRAFT = 2000
QUOTE_MAX = 200  # the longest quoted passage read as one
# A quoted passage on one line: double marks of any style around text without another double
# mark, or single marks that open after a non-word character and close before one (so that the
# apostrophes of "don't" and "Kallen" are no quotation marks).
QUOTED_PASSAGE = re.compile(
    rf"[\"“”„«»]([^\"“”„«»\n]{{1,{QUOTE_MAX}}})[\"“”„«»]|(?<!\w)['‘]([^'‘’\n]{{1,{QUOTE_MAX}}}?)['’](?!\w)"
)


@dataclass(frozen=True)
class Analysis:
    """One parsed text. Offsets are Python string indices (code points) into ``text``."""

    text: str
    lower: str
    lang: Lang
    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]
    # Voikko's analysis of each token (Finnish only; None where it has no reading): ``words[i]``
    # belongs to ``tokens[i]``. Empty for Swedish and English.
    words: tuple[Word | None, ...] = field(default=(), repr=False)
    _token_starts: tuple[int, ...] = field(default=(), repr=False)
    _sentence_starts: tuple[int, ...] = field(default=(), repr=False)
    # The tokenizer's rows (``Pipeline.token_rows``), which the recognizer reads when asked.
    _rows: numpy.ndarray | None = field(default=None, repr=False, compare=False)

    @cached_property
    def entities(self) -> tuple[Entity, ...]:
        """Named entities from the language's own pipeline (models/), found on first use and only
        around runs of two or more capitalised words, where a full name can stand (the detectors
        ask for nothing else): a draft that no detector asks about, or that has no such run, runs
        no neural network."""
        return self.entities_outside(())

    def entities_outside(self, known: Sequence[tuple[int, int]]) -> tuple[Entity, ...]:
        """As ``entities``, but runs of capitalised words wholly inside the ``known`` character
        spans are not read (a page of names that the name lists found runs no network). In Finnish
        the people Voikko's name classes find (``person_runs``) come first, as PER, and the
        recognizer reads only the rest."""
        if self._rows is None:
            return ()
        runs = [(run.start, run.end) for run in self.person_runs]
        found = pipeline(self.lang).entities(self._rows, self.text, _merged([*known, *runs]) if runs else known)
        if not runs:
            return found
        others = [e for e in found if not any(e.start < end and start < e.end for start, end in runs)]
        return tuple(sorted([*(Entity(start, end, "PER") for start, end in runs), *others], key=lambda e: e.start))

    @cached_property
    def person_runs(self) -> tuple[NameRun, ...]:
        """Finnish people's names found by Voikko's first-name and surname classes, in any case form
        (``finnish_names.py``); none in other languages or without Voikko."""
        if self.lang != "fi" or not self.words:
            return ()
        return tuple(person_runs(Words(self.text, self.tokens, self.words, self.tokens_where(capitalised_word))))

    @cached_property
    def quoted_passages(self) -> tuple[tuple[int, int], ...]:
        """The passages in quotation marks (``QUOTED_PASSAGE``), in order: words reported, not used."""
        return tuple((m.start(), m.end()) for m in QUOTED_PASSAGE.finditer(self.text))

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
        """Every token's lemmas (each of a Finnish word's readings): a word list whose lemmas are not
        among them needs no token scan. Read once per different word (``_forms``); where the
        tokens are is found only when a word list asks (``tokens_with_lemma``)."""
        tokens, words = self.tokens, self.words
        table = lemma_table(self.lang) if words else {}
        found: set[str] = set()
        for i in self._forms[2]:
            token = tokens[i]
            found.add(token.lemma)
            word = words[i] if i < len(words) else None
            if word is not None:
                found.update(word.lemmas)
                found.add(table.get(token.lower, token.lemma))
        return frozenset(found)

    @cached_property
    def compound_ends(self) -> frozenset[str]:
        """The base form of the last part of every Finnish word ("henkilötunnuksensa": tunnus)."""
        return frozenset(part for word in self._different_words for part in word.last_parts)

    @cached_property
    def compound_parts(self) -> frozenset[str]:
        """The base forms of every part of every Finnish word ("liikenneministeriössä": liikenne, ministeriö)."""
        return frozenset(part for word in self._different_words for part in word.parts)

    @property
    def _different_words(self) -> list[Word]:
        words = self.words  # empty, or one a token
        return [word for i in self._forms[2] if words and (word := words[i]) is not None]

    @cached_property
    def _forms(self) -> tuple[list[str], numpy.ndarray, list[int]]:
        """The draft's different token texts in order of first occurrence, per token the index of
        its text among them, and the index of each text's first token. A token's lowercase, lemma
        and Voikko's reading are its text's (``parse`` finds them once per different word), so what
        depends on them alone is asked once per different text: 20,000 "!" are one."""
        texts = list(map(itemgetter(0), self.tokens))
        forms = list(dict.fromkeys(texts))
        index = {form: k for k, form in enumerate(forms)}
        ids = numpy.fromiter(map(index.__getitem__, texts), dtype=numpy.int64, count=len(texts))
        firsts = numpy.unique(ids, return_index=True)[1].tolist() if len(texts) else []
        return forms, ids, firsts

    def tokens_where(self, test: Callable[[str], bool]) -> list[int]:
        """The indices of the tokens whose text passes ``test``, in order; ``test`` is asked once per
        different text, and the tokens are picked a column at a time."""
        forms, ids, _ = self._forms
        if not forms:
            return []
        passing = numpy.fromiter(map(test, forms), dtype=bool, count=len(forms))
        return numpy.flatnonzero(passing[ids]).tolist()

    def word(self, index: int) -> Word | None:
        """Voikko's analysis of ``tokens[index]`` (Finnish), or None."""
        return self.words[index] if index < len(self.words) else None

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

    def lower_contains(self, needle: str) -> bool:
        """``needle in self.lower``, by the index of ``may_contain`` when the needle has no whitespace
        (exact either way): hundreds of keywords are tested against a long draft."""
        if needle.split() == [needle]:
            return self.may_contain(needle)
        return needle in self.lower

    @cached_property
    def _distinct_chunks(self) -> str:
        """Each whitespace-separated piece of the lowercase text once: a needle without whitespace
        is in it exactly when it is in the text, and a repetitive long draft shrinks to little."""
        return "\n".join(dict.fromkeys(self.lower.split()))

    @cached_property
    def _pieces(self) -> frozenset[str]:
        chunks = self._distinct_chunks  # every three characters in a row, joined in C
        return frozenset(map("".join, zip(chunks, chunks[1:], chunks[2:], strict=False)))

    @cached_property
    def _lemma_positions(self) -> dict[str, list[int]]:
        positions: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            positions.setdefault(token.lemma, []).append(i)
        # A Finnish word is findable by each of Voikko's readings, and by the lemma table's lemma as
        # well: the rule data was written against the table ("meidän" is a form of minä there, of me
        # in Voikko), and what it found stays found.
        table = lemma_table(self.lang) if self.words else {}
        for i, word in enumerate(self.words):
            if word is not None:
                token = self.tokens[i]
                for lemma in (*word.lemmas, table.get(token.lower, token.lemma)):
                    if lemma != token.lemma and i not in positions.get(lemma, ())[-1:]:
                        positions.setdefault(lemma, []).append(i)
        for indices in positions.values():
            indices.sort()
        return positions

    @cached_property
    def _last_part_positions(self) -> dict[str, list[int]]:
        return _positions_of(w.last_parts if w is not None else () for w in self.words)

    @cached_property
    def _part_positions(self) -> dict[str, list[int]]:
        return _positions_of(w.parts if w is not None else () for w in self.words)

    def tokens_with_lemma(self, lemmas: Iterable[str], start: int = 0, end: int | None = None) -> list[Token]:
        """The tokens inside [start, end) one of whose lemmas is one of ``lemmas``, in draft order: a
        look-up per lemma, however long the draft."""
        return self._tokens_in(self._lemma_positions, lemmas, start, end)

    def tokens_ending_in(self, parts: Iterable[str], start: int = 0, end: int | None = None) -> list[Token]:
        """The Finnish words inside [start, end) whose last compound part (or the whole word) has one
        of these base forms ("henkilötunnuksensa" for ``tunnus``)."""
        return self._tokens_in(self._last_part_positions, parts, start, end)

    def tokens_with_part(self, parts: Iterable[str], start: int = 0, end: int | None = None) -> list[Token]:
        """The Finnish words inside [start, end) one of whose compound parts has one of these base forms."""
        return self._tokens_in(self._part_positions, parts, start, end)

    def _tokens_in(self, positions: dict[str, list[int]], keys: Iterable[str], start: int,
                   end: int | None) -> list[Token]:
        stop = len(self.text) if end is None else end
        lo, hi = bisect.bisect_left(self._token_starts, start), bisect.bisect_left(self._token_starts, stop)
        found: set[int] = set()
        for key in keys:
            indices = positions.get(key)
            if indices:
                found.update(indices[bisect.bisect_left(indices, lo) : bisect.bisect_left(indices, hi)])
        return [t for i in sorted(found) if (t := self.tokens[i]).end <= stop]

    def token_index(self, start: int) -> int:
        """The index of the first token that starts at or after ``start``."""
        return bisect.bisect_left(self._token_starts, start)

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        if not self.sentences:
            return (0, len(self.text))
        return self.sentences[self.sentence_index(offset)]

    def end_of_next_sentence(self, end: int) -> int:
        """The end of the first sentence that starts at or after ``end`` (``end`` itself when none does)."""
        i = bisect.bisect_left(self._sentence_starts, end)
        return self.sentences[i][1] if i < len(self.sentences) else end

    def window(self, start: int, end: int, chars: int) -> tuple[int, int]:
        return (max(0, start - chars), min(len(self.text), end + chars))


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _positions_of(keys_per_token: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, keys in enumerate(keys_per_token):
        for key in keys:
            positions.setdefault(key, []).append(i)
    return positions


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


_TOKEN_COLUMNS = [ROW_COLUMNS.index(c) for c in (IDX, LENGTH, IS_SPACE, SENT_START)]


def _tokens_and_sentences(rows: numpy.ndarray, text: str, lang: Lang) -> tuple[list[Token], list[tuple[int, int]],
                                                                  list[Word | None]]:
    """The draft's tokens (whitespace tokens left out), sentence spans and, for Finnish, each
    token's analysis, read from the tokenizer's rows a column at a time: one spaCy Token object per
    token costs more than the rest of a 20,000-character check."""
    if not len(rows):
        return [], [], []
    starts, lengths, spaces, sentence_starts = rows[:, _TOKEN_COLUMNS].T
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
    # Lowercase, Voikko's analysis and lemma once per different word, not once per token: a long
    # draft repeats its words (20,000 "!" are one word). Voikko's analysis of a word is settled at
    # its first occurrence (analysed, or left for a later check once the time for new words is
    # spent), so the distinct words in order of first occurrence get the same analyses.
    lower_of = {w: w.lower() for w in dict.fromkeys(texts)}
    lowers = list(map(lower_of.__getitem__, texts))
    distinct = list(dict.fromkeys(lower_of.values()))
    table = lemma_table(lang)
    if lang == "fi":
        analysis_of = dict(zip(distinct, morphology.analyse_words(distinct), strict=True))
        analysed = list(map(analysis_of.__getitem__, lowers))
        lemma_of = {w: _finnish_lemma(w, analysis_of[w], table) for w in distinct}
    else:
        analysed = []
        lemma_of = {w: table.get(w, w) for w in distinct}
    lemmas = map(lemma_of.__getitem__, lowers)
    fields = zip(texts, word_starts, word_ends, lowers, lemmas, sentence_of[words].tolist(), strict=True)
    # tuple.__new__(Token, fields) is Token._make without a Python call per token: half the time.
    return list(map(tuple.__new__, repeat(Token), fields)), sentences, analysed


def _finnish_lemma(lower: str, word: Word | None, table: dict[str, str]) -> str:
    """A Finnish token's lemma: Voikko's, and of its readings the one the rule data speaks of
    (the lemma table's) when there is one; the lemma table's where Voikko has no reading; else the word."""
    tabled = table.get(lower)
    if word is None:
        return tabled or lower
    if tabled is not None and tabled in word.lemmas:
        return tabled
    return word.lemmas[0]


def parse(text: str, lang: str | None = None) -> Analysis:
    """The text's analysis: its language (``lang`` when given and known, else detected), tokens,
    sentences, lemmas and, for Finnish, Voikko's readings. Lone surrogates become U+FFFD."""
    text = without_lone_surrogates(text)
    resolved_lang = detect_language(text, lang)
    rows = pipeline(resolved_lang).token_rows(within_tokenizer_limits(text))
    tokens, sentences, words = _tokens_and_sentences(rows, text, resolved_lang)
    return Analysis(
        text=text,
        lower=lowercase_same_length(text),
        lang=resolved_lang,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        words=tuple(words),
        _token_starts=tuple(map(attrgetter("start"), tokens)),
        _sentence_starts=tuple(start for start, _ in sentences),
        _rows=rows,
    )


def morphology_status() -> dict[str, morphology.Status]:
    """How each language's words are analysed: ``{"fi": "voikko"}``, or ``"reduced"`` without Voikko."""
    return {"fi": morphology.status()}
