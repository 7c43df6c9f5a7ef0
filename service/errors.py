"""ServiceError and its subclasses; app.py turns each into an HTTP status with its message."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Scope

# Dify's route answers its errors as {"error_code", "error_msg"}; 3001: a malformed or refused request
DIFY_PATHS = ("/retrieval", "//retrieval")
DIFY_BAD_REQUEST = 3001


class ServiceError(Exception):
    """An error the client can act on; ``status`` is the HTTP status it maps to, ``headers`` go with it."""

    status = 400

    def __init__(self, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = dict(headers or {})


class IndexNotLoadedError(ServiceError):
    status = 503


class UnknownDocumentError(ServiceError):
    status = 404

    def __init__(self, doc_id: str, known: list[str]) -> None:
        super().__init__(f"unknown document {doc_id!r}; known doc_ids: {', '.join(known)}")
        self.doc_id = doc_id


class UnknownParagraphError(ServiceError):
    status = 404


class MissingKeyError(ServiceError):
    status = 401

    def __init__(self, setting: str) -> None:
        super().__init__(f"this route needs the header 'Authorization: Bearer <key>' with the key set in {setting}",
                         headers={"WWW-Authenticate": "Bearer"})


class WrongKeyError(ServiceError):
    status = 403

    def __init__(self, setting: str) -> None:
        super().__init__(f"the Bearer key is not the one set in {setting}")


class AdminDisabledError(ServiceError):
    status = 403


class ReindexBusyError(ServiceError):
    status = 409


class ReindexFailedError(ServiceError):
    status = 500


_JSON_KINDS = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "an array",
               dict: "an object", type(None): "null"}
# the types whose errors say what was sent instead: "top_k: Input should be a valid integer; got a string "5""
_TYPE_ERRORS = {"int_type", "bool_type", "string_type", "float_type", "list_type", "dict_type", "model_type",
                "int_from_float"}


def _validation_message(error: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    kind = error.get("type")
    if kind == "json_invalid":
        return f"the request body is not valid JSON: {error.get('ctx', {}).get('error', message)}"
    if kind == "missing" and not location:
        return "the request body is empty; send a JSON object with the route's fields (see /docs)"
    if kind == "model_attributes_type" and not location:
        return ("the request body must be a JSON object sent with 'Content-Type: application/json' (see /docs for "
                "the route's fields)")
    if kind in _TYPE_ERRORS and "input" in error:
        value = error["input"]
        shown = json.dumps(value, ensure_ascii=True, default=str)
        message += f"; got {_JSON_KINDS.get(type(value), 'a value')} {shown[:40]}{'…' if len(shown) > 40 else ''}"
    return f"{location}: {message}" if location else message


def describe_validation_errors(errors: Sequence[Mapping[str, Any]]) -> tuple[int, str]:
    """The status (400 for a body that is not JSON, else 422) and one message for a request's validation errors."""
    status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
    return status, "; ".join(_validation_message(e) for e in errors)


# an absolute path of two or more parts: what is left after the configured paths were replaced
_ABSOLUTE_PATH = re.compile(r"(?<![\w/.~-])/[^\s'\"(),;:]+/[^\s'\"(),;:]*")


def without_paths(message: str, paths: Mapping[str, Path | None]) -> str:
    """``message`` with the configured ``paths`` (setting name -> path) shown relative to the working directory,
    or by their setting's name where they lie outside it, and any other absolute path hidden: a client learns what
    to fix without learning the server's file system."""
    cwd = Path.cwd()
    for name, path in paths.items():
        if path is None:
            continue
        absolute = Path(os.path.abspath(path))
        shown = os.path.relpath(absolute, cwd) if absolute.is_relative_to(cwd) else f"${name}"
        # the parent resolved, not the path: the index path is a symlink to its current version
        for form in sorted({str(absolute), str(absolute.parent.resolve() / absolute.name)}, key=len, reverse=True):
            message = message.replace(form, shown)
    return _ABSOLUTE_PATH.sub("<path>", message)


def error_response(scope: Scope, status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An error answer in the shape of the route asked: Dify's on /retrieval, ``{"detail": ...}`` elsewhere."""
    content: dict[str, object] = {"error_code": DIFY_BAD_REQUEST, "error_msg": message} \
        if scope.get("path") in DIFY_PATHS else {"detail": message}
    return JSONResponse(status_code=status, content=content, headers=dict(headers or {}))
