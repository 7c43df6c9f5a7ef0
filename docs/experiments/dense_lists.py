"""Ranking lists of the dense-list studies (rounds 36 to 39) scored as matrices: a row per question, a column per
passage; run beside them (the studies import it from their own folder)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from indexer.index import IndexBundle

DEPTH = 10  # MRR@10
RRF_K = 10  # the service's retrieval.rrf_k


def ranks(scores: np.ndarray) -> np.ndarray:
    """Each passage's rank (1 first) in each question's row."""
    return np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1) + 1


def vote(scores: np.ndarray) -> np.ndarray:
    """Each passage's reciprocal-rank-fusion vote from the list ``scores`` ranks: 1 / (RRF_K + rank)."""
    return 1 / (RRF_K + ranks(scores))


def reciprocal_ranks(scores: np.ndarray, gold: list[tuple[int, ...]]) -> np.ndarray:
    """Each question's reciprocal rank of its first gold passage within the first DEPTH, 0 beyond."""
    order = np.argsort(-scores, axis=1, kind="stable")[:, :DEPTH]
    return np.array([next((1 / r for r, row in enumerate(rows, 1) if row in g), 0.0)
                     for rows, g in zip(order, gold, strict=True)])


def clause_scorer(bundle: IndexBundle, passages: int) -> Callable[[np.ndarray], np.ndarray]:
    """The clause list over ``bundle`` (the English route's index): each passage scored by its best clause's cosine
    (-9 for a passage without clauses)."""
    clauses = np.asarray(bundle.clause_vectors.matrix())  # type: ignore[attr-defined]
    owners = np.array([row for row, _ in bundle.clauses])

    def scores(questions: np.ndarray) -> np.ndarray:
        best = np.full((len(questions), passages), -9.0)
        for i, row in enumerate(questions @ clauses.T):
            np.maximum.at(best[i], owners, row)
        return best

    return scores
