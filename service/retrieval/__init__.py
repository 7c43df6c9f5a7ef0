"""Ranking a corpus for a question: one Ranker per ranking list (registry.py), their fusion (fusion.py), the
document hint and the reference pin (boosts.py), which paragraph a question cites (citations.py), and an optional
cross-encoder second stage (rerank.py)."""
