"""Retrieval strategies over a loaded index: dense, keyword, and their fusion."""
