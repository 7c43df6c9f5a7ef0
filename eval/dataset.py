"""EvalItem and the JSON Lines dataset format: read and validate it, and check its gold quotes against the corpus."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.chunk import chunk_corpus
from indexer.errors import ManifestError
from indexer.load import CORPUS_SUFFIXES, load_corpus, read_document

# the datasets ship inside the package: `poaqa eval` finds them from any folder, installed or not
DATA_DIR = Path(__file__).resolve().parent / "data"
DEV_SET = DATA_DIR / "dev.jsonl"
TYPES = ("factoid", "paraphrase", "section", "cross_doc", "unanswerable")
REQUIRED_FIELDS = ("id", "question", "type", "doc", "gold")
_WHITESPACE = re.compile(r"\s+")


class DatasetError(ValueError):
    """A dataset line that is not a valid question; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One question of a dataset; ``docs`` holds the file name(s) of its ``doc`` field (empty for null)."""

    id: str
    question: str
    type: str
    docs: tuple[str, ...]
    gold: tuple[str, ...]
    answer: str = ""
    note: str = ""

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


@dataclass(frozen=True, slots=True)
class DatasetCheck:
    """What ``check`` found: problems (the dataset is wrong), and two warnings: quotes that occur more than once, and
    answerable questions none of whose quotes lies inside a passage (a section heading, a cover line), which the
    scorer, matching quotes to passages, counts as missed whatever is ranked."""

    questions: int
    problems: tuple[str, ...]
    repeated_quotes: tuple[str, ...]
    unscored: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def squash_whitespace(text: str) -> str:
    """The matching rule's normal form: the text with ALL whitespace removed."""
    return _WHITESPACE.sub("", text)


def gold_needles(item: EvalItem) -> tuple[str, ...]:
    """A question's gold quotes as the scorer looks for them in a passage: whitespace removed, empty ones dropped."""
    return tuple(needle for quote in item.gold if (needle := squash_whitespace(quote)))


def contains_quote(text: str, quote: str) -> bool:
    """True when ``quote`` occurs in ``text`` once whitespace is removed from both."""
    needle = squash_whitespace(quote)
    return bool(needle) and needle in squash_whitespace(text)


def _string(obj: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = obj.get(name, "")
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        raise ValueError(f"{name!r} is empty")
    return value


def _docs(value: object, kind: str) -> tuple[str, ...]:
    if kind == "unanswerable":
        if value is not None:
            raise ValueError(f"an unanswerable question must have doc null, got {value!r}")
        return ()
    if kind == "cross_doc":
        if not (isinstance(value, list) and len(value) >= 2 and all(isinstance(v, str) and v for v in value)):
            raise ValueError(f"a cross_doc question needs doc = a list of at least 2 file names, got {value!r}")
        if len(set(value)) != len(value):
            raise ValueError(f"doc lists a file twice: {value!r}")
        return tuple(value)
    if not (isinstance(value, str) and value):
        raise ValueError(f"a {kind} question needs doc = one file name, got {value!r}")
    return (value,)


def _gold(value: object, kind: str) -> tuple[str, ...]:
    if not (isinstance(value, list) and all(isinstance(q, str) for q in value)):
        raise ValueError(f"'gold' must be a list of strings, got {value!r}")
    if kind == "unanswerable":
        if value:
            raise ValueError(f"an unanswerable question must have gold [], got {len(value)} quote(s)")
    elif not value:
        raise ValueError(f"a {kind} question needs at least one gold quote")
    blank = [q for q in value if not q.strip()]
    if blank:
        raise ValueError("'gold' holds an empty quote")
    return tuple(value)


def parse_item(line: str) -> EvalItem:
    """One dataset line -> EvalItem; raise ValueError saying what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"not valid JSON ({e})") from e
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    missing = [name for name in REQUIRED_FIELDS if name not in obj]
    if missing:
        raise ValueError(f"missing field(s) {', '.join(missing)}; a line needs {', '.join(REQUIRED_FIELDS)}")
    kind = _string(obj, "type")
    if kind not in TYPES:
        raise ValueError(f"type {kind!r} is not one of {', '.join(TYPES)}")
    return EvalItem(id=_string(obj, "id"), question=_string(obj, "question"), type=kind,
                    docs=_docs(obj["doc"], kind), gold=_gold(obj["gold"], kind),
                    answer=_string(obj, "answer", required=False), note=_string(obj, "note", required=False))


def _parse_lines(path: Path) -> tuple[list[EvalItem], list[str]]:
    """Every valid item of the file and one message per bad line (``FILE:LINE: reason``)."""
    items: list[EvalItem] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(f"{path}: cannot read the dataset ({e})") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = parse_item(line)
        except ValueError as e:
            errors.append(f"{path}:{number}: {e}")
            continue
        if item.id in seen:
            errors.append(f"{path}:{number}: id {item.id!r} already used on line {seen[item.id]}; ids must be unique")
            continue
        seen[item.id] = number
        items.append(item)
    if not items and not errors:
        errors.append(f"{path}: the dataset holds no questions")
    return items, errors


def read_dataset(path: Path) -> list[EvalItem]:
    """Read a JSON Lines dataset; raise DatasetError naming the first bad line."""
    items, errors = _parse_lines(path)
    if errors:
        more = f" (and {len(errors) - 1} more bad line(s); run `poaqa eval check {path}`)" if len(errors) > 1 else ""
        raise DatasetError(errors[0] + more)
    return items


def corpus_files(corpus_dir: Path) -> dict[str, str]:
    """File name -> original text of every corpus file (a PDF's: its extracted text, which offsets point into)."""
    return {p.name: read_document(p) for p in sorted(corpus_dir.iterdir())
            if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES}


def _check_item(item: EvalItem, squashed: dict[str, str]) -> Iterable[str]:
    missing = [f for f in item.docs if f not in squashed]
    for file in missing:
        yield f"{item.id}: doc {file!r} is not a file of the corpus"
    present = [f for f in item.docs if f in squashed]
    for quote in item.gold:
        needle = squash_whitespace(quote)
        if present and not any(needle in squashed[f] for f in present):
            yield f"{item.id}: gold quote {quote!r} does not occur in {', '.join(present)}"
    if item.type == "cross_doc":
        for file in present:
            if not any(squash_whitespace(q) in squashed[file] for q in item.gold):
                yield f"{item.id}: no gold quote comes from {file}; a cross_doc question needs one per listed doc"


def check(dataset: Path, corpus_dir: Path) -> DatasetCheck:
    """Validate every line of ``dataset`` and its gold quotes against the files in ``corpus_dir``.

    A quote matches when it is a substring of its document once ALL whitespace is removed from both.
    """
    items, problems = _parse_lines(dataset)
    squashed = {name: squash_whitespace(text) for name, text in corpus_files(corpus_dir).items()}
    try:
        passages = [squash_whitespace(chunk.text) for chunk in chunk_corpus(load_corpus(corpus_dir).documents)]
    except ManifestError as e:  # the index could not be built from this folder either
        problems.append(str(e))
        passages = []
    repeated: list[str] = []
    unscored: list[str] = []
    for item in items:
        problems.extend(_check_item(item, squashed))
        needles = gold_needles(item)
        if passages and item.answerable and needles and not any(needle in passage for needle in needles
                                                                 for passage in passages):
            unscored.append(f"{item.id}: no gold quote lies inside a passage (a section heading or a cover line?): "
                            "no ranking can score it; quote the paragraphs that answer")
        for quote in item.gold:
            needle = squash_whitespace(quote)
            counts = {name: text.count(needle) for name, text in squashed.items() if needle in text}
            if sum(counts.values()) > 1:
                where = ", ".join(f"{name} x{n}" for name, n in counts.items())
                repeated.append(f"{item.id}: gold quote {quote!r} occurs {sum(counts.values())} times ({where})")
    return DatasetCheck(questions=len(items), problems=tuple(problems), repeated_quotes=tuple(repeated),
                        unscored=tuple(unscored))
