"""Benchmark: index build time (cold and cached), and per-question latency and memory of the ask pipeline.

Run: .venv/bin/python bench/latency.py [--questions eval/data/dev.jsonl] [--cold] [--reranker MODEL_FOLDER]
Prints numbers; asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.build import build_index  # noqa: E402
from service.app import load_engine  # noqa: E402
from service.config import Settings, updated  # noqa: E402
from service.pipeline import AskQuery  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=Path("eval/data/dev.jsonl"))
    parser.add_argument("--cold", action="store_true", help="also build once with an empty embedding cache")
    parser.add_argument("--reranker", type=Path, help="a local CrossEncoder folder: time /v1/ask with it")
    args = parser.parse_args()
    settings = updated(Settings(), {"retrieval.reranker_path": args.reranker} if args.reranker else {})
    index = settings.index
    encoder = index.encoder_config.make()
    with tempfile.TemporaryDirectory() as tmp:
        if args.cold:
            report = build_index(index.corpus_dir, Path(tmp) / "cold", encoder, cache_dir=Path(tmp) / "cache",
                                 progress=False)
            print(f"index build, empty cache : {report.seconds:6.1f} s  ({report.chunks} chunks, "
                  f"{report.embedded} texts embedded)")
        report = build_index(index.corpus_dir, Path(tmp) / "warm", encoder, cache_dir=index.cache_dir,
                             force=True, progress=False)
        print(f"index build, warm cache  : {report.seconds:6.1f} s  ({report.chunks} chunks, "
              f"{report.embedded} texts embedded)")
    started = time.perf_counter()
    engine = load_engine(settings, encoder)
    print(f"index load               : {time.perf_counter() - started:6.2f} s")
    questions = [json.loads(line)["question"] for line in args.questions.read_text("utf-8").splitlines() if line]
    timings: list[float] = []
    engine.pipeline.ask(AskQuery(question="预热"))
    for question in questions:
        t = time.perf_counter()
        engine.pipeline.ask(AskQuery(question=question, top_k=10))
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"ask over {len(timings)} questions: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
          f"max {timings[-1]:.0f} ms")
    print(f"peak resident memory     : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
