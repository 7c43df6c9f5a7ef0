"""Round 40's study of the passages glossed into English (eval/RESULTS.md, fortieth round, pass 3): dictionary-based
document translation, the other half of cross-language keyword search. Each passage, cut by jieba's search mode,
gets the English words of every CC-CEDICT gloss of each of its words of two characters or more (and the field's
terms, read from Chinese to English); English questions are matched to those words by BM25, both sides stemmed
(Snowball) and without English stopwords. The list is scored alone, and beside the lists an English question has
today: (L) dense + clause, (L+) dense + clause + bm25 (the question glossed into Chinese), each against its control
with the dense list counted twice. Nothing is fitted; the folds of pairs only say whether a gain holds on each part.

    pip install PyStemmer
    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round40_glossed_passages_study.py <English sets>
"""

from __future__ import annotations

import sys
from collections import defaultdict

import bm25s
import jieba
import numpy as np
import Stemmer
from dense_lists import english_study, reciprocal_ranks, vote

from service.question.lexicon import ENGLISH_STOPWORDS, ENGLISH_TERMS
from service.question.patterns import ENGLISH_WORD
from service.question.translate import CEDICT_LINE, cedict_lines, english_of

STEMMER = Stemmer.Stemmer("english")

def english_tokens(text: str) -> list[str]:
    """The stemmed English content words of ``text``."""
    return STEMMER.stemWords([w for w in ENGLISH_WORD.findall(text.lower()) if w not in ENGLISH_STOPWORDS])


def chinese_to_english() -> dict[str, list[str]]:
    """Every Chinese word of two characters or more -> the stemmed English words of its glosses (CC-CEDICT's, then
    the field's terms read backwards)."""
    words: dict[str, set[str]] = defaultdict(set)
    for line in cedict_lines():
        match = CEDICT_LINE.match(line)
        if match and len(match.group(1)) >= 2:
            for gloss in match.group(2).split("/"):
                if not gloss.startswith("surname "):
                    words[match.group(1)].update(english_tokens(english_of(gloss)))
    for english, chinese in ENGLISH_TERMS.items():
        words[chinese].update(english_tokens(english))
    return {chinese: sorted(english) for chinese, english in words.items()}


def main() -> None:
    study = english_study(sys.argv[1:])
    pipeline, dense, fused, gold = study.pipeline, study.dense, study.fused, study.gold
    glosses = chinese_to_english()
    glossed = [[english for word in jieba.cut_for_search(chunk.text) for english in glosses.get(word, ())]
               for chunk in pipeline.bundle.chunks]
    index = bm25s.BM25()
    index.index([tokens or [""] for tokens in glossed], show_progress=False)
    vocabulary = index.vocab_dict
    glossed_scores = np.zeros_like(dense)
    keyword_scores = np.zeros_like(dense)
    for i, sample in enumerate(study.samples):
        question = pipeline.reader.analyze(study.text_of(sample))
        tokens = [t for t in english_tokens(question.normalized) if t in vocabulary]
        if tokens:
            glossed_scores[i] = index.get_scores(tokens)
        keyword_scores[i] = pipeline.bundle.keywords.score_all(question.content)
    fused_keywords = fused + vote(keyword_scores)
    dense_alone = reciprocal_ranks(dense, gold)
    control = study.control()
    control_keywords = reciprocal_ranks(fused_keywords + vote(dense), gold)
    results = {  # name: (reciprocal ranks, those of the list it is compared with)
        "dense alone": (dense_alone, dense_alone),
        "bm25 of the question glossed into Chinese, alone": (reciprocal_ranks(keyword_scores, gold), dense_alone),
        "bm25 of the passages glossed into English, alone": (reciprocal_ranks(glossed_scores, gold), dense_alone),
        "(L) control: dense + clause + dense": (control, control),
        "(L) dense + clause + glossed passages": (reciprocal_ranks(fused + vote(glossed_scores), gold), control),
        "(L+) control: dense + clause + bm25 + dense": (control_keywords, control_keywords),
        "(L+) dense + clause + bm25 + glossed passages": (
            reciprocal_ranks(fused_keywords + vote(glossed_scores), gold), control_keywords)}
    for name, (ranks, against) in results.items():
        study.report(name, ranks, against)

if __name__ == "__main__":
    main()
