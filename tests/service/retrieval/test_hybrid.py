"""Reciprocal rank fusion against a case computed by hand."""

from service.retrieval.hybrid import reciprocal_rank_fusion


def test_rrf_matches_a_hand_computed_case() -> None:
    fused, sources = reciprocal_rank_fusion({"dense": [(7, 0.9), (3, 0.8)], "bm25": [(3, 12.0), (5, 4.0)]}, k=60)
    assert [row for row, _ in fused] == [3, 7, 5]
    assert abs(fused[0][1] - (1 / 62 + 1 / 61)) < 1e-12
    assert sources[3] == {"dense": 0.8, "bm25": 12.0}
