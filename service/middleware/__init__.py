"""The middleware around every request, outermost first: request id, security headers, access log and metrics,
CORS (when origins are set), rate limit, body limit and body timeout, request time limit."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from service.config import Settings
from service.metrics import Metrics
from service.middleware.access import AccessMiddleware
from service.middleware.body import BodyLimitMiddleware
from service.middleware.headers import SecurityHeadersMiddleware
from service.middleware.rate import RateLimitMiddleware
from service.middleware.request_id import HEADER as REQUEST_ID_HEADER
from service.middleware.request_id import RequestIdMiddleware
from service.middleware.timeout import TimeoutMiddleware

# what costs the service work, so what a client's rate is counted on
RATE_LIMITED = ("/v1/", "/retrieval", "//retrieval")
# a reindex embeds the corpus (minutes on first build): it is admin-only and not held to the request time limit
NO_TIME_LIMIT = ("/v1/admin/",)


def add_middleware(app: FastAPI, settings: Settings, metrics: Metrics) -> None:
    service = settings.service
    # add_middleware wraps what is there: the last added is the outermost
    app.add_middleware(TimeoutMiddleware, seconds=service.request_timeout, exempt=NO_TIME_LIMIT)
    app.add_middleware(BodyLimitMiddleware, max_bytes=service.max_body_bytes, timeout=service.body_timeout)
    if service.rate_limit > 0:
        app.add_middleware(RateLimitMiddleware, rate=service.rate_limit, burst=service.rate_burst,
                           prefixes=RATE_LIMITED)
    if service.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(service.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
                           expose_headers=[REQUEST_ID_HEADER, "Retry-After"], max_age=600)
    app.add_middleware(AccessMiddleware, metrics=metrics)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestIdMiddleware)
