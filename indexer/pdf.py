"""PDF -> text for the corpus: pypdf's text, lines wrapped by the page rejoined by pdfminer.six's geometry, and
the metadata of the cover.

Text: pypdf, chosen by fidelity on PDFs made from the bundled documents (tests/indexer/pdf_maker.py): it gives
back every character of all five (whitespace aside), while pdfminer.six drops the middle dots and superscript
digits of three (99.78-99.99 % of the characters) and takes 4 to 5 times as long. Lines: pypdf gives no line
widths, so pdfminer.six's layout tells where each line ends. A line reaching the right margin (within one
character; the text block is taken to be centred on the page, its right margin as wide as its left one) with no
paragraph gap below it was wrapped by the page, and runs on into the next.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from indexer.chunk import CHINESE_NUMERAL_HEADING, LETTER_HEADING, LETTERED_ITEM, NUMBERED
from indexer.clean import FURNITURE, MARKDOWN_PREFIX
from indexer.patterns import DOCUMENT_SYMBOL

FULL_LINE_SLACK = 1.0  # ems short of the right margin that a wrapped line may end (ragged text)
PARAGRAPH_GAP = 1.3  # a line pitch this many times the usual one is the space between two paragraphs
COVER_LINES = 12  # the cover (masthead, symbol, dates, title) is within the first lines of a UN document
_OWN_SYMBOL = re.compile(rf"(?:^|\s)({DOCUMENT_SYMBOL})$")  # the masthead's symbol ends its line, unbracketed
_DISTRIBUTION_DATE = re.compile(r"Distr\.:\s*\w+\s+(\d{1,2} [A-Z][a-z]+ \d{4})")
_CHINESE_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_HAN = "\u3400-\u9fff"
_SPACE_BESIDE_HAN = re.compile(rf"^#+\s*|\s+(?=[{_HAN}])|(?<=[{_HAN}])\s+")


class PdfError(ValueError):
    """A PDF that yields no text: encrypted, damaged, or scanned images without a text layer."""


@dataclass(frozen=True, slots=True)
class PdfLine:
    text: str
    y: float  # baseline, in points from the bottom of the page
    size: float  # font size, in points: one em
    right: float | None  # where its last character ends, in points; None where the layout has no such line


@dataclass(frozen=True, slots=True)
class Cover:
    """What the first lines of a document say about it; None where they do not say."""

    symbol: str | None
    date: str | None
    title: str | None


def _text_lines(page: Any) -> list[tuple[str, float, float]]:
    """(text, baseline, font size) of each line of the page as pypdf extracts it."""
    pieces: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text:
            # the text matrix's origin through the current transformation matrix: the baseline on the page
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text, y, size * abs(tm[3] * cm[3]) or size))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[str, float, float]] = []
    text, start = "", (0.0, 0.0)
    for piece, y, size in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i and text.strip():
                lines.append((text.strip(), *start))
                text = ""
            if part.strip() and not text.strip():
                start = (y, size)
            text += part
    if text.strip():
        lines.append((text.strip(), *start))
    return lines


def _layout_lines(data: bytes) -> list[list[tuple[float, float, float, float]]]:
    """(bottom, top, left, right) of every text line of every page, from pdfminer.six's layout analysis."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextLineHorizontal

    def lines(item: Any) -> list[tuple[float, float, float, float]]:
        if isinstance(item, LTTextLineHorizontal):
            return [(item.y0, item.y1, item.x0, item.x1)] if item.get_text().strip() else []
        return [found for child in item for found in lines(child)] if hasattr(item, "__iter__") else []

    return [lines(page) for page in extract_pages(io.BytesIO(data))]


def _right_end(baseline: float, layout: list[tuple[float, float, float, float]]) -> float | None:
    """The right end of the text on ``baseline``: the furthest of the layout lines whose box holds it (the layout
    may cut a line with wide letter spacing into pieces)."""
    return max((right for bottom, top, _, right in layout if bottom <= baseline <= top), default=None)


def _joined(first: str, second: str) -> str:
    """Two parts of a wrapped line: a space between two Latin words or numbers, nothing between Chinese."""
    if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii() and second[:1].isalnum():
        return f"{first} {second}"
    return first + second


def _starts_paragraph(text: str) -> bool:
    """A line that opens with a paragraph number, a list letter or a heading numeral begins something new."""
    text = MARKDOWN_PREFIX.sub("", text)
    return any(p.match(text) for p in (NUMBERED, LETTERED_ITEM, CHINESE_NUMERAL_HEADING, LETTER_HEADING))


def unwrap(pages: list[list[PdfLine]], margin: float | None) -> str:
    """The text with one line per line of the document: a line that reaches the right ``margin`` with no paragraph
    gap after it is joined to the next (also across a page break) unless that one opens a numbered paragraph, an
    item or a heading (a paragraph may end at the margin); a blank line marks a paragraph gap. Page furniture (the
    job number and page at the foot, a running symbol) is left out, so that a paragraph runs on across pages."""
    texts: list[str] = []
    last: PdfLine | None = None  # the line that ends texts[-1]
    for page in pages:
        page = [line for line in page if not FURNITURE.match(line.text)]
        pitches = [a.y - b.y for a, b in zip(page, page[1:], strict=False) if a.y > b.y]
        usual = statistics.median(pitches) if pitches else 0.0
        for i, line in enumerate(page):
            gap = i > 0 and usual > 0 and page[i - 1].y - line.y > PARAGRAPH_GAP * usual
            wrapped = (last is not None and last.right is not None and margin is not None
                       and last.right >= margin - FULL_LINE_SLACK * last.size)
            if wrapped and not gap and not _starts_paragraph(line.text):
                texts[-1] = _joined(texts[-1], line.text)
            else:
                texts += ["", line.text] if gap else [line.text]
            last = line
    return "\n".join(texts) + "\n" if texts else ""


def extract_text(data: bytes, name: str) -> str:
    """The text of a PDF file, one line per line of the document (wrapped lines rejoined).

    Raises:
        PdfError: the file cannot be read, or holds no text (a scan needs OCR first).
    """
    from pdfminer.pdfparser import PDFSyntaxError
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PdfError(f"{name} is encrypted; save a copy without a password")
        layouts = _layout_lines(data)
        pages = [[PdfLine(text, y, size, _right_end(y, layout)) for text, y, size in _text_lines(page)]
                 for page, layout in zip(reader.pages, layouts, strict=True)]
        lefts = [left for layout in layouts for _, _, left, _ in layout]
        # the text block is centred on the page, as in UN documents: the right margin mirrors the left one
        margin = float(reader.pages[0].mediabox.width) - min(lefts) if lefts else None
    except (PyPdfError, PDFSyntaxError, ValueError) as e:
        raise PdfError(f"{name} is not a readable PDF ({e})") from e
    text = unwrap(pages, margin)
    if not text.strip():
        raise PdfError(f"{name} has no text layer (a scanned image?); run OCR on it first")
    return text


def read_cover(text: str) -> Cover:
    """Symbol, date and title from the first lines: the symbol standing at the end of a masthead line, the
    distribution date (else the first Chinese date), and the longest Chinese line without figures or brackets as
    the title."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:COVER_LINES]
    symbol = next((m.group(1) for line in lines if (m := _OWN_SYMBOL.search(line))), None)
    date = None
    for line in lines:
        if distributed := _DISTRIBUTION_DATE.search(line):
            date = datetime.strptime(distributed.group(1), "%d %B %Y").date().isoformat()
            break
    if date is None:
        for line in lines:
            if found := _CHINESE_DATE.search(line):
                year, month, day = map(int, found.groups())
                date = f"{year:04d}-{month:02d}-{day:02d}"
                break
    # a title has no figures and no brackets: those are dates, sessions, agenda items and adoption notes
    chinese = [_SPACE_BESIDE_HAN.sub("", line) for line in lines
               if len(re.findall(f"[{_HAN}]", line)) >= 4 and not re.search(r"[\d\[\]()（）]", line)]
    title = max(chinese, key=len)[:120] if chinese else None
    return Cover(symbol=symbol, date=date, title=title)
