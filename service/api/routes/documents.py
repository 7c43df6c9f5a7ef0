"""GET /v1/documents...: the corpus' documents, a paragraph in place, and the original text."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from indexer.types import Chunk, Document
from service.api.responses import ANY_ROUTE, RATE_LIMITED, WITH_KEY, error_responses
from service.auth import require_api_key
from service.deps import Engine, EngineDep
from service.errors import UnknownDocumentError, UnknownParagraphError
from service.schemas import ChunkOut, DocumentDetailOut, DocumentOut, ErrorOut, ParagraphOut

router = APIRouter(prefix="/v1/documents", tags=["documents"], dependencies=[Depends(require_api_key)],
                   responses=error_responses(*WITH_KEY, *RATE_LIMITED, *ANY_ROUTE))

EXAMPLE_DOCUMENT = {
    "doc_id": "res-65-64", "file": "001_95727af4ea0c9107.txt", "symbol": "A/RES/65/64",
    "title": "大会第65/64号决议：小武器和轻武器非法贸易的各方面问题", "date": "2010-12-08",
    "kind": "resolution", "chunks": 56}
EXAMPLE_PARAGRAPH = {
    "chunk_id": "res-65-64:pre-u3", "anchor": "pre-u3", "kind": "paragraph",
    "label": "序言部分第3段（未编号，按位置计）",
    "text": "又强调必须继续全面执行《使各国能够及时和可靠地识别和追查非法小武器和轻武器的国际文书》"
            "（《国际追查文书》），²",
    "citation": {
        "doc_id": "res-65-64", "file": "001_95727af4ea0c9107.txt", "symbol": "A/RES/65/64",
        "title": "大会第65/64号决议：小武器和轻武器非法贸易的各方面问题", "date": "2010-12-08",
        "part": "序言部分", "section": "", "section_path": [], "paragraph": "3",
        "label": "序言部分第3段（未编号，按位置计）", "anchor": "pre-u3", "start": 325, "end": 385,
        "spans": [[325, 385]]},
    "parent": None}


def _document(engine: Engine, doc_id: str) -> tuple[Document, list[Chunk]]:
    document = engine.bundle.documents.get(doc_id)
    if document is None:
        raise UnknownDocumentError(doc_id, sorted(engine.bundle.documents))
    return document, [c for c in engine.bundle.chunks if c.doc_id == doc_id]


@router.get(
    "", response_model=list[DocumentOut], summary="文件列表（例：GET /v1/documents）",
    responses={200: {"content": {"application/json": {"example": [
        EXAMPLE_DOCUMENT,
        {"doc_id": "revcon3-report-2018", "file": "004_1366cbd6226e3dfd.txt", "symbol": "A/CONF.192/2018/RC/3",
         "title": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会的报告"
                  "（附成果文件）", "date": "2018-07-06", "kind": "report", "chunks": 152}]}}}},
)
def list_documents(engine: EngineDep) -> list[DocumentOut]:
    return [DocumentOut.of(d, sum(1 for c in engine.bundle.chunks if c.doc_id == d.doc_id))
            for d in engine.bundle.documents.values()]


@router.get(
    "/{doc_id}", response_model=DocumentDetailOut, summary="一份文件及其全部段落（例：GET /v1/documents/res-65-64）",
    responses={
        200: {"content": {"application/json": {"example": {**EXAMPLE_DOCUMENT, "paragraphs": [EXAMPLE_PARAGRAPH]}}}},
        404: {"model": ErrorOut, "content": {"application/json": {"example": {
            "detail": "unknown document 'res-65-65'; known doc_ids: bms3-letter-2008, mge-2011-report, res-65-64, "
                      "revcon3-report-2018, sg-report-2012"}}}},
    },
)
def get_document(doc_id: str, engine: EngineDep) -> DocumentDetailOut:
    document, chunks = _document(engine, doc_id)
    summary = DocumentOut.of(document, len(chunks))
    return DocumentDetailOut(**summary.model_dump(), paragraphs=[ChunkOut.of(c, document) for c in chunks])


@router.get(
    "/{doc_id}/source", response_class=PlainTextResponse,
    summary="原始文件文本（例：GET /v1/documents/res-65-64/source）",
    responses={
        200: {"content": {"text/plain": {"example": "## 大会\n\nDistr.: General  \n13 January 2011第六十五届会议  \n"
                                                     "议程项目 97(z)\n\n## 2010 年 12 月 8 日大会决议\n…"}}},
        404: {"model": ErrorOut, "content": {"application/json": {"example": {
            "detail": "unknown document 'res-65-65'; known doc_ids: bms3-letter-2008, mge-2011-report, res-65-64, "
                      "revcon3-report-2018, sg-report-2012"}}}},
    },
)
def get_source(doc_id: str, engine: EngineDep) -> str:
    """The original file text, to which every citation's start/end offsets point."""
    document, _ = _document(engine, doc_id)
    return document.text


@router.get(
    "/{doc_id}/paragraphs/{anchor}", response_model=ParagraphOut,
    summary="一个段落及其前后段落和脚注（例：GET /v1/documents/res-65-64/paragraphs/pre-u3）",
    responses={
        200: {"content": {"application/json": {"example": {
            "document": EXAMPLE_DOCUMENT,
            "paragraph": [EXAMPLE_PARAGRAPH],
            "previous": {"chunk_id": "res-65-64:pre-u2", "anchor": "pre-u2", "kind": "paragraph",
                         "label": "序言部分第2段（未编号，按位置计）", "text": "强调必须继续全面执行…《行动纲领》，¹",
                         "citation": {"…": "…"}, "parent": None},
            "next": {"chunk_id": "res-65-64:pre-u4", "anchor": "pre-u4", "kind": "paragraph",
                     "label": "序言部分第4段（未编号，按位置计）", "text": "回顾各国承诺将《行动纲领》视为…框架，",
                     "citation": {"…": "…"}, "parent": None},
            "footnotes": [{
                "chunk_id": "res-65-64:fn2", "anchor": "fn2", "kind": "footnote", "label": "脚注2",
                "text": "A/60/88 和 Corr. 2，附件；另见第 60/519 号决定。",
                "citation": {"doc_id": "res-65-64", "file": "001_95727af4ea0c9107.txt", "symbol": "A/RES/65/64",
                    "title": "大会第65/64号决议：小武器和轻武器非法贸易的各方面问题", "date": "2010-12-08",
                    "part": "序言部分",
                    "section": "", "section_path": [], "paragraph": "2", "label": "脚注2", "anchor": "fn2",
                    "start": 673, "end": 709, "spans": [[673, 709]]},
                "parent": "res-65-64:pre-u3"}]}}}},
        404: {"model": ErrorOut, "content": {"application/json": {"example": {
            "detail": "document 'res-65-64' has no paragraph 'p99'; its anchors are: body-end, fn1, …"}}}},
    },
)
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
    paragraph = [text_chunks[i] for i in rows] if rows or footnote is None else [footnote]
    ids = {c.chunk_id for c in paragraph}
    previous, following = engine.neighbours.around(paragraph[0])
    return ParagraphOut(
        document=DocumentOut.of(document, len(chunks)),
        paragraph=[ChunkOut.of(c, document) for c in paragraph],
        previous=ChunkOut.of(previous, document) if previous else None,
        next=ChunkOut.of(following, document) if following else None,
        footnotes=[ChunkOut.of(c, document) for c in chunks if c.parent in ids],
    )
