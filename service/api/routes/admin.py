"""POST /v1/admin/reindex (rebuild the index from the corpus and swap it in) and GET /metrics (Prometheus): the
operator's routes, behind POAQA_ADMIN_API_KEY."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends
from fastapi.responses import Response

from service.api.responses import ANY_ROUTE, RATE_LIMITED, WITH_BODY, WITH_KEY, error_responses
from service.auth import admin_key_if_set, require_admin_key
from service.deps import MetricsDep, SwapDep
from service.metrics import CONTENT_TYPE
from service.schemas import ReindexOut, ReindexRequest

router = APIRouter(tags=["admin"])

METRICS_EXAMPLE = """\
# HELP poaqa_http_requests_total HTTP requests answered
# TYPE poaqa_http_requests_total counter
poaqa_http_requests_total{method="POST",route="/v1/ask",status="200"} 1532.0
# HELP poaqa_abstentions_total questions the documents do not answer (answerable false)
# TYPE poaqa_abstentions_total counter
poaqa_abstentions_total{route="/v1/ask"} 211.0
# HELP poaqa_index_chunks chunks of the index in service
# TYPE poaqa_index_chunks gauge
poaqa_index_chunks 383.0
"""


# a sync endpoint: the build (minutes when the corpus must be embedded anew) runs in FastAPI's thread pool, not on
# the event loop; requests go on being answered by the index in service until the new one is swapped in
@router.post(
    "/v1/admin/reindex", response_model=ReindexOut, dependencies=[Depends(require_admin_key)],
    summary="重建索引并在不停机的情况下切换（需要管理密钥 POAQA_ADMIN_API_KEY）",
    responses={
        **error_responses(*WITH_BODY, *WITH_KEY, 409, *RATE_LIMITED, 500, *ANY_ROUTE),
        200: {"content": {"application/json": {"example": {
            "rebuilt": True, "reason": "the corpus changed", "version": "20261124T093012.120000Z-5e6f7a8b",
            "previous_version": "20261123T120049.000000Z-1a2b3c4d", "documents": 6, "chunks": 431, "embedded": 212,
            "seconds": 41.3}}}},
    },
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": {
        "update": {"summary": "语料有变化时重建", "value": {"force": False}},
        "force": {"summary": "强制重建", "value": {"force": True}}}}}}},
)
def reindex(swap: SwapDep, request: Annotated[ReindexRequest | None, Body()] = None) -> ReindexOut:
    """Rebuild the index from the corpus folder when it changed (or always, with `force`), under the writer lock,
    then load, check and swap it in; requests in flight finish on the index they started with. Answers when the
    new index is in service."""
    done = swap.reindex(force=request.force if request else False)
    report = done.report
    return ReindexOut(rebuilt=report.rebuilt, reason=report.reason, version=done.version,
                      previous_version=done.previous_version, documents=report.documents, chunks=report.chunks,
                      embedded=report.embedded, seconds=round(report.seconds, 1))


@router.get(
    "/metrics", response_class=Response, dependencies=[Depends(admin_key_if_set)],
    summary="Prometheus 指标（设置了 POAQA_ADMIN_API_KEY 时需要该密钥）",
    responses={**error_responses(*WITH_KEY, *ANY_ROUTE),
               200: {"content": {"text/plain": {"example": METRICS_EXAMPLE}}}},
)
def metrics(metrics: MetricsDep) -> Response:
    """Requests and latency per route and status, time per pipeline stage, questions and abstentions, and the
    index in service: chunks, documents, age in seconds and version."""
    return Response(content=metrics.exposition(), media_type=CONTENT_TYPE)
