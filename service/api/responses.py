"""The error responses the routes document in OpenAPI: what each status means here, with an example."""

from __future__ import annotations

from typing import Any

from service.schemas import MAX_QUESTION_CHARS, ErrorOut

ERRORS: dict[int, tuple[str, str]] = {
    400: ("the body is not JSON, not UTF-8, or has a Content-Length that is no number",
          "the request body is not valid UTF-8 (byte 0xff at offset 14); send JSON encoded as UTF-8"),
    401: ("the route needs POAQA_API_KEY's key (or the admin key) and none came",
          "this route needs the header 'Authorization: Bearer <key>' with the key set in POAQA_API_KEY"),
    403: ("the key is wrong, or (reindex) POAQA_ADMIN_API_KEY is unset",
          "the Bearer key is not the one set in POAQA_API_KEY"),
    408: ("the body did not arrive within POAQA_BODY_TIMEOUT seconds",
          "the request body did not arrive within 10 s (POAQA_BODY_TIMEOUT); send it at once"),
    409: ("a reindex is already running", "a reindex is already running (for 12 s); wait for it to finish, then "
                                          "ask again if the corpus changed since"),
    413: ("the body is larger than POAQA_MAX_BODY_BYTES",
          "the request body has 524288000 bytes, above the limit of 65536 bytes (POAQA_MAX_BODY_BYTES); send a "
          "smaller one"),
    422: ("a field is missing, unknown, of the wrong type or out of range",
          f"question: question has 1200 characters, above the maximum {MAX_QUESTION_CHARS}; shorten it"),
    429: ("the client sent more than POAQA_RATE_LIMIT requests per second; Retry-After says when to retry",
          "too many requests from 192.0.2.7: the limit is 5 per second with bursts of 20 (POAQA_RATE_LIMIT, "
          "POAQA_RATE_BURST); retry after 1 s"),
    500: ("the index could not be built", "the index could not be built: corpus/manifest.json is not valid JSON; "
                                          "the index in service (if any) stays"),
    503: ("no index is in service yet (it is being built, or is missing), or the request took longer than "
          "POAQA_REQUEST_TIMEOUT seconds",
          "the service has no index: no index at var/index; build it with `poaqa index`"),
}
RATE_LIMITED = (429,)
# what any route may answer, and what a route that reads a JSON body may answer besides
ANY_ROUTE = (503,)
WITH_BODY = (400, 408, 413, 422)
WITH_KEY = (401, 403)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, each with its ErrorOut schema, meaning and example."""
    return {status: {"model": ErrorOut, "description": ERRORS[status][0],
                     "content": {"application/json": {"example": {"detail": ERRORS[status][1]}}}}
            for status in statuses}
