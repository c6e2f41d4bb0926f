"""The meaning layer's mechanics: sentences cached as a draft is typed, a long draft read over
several checks within a time budget, heads asked only in their modes, one hint where a rule and a
head agree, a head that read the whole draft overruling its kind's rule words, the layer read after
the service listens (and after each worker's fork), and the service still answering without it.
What the heads find is held by tests/test_meaning_quality.py."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx2
import numpy
import pytest

from tuumaustauko import advisor
from tuumaustauko.advisor import (
    ITS_RULES_EXCEPTIONS,
    SENTENCE_TESTS,
    TIES,
    _said_by_rules,
    check,
    joined_with_rules,
    merge_hints,
    spread_over_the_draft,
)
from tuumaustauko.allowances import NO_ALLOWANCES, Allowances
from tuumaustauko.detectors._people import about_no_one
from tuumaustauko.detectors.insult import reports_name_calling
from tuumaustauko.detectors.official_business import handles_no_case
from tuumaustauko.draft import analyse
from tuumaustauko.hints import Hint
from tuumaustauko.meaning import Reading
from tuumaustauko.meaning import layer as meaning_layer
from tuumaustauko.meaning.encoder import E5Encoder
from tuumaustauko.meaning.heads import (
    Lexicon,
    draft_grams,
    features,
    head_specs,
    letter_grams,
    load_heads,
    rule_for,
    threshold_shares,
    unit_terms,
)
from tuumaustauko.meaning.layer import MeaningLayer, SentenceCache
from tuumaustauko.meaning.units import MAX_UNIT_WORDS, lemmas_of, units_of
from tuumaustauko.memory import release_mapped_file
from tuumaustauko.word_vectors import model_path

from .service import running_service


class CountingEncoder:
    """The real encoder, recording the texts it is asked to encode and whose tokens to count."""

    def __init__(self, inner: E5Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.encoded: list[str] = []
        self.counted: list[str] = []

    def encode(self, texts: list[str]) -> numpy.ndarray:
        self.encoded.extend(texts)
        return self.inner.encode(texts)

    def token_count(self, text: str) -> int:
        self.counted.append(text)
        return self.inner.token_count(text)


@pytest.fixture(scope="module")
def encoder() -> E5Encoder:
    return E5Encoder(threads=1)


@pytest.fixture()
def layer(encoder: E5Encoder) -> MeaningLayer:
    heads = load_heads()
    assert heads is not None, "models/meaning/heads.npz is committed"
    return MeaningLayer(heads, CountingEncoder(encoder))  # type: ignore[arg-type]


def test_typing_encodes_only_the_sentence_that_changed(layer: MeaningLayer) -> None:
    first = "Kävin eilen kokouksessa. Ruoka oli hyvää. Huomenna jatketaan"
    layer.read(analyse(first, lang="fi"), budget_ms=float("inf"))
    encoder = layer.encoder
    assert isinstance(encoder, CountingEncoder)
    assert len(encoder.encoded) == 3
    layer.read(analyse(first + " aamulla.", lang="fi"), budget_ms=float("inf"))
    assert encoder.encoded[3:] == ["Huomenna jatketaan aamulla."]
    layer.read(analyse(first + " aamulla.", lang="fi"), budget_ms=float("inf"))
    assert len(encoder.encoded) == 4


def test_a_long_draft_is_read_over_several_checks_within_the_budget(layer: MeaningLayer) -> None:
    sentences = [f"Tämä on luonnos numero {i} ja siinä kerrotaan retkestä järvelle." for i in range(30)]
    draft = analyse(" ".join(sentences), lang="fi")
    shares = []
    for _ in range(150):  # a loaded machine reads one sentence a check, or none while its estimate falls
        reading = layer.read(draft, budget_ms=60)
        shares.append(reading.read)
        if reading.read == 1.0:
            break
    assert 0 < shares[0] < 1, "the first check reads part of the draft"
    assert shares == sorted(shares), "each check reads on from where the last stopped"
    assert shares[-1] == 1.0 and len(shares) > 2


def test_reading_resumes_after_a_busy_spell_left_a_slow_estimate(layer: MeaningLayer) -> None:
    # A busy machine measured 50 ms a token: no sentence fits 60 ms on that estimate. It must not keep
    # the layer from reading for good: each check that reads nothing on it alone lowers it a step.
    draft = analyse("Arvatkaa kuka jäi kiinni rattijuopumuksesta viime yönä? Kerron huomenna lisää.", lang="fi")
    layer.cache.clear()
    measured, layer.ms_per_token = layer.ms_per_token, 50.0
    try:
        reads = [layer.read(draft, budget_ms=60).read for _ in range(20)]
    finally:
        layer.ms_per_token = measured
    assert reads[0] == 0.0 and reads[-1] > 0.0, reads


def test_no_time_left_reads_nothing_and_says_so(layer: MeaningLayer) -> None:
    reading = layer.read(analyse("Arvatkaa kuka jäi kiinni rattijuopumuksesta viime yönä?", lang="fi"), budget_ms=0)
    assert reading.read == 0.0 and reading.hints == ()


def test_a_sentence_longer_than_a_unit_is_cut_into_pieces() -> None:
    words = [f"sana{i}" for i in range(MAX_UNIT_WORDS * 2 + 5)]
    units = units_of(analyse(" ".join(words), lang="fi"))
    assert [len(u.text.split()) for u in units] == [MAX_UNIT_WORDS, MAX_UNIT_WORDS, 5]
    assert all(" ".join(words)[u.start:u.end] == u.text for u in units)


@pytest.mark.parametrize(("text", "leads_on"), [
    ("Guess who's sailing with us this week? A certain manager is in suite 9104 😎", True),
    ("Arvatkaa kuka tuli tänään meille sossuun? Se meidän koulun vanha rehtori 😳", True),
    ("Vi trycker proven den här veckan. Läsförståelsen handlar om Alaska.", False),
])
def test_a_question_or_a_colon_leads_a_heads_hint_into_the_next_sentence(text: str, leads_on: bool) -> None:
    draft = analyse(text)
    units = units_of(draft)
    assert len(units) >= 2
    end = meaning_layer.what_it_leads_into(draft, units, 0)
    assert end == (units[1].end if leads_on else units[0].end)
    assert meaning_layer.what_it_leads_into(draft, units, len(units) - 1) == units[-1].end


def test_the_disclaimer_heads_are_asked_only_in_their_modes(layer: MeaningLayer) -> None:
    text = "Uusi tiemaksu on täysin järjetön ajatus, eikä kukaan kysynyt asukkailta mitään."
    official = layer.read(analyse(text, lang="fi", mode="official"), budget_ms=float("inf"))
    hybrid = layer.read(analyse(text, lang="fi", mode="hybrid"), budget_ms=float("inf"))
    assert official.probabilities is not None and hybrid.probabilities is not None
    assert "disclaimer/missing" not in official.probabilities and "disclaimer/missing" in hybrid.probabilities
    assert "disclaimer/personal_in_official" in official.probabilities
    assert "disclaimer/personal_in_official" not in hybrid.probabilities


def test_every_head_in_the_data_has_trained_weights() -> None:
    heads = load_heads()
    assert heads is not None
    assert set(heads.keys) == {s.key for s in head_specs()}
    assert heads.net.hidden_weights.shape[0] == 2 * 384
    assert heads.net.output_weights.shape == (heads.net.hidden_weights.shape[1], len(heads.keys))
    assert heads.encoder == E5Encoder.name
    assert heads.lexicon is not None
    assert heads.draft is not None and heads.draft.weights.shape == (len(heads.keys), 384)
    assert heads.draft.lexical_weights.shape == (len(heads.lexicon.terms), len(heads.keys))
    assert heads.grams is not None and heads.draft.gram_weights is not None
    assert heads.draft.gram_weights.shape == (len(heads.grams.terms), len(heads.keys))


def test_a_sentences_score_is_the_mean_of_its_own_probability_and_the_whole_drafts() -> None:
    heads = load_heads()
    assert heads is not None
    draft = analyse("Kolmas viinipullo auki. Nyt uskallan sanoa, mitä mieltä olen pomosta.", lang="fi")
    units = units_of(draft)
    rows = features(E5Encoder(threads=1).encode([u.text for u in units]))
    terms = [unit_terms(lemmas_of(draft, u)) for u in units]
    texts = [u.text for u in units]
    scores, own = heads.scores(rows, terms, texts)
    whole = heads.draft_probabilities(rows[0, 384:], [t for unit in terms for t in unit], draft_grams(texts))
    assert whole is not None and whole.shape == (len(heads.keys),)
    assert numpy.allclose(own, heads.probabilities(rows))
    assert numpy.allclose(scores, (own + whole) / 2)
    # the draft's probability is the same whichever sentence is asked: it lifts or lowers them all alike
    assert numpy.allclose(scores[0] - own[0] / 2, scores[1] - own[1] / 2)


def test_the_draft_classifiers_read_the_letter_grams_of_the_sentences_beside_their_words() -> None:
    heads = load_heads()
    assert heads is not None and heads.grams is not None and heads.draft is not None
    assert heads.draft.gram_weights is not None
    mean = numpy.zeros(384, dtype=numpy.float32)
    grams = letter_grams("Se on kuulemma vasemmistoliittolainen ja käy helluntaiseurakunnassa")
    with_grams = heads.draft_probabilities(mean, [], grams)
    without = heads.draft_probabilities(mean, [], [])
    assert with_grams is not None and without is not None
    indices, values = heads.grams.vector(grams)
    assert len(indices) > 20
    margins = heads.draft.bias + values @ heads.draft.gram_weights[indices]
    assert numpy.allclose(with_grams, 1 / (1 + numpy.exp(-(margins * heads.draft.platt_a + heads.draft.platt_b))))
    assert not numpy.allclose(with_grams, without)


@pytest.mark.parametrize("text", [
    "Mä en tiä mist ne tollasii kaivaa!!",
    "  VITTU   mikä maali 😂 #leijonat\n\tok",
    "a ab abc abcd abcde abcdef, Åbo–Turku: 3.40",
    "rattijuopumusepäily ja henkilötunnuksensa",
    "",
])
def test_letter_grams_are_scikit_learns_char_wb_pieces_of_three_to_five(text: str) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer  # the heads' build dependency, in the test extras

    analyser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    assert letter_grams(text) == analyser(text)


def test_a_head_flags_the_best_sentence_once_the_draft_reaches_its_threshold_and_others_on_their_own() -> None:
    heads = load_heads()
    assert heads is not None
    k = 0
    heads = replace(heads, threshold=numpy.full(len(heads.keys), 0.5))
    below = numpy.array([0.2, 0.45, 0.3])
    assert heads.flagged(k, below, own=numpy.array([0.1, 0.9, 0.2])) == []
    # the draft says "regret" loud enough: its best sentence is flagged though its own probability is low
    assert heads.flagged(k, numpy.array([0.3, 0.6, 0.55]), own=numpy.array([0.1, 0.3, 0.2])) == [1]
    # another sentence is flagged as well only when its own probability reaches the threshold too
    assert heads.flagged(k, numpy.array([0.3, 0.6, 0.55]), own=numpy.array([0.1, 0.3, 0.7])) == [1, 2]


def test_a_sentence_with_its_heads_cues_is_flagged_at_a_share_of_the_threshold() -> None:
    heads = load_heads()
    assert heads is not None
    heads = replace(heads, threshold=numpy.full(len(heads.keys), 0.5))
    scores, own = numpy.array([0.45, 0.35]), numpy.array([0.45, 0.35])
    assert heads.flagged(0, scores, own) == []
    # the second sentence names a client: at 0.6 of the threshold (0.3) it is flagged, the first is not cued
    assert heads.flagged(0, scores, own, numpy.array([1.0, 0.6])) == [1]
    # the best sentence is the one furthest over its own bar; one over the full threshold on its own is flagged too
    assert heads.flagged(0, numpy.array([0.55, 0.35]), numpy.array([0.55, 0.2]), numpy.array([1.0, 0.6])) == [0, 1]
    assert heads.flagged(0, numpy.array([0.55, 0.35]), numpy.array([0.45, 0.2]), numpy.array([1.0, 0.6])) == [1]


SECRECY, REGRET, INTERNAL = "confidential/secrecy", "stockmann/regret", "confidential/internal"


@pytest.mark.parametrize(("key", "text", "lang", "cued"), [
    # secrecy: someone the work serves or watches, the workplace's guard, someone made recognisable
    (SECRECY, "Meillä lukiossa yks abi jäi kiinni lunttaamisesta.", "fi", True),
    (SECRECY, "Pankkiasiakkaamme asuu yksin Tammelan puistokadulla.", "fi", True),
    # a counted cue is statistics, not someone
    (SECRECY, "Myrsky katkaisi sähköt noin 14 000 asiakkaalta saaristossa.", "fi", False),
    (SECRECY, "Stormen slog ut strömmen för 9 000 kunder i skärgården.", "sv", False),
    (SECRECY, "The outage left 12,000 customers without power overnight.", "en", False),
    (SECRECY, "Our customer at number 12 lives alone and keeps her cash in the freezer.", "en", True),
    (SECRECY, "Yöllä rajalla on vuorossa vain kaksi tarkastajaa.", "fi", True),
    (SECRECY, "Valvontakamerat eivät toimi autokannella ennen kuutta.", "fi", True),
    (SECRECY, "En av våra gäster greps efter middagen.", "sv", True),
    (SECRECY, "Nattetid hade vi bara två vakter i korridoren.", "sv", True),
    (SECRECY, "The tenant there is on our vulnerable persons register.", "en", True),
    (SECRECY, "The 10th grader was expelled yesterday.", "en", True),
    (SECRECY, "Iäkäs pariskunta oli maksanut kaupustelijalle 18 000 €.", "fi", True),
    (SECRECY, "Min sambo säger att grannen på tvåan fått avslag på sjukpenningen.", "sv", True),
    (SECRECY, "Guess who came into the office asking for food vouchers?", "en", True),
    (SECRECY, "Hyvää huomenta kaikille, aurinko paistaa!", "fi", False),
    (SECRECY, "Vi ses på konferensen i Vasa nästa vecka.", "sv", False),
    (SECRECY, "Great turnout at today's budget seminar.", "en", False),
    # regret: a confession of one's own slip
    (REGRET, "Okei, tunnustan: annoin potilaalle väärän lääkkeen enkä kirjannut sitä.", "fi", True),
    (REGRET, "Pakko myöntää, että se sähkökatko oli mun moka.", "fi", True),
    (REGRET, "Måste erkänna att det var jag som glömde låsa skåpet.", "sv", True),
    (REGRET, "Whoops, I may have pushed the deputy head into the pool.", "en", True),
    (REGRET, "Tunnustetut taiteilijat esiintyvät lauantaina.", "fi", False),
    (REGRET, "Vi erkänner oss inte skyldiga till något, säger bolaget.", "sv", True),
    (REGRET, "The committee admitted three new members.", "en", False),
    # regret: a slip nobody has noticed, or asked about
    (REGRET, "Oon lähteny joka perjantai kahelta kotiin, kukaan ei huomaa mitään.", "fi", True),
    (REGRET, "Jag har lånat firmabilen hela sommaren och ingen har märkt något.", "sv", True),
    (REGRET, "I've been expensing my gym as client meetings and finance has no clue.", "en", True),
    (REGRET, "Kukaan ei huomannut mitään outoa, kertoo poliisi.", "fi", False),
    (REGRET, "Nobody wants a cold office in January.", "en", False),
    # internal: what the workplace's own meetings heard
    (INTERNAL, "Tämän aamun palaverissa kävi ilmi, että varaston hälytys on ollut pois päältä viikon.", "fi", True),
    (INTERNAL, "Johtoryhmässä puhuttiin tänään budjetin ylityksestä.", "fi", True),
    (INTERNAL, "Yhtiökokous pidetään toukokuussa, tervetuloa!", "fi", False),
    (INTERNAL, "Kort från dagens teammöte: två tjänster försvinner i höst.", "sv", True),
    (INTERNAL, "Årsmötet hålls i biblioteket på torsdag.", "sv", False),
    (INTERNAL, "At yesterday's all-hands the CEO admitted the Leeds launch is six months late.", "en", True),
    (INTERNAL, "The council meeting is open to the public and streamed online.", "en", False),
])
def test_a_heads_cues_lower_its_bar_in_their_sentence_only(key: str, text: str, lang: str, cued: bool) -> None:
    spec = next(s for s in head_specs() if s.key == key)
    assert spec.cue_share < 1.0
    draft = analyse(text, lang=lang)
    shares = threshold_shares(spec, draft, [(0, len(text))])
    assert (shares[0] == spec.cue_share) == cued
    assert rule_for(spec.rule_id).cues_a_heads_finding(draft, 0, len(text)) == cued


def _scored(layer: MeaningLayer, monkeypatch: pytest.MonkeyPatch, key: str, score: list[float],
            own: list[float]) -> None:
    """The layer's heads give kind ``key`` these scores and own probabilities (and nothing else anything),
    with every threshold at 0.5."""
    heads = replace(layer.heads, threshold=numpy.full(len(layer.heads.keys), 0.5))
    k = heads.keys.index(key)

    def fixed(rows: numpy.ndarray, terms: object, texts: object) -> tuple[numpy.ndarray, numpy.ndarray]:
        scores, owns = numpy.zeros((len(rows), len(heads.keys))), numpy.zeros((len(rows), len(heads.keys)))
        scores[:, k], owns[:, k] = score, own
        return scores, owns

    object.__setattr__(heads, "scores", fixed)
    layer.heads = heads
    monkeypatch.setattr(advisor, "read_meaning", lambda draft, budget_ms=None: layer.read(draft, 1e9))


GOSSIP = "Se tyyppi kolmannesta kerroksesta muuttaa pois. Kaikki rapussa tietää miksi."


def test_a_whole_draft_kind_no_sentence_is_sure_of_alone_is_the_drafts_hint(
        layer: MeaningLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    # the draft classifier carries gossip: the best sentence reaches the threshold only with it
    _scored(layer, monkeypatch, "stockmann/gossip", score=[0.4, 0.6], own=[0.2, 0.3])
    assert layer.read(analyse(GOSSIP, lang="fi", mode="private"), 1e9).whole_draft == {"stockmann/gossip"}
    hints = [h for h in advisor.check(GOSSIP, lang="fi", mode="private").hints if h.kind == "gossip"]
    assert [(h.start, h.end, h.severity) for h in hints] == [(0, 0, "warning")]


def test_a_whole_draft_kind_a_sentence_is_sure_of_alone_stays_on_that_sentence(
        layer: MeaningLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    _scored(layer, monkeypatch, "stockmann/gossip", score=[0.4, 0.6], own=[0.2, 0.7])
    assert not layer.read(analyse(GOSSIP, lang="fi", mode="private"), 1e9).whole_draft
    hints = [h for h in advisor.check(GOSSIP, lang="fi", mode="private").hints if h.kind == "gossip"]
    assert [GOSSIP[h.start : h.end] for h in hints] == ["Kaikki rapussa tietää miksi."]


def test_a_whole_draft_kind_the_rule_book_found_in_another_sentence_than_the_heads_is_the_drafts_hint(
        layer: MeaningLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Kuulemma naapurin Jari muuttaa pois. Kaikki rapussa tietää miksi, vaimo heitti pihalle."
    rules = [h for h in check(text, lang="fi", mode="private", meaning=False).hints if h.kind == "gossip"]
    assert [text[h.start : h.end] for h in rules] == ["Kuulemma naapurin Jari muuttaa pois"]
    _scored(layer, monkeypatch, "stockmann/gossip", score=[0.4, 0.6], own=[0.2, 0.3])
    # The rule's cue in one sentence, the head's in the other: two places of the draft, one problem of it.
    hints = [h for h in advisor.check(text, lang="fi", mode="private").hints if h.kind == "gossip"]
    assert [(h.start, h.end, h.severity) for h in hints] == [(0, 0, "warning")]


REGRET = "Nyt riitti. Huomenna vien avaimet pomolle ja kerron kaikille mitä kylmiöissä oikeasti tapahtuu."


def test_regret_a_sentence_is_sure_of_alone_is_still_the_drafts_hint(
        layer: MeaningLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    # the second sentence is sure of it alone, and still the hint is the post's: what the post as a whole does
    _scored(layer, monkeypatch, "stockmann/regret", score=[0.4, 0.8], own=[0.2, 0.9])
    assert layer.read(analyse(REGRET, lang="fi", mode="private"), 1e9).whole_draft == {"stockmann/regret"}
    hints = [h for h in advisor.check(REGRET, lang="fi", mode="private").hints if h.kind == "regret"]
    assert [(h.start, h.end, h.severity) for h in hints] == [(0, 0, "warning")]


def test_only_regret_and_running_the_employer_down_are_always_the_drafts() -> None:
    assert {s.key for s in head_specs() if s.always_the_drafts} == {"stockmann/loyalty", "stockmann/regret"}
    assert all(s.whole_draft for s in head_specs() if s.always_the_drafts)


def test_a_kind_of_a_sentence_is_never_the_drafts_hint(layer: MeaningLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Raportti julkaistaan vasta ensi viikolla. Luvut ovat tässä jo nyt."
    _scored(layer, monkeypatch, "confidential/embargo", score=[0.4, 0.6], own=[0.2, 0.3])
    assert not layer.read(analyse(text, lang="fi", mode="private"), 1e9).whole_draft
    assert all(not h.is_document_level for h in advisor.check(text, lang="fi", mode="private").hints
               if h.kind == "embargo")


def test_only_the_kinds_labels_md_lets_belong_to_the_whole_draft_may_be_the_drafts() -> None:
    assert {s.key for s in head_specs() if s.whole_draft} == {
        "stockmann/gossip", "stockmann/loyalty", "stockmann/regret", "stockmann/threat"}


def test_a_rule_book_warning_of_a_kind_a_head_reads_ties_an_address_as_a_heads_would() -> None:
    text = "Ollaan koko hiihtoloma Levillä. Jos näette Kuusitie 4:ssä valoja, soittakaa poliisille."
    draft = analyse(text, lang="fi", mode="private")
    absence = Hint("stockmann", "absence", "warning", 6, 0, 31, "m", "s", source="st-absence")
    tied = advisor.tied_by_findings(draft, [], [absence])
    assert [(h.kind, h.severity, text[h.start : h.end]) for h in tied] == [("address", "warning", "Kuusitie 4")]
    assert advisor.tied_by_findings(draft, [], [replace(absence, severity="info")]) == []


def test_the_heads_read_every_case_form_of_a_finnish_word_as_one_term() -> None:
    draft = analyse("Arvatkaa mitä kuulin Railista kahvihuoneessa! Kahvihuone on täynnä juoruja.", lang="fi")
    first, second = ([t for t in unit_terms(lemmas_of(draft, u)) if " " not in t] for u in units_of(draft))
    assert "kahvihuone" in first and "kahvihuone" in second
    assert "kuulla" in first and "arvata mikä" in unit_terms(lemmas_of(draft, units_of(draft)[0]))
    assert "!" not in first


def test_a_sentence_s_words_weigh_as_sublinear_tf_idf_of_unit_length() -> None:
    lexicon = Lexicon(("huhu", "kuulla", "pomo"), numpy.array([2.0, 1.0, 3.0]))
    indices, values = lexicon.vector(["huhu", "huhu", "pomo", "tuntematon"])
    weights = dict(zip(indices.tolist(), values.tolist(), strict=True))
    raw = {0: (1 + numpy.log(2)) * 2.0, 2: 3.0}
    norm = numpy.sqrt(sum(v * v for v in raw.values()))
    assert weights == pytest.approx({k: v / norm for k, v in raw.items()})
    assert len(lexicon.vector(["tuntematon"])[0]) == 0


def test_the_lexicon_finds_each_term_at_its_own_column_in_any_order_and_alphabet() -> None:
    terms = ("pomo", "huhu", "äiti", "Äiti", "kuulla pomo", "ö", "")
    lexicon = Lexicon(terms, numpy.ones(len(terms)))
    assert lexicon.terms == terms and len(lexicon) == len(terms)
    for column, term in enumerate(terms[:-1]):
        assert lexicon.vector([term, "tuntematon", "pomo pomo pomo"])[0].tolist() == [column], term


def _hint(kind: str, start: int, end: int, source: str = "rule", category: str = "stockmann") -> Hint:
    return Hint(category, kind, "warning", 8, start, end, "m", "s", source=source)


def test_a_rule_and_a_head_of_the_same_kind_on_one_sentence_are_one_hint() -> None:
    rule = _hint("gossip", 10, 18)
    head = _hint("gossip", 0, 40, source="meaning:stockmann/gossip")
    assert _said_by_rules(head, [rule])
    assert not _said_by_rules(_hint("gossip", 50, 80, source="meaning:stockmann/gossip"), [rule])
    assert not _said_by_rules(_hint("insult", 0, 40, source="meaning:stockmann/insult"), [rule])


def test_a_rules_note_does_not_swallow_a_heads_warning_on_the_same_sentence() -> None:
    note = replace(_hint("pre_decision", 60, 90, source="conf-pre-decision", category="confidential"),
                   severity="info")
    head = _hint("pre_decision", 0, 120, source="meaning:confidential/pre_decision", category="confidential")
    assert not _said_by_rules(head, [note])
    joined = joined_with_rules([note], [head], "x" * 120, NO_ALLOWANCES)
    assert head in joined and note in joined


def test_a_rule_hint_inside_a_head_s_sentence_is_one_hint_over_the_sentence() -> None:
    text = "Arvio on salassa pidettävä, mutta runkoverkko kulkee yhdessä kanavassa. Muuten hyvä päivä."
    cue = text.index("salassa pidettävä")
    rule = Hint("confidential", "secrecy", "warning", 8, cue, cue + len("salassa pidettävä"), "rule's", "s",
                source="conf-secrecy")
    head = Hint("confidential", "secrecy", "warning", 8, 0, text.index(" Muuten"), "head's", "s",
                source="meaning:confidential/secrecy")
    [joined] = merge_hints(joined_with_rules([rule], [head], text, NO_ALLOWANCES))
    assert (joined.start, joined.end, joined.message) == (0, head.end, "rule's")
    # A hint with a replacement keeps the cue's span (the replacement is for the cue's words), and so
    # does one the writer allowed: the head says what it said, and is allowed with it.
    replaced = replace(rule, replacement="[poistettu]")
    assert joined_with_rules([replaced], [head], text, NO_ALLOWANCES) == [replaced]
    allowed = Allowances.of([("secrecy", "salassa pidettävä")])
    assert joined_with_rules([rule], [head], text, allowed) == [rule]
    # A head's sentence with no rule hint of its kind is the head's own hint.
    assert joined_with_rules([], [head], text, NO_ALLOWANCES) == [head]


def test_a_rule_hint_widened_to_a_sentence_does_not_swallow_a_name_inside_it() -> None:
    name = _hint("person_name", 0, 5, category="personal_data")
    health = _hint("health", 0, 60, source="pd-health+meaning:personal_data/health", category="personal_data")
    assert {h.kind for h in merge_hints([name, health])} == {"person_name", "health"}


def test_a_head_hint_on_a_sentence_does_not_swallow_other_kinds_inside_it() -> None:
    phone = _hint("phone", 20, 32, category="personal_data")
    health = _hint("health", 0, 60, source="meaning:personal_data/health", category="personal_data")
    merged = merge_hints([phone, health])
    assert {h.kind for h in merged} == {"phone", "health"}


def test_running_the_employer_down_in_two_sentences_is_one_hint_on_the_whole_draft() -> None:
    first = _hint("loyalty", 0, 30, source="meaning:stockmann/loyalty", category="stockmann")
    second = _hint("loyalty", 40, 90, source="st-loyalty", category="stockmann")
    note = replace(_hint("loyalty", 95, 110, source="st-loyalty", category="stockmann"), severity="info")
    insult = _hint("insult", 40, 60, source="st-insult", category="stockmann")
    spread = spread_over_the_draft(merge_hints([first, second, note, insult]))
    loyalty = [h for h in spread if h.kind == "loyalty" and h.severity != "info"]
    assert [(h.start, h.end) for h in loyalty] == [(0, 0)]
    assert note in spread and insult in spread  # a note and another kind stay where they are


def test_a_kind_of_the_whole_draft_in_one_sentence_stays_on_it() -> None:
    gossip = _hint("gossip", 10, 50, source="meaning:stockmann/gossip", category="stockmann")
    assert spread_over_the_draft([gossip]) == [gossip]


def test_insults_in_two_sentences_stay_two_underlines() -> None:
    insults = [_hint("insult", 0, 20, source="st-insult", category="stockmann"),
               _hint("insult", 40, 60, source="st-insult", category="stockmann")]
    assert spread_over_the_draft(merge_hints(insults)) == merge_hints(insults)


def test_the_sentence_cache_keeps_the_most_recently_used() -> None:
    cache = SentenceCache(size=2)
    row = numpy.zeros(3, dtype=numpy.float32)
    cache.put("a", row)
    cache.put("b", row)
    assert cache.get("a") is not None
    cache.put("c", row)
    assert cache.get("b") is None and cache.get("a") is not None and len(cache) == 2


def test_without_heads_the_layer_is_off_and_the_rules_still_answer(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUUMAUSTAUKO_MODELS", str(tmp_path))
    loader = meaning_layer._Loader()
    assert loader.get() is None and loader.status == "off"


def _wait_until_meaning_ready(base: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        health = httpx2.get(f"{base}/health", timeout=5).json()
        if health.get("meaning") != "loading" or time.monotonic() > deadline:
            return dict(health)
        time.sleep(0.1)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_service_reads_meaning_after_it_listens_and_each_worker_answers(workers: str) -> None:
    text = "Arvatkaa kuka meidän yksikön päällikkö nähtiin pikkujouluissa harjoittelijan kanssa 😏"
    with running_service(args=("--workers", workers)) as service:
        assert _wait_until_meaning_ready(service.base)["meaning"] == "ready"
        # Separate connections spread over the workers; a worker that hung in the encoder after
        # the fork (../shared/MEANING.md) would time these out. /health answered from one worker:
        # another may still be reading the layer, and says so ("loading") until it has; and a fresh
        # worker's first check on a busy machine may spend its time budget before the encoder starts,
        # so the sentence is read in the next check (read 0.0, then 1.0), as for a long draft.
        deadline = time.monotonic() + 60
        for _ in range(8):
            while True:
                answer = httpx2.post(f"{service.base}/v1/check", json={"text": text, "mode": "private"},
                                     headers=service.headers(), timeout=20).json()
                read_all = answer["analysis"]["meaning"] == "ready" and answer["analysis"]["read"] == 1.0
                if read_all or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            assert answer["analysis"] == {"meaning": "ready", "read": 1.0}


@pytest.mark.parametrize(
    ("text", "lang", "no_one"),
    [
        ("Professori Liisa Korhonen luennoi masennuksesta ja sen hoidosta.", "fi", True),
        ("Visste du att nästan varannan vuxen har haft ont i ryggen det senaste året?", "sv", True),
        ("Our Pete is off for a few weeks after his knee surgery.", "en", False),
        ("Hon har fått en tung diagnos och orkar inte komma till jobbet.", "sv", False),
        ("Tiimin Jarkko on ollut pois masennuksen takia.", "fi", False),
        # a post one person holds, and spoken Finnish's "mun mies", point at a person too
        ("Meidän uusi kansliapäällikkö on kuulemma raskaana.", "fi", False),
        ("Mun mies on ollu sairauslomalla kuukauden, kaikki on ihan loppu.", "fi", False),
        ("Ministeriets nya generaldirektör är aktiv i ett parti.", "sv", False),
        ("The head of our unit told everyone he is off his medication.", "en", False),
        ("Johtajien uupumus on yleistä kaikissa organisaatioissa.", "fi", True),
        ("Allmänt om körkort och epilepsi: man kan ofta få köra igen efter en anfallsfri period.", "sv", True),
        ("Yleisesti ottaen diabetes ei estä ajokortin saamista.", "fi", True),
        # someone the lists do not name is still someone; "kaikki" beside a name speaks of no topic
        ("Miehelle tuli eilen syöpädiagnoosi.", "fi", False),
        ("Our youngest was diagnosed with type 1 diabetes last week.", "en", False),
        ("Minna on ollu kuukauden sairauslomalla ja kaikki sen hommat kaatu mulle.", "fi", False),
        # a workmate by the post beside "our", and the wife in spoken Swedish, whoever else the sentence names
        ("Quick update for everyone asking: our shift supervisor had a stroke on Monday.", "en", False),
        ("Valdagen blev lång, och frugan är i vecka 30 med graviditetsdiabetes, tack alla!", "sv", False),
        ("Meiän työnjohtaja on ollu kaikille tutusti sairauslomalla koko kevään.", "fi", False),
    ],
)
def test_a_sentence_about_no_one_in_particular_is_told_apart_from_one_about_a_person(
        text: str, lang: str, no_one: bool) -> None:
    draft = analyse(text, lang=lang, mode="hybrid")
    start, end = draft.sentences[0]
    assert about_no_one(draft, start, end) is no_one


@pytest.mark.parametrize(
    ("text", "lang", "no_case"),
    [
        ("Hetuni on 131052-308T.", "fi", True),
        ("Mitt kontonummer är FI21 1234 5600 0007 85.", "sv", True),
        ("Lähetä asiasi kirjaamoon, niin se käsitellään.", "fi", True),
        ("Asianumero 2024-55817, missä viipyy päätös?", "fi", False),
        ("Here is my appeal against the fine in full, my ID is 131052-308T, please comment.", "en", False),
        ("Jos olet tyytymätön tukipäätökseen, voit hakea oikaisua 14 päivän kuluessa.", "fi", True),
        ("Vinkki: har du fått avslag, begär omprövning inom två månader.", "sv", True),
        ("If you disagree with the decision, you can appeal within 30 days.", "en", True),
        ("Olen tyytymätön tukipäätökseeni, ja hain oikaisua jo kuukausi sitten.", "fi", False),
        ("Jag fick avslag i mars och har väntat på omprövningen sedan dess.", "sv", False),
        ("I appealed in March and if you ask me, nobody has even opened it.", "en", False),
    ],
)
def test_a_sentence_that_says_no_more_than_an_identifier_or_advises_anyone_handles_no_case(
        text: str, lang: str, no_case: bool) -> None:
    draft = analyse(text, lang=lang, mode="hybrid")
    assert handles_no_case(draft, *draft.sentences[0]) is no_case


@pytest.mark.parametrize(
    ("text", "lang", "reported"),
    [
        ("Joku kutsui kommenteissa pyöräilijöitä ”aivottomiksi loisiksi”. Sellainen ei kuulu tänne.", "fi", True),
        ("I svaren kallade någon oss 'parasiter'. Sånt hör inte hemma här.", "sv", True),
        ("Du är världens bästa dumskalle ❤️ tack för hjälpen!", "sv", True),
        ("Nämä idiootit eivät ymmärrä mitään.", "fi", False),
        ("He is a worthless waste of space.", "en", False),
        ("Joku väitti täällä et kaikki kirjastonhoitajat on tyhjäntoimittajia. Ei pidä paikkaansa, meillä paiskitaan "
         "töitä.", "fi", True),
        ("Någon påstod i tråden att alla busschaufförer är slashasar. Det stämmer inte alls.", "sv", True),
        ("A commenter claimed every nurse in this ward is a lazy layabout. That's simply wrong.", "en", True),
        ("Asukas kirjoitti palautteessa, että pihan valaistus on huono. Se on totta, korjaamme sen.", "fi", False),
        ("Ne on kaikki tyhjäntoimittajia. Ei pidä paikkaansa että ne tekis mitään.", "fi", False),
    ],
)
def test_the_insult_head_is_told_when_a_draft_only_reports_name_calling(text: str, lang: str, reported: bool) -> None:
    draft = analyse(text, lang=lang, mode="private")
    assert reports_name_calling(draft, *draft.sentences[0]) is reported


def test_every_sentence_test_the_heads_name_is_one_the_advisor_knows() -> None:
    named = {s.unless_sentence for s in head_specs() if s.unless_sentence}
    assert named and named <= {*SENTENCE_TESTS, ITS_RULES_EXCEPTIONS}
    for spec in head_specs():
        if spec.unless_sentence == ITS_RULES_EXCEPTIONS:  # a head that defers to its rule's exceptions has some
            for lang in ("fi", "sv", "en"):
                assert rule_for(spec.rule_id).lexicon("head_unless", lang), (spec.key, lang)


@pytest.mark.parametrize(
    ("rule_id", "text", "lang", "settled"),
    [
        ("conf-pre-decision", "Lautakunta päätti eilen uimahallin aukioloista. Päätös löytyy kunnan verkkosivuilta.",
         "fi", True),
        ("conf-pre-decision", "Lautakunta päättää huomenna uimahallin aukioloista, ja tiedän jo tuloksen.", "fi",
         False),
        ("conf-pre-decision", "Päätös julkaistaan huomenna verkkosivuilla, mutta kerron jo nyt: asema suljetaan.", "fi",
         False),
        ("conf-embargo", "Pressmeddelandet gick ut i morse: resandet ökade med tolv procent.", "sv", True),
        ("conf-embargo", "Pressmeddelandet går ut på torsdag, men resandet ökade med tolv procent.", "sv", False),
        ("conf-embargo", "Our release went out at nine: passenger numbers grew by a tenth.", "en", True),
        ("conf-embargo", "Our paper is out in a big journal next Tuesday: response times doubled.", "en", False),
        ("conf-secrecy", "The answer is the law: a patient's health data is subject to secrecy.", "en", True),
        ("conf-secrecy", "The ward's patient in room 4 has a rare infection and nobody is told.", "en", False),
        ("conf-secrecy", "Svaret är lagen: uppgifter om en patients hälsa omfattas av sekretess.", "sv", True),
        ("conf-secrecy", "Vastaus on laki: potilaan terveystiedot ovat salassa pidettäviä.", "fi", True),
    ],
)
def test_a_heads_finding_is_settled_where_its_rule_says_the_matter_is_public_or_explained(
        rule_id: str, text: str, lang: str, settled: bool) -> None:
    draft = analyse(text, lang=lang, mode="official")
    start, end = draft.sentences[-1]
    assert rule_for(rule_id).settles_a_heads_finding(draft, start, end) is settled


def test_every_kind_a_head_ties_has_a_detector_that_warns_of_it_there() -> None:
    tied = {kind for s in head_specs() for kind in s.ties}
    assert tied == set(TIES)


def test_a_head_that_read_the_whole_draft_and_found_nothing_of_its_kind_doubts_the_rules_words(
        layer: MeaningLayer) -> None:
    draft = analyse("Kävimme lasten kanssa uimahallissa, ja sen jälkeen söimme pizzaa.", lang="fi", mode="hybrid")
    k = layer.heads.keys.index("stockmann/absence")
    never, always = numpy.zeros(len(layer.heads.keys)), numpy.zeros(len(layer.heads.keys))
    always[k] = 1.0
    layer.heads = replace(layer.heads, veto=never)
    assert layer.read(draft, budget_ms=float("inf")).doubted == frozenset()
    layer.heads = replace(layer.heads, veto=always)
    assert layer.read(draft, budget_ms=float("inf")).doubted == {"stockmann/absence"}
    layer.cache.clear()
    assert layer.read(draft, budget_ms=0.0).doubted == frozenset()  # a head that read nothing doubts nothing


def test_a_rule_whose_words_settle_its_kind_is_not_overruled_by_a_doubting_head(
        monkeypatch: pytest.MonkeyPatch) -> None:
    doubting = Reading("ready", 1.0, doubted=frozenset({"confidential/secrecy"}))
    monkeypatch.setattr(advisor, "read_meaning", lambda draft, budget_ms=None: doubting)
    untold = "Haastattelin talousjohtajaa, joka ei ole vielä kertonut hallitukselleen lähdöstään."
    assert not rule_for("conf-secrecy-untold").overruled_by_its_head
    assert "secrecy" in {h.kind for h in check(untold, lang="fi", mode="hybrid").hints if h.severity != "info"}
    marked = "Liitteenä salassa pidettävä muistio, katsokaa ennen huomista."
    assert rule_for("conf-secrecy").overruled_by_its_head
    assert "secrecy" in {h.kind for h in check(marked, lang="fi", mode="hybrid", meaning=False).hints}
    assert "secrecy" not in {h.kind for h in check(marked, lang="fi", mode="hybrid").hints if h.severity != "info"}


def _warnings(text: str, meaning: bool) -> set[str]:
    advice = check(text, lang="fi", mode="private", budget_ms=None, meaning=meaning)
    return {h.kind for h in advice.hints if h.severity != "info"}


@pytest.mark.parametrize("text", [
    "Tänään ollaan koko tiimin voimin keilaamassa, häviäjä tarjoaa pullat.",
    "Huomenna olen koko päivän Tampereella liikennepäivillä puhumassa, tulkaa juttelemaan!",
])
def test_the_absence_head_overrules_the_rules_word_match_when_no_home_is_left_empty(text: str) -> None:
    assert "absence" in _warnings(text, meaning=False)
    assert "absence" not in _warnings(text, meaning=True)


def test_a_home_left_empty_is_still_warned_with_the_heads_on() -> None:
    assert "absence" in _warnings("Lähdemme huomenna kahdeksi viikoksi Kreikkaan, talo jää tyhjäksi.", meaning=True)


def test_counting_tokens_is_charged_to_the_budget_and_time_is_kept_for_the_heads(encoder: E5Encoder) -> None:
    # A 20,000-character sentence takes 20 ms to count. A draft of many long sentences, none of which
    # fits, must not be counted past the budget; and the encoder never gets the time that the heads,
    # the merge and the score need after it.
    class SlowCounting(CountingEncoder):
        def token_count(self, text: str) -> int:
            self.counted.append(text)
            time.sleep(0.010)
            return 10_000

    heads = load_heads()
    assert heads is not None
    slow = SlowCounting(encoder)
    layer = MeaningLayer(heads, slow)  # type: ignore[arg-type]
    draft = analyse(" ".join(f"Lause numero {i} kertoo retkestä järvelle." for i in range(40)), lang="fi")
    assert len(units_of(draft)) == 40
    assert layer.read(draft, budget_ms=50).read == 0.0
    assert 1 <= len(slow.counted) <= 5, len(slow.counted)
    slow.counted.clear()
    assert layer.read(draft, budget_ms=meaning_layer.AFTER_ENCODING_MS).read == 0.0
    assert slow.counted == [], "what the heads need after the encoding is not the encoder's"


def test_a_draft_that_repeats_a_long_sentence_counts_its_tokens_once(encoder: E5Encoder) -> None:
    # 67 pieces of "Matti Virtanen Matti Virtanen ..." counted one by one took 23 ms in a check that
    # encoded nothing.
    heads = load_heads()
    assert heads is not None
    counting = CountingEncoder(encoder)
    layer = MeaningLayer(heads, counting)  # type: ignore[arg-type]
    draft = analyse("Matti Virtanen " * 400, lang="fi")
    assert len(units_of(draft)) == 20
    layer.ms_per_token = 5.0  # a piece of 40 words does not fit 100 ms: each is only counted
    reading = layer.read(draft, budget_ms=100)
    assert reading.read == 0.0
    assert counting.counted == [units_of(draft)[0].text]


def test_once_the_layer_is_read_numpys_blas_runs_on_one_thread() -> None:
    # The network's small matrix products would otherwise start BLAS threads that spin beside the
    # encoder's and the other workers' (make bench: 58 checks/s with two workers instead of 113).
    # In a process of its own, so that the limit reaches no other test.
    script = (
        "import json\n"
        "from threadpoolctl import threadpool_info\n"
        "from tuumaustauko.meaning.layer import status, start_loading\n"
        "start_loading().join()\n"
        "blas = [p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas']\n"
        "print(json.dumps({'status': status(), 'blas_threads': blas}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout)
    assert seen["status"] == "ready"
    assert seen["blas_threads"] and set(seen["blas_threads"]) == {1}


def _resident_file_kib() -> int:
    """The resident memory of this process that files back (mapped files), in KiB."""
    with open("/proc/self/status", encoding="utf-8") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("RssFile:"))


def test_the_encoders_model_pages_are_handed_back_and_read_again_unchanged(encoder: E5Encoder) -> None:
    sentences = ["Myrsky katkaisi sähköt saaristossa.", "Stormen slog ut strömmen.", "The storm cut the power."]
    before = encoder.encode(sentences)
    resident = _resident_file_kib()
    assert release_mapped_file(model_path()) > 0
    assert _resident_file_kib() < resident
    assert numpy.allclose(encoder.encode(sentences), before)
    assert release_mapped_file(None) == 0
