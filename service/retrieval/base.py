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

__all__ = ["DocumentRows", "Ranker", "Scored", "to_hits"]


class Ranker(Protocol):
    """One ranking list: the ``limit`` best rows it can score for the question, best first (higher scores are
    better), only rows of ``doc_ids`` when given. Asking for the first ``limit`` only lets a large index search
    its candidates instead of scoring every row."""

    name: str
    shown_only: bool  # it ranks the passages shown to a reader, not those the verdict reads

    def rank(self, question: Question, doc_ids: Collection[str] | None, limit: int) -> Scored: ...


class DocumentRows:
    """Which rows belong to which document, found once per index, so that a filter by document costs no pass over
    the chunks."""

    def __init__(self, bundle: IndexBundle) -> None:
        doc_of_row = np.array([c.doc_id for c in bundle.chunks], dtype=object)
        self._rows = {doc_id: np.flatnonzero(doc_of_row == doc_id) for doc_id in bundle.documents}

    def of(self, doc_ids: Collection[str] | None) -> np.ndarray | None:
        """The rows of ``doc_ids`` in ascending order (None: no filter, every row)."""
        if not doc_ids:
            return None
        parts = [self._rows[d] for d in set(doc_ids) if d in self._rows]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def to_hits(bundle: IndexBundle, scored: Scored, top_k: int, sources: Mapping[int, Mapping[str, float]], *,
            document_bonus: Mapping[int, float] | None = None, pinned: Collection[int] = (),
            cited_footnote: int | None = None) -> list[Hit]:
    """The first ``top_k`` rows as ranked Hits, each with its rankers' scores and the boosts it received."""
    hits = []
    for rank, (row, score) in enumerate(scored[:top_k], start=1):
        chunk = bundle.chunks[row]
        hits.append(Hit(chunk=chunk, citation=Citation.of(chunk, bundle.documents[chunk.doc_id]), score=score,
                        rank=rank, sources=dict(sources.get(row, {})),
                        document_bonus=(document_bonus or {}).get(row, 0.0), pinned=row in pinned,
                        cited_footnote=row == cited_footnote))
    return hits
