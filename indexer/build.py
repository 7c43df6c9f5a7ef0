"""load -> clean -> chunk -> encode -> store: builds (or refreshes) an index directory from a corpus folder."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from indexer.chunk import CHUNKER_VERSION, chunk_corpus
from indexer.embed_cache import EmbeddingCache, count_uncached, encode_passages_cached, write_prebuilt
from indexer.encode import Encoder
from indexer.errors import CorpusFileError, IndexFormatError
from indexer.index import (
    ENGLISH,
    LOCK_TIMEOUT,
    MAIN,
    TABLES,
    EncodedTables,
    IndexBundle,
    index_lock,
    read_manifest,
    vector_store_of,
    verify_index,
    write_index,
)
from indexer.load import corpus_fingerprint, load_corpus
from indexer.sentences import sentence_embed_text, split_clauses, split_sentences
from indexer.store import Bm25KeywordIndex, VectorStore
from indexer.types import Chunk

logger = logging.getLogger(__name__)

DEFAULT_TOKENIZER = "char-ngrams"


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """What a build is about to do, before its slow part: why, over what, and how many texts it must embed."""

    reason: str
    documents: int
    chunks: int
    texts: int  # distinct texts among the chunks, their sentences and their clauses, times the encoders: each
    # text gets a vector from each encoder
    to_embed: int  # of those, the vectors the embedding caches lack


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: whether it was needed, what it indexed, what it skipped and how long it took."""

    rebuilt: bool
    documents: int
    chunks: int
    embedded: int  # passages, sentences and clauses embedded anew (the others came from the cache)
    seconds: float
    skipped: list[CorpusFileError] = field(default_factory=list)
    reason: str = ""


def encoder_record(encoder: Encoder) -> dict[str, Any]:
    """What an index records of an encoder: another name or size, other vectors."""
    return {"name": encoder.name, "dim": encoder.dim}


def build_settings(encoder: Encoder, tokenizer: str, store: VectorStore,
                   english_encoder: Encoder | None = None) -> dict[str, object]:
    return {"encoder": encoder_record(encoder),
            "english_encoder": encoder_record(english_encoder) if english_encoder is not None else None,
            "tokenizer": tokenizer, "chunker_version": CHUNKER_VERSION, "vector_store": store.record()}


def staleness(index_dir: Path, corpus_dir: Path, encoder: Encoder, tokenizer: str,
              store: VectorStore | None = None, english_encoder: Encoder | None = None) -> str:
    """Why the index must be (re)built, or "" when it is up to date: built from this corpus with these settings,
    every file matching its checksum and every vector table there (a corrupt index is never up to date).

    The settings are compared first: an index in a Milvus that is gone is rebuilt, not an error, once the vector
    store setting no longer names it."""
    try:
        manifest = read_manifest(index_dir)
        recorded = dict(manifest, vector_store=vector_store_of(manifest))
        for key, value in build_settings(encoder, tokenizer, store or VectorStore(), english_encoder).items():
            if recorded.get(key) != value:
                return f"{key} changed: {recorded.get(key)!r} -> {value!r}"
        if manifest.get("corpus") != corpus_fingerprint(corpus_dir):
            return "the corpus changed"
        verify_index(index_dir)
    except IndexFormatError as e:
        return e.reason
    return ""


def build_index(corpus_dir: Path, index_dir: Path, encoder: Encoder, *, english_encoder: Encoder | None = None,
                cache_dir: Path | None = None, prebuilt: Path | None = None, write_prebuilt_embeddings: bool = False,
                tokenizer: str = DEFAULT_TOKENIZER, store: VectorStore | None = None, force: bool = False,
                progress: bool = True, lock_timeout: float = LOCK_TIMEOUT,
                on_plan: Callable[[BuildPlan], None] | None = None) -> BuildReport:
    """Build the index unless it is up to date; unchanged passages come from the embedding cache, or from the
    ``prebuilt`` embeddings shipped with the corpus (see embed_cache.write_prebuilt), which
    ``write_prebuilt_embeddings`` rewrites with exactly this build's passages. ``english_encoder``: a second
    encoder whose vectors the index keeps beside ``encoder``'s, for questions in English. ``on_plan`` hears what a
    build will do before it embeds anything (the CLI says so, with an estimate of the time). ``store`` says where
    the vectors go (default: FAISS files in the index); keyword search is always local.

    Holds the index's writer lock from the staleness check to the swap, so that of two builds at once the
    second waits (at most ``lock_timeout`` seconds, then IndexBusyError) and finds the first one's index.
    """
    with index_lock(index_dir, timeout=lock_timeout):
        return _build_locked(corpus_dir, index_dir, encoder, english_encoder, cache_dir=cache_dir, prebuilt=prebuilt,
                             write_prebuilt_embeddings=write_prebuilt_embeddings, tokenizer=tokenizer,
                             store=store or VectorStore(), force=force, progress=progress, on_plan=on_plan)


def passage_texts(chunks: list[Chunk]) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[str]]:
    """The sentences and clauses of ``chunks`` (each with its chunk's row), and every text an index embeds: the
    chunks' embed texts, then the sentences (as embedded: without web addresses), then the clauses."""
    sentences = [(row, text) for row, chunk in enumerate(chunks) for text in split_sentences(chunk)]
    clauses = [(row, clause) for row, sentence in sentences for clause in split_clauses(sentence)]
    texts = ([c.embed_text for c in chunks] + [sentence_embed_text(text) for _, text in sentences]
             + [text for _, text in clauses])
    return sentences, clauses, texts


def _build_locked(corpus_dir: Path, index_dir: Path, encoder: Encoder, english_encoder: Encoder | None, *,
                  cache_dir: Path | None, prebuilt: Path | None, write_prebuilt_embeddings: bool, tokenizer: str,
                  store: VectorStore, force: bool, progress: bool,
                  on_plan: Callable[[BuildPlan], None] | None) -> BuildReport:
    started = time.perf_counter()
    reason = "forced" if force else staleness(index_dir, corpus_dir, encoder, tokenizer, store, english_encoder)
    if not reason:
        manifest = read_manifest(index_dir)
        return BuildReport(rebuilt=False, documents=len(manifest["corpus"]) - 1, chunks=manifest["chunk_count"],
                           embedded=0, seconds=time.perf_counter() - started, reason="up to date")
    logger.info("rebuilding %s: %s", index_dir, reason)
    fingerprint = corpus_fingerprint(corpus_dir)
    corpus = load_corpus(corpus_dir)
    chunks = chunk_corpus(corpus.documents)
    # chunks, sentences and clauses in one pass so that the cache and the progress bar see all the work
    sentences, clauses, texts = passage_texts(chunks)
    encoders = [(MAIN, encoder), *([(ENGLISH, english_encoder)] if english_encoder is not None else [])]
    caches = {prefix: EmbeddingCache(cache_dir, each.name, prebuilt) if cache_dir is not None else None
              for prefix, each in encoders}
    for prefix, each in encoders:
        if (cache := caches[prefix]) is not None:
            cache.check_prebuilt(each, texts)
    if on_plan is not None:
        on_plan(BuildPlan(reason=reason, documents=len(corpus.documents), chunks=len(chunks),
                          texts=len(set(texts)) * len(encoders),
                          to_embed=sum(count_uncached(texts, cache) for cache in caches.values())))
    tables: dict[str, EncodedTables] = {}
    embedded = 0
    for prefix, each in encoders:
        vectors, count = encode_passages_cached(
            each, texts, caches[prefix], progress=progress,
            label=f"texts ({len(chunks)} passages, their sentences and clauses; {each.name})")
        embedded += count
        if write_prebuilt_embeddings and prebuilt is not None:
            logger.info("wrote %s", write_prebuilt(prebuilt, each.name, texts, vectors))
        tables[prefix] = _encoded_tables(each, store, prefix, vectors, (len(chunks), len(sentences), len(clauses)))
    keyword_index = Bm25KeywordIndex(tokenizer)
    keyword_index.add([c.embed_text for c in chunks])
    main = tables[MAIN]
    manifest = {
        **build_settings(encoder, tokenizer, store, english_encoder),
        "corpus": fingerprint,
        "skipped": {e.file: e.reason for e in corpus.skipped},
        "chunk_count": len(chunks),
        # chosen by size (indexer.store.index_kind): the vectors of chunks, sentences and clauses
        "vector_indexes": {table: index.kind for table, index in main.by_table().items()},
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    bundle = IndexBundle(manifest=manifest, documents={d.doc_id: d for d in corpus.documents}, chunks=chunks,
                         vectors=main.vectors, keywords=keyword_index, sentence_vectors=main.sentence_vectors,
                         sentences=sentences, clause_vectors=main.clause_vectors, clauses=clauses,
                         english=tables.get(ENGLISH))
    write_index(index_dir, bundle)
    report = BuildReport(rebuilt=True, documents=len(corpus.documents), chunks=len(chunks), embedded=embedded,
                         seconds=time.perf_counter() - started, skipped=corpus.skipped, reason=reason)
    logger.info("index built at %s: %d documents, %d chunks, %d embedded in %.1fs", index_dir, report.documents,
                report.chunks, embedded, report.seconds)
    return report


def _encoded_tables(encoder: Encoder, store: VectorStore, prefix: str, vectors: np.ndarray,
                    counts: tuple[int, int, int]) -> EncodedTables:
    """``encoder``'s vectors of every text (chunks, then sentences, then clauses, ``counts`` of each) as its three
    tables, named with ``prefix`` in the store."""
    parts = np.split(vectors, [counts[0], counts[0] + counts[1]])
    made = {}
    for table, size, part in zip(TABLES, counts, parts, strict=True):
        made[table] = store.make(encoder.dim, prefix + table, size)
        made[table].add(part)
    return EncodedTables.named(encoder_record(encoder), made, MAIN)
