"""Document -> Chunks at the document's own structure: numbered paragraphs with their section path,
unnumbered paragraphs numbered by position, footnotes linked to their paragraph, and the cover block."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.clean import (
    EMPTY,
    SUPERSCRIPT_DIGITS,
    SUPERSCRIPTS,
    Line,
    OffsetText,
    clean_line,
    ends_sentence,
    ends_with_colon,
    footnote_marker,
    is_furniture,
    join_lines,
    split_lines,
)
from indexer.patterns import ONE_TO_TEN
from indexer.types import SECTION_SEPARATOR, Chunk, Document

logger = logging.getLogger(__name__)

MAX_CHUNK_CHARS = 500
HEADING_MAX_CHARS = 80
ANCHOR_MIN_CHARS = 20  # a line this long that is not a heading is prose: the cover block ends before it
CHUNKER_VERSION = "2"  # what the index embeds: 2, sentences without their web addresses

CHINESE_NUMERAL_HEADING = re.compile(rf"^[{ONE_TO_TEN}]+\.\s*\S")
LETTER_HEADING = re.compile(r"^[A-Z]\.\s*(?!\d)\S")
NUMBERED = re.compile(r"^(\d{1,3})\.(?!\d)\s*")
LETTERED_ITEM = re.compile(r"^\([a-z]{1,2}\)\s*\S")
SENTENCE_INSIDE = re.compile(r"[。！？]")  # a heading may hold "；" but never a full stop
ANNEX = re.compile(rf"^(?:附件[{ONE_TO_TEN}]*|.{{0,60}}的附件)$")

BODY, FRONT, ANNEX_PART, PREAMBLE, OPERATIVE = "正文", "文件信息", "附件", "序言部分", "执行部分"
PART_SLUGS = {BODY: "body", ANNEX_PART: "annex", PREAMBLE: "pre", OPERATIVE: "op", FRONT: "front"}

# Heading levels: the annex title, 一., A., 1., (a), then unnumbered headings (which stack).
ANNEX_LEVEL, CHAPTER_LEVEL, LETTER_LEVEL, NUMBER_LEVEL, ITEM_LEVEL, PLAIN_LEVEL = range(6)

SPLITTER = RecursiveCharacterTextSplitter(
    chunk_size=MAX_CHUNK_CHARS,
    chunk_overlap=0,
    separators=["\n", "。", "；", "！", "？", "，", "、", ""],
    keep_separator="end",
    add_start_index=True,
)


@dataclass(slots=True)
class Classified:
    """A content line with its cleaned text and what its opening marker says it may be."""

    line: Line
    text: OffsetText
    marker: str  # "chapter" | "letter" | "number" | "item" | "annex" | "none"
    number: int | None = None

    @property
    def heading_like(self) -> bool:
        text = self.text.text
        return len(text) <= HEADING_MAX_CHARS and not ends_sentence(text) and not SENTENCE_INSIDE.search(text)


@dataclass(slots=True)
class Block:
    """A paragraph being assembled."""

    kind: str
    part: str
    section: tuple[str, ...]
    label: str
    numbered: bool
    text: OffsetText
    last_line: str = ""
    list_context: bool = False
    list_number: int = 0  # last number of a numbered list inside the paragraph (an agenda, say)


@dataclass(slots=True)
class Parser:
    """Walks the content lines of one document and keeps the structural state."""

    document: Document
    part: str = BODY
    headings: list[tuple[int, str]] = field(default_factory=list)
    last_number: int = 0
    since_heading: bool = True
    open_block: Block | None = None
    pending: list[Classified] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[tuple[str, OffsetText]] = field(default_factory=list)
    unnumbered_counts: dict[str, int] = field(default_factory=dict)

    def section(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.headings)

    def push_heading(self, level: int, title: str) -> None:
        self.headings = [(lvl, t) for lvl, t in self.headings if lvl < level] + [(level, title)]
        self.since_heading = True

    def close(self) -> None:
        if self.open_block is not None:
            self.blocks.append(self.open_block)
            self.open_block = None

    def settle_pending(self, *, as_headings: bool) -> None:
        """Pending short lines become headings when content follows them, or closing lines (a date,
        a signature) when the part or the document ends right after them."""
        if not self.pending:
            return
        if as_headings:
            stacked = self.since_heading and self.headings and self.headings[-1][0] >= PLAIN_LEVEL
            for i, line in enumerate(self.pending):
                level = PLAIN_LEVEL if i == 0 and not stacked else max(PLAIN_LEVEL, self.headings[-1][0] + 1)
                self.push_heading(level, line.text.text)
        else:
            text = EMPTY
            for line in self.pending:
                text = join_lines(text, line.text, newline_at=line.line.start) if text.text else line.text
            self.blocks.append(Block("closing", self.part, self.section(), "", False, text))
        self.pending = []

    def part_for(self, numbered: bool) -> str:
        if self.part == BODY and self.document.kind == "resolution":
            return OPERATIVE if numbered else PREAMBLE
        return self.part

    def open_paragraph(self, line: Classified, number: int | None) -> None:
        self.settle_pending(as_headings=True)
        self.close()
        if number is not None:
            part = self.part_for(True)
            label = str(number)
            self.last_number = number
            text = line.text[NUMBERED.match(line.text.text).end():]  # type: ignore[union-attr]
        else:
            part = self.part_for(False)
            self.unnumbered_counts[part] = self.unnumbered_counts.get(part, 0) + 1
            label = str(self.unnumbered_counts[part])
            text = line.text
        self.open_block = Block("paragraph", part, self.section(), label, number is not None, text,
                                last_line=line.text.text, list_context=ends_with_colon(line.text.text))
        self.since_heading = False

    def continue_paragraph(self, line: Classified) -> None:
        block = self.open_block
        assert block is not None
        block.text = join_lines(block.text, line.text, newline_at=line.line.start)
        block.last_line = line.text.text
        block.list_context = block.list_context or ends_with_colon(line.text.text)
        if line.number is not None:
            block.list_number = line.number

    def heading(self, level: int, line: Classified) -> None:
        self.settle_pending(as_headings=True)
        self.close()
        self.push_heading(level, line.text.text)

    def start_annex(self, line: Classified) -> None:
        self.settle_pending(as_headings=False)
        self.close()
        self.part = ANNEX_PART
        self.headings = []
        self.push_heading(ANNEX_LEVEL, line.text.text)
        self.last_number = 0

    def feed(self, line: Classified, following: Classified | None) -> None:
        block = self.open_block
        expected = line.number is not None and (
            line.number == self.last_number + 1 or (line.number == 1 and self.since_heading))
        next_is_marked = following is not None and following.marker != "none"
        next_is_heading_like = following is not None and following.marker == "none" and following.heading_like
        if line.marker == "annex" and line.heading_like:
            self.start_annex(line)
        elif line.marker in ("chapter", "letter") and line.heading_like:
            self.heading(CHAPTER_LEVEL if line.marker == "chapter" else LETTER_LEVEL, line)
        elif line.marker == "number":
            if line.heading_like and (next_is_marked or (not expected and next_is_heading_like)):
                self.heading(NUMBER_LEVEL, line)
            elif block is not None and block.list_context and line.number == block.list_number + 1:
                self.continue_paragraph(line)
            elif expected or block is None:
                self.open_paragraph(line, line.number)
            else:
                self.continue_paragraph(line)
        elif line.marker == "item" and line.heading_like and next_is_marked and not (block and block.list_context):
            self.heading(ITEM_LEVEL, line)
        elif block is not None and not self.pending and (
                block.list_context or not ends_sentence(block.last_line) or (block.numbered and not line.heading_like)):
            # a numbered paragraph runs on to the next structural mark; an unnumbered one to its sentence end
            self.continue_paragraph(line)
        elif line.heading_like and line.marker in ("none", "item"):
            self.close()
            self.pending.append(line)
        else:
            self.open_paragraph(line, None)


def classify(original: str, line: Line) -> Classified:
    text = clean_line(original, line)
    plain = text.text
    if ANNEX.match(plain):
        return Classified(line, text, "annex")
    if CHINESE_NUMERAL_HEADING.match(plain):
        return Classified(line, text, "chapter")
    if LETTER_HEADING.match(plain):
        return Classified(line, text, "letter")
    number = NUMBERED.match(plain)
    if number:
        return Classified(line, text, "number", int(number.group(1)))
    if LETTERED_ITEM.match(plain):
        return Classified(line, text, "item")
    return Classified(line, text, "none")


def cover_end(lines: list[Classified]) -> int:
    """Index of the first line after the cover block (title, symbol, dates, agenda item)."""
    for i, line in enumerate(lines):
        if line.marker in ("chapter", "letter") and line.heading_like:
            return i
        if line.marker == "number" and line.number == 1:
            return i
        if line.marker == "none" and not line.heading_like and len(line.text.text) >= ANCHOR_MIN_CHARS:
            # the short line right above the first prose paragraph is its heading ("摘要", a letter's title)
            return i - 1 if i > 0 and lines[i - 1].heading_like and lines[i - 1].marker == "none" else i
    return 0


def parse(document: Document) -> tuple[Block | None, list[Block], list[tuple[str, OffsetText]]]:
    """Return the cover block, the paragraph and closing blocks, and the footnotes of a document."""
    original = document.text
    content: list[Classified] = []
    footnotes: list[tuple[str, OffsetText]] = []
    for line in split_lines(original):
        if is_furniture(line):
            continue
        marker = footnote_marker(line)
        if marker is not None:
            footnotes.append((marker, clean_line(original, line)))
            continue
        content.append(classify(original, line))
    end = cover_end(content)
    cover = None
    if end > 0:
        text = EMPTY
        for item in content[:end]:
            text = text + OffsetText("\n", (item.line.start,)) + item.text if text.text else item.text
        cover = Block("front", FRONT, (), "", False, text)
    parser = Parser(document)
    body = content[end:]
    for i, item in enumerate(body):
        parser.feed(item, body[i + 1] if i + 1 < len(body) else None)
    parser.settle_pending(as_headings=False)
    parser.close()
    return cover, parser.blocks, footnotes


def split_block(block: Block) -> list[OffsetText]:
    """Pieces of at most about MAX_CHUNK_CHARS, cut at sentence then clause boundaries."""
    if len(block.text.text) <= MAX_CHUNK_CHARS:
        return [block.text]
    pieces = []
    for doc in SPLITTER.create_documents([block.text.text]):
        start = doc.metadata["start_index"]
        piece = block.text[start:start + len(doc.page_content)]
        if piece.text.strip():
            pieces.append(piece)
    return pieces


def strip(text: OffsetText) -> OffsetText:
    left = len(text.text) - len(text.text.lstrip())
    right = len(text.text.rstrip())
    return text[left:right]


def superscript(marker: str) -> str:
    return marker.translate(SUPERSCRIPT_DIGITS)


def anchor_for(block: Block, chapter_index: int) -> str:
    if block.kind == "front":
        return "front"
    slug = PART_SLUGS.get(block.part, "part")
    if block.kind == "closing":
        return f"{slug}-end"
    if block.numbered:
        if block.part == ANNEX_PART:
            return f"annex-s{chapter_index}-p{block.label}" if chapter_index else f"annex-p{block.label}"
        return f"p{block.label}"
    return f"{slug}-u{block.label}"


def embed_text(document: Document, section: tuple[str, ...], label: str, text: str) -> str:
    """What the encoder sees: the document title and the section path give a paragraph its context."""
    context = SECTION_SEPARATOR.join(section)
    return "\n".join(part for part in (document.title, context, label, text) if part)


def chunk_document(document: Document) -> list[Chunk]:
    """Split one document into chunks; every chunk's spans reproduce its text from the original."""
    cover, blocks, footnotes = parse(document)
    chunks: list[Chunk] = []
    used: set[str] = set()
    chapters: dict[tuple[str, str], int] = {}

    def add(block: Block, anchor: str, parent: str | None = None) -> list[Chunk]:
        base = anchor
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        pieces = [strip(p) for p in split_block(block)]
        made = []
        for i, piece in enumerate(pieces):
            chunk_id = f"{document.doc_id}:{anchor}" + (f":{i + 1}" if len(pieces) > 1 else "")
            spans = piece.spans(document.text)
            chunk = Chunk(
                chunk_id=chunk_id, doc_id=document.doc_id, anchor=anchor, kind=block.kind, part=block.part,
                section=block.section, paragraph=block.label, numbered=block.numbered, text=piece.text,
                embed_text="", start=spans[0][0], end=spans[-1][1], spans=spans, parent=parent, piece=i,
                pieces=len(pieces),
            )
            made.append(replace(chunk, embed_text=embed_text(document, chunk.section, chunk.label, chunk.text)))
        chunks.extend(made)
        return made

    if cover is not None:
        add(cover, "front")
    for block in blocks:
        chapter = next((t for t in block.section if CHINESE_NUMERAL_HEADING.match(t)), "")
        key = (block.part, chapter)
        if chapter and key not in chapters:
            chapters[key] = 1 + sum(1 for part, _ in chapters if part == block.part)
        add(block, anchor_for(block, chapters.get(key, 0)))
    for marker, text in footnotes:
        ref = superscript(marker)
        parent = next((c for c in chunks if c.kind != "footnote" and footnote_reference(c.text, marker)), None)
        block = Block("footnote", parent.part if parent else BODY, parent.section if parent else (), marker, True,
                      text[len(ref):] if text.text.startswith(ref) else text)
        add(block, f"fn{marker}" if marker != "*" else "fn-star", parent.chunk_id if parent else None)
    return chunks


def footnote_reference(text: str, marker: str) -> re.Match[str] | None:
    """Where ``text`` cites footnote ``marker`` ("5", "*"): its first mark ("⁵") that is a whole run of superscript
    digits (the ¹ of "¹⁰" and of "¹¹" cite footnotes 10 and 11, not 1); None when it does not cite it."""
    return re.search(rf"(?<![{SUPERSCRIPTS}]){re.escape(superscript(marker))}(?![{SUPERSCRIPTS}])", text)


def chunk_corpus(documents: list[Document]) -> list[Chunk]:
    chunks = [chunk for document in documents for chunk in chunk_document(document)]
    logger.info("%d documents -> %d chunks", len(documents), len(chunks))
    return chunks
