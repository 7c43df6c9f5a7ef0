"""A question's characters as the corpus writes them: simplified Chinese, and ASCII digits and letters, so that
keyword matching, the citation parser and the evidence checks see the documents' own characters."""

from __future__ import annotations

import string
from functools import lru_cache

import opencc

# full-width digits, letters and the symbol punctuation of "Ａ／ＲＥＳ／６５／６４" (each 0xFEE0 above its ASCII
# form); Chinese punctuation (，？：) stays, as the corpus writes it
TO_HALF_WIDTH = {ord(c) + 0xFEE0: c for c in string.digits + string.ascii_letters + "/."}


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize_question(question: str) -> str:
    """Traditional characters to simplified (OpenCC, by phrase), full-width digits and letters to ASCII;
    a question already written like the corpus comes back unchanged."""
    return _to_simplified().convert(question.translate(TO_HALF_WIDTH))
