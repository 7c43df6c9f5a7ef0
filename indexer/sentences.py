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


def sentence_windows(sentences: list[tuple[int, str]]) -> list[str]:
    """Each sentence with its neighbours in the same chunk: a sentence alone often lacks its subject
    ("副主席：菲律宾、保加利亚和圣卢西亚。"), a whole long paragraph dilutes it."""
    def neighbour(j: int, row: int) -> str:
        return sentences[j][1] if 0 <= j < len(sentences) and sentences[j][0] == row else ""

    return [neighbour(j - 1, row) + text + neighbour(j + 1, row) for j, (row, text) in enumerate(sentences)]
