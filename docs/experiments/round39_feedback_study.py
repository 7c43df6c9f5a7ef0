"""Round 39's study of pseudo-relevance feedback on the dense list for English questions (eval/RESULTS.md,
thirty-ninth round): each English question vector moved toward the mean of its top K dense passages' vectors,
q' = normalize(q + beta * mean), as a third list beside the dense and clause lists (L), against its control, the
unmoved dense list counted twice. Nothing is fitted; the folds of pairs only say whether a gain holds on each part.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round39_feedback_study.py <English sets>
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from dense_lists import clause_scorer, reciprocal_ranks, vote

from eval.dataset import read_dataset
from eval.query_map import collect, english_bundle, pair_of, passage_vectors
from eval.runner import PipelineBackend
from service.config import get_settings
from service.engine import load_engine

FOLDS = 6
GRID = ((3, 0.5), (3, 1.0), (5, 0.5), (5, 1.0))


def main() -> None:
    pipeline = load_engine(get_settings()).pipeline
    chunks = PipelineBackend(pipeline).chunks()
    datasets = {p.stem: read_dataset(p) for p in map(Path, sys.argv[1:])}
    samples = collect(pipeline, datasets, chunks)
    passages = passage_vectors(pipeline)
    clause_scores = clause_scorer(english_bundle(pipeline), len(passages))
    q = np.stack([s.vector for s in samples])
    gold = [s.gold_rows for s in samples]
    dense = q @ passages.T
    fused = vote(dense) + vote(clause_scores(q))
    top = np.argsort(-dense, axis=1, kind="stable")
    results = {"dense alone": reciprocal_ranks(dense, gold),
               "dense+clause fused": reciprocal_ranks(fused, gold),
               "control: fused + the dense list again": reciprocal_ranks(fused + vote(dense), gold)}
    for k, beta in GRID:
        moved = q + beta * passages[top[:, :k]].mean(axis=1)
        moved /= np.linalg.norm(moved, axis=1, keepdims=True)
        feedback = moved @ passages.T
        results[f"K {k}, beta {beta}: feedback dense alone"] = reciprocal_ranks(feedback, gold)
        results[f"K {k}, beta {beta}: (L) fused + feedback list"] = reciprocal_ranks(
            fused + vote(feedback), gold)
    pairs = sorted({pair_of(s.dataset) for s in samples})
    fold_of_pair = {p: i % FOLDS for i, p in enumerate(pairs)}
    folds = np.array([fold_of_pair[pair_of(s.dataset)] for s in samples])
    control = results["control: fused + the dense list again"]
    for name, rr in results.items():
        beats = sum(rr[folds == f].mean() > control[folds == f].mean() for f in range(FOLDS))
        print(f"{name}: MRR@10 {rr.mean():.4f} ({len(rr)} questions; above the control on {beats} of {FOLDS} folds)")


if __name__ == "__main__":
    main()
