"""Finnish people's names from Voikko's proper-noun classes, in any case form.

A rule layer before the recognizer: Voikko knows some 10,000 Finnish first names (*etunimi*) and
surnames (*sukunimi*), and which words are place names (*paikannimi*), whatever their ending
("Virtaselle" is Virtanen, a surname; "Jarille" Jari, a first name; "Helsingissä" Helsinki, a
place). Two to four adjacent capitalised words of one sentence are a person when

- every word is a first name or surname ("Pertti Virtanen", "Virtasen Pekka", "Onerva Kettuselle"),
  or a place name in the nominative before a surname (first names that are also places: "Inari
  Lehtoselle"),
  or a capitalised word inside the sentence followed by a surname ("... Tenho Pesosesta": inside a
  Finnish sentence a capital marks a proper noun even where Voikko knows only a common word);
- no word is only a place name or another proper noun ("Helsingin Sanomat", "Nokian Koivisto");
- the first word is not a verb at the sentence's start ("Anna Virtaselle palautetta": give).

A lone first name is for the person-name detector to judge from its context (``lone_first_name``).
Swedish and English names stay with the name lists and the recognizers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .morphology import ADESSIVE, NOMINATIVE, Word
from .pipelines import name_shaped
from .tokens import Token

LONGEST_NAME = 4  # words


@dataclass(frozen=True)
class Words:
    """A Finnish text's tokens and Voikko's analysis of each (``words[i]`` of ``tokens[i]``), and the
    indices of the capitalised words when the caller has found them (``capitalised_word``)."""

    text: str
    tokens: Sequence[Token]
    words: Sequence[Word | None]
    capitalised: Sequence[int] | None = None

    def word(self, index: int) -> Word | None:
        return self.words[index] if index < len(self.words) else None


@dataclass(frozen=True)
class NameRun:
    """Tokens [first, last) that name a person, and their character span."""

    first: int
    last: int
    start: int
    end: int


def is_capitalised_word(analysis: Words, index: int) -> bool:
    return capitalised_word(analysis.tokens[index].text)


def capitalised_word(text: str) -> bool:
    """A token's text is a capitalised word that can be part of a name ("Virtanen", "Anna-Liisa")."""
    return (text[:1].isupper() and not text.isupper() and name_shaped(text)
            and all(p[:1].isupper() for p in text.split("-") if p))


def starts_sentence(analysis: Words, index: int) -> bool:
    """The token opens its sentence or line (after any quotes, dashes or bullets before it)."""
    tokens = analysis.tokens
    for k in range(index - 1, -1, -1):
        earlier = tokens[k]
        if earlier.sentence != tokens[index].sentence or "\n" in analysis.text[earlier.end : tokens[k + 1].start]:
            return True
        if earlier.is_word:
            return False
    return True


def adjacent(analysis: Words, left: int, right: int) -> bool:
    """Two tokens next to each other in one sentence, one or two spaces apart, no line between."""
    a, b = analysis.tokens[left], analysis.tokens[right]
    gap = analysis.text[a.end : b.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap and a.sentence == b.sentence


def _name_word(word: Word | None) -> bool:
    return word is not None and word.is_person_name


def _surname_after_first_name(word: Word | None) -> bool:
    """A surname, or a place name Voikko does not know as a surname (Nieminen, Mäkelälle) that is
    not in a case of being in or going to a place."""
    return word is not None and (word.is_surname or (word.is_place_only and not word.is_a_place_here))


def _place_as_first_name(word: Word | None) -> bool:
    """Only a place name, and in the nominative: where a surname follows, a first name ("Lyydia Huttusen",
    "Inari Lehtoselle"); a place before a person's name would be in another case ("Porin Virtanen")."""
    return word is not None and word.is_place_only and word.cases == frozenset({NOMINATIVE})


def _not_a_name(word: Word | None) -> bool:
    """Only a place name or another proper noun ("Helsingissä", "Stockmannin"): never part of a person."""
    return word is not None and not word.is_person_name and bool(word.proper_lemmas)


def person_runs(analysis: Words) -> list[NameRun]:
    """Every run of two to four words that names a person, in order (see the module's doc)."""
    if not analysis.words:
        return []
    n = len(analysis.tokens)
    capitalised = analysis.capitalised
    if capitalised is None:
        capitalised = [i for i in range(n) if is_capitalised_word(analysis, i)]
    capital = set(capitalised)
    runs: list[NameRun] = []
    position = 0  # the first token not yet taken into a name
    for i in capitalised:  # a name starts at a capitalised word: only those are looked at
        if i < position:
            continue
        j = i + 1
        while j < n and j - i < LONGEST_NAME and j in capital and adjacent(analysis, j - 1, j):
            j += 1
        run = _person_within(analysis, i, j)
        if run is not None:
            runs.append(run)
            position = run.last
    return runs


def _person_within(analysis: Words, first: int, stop: int) -> NameRun | None:
    """The longest person's name that starts at ``first`` among capitalised words [first, stop)."""
    words = [analysis.word(k) for k in range(first, stop)]
    opening = starts_sentence(analysis, first)
    if opening and words[0] is not None and words[0].is_verb:
        return None  # "Anna Virtaselle palautetta": give
    for last in range(stop, first + 1, -1):
        chosen = words[: last - first]
        # A place name may be the surname after a first name ("Pekka Nieminen", "Sanna Mäkelälle").
        place_as_surname = chosen[-2] is not None and chosen[-2].is_first_name and _surname_after_first_name(chosen[-1])
        names = [_name_word(w) for w in chosen]
        if place_as_surname:
            names[-1] = True
        # A first name Voikko knows only as a place ("Lyydia", "Inari"), in the nominative before a surname.
        if _place_as_first_name(chosen[0]) and chosen[1] is not None and chosen[1].is_surname:
            names[0] = True
        if any(_not_a_name(w) and not name for w, name in zip(chosen, names, strict=True)):
            continue
        surname_last = place_as_surname or (chosen[-1] is not None and chosen[-1].is_surname)
        # Inside a sentence a capitalised word before a surname is a first name Voikko may not know.
        unknown_first = not opening and surname_last and all(names[1:])
        if all(names) or unknown_first:
            tokens = analysis.tokens
            return NameRun(first, last, tokens[first].start, tokens[last - 1].end)
    return None


def lone_first_name(analysis: Words, index: int) -> str | None:
    """The base form of a capitalised Finnish first name at ``index`` ("Railille": Raili), or None."""
    word = analysis.word(index)
    if word is None or not word.is_first_name or not is_capitalised_word(analysis, index):
        return None
    return next((base.lower() for kind, base in word.proper_lemmas if kind == "etunimi"), None)


def also_a_word(analysis: Words, index: int) -> bool:
    """The first name is also a common word ("Lahja": a gift, "Anna": give)."""
    word = analysis.word(index)
    return word is not None and word.is_common_word


def subject_of_the_next_verb(analysis: Words, index: int) -> bool:
    """The next word is a verb of the third person singular ("Lahja on ollut ...", "Sulo kertoi") and the
    name is its subject, a person: in the nominative, or in the adessive before "olla" (who has something:
    "Wilmalla on todettu diabetes"). An imperative ("Anna mennä", "Anna palautetta") is not followed by one,
    and a word in another case is no subject ("Aamulla satoi räntää": in the morning, not Aamu)."""
    after = index + 1
    if after >= len(analysis.tokens) or not adjacent(analysis, index, after):
        return False
    word = analysis.word(after)
    if word is None or not word.says_what_one_does:
        return False
    name = analysis.word(index)
    if name is None or not name.cases or NOMINATIVE in name.cases:
        return True
    return ADESSIVE in name.cases and "olla" in word.lemmas
