"""The heads build (models/meaning/build_heads.py): the threshold choice, the median of the greedy
choice over resamples of the drafts, the same every build, near the clean budget, each draft's
resamples its own. (How much steadier
than one greedy choice it is on a build's real scores: models/meaning/threshold_study.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "models" / "meaning"))

from build_heads import resample_counts, steady_thresholds  # noqa: E402

BUDGET = 0.03


def _drafts(seed: int, n: int = 2400, heads: int = 3) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Out-of-fold scores as a build sees them: clean drafts low, each head's positives high, overlapping."""
    rng = numpy.random.default_rng(seed)
    clean = rng.random(n) < 0.4
    positive = (rng.random((n, heads)) < 0.15) & ~clean[:, None]
    scores = numpy.where(positive, rng.beta(5, 2, (n, heads)), rng.beta(2, 5, (n, heads)))
    return scores, positive, clean


def test_thresholds_are_the_same_every_build() -> None:
    scores, positive, clean = _drafts(1)
    first = steady_thresholds(scores, positive, clean, BUDGET, rounds=9)
    assert numpy.array_equal(first, steady_thresholds(scores, positive, clean, BUDGET, rounds=9))


def test_thresholds_keep_the_clean_drafts_warned_near_the_budget() -> None:
    scores, positive, clean = _drafts(2)
    thresholds = steady_thresholds(scores, positive, clean, BUDGET, rounds=9)
    warned = ((scores >= thresholds).any(axis=1) & clean).sum() / clean.sum()
    assert 0.015 <= warned <= 1.5 * BUDGET
    assert ((scores >= thresholds) & positive).sum() / positive.sum() > 0.1


def test_a_drafts_resamples_do_not_depend_on_the_other_drafts() -> None:
    every = resample_counts(["first draft", "second draft", "third draft"], rounds=50)
    fewer = resample_counts(["first draft", "third draft"], rounds=50)
    assert numpy.array_equal(every[[0, 2]], fewer)
    assert not numpy.array_equal(every[0], every[2])
    assert 0.7 < every.mean() < 1.3  # drawn as often as a resample of the drafts with replacement

