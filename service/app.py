"""create_app(settings) -> FastAPI: puts the index in service (and keeps it current), wraps the routes in their
middleware and maps errors to 4xx/5xx JSON."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from indexer.encode import Encoder
from indexer.errors import VectorStoreError
from service.api.routes import admin, ask, dify, documents, health, web
from service.config import Settings, get_settings
from service.engine import Engine, load_engine
from service.errors import ServiceError, describe_validation_errors, error_response
from service.metrics import Metrics
from service.middleware import add_middleware
from service.swap import EngineSwap

__all__ = ["create_app", "load_engine"]

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None, encoder: Encoder | None = None,
               build_on_start: bool = False) -> FastAPI:
    """The application.

    Args:
        engine: an index already loaded (tests, evaluation), put in service at start instead of loading one.
        encoder: the encoder to load and build indexes with (default: the settings'; with ``engine``, its own);
            that of English questions is the engine's, else the settings'.
        build_on_start: build the index from the corpus after start, in the background, when it is missing or
            stale (`poaqa serve`): the server listens meanwhile and /healthz answers 503 "building".
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        swap: EngineSwap = app.state.swap
        # sync routes run in anyio's thread pool: its size bounds the requests answered at once
        to_thread.current_default_thread_limiter().total_tokens = settings.service.worker_threads
        if engine is not None:
            swap.serve(engine)
        else:
            # no index, or a broken one: start anyway, so that /healthz can say what is wrong
            await asyncio.to_thread(swap.refresh)
        if build_on_start:
            swap.reindex_in_background()
        poll = asyncio.create_task(swap.poll()) if settings.service.index_poll_seconds > 0 else None
        yield
        if poll is not None:
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poll

    # FastAPIOffline serves Swagger UI's and ReDoc's files itself: /docs opens with no CDN, as the page does; the
    # /docs page itself is web.py's, whose script is a file (the Content-Security-Policy allows no inline script)
    app = FastAPIOffline(
        title="poa-qa",
        description="在联合国《行动纲领》（小武器和轻武器）中文文件中检索答案段落，并给出可核查的引文。\n\n"
                    "Retrieval QA over the Chinese UN documents of the Programme of Action on small arms and "
                    "light weapons: every passage comes with a citation that can be checked against the file.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
    )
    app.state.settings = settings
    app.state.engine = None
    app.state.load_error = None
    metrics = Metrics(lambda: app.state.engine)
    app.state.metrics = metrics
    app.state.swap = EngineSwap(settings, app.state, metrics, encoder or (engine.encoder if engine else None),
                                engine.english_encoder if engine else None)

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"detail": exc.message}, headers=exc.headers)

    @app.exception_handler(VectorStoreError)
    async def vector_store_error(request: Request, exc: VectorStoreError) -> JSONResponse:
        # a Milvus server that went away after the start: the service is unavailable, the request was fine
        return error_response(request.scope, 503, app.state.swap.public(f"the vector store cannot answer: {exc}"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, detail = describe_validation_errors(list(exc.errors()))
        return JSONResponse(status_code=status, content={"detail": detail})

    add_middleware(app, settings, metrics)
    app.include_router(health.router)
    app.include_router(ask.router)
    app.include_router(documents.router)
    app.include_router(dify.router)
    app.include_router(admin.router)
    app.include_router(web.router)
    return app
