"""Finnish morphology from Voikko: each word's base forms, compound parts and word classes.

Voikko (https://voikko.puimula.org/) is the Finnish morphological analyser behind LibreOffice's
Finnish spelling. The service loads it at run time as a system library: Debian's ``libvoikko1``
(MPL 1.1 / GPL 2+ / LGPL 2.1+) with its dictionary ``voikko-fi`` (GPL 2+), through the ``libvoikko``
binding (a ctypes wrapper, MPL / GPL / LGPL). ``make install`` installs both packages.

A word is analysed once and kept (``WORD_CACHE`` words): a draft typed on is mostly words seen
before. Where the library or its dictionary is missing the service still answers, with lemmas
from the rule data's lemma table alone, and ``status()`` says ``"reduced"`` (``/health`` shows it).

What a word's analysis gives (``Word``):

- ``lemmas``: the base form of every reading, lowercase ("henkilötunnuksensa": henkilötunnus,
  henkilötuntu; "Anna": anna, antaa);
- ``last_parts`` / ``parts``: the base form of the compound's last part and of all of its parts
  ("liikenneministeriössä": ministeriö; liikenne and ministeriö), for word rules written as the
  end (``*ministeriö``) or any part (``*ministeriö*``) of a compound;
- ``classes``: Voikko's word classes (``etunimi`` first name, ``sukunimi`` surname,
  ``paikannimi`` place name, ``nimi`` other proper noun, ``nimisana`` noun, ``teonsana`` verb...).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

log = logging.getLogger(__name__)

Status = Literal["voikko", "reduced"]

FIRST_NAME = "etunimi"
SURNAME = "sukunimi"
PLACE_NAME = "paikannimi"
OTHER_NAME = "nimi"
PROPER_CLASSES = frozenset({FIRST_NAME, SURNAME, PLACE_NAME, OTHER_NAME})
VERB = "teonsana"
NOUN_CLASSES = frozenset({"nimisana", "nimisana_laatusana"})
NOMINATIVE = "nimento"
ADESSIVE = "ulkoolento"
INNER_LOCAL_CASES = frozenset({"sisaolento", "sisaeronto", "sisatulento"})  # inessive, elative, illative

# Words analysed and kept per process: about 1.2 KB each (measured on 10,000 words of the UD
# Finnish data), so at most 24 MB; a writer's drafts use far fewer different words.
WORD_CACHE = 20_000
# Longer words are not analysed (Voikko gives up on them anyway, and they are not words).
LONGEST_WORD = 60


@dataclass(frozen=True, slots=True)
class Word:
    """Voikko's readings of one word form."""

    lemmas: tuple[str, ...]  # lowercase base forms, the most likely first
    last_parts: frozenset[str]  # lowercase base form of each reading's last compound part
    parts: frozenset[str]  # lowercase base forms of every compound part of every reading
    classes: frozenset[str]
    proper_lemmas: tuple[tuple[str, str], ...]  # (class, base form as written) of proper-noun readings
    says_what_one_does: bool = False  # a finite verb of the third person singular: "on", "kertoi", "ei"
    cases: frozenset[str] = frozenset()  # Voikko's case names of the readings (nimento, omanto, sisaolento...)
    # Base forms of the noun readings with the possessive suffix of "we" ("yliopistomme", "museossamme": yliopisto,
    # museo); none when a reading is a verb ("teemme": tehdä, not our tea).
    ours: frozenset[str] = frozenset()

    @property
    def is_first_name(self) -> bool:
        return FIRST_NAME in self.classes

    @property
    def is_surname(self) -> bool:
        return SURNAME in self.classes

    @property
    def is_person_name(self) -> bool:
        return FIRST_NAME in self.classes or SURNAME in self.classes

    @property
    def is_place_only(self) -> bool:
        """A place name that is no person's name ("Helsingissä", "Tampereelle")."""
        return PLACE_NAME in self.classes and not self.is_person_name

    @property
    def is_a_place_here(self) -> bool:
        """Only a place name, in a case of being in, from or into a place ("Helsingissä",
        "Helsingistä", "Kuopioon"). Voikko knows many surnames only as places (Nieminen, Mäkelä):
        after a first name such a word is a surname unless it is in one of these cases, which
        Finnish gives places and not people (to a person: Mäkelälle; in a town: Helsingissä)."""
        return self.is_place_only and (not self.cases or self.cases <= INNER_LOCAL_CASES)

    @property
    def is_common_word(self) -> bool:
        """Some reading is not a proper noun ("Lahja": lahja, a gift; "Anna": antaa, to give)."""
        return bool(self.classes - PROPER_CLASSES)

    @property
    def is_verb(self) -> bool:
        return VERB in self.classes


def compound_parts(baseform: str, structure: str) -> list[str]:
    """The base forms of a compound's parts, from Voikko's BASEFORM and STRUCTURE: every part but
    the last as written in the word (``=`` marks where a part starts, ``-`` a hyphen), the last
    as the rest of the base form (henkilötunnus, ``=ppppppp=ppppppppppp``: henkilö, tunnus)."""
    if structure.count("=") < 2:
        return [baseform]
    heads: list[str] = []
    position = 0
    for piece in structure.split("=")[1:-1]:
        length = len(piece)
        heads.append(baseform[position : position + length].rstrip("-"))
        position += length
    if not baseform[:position].lower().rstrip("-") or position >= len(baseform):
        return [baseform]
    return [h for h in heads if h] + [baseform[position:].lstrip("-")]


# How often each case is a nominal's in Finnish text (share of nouns, adjectives, pronouns and
# numerals in the UD Finnish training split, models/build.py's split), by Voikko's case names. Of
# two readings the likelier case goes first: "henkilötunnuksensa" is henkilötunnus in the genitive
# (0.217) before henkilötuntu in the translative (0.012). A reading without a case (a verb, an
# adverb) counts as the middle.
CASE_SHARE = {
    "nimento": 0.342, "omanto": 0.217, "osanto": 0.171, "sisaolento": 0.053, "sisaeronto": 0.049,
    "sisatulento": 0.047, "ulkoolento": 0.041, "ulkotulento": 0.028, "olento": 0.022, "tulento": 0.012,
    "ulkoeronto": 0.012, "keinonto": 0.003, "seuranto": 0.001, "vajanto": 0.0005,
}
NO_CASE_SHARE = 0.05


def _likelier_first(readings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(readings, key=lambda r: -CASE_SHARE.get(str(r.get("SIJAMUOTO")), NO_CASE_SHARE))


def _word_from(readings: list[dict[str, Any]]) -> Word | None:
    readings = _likelier_first(readings)
    lemmas: list[str] = []
    last: set[str] = set()
    parts: set[str] = set()
    classes: set[str] = set()
    proper: list[tuple[str, str]] = []
    third_person = False
    cases: set[str] = set()
    ours: set[str] = set()
    for reading in readings:
        if reading.get("SIJAMUOTO"):
            cases.add(str(reading["SIJAMUOTO"]))
        third_person = third_person or _finite_third_person_singular(reading)
        base = str(reading.get("BASEFORM") or "")
        if not base:
            continue
        kind = str(reading.get("CLASS") or "")
        lemma = base.lower()
        if lemma not in lemmas:
            lemmas.append(lemma)
        pieces = [p.lower() for p in compound_parts(base, str(reading.get("STRUCTURE") or ""))]
        last.add(pieces[-1])
        parts.update(pieces)
        if kind:
            classes.add(kind)
        if kind in PROPER_CLASSES and (kind, base) not in proper:
            proper.append((kind, base))
        if kind in NOUN_CLASSES and reading.get("POSSESSIVE") == "1p":
            ours.add(lemma)
    if not lemmas:
        return None
    return Word(tuple(lemmas), frozenset(last), frozenset(parts), frozenset(classes), tuple(proper), third_person,
                frozenset(cases), frozenset() if VERB in classes else frozenset(ours))


FINITE_MOODS = frozenset({"indicative", "conditional", "potential"})


def _finite_third_person_singular(reading: dict[str, Any]) -> bool:
    return (reading.get("CLASS") in (VERB, "kieltosana") and reading.get("MOOD") in FINITE_MOODS
            and reading.get("PERSON") == "3" and reading.get("NUMBER") == "singular")


class Analyser:
    """One Voikko handle for the process, opened on first use; calls are serialised (a handle is
    not safe for two threads at once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._voikko: Any = None
        self._status: Status | None = None

    def _open(self) -> None:
        try:
            import libvoikko

            self._voikko = libvoikko.Voikko("fi")
            self._status = "voikko"
        except ImportError:
            self._status = "reduced"
            log.warning("the libvoikko binding is not installed: Finnish lemmas come from the lemma table "
                        "alone (run `make install`)")
        except Exception as exc:  # the C library or its dictionary missing: OSError, VoikkoException
            self._status = "reduced"
            log.warning("Voikko could not be opened (%s): Finnish lemmas come from the lemma table alone; "
                        "install it with `apt-get install libvoikko1 voikko-fi` (or run `make install`)",
                        type(exc).__name__)

    def status(self) -> Status:
        if self._status is None:
            with self._lock:
                if self._status is None:
                    self._open()
        assert self._status is not None
        return self._status

    def readings(self, word: str) -> list[dict[str, Any]]:
        if self.status() != "voikko":
            return []
        with self._lock:
            return list(self._voikko.analyze(word))


_ANALYSER = Analyser()


def _after_fork_in_child() -> None:
    """A lock another thread held at a fork would stay held in the child for ever: the forked workers
    of ``serve --workers N`` get fresh ones (the Voikko handle itself is shared page for page)."""
    global _CACHE_LOCK
    _ANALYSER._lock = threading.Lock()
    _CACHE_LOCK = threading.Lock()


def status() -> Status:
    """``"voikko"`` when Finnish words are analysed by Voikko, ``"reduced"`` when it is missing."""
    return _ANALYSER.status()


def _analysable(word: str) -> bool:
    return bool(word) and len(word) <= LONGEST_WORD and any(c.isalpha() for c in word)


_CACHE: dict[str, Word | None] = {}
_CACHE_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def analyse_word(word: str) -> Word | None:
    """Voikko's analysis of one lowercase Finnish word form (Voikko reads case alike: "railille" is
    Raili, a first name), or None when it knows no reading (or is not installed). Kept once made."""
    if word in _CACHE:
        return _CACHE[word]
    found = _word_from(_ANALYSER.readings(word)) if _analysable(word) else None
    with _CACHE_LOCK:
        if len(_CACHE) >= WORD_CACHE:
            for oldest in list(_CACHE)[: WORD_CACHE // 10]:  # the earliest tenth goes
                del _CACHE[oldest]
        _CACHE[word] = found
    return found


# A draft's words that were never seen before are analysed within this much time (Voikko takes
# 0.02 ms for a Finnish word and up to 0.2 ms for a made-up one: a 20,000-character draft of
# different made-up words took 130 ms) and up to this many words. The rest get the lemma table's
# lemmas in this check and Voikko's in the checks that follow, as the draft is typed on.
NEW_WORDS_BUDGET_MS = 8.0
NEW_WORDS_PER_DRAFT = 600
_every_word = False  # set by ``every_word_read``


@contextmanager
def every_word_read() -> Iterator[None]:
    """Within it, every new word is analysed however long it takes: for builds and scoring, whose
    lemmas must not depend on how busy the machine was (the heads' build read different terms while
    another process ran). Not for the service, whose checks keep the budget. Not thread-safe: it is
    for single-threaded scripts."""
    global _every_word
    before, _every_word = _every_word, True
    try:
        yield
    finally:
        _every_word = before


def analyse_words(words: list[str]) -> list[Word | None]:
    """``analyse_word`` of each lowercase word, new words within NEW_WORDS_BUDGET_MS and NEW_WORDS_PER_DRAFT."""
    if status() != "voikko":
        return [None] * len(words)
    cache = _CACHE
    fresh = 0
    deadline = time.perf_counter() + NEW_WORDS_BUDGET_MS / 1000
    out: list[Word | None] = []
    for word in words:
        if word in cache:
            out.append(cache[word])
        elif _analysable(word) and (_every_word or fresh < NEW_WORDS_PER_DRAFT
                                    and (fresh % 16 or time.perf_counter() < deadline)):
            fresh += 1
            out.append(analyse_word(word))
        else:
            out.append(None)
    return out
