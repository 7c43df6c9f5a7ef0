"""References the way UN documents are cited: the documents a question names (symbol, year, title words), and
explicit paragraphs ("65/64号决议执行部分第12段", "成果文件第二节A部分第5段", "序言部分第3段") that are answered
by looking the paragraph up, not by similarity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.index import IndexBundle

CHINESE_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
PARAGRAPH = re.compile(r"第\s*(\d{1,3})\s*段")
CHAPTER = re.compile(r"第\s*([一二三四五六七八九十])\s*[节章]")
LETTER = re.compile(r"([A-H])\s*(?:部分|节|分节)")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
SYMBOL_TAIL = re.compile(r"\d+/\d+")
TITLE_PHRASE = 4
HAN_PHRASE = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Reference:
    paragraph: int
    part: str | None
    chapter: int | None
    letter: str | None


def parse_reference(question: str) -> Reference | None:
    """The paragraph a question cites explicitly, with the part, chapter and letter that qualify it."""
    match = PARAGRAPH.search(question)
    if not match:
        return None
    before = question[: match.start()]
    part = next((p for p in ("序言部分", "执行部分") if p in before), None)
    if part is None and ("成果文件" in question or "附件" in before):
        part = "附件"
    chapter = CHAPTER.search(before)
    letter = LETTER.search(before)
    return Reference(paragraph=int(match.group(1)), part=part,
                     chapter=CHINESE_NUMERALS[chapter.group(1)] if chapter else None,
                     letter=letter.group(1) if letter else None)


def named_documents(bundle: IndexBundle, question: str) -> list[str]:
    """Documents the question names: by symbol ("A/CONF.192/2018/RC/3", "65/64号决议") or else by year, plus
    those whose title alone holds a four-character phrase of the question ("专家会议", "两年期会议", "成果文件");
    [] when it names none, or all of them."""
    folded = question.replace(" ", "").upper()
    documents = bundle.documents.values()
    named = {d.doc_id for d in documents if d.symbol and (
        d.symbol.upper() in folded or any(tail in folded for tail in SYMBOL_TAIL.findall(d.symbol)))}
    if not named:
        years = set(YEAR.findall(question))
        named = {d.doc_id for d in documents if years & {(d.date or "")[:4], *YEAR.findall(d.title)}}
    titles = {d.doc_id: re.sub(r"\s+", "", d.title) for d in documents}
    for start in range(len(folded) - TITLE_PHRASE + 1):
        phrase = folded[start: start + TITLE_PHRASE]
        owners = [doc_id for doc_id, title in titles.items() if phrase in title]
        if len(owners) == 1 and HAN_PHRASE.fullmatch(phrase):
            named.add(owners[0])
    return sorted(named) if len(named) < len(titles) else []


def resolve(bundle: IndexBundle, question: str) -> list[int]:
    """Rows of the chunks the question cites explicitly (several when a paragraph was split); [] when the
    question cites none or the citation is ambiguous."""
    reference = parse_reference(question)
    if reference is None:
        return []
    documents = set(named_documents(bundle, question) or bundle.documents)
    rows = []
    for row, chunk in enumerate(bundle.chunks):
        if chunk.doc_id not in documents or chunk.kind != "paragraph" or chunk.paragraph != str(reference.paragraph):
            continue
        if reference.part == "序言部分" and chunk.part != "序言部分":
            continue
        if reference.part in ("执行部分", "附件") and chunk.part != reference.part:
            continue
        if reference.part != "序言部分" and not chunk.numbered:
            continue
        if reference.chapter is not None and not chunk.anchor.startswith(f"annex-s{reference.chapter}-"):
            continue
        if reference.letter is not None and not any(t.startswith(f"{reference.letter}.") for t in chunk.section):
            continue
        rows.append(row)
    anchors = {(bundle.chunks[r].doc_id, bundle.chunks[r].anchor) for r in rows}
    return rows if len(anchors) == 1 else []
