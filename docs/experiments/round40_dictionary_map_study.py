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

import numpy as np
from dense_lists import english_study, reciprocal_ranks, vote

from eval.query_map import Sample, english_route, fit

MAX_HOLDERS = 10


def main() -> None:
    study = english_study(sys.argv[1:])
    pipeline, gold = study.pipeline, study.gold
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
    matrix = fit(pseudo, study.passages, adjustment=0.0)
    moved = study.vectors @ matrix.T
    moved /= np.linalg.norm(moved, axis=1, keepdims=True)
    mapped = moved @ study.passages.T
    control = study.control()
    results = {"dense alone": reciprocal_ranks(study.dense, gold),
               "dictionary map alone": reciprocal_ranks(mapped, gold),
               "(L) control: fused + the dense list again": control,
               "(L) fused + the dictionary-mapped list": reciprocal_ranks(study.fused + vote(mapped), gold)}
    for name, ranks in results.items():
        study.report(name, ranks, control)

if __name__ == "__main__":
    main()
