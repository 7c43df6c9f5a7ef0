"""Hybrid retrieval: reciprocal rank fusion of the dense and keyword rankings."""

from __future__ import annotations

from collections.abc import Collection

from indexer.types import Hit
from service.retrieval.base import Scored, to_hits
from service.retrieval.dense import DenseRetriever
from service.retrieval.keyword import KeywordRetriever


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

    def __init__(self, dense: DenseRetriever, keyword: KeywordRetriever, *, candidates: int = 50,
                 rrf_k: int = 60) -> None:
        self.dense = dense
        self.keyword = keyword
        self.bundle = dense.bundle
        self.candidates = candidates
        self.rrf_k = rrf_k

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        rankings = {
            self.dense.name: self.dense.scored(query, doc_ids=doc_ids)[: self.candidates],
            self.keyword.name: self.keyword.scored(query, doc_ids=doc_ids)[: self.candidates],
        }
        fused, sources = reciprocal_rank_fusion(rankings, self.rrf_k)
        return to_hits(self.bundle, fused, top_k, sources)
