"""Identifiers and contact details: phone, e-mail, IBAN, payment card, plate, birth date, address."""

from __future__ import annotations

import time

import pytest

from tuumaustauko.detectors import (
    birth_date,
    email_address,
    iban,
    license_plate,
    payment_card,
    phone,
    street_address,
)
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint

DETECTORS = (phone, email_address, iban, payment_card, license_plate, birth_date, street_address)


def hints(text: str, lang: str = "fi", mode: str = "hybrid") -> list[Hint]:
    draft = analyse(text, lang=lang, mode=mode)  # type: ignore[arg-type]
    return [h for d in DETECTORS for h in d.detect(draft)]


def found(text: str, lang: str = "fi") -> list[tuple[str, str, str]]:
    """(kind, severity, span text) of every hint."""
    return [(h.kind, h.severity, text[h.start : h.end]) for h in hints(text, lang)]


def alarms(text: str, lang: str = "fi") -> list[tuple[str, str, str]]:
    return [f for f in found(text, lang) if f[1] != "info"]


# --- phone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("Jos löydät lompakkoni, soita 040 123 4567 kiitos.", "fi", "040 123 4567"),
        ("Ring mig på 070-123 45 67 i kväll.", "sv", "070-123 45 67"),
        ("Text me on +44 7911 123456 about the bike.", "en", "+44 7911 123456"),
        ("Call Mary at (202) 555-0143 tonight.", "en", "(202) 555-0143"),
        ("Myyn sohvan, yhteydet 0442345678", "fi", "0442345678"),
    ],
)
def test_personal_phone_number_is_a_warning(text: str, lang: str, number: str) -> None:
    assert ("phone", "warning", number) in found(text, lang)


def test_ministry_switchboard_is_not_flagged() -> None:
    assert not found("Ministeriön vaihde 0295 16001 palvelee arkisin.")
    assert not found("The switchboard is +358 295 16001.", "en")


@pytest.mark.parametrize(
    "text",
    [
        "Kokous 12.3.2026 klo 14.30, huone 2040.",
        "Pyörä maksoi 1 249 euroa.",
        "Tilausnumero 0401234567 on toimitettu.",
        "Laskun numero 09123456 on maksettu.",
        "Vuosina 2024 ja 2025 kävijöitä oli 1 234 567.",
        "Syntymäaika 01.02.1975 on lomakkeessa.",
        "Pakastemustikat 500 g, parasta ennen 09.2026, vedetään takaisin.",
    ],
)
def test_dates_prices_times_and_order_numbers_are_not_phones(text: str) -> None:
    assert not [f for f in found(text) if f[0] == "phone"]


def test_service_number_is_at_most_info() -> None:
    assert [s for k, s, _ in found("Maksuton neuvonta 0800 123 456.") if k == "phone"] == ["info"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Olethan yhteydessä palveluohjaukseen, puh. 09 816 20000 (ma–pe 9–15).", "fi"),
        ("Frågor om skolskjutsen? Ring 06-325 1111 (mån–fre 9–15).", "sv"),
        ("Questions about school transport? Call 0161 496 0123 (Mon–Fri 9–3).", "en"),
    ],
)
def test_a_number_given_with_weekday_opening_hours_is_a_service_line(text: str, lang: str) -> None:
    assert [f[1] for f in found(text, lang) if f[0] == "phone"] == ["info"]


# --- e-mail ------------------------------------------------------------------------------


def test_personal_email_is_a_warning() -> None:
    text = "Lähetä kuvat minulle: anna.laine@outlook.com"
    assert found(text) == [("email", "warning", "anna.laine@outlook.com")]


def test_obfuscated_email_is_still_an_email() -> None:
    assert [k for k, _, _ in found("Kirjoita mulle matti.virtanen(at)gmail.com")] == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "Ministeriön kirjaamo: kirjaamo@lvm.fi.",
        "Mediakyselyt: viestinta@lvm.fi.",
        "Palautetta voi lähettää osoitteeseen palaute@kuoroliitto.fi.",
        "Write to press.office@company.com or noreply@github.com.",
        "Kirjoita muodossa etunimi.sukunimi@esimerkki.fi.",
        "Seuraa @kuoroliitto ja #kevät.",
    ],
)
def test_role_mailboxes_and_public_contacts_are_not_flagged(text: str) -> None:
    assert not found(text, "en" if text.startswith("Write") else "fi")


def test_organisation_work_address_is_info_only() -> None:
    assert found("Ota yhteyttä: liisa.korhonen@lvm.fi") == [("email", "info", "liisa.korhonen@lvm.fi")]


# --- IBAN --------------------------------------------------------------------------------


@pytest.mark.parametrize("account", ["FI21 1234 5600 0007 85", "FI2112345600000785", "GB29 NWBK 6016 1331 9268 19"])
def test_iban_with_valid_checksum_is_critical(account: str) -> None:
    assert ("iban", "critical", account) in found(f"Tilille {account} kiitos.")


def test_iban_with_wrong_checksum_is_not_flagged() -> None:
    assert not found("Tilinumero FI21 1234 5600 0007 86 oli väärin.")


def test_iban_span_stops_before_the_next_word() -> None:
    assert found("Tili FI21 1234 5600 0007 85 EUR 50") == [("iban", "critical", "FI21 1234 5600 0007 85")]


# --- payment card ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "card", ["4111 1111 1111 1111", "5500-0000-0000-0004", "3782 822463 10005", "4000056655665556"]
)
def test_card_passing_luhn_with_issuer_prefix_is_critical(card: str) -> None:
    assert ("payment_card", "critical", card) in found(f"Kortin numero {card}, voimassa 12/28.")


def test_card_failing_luhn_is_not_flagged() -> None:
    assert not found("Testasin numerolla 4111 1111 1111 1112.")


def test_luhn_valid_digits_without_issuer_prefix_are_not_a_card() -> None:
    assert not found("Paketti 1234 5678 9012 3452 on matkalla.")


def test_thousands_groups_and_iban_digits_are_not_a_card() -> None:
    assert not found("Population 4 111 111 111 111 111 is a lot.", "en")
    assert not found("Typo: DE89 3704 0044 0532 0130 01 is wrong.", "en")


def test_cvv_after_the_card_is_left_out_of_the_span() -> None:
    assert found("Card 4111 1111 1111 1111 123", "en") == [("payment_card", "critical", "4111 1111 1111 1111")]


# --- license plate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "plate"),
    [
        ("Joku parkkeerasi auton ABC-123 pihaamme.", "fi", "ABC-123"),
        ("Naapurin auton kilpi on AB-1.", "fi", "AB-1"),
        ("Bilen FKT 512 stod på min parkering igen!", "sv", "FKT 512"),
        ("A car with plate XYZ 78A blocks the drive.", "en", "XYZ 78A"),
    ],
)
def test_plate_with_vehicle_context_is_a_warning(text: str, lang: str, plate: str) -> None:
    assert ("license_plate", "warning", plate) in found(text, lang)


def test_plate_shape_without_vehicle_context_is_at_most_info() -> None:
    assert not alarms("Tuote ABC-123 on loppu.")
    assert not found("Mötet i rum ABC 123 börjar nu.", "sv")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Lento AY-123 laskeutuu, auto odottaa parkissa.", "fi"),
        ("Autoilijat huom! Valtatie VT-4 on suljettu.", "fi"),
        ("Our new car is a Volvo XC-60.", "en"),
        ("We drove the E18 by car to Turku.", "en"),
        ("COVID-19 ja EU-27 eivät ole autoja.", "fi"),
    ],
)
def test_flight_numbers_road_numbers_and_car_models_are_not_plates(text: str, lang: str) -> None:
    assert not [f for f in found(text, lang) if f[0] == "license_plate"]


# --- birth date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "date"),
    [
        ("Isäni on syntynyt 12.3.1954.", "fi", "12.3.1954"),
        ("Kaverini (s. 1990-07-14) juhlii.", "fi", "1990-07-14"),
        ("Pekka 12.3.1984 syntynyt hakee töitä.", "fi", "12.3.1984"),
        ("Mormor är född den 24 december 1946.", "sv", "24 december 1946"),
        ("DOB: 05/11/1987", "en", "05/11/1987"),
        ("She was born on March 3, 1984 in Oulu.", "en", "March 3, 1984"),
    ],
)
def test_date_of_birth_is_a_warning(text: str, lang: str, date: str) -> None:
    assert ("birth_date", "warning", date) in found(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kokous pidetään 12.3.2026 klo 10.", "fi"),
        ("Hakuaika päättyy 30.4.2026.", "fi"),
        ("Idea lukupiiristä syntyi 14.2.2019.", "fi"),
        ("Synttärijuhlat ovat 12.6.2026 klo 18.", "fi"),
        ("Mötet den 12 mars 2026, född 1960 ordförande.", "sv"),
        ("Deadline 12/03/2026, born-digital records.", "en"),
        ("Syntynyt 1984, valmistunut 12.5.2010.", "fi"),
    ],
)
def test_event_dates_and_deadlines_are_not_birth_dates(text: str, lang: str) -> None:
    assert not alarms(text, lang)


def test_birthday_party_date_is_not_a_birth_date() -> None:
    assert not found("Synttärijuhlat ovat 12.6.2016 klo 18, tervetuloa!")
    assert ("birth_date", "warning", "12.3.1984") in found("Syntymäpäiväni on 12.3.1984.")


def test_historical_birth_date_is_info() -> None:
    assert found("Jean Sibelius syntyi 8.12.1865 Hämeenlinnassa.") == [("birth_date", "info", "8.12.1865")]


# --- address -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "address"),
    [
        ("Muutimme! Uusi osoite on Hämeenkatu 5 B 7, tervetuloa.", "fi", "Hämeenkatu 5 B 7"),
        ("Asun Mannerheimintie 12:ssa.", "fi", "Mannerheimintie 12"),
        ("Hänen kotinsa on Koivukuja 3.", "fi", "Koivukuja 3"),
        ("Jag bor på Storgatan 12 B.", "sv", "Storgatan 12 B"),
        ("She lives at 221B Baker Street.", "en", "221B Baker Street"),
    ],
)
def test_home_address_is_a_warning(text: str, lang: str, address: str) -> None:
    assert ("address", "warning", address) in found(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ministeriön käyntiosoite on Eteläesplanadi 16.", "fi"),
        ("Mannerheimintie on kaunis jouluvaloissa.", "fi"),
        ("Asuimme lapsena valtatie 4:n varrella.", "fi"),
        ("Olen asunut Hämeenkadulla 12 vuotta.", "fi"),
        ("Konsertti on ravintolassa, Hämeentie 13.", "fi"),
        ("Ravintola Sea Horse, Kapteeninkatu 11, oli ihana, asun lähellä.", "fi"),
        ("Live music tonight at The Crown, 12 High Street!", "en"),
    ],
)
def test_public_venue_and_road_addresses_are_not_home_addresses(text: str, lang: str) -> None:
    assert not alarms(text, lang)


def _tied(text: str, lang: str, flagged: str) -> list[tuple[str, str]]:
    """The addresses ``street_address.tied_by`` warns of when a head flagged the words ``flagged``."""
    start = text.index(flagged)
    return [(h.severity, text[h.start : h.end])
            for h in street_address.tied_by(analyse(text, lang=lang), [(start, start + len(flagged))])]


@pytest.mark.parametrize(
    ("text", "lang", "address"),
    [
        ("Koko perhe lähtee lauantaina Thaimaahan ja Kissankellontie 7 saa olla ihan rauhassa!", "fi",
         "Kissankellontie 7"),
        ("Hela familjen till Kanarieöarna från lördag, huset på Bläsnäsvägen 12 får vila.", "sv", "Bläsnäsvägen 12"),
        ("Off to Crete for three weeks, 14 Willow Lane gets a well-earned rest!", "en", "14 Willow Lane"),
    ],
)
def test_an_address_in_a_sentence_a_head_flagged_is_a_warning(text: str, lang: str, address: str) -> None:
    alone = [(h.severity, text[h.start : h.end]) for h in street_address.detect(analyse(text, lang=lang))]
    assert alone == [("info", address)]  # no home cue: the rule book alone cannot tell whose
    assert _tied(text, lang, text) == [("warning", address)]


@pytest.mark.parametrize(
    ("text", "lang", "flagged", "address"),
    [
        ("Ollaan koko porukka Levillä 23.2.–2.3. Jos näette Kuusitie 4:ssä valoja tai liikettä, soittakaa poliisille.",
         "fi", "Ollaan koko porukka Levillä 23.2.–2.3.", "Kuusitie 4"),
        ("Vi är på Åland hela juli. Paketen som kommer till Vinkelgatan 9 B 14 kan ni ta in åt oss!", "sv",
         "Vi är på Åland hela juli.", "Vinkelgatan 9 B 14"),
        ("Dad's kidneys have stopped working and dialysis goes on. Pop in and see him, 4 Rowan Close, "
         "he'd love a visit.", "en", "Dad's kidneys have stopped working and dialysis goes on.", "4 Rowan Close"),
    ],
)
def test_an_address_elsewhere_in_a_draft_a_head_flagged_is_the_home_it_speaks_of(
        text: str, lang: str, flagged: str, address: str) -> None:
    assert _tied(text, lang, flagged) == [("warning", address)]


@pytest.mark.parametrize(
    ("text", "lang", "flagged"),
    [
        ("Konsertti on ravintolassa, Hämeentie 13, ja lähden sinne lauantaina.", "fi",
         "Konsertti on ravintolassa, Hämeentie 13, ja lähden sinne lauantaina."),  # a venue
        ("Ministeriön käyntiosoite on Eteläesplanadi 16, lähden sinne huomenna.", "fi",
         "Ministeriön käyntiosoite on Eteläesplanadi 16, lähden sinne huomenna."),  # the organisation's
        ("Lähdemme Thaimaahan lauantaina! Paketit voi jättää Koivukuja 3:n naapurille.", "fi",
         "Lähdemme Thaimaahan lauantaina!"),  # a warning already ("naapurille" is a home cue)
    ],
)
def test_an_address_the_rules_clear_or_already_warn_of_stays_as_it_was(text: str, lang: str, flagged: str) -> None:
    assert _tied(text, lang, flagged) == []


# --- all kinds ---------------------------------------------------------------------------


def test_hints_speak_the_drafts_language_and_offer_a_replacement() -> None:
    for lang, text, word in (
        ("fi", "Soita 040 123 4567.", "[poistettu]"),
        ("sv", "Ring 070-123 45 67.", "[borttaget]"),
        ("en", "Call 07911 123456.", "[removed]"),
    ):
        (hint,) = hints(text, lang)
        assert hint.replacement == word
        assert hint.rule == 10 and hint.category == "personal_data"
        assert hint.message and hint.suggestion


def test_detectors_are_fast_on_a_long_draft() -> None:
    chunk = (
        "Kokous 12.3.2026 klo 14.30, liput 15 €. Soita 040 123 4567 tai kirjoita anna.laine@outlook.com. "
        "Tili FI21 1234 5600 0007 85, auto ABC-123 parkissa, asun Hämeenkatu 5 B 7, syntynyt 12.3.1984. "
    )
    draft = analyse((chunk * 120)[:20_000], lang="fi")
    started = time.perf_counter()
    for detector in DETECTORS:
        detector.detect(draft)
    assert time.perf_counter() - started < 5.0


# --- identifiers as the peers' suites know them (tests/test_peer_suites.py runs the suites) -------


@pytest.mark.parametrize("address", [
    "jussi@müller.de", "jussi@xn--mller-kva.de", "anna.k@пример.рф", "a.virtanen@xn--e1afmkfd.xn--p1ai",
])
def test_email_at_an_internationalised_domain_in_unicode_or_punycode_is_a_warning(address: str) -> None:
    assert found(f"Kirjoita minulle {address}, kiitos!") == [("email", "warning", address)]


def test_an_address_without_a_top_level_domain_is_no_email() -> None:
    assert not found("my email is kalle@presidio.", "en")


@pytest.mark.parametrize("card", ["122000000000003", "2200 0000 0000 0004"])
def test_uatp_and_mir_cards_are_critical(card: str) -> None:
    assert ("payment_card", "critical", card) in found(f"Kortin numero {card}, voimassa 12/28.")


def test_a_uatp_prefix_at_another_length_is_no_card() -> None:
    assert not found("Numero 1000000000000008 on kortti?")  # 16 digits beginning with 1, Luhn-valid


def test_card_numbers_listed_one_after_another_are_each_critical() -> None:
    text = "Kortit: 4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881"
    assert [f[2] for f in found(text)] == ["4012888888881881", "4012-8888-8888-1881", "4012 8888 8888 1881"]


def test_a_run_of_digit_groups_that_is_not_wholly_cards_gives_no_card() -> None:
    assert not found("Sarjat 4012888888881881 1234 5678 ovat testidataa.")


def test_iban_with_dashes_is_critical() -> None:
    assert found("Tili AL47-2121-1009-0000-0002-3569-8741.") == [
        ("iban", "critical", "AL47-2121-1009-0000-0002-3569-8741")]
