"""The Stockmann clock: would you shout this under the clock in Helsinki?

Every hint adds its weight (its rule's, or its severity's default); the score is the
chance that at least one of them is a real problem, 1 - prod(1 - w), so one strong
reason or several weaker ones both raise it, and it never leaves [0, 1].

Hints of one kind are one problem told several times: within a (category, kind) the
strongest hint counts fully and each further one only by ``repeat_factor`` (score.yaml),
so five swear words do not outweigh a threat, while an insult and shouting (two kinds)
add up to a high score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

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


def undertone(probabilities: Mapping[str, float]) -> float:
    """What the meaning layer's heads sense below their thresholds, as a share of the score: the
    highest probability of a Stockmann or leak kind times ``meaning_undertone`` (score.yaml), kept
    under the medium level so that a level is always explained by a hint."""
    settings = _settings()
    categories = tuple(settings["undertone_categories"])
    strongest = max((p for key, p in probabilities.items() if key.split("/")[0] in categories), default=0.0)
    if strongest < float(settings["undertone_from"]):
        return 0.0
    return min(float(settings["meaning_undertone"]) * strongest, settings["thresholds"]["medium"] - 0.01)


def score_hints(hints: Sequence[Hint], lang: Lang, hunch: float = 0.0) -> StockmannScore:
    """The score of the hints, and of ``hunch`` (``undertone``), which ranks drafts that no hint
    explains but never lifts one to medium by itself."""
    settings = _settings()
    category_reasons = settings["category_reasons"]
    repeat = float(settings.get("repeat_factor", 1.0))
    remaining = 1.0 - min(max(hunch, 0.0), 1.0)
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
    score = round(1.0 - remaining, 4)
    reasons: list[str] = []
    for _, reason in sorted(weighted, key=lambda wr: -wr[0]):
        if reason not in reasons:
            reasons.append(reason)
    return StockmannScore(score=score, level=level_for(score), reasons=tuple(reasons))
