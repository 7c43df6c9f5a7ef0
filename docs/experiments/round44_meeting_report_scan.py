"""Round 44, studied and not registered: the labelled questions naming the report of a meeting none of the corpus'
documents is about ("BMS4的报告", "the report of the fourth BMS"), read as step 2 reads an outcome document, with
whether each is answerable (a scan). Run from the repository root: HF_HUB_OFFLINE=1 .venv/bin/python
docs/experiments/round44_meeting_report_scan.py"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from cli import _settings
from eval.dataset import read_dataset
from service.app import load_engine
from service.question.meetings import _NAMED, PREPARING, _dated

# a meeting's report right after its name ("第四次双年度会议（2010年）报告", "BMS4's final report"), or before it
AFTER = re.compile(r"\s*(?:[（(][^）)]{0,12}[）)])?\s*(?:的|所|最终|最后|通过的|['’]s)*\s*(?:final\s+)?"
                   r"(?:报告|report(?![a-z]))", re.IGNORECASE)
BEFORE = re.compile(r"(?<![a-z])(?:final\s+)?report\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# the sets still unopened when it was run
UNOPENED = {"lookup13", "lookup13_en", "outcome2", "outcome2_en", "footnote1", "footnote1_en", "blind136",
            "blind136_en"}


def reports_not_held(text: str, documented: frozenset[tuple[int, int]]) -> list[str]:
    """The meetings whose report ``text`` names with the meeting, none of the corpus' documents being about them."""
    named = []
    for series, pattern in _NAMED.items():
        for match in pattern.finditer(text):
            if not (AFTER.match(text, match.end()) or BEFORE.search(text, 0, match.start())):
                continue
            while (closer := pattern.search(text, match.start() + 1, match.end())) and closer.end() == match.end():
                match = closer
            if not PREPARING.search(text[: match.start()]) and documented.isdisjoint(_dated(series, match)):
                named.append(match.group(0))
    return named


def main() -> None:
    reader = load_engine(_settings(argparse.Namespace())).pipeline.reader
    counts: Counter[bool] = Counter()
    for path in sorted(Path("eval/data").glob("*.jsonl")):
        if path.stem in UNOPENED:
            continue
        for item in read_dataset(path):
            named = reports_not_held(reader.analyze(item.question).normalized, reader.documented_meetings)
            if named:
                counts[item.answerable] += 1
                print(path.stem, item.id, "answerable" if item.answerable else "unanswerable", named, item.question)
    print(f"{counts[True]} answerable, {counts[False]} unanswerable")


if __name__ == "__main__":
    main()
