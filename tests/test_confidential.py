"""Confidential information: markings, secrecy grounds, internal-only notes, embargoes, decisions not yet public.

These run the family's own detectors on parsed drafts (not the whole advisor), so a failure
here is this family's. The rule examples in data/rules/confidential.yaml run through the
whole advisor in test_rule_examples.py.
"""

from __future__ import annotations

import time

import pytest

from tuumaustauko.detectors import classification
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint
from tuumaustauko.ruledata import load_ruleset

WORD_RULES = load_ruleset("confidential")


def hints(text: str, lang: str | None = None, mode: str = "hybrid") -> list[Hint]:
    draft = analyse(text, lang=lang, mode=mode)  # type: ignore[arg-type]
    return classification.detect(draft) + WORD_RULES.apply(draft)


def kinds(text: str, lang: str | None = None, least: str = "warning") -> set[tuple[str, str]]:
    order = {"info": 0, "warning": 1, "critical": 2}
    return {(h.kind, h.severity) for h in hints(text, lang) if order[h.severity] >= order[least]}


def alarms(text: str, lang: str | None = None) -> list[tuple[str, str, str]]:
    return [(h.kind, h.severity, text[h.start:h.end]) for h in hints(text, lang) if h.severity != "info"]


# --- classification -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "TL IV\nMuistio seminaarin järjestelyistä.",
    "Liitteenä ST III -muistio huomiseen.",
    "Muistio (TL 3) liitteenä.",
    "SUOJAUSTASO II\nTilannekuva.",
    "KÄYTTÖ RAJOITETTU – työryhmän yhteenveto.",
    "[SALAINEN] Yhteenveto aamun kokouksesta",
    "Luokitus: Luottamuksellinen. Ohessa muistio.",
])
def test_finnish_markings_are_critical(text: str) -> None:
    assert ("classification", "critical") in kinds(text, "fi")


@pytest.mark.parametrize("text", [
    "HEMLIG\nPromemoria om omorganisationen.",
    "Säkerhetsskyddsklass: Begränsat hemlig",
    "SEKRETESS: anbudsjämförelse, se bilaga.",
    "Bifogar KONFIDENTIELL rapport från gruppen.",
])
def test_swedish_markings_are_critical(text: str) -> None:
    assert ("classification", "critical") in kinds(text, "sv")


@pytest.mark.parametrize("text", [
    "CONFIDENTIAL\nQ3 memo, draft 2.",
    "TOP SECRET // minutes of the session.",
    "Attached is the NATO RESTRICTED summary.",
    "RESTREINT UE draft conclusions attached.",
    "Sharing the TLP:AMBER+STRICT advisory we got.",
    "tlp:red indicators from the incident",
])
def test_international_markings_are_critical(text: str) -> None:
    assert ("classification", "critical") in kinds(text, "en")


def test_tlp_green_is_a_warning_not_critical() -> None:
    found = {h.severity for h in hints("Here's the TLP:GREEN note from the sector group.", "en")}
    assert found == {"warning"}


@pytest.mark.parametrize("text", ["TLP:CLEAR – share freely.", "TLP:WHITE report from CERT, read and share!"])
def test_tlp_clear_and_white_are_public(text: str) -> None:
    assert hints(text, "en") == []


@pytest.mark.parametrize("text, lang", [
    ("Mummon salainen resepti korvapuusteihin on vihdoin paljastettu!", "fi"),
    ("Luin kirjan Salainen puutarha uudelleen.", "fi"),
    ("My grandma's top secret recipe is finally out!", "en"),
    ("Had a confidential talk with an old friend today.", "en"),
    ("Rewatched Top Secret! last night.", "en"),
    ("Mormors hemliga ingrediens är kanel.", "sv"),
    ("The EU restricted exports of the chemicals last year.", "en"),
    ("CONFIDENTIAL? Nope, this is my holiday album.", "en"),
    ("TL;DR: great day at the seminar.", "en"),
])
def test_ordinary_language_is_not_a_marking(text: str, lang: str) -> None:
    assert alarms(text, lang) == []


@pytest.mark.parametrize("text, lang", [
    ("TL IV -merkintä tarkoittaa, että asiakirja on suojaustasoa IV.", "fi"),
    ("What does TLP:AMBER actually mean?", "en"),
    ("Vad betyder egentligen TLP:AMBER?", "sv"),
])
def test_talking_about_markings_in_general_is_not_a_marking(text: str, lang: str) -> None:
    assert alarms(text, lang) == []


def test_refusing_to_share_a_marked_thing_is_at_most_info() -> None:
    found = hints("En voi kertoa siitä enempää, se on TL III.", "fi")
    assert found and all(h.severity == "info" for h in found)


def test_marking_hint_covers_the_marking_and_rests_on_rule_8() -> None:
    text = "Liitteenä ST III -muistio."
    (hint,) = [h for h in hints(text, "fi") if h.kind == "classification"]
    assert text[hint.start:hint.end] == "ST III"
    assert hint.category == "confidential" and hint.rule == 8


# --- secrecy, internal, embargo, pre_decision -----------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("Liitteenä salassa pidettävä muistio.", "fi"),
    ("Tämä selvitys on salassapidettävä (JulkL 24 § 1 mom. 15 k.), mutta luvut ovat tässä:", "fi"),
    ("Handlingen omfattas av sekretess men jag delar huvudpunkterna.", "sv"),
    ("Bilagan är hemlig enligt 21 kap. 7 § OSL, här är ett foto.", "sv"),
    ("This report is exempt from disclosure under section 24, key numbers below:", "en"),
])
def test_secrecy_grounds_on_shared_content_warn(text: str, lang: str) -> None:
    assert ("secrecy", "warning") in kinds(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("Julkisuuslain 24 § luettelee salassapitoperusteet – hyvä kertaus koulutuksessa.", "fi"),
    ("Kom ihåg att uppgifter som omfattas av sekretess aldrig delas.", "sv"),
    ("What does 'subject to secrecy' mean in practice?", "en"),
])
def test_general_talk_about_secrecy_is_not_flagged(text: str, lang: str) -> None:
    assert alarms(text, lang) == []


@pytest.mark.parametrize("text, lang", [
    ("Tässä suunnitelma, vain sisäiseen käyttöön mutta pakko näyttää.", "fi"),
    ("Sisäinen, ei jakeluun: tiimin uusi työnjako.", "fi"),
    ("Presentationen får ej spridas, men kolla bild 5!", "sv"),
    ("Internal only: here's the new team structure.", "en"),
    ("From the director – do not forward – the plan is below.", "en"),
])
def test_internal_only_notes_warn(text: str, lang: str) -> None:
    assert ("internal", "warning") in kinds(text, lang)


@pytest.mark.parametrize("text, lang, marked", [
    ("Älkää levittäkö mut meiän asemalla yks ambulanssi seisoo kesällä tyhjänä. Että sellasta.", "fi",
     "Älkää levittäkö mut meiän asemalla yks ambulanssi seisoo kesällä tyhjänä."),
    ("Sonen sa att slutövningen ställs in eftersom ammunitionen inte räcker. Sprid inte vidare 🙊", "sv",
     "Sonen sa att slutövningen ställs in eftersom ammunitionen inte räcker. Sprid inte vidare 🙊"),
    ("Please don't share this. They told us the creamery stops taking milk in spring. Heads up!", "en",
     "Please don't share this. They told us the creamery stops taking milk in spring."),
])
def test_a_do_not_spread_warning_covers_what_it_marks(text: str, lang: str, marked: str) -> None:
    assert [(kind, span) for kind, _, span in alarms(text, lang)] == [("internal", marked)]


@pytest.mark.parametrize("text, lang, told", [
    ("Uudeksi poliisipäälliköksi nimitetään Sari Koskela. Ministeriö vahvistaa nimityksen torstain istunnossa. "
     "Onnea Sari!", "fi",
     "Uudeksi poliisipäälliköksi nimitetään Sari Koskela. Ministeriö vahvistaa nimityksen torstain istunnossa. "
     "Onnea Sari!"),
    ("Stort grattis till Johanna som blir ny enhetschef! Beslutet offentliggörs först nästa vecka.", "sv",
     "Stort grattis till Johanna som blir ny enhetschef! Beslutet offentliggörs först nästa vecka."),
    ("Tom is our next Chief Engineer. His appointment goes to the board for confirmation, but congrats!", "en",
     "Tom is our next Chief Engineer. His appointment goes to the board for confirmation, but congrats!"),
    # later in its sentence, the cue speaks of what its own sentence told
    ("Tervetuloa! Uusi rehtori on Mirja, mutta päätös julkaistaan vasta perjantaina.", "fi",
     "Uusi rehtori on Mirja, mutta päätös julkaistaan vasta perjantaina."),
])
def test_a_decisions_step_still_to_come_covers_the_decision_told_beside_it(text: str, lang: str, told: str) -> None:
    assert [(kind, span) for kind, severity, span in alarms(text, lang) if kind == "pre_decision"] == [
        ("pre_decision", told)]


@pytest.mark.parametrize("text, lang", [
    ("Sisäinen tarkastus valmistui ja kaikki meni hyvin!", "fi"),
    ("Our internal audit wrapped up today.", "en"),
    ("Fun fact: the internal combustion engine is older than you think.", "en"),
    ("Please do not forward chain letters – they're scams.", "en"),
])
def test_internal_audit_and_combustion_are_not_internal_only(text: str, lang: str) -> None:
    assert alarms(text, lang) == []


@pytest.mark.parametrize("text, lang", [
    ("Embargo klo 12 asti! Tässä pääkohdat:", "fi"),
    ("Raportti julkaistaan vasta torstaina, mutta tässä parhaat palat.", "fi"),
    ("Embargo till kl. 10 i morgon, men här är nyheten:", "sv"),
    ("Under embargo until 10am tomorrow, but here's the headline:", "en"),
    ("EMBARGO: 12 noon Friday. New study on remote work.", "en"),
])
def test_press_embargoes_warn(text: str, lang: str) -> None:
    assert ("embargo", "warning") in kinds(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("The trade embargo against Cuba has lasted for decades.", "en"),
    ("EU:n asevientikielto on ollut voimassa pitkään.", "fi"),
    ("Embargo päättyi, tiedote on nyt julki.", "fi"),
    ("Embargot har hävts och pressmeddelandet är nu offentligt.", "sv"),
    ("The oil embargo of 1973 changed everything.", "en"),
])
def test_trade_and_lifted_embargoes_are_not_flagged(text: str, lang: str) -> None:
    assert alarms(text, lang) == []


@pytest.mark.parametrize("text, lang", [
    ("Kuulin palaverissa, että koko yksikkö muuttaa.", "fi"),
    ("Ministeri päättää huomenna, että hanke lopetetaan (ei vielä julkista).", "fi"),
    ("Jag hörde på mötet att avdelningen ska flytta.", "sv"),
    ("Heard in the meeting that the unit is moving.", "en"),
    ("The decision is not yet public, but it's a yes!", "en"),
])
def test_things_not_yet_public_warn(text: str, lang: str) -> None:
    assert ("pre_decision", "warning") in kinds(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("Päätös on nyt julkinen: uusi kirjasto avataan keväällä.", "fi"),
    ("Ohjelma ei ole vielä julkinen, kerromme lisää pian!", "fi"),
    ("Kuulin palaverissa hyvän esityksen.", "fi"),
    ("The winner hasn't been announced yet, fingers crossed!", "en"),
    ("Heard a great talk at the meeting of the birdwatching club.", "en"),
])
def test_public_decisions_and_ordinary_meetings_are_not_pre_decision(text: str, lang: str) -> None:
    assert alarms(text, lang) == []


def test_a_long_draft_is_fast() -> None:
    text = ("Tänään kävimme kävelyllä puistossa ja näimme oravan. SALAINEN TL IV embargo klo 12. " * 240)[:20000]
    draft = analyse(text, lang="fi")
    start = time.process_time()
    classification.detect(draft)
    WORD_RULES.apply(draft)
    assert time.process_time() - start < 2.0
