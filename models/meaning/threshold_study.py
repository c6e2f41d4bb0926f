"""How steady the heads' thresholds are: one greedy choice against the median over resamples.

    python models/meaning/build_heads.py --out /tmp/heads --save-scores /tmp/oof.npz
    python models/meaning/threshold_study.py /tmp/oof.npz

The out-of-fold draft scores of a build are split in half at random (six times, the same every run);
thresholds are chosen on one half and measured on the other: mean recall over the heads, the clean
drafts warned, and how far a head's recall moves from one split to the next.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_heads import CLEAN_BUDGET, THRESHOLD_ROUNDS, choose_thresholds, steady_thresholds  # noqa: E402

SPLITS = 6
Chooser = Callable[[numpy.ndarray, numpy.ndarray, numpy.ndarray, float], numpy.ndarray]


def measured(choose: Chooser, scores: numpy.ndarray, positive: numpy.ndarray, clean: numpy.ndarray,
             budget: float) -> tuple[numpy.ndarray, float]:
    """Per split and head the recall on the held half, and the mean share of its clean drafts warned."""
    rng = numpy.random.default_rng(42)
    recalls, warned = [], []
    for _ in range(SPLITS):
        order = rng.permutation(len(scores))
        chosen, held = order[: len(order) // 2], order[len(order) // 2:]
        thresholds = choose(scores[chosen], positive[chosen], clean[chosen], budget)
        flagged = scores[held] >= thresholds
        recalls.append((flagged & positive[held]).sum(0) / numpy.maximum(positive[held].sum(0), 1))
        warned.append((flagged.any(1) & clean[held]).sum() / max(int(clean[held].sum()), 1))
    return numpy.array(recalls), float(numpy.mean(warned))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scores", type=Path, help="the .npz that build_heads.py --save-scores wrote")
    parser.add_argument("--budget", type=float, default=CLEAN_BUDGET)
    args = parser.parse_args()
    saved = numpy.load(args.scores)
    scores, positive, clean = saved["scores"], saved["positive"], saved["clean"]
    choosers: dict[str, Chooser] = {
        "one greedy choice": choose_thresholds,
        f"median of {THRESHOLD_ROUNDS} resamples": steady_thresholds,
    }
    for name, choose in choosers.items():
        recalls, warned = measured(choose, scores, positive, clean, args.budget)
        print(f"{name:24s} mean recall {recalls.mean():.3f}  clean warned {warned:.2%}  "
              f"spread of a head's recall between splits {recalls.std(0).mean():.3f}")
        print("    per head " + " ".join(f"{r:.2f}" for r in recalls.mean(0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
