"""The query vector, computed once per question however many retrievers and steps need it."""

from __future__ import annotations

import threading

import numpy as np
from cachetools import LRUCache

from indexer.encode import Encoder

CACHED_QUESTIONS = 1024


class QueryEncoder:
    """Encodes questions through the index's encoder, remembering recent ones (read-only vectors).

    The cache is safe to share between request threads and holds its lock only to look a question up or to keep its
    vector, never while a question is encoded, so it never makes requests wait for each other's encoding; two
    requests asking the same new question at once may both encode it.
    """

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._vectors: LRUCache[str, np.ndarray] = LRUCache(maxsize=CACHED_QUESTIONS)
        self._lock = threading.Lock()

    def cached(self, question: str) -> np.ndarray | None:
        """The vector of ``question`` if it is remembered, without encoding it."""
        with self._lock:
            return self._vectors.get(question)

    def vector(self, question: str) -> np.ndarray:
        found = self.cached(question)
        if found is not None:
            return found
        vector = self.encoder.encode_queries([question])[0]
        vector.setflags(write=False)
        with self._lock:
            self._vectors[question] = vector
        return vector

    def forget(self) -> None:
        """Drop every remembered vector: the next questions are encoded anew (the benchmark's new questions)."""
        with self._lock:
            self._vectors.clear()
