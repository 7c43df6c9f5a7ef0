"""Keyword ranking: BM25 over the index's tokenizer (Chinese character uni+bigrams by default), for the question's
content words only (its question words say what kind of answer is wanted, not what it is about)."""

from __future__ import annotations

from collections.abc import Collection

from indexer.index import IndexBundle
from service.question.analyze import Question
from service.retrieval.base import DocumentRows, Scored
from service.retrieval.query import QueryEncoder


class Bm25Ranker:
    name = "bm25"
    shown_only = False

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.documents = DocumentRows(bundle)

    def rank(self, question: Question, doc_ids: Collection[str] | None, limit: int) -> Scored:
        """Rows with a positive BM25 score, best first."""
        return self.bundle.keywords.search(question.content, limit, self.documents.of(doc_ids))
