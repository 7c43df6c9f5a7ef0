"""What a system returned for a dataset: its passages, answers and the corpus its chunk ids refer to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CorpusChunk:
    """One retrievable unit of a system, with the file it comes from: what qrels are built from."""

    chunk_id: str
    file: str
    text: str


@dataclass(frozen=True, slots=True)
class Passage:
    """A returned passage; ``spans`` are its citation's runs of the original (empty: no citation)."""

    chunk_id: str
    rank: int
    score: float
    text: str
    file: str
    label: str
    doc_id: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    """What a system returned for one question; ``answerable``/``confidence`` are None when not reported."""

    qid: str
    passages: tuple[Passage, ...]
    latency_ms: float
    answerable: bool | None = None
    confidence: float | None = None
    answer_text: str | None = None  # the answer sentence, when the system gave one


@dataclass(frozen=True, slots=True)
class SystemRun:
    """One system's answers to a dataset, keyed by question id, and the corpus its chunk ids refer to."""

    name: str
    mode: str
    answers: dict[str, Answer]
    chunks: tuple[CorpusChunk, ...]
    has_citations: bool = True
