"""Keyword ranking: BM25 over the index's tokenizer (Chinese character uni+bigrams by default), for the question's
content words only (its question words say what kind of answer is wanted, not what it is about)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from service.question.analyze import Question
from service.retrieval.base import Scored, allowed_rows
from service.retrieval.query import QueryEncoder


class Bm25Ranker:
    name = "bm25"

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder) -> None:
        self.bundle = bundle

    def rank(self, question: Question, doc_ids: Collection[str] | None) -> Scored:
        """Rows with a positive BM25 score, best first."""
        scores = self.bundle.keywords.score_all(question.content)
        mask = allowed_rows(self.bundle, doc_ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")
        return [(int(r), float(scores[r])) for r in order if scores[r] > 0]
