"""Finnish henkilötunnus and Swedish personnummer, validated with python-stdnum.

A candidate with a wrong check character or an impossible date is not an identifier
and gives no hint at all.
"""

from __future__ import annotations

import re

from stdnum.fi import hetu
from stdnum.se import personnummer

from ..analysis import Draft
from ..hints import Hint
from ..ruledata import load_ruleset

RULES = load_ruleset("personal_data")
RULE = RULES.rule("pd-national-id")

HETU_CANDIDATE = re.compile(r"(?<![\w-])\d{6}[-+ABCDEFYXWVU]\d{3}[0-9A-Y](?![\w-])")
PERSONNUMMER_CANDIDATE = re.compile(r"(?<![\w+-])(?:\d{2})?\d{6}[-+]\d{4}(?![\w-])|(?<![\w+-])(?:19|20)\d{10}(?!\w)")


def _valid_hetu(candidate: str) -> bool:
    return bool(hetu.is_valid(candidate, allow_temporary=True))


def detect(draft: Draft) -> list[Hint]:
    hints = [
        RULE.hint(draft, m.start(), m.end()) for m in HETU_CANDIDATE.finditer(draft.text) if _valid_hetu(m.group())
    ]
    for m in PERSONNUMMER_CANDIDATE.finditer(draft.text):
        if personnummer.is_valid(m.group()) and not any(h.overlaps(m.start(), m.end()) for h in hints):
            hints.append(RULE.hint(draft, m.start(), m.end()))
    return hints
