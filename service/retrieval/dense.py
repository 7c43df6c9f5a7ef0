"""Dense ranking: the question's embedding against every paragraph's, by cosine."""

from __future__ import annotations

from collections.abc import Collection

from indexer.index import IndexBundle
from service.question.analyze import Question
from service.retrieval.base import DocumentRows, Scored
from service.retrieval.query import QueryEncoder


class DenseRanker:
    name = "dense"
    shown_only = False

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.queries = queries
        self.documents = DocumentRows(bundle)

    def rank(self, question: Question, doc_ids: Collection[str] | None, limit: int) -> Scored:
        vector = self.queries.vector(question.dense_text)[None, :]
        [scored] = self.bundle.vectors.search(vector, limit, self.documents.of(doc_ids))
        return scored
