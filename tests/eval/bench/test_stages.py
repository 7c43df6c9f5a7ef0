"""In-process stage timings on the FAKE-encoder index: every stage is timed once per question, a new question is
encoded, a repeated one is not."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from eval.bench.stages import ENCODE, NEW, NORMALISE, REPEATED, time_long_question, time_stages
from indexer.encode import Encoder
from service.config import Settings
from service.deps import Engine
from service.pipeline import AskPipeline

QUESTIONS = ["2018年第三次审议大会在哪里举行？", "各国应如何标识小武器？", "什么是国际追查文书？"]


class CountingQueries:
    """The FAKE encoder, counting the questions it encodes."""

    def __init__(self, encoder: Encoder) -> None:
        self.name, self.dim = encoder.name, encoder.dim
        self._encoder = encoder
        self.queries = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encoder.encode_passages(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.queries += len(texts)
        return self._encoder.encode_queries(texts)


def test_every_stage_is_timed_once_per_question_and_only_new_questions_are_encoded(
        fake_engine: Engine, fake_settings: Settings) -> None:
    encoder = CountingQueries(fake_engine.encoder)
    stages = time_stages(AskPipeline(fake_engine.bundle, encoder, fake_settings), QUESTIONS)
    assert set(stages) == {ENCODE, NORMALISE, "analyze", "dense", "clause", "bm25", "fusion", "judge", NEW,
                           REPEATED}
    assert all(summary.n == len(QUESTIONS) and summary.p50 >= 0 for summary in stages.values())
    # the untimed first ask, then per question: its new ask and the encoder alone; the repeated ask hits the cache
    assert encoder.queries == 1 + 2 * len(QUESTIONS)


def test_a_long_question_is_asked_new_each_time(fake_engine: Engine, fake_settings: Settings) -> None:
    encoder = CountingQueries(fake_engine.encoder)
    timings = time_long_question(AskPipeline(fake_engine.bundle, encoder, fake_settings), "审议大会" * 250, repeat=2)
    assert set(timings) == {NEW, "analyze", ENCODE} and timings[NEW].n == 2
    assert encoder.queries == 4
