"""Where a chunk sits in its document: the paragraphs just before and after it."""

from __future__ import annotations

from indexer.index import IndexBundle
from indexer.types import Chunk


class Neighbours:
    """Document order of the text chunks (footnotes aside), for showing a paragraph in place."""

    def __init__(self, bundle: IndexBundle) -> None:
        self._order: dict[str, list[Chunk]] = {}
        for chunk in bundle.chunks:
            if chunk.kind != "footnote":
                self._order.setdefault(chunk.doc_id, []).append(chunk)
        self._position = {c.chunk_id: i for chunks in self._order.values() for i, c in enumerate(chunks)}

    def around(self, chunk: Chunk) -> tuple[Chunk | None, Chunk | None]:
        """The text chunks before and after ``chunk``'s paragraph (skipping the other pieces of a split one)."""
        chunks = self._order.get(chunk.doc_id, [])
        position = self._position.get(chunk.chunk_id)
        if position is None:
            return None, None
        first = position - chunk.piece
        last = first + chunk.pieces - 1
        return (chunks[first - 1] if first > 0 else None,
                chunks[last + 1] if last + 1 < len(chunks) else None)
