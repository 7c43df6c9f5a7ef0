"""Log lines that carry their request: the request context every line gets, the JSON formatter, the setup."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

# the fields every line has, null outside a request; an access line adds status and duration_ms
REQUEST_FIELDS = ("request_id", "method", "path")
ACCESS_FIELDS = ("status", "duration_ms")


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str
    method: str
    path: str


# set by the request-id middleware; copied into the worker threads that run the sync routes
current_request: ContextVar[RequestContext | None] = ContextVar("current_request", default=None)


class RequestContextFilter(logging.Filter):
    """Gives each record the request it was logged in (attributes, for either formatter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_request.get()
        for name in REQUEST_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, getattr(context, name) if context else None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's fields and, on access lines, the
    status and duration; an exception's traceback in ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        for name in (*REQUEST_FIELDS, *ACCESS_FIELDS):
            value = getattr(record, name, None)
            if value is not None or name in REQUEST_FIELDS:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Send every logger's lines (uvicorn's too) to stderr in ``log_format`` ("json" or "text"), each with its
    request id; for the `poaqa serve` process, which owns its logging."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)  # also for the libraries that set their own loggers' level lower
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        # an earlier uvicorn.Config in this process may have set its own level (log_level=...) or disabled it
        uvicorn_logger.setLevel(logging.NOTSET)
        uvicorn_logger.disabled = False
