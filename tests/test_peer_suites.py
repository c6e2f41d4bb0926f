"""The peers' own test cases, which no one here wrote: Presidio's recognizer tests and gitleaks' rule examples.

The cases are committed under tests/data/peers/ (scripts/peer_cases.py converted them; nothing is
fetched here) and scored by bench/peers.py, which prints the same figures. Cases LABELS.md judges
differently from the peer are listed with the reason in tests/data/peers/exceptions.yaml.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from peers import Tally, exceptions, gitleaks_tally, presidio_tallies, read_jsonl  # noqa: E402

LISTED = exceptions()
MAX_NEGATIVES_WARNED = 0.02  # Presidio's negative cases
MIN_GITLEAKS_RECALL = 0.95
MAX_GITLEAKS_FALSE_POSITIVES_WARNED = 0.05


@cache
def presidio() -> dict[str, Tally]:
    return {suite: tally for suite, _, tally in presidio_tallies()}


@cache
def gitleaks() -> Tally:
    return gitleaks_tally()


@pytest.mark.parametrize("name", ["presidio.jsonl", "gitleaks.jsonl"])
def test_peer_data_names_its_source_commit_and_licence(name: str) -> None:
    meta, rows = read_jsonl(name)
    assert meta["source"].startswith("https://github.com/") and len(meta["commit"]) == 40
    assert meta["licence"] == "MIT" and rows


@pytest.mark.parametrize("suite", sorted({r["suite"] for r in read_jsonl("presidio.jsonl")[1]}))
def test_every_presidio_positive_is_found_unless_listed(suite: str) -> None:
    tally = presidio()[suite]
    unlisted = [text for text, what in tally.missed if what == "positive" and (suite, text, what) not in LISTED]
    assert not unlisted, f"{tally.line(suite)}; missed and not listed: {unlisted}"


def test_at_most_two_percent_of_presidio_negatives_are_warned() -> None:
    negatives = sum(t.negatives for t in presidio().values())
    warned = sum(t.warned for t in presidio().values())
    assert negatives > 150
    assert warned / negatives <= MAX_NEGATIVES_WARNED, [(s, m) for s, t in presidio().items() for m in t.missed
                                                        if m[1] == "negative"]


def test_gitleaks_true_positives_are_found_with_recall_of_at_least_0_95() -> None:
    tally = gitleaks()
    assert tally.positives > 400
    assert tally.found / tally.positives >= MIN_GITLEAKS_RECALL, tally.line("gitleaks")


def test_at_most_five_percent_of_gitleaks_false_positives_are_warned() -> None:
    tally = gitleaks()
    assert tally.negatives > 200
    assert tally.warned / tally.negatives <= MAX_GITLEAKS_FALSE_POSITIVES_WARNED, tally.line("gitleaks")


def test_every_gitleaks_alarm_and_miss_is_listed_with_its_reason() -> None:
    unlisted = [(what, text[:80]) for text, what in gitleaks().missed if ("gitleaks", text, what) not in LISTED]
    assert not unlisted


def test_every_listed_exception_is_still_judged_differently() -> None:
    """A listed case the advisor now judges as the peer does is taken off the list."""
    judged = {(suite, text, what) for suite, tally in presidio().items() for text, what in tally.missed}
    judged |= {("gitleaks", text, what) for text, what in gitleaks().missed}
    stale = [key for key in LISTED if key not in judged]
    assert not stale
