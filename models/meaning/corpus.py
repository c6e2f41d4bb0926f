"""The meaning layer's labelled drafts: reading, checking and turning quotes into offsets.

A corpus file is JSON Lines, one draft a line, as its writers wrote it:

    {"lang": "fi", "mode": "hybrid", "platform": "x.com", "text": "...",
     "problems": [{"category": "stockmann", "kind": "gossip", "quote": "exact words of the text"}]}

``quote`` is an exact substring of ``text`` that carries the problem (a document-level problem
may quote its main sentence, or give ""); a clean draft has ``"problems": []``. ``load`` turns
quotes into code-point offsets (``start``, ``end``), the form of the bench's labelled sets.

    python models/meaning/corpus.py FILE...    # check files: prints counts and every bad line
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LANGS = ("fi", "sv", "en")
MODES = ("official", "hybrid", "private")
KINDS: dict[str, tuple[str, ...]] = {
    "personal_data": ("national_id", "phone", "email", "iban", "payment_card", "address", "person_name",
                      "health", "special_category", "license_plate", "birth_date"),
    "confidential": ("classification", "secrecy", "internal", "embargo", "pre_decision"),
    "security": ("credential", "internal_link"),
    "disclaimer": ("missing", "personal_in_official", "work_email"),
    "official_business": ("official_channel",),
    "stockmann": ("insult", "profanity", "shouting", "threat", "gossip", "loyalty", "absence", "regret"),
    "edit": ("unmarked_edit",),
}


def problems_of(row: dict[str, Any]) -> list[str]:
    """What is wrong with one written row ([] when it is well formed)."""
    errors = []
    if row.get("lang") not in LANGS:
        errors.append(f"lang {row.get('lang')!r} is not one of {LANGS}")
    if row.get("mode") not in MODES:
        errors.append(f"mode {row.get('mode')!r} is not one of {MODES}")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return errors + ["text is missing or empty"]
    problems = row.get("problems")
    if not isinstance(problems, list):
        return errors + ["problems must be a list ([] for a clean draft)"]
    for p in problems:
        if not isinstance(p, dict):
            errors.append(f"problem {p!r} is not an object")
            continue
        if p.get("kind") not in KINDS.get(p.get("category", ""), ()):
            errors.append(f"{p.get('category')}/{p.get('kind')} is not a kind of API.md")
        quote = p.get("quote", "")
        if not isinstance(quote, str) or (quote and quote not in text):
            errors.append(f"quote {quote!r} is not an exact substring of text")
    return errors


def with_offsets(row: dict[str, Any]) -> dict[str, Any]:
    """The row with each problem's quote located: ``start``/``end`` (0/0 for an empty quote)."""
    out = dict(row)
    located = []
    for p in row["problems"]:
        quote = p.get("quote", "")
        start = row["text"].find(quote) if quote else 0
        located.append({**p, "start": start, "end": start + len(quote)})
    out["problems"] = located
    return out


def read(path: Path) -> Iterable[tuple[int, dict[str, Any] | None, list[str]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, [f"not JSON: {exc}"]
                continue
            yield number, row, problems_of(row) if isinstance(row, dict) else ["not an object"]


def load(path: Path) -> list[dict[str, Any]]:
    """The well-formed rows of a corpus file, with offsets; a malformed row is an error."""
    rows = []
    for number, row, errors in read(path):
        if errors or row is None:
            raise ValueError(f"{path}:{number}: {'; '.join(errors)}")
        rows.append(with_offsets(row))
    return rows


def main(paths: list[str]) -> int:
    bad = 0
    for name in paths:
        langs: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        clean = total = 0
        for number, row, errors in read(Path(name)):
            if errors or row is None:
                bad += 1
                print(f"{name}:{number}: {'; '.join(errors)}")
                continue
            total += 1
            langs[row["lang"]] += 1
            clean += not row["problems"]
            kinds.update(f"{p['category']}/{p['kind']}" for p in row["problems"])
        print(f"{name}: {total} drafts, {clean} clean; {dict(langs)}")
        print("  " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
