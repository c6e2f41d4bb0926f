"""The advisor: parse once, run every detector on the same parsed draft, merge, order, score."""

from __future__ import annotations

import bisect
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from .allowances import NO_ALLOWANCES, Allowances
from .detectors import all_detectors, person_name, street_address
from .detectors._people import about_no_one
from .detectors.absence import leaves_no_home_empty
from .detectors.disclaimer import quotes_someone
from .detectors.insult import reports_name_calling
from .detectors.official_business import handles_no_case
from .draft import Draft, analyse
from .hints import Hint, Mode
from .meaning import Reading, read_meaning
from .meaning.heads import head_specs, rule_for, spec_for
from .meaning.layer import CHECK_BUDGET_MS
from .packs import DEFAULT_PACK, Pack
from .ruledata import load_ruleset, scope_span, what_the_cue_marks
from .stockmann import StockmannScore, score_hints
from .whose_view import says_whose_view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Advice:
    draft: Draft
    hints: tuple[Hint, ...]
    stockmann: StockmannScore
    meaning: Reading = Reading("off", 0.0)
    allowed: int = 0  # hints the writer's allowances left out

    @property
    def lang(self) -> str:
        return self.draft.lang

    @property
    def mode(self) -> str:
        return self.draft.mode


def _better(a: Hint, b: Hint) -> Hint:
    """Of two hints on one problem, the more severe; then the longer span; then the first."""
    if a.rank != b.rank:
        return a if a.rank > b.rank else b
    if (a.end - a.start) != (b.end - b.start):
        return a if (a.end - a.start) > (b.end - b.start) else b
    return a


# Categories whose kinds are separate problems even on the same words: an insult inside a
# shouted sentence is both, and the Stockmann score counts both.
KINDS_KEPT_APART = frozenset({"stockmann"})
MEANING_SOURCE = "meaning:"  # the start of a meaning-layer hint's source
MISSING_DISCLAIMER = "disc-missing"  # the rule whose hint says a view does not say whose it is
HEARD_IN_MEETING = "conf-heard-in-meeting"  # the rule whose hint says a sentence of a coming decision was heard there
SEEN_AT_WORK = "conf-seen-at-work"  # the rule whose hint says someone's health or belief is known from the writer's job
# The kinds of what a job lets one see about a person.
SEEN_ABOUT_A_PERSON = frozenset({"health", "special_category"})


def _problem_group(hint: Hint) -> tuple[str, str]:
    """Overlapping span hints of one group are one problem. A hint of the meaning layer covers a
    whole sentence: it is one problem only with hints of its own kind (a health hint on a sentence
    must not swallow the phone number inside it); so is a rule hint widened to a head's sentence."""
    apart = hint.category in KINDS_KEPT_APART or MEANING_SOURCE in hint.source or hint.source == HEARD_IN_MEETING
    return (hint.category, hint.kind if apart else "")


def _said_by_rules(hint: Hint, rule_hints: list[Hint]) -> bool:
    """A rule hint of the same kind on the same place, as severe at least, already says it (and points at the
    cue). A rule's note (``info``: a cue without its context) does not say what a head's warning says."""
    return any(
        r.category == hint.category and r.kind == hint.kind and r.rank >= hint.rank
        and (r.is_document_level or hint.is_document_level or r.overlaps(hint.start, hint.end))
        for r in rule_hints
    )


def _widened(rule_hint: Hint, head_hint: Hint) -> Hint:
    return replace(rule_hint, start=min(rule_hint.start, head_hint.start), end=max(rule_hint.end, head_hint.end),
                   source=f"{rule_hint.source}+{head_hint.source}")


def _as_the_drafts(hint: Hint) -> Hint:
    """A head's hint on the whole draft (document-level): the draft as a whole carries its kind."""
    return replace(hint, start=0, end=0)


def _documents_its_kind(hint: Hint) -> bool:
    """The kind's rule speaks of the whole draft (a missing disclaimer, a case handled in public)."""
    return rule_for(spec_for(hint.source.removeprefix(MEANING_SOURCE)).rule_id).document_level


def _of_a_kind_the_rules_found(hint: Hint, rule_hints: list[Hint]) -> bool:
    """A rule hint of the head's kind is in the draft: the head's hint stays on its sentence, to be
    one hint with the rule's there or a second place of the same kind (as a draft's hint, the rule's
    would stand for it wherever the rule's cue is). Two places of it make it the draft's after merging
    (``spread_over_the_draft``)."""
    return any(r.category == hint.category and r.kind == hint.kind for r in rule_hints)


def joined_with_rules(rule_hints: list[Hint], head_hints: list[Hint], text: str, allow: Allowances) -> list[Hint]:
    """A head's hint and the rule hints of its kind on the same place are one hint: the rule's (its
    message names the cue), over the head's whole sentence, since the sentence is what the head found
    to carry the problem ("the assessment is secret under section 24, but in short the backbone runs
    through one duct": the cue is "secret under section 24", the leak the rest). A rule hint keeps its
    own span where widening would change what it is: a document-level one, one with a replacement
    (the replacement is for the cue's words), and one the writer has allowed (against every rule hint,
    the allowed ones too: a head that says what an allowed rule hint said is allowed with it)."""
    found = list(rule_hints)
    heads: list[Hint] = []
    for head in head_hints:
        if not _said_by_rules(head, rule_hints):
            heads.append(head)
            continue
        if head.is_document_level:
            continue
        for i, rule in enumerate(found):
            if (rule.category == head.category and rule.kind == head.kind and not rule.is_document_level
                    and rule.rank >= head.rank and rule.overlaps(head.start, head.end) and rule.replacement is None
                    and not allow.allows(rule_hints[i], text)):
                found[i] = _widened(rule, head)
    return found + heads


# The rule book's tests of a sentence's form, by the names data/meaning.yaml gives them
# (``unless_sentence``): where one holds, a head's hint on the sentence is no problem.
SENTENCE_TESTS = {"about_no_one": about_no_one, "handles_no_case": handles_no_case,
                  "leaves_no_home_empty": leaves_no_home_empty, "reports_name_calling": reports_name_calling,
                  "quotes_someone": quotes_someone}
# What the head's own rule says settles a head's finding (the rule's ``head_unless`` cues, data/rules/): the
# decision or the release is out already ("the minutes are on the city's website", "our press release went
# out at 10"), secrecy law explained ("the answer is the law: a patient's health data is secret").
ITS_RULES_EXCEPTIONS = "its_rules_exceptions"


def _settled_by_form(hint: Hint, draft: Draft) -> bool:
    spec = spec_for(hint.source.removeprefix(MEANING_SOURCE))
    test = spec.unless_sentence
    if test == ITS_RULES_EXCEPTIONS:
        return rule_for(spec.rule_id).settles_a_heads_finding(draft, hint.start, hint.end)
    return test is not None and SENTENCE_TESTS[test](draft, hint.start, hint.end)


# What a sentence a head flags ties to something sensitive (``HeadSpec.ties``, data/meaning.yaml),
# and the rule book's detector that then warns of it there.
TIES = {"person_name": person_name.tied_by, "address": street_address.tied_by,
        "person_addressed": person_name.addressed_by}


def _ties_of(hint: Hint) -> tuple[str, ...]:
    """What a hint of a head's kind ties (data/meaning.yaml ``ties``), whether a head or the rule
    book found it; nothing for the kinds no head reads."""
    key = hint.source.removeprefix(MEANING_SOURCE) if hint.source.startswith(MEANING_SOURCE) \
        else f"{hint.category}/{hint.kind}"
    spec = next((s for s in head_specs() if s.key == key), None)
    return spec.ties if spec is not None else ()


def tied_by_findings(draft: Draft, head_hints: list[Hint], rule_hints: list[Hint]) -> list[Hint]:
    """The personal data tied to what the heads (and the rule book's warnings of the same kinds)
    found: a first name alone in a sentence of gossip or of a case, a street address in a draft
    that leaves a home empty."""
    findings = head_hints + [h for h in rule_hints if h.severity != "info"]
    found: list[Hint] = []
    for kind, tie in TIES.items():
        spans = [(h.start, h.end) for h in findings if kind in _ties_of(h)]
        if spans:
            found += tie(draft, spans)
    return found


def heard_in_meetings(draft: Draft, hints: list[Hint]) -> list[Hint]:
    """Over each sentence that a warning of a coming decision (conf-pre-decision, the rule book's or a head's)
    covers and that names one of the workplace's own meetings ("aamun johtoryhmässä sovittiin, että…", "på
    dagens APT sa chefen att…", "from this morning's all-hands: …"), a warning that it was heard there
    (conf-heard-in-meeting): what an internal meeting heard is internal, decided or not. The rule's cue
    alone in a sentence of its own ("Ei vielä julkista.") marks the sentence before it (``what_the_cue_marks``)."""
    rule = load_ruleset("confidential").rule(HEARD_IN_MEETING)
    meetings = rule.lexicon("meetings", draft.lang)
    found: list[Hint] = []
    for hint in hints:
        if hint.kind != "pre_decision" or hint.severity == "info" or hint.is_document_level:
            continue
        # A head's hint covers its sentence; a rule's its cue, which may be a sentence of its own ("Ei vielä
        # julkista.") marking the one before.
        start, end = (scope_span(draft, "sentence", hint.start, hint.end) if MEANING_SOURCE in hint.source
                      else what_the_cue_marks(draft, hint.start, hint.end))
        if meetings.matches_text(draft, start, end):
            found.append(rule.hint(draft, start, end))
    return found


def seen_at_work(draft: Draft, hints: list[Hint]) -> list[Hint]:
    """Over the sentence that says the writer knows it from their work ("näin sen työjärjestelmästä",
    "opettajana mä tiedän", "I saw it on the admission form"), where a warning of someone's health or belief
    (the rule book's or a head's) stands in that sentence or the one before: a warning that it is secret
    (conf-seen-at-work). What the job lets one see about a person is kept secret, whoever it is told to."""
    rule = load_ruleset("confidential").rule(SEEN_AT_WORK)
    sources = rule.lexicon("sources", draft.lang)
    found: list[Hint] = []
    for hint in hints:
        if hint.kind not in SEEN_ABOUT_A_PERSON or hint.severity == "info" or hint.is_document_level:
            continue
        start, end = scope_span(draft, "sentence", hint.start, hint.end)
        match = next(iter(sources.finditer(draft, start, draft.end_of_next_sentence(end))), None)
        if match is None:
            continue
        sentence = scope_span(draft, "sentence", match.start, match.end)
        if not any(h.kind == rule.kind and h.overlaps(*sentence) for h in (*hints, *found)):
            found.append(rule.hint(draft, *sentence))
    return found


def views_of_the_employer(draft: Draft, hints: list[Hint]) -> list[Hint]:
    """A warning of running the employer down (loyalty, the rule book's or a head's) in a mode where a view needs
    saying whose it is, on a draft that does not say so: the draft's missing-disclaimer warning too. Running one's
    employer down is a view on the organisation's own matters (shared/LABELS.md), whichever organisation the pack
    names ("Jobbar på SOS Alarm och ärligt talat: världens sämst skötta företag")."""
    rule = load_ruleset("disclaimer").rule(MISSING_DISCLAIMER)
    if not rule.applies_to(draft) or any(h.kind == rule.kind for h in hints):
        return []
    if not any(h.kind == "loyalty" and h.severity != "info" for h in hints) or says_whose_view(draft):
        return []
    return [rule.hint(draft, 0, 0)]


def merge_hints(hints: Iterable[Hint]) -> list[Hint]:
    """One hint per problem: overlapping span hints of one category (of one kind, for the
    Stockmann kinds), and document-level hints of one kind, count once. Ordered by position,
    the most severe first at a position."""
    documents: dict[tuple[str, str], Hint] = {}
    spans: list[Hint] = []
    for hint in hints:
        if hint.is_document_level:
            key = (hint.category, hint.kind)
            documents[key] = _better(documents[key], hint) if key in documents else hint
        else:
            spans.append(hint)
    kept: list[Hint] = []
    # Kept hints of one problem group never overlap, so each group's kept spans, sorted by start,
    # have rising ends too: the only one that can overlap a new span is the last that starts before its end.
    groups: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for hint in sorted(spans, key=lambda h: (-h.rank, -(h.end - h.start), h.start)):
        starts, ends = groups.setdefault(_problem_group(hint), ([], []))
        i = bisect.bisect_left(starts, hint.end)
        if i > 0 and ends[i - 1] > hint.start:
            continue
        starts.insert(i, hint.start)
        ends.insert(i, hint.end)
        kept.append(hint)
    merged = list(documents.values()) + kept
    return sorted(merged, key=lambda h: (h.start, -h.rank, h.end, h.category, h.kind))


@cache
def _kinds_of_the_whole_draft() -> frozenset[tuple[str, str]]:
    """The kinds that may belong to the whole draft (data/meaning.yaml's ``whole_draft``: gossip, regret,
    running the employer down, a threat)."""
    return frozenset((s.category, s.kind) for s in head_specs() if s.whole_draft)


def spread_over_the_draft(hints: list[Hint]) -> list[Hint]:
    """A kind that may belong to the whole draft, warned of in two or more places of it, is one problem of
    the draft: one document-level hint (the most severe of them, ``merge_hints``'s order) instead of an
    underline on each sentence ("Efter 12 år här: sök inte hit. Ledningen bryr sig inte om personalen.").
    Its notes (``info``) and the other kinds stay where they are."""
    whole = _kinds_of_the_whole_draft()
    places: dict[tuple[str, str], list[Hint]] = {}
    for hint in hints:
        if (hint.category, hint.kind) in whole and hint.severity != "info" and not hint.is_document_level:
            places.setdefault((hint.category, hint.kind), []).append(hint)
    spread = {key: found for key, found in places.items() if len(found) >= 2}
    if not spread:
        return hints
    kept = [h for h in hints if not ((h.category, h.kind) in spread and h.severity != "info"
                                     and not h.is_document_level)]
    for found in spread.values():
        kept.append(replace(_as_the_drafts(max(found, key=lambda h: h.rank)), replacement=None))
    return merge_hints(kept)


def run_detectors(draft: Draft) -> list[Hint]:
    found: list[Hint] = []
    for detector in all_detectors():
        try:
            found.extend(detector.detect(draft))
        except Exception as exc:  # a detector's bug must never cost the writer the other hints
            # Only the detector's name and the exception's type: never the draft.
            log.error("detector %s failed: %s", detector.name, type(exc).__name__)
    return found


def _count_allowed(hints: list[Hint], draft: Draft, allow: Allowances) -> int:
    """How many of the hints the writer would have seen are allowed (one a problem, as merged)."""
    return sum(allow.allows(h, draft.text) for h in merge_hints(hints)) if allow else 0


def advise(draft: Draft, started: float | None = None, budget_ms: float | None = CHECK_BUDGET_MS,
           meaning: bool = True, allow: Allowances = NO_ALLOWANCES) -> Advice:
    """The rules' hints and the meaning layer's, merged. The meaning layer reads within what is
    left of the check's time budget after the rules (``started``: when the check began); with
    ``budget_ms=None`` it reads the whole draft however long it takes (the command line, scoring).
    ``meaning=False``: the rules alone. ``allow``: the writer's allowances, whose hints are left out
    before merging and scoring (so an allowed phone number neither shows nor raises the score)."""
    started = time.perf_counter() if started is None else started
    rule_hints = run_detectors(draft)
    found, reading = rule_hints, Reading("off", 0.0)
    if meaning:
        left = math.inf if budget_ms is None else budget_ms - (time.perf_counter() - started) * 1000
        reading = read_meaning(draft, budget_ms=left)
        # A head that read the whole draft and found nothing near its kind overrules the rule book's
        # warnings of that kind (a word match in a sentence about something else); its notes stay.
        rule_hints = [h for h in rule_hints if h.severity == "info" or f"{h.category}/{h.kind}" not in reading.doubted
                      or not _overruled_by_its_head(h.source)]
        head_hints = [h for h in reading.hints if not _settled_by_form(h, draft)]
        rule_hints += tied_by_findings(draft, head_hints, rule_hints)
        head_hints = [_as_the_drafts(h) if _documents_its_kind(h) or (
                          h.source.removeprefix(MEANING_SOURCE) in reading.whole_draft
                          and not _of_a_kind_the_rules_found(h, rule_hints)) else h
                      for h in head_hints]
        found = joined_with_rules(rule_hints, head_hints, draft.text, allow)
    found = found + heard_in_meetings(draft, found)
    found = found + seen_at_work(draft, found)
    found = found + views_of_the_employer(draft, found)
    allowed = _count_allowed(found, draft, allow)
    hints = tuple(spread_over_the_draft(merge_hints(allow.kept(found, draft.text))))
    stockmann = score_hints(hints, draft.lang, reading.score_model, reading.probabilities)
    return Advice(draft=draft, hints=hints, stockmann=stockmann, meaning=reading, allowed=allowed)


@cache
def _overruled_by_its_head(source: str) -> bool:
    """Whether the head of a hint's kind may overrule it: a detector's hints, and a rule's unless the rule data
    says ``overruled_by_its_head: false``."""
    try:
        return rule_for(source).overruled_by_its_head
    except KeyError:
        return True


def check(
    text: str,
    *,
    mode: Mode = "hybrid",
    lang: str | None = None,
    pack: Pack | str = DEFAULT_PACK,
    platform: str | None = None,
    previous_text: str | None = None,
    budget_ms: float | None = CHECK_BUDGET_MS,
    meaning: bool = True,
    allow: Allowances = NO_ALLOWANCES,
) -> Advice:
    started = time.perf_counter()
    draft = analyse(text, mode=mode, lang=lang, pack=pack, platform=platform, previous_text=previous_text)
    return advise(draft, started, budget_ms, meaning, allow)
