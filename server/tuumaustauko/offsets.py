"""Code-point offsets (Python) to UTF-16 code units (JavaScript), used only at the HTTP edge."""

from __future__ import annotations

import re
from itertools import accumulate

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    return len(text) + len(_ASTRAL.findall(text))


class Utf16Offsets:
    """Maps code-point offsets of one text to UTF-16 offsets; free when the text has no astral characters."""

    def __init__(self, text: str) -> None:
        if _ASTRAL.search(text) is None:
            self._table: list[int] | None = None
        else:
            widths = (2 if ord(c) > 0xFFFF else 1 for c in text)
            self._table = [0, *accumulate(widths)]

    def __call__(self, offset: int) -> int:
        return offset if self._table is None else self._table[offset]
