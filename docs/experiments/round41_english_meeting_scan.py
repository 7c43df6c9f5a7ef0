"""Round 41: English questions naming a meeting in capitalised words that gloss to no corpus word (a scan)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from service.question.normalize import normalize_question
from service.question.translate import EnglishToChinese

# a capitalised name (with "of", "on", "for", "the" inside it) before a word for a meeting
NAME = re.compile(r"((?:(?:[A-Z][\w'’-]*|of|on|for|the)\s+){0,6}?(?:[A-Z][\w'’-]*\s+))"
                  r"(Conference|Summit|Assembly|Forum|Meeting|Congress|Conferences|Summits|Meetings)\b")
OPENING = re.compile(r"^(?:(?:The|the|UN|United Nations)\s+)?(?:(?:What|Which|Who|When|Where|How|Did|Does|Do|Was|Is"
                     r"|At|In)\s+)?")


def main(datasets: list[str]) -> None:
    corpus = " ".join(path.read_text() for path in sorted(Path("poaqa_corpus").glob("0*.txt")))
    english = EnglishToChinese(corpus)
    for dataset in datasets:
        for line in Path(dataset).read_text().splitlines():
            item = json.loads(line)
            question = normalize_question(item["question"])
            for match in NAME.finditer(question):
                name = OPENING.sub("", match.group(1)).strip()
                glossed = english.translate(name)
                if re.search(r"[A-Za-z]", name) and not glossed.keywords and not glossed.unread \
                        and not re.search(r"[\u4e00-\u9fff]", name):
                    print(item["type"], Path(dataset).stem, "|", name, match.group(2), "|", item["question"])


if __name__ == "__main__":
    main(sys.argv[1:])
