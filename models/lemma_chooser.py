"""A Finnish lemma chooser: of the lemmas Voikko, the UD form table, simplemma and the word itself
propose for a token, take the one a small logistic model, trained on the UD training part, scores
highest (issue 13).

Each source alone is right for 0.82-0.91 of the UD test tokens and some source for 0.97: Voikko
follows the dictionary (helposti -> helppo), UD its own conventions (helposti stays), the form
table knows the treebank's words and not others, simplemma guesses. The chooser reads, for each
candidate lemma, which sources propose it, with the token's part of speech (UPOS from the
pipeline's morphologizer), the class and case of Voikko's reading behind it, how often the table
saw the form, and the word's ending.

Training: the UD training part of ``build.py``'s split, the form table learnt from the other four
fifths for each fifth (so that the table is no better on the training tokens than on new ones);
model choices on the dev part; the test part is only scored. The weights are plain JSON
(``fi_tuumaus/lemma_chooser.json``), applied by ``choose`` with no scikit-learn at run time.

    PYTHONPATH=server python models/lemma_chooser.py        # train, print dev scores, write the JSON
    PYTHONPATH=server python models/lemma_chooser.py test   # ... and print the test score
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHOOSER = "lemma_chooser.json"
FOLDS = 5
EXTRA = True  # train on build.UD_LEMMA_EXTRA too


@dataclass(frozen=True)
class Sentence:
    forms: list[str]
    lemmas: list[str]  # gold, a proper noun's with its word's capitals (``one_convention``)
    upos: list[str]  # gold (not used as a feature)
    written: list[str]  # gold as the treebank writes it


def one_convention(form: str, lemma: str, upos: str) -> str:
    """A proper noun's lemma with the capitals of its word. UD_Finnish-FTB writes it in lower case
    (Venäjän -> venäjä, YK:n -> yk), UD_Finnish-TDT, -OOD and -PUD and Voikko as written (Venäjä, YK):
    a token alone cannot tell which treebank it comes from, so the chooser learns, and is scored by,
    one convention, the one most treebanks and Voikko share."""
    if upos != "PROPN" or not form[:1].isupper() or lemma != lemma.lower():
        return lemma
    head = ""
    for f, lem in zip(form, lemma, strict=False):
        if f.lower() != lem:
            break
        head += f
    return head + lemma[len(head):]


def _sentence(tokens: list[tuple[str, str, str]]) -> Sentence:
    forms, written, upos = [t[0] for t in tokens], [t[1] for t in tokens], [t[2] for t in tokens]
    lemmas = [one_convention(f, lem, u) for f, lem, u in zip(forms, written, upos, strict=True)]
    return Sentence(forms, lemmas, upos, written)


# ---------------------------------------------------------------- sources


def form_counts(sentences: Iterable[Sentence]) -> dict[str, Counter[str]]:
    """form -> Counter of gold lemmas (the UD form table's raw counts)."""
    table: dict[str, Counter[str]] = {}
    for s in sentences:
        for form, lemma in zip(s.forms, s.lemmas, strict=True):
            table.setdefault(form, Counter())[lemma] += 1
    return table


# What of a Voikko reading the chooser reads besides its base form, class and case.
READING_KEYS = ("COMPARISON", "PARTICIPLE", "MOOD", "POSSESSIVE", "NUMBER")


Reading = tuple[str, str, str, tuple[str, ...], str]


def voikko_readings(form: str) -> list[Reading]:
    """(base form as Voikko writes it, class, case, other marks, the word it is derived from) of each
    reading of the form: määrätyt is määrätty, an adjective, a past passive participle of määrätä."""
    from tuumaustauko import morphology

    low = form.lower()
    out: list[Reading] = []
    for r in morphology._ANALYSER.readings(low) if morphology._analysable(low) else []:
        base = str(r.get("BASEFORM") or "")
        if base:
            marks = tuple(f"{k[:4].lower()}={r[k]}" for k in READING_KEYS if r.get(k))
            bases = str(r.get("WORDBASES") or "")
            groups = re.findall(r"\(([^)]*)\)", bases)
            # a derivation (määrä(määrätä)+t+ty(+ty)), not a compound (liike(liike)+voitto(voitto))
            derived = len(groups) > 1 and all(g.startswith("+") for g in groups[1:])
            root = groups[0] if derived and "=" not in groups[0] else ""
            item = (base, str(r.get("CLASS") or ""), str(r.get("SIJAMUOTO") or ""), marks, root)
            if item not in out:
                out.append(item)
    return out


def _case_like(form: str, lemma: str) -> str:
    """A common word's lemma lowercase, a proper noun's as written (Helsingissä -> Helsinki)."""
    return lemma if lemma[:1].isupper() else lemma.lower()


PROPER = ("etunimi", "sukunimi", "paikannimi", "nimi")


def word_class(form: str, readings: list[Reading]) -> str:
    """A neighbour as the chooser sees it: Voikko's classes, or what the token is without them."""
    if readings:
        return "+".join(sorted({r[1] for r in readings}))
    return "?" if any(c.isalpha() for c in form) else "-" if not form.isdigit() else "num"


# Case endings an unknown name may carry (Gizan, Spiegelin, Brahmsia, Recordsissa, UPM:n).
NAME_ENDINGS = (":n", ":ssa", ":sta", ":lle", ":lla", ":aa", ":ää", ":ia", "in", "n", "ia", "a", "ä", "ssa", "ssä",
                "sta", "stä", "lle", "lla", "llä", "lta", "ltä", "iin", "hin", "ksi", "na", "nä", "ta", "tä", "t")


def candidates(form: str, table: dict[str, Counter[str]], readings: list[Reading],
               simple: str, before: str = "", after: str = "", first: bool = False) -> dict[str, list[str]]:
    """candidate lemma -> its features. ``before`` and ``after`` are the neighbours' ``word_class``,
    ``first`` whether the token starts its sentence."""
    cands: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}
    info: dict[str, list[str]] = {}

    def add(lemma: str, *feats: str) -> None:
        cands.setdefault(lemma, set()).update(feats)

    low = form.lower()
    seen = table.get(form) or table.get(low)
    if seen:
        total = sum(seen.values())
        for rank, (lemma, c) in enumerate(seen.most_common(3)):
            share = c / total
            bucket = "1" if total == 1 else "few" if total < 5 else "many"
            add(lemma, f"T{min(rank, 1)}", f"T{min(rank, 1)}|n={bucket}", f"T|share={round(share * 4)}")
    for rank, (base, kind, case, marks, root) in enumerate(readings):
        lemma = base if kind in PROPER else base.lower()
        kinds.setdefault(lemma, set()).add(kind)
        add(lemma, f"V{min(rank, 2)}", f"V|{kind}", f"V|case={case}", f"V|{kind}|case={case}",
            f"V|n={min(len(readings), 3)}", *(f"V|{m}" for m in marks), *(f"V|{kind}|{m}" for m in marks))
        if lemma != base:
            add(base, "Vas_written", f"V|{kind}")
        if root and root.lower() != base.lower() and "-" not in root:
            kinds.setdefault(root, set()).add("root")
            add(root if kind in PROPER else root.lower(), "R", f"R|{kind}", *(f"R|{m}" for m in marks),
                *(f"R|{kind}|{m}" for m in marks))
    if not readings and form[:1].isupper() and len(form) > 3:
        for ending in NAME_ENDINGS:
            if form.endswith(ending) and len(form) - len(ending) >= 2:
                add(form[: -len(ending)], "E", f"E|{ending}", f"E|{ending}|{form[-len(ending) - 1]}")
    add(simple, "S")
    add(form, "I")
    if low != form:
        add(low, "Ilow")
    capital = "first" if first else "cap" if form[:1].isupper() else "low"
    for lemma, feats in cands.items():
        f = sorted(feats)
        srcs = "".join(sorted({x[0] for x in feats if "|" not in x and x[0] in "TVSIRE"}))
        f.append(f"agree={len(srcs)}")
        f.append(f"noV={not readings}|noT={not seen}")
        f.append(f"srcs={srcs}")
        f.append(f"srcs={srcs}|noV={not readings}|noT={not seen}")
        f.append(f"srcs={srcs}|{capital}")
        f.append(f"identlow={lemma.lower() == low}|end={low[-2:]}")
        f.append(f"identlow={lemma.lower() == low}|end={low[-3:]}")
        f.append(f"cap={lemma[:1].isupper()}|{capital}")
        f.append(f"lenratio={min(4, round(4 * len(lemma) / max(1, len(form))))}")
        for kind in kinds.get(lemma) or ("noV",):
            f.append(f"before={before}|k={kind}")
            f.append(f"after={after}|k={kind}")
            f.append(f"k={kind}|{capital}")
        f.append(f"before={before}|identlow={lemma.lower() == low}")
        f.append(f"after={after}|identlow={lemma.lower() == low}")
        info[lemma] = f
    return info


def bare(form: str) -> str:
    """A compound's part split off at a hyphen (terveys- ja sosiaalipalvelut, Linux -pelin) without
    its hyphen: its lemma is the part's (terveys, peli)."""
    part = form.strip("-")
    return part if part != form and any(c.isalpha() for c in part) else form


def sentence_candidates(forms: list[str], table: dict[str, Counter[str]], simple_of) -> list[dict[str, list[str]]]:
    """``candidates`` of every token of a sentence, with its neighbours' classes."""
    words = [bare(f) for f in forms]
    readings = [voikko_readings(w) for w in words]
    classes = ["<s>"] + [word_class(w, r) for w, r in zip(words, readings, strict=True)] + ["</s>"]
    out = []
    for i, (form, word, r) in enumerate(zip(forms, words, readings, strict=True)):
        cands = candidates(word, table, r, simple_of(word), classes[i], classes[i + 2], i == 0)
        if word != form:
            cands = {lemma: [*feats, "hyphen_part"] for lemma, feats in cands.items()}
            cands.setdefault(form, ["I", "hyphen_part_as_written"])
        out.append(cands)
    return out


# ---------------------------------------------------------------- model


def choose(cands: dict[str, list[str]], weights: dict[str, float]) -> str:
    """The candidate with the highest score (ties: the first proposed)."""
    best, best_score = "", -math.inf
    for lemma, feats in cands.items():
        score = sum(weights.get(f, 0.0) for f in feats)
        if score > best_score:
            best, best_score = lemma, score
    return best


def _rows(sentences: list[Sentence], tables: list[dict[str, Counter[str]]],
          simple_of) -> list[tuple[dict[str, list[str]], str]]:
    rows = []
    for s, table in zip(sentences, tables, strict=True):
        rows += zip(sentence_candidates(s.forms, table, simple_of), s.lemmas, strict=True)
    return rows


def train_weights(rows: list[tuple[dict[str, list[str]], str]], c: float) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for cands, gold in rows:
        if gold not in cands or len(cands) < 2:
            continue  # nothing to learn: no candidate is right, or there is no choice
        for lemma, feats in cands.items():
            xs.append(dict.fromkeys(feats, 1.0))
            ys.append(int(lemma == gold))
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    model = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
    model.fit(x, ys)
    return {name: round(float(w), 5) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True)
            if abs(w) > 1e-6}


def accuracy(rows: list[tuple[dict[str, list[str]], str]], weights: dict[str, float]) -> dict[str, float]:
    n = len(rows)
    right = sum(choose(c, weights) == g for c, g in rows)
    right_ci = sum(choose(c, weights).lower() == g.lower() for c, g in rows)
    oracle = sum(g in c for c, g in rows)
    return {"acc": round(right / n, 4), "acc_ignore_case": round(right_ci / n, 4), "oracle": round(oracle / n, 4),
            "tokens": n}


# ---------------------------------------------------------------- data


def ud_parts() -> dict[str, list[Sentence]]:
    sys.path.insert(0, str(HERE))
    import build

    parts: dict[str, list[Sentence]] = {"train": [], "dev": [], "test": []}
    for rel in build.UD_FILES:
        sents = build.read_conllu(build.CORPORA / rel)
        a, b = int(len(sents) * build.UD_SPLIT[0]), int(len(sents) * build.UD_SPLIT[1])
        for name, part in (("train", sents[:a]), ("dev", sents[a:b]), ("test", sents[b:])):
            parts[name] += [_sentence(s) for s in part]
    if EXTRA:
        for rel in build.UD_LEMMA_EXTRA:
            parts["train"] += [_sentence(s) for s in build.read_conllu(build.CORPORA / rel)]
    return parts


def _simple(form: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(form, lang="fi"))


def build(extra: bool = True) -> dict[str, Any]:
    """Train the chooser (C chosen on the dev part), write it next to the Finnish pipeline, return
    it with its dev figures. Needs Voikko and models/corpora/."""
    global EXTRA
    EXTRA = extra
    parts = ud_parts()
    train = parts["train"]
    full_table = form_counts(train)
    # cross-fitted tables for the training rows: each fifth sees the table of the other four
    fold_of = [i % FOLDS for i in range(len(train))]
    fold_tables = [form_counts(s for s, f in zip(train, fold_of, strict=True) if f != k) for k in range(FOLDS)]
    train_rows = _rows(train, [fold_tables[f] for f in fold_of], _simple)
    dev_rows = _rows(parts["dev"], [full_table] * len(parts["dev"]), _simple)
    best: tuple[float, float, dict[str, float], dict[str, float]] | None = None
    for c in (0.1, 0.3, 1.0, 3.0):
        weights = train_weights(train_rows, c)
        dev = accuracy(dev_rows, weights)
        print(f"lemma chooser: C={c}: dev {dev}  ({len(weights)} weights)")
        if best is None or dev["acc"] > best[0]:
            best = (dev["acc"], c, weights, dev)
    assert best is not None
    _, c, weights, dev = best
    table = {form: [[lemma, n] for lemma, n in counts.most_common(3)] for form, counts in sorted(full_table.items())}
    chooser = {"C": c, "dev": dev, "train_tokens": sum(len(s.forms) for s in train), "weights": weights,
               "table": table}
    out = HERE / "fi_tuumaus" / CHOOSER
    out.write_text(json.dumps(chooser, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"lemma chooser: wrote {out.relative_to(HERE.parent)} (C={c}, {len(weights)} weights, "
          f"{len(table)} forms, {out.stat().st_size / 1e6:.1f} MB)")
    load_chooser.cache_clear()
    return chooser


@cache
def load_chooser() -> tuple[dict[str, float], dict[str, Counter[str]]]:
    data = json.loads((HERE / "fi_tuumaus" / CHOOSER).read_text(encoding="utf-8"))
    table = {form: Counter({lemma: n for lemma, n in pairs}) for form, pairs in data["table"].items()}
    return data["weights"], table


def lemmas(forms: list[str]) -> list[str]:
    """The chosen lemma of each token of one sentence (Voikko must be installed)."""
    weights, table = load_chooser()
    return [choose(c, weights) for c in sentence_candidates(forms, table, _simple)]


def test_scores() -> dict[str, float]:
    """The chooser's accuracy on the held-out UD test part (scored, never chosen on): ``acc`` by one
    convention for proper nouns (``one_convention``), ``acc_as_written`` by each treebank's own."""
    weights, table = load_chooser()
    test = ud_parts()["test"]
    rows = _rows(test, [table] * len(test), _simple)
    written = [lemma for s in test for lemma in s.written]
    as_written = accuracy([(cands, gold) for (cands, _), gold in zip(rows, written, strict=True)], weights)
    return accuracy(rows, weights) | {"acc_as_written": as_written["acc"]}


def main(argv: list[str]) -> int:
    from tuumaustauko import morphology

    if morphology.status() != "voikko":
        print("Voikko is not installed: run `make install`", file=sys.stderr)
        return 1
    with morphology.every_word_read():
        build(extra="noextra" not in argv)
        if "test" in argv:
            print("lemma chooser: test", test_scores())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
