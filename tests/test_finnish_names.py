"""Finnish people's names from Voikko's first-name and surname classes: whole names in any case form,
the surname first, a first name alone where its sentence makes it a person's, never a place."""

from __future__ import annotations

import pytest

from tuumaustauko.advisor import check
from tuumaustauko.analysis import parse
from tuumaustauko.detectors._people import find_people
from tuumaustauko.draft import analyse


def people(text: str) -> list[str]:
    return [text[p.start : p.end] for p in find_people(analyse(text, lang="fi"))]


def person_hints(text: str) -> list[tuple[str, str]]:
    advice = check(text, lang="fi", budget_ms=None, meaning=False)
    return [(h.severity, text[h.start : h.end]) for h in advice.hints if h.kind == "person_name"]


def test_the_finnish_pipeline_finds_a_whole_name_beside_a_place() -> None:
    text = ("Pertti Virtanen kertoi henkilötunnuksensa ja salassapidettäviä tietoja ministeriön kokouksessa "
            "Helsingissä.")
    entities = parse(text, "fi").entities
    assert [(text[e.start : e.end], e.label) for e in entities if e.label == "PER"] == [("Pertti Virtanen", "PER")]


@pytest.mark.parametrize(("text", "name"), [
    ("Tiedättekö, miksi Onni Rautiaiselle soitettiin?", "Onni Rautiaiselle"),  # both inflected
    ("Virtasen Pekka on ollut sairauslomalla.", "Virtasen Pekka"),  # the surname first
    ("Kuulin, että Hilkka Kettuselta vietiin ajokortti.", "Hilkka Kettuselta"),
    ("Onnea Sanna Mäkelälle uudesta tehtävästä!", "Sanna Mäkelälle"),  # a surname Voikko knows as a place
    ("Kuulin, että Inari Lehtoselle soitettiin.", "Inari Lehtoselle"),  # a first name Voikko knows as a place
])
def test_a_run_of_first_names_and_surnames_is_one_person_in_any_case(text: str, name: str) -> None:
    assert name in people(text)


@pytest.mark.parametrize("text", [
    "Helsingin Sanomat kertoi asiasta ensimmäisenä.",
    "Tampereella ja Lahdessa sataa tänään lunta.",
    "Nokian Renkaat avaa uuden tehtaan.",
])
def test_place_names_are_never_people(text: str) -> None:
    assert people(text) == []


def test_a_place_after_a_first_name_is_not_a_surname() -> None:
    assert people("Kävin eilen kahvilla, ja Matti Helsingistä soitti.") == ["Matti"]


@pytest.mark.parametrize(("text", "name"), [
    ("Railille tehtiin leikkaus eilen.", "Railille"),
    ("Kysykää Tuurelta, onko hän jo toipunut masennuksesta.", "Tuurelta"),
])
def test_an_inflected_first_name_the_lists_do_not_know_is_a_person_tied_to_health(text: str, name: str) -> None:
    assert ("warning", name) in person_hints(text)


@pytest.mark.parametrize("name", ["Minttu", "Aatos", "Sulo", "Lahja"])
def test_a_first_name_that_is_also_a_word_is_a_person_when_it_is_the_subject(name: str) -> None:
    text = f"{name} on ollut sairauslomalla masennuksen takia."
    advice = check(text, lang="fi", budget_ms=None, meaning=False)
    kinds = {(h.kind, h.severity, text[h.start : h.end]) for h in advice.hints}
    assert ("person_name", "warning", name) in kinds
    assert any(kind == "health" and severity == "warning" for kind, severity, _ in kinds)


def test_an_imperative_that_looks_like_a_name_is_no_person() -> None:
    assert people("Anna palautetta masennuksen hoidosta verkkosivuillamme.") == []


def test_a_lone_first_name_without_anything_sensitive_gives_no_hint() -> None:
    assert person_hints("Railille kiitos eilisestä!") == []


def test_a_whole_name_is_info_when_nothing_sensitive_is_said() -> None:
    assert person_hints("Onnea Heikki Kuusistolle uudesta tehtävästä!") == [("info", "Heikki Kuusistolle")]


def test_swedish_drafts_keep_their_name_lists() -> None:
    # Voikko reads only Finnish: a Swedish draft's names come from the lists and the recognizer.
    assert parse("Anna Lindqvist bor i Helsingfors.", "sv").person_runs == ()
