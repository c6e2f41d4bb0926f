"""Smoke tests of the bench's pure functions (bench/scoring.py, bench/drafts.py); nothing is timed here."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from drafts import LANGS, LENGTHS, make_draft  # noqa: E402
from scoring import BENCH_KEYS, bench_line, parse_bench_line, percentile, score_draft, total  # noqa: E402


def test_percentile_interpolates_like_numpy() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 25) == 2.0
    assert percentile([1.0, 2.0], 50) == 1.5
    assert percentile(list(range(101)), 99) == pytest.approx(99.0)


def test_percentile_of_nothing_is_nan_and_bad_q_is_refused() -> None:
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_bench_line_has_the_exact_keys_in_order_and_parses_back() -> None:
    figures = {"p50_ms": 1.234, "p99_ms": 4.5, "http_p50_ms": 2.0, "rps": 812.4, "rss_mb": 180.26,
               "cold_start_s": 1.234, "presidio_p50_ms": 9.87, "speedup": 8.0, "pd_f1": 0.9123,
               "presidio_pd_f1": 0.5, "typing_p50_ms": 12.345, "typing_p99_ms": 40.0, "cold_p50_ms": 55.5}
    line = bench_line(figures)
    assert line == ("BENCH p50_ms=1.23 p99_ms=4.50 http_p50_ms=2.00 rps=812 rss_mb=180.3 cold_start_s=1.23 "
                    "presidio_p50_ms=9.87 speedup=8.0 pd_f1=0.912 presidio_pd_f1=0.500 typing_p50_ms=12.35 "
                    "typing_p99_ms=40.00 cold_p50_ms=55.50")
    parsed = parse_bench_line(line)
    assert tuple(parsed) == BENCH_KEYS
    assert parsed["rps"] == 812


def test_bench_line_writes_nan_for_a_figure_not_measured() -> None:
    line = bench_line({"p50_ms": 1.0})
    assert "http_p50_ms=nan" in line
    assert math.isnan(parse_bench_line(line)["rps"])


def test_an_overlapping_hint_of_the_right_kind_is_found() -> None:
    counts = total(score_draft([(10, 21, "national_id")], [(12, 21, "national_id")]))
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)


def test_a_hint_of_the_wrong_kind_is_a_miss_and_a_false_alarm_unless_any_kind_will_do() -> None:
    strict = score_draft([(0, 5, "phone")], [(0, 5, "birth_date")])
    assert strict["phone"].fn == 1 and strict["birth_date"].fp == 1
    loose = total(score_draft([(0, 5, "phone")], [(0, 5, "birth_date")], strict_kind=False))
    assert (loose.tp, loose.fp, loose.fn) == (1, 0, 0)


def test_touching_spans_do_not_overlap_and_two_hints_on_one_problem_count_once() -> None:
    counts = total(score_draft([(5, 10, "email")], [(10, 12, "email")]))
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)
    counts = total(score_draft([(0, 20, "address")], [(0, 8, "address"), (9, 20, "address")]))
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)
    assert counts.f1 == 1.0


def test_a_clean_draft_without_hints_scores_nothing() -> None:
    counts = total(score_draft([], []))
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 0)
    assert math.isnan(counts.f1)


def test_drafts_are_deterministic_and_never_longer_than_asked() -> None:
    for lang in LANGS:
        for length in LENGTHS:
            draft = make_draft(lang, length, 3)
            assert draft == make_draft(lang, length, 3)
            assert length * 0.8 <= len(draft) <= length


def test_labelled_set_spans_point_at_text_and_a_third_is_clean() -> None:
    rows = [json.loads(line) for line in (BENCH / "pd_labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["lang"] for r in rows} == set(LANGS)
    for row in rows:
        for span in row["spans"]:
            piece = row["text"][span["start"] : span["end"]]
            assert piece and piece == piece.strip()
    clean = sum(1 for r in rows if not r["spans"])
    assert 0.25 <= clean / len(rows) <= 0.4


def test_labelled_identifiers_have_valid_checksums() -> None:
    from stdnum import iban, luhn
    from stdnum.fi import hetu
    from stdnum.se import personnummer

    rows = [json.loads(line) for line in (BENCH / "pd_labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    checked = 0
    for row in rows:
        for span in row["spans"]:
            piece = row["text"][span["start"] : span["end"]]
            if span["kind"] == "national_id":
                assert hetu.is_valid(piece) or personnummer.is_valid(piece), piece
            elif span["kind"] == "iban":
                assert iban.is_valid(piece), piece
            elif span["kind"] == "payment_card":
                assert luhn.is_valid(piece.replace(" ", "")), piece
            else:
                continue
            checked += 1
    assert checked >= 30
