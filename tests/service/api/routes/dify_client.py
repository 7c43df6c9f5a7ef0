"""Replays, for tests of POST /retrieval, how Dify calls an External Knowledge API and reads its answer.

A helper, not a test module. Read in langgenius/dify (stored versions; the repository is too big to fetch whole):
- api/services/knowledge/external/service.py @ 4ac75643f1b4d48d5867ff4d6a420f637516a5d6 (the newest):
  ``check_endpoint_and_api_key`` (the probe run when an API is added; editing one does not probe),
  ``prepare_external_knowledge_retrieval`` (request) and ``execute_external_knowledge_retrieval`` (errors).
- api/services/external_knowledge_service.py @ 68d5f22311030fd3949b210881a96f304ef91469 (before the move): the
  probe was a POST with no body, ``"metadata_condition": null`` was always sent and a non-200 gave [] silently.
- api/core/rag/retrieval/dataset_retrieval.py @ ceda1cb0528f8175e1fdeff8e28b559cbf221ae4, and its newest stored
  version (imports services.knowledge.external.service; the index names no commit): record -> Document,
  document_id / document_name, sorting by score, no client-side score threshold for one external dataset.
- api/core/rag/models/document.py @ d9dd62e2990001556b17dadcbba9e8569f0b9839 (page_content: str; metadata a dict),
  api/core/rag/entities/metadata_entities.py @ 2bcb9a7669d4419e72de5319f3815858c5d8e016 (operators),
  api/core/helper/ssrf_proxy.py @ 79a710ce98c8ae5b346fb856a9d33b7d657542e1 (5 s timeouts, retries 429/5xx).

Dify joins URLs with ``f"{endpoint}/retrieval"``: pass an absolute endpoint (``http://testserver`` for a
TestClient); a trailing slash gives ``//retrieval``, which Starlette answers 404.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

# check_endpoint_and_api_key's validation_payload (newest Dify; older ones POST no body and no Content-Type)
DIFY_ENDPOINT_PROBE: dict[str, Any] = {"knowledge_id": "", "query": "", "retrieval_setting": {"top_k": 1,
                                                                                             "score_threshold": 0.0}}
# the probe refuses these ("Forbidden: ..." / "Not Found: ..." / "Bad Gateway: ...") and accepts any other status
PROBE_REFUSED = frozenset({403, 404, 502})
# ssrf_proxy retries these 3 times (0.5, 1, 2 s apart), then raises MaxRetriesExceededError: probe and retrieval fail
RETRIED = frozenset({429, 500, 502, 503, 504})
TIMEOUT_S = 5.0  # SSRF_DEFAULT_TIME_OUT, _CONNECT_, _READ_, _WRITE_ defaults
COMPARISON_OPERATORS = ("contains", "not contains", "start with", "end with", "is", "is not", "empty", "not empty",
                        "in", "not in", "=", "≠", ">", "<", "≥", "≤", "before", "after")


class ExternalKnowledgeRetrievalError(Exception):
    """Dify's error for a failed call: non-200 (message: the body), a non-JSON / non-object body, non-list records."""


class InvalidRecordError(ExternalKnowledgeRetrievalError):
    """A record Dify cannot build a Document from (it fails there with pydantic's ValidationError/AttributeError)."""


class Client(Protocol):  # fastapi.testclient.TestClient or httpx.Client
    def post(self, url: str, *, content: str, headers: dict[str, str], follow_redirects: bool) -> Any: ...


@dataclass(frozen=True)
class DifyDocument:
    """What Dify keeps of a record: Document(page_content, metadata) and the citation it shows."""

    content: str
    score: float | None  # as sent (Dify sorts and shows ``score or 0.0``)
    title: str | None  # the record's title, written over metadata["title"]
    document_id: str  # metadata["document_id"] or the title: the chat UI groups citations by it
    document_name: str  # the title ("" when none): the citation's label
    metadata: dict[str, Any] = field(default_factory=dict)  # the record's, score and title written over


def retrieval_url(endpoint: str) -> str:
    """Dify's join, unchanged: no strip, so "http://h/" gives "http://h//retrieval"."""
    return f"{endpoint}/retrieval"


def probe(client: Client, endpoint: str, api_key: str) -> int:
    """POST Dify's validation probe (json.dumps body, Bearer key, redirects not followed); Dify accepts the API
    when ``probe_accepted`` holds for the status returned."""
    headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
    response = client.post(retrieval_url(endpoint), content=json.dumps(DIFY_ENDPOINT_PROBE), headers=headers,
                           follow_redirects=False)
    return int(response.status_code)


def probe_accepted(status_code: int) -> bool:
    return status_code not in PROBE_REFUSED | RETRIED


def build_request(endpoint: str, api_key: str, knowledge_id: str, query: str, top_k: int | None,
                  score_threshold: float, score_threshold_enabled: bool,
                  metadata_condition: dict[str, Any] | None = None) -> tuple[str, dict[str, str], dict[str, Any]]:
    """Dify's request: threshold 0.0 when its switch is off; metadata_condition is MetadataFilteringCondition's
    model_dump, ``{"logical_operator": "and"|"or", "conditions": [{"name", "comparison_operator", "value"}]}``,
    or None. The body goes out as ``json.dumps(body)`` (ASCII-escaped), key order as here."""
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    body: dict[str, Any] = {
        "retrieval_setting": {"top_k": top_k, "score_threshold": score_threshold if score_threshold_enabled else 0.0},
        "query": query,
        "knowledge_id": knowledge_id,
        "metadata_condition": metadata_condition,  # the #21070 version omits the key when None: accept both
    }
    return retrieval_url(endpoint), headers, body


INVALID_JSON = object()


def parse_response(status_code: int, json_body: Any, text: str = "") -> list[DifyDocument]:
    """Dify's reading of the answer; ``json_body`` is ``INVALID_JSON`` when the body is not JSON."""
    if status_code != 200:
        raise ExternalKnowledgeRetrievalError(text or json.dumps(json_body, ensure_ascii=False, default=str))
    if json_body is INVALID_JSON or not isinstance(json_body, dict):
        raise ExternalKnowledgeRetrievalError("invalid external knowledge response")
    records = json_body.get("records", [])  # no "records": no documents, no error
    if not isinstance(records, list):
        raise ExternalKnowledgeRetrievalError("invalid external knowledge response")
    documents = []
    for record in records:
        if not isinstance(record, dict):
            raise InvalidRecordError(f"a record is not an object: {record!r}")
        content, metadata = record.get("content"), record.get("metadata")
        if not isinstance(content, str):
            raise InvalidRecordError(f"content must be a string (Document.page_content): {content!r}")
        if not isinstance(metadata, dict):
            raise InvalidRecordError(f"metadata must be an object (Document.metadata): {metadata!r}")
        title = record.get("title")
        metadata = {**metadata, "score": record.get("score"), "title": title}
        doc_id = metadata.get("document_id") or title or ""
        documents.append(DifyDocument(content=content, score=record.get("score"), title=title,
                                      document_id=str(doc_id), document_name=title or "", metadata=metadata))
    # no threshold, no dedup for external records; Dify numbers its citations in this order
    return sorted(documents, key=lambda d: d.score or 0.0, reverse=True)


def retrieve(client: Client, endpoint: str, api_key: str, knowledge_id: str, query: str, top_k: int | None = 4,
             score_threshold: float = 0.5, score_threshold_enabled: bool = False,
             metadata_condition: dict[str, Any] | None = None) -> list[DifyDocument]:
    """build_request + POST (body as json.dumps, redirects followed, as Dify) + parse_response. Defaults: what
    Dify's connect form starts with (top_k 4, threshold 0.5, switch off)."""
    url, headers, body = build_request(endpoint, api_key, knowledge_id, query, top_k, score_threshold,
                                       score_threshold_enabled, metadata_condition)
    response = client.post(url, content=json.dumps(body), headers=headers, follow_redirects=True)
    try:
        payload = response.json()
    except ValueError:
        payload = INVALID_JSON
    return parse_response(response.status_code, payload, response.text)
