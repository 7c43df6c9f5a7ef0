"""Sentences of a chunk: the units of sentence-level retrieval and of extractive answers."""

from __future__ import annotations

import re

from indexer.types import Chunk

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
MIN_SENTENCE_CHARS = 6
WHOLE_CHUNK_KINDS = ("front", "closing")  # a cover block or a signature is one unit, not sentences


def split_sentences(chunk: Chunk) -> list[str]:
    """The chunk's sentences (clauses ending in 。；！？ or a line break), verbatim, too-short ones left out."""
    if chunk.kind in WHOLE_CHUNK_KINDS:
        return [chunk.text]
    sentences = [m.group().strip() for m in SENTENCE.finditer(chunk.text)]
    return [s for s in sentences if len(s) >= MIN_SENTENCE_CHARS] or [chunk.text]
