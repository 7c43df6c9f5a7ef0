"""VectorIndex (FAISS in memory, or Milvus) and KeywordIndex (BM25) implementations; all speak in row numbers."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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

    def search(self, queries: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[Scored]:
        """The ``k`` best rows of each query, best first; only among ``rows`` when given, and then every one of them
        can be found (a restricted search is exhaustive even in an approximate index)."""
        ...

    @property
    def kind(self) -> str:
        """How it searches, as the manifest records it ("flat", "hnsw", ... or "milvus")."""
        ...

    def save(self, path: Path) -> None: ...

    @classmethod
    def load(cls, path: Path) -> Self: ...

    @classmethod
    def release(cls, path: Path) -> None:
        """Free what the table saved at ``path`` holds outside that file, before the file is deleted."""
        ...


def scores_of(index: VectorIndex, query: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    """The score of one query with each of ``rows``, in their order (a search restricted to them finds them all)."""
    wanted = np.asarray(rows, dtype=np.int64)
    scores = np.full(len(wanted), -np.inf, dtype=np.float32)
    if len(wanted):
        found = dict(index.search(query[None, :], len(wanted), np.unique(wanted))[0])
        scores[:] = [found.get(int(row), -np.inf) for row in wanted]
    return scores


def best_first(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest ``scores``, highest first, equal scores by position: a stable sort's first
    ``k``, found by partitioning first (sorting every score costs 93 ms at a million rows, bench/RESULTS.md)."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]  # the k-th highest
    tied_or_better = np.flatnonzero(scores >= kth)  # ascending positions: the stable sort keeps ties by position
    return tied_or_better[np.argsort(-scores[tied_or_better], kind="stable")][:k]


class KeywordIndex(Protocol):
    def add(self, texts: Sequence[str]) -> None: ...

    def search(self, query: str, k: int, rows: np.ndarray | None = None) -> Scored: ...

    def save(self, path: Path) -> None: ...


# Which FAISS index a number of vectors gets, from the scale study (bench/RESULTS.md: `poaqa bench --scale --million`
# on shared cores, 384-dimension vectors, one query at a time): exact search (every row scored, recall 1) while one
# search costs at most about 2 ms, a tenth of a query encode (0.3 ms at 10k vectors, 5.8 ms at 100k, 51 ms at 1M);
# beyond, IVF over 8-bit vectors: recall@10 0.94 at 100k and 1M, 0.4 and 1.0 ms, a quarter of the memory of float
# vectors. HNSW and IVF-PQ are measured too and not chosen: HNSW needs 4.5 times the memory and 3 times the build time
# for a recall@10 of 0.93 at 100k and 0.69 at 1M; IVF-PQ's 48-byte codes lose near neighbours (recall@10 0.13-0.32).
EXACT_UP_TO = 30_000
HNSW_NEIGHBOURS = 32  # M: links per vector
HNSW_BUILD_DEPTH = 80  # efConstruction
HNSW_SEARCH_DEPTH = 128  # efSearch, kept in the saved index
IVF_PROBES = 64  # nprobe: lists searched per query, kept in the saved index
TRAIN_PER_LIST = 64  # an IVF index learns its lists from at most this many vectors per list (FAISS asks 39 to 256)
PQ_BYTES = 48  # bytes per vector (8 dimensions per byte for a 384-dimension model), where the dimension allows
INDEX_KINDS = ("flat", "hnsw", "ivf-sq8", "ivf-pq")


def index_kind(size: int) -> str:
    """The kind of FAISS index for ``size`` vectors (the threshold above)."""
    return "flat" if size <= EXACT_UP_TO else "ivf-sq8"


def make_faiss_index(kind: str, dim: int, size: int) -> faiss.Index:
    """An empty FAISS index of ``kind`` for about ``size`` vectors of ``dim`` dimensions, by inner product (= cosine,
    the vectors being normalised)."""
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_DEPTH
        index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        return index
    if kind in ("ivf-sq8", "ivf-pq"):
        lists = max(1, min(int(4 * size ** 0.5), size // 39))  # FAISS wants 39 training vectors per list
        ivf: faiss.IndexIVF
        if kind == "ivf-sq8":
            ivf = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, lists, faiss.ScalarQuantizer.QT_8bit,
                                                faiss.METRIC_INNER_PRODUCT)
        else:
            codes = PQ_BYTES if dim % PQ_BYTES == 0 else max(1, dim // 8)  # a byte codes 8 dimensions
            ivf = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, lists, codes, 8, faiss.METRIC_INNER_PRODUCT)
        ivf.nprobe = IVF_PROBES
        return ivf
    raise ValueError(f"unknown vector index kind {kind!r}; known: {', '.join(INDEX_KINDS)}")


def kind_of(index: faiss.Index) -> str:
    """The kind ``make_faiss_index`` names ``index`` by."""
    index = faiss.downcast_index(index)
    if isinstance(index, faiss.IndexHNSWFlat):
        return "hnsw"
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return "ivf-sq8"
    if isinstance(index, faiss.IndexIVFPQ):
        return "ivf-pq"
    return "flat"


@contextmanager
def _one_thread_for_one_query(queries: int) -> Iterator[None]:
    """One query is searched on the calling thread alone: FAISS splits it across its OpenMP threads from about 10k
    rows, and waking them costs more than it saves (at 10k rows 0.3 ms on one thread, 1.7 ms on two, 10 ms when
    another process busies a core), while the web server already answers requests in parallel. OpenMP keeps the
    thread count per calling thread, so this touches no other request."""
    if queries != 1:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class FaissVectorIndex:
    """Inner-product search (= cosine: the vectors are normalised): exact for a few thousand vectors, approximate
    (HNSW, IVF) for large corpora, where a search may return fewer than k rows."""

    def __init__(self, dim: int, kind: str = "flat", size: int = 0) -> None:
        self.dim = dim
        self._index: faiss.Index = make_faiss_index(kind, dim, size)

    @classmethod
    def for_size(cls, dim: int, size: int) -> Self:
        """An empty index of the kind ``index_kind`` chooses for ``size`` vectors."""
        return cls(dim, index_kind(size), size)

    @property
    def kind(self) -> str:
        return kind_of(self._index)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if not self._index.is_trained:  # an IVF index learns its lists (and codes) from a sample of what it holds
            wanted = TRAIN_PER_LIST * faiss.extract_index_ivf(self._index).nlist
            sample = np.random.default_rng(0).permutation(len(vectors))[:wanted] if len(vectors) > wanted else None
            self._index.train(vectors if sample is None else vectors[np.sort(sample)])
        self._index.add(vectors)

    def search(self, queries: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[Scored]:
        k = min(k, len(self) if rows is None else len(rows))
        if k == 0:
            return [[] for _ in range(len(queries))]
        with _one_thread_for_one_query(len(queries)):
            scores, found = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k,
                                               params=None if rows is None else self._only(rows, k))
        return [[(int(r), float(s)) for r, s in zip(rs, ss, strict=True) if r >= 0] for rs, ss in zip(found, scores,
                                                                                                        strict=True)]

    def matrix(self) -> np.ndarray:
        """Every vector, row by row (what a map of question vectors is fitted against, eval/query_map.py)."""
        return np.asarray(self._index.reconstruct_n(0, len(self)), dtype=np.float32)

    def _only(self, rows: np.ndarray, k: int) -> faiss.SearchParameters:
        """Search parameters that restrict a search to ``rows`` and find every one of them: an IVF index probes all
        its lists, HNSW explores at least ``k`` candidates."""
        # faiss's wrapper keeps the selector alive with the parameters; its type stubs do not know these arguments
        selector = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
        index = faiss.downcast_index(self._index)
        if isinstance(index, faiss.IndexIVF):
            return faiss.SearchParametersIVF(sel=selector, nprobe=index.nlist)  # type: ignore[call-arg]
        if isinstance(index, faiss.IndexHNSW):
            return faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
                sel=selector, efSearch=max(k, index.hnsw.efSearch))
        return faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]

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

    @property
    def kind(self) -> str:
        return "milvus"  # an exact (FLAT) inner-product index in its collection

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

    def search(self, queries: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[Scored]:
        k = min(k, len(self) if rows is None else len(rows))
        if k == 0 or not len(queries):
            return [[] for _ in range(len(queries))]
        if self.collection is None:
            raise VectorStoreError(f"the Milvus table {self.table} is not saved yet: its rows are searchable once "
                                   "save() has written them")
        client = _milvus_client(self.uri)
        results = _milvus_call(self.uri, f"search {self.collection}", client.search, self.collection,
                               data=np.ascontiguousarray(queries, dtype=np.float32), limit=k,
                               search_params={"metric_type": "IP"}, output_fields=["row"],
                               filter="" if rows is None else f"row in {[int(r) for r in rows]}")
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

    def make(self, dim: int, table: str, size: int) -> VectorIndex:
        """An empty table for ``size`` ``dim``-dimensional vectors; ``table`` names its collection in Milvus, and
        ``size`` chooses the FAISS index kind."""
        if self.name not in VECTOR_INDEXES:
            raise VectorStoreError(f"unknown vector store {self.name!r}; known: {', '.join(VECTOR_INDEXES)}")
        return MilvusVectorIndex(dim, self.uri, table) if self.name == "milvus" else FaissVectorIndex.for_size(dim,
                                                                                                             size)

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

    def search(self, query: str, k: int, rows: np.ndarray | None = None) -> Scored:
        """The ``k`` rows (among ``rows`` when given) with the highest positive scores, best first, equal scores by
        row: what a stable sort of every score would give."""
        scores = self.score_all(query)
        if rows is not None:
            kept = np.zeros(len(scores), dtype=bool)
            kept[rows] = True
            scores = np.where(kept, scores, 0.0)
        return [(int(r), float(scores[r])) for r in best_first(scores, k) if scores[r] > 0]

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
