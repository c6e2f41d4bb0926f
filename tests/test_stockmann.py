"""The Stockmann clock: insults, swearing, shouting, threats, gossip, loyalty, absence, regret, and the score."""

from __future__ import annotations

import math
import time

import numpy
import pytest

from tuumaustauko.advisor import check
from tuumaustauko.detectors import all_detectors
from tuumaustauko.detectors.absence import leaves_no_home_empty, tells_of_coming_back
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint
from tuumaustauko.meaning.heads import load_heads, spec_for
from tuumaustauko.stockmann import StockmannModel, score_hints

STOCKMANN_DETECTORS = ("insult", "profanity", "shouting", "gossip", "loyalty", "absence", "word_rules")

RISKY = [
    ("fi", "Pomoni on täysin kyvytön, koko firma on yhtä sirkusta."),
    ("fi", "Senkin ääliö, tiedän missä asut."),
    ("fi", "Lähdemme huomenna kolmeksi viikoksi Kreikkaan, koti jää tyhjäksi!"),
    ("fi", "Olin eilen niin kännissä etten muista mitään 😂"),
    ("fi", "Kuulemma naapurin rouva pettää miestään."),
    ("fi", "MIKSI KUKAAN EI KOSKAAN VASTAA MINULLE"),
    ("fi", "Hakijan henkilötunnus on 131052-308T, tarkistakaa tiedot."),
    ("sv", "Vilka jävla idioter som sitter i styrelsen."),
    ("sv", "Vi är bortresta hela juli, huset står tomt."),
    ("sv", "Ryktet säger att grannen har fått sparken."),
    ("sv", "Du kommer att ångra dig."),
    ("en", "My boss is useless and my coworkers are morons."),
    ("en", "Rumour has it she's pregnant again."),
    ("en", "I'll make you pay for this."),
    ("en", "We're away until the 20th, nobody's home!"),
    ("en", "Stupid customers, every single day."),
]

CLEAN = [
    ("fi", "Kiitos kaikille ihanasta illasta!"),
    ("fi", "Vitun hyvä maali! Mikä ilta!"),
    ("fi", "Joku kutsui minua idiootiksi, ei kivaa."),
    ("fi", "Tultiin eilen kotiin lomalta, ihanaa olla taas kotona."),
    ("fi", "HYVÄÄ JOULUA kaikille!"),
    ("sv", "Jag är ett stort fan av finsk tango."),
    ("sv", "Tack för en trevlig kväll, vi ses snart!"),
    ("sv", "Vi kom hem från Kreta i går, vilken resa!"),
    ("en", "Fucking brilliant goal from the captain!"),
    ("en", "This heatwave is killing my tomatoes."),
    ("en", "Spreadsheets were the killer app of the eighties."),
    ("en", "NATO, EU, OECD and UN leaders meet in Brussels."),
]


def _kinds(text: str, lang: str, mode: str = "private") -> dict[str, str]:
    advice = check(text, lang=lang, mode=mode)  # type: ignore[arg-type]
    return {h.kind: h.severity for h in advice.hints if h.category == "stockmann"}


def test_risky_drafts_score_above_clean_ones() -> None:
    # The score is the trained model's (it ranks; the level is the hints'): on these 16 risky and 12
    # clean drafts one clean draft may score above some risky ones ("Joku kutsui minua idiootiksi"
    # objects to an insult, and the insult head half-suspects it: the seventh round's heads put it
    # above one risky draft, the eighth's above four), never two, and that one above a quarter of the
    # risky ones never.
    check("Lämmittely.", lang="fi")  # the first check loads the layer within its time budget
    risky = [check(text, lang=lang, mode="private", budget_ms=None).stockmann.score for lang, text in RISKY]
    clean = [check(text, lang=lang, mode="private", budget_ms=None).stockmann.score for lang, text in CLEAN]
    outranking = [c for c in clean if any(r <= c for r in risky)]
    assert len(outranking) <= 1, (risky, clean)
    assert sum(r <= max(clean) for r in risky) <= len(risky) // 4, (risky, clean)
    assert min(risky) > sorted(clean)[-2]


@pytest.mark.parametrize("lang,text", CLEAN)
def test_clean_draft_is_level_low(lang: str, text: str) -> None:
    assert check(text, lang=lang, mode="private").stockmann.level == "low"


@pytest.mark.parametrize("lang,text", RISKY)
def test_risky_draft_is_at_least_medium(lang: str, text: str) -> None:
    assert check(text, lang=lang, mode="private").stockmann.level in ("medium", "high")


@pytest.mark.parametrize(
    "lang,text",
    [
        ("fi", "OLET TÄYSI IDIOOTTI JA KAIKKI TIETÄVÄT SEN"),
        ("fi", "Senkin idiootti!!!"),
        ("sv", "DU ÄR EN TOTAL IDIOT OCH ALLA VET DET"),
        ("en", "YOU ARE A COMPLETE IDIOT"),
    ],
)
def test_insult_with_shouting_is_high(lang: str, text: str) -> None:
    advice = check(text, lang=lang, mode="private")
    kinds = {h.kind for h in advice.hints if h.category == "stockmann" and h.severity == "warning"}
    assert {"insult", "shouting"} <= kinds
    assert advice.stockmann.level == "high"


def test_reasons_are_short_deduplicated_and_in_the_drafts_language() -> None:
    # The rule book's hints alone, so that the reasons are known: the meaning layer may add its own
    # (a bare insult read as something to regret), and they are in the draft's language too.
    advice = check("Vitun idiootti! Perkeleen ääliö!", lang="fi", mode="private", meaning=False)
    assert advice.stockmann.reasons[0] == "Nimittelyä"
    assert len(advice.stockmann.reasons) == len(set(advice.stockmann.reasons))
    assert "Kiroilua" in advice.stockmann.reasons
    assert check("You idiot.", lang="en", meaning=False).stockmann.reasons == ("Name-calling",)
    assert check("Din idiot.", lang="sv", meaning=False).stockmann.reasons == ("Glåpord",)
    with_heads = check("Din idiot.", lang="sv", budget_ms=None).stockmann.reasons
    assert "Glåpord" in with_heads and len(with_heads) == len(set(with_heads))
    assert not set(with_heads) & set(check("You idiot.", lang="en", budget_ms=None).stockmann.reasons)


def test_a_repeated_kind_counts_less_than_two_kinds() -> None:
    def hint(kind: str) -> Hint:
        return Hint("stockmann", kind, "warning", 7, 0, 1, "m", "s", weight=0.3)

    twice = score_hints([hint("profanity"), hint("profanity")], "en").score
    two_kinds = score_hints([hint("profanity"), hint("shouting")], "en").score
    assert 0.3 < twice < two_kinds
    assert 0.0 <= score_hints([hint("profanity")] * 50, "en").score <= 1.0


def test_insult_inflections_and_compounds_are_flagged() -> None:
    for text in ("Nuo idiootit taas.", "Älkää antako idiooteille valtaa, sanon minä.", "Mikä täysidiootti."):
        advice = check(text, lang="fi", mode="private")
        assert any(h.kind == "insult" for h in advice.hints), text


def test_quoted_or_self_directed_insult_is_low_risk() -> None:
    assert _kinds("Joku kutsui minua idiootiksi, ei kivaa.", "fi").get("insult") == "info"
    assert _kinds('He wrote "idiot" under my post, not OK.', "en").get("insult") == "info"
    assert _kinds("I'm such an idiot, forgot my keys.", "en").get("insult") == "info"


def test_swearing_and_insults_reported_in_quotation_marks_are_low_risk() -> None:
    reported = _kinds('Joku huusi ratikassa kuskille "senkin vitun ääliö" ja puoli vaunua tuijotti puhelimiaan.', "fi")
    assert reported.get("profanity") == "info" and reported.get("insult") == "info"
    assert _kinds("Någon skrek «din jävla idiot» åt chauffören i morse.", "sv").get("profanity") == "info"
    reported_en = _kinds("A guy called the driver a 'fucking disgrace' for closing the doors.", "en")
    assert reported_en.get("profanity") == "info"
    # Apostrophes are no quotation marks, and a quoted word elsewhere in the sentence spares nothing.
    assert _kinds("Don't tell me it's the fucking printer again, it's the 'new' one.", "en")["profanity"] == "warning"
    assert _kinds('Pomo "kehitti" taas uuden vitun prosessin.', "fi")["profanity"] == "warning"


def test_idiot_proof_and_finnish_name_urpo_are_not_insults() -> None:
    assert "insult" not in _kinds("Tämä laite on idioottivarma.", "fi")
    assert "insult" not in _kinds("Urpo Virtanen täyttää tänään 80 vuotta.", "fi")
    assert "insult" not in _kinds("The kids loved the clown.", "en")


def test_swearing_in_joy_is_info_and_in_anger_a_warning() -> None:
    assert _kinds("Helvetin hieno päivä!", "fi")["profanity"] == "info"
    assert _kinds("Skitbra konsert!", "sv")["profanity"] == "info"
    assert _kinds("Helvetin hidas palvelu taas.", "fi")["profanity"] == "warning"
    assert _kinds("This fucking printer.", "en")["profanity"] == "warning"


def test_swear_false_friends_are_not_profanity() -> None:
    assert "profanity" not in _kinds("Det fanns inga fans där, men jag är ett stort fan av bandet.", "sv")
    assert "profanity" not in _kinds("Shitake risotto and a trip to Scunthorpe; reading Dickens.", "en")
    assert "profanity" not in _kinds("Retki Helvetinjärven kansallispuistoon, opaskartta mukaan.", "fi")


def test_acronyms_greetings_and_markings_are_not_shouting() -> None:
    assert "shouting" not in _kinds("LVM, EU, ICT, NATO ja TL IV samassa lauseessa.", "fi")
    assert "shouting" not in _kinds("HYVÄÄ JOULUA JA ONNELLISTA UUTTA VUOTTA", "fi")
    assert "shouting" not in _kinds("MERRY CHRISTMAS AND A HAPPY NEW YEAR", "en")
    assert _kinds("TÄMÄ ON TÄYSIN KÄSITTÄMÄTÖNTÄ", "fi")["shouting"] == "warning"


def test_figurative_killing_is_not_a_threat() -> None:
    assert "threat" not in _kinds("Oma näkemykseni: tämä lakiesitys tappaa pienet lentoyhtiöt.", "fi")
    assert "threat" not in _kinds("This bill will kill small airlines, in my personal view.", "en")
    assert "threat" not in _kinds("It's the killer app of the year.", "en")
    assert _kinds("Tiedän missä asut.", "fi")["threat"] == "critical"
    assert _kinds("Jag vet var du bor.", "sv")["threat"] == "critical"


def test_reported_threat_is_not_a_threat() -> None:
    assert "threat" not in _kinds("Sain viestin 'tiedän missä asut', tein rikosilmoituksen.", "fi")


def test_hearsay_about_the_weather_is_not_gossip() -> None:
    assert "gossip" not in _kinds("Huomenna kuulemma sataa.", "fi")
    assert "gossip" in _kinds("Kuulemma Anna eroaa miehestään.", "fi")
    assert "gossip" in _kinds("Between you and me, he's leaving.", "en")


def test_hearsay_about_the_weather_with_its_source_named_beside_it_is_not_gossip() -> None:
    for text, lang in (("Kuulemma juhannukseks on luvattu hellettä, ainakin naapurin Raimo vannoo niin 😄", "fi"),
                       ("Apparently it's going to be 25 degrees on Saturday, or so my neighbour Dave swears.", "en")):
        advice = check(text, lang=lang, mode="private", meaning=False)  # type: ignore[arg-type]
        assert not [h for h in advice.hints if h.kind in ("gossip", "person_name") and h.severity != "info"], text
    assert "gossip" in _kinds("Kuulemma naapurin Raimo on taas sairauslomalla, vaikka helle on ohi.", "fi")


def test_mild_criticism_of_the_employer_is_not_a_loyalty_breach() -> None:
    assert "loyalty" not in _kinds("Pomoni voisi antaa enemmän palautetta.", "fi")
    assert _kinds("Työpaikkani on ihan surkea.", "fi")["loyalty"] == "warning"
    assert _kinds("My employer is a joke.", "en")["loyalty"] == "warning"
    assert _kinds("Ministeriön johto on täysin kyvytön.", "fi")["loyalty"] == "warning"


def test_travel_after_coming_home_is_not_absence_but_plans_are() -> None:
    assert "absence" not in _kinds("Tultiin eilen kotiin lomalta.", "fi")
    assert "absence" not in _kinds("Got back from Crete yesterday, what a trip!", "en")
    assert _kinds("Olemme mökillä koko heinäkuun.", "fi")["absence"] == "warning"
    assert _kinds("Vi är bortresta hela veckan.", "sv")["absence"] == "warning"


@pytest.mark.parametrize("lang,text,came_back", [
    ("en", "Back home after two weeks in Crete, still dreaming of the sea.", True),
    ("fi", "Palattiin eilen kolmen viikon Kreikan-matkalta.", True),
    ("sv", "Kom hem från Kreta i går, helt slut.", True),
    ("en", "Off to Crete for two weeks tomorrow, the flat will be empty.", False),
    ("fi", "Lähdemme huomenna kolmeksi viikoksi Kreikkaan.", False),
    # a return still ahead tells how long the home stays empty
    ("en", "Off to Madeira on Friday, we're back home on the 14th.", False),
    ("sv", "Vi åker till Rhodos och är tillbaka den 9 juni.", False),
    ("fi", "Reissuun huomenna, ollaan taas kotona vasta sunnuntaina.", False),
])
def test_the_absence_head_is_told_when_a_sentence_tells_of_coming_back(lang: str, text: str, came_back: bool) -> None:
    # The absence head asks this of the sentence it flags (data/meaning.yaml), as the rule does.
    draft = analyse(text, lang=lang, mode="private")
    assert tells_of_coming_back(draft, *draft.sentences[0]) is came_back
    assert leaves_no_home_empty(draft, *draft.sentences[0]) is came_back
    assert spec_for("stockmann/absence").unless_sentence == "leaves_no_home_empty"


@pytest.mark.parametrize("lang,text", [
    ("fi", "Lähdemme elokuussa kolmeksi viikoksi Kroatiaan, mutta anoppi asuu meillä sen ajan."),
    ("sv", "Vi åker till Paris över helgen! Barnen stannar hemma med mormor."),
    ("en", "Off to Crete tomorrow for two weeks ✈️ my brother's house-sitting and feeding the dog."),
])
def test_a_trip_while_someone_stays_in_the_home_leaves_no_home_empty(lang: str, text: str) -> None:
    draft = analyse(text, lang=lang, mode="private")
    assert leaves_no_home_empty(draft, *draft.sentences[0])
    assert _kinds(text, lang).get("absence", "info") == "info"
    # without the one who stays, the same trip is a warning
    alone = text.split(", mutta")[0].split(" Barnen")[0].split(" my brother")[0]
    assert _kinds(alone, lang)["absence"] == "warning"


def test_work_trip_without_home_is_info() -> None:
    assert _kinds("Olen ensi viikolla konferenssissa Brysselissä.", "fi")["absence"] == "info"
    assert _kinds("Olen ensi viikolla konferenssissa Brysselissä, koti jää tyhjäksi.", "fi")["absence"] == "warning"


def test_drunk_confession_and_contempt_for_customers_are_regret() -> None:
    assert _kinds("Olin niin kännissä että nukahdin bussiin.", "fi")["regret"] == "warning"
    assert _kinds("Stupid customers again.", "en")["regret"] == "warning"
    assert "regret" not in _kinds("Humalassa ei kannata tehdä päätöksiä.", "fi")


def test_stockmann_detectors_are_fast_on_a_long_draft() -> None:
    chunk = (
        "Senkin idiootti!!! TÄMÄ ON TÄYSIN KÄSITTÄMÄTÖNTÄ. Kuulemma pomo eroaa. Lähdemme huomenna "
        "Thaimaahan kahdeksi viikoksi. Olin niin kännissä. Perkele, vitun hyvä maali! "
    )
    text = (chunk * (20_000 // len(chunk) + 1))[:20_000]
    draft = analyse(text, lang="fi", mode="private")
    detectors = [d for d in all_detectors() if d.name in STOCKMANN_DETECTORS]
    started = time.perf_counter()
    for detector in detectors:
        detector.detect(draft)
    assert time.perf_counter() - started < 8.0  # about 1-2 s measured; guards against runaway regexes


def test_every_word_list_entry_is_a_string() -> None:
    """YAML 1.1 reads bare on/no/yes as booleans; a word list must hold words only."""
    from tuumaustauko.ruledata import load_ruleset

    def walk(value: object, path: str) -> list[str]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in walk(v, f"{path}.{k}")]
        if isinstance(value, list):
            return [f"{path}: {item!r}" for item in value if not isinstance(item, str | dict)] + [
                p for item in value for p in walk(item, path)
            ]
        return []

    ruleset = load_ruleset("stockmann")
    bad = walk(ruleset.data, "file") + [p for r in ruleset.rules for p in walk(r.data, r.id)]
    assert not bad, bad


def test_birds_trains_and_place_names_are_not_flagged() -> None:
    assert not _kinds("Saw blue tits and great tits at the feeder this morning!", "en")
    assert not _kinds("Apparently the train is leaving late today.", "en")
    assert not _kinds("Kuulemma juna lähtee myöhässä.", "fi")
    assert not _kinds("Helvetia is the Latin name for Switzerland.", "en")


def test_subjectless_travel_plans_are_absence() -> None:
    assert _kinds("Flying to the Canaries on Saturday for a week!", "en")["absence"] == "warning"
    assert _kinds("Lähdössä huomenna Thaimaahan kahdeksi viikoksi!", "fi")["absence"] == "warning"
    assert "absence" not in _kinds("Off to the shop now, back in 10.", "en")


def test_the_trained_score_ranks_while_the_hints_keep_the_level_and_reasons() -> None:
    threat = Hint("stockmann", "threat", "warning", 7, 0, 1, "m", "s", weight=0.55, reason="Uhkailua")
    model = StockmannModel(("hint:stockmann/threat", "head:stockmann/gossip"), numpy.array([4.0, 6.0]), -3.0)
    suspected = score_hints([], "fi", model, {"stockmann/gossip": 0.45})
    unsuspected = score_hints([], "fi", model, {"stockmann/gossip": 0.01})
    assert suspected.score > unsuspected.score  # the heads' probability below their threshold ranks
    assert suspected.level == unsuspected.level == "low" and suspected.reasons == ()  # no hint, no level
    with_threat = score_hints([threat], "fi", model, {"stockmann/gossip": 0.01})
    assert with_threat.level == score_hints([threat], "fi").level == "medium"
    assert with_threat.reasons == ("Uhkailua",)
    assert with_threat.score == round(1 / (1 + math.exp(-(4.0 * 0.55 + 6.0 * 0.01 - 3.0))), 4)


def test_the_committed_heads_carry_a_stockmann_model_over_every_head() -> None:
    heads = load_heads()
    assert heads is not None and heads.stockmann is not None
    assert {f"head:{key}" for key in heads.keys} <= set(heads.stockmann.features)
    assert "hint:personal_data/national_id" in heads.stockmann.features
    assert heads.meta["stockmann"]["oof_auc"] > 0.85
