"""Finnish word rules match inflected forms through a small lemma table kept in step with the data."""

from __future__ import annotations

import time

import pytest

from tuumaustauko.draft import analyse
from tuumaustauko.lemmas import lemma_of, lemma_table, table_digest, vocabulary_digest


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_lemma_table_is_built_from_the_current_data(lang: str) -> None:
    assert table_digest(lang) == vocabulary_digest(), "the rule data changed: run `make lemmas`"


@pytest.mark.parametrize(("form", "lemma"), [("ministeriön", "ministeriö"), ("ministeriössä", "ministeriö"),
                                             ("ministeriöt", "ministeriö")])
def test_inflected_finnish_forms_have_their_lemma(form: str, lemma: str) -> None:
    assert lemma_of(form, "fi") == lemma


def test_tokens_carry_the_lemma() -> None:
    draft = analyse("Kävin ministeriössä eilen.", lang="fi")
    assert [t.lemma for t in draft.tokens if t.lower == "ministeriössä"] == ["ministeriö"]


def test_unknown_words_are_their_own_lemma() -> None:
    assert lemma_of("qwertyuiop", "fi") == "qwertyuiop"


def test_the_tables_load_quickly_and_stay_small() -> None:
    lemma_table.cache_clear()
    start = time.process_time()
    sizes = [len(lemma_table(lang)) for lang in ("fi", "sv", "en")]
    assert time.process_time() - start < 2.0
    assert all(0 < n < 200_000 for n in sizes)
