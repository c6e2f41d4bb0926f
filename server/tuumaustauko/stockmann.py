"""The Stockmann clock: would you shout this under the clock in Helsinki?

Every hint adds its weight (its rule's, or its severity's default); the score is the
chance that at least one of them is a real problem, 1 - prod(1 - w), so one strong
reason or several weaker ones both raise it, and it never leaves [0, 1].

Hints of one kind are one problem told several times: within a (category, kind) the
strongest hint counts fully and each further one only by ``repeat_factor`` (score.yaml),
so five swear words do not outweigh a threat, while an insult and shouting (two kinds)
add up to a high score.

That is the hints' verdict, and it always sets ``level`` and ``reasons``. When the meaning layer
has read the draft, the ``score`` itself comes from a trained model (``StockmannModel``, built with
the heads by ``models/meaning/build_heads.py``): a logistic regression over the same hints (the
strongest weight of each kind) and the heads' probabilities, below their thresholds too, trained
to rank every draft with a Stockmann problem or a leak (LABELS.md) above the others. Its output is
the calibrated chance that the draft has one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import numpy

from .datafiles import load_yaml
from .hints import Hint, Lang

Level = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class StockmannScore:
    score: float
    level: Level
    reasons: tuple[str, ...]


@cache
def _settings() -> dict[str, Any]:
    text = resources.files("tuumaustauko").joinpath("data/score.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(text)
    return data


def level_for(score: float) -> Level:
    thresholds = _settings()["thresholds"]
    if score >= thresholds["high"]:
        return "high"
    if score >= thresholds["medium"]:
        return "medium"
    return "low"


LEAK_CATEGORIES = ("confidential", "security", "personal_data")


def shouted(problems: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a labelled draft's problems are what one would not shout under the Stockmann clock: a
    Stockmann problem, or a leak (LABELS.md; a bare name is no leak). What the score learns to rank."""
    return any(p["category"] == "stockmann" or (p["category"] in LEAK_CATEGORIES and p["kind"] != "person_name")
               for p in problems)


HINT_FEATURE = "hint:"  # a model feature: the strongest weight of a warning or critical hint of a kind
HEAD_FEATURE = "head:"  # a model feature: a head's highest probability in the draft (0 when not asked)


@dataclass(frozen=True)
class StockmannModel:
    """The trained score: ``features`` names each weight (``hint:category/kind``, ``head:category/kind``)."""

    features: tuple[str, ...]
    weights: numpy.ndarray
    bias: float

    def probability(self, hints: Sequence[Hint], probabilities: Mapping[str, float]) -> float:
        margin = float(feature_row(self.features, hints, probabilities) @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-margin))


def feature_row(features: Sequence[str], hints: Sequence[Hint], probabilities: Mapping[str, float]) -> numpy.ndarray:
    """The draft's value of each named feature: per kind the strongest weight of a warning or critical
    hint, per head its probability (0 for what the draft has none of)."""
    strongest: dict[str, float] = {}
    for hint in hints:
        if hint.severity != "info":
            key = f"{HINT_FEATURE}{hint.category}/{hint.kind}"
            strongest[key] = max(strongest.get(key, 0.0), min(max(hint.stockmann_weight, 0.0), 1.0))
    for key, p in probabilities.items():
        strongest[f"{HEAD_FEATURE}{key}"] = min(max(p, 0.0), 1.0)
    return numpy.array([strongest.get(name, 0.0) for name in features])


def score_hints(hints: Sequence[Hint], lang: Lang, model: StockmannModel | None = None,
                probabilities: Mapping[str, float] | None = None) -> StockmannScore:
    """The hints' score, level and reasons; with the trained ``model`` and the heads' ``probabilities``
    (the meaning layer read the draft), the score is the model's, the level and reasons the hints'."""
    settings = _settings()
    category_reasons = settings["category_reasons"]
    repeat = float(settings.get("repeat_factor", 1.0))
    remaining = 1.0
    weighted: list[tuple[float, str]] = []
    by_kind: dict[tuple[str, str], list[float]] = {}
    for hint in hints:
        weight = min(max(hint.stockmann_weight, 0.0), 1.0)
        if weight <= 0:
            continue
        by_kind.setdefault((hint.category, hint.kind), []).append(weight)
        reason = hint.reason or category_reasons.get(hint.category, {}).get(lang)
        if reason:
            weighted.append((weight, reason))
    for weights in by_kind.values():
        strongest, *others = sorted(weights, reverse=True)
        remaining *= 1.0 - strongest
        for weight in others:
            remaining *= 1.0 - weight * repeat
    by_hints = 1.0 - remaining
    score = by_hints if model is None or probabilities is None else model.probability(hints, probabilities)
    reasons: list[str] = []
    for _, reason in sorted(weighted, key=lambda wr: -wr[0]):
        if reason not in reasons:
            reasons.append(reason)
    return StockmannScore(score=round(score, 4), level=level_for(by_hints), reasons=tuple(reasons))
