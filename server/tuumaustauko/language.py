"""Which of fi, sv, en a draft is written in.

langdetect (seeded, so the same draft always gets the same answer) decides for drafts
with enough words; short drafts, and drafts where langdetect names none of the three,
are decided by counting each language's most common function words and letters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from .hints import LANGS, Lang

DEFAULT_LANG: Lang = "fi"
MIN_LETTERS_FOR_LANGDETECT = 25

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[#@]\w+|\d+")
_WORD = re.compile(r"[^\W\d_]+")

_FUNCTION_WORDS: dict[Lang, frozenset[str]] = {
    "fi": frozenset(
        "ja on ei se että mutta kun jos niin myös tämä tämän ole olen olemme ovat oli kuin "
        "tai mitä miten minä sinä hän me te he meillä minulla vielä nyt jo kaikki koska "
        "mielestäni kiitos hei moi huomenna tänään".split()
    ),
    "sv": frozenset(
        "och är inte det att men när om så också den detta jag du han hon vi ni de har "
        "var som eller vad hur med för på av till från mycket tack hej idag imorgon".split()
    ),
    "en": frozenset(
        "and is not the that but when if so also this i you he she we they have has was "
        "were are or what how with for on of to from very thanks hello today tomorrow".split()
    ),
}


@lru_cache(maxsize=1)
def _seed_langdetect() -> None:
    DetectorFactory.seed = 0


def _vote(text: str) -> Lang | None:
    words = [w.lower() for w in _WORD.findall(text)]
    scores: dict[Lang, float] = {lang: 0.0 for lang in LANGS}
    for w in words:
        for lang in LANGS:
            if w in _FUNCTION_WORDS[lang]:
                scores[lang] += 1.0
        if "å" in w:
            scores["sv"] += 0.5
        elif "ä" in w or "ö" in w:
            scores["fi"] += 0.3
            scores["sv"] += 0.1
        if w.endswith(("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "nen", "ksi")):
            scores["fi"] += 0.5
    best = max(LANGS, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else None


def detect_language(text: str, hint: str | None = None) -> Lang:
    """The draft's language: the hint when given, else detected; never fails."""
    if hint in LANGS:
        return cast(Lang, hint)
    cleaned = _NOISE.sub(" ", text)
    letters = sum(1 for c in cleaned if c.isalpha())
    voted = _vote(cleaned)
    if letters < MIN_LETTERS_FOR_LANGDETECT:
        return voted or DEFAULT_LANG
    _seed_langdetect()
    try:
        candidates = detect_langs(cleaned)
    except LangDetectException:
        return voted or DEFAULT_LANG
    for candidate in candidates:
        if candidate.lang in LANGS and candidate.prob >= 0.2:
            return cast(Lang, candidate.lang)
    return voted or DEFAULT_LANG
