"""Clause ranking: a paragraph scores as its best clause, so the part of a long paragraph that answers is not
diluted by the rest."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from indexer.store import FaissVectorIndex
from service.question.analyze import Question
from service.retrieval.base import Scored, allowed_rows
from service.retrieval.query import QueryEncoder


def cosines(index: FaissVectorIndex, query_vector: np.ndarray) -> np.ndarray:
    """Cosine of the query with every row of ``index``, in row order."""
    [scored] = index.search(query_vector[None, :], len(index))
    scores = np.empty(len(scored), dtype=np.float32)
    for row, score in scored:
        scores[row] = score
    return scores


class ClauseRanker:
    name = "clause"

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.queries = queries
        self._owners = np.array([row for row, _ in bundle.clauses], dtype=np.int64)

    def rank(self, question: Question, doc_ids: Collection[str] | None) -> Scored:
        scores = cosines(self.bundle.clause_vectors, self.queries.vector(question.dense_text))
        best = np.full(len(self.bundle.chunks), -np.inf, dtype=np.float32)
        np.maximum.at(best, self._owners, scores)
        mask = allowed_rows(self.bundle, doc_ids)
        if mask is not None:
            best[~mask] = -np.inf
        order = np.argsort(-best, kind="stable")
        return [(int(r), float(best[r])) for r in order if np.isfinite(best[r])]
