"""Who a draft is about, shared by the people detectors (person_name.py, health.py,
special_category.py) and by the meaning layer's sentence tests; not a detector itself.

``find_people``: a known first name with a capitalised surname, or a title with a name. First
names come from small gazetteers (``data/names/{fi,sv,en}.yaml``); Finnish inflected forms match
through case endings and consonant gradation (Matin, Liisalle, Pekan, Tuomaksen); Voikko's name
classes find the rest in Finnish (``finnish_names.py``). The writer's own name (a signature,
"olen Matti Virtanen") is marked ``own``.

``About``: where a draft points at a person (a name, a relative or colleague, a pronoun) and
where it discusses a topic in general; ``about_no_one`` asks it of a sentence.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .. import textmatch
from ..analysis import LONG_DRAFT, Token
from ..datafiles import load_yaml
from ..draft import Draft
from ..finnish_names import Words, also_a_word, lone_first_name, subject_of_the_next_verb
from ..hints import LANGS, Lang
from ..pipelines import name_shaped
from ..ruledata import RuleSet, load_ruleset
from ..textmatch import MAX_AFFIX, longest_literal, term_pattern

RULES: RuleSet = load_ruleset("personal_data_people")

# Finnish case endings a first name takes, then the clitics that may follow them.
_FI_ENDINGS = sorted(
    {
        "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä",
        "lta", "ltä", "lle", "an", "än", "en", "in", "on", "un", "yn", "ön", "hin", "hen", "seen",
        "ineen", "tta", "s",
    },
    key=len,
)  # shortest first: the longest stem wins (Annan is Anna, not Ann)
_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä", "ko", "kö")
_GRADATION = (("kk", "k"), ("pp", "p"), ("tt", "t"))
_PARTICLES = frozenset({"von", "van", "af", "de", "der", "den", "di", "da", "du", "la", "le", "mac", "o'"})
_APOSTROPHES = ("'", "’", ":")


@dataclass(frozen=True)
class Gazetteer:
    names: frozenset[str]
    stems: dict[str, str]
    ambiguous: dict[str, frozenset[str]]


def _stems_of(name: str) -> set[str]:
    """The stems an inflected Finnish form of ``name`` starts with (Matti: mati; Tuomas: tuomakse)."""
    stems = {name}
    last = name[-1]
    if last in "aeiouyäö" and len(name) >= 4:
        for strong, weak in _GRADATION:
            if name[-3:-1] == strong:
                stems.add(name[:-3] + weak + last)
    else:
        stems.add(name + "i")  # Mikael: Mikaelin; John: Johnille
        if last == "s":
            stems.add(name[:-1] + "kse")  # Tuomas: Tuomaksen; Markus: Markukselle
    return stems


GENERATED_NAMES = "from_faker.yaml"


def gazetteer(with_generated: bool = True) -> Gazetteer:
    """The first names of data/names/: the hand-written lists, and the generated ones unless ``with_generated``
    is false (the Finnish recognizer was trained with the hand-written lists alone as a feature)."""
    return _gazetteer(with_generated)


@cache  # keyed on the flag alone, so that gazetteer() and gazetteer(True) share one table
def _gazetteer(with_generated: bool) -> Gazetteer:
    folder = resources.files("tuumaustauko").joinpath("data/names")
    names: set[str] = set()
    ambiguous: dict[str, frozenset[str]] = {}
    for lang in LANGS:
        data = load_yaml(folder.joinpath(f"{lang}.yaml").read_text(encoding="utf-8"))
        listed = {str(n).strip().lower() for n in data.get("names", []) if str(n).strip()}
        ambig = {str(n).strip().lower() for n in data.get("ambiguous", []) if str(n).strip()}
        names |= listed | ambig
        ambiguous[lang] = frozenset(ambig)
    # Names that are no word of any of the languages, from Faker's providers (scripts/more_first_names.py).
    if with_generated:
        generated = load_yaml(folder.joinpath(GENERATED_NAMES).read_text(encoding="utf-8"))
        names |= {str(n).strip().lower() for n in generated.get("names", []) if str(n).strip()}
    stems: dict[str, str] = {}
    for name in sorted(names):
        for stem in _stems_of(name):
            stems.setdefault(stem, name)
    return Gazetteer(frozenset(names), stems, ambiguous)


@lru_cache(maxsize=8192)
def first_name(word: str, with_generated: bool = True) -> str | None:
    """The first name (base form) a word is, inflected or not; None when it is not one (``with_generated``:
    as ``gazetteer``)."""
    w = word.lower()
    for mark in _APOSTROPHES:
        if mark in w:
            base, _, tail = w.partition(mark)
            if tail in _FI_ENDINGS or tail in ("", "s", "n", "nin"):
                w = base
            break
    if "-" in w:
        parts = w.split("-")
        heads = parts[:-1]
        names = gazetteer(with_generated).names
        if heads and all(p in names for p in heads) and first_name(parts[-1], with_generated):
            return w
        return None
    gaz = gazetteer(with_generated)
    if w in gaz.names:
        return w
    candidates = [w]
    for clitic in _CLITICS:
        if w.endswith(clitic) and len(w) - len(clitic) >= 3:
            candidates.append(w[: -len(clitic)])
    for cand in candidates:
        if cand in gaz.names:
            return cand
        for ending in _FI_ENDINGS:
            if cand.endswith(ending) and len(cand) - len(ending) >= 2:
                stem = cand[: -len(ending)]
                if stem in gaz.stems:
                    return gaz.stems[stem]
    return None


def is_ambiguous(name: str, lang: Lang) -> bool:
    gaz = gazetteer()
    parts = name.split("-")
    return len(parts) == 1 and (name in gaz.ambiguous.get(lang, ()) or name in gaz.ambiguous["en"])


class FastLexicon:
    """The terms of a textmatch.Lexicon (same syntax, same matches, lemmas included), matched term by
    term after a substring test: a draft holds few of the hundreds of terms, so most are skipped
    without running a regular expression (one big alternation costs milliseconds per lexicon)."""

    def __init__(self, terms: Iterable[str]) -> None:
        cleaned = tuple(dict.fromkeys(t.strip().lower() for t in terms if t.strip()))
        self.items: tuple[tuple[str, str], ...] = tuple(
            (longest_literal(t), t) for t in cleaned
        )
        self.lemmas = frozenset(t for t in cleaned if " " not in t and "*" not in t)
        self.compound_ends = frozenset(t[1:] for t in cleaned if " " not in t and t.startswith("*")
                                       and t.count("*") == 1 and len(t) > 1)
        self.compound_parts = frozenset(t[1:-1] for t in cleaned if " " not in t and len(t) > 2
                                        and t.startswith("*") and t.endswith("*") and t.count("*") == 2)

    def __bool__(self) -> bool:
        return bool(self.items)

    def spans(self, draft: Draft) -> list[tuple[int, int]]:
        low = draft.lower
        if len(low) < LONG_DRAFT:  # a substring test in C for each term, no method call
            found = [m.span() for needle, term in self.items if needle in low for m in _term_regex(term).finditer(low)]
        else:
            found = [sp for needle, term in self.items if draft.may_contain(needle)
                     for sp in _spans_near(_term_regex(term), needle, low)]
        # Inflected forms by lemma; in Finnish, compounds by Voikko's parts (henkilötunnuksensa: *tunnus).
        for terms, keys, look_up in ((self.lemmas, draft.lemmas, draft.tokens_with_lemma),
                                     (self.compound_ends, draft.compound_ends, draft.tokens_ending_in),
                                     (self.compound_parts, draft.compound_parts, draft.tokens_with_part)):
            if terms and not terms.isdisjoint(keys):
                found.extend((t.start, t.end) for t in look_up(terms & keys))
        return found


def _spans_everywhere(regex: re.Pattern[str], needle: str, low: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(low)]


# How far from its longest literal word a term's match can reach: wildcards take at most
# MAX_AFFIX characters a side, and the other words of a term are short.
_REACH = 4 * MAX_AFFIX
_MANY = 64


def _spans_near(regex: re.Pattern[str], needle: str, low: str) -> list[tuple[int, int]]:
    """The term's matches in a long draft, read only around the places where its longest word
    occurs: every match holds that word. A match that touches a window's edge may reach further,
    and then the whole draft is read, as it is when the word occurs very often."""
    windows: list[list[int]] = []
    at = low.find(needle)
    while at >= 0:
        if len(windows) > _MANY:
            return _spans_everywhere(regex, needle, low)
        start, end = max(0, at - _REACH), min(len(low), at + len(needle) + _REACH)
        if windows and windows[-1][1] >= start:
            windows[-1][1] = end
        else:
            windows.append([start, end])
        at = low.find(needle, at + 1)
    found: list[tuple[int, int]] = []
    for start, end in windows:
        for m in regex.finditer(low, start, end):
            if (m.start() == start and start > 0) or (m.end() == end and end < len(low)):
                return _spans_everywhere(regex, needle, low)
            found.append(m.span())
    return found


@lru_cache(maxsize=4096)
def _term_regex(term: str) -> re.Pattern[str]:
    """Compiled on first need: most terms never occur, and compiling them all costs a second."""
    return re.compile(term_pattern(term))


@cache
def lexicon(key: str, lang: Lang) -> FastLexicon:
    """A word list of personal_data_people.yaml, compiled once per language."""
    value = RULES.data.get(key) or {}
    return FastLexicon(str(t) for t in [*value.get("any", []), *value.get(lang, [])])


@cache
def _organisation_lexicon(pack_id: str, lang: Lang, terms: tuple[str, ...]) -> FastLexicon:
    return FastLexicon(terms)


# The three detectors of this family read the same word lists of the same draft: the match
# offsets (never the text) are kept while the draft lives, and dropped with it. The insult and
# official-business detectors keep what the meaning layer's sentence tests ask again here too.
_PER_DRAFT: dict[int, tuple[weakref.ref[Draft], dict[str, object]]] = {}


def per_draft(draft: Draft) -> dict[str, object]:
    key = id(draft)
    entry = _PER_DRAFT.get(key)
    if entry is not None and entry[0]() is draft:
        return entry[1]
    store: dict[str, object] = {}
    _PER_DRAFT[key] = (weakref.ref(draft), store)
    weakref.finalize(draft, _PER_DRAFT.pop, key, None)
    return store


@cache
def word_set(key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in RULES.data.get(key, []))


class SpanIndex:
    """Sorted match spans, for 'is there a match in [start, end)?' in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(set(spans))
        self._starts = [s for s, _ in self.spans]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [sp for sp in self.spans[lo:hi] if sp[1] <= end]

    def any_within(self, start: int, end: int) -> bool:
        return bool(self.within(start, end))

    def overlapping(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self._starts, end)
        return any(s < end and start < e for s, e in self.spans[max(0, lo - 8) : lo])

    def __bool__(self) -> bool:
        return bool(self.spans)


def sentence_span(draft: Draft, offset: int) -> tuple[int, int]:
    """The sentence around ``offset`` (Draft.sentence_span without rebuilding its index each call)."""
    if not draft.sentences:
        return (0, len(draft.text))
    store = per_draft(draft)
    starts = store.get("sentence_starts")
    if not isinstance(starts, list):
        starts = store["sentence_starts"] = [s for s, _ in draft.sentences]
    return draft.sentences[max(0, bisect.bisect_right(starts, offset) - 1)]


def lexicon_index(draft: Draft, key: str) -> SpanIndex:
    store = per_draft(draft)
    found = store.get("lex:" + key)
    if not isinstance(found, SpanIndex):
        found = store["lex:" + key] = SpanIndex(lexicon(key, draft.lang).spans(draft))
    return found


def pattern_index(draft: Draft, key: str) -> SpanIndex:
    return SpanIndex(
        (m.start(), m.end())
        for p in RULES.regexes(key, draft.lang)
        for m in textmatch.finditer(p, draft)
        if m.end() > m.start()
    )


# --- who is named --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    start: int
    end: int
    full: bool  # a first name with a surname, or a title with a name; False: a first name alone
    own: bool  # the writer's own name: a signature or "olen Matti Virtanen"


def _is_line_or_sentence_start(draft: Draft, index: int) -> bool:
    tok = draft.tokens[index]
    if index == 0:
        return True
    prev = draft.tokens[index - 1]
    if prev.sentence != tok.sentence or "\n" in draft.text[prev.end : tok.start]:
        return True
    # An opening quote or dash before the word still starts the sentence: look back to the
    # sentence's first token, stopping at the first word (usually the previous token).
    for k in range(index - 1, -1, -1):
        earlier = draft.tokens[k]
        if earlier.sentence != tok.sentence:
            return True
        if earlier.is_word:
            return False
    return True


def _adjacent(draft: Draft, left: Token, right: Token) -> bool:
    gap = draft.text[left.end : right.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap and left.sentence == right.sentence


def _word_shaped(tok: Token) -> bool:
    return name_shaped(tok.text)


def _surname_like(draft: Draft, tok: Token, blocked: SpanIndex) -> bool:
    return (
        tok.is_title
        and all(part[:1].isupper() for part in tok.text.split("-") if part)  # not "Larsson-gården"
        and _word_shaped(tok)
        and not blocked.overlapping(tok.start, tok.end)
        and tok.lower not in word_set("place_after_name")
        and not _only_a_place(draft, tok)
    )


def _only_a_place(draft: Draft, tok: Token) -> bool:
    """Voikko knows the Finnish word only as a place, in a case of being in or going to one ("Matti
    Helsingistä"), or only as another proper noun ("Stockmannilla"): place names are never persons.
    (Surnames Voikko knows only as places, "Pekka Niemiselle", stay surnames.)"""
    if not draft.words:
        return False
    word = draft.word(draft.token_index(tok.start))
    if word is None or word.is_person_name or not word.proper_lemmas:
        return False
    return word.is_a_place_here or not word.is_place_only


def _names_a_storm(draft: Draft, index: int) -> bool:
    """The first name at token ``index`` names a storm ("Storm Imogen", "myrsky Kerttu"): the word before it says so."""
    if index == 0:
        return False
    before = draft.tokens[index - 1]
    return before.is_word and before.lower in word_set("storm_before_name")


def _not_a_person_after(draft: Draft, index: int) -> bool:
    """The pair is a street, a school, a prize... ("Eliel Saarisen tie", "Alvar Aalto -museo")."""
    if index >= len(draft.tokens):
        return False
    nxt = draft.tokens[index]
    if draft.text[draft.tokens[index - 1].end : nxt.start].strip():
        return False
    return nxt.lower in word_set("place_after_name") or nxt.text.startswith(("-", "–"))


@cache
def _signature_re(lang: Lang) -> re.Pattern[str]:
    words = sorted((str(w) for w in (RULES.data["signature_cues"].get(lang, []))), key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^\W*(?:(?:{body})\W*)*$", re.IGNORECASE)


@cache
def _self_intro_re(lang: Lang) -> re.Pattern[str]:
    words = sorted((str(w) for w in (RULES.data["self_intro"].get(lang, []))), key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:^|\W)(?:{body})\s*[,:]?\s*$", re.IGNORECASE)


# A signature line is short: a greeting and a name ("Ystävällisin terveisin, Matti Virtanen").
SIGNATURE_LINE = 120
_DASH_BEFORE = re.compile(r"[-–—/]\s*$")
_ONLY_SPACE = re.compile(r"\s*")
_CLOSING = re.compile(r"[ .!]*")


def _short_line_before(text: str, end: int) -> int | None:
    """Where the line that ends at ``end`` starts, when it is at most SIGNATURE_LINE long."""
    start = text.rfind("\n", max(0, end - SIGNATURE_LINE - 1), end) + 1
    return start if start > 0 or end <= SIGNATURE_LINE else None


def _is_own_name(draft: Draft, start: int, end: int) -> bool:
    text = draft.text
    # Every look is bounded, so that a draft of thousands of names on one line stays linear.
    line_start = _short_line_before(text, start)
    line_end = text.find("\n", end, end + SIGNATURE_LINE + 1)
    if line_end < 0 and len(text) - end <= SIGNATURE_LINE:
        line_end = len(text)
    sig = _signature_re(draft.lang)
    if line_start is not None and line_end >= 0 and sig.match(text[line_start:start]) \
            and not text[end:line_end].strip(" ,.!/()-–—"):
        # Alone on its line (or after "Terveisin"): a signature when it closes the draft or follows a greeting.
        if text[line_start:start].strip() or _ONLY_SPACE.fullmatch(text, line_end):
            return True
        prev_start = _short_line_before(text, line_start - 1) if line_start > 0 else None
        if prev_start is not None:
            prev_line = text[prev_start : line_start - 1]
            if prev_line.strip() and sig.match(prev_line):
                return True
    near = max(line_start or 0, start - 40)
    if _DASH_BEFORE.search(text, max(near, start - 16), start) and _CLOSING.fullmatch(text, end):
        return True  # "... – Matti Virtanen" at the very end
    return bool(_self_intro_re(draft.lang).search(text[near:start]))


def _confirmed_by_neighbours(draft: Draft, index: int) -> bool:
    """A first name that is also a word is a person's when a relation or unit word stands right
    before it ("tiimin Anna", "my neighbour Will") or a workplace unit right after it ("Lisa på
    ekonomi", "Laura from legal", "Anna talousosastolta")."""
    tokens, lang = draft.tokens, draft.lang
    if index > 0 and tokens[index - 1].lower in word_set_lang("name_before", lang) \
            and _adjacent(draft, tokens[index - 1], tokens[index]):
        return True
    units = lexicon("units", lang)
    if not units:
        return False
    after = index + 1
    if after < len(tokens) and tokens[after].lower in word_set_lang("name_after_preposition", lang):
        after += 1
    if after >= len(tokens) or tokens[after].sentence != tokens[index].sentence:
        return False
    start = tokens[after].start
    return any(s == start for s, _ in lexicon_index(draft, "units").spans)


def find_people(draft: Draft) -> list[Person]:
    """Every person named in the draft, in order."""
    tokens = draft.tokens
    lang = draft.lang
    store = per_draft(draft)
    cached = store.get("people")
    if isinstance(cached, list):
        return cached
    organisation = _organisation_lexicon(draft.pack.id, lang, draft.pack.organisation_terms(lang).terms)
    blocked = SpanIndex([*lexicon_index(draft, "not_surnames").spans, *organisation.spans(draft)])
    titles = word_set_lang("titles", lang)
    found: list[Person] = []
    taken: set[int] = set()  # tokens inside a name Voikko's classes found
    words = Words(draft.text, draft.tokens, draft.words) if draft.words else None
    for run in draft.person_runs:
        if not blocked.overlapping(run.start, run.end) and not _not_a_person_after(draft, run.last):
            found.append(Person(run.start, run.end, True, _is_own_name(draft, run.start, run.end)))
            taken.update(range(run.first, run.last))
    position = 0  # the first token not yet taken into a name
    n = len(tokens)
    # Only capitalised words and titles can start a name; the loop looks at nothing else (a token's
    # lowercase is its text's).
    for i in draft.tokens_where(lambda text: text[:1].isupper() or text.lower().rstrip(".") in titles):
        if i < position or i in taken:
            continue
        tok = tokens[i]
        name = first_name(tok.text) if tok.is_title and _word_shaped(tok) else None
        # A first name the lists do not know, from Voikko; it is ambiguous when it is also a word.
        from_voikko = name is None and words is not None and bool(name := lone_first_name(words, i))
        if name and not blocked.overlapping(tok.start, tok.end) and not _names_a_storm(draft, i):
            initial = _is_line_or_sentence_start(draft, i)
            ambiguous = is_ambiguous(name, lang) or (from_voikko and words is not None and also_a_word(words, i))
            j = i + 1
            # Middle names ("Anna Maria Virtanen"), then a particle ("von", "af"), then the surname.
            while j < n and j - i <= 2 and _adjacent(draft, tokens[j - 1], tokens[j]) and tokens[j].is_title \
                    and first_name(tokens[j].text) and j + 1 < n and _adjacent(draft, tokens[j], tokens[j + 1]) \
                    and _surname_like(draft, tokens[j + 1], blocked):
                j += 1
            if j < n and tokens[j].lower in _PARTICLES and j + 1 < n and _adjacent(draft, tokens[j - 1], tokens[j]):
                j += 1
            surname = tokens[j] if j < n and _adjacent(draft, tokens[j - 1], tokens[j]) else None
            if surname is not None and _surname_like(draft, surname, blocked) and not (ambiguous and initial):
                if _not_a_person_after(draft, j + 1):
                    position = j + 2
                    continue
                found.append(Person(tok.start, surname.end, True, _is_own_name(draft, tok.start, surname.end)))
                position = j + 1
                continue
            in_finnish = words is not None and _finnish_context_says_person(words, i, initial) \
                and not (ambiguous and _in_a_place_case(tok.lower, name))
            if not ambiguous or _confirmed_by_neighbours(draft, i) or in_finnish:
                found.append(Person(tok.start, tok.end, False, _is_own_name(draft, tok.start, tok.end)))
            position = i + 1
            continue
        # A title and a surname: "rouva Virtanen", "Dr. Smith", "ministeri Harakan".
        if tok.lower.rstrip(".") in titles and i + 1 < n:
            j = i + 1
            if tokens[j].text == "." and j + 1 < n:
                j += 1
            cand = tokens[j]
            if _surname_like(draft, cand, blocked) and not _is_line_or_sentence_start(draft, j) \
                    and draft.text[tok.end : cand.start].strip(" .") == "":
                end = cand.end
                if j + 1 < n and _adjacent(draft, cand, tokens[j + 1]) and first_name(cand.text) \
                        and _surname_like(draft, tokens[j + 1], blocked):
                    end = tokens[j + 1].end
                    j += 1
                found.append(Person(cand.start, end, True, _is_own_name(draft, cand.start, end)))
                position = j + 1
                continue
    found.extend(_mentioned_people(draft, found, blocked))
    found.extend(_recognised_people(draft, found, blocked))
    found.sort(key=lambda p: p.start)
    store["people"] = found
    return found


# A handle made of a first name and more: "@pertti.lahtinen", "@Marja_Lindqvist", "@kimmo_v".
_HANDLE_PARTS = re.compile(r"[._]+")


def _mentioned_people(draft: Draft, found: list[Person], blocked: SpanIndex) -> list[Person]:
    """People mentioned with an @: a first name and a surname as a site writes a mention
    ("@Raimo Leppänen"), or a handle that is a first name and a surname or an initial
    ("@pertti.lahtinen", "@Marja_Lindqvist": a whole name; "@kimmo_v": a first name alone)."""
    taken = SpanIndex((p.start, p.end) for p in found)
    tokens = draft.tokens
    people: list[Person] = []
    for i in draft.tokens_where(lambda text: text.startswith("@") and len(text) > 2):
        tok = tokens[i]
        if taken.overlapping(tok.start, tok.end) or blocked.overlapping(tok.start, tok.end):
            continue
        handle = tok.text[1:]
        parts = [p for p in _HANDLE_PARTS.split(handle) if p]
        if len(parts) == 1 and handle[:1].isupper() and first_name(handle) and i + 1 < len(tokens) \
                and _adjacent(draft, tok, tokens[i + 1]) and _surname_like(draft, tokens[i + 1], blocked):
            people.append(Person(tok.start, tokens[i + 1].end, True, False))
        elif len(parts) >= 2 and parts[0].isalpha() and first_name(parts[0]) and parts[1].isalpha():
            people.append(Person(tok.start, tok.end, len(parts[1]) > 1, False))
    return people


# Finnish cases of being in, out of or into a place (inessive, elative, illative): a first name that is also a word or
# a service is that word in them ("tiedot tulee Wilmaan", "Lumessa on jälkiä"), rarely a person.
_PLACE_CASES = ("ssa", "ssä", "sta", "stä", "an", "än", "aan", "ään", "een", "iin", "oon", "öön", "uun", "yyn", "hin",
                "seen")


def _in_a_place_case(word: str, name: str) -> bool:
    """Whether ``word`` (lowercase) is the first name ``name`` in a place case ("wilmaan", "wilmassa")."""
    return word.startswith(name) and word[len(name):] in _PLACE_CASES


def _finnish_context_says_person(words: Words, index: int, initial: bool) -> bool:
    """A Finnish first name that is also a word ("Lahja", "Sulo", "Anna") is a person's inside a
    sentence, where its capital marks a name, and at a sentence's start when the next word is a verb
    it is the subject of ("Lahja on ollut sairauslomalla"; not "Anna palautetta")."""
    return not initial or subject_of_the_next_verb(words, index)


_TOPIC_LISTS = ("special_terms", "special_political", "health_states", "health_conditions")


def _recognised_people(draft: Draft, found: list[Person], blocked: SpanIndex) -> list[Person]:
    """Full names the language's recognizer finds that the name lists do not know ("Jere
    Karalahti", "Göran Perssonin"): two to four adjacent capitalised name-shaped words, none of
    them the organisation's names, the words listed as no surname, or a health, belief or party
    word. A lone word stays with the name lists: the recognizer takes too many places for people."""
    entities = draft.entities_outside([(p.start, p.end) for p in found])
    if not entities:
        return []
    taken = SpanIndex((p.start, p.end) for p in found)
    # A word the data knows as a health matter, a belief or a party is not a name ("Jehovan todistajat").
    topics = SpanIndex(sp for key in _TOPIC_LISTS for sp in lexicon_index(draft, key).spans)
    people: list[Person] = []
    for entity in entities:
        if entity.label != "PER" or taken.overlapping(entity.start, entity.end):
            continue
        words = draft.tokens_between(entity.start, entity.end)
        if topics.overlapping(entity.start, entity.end):
            continue
        if not 2 <= len(words) <= 4 or not all(_surname_like(draft, t, blocked) for t in words):
            continue
        if any(not _adjacent(draft, a, b) for a, b in zip(words, words[1:], strict=False)):
            continue
        if _not_a_person_after(draft, draft.token_index(words[0].start) + len(words)):
            continue
        people.append(Person(entity.start, entity.end, True, _is_own_name(draft, entity.start, entity.end)))
    return people


# --- is a sentence about a particular person? ---------------------------------------------------


_FI_POSSESSIVE = re.compile(r"(?:ni|nsa|nsä|mme)$")


@dataclass(frozen=True)
class About:
    """Where the draft points at a person: strong cues (a relative, a colleague, a named person),
    weak cues (pronouns, first-person verbs), and the marks of a topic discussed in general."""

    draft: Draft
    named: SpanIndex  # a person named in the draft (not the writer's own signature)
    kin: SpanIndex  # a relative, a colleague, a neighbour ("äitini", "min pappa", "my son", "kollega")
    weak: SpanIndex
    third: SpanIndex
    have: SpanIndex
    general: SpanIndex
    topic: SpanIndex
    self_special: SpanIndex
    role: SpanIndex  # a post one person holds ("uus ylijohtaja", "kanslichefen")

    @classmethod
    def of(cls, draft: Draft) -> About:
        named = [(p.start, p.end) for p in find_people(draft) if not p.own]
        return cls(
            draft=draft,
            named=SpanIndex(named),
            kin=SpanIndex([*lexicon_index(draft, "relation_cues").spans, *pattern_index(draft, "kin_patterns").spans]),
            weak=lexicon_index(draft, "person_cues"),
            third=lexicon_index(draft, "third_person"),
            have=lexicon_index(draft, "have_cues"),
            general=lexicon_index(draft, "general_cues"),
            topic=lexicon_index(draft, "topic_speech"),
            self_special=lexicon_index(draft, "self_special_cues"),
            role=lexicon_index(draft, "role_cues"),
        )

    def strong(self, start: int, end: int) -> bool:
        return self.named.any_within(start, end) or self.kin.any_within(start, end)

    def owned(self, start: int, end: int) -> bool:
        """The word itself carries a possessive: "masennukseni", "my cancer", "hennes depression"."""
        draft = self.draft
        if draft.lang == "fi":
            # "masennukseni" (lemma masennus), but not "migreeni", whose lemma is the word itself.
            last = [t for t in draft.tokens_between(start, end) if t.is_word][-1:]
            return bool(_FI_POSSESSIVE.search(draft.lower[start:end])) and bool(last) and last[0].lemma != last[0].lower
        s_start, _ = sentence_span(draft, start)
        before = [t for t in draft.tokens_between(s_start, start) if t.is_word][-2:]
        return any(t.lower in word_set_lang("possessives", draft.lang) for t in before)


def about_no_one(draft: Draft, start: int, end: int) -> bool:
    """No one in particular is in view of the sentence at ``start:end``: it discusses a topic ("luennoi
    masennuksesta"), or it speaks in general ("religionsfrihet är en grundläggande rättighet",
    "varannan vuxen har ont i ryggen") and nothing in it points at a person (a name, a relative or
    colleague, a post one person holds, a pronoun, the writer's own words). The meaning layer's
    health and special-category hints ask it of the sentence they flag. A draft whose words point at
    no one the lists know is not enough: "mieheltä löyty kasvain", "se on persujen jäsen" and "our
    youngest was diagnosed" are about someone all the same, and the heads read that better than
    the lists."""
    about = About.of(draft)
    if about.topic.any_within(start, end):
        return True
    return about.general.any_within(start, end) and not any(
        cues.any_within(start, end) for cues in (about.named, about.kin, about.weak, about.third, about.role))


@cache
def word_set_lang(key: str, lang: Lang) -> frozenset[str]:
    value = RULES.data.get(key) or {}
    return frozenset(str(w).lower() for w in [*value.get("any", []), *value.get(lang, [])])
