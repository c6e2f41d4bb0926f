"""Every category on bench/heldout_all.jsonl: 150 drafts in fi, sv and en labelled by
shared/LABELS.md apart from the rules, a third of them clean near misses. The rules were mended
from its misses once (2026-12-01: recall 0.68 -> 0.90, one clean draft warned); this keeps what
was gained and keeps false alarms as rare as they were."""

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
    return scored("heldout_all.jsonl", problem_scores)


def test_most_labelled_problems_of_every_category_are_found(scores: dict[str, Any]) -> None:
    assert scores["recall"] >= 0.8
    categories = {k.split("/")[0] for k in scores["recall_by_kind"]}
    for category in categories:
        recalls = [v for k, v in scores["recall_by_kind"].items() if k.startswith(category + "/")]
        assert sum(recalls) / len(recalls) >= 0.5, category


def test_clean_near_misses_are_seldom_warned(scores: dict[str, Any]) -> None:
    warned, clean = (int(n) for n in scores["clean_drafts_with_false_alarm"].split("/"))
    assert clean >= 50
    assert warned <= 2
    # Hints that meet no labelled problem of their category (2026-12-06): a missing disclaimer on four hybrid
    # posts running the ministry or its people down without saying whose view they give ("Välillä hävettää olla
    # töissä tässä ministeriössä. Johto ei kuuntele…", in fi, sv and en, and the minister's adviser called
    # clueless about rail traffic): views on the organisation's own matters by LABELS.md, which this set labels
    # loyalty (and insult) alone (advisor.views_of_the_employer); and an embargo, an internal matter and an
    # insult found on the sentence after the one labelled (the set marks "EMBARGO till kl. 12", the head the
    # sentence that hands the release out; "Internal only – do not forward" and what it marks, told next); and
    # secrecy on what a report "salassa pidettävä JulkL 24 §:n perusteella" found, told in the sentence after the
    # labelled marking ("Kulunvalvonnan löydökset olivat huolestuttavia.": the secret itself, since the secrecy
    # head's cues, data/meaning.yaml cue_share). Since the thirty-sixth session's heads (2026-12-07), two more: a
    # special category found on the sentence after the one labelled ("Did you know our new director is gay? Explains
    # the rainbow mug on his desk 😏": the innuendo goes on there), and a real one, the name greeted in a birthday post
    # ("Happy 30th, Emma! Born 21 June 1996 …", labelled birth_date alone) warned because the special-category head,
    # calibrated lower (0.80 of the build's threshold), reads the birth-date sentence as a special category.
    assert scores["false_alarms"] <= 10
