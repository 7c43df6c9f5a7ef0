"""Keyword retrieval: BM25 over the index's tokenizer (Chinese character uni+bigrams by default), for the
question's content words only."""

from __future__ import annotations

import re
from collections.abc import Collection

import numpy as np

from indexer.index import IndexBundle
from indexer.types import Hit
from service.retrieval.base import Scored, allowed_rows, to_hits

# question words and particles say what kind of answer is wanted, not what it is about; the documents rarely
# use them, so BM25 would weigh them highly and favour the few passages that happen to say 如何 or 是否
INTERROGATIVE = re.compile(r"什么|哪[些个几里儿一位年天种项国]?|如何|怎样|怎么样?|为什么|为何|何时|何地|何种"
                           r"|是否|有没有|是不是|多少|谁|吗|呢")


def content_words(question: str) -> str:
    """The question without its question words: "成果文件对标识提出了哪些要求？" -> "成果文件对标识提出了 要求？"."""
    return INTERROGATIVE.sub(" ", question)


class KeywordRetriever:
    name = "bm25"

    def __init__(self, bundle: IndexBundle) -> None:
        self.bundle = bundle

    def scored(self, query: str, *, doc_ids: Collection[str] | None = None) -> Scored:
        """Rows with a positive BM25 score, best first."""
        scores = self.bundle.keywords.score_all(content_words(query))
        mask = allowed_rows(self.bundle, doc_ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")
        return [(int(r), float(scores[r])) for r in order if scores[r] > 0]

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        scored = self.scored(query, doc_ids=doc_ids)
        return to_hits(self.bundle, scored, top_k, {row: {self.name: s} for row, s in scored[:top_k]})
