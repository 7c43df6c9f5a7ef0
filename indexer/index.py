"""The index directory: what it holds, its manifest, the atomic write and the verified load."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from indexer.errors import IndexFormatError
from indexer.store import Bm25KeywordIndex, FaissVectorIndex
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


@dataclass(frozen=True, slots=True)
class IndexBundle:
    """Everything a retriever needs, loaded from one index directory; row i of both indexes = chunks[i]."""

    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: FaissVectorIndex
    keywords: Bm25KeywordIndex
    sentence_vectors: FaissVectorIndex
    sentences: list[tuple[int, str]]  # (chunk row, sentence text); row j of sentence_vectors = sentences[j]
    clause_vectors: FaissVectorIndex
    clauses: list[tuple[int, str]]  # (chunk row, clause of one of its sentences); row j of clause_vectors

    @property
    def encoder_name(self) -> str:
        return str(self.manifest["encoder"]["name"])


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)


def _fsync_tree(root: Path) -> None:
    for path in [*_files(root), root / MANIFEST]:
        with path.open("rb") as f:
            os.fsync(f.fileno())
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_index(index_dir: Path, bundle: IndexBundle) -> None:
    """Write the bundle into a temporary sibling directory, fsync it, then swap it into place.

    The manifest, written last, lists a checksum for every file: a directory without it, or whose
    files do not match it, is refused by ``read_index``.
    """
    index_dir = index_dir.resolve()
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.building-", dir=index_dir.parent))
    try:
        (tmp / DOCUMENTS).write_text(
            json.dumps([asdict(d) for d in bundle.documents.values()], ensure_ascii=False), encoding="utf-8")
        (tmp / CHUNKS).write_text("".join(_chunk_to_json(c) + "\n" for c in bundle.chunks), encoding="utf-8")
        bundle.vectors.save(tmp / VECTORS)
        bundle.keywords.save(tmp / KEYWORDS)
        bundle.sentence_vectors.save(tmp / SENTENCE_VECTORS)
        bundle.clause_vectors.save(tmp / CLAUSE_VECTORS)
        _write_units(tmp / SENTENCES, bundle.sentences)
        _write_units(tmp / CLAUSES, bundle.clauses)
        manifest = dict(bundle.manifest, format_version=FORMAT_VERSION,
                        files={str(p.relative_to(tmp)): _sha256(p) for p in _files(tmp)})
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        old = index_dir.with_name(f".{index_dir.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if index_dir.exists():
            os.replace(index_dir, old)
        os.replace(tmp, index_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_manifest(index_dir: Path) -> dict[str, Any]:
    path = index_dir / MANIFEST
    if not path.exists():
        raise IndexFormatError(
            f"no index at {index_dir} ({MANIFEST} is missing: the directory is absent or was never completed); "
            "build it with `poaqa index`")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise IndexFormatError(f"{path} is not valid JSON ({e}); rebuild with `poaqa index --force`") from e
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index at {index_dir} has format version {manifest.get('format_version')!r}, this program reads "
            f"version {FORMAT_VERSION}; rebuild with `poaqa index --force`")
    return manifest


def read_index(index_dir: Path, *, expected_encoder: str | None = None) -> IndexBundle:
    """Load and verify an index directory; refuse one that is incomplete, corrupt or built for another
    encoder, with a message that says how to fix it."""
    manifest = read_manifest(index_dir)
    if expected_encoder is not None and manifest["encoder"]["name"] != expected_encoder:
        raise IndexFormatError(
            f"index at {index_dir} was built with encoder {manifest['encoder']['name']!r} but the service is "
            f"configured for {expected_encoder!r}; rebuild with `poaqa index --force` or change POAQA_ENCODER")
    for name, digest in manifest["files"].items():
        path = index_dir / name
        if not path.exists():
            raise IndexFormatError(f"index at {index_dir} is incomplete: {name} is missing; rebuild with "
                                   "`poaqa index --force`")
        if _sha256(path) != digest:
            raise IndexFormatError(f"index at {index_dir} is corrupt: {name} does not match its checksum; "
                                   "rebuild with `poaqa index --force`")
    documents = {d["doc_id"]: Document(**d) for d in json.loads((index_dir / DOCUMENTS).read_text("utf-8"))}
    chunks = [_chunk_from_json(line) for line in (index_dir / CHUNKS).read_text("utf-8").splitlines() if line]
    vectors = FaissVectorIndex.load(index_dir / VECTORS)
    keywords = Bm25KeywordIndex.load(index_dir / KEYWORDS)
    sentence_vectors = FaissVectorIndex.load(index_dir / SENTENCE_VECTORS)
    clause_vectors = FaissVectorIndex.load(index_dir / CLAUSE_VECTORS)
    sentences = _read_units(index_dir / SENTENCES)
    clauses = _read_units(index_dir / CLAUSES)
    if not len(vectors) == len(keywords) == len(chunks) == manifest["chunk_count"] or len(sentences) != len(
            sentence_vectors) or len(clauses) != len(clause_vectors):
        raise IndexFormatError(f"index at {index_dir} is inconsistent: {len(chunks)} chunks, {len(vectors)} "
                               f"vectors, {len(keywords)} keyword rows, {len(sentences)} sentences for "
                               f"{len(sentence_vectors)} vectors, {len(clauses)} clauses for {len(clause_vectors)} "
                               "vectors; rebuild with `poaqa index --force`")
    return IndexBundle(manifest=manifest, documents=documents, chunks=chunks, vectors=vectors, keywords=keywords,
                       sentence_vectors=sentence_vectors, sentences=sentences, clause_vectors=clause_vectors,
                       clauses=clauses)
