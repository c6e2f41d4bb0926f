"""What the meaning layer finds, on labelled drafts it was never trained on (issue 11).

bench/unseen_meaning_g.jsonl (300 drafts) was written by a helper after the fourth round's heads
(the sentence's words beside its embedding) were designed and built, and _h (300) by another after
the fifth round's heads were built; both from LABELS.md alone, in fi, sv and en, for every kind the
heads read, 90 clean near misses each. bench/heldout_fresh2.jsonl (120 drafts) was written apart
from the rules on 2026-12-01. models/meaning/build_heads.py reads none of them and nothing was
chosen on them (bench/heldout.UNSEEN_MEANING; since the thirty-first session the heads' thresholds are calibrated on
them and on am, an, ay, az and ba to bh, bench/heldout.CALIBRATION_MEANING). The latest unseen sets, cg and ch
(work on the move and away from the desk; young people's first jobs and training at work), were first read on
2026-12-08 at the end of the forty-third session, once it had chosen its rules (a town's, parish's or council's acts
called "ours" in hybrid mode, the writer's firm and last working day as their own work, the default pack's topics by
base form, decisions told ahead in colloquial words, Finnish stem terms read by lemma) and kept its heads (calibrating
on more read sets gained nothing): recall 0.848 (fi 0.86, sv 0.82, en 0.85), macro-F1 0.851, 9 of 180 clean drafts
warned, Stockmann AUC 0.981, as at the session's start; rules alone 0.415 -> 0.417. ce and cf (crisis days at work;
career moves and working-life events), read at the end of the forty-second session, once it had chosen its rules
(meetings named before a colon, decisions made later while their outcome is told, case requests in official replies,
swearing in joy, name-calling reported and said against) and kept its heads (a build trained on bw to cd too failed its
rule): recall 0.845 (fi 0.84, sv 0.86, en 0.84), macro-F1 0.815,
12 of 180 clean drafts warned, Stockmann AUC 0.985, as at the session's start; rules alone 0.400 -> 0.406. cc and cd
(faith, languages and minorities at work; where work spills into spare time), read at the end of the forty-first
session, once it had chosen its rules (news told before it is out, the intranet as a source,
customers warned off the writer's firm, cases by ticket number, secrets by their nature, false alarms the rules could
see): recall 0.884 (fi 0.86, sv 0.94, en 0.88), macro-F1 0.854, 10 of 180 clean drafts warned, Stockmann AUC 0.988,
the same draft for draft at the session's start but for two hints' spans and kinds; rules alone 0.379 -> 0.383. ca
and cb (the platform and creator economy; arts and heritage), read at the end of the fortieth session: recall 0.866
(fi 0.87, sv 0.83, en 0.90), macro-F1 0.853, 5 of 180 clean drafts warned, Stockmann AUC 0.991 (0.866, 0.852, 5 with
the lemma tables rebuilt for that session's words, as committed; 0.894, 0.868, 2 with the forty-first session's rules,
written from their misses). by and bz
(cars, roads and the air; private care and wellbeing), were first read on 2026-12-07 at the end of the thirty-ninth
session, once it had chosen its rules (gossip and embargo hints that cover what they pass on, more hearsay cues, empty
homes said with an address, first names from Faker's lists) and its build (R: bw, bx and round 38 added, kept by its
rule on am to bh): the heads and rules at the session's start recall 0.867 (fi 0.88, sv 0.82, en 0.88), macro-F1
0.849, 6 of 180 clean drafts warned, Stockmann AUC 0.986; R with the session's rules 0.861, 0.843, 9, 0.985; rules
alone 0.380 -> 0.401 (macro-F1 0.581 -> 0.597, 6 of 180 either way). After the read the heads went back to M, which
did better there: 0.869 (fi 0.88, sv 0.83, en 0.88), 0.851, 6 of 180, 0.986, a figure chosen on once. bw and bx
(not trained on; a rule chosen on each since) (advertising and design agencies, architects, publishing, printing,
translators, photographers, hairdressers, weddings, fashion and furniture; manufacturing and engineering), were
first read on 2026-12-07 at the end of the thirty-eighth session for the heads and rules committed (a build with the
read sets bs to bv and three of the thirty-seventh session's training files, kept on its rule; a second build with a
new round, failed its rule; slurs and words for rabble as insults; chosen on am to bh): recall 0.880 (fi 0.89, sv
0.87, en 0.86), macro-F1 0.881, 5 of 180 clean drafts warned, Stockmann AUC 0.984 (the heads and rules at the
session's start 0.884, 0.884, 5, 0.985; rules alone 0.373, 0.598, 2, 0.656). bu and bv (training data since) (mining,
nuclear power, the grid, water, chemical plants, parks, zoos and hunting; call centres, debt collection, consumer
advice, bailiffs, legal aid, ombudsmen, guardianship, guarding, locksmiths and taxis), were first read on 2026-12-07 at
the end of the thirty-seventh session for the heads and rules committed (the heads unchanged: a training round was built
twice and failed its rule both times; the writer's own work in more forms, a workplace meeting as an internal cue, job
seekers warned off in more words; chosen on am to bh, bs and bt): recall 0.884 (fi 0.87, sv 0.86, en 0.94), macro-F1
0.843, 15 of 180 clean drafts warned, Stockmann AUC 0.989 (the heads and rules at the session's start 0.884, 0.844, 15,
0.989; rules alone 0.409, 0.595, 7, 0.680). bs and bt (training data since) (sport,
events, gambling and alcohol; shipping, ports, fisheries, Åland, sea services and funeral services), were first read
on 2026-12-07 at the end of the thirty-sixth session for the heads and rules committed (a training round on secrets of
one's own organisation, a recognisable person's case, running the employer down and near misses, with the read sets bq
and br; chosen on am to bh): recall 0.833 (fi 0.83, sv 0.89, en 0.80), macro-F1 0.798, 12 of 180 clean drafts warned,
Stockmann AUC 0.982 (the heads and rules before the session 0.822, 0.791, 11, 0.979; rules alone 0.362, 0.540, 8,
0.644). bq and br (training data since) were first read on 2026-12-07 at the end of the thirty-fifth session for the
heads and rules committed (a training round on secrets told in plain words and views on one's own organisation, with
the read sets bo and bp; a workplace warned off by name; chosen on am to bh): recall 0.888 (fi 0.89, sv 0.93, en
0.85), macro-F1 0.839, 13 of 180 clean drafts warned, Stockmann AUC 0.989 (the heads and rules before the session
0.880, 0.836, 13, 0.989; rules alone 0.387, 0.572, 14, 0.664). bo and bp (training data since) were first read on
2026-12-06 at the end of the thirty-fourth session for the heads and rules committed (the read unseen sets bi to bn
trained on, a writer's seat in the organisation as their own work, a slip nobody noticed as a regret cue; chosen on am
to bh): recall 0.851 (fi 0.84, sv 0.85, en 0.87), macro-F1 0.837, 7 of 180 clean drafts warned, Stockmann AUC 0.987
(the heads and rules before the session 0.845, 0.836, 8, 0.984; rules alone 0.374, 0.560, 6, 0.642). bm and bn
(training data since) were first read on 2026-12-06 at the end of the thirty-third session for the heads and rules
committed (rules for what a workplace meeting said, calls to violence, job seekers warned off and tomorrow's figures;
confessions and recognisable people as head cues; false alarms on the read sets' clean drafts; chosen on am to bl):
recall 0.853 (fi 0.85, sv 0.88, en 0.83), macro-F1 0.825, 6 of 179 clean drafts warned, Stockmann AUC 0.983 (the heads
and rules before the session 0.840, 0.822, 6, 0.983; rules alone 0.379, 0.577, 7, 0.656). bk and bl were first read at
the end of the thirty-second session for the heads and rules committed (the secrecy head's cues, regret and running
the employer down the draft's hints, rule fixes for pre-decisions, embargoes, insults, health and cases handled in
public; chosen on am to bh): recall 0.817 (fi 0.81, sv 0.80, en 0.84), macro-F1 0.831, 7 of 177 clean drafts warned,
Stockmann AUC 0.972 (the heads and rules before the session 0.813, 0.829, 7, 0.972). bi and bj were first read at the
end of the thirty-first session for the heads and rules committed (the thirtieth session's heads with thresholds
calibrated on the read sets, a kind of the whole draft found in two places made the draft's, rule fixes; chosen on am
to bh): recall 0.852 (fi 0.83, sv 0.87, en 0.88), macro-F1 0.822, 13 of 179 clean drafts warned, Stockmann AUC 0.987
(the heads and rules before the session 0.797, 0.784, 14, 0.986). bg and bh were first read at the end of the
thirtieth session for the heads and rules committed (its build with four training rounds on the kinds read worst and
the writer's workplace in general forms, and a missing disclaimer beside running the employer down, chosen on am, an,
g, h, ay, az and ba to bd): recall 0.815, macro-F1 0.779, 16 of 179 clean drafts warned (the heads and rules before
the session 0.774, 0.762, 16). Its build before the last change, on be and bf, never scored before: 0.819, 0.798, 9 of
178 (the heads and rules before 0.791, 0.776, 9). The twenty-ninth session's heads on bc and bd, never scored before:
0.745, 0.762, 9 of 180; its first build on ba and bb: 0.671, 0.754, 7 of 178 (the heads and rules before 0.687, 0.756,
11). The twenty-eighth session's heads on ay and az, never scored before, at its end: 0.767, 0.767, 10 of 179. The
twenty-seventh session's heads on aw and ax, never scored before: 0.730, 0.772, 7 of 179 (the heads before 0.699,
0.761, 9). The twenty-sixth session's first build on as and at, never scored before: 0.781, 0.802, 11 of 179. The
twenty-fifth session's heads on aq and ar, never scored before, on 2026-12-05: 0.898, 0.867, 6 of 178 (the heads
before 0.880, 0.857, 6). The figures below on g, h, ao and ap are those of the twenty-fourth session's heads (the
twentieth round's build: a sentence network beside a draft classifier a kind that reads the draft's words and their
letter grams, thresholds the median over resamples; with the unseen sets aa to al among its training drafts and a
clean budget of 2.5 %) and the twenty-third session's advisor (personal data tied to what the heads find, whole-draft
kinds), measured on 2026-12-05 (rules alone -> rules and heads; earlier heads in models/meaning/README.md):

- ao and ap (598 drafts, 524 problems, 178 clean; written before the twenty-fourth session scored
  any build, read for its figures; see models/meaning/README.md for when): recall 0.370 -> 0.857
  (fi 0.33 -> 0.84, sv 0.42 -> 0.86, en 0.40 -> 0.89), macro-F1 0.46 -> 0.86, 2 -> 5 of 178 clean
  drafts warned, AUC 0.58 -> 0.996 (the heads before: recall 0.844, macro-F1 0.839, 5 of 178; these
  heads before the session's insult words: 0.853, 0.853, 5);
- g and h (600 drafts, 459 problems, 180 clean): recall 0.31 -> 0.850 (fi 0.86, sv 0.88, en 0.80),
  macro-F1 0.42 -> 0.81, clean drafts warned 7 -> 6 of 180, Stockmann AUC 0.62 -> 0.99 (the heads
  before, with the same advisor: 0.841, 7 of 180; the twentieth round's heads with the advisor of
  the time: 0.82, 0.79, 7; the nineteenth round's: 0.82, 0.80, 8; the seventeenth's 0.80, 0.79, 6;
  the sixteenth's 0.78, 0.79, 5; the fourteenth's 0.786, 0.788, 6; the thirteenth's 0.78, 0.79, 7;
  the twelfth's 0.77, 0.78, 8; the eleventh's 0.77, 0.78, 7; the tenth's 0.73, 0.755, 7; the
  ninth's 0.71, 0.75, 8; the eighth's 0.70, 0.73, 10);
- am and an (600 drafts, 504 problems, 180 clean; read once with the heads before, then the
  twenty-fourth session's build was chosen on them): recall 0.304 -> 0.819, macro-F1 0.41 -> 0.82,
  3 -> 3 of 180 (the heads before 0.810, 0.817, 4);
- heldout_fresh2: see its test.

(c to f, the earlier unseen sets, are training data since the fifth round, i and j since the eighth,
k and l since the ninth, m and n since the tenth, o and p since the eleventh, q and r since the
twelfth, s and t since the thirteenth, u and v since the fifteenth, w and x since the sixteenth, y
and z since the seventeenth, aa to al since the twenty-fourth session, ao to ax since the twenty-ninth, bi to bn since
the thirty-fourth.)
The issue's targets (recall 0.85 per kind, macro-F1 0.90, 2 % of clean drafts, Finnish not below
English) are not met yet; see bench/README.md.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "models" / "meaning"))

from corpus import load  # noqa: E402
from heldout import LATEST_UNSEEN_MEANING, NEWEST_UNSEEN_MEANING, UNSEEN_MEANING, advice_of, load_rows  # noqa: E402
from scoring import meaning_scores  # noqa: E402

from tuumaustauko.meaning.heads import head_specs  # noqa: E402

KINDS = [s.key for s in head_specs()]
# On cg and ch (bench/heldout.LATEST_UNSEEN_MEANING), never scored before, read on 2026-12-08 once the forty-third
# session had chosen its rules on the sets read before and kept the heads M: recall 0.848 (fi 0.86, sv 0.82, en 0.85),
# macro-F1 0.851, 9 of 180 clean drafts warned, Stockmann AUC 0.981, the same draft for draft as at the session's start
# (the session's rules found one problem more on their own, 0.415 -> 0.417, which the heads had found). Work on the
# move; young people's first jobs: secrets (ch 0.43), the missing disclaimer (cg 0.65), health (ch 0.64) and
# pre-decisions (ch 0.67) are found least. After the read, two rule fixes chosen on ch's misses (no result): 0.852,
# 0.856, 9 of 180. (ce and cf, read a session before: recall 0.845, macro-F1 0.815, 12 of
# 180; 0.851, 0.828, 5 with the forty-third session's rules; cc and cd 0.884, 0.854, 10 of 180.)
LATEST_RECALL, LATEST_F1, LATEST_WARNED = 0.84, 0.84, 10


def _scores(rows: list[dict[str, Any]], meaning: bool) -> dict[str, Any]:
    hints, stockmann = advice_of(rows, meaning=meaning)
    return meaning_scores(rows, hints, stockmann, KINDS)


@pytest.fixture(scope="module")
def unseen() -> list[dict[str, Any]]:
    return [row for name in UNSEEN_MEANING for row in load(ROOT / "bench" / name)]


@pytest.fixture(scope="module")
def unseen_rules(unseen: list[dict[str, Any]]) -> dict[str, Any]:
    return _scores(unseen, meaning=False)


@pytest.fixture(scope="module")
def unseen_meaning(unseen: list[dict[str, Any]]) -> dict[str, Any]:
    return _scores(unseen, meaning=True)


@pytest.fixture(scope="module")
def latest() -> tuple[dict[str, Any], dict[str, Any]]:
    """The latest unseen sets scored with the rules alone, and with the heads."""
    rows = [row for name in LATEST_UNSEEN_MEANING for row in load(ROOT / "bench" / name)]
    return _scores(rows, meaning=False), _scores(rows, meaning=True)


def _warned(scores: dict[str, Any]) -> tuple[int, int]:
    warned, clean = (int(n) for n in scores["clean_drafts_with_false_alarm"].split("/"))
    return warned, clean


def test_the_heads_find_what_the_rules_miss_on_drafts_never_trained_on(unseen_rules: dict[str, Any],
                                                                       unseen_meaning: dict[str, Any]) -> None:
    assert unseen_meaning["problems"] >= 455
    assert unseen_meaning["recall"] >= 0.75 and unseen_meaning["recall"] >= unseen_rules["recall"] + 0.35
    assert unseen_meaning["macro_f1"] >= 0.77


def test_every_language_gains(unseen_rules: dict[str, Any], unseen_meaning: dict[str, Any]) -> None:
    for lang in ("fi", "sv", "en"):
        assert unseen_meaning["recall_by_lang"][lang] >= unseen_rules["recall_by_lang"][lang] + 0.3, lang


def test_every_kind_the_heads_read_is_found_at_least_now_and_then(unseen_meaning: dict[str, Any]) -> None:
    weak = {k: v for k, v in unseen_meaning["recall_by_kind"].items() if v < 0.35}
    assert not weak, weak


def test_clean_near_misses_stay_mostly_quiet(unseen_meaning: dict[str, Any]) -> None:
    warned, clean = _warned(unseen_meaning)
    assert clean == 180
    # 6 up to the seventeenth round's heads; 8 with the sentence network (2026-12-05), which adds
    # "secrecy" on a ferry's traffic notice and "internal" on a tip about what the marking means,
    # while it warns no more of aa and ab's clean drafts (5) nor of ac and ad's (7), and finds more
    # of all three pairs' problems (models/meaning/README.md); the twentieth round's heads warn 7, the
    # twenty-fourth session's 6, the twenty-fifth's (three networks side by side) 8, the twenty-sixth's 7,
    # the twenty-seventh's 8.
    assert warned <= 8


def test_the_stockmann_score_ranks_risky_drafts_above_the_rest(unseen_rules: dict[str, Any],
                                                               unseen_meaning: dict[str, Any]) -> None:
    assert unseen_meaning["stockmann_auc"] >= 0.95 > unseen_rules["stockmann_auc"] + 0.25


def test_the_set_written_apart_from_the_rules_gains_with_at_most_one_new_false_alarm() -> None:
    # The fifth round's heads warned none of its 39 clean drafts, the sixth's two, the seventh's and
    # the eighth's one, the ninth's to the twelfth's none, the thirteenth's one, the fourteenth's none,
    # the sixteenth's one (recall 0.70 with the rules alone, 0.84 with the eighth round's heads, 0.85
    # with the ninth's to the eleventh's, 0.86 with the twelfth's to the fourteenth's, 0.849 (90 of 106)
    # with the sixteenth's; macro-F1 0.79, 0.887, 0.894, 0.889, 0.897, 0.897, 0.897, 0.898: with the
    # eleventh round's draft classifiers every embargo is found, and threats and the missing disclaimer
    # lose F1, 0.67 -> 0.57 and 0.80 -> 0.73, to warnings in drafts that have other problems; 120 drafts).
    rows = load_rows("heldout_fresh2.jsonl")
    rules, meaning = _scores(rows, meaning=False), _scores(rows, meaning=True)
    assert meaning["recall"] >= 0.84 and meaning["macro_f1"] >= 0.89 > rules["macro_f1"]
    assert _warned(meaning)[0] <= 1


def _training_texts() -> list[str]:
    """The text of every training draft of the heads (models/meaning/data/train)."""
    return [row["text"] for path in (ROOT / "models" / "meaning" / "data" / "train").glob("*.jsonl")
            for row in load(path)]


def test_no_unseen_draft_is_among_the_training_drafts() -> None:
    trained = set(_training_texts())
    for name in (*UNSEEN_MEANING, *LATEST_UNSEEN_MEANING, *NEWEST_UNSEEN_MEANING, "heldout_fresh2.jsonl"):
        shared = [row["text"][:60] for row in load_rows(name) if row["text"] in trained]
        assert not shared, (name, shared)


def _word_trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def test_no_newest_unseen_draft_nearly_repeats_a_training_draft() -> None:
    # Helpers reach the same stock phrases on their own: five of ah's first 300 drafts, two of ai's, one
    # of aj's, two of ak's, two of ap's, two of aq's and one of ar's repeated an older draft word for word
    # or nearly, and were left out before any figure was read.
    trained = [_word_trigrams(text) for text in _training_texts()]
    holding: dict[tuple[str, ...], list[int]] = {}
    for i, grams in enumerate(trained):
        for gram in grams:
            holding.setdefault(gram, []).append(i)
    for name in NEWEST_UNSEEN_MEANING:
        for row in load_rows(name):
            grams = _word_trigrams(row["text"])
            shared = Counter(i for gram in grams for i in holding.get(gram, ()))
            near = [i for i, n in shared.items() if n / len(grams | trained[i]) >= 0.5]
            assert not near, (name, row["text"][:60])


def test_the_latest_unseen_drafts_gain_as_much_in_every_language(
        latest: tuple[dict[str, Any], dict[str, Any]]) -> None:
    latest_rules, latest_meaning = latest
    # cg and ch (600 drafts, 492 problems, 180 clean), written at the start of the forty-second session and first
    # scored at the end of the forty-third.
    assert latest_meaning["problems"] >= 490
    assert latest_meaning["recall"] >= LATEST_RECALL and latest_meaning["macro_f1"] >= LATEST_F1
    for lang in ("fi", "sv", "en"):
        assert latest_meaning["recall_by_lang"][lang] >= latest_rules["recall_by_lang"][lang] + 0.3, lang
    assert latest_meaning["stockmann_auc"] >= 0.95
    # The rules alone rank cg and ch better than earlier pairs (0.684; ce and cf 0.633): the heads' lead is 0.297.
    assert latest_meaning["stockmann_auc"] >= latest_rules["stockmann_auc"] + 0.25


def test_the_latest_clean_near_misses_stay_mostly_quiet(latest: tuple[dict[str, Any], dict[str, Any]]) -> None:
    warned, clean = _warned(latest[1])
    assert clean == 180
    assert warned <= LATEST_WARNED
