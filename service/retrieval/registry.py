"""RANKERS: every ranking list by the name settings use; a new list is one class here and one entry below."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from indexer.index import IndexBundle
from service.retrieval.base import Ranker
from service.retrieval.bm25 import Bm25Ranker
from service.retrieval.clause import ClauseRanker
from service.retrieval.dense import DenseRanker
from service.retrieval.mapped import MappedRanker
from service.retrieval.query import QueryEncoder

RANKERS: dict[str, Callable[[IndexBundle, QueryEncoder], Ranker]] = {
    "dense": DenseRanker,
    "clause": ClauseRanker,
    "bm25": Bm25Ranker,
    "mapped": MappedRanker,
}


def check_ranker_names(names: Sequence[str]) -> tuple[str, ...]:
    """``names``, when every one is a ranker; else an error listing the known ones."""
    unknown = [name for name in names if name not in RANKERS]
    if unknown:
        raise ValueError(f"unknown ranker(s) {', '.join(unknown)}; known: {', '.join(RANKERS)}")
    return tuple(names)


def make_rankers(names: Sequence[str], bundle: IndexBundle, queries: QueryEncoder) -> dict[str, Ranker]:
    check_ranker_names(names)
    return {name: RANKERS[name](bundle, queries) for name in names}
