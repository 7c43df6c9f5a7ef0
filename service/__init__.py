"""The HTTP service: loads an index once and answers questions with cited paragraphs."""
