"""VectorIndex (FAISS in memory, or Milvus) and KeywordIndex (BM25) implementations; all speak in row numbers."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

import bm25s
import faiss
import numpy as np

from indexer.errors import IndexFormatError, VectorStoreError
from indexer.tokenize import Tokenizer, get_tokenizer

if TYPE_CHECKING:  # pymilvus (and the pyarrow it pulls) is the optional `milvus` extra, imported when first used
    from pymilvus import MilvusClient

logger = logging.getLogger(__name__)

Scored = list[tuple[int, float]]  # (row, score), best first

# bm25s sets its own logger to DEBUG on import, so its "Building index from tokens" reached the console
logging.getLogger("bm25s").setLevel(logging.WARNING)


class VectorIndex(Protocol):
    """L2-normalised vectors by row number, searched by inner product (= cosine)."""

    def __len__(self) -> int: ...

    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> list[Scored]:
        """The ``k`` best rows of each query, best first."""
        ...

    def save(self, path: Path) -> None: ...

    @classmethod
    def load(cls, path: Path) -> Self: ...

    @classmethod
    def release(cls, path: Path) -> None:
        """Free what the table saved at ``path`` holds outside that file, before the file is deleted."""
        ...


class KeywordIndex(Protocol):
    def add(self, texts: Sequence[str]) -> None: ...

    def search(self, query: str, k: int) -> Scored: ...

    def save(self, path: Path) -> None: ...


class FaissVectorIndex:
    """Exact inner-product search: inner product = cosine because the vectors are normalised, and
    exact search is right for a few thousand vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._index: faiss.Index = faiss.IndexFlatIP(dim)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> list[Scored]:
        k = min(k, len(self))
        if k == 0:
            return [[] for _ in range(len(queries))]
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return [[(int(r), float(s)) for r, s in zip(rs, ss, strict=True) if r >= 0] for rs, ss in zip(rows, scores,
                                                                                                       strict=True)]

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> Self:
        index = faiss.read_index(str(path))
        loaded = cls(index.d)
        loaded._index = index
        return loaded

    @classmethod
    def release(cls, path: Path) -> None:
        """Nothing: the vectors are in the file itself."""


MILVUS_INSTALL = "pip install 'poa-qa[milvus]'"
# Milvus Lite (a local file) serves one process at a time: a second one is refused when opening it
LITE_BUSY = ("Milvus Lite serves one process at a time: stop the other one (a running `poaqa serve`?), or point "
             "POAQA_MILVUS_URI at a Milvus server (http://host:19530)")


@cache
def _milvus_client(uri: str) -> MilvusClient:
    """One client per URI for the process; a local file starts Milvus Lite, embedded, on first use."""
    try:
        from pymilvus import MilvusClient, MilvusException
    except ImportError as e:
        raise VectorStoreError(f"vector_store=milvus needs pymilvus; install it with {MILVUS_INSTALL}") from e
    lite = uri.endswith(".db")
    if lite:
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    try:
        return MilvusClient(uri=uri, timeout=30)
    except MilvusException as e:
        if lite and "milvus-lite is required" in str(e):
            raise VectorStoreError(f"{uri} is a Milvus Lite file, which needs milvus-lite; install it with "
                                   f"{MILVUS_INSTALL}") from e
        hint = LITE_BUSY if lite else "start it, or point POAQA_MILVUS_URI at a running Milvus"
        raise VectorStoreError(f"cannot open Milvus at {uri} ({e.message}); {hint}") from e


def _milvus_call(uri: str, what: str, call: Any, *args: Any, **kwargs: Any) -> Any:
    """``call(*args, **kwargs)`` on the client of ``uri``, a failure translated into a VectorStoreError."""
    from pymilvus import MilvusException

    try:
        return call(*args, **kwargs)
    except MilvusException as e:
        raise VectorStoreError(f"Milvus at {uri} failed to {what}: {e.message}") from e


def _collection_name(table: str) -> str:
    """A name no other build uses: a build writes collections of its own and never touches the current ones."""
    return f"poaqa_{table}_{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}_{secrets.token_hex(4)}"


class MilvusVectorIndex:
    """Exact inner-product search in a Milvus collection: Milvus Lite embedded (a local file) or a Milvus server
    (standalone or cluster, by URI). Row numbers are the primary keys; the FLAT index is exact, so results equal
    FAISS's.

    The vectors added go to a new collection when the table is saved; the file saved is a pointer to it (URI,
    collection, dim, row count and the SHA-256 of the vectors, which a property of the collection repeats once
    every row is in), so a collection that is missing, incomplete or holds other vectors is refused on load.
    """

    SUFFIX = ".milvus.json"
    CHECKSUM = "poaqa.sha256"  # the collection property that holds the SHA-256 of its vectors
    BATCH = 2000  # rows per insert: a few MB at the usual dimensions, far below gRPC's message limit
    _POINTER_FIELDS = {"uri": str, "collection": str, "table": str, "dim": int, "count": int, "sha256": str}

    def __init__(self, dim: int, uri: str, table: str) -> None:
        self.dim = dim
        self.uri = uri
        self.table = table
        self.collection: str | None = None  # named when saved
        self._pending: list[np.ndarray] = []
        self._count = 0
        self._digest = hashlib.sha256()

    def __len__(self) -> int:
        return self._count

    def add(self, vectors: np.ndarray) -> None:
        """Keep ``vectors`` for ``save`` to write; a saved table is complete (a new build writes a new one)."""
        if self.collection is not None:
            raise VectorStoreError(f"the Milvus table {self.table} is saved as {self.collection}; it takes no more "
                                   "rows (build a new index instead)")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self._pending.append(vectors)
        self._digest.update(vectors.tobytes())
        self._count += len(vectors)

    def search(self, queries: np.ndarray, k: int) -> list[Scored]:
        k = min(k, len(self))
        if k == 0 or not len(queries):
            return [[] for _ in range(len(queries))]
        if self.collection is None:
            raise VectorStoreError(f"the Milvus table {self.table} is not saved yet: its rows are searchable once "
                                   "save() has written them")
        client = _milvus_client(self.uri)
        results = _milvus_call(self.uri, f"search {self.collection}", client.search, self.collection,
                               data=np.ascontiguousarray(queries, dtype=np.float32), limit=k,
                               search_params={"metric_type": "IP"}, output_fields=["row"])
        return [[(int(row), float(score)) for row, score in zip(hits.ids, hits.distances, strict=True)]
                for hits in results]

    def save(self, path: Path) -> None:
        """Write the rows into a new collection and the pointer to it at ``path`` (the pointer first: a save killed
        half-way leaves a pointer through which ``release`` finds the collection)."""
        first = self.collection is None
        if first:
            self.collection = _collection_name(self.table)
        pointer = {"uri": self.uri, "collection": self.collection, "table": self.table, "dim": self.dim,
                   "count": self._count, "sha256": self._digest.hexdigest()}
        path.write_text(json.dumps(pointer, indent=2))
        if first:
            self._write(np.concatenate(self._pending) if self._pending else np.zeros((0, self.dim), np.float32))
            self._pending = []

    def _write(self, vectors: np.ndarray) -> None:
        from pymilvus import DataType, MilvusClient

        client, name = _milvus_client(self.uri), str(self.collection)
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        index = client.prepare_index_params()
        # FLAT: exact search, as FAISS's IndexFlatIP; inner product = cosine because the vectors are normalised
        index.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        # Strong: a search sees every row written before it (the build reads its collections back at once)
        _milvus_call(self.uri, f"create {name}", client.create_collection, name, schema=schema, index_params=index,
                     consistency_level="Strong")
        for start in range(0, len(vectors), self.BATCH):
            batch = vectors[start: start + self.BATCH]
            _milvus_call(self.uri, f"insert into {name}", client.insert, name,
                         [{"row": start + i, "vector": v} for i, v in enumerate(batch)])
        _milvus_call(self.uri, f"flush {name}", client.flush, name)
        # last: a collection with its checksum holds every row (one without was written by a killed save)
        _milvus_call(self.uri, f"label {name}", client.alter_collection_properties, name,
                     properties={self.CHECKSUM: self._digest.hexdigest()})

    @classmethod
    def _pointer(cls, path: Path) -> dict[str, Any]:
        try:
            pointer = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise IndexFormatError(f"{path} cannot be read as a Milvus pointer ({e}); rebuild with `poaqa index "
                                   "--force`", reason=f"{path.name} is unreadable") from e
        fields = cls._POINTER_FIELDS
        if not (isinstance(pointer, dict) and all(isinstance(pointer.get(k), t) for k, t in fields.items())):
            wanted = ", ".join(f"{k} ({t.__name__})" for k, t in fields.items())
            raise IndexFormatError(f"{path} is not a Milvus pointer: it must hold {wanted}; rebuild with `poaqa "
                                   "index --force`", reason=f"{path.name} is malformed")
        return pointer

    @classmethod
    def _find(cls, path: Path) -> tuple[dict[str, Any], MilvusClient, bool]:
        """The pointer at ``path``, the client of its Milvus, and whether its collection is there."""
        pointer = cls._pointer(path)
        uri, name = pointer["uri"], pointer["collection"]
        client = _milvus_client(uri)
        return pointer, client, bool(_milvus_call(uri, f"look up {name}", client.has_collection, name))

    @classmethod
    def load(cls, path: Path) -> Self:
        """Reconnect to the collection ``path`` points at, once it holds the rows the pointer describes."""
        pointer, client, exists = cls._find(path)
        uri, name = pointer["uri"], pointer["collection"]

        def stale(problem: str) -> IndexFormatError:
            return IndexFormatError(f"{path}: the Milvus collection {name} at {uri} {problem}; rebuild with `poaqa "
                                    "index --force`", reason=f"the Milvus collection {name} {problem}")

        if not exists:
            raise stale("is missing")
        checksum = _milvus_call(uri, f"describe {name}", client.describe_collection, name)["properties"].get(
            cls.CHECKSUM)
        if checksum is None:
            raise stale("is incomplete (its save did not finish)")
        if checksum != pointer["sha256"]:
            raise stale("holds other vectors than the index was built with")
        _milvus_call(uri, f"load {name}", client.load_collection, name)
        [counted] = _milvus_call(uri, f"count {name}", client.query, name, output_fields=["count(*)"])
        if counted["count(*)"] != pointer["count"]:
            raise stale(f"has {counted['count(*)']} rows, not the {pointer['count']} it was built with")
        loaded = cls(pointer["dim"], uri, pointer["table"])
        loaded.collection, loaded._count = name, pointer["count"]
        return loaded

    @classmethod
    def release(cls, path: Path) -> None:
        """Drop the collection ``path`` points at, if it is there."""
        try:
            pointer, client, exists = cls._find(path)
        except IndexFormatError:
            return  # a pointer cut short by a kill: it is written before its collection, so there is none
        uri, name = pointer["uri"], pointer["collection"]
        if exists:
            _milvus_call(uri, f"drop {name}", client.drop_collection, name)
            logger.info("dropped the Milvus collection %s at %s", name, uri)


VECTOR_INDEXES: dict[str, type[VectorIndex]] = {"faiss": FaissVectorIndex, "milvus": MilvusVectorIndex}


@dataclass(frozen=True, slots=True)
class VectorStore:
    """Where an index keeps its vector tables: "faiss" (files in the index folder, searched in memory) or "milvus"
    (collections at ``uri``: a local file for Milvus Lite, embedded, or http://host:19530 for a server)."""

    name: str = "faiss"
    uri: str = ""

    def make(self, dim: int, table: str) -> VectorIndex:
        """An empty table of ``dim``-dimensional vectors; ``table`` names its collection in Milvus."""
        if self.name not in VECTOR_INDEXES:
            raise VectorStoreError(f"unknown vector store {self.name!r}; known: {', '.join(VECTOR_INDEXES)}")
        return MilvusVectorIndex(dim, self.uri, table) if self.name == "milvus" else FaissVectorIndex(dim)

    def record(self) -> dict[str, str]:
        """What the index manifest records of the store: a change of either means another index."""
        return {"name": self.name, "uri": self.uri} if self.name == "milvus" else {"name": self.name}


class Bm25KeywordIndex:
    """BM25 (bm25s, Lucene variant) over an injected tokenizer, applied alike to texts and queries."""

    META = "keyword.json"
    # every file save() writes: its own META and what bm25s.BM25.save writes (a load needs them all)
    FILES = (META, "params.index.json", "vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy",
             "indptr.csc.index.npy")

    def __init__(self, tokenizer_name: str = "char-ngrams") -> None:
        self.tokenizer_name = tokenizer_name
        self._tokenize: Tokenizer = get_tokenizer(tokenizer_name)
        self._bm25 = bm25s.BM25()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, texts: Sequence[str]) -> None:
        """Index all texts at once (BM25 statistics are corpus-wide, so this replaces what was there)."""
        self._bm25 = bm25s.BM25()
        self._bm25.index([self._tokenize(t) or [""] for t in texts], show_progress=False)
        self._size = len(texts)

    def score_all(self, query: str) -> np.ndarray:
        """BM25 score of every row for ``query`` (zeros when no query term is indexed)."""
        if not self._size:
            return np.zeros(0, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        tokens = [t for t in self._tokenize(query) if t in vocab]
        if not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int) -> Scored:
        scores = self.score_all(query)
        rows = np.argsort(-scores, kind="stable")[:k]
        return [(int(r), float(scores[r])) for r in rows if scores[r] > 0]

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(path), show_progress=False)
        (path / self.META).write_text(json.dumps({"tokenizer": self.tokenizer_name, "size": self._size}))

    @classmethod
    def load(cls, path: Path) -> Self:
        meta = json.loads((path / cls.META).read_text())
        loaded = cls(meta["tokenizer"])
        loaded._bm25 = bm25s.BM25.load(str(path), show_progress=False, verbosity=0)
        loaded._size = int(meta["size"])
        return loaded
