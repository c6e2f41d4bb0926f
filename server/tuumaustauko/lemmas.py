"""Lemmas of the words the rule data speaks of, from a small table made by ``make lemmas``.

A word rule written without wildcards (``ministeriö``) also matches the word's inflected
forms through the token's lemma. The full dictionaries of a lemmatizer take seconds to load
and hundreds of MB (simplemma's Finnish one: 13 s and 400 MB), so ``models/build_lemmas.py``
keeps, for each language, only the forms whose lemma is a word of the rule data, packs or
name lists. The table records a digest of that vocabulary; a test fails when the data has
changed and the table was not rebuilt.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from .datafiles import load_yaml
from .hints import Lang

# Keys whose values are prose or examples, not vocabulary.
PROSE_KEYS = frozenset({"examples", "message", "suggestion", "reason", "replacement", "title", "text", "name",
                        "source_document", "section", "description"})
DATA_FOLDERS = ("rules", "packs", "names")
_WORD = re.compile(r"[^\W\d_]+")
DIGEST_PREFIX = "# vocabulary-sha256 "


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if str(key) not in PROSE_KEYS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# The first names generated from Faker's lists (scripts/more_first_names.py) are no words of any rule: a name is
# read by its own stems (detectors/_people.py), and simplemma would give some a verb's forms ("anastasia": anastaa).
NOT_VOCABULARY = frozenset({"names/from_faker.yaml"})


def _data_files() -> Iterator[Any]:
    root = resources.files("tuumaustauko").joinpath("data")
    for folder in DATA_FOLDERS:
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml") and f"{folder}/{entry.name}" not in NOT_VOCABULARY:
                yield entry


def vocabulary() -> frozenset[str]:
    """Every whole word (no wildcard, no regex) written in the rule data, packs and name lists."""
    words: set[str] = set()
    for entry in _data_files():
        for text in _strings(load_yaml(entry.read_text(encoding="utf-8"))):
            for piece in text.lower().split():
                if "*" in piece or "\\" in piece or "(" in piece or "[" in piece:
                    continue
                words.update(_WORD.findall(piece))
    return frozenset(words)


def vocabulary_digest() -> str:
    return hashlib.sha256("\n".join(sorted(vocabulary())).encode("utf-8")).hexdigest()


def table_text(lang: Lang) -> str:
    return resources.files("tuumaustauko").joinpath(f"data/lemmas/{lang}.tsv").read_text(encoding="utf-8")


def table_digest(lang: Lang) -> str:
    first = table_text(lang).split("\n", 1)[0]
    return first.removeprefix(DIGEST_PREFIX).strip() if first.startswith(DIGEST_PREFIX) else ""


@cache
def lemma_table(lang: Lang) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in table_text(lang).splitlines():
        if line and not line.startswith("#"):
            form, _, lemma = line.partition("\t")
            table[form] = lemma
    return table


def lemma_of(word: str, lang: Lang) -> str:
    """The lemma of a lowercase word when it is a form of a word the data speaks of; else the word."""
    return lemma_table(lang).get(word, word)
