"""Dense retrieval: the question's embedding against every chunk's, by cosine."""

from __future__ import annotations

from collections.abc import Collection

from indexer.index import IndexBundle
from indexer.types import Hit
from service.retrieval.base import Scored, allowed_rows, keep_allowed, to_hits
from service.retrieval.query import QueryEncoder


class DenseRetriever:
    name = "dense"

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle
        self.queries = queries

    def scored(self, query: str, *, doc_ids: Collection[str] | None = None) -> Scored:
        """Every allowed row with its cosine, best first (the index is small: exact and complete)."""
        vector = self.queries.vector(query)[None, :]
        [scored] = self.bundle.vectors.search(vector, len(self.bundle.chunks))
        return keep_allowed(scored, allowed_rows(self.bundle, doc_ids))

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        scored = self.scored(query, doc_ids=doc_ids)
        return to_hits(self.bundle, scored, top_k, {row: {self.name: s} for row, s in scored[:top_k]})
