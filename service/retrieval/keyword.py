"""Keyword retrieval: BM25 over the index's tokenizer (Chinese character uni+bigrams by default)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from indexer.types import Hit
from service.retrieval.base import Scored, allowed_rows, to_hits


class KeywordRetriever:
    name = "bm25"

    def __init__(self, bundle: IndexBundle) -> None:
        self.bundle = bundle

    def scored(self, query: str, *, doc_ids: Collection[str] | None = None) -> Scored:
        """Rows with a positive BM25 score, best first."""
        scores = self.bundle.keywords.score_all(query)
        mask = allowed_rows(self.bundle, doc_ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")
        return [(int(r), float(scores[r])) for r in order if scores[r] > 0]

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        scored = self.scored(query, doc_ids=doc_ids)
        return to_hits(self.bundle, scored, top_k, {row: {self.name: s} for row, s in scored[:top_k]})
