"""The uvicorn server for an app, configured from the settings: address, bounded graceful shutdown, our logging."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from service.config import Settings


def server_config(app: FastAPI, settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration: after SIGTERM, requests in flight get ``shutdown_timeout`` seconds, then their
    connections are closed (a stalled client cannot hold the shutdown); the access lines are the service's own
    (service.access, with request id and duration), so uvicorn's are off and its log setup is left alone."""
    service = settings.service
    return uvicorn.Config(app, host=service.host, port=service.port, log_config=None, access_log=False,
                          timeout_graceful_shutdown=service.shutdown_timeout, lifespan="on")
