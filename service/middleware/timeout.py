"""A time limit per request: one that has not started its response after ``seconds`` gets 503; the work it started
is abandoned (a worker thread finishes its step, and its answer goes nowhere)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_response


class TimeoutMiddleware:
    def __init__(self, app: ASGIApp, seconds: float, exempt: Sequence[str] = ()) -> None:
        self.app = app
        self.seconds = seconds
        self.exempt = tuple(exempt)
        self._abandoned: set[asyncio.Task[None]] = set()  # referenced until they end, so they are not collected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.exempt and scope["path"].startswith(self.exempt)):
            await self.app(scope, receive, send)
            return
        started = timed_out = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timed_out:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        try:
            done, _ = await asyncio.wait({task}, timeout=self.seconds)
        except asyncio.CancelledError:
            task.cancel()
            raise
        if done or started:  # finished, or its response is under way: let it end as it will
            await task
            return
        timed_out = True
        # not awaited: cancelling a route that waits for its thread would wait for the thread
        task.cancel()
        self._abandoned.add(task)
        task.add_done_callback(self._forget)
        await error_response(scope, 503, (
            f"the request took longer than {self.seconds:g} s (POAQA_REQUEST_TIMEOUT) and was abandoned; try a "
            "shorter question or retry later"))(scope, receive, send)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._abandoned.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: an abandoned request's error is no one's to report
