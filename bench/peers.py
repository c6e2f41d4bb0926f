"""The peers' own test cases (tests/data/peers/) run through the advisor, the rules' path.

    PYTHONPATH=server python bench/peers.py      # the figures; tests/test_peer_suites.py holds them

Presidio's recognizer cases: a positive (an expected span) is found when a ``warning`` or
``critical`` hint of the case's kind overlaps it; a negative case (no span) is warned when it
gets such a hint of that kind. gitleaks' examples: a true positive is found, and a false
positive warned, when the draft gets a ``security/credential`` hint that is not ``info``.
Cases LABELS.md judges differently from the peer are listed with the reason in
tests/data/peers/exceptions.yaml; the figures count them as the peer does, and apart.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "tests" / "data" / "peers"
sys.path.insert(0, str(ROOT / "server"))

from tuumaustauko.advisor import check  # noqa: E402
from tuumaustauko.hints import Hint  # noqa: E402

PRESIDIO_LANG = "en"  # the cases are English sentences or bare identifiers
GITLEAKS_LANG = "en"


def read_jsonl(name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = [json.loads(line) for line in (PEERS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[0]["_meta"], rows[1:]


def exceptions() -> dict[tuple[str, str, str], str]:
    """(suite, case text, "tp"|"fp"|"positive"|"negative") -> why LABELS.md judges it differently."""
    listed = yaml.safe_load((PEERS / "exceptions.yaml").read_text(encoding="utf-8"))
    return {(e["suite"], e["text"], e["expect"]): e["reason"] for e in listed["cases"]}


def _alarms(text: str, lang: str, kinds: tuple[str, ...]) -> list[Hint]:
    advice = check(text, lang=lang, meaning=False, budget_ms=None)
    return [h for h in advice.hints if h.kind in kinds and h.severity != "info"]


@dataclass
class Tally:
    """Cases of one suite: found/total positives, warned/total negatives, and which were missed."""
    positives: int = 0
    found: int = 0
    negatives: int = 0
    warned: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (text, what) of misses and alarms

    def line(self, name: str) -> str:
        return (f"{name}: {self.found} of {self.positives} positives found"
                + (f" ({self.found / self.positives:.3f})" if self.positives else "")
                + f", {self.warned} of {self.negatives} negatives warned")


def presidio_tallies() -> Iterator[tuple[str, dict[str, Any], Tally]]:
    """One tally per Presidio suite; each case's expectation key is (suite, text, positive|negative)."""
    _, rows = read_jsonl("presidio.jsonl")
    tallies: dict[str, Tally] = {}
    for row in rows:
        tally = tallies.setdefault(row["suite"], Tally())
        hints = _alarms(row["text"], PRESIDIO_LANG, (row["kind"],))
        if not row["spans"]:
            tally.negatives += 1
            if hints:
                tally.warned += 1
                tally.missed.append((row["text"], "negative"))
        for start, end in row["spans"]:
            tally.positives += 1
            if any(h.overlaps(start, end) for h in hints):
                tally.found += 1
            else:
                tally.missed.append((row["text"], "positive"))
    for suite, tally in tallies.items():
        yield suite, {}, tally


def gitleaks_tally() -> Tally:
    _, rows = read_jsonl("gitleaks.jsonl")
    tally = Tally()
    for row in rows:
        hit = bool(_alarms(row["text"], GITLEAKS_LANG, ("credential",)))
        if row["label"] == "tp":
            tally.positives += 1
            tally.found += hit
            if not hit:
                tally.missed.append((row["text"], "tp"))
        else:
            tally.negatives += 1
            tally.warned += hit
            if hit:
                tally.missed.append((row["text"], "fp"))
    return tally


def main() -> int:
    listed = exceptions()
    for suite, _, tally in presidio_tallies():
        print(tally.line(f"presidio {suite}"))
        for text, what in tally.missed:
            print(f"   {'listed' if (suite, text, what) in listed else 'NEW':6} {what}: {text[:100]!r}")
    tally = gitleaks_tally()
    print(tally.line("gitleaks"))
    for text, what in tally.missed:
        print(f"   {'listed' if ('gitleaks', text, what) in listed else 'NEW':6} {what}: {text[:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
