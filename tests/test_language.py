"""Language identification: the hint wins; short drafts and noise are decided sensibly."""

from __future__ import annotations

import pytest

from tuumaustauko.language import detect_language

SHORT_AND_LONG = [
    ("fi", "Kiitos!"),
    ("fi", "Hyvää huomenta kaikille"),
    ("fi", "Ministeriö julkaisi tänään uuden strategian."),
    ("fi", "Lähdemme huomenna lomalle"),
    ("sv", "Tack så mycket"),
    ("sv", "Vi ses på måndag"),
    ("sv", "God morgon allihopa"),
    ("sv", "Jag tycker att det är bra"),
    ("en", "Thanks a lot"),
    ("en", "See you on Monday"),
    ("en", "Good morning all"),
    ("en", "I think it is good"),
    ("fi", "Kävin eilen seminaarissa ja sain paljon uusia ajatuksia liikenteen tulevaisuudesta. #liikenne"),
    ("sv", "Jag var på seminariet igår och fick många nya tankar om trafikens framtid. https://example.org/sv"),
    ("en", "Went to the seminar yesterday and came away with plenty of new ideas about transport. @someone"),
]


@pytest.mark.parametrize(("lang", "text"), SHORT_AND_LONG)
def test_drafts_short_and_long_are_recognised(lang: str, text: str) -> None:
    assert detect_language(text) == lang


def test_the_hint_wins() -> None:
    assert detect_language("Tack så mycket", "fi") == "fi"


def test_an_unknown_hint_is_ignored() -> None:
    assert detect_language("Tack så mycket", "de") == "sv"


@pytest.mark.parametrize("text", ["", "   ", "1234 5678", "😀😀", "https://example.org @x #y"])
def test_drafts_without_words_fall_back_to_finnish(text: str) -> None:
    assert detect_language(text) == "fi"


def test_the_same_draft_always_gets_the_same_answer() -> None:
    text = "OK ok"
    assert len({detect_language(text) for _ in range(20)}) == 1
