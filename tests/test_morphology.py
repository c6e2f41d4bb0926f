"""Finnish words through Voikko: lemmas of inflected and compounded forms, proper-noun classes, the
lemma table where Voikko knows nothing, and a service that still answers without Voikko."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from starlette.testclient import TestClient

from tuumaustauko import morphology
from tuumaustauko.analysis import Analysis, morphology_status, parse
from tuumaustauko.api.app import create_app
from tuumaustauko.draft import analyse
from tuumaustauko.pairing import TokenStore
from tuumaustauko.textmatch import Lexicon

SENTENCE = ("Pertti Virtanen kertoi henkilötunnuksensa ja salassapidettäviä tietoja ministeriön kokouksessa "
            "Helsingissä.")


def lemma_of(analysis: Analysis, word: str) -> str:
    return next(t.lemma for t in analysis.tokens if t.text == word)


def test_voikko_is_what_analyses_finnish_here() -> None:
    assert morphology_status() == {"fi": "voikko"}, "install Voikko: `make install`"


def test_inflected_and_compounded_words_get_their_base_form() -> None:
    analysis = parse(SENTENCE, "fi")
    assert lemma_of(analysis, "henkilötunnuksensa") == "henkilötunnus"
    assert lemma_of(analysis, "ministeriön") == "ministeriö"
    assert lemma_of(analysis, "kokouksessa") == "kokous"
    assert lemma_of(analysis, "Helsingissä") == "helsinki"


def test_the_likelier_case_decides_between_two_readings() -> None:
    # henkilötunnus in the genitive, not henkilötuntu in the translative; both stay findable.
    word = morphology.analyse_word("henkilötunnuksensa")
    assert word is not None and word.lemmas[0] == "henkilötunnus" and "henkilötuntu" in word.lemmas


def test_compound_parts_come_from_voikkos_structure() -> None:
    assert morphology.compound_parts("henkilötunnus", "=ppppppp=ppppppppppp") == ["henkilö", "tunnus"]
    assert morphology.compound_parts("MS-tauti", "=ii-=ppppp") == ["MS", "tauti"]
    assert morphology.compound_parts("kokous", "=pppppppppp") == ["kokous"]


def test_a_compound_end_rule_matches_whatever_became_of_its_stem() -> None:
    # "*tunnus" cannot match "henkilötunnuksensa" by its letters: the stem changed to tunnukse-.
    draft = analyse("Hän kertoi henkilötunnuksensa puhelimessa.", lang="fi")
    matches = Lexicon(["*tunnus"]).find_all(draft)
    assert [draft.text[m.start:m.end] for m in matches] == ["henkilötunnuksensa"]


def test_a_compound_part_rule_matches_a_middle_part() -> None:
    draft = analyse("Sairauslomatodistukset toimitetaan esihenkilölle.", lang="fi")
    assert [draft.text[m.start:m.end] for m in Lexicon(["*sairausloma*"]).find_all(draft)] == ["Sairauslomatodistukset"]


def test_every_reading_is_findable_by_a_word_rule() -> None:
    # "Anna" is a first name and a form of antaa (to give).
    draft = analyse("Anna palautetta.", lang="fi")
    assert Lexicon(["antaa"]).find_all(draft) and Lexicon(["anna"]).find_all(draft)


def test_what_the_lemma_table_found_stays_findable_beside_voikkos_readings() -> None:
    # The rule data was written against the lemma table, where "meidän" is a form of minä; Voikko says me.
    draft = analyse("Meidän sihteeri on ortodoksi.", lang="fi")
    assert Lexicon(["me"]).find_all(draft) and Lexicon(["minä"]).find_all(draft)


def test_names_and_places_carry_their_classes() -> None:
    analysis = parse("Virtaselle ja Jarille Helsingissä", "fi")
    surname, _, first, place = (analysis.word(i) for i in range(4))
    assert surname is not None and surname.is_surname and surname.lemmas[0] == "virtanen"
    assert first is not None and first.is_first_name
    assert place is not None and place.is_place_only and not place.is_person_name


def test_a_first_name_that_is_also_a_word_is_known_as_both() -> None:
    word = morphology.analyse_word("lahja")
    assert word is not None and word.is_first_name and word.is_common_word and not word.is_verb


def test_swedish_and_english_are_not_analysed_by_voikko() -> None:
    assert parse("Jag heter Anna och bor i Helsingfors.", "sv").words == ()


def test_made_up_words_keep_themselves_as_lemma() -> None:
    assert lemma_of(parse("Tämä qwzxyqwzxy ei ole sana.", "fi"), "qwzxyqwzxy") == "qwzxyqwzxy"


def test_a_long_draft_analyses_a_bounded_number_of_new_words_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(morphology, "_CACHE", {})
    monkeypatch.setattr(morphology, "NEW_WORDS_PER_DRAFT", 5)
    words = [f"talo{'a' * n}" for n in range(1, 12)]
    analysed = morphology.analyse_words(words)
    assert len(morphology._CACHE) == 5 and analysed[5:] == [None] * 6


def test_new_words_wait_for_a_later_check_once_the_time_for_them_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(morphology, "_CACHE", {"talo": morphology.analyse_word("talo")})
    monkeypatch.setattr(morphology, "NEW_WORDS_BUDGET_MS", 0.0)
    analysed = morphology.analyse_words(["talo", "talossa", "kissa"])
    assert analysed[0] is not None and analysed[1:] == [None, None]  # a word seen before costs nothing


def test_a_build_reads_every_new_word_however_long_it_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(morphology, "_CACHE", {})
    monkeypatch.setattr(morphology, "NEW_WORDS_PER_DRAFT", 5)
    monkeypatch.setattr(morphology, "NEW_WORDS_BUDGET_MS", 0.0)
    with morphology.every_word_read():
        analysed = morphology.analyse_words(["talo", "talossa", "kissa", "kissoille", "koira", "koirineen", "tie"])
    assert None not in analysed
    assert morphology.analyse_words(["autoissa", "autoilla"]) == [None, None]  # the service's budget is back


@pytest.fixture
def without_voikko(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine where the binding cannot be imported."""
    monkeypatch.setitem(sys.modules, "libvoikko", None)
    monkeypatch.setattr(morphology, "_ANALYSER", morphology.Analyser())
    monkeypatch.setattr(morphology, "_CACHE", {})


@pytest.mark.usefixtures("without_voikko")
def test_without_voikko_lemmas_come_from_the_lemma_table() -> None:
    analysis = parse(SENTENCE, "fi")
    assert morphology_status() == {"fi": "reduced"}
    assert analysis.words == (None,) * len(analysis.tokens)
    assert lemma_of(analysis, "ministeriön") == "ministeriö"


@pytest.mark.usefixtures("without_voikko")
def test_without_voikko_the_service_answers_and_health_says_morphology_is_reduced() -> None:
    client = TestClient(create_app(port=8470, tokens=TokenStore(fixed="t0ken-without-voikko")),
                        base_url="http://127.0.0.1:8470")
    assert client.get("/health").json()["morphology"] == {"fi": "reduced"}
    answer = client.post("/v1/check", json={"text": "Hetuni on 131052-308T.", "lang": "fi"},
                         headers={"Authorization": "Bearer t0ken-without-voikko"})
    assert answer.status_code == 200 and any(h["kind"] == "national_id" for h in answer.json()["hints"])


def test_the_analysis_stands_on_its_own_without_packs_or_word_rules() -> None:
    # Parsing knows no packs: analysis.py reaches neither the packs nor the word-rule matcher.
    probe = "import sys, tuumaustauko.analysis; print(sorted(m for m in sys.modules if m.startswith('tuumaustauko.')))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "tuumaustauko.analysis" in loaded
    assert "tuumaustauko.packs" not in loaded and "tuumaustauko.textmatch" not in loaded


def test_a_forked_worker_analyses_words_though_another_thread_was_inside_voikko_at_the_fork() -> None:
    assert morphology.status() == "voikko"
    with morphology._ANALYSER._lock:  # as if another thread were reading a word when the worker forks
        pid = os.fork()
        if pid == 0:  # the worker: a word never seen before needs the lock
            word = morphology.analyse_word("kissoillekaan")
            os._exit(0 if word is not None and word.lemmas[0] == "kissa" else 1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("the forked worker hung on a lock held at the fork")


@pytest.mark.parametrize("text", [
    "Henkilötunnuksensa unohtanut Matti kävi liikenneministeriössä. Matin henkilötunnus on salainen!",
    "Meidän talo, teidän talo ja heidän talonsa. MEIDÄN TALO! " * 5,
    "!!! ??? 123 ... " * 10,
    "",
])
def test_the_lemmas_and_compound_parts_a_draft_holds_are_those_of_its_tokens(text: str) -> None:
    # Read once per different word; where the tokens are is indexed only when a word list asks.
    draft = parse(text, "fi")
    assert draft.lemmas == frozenset(draft._lemma_positions)
    assert draft.compound_ends == frozenset(draft._last_part_positions)
    assert draft.compound_parts == frozenset(draft._part_positions)
    capitalised = draft.tokens_where(lambda word: word[:1].isupper())
    assert capitalised == [i for i, t in enumerate(draft.tokens) if t.text[:1].isupper()]
