"""The project's own spaCy pipelines (``models/<lang>_tuumaus``), loaded once, offline.

The service reads only what a detector needs from them: the tokenizer, and the named-entity
recognizer, which runs the first time a detector asks for a draft's entities (a draft no
detector asks about costs no neural network). Lemmas come from the small table in
``data/lemmas/`` (``lemmas.py``); the Finnish morphologizer and edit-tree lemmatizer stay on
disk (``models/build.py`` measures them).

Where a pipeline is missing (a wheel installed without ``models/``), the draft is tokenised by
a blank pipeline and has no entities; the service says so once in its log and still answers.
``TUUMAUSTAUKO_MODELS`` points at another ``models/`` folder.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer, TrainablePipe
from spacy.tokens import Doc

from .hints import Lang

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

    def parse(self, text: str) -> Doc:
        """Tokens and sentences; no network runs here."""
        return self.sentencizer(self.nlp.make_doc(text))

    def entities(self, doc: Doc) -> tuple[Entity, ...]:
        """The entities where a name of two or more words can stand (see ``spans_to_read``); the
        rest of the draft, and a draft with no such place, costs no neural network."""
        if not self.has_entities:
            return ()
        ranges = spans_to_read(doc)
        if not ranges:
            return ()
        parts = [doc[start:end].as_doc() for start, end in ranges]
        found: list[Entity] = []
        # One batch: each call of the recognizer costs about a millisecond before its first token.
        ner: TrainablePipe = self.nlp.get_pipe("ner")
        for (start, _), part in zip(ranges, ner.pipe(parts), strict=True):
            offset = doc[start].idx
            found.extend(Entity(e.start_char + offset, e.end_char + offset, e.label_) for e in part.ents)
        return tuple(found)


# Tokens of context read on each side of a run of capitalised words: the recognizer's tok2vec
# sees two tokens each way (depth 2, window 1) and its transition model a few more.
CONTEXT_TOKENS = 4
# At most this many tokens of a draft go through the recognizer (about 40 ms): the first ranges;
# in a longer draft full of capitals the later names come from the name lists alone.
MAX_TOKENS_READ = 1000


def spans_to_read(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges around each run of two or more capitalised words next to each other ("Onerva
    Kyöstilä", "Helsingin Sanomat"), with CONTEXT_TOKENS of context inside the sentence; overlapping
    ranges are merged. A full name always stands in one; a draft without a run has nothing to read.
    The ranges end where MAX_TOKENS_READ tokens have been taken."""
    ranges: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    taken = 0
    while i < n and taken < MAX_TOKENS_READ:
        j = i
        while j < n and _capitalised_word(doc, j) and (j == i or doc[j - 1].whitespace_ == " "):
            j += 1
        if j - i >= 2:
            sent = doc[i].sent
            start, end = max(sent.start, i - CONTEXT_TOKENS), max(j, min(sent.end, j + CONTEXT_TOKENS))
            if ranges and ranges[-1][1] >= start:
                taken -= ranges[-1][1] - ranges[-1][0]
                start = ranges.pop()[0]
            end = min(end, start + MAX_TOKENS_READ - taken)
            ranges.append((start, end))
            taken += end - start
        i = max(j, i + 1)
    return ranges


def _capitalised_word(doc: Doc, i: int) -> bool:
    """A capitalised word of two letters or more: not "I", nor the "I" of "I'm"."""
    tok = doc[i]
    return tok.is_title and len(tok.text) > 1


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
        return Pipeline(nlp, Sentencizer(), "ner" in nlp.pipe_names)
    log.warning("no pipeline at %s: names are found from the name lists only (run `make models`)", path)
    return Pipeline(spacy.blank(lang), Sentencizer(), False)
