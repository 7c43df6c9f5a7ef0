"""Sentence-level retrieval on the real index: a passage scores as its best clause."""

from __future__ import annotations

import numpy as np
from service.retrieval.sentence import SentenceRetriever

from service.deps import Engine


def test_a_passage_scores_as_its_best_clause(engine: Engine) -> None:
    retriever = SentenceRetriever(engine.bundle, engine.answers.sentences.queries)
    vector = retriever.queries.vector("2018年审议大会在哪里举行？")
    [clauses] = engine.bundle.clause_vectors.search(vector[None, :], len(engine.bundle.clauses))
    best: dict[int, float] = {}
    for j, score in clauses:
        row = engine.bundle.clauses[j][0]
        best[row] = max(best.get(row, -np.inf), score)
    scored = retriever.scored("2018年审议大会在哪里举行？")
    assert len(scored) == len(best)
    for row, score in scored[:20]:
        assert score == best[row]
    assert [s for _, s in scored] == sorted((s for _, s in scored), reverse=True)


def test_answer_spans_are_scored_on_whole_sentences_not_clauses(engine: Engine) -> None:
    retriever = SentenceRetriever(engine.bundle, engine.answers.sentences.queries)
    vector = retriever.queries.vector("2018年审议大会在哪里举行？")
    scores = retriever.sentence_scores(vector)
    [sentences] = engine.bundle.sentence_vectors.search(vector[None, :], len(engine.bundle.sentences))
    assert len(scores) == len(engine.bundle.sentences) < len(engine.bundle.clauses)
    assert all(scores[j] == score for j, score in sentences)
