"""Round 36's study of the map of English question vectors on the dense list alone (eval/RESULTS.md, thirty-sixth
round): 6 folds of pairs of sets, the same with training questions near a held-out one removed, and the paragraphs
split; the map replacing the dense vector, and as a third list fused with dense and clause.

    .venv/bin/python docs/experiments/round36_map_study.py eval/data/*_en.jsonl   (the labelled ones: not blind115-120)

Round 37: `--adjustment=A` (repeatable) fits the maps with the passages' logits adjusted by A times their log prior
(eval/query_map.py, ADJUSTMENT); each value is studied in turn.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from dense_lists import clause_scorer, reciprocal_ranks, vote

from eval.dataset import read_dataset
from eval.query_map import ADJUSTMENT, collect, english_bundle, fit, pair_of, passage_vectors
from eval.runner import PipelineBackend
from service.config import get_settings
from service.engine import load_engine

FOLDS, NEAR = 6, 0.85


def one_fold(folds: set[int]) -> int:
    """The fold of a question whose gold paragraphs all lie in one fold; -1 (left out): they lie in several."""
    return folds.pop() if len(folds) == 1 else -1


def main() -> None:
    pipeline = load_engine(get_settings()).pipeline
    chunks = PipelineBackend(pipeline).chunks()
    adjustments = [float(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--adjustment=")] or [ADJUSTMENT]
    files = [a for a in sys.argv[1:] if not a.startswith("--")]
    samples = collect(pipeline, {Path(p).stem: read_dataset(Path(p)) for p in files}, chunks)
    passages = passage_vectors(pipeline)
    clause_scores = clause_scorer(english_bundle(pipeline), len(passages))
    vectors = np.stack([s.vector for s in samples])

    pairs = sorted({pair_of(s.dataset) for s in samples})
    by_pair = {p: i % FOLDS for i, p in enumerate(pairs)}
    paragraph_fold = np.random.default_rng(0).integers(0, FOLDS, len(passages))
    folds = {"folds of pairs": [by_pair[pair_of(s.dataset)] for s in samples],
             f"folds of pairs, training questions of cosine >= {NEAR} to a held-out one removed":
                 [by_pair[pair_of(s.dataset)] for s in samples],
             "paragraphs split": [one_fold({int(paragraph_fold[r]) for r in s.gold_rows}) for s in samples]}
    for adjustment, (name, fold_of) in ((a, f) for a in adjustments for f in folds.items()):
        base_alone, mapped_alone, base_fused, mapped_fused = [], [], [], []
        for fold in range(FOLDS):
            test = [i for i, f in enumerate(fold_of) if f == fold]
            train = [i for i, f in enumerate(fold_of) if f not in (fold, -1)]
            if name.startswith("paragraphs"):
                seen = {r for i in test for r in samples[i].gold_rows}
                train = [i for i in train if not seen & set(samples[i].gold_rows)]
            if "removed" in name:
                near = (vectors[train] @ vectors[test].T).max(axis=1) >= NEAR
                train = [i for i, n in zip(train, near, strict=True) if not n]
            matrix = fit([samples[i] for i in train], passages, adjustment)
            gold = [samples[i].gold_rows for i in test]
            q = vectors[test]
            moved = q @ matrix.T
            moved /= np.linalg.norm(moved, axis=1, keepdims=True)
            dense, mapped, clause = q @ passages.T, moved @ passages.T, clause_scores(q)
            base_alone.append(reciprocal_ranks(dense, gold))
            mapped_alone.append(reciprocal_ranks(mapped, gold))
            fused = vote(dense) + vote(clause)
            base_fused.append(reciprocal_ranks(fused, gold))
            mapped_fused.append(reciprocal_ranks(fused + vote(mapped), gold))
        n = sum(len(x) for x in base_alone)
        print(f"adjustment {adjustment}, {name} ({n} questions): dense list MRR@10 "
              f"{np.concatenate(base_alone).mean():.3f} -> replaced "
              f"{np.concatenate(mapped_alone).mean():.3f}; dense+clause fused {np.concatenate(base_fused).mean():.3f}"
              f" -> with the mapped list {np.concatenate(mapped_fused).mean():.3f}", flush=True)
    twins = vectors @ vectors.T
    pair_ids = np.array([pair_of(s.dataset) for s in samples])
    twins[pair_ids[:, None] == pair_ids[None, :]] = -1
    nearest = twins.argmax(axis=1)
    shares = np.mean([bool(set(s.gold_rows) & set(samples[j].gold_rows))
                      for s, j in zip(samples, nearest, strict=True)])
    closest = twins.max(axis=1)
    print(f"a question's nearest question in another pair: median cosine {np.median(closest):.3f}, shares a gold "
          f"paragraph {shares:.1%}, cosine >= 0.9999 (word for word) {np.mean(closest >= 0.9999):.1%}")


if __name__ == "__main__":
    main()
