"""The verdict on the ranked passages: the sentence that best answers the question, whether the passages hold what
the question asks for (answerable), and how sure the service is (confidence)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.clean import locate
from indexer.index import IndexBundle
from indexer.types import Hit
from service.config import AnswerSettings
from service.question.analyze import Question, squashed
from service.question.facts import named_terms, sentence_patterns
from service.retrieval.clause import cosines
from service.retrieval.query import QueryEncoder


@dataclass(frozen=True, slots=True)
class Answer:
    """A sentence of a passage, verbatim, with its offsets in the original file."""

    text: str
    passage_rank: int
    start: int
    end: int
    score: float  # its cosine with the question


@dataclass(frozen=True, slots=True)
class Verdict:
    answerable: bool
    confidence: float
    answer: Answer | None  # None when not answerable
    missing_terms: tuple[str, ...]  # what the question names that the evidence does not mention


class AnswerJudge:
    """Picks the best sentence of the top passages by cosine with the question (precomputed sentence vectors) among
    those stating what the question asks for, and decides answerability: every term the question names must appear
    in the evidence, and the best sentence must be at least ``answer_threshold`` similar to the question."""

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder, settings: AnswerSettings) -> None:
        self.bundle = bundle
        self.queries = queries
        self.settings = settings
        self._rows_of_chunk: dict[str, list[int]] = {}
        for j, (row, _) in enumerate(bundle.sentences):
            self._rows_of_chunk.setdefault(bundle.chunks[row].chunk_id, []).append(j)

    def evidence_depth(self, question: Question) -> int:
        """How many of the first passages must hold what the question names."""
        s = self.settings
        return s.spanning_evidence_passages if question.spans_years else s.evidence_passages

    def best_sentence(self, question: Question, hits: list[Hit]) -> Answer | None:
        patterns = sentence_patterns(question, self.settings.disabled_rules)
        sentences = self.bundle.sentences
        candidates = [(hit, j) for hit in hits[: self.settings.evidence_passages]
                      for j in self._rows_of_chunk[hit.chunk.chunk_id]
                      if all(pattern.search(sentences[j][1]) for pattern in patterns)]
        if not candidates:
            return None
        scores = cosines(self.bundle.sentence_vectors, self.queries.vector(question.normalized))
        # retrieval already weighed the whole paragraph: prefer higher-ranked passages slightly
        adjusted = [scores[j] - self.settings.rank_penalty * (hit.rank - 1) for hit, j in candidates]
        hit, j = candidates[int(np.argmax(adjusted))]
        text = sentences[j][1]
        start, end = locate(self.bundle.documents[hit.chunk.doc_id].text, hit.chunk.start, hit.chunk.end, text)
        return Answer(text=text, passage_rank=hit.rank, start=start, end=end, score=float(scores[j]))

    def judge(self, question: Question, hits: list[Hit], shown: int) -> Verdict:
        """``hits``: at least ``evidence_depth(question)`` passages where there are that many; the answer sentence
        comes from the first ``shown`` of them (those the client gets back)."""
        if not hits:
            return Verdict(False, 0.0, None, ())
        answer = self.best_sentence(question, hits[:shown])
        top = hits[: self.evidence_depth(question)]
        evidence = squashed(" ".join([h.chunk.text for h in top] + [
            " ".join(filter(None, (h.citation.symbol, h.citation.title, h.citation.date, h.citation.section)))
            for h in top]))
        missing = tuple(t for t in named_terms(question, self.settings.disabled_rules) if squashed(t) not in evidence)
        similarity = answer.score if answer else 0.0
        s = self.settings
        confidence = float(np.clip((similarity - s.confidence_floor) / (s.confidence_ceiling - s.confidence_floor),
                                   0.0, 1.0))
        confidence *= 0.5 ** len(missing)
        answerable = not missing and similarity >= s.answer_threshold
        return Verdict(answerable, round(confidence, 3), answer if answerable else None, missing)
