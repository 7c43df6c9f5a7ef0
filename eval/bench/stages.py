"""In-process timings of every step of the AskPipeline over a question set, with the query encoder timed alone."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

from eval.bench.stats import Summary, summarize
from indexer.encode import Encoder
from service.pipeline import AskPipeline, AskQuery
from service.question.analyze import Question
from service.question.normalize import normalize_question

ENCODE = "query encode (alone)"
NORMALISE = "normalise (inside analyze)"
NEW = "ask, new question"
REPEATED = "ask, repeated question"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def forget(pipeline: AskPipeline) -> None:
    """Empty every route's query-vector cache: the next questions are encoded anew."""
    for route in pipeline.routes:
        route.queries.forget()


def judged_by(pipeline: AskPipeline, question: Question) -> Encoder:
    """The encoder whose passages judge ``question`` (the one its verdict waits for; a second one, ranking it,
    encodes it at the same time)."""
    return pipeline.routes_for(question)[1].queries.encoder


def time_stages(pipeline: AskPipeline, questions: Sequence[str], *, top_k: int = 10) -> dict[str, Summary]:
    """Per question: asked new (the query-vector cache emptied first), the text the dense lists read encoded alone,
    the question normalised alone, then asked again (the vector now cached). Returns summaries by name: the encoder
    alone, normalisation, every stage of the repeated ask (free of the encoder: the vector is cached), and the whole
    ask, new and repeated. The first question is asked once before, untimed: the first call pays lazy loading."""
    samples: dict[str, list[float]] = defaultdict(list)
    pipeline.ask(AskQuery(question=questions[0], top_k=top_k))
    for question in questions:
        forget(pipeline)
        new = pipeline.ask(AskQuery(question=question, top_k=top_k))
        started = time.perf_counter()
        judged_by(pipeline, new.question).encode_queries([new.question.dense_text])
        samples[ENCODE].append(_ms(started))
        started = time.perf_counter()
        normalize_question(question)
        samples[NORMALISE].append(_ms(started))
        repeated = pipeline.ask(AskQuery(question=question, top_k=top_k))
        for stage, milliseconds in repeated.stages_ms.items():
            samples[stage].append(milliseconds)
        samples[NEW].append(new.took_ms)
        samples[REPEATED].append(repeated.took_ms)
    return {name: summarize(values) for name, values in samples.items()}


def time_long_question(pipeline: AskPipeline, question: str, *, repeat: int = 3) -> dict[str, Summary]:
    """A long question (the longest allowed) asked new ``repeat`` times: the whole ask, its analysis, and the
    encoder alone on it (what the query-token bound keeps short)."""
    samples: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeat):
        forget(pipeline)
        result = pipeline.ask(AskQuery(question=question))
        samples[NEW].append(result.took_ms)
        samples["analyze"].append(result.stages_ms["analyze"])
        started = time.perf_counter()
        judged_by(pipeline, result.question).encode_queries([result.question.dense_text])
        samples[ENCODE].append(_ms(started))
    return {name: summarize(values) for name, values in samples.items()}
