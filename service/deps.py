"""What routes depend on: the loaded index and its pipeline, reached only through these aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.config import Settings
from service.engine import Engine
from service.errors import IndexNotLoadedError
from service.metrics import Metrics
from service.swap import EngineSwap

__all__ = ["Engine", "EngineDep", "MetricsDep", "SettingsDep", "SwapDep"]


def get_engine(request: Request) -> Engine:
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        reason = getattr(request.app.state, "load_error", None) or "the index is not loaded"
        raise IndexNotLoadedError(f"the service has no index: {reason}")
    return engine


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


def get_swap(request: Request) -> EngineSwap:
    swap: EngineSwap = request.app.state.swap
    return swap


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
SwapDep = Annotated[EngineSwap, Depends(get_swap)]
