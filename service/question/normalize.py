"""A question's characters and names as the corpus writes them: simplified Chinese, ASCII digits and letters, and
the Chinese names for the English abbreviations delegates use (PoA, ITI, ATT), so that keyword matching, the dense
model, the citation parser and the evidence checks see the documents' own words."""

from __future__ import annotations

from functools import lru_cache

import opencc

from service.question.lexicon import ABBREVIATIONS
from service.question.patterns import ABBREVIATION, TO_HALF_WIDTH

_BY_FOLDED = {abbreviation.lower(): name for abbreviation, name in ABBREVIATIONS.items()}


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize_question(question: str) -> str:
    """Traditional characters to simplified (OpenCC, by phrase), full-width digits and letters to ASCII,
    English abbreviations and names to the corpus' Chinese; a question already written like the corpus comes
    back unchanged."""
    simplified = _to_simplified().convert(question.translate(TO_HALF_WIDTH))
    return ABBREVIATION.sub(lambda m: _BY_FOLDED[m.group().lower()], simplified)
