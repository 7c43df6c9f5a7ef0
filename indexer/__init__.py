"""Builds a searchable index from a folder of Chinese UN documents: load, clean, chunk, embed, store."""
