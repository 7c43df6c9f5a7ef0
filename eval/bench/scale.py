"""The scale study behind `poaqa bench --scale`: synthetic corpora of 10k to 1M chunks made from the real passage
vectors (perturbed) and the real chunk texts, searched with the real questions; FAISS exact, HNSW and IVF-PQ (build
time, memory, latency, recall@10 against exact) and BM25 (bm25s)."""

from __future__ import annotations

import math
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import bm25s
import numpy as np

from eval.bench.stats import Summary, summarize
from indexer.store import INDEX_KINDS, FaissVectorIndex, best_first, index_kind
from indexer.tokenize import get_tokenizer

NOISE = 0.5  # a synthetic vector is a real one plus Gaussian noise of norm about 0.5, normalised: cosine ~0.9 to it
BLOCK = 100_000  # rows made at once (1M x 384 of noise at once would double the memory)
K = 10
SERVED = 50  # what a ranking list hands the fusion (retrieval.candidates)


@dataclass(frozen=True, slots=True)
class ScaleRow:
    size: int
    index: str  # a FAISS index kind, "<kind>, a fifth of the rows" (a document filter) or "bm25"
    build_seconds: float
    memory_mib: float  # the index as saved: what it holds in memory
    latency: Summary  # one question at a time, ms
    recall_at_10: float | None  # the share of exact search's first 10 it finds; None for BM25
    peak_rss_mib: float  # of the benchmark's process so far: the study must fit in memory


def synthetic_vectors(base: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    """``size`` unit vectors, each a random row of ``base`` moved by Gaussian noise of norm about ``NOISE``."""
    rng = np.random.default_rng(seed)
    dim = base.shape[1]
    out = np.empty((size, dim), dtype=np.float32)
    for start in range(0, size, BLOCK):
        n = min(BLOCK, size - start)
        block = base[rng.integers(0, len(base), n)] + rng.standard_normal((n, dim), dtype=np.float32) * (
            NOISE / math.sqrt(dim))
        out[start:start + n] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _saved_mib(index: FaissVectorIndex) -> float:
    with tempfile.TemporaryDirectory(prefix="poaqa-scale-") as tmp:
        index.save(Path(tmp) / "index.faiss")
        return (Path(tmp) / "index.faiss").stat().st_size / 2**20


def _search(index: FaissVectorIndex, queries: np.ndarray, k: int, i: int, rows: np.ndarray | None = None) -> None:
    index.search(queries[i:i + 1], k, rows)


def _one_at_a_time(search: Callable[[int], object], count: int) -> Summary:
    timings = []
    for i in range(count):
        started = time.perf_counter()
        search(i)
        timings.append((time.perf_counter() - started) * 1000)
    return summarize(timings)


def vector_rows(vectors: np.ndarray, queries: np.ndarray, kinds: Sequence[str] = INDEX_KINDS,
                progress: Callable[[str], None] = lambda _: None) -> list[ScaleRow]:
    """Each FAISS index kind over ``vectors``, searched for each of ``queries`` alone; recall against exact."""
    size, dim = vectors.shape
    rows: list[ScaleRow] = []
    exact: list[set[int]] = []
    for kind in kinds:
        progress(f"scale: {size:,} vectors, {kind} (peak RSS so far {_peak_rss_mib():.0f} MiB)")
        index = FaissVectorIndex(dim, kind, size)
        started = time.perf_counter()
        index.add(vectors)
        seconds = time.perf_counter() - started
        found = [{row for row, _ in scored} for scored in index.search(queries, K)]
        if kind == "flat":
            exact = found
        recall = float(np.mean([len(f & e) / K for f, e in zip(found, exact, strict=True)]))
        latency = _one_at_a_time(partial(_search, index, queries, SERVED), len(queries))
        rows.append(ScaleRow(size, kind, seconds, _saved_mib(index), latency, recall, _peak_rss_mib()))
        if kind in ("flat", index_kind(size)):  # a question filtered to documents: a search restricted to rows
            fifth = np.arange(0, size, 5)
            restricted = _one_at_a_time(partial(_search, index, queries, SERVED, rows=fifth), len(queries))
            rows.append(ScaleRow(size, f"{kind}, a fifth of the rows", seconds, rows[-1].memory_mib, restricted,
                                 1.0 if kind == "flat" else None, _peak_rss_mib()))
        del index
    return rows


def bm25_row(texts: Sequence[str], size: int, questions: Sequence[str], tokenizer: str, seed: int = 0) -> ScaleRow:
    """BM25 (bm25s) over ``size`` documents drawn from ``texts`` (tokenized once, so that a million documents fit:
    a document shares its token list with the others drawn from the same text), each question scored against all
    and its first 50 picked, as the keyword ranking list does."""
    tokenize = get_tokenizer(tokenizer)
    vocabulary: dict[str, int] = {}
    token_ids = [[vocabulary.setdefault(token, len(vocabulary)) for token in tokenize(text) or [""]]
                 for text in texts]
    drawn = np.random.default_rng(seed).integers(0, len(texts), size)
    documents = [token_ids[i] for i in drawn]
    bm25 = bm25s.BM25()
    started = time.perf_counter()
    bm25.index((documents, vocabulary), show_progress=False)
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="poaqa-scale-") as tmp:
        bm25.save(tmp, show_progress=False)
        memory = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20

    def search(i: int) -> None:
        tokens = [t for t in tokenize(questions[i]) if t in vocabulary]
        scores = bm25.get_scores(tokens)
        best_first(scores, SERVED)

    return ScaleRow(size, "bm25", seconds, memory, _one_at_a_time(search, len(questions)), None, _peak_rss_mib())


def scale_study(base: np.ndarray, queries: np.ndarray, texts: Sequence[str], questions: Sequence[str],
                sizes: Sequence[int], *, tokenizer: str,
                progress: Callable[[str], None] = lambda _: None) -> list[ScaleRow]:
    """The rows of every size: the FAISS kinds over synthetic vectors made from ``base`` (searched with
    ``queries``), then BM25 over documents drawn from ``texts`` (searched with ``questions``)."""
    rows: list[ScaleRow] = []
    for size in sizes:
        progress(f"scale: {size:,} synthetic chunks")
        vectors = synthetic_vectors(base, size)
        rows += vector_rows(vectors, queries, progress=progress)
        del vectors
        progress(f"scale: {size:,} documents, bm25 (peak RSS so far {_peak_rss_mib():.0f} MiB)")
        rows.append(bm25_row(texts, size, questions, tokenizer))
    return rows
