"""An app behind a real uvicorn on a free localhost port, in a background thread (browser, fuzz, load and shutdown
tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from service.server import server_config


@dataclass(frozen=True)
class Live:
    url: str  # http://127.0.0.1:<port>
    port: int
    server: uvicorn.Server
    thread: threading.Thread  # ends when the server has shut down


@contextmanager
def live_server(app: FastAPI) -> Iterator[Live]:
    """``app`` behind uvicorn, configured as `poaqa serve` does from the app's settings, on a free localhost port in
    a background thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app, app.state.settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port} within 30 s")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", port, server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
