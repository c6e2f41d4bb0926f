"""No catastrophic regex: every pattern, and the whole advisor, on adversarial drafts at the size limit.

Backtracking blow-ups grow exponentially or quadratically with the input, so at 20,000 code
units a bad pattern takes seconds to forever; a linear one takes milliseconds. Times are CPU
time of this process, the best of three, so that a busy machine does not decide the result.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tuumaustauko import detectors
from tuumaustauko.advisor import check
from tuumaustauko.api.schemas import MAX_TEXT_UTF16
from tuumaustauko.packs import available_packs
from tuumaustauko.ruledata import all_rulesets
from tuumaustauko.secret_rules import gitleaks_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from drafts import adversarial_drafts  # noqa: E402

N = MAX_TEXT_UTF16
ADVERSARIAL = adversarial_drafts(N)
PATTERN_BUDGET_S = 0.2  # a quadratic pattern takes seconds on these inputs; linear ones take 0-60 ms
# A catastrophic pattern takes seconds on these drafts; the advisor takes 25-60 ms of CPU on an idle
# machine. The 100 ms target for a 20,000-unit draft is measured by `make bench` (timed tests fail
# on a busy machine, so this only catches what is far off).
DRAFT_BUDGET_S = 1.0


def cpu_time(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def all_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for ruleset in all_rulesets():
        for rule in ruleset.rules:
            for lang, patterns in rule.patterns.items():
                for i, pattern in enumerate(patterns):
                    found.setdefault(f"{rule.id}:{lang}:{i}", pattern)
            for lang, lexicon in rule.terms.items():
                for i, pattern in enumerate(lexicon.patterns):
                    found.setdefault(f"{rule.id}:terms:{lang}:{i}", pattern)
    for pack in available_packs():
        for what, lexicons in (("organisation", pack.organisation), ("topics", pack.topics)):
            for lang, lexicon in lexicons.items():
                for i, pattern in enumerate(lexicon.patterns):
                    found.setdefault(f"pack {pack.id}:{what}:{lang}:{i}", pattern)
    for rule in gitleaks_rules().rules:
        found[f"gitleaks:{rule.id}"] = rule.regex
    # Every module of the detectors' package: the detectors and what they share (_people.py, ...).
    for info in pkgutil.iter_modules(detectors.__path__):
        module = importlib.import_module(f"tuumaustauko.detectors.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.setdefault(f"{info.name}.{name}", value)
    return found


PATTERNS = all_patterns()


def test_there_are_patterns_to_check() -> None:
    assert len(PATTERNS) >= 5


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_adversarial_input(name: str) -> None:
    pattern = PATTERNS[name]
    slow = {label: t for label, text in ADVERSARIAL.items()
            if (t := cpu_time(lambda text=text: sum(1 for _ in pattern.finditer(text)))) > PATTERN_BUDGET_S}
    assert not slow, f"{name} is slow on {slow}"


def keyword_drafts(keyword: str) -> dict[str, str]:
    """Drafts at the size limit made of a secret rule's keyword, so that its expression runs and
    its keyword matches all along the draft (the adversarial drafts above rarely wake a rule)."""
    return {
        "keyword and space": (keyword + " ") * (N // (len(keyword) + 1)),
        "keyword and equals": (keyword + "=") * (N // (len(keyword) + 1)),
        "keyword, assignment, short value": (keyword + " = a1b2") * (N // (len(keyword) + 7)),
        "keyword, then letters": keyword + " " + "a" * (N - len(keyword) - 1),
        "keyword lines": (keyword + "\n") * (N // (len(keyword) + 1)),
        "keyword and dashes": (keyword + "-a1") * (N // (len(keyword) + 3)),
    }


@pytest.mark.parametrize("rule", gitleaks_rules().rules, ids=lambda r: r.id)
def test_a_secret_rule_is_linear_on_drafts_made_of_its_keywords(rule) -> None:  # type: ignore[no-untyped-def]
    drafts = {f"{k}: {label}": text for k in rule.keywords for label, text in keyword_drafts(k).items()}
    slow = {label: t for label, text in drafts.items()
            if (t := cpu_time(lambda text=text: sum(1 for _ in rule.regex.finditer(text)))) > PATTERN_BUDGET_S}
    assert not slow, f"{rule.id} is slow on {slow}"


@pytest.mark.parametrize("label", sorted(ADVERSARIAL))
def test_a_draft_at_the_size_limit_is_answered_in_bounded_time(label: str) -> None:
    text = ADVERSARIAL[label]
    # Each run sees a draft it has not seen before: spaCy's tokenizer caches what it has split,
    # which once hid a quadratic split of long punctuation runs behind a warm-up.
    variants = iter(f"{i} {text}"[: len(text)] for i in range(10))
    elapsed = cpu_time(lambda: check(next(variants), lang="fi"))
    assert elapsed < DRAFT_BUDGET_S, f"{label}: {elapsed * 1000:.0f} ms"


def test_long_runs_are_cut_for_the_tokenizer_and_offsets_keep() -> None:
    from tuumaustauko.analysis import MAX_RUN
    from tuumaustauko.draft import analyse

    text = "Katso " + "!" * 500 + " ja " + "x" * (MAX_RUN * 3)
    draft = analyse(text, lang="fi")
    assert all(draft.text[t.start:t.end] == t.text for t in draft.tokens)
    assert all(len(t.text) <= MAX_RUN for t in draft.tokens)
    assert [t.text for t in draft.tokens[:1]] == ["Katso"]
