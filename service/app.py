"""create_app(settings) -> FastAPI: loads the index once at start-up and maps errors to 4xx/5xx JSON."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from indexer.encode import Encoder, make_encoder
from indexer.errors import IndexerError
from indexer.index import read_index
from service.api.routes import ask, dify, documents, health, web
from service.config import Settings, get_settings
from service.deps import Engine
from service.errors import ServiceError
from service.neighbours import Neighbours
from service.retrieval.answer import AnswerFinder
from service.retrieval.base import Retriever
from service.retrieval.dense import DenseRetriever
from service.retrieval.hybrid import HybridRetriever
from service.retrieval.keyword import KeywordRetriever
from service.retrieval.query import QueryEncoder
from service.retrieval.rerank import CrossEncoderReranker, RerankedRetriever
from service.retrieval.sentence import SentenceRetriever

logger = logging.getLogger(__name__)


def settings_encoder(settings: Settings) -> Encoder:
    return make_encoder(settings.encoder, model_path=settings.encoder_path, threads=settings.threads,
                        query_prefix=settings.query_prefix, passage_prefix=settings.passage_prefix)


def load_engine(settings: Settings, encoder: Encoder | None = None) -> Engine:
    """Load the index and build the retrievers; the encoder must be the one the index was built with."""
    encoder = encoder or settings_encoder(settings)
    bundle = read_index(settings.index_dir, expected_encoder=encoder.name)
    queries = QueryEncoder(encoder)
    dense = DenseRetriever(bundle, queries)
    keyword = KeywordRetriever(bundle)
    sentence = SentenceRetriever(bundle, queries)
    hybrid: Retriever = HybridRetriever(dense, sentence, keyword, candidates=settings.candidates,
                                        rrf_k=settings.rrf_k, document_hint=settings.document_hint)
    if settings.reranker_path is not None:
        reranker = CrossEncoderReranker(settings.reranker_path, threads=settings.threads)
        hybrid = RerankedRetriever(hybrid, reranker, candidates=settings.rerank_candidates)
    return Engine(bundle=bundle, encoder=encoder, retrievers={"hybrid": hybrid, "dense": dense, "keyword": keyword},
                  answers=AnswerFinder(sentence, threshold=settings.answer_threshold), neighbours=Neighbours(bundle))


def _validation_message(error: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    if error.get("type") == "json_invalid":
        return f"the request body is not valid JSON: {error.get('ctx', {}).get('error', message)}"
    return f"{location}: {message}" if location else message


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

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
        detail = "; ".join(_validation_message(e) for e in errors)
        return JSONResponse(status_code=status, content={"detail": detail})

    app.include_router(health.router)
    app.include_router(ask.router)
    app.include_router(documents.router)
    app.include_router(dify.router)
    app.include_router(web.router)
    return app
