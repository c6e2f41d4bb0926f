"""Security classification markings: TL IV, ST III, KÄYTTÖ RAJOITETTU, HEMLIG, TLP:AMBER, EU RESTRICTED.

A marking counts when it marks a document or its content, not when the same words are
ordinary language. Three families of candidates:

- level markings that are markings whatever their place: ``TL I-IV``, ``ST I-IV``,
  ``SUOJAUSTASO``, ``TLP:…``, ``EU RESTRICTED``, ``RESTREINT UE``, ``NATO SECRET``, and a
  Swedish ``säkerhetsskyddsklass`` followed by its level;
- stamp words (``SALAINEN``, ``HEMLIG``, ``CONFIDENTIAL``…, listed in the rule's
  ``stamp_words``) that count only in a stamp's form: upper case at a line's start or end,
  followed by a colon, in brackets, after a label such as "Luokitus:", next to another
  marking, or upper case beside a document noun ("liitteenä SALAINEN muistio");
- nothing else: "salainen resepti", "a confidential talk", "Top Secret!" the film.

Talking about markings in general ("TL IV -merkintä tarkoittaa…", "what does TLP:AMBER
mean") gives no warning (``meta_cues``); mentioning a marking while refusing to share
("en voi kertoa, se on TL III") is at most ``info`` (``refusal_cues``). ``TLP:GREEN`` is a
warning (not for public channels), ``TLP:CLEAR`` and ``TLP:WHITE`` are public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import textmatch
from ..draft import Draft
from ..hints import Hint, Severity
from ..ruledata import load_ruleset
from ..textmatch import Lexicon

RULES = load_ruleset("confidential")
RULE = RULES.rule("conf-classification")

_ROMAN = r"(?:IV|III|II|I|[1-4])"
# Finnish levels: TL IV, ST III, TL-II, (TL 4). Upper case only: "tl" and "st" are ordinary abbreviations.
LEVEL = re.compile(rf"(?<![\w-])(?=[TS])(?:TL|ST)[ \t]?-?[ \t]?{_ROMAN}(?![\w]|[.,]\d)")
SUOJAUSTASO = re.compile(rf"(?i)(?<!\w)suojaustaso[ \t]?:?[ \t]?{_ROMAN}(?!\w)")
TLP = re.compile(r"(?i)(?<![\w-])TLP[ \t]?[:\-]?[ \t]?(?P<level>AMBER\+STRICT|AMBER|RED|GREEN|CLEAR|WHITE)(?![\w])")
INTERNATIONAL = re.compile(
    r"(?<![\w-])(?:(?:EU|NATO|COSMIC)[ \t]+(?:TOP[ \t]+SECRET|SECRET|CONFIDENTIAL|RESTRICTED)"
    r"|(?:RESTREINT|CONFIDENTIEL|TR[EÈ]S[ \t]+SECRET|SECRET)[ \t]+UE(?:/EU)?)(?![\w])"
)
SWEDISH_CLASS = re.compile(
    r"(?i)(?<!\w)säkerhetsskyddsklass\w{0,12}[ \t]*[:\-–]?[ \t]*"
    r"(?:kvalificerat[ \t]+hemlig|begränsat[ \t]+hemlig|hemlig|konfidentiell)(?!\w)"
)
# A label that makes the next word a marking: "Luokitus: Luottamuksellinen".
LABEL_BEFORE = re.compile(
    r"(?i)(?:luokitus|turvallisuusluokka|turvallisuusluokitus|suojaustaso|classification|"
    r"klassificering|informationsklass|marking|merkintä|märkning|status)[ \t]*[:\-–][ \t]*[\"'“”]?$"
)
# A verb of marking right before an upper-case stamp word: "promemorian, märkt HEMLIG", "merkitty LUOTTAMUKSELLINEN",
# "a doc headed OFFICIAL-SENSITIVE", "it's marked RESTRICTED", or what a paper said: "paperin jossa luki KÄYTTÖ
# RAJOITETTU", "ett papper där det stod HEMLIG".
MARKED_BEFORE = re.compile(
    r"(?i)(?:merkitty|merkitt\w*|merkinnällä|merkinnän|leimattu|leimalla|luki|lukee|märkt|märkta|märkt med|"
    r"stämplad\w*|stod|marked|marked as|stamped|headed|labell?ed|labell?ed as)[ \t]+[\"'“”(]?$"
)
LINE_START_JUNK = frozenset(" \t*#_>[(|-–—•\"'“”")
LINE_END_JUNK = frozenset(" \t*_])|.!-–—\"'“”")
TLP_SEVERITY: dict[str, Severity | None] = {
    "red": "critical", "amber": "critical", "amber+strict": "critical", "green": "warning",
    "clear": None, "white": None,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    strong: bool  # a level marking (always a marking in form), not a stamp word
    severity: Severity


@cache
def _stamp_regex() -> re.Pattern[str]:
    words: set[str] = set()
    for lang in ("fi", "sv", "en"):
        words.update(w.strip().lower() for w in RULE.data.get("stamp_words", {}).get(lang, []))
    ordered = sorted(words, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in ordered)
    # The word-start test and the first letters come first, so most positions fail at once.
    firsts = "".join(sorted({re.escape(w[0]) for w in ordered}))
    return re.compile(rf"(?<![\w-])(?=[{firsts}])(?:{body})(?![\w])")


@cache
def _cached_lexicon(key: str, lang: str) -> Lexicon:
    return RULE.lexicon(key, lang)  # type: ignore[arg-type]


def _lexicon(key: str, draft: Draft) -> Lexicon:
    return _cached_lexicon(key, draft.lang)


# How far from a marking a refusal to share it is read.
REFUSAL_REACH = 150


def _refuses(draft: Draft, start: int, end: int) -> bool:
    """A refusal to share within 150 characters of the marking (a sentence or two: "No, I won't be putting the
    drawings … in my portfolio … Every sheet was marked CONFIDENTIAL"): a listed phrase (``refusal_cues``) or one
    with words between its negation and its verb (``refusal_patterns``: "emme tietenkään kuvaa tai jaa")."""
    w_start, w_end = draft.window(start, end, REFUSAL_REACH)
    return _lexicon("refusal_cues", draft).matches_text(draft, w_start, w_end) or any(
        textmatch.search(p, draft, w_start, w_end) for p in RULE.regexes("refusal_patterns", draft.lang))


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _clause(draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span, cut at line breaks (a stamp on its own line is its own clause)."""
    s_start, _ = draft.sentence_span(start)
    _, s_end = draft.sentence_span(max(start, end - 1))
    l_start, l_end = _line_bounds(draft.text, start, end)
    return max(s_start, l_start), min(s_end, l_end)


def _at_line_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return all(c in LINE_START_JUNK for c in text[line_start:start])


def _at_line_end(text: str, end: int) -> bool:
    line_end = text.find("\n", end)
    tail = text[end: len(text) if line_end < 0 else line_end]
    return all(c in LINE_END_JUNK for c in tail)


def _colon_after(text: str, end: int) -> bool:
    tail = text[end: end + 4].lstrip(" \t*_")
    return tail.startswith((":", "//", "/ ", "–", "—", " - ")) or tail[:2] == "- "


def _bracketed(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2): start].rstrip(" *")
    after = text[end: end + 2].lstrip(" *")
    return before.endswith(("[", "(")) and after.startswith(("]", ")"))


NEXT_WORD = re.compile(r"[ \t]{1,8}([^\W\d_]{2,40})")
STAMP_COMPANIONS = frozenset({"NOFORN", "REL", "ONLY", "UE", "EU", "NATO", "TL", "ST", "ORCON", "UK", "US", "FI"})


def _phrase_follows(draft: Draft, end: int) -> bool:
    """An upper-case word that is no part of a marking (nor a document noun) follows on the same line."""
    m = NEXT_WORD.match(draft.text, end)
    if not m or not m.group(1).isupper() or m.group(1) in STAMP_COMPANIONS:
        return False
    return not _lexicon("document_nouns", draft).matches_text(draft, m.start(1), m.end(1))


def _shouting(draft: Draft, start: int, end: int, span: tuple[int, int]) -> bool:
    words = [t for t in draft.tokens_between(*span) if t.is_word and len(t.text) > 1 and not (start <= t.start < end)]
    if len(words) < 2:
        return False
    return sum(t.is_upper for t in words) * 2 > len(words)


def _strong_candidates(draft: Draft) -> list[Candidate]:
    text, lower = draft.text, draft.lower
    found: list[Candidate] = []
    # Each pattern runs only when a cheap substring test says it can match at all.
    for m in LEVEL.finditer(text) if ("TL" in text or "ST" in text) else ():
        # "ST 1 -asema" is a filling station; arabic levels yield to the rule's level_ordinary_cues.
        if m.group()[-1].isdigit():
            clause = _clause(draft, *m.span())
            if _lexicon("level_ordinary_cues", draft).matches_text(draft, *clause):
                continue
        found.append(Candidate(m.start(), m.end(), True, "critical"))
    for m in SUOJAUSTASO.finditer(text) if "suojaustaso" in lower else ():
        word = text[m.start(): m.start() + len("suojaustaso")]
        if word.isupper() or _at_line_start(text, m.start()) or ":" in m.group():
            found.append(Candidate(m.start(), m.end(), True, "critical"))
    for m in TLP.finditer(text) if "tlp" in lower else ():
        severity = TLP_SEVERITY[m.group("level").lower()]
        if severity is not None:
            found.append(Candidate(m.start(), m.end(), True, severity))
    if "EU" in text or "UE" in text or "NATO" in text or "COSMIC" in text:
        found.extend(Candidate(m.start(), m.end(), True, "critical") for m in INTERNATIONAL.finditer(text))
    if "säkerhetsskyddsklass" in lower:
        found.extend(Candidate(m.start(), m.end(), True, "critical") for m in SWEDISH_CLASS.finditer(text))
    return found


def _stamp_severity(draft: Draft, start: int, end: int, near_marking: bool) -> Severity | None:
    text = draft.text
    written = text[start:end]
    upper = written.isupper()
    if text[end: end + 1] == "?":
        return None  # "CONFIDENTIAL? Nope" asks, it does not stamp
    clause = _clause(draft, start, end)
    if _lexicon("ordinary_cues", draft).matches_text(draft, *clause):
        return None
    if near_marking:
        return "critical"
    before = text[max(clause[0], start - 40): start]
    if LABEL_BEFORE.search(before) or (upper and MARKED_BEFORE.search(before)):
        return "critical"
    line_start = _at_line_start(text, start)
    colon = _colon_after(text, end)
    if upper and not colon and _phrase_follows(draft, end):
        return "info"  # "RESTRICTED AREA", "SECRET SANTA": a phrase in capitals, not a stamp
    if (line_start or _bracketed(text, start, end)) and (upper or colon):
        return "critical"
    if upper and (colon or _at_line_end(text, end)) and not _shouting(draft, start, end, clause):
        return "critical"
    if upper and not _shouting(draft, start, end, clause):
        if _lexicon("document_nouns", draft).matches_text(draft, *draft.window(start, end, 30)):
            return "critical"
        return "info"
    return None


def _judge(draft: Draft, severity: Severity, start: int, end: int) -> Severity | None:
    """Weigh talk about markings in general and refusals to share."""
    clause = _clause(draft, start, end)
    if _lexicon("meta_cues", draft).matches_text(draft, *clause):
        return None
    if _refuses(draft, start, end):
        return "info"
    return severity


def detect(draft: Draft) -> list[Hint]:
    strong = _strong_candidates(draft)
    candidates = list(strong)
    for m in _stamp_regex().finditer(draft.lower):
        start, end = m.start(), m.end()
        if any(c.start < end and start < c.end for c in strong):
            continue
        near = any(abs(c.start - end) <= 12 or abs(start - c.end) <= 12 for c in strong)
        severity = _stamp_severity(draft, start, end, near)
        if severity is not None:
            candidates.append(Candidate(start, end, False, severity))
    hints: list[Hint] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        if any(s < c.end and c.start < e for s, e in taken):
            continue
        severity = _judge(draft, c.severity, c.start, c.end)
        if severity is None:
            continue
        taken.append((c.start, c.end))
        hints.append(RULE.hint(draft, c.start, c.end, severity=severity))
    return hints
