"""Word rules match Finnish inflected forms and compounds, and nothing inside other words."""

from __future__ import annotations

import re
import time

import pytest

from tuumaustauko.draft import analyse
from tuumaustauko.textmatch import Lexicon


def found(terms: list[str], text: str, lang: str = "fi") -> list[str]:
    draft = analyse(text, lang=lang)
    return [text[m.start:m.end] for m in Lexicon(terms).find_all(draft)]


@pytest.mark.parametrize("text", ["ministeriö", "ministeriön", "ministeriössä", "Ministeriöltä", "ministeriöllekin"])
def test_stem_with_ending_wildcard_matches_inflected_forms(text: str) -> None:
    assert found(["ministeriö*"], f"Tämä koskee {text} asioita.") == [text]


@pytest.mark.parametrize(("term", "text"), [("kollega*", "kollegoille"), ("yritys*", "yrityksen"),
                                             ("tiedote*", "tiedotteen"), ("rata*", "ratojen"), ("juna*", "junien")])
def test_a_stem_that_is_a_word_matches_its_forms_whose_stem_changes(term: str, text: str) -> None:
    assert found([term], f"Kerroin {text} asiasta.") == [text]


def test_a_stem_is_read_as_the_words_own_lemma_not_another_reading() -> None:
    # "sanoin" is "I said" (sanoa); that it is also the instructive plural of "sana" does not make it "sana*".
    assert found(["sana*"], "Sanoin sen suoraan.") == []


@pytest.mark.parametrize("text", ["liikenneministeriössä", "viestintäministeriön", "liikenne-ministeriö"])
def test_part_wildcards_match_inside_compounds_from_the_word_start(text: str) -> None:
    assert found(["*ministeriö*"], f"Kävin {text} eilen.") == [text]


def test_compound_end_only_matches_at_the_end_of_a_word() -> None:
    assert found(["*kanta"], "Virkakanta ja kantaesitys.") == ["Virkakanta"]


@pytest.mark.parametrize("text", ["salassa pidettävä", "salassa-pidettäviä", "salassapidettäviä", "Salassapidettävän"])
def test_phrase_matches_spaced_hyphenated_and_written_together(text: str) -> None:
    assert found(["salassa pidettäv*", "salassapidettäv*"], f"Asiakirja on {text}.") == [text]


def test_plain_word_also_matches_by_lemma() -> None:
    assert found(["ministeriö"], "Ministeriöt julkaisivat ohjeen.") == ["Ministeriöt"]


def test_terms_do_not_match_inside_other_words() -> None:
    assert found(["lvm*"], "Salvmaa ja alvmaksu.") == []
    assert found(["*talo"], "Kävin taloudessa.") == []


def test_a_word_longer_than_any_real_compound_is_not_taken_apart() -> None:
    assert found(["*ministeriö"], "x" * 60 + "ministeriö") == []


def test_matching_is_linear_on_a_long_hyphen_chain() -> None:
    lexicon = Lexicon(["*ministeriö*", "*liikenne*", "*talo", "lvm*", "meidän talo*"])
    draft = analyse("ab-" * 6_667, lang="fi")
    start = time.process_time()
    assert lexicon.find_all(draft) == []
    assert time.process_time() - start < 1.0  # quadratic backtracking took seconds


CASE_FREE_PATTERNS = [
    r"(?i)\b(?:tapan|lyön)\s+(?:sut|sinut)\b",
    r"(?i)\bhuhu(?:n)?\s+(?:mukaan|kertoo)|\bjuorujen\s+mukaan",
    r"(?i)\d{1,2}\s*kap\.?\s*§",
]
MIXED_CASE_TEXTS = [
    "TAPAN SUT huomenna. Huhun Mukaan hän lähtee. 12 kap. § ja Lyön sinut",
    "ei mitään tästä: tapansa sutta, huhumukaan",
    "ÅÄÖ İstanbul ẞ tapan  sut",
]


@pytest.mark.parametrize("source", CASE_FREE_PATTERNS)
def test_a_case_insensitive_data_pattern_finds_the_same_places_on_the_lowercase_text(source: str) -> None:
    from tuumaustauko import textmatch

    pattern = re.compile(source)
    assert textmatch.for_lowercase_text(pattern) is not pattern  # it runs without IGNORECASE
    for text in MIXED_CASE_TEXTS:
        draft = analyse(text, lang="fi")
        assert [m.span() for m in textmatch.finditer(pattern, draft)] == [m.span() for m in pattern.finditer(text)]


def test_a_pattern_that_names_capitals_keeps_running_on_the_text_as_written() -> None:
    from tuumaustauko import textmatch

    pattern = re.compile(r"(?i)\b[A-ZÅÄÖ]{2,}\s+\d")
    assert textmatch.for_lowercase_text(pattern) is pattern
    draft = analyse("Merkintä TL 4 on tässä.", lang="fi")
    assert [m.span() for m in textmatch.finditer(pattern, draft)] == [m.span() for m in pattern.finditer(draft.text)]


@pytest.mark.parametrize("repeat", [1, 40])
def test_a_long_draft_answers_whether_a_word_may_occur_as_a_substring_test_does(repeat: int) -> None:
    text = ("Liikenneministeriön kokous siirtyi. Ylitarkastaja Virtanen jäi sairauslomalle! " * repeat)[:20_000]
    draft = analyse(text, lang="fi")
    for needle in ["ministeriö", "sairausloma", "virtanen", "kokous", "siirtyi.", "ylitarkastaja", "yl"]:
        assert draft.may_contain(needle)
    for needle in ["kokousta", "ulkoministeriö", "terveys", "zz", "sairaslomalle"]:
        assert draft.may_contain(needle) is (needle in draft.lower)


def _data_patterns() -> list[tuple[str, re.Pattern[str]]]:
    from tuumaustauko.ruledata import all_rulesets

    return [(f"{rule.id}:{lang}:{i}", p) for ruleset in all_rulesets() for rule in ruleset.rules
            for lang, patterns in rule.patterns.items() for i, p in enumerate(patterns)]


def _sample_drafts() -> list[str]:
    import json
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench"
    rows = [json.loads(line) for name in ("heldout_all.jsonl", "pd_labelled.jsonl")
            for line in (bench / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows]
    return texts + [t.upper() for t in texts[::7]] + [t.title() for t in texts[::11]]


def test_every_data_pattern_finds_in_its_quick_form_what_it_finds_as_written() -> None:
    from tuumaustauko import textmatch

    drafts = [analyse(text, lang="fi") for text in _sample_drafts()]
    differ = [name for name, pattern in _data_patterns()
              if any([m.span() for m in textmatch.finditer(pattern, d)] != [m.span() for m in pattern.finditer(d.text)]
                     for d in drafts)]
    assert not differ
    assert sum(1 for _ in _data_patterns()) > 100


def test_in_a_long_draft_every_data_pattern_finds_what_it_finds_as_written() -> None:
    # From WORTH_A_TEST characters on, a pattern none of whose required strings is in the draft is not
    # run: the drafts here are the samples joined into long ones, so that the test is made.
    from tuumaustauko import textmatch

    texts = _sample_drafts()
    joined = [" ".join(texts[i : i + 12]) for i in range(0, len(texts), 12)]
    drafts = [analyse(text, lang="fi") for text in joined if len(text) >= textmatch.WORTH_A_TEST]
    assert len(drafts) > 20
    differ = [name for name, pattern in _data_patterns()
              if any([m.span() for m in textmatch.finditer(pattern, d)] != [m.span() for m in pattern.finditer(d.text)]
                     for d in drafts)]
    assert not differ


def test_a_pattern_cannot_match_a_draft_without_a_string_every_match_holds() -> None:
    from tuumaustauko import textmatch

    threat = re.compile(r"(?i)\bsaat(?:te)?\s+(?:vielä\s+|kyllä\s+)?turpiin")
    assert not textmatch.can_match(threat, analyse("Saatte vielä kiitosta. " * 40, lang="fi"))
    assert textmatch.can_match(threat, analyse("Saatte vielä kiitosta, ja turpiin. " * 40, lang="fi"))
    # One of a branch's alternatives is enough; a case-insensitive pattern as written is not tested.
    branch = re.compile(r"(?:embargo|julkaisuvapaa)\s+klo")
    assert textmatch.can_match(branch, analyse("Se on julkaisuvapaa klo 12. " * 40, lang="fi"))
    capitalised = analyse("Julkaisuvapaa klo 12. " * 40, lang="fi")  # the pattern is written case-sensitive
    assert not textmatch.can_match(branch, capitalised) and branch.search(capitalised.text) is None
    assert textmatch.can_match(re.compile(r"(?i)EMBARGO"), analyse("Ei mitään. " * 60, lang="fi"))
