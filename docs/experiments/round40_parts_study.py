"""Round 40's study of an English question asking two things searched by each of its parts (eval/RESULTS.md,
fortieth round): a question split where a second question begins ("…, and what does the 2018 outcome say?",
"…? When …", "…; who …") has its parts encoded apart, and the parts' dense lists make a third list beside the dense
and clause lists (L), against its control, the whole question's dense list counted twice. A question of one part
gets the control's list. Nothing is fitted; the folds of pairs only say whether a gain holds on each part.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round40_parts_study.py <English sets>
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
from dense_lists import clause_scorer, reciprocal_ranks, vote

from eval.dataset import read_dataset
from eval.query_map import collect, english_bundle, english_route, pair_of, passage_vectors
from eval.runner import PipelineBackend
from service.config import get_settings
from service.engine import load_engine

FOLDS = 6
MIN_WORDS = 3  # a part shorter than this is no question of its own ("RevCon2 vs RevCon3")
# where a second question begins: a question mark or a semicolon inside the text, or a comma or "and" before a
# question word or an auxiliary that opens a question
SECOND_QUESTION = re.compile(
    r"\?\s+|;\s*|(?:,\s*(?:and\s+|while\s+|but\s+)?|\s+and\s+)(?=(?:what|how|who|whom|whose|which|when|where|why|"
    r"did|does|do|is|are|was|were|has|have|had|can|could|should|would|will)\b)", re.IGNORECASE)


def parts_of(question: str) -> list[str]:
    """The questions ``question`` asks, each at least MIN_WORDS words; one part when it asks one thing."""
    parts = [p.strip(" ,;?") for p in SECOND_QUESTION.split(question.strip().rstrip("?"))]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(len(p.split()) < MIN_WORDS for p in parts):
        return [question]
    return parts


def main() -> None:
    pipeline = load_engine(get_settings()).pipeline
    chunks = PipelineBackend(pipeline).chunks()
    datasets = {p.stem: read_dataset(p) for p in map(Path, sys.argv[1:])}
    text_of = {(name, item.id): item.question for name, items in datasets.items() for item in items}
    samples = collect(pipeline, datasets, chunks)
    passages = passage_vectors(pipeline)
    clause_scores = clause_scorer(english_bundle(pipeline), len(passages))
    route = english_route(pipeline)
    q = np.stack([s.vector for s in samples])
    gold = [s.gold_rows for s in samples]
    dense = q @ passages.T
    fused = vote(dense) + vote(clause_scores(q))
    parts = [parts_of(text_of[(s.dataset, s.qid)]) for s in samples]
    split = np.array([len(p) > 1 for p in parts])
    most = np.array(dense)  # the best part's cosine per passage
    interleaved = vote(dense)  # the parts' reciprocal-rank votes, summed (one part: the whole question's)
    for i, question_parts in enumerate(parts):
        if len(question_parts) == 1:
            continue
        vectors = np.stack([route.queries.vector(pipeline.reader.analyze(p).dense_text) for p in question_parts])
        scores = vectors @ passages.T
        most[i] = scores.max(axis=0)
        interleaved[i] = vote(scores).sum(axis=0)
    results = {"dense alone": reciprocal_ranks(dense, gold),
               "dense+clause fused": reciprocal_ranks(fused, gold),
               "control: fused + the dense list again": reciprocal_ranks(fused + vote(dense), gold),
               "parts, best cosine: alone": reciprocal_ranks(most, gold),
               "parts, best cosine: (L) fused + the list": reciprocal_ranks(fused + vote(most), gold),
               "parts, votes summed: alone": reciprocal_ranks(interleaved, gold),
               "parts, votes summed: (L) fused + the list": reciprocal_ranks(fused + vote(interleaved), gold)}
    pairs = sorted({pair_of(s.dataset) for s in samples})
    fold_of_pair = {p: i % FOLDS for i, p in enumerate(pairs)}
    folds = np.array([fold_of_pair[pair_of(s.dataset)] for s in samples])
    control = results["control: fused + the dense list again"]
    print(f"{split.sum()} of {len(samples)} answerable English questions ask two things or more")
    for name, rr in results.items():
        beats = sum(rr[folds == f].mean() > control[folds == f].mean() for f in range(FOLDS))
        print(f"{name}: MRR@10 {rr.mean():.4f}, split questions {rr[split].mean():.4f} "
              f"(above the control on {beats} of {FOLDS} folds)")


if __name__ == "__main__":
    main()
