"""One access log line and the request metrics per request; an exception nothing else handled becomes a JSON 500
that names the request id, logged with its traceback."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_response
from service.logs import current_request
from service.metrics import Metrics

logger = logging.getLogger("service.access")


def route_of(scope: Scope) -> str:
    """The route template that answered (``/v1/documents/{doc_id}``), so that metrics have one series per route
    rather than one per URL; ``<unmatched>`` for a 404 or a mounted folder."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "<unmatched>"


class AccessMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        responded = False

        async def send_status(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        except Exception:  # the last resort: every other error has its handler; this one is a bug to report
            logger.exception("unhandled error")
            if not responded:
                context = current_request.get()
                request_id = context.request_id if context else "unknown"
                await error_response(scope, 500, f"internal error; please report it with the request id "
                                                 f"{request_id}")(scope, receive, send_status)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.observe_request(route_of(scope), scope["method"], status, seconds)
            logger.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, seconds * 1000,
                        extra={"status": status, "duration_ms": round(seconds * 1000, 1)})
