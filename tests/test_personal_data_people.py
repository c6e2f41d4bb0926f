"""Personal data about people: names, health and the GDPR special categories."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tuumaustauko.advisor import check
from tuumaustauko.detectors import health, person_name, special_category
from tuumaustauko.detectors._people import find_people, first_name
from tuumaustauko.draft import analyse


def _hints(text: str, lang: str, kind: str, mode: str = "hybrid") -> list[tuple[str, str]]:
    advice = check(text, lang=lang, mode=mode)  # type: ignore[arg-type]
    return [(h.severity, text[h.start : h.end]) for h in advice.hints if h.kind == kind]


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("Matin", "matti"), ("Liisalle", "liisa"), ("Pekan", "pekka"), ("Tuomaksen", "tuomas"),
        ("Heikiltä", "heikki"), ("Mikaelin", "mikael"), ("Johnille", "john"), ("Eriks", "erik"),
        ("Annan", "anna"), ("Kallekin", "kalle"),
    ],
)
def test_inflected_finnish_first_names_are_recognised(word: str, name: str) -> None:
    assert first_name(word) == name


@pytest.mark.parametrize("word", ["Virtasen", "Helsingissä", "Sairaala", "Oulun", "Maanantaina"])
def test_surnames_and_ordinary_words_are_not_first_names(word: str) -> None:
    assert first_name(word) is None


def test_name_alone_is_info() -> None:
    assert _hints("Kävin kahvilla Liisa Korhosen kanssa, mukava päivä.", "fi", "person_name") == [
        ("info", "Liisa Korhosen")
    ]


def test_name_tied_to_a_case_is_a_warning() -> None:
    assert ("warning", "Matti Virtasen") in _hints("Matti Virtasen hakemus hylättiin eilen.", "fi", "person_name")


@pytest.mark.parametrize(("text", "lang"), [
    ("Hei Matti Virtanen, hakemustasi emme voi käsitellä täällä: lähetä se kirjaamoon lomakkeella.", "fi"),
    ("Hej Anna Berg, ditt ärende kan vi inte ta här – kontakta registratorn via vårt webbformulär.", "sv"),
    ("Hi Mark Taylor, I can't look into your case here, but the complaints form on our website goes straight to "
     "the right team.", "en"),
])
def test_a_name_whose_case_is_sent_to_the_official_channel_is_not_tied_to_it(text: str, lang: str) -> None:
    assert all(severity == "info" for severity, _ in _hints(text, lang, "person_name"))


def test_name_tied_to_gossip_is_a_warning_in_swedish() -> None:
    hints = _hints("Ryktet säger att Johan Lindberg ska skilja sig.", "sv", "person_name")
    assert ("warning", "Johan Lindberg") in hints


def test_name_tied_to_a_home_address_is_a_warning() -> None:
    hints = _hints("Rachel Green lives at 42 Maple Road if you want to send a card.", "en", "person_name")
    assert ("warning", "Rachel Green") in hints


def _tied(text: str, lang: str, flagged: str) -> list[str]:
    """The people ``person_name.tied_by`` warns of when a head flagged the words ``flagged``."""
    draft = analyse(text, lang=lang)  # type: ignore[arg-type]
    start = text.index(flagged)
    return [text[h.start : h.end] for h in person_name.tied_by(draft, [(start, start + len(flagged))])
            if h.severity == "warning"]


@pytest.mark.parametrize(
    ("text", "lang", "flagged", "names"),
    [
        ("Tiedättekö miksi Kaisa lähti viestinnästä niin äkkiä?", "fi", "miksi Kaisa lähti", ["Kaisa"]),
        ("Railille tehtiin eilen se leikkaus, ei kerrottu kenellekään.", "fi", "tehtiin eilen", ["Railille"]),
        ("Lustigt hur Mikael på ekonomienheten plötsligt har råd med en ny Tesla.", "sv", "har råd", ["Mikael"]),
        ("Everyone knows Laura from procurement is close to the vendor. Funny how that went.", "en",
         "is close to the vendor", ["Laura"]),
        # greeted in a sentence of its own, then told about their case
        ("Hei Jarmo! Veneen rekisteröinti-ilmoituksesi on hylätty.", "fi", "rekisteröinti-ilmoituksesi", ["Jarmo"]),
        ("Hej Ann-Britt! Vi har kollat ditt ärende.", "sv", "ditt ärende", ["Ann-Britt"]),
    ],
)
def test_a_first_name_alone_in_a_sentence_a_head_flagged_is_a_warning(text: str, lang: str, flagged: str,
                                                                       names: list[str]) -> None:
    assert _tied(text, lang, flagged) == names


@pytest.mark.parametrize(
    ("text", "lang", "flagged"),
    [
        # the name's sentence is more than a greeting, and the flagged one is another
        ("Kiitos Liisa eilisestä esityksestä ja hyvästä keskustelusta. Hakemuksesi hylättiin.", "fi",
         "Hakemuksesi hylättiin."),
        ("Thanks to Laura for a great talk on Tuesday. Your appeal was rejected.", "en", "Your appeal was rejected."),
        ("Helsingissä kaikki tietää jo, mitä kävi.", "fi", "kaikki tietää jo"),  # a place
        # the writer
        ("Olen toipunut leikkauksesta hyvin.\n\nTerveisin\nMatti Virtanen", "fi", "toipunut leikkauksesta"),
    ],
)
def test_a_name_apart_from_what_a_head_flagged_is_not_tied_to_it(text: str, lang: str, flagged: str) -> None:
    assert _tied(text, lang, flagged) == []


def _addressed(text: str, lang: str, flagged: str | None) -> list[str]:
    """The people ``person_name.addressed_by`` warns of when a head flagged the words ``flagged``."""
    draft = analyse(text, lang=lang)  # type: ignore[arg-type]
    spans = [] if flagged is None else [(text.index(flagged), text.index(flagged) + len(flagged))]
    return [text[h.start : h.end] for h in person_name.addressed_by(draft, spans) if h.severity == "warning"]


@pytest.mark.parametrize(
    ("text", "lang", "flagged", "names"),
    [
        ("Hei Raili, katsoimme yksityistieavustuksenne tilanteen. Maksatus viivästyy, koska pöytäkirja puuttuu.",
         "fi", "Maksatus viivästyy", ["Raili"]),
        ("Hej Gunilla! Tack för ditt meddelande. Tyvärr blev er dispens för tung trafik avslagen.", "sv",
         "Tyvärr blev er dispens", ["Gunilla"]),
        ("@petri_kyllonen Thanks for your message. We checked your application 2024/5581, it is still open.", "en",
         "We checked your application", ["@petri_kyllonen"]),
        ("Hej @Stig Nyberg! Jag kollade med kollegerna. Ditt drönarförarbevis dröjer.", "sv", "Ditt drönarförarbevis",
         ["@Stig Nyberg"]),
    ],
)
def test_the_person_a_draft_opens_by_greeting_owns_the_case_a_head_found_in_it(
        text: str, lang: str, flagged: str, names: list[str]) -> None:
    assert _addressed(text, lang, flagged) == names
    assert _addressed(text, lang, None) == []  # nothing found: a greeting ties nothing


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kiitos kaikille! Raili ja Jarmo hoitivat järjestelyt. Hakemuksesi hylättiin.", "fi"),  # not the opening
        ("Tänään Raili kertoi, että hakemus hylättiin.", "fi"),  # a word before the name that greets no one
        ("Hi all, we checked the application. Your appeal was rejected.", "en"),  # no one named
    ],
)
def test_a_name_that_does_not_open_the_draft_is_no_addressee(text: str, lang: str) -> None:
    assert _addressed(text, lang, text.split(".")[-2].strip() or text) == []


def test_a_first_name_in_a_sentence_the_heads_find_gossip_or_health_in_is_a_warning() -> None:
    text = "esihenkilö kerto palaverissa kaikille et Mervi on alkoholihoidossa."
    advice = check(text, lang="fi", mode="private", budget_ms=None)  # the heads read the whole draft
    assert {"health", "gossip"} & {h.kind for h in advice.hints}  # the rule book alone finds neither
    names = [(h.severity, text[h.start : h.end]) for h in advice.hints if h.kind == "person_name"]
    assert names == [("warning", "Mervi")]


def test_meeting_place_address_does_not_make_a_name_sensitive() -> None:
    hints = _hints("Tapaamme Anna Virtasen kanssa Mannerheimintie 5:ssä kello 10.", "fi", "person_name")
    assert hints == [("info", "Anna Virtasen")]


def test_inflected_title_before_a_company_is_not_a_name() -> None:
    assert find_people(analyse("Kävin lääkärissä Terveystalossa eilen.", lang="fi")) == []


def test_signature_is_never_a_warning() -> None:
    text = "Olen toipunut leikkauksesta hyvin, kiitos tsempeistä!\n\nTerveisin\nMatti Virtanen"
    assert _hints(text, "fi", "person_name") == [("info", "Matti Virtanen")]


def test_public_figure_speaking_on_a_topic_is_info() -> None:
    text = "Professori Liisa Korhonen luennoi masennuksesta ja sen hoidosta."
    assert _hints(text, "fi", "person_name") == [("info", "Liisa Korhonen")]
    assert _hints(text, "fi", "health") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Anna palautetta uudesta palvelusta!", "fi"),
        ("Elisa Viihde pätkii taas.", "fi"),
        ("Eliel Saarisen tie on kaunis syksyllä.", "fi"),
        ("Will Finland make it to the finals?", "en"),
        ("Hans bok om skärgården är fantastisk.", "sv"),
        ("Joulukuussa Helsingissä on pimeää.", "fi"),
        ("Jos koulukyyti myöhästyy, tiedot tulee Wilmaan.", "fi"),
        ("Vi informerar vårdnadshavarna om evakueringen i Wilma.", "sv"),
    ],
)
def test_places_products_and_ordinary_words_are_not_names(text: str, lang: str) -> None:
    assert find_people(analyse(text, lang=lang)) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Äitini sai eilen syöpädiagnoosin.", "fi"),
        ("Olen sairauslomalla ensi viikkoon asti.", "fi"),
        ("Min pappa ligger på sjukhus efter en stroke.", "sv"),
        ("Jag är sjukskriven resten av veckan.", "sv"),
        ("My son was diagnosed with ADHD last month.", "en"),
        ("I have type 2 diabetes.", "en"),
    ],
)
def test_health_about_a_person_is_a_warning(text: str, lang: str) -> None:
    assert [h for h in health.detect(analyse(text, lang=lang)) if h.severity == "warning"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Diabetes on yleinen kansantauti.", "fi"),
        ("Sairaalan päivystys ruuhkautuu taas.", "fi"),
        ("Tänään oli sairaan hyvä päivä!", "fi"),
        ("Depression är en vanlig folksjukdom.", "sv"),
        ("I think diabetes is a common disease.", "en"),
        ("Honestly I'm sick of all the rain.", "en"),
        ("It's mental health week, check in on each other.", "en"),
    ],
)
def test_health_as_a_general_topic_or_figure_of_speech_is_not_flagged(text: str, lang: str) -> None:
    assert health.detect(analyse(text, lang=lang)) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kollegani on homo.", "fi"),
        ("Hän kuuluu Jehovan todistajiin.", "fi"),
        ("Naapuri istui vankilassa kaksi vuotta.", "fi"),
        ("Hon är med i facket.", "sv"),
        ("My manager is a Muslim.", "en"),
    ],
)
def test_special_category_about_a_person_is_a_warning(text: str, lang: str) -> None:
    assert special_category.detect(analyse(text, lang=lang))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Uskonnonvapaus on perusoikeus.", "fi"),
        ("Ammattiliittojen neuvottelut jatkuvat huomenna.", "fi"),
        ("Fackförbundens förhandlingar fortsätter i morgon.", "sv"),
        ("The union negotiations continue today.", "en"),
        ("Pride week starts on Monday with a big parade.", "en"),
        # the prison as a workplace names no one's record ("Naapuri istui vankilassa" above still does)
        ("Rikosseuraamuslaitos on nimittänyt Hämeenlinnan vankilan johtajaksi Hanna Ruotsalaisen.", "fi"),
        ("Kriminalvården har utsett Eva Lind till fängelsedirektör på Kumlaanstalten.", "sv"),
        ("Congratulations to Sarah Mills, appointed prison governor at HMP Ashfield.", "en"),
    ],
)
def test_special_category_as_a_topic_or_a_workplace_is_not_flagged(text: str, lang: str) -> None:
    assert special_category.detect(analyse(text, lang=lang)) == []


def test_a_first_name_that_is_also_a_service_still_names_a_person_who_is_ill() -> None:
    assert ("warning", "Wilmalla") in _hints("Wilmalla on todettu diabetes.", "fi", "person_name")


def test_a_first_name_that_is_also_a_word_opening_a_sentence_in_another_case_is_no_person() -> None:
    # "Aamulla" is "in the morning" here, not Aamu's: no subject of "satoi" stands in the adessive.
    assert _hints("Aamulla satoi räntää ja iltapäivällä paistoi aurinko.", "fi", "person_name") == []
    assert ("warning", "Lahja") in _hints("Lahja on ollut sairauslomalla masennuksen takia.", "fi", "person_name")


def test_politicians_party_in_a_public_role_is_not_flagged() -> None:
    text = "Kansanedustaja Virtanen on perussuomalaisten ehdokas."
    assert special_category.detect(analyse(text, lang="fi")) == []


def test_long_draft_is_fast() -> None:
    base = (
        "Kuulemma Matti Virtasen valitus hylättiin ja hän on sairauslomalla. Äitini sai syöpädiagnoosin. "
        "Kollegani on homo ja kuuluu ammattiliittoon. Diabetes on yleinen kansantauti. "
    )
    draft = analyse((base * 120)[:20000], lang="fi")
    started = time.perf_counter()
    for detector in (person_name, health, special_category):
        detector.detect(draft)
    assert time.perf_counter() - started < 3.0


def test_the_people_detectors_build_on_a_shared_module_without_a_circle() -> None:
    # Issue 11, item 8: person_name.py asks health.py and special_category.py what is sensitive, and
    # they ask who a draft is about; that part lives in _people.py, which imports none of the three.
    probe = ("import sys, tuumaustauko.detectors._people, tuumaustauko.detectors.health; "
             "print(sorted(m for m in sys.modules if m.startswith('tuumaustauko.detectors.')))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "tuumaustauko.detectors.health" in loaded
    assert "tuumaustauko.detectors.person_name" not in loaded
    assert "tuumaustauko.detectors.special_category" not in loaded
