"""Every should-flag and should-pass example in the rule data and the packs, run through the advisor.

A flag example must get a hint of its rule's category and kind, at least as severe as the
example asks (warning by default), overlapping each [[marked]] span. A pass example must
get no warning or critical hint at all: false alarms are what make people switch an
advisor off.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tuumaustauko.advisor import check
from tuumaustauko.hints import LANGS, SEVERITY_RANK
from tuumaustauko.packs import DEFAULT_PACK
from tuumaustauko.ruledata import Example, all_examples

EXAMPLES = all_examples()
CONTRACT_CATEGORIES = (
    "personal_data", "confidential", "security", "disclaimer", "official_business", "stockmann", "edit",
)


def _example_id(ex: Example) -> str:
    return f"{ex.rule_id}-{ex.expect}-{ex.lang}-{ex.text[:30]}"


def _advise(ex: Example, **options: Any):  # type: ignore[no-untyped-def]
    return check(ex.text, mode=ex.mode, lang=ex.lang, pack=ex.pack or DEFAULT_PACK, previous_text=ex.previous_text,
                 **options)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.expect == "flag"], ids=_example_id)
def test_flag_example_gets_its_hint(example: Example) -> None:
    # The whole draft read (a head that finds nothing of its kind overrules the rule's words): the same answer
    # however fast the machine, as the service gives once its encoder keeps up.
    advice = _advise(example, budget_ms=None)
    wanted = [
        h for h in advice.hints
        if h.category == example.category and h.kind == example.kind
        and SEVERITY_RANK[h.severity] >= SEVERITY_RANK[example.severity]
    ]
    got = [(h.category, h.kind, h.severity, example.text[h.start:h.end]) for h in advice.hints]
    assert wanted, f"no {example.category}/{example.kind} hint; got {got}"
    for start, end in example.marked:
        assert any(h.is_document_level or h.overlaps(start, end) for h in wanted), (
            f"no hint over {example.text[start:end]!r}; got {got}"
        )


def _alarms(example: Example, meaning: bool) -> list[tuple[str, str, str, str, str]]:
    advice = _advise(example, budget_ms=None, meaning=meaning)
    return [
        (h.category, h.kind, h.severity, example.text[h.start:h.end], h.source)
        for h in advice.hints if h.severity != "info"
    ]


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.expect == "pass"], ids=_example_id)
def test_pass_example_gets_no_warning_from_the_rules(example: Example) -> None:
    alarms = _alarms(example, meaning=False)
    assert not alarms, f"false alarm: {alarms}"


# The meaning layer's heads are trained on these examples too, but a head is a statistical model:
# its target (issue 11) is at most 2 % of clean drafts warned, not none. The pass examples are the
# hardest near misses there are, written against the rules' words.
MEANING_FALSE_ALARM_SHARE = 0.02


def test_the_meaning_layer_warns_at_most_two_percent_of_the_pass_examples() -> None:
    passes = [e for e in EXAMPLES if e.expect == "pass"]
    alarmed = [(e.rule_id, e.text[:60], alarms) for e in passes
               if (alarms := [a for a in _alarms(e, meaning=True) if a[4].startswith("meaning:")])]
    assert len(alarmed) <= MEANING_FALSE_ALARM_SHARE * len(passes), alarmed


def test_every_category_has_five_flag_and_five_pass_examples_per_language() -> None:
    counts = Counter((e.category, e.expect, e.lang) for e in EXAMPLES)
    missing = [
        f"{category}/{expect}/{lang}: {counts[(category, expect, lang)]}"
        for category in CONTRACT_CATEGORIES for expect in ("flag", "pass") for lang in LANGS
        if counts[(category, expect, lang)] < 5
    ]
    assert not missing, "fewer than 5 examples: " + ", ".join(missing)
