"""Reciprocal rank fusion against cases computed by hand; the ranker registry and its errors."""

import pytest

from service.retrieval.fusion import reciprocal_rank_fusion
from service.retrieval.registry import RANKERS, check_ranker_names


def test_rrf_matches_a_hand_computed_case() -> None:
    fused, sources = reciprocal_rank_fusion({"dense": [(7, 0.9), (3, 0.8)], "bm25": [(3, 12.0), (5, 4.0)]}, k=60)
    assert [row for row, _ in fused] == [3, 7, 5]
    assert abs(fused[0][1] - (1 / 62 + 1 / 61)) < 1e-12
    assert sources[3] == {"dense": 0.8, "bm25": 12.0}


def test_weights_scale_each_list_vote() -> None:
    fused, _ = reciprocal_rank_fusion({"dense": [(7, 0.9), (3, 0.8)], "bm25": [(3, 12.0), (5, 4.0)]}, k=60,
                                      weights={"bm25": 0.0})
    assert [row for row, _ in fused] == [7, 3, 5]
    assert fused[0][1] == pytest.approx(1 / 61) and fused[2][1] == 0.0


def test_every_ranking_list_is_registered_and_an_unknown_one_is_refused_with_the_known() -> None:
    assert set(RANKERS) == {"dense", "clause", "bm25", "mapped"}
    with pytest.raises(ValueError, match="unknown ranker.*known: dense, clause, bm25, mapped"):
        check_ranker_names(["dense", "splade"])
