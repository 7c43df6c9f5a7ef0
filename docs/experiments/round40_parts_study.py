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

import numpy as np
from dense_lists import english_study, reciprocal_ranks, vote

from eval.query_map import english_route

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
    study = english_study(sys.argv[1:])
    pipeline, dense, fused, gold = study.pipeline, study.dense, study.fused, study.gold
    route = english_route(pipeline)
    parts = [parts_of(study.text_of(s)) for s in study.samples]
    split = np.array([len(p) > 1 for p in parts])
    most = np.array(dense)  # the best part's cosine per passage
    interleaved = vote(dense)  # the parts' reciprocal-rank votes, summed (one part: the whole question's)
    for i, question_parts in enumerate(parts):
        if len(question_parts) == 1:
            continue
        vectors = np.stack([route.queries.vector(pipeline.reader.analyze(p).dense_text) for p in question_parts])
        scores = vectors @ study.passages.T
        most[i] = scores.max(axis=0)
        interleaved[i] = vote(scores).sum(axis=0)
    control = study.control()
    results = {"dense alone": reciprocal_ranks(dense, gold),
               "dense+clause fused": reciprocal_ranks(fused, gold),
               "control: fused + the dense list again": control,
               "parts, best cosine: alone": reciprocal_ranks(most, gold),
               "parts, best cosine: (L) fused + the list": reciprocal_ranks(fused + vote(most), gold),
               "parts, votes summed: alone": reciprocal_ranks(interleaved, gold),
               "parts, votes summed: (L) fused + the list": reciprocal_ranks(fused + vote(interleaved), gold)}
    print(f"{split.sum()} of {len(study.samples)} answerable English questions ask two things or more")
    for name, ranks in results.items():
        study.report(name, ranks, control)
        print(f"  split questions {ranks[split].mean():.4f}")

if __name__ == "__main__":
    main()
