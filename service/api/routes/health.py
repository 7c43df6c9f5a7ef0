"""GET /healthz: 200 only when the index is loaded."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import EngineDep
from service.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut)
def healthz(engine: EngineDep) -> HealthOut:
    manifest = engine.bundle.manifest
    return HealthOut(status="ok", encoder=engine.bundle.encoder_name, documents=len(engine.bundle.documents),
                     chunks=len(engine.bundle.chunks), built_at=str(manifest.get("built_at", "")))
