"""Second-stage reranking: a cross-encoder reads the question with each of the first-stage candidates."""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.encode import offline_torch
from indexer.errors import UnknownEncoderError
from indexer.types import Hit
from service.retrieval.base import Retriever


class Reranker(Protocol):
    def scores(self, question: str, passages: Sequence[str]) -> np.ndarray:
        """One relevance score per passage, higher is more relevant (any scale)."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers ``CrossEncoder`` (such as bge-reranker) from a local folder, hub switched off."""

    def __init__(self, model_path: Path, threads: int = 2, max_length: int = 512) -> None:
        if not (model_path / "config.json").exists():
            raise UnknownEncoderError(f"{model_path} is not a cross-encoder model folder (no config.json); "
                                      "set POAQA_RERANKER_PATH to a downloaded reranker directory")
        offline_torch(threads)
        from sentence_transformers import CrossEncoder

        self._model = CrossEncoder(str(model_path), device="cpu", max_length=max_length, local_files_only=True)
        self._lock = threading.Lock()

    def scores(self, question: str, passages: Sequence[str]) -> np.ndarray:
        if not passages:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.predict([(question, p) for p in passages]), dtype=np.float32).reshape(-1)


class RerankedRetriever:
    """Reorders the first ``candidates`` hits of another retriever by a reranker's scores (any further hits
    follow in first-stage order); a paragraph the question cites explicitly stays where the first stage put it."""

    def __init__(self, first_stage: Retriever, reranker: Reranker, *, candidates: int = 20) -> None:
        self.first_stage = first_stage
        self.reranker = reranker
        self.candidates = candidates
        self.name = first_stage.name

    def search(self, query: str, top_k: int, *, doc_ids: Collection[str] | None = None) -> list[Hit]:
        hits = self.first_stage.search(query, max(top_k, self.candidates), doc_ids=doc_ids)
        cited = [hit for hit in hits if "reference" in hit.sources]
        rest = [hit for hit in hits if "reference" not in hit.sources]
        read, unread = rest[: self.candidates], rest[self.candidates:]
        scores = self.reranker.scores(query, [hit.chunk.text for hit in read])
        order = np.argsort(-scores, kind="stable")
        reranked = [replace(read[i], score=float(scores[i]), sources={**read[i].sources, "rerank": float(scores[i])})
                    for i in order]
        placed = self._place(cited, reranked + unread)
        return [replace(hit, rank=rank) for rank, hit in enumerate(placed, start=1)][:top_k]

    @staticmethod
    def _place(cited: list[Hit], reranked: list[Hit]) -> list[Hit]:
        """The reranked hits, with each cited hit put back at its first-stage rank."""
        placed = list(reranked)
        for hit in sorted(cited, key=lambda h: h.rank):
            placed.insert(min(hit.rank - 1, len(placed)), hit)
        return placed
