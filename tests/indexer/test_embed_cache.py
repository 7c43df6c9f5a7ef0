"""The embedding cache: every batch is kept as soon as it is embedded, so a build that dies half-way resumes.

Uses the FAKE hash encoder: nothing here depends on what the vectors mean."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from indexer.build import build_index
from indexer.embed_cache import BATCH_SIZE, EmbeddingCache, encode_passages_cached, text_key
from indexer.encode import Encoder


class Crash(RuntimeError):
    pass


class Counting:
    """Wraps an encoder and counts the passages it embeds; raises Crash once it has embedded ``fail_after``."""

    def __init__(self, encoder: Encoder, fail_after: int | None = None) -> None:
        self.name, self.dim = encoder.name, encoder.dim
        self._encoder = encoder
        self.fail_after = fail_after
        self.embedded = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedded == self.fail_after:
            raise Crash
        self.embedded += len(texts)
        return self._encoder.encode_passages(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encoder.encode_queries(texts)


def test_a_build_that_dies_half_way_resumes_after_the_last_batch_it_embedded(small_corpus: Path, tmp_path: Path,
                                                                              fake_encoder: Encoder) -> None:
    everything = build_index(small_corpus, tmp_path / "reference", fake_encoder, progress=False).embedded
    failing = Counting(fake_encoder, fail_after=3 * BATCH_SIZE)
    with pytest.raises(Crash):
        build_index(small_corpus, tmp_path / "index", failing, cache_dir=tmp_path / "cache", progress=False)
    counting = Counting(fake_encoder)
    report = build_index(small_corpus, tmp_path / "index", counting, cache_dir=tmp_path / "cache", progress=False)
    assert failing.embedded == 3 * BATCH_SIZE < everything
    assert report.embedded == counting.embedded == everything - 3 * BATCH_SIZE


def test_batch_files_are_folded_into_one_file_and_a_torn_one_is_ignored(tmp_path: Path,
                                                                          fake_encoder: Encoder) -> None:
    texts = [f"第{i}段。" for i in range(40)]
    cache = EmbeddingCache(tmp_path, fake_encoder.name)
    cache.add([text_key(t) for t in texts[:16]], fake_encoder.encode_passages(texts[:16]))
    (cache.batches / "torn.npz").write_bytes(b"PK\x03\x04")  # what a kill mid-write would leave, had it no rename
    vectors, embedded = encode_passages_cached(fake_encoder, texts, EmbeddingCache(tmp_path, fake_encoder.name),
                                               progress=False)
    assert embedded == 24 and np.allclose(vectors, fake_encoder.encode_passages(texts))
    assert not list(cache.batches.iterdir())
    assert len(EmbeddingCache(tmp_path, fake_encoder.name)) == 40
