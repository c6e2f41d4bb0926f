"""Say when you change a published post (guideline rule 9).

With ``previous_text``, the two versions are compared word by word (difflib). A change of
meaning (a number, a time or date, a place, a negation, words added or replaced) without a
marker ("Korjaus:", "(muokattu)", "Uppdaterat:", "Edit:") gets a hint on the changed words,
or a document-level hint when words were only removed. Emoji, punctuation, whitespace,
capitals, hashtags and links are not words here; a typo fix (one or two letters within a
longer word) and another inflection of the same word are not changes of meaning, except
for weekdays, months, negations and number words (tiistaina / torstaina, five / fine).

Word lists: data/rules/edit.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from ..draft import Draft
from ..hints import Hint, Lang
from ..lemmas import lemma_of
from ..ruledata import load_ruleset
from ..textmatch import Lexicon

RULES = load_ruleset("edit")
RULE = RULES.rule("edit-unmarked")

_WORD = re.compile(r"https?://\S+|www\.\S+|[#@]?\w+(?:['’\-:.,]\w+)*")
_BEFORE_MARKER = re.compile(r"(?:[(\[*]|(?:^|\s)[–—-])\s*\Z")
_AFTER_MARKER = re.compile(r"\s{0,8}:")
_AFTER_OPENING_MARKER = re.compile(r"\s{0,8}[:(\d–—-]")
_LINE_OPENING = re.compile(r"^[\s*•–—-]*$")
MIN_CLAUSE_WORDS = 4
LONG_DIFF_WORDS = 1000
SENTENCE_OPENERS = ".!?:;\"“”'»–—-•"


@dataclass(frozen=True, slots=True)
class Word:
    key: str
    start: int
    end: int
    is_name: bool = False  # capitalised inside a sentence: a place, a person, an organisation

    @property
    def is_decoration(self) -> bool:
        """Hashtags, mentions and links: adding or fixing one changes no statement."""
        return self.key[:1] in "#@" or self.key.startswith(("http://", "https://", "www."))

    @property
    def has_digit(self) -> bool:
        return any(c.isdigit() for c in self.key)


def words(text: str) -> list[Word]:
    found: list[Word] = []
    for m in _WORD.finditer(text):
        key = m.group().lower().replace("’", "'")
        if any(c.isdigit() for c in key):
            key = key.replace(":", ".")  # 14:00 and 14.00 are the same time
        is_name = m.group()[:1].isupper() and _inside_sentence(text, m.start())
        found.append(Word(key, m.start(), m.end(), is_name))
    return found


def _inside_sentence(text: str, start: int) -> bool:
    """Whether the word at start follows other words of its sentence (is not its first word)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] not in SENTENCE_OPENERS


@cache
def _lexicon(key: str, lang: Lang) -> Lexicon:
    return RULES.lexicon(key, lang)


@cache
def _meaningful_regex(lang: Lang) -> re.Pattern[str]:
    terms = _lexicon("meaningful", lang).terms
    parts = [re.escape(t.rstrip("*")) + (r"\w*" if t.endswith("*") else "") for t in terms]
    return re.compile(r"(?:" + "|".join(parts) + r")\Z")


def osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two adjacent letters as one edit."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _is_typo(a: str, b: str) -> bool:
    a, b = a.replace("'", "").replace("-", ""), b.replace("'", "").replace("-", "")
    if min(len(a), len(b)) < 3 or not (a.isalpha() and b.isalpha()):
        return False
    distance = osa_distance(a, b)
    return distance <= 1 or (distance == 2 and max(len(a), len(b)) >= 8)


def _minor_pair(a: Word, b: Word, lang: Lang) -> bool:
    """Two words at one place that say the same thing: a typo fix or another inflection."""
    if a.key == b.key:
        return True
    if a.has_digit or b.has_digit:
        return False
    if a.is_decoration and b.is_decoration:
        return True
    meaningful = _meaningful_regex(lang)
    if meaningful.match(a.key) or meaningful.match(b.key):
        return False
    return _is_typo(a.key, b.key) or lemma_of(a.key, lang) == lemma_of(b.key, lang)


def _states_something(added: Sequence[Word], lang: Lang) -> bool:
    """Words added or removed change what the post says when they carry a number, a date, a
    negation or a name, or make up a clause of their own; "Tervetuloa!" does not."""
    meaningful = _meaningful_regex(lang)
    return len(added) >= MIN_CLAUSE_WORDS or any(
        w.has_digit or w.is_name or meaningful.match(w.key) for w in added
    )


def _meaning_changed(old: Sequence[Word], new: Sequence[Word], lang: Lang) -> bool:
    old = [w for w in old if not w.is_decoration]
    new = [w for w in new if not w.is_decoration]
    if not old or not new:
        return _states_something(old or new, lang)
    if len(old) == len(new):
        return not all(_minor_pair(a, b, lang) for a, b in zip(old, new, strict=True))
    if any(w.has_digit for w in (*old, *new)):
        return True
    # Words split or joined ("liikenne strategia" / "liikennestrategia"), perhaps with a typo fix.
    joined_old, joined_new = "".join(w.key for w in old), "".join(w.key for w in new)
    return not (joined_old == joined_new or _is_typo(joined_old, joined_new))


def is_marked(draft: Draft) -> bool:
    """The new version says it was changed."""
    text = draft.text
    for m in _lexicon("markers", draft.lang).finditer(draft):
        if _AFTER_MARKER.match(text, m.end) or _BEFORE_MARKER.search(text[max(0, m.start - 4) : m.start]):
            return True
        if m.end - m.start >= 3 and text[m.start : m.end].isupper():
            return True
        if _opens_line(text, m.start) and _AFTER_OPENING_MARKER.match(text, m.end):
            return True  # "Päivitys 14.5.: ...", "Update 14:05 – ..."
    return any(_opens_line(text, m.start) for m in _lexicon("line_start_markers", draft.lang).finditer(draft))


def _opens_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LINE_OPENING.match(text[line_start:start]))


def changed_spans(draft: Draft) -> list[tuple[int, int]]:
    """Where the meaning changed in the new version; (0, 0) for words only removed."""
    old, new = words(draft.previous_text or ""), words(draft.text)
    old_keys, new_keys = [w.key for w in old], [w.key for w in new]
    # Exact word-by-word matching is quadratic at worst: long versions let difflib skip very
    # common words.
    long = max(len(old_keys), len(new_keys)) > LONG_DIFF_WORDS
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=long)
    spans: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or not _meaning_changed(old[i1:i2], new[j1:j2], draft.lang):
            continue
        shown = [w for w in new[j1:j2] if not w.is_decoration]
        spans.append((shown[0].start, shown[-1].end) if shown else (0, 0))
    return spans


def detect(draft: Draft) -> list[Hint]:
    if not draft.previous_text or not RULE.applies_to(draft) or draft.previous_text == draft.text:
        return []
    spans = changed_spans(draft)
    if not spans or is_marked(draft):
        return []
    located = sorted({s for s in spans if s != (0, 0)})
    if not located:
        return [RULE.hint(draft, 0, 0)]
    return [RULE.hint(draft, start, end) for start, end in located]
