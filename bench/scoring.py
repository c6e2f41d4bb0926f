"""The bench's pure functions: percentiles, span-overlap scoring (shared/LABELS.md), the BENCH line."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tuumaustauko.stockmann import shouted

Span = tuple[int, int, str]  # start, end (exclusive), kind

BENCH_KEYS = (
    "p50_ms",
    "p99_ms",
    "http_p50_ms",
    "rps",
    "rss_mb",
    "cold_start_s",
    "presidio_p50_ms",
    "speedup",
    "pd_f1",
    "presidio_pd_f1",
    "typing_p50_ms",
    "typing_p99_ms",
    "cold_p50_ms",
)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between order statistics (numpy's default)."""
    if not values:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not in 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else math.nan


def score_draft(gold: Iterable[Span], predicted: Iterable[Span], *, strict_kind: bool = True) -> dict[str, Counts]:
    """Span-overlap scoring of one draft, per kind (shared/LABELS.md).

    A gold span is found (tp) when a prediction of its kind overlaps it, else missed (fn).
    A prediction that overlaps no gold span of its kind is a false alarm (fp), counted under
    the predicted kind; several predictions on one gold span count once. With
    ``strict_kind=False`` any kind will do (is personal data found at all).
    """
    gold = list(gold)
    predicted = list(predicted)
    out: dict[str, Counts] = {}

    def same(a: str, b: str) -> bool:
        return a == b or not strict_kind

    for g_start, g_end, g_kind in gold:
        hit = any(same(p_kind, g_kind) and overlaps(p_start, p_end, g_start, g_end)
                  for p_start, p_end, p_kind in predicted)
        counts = out.setdefault(g_kind, Counts())
        if hit:
            counts.tp += 1
        else:
            counts.fn += 1
    for p_start, p_end, p_kind in predicted:
        if not any(same(p_kind, g_kind) and overlaps(p_start, p_end, g_start, g_end)
                   for g_start, g_end, g_kind in gold):
            out.setdefault(p_kind, Counts()).fp += 1
    return out


Hint = tuple[int, int, str, str, str]  # start, end, category, kind, severity


def person_name_scores(rows: Sequence[Mapping], hints: Sequence[Sequence[Hint]]) -> dict[str, object]:
    """Person names on a labelled set such as bench/names_heldout.jsonl: per language, a name is
    found when a person_name hint of any severity overlaps it; a warning-labelled name is warned
    of when an overlapping one is a warning; a clean draft has a false alarm when it gets any
    personal-data warning or critical hint (shared/LABELS.md: info never counts)."""
    per_lang: dict[str, Counts] = {}
    warned = warnings = false_alarms = clean = 0
    for row, found in zip(rows, hints, strict=True):
        names = [(s, e, kind) for s, e, category, kind, _ in found if kind == "person_name"]
        gold = [(g["start"], g["end"], g["kind"]) for g in row["spans"] if g["kind"] == "person_name"]
        per_lang.setdefault(row["lang"], Counts()).add(total(score_draft(gold, names)))
        for g in row["spans"]:
            if g.get("severity") == "warning":
                warnings += 1
                warned += any(kind == "person_name" and severity == "warning" and overlaps(s, e, g["start"], g["end"])
                              for s, e, _, kind, severity in found)
        if not row["spans"]:
            clean += 1
            false_alarms += any(category == "personal_data" and severity != "info"
                                for _, _, category, _, severity in found)
    every = Counts()
    for counts in per_lang.values():
        every.add(counts)
    return {
        "precision": every.precision, "recall": every.recall, "f1": every.f1,
        "recall_by_lang": {lang: c.recall for lang, c in sorted(per_lang.items())},
        "warned": f"{warned}/{warnings}", "clean_drafts_with_false_alarm": f"{false_alarms}/{clean}",
    }


def _found(p: Mapping, given: Sequence[Hint]) -> bool:
    """A labelled problem is found by a warning or critical hint of its category and kind (a
    person_name of any severity) that overlaps it, or by a document-level one; a document-level
    problem by any hint of its kind (shared/LABELS.md)."""
    return any((category, kind) == (p["category"], p["kind"])
               and (severity != "info" or kind == "person_name")
               and (p["start"] == p["end"] or s == e == 0 or overlaps(s, e, p["start"], p["end"]))
               for s, e, category, kind, severity in given)


def _meets_a_problem(s: int, e: int, category: str, problems: Sequence[Mapping]) -> bool:
    """Whether a hint meets a labelled problem of its category (else it is a false alarm)."""
    return any(p["category"] == category and (p["start"] == p["end"] or s == e == 0
                                              or overlaps(s, e, p["start"], p["end"])) for p in problems)


def problem_scores(rows: Sequence[Mapping], hints: Sequence[Sequence[Hint]]) -> dict[str, object]:
    """Every category on a labelled set such as bench/heldout_all.jsonl (shared/LABELS.md): a labelled
    problem is found by a warning or critical hint of its category and kind (a person_name of any
    severity) that overlaps it, or by a document-level one; a document-level problem (start = end)
    by any hint of its kind. A warning or critical hint that meets no labelled problem of its
    category is a false alarm; a clean draft with any warning or critical hint counts once."""
    found: dict[str, Counts] = {}
    false_alarms = clean = clean_alarmed = 0
    for row, given in zip(rows, hints, strict=True):
        problems = row["problems"]
        for p in problems:
            counts = found.setdefault(f"{p['category']}/{p['kind']}", Counts())
            if _found(p, given):
                counts.tp += 1
            else:
                counts.fn += 1
        alarms = [h for h in given if h[4] != "info"]
        for s, e, category, _, _ in alarms:
            if not _meets_a_problem(s, e, category, problems):
                false_alarms += 1
        if not problems:
            clean += 1
            clean_alarmed += bool(alarms)
    every = total(found)
    return {"recall": every.recall, "found": every.tp, "problems": every.tp + every.fn,
            "false_alarms": false_alarms, "clean_drafts_with_false_alarm": f"{clean_alarmed}/{clean}",
            "recall_by_kind": {k: c.recall for k, c in sorted(found.items())}}


def total(per_kind: Mapping[str, Counts]) -> Counts:
    counts = Counts()
    for c in per_kind.values():
        counts.add(c)
    return counts


def _number(value: float, digits: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "nan"
    return f"{value:.{digits}f}"


def bench_line(figures: Mapping[str, float]) -> str:
    """The last line of the bench: ``BENCH key=value ...`` in the order of BENCH_KEYS."""
    digits = {"rps": 0, "rss_mb": 1, "cold_start_s": 2, "speedup": 1, "pd_f1": 3, "presidio_pd_f1": 3}
    parts = [f"{key}={_number(figures.get(key, math.nan), digits.get(key, 2))}" for key in BENCH_KEYS]
    return "BENCH " + " ".join(parts)


def parse_bench_line(line: str) -> dict[str, float]:
    """The figures of a BENCH line (for tests and for anyone reading the output)."""
    head, _, rest = line.partition(" ")
    if head != "BENCH":
        raise ValueError("not a BENCH line")
    figures: dict[str, float] = {}
    for part in rest.split():
        key, _, value = part.partition("=")
        figures[key] = float(value)
    if tuple(figures) != BENCH_KEYS:
        raise ValueError(f"keys {tuple(figures)} are not {BENCH_KEYS}")
    return figures


def kind_f1(rows: Sequence[Mapping], hints: Sequence[Sequence[Hint]]) -> dict[str, float]:
    """F1 per labelled kind (shared/LABELS.md): a labelled problem is found as in ``problem_scores``;
    a warning or critical hint of a kind counts against that kind's precision when it meets no
    labelled problem of its category (on a problem of its category but another kind it is neither)."""
    counts: dict[str, Counts] = {}
    for row, given in zip(rows, hints, strict=True):
        problems = row["problems"]
        for p in problems:
            hit = _found(p, given)
            c = counts.setdefault(f"{p['category']}/{p['kind']}", Counts())
            c.tp += hit
            c.fn += not hit
        for s, e, category, kind, severity in given:
            if severity != "info" and not _meets_a_problem(s, e, category, problems):
                counts.setdefault(f"{category}/{kind}", Counts()).fp += 1
    return {k: c.f1 for k, c in sorted(counts.items()) if c.tp + c.fn}


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """The chance that a positive scores above a negative (ties count half): the area under the ROC curve."""
    if not positive or not negative:
        return math.nan
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def meaning_scores(rows: Sequence[Mapping], hints: Sequence[Sequence[Hint]], stockmann: Sequence[float],
                   kinds: Sequence[str]) -> dict[str, object]:
    """What issue 11 asks of a labelled set: recall per kind (of ``kinds``, the ones the meaning layer
    reads), macro-F1 over every labelled kind, clean drafts warned, recall per language, and how well
    the Stockmann score ranks drafts with a Stockmann problem or a leak above the rest (AUC)."""
    every = problem_scores(rows, hints)
    f1 = kind_f1(rows, hints)
    by_lang: dict[str, object] = {}
    for lang in sorted({r["lang"] for r in rows}):
        chosen = [i for i, r in enumerate(rows) if r["lang"] == lang]
        scores = problem_scores([rows[i] for i in chosen], [hints[i] for i in chosen])
        by_lang[lang] = scores["recall"]
    positive = [s for r, s in zip(rows, stockmann, strict=True) if shouted(r["problems"])]
    negative = [s for r, s in zip(rows, stockmann, strict=True) if not shouted(r["problems"])]
    recall = every["recall_by_kind"]
    assert isinstance(recall, dict)
    return {
        "drafts": len(rows),
        "recall": every["recall"], "found": every["found"], "problems": every["problems"],
        "clean_drafts_with_false_alarm": every["clean_drafts_with_false_alarm"],
        "false_alarms": every["false_alarms"],
        "recall_by_kind": {k: recall[k] for k in kinds if k in recall},
        "macro_f1": sum(f1.values()) / len(f1) if f1 else math.nan,
        "f1_by_kind": f1,
        "recall_by_lang": by_lang,
        "stockmann_auc": auc(positive, negative),
    }
