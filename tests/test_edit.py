"""edit/unmarked_edit: a published post changed in meaning without saying so."""

from __future__ import annotations

from tuumaustauko.detectors import unmarked_edit
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint


def _hints(text: str, previous: str | None, lang: str = "fi") -> list[Hint]:
    return unmarked_edit.detect(analyse(text, lang=lang, previous_text=previous))


def test_changed_time_without_a_marker_is_flagged_on_the_new_time() -> None:
    text = "Tilaisuus alkaa klo 15 Pasilassa."
    hints = _hints(text, "Tilaisuus alkaa klo 14 Pasilassa.")
    assert [text[h.start : h.end] for h in hints] == ["15"]
    assert (hints[0].category, hints[0].kind, hints[0].severity, hints[0].rule) == (
        "edit", "unmarked_edit", "warning", 9,
    )


def test_no_previous_text_means_no_edit_hint() -> None:
    assert _hints("Tilaisuus alkaa klo 15 Pasilassa.", None) == []
    assert _hints("Tilaisuus alkaa klo 15 Pasilassa.", "Tilaisuus alkaa klo 15 Pasilassa.") == []


def test_changed_place_and_added_negation_are_flagged() -> None:
    assert _hints("Seminaari pidetään Tampereella.", "Seminaari pidetään Helsingissä.")
    assert _hints("The ministry has not decided on road tolls.", "The ministry has decided on road tolls.", "en")


def test_removed_negation_gives_a_document_level_hint() -> None:
    hints = _hints("The event is open to everyone.", "The event is not open to everyone.", "en")
    assert [(h.start, h.end) for h in hints] == [(0, 0)]


def test_weekday_changed_by_two_letters_is_not_a_typo_fix() -> None:
    assert _hints("Lausuntoaika päättyy torstaina.", "Lausuntoaika päättyy tiistaina.")


def test_a_marker_makes_the_edit_visible() -> None:
    previous = "Tilaisuus alkaa klo 14."
    assert _hints("Korjaus: tilaisuus alkaa klo 15.", previous) == []
    assert _hints("Tilaisuus alkaa klo 15. (muokattu)", previous) == []
    assert _hints("Päivitetty 12.5. klo 9\nTilaisuus alkaa klo 15.", previous) == []
    assert _hints("EDIT the event starts at 3 pm.", "The event starts at 2 pm.", "en") == []
    assert _hints("Rättelse: evenemanget börjar kl. 15.", "Evenemanget börjar kl. 14.", "sv") == []


def test_a_marker_word_in_ordinary_text_is_not_a_marker() -> None:
    text = "Sovelluksen päivitys julkaistaan perjantaina."
    assert _hints(text, "Sovelluksen päivitys julkaistaan torstaina.")


def test_emoji_punctuation_whitespace_and_hashtags_are_not_changes_of_meaning() -> None:
    previous = "Tilaisuus alkaa klo 14 Pasilassa."
    assert _hints("Tilaisuus alkaa klo 14 Pasilassa! 🎉", previous) == []
    assert _hints("Tilaisuus  alkaa klo 14\nPasilassa. #liikenne", previous) == []
    assert _hints("Meeting at 10:00.", "Meeting at 10.00", "en") == []


def test_typo_fixes_are_not_changes_of_meaning() -> None:
    assert _hints("Seminaari pidetään Helsingissä.", "Seminaari pidetään Helsingisä.") == []
    assert _hints("The ministry's report is out.", "The ministrys report is out.", "en") == []
    assert _hints("We will raise the fees.", "We wil raise the fees.", "en") == []


def test_adding_a_pleasantry_is_not_a_change_of_meaning() -> None:
    assert _hints("Seminaari pidetään torstaina, tervetuloa!", "Seminaari pidetään torstaina.") == []


def test_osa_distance_counts_a_swap_as_one_edit() -> None:
    assert unmarked_edit.osa_distance("teh", "the") == 1
    assert unmarked_edit.osa_distance("tiistaina", "torstaina") == 2
