"""The service's Prometheus metrics: requests and their latency per route and status, time per pipeline stage,
questions and abstentions, and the index in service (size, age, version), in a registry of each app's own."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from service.engine import Engine
from service.pipeline import AskResult

CONTENT_TYPE = CONTENT_TYPE_LATEST
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class IndexCollector(Collector):
    """The index in service, read when scraped: whether one is loaded, its chunks, documents, age and version."""

    def __init__(self, current: Callable[[], Engine | None], clock: Callable[[], float] = time.time) -> None:
        self.current = current
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        engine = self.current()
        yield GaugeMetricFamily("poaqa_index_loaded", "1 when an index is in service", value=int(engine is not None))
        if engine is None:
            return
        manifest = engine.bundle.manifest
        yield GaugeMetricFamily("poaqa_index_chunks", "chunks of the index in service", value=len(engine.bundle.chunks))
        yield GaugeMetricFamily("poaqa_index_documents", "documents of the index in service",
                                value=len(engine.bundle.documents))
        built_at = str(manifest.get("built_at", ""))
        try:
            age = self.clock() - datetime.fromisoformat(built_at).timestamp()
        except ValueError:
            age = float("nan")
        yield GaugeMetricFamily("poaqa_index_age_seconds", "seconds since the index in service was built", value=age)
        info = GaugeMetricFamily("poaqa_index_info", "the index in service (value 1)",
                                 labels=["version", "encoder", "english_encoder", "built_at"])
        info.add_metric([engine.version or "", engine.bundle.encoder_name, engine.bundle.english_encoder_name or "",
                         built_at], 1)
        yield info


class Metrics:
    """One app's metrics; ``exposition()`` is the text /metrics answers."""

    def __init__(self, current: Callable[[], Engine | None]) -> None:
        self.registry = CollectorRegistry()
        labels = ["route", "method", "status"]
        self.requests = Counter("poaqa_http_requests", "HTTP requests answered", labels, registry=self.registry)
        self.latency = Histogram("poaqa_http_request_duration_seconds", "time to answer an HTTP request", labels,
                                 buckets=REQUEST_BUCKETS, registry=self.registry)
        self.stages = Histogram("poaqa_pipeline_stage_duration_seconds", "time spent in each stage of the pipeline",
                                ["stage"], buckets=STAGE_BUCKETS, registry=self.registry)
        self.questions = Counter("poaqa_questions", "questions answered by the pipeline", ["route"],
                                 registry=self.registry)
        self.abstentions = Counter("poaqa_abstentions", "questions the documents do not answer (answerable false)",
                                   ["route"], registry=self.registry)
        self.swaps = Counter("poaqa_index_swaps", "times a new index was put in service", registry=self.registry)
        self.load_failures = Counter("poaqa_index_load_failures", "new indexes that failed to load or verify",
                                     registry=self.registry)
        self.registry.register(IndexCollector(current))

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route, method, str(status)).observe(seconds)

    def observe_answer(self, route: str, result: AskResult) -> None:
        for stage, ms in result.stages_ms.items():
            self.stages.labels(stage).observe(ms / 1000)
        self.questions.labels(route).inc()
        if not result.verdict.answerable:
            self.abstentions.labels(route).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
