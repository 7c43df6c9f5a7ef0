"""Mapped dense ranking: an English question's vector moved by the linear map learned from labelled English questions
(`poaqa fit-query-map`) toward the passages that answered them, against every paragraph's vector: a list of its own,
fused with the others, for the encoder whose vectors the map was fitted on."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.index import IndexBundle
from service.question.analyze import Question
from service.retrieval.base import DocumentRows, Scored
from service.retrieval.query import QueryEncoder

QUERY_MAP = Path(__file__).resolve().parent.parent / "query-map.npz"
MAPPED_LANGUAGE = "en"  # the map was fitted on questions asked in English only


class QueryMapError(ValueError):
    """A query-map file that cannot be read as one."""


@dataclass(frozen=True, slots=True)
class QueryMap:
    """A square matrix that moves a question vector of ``encoder`` (the index manifest's name of it), and where it
    came from (the labelled sets it was fitted on and the command that fitted it)."""

    matrix: np.ndarray
    encoder: str
    about: dict[str, object]

    def apply(self, vector: np.ndarray) -> np.ndarray:
        moved = self.matrix @ vector
        return (moved / np.linalg.norm(moved)).astype(np.float32)

    def save(self, path: Path) -> None:
        """Written whole or not at all (a temporary file renamed), the matrix as float32."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as out:
            np.savez(out, matrix=self.matrix.astype(np.float32), encoder=np.array(self.encoder),
                     about=np.array(json.dumps(self.about, ensure_ascii=False, sort_keys=True)))
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> QueryMap:
        try:
            with np.load(path, allow_pickle=False) as data:
                matrix, encoder, about = data["matrix"], str(data["encoder"]), json.loads(str(data["about"]))
        except (OSError, ValueError, KeyError) as e:
            raise QueryMapError(f"{path}: not a query map ({e})") from e
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise QueryMapError(f"{path}: the map is {matrix.shape}, not a square matrix")
        return cls(matrix=matrix.astype(np.float32), encoder=encoder, about=about)


def shipped_map_for(bundle: IndexBundle) -> QueryMap | None:
    """The shipped map, when it was fitted on the vectors of ``bundle``'s encoder; else None (no mapped list)."""
    if not QUERY_MAP.exists():
        return None
    query_map = QueryMap.load(QUERY_MAP)
    return query_map if query_map.encoder == bundle.manifest["encoder"]["name"] else None


class MappedRanker:
    name = "mapped"
    # the verdict reads the passages its calibration was fitted on, ranked without the map (eval/RESULTS.md,
    # thirty-sixth round)
    shown_only = True

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder, query_map: QueryMap | None = None) -> None:
        """``query_map``: the shipped one for ``bundle``'s encoder unless given; without one the list is empty."""
        self.bundle = bundle
        self.queries = queries
        self.documents = DocumentRows(bundle)
        self.query_map = shipped_map_for(bundle) if query_map is None else query_map
        dim = bundle.manifest["encoder"]["dim"]
        if self.query_map is not None and self.query_map.matrix.shape[0] != dim:
            raise QueryMapError(f"the query map is {self.query_map.matrix.shape[0]}-dimensional; the index's "
                                f"vectors are {dim}-dimensional")

    def rank(self, question: Question, doc_ids: Collection[str] | None, limit: int) -> Scored:
        if self.query_map is None or question.language != MAPPED_LANGUAGE:
            return []
        vector = self.query_map.apply(self.queries.vector(question.dense_text))[None, :]
        [scored] = self.bundle.vectors.search(vector, limit, self.documents.of(doc_ids))
        return scored
