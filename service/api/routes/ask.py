"""POST /v1/ask: the ranked, cited passages that answer a question."""

from __future__ import annotations

import time

from fastapi import APIRouter

from service.deps import EngineDep
from service.errors import UnknownDocumentError
from service.schemas import AnswerOut, AskRequest, AskResponse, PassageOut

router = APIRouter(prefix="/v1", tags=["ask"])


# a sync endpoint: FastAPI runs it in its thread pool, so model inference never blocks the event loop
@router.post("/ask", response_model=AskResponse)
def ask(request: AskRequest, engine: EngineDep) -> AskResponse:
    started = time.perf_counter()
    known = engine.bundle.documents
    for doc_id in request.documents or []:
        if doc_id not in known:
            raise UnknownDocumentError(doc_id, sorted(known))
    hits = engine.retrievers[request.mode].search(request.question, request.top_k, doc_ids=request.documents)
    verdict = engine.answers.judge(request.question, hits)
    answer = verdict.answer
    return AskResponse(
        question=request.question, mode=request.mode, answerable=verdict.answerable, confidence=verdict.confidence,
        answer=AnswerOut(text=answer.text, passage_rank=answer.passage_rank, start=answer.start, end=answer.end)
        if answer else None,
        passages=[PassageOut.of(h) for h in hits], took_ms=round((time.perf_counter() - started) * 1000, 1))
