"""Second-stage reranking: a cross-encoder reads the question with each of the first-stage candidates."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.encode import offline_torch
from indexer.errors import UnknownEncoderError
from indexer.types import Hit


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


def rerank(reranker: Reranker, question: str, hits: list[Hit], candidates: int) -> list[Hit]:
    """The first ``candidates`` hits reordered by the reranker's scores (any further hits follow in first-stage
    order); a pinned paragraph (cited explicitly) stays where the first stage put it."""
    pinned = [hit for hit in hits if hit.pinned]
    rest = [hit for hit in hits if not hit.pinned]
    read, unread = rest[:candidates], rest[candidates:]
    scores = reranker.scores(question, [hit.chunk.text for hit in read])
    order = np.argsort(-scores, kind="stable")
    placed = [replace(read[i], score=float(scores[i]), sources={**read[i].sources, "rerank": float(scores[i])})
              for i in order] + unread
    for hit in sorted(pinned, key=lambda h: h.rank):
        placed.insert(min(hit.rank - 1, len(placed)), hit)
    return [replace(hit, rank=rank) for rank, hit in enumerate(placed, start=1)]
