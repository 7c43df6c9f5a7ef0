"""The request body, read before the app sees it: at most ``max_bytes`` (a larger one gets 413 and is not read: its
Content-Length is checked first, then the bytes as they stream), within ``timeout`` seconds (a stalled client gets
408 instead of holding a worker), and, when it is JSON, valid UTF-8."""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_response

WITH_BODY = {"POST", "PUT", "PATCH"}


class BodyTooLarge(Exception):
    pass


class ClientGone(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None and not declared.strip().isdigit():
            await self._refuse(scope, receive, send, 400, f"Content-Length {declared[:40]!r} is not a number of bytes")
            return
        if declared is not None and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, 413, self._too_large(f"{int(declared)} bytes"))
            return
        try:
            body = await asyncio.wait_for(self._read(receive), self.timeout)
        except TimeoutError:
            await self._refuse(scope, receive, send, 408, f"the request body did not arrive within {self.timeout:g} s "
                               "(POAQA_BODY_TIMEOUT); send it at once")
            return
        except BodyTooLarge:
            await self._refuse(scope, receive, send, 413, self._too_large(f"more than {self.max_bytes} bytes"))
            return
        except ClientGone:
            return
        if body and "json" in headers.get("content-type", "application/json"):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as e:
                await self._refuse(scope, receive, send, 400, f"the request body is not valid UTF-8 (byte "
                                   f"0x{body[e.start]:02x} at offset {e.start}); send JSON encoded as UTF-8")
                return
        await self.app(scope, _replay(body, receive), send)

    def _too_large(self, size: str) -> str:
        return (f"the request body has {size}, above the limit of {self.max_bytes} bytes (POAQA_MAX_BODY_BYTES); "
                "send a smaller one")

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:  # counted as it streams: a body without Content-Length is cut off too
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
        # the connection closes after the answer: the rest of the body is never read
        await error_response(scope, status, message, {"Connection": "close"})(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then passes on what the client sends (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
