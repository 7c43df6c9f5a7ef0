"""Reciprocal rank fusion of several ranking lists into one."""

from __future__ import annotations

from collections.abc import Mapping

from service.retrieval.base import Scored


def reciprocal_rank_fusion(rankings: Mapping[str, Scored], k: int, weights: Mapping[str, float] | None = None,
                           ) -> tuple[Scored, dict[int, dict[str, float]]]:
    """RRF (Cormack et al. 2009): score(row) = sum over rankings of weight / (k + rank), weight 1 unless given.
    Rank-based, so BM25 and cosine scales need no calibration against each other.

    Returns the fused rows best first (ties by row) and, per row, each ranking's own score."""
    fused: dict[int, float] = {}
    sources: dict[int, dict[str, float]] = {}
    for name, scored in rankings.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, (row, score) in enumerate(scored, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
            sources.setdefault(row, {})[name] = score
    return sorted(fused.items(), key=lambda item: (-item[1], item[0])), sources
