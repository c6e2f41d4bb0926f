"""What Finnish morphology changes for the people in a draft (issue 13): person names, health and
special categories in the Finnish drafts of the sets no rule or head was written from, and person
names on bench/names_heldout.jsonl. Prints one JSON object (no draft text).

    PYTHONPATH=server python bench/finnish_people.py [--lang fi] [--json PATH]

Scored as bench/run.py and tests/test_meaning_quality.py score them (scoring.problem_scores,
scoring.kind_f1, scoring.person_name_scores), rules and the meaning layer together, the whole draft
read. The unseen sets are for measuring only: nothing is tuned on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "models" / "meaning"))

from corpus import load  # noqa: E402
from heldout import UNSEEN_MEANING, advice_of, load_rows  # noqa: E402
from scoring import kind_f1, person_name_scores, problem_scores  # noqa: E402

KINDS = ("personal_data/person_name", "personal_data/health", "personal_data/special_category")
UNSEEN = (*UNSEEN_MEANING, "heldout_fresh2.jsonl")


def _rows(name: str) -> list[dict[str, Any]]:
    return load(HERE / name) if name.startswith("unseen_meaning") else load_rows(name)


def people_figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall (found/labelled) and F1 of the three kinds, and the clean drafts with any warning."""
    hints, _ = advice_of(rows, meaning=True)
    every = problem_scores(rows, hints)
    f1 = kind_f1(rows, hints)
    out: dict[str, Any] = {"drafts": len(rows), "clean_drafts_with_false_alarm": every["clean_drafts_with_false_alarm"]}
    for kind in KINDS:
        labelled = [(r, h) for r, h in zip(rows, hints, strict=True)
                    for p in r["problems"] if f"{p['category']}/{p['kind']}" == kind]
        recall = every["recall_by_kind"].get(kind)  # type: ignore[union-attr]
        found = round(recall * len(labelled)) if recall is not None else 0
        out[kind.split("/")[1]] = {"found": f"{found}/{len(labelled)}", "recall": recall, "f1": f1.get(kind)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fi")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from tuumaustauko.analysis import morphology_status

    unseen = [r for name in UNSEEN for r in _rows(name) if r["lang"] == args.lang]
    names = [r for r in load_rows("names_heldout.jsonl") if r["lang"] == args.lang]
    names_hints, _ = advice_of(names, meaning=True)
    figures = {
        "morphology": morphology_status(),
        "unseen": people_figures(unseen),
        "names_heldout": person_name_scores(names, names_hints),
    }
    text = json.dumps(figures, indent=1, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
