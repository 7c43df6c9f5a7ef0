"""Document, Chunk, Citation and Hit: the shared types, defined once."""

from __future__ import annotations

from dataclasses import dataclass, field

SECTION_SEPARATOR = " > "


@dataclass(frozen=True, slots=True)
class Document:
    """One corpus file with its metadata; ``text`` is the original file text, untouched."""

    doc_id: str
    file: str
    symbol: str | None
    title: str
    date: str | None
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Chunk:
    """A retrievable unit: a numbered or unnumbered paragraph (or a piece of a long one), a footnote,
    the cover block or the closing lines of a document.

    ``start``/``end`` are offsets into the ORIGINAL file text; ``spans`` are the runs of the original
    that hold the text (a paragraph interrupted by page furniture or footnotes has several).
    """

    chunk_id: str
    doc_id: str
    anchor: str
    kind: str  # "paragraph" | "footnote" | "front" | "closing"
    part: str
    section: tuple[str, ...]
    paragraph: str
    numbered: bool
    text: str
    embed_text: str
    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    parent: str | None = None
    piece: int = 0
    pieces: int = 1

    @property
    def label(self) -> str:
        """How a reader cites this chunk, in the documents' own terms, e.g. 执行部分第6段."""
        if self.kind == "front":
            return "文件信息（封面）"
        if self.kind == "closing":
            return "文末（日期、会议或签署）"
        if self.kind == "footnote":
            return f"脚注{self.paragraph}"
        piece = f"（第{self.piece + 1}/{self.pieces}部分）" if self.pieces > 1 else ""
        if self.numbered:
            prefix = self.part if self.part in ("执行部分",) else ""
            return f"{prefix}第{self.paragraph}段{piece}"
        return f"{self.part}第{self.paragraph}段（未编号，按位置计）{piece}"


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a passage comes from, precise enough to quote and to verify against the original file."""

    doc_id: str
    file: str
    symbol: str | None
    title: str
    date: str | None
    part: str
    section: str
    section_path: tuple[str, ...]
    paragraph: str
    label: str
    anchor: str
    start: int
    end: int
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, chunk: Chunk, document: Document) -> Citation:
        return cls(
            doc_id=document.doc_id,
            file=document.file,
            symbol=document.symbol,
            title=document.title,
            date=document.date,
            part=chunk.part,
            section=SECTION_SEPARATOR.join(chunk.section),
            section_path=chunk.section,
            paragraph=chunk.paragraph,
            label=chunk.label,
            anchor=chunk.anchor,
            start=chunk.start,
            end=chunk.end,
            spans=chunk.spans,
        )


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked search result: the chunk, its citation, its score, each ranking list's own score (``sources``, for
    reports), the bonus it got for belonging to a document (or section) the question names, whether it is the
    paragraph the question cites explicitly (``pinned``: ranked where the citation puts it, whatever its score), and
    whether it is the footnote holding the symbol a question asks (``cited_footnote``: the one its citing clause
    names what the question asks of)."""

    chunk: Chunk
    citation: Citation
    score: float
    rank: int
    sources: dict[str, float] = field(default_factory=dict)
    document_bonus: float = 0.0  # the votes for the document and the section the question names
    pinned: bool = False
    cited_footnote: bool = False
