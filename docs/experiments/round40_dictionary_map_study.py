"""Round 40's study of a map of English question vectors fitted on the dictionary instead of labelled questions
(eval/RESULTS.md, fortieth round, pass 4). Each English phrase the service glosses into a corpus word (the field's
terms, CC-CEDICT's glosses kept by EnglishToChinese) is a pseudo-question whose answers are the passages holding that
Chinese word, when at most MAX_HOLDERS passages hold it (a word everywhere says nothing of where to look). The map is
fitted on those pairs as round 37 fits it on labelled questions (eval/query_map.fit, no prior), then scored on the
labelled English questions: alone, and as a third list beside the dense and clause lists (L) against the control,
the dense list counted twice. No labelled question is fitted on; the folds of pairs only say whether a gain holds.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round40_dictionary_map_study.py <English sets>
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from dense_lists import clause_scorer, reciprocal_ranks, vote

from eval.dataset import read_dataset
from eval.query_map import Sample, collect, english_bundle, english_route, fit, pair_of, passage_vectors
from eval.runner import PipelineBackend
from service.config import get_settings
from service.engine import load_engine

FOLDS = 6
MAX_HOLDERS = 10


def main() -> None:
    pipeline = load_engine(get_settings()).pipeline
    chunks = PipelineBackend(pipeline).chunks()
    datasets = {p.stem: read_dataset(p) for p in map(Path, sys.argv[1:])}
    samples = collect(pipeline, datasets, chunks)
    passages = passage_vectors(pipeline)
    clause_scores = clause_scorer(english_bundle(pipeline), len(passages))
    route = english_route(pipeline)
    english = pipeline.reader.english
    texts = [chunk.text for chunk in pipeline.bundle.chunks]
    pairs: dict[str, tuple[str, ...]] = {**english.glosses, **{e: (c,) for e, c in english.terms.items()}}
    pseudo = []
    for phrase, words in sorted(pairs.items()):
        holders = tuple(row for row, text in enumerate(texts) if any(word in text for word in words))
        if 0 < len(holders) <= MAX_HOLDERS:
            pseudo.append(Sample("dictionary", phrase, route.queries.vector(phrase), holders))
    print(f"{len(pseudo)} dictionary pairs of {len(pairs)} phrases")
    matrix = fit(pseudo, passages, adjustment=0.0)
    q = np.stack([s.vector for s in samples])
    moved = q @ matrix.T
    moved /= np.linalg.norm(moved, axis=1, keepdims=True)
    gold = [s.gold_rows for s in samples]
    dense = q @ passages.T
    mapped = moved @ passages.T
    fused = vote(dense) + vote(clause_scores(q))
    control = reciprocal_ranks(fused + vote(dense), gold)
    results = {"dense alone": reciprocal_ranks(dense, gold),
               "dictionary map alone": reciprocal_ranks(mapped, gold),
               "(L) control: fused + the dense list again": control,
               "(L) fused + the dictionary-mapped list": reciprocal_ranks(fused + vote(mapped), gold)}
    pair_names = sorted({pair_of(s.dataset) for s in samples})
    fold_of_pair = {p: i % FOLDS for i, p in enumerate(pair_names)}
    folds = np.array([fold_of_pair[pair_of(s.dataset)] for s in samples])
    for name, rr in results.items():
        beats = sum(rr[folds == f].mean() > control[folds == f].mean() for f in range(FOLDS))
        print(f"{name}: MRR@10 {rr.mean():.4f} ({len(rr)} questions; above the control on {beats} of {FOLDS} folds)")


if __name__ == "__main__":
    main()
