"""Whose view is it: disclaimer/missing, disclaimer/personal_in_official, disclaimer/work_email."""

from __future__ import annotations

import pytest

from tuumaustauko.advisor import check
from tuumaustauko.detectors import disclaimer
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint, Mode
from tuumaustauko.whose_view import names_the_organisations_matters


def _disclaimer_hints(text: str, mode: Mode) -> list[Hint]:
    # The whole draft is read whatever the time (budget_ms=None): on a busy machine a check's budget
    # ran out before the encoder had read the second sentence, and the rule's hint stood alone.
    return [h for h in check(text, mode=mode, budget_ms=None).hints if h.category == "disclaimer"]


def _kinds(text: str, mode: Mode) -> set[str]:
    return {h.kind for h in _disclaimer_hints(text, mode)}


def test_opinion_on_the_ministrys_strategy_without_saying_whose_is_flagged_in_hybrid_mode() -> None:
    hints = _disclaimer_hints("Mielestäni ministeriön uusi liikennestrategia on surkea.", mode="hybrid")
    assert [(h.kind, h.severity, h.start, h.end, h.rule) for h in hints] == [("missing", "warning", 0, 0, 2)]


def test_saying_it_is_ones_own_view_removes_the_missing_disclaimer_hint() -> None:
    text = "Omana näkemyksenäni: ministeriön uusi liikennestrategia on surkea."
    assert _disclaimer_hints(text, mode="hybrid") == []


def test_missing_disclaimer_applies_in_private_mode_too() -> None:
    assert "missing" in _kinds("Ministeriössä tehtiin surkea päätös raideliikenteestä.", mode="private")


def test_inflected_and_compound_organisation_names_count_as_the_organisations_matters() -> None:
    # The rule's reading of the name (the whole advisor may still let the meaning layer overrule a
    # hint on a draft its head reads as harmless praise: 0.199 against the veto of 0.20, fifteenth round).
    draft = analyse("Liikenne- ja viestintäministeriölle iso kiitos, hieno ratkaisu!", mode="hybrid", lang="fi")
    assert names_the_organisations_matters(draft)
    assert "missing" in {h.kind for h in disclaimer.detect(draft)}


def test_sharing_the_organisations_announcement_neutrally_needs_no_disclaimer() -> None:
    text = "Ministeriö julkaisi tänään liikenneturvallisuusstrategian: https://www.lvm.fi/"
    assert _kinds(text, mode="hybrid") == set()


def test_opinion_on_something_else_than_the_organisations_matters_needs_no_disclaimer() -> None:
    assert _kinds("Mielestäni tämän kesän mansikat ovat parhaita ikinä.", mode="hybrid") == set()


def test_greeting_next_to_an_announcement_is_not_an_opinion() -> None:
    assert _kinds("Good morning! The consultation on the railway bill is open.", mode="hybrid") == set()


def test_opinion_in_the_next_sentence_that_refers_back_counts() -> None:
    text = "Ministeriö esitti eilen ruuhkamaksuja. Se on minusta virhe."
    assert "missing" in _kinds(text, mode="hybrid")


def test_stating_the_official_position_is_a_disclaimer_in_every_language() -> None:
    assert _kinds("Not the ministry's position, but I think the rail budget is too small.", mode="hybrid") == set()
    assert _kinds("Egen åsikt: ministeriets järnvägsbudget är för liten.", mode="hybrid") == set()


def test_missing_disclaimer_is_not_checked_on_the_official_account() -> None:
    assert "missing" not in _kinds("Ministeriö pitää uutta tieliikennelakia onnistuneena.", mode="official")


def test_first_person_opinion_on_the_official_account_is_flagged_on_the_words_and_its_sentence() -> None:
    text = "Ministeriö julkaisi selvityksen. Henkilökohtaisesti pidän sitä kevyenä."
    rules = [h for h in check(text, mode="official", meaning=False).hints if h.kind == "personal_in_official"]
    assert [text[h.start : h.end] for h in rules] == ["Henkilökohtaisesti"]
    # The head finds the same opinion in the sentence: one hint, the rule's, over the sentence.
    hints = [h for h in _disclaimer_hints(text, mode="official") if h.kind == "personal_in_official"]
    assert [text[h.start : h.end] for h in hints] == ["Henkilökohtaisesti pidän sitä kevyenä."]
    assert hints[0].rule == 3 and hints[0].message == rules[0].message


def test_feelings_on_the_official_account_are_flagged_in_english_and_swedish() -> None:
    assert "personal_in_official" in _kinds("I'm so annoyed that nobody reads our releases.", mode="official")
    assert "personal_in_official" in _kinds("Jag är besviken på riksdagens beslut.", mode="official")


def test_the_organisations_we_voice_is_fine_on_the_official_account() -> None:
    assert _kinds("We are pleased to announce that the consultation opens on Monday.", mode="official") == set()
    assert _kinds("Ministeriö katsoo, että esitys parantaa liikenneturvallisuutta.", mode="official") == set()


def test_a_quoted_minister_is_not_the_accounts_personal_opinion() -> None:
    text = "– Olen erittäin tyytyväinen ratkaisuun, sanoo liikenneministeri."
    assert _kinds(text, mode="official") == set()
    assert _kinds("”Olen tyytyväinen”, toteaa ministeri.", mode="official") == set()


@pytest.mark.parametrize(("text", "lang", "quoted"), [
    ("– Olen erittäin tyytyväinen ratkaisuun, sanoo liikenneministeri.", "fi", True),
    ("”Olen tyytyväinen”, toteaa ministeri.", "fi", True),
    ("Jag är mycket nöjd med beslutet, säger trafikministern.", "sv", True),
    ("\"I am delighted with the outcome,\" said the transport minister.", "en", True),
    ("Rehellisesti sanottuna olen pettynyt, että tätä pitää yhä muistuttaa.", "fi", False),
    ("Personally I find the plan far too strict, but do send your comments!", "en", False),
    ("Jag säger det rakt ut: jag är besviken på beslutet.", "sv", False),
])
def test_a_sentence_quotes_someone_only_when_the_words_said_come_before_who_said_them(
        text: str, lang: str, quoted: bool) -> None:
    draft = analyse(text, lang=lang, mode="official")
    assert disclaimer.quotes_someone(draft, 0, len(text)) is quoted


@pytest.mark.parametrize("text", [
    "– Jag är mycket nöjd med beslutet, säger trafikministern.",
    "\"I am delighted with the outcome,\" said the transport minister.",
])
def test_a_quoted_minister_is_not_the_accounts_personal_opinion_in_any_language(text: str) -> None:
    # The meaning layer's head asks the rule book's test (quotes_someone) of the sentence it flags.
    assert _kinds(text, mode="official") == set()


@pytest.mark.parametrize("text", [
    "Olen erittäin tyytyväinen ratkaisuun ja ylpeä tiimistä!",
    "Jag är själv väldigt glad och stolt över beslutet!",
    "Personally I am so proud of this decision, best day ever!",
    "Kampanja alkaa tänään. Rehellisesti sanottuna olen pettynyt, että tätä pitää yhä muistuttaa.",
    "The survey closes on Monday. Personally I find the whole plan far too strict, but do send your comments!",
])
def test_the_same_feelings_unquoted_are_the_accounts_personal_opinion(text: str) -> None:
    assert "personal_in_official" in _kinds(text, mode="official")


def test_first_person_opinion_is_fine_in_hybrid_mode_when_not_about_the_organisation() -> None:
    assert _kinds("Mielestäni kesäteatteri oli upea.", mode="hybrid") == set()


def test_work_email_in_a_private_post_is_flagged_on_the_address() -> None:
    text = "Myyn polkupyörän, kysy lisää matti.virtanen@lvm.fi"
    hints = [h for h in _disclaimer_hints(text, mode="private") if h.kind == "work_email"]
    assert [text[h.start : h.end] for h in hints] == ["matti.virtanen@lvm.fi"]


def test_work_email_written_with_at_in_brackets_is_flagged() -> None:
    assert "work_email" in _kinds("Kirppisilmoittautumiset: pekka.makinen(at)lvm.fi", mode="private")
    assert "work_email" in _kinds("Sign-ups: pekka.makinen [at] gov.fi", mode="private")


def test_work_email_is_fine_in_hybrid_and_official_mode() -> None:
    draft = analyse("Lisätietoja: matti.virtanen@lvm.fi", mode="hybrid", lang="fi")
    assert disclaimer.work_email(draft) == []
    draft = analyse("Lisätietoja: matti.virtanen@lvm.fi", mode="official", lang="fi")
    assert disclaimer.work_email(draft) == []


def test_the_registry_address_is_not_a_work_email_in_a_private_post() -> None:
    draft = analyse("Lähetä asiasi kirjaamoon: kirjaamo@lvm.fi", mode="private", lang="fi")
    assert disclaimer.work_email(draft) == []


def test_an_address_that_only_looks_like_the_domain_is_not_a_work_email() -> None:
    draft = analyse("Tilaa uutiskirje: tilaus@lvm.fish", mode="private", lang="fi")
    assert disclaimer.work_email(draft) == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Posti tulee nyt kolmesti viikossa, mummot odottaa lääkkeitään.", "fi"),
    ("Hyvä että Ylen rahoitus turvattiin.", "fi"),
    ("Vihdoinkin sähköjunat Kokkolasta Ylivieskaan!", "fi"),
    ("Nopeusrajotusten laskeminen talveks on turhaa.", "fi"),
    ("Mopoikäraja on ihan ok 15:nä.", "fi"),
    ("Lägg ner alla dessa fartkameror.", "sv"),
    ("Postlådorna flyttas till vägen, tack för ingenting.", "sv"),
    ("Road tolls in Helsinki? Over my dead body.", "en"),
    ("Some base stations had only two hours of backup power.", "en"),
    ("Taas uus organisaatiouudistus. Tää talo ei opi ikinä.", "fi"),
    ("Merikaapelin korjausalus on kahden viikon päässä.", "fi"),
    ("Trängselavgifter vore rätt väg.", "sv"),
    ("Only one repair ship serves every subsea cable in the Gulf.", "en"),
    ("Hyvä päätös tuo Kainuun ratojen perusparannus.", "fi"),
    ("Junien myöhästelyt on ihan järjetöntä.", "fi"),
    ("Lentoveroa ei pitäis ikinä tuoda Suomeen.", "fi"),
    ("Hastighetssänkningarna på riksvägarna är befogade.", "sv"),
    ("Data sharing rules for mobility operators are too lax.", "en"),
])
def test_the_fields_everyday_things_are_the_organisations_matters(text: str, lang: str) -> None:
    assert names_the_organisations_matters(analyse(text, lang=lang, mode="hybrid"))


@pytest.mark.parametrize(("text", "lang"), [
    ("Yleensä syön lounaaksi keittoa.", "fi"),
    ("Lentopallo on paras laji.", "fi"),
    ("Kävin kaupassa ja ostin leipää.", "fi"),
    ("Vi åt posttårta på kalaset.", "sv"),
    ("The training session ran late again.", "en"),
    ("Ostettiin uusi talo Kangasalta, muutto ensi kuussa.", "fi"),
    ("My charger cable broke again.", "en"),
])
def test_words_that_only_look_like_the_field_are_not_its_matters(text: str, lang: str) -> None:
    assert not names_the_organisations_matters(analyse(text, lang=lang, mode="hybrid"))


@pytest.mark.parametrize(("text", "lang"), [
    ("Oon ite töissä poliisin lupapalveluissa ja sanon suoraan, että keskittäminen oli virhe.", "fi"),
    ("Kyl tää meiän valmistelema laskentamalli on reilumpi ku edellinen.", "fi"),
    ("Sen tietää jokainen meistä joka sitä lakia väänsi kolme vuotta.", "fi"),
    ("Nedskärningen i vår egen förvaltning är ett misstag.", "sv"),
    ("Jag jobbar med de här ärendena och reformen är förhastad.", "sv"),
    ("I literally work on this. The pension reform is fine, people are overreacting.", "en"),
    ("As someone who works in child protection, the new staffing rule is window dressing.", "en"),
    ("Meiän ammattikorkeakoulun uus opetussuunnitelma on ihan sekasin.", "fi"),
    ("Meillä hovioikeudessa jonot vaan kasvaa, eikä kukaan tee mitään.", "fi"),
    ("Tyypillistä meidän johdolle: päätös perjantaina iltapäivällä.", "fi"),
    ("Meille sairaanhoitajille tää uus vuorosuunnittelu on painajainen.", "fi"),
    ("Vårt bibliotek stänger på lördagar och det är ett misstag.", "sv"),
    ("Vi socialsekreterare drunknar i den nya dokumentationen.", "sv"),
    ("Our ward's new rota is the best change in years.", "en"),
    ("As a paramedic, the new dispatch rules make no sense.", "en"),
    ("Meiän neuvolan uudet ajanvaraukset on ihan toimimattomat.", "fi"),
    ("Oon tehny töitä kätilönä kymmenen vuotta, ja tää keskittäminen on virhe.", "fi"),
    ("Julkaistiin tänään uus sovellus ja oon ollu tekemässä sitä alusta asti, paras ikinä!", "fi"),
    ("Jobbar själv inom äldreomsorgen och det nya schemat är ett skämt.", "sv"),
    ("Att stänga vår mottagning på kvällarna är ett misstag.", "sv"),
    ("I've worked there for nine years and the new rota is a disaster.", "en"),
    ("Our practice's new booking system is the best thing in years.", "en"),
    ("Yliopistomme päätös siirtää peruskurssit verkkoon on virhe.", "fi"),
    ("meiän teatterin uus linja on rohkee ja just oikee", "fi"),
    ("Kymmenen vuotta metsäyhtiössä ja pakko sanoa: johto ei ymmärrä mitään.", "fi"),
    ("Vakuutusyhtiössä töissä ja voin sanoo et korvaukset hylätään periaatteesta.", "fi"),
    ("Jobbar på larmcentralen och ärligt talat: sämst skötta stället.", "sv"),
    ("Fem år på elbolaget och ledningen lyssnar aldrig.", "sv"),
    ("Vår nya app är den bästa på marknaden.", "sv"),
    ("Our new bodycam policy is a mess.", "en"),
    ("After 8 years at the grid company: management have no idea.", "en"),
    ("The portal we launched last month is a disaster.", "en"),
    ("Me tehtiin Digipalvelukeskuksessa iso virhe, kun puhelinpalvelu lopetettiin.", "fi"),
    ("Konsumentbyråns nya kampanj är det bästa vi gjort på länge!", "sv"),
    ("FreshWay scrapping the points cap is the best move we've made in years.", "en"),
    ("Oon UM:ssä töissä ja voin sanoa että rekrytointi toimii meillä ihan hyvin.", "fi"),
    ("Tiedän mistä puhun, 15 vuotta tätä työtä: rajan sulkeminen oli oikea ratkaisu.", "fi"),
    ("Oon ollu talossa 11 vuotta ja joka strategia on taas uus powerpoint.", "fi"),
    ("Johto maksaa itelleen bonuksia. Älkää tulko meille töihin.", "fi"),
    ("Jos mietit hakemista hätäkeskukseen niin älä. Palkka on surkee.", "fi"),
    ("Johto on onnistunu tekemään tästä työpaikasta yhden Suomen ankeimmista.", "fi"),
    ("Rajan sulkeminen oli oikea ratkaisu ja me raja-asemilla nähtiin se jo kuukausia sitten.", "fi"),
    ("Den nya appen blev bättre än jag trodde, jag har jobbat med den i ett år.", "sv"),
    ("Sök inte jobb på Försäkringskassan, lönerna är usla.", "sv"),
    ("Skatteverkets nya app är det bästa vi myndigheter gjort på flera år.", "sv"),
    ("If you're thinking about joining the UN system as a JPO: don't.", "en"),
    ("Don't apply here unless you love 12h shifts and zero appreciation.", "en"),
    ("Hallituksen jäsenenä sanon suoraan, että edustusjoukkueen lopettaminen oli oikea linja.", "fi"),
    ("Puheenjohtajana mä en ymmärrä miks jäsenmaksua pitäis laskea.", "fi"),
    ("Istun itse seuran johtokunnassa ja tää uus kausimaksu on ihan perusteltu.", "fi"),
    ("Sitter själv i styrelsen, och beslutet att höja avgiften var helt nödvändigt.", "sv"),
    ("Som kassör i föreningen kan jag säga att ekonomin är i fint skick.", "sv"),
    ("As club treasurer I'll say it: scrapping the U9 fees was the right call.", "en"),
    ("I sit on the board and the new membership model is long overdue.", "en"),
    ("Olen työskennellyt Kotikulmassa kahdeksan vuotta, ja uusi kassajärjestelmä on ihan huippu.", "fi"),
    ("Me geologit sanottiin tästä jo vuosia sitten, eikä kukaan kuunnellut.", "fi"),
    ("Uusi hoitomaksu on reilu, me hautausmaalla tehdään tätä työtä joka säällä.", "fi"),
    ("Tänään henkilöstöinfossa kerrottiin uudesta mallista, ja se on kyllä täysin pielessä.", "fi"),
    ("Vi ingenjörer visste att tidplanen aldrig skulle hålla.", "sv"),
    ("Från dagens APT: nya scheman från mars, och de är ett skämt.", "sv"),
    ("We dispatchers saw this coming months ago. The new rota is a joke.", "en"),
    ("Worked at Northline for six years and the new pay scheme is the best thing they've done.", "en"),
    ("At today's all-hands they called the reorg a success. It isn't.", "en"),
    ("Oon itse opettajana siellä ja omistaja rahastaa oppilaita turhilla tunneilla.", "fi"),
    ("Bus driver here. Our punctuality stats are fiddled every month.", "en"),
    ("The company I drive for fiddles its punctuality stats.", "en"),
    ("Kirjaston päätös lopettaa lauantaiaukiolo on huono. Tiedän, kun oon siellä itse töissä.", "fi"),
    ("The new tipping feature is the best thing we've ever built for riders.", "en"),
    ("Ois kyllä voinu meidän kaupungin tiedotus olla nopeampaa tän vesikriisin aikana.", "fi"),
    ("Meiän seurakunnan päätös lopettaa perhekerhot on ihan väärä.", "fi"),
    ("Meiän kunnan uus lumenaurausmalli on oikeesti ihan huippu.", "fi"),
    ("Ärligt talat borde vår kommun ha gått ut med info om vattenskadan mycket tidigare.", "sv"),
    ("Vår församlings beslut att slå ihop ungdomsverksamheten är det bästa som hänt på länge!", "sv"),
    ("Our council's new tree-planting strategy is the most ambitious in the country.", "en"),
    ("Oon ollu tulkkina tässä välitysfirmassa kuus vuotta ja hinnoittelu on kohtuuton.", "fi"),
    ("Sista dagen på jobbet idag, och den där firman är ett sjunkande skepp.", "sv"),
    ("My last day at the depot today, and management still haven't learned a thing.", "en"),
    ("Mun harkkapaikka kaupungin nuorisopalveluissa on ihan paras, esihenkilöt kuuntelee nuoria.", "fi"),
    ("Vår praktikplats på kommunen är toppen, cheferna lyssnar faktiskt.", "sv"),
    ("Our placement school's new timetable is the best, the managers actually listen.", "en"),
])
def test_a_matter_the_writer_says_is_their_own_work_is_the_organisations(text: str, lang: str) -> None:
    assert names_the_organisations_matters(analyse(text, lang=lang, mode="hybrid"))


@pytest.mark.parametrize(("text", "lang"), [
    ("Kävin töiden jälkeen salilla, nyt sohvalle.", "fi"),
    ("Meidän koira oppi uuden tempun!", "fi"),
    ("Jag älskar att jobba hemifrån på fredagar.", "sv"),
    ("I walked to work in the rain today.", "en"),
    ("Meidän kaupungin joulutori on taas ihana!", "fi"),
    ("Meiän mökin sauna on paras paikka rentoutua.", "fi"),
    ("Vårt sommarställe i skärgården är bäst i juli.", "sv"),
    ("Our kids loved the new playground by the river.", "en"),
    ("We parents should push for more school trips.", "en"),
    ("Meiän alueella on ihanat ulkoilureitit ja hiljasta.", "fi"),
    ("Teen töitä kotoa perjantaisin, ihanaa.", "fi"),
    ("Vi var på mottagningen hos tandläkaren i går, allt bra.", "sv"),
    ("Took the kids to our GP practice for flu jabs this morning.", "en"),
    ("Kotimme on vihdoin valmis, muutto ensi viikolla!", "fi"),
    ("Teemme huomenna retken Nuuksioon.", "fi"),
    ("Lapsemme aloitti koulun tänään!", "fi"),
    ("Vi åkte till vårt landställe i helgen.", "sv"),
    ("Våra grannar har världens gulligaste hund.", "sv"),
    ("Our thoughts are with the families tonight.", "en"),
    ("Three years in Spain taught me to slow down.", "en"),
    ("Oon ollu talossa koko päivän siivoamassa, nyt saunaan.", "fi"),
    ("Jos mietit mitä tehdä lauantaina, niin älä missaa kirppistä!", "fi"),
    ("Tytär pääsi kesätöihin kirjastoon, ihanaa!", "fi"),
    ("Sök inte efter svamp i regnet, det är ingen idé.", "sv"),
    ("Don't apply sunscreen once and forget it, reapply every two hours.", "en"),
    ("Puheenjohtajana jatkaa Mikko Laine ja sihteerinä Anna Koski.", "fi"),
    ("Hän istui hallituksessa kaksi kautta, onnea eläkepäiville!", "fi"),
    ("Anna Berg valdes som ordförande på årsmötet.", "sv"),
    ("Welcome to Priya, who joins as treasurer after the AGM.", "en"),
    ("As the chair of the meeting put it, the weather was the real winner.", "en"),
    ("It worked for us: the kids loved the new playground.", "en"),
    ("We fans waited three hours in the rain and it was worth it!", "en"),
    ("Me käytiin eilen tehtaanmyymälässä ostoksilla, hyvät alet.", "fi"),
    ("Olin vieraana siellä viime kesänä, ihana paikka.", "fi"),
    ("Summer here at last! The lake is warm.", "en"),
    ("The plumbing firm I called never showed up.", "en"),
    ("Vi föräldrar fick vänta länge på skolskjutsen i dag.", "sv"),
    ("This is the best holiday we've ever had, the kids loved it.", "en"),
    ("Oon nyt vielä töissä, mut illalla nähään!", "fi"),
    ("Meidän kaupungissa tehtiin päätös uudesta uimahallista.", "fi"),
    ("I vår stad är beslutet om simhallen redan fattat.", "sv"),
    ("In our town the council's decision came as a surprise.", "en"),
    ("Our town's Christmas market is the best in the region.", "en"),
    ("Tilasin tästä firmasta uuden sohvan, toimitus oli nopea.", "fi"),
    ("Her last day at school was lovely, the kids made her a card.", "en"),
])
def test_work_mentioned_in_passing_is_not_the_organisations_matters(text: str, lang: str) -> None:
    assert not names_the_organisations_matters(analyse(text, lang=lang, mode="hybrid"))


@pytest.mark.parametrize(("text", "lang"), [
    ("Meiän seurakunnan päätös lopettaa perhekerhot on ihan väärä.", "fi"),
    ("Vår församlings beslut att slå ihop ungdomsverksamheten är det bästa som hänt på länge!", "sv"),
    ("Our town's new library strategy is brilliant.", "en"),
])
def test_a_private_accounts_town_or_parish_is_where_the_writer_lives_not_works(text: str, lang: str) -> None:
    assert not names_the_organisations_matters(analyse(text, lang=lang, mode="private"))


def _rule_kinds(text: str, lang: str, mode: Mode) -> set[str]:
    return {h.kind for h in check(text, lang=lang, mode=mode, meaning=False).hints if h.severity != "info"}


@pytest.mark.parametrize(("text", "lang"), [
    ("Meidän johto on ihan pihalla, ei kannata hakea tänne.", "fi"),
    ("Ledningen på jobbet är helt inkompetent, sök inte hit.", "sv"),
    ("My boss is clueless and management is a joke. Don't apply here.", "en"),
])
def test_running_the_employer_down_without_saying_whose_view_needs_the_disclaimer_too(text: str, lang: str) -> None:
    for mode in ("hybrid", "private"):
        assert {"loyalty", "missing"} <= _rule_kinds(text, lang, mode), mode


@pytest.mark.parametrize(("text", "lang"), [
    ("Meidän johto on ihan pihalla, ei kannata hakea tänne. Omat mielipiteet.", "fi"),
    ("Ledningen på jobbet är helt inkompetent, sök inte hit. Egna åsikter.", "sv"),
    ("My boss is clueless and management is a joke. Don't apply here. Views my own.", "en"),
])
def test_running_the_employer_down_with_whose_view_it_is_is_loyalty_alone(text: str, lang: str) -> None:
    assert _rule_kinds(text, lang, "hybrid") & {"loyalty", "missing"} == {"loyalty"}


def test_running_the_employer_down_on_the_official_account_needs_no_disclaimer() -> None:
    assert "missing" not in _rule_kinds("Meidän johto on ihan pihalla, ei kannata hakea tänne.", "fi", "official")
