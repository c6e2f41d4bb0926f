"""Whether a draft touches the organisation's matters at all (the pack's names and topics, or the writer's
own workplace: "oon ite töissä…", "meiän lukion", "yliopistomme", "vår nya app", "after 8 years at the grid
company"), and whether it says whose view it gives ("omana näkemyksenäni", "egen åsikt", "views my own"):
forms, read from the disclaimer rule data (data/rules/disclaimer.yaml: ``disclaimers``,
``disclaimer_patterns``, ``own_work``, ``own_work_pairs``, ``own_work_patterns``, ``ours``) and the pack. The
disclaimer detector, the advisor and the meaning layer's head for a missing disclaimer ask them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import translate
from functools import cache

from . import textmatch
from .draft import Draft
from .hints import Lang
from .packs import Pack
from .ruledata import load_ruleset, per_lang_lexicons
from .textmatch import BETWEEN_WORDS, Lexicon

# The loyalty rule whose patterns say the writer warns job seekers off their own workplace.
WARNS_JOB_SEEKERS_OFF = "st-loyalty-warn-off"


# The word lists of data/rules/disclaimer.yaml (``disclaimers``, ``own_work``), each compiled once by the rule set.
DISCLAIMER_RULES = load_ruleset("disclaimer")

_PACK_DISCLAIMERS: dict[tuple[str, int], dict[str, Lexicon]] = {}


def _pack_disclaimers(pack: Pack, lang: Lang) -> Lexicon:
    """The pack's own disclaimer phrases ("ei ministeriön kanta"), compiled once per pack."""
    key = (pack.id, id(pack.raw))
    if key not in _PACK_DISCLAIMERS:
        _PACK_DISCLAIMERS[key] = per_lang_lexicons(pack.raw.get("disclaimers"))
    return _PACK_DISCLAIMERS[key][lang]


def says_whose_view(draft: Draft) -> bool:
    lang = draft.lang
    if DISCLAIMER_RULES.lexicon("disclaimers", lang).matches_text(draft):
        return True
    if _pack_disclaimers(draft.pack, lang).matches_text(draft):
        return True
    return any(textmatch.search(p, draft) for p in DISCLAIMER_RULES.regexes("disclaimer_patterns", lang))


@cache
def _own_work_pairs(lang: Lang) -> tuple[tuple[re.Pattern[str], Lexicon], ...]:
    """Per group of ``own_work_pairs`` (data/rules/disclaimer.yaml): a pattern for any ``first`` term
    ending where the text before a word ends, and a word list of the ``second`` terms, compiled once.
    (A word list of every pair, "meiän lukio*", took 0.25 s to compile for Finnish.)"""
    groups = DISCLAIMER_RULES.data.get("own_work_pairs") or []
    compiled = []
    for group in groups:
        firsts = sorted((f.lower() for f in group["first"].get(lang, [])), key=len, reverse=True)
        if firsts:
            before = "|".join(BETWEEN_WORDS.join(map(re.escape, f.split())) for f in firsts)
            places = Lexicon(group["second"].get(lang, []))
            compiled.append((re.compile(rf"(?<!\w)(?:{before}){BETWEEN_WORDS}$"), places))
    return tuple(compiled)


def _speaks_of_its_workplace(draft: Draft) -> bool:
    """A ``second`` term of ``own_work_pairs`` right after a ``first`` of its group ("meiän lukion",
    "vi socialsekreterare", "as a paramedic")."""
    return any(before.search(draft.lower, max(0, m.start - 40), m.start)
               for before, places in _own_work_pairs(draft.lang) for m in places.finditer(draft))


def _any_of(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern that fully matches any of ``words`` (base forms, * for any letters; none: nothing)."""
    return re.compile("|".join(translate(w.lower()) for w in sorted(words)) or "(?!)")


@cache
def _ours(lang: Lang) -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """The words for "our" (``ours``), the words read past after one (``ours_skipped``: "new", "own"), and
    one pattern of every base form a person calls theirs outside work (``not_ours_at_work``), from
    data/rules/disclaimer.yaml."""
    data = DISCLAIMER_RULES.data
    ours, skipped, not_at_work = (frozenset(w.lower() for w in data[key].get(lang, []))
                                  for key in ("ours", "ours_skipped", "not_ours_at_work"))
    return ours, skipped, _any_of(not_at_work)


# At most this many words for "our" (or Finnish nouns ending in -mme) are read: a draft that names none of
# its workplace in the first ones is no likelier to in the rest, and an adversarial draft of 20,000 "our"
# costs nothing.
OURS_READ = 40


def _at_work(draft: Draft, index: int, lemmas: frozenset[str] | tuple[str, ...], not_at_work: re.Pattern[str]) -> bool:
    token = draft.tokens[index]
    return bool(lemmas) and token.is_word and not any(not_at_work.fullmatch(lemma) for lemma in lemmas)


def _calls_something_at_work_ours(draft: Draft) -> bool:
    """A word for "our" before a thing that is no one's home, family, town or country ("meiän teatterin",
    "vår nya app", "our new bodycam policy"), or a Finnish noun with the possessive suffix of "we"
    ("yliopistomme", "museossamme"): the writer speaks of their organisation's matters as theirs."""
    ours, skipped, not_at_work = _ours(draft.lang)
    for i in draft.tokens_where(lambda text: text.lower() in ours)[:OURS_READ]:
        after = i + 1
        while after < len(draft.tokens) and draft.tokens[after].lower in skipped and after - i <= 2:
            after += 1
        if after < len(draft.tokens):
            word = draft.word(after)
            lemmas = (draft.tokens[after].lemma.lower(), *(word.lemmas if word else ()), draft.tokens[after].lower)
            if _at_work(draft, after, lemmas, not_at_work):
                return True
    if draft.words:
        for i in draft.tokens_where(lambda text: text.lower().endswith("mme"))[:OURS_READ]:
            word = draft.word(i)
            if word is not None and _at_work(draft, i, word.ours, not_at_work):
                return True
    return False


# How many words after "our" town, parish or council its act may come ("vår kommun borde ha gått ut med info").
ACT_WITHIN = 6
# Finnish cases of being in, from or into a place: "meidän kaupungissa" is where, not who.
PLACE_CASES = frozenset({"sisaolento", "sisaeronto", "sisatulento", "ulkoolento", "ulkoeronto", "ulkotulento"})
# A preposition before "our" that makes the body a place ("i vår stad", "in our town").
IN_A_PLACE = frozenset({"i", "in", "på", "till", "from", "från", "to", "into", "around", "across", "near", "at"})


@cache
def _public_bodies(lang: Lang) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One pattern of ``ours_public_bodies`` and one of ``public_bodies_acts`` (data/rules/disclaimer.yaml)."""
    data = DISCLAIMER_RULES.data
    return _any_of(data["ours_public_bodies"].get(lang, [])), _any_of(data["public_bodies_acts"].get(lang, []))


def _forms(draft: Draft, index: int) -> tuple[str, ...]:
    """The token's text, its lemma and, for Finnish, Voikko's base forms and last compound parts (lowercase)."""
    token = draft.tokens[index]
    word = draft.word(index)
    return (token.lower, token.lemma.lower(), *((*word.lemmas, *word.last_parts) if word else ()))


def _speaks_of_its_public_body_acting(draft: Draft) -> bool:
    """In hybrid mode, "our" town, municipality, parish or council with one of its acts a few words on
    ("meidän kaupungin tiedotus", "vår församlings beslut", "our council's new strategy"): the body is the
    writer's employer. Not where it is a place ("meidän kaupungissa", "i vår stad")."""
    if draft.mode != "hybrid":
        return False
    ours, _, _ = _ours(draft.lang)
    bodies, acts = _public_bodies(draft.lang)
    for i in draft.tokens_where(lambda text: text.lower() in ours)[:OURS_READ]:
        body = i + 1
        while body < len(draft.tokens) and not draft.tokens[body].is_word and body - i <= 2:
            body += 1
        if body >= len(draft.tokens) or not any(bodies.fullmatch(f) for f in _forms(draft, body)):
            continue
        word = draft.word(body)
        if (word is not None and word.cases and word.cases <= PLACE_CASES) or (
                i > 0 and draft.tokens[i - 1].lower in IN_A_PLACE):
            continue
        if any(any(acts.fullmatch(f) for f in _forms(draft, j))
               for j in range(body + 1, min(len(draft.tokens), body + 1 + ACT_WITHIN)) if draft.tokens[j].is_word):
            return True
    return False


def says_it_is_the_writers_work(draft: Draft) -> bool:
    """The draft says its matter is the writer's own work ("oon ite töissä lupapalveluissa", "vår egen
    förvaltning", "I literally work on this", "kymmenen vuotta metsäyhtiössä", "after 8 years at the grid
    company"), speaks of the writer's workplace as theirs ("meiän lukion", "our trust's", "yliopistomme",
    "our new bodycam policy"; in hybrid mode "meidän kaupungin tiedotus") or of the writer by their trade ("me
    opettajat", "speaking as a nurse"), whichever organisation that is."""
    return (DISCLAIMER_RULES.lexicon("own_work", draft.lang).matches_text(draft) or _speaks_of_its_workplace(draft)
            or any(textmatch.search(p, draft)
                   for p in DISCLAIMER_RULES.regexes("own_work_patterns", draft.lang))
            or _calls_something_at_work_ours(draft) or _speaks_of_its_public_body_acting(draft)
            or _warns_job_seekers_off(draft))


def _warns_job_seekers_off(draft: Draft) -> bool:
    """The draft warns job seekers off a workplace ("sök inte hit", "älkää tulko meille töihin", "don't bother
    applying"): the writer's own, by the loyalty rule's patterns (data/rules/stockmann.yaml)."""
    return next(load_ruleset("stockmann").rule(WARNS_JOB_SEEKERS_OFF).spans(draft), None) is not None


def names_the_organisations_matters(draft: Draft) -> bool:
    """The draft names the pack's organisation or one of its topics somewhere, or says its matter is
    the writer's own work: without that, a view in it is not on the organisation's matters (the pack
    decides what they are)."""
    lang = draft.lang
    return (draft.pack.topic_terms(lang).matches_text(draft) or draft.pack.organisation_terms(lang).matches_text(draft)
            or says_it_is_the_writers_work(draft))
