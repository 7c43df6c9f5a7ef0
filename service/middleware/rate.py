"""A token bucket per client address: ``rate`` requests per second on average, ``burst`` at once; beyond that,
429 with Retry-After."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from service.errors import error_response

# buckets kept at most; beyond it the full ones (clients idle long enough to have all their tokens) are dropped
MAX_CLIENTS = 10_000


class TokenBuckets:
    """For each key, tokens refilled at ``rate`` per second up to ``burst``; a request takes one."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when counted)

    def _tokens(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - then) * self.rate)

    def take(self, key: str) -> float:
        """0 when ``key`` may go ahead (a token is taken), else the seconds until it has a token."""
        now = self.clock()
        tokens = self._tokens(key, now)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate
        if len(self._buckets) >= MAX_CLIENTS and key not in self._buckets:
            self._buckets = {k: v for k, v in self._buckets.items() if self._tokens(k, now) < self.burst}
        self._buckets[key] = (tokens - 1, now)
        return 0.0


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, rate: float, burst: int, prefixes: Sequence[str]) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate, burst)
        self.prefixes = tuple(prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        # behind a proxy this is the proxy's address unless uvicorn is told to trust its X-Forwarded-For
        client = scope["client"][0] if scope.get("client") else "unknown"
        wait = self.buckets.take(client)
        if wait:
            seconds = math.ceil(wait)
            await error_response(scope, 429, (
                f"too many requests from {client}: the limit is {self.buckets.rate:g} per second with bursts of "
                f"{self.buckets.burst} (POAQA_RATE_LIMIT, POAQA_RATE_BURST); retry after {seconds} s"),
                {"Retry-After": str(seconds)})(scope, receive, send)
            return
        await self.app(scope, receive, send)
