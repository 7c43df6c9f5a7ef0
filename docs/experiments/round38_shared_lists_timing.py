"""Round 38's side-by-side timing of AskPipeline.ask with its two searches sharing the lists they both rank (new)
against each search ranking its own (old), on the questions one route ranks and judges and whose passages are shown
apart; old and new take turns on each question, and must return the same passages and confidence.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python docs/experiments/round38_shared_lists_timing.py <datasets>
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from eval.dataset import read_dataset
from service.config import get_settings
from service.engine import load_engine
from service.pipeline import AskPipeline, AskQuery, shown_apart

TURNS = 3


def main() -> None:
    pipeline = load_engine(get_settings()).pipeline
    shared = AskPipeline.search

    def apart(self: AskPipeline, *args: object, lists: object = None, **kwargs: object) -> object:
        return shared(self, *args, **kwargs)  # type: ignore[arg-type]

    questions = [item.question for path in sys.argv[1:] for item in read_dataset(Path(path))]
    chosen = []
    for text in questions:
        question = pipeline.reader.analyze(text)
        ranking, judging = pipeline.routes_for(question)
        if ranking is judging and shown_apart(question):
            chosen.append(text)
    print(f"{len(questions)} questions, {len(chosen)} ranked and judged by one route and shown apart")
    for text in chosen:  # every vector cached before timing
        pipeline.ask(AskQuery(question=text, top_k=5))
    took: dict[str, list[float]] = {"old": [], "new": []}
    for turn in range(TURNS):
        for i, text in enumerate(chosen):
            answers = {}
            for name in ("old", "new") if (i + turn) % 2 else ("new", "old"):
                AskPipeline.search = apart if name == "old" else shared  # type: ignore[method-assign,assignment]
                started = time.perf_counter()
                result = pipeline.ask(AskQuery(question=text, top_k=5))
                took[name].append((time.perf_counter() - started) * 1000)
                answers[name] = ([hit.chunk.chunk_id for hit in result.hits], result.verdict.confidence)
            assert answers["old"] == answers["new"], text
    AskPipeline.search = shared  # type: ignore[method-assign]
    for name, times in took.items():
        print(f"{name}: mean {statistics.mean(times):.2f} ms, median {statistics.median(times):.2f} ms "
              f"over {len(times)} asks")
    print(f"new/old: mean {statistics.mean(took['new']) / statistics.mean(took['old']):.3f}, "
          f"median {statistics.median(took['new']) / statistics.median(took['old']):.3f}")


if __name__ == "__main__":
    main()
