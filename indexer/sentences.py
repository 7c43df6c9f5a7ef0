"""Sentences of a chunk and the clauses of a sentence: the units of sentence-level retrieval and of extractive
answers."""

from __future__ import annotations

import re

from indexer.types import Chunk

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
MIN_SENTENCE_CHARS = 6
CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")
MIN_CLAUSE_CHARS = 4
WHOLE_CHUNK_KINDS = ("front", "closing")  # a cover block or a signature is one unit, not sentences
# a web address with the brackets and "见" around it: "（见，<http://disarmament.un.org/cab/bms3/1thirdBMS.html>）"
WEB_ADDRESS = re.compile(r"[（(]?\s*(?:见，?\s*)?<?(?:https?://|www\.)[^\s）)>。，；]+>?\s*[）)]?")


def split_sentences(chunk: Chunk) -> list[str]:
    """The chunk's sentences (clauses ending in 。；！？ or a line break), verbatim, too-short ones left out."""
    if chunk.kind in WHOLE_CHUNK_KINDS:
        return [chunk.text]
    sentences = [m.group().strip() for m in SENTENCE.finditer(chunk.text)]
    return [s for s in sentences if len(s) >= MIN_SENTENCE_CHARS] or [chunk.text]


def split_clauses(sentence: str) -> list[str]:
    """The sentence's clauses (up to each ，：), verbatim; a piece under MIN_CLAUSE_CHARS ("即：", "例如：") joins
    its neighbour. A question usually asks about one clause of a long sentence, and a whole sentence or
    paragraph dilutes it; "、" is not a boundary because it separates the items of one list."""
    clauses: list[str] = []
    for piece in (m.group() for m in CLAUSE.finditer(sentence)):
        if clauses and (len(piece) < MIN_CLAUSE_CHARS or len(clauses[-1]) < MIN_CLAUSE_CHARS):
            clauses[-1] += piece
        else:
            clauses.append(piece)
    return clauses


def sentence_embed_text(sentence: str) -> str:
    """What a sentence is embedded as: its words without its web addresses, whose letters ("revcon3", "bms3") the
    encoder reads as English and matches English questions on, whatever the sentence says."""
    return WEB_ADDRESS.sub("", sentence).strip() or sentence
