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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
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
        """The entities of the sentences that could hold a name (see ``sentences_to_read``); the
        others, and drafts with none, cost no neural network."""
        if not self.has_entities:
            return ()
        ner = self.nlp.get_pipe("ner")
        found: list[Entity] = []
        for start, end in sentences_to_read(doc):
            part = doc[start:end].as_doc()
            offset = doc[start].idx
            ner(part)
            found.extend(Entity(e.start_char + offset, e.end_char + offset, e.label_) for e in part.ents)
        return tuple(found)


def sentences_to_read(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the runs of sentences in which a capitalised word stands after the first
    word of the sentence or line: a name of two words always has one, a sentence without one has
    no name to find."""
    ranges: list[tuple[int, int]] = []
    for sent in doc.sents:
        first = True
        for tok in sent:
            if tok.is_space or tok.is_punct:
                first = first or "\n" in tok.text
                continue
            if not first and tok.is_title and "\n" not in doc.text[tok.idx - 1 : tok.idx]:
                if ranges and ranges[-1][1] == sent.start:
                    ranges[-1] = (ranges[-1][0], sent.end)
                else:
                    ranges.append((sent.start, sent.end))
                break
            first = "\n" in tok.whitespace_
    return ranges


@cache
def pipeline(lang: Lang) -> Pipeline:
    path = models_dir() / f"{lang}_tuumaus"
    if (path / "config.cfg").exists():
        nlp = spacy.load(path, exclude=list(NOT_NEEDED))
        return Pipeline(nlp, Sentencizer(), "ner" in nlp.pipe_names)
    log.warning("no pipeline at %s: names are found from the name lists only (run `make models`)", path)
    return Pipeline(spacy.blank(lang), Sentencizer(), False)
