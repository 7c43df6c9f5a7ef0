"""The query vector, computed once per question however many retrievers and steps need it."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from indexer.encode import Encoder

CACHED_QUESTIONS = 1024


class QueryEncoder:
    """Encodes questions through the index's encoder, remembering recent ones (read-only vectors).

    The cache is safe to share between request threads and holds no lock while a question is encoded (functools'
    lru_cache calls the function outside its own bookkeeping), so it never makes requests wait for each other; two
    requests asking the same new question at once may both encode it.
    """

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.vector = lru_cache(maxsize=CACHED_QUESTIONS)(self._encode)

    def _encode(self, question: str) -> np.ndarray:
        vector = self.encoder.encode_queries([question])[0]
        vector.setflags(write=False)
        return vector

    def forget(self) -> None:
        """Drop every remembered vector: the next questions are encoded anew (the benchmark's new questions)."""
        self.vector.cache_clear()
