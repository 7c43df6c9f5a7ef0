"""Run a dataset through a system -> a SystemRun: in process through the AskPipeline, or through the HTTP API of a
running service (--url)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import httpx

from eval.dataset import EvalItem
from eval.metrics import SystemReport, evaluate_run
from eval.run import Answer, CorpusChunk, Passage, SystemRun
from service.pipeline import AskPipeline, AskQuery, Mode

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (system name, questions done, questions in all)


class EvalRunError(RuntimeError):
    """The service answered an evaluation request with an error, or could not be reached."""


class Backend(Protocol):
    """A system to evaluate: it lists its chunks, shows the original text of a document and answers questions."""

    def chunks(self) -> tuple[CorpusChunk, ...]: ...

    def sources(self, doc_ids: Iterable[str]) -> dict[str, str]: ...

    def ask(self, item: EvalItem, top_k: int, mode: Mode | None) -> tuple[Answer, str]:
        """The answer to one question (mode None: the system's default) and the mode that answered."""
        ...


class PipelineBackend:
    """The AskPipeline in this process: the same code path as /v1/ask, without HTTP."""

    def __init__(self, pipeline: AskPipeline) -> None:
        self.pipeline = pipeline

    def chunks(self) -> tuple[CorpusChunk, ...]:
        bundle = self.pipeline.bundle
        return tuple(CorpusChunk(chunk_id=c.chunk_id, file=bundle.documents[c.doc_id].file, text=c.text)
                     for c in bundle.chunks)

    def sources(self, doc_ids: Iterable[str]) -> dict[str, str]:
        return {doc_id: self.pipeline.bundle.documents[doc_id].text for doc_id in sorted(set(doc_ids))}

    def ask(self, item: EvalItem, top_k: int, mode: Mode | None) -> tuple[Answer, str]:
        started = time.perf_counter()
        result = self.pipeline.ask(AskQuery(question=item.question, top_k=top_k, mode=mode or "hybrid"))
        latency_ms = (time.perf_counter() - started) * 1000
        passages = tuple(Passage(chunk_id=h.chunk.chunk_id, rank=h.rank, score=h.score, text=h.chunk.text,
                                 file=h.citation.file, label=h.citation.label, doc_id=h.citation.doc_id,
                                 spans=h.citation.spans) for h in result.hits)
        verdict = result.verdict
        answer = Answer(qid=item.id, passages=passages, latency_ms=latency_ms, answerable=verdict.answerable,
                        confidence=verdict.confidence, answer_text=verdict.answer.text if verdict.answer else None)
        return answer, result.query.mode


class HttpResponse(Protocol):
    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


class HttpClient(Protocol):
    """What the HTTP backend needs of a client: httpx.Client and fastapi's TestClient both fit."""

    def get(self, url: str) -> HttpResponse: ...

    def post(self, url: str, *, json: Any = None) -> HttpResponse: ...


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


def _passage(data: dict[str, Any]) -> Passage:
    citation = data["citation"]
    return Passage(chunk_id=data["chunk_id"], rank=int(data["rank"]), score=float(data["score"]), text=data["text"],
                   file=citation["file"], label=citation.get("label", ""), doc_id=citation["doc_id"],
                   spans=tuple((int(s), int(e)) for s, e in citation.get("spans", ())))


class HttpBackend:
    """A service's public HTTP API (httpx.Client for --url, TestClient in tests)."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    def chunks(self) -> tuple[CorpusChunk, ...]:
        """Every chunk of every document the service serves (GET /v1/documents, then each document once)."""
        documents = _json(_request(self.client, "/v1/documents", "listing documents"), "listing documents")
        chunks: list[CorpusChunk] = []
        for document in documents:
            what = f"fetching document {document['doc_id']}"
            detail = _json(_request(self.client, f"/v1/documents/{document['doc_id']}", what), what)
            chunks.extend(CorpusChunk(chunk_id=p["chunk_id"], file=document["file"], text=p["text"])
                          for p in detail["paragraphs"])
        return tuple(chunks)

    def sources(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The original text of each document, fetched once per doc_id (GET /v1/documents/{doc_id}/source)."""
        sources: dict[str, str] = {}
        for doc_id in sorted(set(doc_ids)):
            what = f"fetching the source of {doc_id}"
            response = _request(self.client, f"/v1/documents/{doc_id}/source", what)
            if response.status_code != 200:
                _json(response, what)
            sources[doc_id] = response.text
        return sources

    def ask(self, item: EvalItem, top_k: int, mode: Mode | None) -> tuple[Answer, str]:
        body: dict[str, Any] = {"question": item.question, "top_k": top_k}
        if mode is not None:
            body["mode"] = mode
        what = f"asking {item.id}"
        started = time.perf_counter()
        response = _request(self.client, "/v1/ask", what, body)
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


def run_system(backend: Backend, items: Sequence[EvalItem], top_k: int, *, name: str, mode: Mode | None = None,
               chunks: tuple[CorpusChunk, ...] | None = None, progress: Progress | None = None) -> SystemRun:
    """Ask every question; ``chunks`` (from backend.chunks()) is fetched when not given."""
    chunks = backend.chunks() if chunks is None else chunks
    answers: dict[str, Answer] = {}
    modes: set[str] = set()
    for done, item in enumerate(items, start=1):
        answers[item.id], answered_by = backend.ask(item, top_k, mode)
        modes.add(answered_by)
        if progress:
            progress(name, done, len(items))
    logger.info("%s: asked %d questions", name, len(items))
    return SystemRun(name=name, mode="/".join(sorted(modes)) or (mode or "default"), answers=answers, chunks=chunks)


def evaluate_system(backend: Backend, items: Sequence[EvalItem], top_k: int, *, name: str, mode: Mode | None = None,
                    chunks: tuple[CorpusChunk, ...] | None = None, progress: Progress | None = None,
                    ) -> tuple[SystemRun, SystemReport]:
    """Run the dataset, fetch the sources its passages cite, and score the run."""
    run = run_system(backend, items, top_k, name=name, mode=mode, chunks=chunks, progress=progress)
    cited = {p.doc_id for answer in run.answers.values() for p in answer.passages if p.doc_id}
    return run, evaluate_run(items, run, backend.sources(cited))
