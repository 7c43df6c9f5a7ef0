"""References the way UN documents are cited: the documents a question names (symbol, year, title words) and the
paragraph it cites explicitly ("65/64号决议执行部分第12段", "成果文件第二节A部分第5段", "序言部分第三段",
"operative paragraph 12")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.chunk import ANNEX_PART, OPERATIVE, PREAMBLE
from indexer.patterns import CHINESE_DIGITS
from indexer.types import Document
from service.question.patterns import (
    ANNEX_OR_OUTCOME_EN,
    ARTICLE,
    CHAPTER,
    ENGLISH_ORDINALS,
    HAN_PHRASE,
    LETTER,
    LETTER_BEFORE,
    NAMES_ANNEX,
    OF_CHAPTER,
    PARAGRAPH,
    PREAMBLE_EN,
    REPORT,
    SUBSECTION,
    SYMBOL_TAIL,
    YEAR_OF,
    chapter_numeral,
)

ENGLISH_PARTS = {"operative": OPERATIVE, "op": OPERATIVE, "preambular": PREAMBLE, "pp": PREAMBLE}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
PLACES = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# a phrase of the question this long found in one document's title names that document ("专家会议", "成果文件")
TITLE_PHRASE = 4


# the paragraph number of a citation of the last paragraph of its part ("最后一段", "the final operative paragraph")
LAST_PARAGRAPH = 0


@dataclass(frozen=True, slots=True)
class Reference:
    """A paragraph cited explicitly, with the part, chapter and letter that qualify it."""

    paragraph: int  # its number, or LAST_PARAGRAPH
    part: str | None
    chapter: int | None
    letter: str | None


def chinese_number(text: str) -> int:
    """A number written in Chinese numerals: "十二" -> 12, "二十" -> 20, "一百零五" -> 105."""
    total, digit = 0, 0
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        else:  # a place (十, 百...): the digit before it (one when none, as in 十二) times the place
            total += (digit or 1) * PLACES[char]
            digit = 0
    return total + digit


def as_number(text: str) -> int:
    """A number written in digits or in Chinese numerals: "12" and "十二" -> 12."""
    return int(text) if text.isdigit() else chinese_number(text)


def ordinal_number(ordinal: str) -> int:
    """The number of an English ordinal: "fifth" -> 5, "2nd" -> 2."""
    word = ordinal.lower()
    return ENGLISH_ORDINALS.index(word) + 1 if word in ENGLISH_ORDINALS else int(word[:-2])


def cited_articles(text: str) -> tuple[str, ...]:
    """The articles ``text`` cites, numbered in digits: "第七条", "第 7 条" and "Article 7" -> "第7条"."""
    return tuple(f"第{as_number(chinese or english)}条" for chinese, english in ARTICLE.findall(text))


def chapter_number(chapter: re.Match[str]) -> int:
    """The number of a CHAPTER match: "第三节" -> 3, "section III" -> 3, "II.A" -> 2."""
    chinese_chapter, roman_chapter, bare_chapter = chapter.groups()
    return chinese_number(chinese_chapter) if chinese_chapter else ROMAN[(roman_chapter or bare_chapter).upper()]


def letter_of(letter: re.Match[str] | None) -> str | None:
    """The letter of a LETTER match ("D部分", "第二节B", "section III.D" -> "D"), None without one."""
    return next(group for group in letter.groups() if group).upper() if letter else None


def parse_reference(question: str) -> Reference | None:
    """The paragraph a question cites explicitly, or None."""
    match = PARAGRAPH.search(question)
    if not match:
        return None
    chinese, english_part, english, short_part, short, ordinal, ordinal_part, last, last_part = match.groups()
    if last:
        paragraph = LAST_PARAGRAPH
    else:
        paragraph = as_number(chinese or english or short) if ordinal is None else ordinal_number(ordinal)
    english_part = english_part or ordinal_part or last_part
    before = question[: match.start()]
    # "序言第六段" cites the preamble as "序言部分第六段" does, and English names it anywhere ("the last paragraph of
    # the resolution's preamble"); "执行" alone is a word of many titles ("执行《行动纲领》")
    part = ENGLISH_PARTS.get((english_part or short_part or "").lower()) or next(
        (part for part, written in ((PREAMBLE, "序言"), (OPERATIVE, OPERATIVE)) if written in before), None) or (
        PREAMBLE if PREAMBLE_EN.search(question) else None)
    # a paragraph of the outcome document ("成果文件第5段", "paragraph 20 of the 2018 outcome document") or of an annex
    # named before it; English's "outcome" or "annex" anywhere ("the second paragraph of the annex to Lithuania's
    # letter"), not where the question names a report too: "Para 9 of the RevCon3 report itself, not the outcome"
    # cites the report's own paragraph
    if part is None and ("成果文件" in question or "附件" in before or "annex" in before.lower()
                         or (ANNEX_OR_OUTCOME_EN.search(question) and not REPORT.search(question))):
        part = ANNEX_PART
    chapter, letter = CHAPTER.search(before), LETTER.search(before)
    if chapter is None and (joined := OF_CHAPTER.match(question, match.end())):
        # English names the chapter after the paragraph: "paragraph 13 of section I", "para 5 of section II.B"
        chapter, letter = CHAPTER.match(question, joined.end()), LETTER.match(question, joined.end())
    return Reference(paragraph=paragraph, part=part, chapter=chapter_number(chapter) if chapter else None,
                     letter=letter_of(letter))


def cited_as_written(reference: Reference) -> str:
    """``reference`` as the corpus cites a paragraph: "第一节第13段" (paragraph 13 of section I), "第13段"."""
    chapter = f"第{numeral}节" if (numeral := chapter_numeral(reference.chapter)) else ""
    return chapter if reference.paragraph == LAST_PARAGRAPH else f"{chapter}第{reference.paragraph}段"


@dataclass(frozen=True, slots=True)
class SectionReference:
    """A section named without a paragraph: "第三节D部分", "section III.D", "第二节B.2" (subsection 2); ``annex``: of
    a report's annex, where the question names it or the outcome document it holds ("成果文件第二节")."""

    chapter: int
    letter: str | None
    subsection: int | None = None
    annex: bool = False


def parse_section(question: str) -> SectionReference | None:
    """The section a question names when it cites no paragraph ("成果文件第四节B部分载有哪些内容？", "part C of
    section IV of the outcome"), or None."""
    if PARAGRAPH.search(question):
        return None
    chapter = CHAPTER.search(question)
    if not chapter:
        return None
    letter = LETTER.search(question, chapter.start()) or LETTER_BEFORE.search(question, 0, chapter.start())
    subsection = SUBSECTION.search(question, letter.start()) if letter else None
    return SectionReference(chapter_number(chapter), letter_of(letter),
                            int(subsection.group(1)) if subsection else None, bool(NAMES_ANNEX.search(question)))


def cited_documents(documents: Iterable[Document], question: str) -> set[str]:
    """Documents the question cites: by symbol ("A/CONF.192/2018/RC/3", "65/64号决议") or else by year."""
    documents = list(documents)
    folded = question.replace(" ", "").upper()
    cited = {d.doc_id for d in documents if d.symbol and (
        d.symbol.upper() in folded or any(tail in folded for tail in SYMBOL_TAIL.findall(d.symbol)))}
    if not cited:
        years = set(YEAR_OF.findall(question))
        cited = {d.doc_id for d in documents if years & {(d.date or "")[:4], *YEAR_OF.findall(d.title)}}
    return cited


def named_documents(documents: Iterable[Document], question: str, cited: set[str] | None = None) -> tuple[str, ...]:
    """Documents the question names: those it cites (``cited``, or cited_documents when not given), plus those whose
    title alone holds a four-character phrase of the question ("专家会议", "两年期会议", "成果文件"); () when it
    names none, or all of them."""
    documents = list(documents)
    folded = question.replace(" ", "").upper()
    named = set(cited) if cited is not None else cited_documents(documents, question)
    titles = {d.doc_id: re.sub(r"\s+", "", d.title) for d in documents}
    for start in range(len(folded) - TITLE_PHRASE + 1):
        phrase = folded[start: start + TITLE_PHRASE]
        owners = [doc_id for doc_id, title in titles.items() if phrase in title]
        if len(owners) == 1 and HAN_PHRASE.fullmatch(phrase):
            named.add(owners[0])
    return tuple(sorted(named)) if len(named) < len(titles) else ()
