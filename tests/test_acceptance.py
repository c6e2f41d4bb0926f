"""The foundation issue's own acceptance cases, end to end through the advisor."""

from __future__ import annotations

from tuumaustauko.advisor import check

VALID_HETU = "131052-308T"
WRONG_CHECK_CHARACTER = "131052-308U"
OPINION = "Mielestäni ministeriön uusi liikennestrategia on surkea ja se kannattaisi perua."


def kinds(text: str, **kwargs: object) -> dict[tuple[str, str], str]:
    advice = check(text, **kwargs)  # type: ignore[arg-type]
    return {(h.category, h.kind): h.severity for h in advice.hints}


def test_valid_henkilotunnus_is_critical() -> None:
    assert kinds(f"Hakijan henkilötunnus on {VALID_HETU}.", lang="fi")[("personal_data", "national_id")] == "critical"


def test_henkilotunnus_with_a_wrong_check_character_is_no_national_id_hint() -> None:
    found = kinds(f"Hakijan henkilötunnus on {WRONG_CHECK_CHARACTER}.", lang="fi")
    assert ("personal_data", "national_id") not in found


def test_classification_marking_is_critical() -> None:
    found = kinds("TL IV\nKÄYTTÖ RAJOITETTU\nMuistio neuvottelusta 12.3.", lang="fi")
    assert found[("confidential", "classification")] == "critical"


def test_hybrid_opinion_on_the_ministrys_matters_needs_a_disclaimer() -> None:
    assert ("disclaimer", "missing") in kinds(OPINION, mode="hybrid", lang="fi")


def test_the_same_opinion_said_to_be_ones_own_needs_none() -> None:
    assert ("disclaimer", "missing") not in kinds("Omana näkemyksenäni: " + OPINION, mode="hybrid", lang="fi")
