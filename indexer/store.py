"""VectorIndex (FAISS) and KeywordIndex (BM25) implementations; both speak in row numbers."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, Self

import bm25s
import faiss
import numpy as np

from indexer.tokenize import Tokenizer, get_tokenizer

Scored = list[tuple[int, float]]  # (row, score), best first

# bm25s sets its own logger to DEBUG on import, so its "Building index from tokens" reached the console
logging.getLogger("bm25s").setLevel(logging.WARNING)


class VectorIndex(Protocol):
    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> list[Scored]: ...

    def save(self, path: Path) -> None: ...


class KeywordIndex(Protocol):
    def add(self, texts: Sequence[str]) -> None: ...

    def search(self, query: str, k: int) -> Scored: ...

    def save(self, path: Path) -> None: ...


# Which FAISS index a number of vectors gets, from the scale study (bench/RESULTS.md, `poaqa bench --scale --million`,
# 384-dimension vectors, one query at a time): exact search (every row scored, recall 1) while one search costs at
# most about 2 ms, a tenth of a query encode (0.3 ms at 10k vectors, 5.8 ms at 100k, 51 ms at 1M); beyond, IVF over
# 8-bit vectors: recall@10 0.94 at 100k and 1M, 0.4 and 1.0 ms, a quarter of the memory of float vectors. HNSW and
# IVF-PQ are measured too and not chosen: HNSW needs 4.5 times the memory and 3 times the build time for a recall@10
# of 0.93 at 100k and 0.69 at 1M; IVF-PQ's 48-byte codes lose near neighbours (recall@10 0.13-0.32).
EXACT_UP_TO = 30_000
HNSW_NEIGHBOURS = 32  # M: links per vector
HNSW_BUILD_DEPTH = 80  # efConstruction
HNSW_SEARCH_DEPTH = 128  # efSearch, kept in the saved index
IVF_PROBES = 64  # nprobe: lists searched per query, kept in the saved index
TRAIN_PER_LIST = 64  # an IVF index learns its lists from at most this many vectors per list (FAISS asks 39 to 256)
PQ_BYTES = 48  # bytes per vector (8 dimensions per byte for a 384-dimension model), where the dimension allows
INDEX_KINDS = ("flat", "hnsw", "ivf-sq8", "ivf-pq")


def index_kind(size: int) -> str:
    """The kind of FAISS index for ``size`` vectors (the threshold above)."""
    return "flat" if size <= EXACT_UP_TO else "ivf-sq8"


def make_faiss_index(kind: str, dim: int, size: int) -> faiss.Index:
    """An empty FAISS index of ``kind`` for about ``size`` vectors of ``dim`` dimensions, by inner product (= cosine,
    the vectors being normalised)."""
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_DEPTH
        index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        return index
    if kind in ("ivf-sq8", "ivf-pq"):
        lists = max(1, min(int(4 * size ** 0.5), size // 39))  # FAISS wants 39 training vectors per list
        ivf: faiss.IndexIVF
        if kind == "ivf-sq8":
            ivf = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, lists, faiss.ScalarQuantizer.QT_8bit,
                                                faiss.METRIC_INNER_PRODUCT)
        else:
            codes = PQ_BYTES if dim % PQ_BYTES == 0 else max(1, dim // 8)  # a byte codes 8 dimensions
            ivf = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, lists, codes, 8, faiss.METRIC_INNER_PRODUCT)
        ivf.nprobe = IVF_PROBES
        return ivf
    raise ValueError(f"unknown vector index kind {kind!r}; known: {', '.join(INDEX_KINDS)}")


def kind_of(index: faiss.Index) -> str:
    """The kind ``make_faiss_index`` names ``index`` by."""
    index = faiss.downcast_index(index)
    if isinstance(index, faiss.IndexHNSWFlat):
        return "hnsw"
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return "ivf-sq8"
    if isinstance(index, faiss.IndexIVFPQ):
        return "ivf-pq"
    return "flat"


@contextmanager
def _one_thread_for_one_query(queries: int) -> Iterator[None]:
    """One query is searched on the calling thread alone: FAISS splits it across its OpenMP threads from about 10k
    rows, and waking them costs more than it saves (at 10k rows 0.3 ms on one thread, 1.7 ms on two, 10 ms when
    another process busies a core), while the web server already answers requests in parallel. OpenMP keeps the
    thread count per calling thread, so this touches no other request."""
    if queries != 1:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class FaissVectorIndex:
    """Inner-product search (= cosine: the vectors are normalised): exact for a few thousand vectors, approximate
    (HNSW, IVF) for large corpora, where a search may return fewer than k rows."""

    def __init__(self, dim: int, kind: str = "flat", size: int = 0) -> None:
        self.dim = dim
        self._index: faiss.Index = make_faiss_index(kind, dim, size)

    @classmethod
    def for_size(cls, dim: int, size: int) -> Self:
        """An empty index of the kind ``index_kind`` chooses for ``size`` vectors."""
        return cls(dim, index_kind(size), size)

    @property
    def kind(self) -> str:
        return kind_of(self._index)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if not self._index.is_trained:  # an IVF index learns its lists (and codes) from a sample of what it holds
            wanted = TRAIN_PER_LIST * faiss.extract_index_ivf(self._index).nlist
            sample = np.random.default_rng(0).permutation(len(vectors))[:wanted] if len(vectors) > wanted else None
            self._index.train(vectors if sample is None else vectors[np.sort(sample)])
        self._index.add(vectors)

    def search(self, queries: np.ndarray, k: int) -> list[Scored]:
        k = min(k, len(self))
        if k == 0:
            return [[] for _ in range(len(queries))]
        with _one_thread_for_one_query(len(queries)):
            scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return [[(int(r), float(s)) for r, s in zip(rs, ss, strict=True) if r >= 0] for rs, ss in zip(rows, scores,
                                                                                                       strict=True)]

    def row_scores(self, query: np.ndarray) -> np.ndarray:
        """The score of one query with every row, in row order (-inf for a row an approximate index leaves out):
        the arrays FAISS returns, without a Python pair per row."""
        scores = np.full(len(self), -np.inf, dtype=np.float32)
        if len(self):
            with _one_thread_for_one_query(1):
                found, rows = self._index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), len(self))
            kept = rows[0] >= 0
            scores[rows[0][kept]] = found[0][kept]
        return scores

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> Self:
        index = faiss.read_index(str(path))
        loaded = cls(index.d)
        loaded._index = index
        return loaded


class Bm25KeywordIndex:
    """BM25 (bm25s, Lucene variant) over an injected tokenizer, applied alike to texts and queries."""

    META = "keyword.json"
    # every file save() writes: its own META and what bm25s.BM25.save writes (a load needs them all)
    FILES = (META, "params.index.json", "vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy",
             "indptr.csc.index.npy")

    def __init__(self, tokenizer_name: str = "char-ngrams") -> None:
        self.tokenizer_name = tokenizer_name
        self._tokenize: Tokenizer = get_tokenizer(tokenizer_name)
        self._bm25 = bm25s.BM25()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, texts: Sequence[str]) -> None:
        """Index all texts at once (BM25 statistics are corpus-wide, so this replaces what was there)."""
        self._bm25 = bm25s.BM25()
        self._bm25.index([self._tokenize(t) or [""] for t in texts], show_progress=False)
        self._size = len(texts)

    def score_all(self, query: str) -> np.ndarray:
        """BM25 score of every row for ``query`` (zeros when no query term is indexed)."""
        if not self._size:
            return np.zeros(0, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        tokens = [t for t in self._tokenize(query) if t in vocab]
        if not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int) -> Scored:
        scores = self.score_all(query)
        rows = np.argsort(-scores, kind="stable")[:k]
        return [(int(r), float(scores[r])) for r in rows if scores[r] > 0]

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(path), show_progress=False)
        (path / self.META).write_text(json.dumps({"tokenizer": self.tokenizer_name, "size": self._size}))

    @classmethod
    def load(cls, path: Path) -> Self:
        meta = json.loads((path / cls.META).read_text())
        loaded = cls(meta["tokenizer"])
        loaded._bm25 = bm25s.BM25.load(str(path), show_progress=False, verbosity=0)
        loaded._size = int(meta["size"])
        return loaded
