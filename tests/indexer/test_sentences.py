"""Sentences and sentence windows of the real corpus' chunks."""

from __future__ import annotations

from indexer.chunk import chunk_document
from indexer.sentences import sentence_windows, split_sentences
from indexer.types import Document


def test_sentences_are_verbatim_pieces_of_their_chunk(documents: dict[str, Document]) -> None:
    for chunk in chunk_document(documents["000"]):
        for sentence in split_sentences(chunk):
            assert sentence in chunk.text


def test_a_window_joins_a_sentence_to_its_neighbours_in_the_same_chunk_only(documents: dict[str, Document]) -> None:
    chunks = chunk_document(documents["000"])
    sentences = [(row, text) for row, chunk in enumerate(chunks) for text in split_sentences(chunk)]
    windows = sentence_windows(sentences)
    assert len(windows) == len(sentences)
    # the list of vice-chairs alone does not say what it lists; its window carries the sentence before it
    j = next(j for j, (_, text) in enumerate(sentences) if text.startswith("菲律宾、保加利亚和圣卢西亚"))
    assert sentences[j - 1][0] == sentences[j][0]
    assert windows[j] == sentences[j - 1][1] + sentences[j][1]
    assert "选出下列主席团成员" in windows[j]
    middle = next(j for j in range(1, len(sentences) - 1)
                  if sentences[j - 1][0] == sentences[j][0] == sentences[j + 1][0])
    assert windows[middle] == "".join(text for _, text in sentences[middle - 1: middle + 2])
    # a chunk's first sentence has nothing before it, whatever the previous chunk ends with
    first = next(j for j in range(1, len(sentences)) if sentences[j][0] != sentences[j - 1][0])
    assert windows[first].startswith(sentences[first][1])
