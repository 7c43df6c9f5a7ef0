"""What routes depend on: the loaded index and its pipeline, reached only through these aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from indexer.encode import Encoder
from indexer.index import IndexBundle
from service.config import Settings
from service.errors import IndexNotLoadedError
from service.neighbours import Neighbours
from service.pipeline import AskPipeline


@dataclass(frozen=True, slots=True)
class Engine:
    """The index loaded at start-up, its encoder, the pipeline that answers over it, and document order."""

    bundle: IndexBundle
    encoder: Encoder
    pipeline: AskPipeline
    neighbours: Neighbours


def get_engine(request: Request) -> Engine:
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        reason = getattr(request.app.state, "load_error", "the index is not loaded")
        raise IndexNotLoadedError(f"the service has no index: {reason}")
    return engine


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
