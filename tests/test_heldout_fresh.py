"""Every category on bench/heldout_fresh.jsonl: 90 drafts in fi, sv and en written apart from the
rules and the other sets, a third of them clean near misses. Unseen it gave recall 0.66 (44 of 67)
with no clean draft warned; the rules were then generalised from its misses (2026-12-01: recall
0.93). This keeps what was gained and keeps every clean draft unwarned. bench/heldout_fresh2.jsonl
is the set still kept unseen (make bench scores it)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from heldout import scored  # noqa: E402
from scoring import problem_scores  # noqa: E402


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return scored("heldout_fresh.jsonl", problem_scores)


def test_the_problems_the_rules_were_generalised_from_are_found(scores: dict[str, Any]) -> None:
    assert scores["problems"] >= 60
    assert scores["recall"] >= 0.9


def test_no_clean_near_miss_is_warned(scores: dict[str, Any]) -> None:
    warned, clean = (int(n) for n in scores["clean_drafts_with_false_alarm"].split("/"))
    assert clean >= 30
    assert warned == 0
    assert scores["false_alarms"] <= 5


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, Any]:
    return scored("dev_fresh3.jsonl", problem_scores)


def test_the_development_set_problems_are_found_and_its_clean_drafts_stay_quiet(dev_scores: dict[str, Any]) -> None:
    # bench/dev_fresh3.jsonl: 135 drafts written apart from the rules for the weakest kinds; the
    # rules were generalised from its misses (recall 0.46 -> 0.83, clean drafts warned 4 -> 1 of 45).
    assert dev_scores["problems"] >= 100
    assert dev_scores["recall"] >= 0.8
    warned, clean = (int(n) for n in dev_scores["clean_drafts_with_false_alarm"].split("/"))
    assert clean >= 45 and warned <= 1
