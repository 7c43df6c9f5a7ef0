"""ServiceError and its subclasses; app.py turns each into an HTTP status with its message."""

from __future__ import annotations


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
