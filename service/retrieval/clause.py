"""Clause ranking: a paragraph scores as its best clause, so the part of a long paragraph that answers is not
diluted by the rest."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from indexer.store import VectorIndex
from service.question.analyze import Question
from service.retrieval.base import Scored, allowed_rows
from service.retrieval.query import QueryEncoder


def cosines(index: VectorIndex, query_vector: np.ndarray) -> np.ndarray:
    """Cosine of the query with every row of ``index``, in row order (-inf for a row an approximate index, built
    for a large corpus, does not return)."""
    return index.row_scores(query_vector)


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
