"""International bank account numbers, validated with python-stdnum (ISO 13616 checksum).

A candidate is two letters, two check digits and the account part, written in one run or
in groups of four, separated by spaces or dashes (FI21 1234 5600 0007 85, AL47-2121-1009-…).
A candidate whose checksum fails is not an account number and gets no hint; a valid one is
``critical``.
"""

from __future__ import annotations

import re

from stdnum import iban

from ..draft import Draft
from ..hints import Hint
from ..ruledata import load_ruleset

RULE = load_ruleset("personal_data_contact").rule("pd-iban")

# Country code and check digits, then up to 30 letters or digits, single spaces or dashes between.
CANDIDATE = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){10,30}(?![\w-])")


def find_ibans(text: str) -> list[tuple[int, int]]:
    """Spans of valid IBANs; a candidate that ran into the next word is shortened at a space."""
    found: list[tuple[int, int]] = []
    for m in CANDIDATE.finditer(text):
        raw = m.group()
        cuts = [len(raw)] + [i for i in range(len(raw) - 1, 0, -1) if raw[i] in " -"]
        for cut in cuts:
            if iban.is_valid(raw[:cut]):
                found.append((m.start(), m.start() + cut))
                break
    return found


def detect(draft: Draft) -> list[Hint]:
    return [RULE.hint(draft, start, end) for start, end in find_ibans(draft.text)]
