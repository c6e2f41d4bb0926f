"""The advisor's findings, in code-point offsets (UTF-16 only at the HTTP edge)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["info", "warning", "critical"]
Mode = Literal["official", "hybrid", "private"]
Lang = Literal["fi", "sv", "en"]

LANGS: tuple[Lang, ...] = ("fi", "sv", "en")
MODES: tuple[Mode, ...] = ("official", "hybrid", "private")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}

CATEGORY_ID_PREFIX = {
    "personal_data": "pd",
    "confidential": "conf",
    "security": "sec",
    "disclaimer": "disc",
    "official_business": "off",
    "stockmann": "st",
    "edit": "edit",
}

# What a hint adds to the Stockmann score when its rule gives no weight of its own:
# a leak nobody would shout aloud under the clock counts too.
DEFAULT_STOCKMANN_WEIGHT = {"info": 0.0, "warning": 0.3, "critical": 0.65}


@dataclass(frozen=True, slots=True)
class Hint:
    category: str
    kind: str
    severity: Severity
    rule: int
    start: int
    end: int
    message: str
    suggestion: str
    replacement: str | None = None
    # Contribution to the Stockmann score (None: the default for the severity) and the short reason shown.
    weight: float | None = None
    reason: str | None = None
    # Which data rule produced the hint (for tests and debugging; never shown to the user).
    source: str = field(default="", compare=False)

    @property
    def is_document_level(self) -> bool:
        return self.start == self.end

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    @property
    def stockmann_weight(self) -> float:
        return DEFAULT_STOCKMANN_WEIGHT[self.severity] if self.weight is None else self.weight

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end
