"""Run a dataset through the public HTTP API (TestClient in-process, httpx.Client for a URL) -> a SystemRun."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from eval.dataset import EvalItem
from eval.metrics import SystemReport, evaluate_run

logger = logging.getLogger(__name__)


class EvalRunError(RuntimeError):
    """The service answered an evaluation request with an error, or could not be reached."""


class HttpResponse(Protocol):
    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


class HttpClient(Protocol):
    """What the runner needs of a client: httpx.Client (--url) and fastapi's TestClient (in-process) both fit."""

    def get(self, url: str) -> HttpResponse: ...

    def post(self, url: str, *, json: Any = None) -> HttpResponse: ...


@dataclass(frozen=True, slots=True)
class CorpusChunk:
    """One retrievable unit of a system, with the file it comes from: what qrels are built from."""

    chunk_id: str
    file: str
    text: str


@dataclass(frozen=True, slots=True)
class Passage:
    """A returned passage; ``spans`` are its citation's runs of the original (empty: no citation)."""

    chunk_id: str
    rank: int
    score: float
    text: str
    file: str
    label: str
    doc_id: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    """What a system returned for one question; ``answerable``/``confidence`` are None when not reported."""

    qid: str
    passages: tuple[Passage, ...]
    latency_ms: float
    answerable: bool | None = None
    confidence: float | None = None
    answer_text: str | None = None  # the answer sentence, when the system gave one


@dataclass(frozen=True, slots=True)
class SystemRun:
    """One system's answers to a dataset, keyed by question id, and the corpus its chunk ids refer to."""

    name: str
    mode: str
    answers: dict[str, Answer]
    chunks: tuple[CorpusChunk, ...]
    has_citations: bool = True


def _json(response: HttpResponse, what: str) -> Any:
    if response.status_code != 200:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        raise EvalRunError(f"{what}: HTTP {response.status_code}: {detail}")
    return response.json()


def _request(client: HttpClient, url: str, what: str, body: dict[str, Any] | None = None) -> HttpResponse:
    """GET ``url``, or POST ``body`` to it."""
    try:
        return client.get(url) if body is None else client.post(url, json=body)
    except httpx.HTTPError as e:
        raise EvalRunError(f"{what}: {e}; is the service running at that address?") from e


def fetch_chunks(client: HttpClient) -> tuple[CorpusChunk, ...]:
    """Every chunk of every document the service serves (GET /v1/documents, then each document once)."""
    documents = _json(_request(client, "/v1/documents", "listing documents"), "listing documents")
    chunks: list[CorpusChunk] = []
    for document in documents:
        what = f"fetching document {document['doc_id']}"
        detail = _json(_request(client, f"/v1/documents/{document['doc_id']}", what), what)
        chunks.extend(CorpusChunk(chunk_id=p["chunk_id"], file=document["file"], text=p["text"])
                      for p in detail["paragraphs"])
    return tuple(chunks)


def fetch_sources(client: HttpClient, doc_ids: Iterable[str]) -> dict[str, str]:
    """The original text of each document, fetched once per doc_id (GET /v1/documents/{doc_id}/source)."""
    sources: dict[str, str] = {}
    for doc_id in sorted(set(doc_ids)):
        what = f"fetching the source of {doc_id}"
        response = _request(client, f"/v1/documents/{doc_id}/source", what)
        if response.status_code != 200:
            _json(response, what)
        sources[doc_id] = response.text
    return sources


def _passage(data: dict[str, Any]) -> Passage:
    citation = data["citation"]
    return Passage(chunk_id=data["chunk_id"], rank=int(data["rank"]), score=float(data["score"]), text=data["text"],
                   file=citation["file"], label=citation.get("label", ""), doc_id=citation["doc_id"],
                   spans=tuple((int(s), int(e)) for s, e in citation.get("spans", ())))


def ask(client: HttpClient, item: EvalItem, top_k: int, mode: str | None) -> tuple[Answer, str]:
    """Ask one question (mode None: the service's default); return the answer and the mode that answered."""
    body: dict[str, Any] = {"question": item.question, "top_k": top_k}
    if mode is not None:
        body["mode"] = mode
    what = f"asking {item.id}"
    started = time.perf_counter()
    response = _request(client, "/v1/ask", what, body)
    latency_ms = (time.perf_counter() - started) * 1000
    data = _json(response, what)
    answerable = data.get("answerable")
    confidence = data.get("confidence")
    sentence = data.get("answer")
    answer = Answer(qid=item.id, passages=tuple(_passage(p) for p in data["passages"]), latency_ms=latency_ms,
                    answerable=None if answerable is None else bool(answerable),
                    confidence=None if confidence is None else float(confidence),
                    answer_text=str(sentence["text"]) if sentence else None)
    return answer, str(data.get("mode", mode or "default"))


def run_service(client: HttpClient, items: Sequence[EvalItem], top_k: int, *, name: str, mode: str | None = None,
                chunks: tuple[CorpusChunk, ...] | None = None) -> SystemRun:
    """Ask every question through POST /v1/ask; ``chunks`` (from fetch_chunks) is fetched when not given."""
    chunks = fetch_chunks(client) if chunks is None else chunks
    answers: dict[str, Answer] = {}
    modes: set[str] = set()
    for item in items:
        answers[item.id], answered_by = ask(client, item, top_k, mode)
        modes.add(answered_by)
    logger.info("%s: asked %d questions", name, len(items))
    return SystemRun(name=name, mode="/".join(sorted(modes)) or (mode or "default"), answers=answers, chunks=chunks)


def evaluate_service(client: HttpClient, items: Sequence[EvalItem], top_k: int, *, name: str,
                     mode: str | None = None, chunks: tuple[CorpusChunk, ...] | None = None,
                     ) -> tuple[SystemRun, SystemReport]:
    """Run the dataset through the API, fetch the sources its passages cite, and score the run."""
    run = run_service(client, items, top_k, name=name, mode=mode, chunks=chunks)
    cited = {p.doc_id for answer in run.answers.values() for p in answer.passages if p.doc_id}
    return run, evaluate_run(items, run, fetch_sources(client, cited))
