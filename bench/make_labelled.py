"""Write bench/pd_labelled.jsonl: the project's labelled personal-data set (fi, sv, en).

Drafts are written by hand below with ``[[kind:text]]`` marking the personal data (the kinds
of shared/API.md); identifiers come from placeholders (``<HETU>``, ``<IBAN_FI>``...) that are
filled deterministically with numbers whose checksums are valid (python-stdnum's algorithms),
and ``<..._BAD>`` ones whose checksums are not. About a third of each language's drafts are
clean near misses (invalid checksums, order numbers, public switchboards, event dates,
statistics, road names, health in general). Labelling follows shared/LABELS.md: every named
person is ``person_name`` (a name alone is an ``info`` hint, never a false alarm); the
organisation's public contacts, and the writer's own work address given for work (a job
advert), are not personal data: a careful colleague would post them.

Run: ``.venv/bin/python bench/make_labelled.py`` (rewrites the file; same output every time).
"""

from __future__ import annotations

import datetime
import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from stdnum import iban, luhn
from stdnum.fi import hetu
from stdnum.se import personnummer

OUT = Path(__file__).resolve().parent / "pd_labelled.jsonl"
SEED = 20261126

_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


# ---------------------------------------------------------------- identifiers


def _birth(rng: random.Random, first: int = 1940, last: int = 2012) -> datetime.date:
    start = datetime.date(first, 1, 1).toordinal()
    end = datetime.date(last, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def make_hetu(rng: random.Random, valid: bool = True) -> str:
    born = _birth(rng)
    sign = "-" if born.year < 2000 else "A"
    if born.year >= 1900 and born.year < 2000 and rng.random() < 0.2:
        sign = rng.choice("YXWVU")  # the 2023 century signs
    if born.year >= 2000 and rng.random() < 0.3:
        sign = rng.choice("BCDEF")
    individual = rng.randint(2, 899)
    digits = f"{born:%d%m%y}{individual:03d}"
    check = _HETU_CHECK[int(digits) % 31]
    if not valid:
        check = _HETU_CHECK[(int(digits) + rng.randint(1, 30)) % 31]
    number = f"{born:%d%m%y}{sign}{individual:03d}{check}"
    assert hetu.is_valid(number) == valid, number
    return number


def make_personnummer(rng: random.Random, valid: bool = True, long: bool = False) -> str:
    born = _birth(rng, 1940, 2010)
    serial = f"{rng.randint(0, 999):03d}"
    base = f"{born:%y%m%d}{serial}"
    check = luhn.calc_check_digit(base)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    head = f"{born:%Y%m%d}" if long else f"{born:%y%m%d}"
    number = f"{head}-{serial}{check}"
    assert personnummer.is_valid(number) == valid, number
    return number


def _grouped(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def make_iban(rng: random.Random, country: str, valid: bool = True) -> str:
    while True:
        if country == "FI":
            bban = "".join(rng.choice("0123456789") for _ in range(14))
        elif country == "SE":
            bban = f"{rng.choice(['500', '800', '600', '300'])}0" + "".join(rng.choice("0123456789") for _ in range(16))
        else:  # GB
            bank = rng.choice(["NWBK", "BARC", "LOYD", "MIDL"])
            bban = bank + "".join(rng.choice("0123456789") for _ in range(14))
        number = country + "00" + bban
        number = country + iban.calc_check_digits(number) + bban
        if iban.is_valid(number):
            break
    if not valid:
        # one changed digit at the end breaks the mod-97 checksum
        last = number[-1]
        number = number[:-1] + str((int(last) + rng.randint(1, 9)) % 10)
        assert not iban.is_valid(number), number
    return _grouped(number)


def make_card(rng: random.Random, valid: bool = True) -> str:
    prefix = rng.choice(["4", "51", "52", "53", "54", "55"])
    body = prefix + "".join(rng.choice("0123456789") for _ in range(15 - len(prefix)))
    check = luhn.calc_check_digit(body)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    number = body + check
    assert luhn.is_valid(number) == valid, number
    return _grouped(number)


def make_order_number(rng: random.Random, digits: int = 13) -> str:
    """A long digit string that is not a Luhn-valid card number (an order or tracking number)."""
    while True:
        number = "".join(rng.choice("0123456789") for _ in range(digits))
        if not luhn.is_valid(number):
            return number


def _fi_mobile(rng: random.Random) -> str:
    pre = rng.choice(["040", "050", "044", "045", "041"])
    rest = f"{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return rng.choice([f"{pre} {rest}", f"{pre}-{rest.replace(' ', '')}", f"{pre} {rest.replace(' ', '')}"])


def _fi_intl(rng: random.Random) -> str:
    return f"+358 {rng.choice(['40', '50', '44', '45'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _se_mobile(rng: random.Random) -> str:
    pre = rng.choice(["070", "072", "073", "076"])
    return f"{pre}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _se_intl(rng: random.Random) -> str:
    operator = rng.choice(["70", "72", "73", "76"])
    return f"+46 {operator} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _gb_mobile(rng: random.Random) -> str:
    return rng.choice([f"07700 900{rng.randint(0, 999):03d}", f"+44 7700 900{rng.randint(0, 999):03d}"])


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "HETU": make_hetu,
    "HETU_BAD": lambda r: make_hetu(r, valid=False),
    "PNR": make_personnummer,
    "PNR_LONG": lambda r: make_personnummer(r, long=True),
    "PNR_BAD": lambda r: make_personnummer(r, valid=False),
    "IBAN_FI": lambda r: make_iban(r, "FI"),
    "IBAN_SE": lambda r: make_iban(r, "SE"),
    "IBAN_GB": lambda r: make_iban(r, "GB"),
    "IBAN_FI_BAD": lambda r: make_iban(r, "FI", valid=False),
    "IBAN_SE_BAD": lambda r: make_iban(r, "SE", valid=False),
    "IBAN_GB_BAD": lambda r: make_iban(r, "GB", valid=False),
    "CARD": make_card,
    "CARD_BAD": lambda r: make_card(r, valid=False),
    "ORDER": make_order_number,
    "PHONE_FI": _fi_mobile,
    "PHONE_FI_INTL": _fi_intl,
    "PHONE_SE": _se_mobile,
    "PHONE_SE_INTL": _se_intl,
    "PHONE_GB": _gb_mobile,
}

# ---------------------------------------------------------------- drafts
# Each entry: a draft, or (draft, mode). [[kind:text]] marks personal data.

FI: list[str | tuple[str, str]] = [
    "Hei! Voisitteko lähettää laskun uudelleen, henkilötunnukseni on [[national_id:<HETU>]] ja tilinumero "
    "[[iban:<IBAN_FI>]]. Kiitos!",
    "Soittakaa minulle iltaisin numeroon [[phone:<PHONE_FI>]], jos joku on nähnyt sinisen Jopon Kalliossa.",
    "Myydään lastenrattaat, hyvässä kunnossa. Nouto osoitteesta [[address:Koivukuja 7 B 12, 02130 Espoo]], "
    "kysy lisää [[email:sanna.lehtonen@gmail.com]].",
    "Onnea [[person_name:Mikko Heinosselle]] uudesta pestistä! Hienoa että jatkat liikenneasioiden parissa.",
    "Kollegani [[person_name:Tiina Mäkelä]] on [[health:sairauslomalla masennuksen takia]], joten hän ei "
    "pääse huomiseen paneeliin.",
    "Äitini [[health:sai eilen aivoinfarktin]] ja on nyt Meilahden sairaalassa. Ajatukset ovat siellä.",
    "Synnyin [[birth_date:14.6.1979]] Oulussa, joten juhannus on aina ollut minulle tuplajuhla.",
    "Maksoin kortilla [[payment_card:<CARD>]] mutta tilaus ei näy vieläkään, mitä nyt?",
    "Tilaa kirja suoraan minulta: [[email:jarmo.salonen@outlook.com]] tai [[phone:<PHONE_FI_INTL>]].",
    "Lapsen henkilötunnus [[national_id:<HETU>]] pitäisi kuulemma lähettää tavallisella sähköpostilla, "
    "onko tämä ihan ok?",
    "Työkaverini [[person_name:Jari Laine]] asuu osoitteessa [[address:Hämeentie 45 A 6]], tuodaan sinne "
    "kukat perjantaina.",
    "Muuttoilmoitus: uusi osoitteemme on [[address:Rantakatu 3 C 18, 90100 Oulu]]. Tervetuloa kylään!",
    "Vuokra tilille [[iban:<IBAN_FI>]] viimeistään kuun viidentenä päivänä, kiitos.",
    "Isäni [[person_name:Pentti Koskinen]] on ollut [[health:dialyysihoidossa]] jo kaksi vuotta; suuri "
    "kiitos hoitajille Kuopiossa.",
    "Jos joku löysi lompakkoni Pasilasta: ajokortissa on hetu [[national_id:<HETU>]], soittakaa "
    "[[phone:<PHONE_FI>]].",
    "Arvatkaa mitä, [[person_name:Marko Lindholm]] [[special_category:erosi kirkosta ja liittyi "
    "vihreisiin]]. Kuka olisi uskonut!",
    "[[person_name:Eero Hakala]] täyttää 50! Syntynyt [[birth_date:3.2.1977]], eikä päivääkään vanhemman "
    "näköinen.",
    "Lähetä hakemus ja CV suoraan minulle: paivi.aalto@lvm.fi.",
    "Anteeksi hiljaisuus, olin [[health:polvileikkauksessa]] ja toipuminen kesti luultua pidempään.",
    "Lahjoitukset kummilapsen koulutukseen tilille [[iban:<IBAN_FI>]], saajana [[person_name:Marja "
    "Leinonen]].",
    "Kuka kolhi autoni [[license_plate:KXR-512]] Prisman parkkihallissa? Soita [[phone:<PHONE_FI>]].",
    "Hyvää syntymäpäivää siskolleni! Syntynyt [[birth_date:22.11.1990]], ikuisesti nuori.",
    ("Olen [[person_name:Ville Rantanen]], hetu [[national_id:<HETU>]], puh. [[phone:<PHONE_FI>]]. Milloin "
     "rakennuslupani käsitellään?", "private"),
    "Juhlat pidetään meillä, [[address:Sepänkatu 14 as 3, 33230 Tampere]], lauantaina kello 18 alkaen.",
    "Joku käytti korttiani [[payment_card:<CARD>]] Virossa, pankki on jo tiedotettu.",
    "Pojallani [[health:todettiin tyypin 1 diabetes]] viime viikolla, kaikki vinkit arkeen ovat tervetulleita.",
    "Kuulin että [[person_name:Sari Honkanen]] erotetaan ensi viikolla, älkää kertoko eteenpäin.",
    "Kirjoittakaa minulle mieluummin yksityisesti: [[email:kalle.jokinen@proton.me]]",
    "Keräys naapuruston leikkipuistolle, tili [[iban:<IBAN_FI>]]. Kaikki summat auttavat!",
    "Kimppakyyti Tampereelle perjantaina, tekstaa [[phone:<PHONE_FI>]] jos mahdut mukaan.",
    "[[person_name:Riikka Saarinen]] muutti osoitteeseen [[address:Kalevankatu 20 B 9, 00100 Helsinki]], "
    "käykää moikkaamassa!",
    "Vaimoni [[health:on raskaana]] ja laskettu aika on maaliskuussa, joten jään keväällä isyysvapaalle.",
    "Lomakkeessa kysyttiin syntymäaikaa, kirjoitin [[birth_date:5.9.1968]] ja silti tuli virhe.",
    "Kiitos [[person_name:Anna-Liisa Pitkänen]] erinomaisesta esityksestä liikenneturvallisuuspäivillä!",
    "Tyttäreni hetu on [[national_id:<HETU>]], voiko Kela todella vaatia sen viestillä?",
    "Naapurin [[person_name:Jukka Mattila]] [[health:on taas katkaisuhoidossa]], kertoi hänen vaimonsa.",
    "Hei, kokeilkaa soittaa [[phone:<PHONE_FI_INTL>]] tai laittaa viestiä [[email:minna.korpela@gmail.com]].",
    "Uusi luottokortti tuli postissa: [[payment_card:<CARD>]]. Hieno väri!",
    "Paketti meni väärään osoitteeseen, oikea on [[address:Puistotie 8 A 2, 40100 Jyväskylä]].",
    "Taloyhtiön puheenjohtaja [[person_name:Hannu Lehto]] [[special_category:kuuluu Jehovan todistajiin]], "
    "siksi kokouksissa ei ole joulutarjoilua.",
    # clean drafts: near misses
    "Henkilötunnuksen muoto on PPKKVV-NNNT. Älä koskaan kirjoita omaasi sosiaaliseen mediaan.",
    "Testijärjestelmässä käytetään keksittyä tunnusta <HETU_BAD>, joka ei läpäise tarkistusta.",
    "Tilausnumeroni on <ORDER> mutta paketti ei ole vieläkään tullut, @Posti?",
    "Ministeriön vaihde palvelee numerossa 0295 16001 arkisin kello 8–16.",
    "Lausunnot pyydetään kirjaamoon osoitteeseen kirjaamo@lvm.fi 15.3. mennessä.",
    "Liikenneturvallisuusseminaari pidetään 12.3.2027 osoitteessa Eteläesplanadi 16, tervetuloa!",
    "Kehä I:n remontti alkaa maanantaina, varaa aikaa Leppävaaran kohdalla.",
    "Kokeilin tilinumeroa <IBAN_FI_BAD> laskulla ja verkkopankki ilmoitti virheestä. Hyvä niin.",
    "Lento AY1342 Ouluun myöhästyi taas tunnin. Onneksi kahvi oli hyvää.",
    "Pasilan asemalla kulki viime vuonna 32 543 000 matkustajaa, kasvua 4,2 prosenttia.",
    "Tavataan Stockmannin kellon alla kello 17!",
    "Influenssarokotukset alkavat työterveyshuollossa marraskuussa, varatkaa aika ajoissa.",
    "Asuntojen hinnat nousivat Helsingissä 3,1 %, keskimääräinen neliöhinta on nyt 5 430 euroa.",
    "Sain huijausviestin, jossa pyydettiin korttinumeroa <CARD_BAD>. Älkää vastatko tällaisiin!",
    "Seuraava verkostotapaaminen on Teamsissa 4.12. kello 10, linkki tulee kalenterikutsussa.",
    "Finnairin asiakaspalvelu vastaa numerossa 0600 140 140, jos lento peruuntuu.",
    "Aleksanterinkatu suljetaan autoilta kesäksi. Hieno juttu kävelijöille ja pyöräilijöille!",
    "Raitiolinja 15 avattiin 2023 ja sillä on jo 30 000 matkustajaa päivässä.",
    "Kiitos kaikille osallistujille! Palautetta voi antaa osoitteeseen palaute@lvm.fi.",
    "Mielenterveys on yhtä tärkeää kuin fyysinen terveys, puhutaan siitä työpaikoillakin enemmän.",
]

SV: list[str | tuple[str, str]] = [
    "Hej! Kan ni skicka fakturan igen? Mitt personnummer är [[national_id:<PNR>]] och kontot "
    "[[iban:<IBAN_SE>]]. Tack!",
    "Ring mig på kvällarna på [[phone:<PHONE_SE>]] om någon har sett min blå cykel vid Odenplan.",
    "Säljes barnvagn i fint skick. Hämtas på [[address:Björkvägen 7, 163 41 Spånga]], frågor till "
    "[[email:sara.lindqvist@gmail.com]].",
    "Grattis [[person_name:Mikael Holmberg]] till det nya jobbet! Kul att du fortsätter med trafikfrågor.",
    "Min kollega [[person_name:Tina Sjöberg]] är [[health:sjukskriven för utmattning]], så hon kan inte "
    "vara med i panelen i morgon.",
    "Min mamma [[health:fick en stroke igår]] och ligger nu på Karolinska. Tankarna är där.",
    "Jag föddes den [[birth_date:14 juni 1979]] i Vasa, så midsommar har alltid varit dubbelfest.",
    "Jag betalade med kortet [[payment_card:<CARD>]] men beställningen syns fortfarande inte.",
    "Beställ boken direkt av mig: [[email:johan.berglund@outlook.com]] eller [[phone:<PHONE_SE_INTL>]].",
    "Barnets personnummer [[national_id:<PNR_LONG>]] ska tydligen skickas med vanlig e-post, är det "
    "verkligen okej?",
    "Min arbetskamrat [[person_name:Jari Lindén]] bor på [[address:Storgatan 45 lgh 1102]], vi lämnar "
    "blommorna där på fredag.",
    "Flyttanmälan: vår nya adress är [[address:Strandvägen 3 B, 65100 Vasa]]. Välkomna på besök!",
    "Hyran till kontot [[iban:<IBAN_SE>]] senast den femte varje månad, tack.",
    "Min pappa [[person_name:Per Karlsson]] har [[health:gått på dialys]] i två år nu; stort tack till "
    "personalen i Umeå.",
    "Om någon hittade min plånbok vid Centralen: i körkortet står [[national_id:<PNR>]], ring "
    "[[phone:<PHONE_SE>]].",
    "Gissa vad, [[person_name:Marko Lindholm]] [[special_category:har gått ur kyrkan och blivit medlem i "
    "Vänsterpartiet]]. Vem kunde tro det!",
    "[[person_name:Erik Hagström]] fyller 50! Född den [[birth_date:3 februari 1977]] och ser inte en dag "
    "äldre ut.",
    "Skicka ansökan och CV direkt till mig: petra.aalto@lvm.fi.",
    "Förlåt tystnaden, jag [[health:opererades i knät]] och återhämtningen tog längre tid än väntat.",
    "Bidrag till fadderbarnets skolgång till [[iban:<IBAN_FI>]], mottagare [[person_name:Maria "
    "Lindström]].",
    "Vem bucklade till min bil [[license_plate:ABC 123]] i parkeringshuset vid ICA? Ring [[phone:<PHONE_SE>]].",
    "Grattis på födelsedagen lillasyster! Född [[birth_date:22.11.1990]] och evigt ung.",
    ("Jag heter [[person_name:Ville Rantanen]], personnummer [[national_id:<PNR>]], tel. "
     "[[phone:<PHONE_SE>]]. När behandlas mitt bygglov?", "private"),
    "Festen är hemma hos oss, [[address:Smedsgatan 14, 753 20 Uppsala]], på lördag från klockan 18.",
    "Någon använde mitt kort [[payment_card:<CARD>]] i Tallinn, banken är redan informerad.",
    "Min son [[health:fick diagnosen typ 1-diabetes]] förra veckan, alla tips för vardagen välkomnas.",
    "Jag hörde att [[person_name:Sara Holm]] får sparken nästa vecka, men säg inget vidare.",
    "Skriv hellre privat till mig: [[email:kalle.jonsson@proton.me]]",
    "Insamling till kvarterets lekpark, konto [[iban:<IBAN_SE>]]. Alla belopp hjälper!",
    "Samåkning till Åbo på fredag, sms:a [[phone:<PHONE_FI>]] om du vill med.",
    "[[person_name:Rebecka Sandberg]] har flyttat till [[address:Kungsgatan 20 B, 411 19 Göteborg]], hälsa "
    "på henne!",
    "Min fru [[health:är gravid]] och beräknat datum är i mars, så jag går på föräldraledighet i vår.",
    "Formuläret frågade efter födelsedatum, jag skrev [[birth_date:1968-09-05]] och fick ändå ett fel.",
    "Tack [[person_name:Anna-Karin Pettersson]] för en utmärkt presentation på trafiksäkerhetsdagarna!",
    "Min dotters personnummer är [[national_id:<PNR>]], kan Försäkringskassan verkligen kräva det i ett "
    "meddelande?",
    "Grannen [[person_name:Jukka Mattsson]] [[health:är på avgiftning igen]], berättade hans fru.",
    "Ring [[phone:<PHONE_SE_INTL>]] eller mejla [[email:minna.korpela@gmail.com]] så hittar vi en tid.",
    "Nytt kreditkort kom med posten: [[payment_card:<CARD>]]. Snygg färg!",
    "Paketet gick till fel adress, den rätta är [[address:Parkvägen 8 A, 582 22 Linköping]].",
    "Föreningens ordförande [[person_name:Hans Lind]] [[special_category:är medlem i Jehovas vittnen]], "
    "därför blir det ingen julfika på mötena.",
    "Min finska kollega gav mig sin henkilötunnus [[national_id:<HETU>]] för resebokningen, ska jag "
    "radera den?",
    # clean drafts: near misses
    "Ett personnummer har formen ÅÅMMDD-NNNN. Skriv aldrig ditt eget i sociala medier.",
    "Testsystemet använder det påhittade numret <PNR_BAD>, som inte klarar kontrollen.",
    "Mitt ordernummer är <ORDER> men paketet har fortfarande inte kommit, @PostNord?",
    "Ministeriets växel svarar på 0295 16001 vardagar klockan 8–16.",
    "Remissvaren skickas till registratorskontoret på kirjaamo@lvm.fi senast den 15 mars.",
    "Trafiksäkerhetsseminariet hålls den 12 mars 2027 på Södra esplanaden 16, välkomna!",
    "Ombyggnaden av Ring I börjar på måndag, räkna med köer vid Alberga.",
    "Jag provade kontonumret <IBAN_SE_BAD> på en faktura och banken sa att det är fel. Bra så.",
    "Flyg SK1422 till Luleå var försenat en timme igen. Kaffet var i alla fall gott.",
    "Över 32 543 000 resenärer passerade stationen i fjol, en ökning med 4,2 procent.",
    "Vi ses under Stockmanns klocka klockan 17!",
    "Influensavaccinationerna börjar hos företagshälsovården i november, boka tid i god tid.",
    "Bostadspriserna i Stockholm steg med 3,1 %, medelpriset är nu 52 430 kronor per kvadratmeter.",
    "Jag fick ett bedrägerimejl som bad om kortnumret <CARD_BAD>. Svara inte på sådant!",
    "Nästa nätverksträff är på Teams den 4 december klockan 10, länken kommer i kalenderinbjudan.",
    "SJ:s kundtjänst svarar på 0771-75 75 75 om tåget blir inställt.",
    "Drottninggatan blir bilfri i sommar. Toppen för fotgängare och cyklister!",
    "Spårvagnslinje 15 öppnade 2023 och har redan 30 000 resenärer om dagen.",
    "Tack till alla deltagare! Respons kan ges på palaute@lvm.fi.",
    "Psykisk hälsa är lika viktig som fysisk hälsa, låt oss prata mer om det även på jobbet.",
]

EN: list[str | tuple[str, str]] = [
    "Hi! Could you resend the invoice? My personal identity code is [[national_id:<HETU>]] and my account "
    "[[iban:<IBAN_FI>]]. Thanks!",
    "Call me in the evening on [[phone:<PHONE_GB>]] if anyone has seen my blue bike near the station.",
    "Pram for sale, good condition. Collect from [[address:14 Elm Road, Leeds LS6 2AB]], questions to "
    "[[email:sarah.lewis@gmail.com]].",
    "Congratulations [[person_name:Michael Harris]] on the new job! Great that you're staying in transport.",
    "My colleague [[person_name:Tina Walker]] is [[health:on sick leave with depression]], so she can't join "
    "tomorrow's panel.",
    "My mum [[health:had a stroke yesterday]] and is now in Meilahti hospital. Thinking of her.",
    "I was born on [[birth_date:14 June 1979]] in Oulu, so Midsummer has always been a double party.",
    "I paid with my card [[payment_card:<CARD>]] but the order still doesn't show up.",
    "Order the book directly from me: [[email:james.wilson@outlook.com]] or [[phone:<PHONE_FI_INTL>]].",
    "Apparently my child's identity code [[national_id:<HETU>]] should be sent by plain email, is that "
    "really okay?",
    "My colleague [[person_name:Jari Lane]] lives at [[address:45 Church Street, Flat 6]], let's drop the "
    "flowers there on Friday.",
    "We've moved! Our new address is [[address:3 Harbour View, Bristol BS1 5TY]]. Come and visit!",
    "Rent to account [[iban:<IBAN_GB>]] by the fifth of each month, please.",
    "My dad [[person_name:Peter Collins]] has been [[health:on dialysis]] for two years now; huge thanks to "
    "the nurses in Kuopio.",
    "If anyone found my wallet at Pasila: the driving licence shows [[national_id:<HETU>]], please call "
    "[[phone:<PHONE_FI>]].",
    "Guess what, [[person_name:Mark Lindholm]] [[special_category:left the church and joined the Greens]]. "
    "Who'd have thought!",
    "[[person_name:Edward Hall]] turns 50! Born on [[birth_date:3 February 1977]] and doesn't look a day "
    "older.",
    "Send your application and CV straight to me: paula.aalto@lvm.fi.",
    "Sorry for the silence, I [[health:had knee surgery]] and recovery took longer than expected.",
    "Donations for our sponsored child's schooling to [[iban:<IBAN_GB>]], payee [[person_name:Mary "
    "Lawson]].",
    "Who dented my car [[license_plate:KXR-512]] in the Prisma car park? Call [[phone:<PHONE_FI>]].",
    "Happy birthday little sister! Born [[birth_date:22/11/1990]] and forever young.",
    ("I'm [[person_name:Ville Rantanen]], identity code [[national_id:<HETU>]], tel. [[phone:<PHONE_FI>]]. "
     "When will my building permit be processed?", "private"),
    "The party is at ours, [[address:27 Mill Lane, Cambridge CB2 1RX]], Saturday from 6pm.",
    "Someone used my card [[payment_card:<CARD>]] in Tallinn, the bank has been told.",
    "My son [[health:was diagnosed with type 1 diabetes]] last week, all tips for daily life welcome.",
    "I heard [[person_name:Sarah Hughes]] is being fired next week, but don't pass it on.",
    "Please write to me privately instead: [[email:kevin.jones@proton.me]]",
    "Fundraiser for the neighbourhood playground, account [[iban:<IBAN_FI>]]. Every euro helps!",
    "Car share to Tampere on Friday, text [[phone:<PHONE_FI>]] if you want a seat.",
    "[[person_name:Rebecca Sanders]] has moved to [[address:20 Queen Street, Edinburgh EH2 1JX]], go and "
    "say hi!",
    "My wife [[health:is pregnant]] and due in March, so I'll be on paternity leave in the spring.",
    "The form asked for my date of birth, I typed [[birth_date:05/09/1968]] and still got an error.",
    "Thank you [[person_name:Anne Patterson]] for an excellent talk at the road safety days!",
    "My Swedish colleague's personnummer is [[national_id:<PNR>]], should I delete it from the booking?",
    "Our neighbour [[person_name:John Mattson]] [[health:is in rehab again]], his wife told us.",
    "Try calling [[phone:<PHONE_GB>]] or email [[email:mina.cooper@gmail.com]] and we'll find a time.",
    "New credit card arrived in the post: [[payment_card:<CARD>]]. Lovely colour!",
    "The parcel went to the wrong address, the right one is [[address:8 Park Avenue, York YO1 7HH]].",
    "The residents' association chair [[person_name:Harry Lind]] [[special_category:is a Jehovah's "
    "Witness]], so no Christmas snacks at meetings.",
    # clean drafts: near misses
    "A Finnish identity code looks like DDMMYY-NNNC. Never post your own on social media.",
    "The test system uses the made-up code <HETU_BAD>, which fails the check.",
    "My order number is <ORDER> and the parcel still hasn't arrived, @RoyalMail?",
    "The ministry's switchboard answers on +358 295 16001 on weekdays from 8 to 16.",
    "Comments to the registry office at kirjaamo@lvm.fi by 15 March, please.",
    "The road safety seminar is on 12 March 2027 at Eteläesplanadi 16, all welcome!",
    "Roadworks on Ring I start on Monday, allow extra time near Leppävaara.",
    "I tried the account number <IBAN_GB_BAD> on an invoice and the bank said it's wrong. Good.",
    "Flight AY1342 to Oulu was an hour late again. At least the coffee was good.",
    "Over 32,543,000 passengers used the station last year, up 4.2 per cent.",
    "Meet you under the Stockmann clock at 5pm!",
    "Flu vaccinations start at occupational health in November, book a slot early.",
    "House prices in Helsinki rose 3.1%, the average is now 5,430 euros per square metre.",
    "I got a scam email asking for the card number <CARD_BAD>. Don't reply to these!",
    "Next network meeting is on Teams on 4 December at 10am, the link is in the invite.",
    "Finnair customer service answers on +358 9 818 0800 if your flight is cancelled.",
    "Oxford Street goes car-free this summer. Great news for walking and cycling!",
    "Tram line 15 opened in 2023 and already carries 30,000 passengers a day.",
    "Thanks to everyone who took part! Feedback to palaute@lvm.fi.",
    "Mental health matters as much as physical health, let's talk about it at work too.",
]

_MARK = re.compile(r"\[\[(\w+):(.+?)\]\]", re.S)
_PLACEHOLDER = re.compile(r"<([A-Z_]+)>")


def _fill(text: str, rng: random.Random) -> str:
    return _PLACEHOLDER.sub(lambda m: MAKERS[m.group(1)](rng), text)


def parse(marked: str) -> tuple[str, list[dict[str, object]]]:
    """Strip the [[kind:text]] marks; return the text and its spans (code-point offsets)."""
    out: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(2)
        spans.append({"start": length, "end": length + len(inner), "kind": m.group(1)})
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def records() -> Iterator[dict[str, object]]:
    rng = random.Random(SEED)
    for lang, drafts in (("fi", FI), ("sv", SV), ("en", EN)):
        for entry in drafts:
            marked, mode = (entry, "hybrid") if isinstance(entry, str) else entry
            text, spans = parse(_fill(marked, rng))
            yield {"lang": lang, "text": text, "mode": mode, "spans": spans}


def main() -> None:
    rows = list(records())
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    clean = sum(1 for r in rows if not r["spans"])
    print(f"wrote {len(rows)} drafts ({clean} clean) to {OUT}")


if __name__ == "__main__":
    main()
