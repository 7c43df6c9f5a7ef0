"""The Ranker protocol (one ranking list of the corpus' rows for a question) and what every step shares: row
filtering and Hit construction."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol

import numpy as np

from indexer.index import IndexBundle
from indexer.store import Scored
from indexer.types import Citation, Hit
from service.question.analyze import Question

__all__ = ["Ranker", "Scored", "allowed_rows", "keep_allowed", "to_hits"]


class Ranker(Protocol):
    """One ranking list: every row it can score for the question, best first (higher scores are better)."""

    name: str

    def rank(self, question: Question, doc_ids: Collection[str] | None) -> Scored: ...


def allowed_rows(bundle: IndexBundle, doc_ids: Collection[str] | None) -> np.ndarray | None:
    """Boolean mask of the rows whose document is in ``doc_ids`` (None: every row)."""
    if not doc_ids:
        return None
    wanted = set(doc_ids)
    return np.array([c.doc_id in wanted for c in bundle.chunks], dtype=bool)


def keep_allowed(scored: Scored, mask: np.ndarray | None) -> Scored:
    return scored if mask is None else [(row, score) for row, score in scored if mask[row]]


def to_hits(bundle: IndexBundle, scored: Scored, top_k: int, sources: Mapping[int, Mapping[str, float]], *,
            document_bonus: Mapping[int, float] | None = None, pinned: Collection[int] = ()) -> list[Hit]:
    """The first ``top_k`` rows as ranked Hits, each with its rankers' scores and the boosts it received."""
    hits = []
    for rank, (row, score) in enumerate(scored[:top_k], start=1):
        chunk = bundle.chunks[row]
        hits.append(Hit(chunk=chunk, citation=Citation.of(chunk, bundle.documents[chunk.doc_id]), score=score,
                        rank=rank, sources=dict(sources.get(row, {})),
                        document_bonus=(document_bonus or {}).get(row, 0.0), pinned=row in pinned))
    return hits
