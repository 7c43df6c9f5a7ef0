"""Keyword tokenizers: plain str -> list[str] functions, the same for passages and queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Tokenizer = Callable[[str], list[str]]

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+(?:[./-][a-z0-9]+)*")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _words(text: str) -> list[str]:
    """Latin words, numbers and document symbols ("a/conf.192/2018/rc/3", "65/64", "16.4")."""
    return _WORD.findall(text)


def char_ngrams(text: str) -> list[str]:
    """Chinese character unigrams and bigrams within each run of Han characters, plus Latin words
    and numbers whole: robust to the absence of word boundaries and to unseen terms."""
    text = _normalise(text)
    tokens: list[str] = []
    for run in _HAN_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
    tokens.extend(_words(text))
    return tokens


def jieba_words(text: str) -> list[str]:
    """jieba's search-mode words (long words also split into their parts), plus Latin words and numbers."""
    import jieba

    text = _normalise(text)
    tokens = [t for run in _HAN_RUN.findall(text) for t in jieba.lcut_for_search(run) if t.strip()]
    tokens.extend(_words(text))
    return tokens


TOKENIZERS: dict[str, Tokenizer] = {"char-ngrams": char_ngrams, "jieba": jieba_words}


def get_tokenizer(name: str) -> Tokenizer:
    try:
        return TOKENIZERS[name]
    except KeyError:
        raise ValueError(f"unknown tokenizer {name!r}; known: {', '.join(sorted(TOKENIZERS))}") from None
