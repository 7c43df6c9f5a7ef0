"""Security headers on every response: no MIME sniffing, no framing, and a Content-Security-Policy that lets a page
load only the service's own files."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# the web page and Swagger UI (/docs) load only their own scripts and styles, with no inline script
STRICT_CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'")
# ReDoc's page has an inline <style>, and ReDoc styles itself at run time and searches in a blob: worker
REDOC_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; "
             "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
CSP_BY_PATH = {"/redoc": REDOC_CSP}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, csp_by_path: Mapping[str, str] = CSP_BY_PATH) -> None:
        self.app = app
        self.csp_by_path = dict(csp_by_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.csp_by_path.get(scope["path"], STRICT_CSP)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)
