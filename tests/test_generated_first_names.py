"""The first names generated from Faker's lists (data/names/from_faker.yaml, scripts/more_first_names.py):
names the hand-written lists lack are people, and no word is read as one of them, inflected or not."""

from __future__ import annotations

from importlib import resources

import pytest

from tuumaustauko.datafiles import load_yaml
from tuumaustauko.detectors._people import GENERATED_NAMES, first_name
from tuumaustauko.hints import LANGS

NAMES = resources.files("tuumaustauko").joinpath("data/names")


def _names(file: str, *keys: str) -> list[str]:
    data = load_yaml(NAMES.joinpath(file).read_text(encoding="utf-8"))
    return [str(n) for key in keys for n in data.get(key, [])]


def test_generated_names_are_sorted_lowercase_letters_and_new() -> None:
    generated = _names(GENERATED_NAMES, "names")
    hand_written = {n.lower() for lang in LANGS for n in _names(f"{lang}.yaml", "names", "ambiguous")}
    assert generated == sorted(set(generated))
    assert all(n.isalpha() and n == n.lower() and len(n) >= 3 for n in generated)
    assert not hand_written & set(generated)


@pytest.mark.parametrize("word", ["Gareth", "Tariq", "Moira", "Tomasz", "Yusuf", "Ayesha", "Olena", "Mehmet"])
def test_a_name_outside_the_hand_written_lists_is_a_first_name(word: str) -> None:
    assert first_name(word) == word.lower()


# Words a generated name would be, bare or read as a Finnish inflection of it ("Seve" + "n", "Thi" + "s",
# "Mikkel" + "in"): the script leaves such names out.
@pytest.mark.parametrize("word", ["This", "Seven", "That", "Osa", "Aura", "Mikkelin", "Turun", "Vaasa", "Kello",
                                  "Idag", "Monday", "Sunday"])
def test_a_word_is_no_first_name(word: str) -> None:
    assert first_name(word) is None


def test_the_finnish_recognizer_reads_the_hand_written_lists_it_was_trained_with() -> None:
    from tuumaustauko.ner_features import _listed_first_name

    assert first_name("Gareth") == "gareth" and not _listed_first_name("Gareth")
    assert _listed_first_name("Pertti") and _listed_first_name("Railille")
