"""Clause ranking on the real index: a passage scores as its best clause; answers are scored on whole sentences."""

from __future__ import annotations

import numpy as np

from indexer.store import FaissVectorIndex, scores_of
from service.deps import Engine
from service.retrieval.clause import ClauseRanker

QUESTION = "2018年审议大会在哪里举行？"


def best_clause_of_every_passage(engine: Engine, vector: np.ndarray) -> dict[int, float]:
    [clauses] = engine.bundle.clause_vectors.search(vector[None, :], len(engine.bundle.clauses))
    best: dict[int, float] = {}
    for j, score in clauses:
        row = engine.bundle.clauses[j][0]
        best[row] = max(best.get(row, -np.inf), score)
    return best


def test_a_passage_scores_as_its_best_clause(engine: Engine) -> None:
    ranker = ClauseRanker(engine.bundle, engine.pipeline.main.queries)
    best = best_clause_of_every_passage(engine, engine.pipeline.main.queries.vector(QUESTION))
    expected = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    question = engine.pipeline.reader.analyze(QUESTION)
    assert ranker.rank(question, None, 50) == expected[:50]
    # more passages than the first request of clauses holds: the ranker asks again until it has them
    assert ranker.rank(question, None, len(best)) == expected


def test_a_document_filter_ranks_that_documents_passages_only(engine: Engine) -> None:
    ranker = ClauseRanker(engine.bundle, engine.pipeline.main.queries)
    best = best_clause_of_every_passage(engine, engine.pipeline.main.queries.vector(QUESTION))
    doc_id = engine.bundle.chunks[0].doc_id
    theirs = sorted(((row, s) for row, s in best.items() if engine.bundle.chunks[row].doc_id == doc_id),
                    key=lambda item: (-item[1], item[0]))
    assert ranker.rank(engine.pipeline.reader.analyze(QUESTION), [doc_id], 10) == theirs[:10]


def test_answer_sentences_are_scored_whole_not_by_clause(engine: Engine) -> None:
    vector = engine.pipeline.main.queries.vector(QUESTION)
    [sentences] = engine.bundle.sentence_vectors.search(vector[None, :], len(engine.bundle.sentences))
    rows = [j for j, _ in sentences[:40:3]]
    assert len(engine.bundle.sentences) < len(engine.bundle.clauses)
    assert scores_of(engine.bundle.sentence_vectors, vector, rows).tolist() == [dict(sentences)[j] for j in rows]


def test_a_search_restricted_to_rows_finds_every_one_of_them_even_in_an_approximate_index() -> None:
    vectors = np.random.default_rng(0).standard_normal((2000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = FaissVectorIndex(32, "ivf-sq8", 20_000)  # lists made for more rows: a search reads some of them only
    index.add(vectors)
    [returned] = index.search(vectors[:1], len(index))
    assert len(returned) < len(index)
    rows = np.setdiff1d(np.arange(0, 2000, 7), [row for row, _ in returned])[:50]
    scores = scores_of(index, vectors[0], rows)
    assert np.isfinite(scores).all()
    assert np.allclose(scores, vectors[rows] @ vectors[0], atol=0.02)  # 8-bit codes: close, not equal
