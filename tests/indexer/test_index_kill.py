"""Fault injection: SIGKILL the indexer at random moments and at each step of the swap; after every kill a
complete index (the old or the new) is current, and the next build succeeds and leaves nothing behind.

The builds run in children forked by one worker process (build_worker.py), with the FAKE hash encoder."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from indexer.build import build_index
from indexer.embed_cache import EmbeddingCache
from indexer.index import LOCK, read_index, versions_dir
from indexer.load import corpus_fingerprint

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("build_worker.py")
ROUNDS = 30
STEPS = ["written", "versioned", "linked", "swapped", "pruning"]  # the calls of index._checkpoint
OLD_STYLE_STEPS = ["linked", "exchanged", "swapped"]  # where the first write meets an old-style directory


def round_text(round_: int) -> str:
    """Text never indexed before, so that each build has passages to embed (and to be killed embedding)."""
    return "".join(f"{i}. 第{round_}轮第{i}段：各国应对小武器进行标识，第{i * round_}号记录。\n" for i in range(1, 31))


def test_a_build_killed_anywhere_leaves_a_complete_index_and_the_next_build_succeeds(
        small_corpus: Path, tmp_path: Path, fake_encoder, make_old_style: Callable[[Path], None]) -> None:
    index_dir, cache = tmp_path / "index", tmp_path / "cache"
    build_index(small_corpus, index_dir, fake_encoder, cache_dir=cache, progress=False)
    seed = int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    plan: list[tuple[bool, str | None]] = [(False, step) for step in STEPS] + [(True, s) for s in OLD_STYLE_STEPS]
    plan += [(False, None)] * (ROUNDS - len(plan))  # None: killed after a random delay
    rng.shuffle(plan)
    duration = 0.3  # of a build in the worker, measured again by every round that is not killed
    worker = subprocess.Popen([sys.executable, str(WORKER), "fork"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert worker.stdin is not None and worker.stdout is not None
    try:
        for round_, (old_style, step) in enumerate(plan):
            before = read_index(index_dir).manifest["corpus"]
            (small_corpus / "round.md").write_text(round_text(round_), encoding="utf-8")
            if old_style:
                make_old_style(index_dir)
            delay = None if step else rng.uniform(0, duration)
            worker.stdin.write(json.dumps({"corpus": str(small_corpus), "index": str(index_dir), "cache": str(cache),
                                           "step": step, "delay": delay}) + "\n")
            worker.stdin.flush()
            ended = json.loads(worker.stdout.readline())
            where = f"round {round_} (seed {seed}, old style {old_style}, step {step}, delay {delay}): {ended}"
            assert ended["killed"] or ended["exit"] == 0, where
            if not ended["killed"]:
                duration = ended["seconds"]

            assert read_index(index_dir).manifest["corpus"] in (before, corpus_fingerprint(small_corpus)), where
            build_index(small_corpus, index_dir, fake_encoder, cache_dir=cache, progress=False)
            assert read_index(index_dir).manifest["corpus"] == corpus_fingerprint(small_corpus), where
            left = sorted(p.name for p in versions_dir(index_dir).iterdir() if p.name != LOCK)
            assert len(left) <= 2 and not [name for name in left if name.startswith(".")], f"{where}: {left}"
            assert not list(EmbeddingCache(cache, fake_encoder.name).batches.glob("*.npz")), where
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)
