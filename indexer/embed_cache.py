"""Passage embeddings cached by model and content hash, so unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from indexer.durable import fsync_path
from indexer.encode import Encoder

logger = logging.getLogger(__name__)

BATCH_SIZE = 16
# a prebuilt vector must be the encoder's own: re-embedding one of them must give (nearly) the same vector
PREBUILT_AGREEMENT = 0.999


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_stem(model_name: str) -> str:
    """The file name stem of a model's vectors, in a cache folder or a prebuilt one."""
    return hashlib.sha256(model_name.encode()).hexdigest()[:16]


def read_vectors(path: Path) -> dict[str, np.ndarray]:
    """The vectors of one ``.npz`` by text key; an unreadable file gives none, with a warning."""
    try:
        with np.load(path) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
        logger.warning("ignoring unreadable embeddings %s (%s)", path, e)
        return {}


def prebuilt_path(folder: Path, model_name: str) -> Path:
    """Where the embeddings shipped with a corpus are kept for ``model_name``."""
    return folder / f"{model_stem(model_name)}.npz"


def write_prebuilt(folder: Path, model_name: str, texts: Sequence[str], vectors: np.ndarray) -> Path:
    """Write the vectors of ``texts`` (each distinct text once, compressed) as ``folder``'s prebuilt embeddings for
    ``model_name``, replacing what was there; return the file."""
    distinct = {text_key(t): i for i, t in enumerate(texts)}
    path = prebuilt_path(folder, model_name)
    _write_npz(path, np.array(list(distinct)), vectors[list(distinct.values())], compressed=True)
    path.chmod(0o644)  # shipped with the corpus: readable by whoever serves it
    return path


class EmbeddingCache:
    """Vectors by content hash for one model: ``<model>.npz`` plus a ``<model>.batches/<uuid>.npz`` for each
    batch embedded since, written durably as soon as the batch is done, so that a build killed half-way loses
    at most the batch in flight; ``compact`` folds the batch files into the ``.npz``.

    Two builds sharing a cache may drop each other's vectors when they compact (they are embedded again
    later), never mix them up: every file is whole, written to a temporary name and renamed.
    """

    def __init__(self, cache_dir: Path, model_name: str, prebuilt: Path | None = None) -> None:
        """``prebuilt``: a folder of embeddings shipped with the corpus (``write_prebuilt``), read-only, consulted
        for what the cache lacks."""
        stem = model_stem(model_name)
        self.path = cache_dir / f"{stem}.npz"
        self.batches = cache_dir / f"{stem}.batches"
        self._vectors: dict[str, np.ndarray] = {}
        self._batch_files = sorted(self.batches.glob("*.npz"))
        for path in [self.path, *self._batch_files]:
            if path.exists():
                self._vectors.update(read_vectors(path))
        shipped = prebuilt_path(prebuilt, model_name) if prebuilt is not None else None
        self.prebuilt = read_vectors(shipped) if shipped is not None and shipped.exists() else {}

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> np.ndarray | None:
        vector = self._vectors.get(key)
        return self.prebuilt.get(key) if vector is None else vector

    def check_prebuilt(self, encoder: Encoder, texts: Sequence[str]) -> None:
        """Embed one of ``texts`` that the prebuilt embeddings hold and compare: vectors another version of the
        encoder made (under the same name) are dropped, with a warning, and embedded anew."""
        sample = next((t for t in texts if text_key(t) in self.prebuilt and text_key(t) not in self._vectors), None)
        if sample is None:
            return
        cosine = float(encoder.encode_passages([sample])[0] @ self.prebuilt[text_key(sample)])
        if cosine < PREBUILT_AGREEMENT:
            logger.warning("ignoring the prebuilt embeddings: the encoder gives a vector at cosine %.4f (below %s) "
                           "with the prebuilt one; every passage is embedded anew", cosine, PREBUILT_AGREEMENT)
            self.prebuilt = {}

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` under ``keys``, written to a batch file of their own before this returns."""
        self._vectors.update(zip(keys, vectors, strict=True))
        path = self.batches / f"{uuid.uuid4().hex}.npz"
        _write_npz(path, np.array(keys), vectors)
        self._batch_files.append(path)

    def compact(self) -> None:
        """Rewrite the ``.npz`` with every vector embedded (not the prebuilt ones), then delete the batch files it
        now holds (if there are any: a build killed after its last batch leaves some that the next build, embedding
        nothing, still folds)."""
        if not self._batch_files:
            return
        if self._vectors:  # none when every batch file was unreadable
            _write_npz(self.path, np.array(list(self._vectors)), np.stack(list(self._vectors.values())))
        for path in self._batch_files:
            path.unlink(missing_ok=True)
        self._batch_files = []


def _write_npz(path: Path, keys: np.ndarray, vectors: np.ndarray, *, compressed: bool = False) -> None:
    """Write ``path`` whole or not at all, and durably: a temporary file, fsynced, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            (np.savez_compressed if compressed else np.savez)(f, keys=keys, vectors=vectors)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def _missing_rows(keys: Sequence[str], cache: EmbeddingCache | None) -> list[int]:
    """The first row of each distinct key that the cache lacks."""
    first_row: dict[str, int] = {}
    for i, key in enumerate(keys):
        first_row.setdefault(key, i)
    return sorted(i for key, i in first_row.items() if cache is None or cache.get(key) is None)


def count_uncached(texts: Sequence[str], cache: EmbeddingCache | None) -> int:
    """How many distinct texts of ``texts`` ``encode_passages_cached`` would embed anew."""
    return len(_missing_rows([text_key(t) for t in texts], cache))


def encode_passages_cached(encoder: Encoder, texts: Sequence[str], cache: EmbeddingCache | None,
                           *, progress: bool = True, label: str = "texts") -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (row i = text i), embedding only what the cache lacks, each distinct text once
    (a one-sentence paragraph is its own sentence, a one-clause sentence its own clause). The progress bar
    reads "embedding <n> <label>".

    Returns the vectors and how many distinct texts were embedded anew.
    """
    keys = [text_key(t) for t in texts]
    missing = _missing_rows(keys, cache)
    fresh: dict[str, np.ndarray] = {}
    batches = range(0, len(missing), BATCH_SIZE)
    for start in tqdm(batches, desc=f"embedding {len(missing)} {label}", unit="batch", disable=not progress
                      or not missing):
        rows = missing[start:start + BATCH_SIZE]
        batch_keys = [keys[i] for i in rows]
        vectors = encoder.encode_passages([texts[i] for i in rows])
        fresh.update(zip(batch_keys, vectors, strict=True))
        if cache is not None:
            cache.add(batch_keys, vectors)  # now, not at the end: a killed build resumes after this batch
    if cache is not None:
        cache.compact()
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        vector = fresh.get(key)
        out[i] = vector if vector is not None else cache.get(key)  # type: ignore[union-attr]
    return out, len(fresh)
