"""The guideline's ten rules for participants, in fi, sv and en (data/guideline_rules.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .datafiles import load_yaml
from .hints import LANGS


@dataclass(frozen=True)
class GuidelineRule:
    id: int
    title: str
    text: str
    source: str


@cache
def _data() -> dict[str, Any]:
    text = resources.files("tuumaustauko").joinpath("data/guideline_rules.yaml").read_text(encoding="utf-8")
    return dict(load_yaml(text))


def rule_numbers() -> list[int]:
    return [int(r["id"]) for r in _data()["rules"]]


def guideline_rule(number: int, lang: str = "fi") -> GuidelineRule:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    data = _data()
    for r in data["rules"]:
        if int(r["id"]) == number:
            source = f"{data['source_document'][lang]}, {r['section']}"
            return GuidelineRule(id=number, title=r["title"][lang], text=r["text"][lang], source=source)
    raise KeyError(number)


def guideline_rules(lang: str = "fi") -> list[GuidelineRule]:
    return [guideline_rule(n, lang) for n in rule_numbers()]
