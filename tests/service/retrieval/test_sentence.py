"""Sentence-level retrieval on the real index: a passage scores as its best sentence window."""

from __future__ import annotations

import numpy as np

from service.deps import Engine
from service.retrieval.sentence import SentenceRetriever


def test_a_passage_scores_as_the_best_window_of_its_sentences(engine: Engine) -> None:
    retriever = SentenceRetriever(engine.bundle, engine.answers.sentences.queries)
    vector = retriever.queries.vector("2018年审议大会在哪里举行？")
    [windows] = engine.bundle.window_vectors.search(vector[None, :], len(engine.bundle.sentences))
    best: dict[int, float] = {}
    for j, score in windows:
        row = engine.bundle.sentences[j][0]
        best[row] = max(best.get(row, -np.inf), score)
    scored = retriever.scored("2018年审议大会在哪里举行？")
    assert len(scored) == len(best)
    for row, score in scored[:20]:
        assert score == best[row]
    assert [s for _, s in scored] == sorted((s for _, s in scored), reverse=True)


def test_answer_spans_are_scored_on_single_sentences_not_windows(engine: Engine) -> None:
    retriever = SentenceRetriever(engine.bundle, engine.answers.sentences.queries)
    vector = retriever.queries.vector("2018年审议大会在哪里举行？")
    scores = retriever.sentence_scores(vector)
    n = len(engine.bundle.sentences)
    [sentences] = engine.bundle.sentence_vectors.search(vector[None, :], n)
    [windows] = engine.bundle.window_vectors.search(vector[None, :], n)
    assert all(scores[j] == score for j, score in sentences)
    assert any(scores[j] != score for j, score in windows)
