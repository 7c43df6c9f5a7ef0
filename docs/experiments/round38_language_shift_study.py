"""Round 38's study of the language shift on the dense list alone (eval/RESULTS.md, thirty-eighth round): each
English question vector moved by alpha times (mean Chinese question vector - mean English question vector), the means
taken over the training folds' questions (no gold used); the moved vector replacing the question's for the dense and
clause lists (R), or giving a third list beside them (L).

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round38_language_shift_study.py <labelled sets>
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from dense_lists import clause_scorer, reciprocal_ranks, vote

from eval.dataset import read_dataset
from eval.query_map import collect, english_bundle, english_route, pair_of, passage_vectors
from eval.runner import PipelineBackend
from service.config import get_settings
from service.engine import load_engine

FOLDS, ALPHAS = 6, (0.5, 1.0)


def main() -> None:
    pipeline = load_engine(get_settings()).pipeline
    chunks = PipelineBackend(pipeline).chunks()
    route = english_route(pipeline)
    files = [Path(a) for a in sys.argv[1:]]
    datasets = {p.stem: read_dataset(p) for p in files}
    samples = collect(pipeline, {k: v for k, v in datasets.items() if k.endswith("_en")}, chunks)
    # every question of every set, answerable or not, as the English route encodes it: only its text is used
    language_vectors: dict[str, list[tuple[str, np.ndarray]]] = {"zh": [], "en": []}
    for name, items in datasets.items():
        for item in items:
            question = pipeline.reader.analyze(item.question)
            language = "en" if question.language == "en" else "zh"
            language_vectors[language].append((pair_of(name), route.queries.vector(question.dense_text)))
    print({k: len(v) for k, v in language_vectors.items()}, flush=True)
    passages = passage_vectors(pipeline)
    clause_scores = clause_scorer(english_bundle(pipeline), len(passages))

    def normalized(v: np.ndarray) -> np.ndarray:
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    pairs = sorted({pair_of(s.dataset) for s in samples})
    fold_of_pair = {p: i % FOLDS for i, p in enumerate(pairs)}
    vectors = np.stack([s.vector for s in samples])
    results: dict[str, list[np.ndarray]] = {}
    for fold in range(FOLDS):
        test = [i for i, s in enumerate(samples) if fold_of_pair[pair_of(s.dataset)] == fold]
        gold = [samples[i].gold_rows for i in test]
        means = {lang: np.mean([v for pair, v in vs if fold_of_pair.get(pair, -1) != fold], axis=0)
                 for lang, vs in language_vectors.items()}
        shift = means["zh"] - means["en"]
        q = vectors[test]
        dense, clause = q @ passages.T, clause_scores(q)
        fused = vote(dense) + vote(clause)
        results.setdefault("dense alone", []).append(reciprocal_ranks(dense, gold))
        results.setdefault("dense+clause fused", []).append(reciprocal_ranks(fused, gold))
        # the control of (L): the unmoved dense list counted twice
        results.setdefault("dense+clause fused + the dense list again", []).append(
            reciprocal_ranks(fused + vote(dense), gold))
        for alpha in ALPHAS:
            moved = normalized(q + alpha * shift)
            moved_dense, moved_clause = moved @ passages.T, clause_scores(moved)
            results.setdefault(f"alpha {alpha}: moved dense alone", []).append(reciprocal_ranks(moved_dense, gold))
            moved_fused = vote(moved_dense) + vote(moved_clause)
            results.setdefault(f"alpha {alpha}: (R) moved dense+clause fused", []).append(
                reciprocal_ranks(moved_fused, gold))
            results.setdefault(f"alpha {alpha}: (L) dense+clause fused + moved dense list", []).append(
                reciprocal_ranks(fused + vote(moved_dense), gold))
        print(f"fold {fold}: |shift| {np.linalg.norm(shift):.3f}", flush=True)
    for name, parts in results.items():
        print(f"{name}: MRR@10 {np.concatenate(parts).mean():.4f} ({sum(len(p) for p in parts)} questions)")


if __name__ == "__main__":
    main()
