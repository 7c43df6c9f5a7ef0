"""The Retriever protocol and what every strategy shares: row filtering and Hit construction."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol

import numpy as np

from indexer.index import IndexBundle
from indexer.store import Scored
from indexer.types import Citation, Hit


class Retriever(Protocol):
    name: str

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]: ...


def allowed_rows(bundle: IndexBundle, doc_ids: Collection[str] | None) -> np.ndarray | None:
    """Boolean mask of the rows whose document is in ``doc_ids`` (None: every row)."""
    if not doc_ids:
        return None
    wanted = set(doc_ids)
    return np.array([c.doc_id in wanted for c in bundle.chunks], dtype=bool)


def keep_allowed(scored: Scored, mask: np.ndarray | None) -> Scored:
    return scored if mask is None else [(row, score) for row, score in scored if mask[row]]


def to_hits(bundle: IndexBundle, scored: Scored, top_k: int, sources: Mapping[int, dict[str, float]]) -> list[Hit]:
    hits = []
    for rank, (row, score) in enumerate(scored[:top_k], start=1):
        chunk = bundle.chunks[row]
        hits.append(Hit(chunk=chunk, citation=Citation.of(chunk, bundle.documents[chunk.doc_id]), score=score,
                        rank=rank, sources=dict(sources.get(row, {}))))
    return hits
