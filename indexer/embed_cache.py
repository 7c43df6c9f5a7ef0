"""Passage embeddings cached by model and content hash, so unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from indexer.encode import Encoder

logger = logging.getLogger(__name__)

BATCH_SIZE = 16


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """One .npz file per model: content hashes -> vectors, rewritten atomically after each update."""

    def __init__(self, cache_dir: Path, model_name: str) -> None:
        self.path = cache_dir / f"{hashlib.sha256(model_name.encode()).hexdigest()[:16]}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            try:
                with np.load(self.path) as data:
                    self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError) as e:
                logger.warning("ignoring unreadable embedding cache %s (%s)", self.path, e)

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def put(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        self._vectors.update(zip(keys, vectors, strict=True))

    def save(self) -> None:
        if not self._vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors))
        vectors = np.stack(list(self._vectors.values()))
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, keys=keys, vectors=vectors)
        os.replace(tmp, self.path)


def encode_passages_cached(encoder: Encoder, texts: Sequence[str], cache: EmbeddingCache | None,
                           *, progress: bool = True) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (row i = text i), embedding only what the cache lacks, each distinct text once
    (a one-sentence paragraph is its own sentence, a one-clause sentence its own clause).

    Returns the vectors and how many distinct texts were embedded anew.
    """
    keys = [text_key(t) for t in texts]
    first_row: dict[str, int] = {}
    for i, key in enumerate(keys):
        first_row.setdefault(key, i)
    missing = sorted(i for key, i in first_row.items() if cache is None or cache.get(key) is None)
    fresh: dict[str, np.ndarray] = {}
    batches = range(0, len(missing), BATCH_SIZE)
    for start in tqdm(batches, desc=f"embedding {len(missing)} passages", unit="batch", disable=not progress
                      or not missing):
        rows = missing[start:start + BATCH_SIZE]
        vectors = encoder.encode_passages([texts[i] for i in rows])
        fresh.update(zip((keys[i] for i in rows), vectors, strict=True))
    if cache is not None and fresh:
        cache.put(list(fresh), np.stack(list(fresh.values())))
        cache.save()
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        vector = fresh.get(key)
        out[i] = vector if vector is not None else cache.get(key)  # type: ignore[union-attr]
    return out, len(fresh)
