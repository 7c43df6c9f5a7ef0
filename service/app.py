"""create_app(settings) -> FastAPI: loads the index once at start-up and maps errors to 4xx/5xx JSON."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from indexer.encode import Encoder
from indexer.errors import IndexerError, VectorStoreError
from indexer.index import read_index
from service.api.routes import ask, dify, documents, health, web
from service.config import Settings, get_settings
from service.deps import Engine
from service.errors import ServiceError, describe_validation_errors
from service.neighbours import Neighbours
from service.pipeline import AskPipeline

logger = logging.getLogger(__name__)


def load_engine(settings: Settings, encoder: Encoder | None = None) -> Engine:
    """Load the index and make its pipeline; the encoder must be the one the index was built with."""
    encoder = encoder or settings.index.encoder_config.make()
    bundle = read_index(settings.index.index_dir, expected_encoder=encoder.name)
    return Engine(bundle=bundle, encoder=encoder, pipeline=AskPipeline(bundle, encoder, settings),
                  neighbours=Neighbours(bundle))


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The application; pass ``engine`` to reuse an already loaded index (tests, evaluation)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:
            app.state.engine = engine
        else:
            try:
                app.state.engine = load_engine(settings)
            except IndexerError as e:
                # start anyway so /healthz can say what is wrong; /v1/ask answers 503 with the reason
                logger.error("index not loaded: %s", e)
                app.state.load_error = str(e)
        yield

    # FastAPIOffline serves Swagger UI's and ReDoc's files itself: /docs opens with no CDN, as the page does
    app = FastAPIOffline(
        title="poa-qa",
        description="在联合国《行动纲领》（小武器和轻武器）中文文件中检索答案段落，并给出可核查的引文。\n\n"
                    "Retrieval QA over the Chinese UN documents of the Programme of Action on small arms and "
                    "light weapons: every passage comes with a citation that can be checked against the file.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = None

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"detail": exc.message})

    @app.exception_handler(VectorStoreError)
    async def vector_store_error(_: Request, exc: VectorStoreError) -> JSONResponse:
        # a Milvus server that went away after the start: the service is unavailable, the request was fine
        return JSONResponse(status_code=503, content={"detail": f"the vector store cannot answer: {exc}"})

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, detail = describe_validation_errors(list(exc.errors()))
        return JSONResponse(status_code=status, content={"detail": detail})

    app.include_router(health.router)
    app.include_router(ask.router)
    app.include_router(documents.router)
    app.include_router(dify.router)
    app.include_router(web.router)
    return app
