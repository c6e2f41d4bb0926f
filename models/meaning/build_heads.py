"""Train the meaning layer's heads: ``make heads`` (or ``python models/meaning/build_heads.py``).

From the labelled drafts in ``models/meaning/data/train/`` and the project's earlier labelled
sets (``bench/dev_fresh3``, ``heldout_all``, ``heldout_fresh``), for every head of
``server/tuumaustauko/data/meaning.yaml``:

1. each draft is parsed as the service parses it and cut into the same sentences
   (``meaning.units``); each sentence is encoded by the service's encoder (cached on disk in
   ``models/meaning/.cache/``, gitignored);
2. a sentence is a positive of a kind when a labelled problem of that kind overlaps it (a
   problem labelled for the whole draft without a span teaches nothing about which sentence,
   so that draft's sentences are left out of that head); each sentence's words are read as lemmas
   and lemma pairs (``unit_terms``), weighed by tf-idf over the terms of at least MIN_SENTENCES
   training sentences (``lexicon_of``);
3. the sentence network (``sentence_net.py``: one hidden layer, an output a kind, every kind
   trained at once; NET_SEEDS of them side by side, their margins averaged) is trained in five
   folds grouped by writer; each kind's out-of-fold margins fit
   a Platt calibration; beside it a draft classifier per kind (``draft_rows``: the draft's mean
   embedding and all its sentences' terms; a logistic regression, scikit-learn, balanced classes),
   trained in the same folds on whether the draft has the kind anywhere; a draft's out-of-fold
   score per kind is the mean of its best sentence's probability and the draft classifier's
   (``Heads.scores``);
4. thresholds are chosen together on those out-of-fold draft scores: every head starts above
   the highest score of a clean draft, and the head that buys the most recall for each further
   clean draft warned is lowered, while at most ``CLEAN_BUDGET`` of clean drafts are warned;
5. a head may overrule the rule book's hints of its kind (``choose_vetoes``): where the head read
   the whole draft and its highest probability stays below the kind's veto, the rule's word match
   was no problem; each kind's veto is the highest of VETO_STEPS at which, out of fold, the clean
   drafts it spares are at least VETO_RATIO times the drafts whose right rule hint it drops;
6. the network and each draft classifier are refitted on every draft and written to
   ``models/meaning/heads.npz`` with ``heads.json`` (the training files and their digests, counts,
   thresholds, out-of-fold figures);
7. the Stockmann score (``stockmann.StockmannModel``): a logistic regression over each draft's
   hints (the rule book's, and the heads' at their thresholds, out of fold) and the heads'
   out-of-fold probabilities, trained to tell the drafts with a Stockmann problem or a leak
   (LABELS.md) from the others; its out-of-fold AUC, folds by writer, is in ``heads.json``.

Deterministic: the files are read in sorted order, folds come from a digest of each text, lbfgs
has no randomness, and each sentence network is seeded. ``bench/heldout_fresh2.jsonl`` and
``models/meaning/data/unseen/`` are never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
import scipy.sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(HERE))

from corpus import KINDS, load  # noqa: E402
from sentence_net import BATCH, DROPOUT, EPOCHS, HIDDEN, LEARNING_RATE, WEIGHT_DECAY, train_nets  # noqa: E402

from tuumaustauko.advisor import advise  # noqa: E402
from tuumaustauko.draft import analyse  # noqa: E402
from tuumaustauko.hints import MODES, Hint  # noqa: E402
from tuumaustauko.meaning.encoder import E5Encoder  # noqa: E402
from tuumaustauko.meaning.heads import (  # noqa: E402
    DraftClassifiers,
    Heads,
    HeadSpec,
    Lexicon,
    draft_features,
    draft_grams,
    features,
    head_specs,
    rule_for,
    unit_terms,
)
from tuumaustauko.meaning.units import lemmas_of, units_of  # noqa: E402
from tuumaustauko.morphology import every_word_read  # noqa: E402
from tuumaustauko.ruledata import all_examples  # noqa: E402
from tuumaustauko.stockmann import HEAD_FEATURE, HINT_FEATURE, StockmannModel, feature_row, shouted  # noqa: E402

TRAIN_DIR = HERE / "data" / "train"
RULE_EXAMPLES = "rule examples"  # the source of the drafts made from the rule data's examples
EARLIER_SETS = ("dev_fresh3.jsonl", "heldout_all.jsonl", "heldout_fresh.jsonl")
CACHE = HERE / ".cache" / "embeddings.npz"
FOLDS = 5
C = 10.0
# Share of clean drafts the heads may warn, all together, out of fold across writers. The clean
# training drafts are hard negatives written to sit next to each kind: at 3 % of them the heads
# warned 2 of the 120 clean drafts of two sets by new writers (now data/train/first_unseen_a, _b).
# 2.5 % since the unseen sets aa to al joined the training drafts (the twenty-fourth session): at 3 %
# that build warned 7 of am and an's 180 clean drafts (4 before), at 2.5 % 5, finding 0.833 of their
# problems against 0.841 (0.810 before); the committed build, one duplicate draft fewer, 3 and 0.815
# (models/meaning/README.md, *The twenty-fourth session*).
CLEAN_BUDGET = 0.025
FLOOR = 0.3  # no head warns below this calibrated probability
# A sentence of a rule's should-pass example weighs this many sentences of the written drafts: each
# is a near miss built around the very word that tempts a reader (tests/test_rule_examples.py keeps
# the heads' warnings on them within 2 %; weighing them as one sentence left 24 of 614 warned, as 4 left 9).
PASS_EXAMPLE_WEIGHT = 4.0
# Thresholds are the median of the greedy choice over this many resamples of the drafts. On the
# eleventh round's out-of-fold scores, chosen on one half of the drafts and measured on the other
# (six splits, threshold_study.py): one choice 0.665 mean recall over the heads, 3.32 % of the clean
# drafts warned, a head's recall moving 0.046 between splits; the median of 31, 0.677, 3.45 %, 0.034.
# One choice at a budget that warns as many (3.15 %) gives 0.673 and 0.044: the median buys little
# recall, and a steadier head.
THRESHOLD_ROUNDS = 31
THRESHOLD_SEED = 11
# The vetoes a head may have over its kind's rule hints (probabilities), and how many clean drafts
# spared a veto must buy for each draft whose right rule hint it drops.
VETO_STEPS = (0.02, 0.05, 0.1, 0.15, 0.2)
VETO_RATIO = 2.0
# A term (a lemma or a pair) is known when this many training sentences have it.
MIN_SENTENCES = 3
# The draft classifiers' words enter at this scale: a draft has more words than a sentence, and out of
# fold by writer (the tenth round's 19,886 drafts, recall at 1 % of clean drafts, draft classifier
# alone) 1.0 beat 0.5 for every head tried (regret 0.63 -> 0.67, pre-decision 0.72 -> 0.77, embargo
# 0.77 -> 0.83, health 0.77 -> 0.82, loyalty 0.76 -> 0.80, gossip 0.90 -> 0.92, missing 0.43 -> 0.48).
DRAFT_LEXICAL_SCALE = 1.0
# A letter gram (``letter_grams``) is known when this many training drafts have it. Its tf-idf block
# enters the draft classifiers at scale 1.0 beside the words' (see README, *The twentieth round*).
MIN_GRAM_DRAFTS = 20
# The sentence network is this many networks side by side, each from its own seed, their margins
# averaged (``sentence_net.train_nets``). On the twenty-fourth session's drafts, out of fold by
# writer: one network found 17,032 of 26,018 problems at one greedy threshold choice warning 359
# clean drafts, three 17,386 at the same 359; recall at the score that warns 1 % of a head's clean
# drafts, averaged over the heads, 0.8455 -> 0.8516 (models/meaning/README.md, *The twenty-fifth session*).
NET_SEEDS = 3


@dataclass
class Sentences:
    """Every sentence of every draft: rows, the draft each belongs to, labels per head."""

    rows: numpy.ndarray  # (sentences, features) with the draft's context and mode
    terms: list[list[str]]  # per sentence, its unit_terms
    grams: list[list[str]]  # per draft, the draft_grams of its sentences (empty without sentences)
    draft: numpy.ndarray  # (sentences,) draft index
    labels: numpy.ndarray  # (sentences, heads): 1 positive, 0 negative, -1 left out
    asked: numpy.ndarray  # (drafts, heads): whether the service asks the head about the draft
    learns: numpy.ndarray  # (drafts, heads): whether the draft is the head's matter (``HeadSpec.learns_from``)
    mean: numpy.ndarray  # (drafts, embedding): the mean of each draft's sentence embeddings (0 without sentences)
    read: numpy.ndarray  # (drafts,): whether the draft has sentences to read
    rule_hints: list[tuple[Hint, ...]]  # per draft, the rule book's hints (for the Stockmann score)


def training_drafts(train_dir: Path = TRAIN_DIR) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    drafts: list[dict[str, Any]] = []
    sources = []
    paths = sorted(train_dir.glob("*.jsonl")) + [ROOT / "bench" / name for name in EARLIER_SETS]
    for path in paths:
        if path.parent == train_dir:
            rows = load(path)
        else:
            rows = [json.loads(x) for x in path.open(encoding="utf-8") if x.strip()]
        for row in rows:
            row["source"] = path.name
        drafts.extend(rows)
        sources.append({"file": f"{path.parent.name}/{path.name}", "drafts": len(rows),
                        "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    examples = rule_examples()
    drafts.extend(examples)
    sources.append({"file": "server/tuumaustauko/data/rules/*.yaml (flag and pass examples)", "drafts": len(examples),
                    "sha256": hashlib.sha256(json.dumps(examples, sort_keys=True).encode()).hexdigest()})
    return drafts, sources


def rule_examples() -> list[dict[str, Any]]:
    """The rule data's should-flag and should-pass examples as labelled drafts: a flag example has
    its rule's kind over each marked span (the whole draft when nothing is marked), a pass example
    is clean (tests/test_rule_examples.py wants no warning on it from the whole advisor)."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ex in all_examples():
        key = (ex.text, ex.mode, ex.lang)
        row = rows.setdefault(key, {"lang": ex.lang, "mode": ex.mode, "text": ex.text, "problems": [],
                                    "source": RULE_EXAMPLES})
        if ex.expect == "flag":
            spans = ex.marked or ((0, 0),)
            row["problems"].extend({"category": ex.category, "kind": ex.kind, "start": s, "end": e} for s, e in spans)
    return [rows[k] for k in sorted(rows)]


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: dict[str, numpy.ndarray] = {}
        if path.exists():
            with numpy.load(path) as data:
                self.rows = dict(zip(data["keys"].tolist(), data["rows"], strict=True))
        self.encoder: E5Encoder | None = None

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, texts: list[str]) -> numpy.ndarray:
        missing = sorted({t for t in texts if self.key(t) not in self.rows})
        if missing:
            self.encoder = self.encoder or E5Encoder()
            started = time.perf_counter()
            for i in range(0, len(missing), 32):
                batch = missing[i : i + 32]
                for text, row in zip(batch, self.encoder.encode(batch), strict=True):
                    self.rows[self.key(text)] = row
            print(f"  encoded {len(missing)} new sentences in {time.perf_counter() - started:.0f} s")
            self.save()
        return numpy.vstack([self.rows[self.key(t)] for t in texts])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self.rows)
        numpy.savez(self.path, keys=numpy.array(keys), rows=numpy.vstack([self.rows[k] for k in keys]))


def sentences_of(drafts: list[dict[str, Any]], specs: tuple[HeadSpec, ...], cache: EmbeddingCache) -> Sentences:
    pieces = []
    terms: list[list[str]] = []
    grams: list[list[str]] = [[] for _ in drafts]
    asked = numpy.zeros((len(drafts), len(specs)), dtype=bool)
    learns = numpy.zeros((len(drafts), len(specs)), dtype=bool)
    rule_hints = []
    for index, row in enumerate(drafts):
        parsed = analyse(row["text"], mode=row["mode"], lang=row["lang"])
        asked[index] = [spec.applies_to(parsed) for spec in specs]
        learns[index] = [spec.learns_from(parsed) for spec in specs]
        rule_hints.append(advise(parsed, meaning=False).hints)
        units = units_of(parsed)
        if not units:
            continue
        labels = numpy.zeros((len(units), len(specs)), dtype=numpy.int8)
        for k, spec in enumerate(specs):
            if parsed.mode in spec.modes and not spec.learns_from(parsed):  # not the head's matter
                labels[:, k] = -1
                continue
            problems = [p for p in row["problems"] if f"{p['category']}/{p['kind']}" == spec.key]
            for p in problems:
                for i, u in enumerate(units):
                    if u.start < p["end"] and p["start"] < u.end:
                        labels[i, k] = 1
            if problems and not labels[:, k].any():  # labelled for the whole draft only
                labels[:, k] = -1
        pieces.append((index, [u.text for u in units], labels))
        grams[index] = draft_grams([u.text for u in units])
        terms.extend(unit_terms(lemmas_of(parsed, u)) for u in units)
    all_texts = [t for _, texts, _ in pieces for t in texts]
    embedded = cache.embed(all_texts)
    rows, owners, label_rows = [], [], []
    mean = numpy.zeros((len(drafts), embedded.shape[1]), dtype=numpy.float32)
    read = numpy.zeros(len(drafts), dtype=bool)
    at = 0
    for index, texts, labels in pieces:
        unit_rows = embedded[at : at + len(texts)]
        at += len(texts)
        rows.append(features(unit_rows))
        mean[index], read[index] = draft_features(rows[-1]), True
        owners.append(numpy.full(len(texts), index))
        label_rows.append(labels)
    return Sentences(numpy.vstack(rows), terms, grams, numpy.concatenate(owners), numpy.vstack(label_rows), asked,
                     learns, mean, read, rule_hints)


def tfidf_rows(lexicon: Lexicon, units: list[list[str]]) -> scipy.sparse.csr_matrix:
    """One row per list of terms (a sentence's or a whole draft's): ``Lexicon.vector``, as the service makes it."""
    data, indices, pointers = [], [], [0]
    for unit in units:
        columns, values = lexicon.vector(unit)
        indices.extend(columns.tolist())
        data.extend(values.tolist())
        pointers.append(len(indices))
    return scipy.sparse.csr_matrix((data, indices, pointers), shape=(len(units), len(lexicon)))


def lexicon_of(terms: list[list[str]], min_df: int = MIN_SENTENCES) -> Lexicon:
    """The terms of at least ``min_df`` units (sentences, or drafts for letter grams) with their idf
    (scikit-learn's); every unit's tf-idf row as the service makes it (``Lexicon.vector``) is checked
    against scikit-learn's."""
    vectorizer = TfidfVectorizer(analyzer=lambda unit: unit, min_df=min_df, sublinear_tf=True)
    expected = vectorizer.fit_transform(terms)
    known = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    lexicon = Lexicon(tuple(known), vectorizer.idf_.astype(numpy.float64))
    matrix = tfidf_rows(lexicon, terms)
    if abs(matrix - expected).max() > 1e-9:
        raise AssertionError("Lexicon.vector differs from scikit-learn's tf-idf")
    return lexicon


def draft_rows(data: Sentences, lexicon: Lexicon, grams: Lexicon, n_drafts: int) -> scipy.sparse.csr_matrix:
    """Each draft's row for the draft classifiers as the service makes it (``Heads.draft_probabilities``):
    its mean embedding, the tf-idf of all its sentences' terms (scaled by DRAFT_LEXICAL_SCALE) and of
    their letter grams."""
    terms: list[list[str]] = [[] for _ in range(n_drafts)]
    for unit, owner in zip(data.terms, data.draft.tolist(), strict=True):
        terms[owner].extend(unit)
    lexical = tfidf_rows(lexicon, terms)
    return scipy.sparse.hstack([scipy.sparse.csr_matrix(data.mean), lexical * DRAFT_LEXICAL_SCALE,
                                tfidf_rows(grams, data.grams)]).tocsr()


def draft_key(draft: dict[str, Any]) -> str:
    """A draft's own key for its threshold resamples (``resample_counts``): a digest of its language,
    mode and text."""
    return hashlib.sha1(f"{draft['lang']}:{draft['mode']}:{draft['text']}".encode()).hexdigest()


def folds_by_writer(drafts: list[dict[str, Any]]) -> numpy.ndarray:
    """Each draft's fold, a whole file (one writer) to a fold: the files in sorted order dealt out
    to the folds in turn, so that a draft's out-of-fold score comes from heads that never read its
    writer's drafts, as the service meets new writers."""
    sources = sorted({d["source"] for d in drafts})
    return numpy.array([sources.index(d["source"]) % FOLDS for d in drafts])


def fit(x: numpy.ndarray, y: numpy.ndarray, weight: numpy.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    return model.fit(x, y, sample_weight=weight)


def split_weights(model: LogisticRegression, n_dense: int, n_terms: int,
                  scale: float) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, float]:
    """A fitted model's weights over the dense features, over the terms (times the scale they were
    fed at, so that the service adds them to unscaled tf-idf), over the letter grams, and its bias."""
    coef = model.coef_[0]
    return (coef[:n_dense], coef[n_dense : n_dense + n_terms] * scale, coef[n_dense + n_terms :],
            float(model.intercept_[0]))


def out_of_fold(x: Any, y: numpy.ndarray, weight: numpy.ndarray,
                fold: numpy.ndarray) -> tuple[numpy.ndarray, float, float]:
    """Each row's calibrated probability from a model that never saw its fold, and the Platt
    calibration (a, b) fitted on those out-of-fold margins."""
    margins = numpy.zeros(len(y))
    for f in range(FOLDS):
        test = fold == f
        margins[test] = fit(x[~test], y[~test], weight[~test]).decision_function(x[test])
    return calibrated(margins, y)


def calibrated(margins: numpy.ndarray, y: numpy.ndarray) -> tuple[numpy.ndarray, float, float]:
    """Out-of-fold margins as probabilities, and the Platt calibration (a, b) fitted on them."""
    a, b = platt(margins, y)
    return 1.0 / (1.0 + numpy.exp(-(a * margins + b))), a, b


def net_seeds(first: int) -> tuple[int, ...]:
    """The seeds of the NET_SEEDS networks trained side by side: ``first``, ``first + 100``, ..."""
    return tuple(first + 100 * i for i in range(NET_SEEDS))


def net_out_of_fold(rows: numpy.ndarray, targets: numpy.ndarray, counts: numpy.ndarray, weight: numpy.ndarray,
                    folds: numpy.ndarray) -> numpy.ndarray:
    """Each sentence's margins from sentence networks (``sentence_net.train_nets``) that never saw
    its fold; fold ``f``'s networks are seeded from ``f``."""
    margins = numpy.zeros(counts.shape)
    for f in range(FOLDS):
        test = folds == f
        net = train_nets(rows[~test], targets[~test], counts[~test], weight[~test], seeds=net_seeds(f))
        margins[test] = net.margins(rows[test])
    return margins


def platt(margins: numpy.ndarray, y: numpy.ndarray) -> tuple[float, float]:
    calibrator = LogisticRegression(C=1e4, max_iter=1000).fit(margins.reshape(-1, 1), y)
    return float(calibrator.coef_[0, 0]), float(calibrator.intercept_[0])


def draft_scores(probabilities: numpy.ndarray, owners: numpy.ndarray, n_drafts: int) -> numpy.ndarray:
    """Each draft's highest sentence probability (-1 for a draft the head never saw)."""
    best = numpy.full(n_drafts, -1.0)
    numpy.maximum.at(best, owners, probabilities)
    return best


def choose_thresholds(scores: numpy.ndarray, positive: numpy.ndarray, clean: numpy.ndarray,
                      budget: float, lookahead: int = 40) -> numpy.ndarray:
    """Per head a threshold on draft scores: start above every clean draft (and at FLOOR at least),
    then, step by step, lower the head to the clean score (one of the next ``lookahead``) that buys
    the most positives per clean draft newly warned, while the clean drafts warned by any head stay
    within ``budget``."""
    n_heads = scores.shape[1]
    clean_idx = numpy.flatnonzero(clean)
    allowed = int(budget * len(clean_idx))
    thresholds = numpy.array([max(scores[clean_idx, k].max(initial=0.0) + 1e-6, FLOOR) for k in range(n_heads)])
    warned = numpy.zeros(len(scores), dtype=bool)
    clean_sorted = [numpy.sort(scores[clean_idx, k])[::-1] for k in range(n_heads)]
    while True:
        best: tuple[float, int, float] | None = None
        for k in range(n_heads):
            below = clean_sorted[k][(clean_sorted[k] < thresholds[k]) & (clean_sorted[k] >= FLOOR)]
            for step in below[:lookahead]:
                would_warn = clean & (scores[:, k] >= step)
                if (warned | would_warn).sum() > allowed:
                    break
                new_clean = int((would_warn & ~warned).sum())
                gained = int((positive[:, k] & (scores[:, k] >= step) & (scores[:, k] < thresholds[k])).sum())
                value = gained / max(new_clean, 0.5)
                if gained and (best is None or value > best[0]):
                    best = (value, k, float(step))
        if best is None:
            return thresholds
        _, k, step = best
        thresholds[k] = step
        warned |= clean & (scores[:, k] >= step)


def resample_counts(keys: list[str], rounds: int) -> numpy.ndarray:
    """How often each draft is drawn in each of ``rounds`` resamples: (drafts, rounds), Poisson with
    mean 1, drawn from a generator seeded by the draft's own key (a digest of its text). A draft's
    counts do not depend on the other drafts, so that adding or dropping one draft leaves every
    other draft's resamples as they were (an index drawn at random, as before, changed them all)."""
    counts = numpy.empty((len(keys), rounds), dtype=numpy.int64)
    for i, key in enumerate(keys):
        seed = int.from_bytes(hashlib.sha256(f"{THRESHOLD_SEED}:{key}".encode()).digest()[:8], "little")
        counts[i] = numpy.random.default_rng(seed).poisson(1.0, rounds)
    return counts


def steady_thresholds(scores: numpy.ndarray, positive: numpy.ndarray, clean: numpy.ndarray,
                      budget: float, rounds: int = THRESHOLD_ROUNDS, keys: list[str] | None = None) -> numpy.ndarray:
    """Per head the median of ``choose_thresholds`` over ``rounds`` resamples of the drafts (each draft
    drawn as often as ``resample_counts`` says for its key, the row's index without keys): the greedy
    choice on one sample follows a handful of drafts at the edge of the budget, the median over many
    does not."""
    counts = resample_counts(keys if keys is not None else [str(i) for i in range(len(scores))], rounds)
    chosen = []
    for r in range(rounds):
        sample = numpy.repeat(numpy.arange(len(scores)), counts[:, r])
        chosen.append(choose_thresholds(scores[sample], positive[sample], clean[sample], budget))
    return numpy.median(numpy.array(chosen), axis=0)


def doubted_kinds(scores: numpy.ndarray, specs: tuple[HeadSpec, ...], vetoes: numpy.ndarray) -> list[set[str]]:
    """Per draft, the kinds whose head read it and stayed below its veto (as ``MeaningLayer.read``)."""
    return [{spec.key for k, spec in enumerate(specs) if 0 <= row[k] < vetoes[k]} for row in scores]


def choose_vetoes(scores: numpy.ndarray, specs: tuple[HeadSpec, ...], rule_hints: list[tuple[Hint, ...]],
                  drafts: list[dict[str, Any]]) -> tuple[numpy.ndarray, dict[str, dict[str, int]]]:
    """Per head, the highest of VETO_STEPS at which the clean drafts whose every warning of the
    head's kind would go (spared) are at least VETO_RATIO times the drafts labelled with the kind
    whose rule hint of it would go (lost); 0 (no veto) where no step pays. Out-of-fold scores."""
    vetoes = numpy.zeros(len(specs))
    counts: dict[str, dict[str, int]] = {}
    for k, spec in enumerate(specs):
        ruled = [i for i, hints in enumerate(rule_hints)
                 if any(f"{h.category}/{h.kind}" == spec.key and h.severity != "info" for h in hints)]
        labelled = [any(f"{p['category']}/{p['kind']}" == spec.key for p in drafts[i]["problems"]) for i in ruled]
        for step in VETO_STEPS:
            below = [0 <= scores[i, k] < step for i in ruled]
            spared = sum(bool(b and not drafts[i]["problems"]) for i, b in zip(ruled, below, strict=True))
            lost = sum(bool(b and y) for b, y in zip(below, labelled, strict=True))
            if spared >= 2 and spared >= VETO_RATIO * lost:
                vetoes[k] = step
                counts[spec.key] = {"veto": step, "clean_drafts_spared": spared, "right_hints_lost": lost,
                                    "rule_hints": len(ruled)}
    return vetoes, counts


def stockmann_rows(data: Sentences, specs: tuple[HeadSpec, ...], scores: numpy.ndarray,
                   thresholds: numpy.ndarray, vetoes: numpy.ndarray, names: tuple[str, ...]) -> numpy.ndarray:
    """Each draft's Stockmann features as the service makes them: its rule hints (less the ones a
    head overrules) and the hints the heads give at their thresholds, and the heads' probabilities
    (all out of fold)."""
    rules = [rule_for(spec.rule_id) for spec in specs]
    head_hints = [Hint(r.category, r.kind, r.severity, r.rule, 0, 0, "", "", weight=r.weight) for r in rules]
    out = numpy.zeros((len(scores), len(names)))
    doubted = doubted_kinds(scores, specs, vetoes)
    for i, hints in enumerate(data.rule_hints):
        kept = [h for h in hints if h.severity == "info" or f"{h.category}/{h.kind}" not in doubted[i]]
        given = kept + [head_hints[k] for k in range(len(specs)) if scores[i, k] >= thresholds[k]]
        probabilities = {spec.key: float(scores[i, k]) for k, spec in enumerate(specs) if scores[i, k] >= 0}
        out[i] = feature_row(names, given, probabilities)
    return out


def train_stockmann(rows: numpy.ndarray, target: numpy.ndarray, folds: numpy.ndarray,
                    names: tuple[str, ...]) -> tuple[StockmannModel, float]:
    """The Stockmann model fitted on every draft, and its out-of-fold AUC (folds by writer)."""
    oof = numpy.zeros(len(target))
    for f in range(FOLDS):
        test = folds == f
        model = LogisticRegression(C=C, max_iter=5000).fit(rows[~test], target[~test])
        oof[test] = model.decision_function(rows[test])
    auc = float(roc_auc_score(target, oof))
    final = LogisticRegression(C=C, max_iter=5000).fit(rows, target)
    return StockmannModel(names, final.coef_[0].astype(numpy.float64), float(final.intercept_[0])), auc


def main() -> int:
    with every_word_read():  # the same lemmas however busy the machine is
        return build()


def build() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where heads.npz and heads.json go")
    parser.add_argument("--train", type=Path, default=TRAIN_DIR, help="the folder of labelled drafts (*.jsonl)")
    parser.add_argument("--budget", type=float, default=CLEAN_BUDGET,
                        help="the share of clean training drafts the heads may warn, out of fold")
    parser.add_argument("--save-scores", type=Path, default=None,
                        help="also save the out-of-fold draft scores (.npz) for threshold_study.py")
    args = parser.parse_args()
    started = time.perf_counter()
    specs = head_specs()
    drafts, sources = training_drafts(args.train)
    print(f"{len(drafts)} drafts from {len(sources)} files")
    cache = EmbeddingCache(CACHE)
    data = sentences_of(drafts, specs, cache)
    lexicon = lexicon_of(data.terms)
    grams = lexicon_of(data.grams, MIN_GRAM_DRAFTS)
    print(f"  {len(lexicon)} terms known, {len(grams)} letter grams")
    n = len(drafts)
    whole_rows, n_mean = draft_rows(data, lexicon, grams, n), data.mean.shape[1]
    draft_folds = folds_by_writer(drafts)
    folds = draft_folds[data.draft]
    modes = numpy.array([MODES.index(d["mode"]) for d in drafts])
    clean = numpy.array([not d["problems"] for d in drafts])
    pass_example = clean & numpy.array([d["source"] == RULE_EXAMPLES for d in drafts])
    positive = numpy.zeros((n, len(specs)), dtype=bool)
    scores = numpy.full((n, len(specs)), -1.0)
    wholes = numpy.zeros((n, len(specs)))
    bests = numpy.full((n, len(specs)), -1.0)
    # The sentence network, every head at once: a head's label counts where the sentence is not left
    # out of the head and the draft is in a mode the head is asked in.
    in_modes_of = numpy.array([numpy.isin(modes, [MODES.index(m) for m in spec.modes]) for spec in specs]).T
    counts = (data.labels >= 0) & in_modes_of[data.draft]
    sentence_weight = numpy.where(pass_example[data.draft], PASS_EXAMPLE_WEIGHT, 1.0)
    net_started = time.perf_counter()
    targets = data.labels.clip(0, 1)
    net_margins = net_out_of_fold(data.rows, targets, counts, sentence_weight, folds)
    net = train_nets(data.rows, targets, counts, sentence_weight, seeds=net_seeds(FOLDS))
    print(f"  the sentence network trained out of fold and on everything in {time.perf_counter() - net_started:.0f} s")
    platt_fits: list[tuple[float, float]] = []
    # per head's draft classifier: dense, lexical (scale included) and letter-gram weights, bias, Platt a and b
    draft_fits: list[tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, float, float, float]] = []
    per_head: dict[str, Any] = {}
    for k, spec in enumerate(specs):
        in_modes, usable = in_modes_of[:, k], counts[:, k]
        y, owners = data.labels[usable, k], data.draft[usable]
        probabilities, a, b = calibrated(net_margins[usable, k], y)
        platt_fits.append((a, b))
        positive[:, k] = [any(f"{p['category']}/{p['kind']}" == spec.key for p in d["problems"]) for d in drafts]
        positive[:, k] &= in_modes
        # The draft classifier: every draft of the head's matter, labelled by whether it has the kind
        # anywhere (a problem labelled for the whole draft teaches it too).
        learned = data.learns[:, k] & in_modes & data.read
        dx, dy, dfold = whole_rows[learned], positive[learned, k].astype(int), draft_folds[learned]
        dweight = numpy.where(pass_example[learned] & (dy == 0), PASS_EXAMPLE_WEIGHT, 1.0)
        whole = numpy.zeros(n)
        whole[learned], da, db = out_of_fold(dx, dy, dweight, dfold)
        # A draft's score is its best sentence's, the mean of the sentence's and the draft's probability.
        # (A draft whose sentences the sentence head left out, labelled for the whole draft only, stays unscored.)
        sentence_best = draft_scores(probabilities, owners, n)
        scored = data.asked[:, k] & learned & (sentence_best >= 0)
        scores[:, k] = numpy.where(scored, (sentence_best + whole) / 2.0, -1.0)
        wholes[:, k], bests[:, k] = whole, sentence_best
        fitted = fit(dx, dy, dweight)
        draft_fits.append((*split_weights(fitted, n_mean, len(lexicon), DRAFT_LEXICAL_SCALE), da, db))
        per_head[spec.key] = {"sentences": int(len(y)), "positive_sentences": int(y.sum()),
                              "positive_drafts": int(positive[:, k].sum())}
        print(f"  {spec.key:38s} {int(y.sum()):5d} positive sentences of {len(y)}")
    platt_a, platt_b = zip(*platt_fits, strict=True)
    draft_weights, draft_lexical, draft_gram_weights, draft_biases, draft_a, draft_b = zip(*draft_fits, strict=True)
    clean_scored = clean & (scores.max(axis=1) >= 0)
    if args.save_scores:
        numpy.savez(args.save_scores, scores=scores, positive=positive, clean=clean_scored, wholes=wholes,
                    bests=bests, folds=draft_folds, modes=modes, mean=data.mean, read=data.read,
                    langs=numpy.array([d["lang"] for d in drafts]),
                    sources=numpy.array([d["source"] for d in drafts]))
    thresholds = steady_thresholds(scores, positive, clean_scored, args.budget, keys=[draft_key(d) for d in drafts])
    flagged = scores >= thresholds
    for k, spec in enumerate(specs):
        found = int((flagged[:, k] & positive[:, k]).sum())
        per_head[spec.key].update({
            "threshold": round(float(thresholds[k]), 4),
            "oof_recall": round(found / max(int(positive[:, k].sum()), 1), 3),
            "oof_clean_warned": int((flagged[:, k] & clean).sum()),
        })
        print(f"  {spec.key:38s} threshold {thresholds[k]:.3f}  out-of-fold recall "
              f"{per_head[spec.key]['oof_recall']:.2f}  clean warned {per_head[spec.key]['oof_clean_warned']}")
    warned = int((flagged.any(axis=1) & clean).sum())
    print(f"clean drafts warned by any head, out of fold: {warned} of {int(clean.sum())}")
    vetoes, veto_counts = choose_vetoes(scores, specs, data.rule_hints, drafts)
    for key, c in veto_counts.items():
        print(f"  {key:38s} overrules its rule hints below {c['veto']:.2f}: spares {c['clean_drafts_spared']} clean"
              f" drafts, drops {c['right_hints_lost']} right hints (of {c['rule_hints']} drafts the rules warn)")
    names = tuple(f"{HINT_FEATURE}{category}/{kind}" for category, kinds in KINDS.items() for kind in kinds)
    names += tuple(f"{HEAD_FEATURE}{spec.key}" for spec in specs)
    target = numpy.array([shouted(d["problems"]) for d in drafts])
    stockmann, stockmann_auc = train_stockmann(stockmann_rows(data, specs, scores, thresholds, vetoes, names), target,
                                               folds_by_writer(drafts), names)
    print(f"Stockmann score: out-of-fold AUC {stockmann_auc:.3f} ({int(target.sum())} drafts to shout of {n})")
    heads = Heads(
        keys=tuple(s.key for s in specs),
        net=net, platt_a=numpy.array(platt_a), platt_b=numpy.array(platt_b), threshold=thresholds, veto=vetoes,
        encoder=E5Encoder.name, stockmann=stockmann,
        lexicon=lexicon, grams=grams,
        draft=DraftClassifiers(
            weights=numpy.vstack(draft_weights).astype(numpy.float32), bias=numpy.array(draft_biases),
            platt_a=numpy.array(draft_a), platt_b=numpy.array(draft_b),
            lexical_weights=numpy.vstack(draft_lexical).T.astype(numpy.float32),
            gram_weights=numpy.vstack(draft_gram_weights).T.astype(numpy.float32)),
        meta={
            "built_by": "models/meaning/build_heads.py",
            "training": sources,
            "drafts": n, "clean_drafts": int(clean.sum()),
            "languages": dict(sorted(Counter(d["lang"] for d in drafts).items())),
            "features": ("sentence network over the sentence's embedding and the mean of the draft's sentences;"
                         " a draft classifier a kind over the draft's mean embedding and all its sentences' lemmas"
                         " and lemma pairs (tf-idf) and their words' letter grams of 3 to 5 (tf-idf);"
                         " a sentence's score the mean of both"),
            "terms": len(lexicon), "letter_grams": len(grams),
            "sentence_network": {"hidden": HIDDEN, "networks": NET_SEEDS, "epochs": EPOCHS, "dropout": DROPOUT,
                                 "weight_decay": WEIGHT_DECAY, "learning_rate": LEARNING_RATE, "batch": BATCH},
            "classifier": (f"sentences: the network, Platt-calibrated a kind on {FOLDS} grouped folds; drafts:"
                           f" LogisticRegression(C={C}, balanced), Platt-calibrated on the same folds"),
            "clean_budget": args.budget,
            "thresholds": (f"median of the greedy choice over {THRESHOLD_ROUNDS} resamples of the drafts"
                           " (Poisson counts keyed by each draft's digest)"),
            "oof_clean_warned": f"{warned}/{int(clean.sum())}",
            "vetoes": {"steps": list(VETO_STEPS), "ratio": VETO_RATIO, "chosen": veto_counts},
            "heads": per_head,
            "stockmann": {"classifier": f"LogisticRegression(C={C}) over the hints and the heads' probabilities",
                          "oof_auc": round(stockmann_auc, 4), "drafts_to_shout": int(target.sum())},
        },
    )
    heads.save(args.out)
    print(f"wrote {args.out / 'heads.npz'} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
