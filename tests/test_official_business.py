"""official_business/official_channel: a person's own case pursued in a public post."""

from __future__ import annotations

from tuumaustauko.detectors import official_business
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint, Mode


def _hints(text: str, lang: str, pack: str = "lvm", mode: Mode = "hybrid") -> list[Hint]:
    return official_business.detect(analyse(text, lang=lang, pack=pack, mode=mode))


def test_own_application_asked_about_in_public_is_flagged_on_the_case_word() -> None:
    text = "Milloin hakemukseni vihdoin käsitellään? Odotan jo kolmatta kuukautta."
    hints = _hints(text, "fi")
    assert [text[h.start : h.end] for h in hints] == ["hakemukseni"]
    assert (hints[0].category, hints[0].kind, hints[0].severity, hints[0].rule) == (
        "official_business", "official_channel", "warning", 5,
    )


def test_suggestion_names_the_packs_official_channels() -> None:
    text = "When will my application be processed? Still waiting."
    assert "kirjaamo@lvm.fi" in _hints(text, "en")[0].suggestion
    assert "kirjaamo@tampere.fi" in _hints(text, "en", pack="tampere")[0].suggestion


def test_compound_and_inflected_case_words_are_recognised() -> None:
    assert _hints("Missä vaiheessa lupahakemustani käsitellään?", "fi")
    assert _hints("Var är min bygglovsansökan? Har väntat i månader.", "sv")
    assert _hints("Any news on my permit application? It has been pending since May.", "en")


def test_record_number_pursued_in_public_is_flagged() -> None:
    text = "Diaarinumero VN/1234/2026: miksi käsittely kestää näin kauan?"
    hints = _hints(text, "fi")
    assert any(text[h.start : h.end] == "VN/1234/2026" for h in hints)


def test_record_number_in_a_published_consultation_is_not_flagged() -> None:
    assert _hints("Lausuntopyyntö VN/1234/2026 on julkaistu, lausunnot 15.5. mennessä.", "fi") == []
    assert _hints("Consultation LVM/123/01.01/2026 is now open for comments.", "en") == []


def test_telling_people_to_use_the_official_channel_is_not_flagged() -> None:
    assert _hints("Lähetä asiasi kirjaamoon: kirjaamo@lvm.fi", "fi") == []
    text = "Kysyitkö hakemuksestasi? Lähetä kysymys kirjaamoon kirjaamo@lvm.fi, emme käsittele asioita täällä."
    assert _hints(text, "fi", mode="official") == []
    assert _hints("Questions about your case? Please contact the registry at kirjaamo@lvm.fi.", "en") == []


def test_taking_a_customers_case_to_a_private_message_is_not_flagged() -> None:
    text = ("Hei Tiina, pahoittelut kokemuksestasi! Laitathan tilausnumerosi meille yksityisviestillä, niin "
            "selvitetään asia mahdollisimman pian.")
    assert _hints(text, "fi", mode="official") == []
    assert _hints("Skicka oss ett privat meddelande med ordernumret så tittar vi på det.", "sv", mode="official") == []
    assert _hints("Sorry to hear that! DM us your order number and we'll sort it out.", "en", mode="official") == []


def test_general_talk_about_applications_is_not_flagged() -> None:
    assert _hints("Avustusten hakuaika päättyy perjantaina, muista hakea ajoissa.", "fi") == []
    assert _hints("Ansökningstiden går ut på fredag.", "sv") == []


def test_own_application_mentioned_without_pursuing_it_is_not_flagged() -> None:
    assert _hints("My application to the running club got accepted, see you on the track!", "en") == []


def test_running_errands_is_not_a_case() -> None:
    assert _hints("Hoidin asiani kaupungilla ja ehdin vielä kahville.", "fi") == []
    assert _hints("Fixade mina ärenden på stan.", "sv") == []


def test_past_tense_sending_is_not_a_redirect() -> None:
    text = "Lähetin valitukseni kirjaamoon jo maaliskuussa, milloin saan vastauksen?"
    assert _hints(text, "fi")
