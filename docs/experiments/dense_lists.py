"""Ranking lists of the dense-list studies (rounds 36 to 40) scored as matrices: a row per question, a column per
passage, and the labelled English questions those studies score them on; run beside them (the studies import it from
their own folder)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.dataset import EvalItem, read_dataset
from eval.query_map import Sample, collect, english_bundle, pair_of, passage_vectors
from eval.runner import PipelineBackend
from indexer.index import IndexBundle
from service.config import get_settings
from service.engine import load_engine
from service.pipeline import AskPipeline

DEPTH = 10  # MRR@10
RRF_K = 10  # the service's retrieval.rrf_k
FOLDS = 6  # folds of pairs of sets: whether a gain holds on each part


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


@dataclass(frozen=True)
class EnglishStudy:
    """The labelled English questions of the sets a study is given, with the lists every study compares against:
    the dense list and the dense and clause lists fused (L's base); a row per answerable question."""

    pipeline: AskPipeline
    datasets: dict[str, Sequence[EvalItem]]
    samples: list[Sample]
    passages: np.ndarray  # the passages' vectors as the English route reads them
    vectors: np.ndarray  # the questions' vectors
    gold: list[tuple[int, ...]]
    dense: np.ndarray
    fused: np.ndarray  # the dense and clause lists' votes summed

    def text_of(self, sample: Sample) -> str:
        return next(item.question for item in self.datasets[sample.dataset] if item.id == sample.qid)

    def control(self) -> np.ndarray:
        """The reciprocal ranks of (L)'s control: the fused lists with the dense list counted twice."""
        return reciprocal_ranks(self.fused + vote(self.dense), self.gold)

    def report(self, name: str, ranks: np.ndarray, against: np.ndarray) -> None:
        """One line: MRR@10 of ``ranks`` and on how many folds of pairs it is above ``against``."""
        pairs = sorted({pair_of(s.dataset) for s in self.samples})
        fold_of_pair = {pair: i % FOLDS for i, pair in enumerate(pairs)}
        folds = np.array([fold_of_pair[pair_of(s.dataset)] for s in self.samples])
        beats = sum(ranks[folds == f].mean() > against[folds == f].mean() for f in range(FOLDS))
        print(f"{name}: MRR@10 {ranks.mean():.4f} ({len(ranks)} questions; above what it is compared with on {beats} "
              f"of {FOLDS} folds)")


def english_study(paths: Sequence[str]) -> EnglishStudy:
    """The study of the sets at ``paths`` over the index the settings name."""
    pipeline = load_engine(get_settings()).pipeline
    datasets = {p.stem: read_dataset(p) for p in map(Path, paths)}
    samples = collect(pipeline, datasets, PipelineBackend(pipeline).chunks())
    passages = passage_vectors(pipeline)
    vectors = np.stack([s.vector for s in samples])
    dense = vectors @ passages.T
    clause_scores = clause_scorer(english_bundle(pipeline), len(passages))
    return EnglishStudy(pipeline, datasets, samples, passages, vectors, [s.gold_rows for s in samples], dense,
                        vote(dense) + vote(clause_scores(vectors)))
