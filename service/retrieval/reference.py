"""References the way UN documents are cited: the documents a question names (symbol, year, title words), and
explicit paragraphs ("65/64号决议执行部分第12段", "成果文件第二节A部分第5段", "序言部分第三段", "operative
paragraph 12") that are answered by looking the paragraph up, not by similarity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.index import IndexBundle

DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
CHINESE_NUMBER = "零〇一二两三四五六七八九十百"
PARAGRAPH = re.compile(rf"第\s*(\d{{1,3}}|[{CHINESE_NUMBER}]{{1,5}})\s*段"
                       r"|(?<![a-z])(?:(operative|preambular)\s+)?(?:para(?:graph)?s?\.?|§)\s*(\d{1,3})"
                       r"|(?<![a-z])(op|pp)\s*(\d{1,3})(?!\d)", re.IGNORECASE)
ENGLISH_PARTS = {"operative": "执行部分", "op": "执行部分", "preambular": "序言部分", "pp": "序言部分"}
CHAPTER = re.compile(r"第\s*([一二三四五六七八九十])\s*[节章]|(?<![a-z])(?:section|chapter)\s+([IVX]{1,4})\b",
                     re.IGNORECASE)
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
LETTER = re.compile(r"([A-H])\s*(?:部分|节|分节)|(?<![a-z])(?:section|chapter)\s+[IVX]{1,4}\s*[.\s]\s*([A-H])\b",
                    re.IGNORECASE)
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


def chinese_number(text: str) -> int:
    """1-999 written in Chinese numerals: "十二" -> 12, "二十" -> 20, "一百零五" -> 105."""
    total, digit = 0, 0
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        else:  # 十 or 百: the digit before it (one when none, as in 十二) times its place
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
    return total + digit


def parse_reference(question: str) -> Reference | None:
    """The paragraph a question cites explicitly, with the part, chapter and letter that qualify it."""
    match = PARAGRAPH.search(question)
    if not match:
        return None
    chinese, english_part, english, short_part, short = match.groups()
    number = chinese or english or short
    paragraph = int(number) if number.isdigit() else chinese_number(number)
    before = question[: match.start()]
    part = ENGLISH_PARTS.get((english_part or short_part or "").lower()) or next(
        (p for p in ("序言部分", "执行部分") if p in before), None)
    if part is None and ("成果文件" in question or "附件" in before or "annex" in before.lower()):
        part = "附件"
    chapter = CHAPTER.search(before)
    letter = LETTER.search(before)
    chapter_number = None
    if chapter:
        chinese_chapter, roman_chapter = chapter.groups()
        chapter_number = chinese_number(chinese_chapter) if chinese_chapter else ROMAN[roman_chapter.upper()]
    return Reference(paragraph=paragraph, part=part, chapter=chapter_number,
                     letter=(letter.group(1) or letter.group(2)).upper() if letter else None)


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
    if reference.part is None and reference.chapter is None:
        # "报告第15段" is the report's own paragraph 15: an annex's paragraphs are cited with the annex or chapter
        rows = [row for row in rows if bundle.chunks[row].part != "附件"] or rows
    anchors = {(bundle.chunks[r].doc_id, bundle.chunks[r].anchor) for r in rows}
    return rows if len(anchors) == 1 else []
