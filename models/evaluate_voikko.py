"""What Voikko adds to the Finnish pipeline (issue 13), on the held-out test data of models/build.py:

- named entities on the Turku NER corpus' test split: the recognizer of models/fi_tuumaus alone
  (whole sentences, as ``build.py evaluate`` scores it), and with Voikko's names before it as the
  service reads them (``finnish_names.person_runs``: runs of first names and surnames are PER, and
  the recognizer's entities that overlap them go), and with capitalised place names Voikko knows
  as LOC besides;
- lemmas on the UD Finnish test part of build.py's split (10,767 tokens): the service's own lemma
  path (Voikko, then the rule data's lemma table, then the word), the combinations with the UD
  table and simplemma that build.py measures, and the lemma chooser (``lemma_chooser.py``).

    PYTHONPATH=server python models/evaluate_voikko.py      # prints, and writes scores.json's "fi_voikko"
    PYTHONPATH=server python models/evaluate_voikko.py --dev [MODEL]   # the dev split only, printed

Needs models/corpora/ (see models/README.md) and Voikko (``make install``).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build  # noqa: E402
import tuumaus_nlp  # noqa: E402

from tuumaustauko import morphology  # noqa: E402
from tuumaustauko.analysis import _finnish_lemma  # noqa: E402
from tuumaustauko.finnish_names import Words, person_runs  # noqa: E402
from tuumaustauko.lemmas import lemma_table  # noqa: E402
from tuumaustauko.tokens import Token  # noqa: E402


def _words_of(doc: Doc) -> Words:
    text = doc.text
    tokens = [Token(t.text, t.idx, t.idx + len(t.text), t.lower_, t.lower_, 0) for t in doc]
    return Words(text, tokens, [morphology.analyse_word(t.lower) for t in tokens])


def recognizer_first(doc: Doc) -> Doc:
    """The recognizer's entities, and Voikko's people only where it found nothing."""
    people = [(r.first, r.last) for r in person_runs(_words_of(doc))]
    taken = {k for e in doc.ents for k in range(e.start, e.end)}
    ents = list(doc.ents)
    for a, b in people:
        if not any(k in taken for k in range(a, b)):
            ents.append(Span(doc, a, b, label="PER"))
            taken.update(range(a, b))
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


def with_voikko(doc: Doc, places: bool) -> Doc:
    """The recognizer's entities with Voikko's people first (and its place names as LOC)."""
    words = _words_of(doc)
    people = [(r.first, r.last) for r in person_runs(words)]
    ents = [Span(doc, a, b, label="PER") for a, b in people]
    taken = {k for a, b in people for k in range(a, b)}
    if places:
        for i, word in enumerate(words.words):
            if word is not None and word.is_place_only and doc[i].is_title and i not in taken \
                    and not any(e.start <= i < e.end and e.label_ != "LOC" for e in doc.ents):
                ents.append(Span(doc, i, i + 1, label="LOC"))
                taken.add(i)
    for e in doc.ents:
        if not any(k in taken for k in range(e.start, e.end)):
            ents.append(e)
            taken.update(range(e.start, e.end))
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


ORDERS = {
    "recognizer": lambda doc: doc,
    "voikko_people": lambda doc: with_voikko(doc, False),
    "voikko_people_places": lambda doc: with_voikko(doc, True),
    "recognizer_then_voikko_people": recognizer_first,
}


def ner_scores(nlp: spacy.Language, split: str = "test") -> dict[str, Any]:
    """The Turku NER ``split`` (test; dev for choices) read by ``nlp`` in each of ``ORDERS``."""
    gold: list[Doc] = []
    for doc_sents in build.read_turku(build.CORPORA / "turku-ner-corpus" / f"{split}.tsv"):
        gold += list(build.iob_docs(nlp.vocab, doc_sents))
    out: dict[str, Any] = {}
    for name, order in ORDERS.items():
        examples = []
        started = time.perf_counter()
        for g in gold:
            pred = nlp(Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]))
            examples.append(Example(order(pred), g))
        scores = nlp.get_pipe("ner").score(examples)
        out[name] = {
            "p": round(scores["ents_p"], 4), "r": round(scores["ents_r"], 4), "f": round(scores["ents_f"], 4),
            "per_type": {k: {m: round(v[m], 4) for m in ("p", "r", "f")}
                         for k, v in sorted(scores["ents_per_type"].items())},
            "seconds": round(time.perf_counter() - started, 1),
        }
    return out


def lemma_scores() -> dict[str, Any]:
    import simplemma

    test: list[list[tuple[str, str, str, str, bool]]] = []
    for rel in build.UD_FILES:
        sents = build.read_conllu(build.CORPORA / rel)
        test += sents[int(len(sents) * build.UD_SPLIT[1]) :]
    forms = tuumaus_nlp.lemma_table()["forms"]
    rules = lemma_table("fi")
    n = 0
    right: Counter[str] = Counter()
    right_ci: Counter[str] = Counter()
    import lemma_chooser

    for sentence in test:
        chosen = lemma_chooser.lemmas([t[0] for t in sentence])
        for (form, gold, *_), choice in zip(sentence, chosen, strict=True):
            n += 1
            low = form.lower()
            word = morphology.analyse_word(low)
            simple = simplemma.lemmatize(form, lang="fi")
            ud = forms.get(form) or forms.get(low)
            voikko = word.lemmas[0] if word is not None else None
            candidates = {
                "service_voikko_ruletable_word": _finnish_lemma(low, word, rules),
                "service_without_voikko_ruletable_word": rules.get(low, low),
                "udtable_simplemma": ud or simple,
                "voikko_udtable_simplemma": voikko or ud or simple,
                "udtable_voikko_simplemma": ud or voikko or simple,
                "chooser": choice,
            }
            for key, lemma in candidates.items():
                right[key] += lemma == gold
                right_ci[key] += lemma.lower() == gold.lower()
    return {"tokens": n} | {k: {"acc": round(right[k] / n, 4), "acc_ignore_case": round(right_ci[k] / n, 4)}
                            for k in right}


def dev(model: str | None) -> int:
    """``--dev [MODEL]``: the Turku dev split only (for choices; nothing is written), read by
    fi_tuumaus or by a trained recognizer's folder (``models/corpora/_build/fi_ner/model-best``)."""
    if model:
        nlp = spacy.load(model)
        nlp.add_pipe(tuumaus_nlp.VOIKKO_FEATURES, before="ner")
    else:
        nlp = tuumaus_nlp.load("fi", exclude=tuumaus_nlp.FI_NER_ONLY)
    with morphology.every_word_read():
        figures = ner_scores(nlp, "dev")
    for name, v in figures.items():
        types = "  ".join(f"{k} {t['f']:.3f}" for k, t in v["per_type"].items())
        print(f"dev {name:30s} P {v['p']:.3f} R {v['r']:.3f} F {v['f']:.3f}  {types}")
    return 0


def main() -> int:
    if morphology.status() != "voikko":
        print("Voikko is not installed: run `make install`", file=sys.stderr)
        return 1
    if "--dev" in sys.argv:
        rest = sys.argv[sys.argv.index("--dev") + 1 :]
        return dev(rest[0] if rest else None)
    nlp = tuumaus_nlp.load("fi", exclude=tuumaus_nlp.FI_NER_ONLY)
    with morphology.every_word_read():
        figures = {"ner_turku_test": ner_scores(nlp), "lemmas_ud_test": lemma_scores()}
    print(json.dumps(figures, indent=1))
    scores = json.loads(build.SCORES.read_text(encoding="utf-8"))
    scores["fi_voikko"] = figures
    build.SCORES.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
