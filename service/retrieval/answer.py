"""Extractive answer and abstention: the sentence of the top passages that best answers the question,
and whether the passages hold what the question asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from indexer.clean import locate
from indexer.encode import Encoder
from indexer.index import IndexBundle
from indexer.types import Hit

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
# what a question pins down exactly: numbers, years, votes, document symbols, Latin names
SPECIFIC_TERM = re.compile(r"[A-Za-z]+(?:/[A-Za-z0-9.]+)+|\d+(?:[./]\d+)*")
MIN_SENTENCE_CHARS = 6
ANSWER_PASSAGES = 3


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    passage_rank: int
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Verdict:
    answerable: bool
    confidence: float
    answer: Answer | None
    missing_terms: tuple[str, ...]


def specific_terms(question: str) -> list[str]:
    return [t for t in SPECIFIC_TERM.findall(question) if len(t) > 1 or t.isdigit()]


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


class AnswerFinder:
    """Picks the best sentence by cosine with the question (same encoder) and decides answerability:
    every number, year or symbol the question names must appear in the evidence, and the best sentence
    must be at least ``threshold`` similar to the question."""

    def __init__(self, bundle: IndexBundle, encoder: Encoder, *, threshold: float, floor: float = 0.78,
                 ceiling: float = 0.92) -> None:
        self.bundle = bundle
        self.encoder = encoder
        self.threshold = threshold
        self.floor = floor
        self.ceiling = ceiling

    def best_sentence(self, question: str, hits: list[Hit]) -> Answer | None:
        candidates: list[tuple[Hit, str]] = []
        for hit in hits[:ANSWER_PASSAGES]:
            if hit.chunk.kind in ("front", "closing"):
                candidates.append((hit, hit.chunk.text))
                continue
            candidates.extend((hit, m.group().strip()) for m in SENTENCE.finditer(hit.chunk.text)
                              if len(m.group().strip()) >= MIN_SENTENCE_CHARS)
        if not candidates:
            return None
        query = self.encoder.encode_queries([question])[0]
        scores = self.encoder.encode_passages([text for _, text in candidates]) @ query
        # prefer higher-ranked passages slightly: retrieval already weighed the whole paragraph
        ranks = np.array([hit.rank for hit, _ in candidates], dtype=np.float32)
        best = int(np.argmax(scores - 0.01 * (ranks - 1)))
        hit, text = candidates[best]
        original = self.bundle.documents[hit.chunk.doc_id].text
        start, end = locate(original, hit.chunk.start, hit.chunk.end, text)
        return Answer(text=text, passage_rank=hit.rank, start=start, end=end, score=float(scores[best]))

    def judge(self, question: str, hits: list[Hit]) -> Verdict:
        if not hits:
            return Verdict(False, 0.0, None, ())
        answer = self.best_sentence(question, hits)
        evidence = _squashed(" ".join(
            [h.chunk.text for h in hits[:ANSWER_PASSAGES]]
            + [" ".join(filter(None, (h.citation.symbol, h.citation.title, h.citation.date, h.citation.section)))
               for h in hits[:ANSWER_PASSAGES]]))
        missing = tuple(t for t in specific_terms(question) if _squashed(t) not in evidence)
        similarity = answer.score if answer else 0.0
        confidence = float(np.clip((similarity - self.floor) / (self.ceiling - self.floor), 0.0, 1.0))
        if missing:
            confidence *= 0.5 ** len(missing)
        answerable = not missing and similarity >= self.threshold
        return Verdict(answerable, round(confidence, 3), answer if answerable else None, missing)
