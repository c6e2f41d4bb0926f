"""Whether a draft touches the organisation's matters at all (the pack's names and topics), and
whether it says whose view it gives ("omana näkemyksenäni", "egen åsikt", "views my own"): forms,
read from the disclaimer rule data (data/rules/disclaimer.yaml: ``disclaimers`` and
``disclaimer_patterns``) and the pack. The disclaimer detector and the meaning layer's head for a
missing disclaimer both ask them."""

from __future__ import annotations

import re
from functools import cache

from . import textmatch
from .draft import Draft
from .hints import Lang
from .packs import Pack
from .ruledata import load_ruleset, per_lang_lexicons
from .textmatch import BETWEEN_WORDS, Lexicon


@cache
def _lexicon(key: str, lang: Lang) -> Lexicon:
    """A word list of data/rules/disclaimer.yaml (``disclaimers``, ``own_work``), compiled once."""
    return load_ruleset("disclaimer").lexicon(key, lang)


@cache
def _patterns(lang: Lang) -> tuple[re.Pattern[str], ...]:
    data = load_ruleset("disclaimer").data.get("disclaimer_patterns") or {}
    return tuple(re.compile(p) for p in [*data.get("any", []), *data.get(lang, [])])


_PACK_DISCLAIMERS: dict[tuple[str, int], dict[str, Lexicon]] = {}


def _pack_disclaimers(pack: Pack, lang: Lang) -> Lexicon:
    """The pack's own disclaimer phrases ("ei ministeriön kanta"), compiled once per pack."""
    key = (pack.id, id(pack.raw))
    if key not in _PACK_DISCLAIMERS:
        _PACK_DISCLAIMERS[key] = per_lang_lexicons(pack.raw.get("disclaimers"))
    return _PACK_DISCLAIMERS[key][lang]


def says_whose_view(draft: Draft) -> bool:
    lang = draft.lang
    if _lexicon("disclaimers", lang).matches_text(draft):
        return True
    if _pack_disclaimers(draft.pack, lang).matches_text(draft):
        return True
    return any(textmatch.search(p, draft) for p in _patterns(lang))


@cache
def _own_work_pairs(lang: Lang) -> tuple[tuple[re.Pattern[str], Lexicon], ...]:
    """Per group of ``own_work_pairs`` (data/rules/disclaimer.yaml): a pattern for any ``first`` term
    ending where the text before a word ends, and a word list of the ``second`` terms, compiled once.
    (A word list of every pair, "meiän lukio*", took 0.25 s to compile for Finnish.)"""
    groups = load_ruleset("disclaimer").data.get("own_work_pairs") or []
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


def says_it_is_the_writers_work(draft: Draft) -> bool:
    """The draft says its matter is the writer's own work ("oon ite töissä lupapalveluissa", "vår egen
    förvaltning", "I literally work on this"), speaks of the writer's workplace as theirs ("meiän lukion",
    "our trust's") or of the writer by their trade ("me opettajat", "speaking as a nurse"), whichever
    organisation that is."""
    return _lexicon("own_work", draft.lang).matches_text(draft) or _speaks_of_its_workplace(draft)


def names_the_organisations_matters(draft: Draft) -> bool:
    """The draft names the pack's organisation or one of its topics somewhere, or says its matter is
    the writer's own work: without that, a view in it is not on the organisation's matters (the pack
    decides what they are)."""
    lang = draft.lang
    return (draft.pack.topic_terms(lang).matches_text(draft) or draft.pack.organisation_terms(lang).matches_text(draft)
            or says_it_is_the_writers_work(draft))
