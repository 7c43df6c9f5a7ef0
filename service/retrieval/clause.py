"""Clause ranking: a paragraph scores as its best clause, so the part of a long paragraph that answers is not
diluted by the rest."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from service.question.analyze import Question
from service.retrieval.base import DocumentRows, Scored
from service.retrieval.query import QueryEncoder

CLAUSES_PER_PASSAGE = 8  # clauses asked of the index per passage wanted, at first: most passages have fewer


class ClauseRanker:
    name = "clause"
    shown_only = False

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.queries = queries
        self.documents = DocumentRows(bundle)
        self._owners = np.array([row for row, _ in bundle.clauses], dtype=np.int64)

    def rank(self, question: Question, doc_ids: Collection[str] | None, limit: int) -> Scored:
        """The ``limit`` passages whose best clause is closest to the question. The index returns clauses best first,
        so a passage's first clause found is its best one; more clauses are asked for until they fall on ``limit``
        passages or every clause has been read."""
        vector = self.queries.vector(question.dense_text)[None, :]
        rows = self.documents.of(doc_ids)
        clauses = None if rows is None else np.flatnonzero(np.isin(self._owners, rows))
        available = len(self._owners) if clauses is None else len(clauses)
        wanted = limit * CLAUSES_PER_PASSAGE
        while True:
            [found] = self.bundle.clause_vectors.search(vector, wanted, clauses)
            best: dict[int, float] = {}
            for clause, score in found:
                best.setdefault(int(self._owners[clause]), score)
            if len(best) >= limit or wanted >= available:
                # equal scores (the same clause in two passages) by row, whatever order the index returned them in
                return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
            wanted *= 4
