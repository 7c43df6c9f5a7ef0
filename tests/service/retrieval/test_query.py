"""The query-vector cache: shared by request threads, it never makes one wait for another's encoding."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from service.retrieval.query import QueryEncoder


class Rendezvous:
    """A FAKE encoder whose calls each wait until two are in progress at once: it hangs (then fails) if the cache
    lets only one through at a time."""

    name, dim = "rendezvous", 4

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2, timeout=30)
        self.calls = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.barrier.wait()
        return np.full((len(texts), self.dim), float(len(texts[0])), dtype=np.float32)


def test_two_new_questions_are_encoded_at_once_and_then_remembered() -> None:
    encoder = Rendezvous()
    queries = QueryEncoder(encoder)
    with ThreadPoolExecutor(max_workers=2) as threads:
        first, second = threads.map(queries.vector, ["问题", "另一个问题"])
    assert first[0] == 2.0 and second[0] == 5.0 and not first.flags.writeable
    assert queries.vector("问题") is first and encoder.calls == 2
    assert queries.cached("问题") is first and queries.cached("第三个问题") is None  # looked up, not encoded
    queries.forget()
    encoder.barrier = threading.Barrier(1)
    queries.vector("问题")
    assert encoder.calls == 3
