"""The Finnish analysis' own time (issue 13): what Voikko adds to a check, in CPU time of this process.

    PYTHONPATH=server python bench/finnish_analysis_time.py [--json PATH]

On the bench's Finnish drafts (bench/drafts.py, the drafts `make bench` uses) it times

- ``voikko_words``: Voikko's analysis of a draft's words alone (morphology.analyse_words), with the
  word cache as typing leaves it (``warm``: every word seen before) and emptied before each draft
  (``cold``: every word new);
- ``parse``: the whole analysis of a draft (tokens, sentences, lemmas, Voikko), with Voikko and
  without it (``reduced``), warm;
- ``rules_check``: the rules' whole check (``check(..., meaning=False)``), with and without Voikko;
- ``typing``: 280-character drafts typed in steps of ten characters, the rules' check at each step;
- the worst adversarial 20,000-unit draft's analysis with an empty word cache, best of 3 (bench/drafts.py's
  drafts, and one of 20,000 units of different made-up words, each of which Voikko has to read).

p50 and p90 in milliseconds; each figure on its own run of the same drafts. No draft text is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from drafts import adversarial_drafts, drafts, make_draft, typing_session  # noqa: E402
from scoring import percentile  # noqa: E402

from tuumaustauko import morphology  # noqa: E402
from tuumaustauko.advisor import check  # noqa: E402
from tuumaustauko.analysis import parse  # noqa: E402


def cpu_ms(fn: Callable[[str], Any], texts: Sequence[str], reps: int, before: Callable[[], None] | None = None
           ) -> dict[str, float]:
    times: list[float] = []
    for _ in range(reps):
        for text in texts:
            if before is not None:
                before()
            started = time.process_time()
            fn(text)
            times.append((time.process_time() - started) * 1000)
    return {"p50": round(percentile(times, 50), 4), "p90": round(percentile(times, 90), 4), "n": len(times)}


def made_up_words(n: int = 20_000) -> str:
    """Words that are all different, none of them Finnish: each one Voikko has to read."""
    letters = "bdfghjklmnprstvz"
    out: list[str] = []
    k = 0
    while sum(map(len, out)) + len(out) < n - 8:
        word, m = "", k + 4096
        while m:
            word, m = letters[m % 16] + word, m // 16
        out.append(word + "o")
        k += 1
    return " ".join(out)


def forget_words() -> None:
    morphology._CACHE.clear()


class WithoutVoikko:
    """Voikko switched off for a while, as on a machine without it."""

    def __enter__(self) -> None:
        self.saved = morphology._ANALYSER
        off = morphology.Analyser()
        off._status = "reduced"
        morphology._ANALYSER = off
        forget_words()

    def __exit__(self, *exc: object) -> None:
        morphology._ANALYSER = self.saved
        forget_words()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    texts = drafts("fi", 280, 50)
    long_texts = drafts("fi", 2000, 10)
    words = [[t.lower for t in parse(text, "fi").tokens] for text in texts]
    check(texts[0], lang="fi", meaning=False)  # rule data, pipelines
    out: dict[str, Any] = {"morphology": morphology.status(), "drafts_280": len(texts),
                           "words_per_280_draft": round(sum(map(len, words)) / len(words), 1)}
    analyse_words: Callable[[list[str]], Any] = morphology.analyse_words
    out["voikko_words_280_warm"] = cpu_ms(analyse_words, words, args.reps)  # type: ignore[arg-type]
    out["voikko_words_280_cold"] = cpu_ms(analyse_words, words, 2, before=forget_words)  # type: ignore[arg-type]
    out["parse_280_voikko"] = cpu_ms(lambda t: parse(t, "fi"), texts, args.reps)
    out["parse_2000_voikko"] = cpu_ms(lambda t: parse(t, "fi"), long_texts, args.reps // 4 or 1)
    out["rules_check_280_voikko"] = cpu_ms(lambda t: check(t, lang="fi", meaning=False), texts, args.reps // 2 or 1)
    steps = [step for s in range(10) for step in typing_session(make_draft("fi", 280, 1000 + s), phase=s)]
    out["typing_rules_check_voikko"] = cpu_ms(lambda t: check(t, meaning=False), steps, 1)
    adversarial = adversarial_drafts() | {"distinct made-up words": made_up_words()}
    for text in adversarial.values():  # spaCy's tokenizer caches each new chunk once: not Voikko's time
        parse(text, "fi")
    worst = {name: min(cpu_ms(lambda t: parse(t, "fi"), [text], 1, before=forget_words)["p50"] for _ in range(3))
             for name, text in adversarial.items()}
    name = max(worst, key=lambda k: worst[k])
    out["adversarial_parse_cold_worst"] = {"draft": name, "ms": worst[name]}
    with WithoutVoikko():
        out["parse_280_reduced"] = cpu_ms(lambda t: parse(t, "fi"), texts, args.reps)
        out["parse_2000_reduced"] = cpu_ms(lambda t: parse(t, "fi"), long_texts, args.reps // 4 or 1)
        out["rules_check_280_reduced"] = cpu_ms(lambda t: check(t, lang="fi", meaning=False), texts,
                                                args.reps // 2 or 1)
        out["typing_rules_check_reduced"] = cpu_ms(lambda t: check(t, meaning=False), steps, 1)
        reduced = {name: min(cpu_ms(lambda t: parse(t, "fi"), [text], 1)["p50"] for _ in range(3))
                   for name, text in adversarial.items()}
        out["adversarial_parse_reduced_same_draft"] = reduced[name]
    text = json.dumps(out, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
