"""Every rule in data/rules/ that matches by itself (its own ``terms`` or ``patterns``).

Rules that only carry messages for a Python detector (no ``terms``, no ``patterns``) are
left to that detector; their word lists live under other keys of the rule.
"""

from __future__ import annotations

from ..draft import Draft
from ..hints import Hint
from ..ruledata import all_rulesets


def detect(draft: Draft) -> list[Hint]:
    return [hint for ruleset in all_rulesets() for hint in ruleset.apply(draft)]
