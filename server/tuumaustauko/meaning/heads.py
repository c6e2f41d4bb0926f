"""The trained heads: per sentence, one network with an output a kind (``SentenceNet``) over its
features; per draft, a logistic classifier a kind (``DraftClassifiers``); both calibrated (Platt)
on held-out folds, with thresholds chosen so that few clean drafts are warned.

Features of a sentence (``features``): its embedding and the mean embedding of the draft's
sentences (the context). The draft classifiers read, beside the draft's mean embedding, its words
(``unit_terms``: lemmas and pairs of lemmas, weighed by tf-idf over the ``Lexicon`` the build found
in the training drafts), whose weights carry what a word says where the encoder blurs it (a
Finnish word in a case form, slang), and the pieces of three to five letters of its words
(``letter_grams``, over a second lexicon), which read a dialect form, a typo or a compound that no
lemma reaches ("rattijuopumusepäily", "vasemmistoliittoa", "yksisoluisia"). The arrays live in
``models/meaning/heads.npz`` and what they were trained on in ``heads.json`` beside it, both
written by ``models/meaning/build_heads.py`` (``make heads``); which kinds have heads, and
what their hints say, is data (``data/meaning.yaml``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy

from ..datafiles import read_data_yaml
from ..draft import Draft
from ..hints import MODES, Lang
from ..pipelines import models_dir
from ..ruledata import Rule, all_rulesets
from ..stockmann import StockmannModel
from ..whose_view import names_the_organisations_matters, says_whose_view

# Tests of a draft's form (data/meaning.yaml): ``unless`` one holds, a head's finding is no problem;
# ``requires`` one to hold, else it is not the head's matter.
FORM_TESTS: dict[str, Callable[[Draft], bool]] = {
    "says_whose_view": says_whose_view,
    "names_the_organisations_matters": names_the_organisations_matters,
}

HEADS_FILE = "heads.npz"
META_FILE = "heads.json"


@dataclass(frozen=True)
class HeadSpec:
    """One kind's head as data/meaning.yaml describes it."""

    category: str
    kind: str
    rule_id: str
    modes: tuple[str, ...]
    message: dict[str, str]
    suggestion: dict[str, str]
    unless: str | None = None
    requires: str | None = None
    unless_sentence: str | None = None  # a test of the rule book's that settles a flagged sentence
    ties: tuple[str, ...] = ()  # the personal-data kinds a flagged sentence ties to something sensitive
    # A kind that may belong to the whole draft (shared/LABELS.md: gossip, loyalty, threat, regret):
    # found by the draft classifier with no sentence sure of it alone, its hint is the draft's.
    whole_draft: bool = False
    # A whole-draft kind whose head's hint is always the draft's, even where one sentence is sure of it alone:
    # regret and running the employer down are what the post as a whole does ("you may regret this post").
    always_the_drafts: bool = False
    # In a sentence where the head's rule finds its ``head_cues`` (data/rules/: a client, a patient, a guard's
    # round), the head flags at this share of its threshold (ruledata.Rule.cues_a_heads_finding).
    cue_share: float = 1.0

    @property
    def key(self) -> str:
        return f"{self.category}/{self.kind}"

    def learns_from(self, draft: Draft) -> bool:
        """Whether a training draft is about the head's matter: its mode, and the ``requires`` test.
        A draft the ``unless`` test settles is still learned from, as labelled: a view that says
        whose it is teaches the head that saying so answers it, in words the form test may not know."""
        if draft.mode not in self.modes:
            return False
        return not (self.requires and not FORM_TESTS[self.requires](draft))

    def applies_to(self, draft: Draft) -> bool:
        """Whether the head is asked about this draft: it is about its matter, and its form does
        not settle it."""
        return self.learns_from(draft) and not (self.unless and FORM_TESTS[self.unless](draft))


@cache
def head_specs() -> tuple[HeadSpec, ...]:
    data = read_data_yaml("meaning.yaml")
    return tuple(
        HeadSpec(
            category=h["category"], kind=h["kind"], rule_id=h["rule_id"],
            modes=tuple(h.get("modes", MODES)), message=dict(h.get("message", {})),
            suggestion=dict(h.get("suggestion", {})), unless=h.get("unless"),
            requires=h.get("requires"), unless_sentence=h.get("unless_sentence"),
            ties=tuple(h.get("ties", ())), whole_draft=bool(h.get("whole_draft", False)),
            always_the_drafts=bool(h.get("always_the_drafts", False)),
            cue_share=float(h.get("cue_share", 1.0)),
        )
        for h in data["heads"]
    )


@cache
def rule_for(rule_id: str) -> Rule:
    """The rule (data/rules/) whose message, severity and weight a head's hints carry."""
    for ruleset in all_rulesets():
        for rule in ruleset.rules:
            if rule.id == rule_id:
                return rule
    raise KeyError(rule_id)


def threshold_shares(spec: HeadSpec, draft: Draft, spans: Sequence[tuple[int, int]]) -> numpy.ndarray:
    """Per sentence (``spans``), the share of head ``spec``'s threshold it is flagged at: ``cue_share`` where
    the head's rule finds its ``head_cues`` in the sentence, else 1."""
    shares = numpy.ones(len(spans))
    if spec.cue_share != 1.0:
        rule = rule_for(spec.rule_id)
        for i, (start, end) in enumerate(spans):
            if rule.cues_a_heads_finding(draft, start, end):
                shares[i] = spec.cue_share
    return shares


def features(unit_rows: numpy.ndarray) -> numpy.ndarray:
    """One row a sentence: its embedding and the draft's mean embedding (the context). The identity
    mode is no feature: it decides which heads are asked (``HeadSpec.modes``), and as a feature it
    taught the heads the modes the training drafts happened to be written in. Neither are the rule
    book's hints: as cues (a rule kind in the sentence, in the draft) they raised the heads' recall
    across writers in the training drafts but lowered it on drafts of new writers (0.65 -> 0.59)."""
    context = numpy.repeat(unit_rows.mean(axis=0, keepdims=True), len(unit_rows), axis=0)
    return numpy.hstack([unit_rows, context]).astype(numpy.float32)


def draft_features(feature_rows: numpy.ndarray) -> numpy.ndarray:
    """What a draft classifier reads of the embeddings: the draft's mean embedding, the context half
    of any of its sentences' ``features`` rows."""
    return numpy.asarray(feature_rows[0, feature_rows.shape[1] // 2 :], dtype=numpy.float32)


def unit_terms(lemmas: Sequence[str]) -> list[str]:
    """What the lexical part reads of a sentence: its words' lemmas, lowercased (Voikko's base
    forms in Finnish, so that every case form and spelling Voikko knows is one term), and each pair
    of neighbouring ones ("ei jaksa", "between you"); marks without a letter or a digit are left out."""
    words = [w.lower() for w in lemmas if any(c.isalnum() for c in w)]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


GRAM_SIZES = (3, 4, 5)
_SPACES = re.compile(r"\s+")


def letter_grams(text: str) -> list[str]:
    """The draft classifiers' other reading of a text: every run of three to five characters of each
    lowercased word with a space either side (" mä ", "oikee", "eesti"); a word shorter than a size
    counts once whole. (scikit-learn's ``char_wb`` analyser, written out so that the service needs
    no scikit-learn.)"""
    grams: list[str] = []
    for word in _SPACES.split(text.lower()):
        if not word:
            continue
        padded = f" {word} "
        for n in GRAM_SIZES:
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def draft_grams(texts: Sequence[str]) -> list[str]:
    """What a draft classifier reads of a draft's letters: the ``letter_grams`` of each of its
    sentences' texts, in order (the build and the service both take them from here)."""
    return [gram for text in texts for gram in letter_grams(text)]


_NO_TERMS = (numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0))


class Lexicon:
    """The terms the heads know (those of at least a few training sentences) and their inverse
    document frequencies. A sentence's vector is the usual sublinear tf-idf: (1 + ln count) * idf
    for each known term, scaled to unit length (scikit-learn's TfidfVectorizer with
    ``sublinear_tf=True``, which the build checks it equals).

    The terms are kept as one sorted array of their UTF-8 bytes and looked up by binary search: a
    dict of 115,000 Python strings (the lexicon's and the letter grams') took 15.6 MB of every
    worker, the arrays 4 MB."""

    def __init__(self, terms: Sequence[str], idf: numpy.ndarray) -> None:
        encoded = numpy.array([t.encode("utf-8") for t in terms], dtype=bytes)
        self._order = numpy.argsort(encoded, kind="stable")
        self._keys = encoded[self._order]
        self.idf = idf

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def terms(self) -> tuple[str, ...]:
        """The terms in the order they were given (the columns of the heads' weights)."""
        out = [""] * len(self._keys)
        for i, key in zip(self._order.tolist(), self._keys.tolist(), strict=True):
            out[i] = key.decode("utf-8")
        return tuple(out)

    def vector(self, terms: Sequence[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The sentence's known terms (indices into ``terms``) and their weights."""
        if not terms or not len(self._keys):
            return _NO_TERMS
        wanted = numpy.array([t.encode("utf-8") for t in terms], dtype=bytes)
        at = numpy.minimum(numpy.searchsorted(self._keys, wanted), len(self._keys) - 1)
        known = self._keys[at] == wanted
        counts = Counter(self._order[at[known]].tolist())
        if not counts:
            return _NO_TERMS
        indices = numpy.fromiter(counts.keys(), dtype=numpy.int64, count=len(counts))
        values = numpy.array([1.0 + math.log(c) for c in counts.values()]) * self.idf[indices]
        return indices, values / numpy.linalg.norm(values)


def _sparse_margins(lexicon: Lexicon, weights: numpy.ndarray, items: Sequence[str]) -> numpy.ndarray | float:
    """What a draft's known terms (or letter grams) add to each kind's margin: their tf-idf values times
    the rows of ``weights`` they select (held as float16, widened to float32 as read); 0 with none known."""
    indices, values = lexicon.vector(items)
    if not len(indices):
        return 0.0
    return values @ weights[indices].astype(numpy.float32)


@dataclass(frozen=True)
class DraftClassifiers:
    """Per kind, a second classifier over the whole draft (``draft_features``: its mean embedding, the
    tf-idf of all its sentences' words over the heads' ``Lexicon`` and of their ``letter_grams`` over
    the heads' ``grams``), trained on whether the draft
    has the kind anywhere: whether a post confesses or leaks is often told by another sentence than
    the one that carries it ("nobody noticed 😅")."""

    weights: numpy.ndarray  # (kinds, embedding)
    bias: numpy.ndarray  # (kinds,)
    platt_a: numpy.ndarray  # calibrated p = sigmoid(a * margin + b)
    platt_b: numpy.ndarray
    # (terms, kinds) and (letter grams, kinds; None for heads built without them): held as float16 once
    # loaded (3.5 MB less in each worker; a draft reads a few dozen rows, widened to float32 as read)
    lexical_weights: numpy.ndarray
    gram_weights: numpy.ndarray | None = None


@dataclass(frozen=True)
class SentenceNet:
    """The sentence heads: a hidden layer of rectified units over a sentence's ``features`` and an
    output a kind, trained on every kind at once (``models/meaning/sentence_net.py``), so that what
    one kind's sentences teach about a sentence serves the others."""

    hidden_weights: numpy.ndarray  # (features, hidden)
    hidden_bias: numpy.ndarray  # (hidden,)
    output_weights: numpy.ndarray  # (hidden, kinds)
    output_bias: numpy.ndarray  # (kinds,)

    def margins(self, rows: numpy.ndarray) -> numpy.ndarray:
        """(sentences, kinds) uncalibrated margins of ``features`` rows."""
        hidden = numpy.maximum(rows @ self.hidden_weights + self.hidden_bias, 0.0)
        return numpy.asarray(hidden @ self.output_weights + self.output_bias, dtype=numpy.float64)


@dataclass(frozen=True)
class Heads:
    """Every kind's network output, calibration and threshold, in the order of ``keys``."""

    keys: tuple[str, ...]
    net: SentenceNet
    platt_a: numpy.ndarray  # calibrated p = sigmoid(a * margin + b)
    platt_b: numpy.ndarray
    threshold: numpy.ndarray  # a sentence is flagged at p >= threshold
    encoder: str
    meta: dict[str, Any]
    stockmann: StockmannModel | None = None  # the Stockmann score trained with the heads
    lexicon: Lexicon | None = None  # the words the draft classifiers read beside the embedding
    grams: Lexicon | None = None  # the letter grams they read too (``letter_grams``)
    # Per kind, the probability below which the head, having read the whole draft, overrules the
    # rule book's hints of its kind (0: never); chosen out of fold by the build (``choose_vetoes``).
    veto: numpy.ndarray | None = None
    # A sentence's score is the mean of its own probability and the draft classifier's (``scores``);
    # None for heads built without draft classifiers.
    draft: DraftClassifiers | None = None

    def doubts(self, k: int, best: float) -> bool:
        """Whether head ``k``, whose highest probability over a whole draft is ``best``, overrules
        the rule book's hints of its kind on that draft."""
        return self.veto is not None and best < float(self.veto[k])

    def probabilities(self, rows: numpy.ndarray) -> numpy.ndarray:
        """(sentences, kinds) calibrated probabilities of ``features`` rows."""
        return 1.0 / (1.0 + numpy.exp(-(self.net.margins(rows) * self.platt_a + self.platt_b)))

    def draft_probabilities(self, mean_row: numpy.ndarray, terms: Sequence[str],
                            grams: Sequence[str]) -> numpy.ndarray | None:
        """(kinds,) calibrated probabilities that the draft has each kind somewhere, from its mean
        embedding, the terms of all its sentences and their ``letter_grams``; None for heads built
        without draft classifiers."""
        if self.draft is None or self.lexicon is None:
            return None
        margins = self.draft.weights @ mean_row + self.draft.bias
        margins = margins + _sparse_margins(self.lexicon, self.draft.lexical_weights, terms)
        if self.grams is not None and self.draft.gram_weights is not None:
            margins = margins + _sparse_margins(self.grams, self.draft.gram_weights, grams)
        return 1.0 / (1.0 + numpy.exp(-(margins * self.draft.platt_a + self.draft.platt_b)))

    def scores(self, rows: numpy.ndarray, terms: Sequence[Sequence[str]],
               texts: Sequence[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Per sentence and kind, the score thresholds are set on (the mean of the sentence's
        probability and the draft's, or the sentence's alone without draft classifiers), and the
        sentence's own probability. ``rows``: ``features`` of the draft's sentences; ``terms``: each
        sentence's ``unit_terms``; ``texts``: each sentence's text."""
        own = self.probabilities(rows)
        whole = self.draft_probabilities(draft_features(rows), [t for unit in terms for t in unit],
                                         draft_grams(texts))
        return (own if whole is None else (own + whole) / 2.0), own

    def flagged(self, k: int, scores: numpy.ndarray, own: numpy.ndarray,
                shares: numpy.ndarray | None = None) -> list[int]:
        """The sentences head ``k`` flags: none unless the draft's best score reaches the threshold (times the
        sentence's share of it, ``threshold_shares``); then the best sentence, and any other whose own
        probability reaches it too."""
        threshold = float(self.threshold[k]) * (numpy.ones(len(scores)) if shares is None else shares)
        best = int(numpy.argmax(scores / threshold))
        if scores[best] < threshold[best]:
            return []
        return [i for i in range(len(scores))
                if i == best or (scores[i] >= threshold[i] and own[i] >= threshold[i])]

    def sure_alone(self, k: int, own: float) -> bool:
        """Whether a sentence's own probability reaches head ``k``'s threshold without the draft's."""
        return own >= float(self.threshold[k])

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {"net_hidden_weights": self.net.hidden_weights.astype(numpy.float32),
                                  "net_hidden_bias": self.net.hidden_bias.astype(numpy.float32),
                                  "net_output_weights": self.net.output_weights.astype(numpy.float32),
                                  "net_output_bias": self.net.output_bias,
                                  "platt_a": self.platt_a, "platt_b": self.platt_b, "threshold": self.threshold}
        meta = {**self.meta, "keys": list(self.keys), "encoder": self.encoder}
        if self.stockmann is not None:
            arrays["stockmann_weights"] = self.stockmann.weights
            arrays["stockmann_bias"] = numpy.array([self.stockmann.bias])
            meta["stockmann_features"] = list(self.stockmann.features)
        if self.veto is not None:
            arrays["veto"] = self.veto
        if self.draft is not None:
            arrays.update(draft_weights=self.draft.weights.astype(numpy.float32), draft_bias=self.draft.bias,
                          draft_platt_a=self.draft.platt_a, draft_platt_b=self.draft.platt_b,
                          draft_lexical_weights=self.draft.lexical_weights.astype(numpy.float32))
            if self.draft.gram_weights is not None:
                arrays["draft_gram_weights"] = self.draft.gram_weights.astype(numpy.float32)
        if self.lexicon is not None:
            arrays["lexicon_terms"] = numpy.array(self.lexicon.terms)
            arrays["lexicon_idf"] = self.lexicon.idf
        if self.grams is not None:
            arrays["gram_terms"] = numpy.array(self.grams.terms)
            arrays["gram_idf"] = self.grams.idf
        numpy.savez_compressed(folder / HEADS_FILE, **arrays)
        (folder / META_FILE).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def heads_dir() -> Path:
    return models_dir() / "meaning"


def load_heads(folder: Path | None = None) -> Heads | None:
    """The committed heads, or None when they are not there (a wheel without models/)."""
    folder = folder or heads_dir()
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        with numpy.load(folder / HEADS_FILE) as arrays:
            loaded = {k: arrays[k] for k in ("platt_a", "platt_b", "threshold")}
            net = SentenceNet(hidden_weights=arrays["net_hidden_weights"].astype(numpy.float32),
                              hidden_bias=arrays["net_hidden_bias"].astype(numpy.float32),
                              output_weights=arrays["net_output_weights"].astype(numpy.float32),
                              output_bias=arrays["net_output_bias"].astype(numpy.float64))
            stockmann = None
            if "stockmann_weights" in arrays.files:
                stockmann = StockmannModel(features=tuple(meta["stockmann_features"]),
                                           weights=arrays["stockmann_weights"].astype(numpy.float64),
                                           bias=float(arrays["stockmann_bias"][0]))
            lexicon = None
            if "lexicon_terms" in arrays.files:
                lexicon = Lexicon(tuple(arrays["lexicon_terms"].tolist()), arrays["lexicon_idf"].astype(numpy.float64))
            grams = None
            if "gram_terms" in arrays.files:
                grams = Lexicon(tuple(arrays["gram_terms"].tolist()), arrays["gram_idf"].astype(numpy.float64))
            veto = arrays["veto"].astype(numpy.float64) if "veto" in arrays.files else None
            draft = None
            if "draft_weights" in arrays.files:
                draft = DraftClassifiers(
                    weights=arrays["draft_weights"].astype(numpy.float32),
                    bias=arrays["draft_bias"].astype(numpy.float64),
                    platt_a=arrays["draft_platt_a"].astype(numpy.float64),
                    platt_b=arrays["draft_platt_b"].astype(numpy.float64),
                    lexical_weights=arrays["draft_lexical_weights"].astype(numpy.float16),
                    gram_weights=(arrays["draft_gram_weights"].astype(numpy.float16)
                                  if "draft_gram_weights" in arrays.files else None))
    except (OSError, ValueError, KeyError):
        return None
    return Heads(keys=tuple(meta["keys"]), encoder=meta["encoder"], meta=meta,
                 net=net, platt_a=loaded["platt_a"], platt_b=loaded["platt_b"], threshold=loaded["threshold"],
                 stockmann=stockmann, lexicon=lexicon, grams=grams, veto=veto, draft=draft)


def spec_for(key: str) -> HeadSpec:
    return next(s for s in head_specs() if s.key == key)


def message(spec: HeadSpec, lang: Lang) -> tuple[str | None, str | None]:
    return spec.message.get(lang), spec.suggestion.get(lang)
