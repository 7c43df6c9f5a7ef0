"""VectorIndex (FAISS) and KeywordIndex (BM25) implementations; both speak in row numbers."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
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


class FaissVectorIndex:
    """Exact inner-product search: inner product = cosine because the vectors are normalised, and
    exact search is right for a few thousand vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._index: faiss.Index = faiss.IndexFlatIP(dim)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> list[Scored]:
        k = min(k, len(self))
        if k == 0:
            return [[] for _ in range(len(queries))]
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return [[(int(r), float(s)) for r, s in zip(rs, ss, strict=True) if r >= 0] for rs, ss in zip(rows, scores,
                                                                                                       strict=True)]

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
