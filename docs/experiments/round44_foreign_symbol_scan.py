"""Round 44, studied and not registered: the labelled questions answered today that name a document symbol no document
of the corpus bears, and whether the answer's own passage holds that symbol — a rule requiring it would withhold those
that lack it (a scan). Run from the repository root: HF_HUB_OFFLINE=1 .venv/bin/python
docs/experiments/round44_foreign_symbol_scan.py"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from cli import _settings
from eval.dataset import read_dataset
from eval.metrics import holds_gold_text
from service.answer import passage_text
from service.app import load_engine
from service.pipeline import AskQuery
from service.question.analyze import squashed

# the sets still unopened when it was run (at 9b8bc53)
UNOPENED = {"blind134", "blind134_en", "lookup13", "lookup13_en"}


def main() -> None:
    pipeline = load_engine(_settings(argparse.Namespace())).pipeline
    counts: Counter[tuple[bool, str, bool | None]] = Counter()
    for path in sorted(Path("eval/data").glob("*.jsonl")):
        if path.stem in UNOPENED:
            continue
        for item in read_dataset(path):
            symbols = pipeline.citations.symbols_of_other_documents(pipeline.reader.analyze(item.question))
            if not symbols:
                continue
            result = pipeline.ask(AskQuery(question=item.question, top_k=10))
            answer = result.verdict.answer
            if answer is None:
                counts[item.answerable, "withheld", None] += 1
                continue
            source = next(hit for hit in result.hits if hit.rank == answer.passage_rank)
            lacks = [s for s in symbols if squashed(s) not in squashed(passage_text(source))]
            right = holds_gold_text(answer.text, item.gold) if item.answerable else None
            counts[item.answerable, "lacks" if lacks else "holds", right] += 1
            if lacks:
                print(path.stem, item.id, item.answerable, right, item.question, symbols, source.chunk.chunk_id)
    for key, count in sorted(counts.items(), key=str):
        print(key, count)


if __name__ == "__main__":
    main()
