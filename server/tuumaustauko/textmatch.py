"""Word rules that match Finnish (and Swedish, English) inflected forms and compounds.

A term is written in data as lowercase words separated by spaces. Each word may carry
a wildcard:

- ``ministeriö*``  the word and any ending: ministeriön, ministeriössä, ministeriöläiset
- ``*ministeriö*`` also as the last or a middle part of a compound: liikenneministeriössä
- ``*kanta``       only as the end of a compound: virkakanta
- ``ministeriö``   exactly that word, or any token one of whose lemmas is that word
- consecutive words may be separated by spaces or a hyphen in the draft

In Finnish, Voikko's analysis (``morphology.py``) adds what the letters alone cannot: ``*tunnus``
also matches a word whose last compound part has that base form ("henkilötunnuksensa"), and
``*tunnus*`` one with such a part anywhere, whatever the part's stem became.

Matching runs on the draft's lowercased text with one compiled regular expression per
lexicon, plus set look-ups of token lemmas and compound parts, so a lexicon of hundreds of
terms costs one scan of the draft.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis

# Wildcards stand for at most MAX_AFFIX characters: real compounds and endings are far shorter,
# and the bound keeps matching linear in the draft's length (an unbounded head or tail
# backtracks quadratically through a 20,000-character "word").
MAX_AFFIX = 40
WORD_TAIL = rf"(?:\w|[:'’\-]\w){{0,{MAX_AFFIX}}}"
WORD_HEAD = rf"(?:\w|\w[\-]){{0,{MAX_AFFIX}}}"
BETWEEN_WORDS = r"[\s\-–]+"


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    term: str


def _word_pattern(word: str) -> str:
    head = word.startswith("*")
    tail = word.endswith("*")
    core = word.strip("*")
    if not core:
        raise ValueError("a term word needs letters besides '*'")
    pattern = re.escape(core)
    if head:
        pattern = WORD_HEAD + pattern
    if tail:
        pattern = pattern + WORD_TAIL
    return pattern


def longest_literal(term: str) -> str:
    """The longest word of a term without its wildcards: every match of the term holds it."""
    return max((word.strip("*") for word in term.split()), key=len)


def term_pattern(term: str, *, without_head: bool = False, word_start: bool = True) -> str:
    """The regex of one term. ``without_head`` drops the first word's leading wildcard: such a
    term is found anywhere and its head is checked by ``_head_start``. ``word_start=False``
    leaves the word-start check to the caller (one check for a whole alternation)."""
    words = term.strip().lower().split()
    if not words:
        raise ValueError("empty term")
    if without_head:
        words[0] = words[0].lstrip("*")
    body = BETWEEN_WORDS.join(_word_pattern(w) for w in words)
    anchor = r"(?<!\w)" if word_start and not without_head else ""
    return rf"{anchor}(?:{body})(?!\w)"


_WORD_CHAR = re.compile(r"\w")


def _head_start(text: str, core_start: int) -> int | None:
    """Where the word holding a compound part begins (at most MAX_AFFIX characters before the
    part), or None when the word is longer than that. Linear: no backtracking."""
    i = core_start
    while i > 0 and core_start - i <= MAX_AFFIX:
        before = text[i - 1]
        if _WORD_CHAR.match(before) or (before == "-" and i > 1 and _WORD_CHAR.match(text[i - 2])):
            i -= 1
        else:
            return i
    return i if i == 0 else None


def _alternation(terms: Sequence[str], *, without_head: bool) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for many terms. A look-ahead for the terms' first letters and the word-start
    check come before the alternatives, so that most positions are rejected at once instead of
    once per term (eight times faster on a lexicon of thirty terms). Each alternative begins with
    its first letter and names its term with an empty group at its end: the engine skips an
    alternative whose first letter is not the text's without entering it (a group at the start
    hides the letter: twelve times slower on a lexicon of 74 terms)."""
    if not terms:
        return None, {}
    # Longer terms first, so that a phrase wins over its first word.
    ordered = sorted(terms, key=len, reverse=True)
    body = "|".join(
        f"{term_pattern(t, without_head=without_head, word_start=False)}(?P<t{i}>)" for i, t in enumerate(ordered)
    )
    first_letters = "".join(sorted({re.escape(t.lstrip("*")[0]) for t in ordered}))
    anchor = "" if without_head else r"(?<!\w)"
    regex = re.compile(f"(?=[{first_letters}]){anchor}(?:{body})")
    return regex, {f"t{i}": t for i, t in enumerate(ordered)}


def _uncovered(covering: list[TermMatch], candidates: list[TermMatch]) -> Iterator[TermMatch]:
    """Candidates (sorted by start, ends rising) that overlap none of ``covering`` (sorted by start)."""
    reach = 0  # the furthest end among covering matches that start before the candidate's end
    i = 0
    for candidate in candidates:
        while i < len(covering) and covering[i].start < candidate.end:
            reach = max(reach, covering[i].end)
            i += 1
        if reach <= candidate.start:
            yield candidate


def _merge_uncovered(first: list[TermMatch], second: list[TermMatch]) -> list[TermMatch]:
    return sorted([*first, *_uncovered(sorted(first, key=lambda m: m.start), second)], key=lambda m: m.start)


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern[str] | None
    group_terms: dict[str, str]
    part_regex: re.Pattern[str] | None
    part_terms: dict[str, str]


# A ``stem*`` term shorter than this is a prefix only: "uus*" or "oma*" read as base forms would find other words.
SHORTEST_STEM = 4


class Lexicon:
    """A set of terms compiled for one scan of a draft."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: tuple[str, ...] = tuple(dict.fromkeys(t.strip().lower() for t in terms if t.strip()))
        single = [t for t in self.terms if " " not in t]
        self._lemma_terms = frozenset(t for t in single if "*" not in t)
        # ``*tunnus``: the end of a compound; ``*tunnus*``: any part of it (by Voikko's analysis).
        self._end_terms = frozenset(t[1:] for t in single if t.startswith("*") and t.count("*") == 1 and len(t) > 1)
        self._part_terms = frozenset(t[1:-1] for t in single if len(t) > 2 and t.startswith("*") and t.endswith("*")
                                     and t.count("*") == 2)
        # ``kollega*``: the word and every word it begins, by the letters; and, in Finnish, by its base form too,
        # since many Finnish words change their stem as they inflect ("kollegoille", "yrityksen", "tiedotteen",
        # "ratojen"), which no prefix of the base form finds.
        self._stem_terms = frozenset(t[:-1] for t in single if t.endswith("*") and t.count("*") == 1
                                     and len(t) > SHORTEST_STEM)
        self._compiled: _Compiled | None = None

    def _expressions(self) -> _Compiled:
        """The regexes, compiled on first use: the service readies one language before it listens,
        and the others' word lists compile when their first draft comes."""
        if self._compiled is None:
            # Terms that may end a compound (``*kanta``) are found anywhere and their word's start
            # is checked afterwards: one linear scan, where a leading wildcard inside the regex
            # would backtrack through every long word.
            heads = [t for t in self.terms if t.startswith("*")]
            whole = _alternation([t for t in self.terms if not t.startswith("*")], without_head=False)
            self._compiled = _Compiled(*whole, *_alternation(heads, without_head=True))
        return self._compiled

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """The compiled expressions behind the lexicon (for the regex-safety tests)."""
        compiled = self._expressions()
        return tuple(p for p in (compiled.regex, compiled.part_regex) if p is not None)

    def __len__(self) -> int:
        return len(self.terms)

    def finditer(self, draft: Analysis, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        """Matches within [start, end) of the draft: by the regexes, then by lemma where no regex matched.
        Linear in the draft and the number of matches."""
        stop = len(draft.text) if end is None else end
        compiled = self._expressions()
        whole: list[TermMatch] = []
        if compiled.regex is not None:
            whole.extend(
                TermMatch(m.start(), m.end(), compiled.group_terms[m.lastgroup or ""])
                for m in compiled.regex.finditer(draft.lower, start, stop)
            )
        if compiled.part_regex is not None:
            parts: list[TermMatch] = []
            for m in compiled.part_regex.finditer(draft.lower, start, stop):
                word_start = _head_start(draft.lower, m.start())
                if word_start is not None and word_start >= start:
                    parts.append(TermMatch(word_start, m.end(), compiled.part_terms[m.lastgroup or ""]))
            whole = _merge_uncovered(whole, parts)
        yield from whole
        by_form = self.by_form(draft, start, stop)
        if by_form:
            yield from _uncovered(sorted(whole, key=lambda m: m.start), by_form)

    def by_form(self, draft: Analysis, start: int = 0, end: int | None = None) -> list[TermMatch]:
        """Tokens whose lemma is a whole-word term, and Finnish words whose compound parts are a
        ``*part`` or ``*part*`` term's, sorted by start, one match a token. A draft none of whose
        lemmas and parts is a term needs no scan of its tokens (set tests in C)."""
        stop = len(draft.text) if end is None else end
        found: dict[int, TermMatch] = {}
        stems = self._stem_terms if draft.lang == "fi" else frozenset()
        # A stem is read as the token's own lemma only, not any reading's (``own_lemma_only``): "sanoin" (I said)
        # is not "sana*" for being also the plural instructive of sana.
        for terms, keys, look_up, form, own_lemma_only in (
            (self._lemma_terms, draft.lemmas, draft.tokens_with_lemma, "{}", False),
            (stems, draft.lemmas, draft.tokens_with_lemma, "{}*", True),
            (self._end_terms, draft.compound_ends, draft.tokens_ending_in, "*{}", False),
            (self._part_terms, draft.compound_parts, draft.tokens_with_part, "*{}*", False),
        ):
            if not terms or terms.isdisjoint(keys):
                continue
            for key in sorted(terms & keys):
                for token in look_up((key,), start, stop):
                    if not own_lemma_only or token.lemma == key:
                        found.setdefault(token.start, TermMatch(token.start, token.end, form.format(key)))
        return [found[k] for k in sorted(found)]

    def may_occur(self, draft: Analysis) -> bool:
        """False when no term can match anywhere in the draft: every match holds its term's longest
        literal word, or is a token whose lemma or compound part is the term. A quick test before
        many small scans."""
        return self.may_occur_by_form(draft) or any(draft.may_contain(core) for core in self._cores)

    def may_occur_by_form(self, draft: Analysis) -> bool:
        """Whether a token's lemma or compound part is one of the terms somewhere in the draft."""
        return bool((self._lemma_terms and not self._lemma_terms.isdisjoint(draft.lemmas))
                    or (draft.lang == "fi" and self._stem_terms and not self._stem_terms.isdisjoint(draft.lemmas))
                    or (self._end_terms and not self._end_terms.isdisjoint(draft.compound_ends))
                    or (self._part_terms and not self._part_terms.isdisjoint(draft.compound_parts)))

    @cached_property
    def _cores(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(longest_literal(t) for t in self.terms))

    def find_all(self, draft: Analysis, start: int = 0, end: int | None = None) -> list[TermMatch]:
        return sorted(self.finditer(draft, start, end), key=lambda m: (m.start, m.end))

    def search(self, draft: Analysis, start: int = 0, end: int | None = None) -> TermMatch | None:
        return next(iter(self.find_all(draft, start, end)), None)

    def matches_text(self, draft: Analysis, start: int = 0, end: int | None = None) -> bool:
        """Whether any term matches within [start, end) (no sorting: the first match found will do)."""
        return any(True for _ in self.finditer(draft, start, end))


def compile_patterns(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    """Regular expressions from data; write (?i) in the pattern for case-insensitive ones."""
    return [re.compile(p) for p in patterns]


# --- data patterns on the draft ------------------------------------------------------------
#
# Python's engine skips quickly only to where a pattern's first character can stand, and only
# when the pattern starts with that character: "(?i)\b(?:tapan|lyön|...)" is tried at every
# position of the draft. Two rewrites give the same matches at a fraction of the cost:
# - a pattern whose letters are all lowercase outside its escapes runs without IGNORECASE on
#   the draft's lowercase text, which has the same offsets (three times quicker);
# - where the characters a match can start with are a known few, a look-ahead for them goes first.

_ESCAPE = re.compile(r"\\.", re.DOTALL)
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def _first_characters(items: Any) -> set[str] | None:
    """The characters a match of the parsed pattern can start with, or None when unknown."""
    for op, av in items:
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero width: the next item decides
        if op is _c.LITERAL:
            return {chr(av)}
        if op is _c.IN:
            if all(kind is _c.LITERAL for kind, _ in av):
                return {chr(value) for _, value in av}
            return None
        if op is _c.BRANCH:
            found: set[str] = set()
            for alternative in av[1]:
                first = _first_characters(alternative)
                if first is None:
                    return None
                found |= first
            return found
        if op is _c.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            return None if add_flags or del_flags else _first_characters(inner)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _first_characters(av[2])
        return None
    return None  # it may match the empty string


def _with_first_look_ahead(source: str, flags: int) -> str:
    try:
        first = _first_characters(_parser.parse(source, flags))
    except (re.error, RecursionError):
        return source
    if not first or len(first) > 24:
        return source
    head = _GLOBAL_FLAGS.match(source)
    at = head.end() if head else 0
    return f"{source[:at]}(?=[{''.join(re.escape(c) for c in sorted(first))}])(?:{source[at:]})"


@lru_cache(maxsize=4096)
def _quick_form(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], bool]:
    """The quickest pattern with the same matches, and whether it runs on the lowercase text."""
    source, flags = pattern.pattern, pattern.flags
    on_lowercase = bool(flags & re.IGNORECASE) and not any(c.isupper() for c in _ESCAPE.sub("", source))
    if on_lowercase:
        head = _GLOBAL_FLAGS.match(source)
        if head:
            kept = head.group(1).replace("i", "")
            source = (f"(?{kept})" if kept else "") + source[head.end():]
        flags &= ~re.IGNORECASE
    quick = re.compile(_with_first_look_ahead(source, flags), flags)
    if on_lowercase and quick.flags & re.IGNORECASE:  # a flag written elsewhere in the pattern
        return pattern, False
    return quick, on_lowercase


def for_lowercase_text(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The quickest form of the pattern for text that is lowercase already."""
    quick, on_lowercase = _quick_form(pattern)
    return quick if on_lowercase else pattern


def _pattern_and_text(pattern: re.Pattern[str], draft: Analysis) -> tuple[re.Pattern[str], str]:
    quick, on_lowercase = _quick_form(pattern)
    return quick, draft.lower if on_lowercase else draft.text


# --- what every match holds -----------------------------------------------------------------
#
# A data pattern matches few drafts, and scanning a draft of 20,000 characters costs a tenth of a
# millisecond a pattern: a word rule's hundred patterns cost more than all the rest of its work.
# Every match of "\bsaat(?:te)?\s+(?:vielä\s+)?turpiin" holds "saat" and "turpiin"; where the draft
# holds either nowhere, the pattern cannot match and is not run. The strings are read from the
# parsed pattern: runs of literal characters that every match contains (inside groups, repeats
# of at least one, and one of each alternative of a branch). A case-insensitive pattern is not
# tested (the lowercase text takes most of them without the flag, ``_quick_form``).

# Below this many characters a scan costs about as little as the tests, and the draft is scanned.
WORTH_A_TEST = 500
MAX_CLAUSES = 4  # the most telling clauses of a pattern are tested, the shortest strings left out

Clause = tuple[str, ...]  # every match holds one of these strings


def _clauses(items: Any) -> list[Clause]:
    """Clauses every match of the parsed sequence satisfies (none for what is not understood)."""
    clauses: list[Clause] = []
    run: list[str] = []

    def close() -> None:
        if run:
            clauses.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        close()
        if op is _c.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            if not (add_flags | del_flags) & re.IGNORECASE:
                clauses.extend(_clauses(inner))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                clauses.extend(_clauses(av[2]))
        elif op is _c.BRANCH:
            # One of the alternatives matches, so its most telling clause holds: the union of
            # those is a clause (none when some alternative has none).
            options: list[str] = []
            for alternative in av[1]:
                inner = _clauses(alternative)
                if not inner:
                    break
                options.extend(max(inner, key=_weight))
            else:
                clauses.append(tuple(dict.fromkeys(options)))
    close()
    return clauses


def _weight(clause: Iterable[str]) -> int:
    return min(len(s) for s in clause)


@lru_cache(maxsize=4096)
def _required(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """The clauses every match of the pattern satisfies, the most telling first."""
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        found = _clauses(_parser.parse(pattern.pattern, pattern.flags))
    except (re.error, RecursionError):
        return ()
    return tuple(sorted(dict.fromkeys(found), key=_weight, reverse=True)[:MAX_CLAUSES])


def can_match(pattern: re.Pattern[str], draft: Analysis) -> bool:
    """False when the pattern matches nowhere in the draft because some string that every match
    holds is not in it; True when it may match."""
    quick, on_lowercase = _quick_form(pattern)
    holds = draft.lower_contains if on_lowercase else draft.text.__contains__
    return all(any(holds(s) for s in clause) for clause in _required(quick))


def finditer(pattern: re.Pattern[str], draft: Analysis, start: int = 0,
             end: int | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` over [start, end) of the draft. A match's offsets are the draft's; its
    text may be lowercased."""
    stop = len(draft.text) if end is None else end
    if stop - start >= WORTH_A_TEST and not can_match(pattern, draft):
        return iter(())
    compiled, text = _pattern_and_text(pattern, draft)
    return compiled.finditer(text, start, stop)


def search(pattern: re.Pattern[str], draft: Analysis, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """``pattern.search`` over [start, end) of the draft (offsets as in ``finditer``)."""
    stop = len(draft.text) if end is None else end
    if stop - start >= WORTH_A_TEST and not can_match(pattern, draft):
        return None
    compiled, text = _pattern_and_text(pattern, draft)
    return compiled.search(text, start, stop)


def match(pattern: re.Pattern[str], draft: Analysis, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """``pattern.match`` at ``start`` of the draft (offsets as in ``finditer``)."""
    compiled, text = _pattern_and_text(pattern, draft)
    return compiled.match(text, start, len(text) if end is None else end)
