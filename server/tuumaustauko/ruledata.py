"""Rules as data: word lists, patterns, messages and should-flag / should-pass examples.

A rule file (``data/rules/NAME.yaml``) names a category and lists rules. A rule either
matches by itself (``terms`` and ``patterns``) or only carries the messages for a detector
written in Python (an identifier validated with python-stdnum, say). Every rule carries
examples in fi, sv and en; ``tests/test_rule_examples.py`` runs them all.

Keys of a rule (all but id, kind, rule and message optional)::

    id: conf-internal-only          # unique across all files
    kind: internal                  # the contract's kind
    category: confidential          # defaults to the file's category
    severity: warning               # info | warning | critical
    rule: 8                         # the guideline's rule for participants, 1-10
    modes: [hybrid, private]        # identity modes the rule applies in (default: all)
    terms: {fi: [...], sv: [...], en: [...], any: [...]}        # see textmatch.py
    patterns: {any: ['(?i)regex'], fi: [...]}                   # a group named 'span' narrows the hint
    context: {fi: [...]}            # must also appear in scope, or see without_context
    context_scope: sentence         # sentence | draft | a number of characters either side
    without_context: info           # severity when the context is missing (default: no hint)
    unless: {fi: [...]}             # suppresses the hint when found in unless_scope
    unless_scope: sentence
    head_unless: {fi: [...]}        # settles the meaning layer's finding of the rule's kind (data/meaning.yaml
    head_unless_scope: draft        #   its_rules_exceptions) when found in this scope (default: sentence)
    head_cues: {fi: [...]}          # in a sentence with one, the meaning layer's head of the rule's kind flags at
                                    #   its ``cue_share`` of its threshold (data/meaning.yaml)
    overruled_by_its_head: false    # the meaning layer's head of the rule's kind may not overrule the rule's warnings
                                    #   when it finds nothing near its kind (Heads.veto; default: true)
    document_level: false           # true: the hint has start = end = 0
    covers: what_it_marks           # the hint covers the cue's sentence, and the one it marks when the cue
                                    #   is a sentence of its own ("Sprid inte vidare 🙊"): see what_the_cue_marks;
                                    #   what_it_speaks_of: and the one before (after) when the cue opens (closes)
                                    #   its sentence ("Päätös julkaistaan vasta ensi viikolla."): what_the_cue_speaks_of
                                    #   the_text_it_stamps: the whole text ("EMBARGO 10:00"): the_text_the_cue_stamps
    message: {fi: ..., sv: ..., en: ...}
    suggestion: {fi: ..., sv: ..., en: ...}
    replacement: {any: "[poistettu]"}  # or per language
    weight: 0.4                     # contribution to the Stockmann score
    reason: {fi: ..., sv: ..., en: ...}  # the Stockmann reason shown
    examples:
      flag: {fi: ["... [[the problem]] ..."], sv: [...], en: [...]}
      pass: {fi: [...], sv: [...], en: [...]}

An example is a string, or a mapping with ``text`` and any of ``mode``, ``previous_text``,
``pack``, ``severity`` (the least severity expected of a flag; default warning). ``[[ ]]``
marks the text the hint must overlap; the markers are removed before checking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

from . import textmatch
from .datafiles import load_yaml
from .draft import Draft
from .hints import LANGS, MODES, SEVERITY_RANK, Hint, Lang, Mode, Severity
from .textmatch import Lexicon

# A number right before a word ("14 000 asiakkaalta", "9,000 customers", "300 elevers"): the word is counted.
COUNTED = re.compile(r"\d[\d\s.,]*\s*$")
COUNT_REACH = 14

MARK_OPEN, MARK_CLOSE = "[[", "]]"
Scope = Literal["sentence", "draft"] | int


class RuleDataError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    rule_id: str
    category: str
    kind: str
    expect: Literal["flag", "pass"]
    lang: Lang
    text: str
    marked: tuple[tuple[int, int], ...]
    mode: Mode = "hybrid"
    previous_text: str | None = None
    pack: str | None = None
    severity: Severity = "warning"
    source_file: str = ""


def _per_lang_text(value: Any, what: str, rule_id: str, required: bool = True) -> dict[str, str]:
    if value is None:
        if required:
            raise RuleDataError(f"{rule_id}: {what} missing")
        return {}
    if isinstance(value, str):
        return {lang: value for lang in LANGS}
    texts = {str(k): str(v) for k, v in dict(value).items()}
    if "any" in texts:
        shared = texts.pop("any")
        texts = {lang: texts.get(lang, shared) for lang in LANGS}
    if required and not all(lang in texts for lang in LANGS):
        raise RuleDataError(f"{rule_id}: {what} needs fi, sv and en")
    return texts


def per_lang_lexicons(value: Any) -> dict[str, Lexicon]:
    value = value or {}
    shared = list(value.get("any", []))
    return {lang: Lexicon([*shared, *value.get(lang, [])]) for lang in LANGS}


def compiled_for_lang(value: Any, lang: str) -> tuple[re.Pattern[str], ...]:
    """The regular expressions of a ``{any, fi, sv, en}`` entry that apply to ``lang``, compiled."""
    value = value or {}
    return tuple(re.compile(p) for p in [*value.get("any", []), *value.get(lang, [])])


def _per_lang_patterns(value: Any, rule_id: str) -> dict[str, list[re.Pattern[str]]]:
    value = value or {}
    try:
        shared = [re.compile(p) for p in value.get("any", [])]
        return {lang: [*shared, *(re.compile(p) for p in value.get(lang, []))] for lang in LANGS}
    except re.error as exc:
        raise RuleDataError(f"{rule_id}: bad pattern: {exc}") from exc


def _scope(value: Any) -> Scope:
    if value in (None, "sentence"):
        return "sentence"
    if value == "draft":
        return "draft"
    if isinstance(value, int) and value > 0:
        return value
    raise RuleDataError(f"bad scope {value!r}")


def scope_span(draft: Draft, scope: Scope, start: int, end: int) -> tuple[int, int]:
    if scope == "draft":
        return (0, len(draft.text))
    if scope == "sentence":
        s_start, _ = draft.sentence_span(start)
        _, s_end = draft.sentence_span(max(start, end - 1))
        return (s_start, s_end)
    return draft.window(start, end, int(scope))


# A sentence with at most this many words beside the cue's is the cue's own ("Älkää levittäkö! 🤐", "Keep it
# quiet please"): what it marks is in the sentence before it (after it, at the draft's start).
WORDS_OF_A_CUES_OWN_SENTENCE = 4


def what_the_cue_marks(draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The span a cue such as "don't spread this" marks: its sentence ("Älkää levittäkö mut meillä sanottiin
    palaverissa et…"), and the sentence before it too when the cue is a sentence of its own ("Kompanichefen sa på
    morgonsamlingen att övningen ställs in. Sprid inte vidare 🙊"), or the one after it at the draft's start."""
    s_start, s_end = scope_span(draft, "sentence", start, end)
    beside = [t for t in draft.tokens_between(s_start, s_end) if t.is_word and not (start <= t.start < end)]
    if len(beside) > WORDS_OF_A_CUES_OWN_SENTENCE:
        return (s_start, s_end)
    index = draft.sentence_index(start)
    if index > 0:
        return (draft.sentences[index - 1][0], s_end)
    if index + 1 < len(draft.sentences):
        return (s_start, draft.sentences[index + 1][1])
    return (s_start, s_end)


# A cue with at most this many words before it in its sentence opens the sentence ("Beslutet offentliggörs först…",
# "His appointment goes to the board…"), with at most this many after it closes it ("…joka julkaistaan vasta
# maanantaina."): what it speaks of was told before it, or is told next.
WORDS_AT_A_SENTENCES_EDGE = 3


def what_the_cue_speaks_of(draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The span a cue such as "the decision is published only next week" speaks of: its sentence, the sentence
    before it too when the cue opens its own ("Onnea Anna-Liisa, joka valitaan kappalaiseksemme! Päätös
    julkaistaan vasta ensi viikolla."), and the sentence after it when the cue closes its own ("Selvitys
    julkaistaan tiistaina. Keskeinen luku: …"); a cue inside its sentence speaks of what that sentence tells
    ("Olle blir chef, men beslutet offentliggörs först i maj, så håll tyst")."""
    s_start, s_end = scope_span(draft, "sentence", start, end)
    words = [t for t in draft.tokens_between(s_start, s_end) if t.is_word]
    before = sum(t.start < start for t in words)
    after = sum(t.start >= end for t in words)
    index = draft.sentence_index(start)
    if before <= WORDS_AT_A_SENTENCES_EDGE and index > 0:
        s_start = draft.sentences[index - 1][0]
    if after <= WORDS_AT_A_SENTENCES_EDGE and index + 1 < len(draft.sentences):
        s_end = draft.sentences[index + 1][1]
    return (s_start, s_end)


def the_text_the_cue_stamps(draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The whole text: a stamp such as "EMBARGO 10:00" or "julkaisuvapaa ti klo 9" puts all of it under embargo,
    the figures told after it ("…storm damage claims up 64%") as much as the stamp."""
    text = draft.text
    first = len(text) - len(text.lstrip())
    return (min(first, start), max(len(text.rstrip()), end))


# What a rule's hint covers beside its cue (``covers``).
COVERS: dict[str, Callable[[Draft, int, int], tuple[int, int]]] = {
    "what_it_marks": what_the_cue_marks, "what_it_speaks_of": what_the_cue_speaks_of,
    "the_text_it_stamps": the_text_the_cue_stamps,
}


class KeyedLists:
    """Word lists and regular expressions kept in a rule's or a rule file's data under a key, per language
    (``{any, fi, sv, en}``), compiled on first use (for Python detectors): a rule's own ("head_cues",
    "refusal_patterns") or a file's shared ones ("own_work", "disclaimer_patterns")."""

    data: dict[str, Any]
    _lexicons: dict[str, dict[str, Lexicon]]
    _regexes: dict[tuple[str, str], tuple[re.Pattern[str], ...]]

    def lexicon(self, key: str, lang: Lang) -> Lexicon:
        if key not in self._lexicons:
            self._lexicons[key] = per_lang_lexicons(self.data.get(key))
        return self._lexicons[key][lang]

    def regexes(self, key: str, lang: Lang) -> tuple[re.Pattern[str], ...]:
        if (key, lang) not in self._regexes:
            self._regexes[(key, lang)] = compiled_for_lang(self.data.get(key), lang)
        return self._regexes[(key, lang)]


@dataclass(frozen=True)
class Rule(KeyedLists):
    id: str
    category: str
    kind: str
    severity: Severity
    rule: int
    message: dict[str, str]
    suggestion: dict[str, str]
    modes: tuple[str, ...] = ("official", "hybrid", "private")
    terms: dict[str, Lexicon] = field(default_factory=dict)
    patterns: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)
    context: dict[str, Lexicon] = field(default_factory=dict)
    context_scope: Scope = "sentence"
    without_context: Severity | None = None
    unless: dict[str, Lexicon] = field(default_factory=dict)
    unless_scope: Scope = "sentence"
    document_level: bool = False
    replacement: dict[str, str] = field(default_factory=dict)
    weight: float | None = None
    reason: dict[str, str] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    _lexicons: dict[str, dict[str, Lexicon]] = field(default_factory=dict, compare=False, repr=False)
    _regexes: dict[tuple[str, str], tuple[re.Pattern[str], ...]] = field(default_factory=dict, compare=False,
                                                                         repr=False)

    @property
    def overruled_by_its_head(self) -> bool:
        """Whether a head that read the draft and found nothing near the rule's kind drops its warnings
        (``overruled_by_its_head`` in the rule data; by default it does)."""
        return bool(self.data.get("overruled_by_its_head", True))

    @property
    def matches_by_itself(self) -> bool:
        return any(self.terms.get(lang) for lang in LANGS) or any(self.patterns.get(lang) for lang in LANGS)

    def settles_a_heads_finding(self, draft: Draft, start: int, end: int) -> bool:
        """Whether the rule's ``head_unless`` cues are found in ``head_unless_scope`` (the sentence unless
        given) around [start, end): what makes a sentence the meaning layer's head of the rule's kind
        flags no problem ("the minutes are on the city's website", "the answer is the law"). Narrower
        than ``unless``, which weighs the rule's own cue words ("embargo … is out": out of the embargo)."""
        return self._found_around("head_unless", _scope(self.data.get("head_unless_scope")), draft, start, end)

    def cues_a_heads_finding(self, draft: Draft, start: int, end: int) -> bool:
        """Whether the rule's ``head_cues`` are found in the sentence around [start, end): what makes a sentence
        likelier to carry the rule's kind than the meaning layer's head alone can tell (a client, a pupil or a
        guard's round in a sentence the secrecy head half suspects). A cue counted by a number before it is
        statistics, not someone ("sähköt poikki noin 14 000 asiakkaalta", "9,000 customers")."""
        cues = self.lexicon("head_cues", draft.lang)
        if not cues:
            return False
        s_start, s_end = scope_span(draft, "sentence", start, end)
        return any(not COUNTED.search(draft.text, max(s_start, m.start - COUNT_REACH), m.start)
                   for m in cues.finditer(draft, s_start, s_end))

    def _found_around(self, key: str, scope: Scope, draft: Draft, start: int, end: int) -> bool:
        cues = self.lexicon(key, draft.lang)
        return bool(cues) and cues.matches_text(draft, *scope_span(draft, scope, start, end))

    def hint(
        self,
        draft: Draft,
        start: int,
        end: int,
        *,
        severity: Severity | None = None,
        replacement: str | None = None,
        weight: float | None = None,
        message: str | None = None,
    ) -> Hint:
        lang = draft.lang
        if self.document_level:
            start = end = 0
        return Hint(
            category=self.category,
            kind=self.kind,
            severity=severity or self.severity,
            rule=self.rule,
            start=start,
            end=end,
            message=message or self.message.get(lang) or self.message["en"],
            suggestion=self.suggestion.get(lang) or self.suggestion.get("en", ""),
            replacement=replacement if replacement is not None else self.replacement.get(lang),
            weight=self.weight if weight is None else weight,
            reason=self.reason.get(lang) or None,
            source=self.id,
        )

    def applies_to(self, draft: Draft) -> bool:
        return draft.mode in self.modes

    def spans(self, draft: Draft) -> Iterator[tuple[int, int]]:
        """Where the rule's own terms and patterns match, in draft order."""
        lang = draft.lang
        found: list[tuple[int, int]] = []
        lexicon = self.terms.get(lang)
        # In a long draft, a look-up per term instead of a scan where no term can match.
        if lexicon and (len(draft.text) < textmatch.WORTH_A_TEST or lexicon.may_occur(draft)):
            found.extend((m.start, m.end) for m in lexicon.finditer(draft))
        for pattern in self.patterns.get(lang, ()):
            for m in textmatch.finditer(pattern, draft):
                if "span" in pattern.groupindex and m.start("span") >= 0:
                    found.append((m.start("span"), m.end("span")))
                elif m.end() > m.start():
                    found.append((m.start(), m.end()))
        yield from sorted(set(found))

    def judge(self, draft: Draft, start: int, end: int) -> Severity | None:
        """The severity of a match once context and exceptions are weighed, or None for no hint."""
        lang = draft.lang
        unless = self.unless.get(lang)
        if unless:
            u_start, u_end = scope_span(draft, self.unless_scope, start, end)
            if unless.matches_text(draft, u_start, u_end):
                return None
        context = self.context.get(lang)
        if context:
            c_start, c_end = scope_span(draft, self.context_scope, start, end)
            if not context.matches_text(draft, c_start, c_end):
                return self.without_context
        return self.severity

    def apply(self, draft: Draft) -> list[Hint]:
        if not self.applies_to(draft) or not self.matches_by_itself:
            return []
        hints: list[Hint] = []
        for start, end in self.spans(draft):
            severity = self.judge(draft, start, end)
            if severity is not None:
                covers = COVERS.get(self.data.get("covers", ""))
                if covers is not None:
                    start, end = covers(draft, start, end)
                hints.append(self.hint(draft, start, end, severity=severity))
                if self.document_level:
                    break
        return hints


@dataclass(frozen=True)
class RuleSet(KeyedLists):
    name: str
    category: str
    rules: tuple[Rule, ...]
    data: dict[str, Any] = field(default_factory=dict)
    _lexicons: dict[str, dict[str, Lexicon]] = field(default_factory=dict, compare=False, repr=False)
    _regexes: dict[tuple[str, str], tuple[re.Pattern[str], ...]] = field(default_factory=dict, compare=False,
                                                                         repr=False)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"{self.name}: no rule {rule_id!r}")

    def apply(self, draft: Draft) -> list[Hint]:
        """Hints of every rule that matches by itself (rules for Python detectors are skipped)."""
        return [hint for rule in self.rules for hint in rule.apply(draft)]


def strip_marks(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove [[ ]] markers, returning the clean text and the marked spans in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    pos = 0
    while i < len(text):
        if text.startswith(MARK_OPEN, i):
            close = text.find(MARK_CLOSE, i + 2)
            if close < 0:
                raise RuleDataError(f"unclosed [[ in example: {text!r}")
            inner = text[i + 2 : close]
            spans.append((pos, pos + len(inner)))
            out.append(inner)
            pos += len(inner)
            i = close + 2
        else:
            out.append(text[i])
            pos += 1
            i += 1
    return "".join(out), tuple(spans)


def _checked(value: Any, allowed: Sequence[str], rule_id: str) -> Any:
    if value not in allowed:
        raise RuleDataError(f"{rule_id}: example has {value!r}, expected one of {', '.join(allowed)}")
    return value


def _examples(rule_id: str, category: str, kind: str, value: Any, source_file: str) -> tuple[Example, ...]:
    value = value or {}
    found: list[Example] = []
    for expect in ("flag", "pass"):
        for lang, items in (value.get(expect) or {}).items():
            if lang not in LANGS:
                raise RuleDataError(f"{rule_id}: example language {lang!r}")
            for item in items:
                spec = {"text": item} if isinstance(item, str) else dict(item)
                text, marked = strip_marks(str(spec["text"]))
                found.append(
                    Example(
                        rule_id=rule_id,
                        category=category,
                        kind=kind,
                        expect=cast(Literal["flag", "pass"], expect),
                        lang=lang,
                        text=text,
                        marked=marked,
                        mode=_checked(spec.get("mode", "hybrid"), MODES, rule_id),
                        previous_text=spec.get("previous_text"),
                        pack=spec.get("pack"),
                        severity=_checked(spec.get("severity", "warning"), tuple(SEVERITY_RANK), rule_id),
                        source_file=source_file,
                    )
                )
    return tuple(found)


_RULE_KEYS = {
    "id", "kind", "category", "severity", "rule", "modes", "terms", "patterns", "context",
    "context_scope", "without_context", "unless", "unless_scope", "document_level", "message",
    "suggestion", "replacement", "weight", "reason", "examples",
}


def rule_from_data(data: dict[str, Any], default_category: str, source_file: str = "") -> Rule:
    rule_id = str(data["id"])
    category = str(data.get("category", default_category))
    kind = str(data["kind"])
    severity = data.get("severity", "warning")
    if severity not in SEVERITY_RANK:
        raise RuleDataError(f"{rule_id}: severity {severity!r}")
    number = int(data["rule"])
    if not 1 <= number <= 10:
        raise RuleDataError(f"{rule_id}: rule {number} is not 1-10")
    without = data.get("without_context")
    if without not in (None, *SEVERITY_RANK):
        raise RuleDataError(f"{rule_id}: without_context {without!r}")
    modes = tuple(data.get("modes", ("official", "hybrid", "private")))
    return Rule(
        id=rule_id,
        category=category,
        kind=kind,
        severity=severity,
        rule=number,
        message=_per_lang_text(data.get("message"), "message", rule_id),
        suggestion=_per_lang_text(data.get("suggestion"), "suggestion", rule_id, required=False),
        modes=modes,
        terms=per_lang_lexicons(data.get("terms")),
        patterns=_per_lang_patterns(data.get("patterns"), rule_id),
        context=per_lang_lexicons(data.get("context")),
        context_scope=_scope(data.get("context_scope")),
        without_context=without,
        unless=per_lang_lexicons(data.get("unless")),
        unless_scope=_scope(data.get("unless_scope")),
        document_level=bool(data.get("document_level", False)),
        replacement=_per_lang_text(data.get("replacement"), "replacement", rule_id, required=False),
        weight=None if data.get("weight") is None else float(data["weight"]),
        reason=_per_lang_text(data.get("reason"), "reason", rule_id, required=False),
        examples=_examples(rule_id, category, kind, data.get("examples"), source_file),
        data={k: v for k, v in data.items() if k not in _RULE_KEYS},
    )


def _rules_folder() -> Any:
    return resources.files("tuumaustauko").joinpath("data/rules")


def ruleset_from_data(name: str, data: dict[str, Any]) -> RuleSet:
    category = str(data["category"])
    rules = tuple(rule_from_data(r, category, f"{name}.yaml") for r in data.get("rules", []))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleDataError(f"{name}: duplicate rule ids")
    extra = {k: v for k, v in data.items() if k not in ("category", "rules")}
    return RuleSet(name=name, category=category, rules=rules, data=extra)


@cache
def load_ruleset(name: str) -> RuleSet:
    text = _rules_folder().joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return ruleset_from_data(name, load_yaml(text))


@cache
def _ruleset_names() -> tuple[str, ...]:
    return tuple(sorted(e.name.removesuffix(".yaml") for e in _rules_folder().iterdir() if e.name.endswith(".yaml")))


def all_rulesets() -> list[RuleSet]:
    """Every rule file in data/rules/ (the folder is listed once: the word rules ask on every draft)."""
    return [load_ruleset(n) for n in _ruleset_names()]


def all_examples(rulesets: Sequence[RuleSet] | None = None) -> list[Example]:
    return [ex for rs in (rulesets or all_rulesets()) for rule in rs.rules for ex in rule.examples]
