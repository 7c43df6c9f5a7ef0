"""Index builds timed in a process of their own (so that its peak memory is the build's), and the time from
`poaqa serve` on an empty var/ to its first answer."""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from eval.bench.load import ask_body, free_port, running, wait_until_answering
from indexer.build import build_index, passage_texts
from indexer.chunk import chunk_corpus
from indexer.embed_cache import encode_passages_cached
from indexer.encode import EncoderConfig
from indexer.load import load_corpus
from service.config import Settings, environment_of, updated

FIRST_ANSWER_TIMEOUT = 1800.0  # seconds: without prebuilt embeddings the first start embeds the whole corpus
FIRST_QUESTION = "2018年第三次审议大会在哪里举行？"


@dataclass(frozen=True, slots=True)
class BuildRun:
    label: str
    seconds: float
    embedded: int  # distinct texts embedded anew
    texts_per_second: float | None  # None when (almost) nothing was embedded
    peak_rss_mib: float  # of the process that built


def _build_in_child(corpus_dir: Path, config: EncoderConfig, english: EncoderConfig | None, tokenizer: str,
                    prebuilt: Path | None, limit: int | None) -> tuple[float, int, float]:
    """(seconds, texts embedded, peak RSS MiB): a whole build (with the English questions' encoder too, where it is
    another) into a temporary folder with an empty cache, or, with ``limit``, only the embedding of the corpus'
    first ``limit`` distinct texts by the encoder, in the build's batches."""
    encoder = config.make()
    with tempfile.TemporaryDirectory(prefix="poaqa-bench-") as tmp:
        if limit is None:
            report = build_index(corpus_dir, Path(tmp) / "index", encoder,
                                 english_encoder=english.make() if english is not None else None,
                                 cache_dir=Path(tmp) / "cache", prebuilt=prebuilt, tokenizer=tokenizer,
                                 progress=False)
            seconds, embedded = report.seconds, report.embedded
        else:
            texts = list(dict.fromkeys(passage_texts(chunk_corpus(load_corpus(corpus_dir).documents))[2]))[:limit]
            started = time.perf_counter()
            encode_passages_cached(encoder, texts, None, progress=False)
            seconds, embedded = time.perf_counter() - started, len(texts)
    return seconds, embedded, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_build(settings: Settings, *, prebuilt: bool, limit: int | None = None) -> BuildRun:
    """A build from an empty cache, with or without the corpus' prebuilt embeddings (``limit``: embed only that many
    texts, for a quick texts/s), in a fresh process."""
    index = settings.index
    shipped = index.prebuilt_embeddings if prebuilt else None
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as child:
        seconds, embedded, peak = child.submit(_build_in_child, index.corpus_dir, index.encoder_config,
                                               index.english_encoder_config, index.tokenizer, shipped,
                                               limit).result()
    if prebuilt:
        label = "from the prebuilt embeddings"
    else:
        label = "cold: every text embedded" if limit is None else f"cold: embedding the first {limit} texts only"
    rate = embedded / seconds if embedded > 1 and seconds > 0 else None
    return BuildRun(label=label, seconds=seconds, embedded=embedded, texts_per_second=rate, peak_rss_mib=peak)


def time_first_answer(settings: Settings, *, prebuilt: bool) -> float:
    """Seconds from starting `poaqa serve` with an empty index and cache folder to its first answer to a question
    (the model and index load, and the index build: from the prebuilt embeddings or embedding every text)."""
    with tempfile.TemporaryDirectory(prefix="poaqa-bench-") as tmp:
        port = free_port()
        empty = updated(settings, {"index.index_dir": Path(tmp) / "index", "index.cache_dir": Path(tmp) / "cache",
                                   "index.prebuilt_dir": settings.index.prebuilt_embeddings if prebuilt
                                   else Path(tmp) / "none", "service.host": "127.0.0.1", "service.port": port})
        started = time.perf_counter()
        with running([sys.executable, "-m", "cli", "serve"], environment_of(empty)) as (process, log):
            wait_until_answering(f"http://127.0.0.1:{port}", process, log, path="/v1/ask",
                                 body=ask_body(FIRST_QUESTION), timeout=FIRST_ANSWER_TIMEOUT)
            return time.perf_counter() - started
