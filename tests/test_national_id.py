"""Finnish henkilötunnus and Swedish personnummer / samordningsnummer (detectors/national_id.py)."""

from __future__ import annotations

import pytest

from tuumaustauko.detectors import national_id
from tuumaustauko.draft import analyse


def found(text: str, lang: str = "fi") -> list[tuple[str, str]]:
    draft = analyse(text, lang=lang)  # type: ignore[arg-type]
    return [(h.severity, text[h.start:h.end]) for h in national_id.detect(draft)]


@pytest.mark.parametrize("code", [
    "131052-308T", "131052+308T",  # the 1900s and the 1800s
    "131052Y308T", "131052X308T", "131052W308T", "131052V308T", "131052U308T",  # the 1900s since 2023
    "010106A123Y", "010106B123Y", "010106C123Y", "010106D123Y", "010106E123Y", "010106F123Y",  # the 2000s
])
def test_henkilotunnus_with_every_century_sign_is_critical(code: str) -> None:
    assert found(f"Hakijan tunnus {code} näkyi lomakkeella.") == [("critical", code)]


def test_henkilotunnus_glued_to_the_word_before_is_found() -> None:
    assert found("My finnish id code is030594W903B.", "en") == [("critical", "030594W903B")]


def test_henkilotunnus_glued_to_digits_is_not_an_identifier() -> None:
    assert found("Sarja 9131052-308T jatkuu.") == []


@pytest.mark.parametrize("number", [
    "811218-9876", "19811218-9876", "811218+9876",  # with the separator
    "198112189876", "189004119807",  # 12 digits, none
    "8112189876",  # 10 digits, none
])
def test_personnummer_with_or_without_separator_in_10_or_12_digits_is_critical(number: str) -> None:
    assert found(f"Hans personnummer är {number}.", "sv") == [("critical", number)]


@pytest.mark.parametrize("number", ["811278-9873", "8112789873", "19811278-9873", "640883-3215"])
def test_samordningsnummer_day_plus_60_is_critical(number: str) -> None:
    assert found(f"Samordningsnummer {number} på blanketten.", "sv") == [("critical", number)]


@pytest.mark.parametrize("text", [
    "Ordernummer 811218-9875 är fel.",  # the check digit fails
    "Samordningsnummer 811292-9873 finns inte.",  # day 92 - 60 = 32
    "Referens 1234567890 gäller fakturan.",
    "Ring 0701234569 i kväll.",  # valid as 070123-4569, but a 10-digit run that begins with 0 is a phone
])
def test_numbers_that_fail_the_checks_or_read_as_phones_are_not_identifiers(text: str) -> None:
    assert found(text, "sv") == []
