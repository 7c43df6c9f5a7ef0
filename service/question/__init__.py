"""Reading a question once: its normalised text, what it names and what it asks for (analyze.py), the patterns and
word lists it is read with (patterns.py, lexicon/), and the answer rules as a table (facts.py)."""
