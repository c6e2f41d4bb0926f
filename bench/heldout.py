"""The held-out labelled sets (bench/*.jsonl) and the advisor's hints on them, as the pure scoring
functions of scoring.py take them; shared by bench/run.py and the tests that hold the figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The meaning layer's unseen sets (issue 11), each written after a round of heads was trained and
# never read by models/meaning/build_heads.py: g after the fourth round (the words beside the
# embedding), h after the fifth. Every quality figure is reported on them. (c to f, the second and
# third rounds' unseen sets, are training data since the fifth: models/meaning/data/train/.)
UNSEEN_MEANING = tuple(f"unseen_meaning_{letter}.jsonl" for letter in "gh")
# The latest unseen sets, ae and af, written by two helpers once the twentieth round's training
# drafts were fixed and read only for the figures of the heads chosen without them
# (models/meaning/README.md): the clean unseen figure of the heads committed now. (u to z, the
# thirteenth to sixteenth rounds', are training data; aa, ab, ac and ad are not, but builds were
# chosen on them.)
LATEST_UNSEEN_MEANING = tuple(f"unseen_meaning_{letters}.jsonl" for letters in ("ae", "af"))
# The newest unseen sets, written on 2026-12-05 by new helpers and no test holds their figures yet:
# ag (long posts and threads) and ah (one-liners typed on a phone), read for the committed heads'
# figures and for two builds not kept (models/meaning/README.md, *The twenty-first session* and *The
# twenty-second session*); ai (everyday social life: group comments, heated threads, commutes) and aj
# (professional and semi-public writing, problems in polite wording), written while the tuned encoder
# of the twenty-second session was built and read once, after it was judged on the older pairs; ak
# (working life and the evenings after it) and al (every length, one-liners to long posts), written at
# the start of the twenty-third session and read once after its first change (their misses then chose
# one fix); am (posts written at home, family and neighbourhood, the ministry's own channels) and an
# (quick posts from a phone and at work, replies in threads), written in that session once its
# changes were chosen and read once at its end (models/meaning/README.md, *The twenty-third session*);
# ao (everyday life and work over a season, officialese to Helsinki slang) and ap (posts in moments of
# feeling: late nights, vents, comment wars), written at the start of the twenty-fourth session, before
# any build of that session was scored (ap's two near copies of older drafts left out unread).
NEWEST_UNSEEN_MEANING = tuple(f"unseen_meaning_{letters}.jsonl"
                              for letters in ("ag", "ah", "ai", "aj", "ak", "al", "am", "an", "ao", "ap"))


def load_rows(name: str) -> list[dict[str, Any]]:
    """The drafts of bench/<name>, one JSON object a line."""
    with (HERE / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def hints_of(rows: list[dict[str, Any]]) -> list[list[tuple[int, int, str, str, str]]]:
    """(start, end, category, kind, severity) of every hint the advisor gives each draft."""
    return advice_of(rows)[0]


def scored(name: str, scorer: Callable[[list[dict[str, Any]], list[list[tuple[int, int, str, str, str]]]], Any]) -> Any:
    """``scorer`` (a function of scoring.py) over the advisor's hints on bench/<name>."""
    rows = load_rows(name)
    return scorer(rows, hints_of(rows))


def advice_of(rows: list[dict[str, Any]], meaning: bool = True) -> tuple[list[list[tuple[int, int, str, str, str]]],
                                                                        list[float]]:
    """Every draft's hints (as ``hints_of``) and its Stockmann score, the meaning layer on or off
    (reading the whole draft, whatever the time)."""
    from tuumaustauko.advisor import check
    from tuumaustauko.morphology import every_word_read

    hints, scores = [], []
    with every_word_read():  # Voikko's lemmas for every word, however busy the machine is
        for r in rows:
            advice = check(r["text"], mode=r["mode"], lang=r["lang"], budget_ms=None, meaning=meaning)
            hints.append([(h.start, h.end, h.category, h.kind, h.severity) for h in advice.hints])
            scores.append(advice.stockmann.score)
    return hints, scores
