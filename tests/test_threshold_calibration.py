"""The heads' thresholds calibrated on drafts by writers the heads never learned from
(models/meaning/calibrate_thresholds.py), on made-up scores."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "models" / "meaning"))

from calibrate_thresholds import Scored, calibrate  # noqa: E402


def _scored(best: list[list[float]], positive: list[list[bool]], clean: list[bool]) -> Scored:
    b = numpy.array(best, dtype=float)
    return Scored(best=b, asked=numpy.ones_like(b, dtype=bool), positive=numpy.array(positive, dtype=bool),
                  clean=numpy.array(clean, dtype=bool))


NO_PASSES = _scored([[0.0, 0.0]], [[False, False]], [True])


def _drafts(found_low: int, clean_high: int) -> Scored:
    """Head 0: 10 drafts of its kind, ``found_low`` of them scoring 0.45 (under its built threshold 0.6), the rest
    0.9; 200 clean drafts at 0.1 but ``clean_high`` at 0.45. Head 1: no draft near its threshold."""
    best, positive, clean = [], [], []
    for i in range(10):
        best.append([0.45 if i < found_low else 0.9, 0.1])
        positive.append([True, False])
        clean.append(False)
    for i in range(200):
        best.append([0.45 if i < clean_high else 0.1, 0.1])
        positive.append([False, False])
        clean.append(True)
    return _scored(best, positive, clean)


BUILT = numpy.array([0.6, 0.6])


def test_a_head_is_lowered_to_find_what_it_missed_when_no_clean_draft_pays_for_it() -> None:
    thresholds = calibrate(_drafts(found_low=4, clean_high=0), NO_PASSES, BUILT, budget=0.005)
    assert thresholds[0] <= 0.45
    assert thresholds[1] == BUILT[1]  # nothing to gain: the build's


def test_a_head_stays_where_lowering_it_would_warn_more_clean_drafts_than_the_budget() -> None:
    thresholds = calibrate(_drafts(found_low=4, clean_high=5), NO_PASSES, BUILT, budget=0.005)  # 1 clean draft
    assert thresholds[0] > 0.45


def test_a_head_stays_where_the_pass_examples_would_be_warned() -> None:
    passes = _scored([[0.45, 0.0]] * 3 + [[0.0, 0.0]] * 97, [[False, False]] * 100, [True] * 100)
    thresholds = calibrate(_drafts(found_low=4, clean_high=0), passes, BUILT, budget=0.005, pass_share=0.015)
    assert thresholds[0] > 0.45


def test_a_threshold_never_drops_below_half_the_builds() -> None:
    scores = _drafts(found_low=0, clean_high=0)
    missed_far_below = Scored(best=numpy.where(scores.positive, 0.25, scores.best), asked=scores.asked,
                              positive=scores.positive, clean=scores.clean)
    thresholds = calibrate(missed_far_below, NO_PASSES, BUILT, budget=0.005)
    assert thresholds[0] == BUILT[0]  # 0.25 is under half of 0.6 and under FLOOR: not worth a step that finds none


def test_calibration_is_the_same_every_time() -> None:
    scores = _drafts(found_low=4, clean_high=1)
    assert numpy.array_equal(calibrate(scores, NO_PASSES, BUILT), calibrate(scores, NO_PASSES, BUILT))
