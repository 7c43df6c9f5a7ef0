"""The scale study's pieces on small synthetic data: vectors near the real ones, recall against exact search, BM25
over documents drawn from real texts."""

from __future__ import annotations

import numpy as np

from eval.bench.scale import NOISE, bm25_row, synthetic_vectors, vector_rows


def unit_rows(rows: int, dim: int) -> np.ndarray:
    vectors = np.random.default_rng(1).standard_normal((rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_synthetic_vectors_are_unit_vectors_near_a_real_one() -> None:
    base = unit_rows(20, 64)
    vectors = synthetic_vectors(base, 500)
    assert vectors.shape == (500, 64) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    nearest = (vectors @ base.T).max(axis=1)
    assert np.all(nearest > 0.8) and abs(float(nearest.mean()) - 1 / np.sqrt(1 + NOISE**2)) < 0.02


def test_exact_search_has_recall_1_and_every_kind_gets_a_row() -> None:
    vectors = synthetic_vectors(unit_rows(50, 32), 3000)
    rows = vector_rows(vectors, vectors[:20], kinds=("flat", "hnsw"))
    assert [r.index for r in rows] == ["flat", "flat, a fifth of the rows", "hnsw"]
    assert rows[0].recall_at_10 == 1.0 and 0.5 < (rows[2].recall_at_10 or 0) <= 1.0
    assert all(r.size == 3000 and r.latency.n > 0 and r.memory_mib > 0 for r in rows)


def test_bm25_indexes_the_documents_drawn_and_answers_each_question() -> None:
    row = bm25_row(["各国应对小武器进行标识。", "审议大会在纽约举行。", "国际追查文书"], 1000,
                   ["审议大会在哪里举行？", "标识"], "char-ngrams")
    assert (row.size, row.index, row.recall_at_10, row.latency.n) == (1000, "bm25", None, 2)
