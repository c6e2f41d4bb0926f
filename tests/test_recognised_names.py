"""Names the name lists do not know come from the language's own pipeline (models/): its
recognizer runs only when a draft could hold a full name, and only full, name-shaped PER
entities become hints."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from spacy.tokens import Doc

from tuumaustauko import pipelines
from tuumaustauko.advisor import check
from tuumaustauko.detectors._people import find_people
from tuumaustauko.draft import analyse
from tuumaustauko.pipelines import Entity, Pipeline


@pytest.fixture
def recognizer(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list[tuple[str, str]]], list[str]]]:
    """Make the recognizer answer with given (words, label) entities; records each draft it ran on."""
    ran: list[str] = []
    wanted: list[tuple[str, str]] = []

    def entities(self: Pipeline, rows: object, text: str, known: object = ()) -> tuple[Entity, ...]:
        ran.append(text)
        return tuple(Entity(text.index(words), text.index(words) + len(words), label) for words, label in wanted)

    monkeypatch.setattr(Pipeline, "entities", entities)

    def answer(found: list[tuple[str, str]]) -> list[str]:
        wanted[:] = found
        return ran

    yield answer


def _names(text: str, lang: str = "fi") -> list[tuple[str, bool]]:
    draft = analyse(text, lang=lang)
    return [(text[p.start : p.end], p.full) for p in find_people(draft)]


def test_a_full_name_unknown_to_the_name_lists_is_a_person(recognizer: Callable[..., list[str]]) -> None:
    recognizer([("Onerva Kyöstilä", "PER")])
    assert _names("Eilen kuulin, että Onerva Kyöstilä on sairaslomalla.") == [("Onerva Kyöstilä", True)]


def test_a_recognised_name_tied_to_health_is_a_warning(recognizer: Callable[..., list[str]]) -> None:
    recognizer([("Botvid Kvarnström", "PER")])
    advice = check("Jag hörde att Botvid Kvarnström har fått cancer.", lang="sv")
    assert [(h.severity, h.kind) for h in advice.hints if h.kind == "person_name"] == [("warning", "person_name")]


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        ("Luin aamulla, että Helsingin Sanomat kirjoitti aiheesta.", "Helsingin Sanomat", "ORG"),
        ("Luin aamulla, että Kyöstilä kirjoitti aiheesta.", "Kyöstilä", "PER"),  # a lone word
        ("Hän kuuluu nykyään Jehovan todistajiin.", "Jehovan", "PER"),  # a belief, not a name
        ("Kävelimme pitkin Eliel Saarisen tie -nimistä katua.", "Eliel Saarisen", "PER"),  # a street
        ("Kuulin eilen, että Kyöstilä sanoi niin.", "Kyöstilä sanoi", "PER"),  # not capitalised throughout
    ],
)
def test_other_entities_lone_words_topics_and_streets_are_no_person(
    recognizer: Callable[..., list[str]], text: str, entity: str, label: str
) -> None:
    recognizer([(entity, label)])
    assert _names(text) == []


def _read(text: str) -> list[str]:
    doc = pipelines.pipeline("fi").parse(text)
    return [doc[start:end].text for start, end in pipelines.spans_to_read(doc)]


def test_only_the_words_around_runs_of_capitalised_words_go_through_the_recognizer() -> None:
    assert _read("Hyvää huomenta kaikille! Tänään on hieno päivä pyöräillä töihin Helsingissä.") == []
    text = "Moi! Tapasin eilen illalla pitkästä aikaa kahvilassa Onerva Kyöstilän ja hänen isonkokoisen koiransa Rekun."
    assert _read(text) == ["illalla pitkästä aikaa kahvilassa Onerva Kyöstilän ja hänen isonkokoisen koiransa"]
    assert _read("Kiitos!\nOnerva\nKyöstilä") == []  # capitals that only start lines
    assert _read("Onerva Kyöstilä ja Sulo Vilén") == ["Onerva Kyöstilä ja Sulo Vilén"]  # one range, read once


def test_the_recognizer_does_not_run_on_a_draft_without_a_run_of_capitalised_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    nlp = pipelines.pipeline("fi").nlp
    ner = nlp.get_pipe("ner")

    class Counted:
        def pipe(self, docs: list[Doc]) -> object:
            calls.extend(len(d) for d in docs)
            return ner.pipe(docs)

    monkeypatch.setattr(nlp, "get_pipe", lambda name: Counted())
    check("Hyvää huomenta kaikille! Tänään on hieno päivä pyöräillä töihin Helsingissä.", lang="fi")
    assert calls == []
    check("Hyvää huomenta! Tänään tapasin Onerva Kyöstilän kahvilla, olipa kiva nähdä pitkästä aikaa.", lang="fi")
    assert len(calls) == 1 and calls[0] <= 2 + 2 * pipelines.CONTEXT_TOKENS


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_language_has_its_recognizer_from_models(lang: str) -> None:
    assert pipelines.pipeline(lang).has_entities


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Presidentti Sauli Niinistö vieraili eilen Tampereella.", "fi", "Sauli Niinistö"),
        ("I ett tal i riksdagen sade Magdalena Andersson att skatterna ska sänkas.", "sv", "Magdalena Andersson"),
    ],
)
def test_the_real_recognizer_finds_a_well_known_full_name(text: str, lang: str, name: str) -> None:
    draft = analyse(text, lang=lang)
    assert any(text[e.start : e.end] == name and e.label == "PER" for e in draft.entities)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_service_pipeline_without_the_training_vocabulary_finds_what_the_full_one_does(lang: str) -> None:
    import spacy

    full = spacy.load(pipelines.models_dir() / f"{lang}_tuumaus")
    service = pipelines.pipeline(lang)
    drafts = [
        "Eilen illalla tapasin Sauli Niinistön ja Sanna Marinin Helsingissä, Tampereella ja Oulussa.",
        "I ett tal i riksdagen sade Magdalena Andersson att Volvo och Ericsson ska flytta till Göteborg.",
        "Yesterday Barack Obama met Angela Merkel in Berlin to talk about NATO and the European Union.",
    ]
    for text in drafts:
        assert [t.text for t in service.parse(text)] == [t.text for t in full.make_doc(text)]
        assert [(e.start_char, e.end_char, e.label_) for e in service.nlp(text).ents] == [
            (e.start_char, e.end_char, e.label_) for e in full(text).ents
        ]


def test_the_recognizer_reads_a_bounded_number_of_tokens_of_a_long_draft() -> None:
    doc = pipelines.pipeline("fi").parse("Onerva Kyöstilä ja Sulo Vilén. " * 2000)
    ranges = pipelines.spans_to_read(doc)
    assert ranges[0][0] == 0
    assert sum(end - start for start, end in ranges) == pipelines.MAX_TOKENS_READ


def test_the_english_pronoun_i_makes_no_run_of_capitalised_words() -> None:
    doc = pipelines.pipeline("en").parse("Tomorrow I'm speaking in Tampere, and I think Oulu is next.")
    assert pipelines.spans_to_read(doc) == []


def test_a_run_of_names_the_name_lists_found_already_is_not_read_again() -> None:
    text = ("Tapasin eilen Matti Virtasen kahvilassa. Sää oli koko päivän harmaa ja sateinen, "
            "joten kävelimme hitaasti kotiin. Illalla soitin Onerva Kyöstilälle.")
    doc = pipelines.pipeline("fi").parse(text)
    matti = (text.index("Matti"), text.index("Virtasen") + len("Virtasen"))
    onerva = (text.index("Onerva"), text.index("Kyöstilälle") + len("Kyöstilälle"))

    def read(known: list[tuple[int, int]]) -> list[str]:
        return [doc[s:e].text for s, e in pipelines.spans_to_read(doc, known)]

    assert read([]) == ["Tapasin eilen Matti Virtasen kahvilassa.", "Illalla soitin Onerva Kyöstilälle."]
    assert read([matti]) == ["Illalla soitin Onerva Kyöstilälle."]
    assert read([matti, onerva]) == []
    assert read([(matti[0], matti[1] - 3)]) == read([])  # a run only partly known is read


def test_capitalised_words_that_are_not_letters_make_no_run() -> None:
    doc = pipelines.pipeline("fi").parse("Koodit Aa1-@ Bb2-@ ja AB12 CD34 eivät ole nimiä.")
    assert pipelines.spans_to_read(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hei!!! Moi?! (Joo.) \"Ok.\" Ei... Entä nyt? Kyllä.",
        "Tapasin esim. Matin klo 12. Hän sanoi: ”Ei käy!” ja lähti.\n\nUusi kappale ilman pistettä",
        "What?! No way... OK. (Really.) Yes!",
        "!!! ??? ...",
        "",
        # long drafts, where the service finds the sentence starts with numpy over the token rows
        "!" * 3000,
        "Hei!!! Moi. " * 400,
        "a.b.c! ?? (x.) \"y!\" z… " * 300,
        "1 " * 2000 + "Loppu.",
    ],
)
def test_sentences_are_those_of_spacys_sentencizer(text: str) -> None:
    from spacy.pipeline import Sentencizer

    for lang in ("fi", "sv", "en"):
        service = pipelines.pipeline(lang)
        expected = Sentencizer()(service.nlp.make_doc(text))
        assert [s.text for s in service.parse(text).sents] == [s.text for s in expected.sents]


def test_a_draft_that_comes_back_is_split_as_a_fresh_tokenizer_splits_it() -> None:
    import spacy

    text = "Esim. klo 12 :) tavataan (ks. liite), Matti Virtanen: \"Ei käy!\" jne. ok... x-y/z 3,5 % " * 3
    service = pipelines.pipeline("fi")
    first = [t.text for t in service.parse(text)]
    again = [t.text for t in service.parse(text + " lisäys")]
    assert first == [t.text for t in spacy.blank("fi").make_doc(text)]
    assert again[: len(first)] == first
    assert {"Esim.", "tavataan"} <= service.chunks_seen


def test_a_long_running_service_forgets_the_words_of_each_draft() -> None:
    # spaCy's vocabulary keeps every word it is shown; the analysis reads inside a memory zone,
    # so that a service shown a new word in every draft does not grow with them (the soak test
    # measures the memory: 10 MB over 20,000 drafts before).
    strings = pipelines.pipeline("fi").nlp.vocab.strings  # a lexeme is freed with its string
    analyse("Eilen tapasin Pertti Virtasen ja Railin Helsingissä.")
    before = len(strings)
    for i in range(300):
        parsed = analyse(f"Tunnus-{i}-xqzv")
        assert parsed.tokens[0].text.startswith("Tunnus")
    assert len(strings) == before
    names = analyse("Eilen tapasin Pertti Virtasen ja Railin Helsingissä.").entities
    assert len(strings) == before
    assert any(e.label == "PER" for e in names)


def test_a_new_piece_that_repeats_in_the_draft_is_kept_by_the_tokenizer_and_a_lone_one_is_not() -> None:
    # Inside the memory zone the tokenizer keeps nothing: a piece repeated 10,000 times would be split
    # 10,000 times in every check. A new piece that stands in the draft once is not kept (a new number
    # in every draft must not grow the service).
    service = pipelines.pipeline("fi")
    analyse("Qzx7-r " * 50, lang="fi")
    assert "Qzx7-r" in service.chunks_seen
    analyse("Vqy9-t", lang="fi")
    assert "Vqy9-t" not in service.chunks_seen
