"""GET /v1/documents...: the corpus' documents, a paragraph in place, and the original text."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from indexer.types import Chunk, Document
from service.deps import Engine, EngineDep
from service.errors import UnknownDocumentError, UnknownParagraphError
from service.schemas import ChunkOut, DocumentDetailOut, DocumentOut, ParagraphOut

router = APIRouter(prefix="/v1/documents", tags=["documents"])


def _document(engine: Engine, doc_id: str) -> tuple[Document, list[Chunk]]:
    document = engine.bundle.documents.get(doc_id)
    if document is None:
        raise UnknownDocumentError(doc_id, sorted(engine.bundle.documents))
    return document, [c for c in engine.bundle.chunks if c.doc_id == doc_id]


@router.get("", response_model=list[DocumentOut])
def list_documents(engine: EngineDep) -> list[DocumentOut]:
    return [DocumentOut.of(d, sum(1 for c in engine.bundle.chunks if c.doc_id == d.doc_id))
            for d in engine.bundle.documents.values()]


@router.get("/{doc_id}", response_model=DocumentDetailOut)
def get_document(doc_id: str, engine: EngineDep) -> DocumentDetailOut:
    document, chunks = _document(engine, doc_id)
    summary = DocumentOut.of(document, len(chunks))
    return DocumentDetailOut(**summary.model_dump(), paragraphs=[ChunkOut.of(c, document) for c in chunks])


@router.get("/{doc_id}/source", response_class=PlainTextResponse)
def get_source(doc_id: str, engine: EngineDep) -> str:
    """The original file text, to which every citation's start/end offsets point."""
    document, _ = _document(engine, doc_id)
    return document.text


@router.get("/{doc_id}/paragraphs/{anchor}", response_model=ParagraphOut)
def get_paragraph(doc_id: str, anchor: str, engine: EngineDep) -> ParagraphOut:
    """A paragraph by its anchor (e.g. ``p12``, ``annex-s2-p5``, ``pre-u3``) with its neighbours."""
    document, chunks = _document(engine, doc_id)
    text_chunks = [c for c in chunks if c.kind != "footnote"]
    rows = [i for i, c in enumerate(text_chunks) if c.anchor == anchor]
    footnote = next((c for c in chunks if c.kind == "footnote" and c.anchor == anchor), None)
    if not rows and footnote is None:
        anchors = sorted({c.anchor for c in chunks})
        raise UnknownParagraphError(f"document {doc_id!r} has no paragraph {anchor!r}; its anchors are: "
                                    f"{', '.join(anchors)}")
    paragraph = [text_chunks[i] for i in rows] if rows else [footnote]  # type: ignore[list-item]
    ids = {c.chunk_id for c in paragraph}
    previous = text_chunks[rows[0] - 1] if rows and rows[0] > 0 else None
    following = text_chunks[rows[-1] + 1] if rows and rows[-1] + 1 < len(text_chunks) else None
    return ParagraphOut(
        document=DocumentOut.of(document, len(chunks)),
        paragraph=[ChunkOut.of(c, document) for c in paragraph],
        previous=ChunkOut.of(previous, document) if previous else None,
        next=ChunkOut.of(following, document) if following else None,
        footnotes=[ChunkOut.of(c, document) for c in chunks if c.parent in ids],
    )
