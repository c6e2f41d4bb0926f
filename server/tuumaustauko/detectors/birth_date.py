"""A person's date of birth: a full date (day, month, year) that a birth cue introduces.

Cues are data ("syntynyt", "syntymäaika", "s.", "född", "f.", "born", "DOB"); the date may
be numeric (12.3.1984, 1984-03-12, 12/03/1984) or written out (12. maaliskuuta 1984,
12 mars 1984, 3 March 1984, March 3, 1984). Without a cue a date is an event date, a
meeting or a deadline, and gets no hint. A birthday cue (syntymäpäivä, birthday) with a
recent year, or with a party cue (juhlat, klo, tervetuloa), is a party, not a birth date.
A birth year alone, or a date more than 110 years back (a historical person), is ``info``.
"The idea was born on ..." gets nothing.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

from ..draft import Draft
from ..hints import Hint, Lang, Severity
from ..ruledata import load_ruleset, scope_span
from ..textmatch import Lexicon

RULE = load_ruleset("personal_data_contact").rule("pd-birth-date")


@cache
def _words(key: str, lang: Lang) -> Lexicon:
    """A word list of the rule, compiled once per language."""
    return RULE.lexicon(key, lang)


CUE_BEFORE = 45
CUE_AFTER = 20
HISTORICAL_YEARS = 110
PARTY_YEARS = 5
NUMERIC_DATES = (
    # 12.3.1984, 12. 3. 1984, 12.3.84
    r"(?<![\d.])(?P<d1>\d{1,2})\.\s?(?P<m1>\d{1,2})\.\s?(?P<y1>(?:18|19|20)\d{2}|\d{2})(?![\d.]\d|\d)",
    # 1984-03-12
    r"(?<![\d\-])(?P<y2>(?:18|19|20)\d{2})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?![\d\-])",
    # 12/03/1984, 03/12/1984
    r"(?<![\d/])(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>(?:18|19|20)\d{2}|\d{2})(?![\d/])",
)
AFTER_STOP = re.compile(r"[,;:.!?()\[\]–—]")
YEAR_ONLY = re.compile(r"(?<![\d.\-/])(?P<y>(?:18|19|20)\d{2})(?![\d\-/]|\.\d)")


@cache
def _month_pattern(lang: Lang) -> str:
    months: dict[str, list[str]] = RULE.data["month_names"]
    names = sorted({*months.get(lang, []), *months.get("en", [])}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + r")\.?"


@cache
def date_pattern(lang: Lang) -> re.Pattern[str]:
    month = _month_pattern(lang)
    written = (
        # 12. maaliskuuta 1984, 12 mars 1984, 3rd of March 1984
        rf"(?<!\d)(?P<d4>\d{{1,2}})(?:\.|st|nd|rd|th|:e|:a)?\s(?:of\s)?(?P<m4>{month})\s(?P<y4>(?:18|19|20)\d{{2}})(?!\d)",
        # March 3, 1984
        rf"(?<!\w)(?P<m5>{month})\s(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y5>(?:18|19|20)\d{{2}})(?!\d)",
    )
    return re.compile("|".join(f"(?:{p})" for p in (*NUMERIC_DATES, *written)), re.IGNORECASE)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        this = datetime.date.today().year % 100
        year += 2000 if year <= this else 1900
    return year


def _year_of(m: re.Match[str]) -> int:
    for key in ("y1", "y2", "y3", "y4", "y5"):
        if m.group(key):
            return _full_year(m.group(key))
    return 0


def _plausible(m: re.Match[str]) -> bool:
    """Day 1-31 and month 1-12 (either order for slashes: 12/25/2019 is American)."""
    for d_key, m_key in (("d1", "m1"), ("d2", "m2"), ("d3", "m3")):
        if m.group(d_key):
            day, month = int(m.group(d_key)), int(m.group(m_key))
            if d_key == "d3" and month > 12:
                day, month = month, day
            return 1 <= day <= 31 and 1 <= month <= 12
    day_text = m.group("d4") or m.group("d5")
    return day_text is None or 1 <= int(day_text) <= 31


def _cue_near(draft: Draft, start: int, end: int) -> str | None:
    """'birth' or 'birthday' when a cue is right before or after the date, else None.

    Before: within CUE_BEFORE characters on the same line, with no other year between the
    cue and the date. After: within CUE_AFTER characters, not past a punctuation mark.
    """
    lang = draft.lang
    line_start = draft.text.rfind("\n", 0, start) + 1
    lo = max(line_start, start - CUE_BEFORE)
    stop = AFTER_STOP.search(draft.text, end, min(len(draft.text), end + CUE_AFTER))
    hi = stop.start() if stop else min(len(draft.text), end + CUE_AFTER)
    for key, found in (("cues", "birth"), ("birthday_cues", "birthday")):
        lexicon = _words(key, lang)
        before = [m for m in lexicon.finditer(draft, lo, start) if not YEAR_ONLY.search(draft.text, m.end, start)]
        if before or lexicon.matches_text(draft, end, hi):
            if found == "birthday" and _party(draft, start, end):
                return None
            return found
        if found == "birth" and _abbreviation_before(draft, line_start, start):
            return found
    return None


def _party(draft: Draft, start: int, end: int) -> bool:
    """'Synttärijuhlat 12.6.2026 klo 18, tervetuloa!': the date of a party, not of a birth."""
    s_start, s_end = scope_span(draft, "sentence", start, end)
    return _words("party_cues", draft.lang).matches_text(draft, s_start, s_end)


def _abbreviation_before(draft: Draft, line_start: int, start: int) -> bool:
    """'s. 12.3.1984', '(f. 1984-03-12)', 'DOB: 12/03/1984': the abbreviation right before the date."""
    prefix = draft.lower[max(line_start, start - 10) : start].rstrip(" :\t")
    for abbr in RULE.data.get("abbreviations", {}).get(draft.lang, []):
        if prefix.endswith(abbr) and (len(prefix) == len(abbr) or not prefix[-len(abbr) - 1].isalnum()):
            return True
    return False


def _not_a_person(draft: Draft, start: int) -> bool:
    lo = max(0, start - CUE_BEFORE - 20)
    return _words("not_person_cues", draft.lang).matches_text(draft, lo, start)


def _severity(cue: str | None, year: int, full_date: bool) -> Severity | None:
    if cue is None or year == 0:
        return None
    this_year = datetime.date.today().year
    if year > this_year:
        return None
    if cue == "birthday" and year > this_year - PARTY_YEARS:
        return None
    if not full_date or year < this_year - HISTORICAL_YEARS:
        return "info"
    return RULE.severity


def _any_cue(draft: Draft) -> bool:
    """Whether a birth or birthday cue, or an abbreviation, can stand anywhere in the draft: every
    hint needs one, and a long draft of digits needs no date scan without."""
    lang = draft.lang
    if _words("cues", lang).may_occur(draft) or _words("birthday_cues", lang).may_occur(draft):
        return True
    return any(abbr in draft.lower for abbr in RULE.data.get("abbreviations", {}).get(lang, []))


def detect(draft: Draft) -> list[Hint]:
    hints: list[Hint] = []
    if not _any_cue(draft):
        return hints
    for m in date_pattern(draft.lang).finditer(draft.text):
        if not _plausible(m):
            continue
        cue = _cue_near(draft, m.start(), m.end())
        severity = _severity(cue, _year_of(m), full_date=True)
        if severity is not None and not _not_a_person(draft, m.start()):
            hints.append(RULE.hint(draft, m.start(), m.end(), severity=severity))
    for m in YEAR_ONLY.finditer(draft.text):
        if any(h.overlaps(m.start(), m.end()) for h in hints):
            continue
        cue = _cue_near(draft, m.start(), m.end())
        severity = _severity(cue, int(m.group("y")), full_date=False)
        if severity is not None and not _not_a_person(draft, m.start()):
            hints.append(RULE.hint(draft, m.start(), m.end(), severity=severity))
    return hints
