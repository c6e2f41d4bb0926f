"""Load Tuumaustauko's own spaCy pipelines from models/ (no network) and combine lemmas.

The service should call ``load(lang)`` once at start and keep the result (or
``load(lang, exclude=[...])`` for a faster subset, e.g. ``load("fi", exclude=FI_NER_ONLY)``
when only entities are wanted). Finnish lemmas: ``lemma_fi(form)`` tries, in order, the
form->lemma table learnt from the UD training split (fi_tuumaus/lemma_table.json),
simplemma, and word-ending rules learnt from the same split; ``combine_lemma`` lets the
caller pass its own dictionary lemma instead of simplemma's and add the trained edit-tree
lemmatizer (``token.lemma_``) as a last resort. models/README.md has the measured accuracy
of each choice.
Swedish and English pipelines carry tokenizer + NER; their lemmas come from simplemma.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from pathlib import Path

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

MODELS = Path(__file__).resolve().parent
LANGS = ("fi", "sv", "en")
LEMMA_TABLE = "lemma_table.json"
# Components to exclude from the Finnish pipeline when only entities are needed.
FI_NER_ONLY = ("tok2vec", "morphologizer", "trainable_lemmatizer")


def path(lang: str) -> Path:
    return MODELS / f"{lang}_tuumaus"


# The Finnish recognizer reads Voikko's base form and word class of each token (NORM and TAG, set
# by tuumaustauko.ner_features); a pipeline trained so says it in its meta under this key.
VOIKKO_FEATURES = "tuumaus_voikko_features"


@Language.component(VOIKKO_FEATURES)
def _voikko_features(doc: Doc) -> Doc:
    from tuumaustauko.ner_features import set_features  # the service's package (server/)

    return set_features(doc)


def load(lang: str, exclude: list[str] | tuple[str, ...] = ()) -> Language:
    """Load models/<lang>_tuumaus. Raises OSError when the pipeline is missing. Where the recognizer
    reads Voikko's features, a component that sets them goes in before it (it is not saved with the
    pipeline: plain ``spacy.load`` gives the recognizer without them)."""
    if lang not in LANGS:
        raise ValueError(f"no pipeline for {lang!r}")
    p = path(lang)
    if lang == "fi":
        # the Finnish recognizer's embedding architecture (tuumaus.VectorsHashEmbed.v1) is registered there
        with contextlib.suppress(ImportError):
            import tuumaustauko.ner_features  # noqa: F401
    if not (p / "config.cfg").exists():
        raise OSError(f"pipeline {p} is missing: run `make models`")
    nlp = spacy.load(p, exclude=list(exclude))
    if nlp.meta.get(VOIKKO_FEATURES) and "ner" in nlp.pipe_names:
        nlp.add_pipe(VOIKKO_FEATURES, before="ner")
    return nlp


@cache
def load_cached(lang: str) -> Language:
    return load(lang)


SUFFIX_MIN, SUFFIX_MAX = 3, 8


@cache
def lemma_table() -> dict[str, dict]:
    """Finnish {"forms": form -> lemma, "suffixes": ending -> [strip, add]} learnt from the UD
    training split (see build.py); empty when the file is absent."""
    f = path("fi") / LEMMA_TABLE
    if not f.exists():
        return {"forms": {}, "suffixes": {}}
    table: dict[str, dict] = json.loads(f.read_text(encoding="utf-8"))
    return table


def suffix_lemma(form: str, suffixes: dict[str, list] | None = None) -> str | None:
    """Lemma by the longest known word ending (salassapidettäviä -> salassapidettävä)."""
    if len(form) < 5 or not form.isalpha():
        return None
    rules = suffixes if suffixes is not None else lemma_table()["suffixes"]
    low = form.lower()
    for n in range(min(SUFFIX_MAX, len(low) - 2), SUFFIX_MIN - 1, -1):
        rule = rules.get(low[-n:])
        if rule:
            strip, add = rule
            return (form[: len(form) - strip] if strip else form) + add
    return None


def combine_lemma(form: str, model: str | None, simple: str, how: str = "table_lookup_suffix") -> str:
    """Choose a Finnish lemma for one token; ``how`` names the sources tried in order:

    table   the form -> lemma table from the UD training split;
    lookup  simplemma, when it knows the form or changes it (as the last source: always);
    suffix  the most frequent edit for the word's longest known ending;
    model   the trained edit-tree lemmatizer (token.lemma_).
    """
    steps = how.split("_")
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if step == "table":
            forms = lemma_table()["forms"]
            hit = forms.get(form) or forms.get(form.lower())
            if hit:
                return str(hit)
        elif step == "lookup":
            if last or simple != form or simplemma.is_known(form, lang="fi"):
                return simple
        elif step == "suffix":
            guess = suffix_lemma(form)
            if guess:
                return guess
        elif step == "model":
            if model and (last or model != form):
                return model
        else:
            raise ValueError(how)
    return simple


def lemma_fi(form: str, model: str | None = None, how: str = "table_lookup_suffix") -> str:
    return combine_lemma(form, model, simplemma.lemmatize(form, lang="fi"), how)


def lemma(token: Token, how: str = "table_lookup_suffix") -> str:
    """The lemma of a token of a doc made by one of the pipelines."""
    lang = token.doc.lang_
    if lang != "fi":
        return str(simplemma.lemmatize(token.text, lang=lang))
    return lemma_fi(token.text, token.lemma_ or None, how)
