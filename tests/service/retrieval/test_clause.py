"""Clause ranking on the real index: a passage scores as its best clause; answers are scored on whole sentences."""

from __future__ import annotations

import numpy as np

from indexer.store import FaissVectorIndex
from service.deps import Engine
from service.retrieval.clause import ClauseRanker, cosines

QUESTION = "2018年审议大会在哪里举行？"


def test_a_passage_scores_as_its_best_clause(engine: Engine) -> None:
    ranker = ClauseRanker(engine.bundle, engine.pipeline.queries)
    vector = engine.pipeline.queries.vector(QUESTION)
    [clauses] = engine.bundle.clause_vectors.search(vector[None, :], len(engine.bundle.clauses))
    best: dict[int, float] = {}
    for j, score in clauses:
        row = engine.bundle.clauses[j][0]
        best[row] = max(best.get(row, -np.inf), score)
    scored = ranker.rank(engine.pipeline.reader.analyze(QUESTION), None)
    assert len(scored) == len(best)
    for row, score in scored[:20]:
        assert score == best[row]
    assert [s for _, s in scored] == sorted((s for _, s in scored), reverse=True)


def test_answer_sentences_are_scored_whole_not_by_clause(engine: Engine) -> None:
    vector = engine.pipeline.queries.vector(QUESTION)
    scores = cosines(engine.bundle.sentence_vectors, vector)
    [sentences] = engine.bundle.sentence_vectors.search(vector[None, :], len(engine.bundle.sentences))
    assert len(scores) == len(engine.bundle.sentences) < len(engine.bundle.clauses)
    assert all(scores[j] == score for j, score in sentences)


def test_rows_an_approximate_index_leaves_out_score_minus_infinity() -> None:
    vectors = np.random.default_rng(0).standard_normal((2000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = FaissVectorIndex(32, "ivf-sq8", 20_000)  # lists made for more rows: a search reads some of them only
    index.add(vectors)
    [returned] = index.search(vectors[:1], len(index))
    scores = cosines(index, vectors[0])
    assert len(scores) == len(index) > len(returned)
    assert np.isfinite(scores).sum() == len(returned) and all(scores[row] == score for row, score in returned)
