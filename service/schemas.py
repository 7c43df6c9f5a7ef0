"""Pydantic request and response models of the HTTP API, and the one place Hits become JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from indexer.types import Chunk, Citation, Document, Hit

MAX_QUESTION_CHARS = 1000
MAX_TOP_K = 50

Mode = Literal["hybrid", "dense", "keyword"]


class AskRequest(BaseModel):
    question: str = Field(..., description="the question, in Chinese (or any language)",
                          examples=["2018年第三次审议大会在哪里举行？"])
    top_k: int = Field(5, description=f"how many passages to return, 1..{MAX_TOP_K}")
    documents: list[str] | None = Field(None, description="restrict the search to these doc_ids")
    mode: Mode = Field("hybrid", description="retrieval strategy: hybrid (default), dense or keyword")

    @field_validator("question")
    @classmethod
    def _question_has_words(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("question is empty; ask a question in words")
        if len(value) > MAX_QUESTION_CHARS:
            raise ValueError(f"question has {len(value)} characters, above the maximum {MAX_QUESTION_CHARS}; "
                             "shorten it")
        return value

    @field_validator("top_k")
    @classmethod
    def _top_k_in_range(cls, value: int) -> int:
        if not 1 <= value <= MAX_TOP_K:
            raise ValueError(f"top_k={value} is outside 1..{MAX_TOP_K}; use a value from 1 to {MAX_TOP_K}")
        return value


class CitationOut(BaseModel):
    doc_id: str
    file: str
    symbol: str | None
    title: str
    date: str | None
    part: str
    section: str
    section_path: list[str]
    paragraph: str
    label: str
    anchor: str
    start: int
    end: int
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, citation: Citation) -> CitationOut:
        return cls(doc_id=citation.doc_id, file=citation.file, symbol=citation.symbol, title=citation.title,
                   date=citation.date, part=citation.part, section=citation.section,
                   section_path=list(citation.section_path), paragraph=citation.paragraph, label=citation.label,
                   anchor=citation.anchor, start=citation.start, end=citation.end, spans=list(citation.spans))


class PassageOut(BaseModel):
    chunk_id: str
    rank: int
    score: float
    text: str
    kind: str
    citation: CitationOut
    sources: dict[str, float]

    @classmethod
    def of(cls, hit: Hit) -> PassageOut:
        return cls(chunk_id=hit.chunk.chunk_id, rank=hit.rank, score=round(hit.score, 6), text=hit.chunk.text, kind=hit.chunk.kind,
                   citation=CitationOut.of(hit.citation), sources={k: round(v, 6) for k, v in hit.sources.items()})


class AnswerOut(BaseModel):
    text: str = Field(description="the sentence of a passage that best answers the question, verbatim")
    passage_rank: int
    start: int = Field(description="offset of the sentence in the original file")
    end: int


class AskResponse(BaseModel):
    question: str
    mode: Mode
    answerable: bool = Field(description="false when the documents do not hold what the question asks for; "
                                         "the passages are then related, not answers")
    confidence: float = Field(ge=0.0, le=1.0)
    answer: AnswerOut | None
    passages: list[PassageOut]
    took_ms: float


class DocumentOut(BaseModel):
    doc_id: str
    file: str
    symbol: str | None
    title: str
    date: str | None
    kind: str
    chunks: int

    @classmethod
    def of(cls, document: Document, chunks: int) -> DocumentOut:
        return cls(doc_id=document.doc_id, file=document.file, symbol=document.symbol, title=document.title,
                   date=document.date, kind=document.kind, chunks=chunks)


class ChunkOut(BaseModel):
    chunk_id: str
    anchor: str
    kind: str
    label: str
    text: str
    citation: CitationOut
    parent: str | None

    @classmethod
    def of(cls, chunk: Chunk, document: Document) -> ChunkOut:
        return cls(chunk_id=chunk.chunk_id, anchor=chunk.anchor, kind=chunk.kind, label=chunk.label,
                   text=chunk.text, citation=CitationOut.of(Citation.of(chunk, document)), parent=chunk.parent)


class DocumentDetailOut(DocumentOut):
    paragraphs: list[ChunkOut]


class ParagraphOut(BaseModel):
    document: DocumentOut
    paragraph: list[ChunkOut] = Field(description="the paragraph (several pieces when it was split)")
    previous: ChunkOut | None
    next: ChunkOut | None
    footnotes: list[ChunkOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    encoder: str
    documents: int
    chunks: int
    built_at: str
