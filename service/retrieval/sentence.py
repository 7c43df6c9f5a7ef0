"""Sentence-level dense retrieval: a chunk scores as its best clause, so the part of a long paragraph that
answers is not diluted by the rest; answers are chosen among whole sentences."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from indexer.store import FaissVectorIndex
from indexer.types import Hit
from service.retrieval.base import Scored, allowed_rows, to_hits
from service.retrieval.query import QueryEncoder


class SentenceRetriever:
    name = "sentence"

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.queries = queries
        self._owners = np.array([row for row, _ in bundle.clauses], dtype=np.int64)

    def sentence_scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine of the query with every sentence (row j = bundle.sentences[j])."""
        return self._cosines(self.bundle.sentence_vectors, query_vector)

    @staticmethod
    def _cosines(index: FaissVectorIndex, query_vector: np.ndarray) -> np.ndarray:
        [scored] = index.search(query_vector[None, :], len(index))
        scores = np.empty(len(scored), dtype=np.float32)
        for row, score in scored:
            scores[row] = score
        return scores

    def scored(self, query: str, *, doc_ids: Collection[str] | None = None) -> Scored:
        scores = self._cosines(self.bundle.clause_vectors, self.queries.vector(query))
        best = np.full(len(self.bundle.chunks), -np.inf, dtype=np.float32)
        np.maximum.at(best, self._owners, scores)
        mask = allowed_rows(self.bundle, doc_ids)
        if mask is not None:
            best[~mask] = -np.inf
        order = np.argsort(-best, kind="stable")
        return [(int(r), float(best[r])) for r in order if np.isfinite(best[r])]

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        scored = self.scored(query, doc_ids=doc_ids)
        return to_hits(self.bundle, scored, top_k, {row: {self.name: s} for row, s in scored[:top_k]})
