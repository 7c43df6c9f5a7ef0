"""Dense ranking: the question's embedding against every paragraph's, by cosine."""

from __future__ import annotations

from collections.abc import Collection

from indexer.index import IndexBundle
from service.question.analyze import Question
from service.retrieval.base import Scored, allowed_rows, keep_allowed
from service.retrieval.query import QueryEncoder


class DenseRanker:
    name = "dense"

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.queries = queries

    def rank(self, question: Question, doc_ids: Collection[str] | None) -> Scored:
        """Every allowed row with its cosine, best first (the index is small: exact and complete)."""
        vector = self.queries.vector(question.dense_text)[None, :]
        [scored] = self.bundle.vectors.search(vector, len(self.bundle.chunks))
        return keep_allowed(scored, allowed_rows(self.bundle, doc_ids))
