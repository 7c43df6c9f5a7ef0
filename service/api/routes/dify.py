"""POST /retrieval: Dify's External Knowledge API over the same index, with Dify's error format and codes."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine, Iterable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from indexer.types import Document, Hit
from service.api.responses import ERRORS as ERROR_MEANINGS
from service.deps import Engine, EngineDep, MetricsDep, SettingsDep
from service.errors import DIFY_BAD_REQUEST, ServiceError, describe_validation_errors
from service.pipeline import AskQuery
from service.schemas import (
    DIFY_ALL_DOCUMENTS,
    DIFY_DEFAULT_TOP_K,
    DifyCondition,
    DifyErrorOut,
    DifyMetadataCondition,
    DifyRecord,
    DifyRetrievalRequest,
    DifyRetrievalResponse,
)

BAD_REQUEST = DIFY_BAD_REQUEST


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
            except RequestValidationError as e:
                status, message = describe_validation_errors(list(e.errors()))
                body = DifyErrorOut(error_code=BAD_REQUEST, error_msg=message)
                return JSONResponse(status_code=status, content=body.model_dump())
            except ServiceError as e:  # no index in service (503)
                body = DifyErrorOut(error_code=BAD_REQUEST, error_msg=e.message)
                return JSONResponse(status_code=e.status, content=body.model_dump(), headers=e.headers)

        return route_handler


router = APIRouter(tags=["dify"], route_class=DifyRoute)
bearer = HTTPBearer(auto_error=False, description="the key set in POAQA_DIFY_API_KEY (not checked when unset)")


def check_api_key(settings: SettingsDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Accept the request when no key is configured, or when it carries ``Authorization: Bearer <key>``."""
    expected = settings.service.dify_api_key
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


def _field(document: Document, name: str) -> str:
    return {"doc_id": document.doc_id, "document_id": document.doc_id, "symbol": document.symbol or "",
            "title": document.title, "date": document.date or "", "kind": document.kind}[name]


def _as_date(value: object) -> str:
    """An ISO date from Dify's value: a timestamp in seconds, or a date string."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).date().isoformat()
    return str(value or "")


def meets(document: Document, condition: DifyCondition) -> bool:
    """Whether one of the document's fields meets one of Dify's conditions (strings compare as written; dates,
    year-only ones too, as ISO text)."""
    text, op, value = _field(document, condition.name), condition.comparison_operator, condition.value
    values = [str(v) for v in value] if isinstance(value, list) else [str(value if value is not None else "")]
    if op in ("empty", "not empty"):
        return (text == "") == (op == "empty")
    if op in ("in", "not in"):
        return (text in values) == (op == "in")
    if op in ("before", "after", "<", ">", "≤", "≥") and condition.name == "date":
        other = _as_date(value)
        text = text[: len(other)]  # "2012" against "2012-06-01": compare years
        return {"before": text < other, "<": text < other, "after": text > other, ">": text > other,
                "≤": text <= other, "≥": text >= other}[op] and text != ""
    if not values:
        raise DifyError(400, BAD_REQUEST, f"the operator {op!r} compares {condition.name!r} with one value, and the "
                                          "value is an empty list; give the value to compare with")
    single = values[0]
    tests: dict[str, Callable[[], bool]] = {
        "contains": lambda: single in text, "not contains": lambda: single not in text,
        "start with": lambda: text.startswith(single), "end with": lambda: text.endswith(single),
        "is": lambda: text == single, "=": lambda: text == single,
        "is not": lambda: text != single, "≠": lambda: text != single}
    if op not in tests:
        raise DifyError(400, BAD_REQUEST, f"the operator {op!r} compares numbers or dates; the field "
                                          f"{condition.name!r} is text: use is, contains, start with, in...")
    return tests[op]()


def filtered_documents(documents: Iterable[Document], condition: DifyMetadataCondition | None,
                       doc_ids: list[str] | None) -> list[str] | None:
    """The doc_ids to search: those of ``doc_ids`` (None: all) whose fields meet ``condition``."""
    if condition is None or not condition.conditions:
        return doc_ids
    combine = any if condition.logical_operator == "or" else all
    return [d.doc_id for d in documents if (doc_ids is None or d.doc_id in doc_ids)
            and combine(meets(d, c) for c in condition.conditions)]


def relevance(hits: list[Hit]) -> list[float]:
    """Each hit's fused score over the best one's (0..1); a pinned paragraph (cited explicitly) counts as the best."""
    best = max((hit.score for hit in hits if not hit.pinned), default=0.0)
    return [1.0 if hit.pinned or best <= 0 else min(1.0, max(0.0, hit.score / best)) for hit in hits]


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
    400: {"model": DifyErrorOut, "description": "3001: the body is not JSON, or a metadata condition compares text "
                                                "as a number or has no value to compare with"},
    404: {"model": DifyErrorOut, "description": "2001: knowledge_id is neither \"poa\" nor a doc_id",
          "content": {"application/json": {"example": {
              "error_code": 2001, "error_msg": "The knowledge does not exist: 'poa-2020'; use one of: poa, "
                                               "bms3-letter-2008, mge-2011-report, res-65-64, "
                                               "revcon3-report-2018, sg-report-2012."}}}},
    422: {"model": DifyErrorOut, "description": "3001: a field is missing or out of range",
          "content": {"application/json": {"example": {
              "error_code": 3001,
              "error_msg": "retrieval_setting.top_k: top_k=80 is outside 1..50; use a value from 1 to 50"}}}},
    # refused before the route runs, in Dify's format too
    **{status: {"model": DifyErrorOut, "description": f"3001: {ERROR_MEANINGS[status][0]}",
                "content": {"application/json": {"example": {"error_code": 3001,
                                                             "error_msg": ERROR_MEANINGS[status][1]}}}}
       for status in (408, 413, 429, 503)},
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
    "score": 0.853,
    "title": "A/CONF.192/2018/RC/3 《第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度"
             "大会的报告（附成果文件）》",
    "metadata": {
        "document_id": "revcon3-report-2018", "doc_id": "revcon3-report-2018", "file": "004_1366cbd6226e3dfd.txt",
        "symbol": "A/CONF.192/2018/RC/3",
        "title": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会的报告"
                 "（附成果文件）",
        "date": "2018-07-06", "part": "正文", "section": "二. 组织事项和会议记录 > A. 会议开幕和会期",
        "section_path": ["二. 组织事项和会议记录", "A. 会议开幕和会期"], "paragraph": "4", "label": "第4段",
        "anchor": "p4", "start": 538, "end": 797, "spans": [[538, 797]], "chunk_id": "revcon3-report-2018:p4",
        "rank": 1, "kind": "paragraph", "url": "/documents/revcon3-report-2018#p4",
        "reference": "A/CONF.192/2018/RC/3，《第三次联合国审查…的报告（附成果文件）》，2018-07-06，"
                     "二. 组织事项和会议记录 > A. 会议开幕和会期，第4段",
        "answerable": True, "confidence": 0.853,
        "answer": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会于 2018 年 "
                  "6 月 18 日至 29 日在联合国总部举行。"},
}]}


# a sync endpoint, like /v1/ask: FastAPI runs it in its thread pool, so inference never blocks the event loop;
# "//retrieval" too, because Dify appends "/retrieval" to an endpoint saved with a trailing slash
@router.post("//retrieval", include_in_schema=False, response_model=DifyRetrievalResponse,
             dependencies=[Depends(check_api_key)])
@router.post(
    "/retrieval", response_model=DifyRetrievalResponse, dependencies=[Depends(check_api_key)], responses=ERRORS,
    summary="Dify External Knowledge API / Dify 外部知识库接口",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": REQUEST_EXAMPLES}}},
                   "responses": {"200": {"content": {"application/json": {"example": RESPONSE_EXAMPLE}}}}},
)
def retrieval(request: DifyRetrievalRequest, engine: EngineDep, settings: SettingsDep,
              metrics: MetricsDep) -> DifyRetrievalResponse:
    """The same answer as `/v1/ask` (hybrid): when the service abstains (the documents do not hold what the question
    asks for) there are no records, Dify's way of saying nothing was found — unless POAQA_DIFY_RELATED is set. A
    record's `score` is the verdict's confidence times the passage's relevance (its fused score over the best one's),
    so Dify's score threshold screens out what the service is unsure of; records below `score_threshold` are
    dropped. `metadata_condition` filters the documents by doc_id, symbol, title, date and kind.

    In Dify: Knowledge → External Knowledge API → endpoint `http://<host>:<port>` (Dify appends `/retrieval`),
    API key = POAQA_DIFY_API_KEY; then an external knowledge base with External Knowledge ID `poa` (every
    document) or a doc_id (that document)."""
    doc_ids = filtered_documents(engine.bundle.documents.values(), request.metadata_condition,
                                 knowledge_documents(engine, request.knowledge_id))
    if doc_ids == []:
        return DifyRetrievalResponse(records=[])
    setting = request.retrieval_setting
    result = engine.pipeline.ask(AskQuery(question=request.query, top_k=setting.top_k or DIFY_DEFAULT_TOP_K,
                                          documents=tuple(doc_ids) if doc_ids is not None else None))
    metrics.observe_answer("/retrieval", result)
    verdict = result.verdict
    if not verdict.answerable and not settings.service.dify_related:
        return DifyRetrievalResponse(records=[])
    threshold = setting.score_threshold or 0.0
    # rounded as the response shows them, so score_threshold compares what Dify sees
    scores = [round(verdict.confidence * r, 6) for r in relevance(result.hits)]
    return DifyRetrievalResponse(records=[DifyRecord.of(hit, score, verdict)
                                          for hit, score in zip(result.hits, scores, strict=True)
                                          if score >= threshold])
