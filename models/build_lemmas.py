"""Build server/tuumaustauko/data/lemmas/{fi,sv,en}.tsv: form -> lemma for the data's vocabulary.

Run by `make lemmas` (needs simplemma, MIT licence, from the `models` extra). For every word
of the rule data, packs and name lists, its lemma is looked up with simplemma, and every
form in simplemma's dictionary whose lemma is one of those is kept. The service loads the
small table, never simplemma's full dictionaries.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from tuumaustauko.lemmas import DIGEST_PREFIX, vocabulary, vocabulary_digest  # noqa: E402

OUT = ROOT / "server" / "tuumaustauko" / "data" / "lemmas"


def build(lang: str, words: frozenset[str], digest: str) -> int:
    started = time.perf_counter()
    wanted: dict[str, str] = {}
    for word in words:
        lemma = str(simplemma.lemmatize(word, lang=lang)).lower()
        if lemma != word:
            wanted[word] = lemma
    lemmas = set(words) | set(wanted.values())
    table = dict(wanted)
    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    for form, lemma in dictionary.items():
        low_form, low_lemma = str(form).lower(), str(lemma).lower()
        if low_lemma in lemmas and low_form != low_lemma:
            table.setdefault(low_form, low_lemma)
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{DIGEST_PREFIX}{digest}",
        f"# {lang}: forms of {len(lemmas)} lemmas, from simplemma {simplemma.__version__}",
    ]
    lines += [f"{form}\t{lemma}" for form, lemma in sorted(table.items())]
    (OUT / f"{lang}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"lemmas {lang}: {len(table)} forms of {len(lemmas)} lemmas in {time.perf_counter() - started:.1f} s")
    return len(table)


def main() -> None:
    words = vocabulary()
    digest = vocabulary_digest()
    print(f"vocabulary: {len(words)} words")
    for lang in ("fi", "sv", "en"):
        build(lang, words, digest)


if __name__ == "__main__":
    main()
