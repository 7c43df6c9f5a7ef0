"""ServiceError and its subclasses; app.py turns each into an HTTP status with its message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class ServiceError(Exception):
    """An error the client can act on; ``status`` is the HTTP status it maps to."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IndexNotLoadedError(ServiceError):
    status = 503


class UnknownDocumentError(ServiceError):
    status = 404

    def __init__(self, doc_id: str, known: list[str]) -> None:
        super().__init__(f"unknown document {doc_id!r}; known doc_ids: {', '.join(known)}")
        self.doc_id = doc_id


class UnknownParagraphError(ServiceError):
    status = 404


def _validation_message(error: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    if error.get("type") == "json_invalid":
        return f"the request body is not valid JSON: {error.get('ctx', {}).get('error', message)}"
    return f"{location}: {message}" if location else message


def describe_validation_errors(errors: Sequence[Mapping[str, Any]]) -> tuple[int, str]:
    """The status (400 for a body that is not JSON, else 422) and one message for a request's validation errors."""
    status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
    return status, "; ".join(_validation_message(e) for e in errors)
