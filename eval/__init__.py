"""Evaluation of retrieval quality, citation faithfulness, abstention and latency on question datasets."""
