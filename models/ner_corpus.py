"""The Finnish recognizer's training and dev corpora, with Voikko's features on every token.

``spacy train --code models/ner_corpus.py`` (``models/build.py train fi_ner`` passes it) reads
``[corpora.*]`` of ``configs/fi_ner.cfg`` through this reader: spaCy's own ``Corpus``, and on each
example's predicted doc (what the recognizer reads in training and in its dev score)
``tuumaustauko.ner_features.set_features``, the function the service calls on the words it hands
the recognizer. Only training needs this file; the trained pipeline loads without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.training import Corpus, Example
from spacy.util import registry

from tuumaustauko import morphology
from tuumaustauko.ner_features import set_features


@registry.readers("tuumaus.VoikkoCorpus.v1")
def voikko_corpus(path: Path | None, max_length: int = 0, limit: int = 0) -> Callable[[Language], Iterator[Example]]:
    corpus = Corpus(path, max_length=max_length, limit=limit)  # type: ignore[arg-type]

    def read(nlp: Language) -> Iterator[Example]:
        for example in corpus(nlp):
            with morphology.every_word_read():
                set_features(example.predicted)
            yield example

    return read
