"""Hybrid retrieval: reciprocal rank fusion of the dense, sentence-level dense and keyword rankings."""

from __future__ import annotations

import re
from collections.abc import Collection

from indexer.types import Hit
from service.retrieval.base import Scored, to_hits
from service.retrieval.dense import DenseRetriever
from service.retrieval.keyword import KeywordRetriever
from service.retrieval.reference import named_documents, resolve
from service.retrieval.sentence import SentenceRetriever


def reciprocal_rank_fusion(rankings: dict[str, Scored], k: int) -> tuple[Scored, dict[int, dict[str, float]]]:
    """RRF (Cormack et al. 2009): score(row) = sum over rankings of 1 / (k + rank). Rank-based, so the
    BM25 and cosine scales need no calibration against each other."""
    fused: dict[int, float] = {}
    sources: dict[int, dict[str, float]] = {}
    for name, scored in rankings.items():
        for rank, (row, score) in enumerate(scored, start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
            sources.setdefault(row, {})[name] = score
    ranking = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return ranking, sources


class HybridRetriever:
    name = "hybrid"

    def __init__(self, dense: DenseRetriever, sentence: SentenceRetriever, keyword: KeywordRetriever, *,
                 candidates: int = 50, rrf_k: int = 10, document_hint: float = 1.0) -> None:
        self.dense = dense
        self.sentence = sentence
        self.keyword = keyword
        self.bundle = dense.bundle
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.document_hint = document_hint

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        rankings = {
            self.dense.name: self.dense.scored(query, doc_ids=doc_ids)[: self.candidates],
            self.sentence.name: self.sentence.scored(query, doc_ids=doc_ids)[: self.candidates],
            self.keyword.name: self.keyword.scored(query, doc_ids=doc_ids)[: self.candidates],
        }
        fused, sources = reciprocal_rank_fusion(rankings, self.rrf_k)
        named = named_documents(self.bundle, query)
        if named and self.document_hint:
            # a question that names its document ("2011年专家会议", "65/64号决议") is most likely about that
            # document: its passages get the vote of one more ranking that put them first
            bonus = self.document_hint / (self.rrf_k + 1)
            boosted = {row for row, _ in fused if self.bundle.chunks[row].doc_id in named}
            fused = sorted(((row, score + bonus if row in boosted else score) for row, score in fused),
                           key=lambda item: (-item[1], item[0]))
            for row in boosted:
                sources[row]["document"] = 1.0
        cited = [row for row in resolve(self.bundle, query) if not doc_ids or self.bundle.chunks[row].doc_id in doc_ids]
        if cited:
            # an explicit citation ("执行部分第12段") is answered by the paragraph itself, ranked first; unless
            # the best passage itself speaks of that paragraph (a vote on it, say): then right after it
            rest = [(row, s) for row, s in fused if row not in cited]
            paragraph = self.bundle.chunks[cited[0]].paragraph
            keep = 1 if rest and re.search(rf"第\s*{paragraph}\s*段", self.bundle.chunks[rest[0][0]].text) else 0
            top = rest[0][1] if rest else 0.0
            fused = rest[:keep] + [(row, top + (0.5 if keep else 1.0)) for row in cited] + rest[keep:]
            for row in cited:
                sources.setdefault(row, {})["reference"] = 1.0
        return to_hits(self.bundle, fused, top_k, sources)
