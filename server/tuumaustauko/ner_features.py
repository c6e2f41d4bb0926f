"""What the Finnish recognizer reads from Voikko: each token's base form and word class.

The Finnish recognizer (``models/fi_tuumaus``, issue 13) was trained with two features besides
the word's own letters: the token's ``NORM`` is Voikko's base form ("Virtaselle" -> virtanen) and
its ``TAG`` is Voikko's word classes ("etunimi", "sukunimi", "paikannimi", "nimi", "nimisana"...,
joined with ``+``; ``?`` where Voikko knows no reading, ``-`` for a token without letters). Its
tok2vec hashes both (``MultiHashEmbed`` in ``models/configs/fi_ner.cfg``), so an inflected name
reads like its base form and a name Voikko knows reads as one.

``set_features`` is the one function that sets them: ``models/build.py`` calls it on the training
and evaluation documents, and the service (``pipelines.Pipeline.entities``) on the words it hands
the recognizer. A pipeline trained with them says so in its meta (``META_KEY``).
"""

from __future__ import annotations

from spacy.tokens import Doc

from . import morphology

META_KEY = "tuumaus_voikko_features"  # models/tuumaus_nlp.py's VOIKKO_FEATURES
UNKNOWN = "?"  # letters, but Voikko knows no reading (a foreign name, a typo, a new word)
NOT_A_WORD = "-"  # no letters: punctuation, numbers, emoji


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
    """Set each token's NORM and TAG to its ``word_features``. The words are analysed within the
    service's per-draft budget (``morphology.analyse_words``; builds read every word with
    ``morphology.every_word_read``); a word left unread this time counts as unknown."""
    if not len(doc):
        return doc
    texts = [t.text for t in doc]
    analyses = morphology.analyse_words([t.lower() for t in texts])
    for token, text, word in zip(doc, texts, analyses, strict=True):
        norm, tag = word_features(text, word)
        token.norm_ = norm
        token.tag_ = tag
    return doc
