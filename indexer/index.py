"""The index: versions behind an atomic pointer, the writer lock, the manifest and the verified load.

Layout, for the path users configure (``POAQA_INDEX_DIR``, e.g. ``var/index``)::

    var/index -> index.versions/20250301T101500.123456Z-1a2b3c4d    the pointer: a relative symlink
    var/index.versions/
        20250301T101500.123456Z-1a2b3c4d/   the current version: manifest.json and the files it lists
        20250228T090000.000000Z-99aa00bb/   the version it replaced, kept for rollback; older ones are deleted
        .lock                               the writer lock (flock); holds the pid of the build
        .building-*/  .pointer-*            a write in progress: its files, then its new pointer

A version is named by when it was written and the start of its manifest's SHA-256. ``write_index`` writes
the files into ``.building-*``, the manifest last (with every file's checksum and the version it replaces),
fsyncs them, loads them back, renames the folder to its version name, makes a symlink to it and
``os.replace``s that over the pointer, fsyncing the folders after each rename: at every instant the pointer
names one complete, verified index, and a crash at any point leaves the previous one current. Whoever next
takes the lock deletes what a killed write left behind, and every version but the current one and the one it
replaced.

An old-style plain directory at the configured path is still read; the next write moves it into
``index.versions/`` as ``<time>-legacy``, in the same step that puts the pointer in its place (Linux
``renameat2(RENAME_EXCHANGE)``; where the file system cannot, two renames a moment apart).

``current_version`` is one readlink: a service can poll it and load the index anew when it changes.
To roll back: ``ln -s index.versions/<previous> var/index.new && mv -T var/index.new var/index`` (the next
build then deletes the version rolled back from).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.durable import file_sha256, fsync_path
from indexer.errors import IndexBusyError, IndexFormatError, VectorStoreError
from indexer.store import VECTOR_INDEXES, Bm25KeywordIndex, MilvusVectorIndex, VectorIndex
from indexer.types import Chunk, Document

logger = logging.getLogger(__name__)

FORMAT_VERSION = 4
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
KEYWORDS = "keywords"
SENTENCE_VECTORS = "sentences.faiss"
SENTENCES = "sentences.jsonl"
CLAUSE_VECTORS = "clauses.faiss"
CLAUSES = "clauses.jsonl"
TABLES = ("chunks", "sentences", "clauses")  # one encoder's vector tables: row j = row j of each list
MAIN = ""  # the prefix of the encoder's tables: none
ENGLISH = "english_"  # the English questions' encoder's tables, beside the encoder's: english_chunks, ...
# the file of each vector table in each store: FAISS's vectors themselves, or a pointer to the Milvus collection that
# holds them
VECTOR_FILES = {"faiss": {"chunks": VECTORS, "sentences": SENTENCE_VECTORS, "clauses": CLAUSE_VECTORS,
                          **{ENGLISH + table: f"{ENGLISH}{table}.faiss" for table in TABLES}},
                "milvus": {table: f"{table}{MilvusVectorIndex.SUFFIX}" for table in (*TABLES, *(ENGLISH + t
                                                                                              for t in TABLES))}}
# an index written before the store was a setting keeps its vectors in FAISS files
LEGACY_STORE = {"name": "faiss"}
VERSIONS_SUFFIX = ".versions"
LOCK = ".lock"
BUILDING = ".building-"
POINTER = ".pointer-"
LOCK_TIMEOUT = 600.0  # seconds a build waits for another one: a first build with the real model takes minutes
REBUILD = "rebuild with `poaqa index --force`"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}
_AT_FDCWD = -100  # Linux: paths relative to the working directory
_RENAME_EXCHANGE = 2
_held = threading.local()  # the locks this thread holds: index_lock is re-entrant (build_index -> write_index)


@dataclass(frozen=True, slots=True)
class EncodedTables:
    """One encoder's vectors of an index's chunks, sentences and clauses (row j of each = row j of its list)."""

    encoder: dict[str, Any]  # {"name": ..., "dim": ...}
    vectors: VectorIndex
    sentence_vectors: VectorIndex
    clause_vectors: VectorIndex

    @classmethod
    def named(cls, encoder: dict[str, Any], tables: dict[str, VectorIndex], prefix: str) -> EncodedTables:
        """The tables ``prefix`` + chunks, sentences, clauses of ``tables``."""
        return cls(encoder, *(tables[prefix + table] for table in TABLES))

    def by_table(self) -> dict[str, VectorIndex]:
        """Each table by its name in TABLES."""
        return dict(zip(TABLES, (self.vectors, self.sentence_vectors, self.clause_vectors), strict=True))


@dataclass(frozen=True, slots=True)
class IndexBundle:
    """Everything a retriever needs, loaded from one index directory; row i of both indexes = chunks[i]."""

    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: VectorIndex
    keywords: Bm25KeywordIndex  # BM25 stays local whatever the vector store (see the README's "Milvus")
    sentence_vectors: VectorIndex
    sentences: list[tuple[int, str]]  # (chunk row, sentence text); row j of sentence_vectors = sentences[j]
    clause_vectors: VectorIndex
    clauses: list[tuple[int, str]]  # (chunk row, clause of one of its sentences); row j of clause_vectors
    english: EncodedTables | None = None  # the English questions' encoder's vectors, where the index has them

    @property
    def encoder_name(self) -> str:
        return str(self.manifest["encoder"]["name"])

    @property
    def main(self) -> EncodedTables:
        """The encoder's own tables."""
        return EncodedTables(self.manifest["encoder"], self.vectors, self.sentence_vectors, self.clause_vectors)

    @property
    def english_encoder_name(self) -> str | None:
        return None if self.english is None else str(self.english.encoder["name"])

    def for_english(self) -> IndexBundle:
        """The same index seen through its English encoder's vectors (the rankers and the verdict of English
        questions read these); the bundle itself where it has none."""
        if self.english is None:
            return self
        return replace(self, manifest=dict(self.manifest, encoder=self.english.encoder),
                       vectors=self.english.vectors, sentence_vectors=self.english.sentence_vectors,
                       clause_vectors=self.english.clause_vectors, english=None)


def vector_store_of(manifest: dict[str, Any]) -> dict[str, str]:
    """The vector store an index's manifest records (FAISS for an index written before it was recorded)."""
    store: dict[str, str] = manifest.get("vector_store", LEGACY_STORE)
    return store


def vector_tables(manifest: dict[str, Any]) -> tuple[str, ...]:
    """The vector tables an index has: the main encoder's, and the English encoder's where the manifest names one."""
    return (*TABLES, *(ENGLISH + table for table in TABLES)) if manifest.get("english_encoder") else TABLES


def required_files(manifest: dict[str, Any]) -> frozenset[str]:
    """Every file a load of the index ``manifest`` describes needs: a manifest that does not list them all cannot
    vouch for it."""
    files = VECTOR_FILES[vector_store_of(manifest)["name"]]
    return frozenset({DOCUMENTS, CHUNKS, SENTENCES, CLAUSES, *(files[table] for table in vector_tables(manifest)),
                      *(f"{KEYWORDS}/{name}" for name in Bm25KeywordIndex.FILES)})


def _chunk_to_json(chunk: Chunk) -> str:
    return json.dumps(asdict(chunk), ensure_ascii=False)


def _chunk_from_json(line: str) -> Chunk:
    data = json.loads(line)
    data["section"] = tuple(data["section"])
    data["spans"] = tuple(tuple(span) for span in data["spans"])
    return Chunk(**data)


def _write_units(path: Path, units: list[tuple[int, str]]) -> None:
    path.write_text("".join(json.dumps([row, text], ensure_ascii=False) + "\n" for row, text in units),
                    encoding="utf-8")


def _read_units(path: Path) -> list[tuple[int, str]]:
    return [(int(row), str(text)) for row, text in
            (json.loads(line) for line in path.read_text("utf-8").splitlines() if line)]


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)


def _fsync_tree(root: Path) -> None:
    for path in [*_files(root), root / MANIFEST, *(p for p in root.rglob("*") if p.is_dir()), root]:
        fsync_path(path)


def _checkpoint(step: str) -> None:
    """Does nothing: a fault-injection test replaces it to kill the writer at ``step`` of the swap."""


def _stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def versions_dir(index_dir: Path) -> Path:
    """The folder that holds the versions of ``index_dir`` (and its lock and the writes in progress)."""
    return index_dir.with_name(index_dir.name + VERSIONS_SUFFIX)


def current_version(index_dir: Path) -> str | None:
    """The name of the version ``index_dir`` points at; None where it is no pointer (no index yet, or an
    old-style plain directory). One readlink, cheap enough to poll: a new name means a new complete index,
    for ``read_index`` to load."""
    try:
        return Path(os.readlink(index_dir)).name
    except OSError:  # absent, or not a symlink
        return None


@contextmanager
def index_lock(index_dir: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the writer lock of ``index_dir``, waiting at most ``timeout`` seconds for another build to release
    it; on taking it, delete what killed writes left behind. Re-entrant within a thread.

    Raises:
        IndexBusyError: another build still holds the lock after ``timeout`` seconds.
    """
    index_dir = Path(os.path.abspath(index_dir))
    held: set[Path] = _held.__dict__.setdefault("paths", set())
    if index_dir in held:
        yield
        return
    path = versions_dir(index_dir) / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    # "a": opening must not truncate the holder's pid; flock is released when the file is closed, also by a kill
    with path.open("a") as f:
        _acquire(f.fileno(), path, index_dir, timeout)
        f.truncate(0)
        f.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}\n")
        f.flush()
        held.add(index_dir)
        try:
            _clean(index_dir)
            yield
        finally:
            held.discard(index_dir)


def _acquire(fd: int, path: Path, index_dir: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    warned = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = path.read_text(encoding="utf-8").strip() or "pid unknown"
        if time.monotonic() >= deadline:
            raise IndexBusyError(
                f"another build of {index_dir} ({holder}) still holds {path} after {timeout:g} s; let it finish, "
                "then run `poaqa index` again (it will find the index up to date if nothing changed)")
        if not warned:
            logger.warning("waiting up to %g s for another build of %s (%s) to finish", timeout, index_dir, holder)
            warned = True
        time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))


def _clean(index_dir: Path) -> None:
    """Delete what a killed write left (its build folder, its pointer, a half-deleted version) and every version
    but the current one and the one it replaced; the caller holds the lock, so no write is in progress."""
    versions = versions_dir(index_dir)
    entries = list(versions.iterdir())
    stale = [*index_dir.parent.glob(f".{index_dir.name}.building-*"),  # where writers built before versions
             *(p for p in entries if p.name.startswith((BUILDING, POINTER))),
             *(p for p in entries if not p.name.startswith(".") and not (p / MANIFEST).exists())]
    current = current_version(index_dir)
    try:
        manifest = json.loads((versions / str(current) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None  # no pointer, or one to a broken index: which version to keep is unknown, so keep all
    if isinstance(manifest, dict):
        keep = {current, manifest.get("replaces")}
        stale += [p for p in entries if not p.name.startswith(".") and p.name not in keep and p not in stale]
    for path in stale:
        logger.info("removing %s", path)
        try:
            _remove(path)
        except VectorStoreError as e:
            logger.warning("kept %s, whose vectors could not be dropped (%s); the next build tries again", path, e)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        # what the version holds outside its folder goes first: while that fails, the folder says where it is
        for store, files in VECTOR_FILES.items():
            for name in files.values():
                if (path / name).is_file():
                    VECTOR_INDEXES[store].release(path / name)
        # the manifest first: a half-deleted version must not look complete
        (path / MANIFEST).unlink(missing_ok=True)
        _checkpoint("pruning")
        shutil.rmtree(path)
    else:
        path.unlink()


def _check_replaceable(index_dir: Path) -> None:
    if index_dir.is_symlink() or not index_dir.exists():
        return
    if not index_dir.is_dir() or (not (index_dir / MANIFEST).exists() and any(index_dir.iterdir())):
        raise IndexFormatError(
            f"{index_dir} holds something other than an index (no {MANIFEST}); move it away or set "
            "POAQA_INDEX_DIR to another path, so that writing the index does not replace it")


def _write_files(folder: Path, bundle: IndexBundle, replaces: str | None) -> None:
    (folder / DOCUMENTS).write_text(
        json.dumps([asdict(d) for d in bundle.documents.values()], ensure_ascii=False), encoding="utf-8")
    (folder / CHUNKS).write_text("".join(_chunk_to_json(c) + "\n" for c in bundle.chunks), encoding="utf-8")
    files = VECTOR_FILES[vector_store_of(bundle.manifest)["name"]]
    bundle.keywords.save(folder / KEYWORDS)
    for prefix, encoded in (MAIN, bundle.main), (ENGLISH, bundle.english):
        for table, index in encoded.by_table().items() if encoded is not None else ():
            index.save(folder / files[prefix + table])
    _write_units(folder / SENTENCES, bundle.sentences)
    _write_units(folder / CLAUSES, bundle.clauses)
    manifest = dict(bundle.manifest, format_version=FORMAT_VERSION, replaces=replaces,
                    files={p.relative_to(folder).as_posix(): file_sha256(p) for p in _files(folder)})
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def write_index(index_dir: Path, bundle: IndexBundle) -> None:
    """Write the bundle as a new version of the index and make it current (see the module docstring).

    The manifest, written last, lists a checksum for every file (a directory without it, or whose files do
    not match it, is refused by ``read_index``) and names the version it replaces, kept for rollback.
    """
    index_dir = Path(os.path.abspath(index_dir))  # not resolve(): index_dir is the pointer itself
    with index_lock(index_dir):
        _check_replaceable(index_dir)
        versions = versions_dir(index_dir)
        # what the index path names now: a version, or an old-style directory that will become one
        replaces = current_version(index_dir) if index_dir.is_symlink() else (
            f"{_stamp(index_dir.stat().st_mtime)}-legacy" if index_dir.exists() else None)
        tmp = Path(tempfile.mkdtemp(prefix=BUILDING, dir=versions))
        try:
            _write_files(tmp, bundle, replaces)
            _fsync_tree(tmp)
            read_index(tmp)  # only a version that loads may become current
            _checkpoint("written")
            version = f"{_stamp(time.time())}-{file_sha256(tmp / MANIFEST)[:8]}"
            os.rename(tmp, versions / version)
            fsync_path(versions)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _checkpoint("versioned")
        _point(index_dir, version, replaces)
        _clean(index_dir)


def _point(index_dir: Path, version: str, replaces: str | None) -> None:
    """Make ``index_dir`` point at ``version`` in one rename; an old-style directory there becomes ``replaces``."""
    versions = versions_dir(index_dir)
    pointer = versions / f"{POINTER}{secrets.token_hex(4)}"
    os.symlink(f"{versions.name}/{version}", pointer)  # relative: the two can move together
    _checkpoint("linked")
    if index_dir.is_symlink() or not index_dir.exists():
        os.replace(pointer, index_dir)
    elif _exchange(pointer, index_dir):
        _checkpoint("exchanged")
        os.rename(pointer, versions / str(replaces))
    else:
        os.rename(index_dir, versions / str(replaces))
        os.replace(pointer, index_dir)
    _checkpoint("swapped")
    fsync_path(index_dir.parent)
    fsync_path(versions)


def _exchange(a: Path, b: Path) -> bool:
    """Swap what two paths name in one step (Linux renameat2 RENAME_EXCHANGE); False where that is missing."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # the kernel or the file system cannot
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _broken(index_dir: Path, state: str, problem: str) -> IndexFormatError:
    return IndexFormatError(f"index at {index_dir} is {state}: {problem}; {REBUILD}",
                            reason=f"the index is damaged ({problem})")


def _read_manifest(root: Path, index_dir: Path) -> dict[str, Any]:
    path = root / MANIFEST
    if not path.exists():
        raise IndexFormatError(
            f"no index at {index_dir} ({MANIFEST} is missing: the directory is absent or was never completed); "
            "build it with `poaqa index`", reason=f"{MANIFEST} is missing" if root.exists() else "no index yet")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise _broken(index_dir, "corrupt", f"{MANIFEST} is not valid JSON ({e})") from e
    return _checked(manifest, index_dir)


def _checked(manifest: object, index_dir: Path) -> dict[str, Any]:
    """``manifest`` when it has every field a load relies on, in its shape: a wrong one is refused here rather
    than failing later as a KeyError or TypeError."""

    def malformed(problem: str) -> IndexFormatError:
        return _broken(index_dir, "malformed", f"{MANIFEST} {problem}")

    if not isinstance(manifest, dict):
        raise malformed(f"holds a JSON {_JSON_TYPES.get(type(manifest), 'value')}, not an object")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index at {index_dir} has format version {manifest.get('format_version')!r}, this program reads "
            f"version {FORMAT_VERSION}; {REBUILD}",
            reason=f"format version {manifest.get('format_version')!r}, this program reads version {FORMAT_VERSION}")
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise malformed(f"has files={files!r:.60}; it must map every file to its SHA-256")
    for name, digest in files.items():
        path = PurePosixPath(name)
        if path.is_absolute() or not path.parts or ".." in path.parts or path.as_posix() != name:
            raise malformed(f"lists {name!r}, which is not a plain path inside the index directory")
        if not isinstance(digest, str) or not _SHA256_HEX.fullmatch(digest):
            raise malformed(f"gives {name} the checksum {digest!r:.80}, not a SHA-256 in hex")
    store = manifest.get("vector_store", LEGACY_STORE)
    if not (isinstance(store, dict) and store.get("name") in VECTOR_FILES):
        raise malformed(f"has vector_store={store!r:.80}; it must be {{\"name\": <one of "
                        f"{', '.join(VECTOR_FILES)}>}}")
    for key in "encoder", "english_encoder":
        encoder = manifest.get(key)
        if key == "english_encoder" and encoder is None:  # an index for one encoder
            continue
        if not (isinstance(encoder, dict) and isinstance(encoder.get("name"), str)
                and isinstance(encoder.get("dim"), int)):
            raise malformed(f'has {key}={encoder!r:.80}; it must be {{"name": <str>, "dim": <int>}}')
    if missing := sorted(required_files(manifest) - files.keys()):
        raise malformed(f"does not list {', '.join(missing)}")
    count = manifest.get("chunk_count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise malformed(f"has chunk_count={count!r:.40}; it must be the number of chunks")
    return manifest


def _check_files(root: Path, index_dir: Path, manifest: dict[str, Any]) -> None:
    for name, digest in manifest["files"].items():
        path = root / name
        if not path.is_file():
            raise _broken(index_dir, "incomplete", f"{name} is missing")
        if file_sha256(path) != digest:
            raise _broken(index_dir, "corrupt", f"{name} does not match its checksum")


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """The manifest of the index ``index_dir`` points at, its shape checked (``verify_index`` also checks the
    files against their checksums)."""
    return _read_manifest(index_dir.resolve(), index_dir)


def _load_vectors(root: Path, manifest: dict[str, Any]) -> dict[str, VectorIndex]:
    """Each vector table by name, from the store the manifest records (Milvus: its collections checked)."""
    store = vector_store_of(manifest)["name"]
    files = VECTOR_FILES[store]
    return {table: VECTOR_INDEXES[store].load(root / files[table]) for table in vector_tables(manifest)}


def verify_index(index_dir: Path) -> dict[str, Any]:
    """The manifest of the index ``index_dir`` points at, once every file it lists matches its checksum and its
    vector tables open (a Milvus collection that was dropped or lost makes the index incomplete).

    Raises:
        IndexFormatError: the index is absent, malformed, incomplete or corrupt; its ``reason`` says which.
        VectorStoreError: the Milvus it names cannot be reached.
    """
    root = index_dir.resolve()
    manifest = _read_manifest(root, index_dir)
    _check_files(root, index_dir, manifest)
    _load_vectors(root, manifest)
    return manifest


def _encoder_mismatch(index_dir: Path, manifest: dict[str, Any], key: str, expected: str | None) -> str | None:
    """What is wrong when the index's ``key`` ("encoder" or "english_encoder") is not the ``expected`` one."""
    recorded = (manifest.get(key) or {}).get("name")
    if recorded == expected:
        return None
    what, setting = ("encoder", "POAQA_ENCODER") if key == "encoder" else ("English encoder", "POAQA_ENGLISH_ENCODER")
    return (f"index at {index_dir} was built with {what} {recorded!r} but the service is configured for "
            f"{expected!r}; rebuild with `poaqa index --force` or change {setting}")


def read_index(index_dir: Path, *, expected_encoder: str | None = None,
               expected_english_encoder: str | None = None) -> IndexBundle:
    """Load and verify the index ``index_dir`` points at (or an old-style plain directory); refuse one that is
    incomplete, corrupt or built for other encoders, with a message that says how to fix it. Given
    ``expected_encoder``, the index's English encoder must be ``expected_english_encoder`` too (None: none)."""
    root = index_dir.resolve()  # once: a swap during the load must not mix two versions
    manifest = _read_manifest(root, index_dir)
    if expected_encoder is not None:
        problem = (_encoder_mismatch(index_dir, manifest, "encoder", expected_encoder)
                   or _encoder_mismatch(index_dir, manifest, "english_encoder", expected_english_encoder))
        if problem:
            raise IndexFormatError(problem)
    _check_files(root, index_dir, manifest)
    documents = {d["doc_id"]: Document(**d) for d in json.loads((root / DOCUMENTS).read_text("utf-8"))}
    chunks = [_chunk_from_json(line) for line in (root / CHUNKS).read_text("utf-8").splitlines() if line]
    tables = _load_vectors(root, manifest)
    keywords = Bm25KeywordIndex.load(root / KEYWORDS)
    sentences = _read_units(root / SENTENCES)
    clauses = _read_units(root / CLAUSES)
    encoded = {prefix: EncodedTables.named(manifest[key], tables, prefix)
               for prefix, key in ((MAIN, "encoder"), (ENGLISH, "english_encoder")) if prefix + "chunks" in tables}
    for prefix, each in encoded.items():
        vectors, sentence_vectors, clause_vectors = each.by_table().values()
        if not len(vectors) == len(keywords) == len(chunks) == manifest["chunk_count"] or len(sentences) != len(
                sentence_vectors) or len(clauses) != len(clause_vectors):
            raise _broken(index_dir, "inconsistent", f"{len(chunks)} chunks, {len(vectors)} {prefix}vectors, "
                          f"{len(keywords)} keyword rows, {len(sentences)} sentences for {len(sentence_vectors)} "
                          f"vectors, {len(clauses)} clauses for {len(clause_vectors)} vectors")
    main = encoded[MAIN]
    return IndexBundle(manifest=manifest, documents=documents, chunks=chunks, vectors=main.vectors,
                       keywords=keywords, sentence_vectors=main.sentence_vectors, sentences=sentences,
                       clause_vectors=main.clause_vectors, clauses=clauses, english=encoded.get(ENGLISH))
