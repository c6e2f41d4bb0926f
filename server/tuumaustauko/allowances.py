"""The writer's own allowances ("always allow this"): one kind on one exact text, left out of every draft.

An allowance is ``(kind, text)``. A hint of that kind whose span text equals ``text``, case and
runs of white space ignored, is no hint. Never a hint of severity ``critical``, and never the kinds
in ``data/allow.yaml`` (a valid identity code, a card, a secret, a marking), whatever text they carry.
Allowances are the writer's own: nothing here logs, stores or sends them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .datafiles import read_data_yaml
from .hints import Hint

MAX_ENTRIES = 500  # allowances in one request or file (../shared/API.md)
MAX_TEXT = 200  # characters of one allowance's text
MAX_KIND = 64  # characters of one allowance's kind


class AllowanceError(ValueError):
    """A malformed list of allowances. The message says where and what, never the allowance's text."""


def normalise(text: str) -> str:
    """What an allowance and a span are compared by: case folded, runs of white space one space, trimmed."""
    return " ".join(text.split()).casefold()


@cache
def never_allowed() -> frozenset[str]:
    """The kinds no allowance ever applies to (``data/allow.yaml``)."""
    return frozenset(read_data_yaml("allow.yaml")["never_allowed"])


@dataclass(frozen=True)
class Allowances:
    """A set of allowances, ready to compare spans with. Empty: nothing is allowed."""

    keys: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str]], where: str = "Allowance {n}") -> Allowances:
        """From ``(kind, text)`` pairs, checked against the contract's limits (AllowanceError if not).
        ``where`` names an entry in a message (``{n}``: its number, from 1)."""
        keys: set[tuple[str, str]] = set()
        for number, (kind, text) in enumerate(entries, start=1):
            if number > MAX_ENTRIES:
                raise AllowanceError(f"At most {MAX_ENTRIES} allowances.")
            keys.add(_checked(kind, text, where.format(n=number)))
        return cls(frozenset(keys))

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def ignored(self) -> frozenset[tuple[str, str]]:
        """The allowances that never apply (their kind is never allowed)."""
        banned = never_allowed()
        return frozenset(k for k in self.keys if k[0] in banned)

    def allows(self, hint: Hint, text: str) -> bool:
        """Whether ``hint`` (code-point offsets into ``text``) is one the writer has allowed."""
        if not self.keys or hint.severity == "critical" or hint.is_document_level:
            return False
        if hint.kind in never_allowed():
            return False
        return (hint.kind, normalise(text[hint.start:hint.end])) in self.keys

    def kept(self, hints: Sequence[Hint], text: str) -> list[Hint]:
        """The hints that no allowance covers (the advisor counts the allowed ones after merging,
        as the writer would have seen them)."""
        return [h for h in hints if not self.allows(h, text)]


NO_ALLOWANCES = Allowances()


def _checked(kind: object, text: object, where: str) -> tuple[str, str]:
    if not isinstance(kind, str) or not isinstance(text, str):
        raise AllowanceError(f"{where}: kind and text must be strings.")
    kind = kind.strip()
    if not kind or len(kind) > MAX_KIND:
        raise AllowanceError(f"{where}: the kind must be 1 to {MAX_KIND} characters.")
    if len(text) > MAX_TEXT:
        raise AllowanceError(f"{where}: the text may be at most {MAX_TEXT} characters.")
    norm = normalise(text)
    if not norm:
        raise AllowanceError(f"{where}: the text must not be empty.")
    return kind, norm


def read_allow_lines(lines: Iterable[str]) -> Allowances:
    """``kind<TAB>text`` a line; blank lines and lines starting with ``#`` are skipped. A message
    names the line by its number."""
    keys: set[tuple[str, str]] = set()
    entries = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, tab, text = line.partition("\t")
        if not tab:
            raise AllowanceError(f"Line {number}: expected kind<TAB>text.")
        entries += 1
        if entries > MAX_ENTRIES:
            raise AllowanceError(f"Line {number}: at most {MAX_ENTRIES} allowances.")
        keys.add(_checked(kind, text, f"Line {number}"))
    return Allowances(frozenset(keys))


def read_allow_file(path: str | Path) -> Allowances:
    """The allowances of a file of ``kind<TAB>text`` lines (AllowanceError, OSError, UnicodeDecodeError)."""
    with open(path, encoding="utf-8") as handle:
        return read_allow_lines(handle)
