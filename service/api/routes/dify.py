"""POST /retrieval: Dify's External Knowledge API over the same index, with Dify's error format and codes."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from indexer.types import Hit
from service.deps import Engine, EngineDep, SettingsDep
from service.retrieval.normalize import normalize_question
from service.schemas import (
    DIFY_ALL_DOCUMENTS,
    DIFY_DEFAULT_TOP_K,
    DifyErrorOut,
    DifyRecord,
    DifyRetrievalRequest,
    DifyRetrievalResponse,
)

# hits searched to find how many rankings the hybrid retriever fuses: each ranking shows in their sources
SCORING_POOL = 10


class DifyError(Exception):
    """An error answered in Dify's format: ``{"error_code": ..., "error_msg": ...}``."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class DifyRoute(APIRoute):
    """Answers a DifyError raised by the handler or its dependencies in Dify's error format."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except DifyError as e:
                body = DifyErrorOut(error_code=e.code, error_msg=e.message)
                return JSONResponse(status_code=e.status, content=body.model_dump())

        return route_handler


router = APIRouter(tags=["dify"], route_class=DifyRoute)
bearer = HTTPBearer(auto_error=False, description="the key set in POAQA_DIFY_API_KEY (not checked when unset)")


def check_api_key(settings: SettingsDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Accept the request when no key is configured, or when it carries ``Authorization: Bearer <key>``."""
    expected = settings.dify_api_key
    if expected is None:
        return
    if credentials is None:
        raise DifyError(403, 1001, "Invalid Authorization header format. Expected 'Bearer <api-key>' format.")
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise DifyError(403, 1002, "Authorization failed: the API key is not the one set in POAQA_DIFY_API_KEY.")


def knowledge_documents(engine: Engine, knowledge_id: str) -> list[str] | None:
    """The doc_ids a knowledge_id searches: None (all) for "poa", else the one document it names."""
    if knowledge_id == DIFY_ALL_DOCUMENTS:
        return None
    if knowledge_id in engine.bundle.documents:
        return [knowledge_id]
    known = ", ".join([DIFY_ALL_DOCUMENTS, *sorted(engine.bundle.documents)])
    raise DifyError(404, 2001, f"The knowledge does not exist: {knowledge_id!r}; use one of: {known}.")


def relative_scores(hits: list[Hit], rrf_k: int) -> list[float]:
    """Each hit's score on 0..1 whatever the query: a reranker's own (a cross-encoder's sigmoid), else the fused
    RRF score over the highest one possible, n / (rrf_k + 1) for n fused rankings (a passage ranked first by all
    of them). Not min-max per query: the same agreement of the retrievers gets the same score, and a weak best
    hit is not stretched to 1."""
    rankings = len({name for hit in hits for name in hit.sources if name != "rerank"}) or 1
    ceiling = rankings / (rrf_k + 1)
    # rounded as the response shows them, so score_threshold compares what Dify sees
    return [round(min(1.0, max(0.0, hit.sources["rerank"]) if "rerank" in hit.sources else hit.score / ceiling), 6)
            for hit in hits]


ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": DifyErrorOut, "description": "1001: the Authorization header is not `Bearer <key>`; "
                                                "1002: the key is wrong (only when POAQA_DIFY_API_KEY is set)",
          "content": {"application/json": {"examples": {
              "1001": {"summary": "缺少或格式错误的 Authorization", "value": {
                  "error_code": 1001,
                  "error_msg": "Invalid Authorization header format. Expected 'Bearer <api-key>' format."}},
              "1002": {"summary": "API 密钥错误", "value": {
                  "error_code": 1002,
                  "error_msg": "Authorization failed: the API key is not the one set in POAQA_DIFY_API_KEY."}}}}}},
    404: {"model": DifyErrorOut, "description": "2001: knowledge_id is neither \"poa\" nor a doc_id",
          "content": {"application/json": {"example": {
              "error_code": 2001, "error_msg": "The knowledge does not exist: 'poa-2020'; use one of: poa, "
                                               "bms3-letter-2008, mge-2011-report, res-65-64, "
                                               "revcon3-report-2018, sg-report-2012."}}}},
    422: {"description": "the body is malformed (as everywhere in this API: `{\"detail\": message}`)",
          "content": {"application/json": {"example": {
              "detail": "retrieval_setting.top_k: top_k=80 is outside 1..50; use a value from 1 to 50"}}}},
}

REQUEST_EXAMPLES = {
    "all": {"summary": "检索全部文件（knowledge_id = \"poa\"）", "value": {
        "knowledge_id": "poa", "query": "2018年第三次审议大会在哪里举行？",
        "retrieval_setting": {"top_k": 2, "score_threshold": 0.5}}},
    "one_document": {"summary": "只检索一份文件（knowledge_id = doc_id）", "value": {
        "knowledge_id": "res-65-64", "query": "65/64号决议对非法中介活动说了什么？",
        "retrieval_setting": {"top_k": 3, "score_threshold": 0.0}}},
}

RESPONSE_EXAMPLE = {"records": [{
    "content": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会于 2018 年 "
               "6 月 18 日至 29 日在联合国总部举行。…",
    "score": 0.858193,
    "title": "A/CONF.192/2018/RC/3 · 第4段",
    "metadata": {
        "doc_id": "revcon3-report-2018", "file": "004_1366cbd6226e3dfd.txt", "symbol": "A/CONF.192/2018/RC/3",
        "title": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会的报告"
                 "（附成果文件）",
        "date": "2018-07-06", "part": "正文", "section": "二. 组织事项和会议记录 > A. 会议开幕和会期",
        "section_path": ["二. 组织事项和会议记录", "A. 会议开幕和会期"], "paragraph": "4", "label": "第4段",
        "anchor": "p4", "start": 538, "end": 797, "spans": [[538, 797]], "chunk_id": "revcon3-report-2018:p4",
        "rank": 1, "kind": "paragraph", "fused_score": 0.31207, "url": "/documents/revcon3-report-2018#p4",
        "reference": "A/CONF.192/2018/RC/3，《第三次联合国审查…的报告（附成果文件）》，2018-07-06，"
                     "二. 组织事项和会议记录 > A. 会议开幕和会期，第4段"},
}]}


# a sync endpoint, like /v1/ask: FastAPI runs it in its thread pool, so inference never blocks the event loop
@router.post(
    "/retrieval", response_model=DifyRetrievalResponse, dependencies=[Depends(check_api_key)], responses=ERRORS,
    summary="Dify External Knowledge API / Dify 外部知识库接口",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": REQUEST_EXAMPLES}}},
                   "responses": {"200": {"content": {"application/json": {"example": RESPONSE_EXAMPLE}}}}},
)
def retrieval(request: DifyRetrievalRequest, engine: EngineDep, settings: SettingsDep) -> DifyRetrievalResponse:
    """Hybrid search, as `/v1/ask`. `score` is the fused RRF score over the highest one possible (1.0: ranked
    first by every retriever the hybrid fuses), or the reranker's when one is set; records below
    `score_threshold` are dropped.

    In Dify: Knowledge → External Knowledge API → endpoint `http://<host>:<port>` (Dify appends `/retrieval`),
    API key = POAQA_DIFY_API_KEY; then an external knowledge base with External Knowledge ID `poa` (every
    document) or a doc_id (that document)."""
    doc_ids = knowledge_documents(engine, request.knowledge_id)
    setting = request.retrieval_setting
    top_k = setting.top_k or DIFY_DEFAULT_TOP_K
    query = normalize_question(request.query)
    pool = engine.retrievers["hybrid"].search(query, max(top_k, SCORING_POOL), doc_ids=doc_ids)
    scores = relative_scores(pool, settings.rrf_k)
    threshold = setting.score_threshold or 0.0
    records = [DifyRecord.of(hit, score) for hit, score in zip(pool, scores, strict=True) if score >= threshold]
    return DifyRetrievalResponse(records=records[:top_k])
