"""The detectors. Each module in this package is one detector with one signature:

    def detect(draft: Draft) -> list[Hint]

Adding a detector is adding a module here (and its rules and examples under data/rules/);
``all_detectors`` is the one place they are gathered, in a stable order.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..draft import Draft
from ..hints import Hint

DetectFunction = Callable[[Draft], list[Hint]]


@dataclass(frozen=True)
class Detector:
    name: str
    detect: DetectFunction


@cache
def all_detectors() -> tuple[Detector, ...]:
    found: list[Detector] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        detect = getattr(module, "detect", None)
        if callable(detect):
            found.append(Detector(info.name, detect))
    return tuple(found)
