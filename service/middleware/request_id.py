"""X-Request-ID: a sane incoming id is kept, else one is made; it goes back in every response and into every log
line of the request (through service.logs' context)."""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.logs import RequestContext, current_request

HEADER = "X-Request-ID"
# what a proxy or client may pass on: letters, digits and a few separators, so that it is safe in a log line
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(HEADER, "")
        request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        token = current_request.set(RequestContext(request_id, scope["method"], scope["path"]))
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            current_request.reset(token)
