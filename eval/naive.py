"""The naive baseline: 500-character chunks of the raw corpus files, dense-only cosine search, no HTTP."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eval.dataset import EvalItem, corpus_files
from eval.run import Answer, CorpusChunk, Passage, SystemRun
from indexer.encode import Encoder

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50


def split_corpus(corpus_dir: Path) -> tuple[CorpusChunk, ...]:
    """Every corpus file split by RecursiveCharacterTextSplitter(500, 50) with its default separators."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return tuple(CorpusChunk(chunk_id=f"naive:{name}:{i}", file=name, text=text)
                 for name, source in corpus_files(corpus_dir).items()
                 for i, text in enumerate(splitter.split_text(source)))


class NaiveRetriever:
    """Cosine similarity between a query vector and every chunk vector (inner product of unit vectors)."""

    def __init__(self, chunks: Sequence[CorpusChunk], encoder: Encoder) -> None:
        self.chunks = tuple(chunks)
        self._encoder = encoder
        self._vectors = encoder.encode_passages([c.text for c in self.chunks])

    def search(self, question: str, top_k: int) -> list[Passage]:
        scores = self._vectors @ self._encoder.encode_queries([question])[0]
        # stable sort on -score: equal scores keep corpus order, so a run is reproducible
        order = np.argsort(-scores, kind="stable")[:top_k]
        return [Passage(chunk_id=self.chunks[i].chunk_id, rank=rank, score=float(scores[i]),
                        text=self.chunks[i].text, file=self.chunks[i].file, label=self.chunks[i].chunk_id)
                for rank, i in enumerate(order, start=1)]


def run_naive(items: Sequence[EvalItem], corpus_dir: Path, encoder: Encoder, top_k: int) -> SystemRun:
    """Ask every question of ``items`` of the naive baseline built over ``corpus_dir``."""
    retriever = NaiveRetriever(split_corpus(corpus_dir), encoder)
    logger.info("naive: %d chunks of %d characters", len(retriever.chunks), CHUNK_SIZE)
    answers: dict[str, Answer] = {}
    for item in items:
        started = time.perf_counter()
        passages = retriever.search(item.question, top_k)
        answers[item.id] = Answer(qid=item.id, passages=tuple(passages),
                                  latency_ms=(time.perf_counter() - started) * 1000)
    return SystemRun(name="naive", mode="dense (500-char chunks)", answers=answers, chunks=retriever.chunks,
                     has_citations=False)
