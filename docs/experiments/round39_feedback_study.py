"""Round 39's study of pseudo-relevance feedback on the dense list for English questions (eval/RESULTS.md,
thirty-ninth round): each English question vector moved toward the mean of its top K dense passages' vectors,
q' = normalize(q + beta * mean), as a third list beside the dense and clause lists (L), against its control, the
unmoved dense list counted twice. Nothing is fitted; the folds of pairs only say whether a gain holds on each part.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round39_feedback_study.py <English sets>
"""

from __future__ import annotations

import sys

import numpy as np
from dense_lists import english_study, reciprocal_ranks, vote

GRID = ((3, 0.5), (3, 1.0), (5, 0.5), (5, 1.0))


def main() -> None:
    study = english_study(sys.argv[1:])
    dense, fused, gold, passages = study.dense, study.fused, study.gold, study.passages
    top = np.argsort(-dense, axis=1, kind="stable")
    control = study.control()
    results = {"dense alone": reciprocal_ranks(dense, gold),
               "dense+clause fused": reciprocal_ranks(fused, gold),
               "control: fused + the dense list again": control}
    for k, beta in GRID:
        moved = study.vectors + beta * passages[top[:, :k]].mean(axis=1)
        moved /= np.linalg.norm(moved, axis=1, keepdims=True)
        feedback = moved @ passages.T
        results[f"K {k}, beta {beta}: feedback dense alone"] = reciprocal_ranks(feedback, gold)
        results[f"K {k}, beta {beta}: (L) fused + feedback list"] = reciprocal_ranks(fused + vote(feedback), gold)
    for name, ranks in results.items():
        study.report(name, ranks, control)

if __name__ == "__main__":
    main()
