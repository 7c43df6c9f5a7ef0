"""Questions written in traditional characters are searched in simplified ones, the script of the UN's Chinese
documents, so that keyword matching and the citation parser see the corpus' own characters."""

from __future__ import annotations

from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(question: str) -> str:
    """OpenCC's traditional -> simplified conversion, by phrase; simplified text comes back unchanged."""
    return _converter().convert(question)
