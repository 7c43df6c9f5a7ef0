"""PDFs made from the bundled .txt documents, laid out as UN documents are: A4, justified lines wrapped at the
right margin, a gap between paragraphs, the job number and page at the foot of each page.

Font: reportlab's STSong-Light, one of the Adobe CID fonts a PDF viewer brings (not embedded), so the tests need
no font file. The lines are 50 characters wide, wider than the 40 or so of the UN originals whose lines some of
the .txt files keep: a line of the .txt that the page does not wrap then ends before the margin, as the last line
of a paragraph usually does, and only the lines this layout wraps reach it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
SIZE = 9.0
LEADING = 1.5 * SIZE
PARAGRAPH_SPACE = 0.8 * SIZE
MARGIN = 72.0
NO_LINE_START = "，。、；：！？）》」』”’,.;:!?)]"  # kinsoku: punctuation a Chinese line never starts with


def _width(text: str) -> float:
    return pdfmetrics.stringWidth(text, FONT, SIZE)


def wrap(line: str, width: float) -> list[str]:
    """``line`` in pieces no wider than ``width``: between any two Chinese characters, at a space between Latin
    words, never before closing punctuation (the character before it goes down with it)."""
    pieces: list[str] = []
    current = ""
    for char in line:
        if _width(current + char) <= width or not current:
            current += char
            continue
        space = current.rfind(" ")
        if char.isascii() and char.isalnum() and current[-1].isascii() and current[-1].isalnum() and space > 0:
            pieces.append(current[:space])
            current = current[space + 1:] + char
        elif char in NO_LINE_START and len(current) > 1:  # the last character goes down with the punctuation
            pieces.append(current[:-1].rstrip())
            current = current[-1] + char
        else:
            pieces.append(current.rstrip())
            current = char.lstrip()
    pieces.append(current)
    return [piece for piece in pieces if piece]


def layout(text: str) -> list[list[tuple[float, str, bool]]]:
    """The pages of ``text``: for each line, its baseline, its text and whether it is justified (wrapped)."""
    width = A4[0] - 2 * MARGIN
    pages: list[list[tuple[float, str, bool]]] = [[]]
    y = A4[1] - MARGIN
    for line in text.split("\n"):
        if not line.strip():
            y -= PARAGRAPH_SPACE
            continue
        pieces = wrap(line.strip().replace("\t", " "), width)  # a contents row's tab is white space on paper
        for i, piece in enumerate(pieces):
            if y < MARGIN:
                pages.append([])
                y = A4[1] - MARGIN
            pages[-1].append((y, piece, i < len(pieces) - 1))
            y -= LEADING
    return pages


def make_pdf(text: str, path: Path, job: str = "11-51410") -> Path:
    """Write ``text`` (a .txt document of the corpus) to ``path`` as a PDF with the page furniture of a UN
    document at the foot of each page ("11-51410 (C) 2/9", which the cleaner drops); returns ``path``."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width = A4[0] - 2 * MARGIN
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    pages = layout(text)
    for number, lines in enumerate(pages, start=1):
        for y, piece, justified in lines:
            words = canvas.beginText(MARGIN, y)
            words.setFont(FONT, SIZE)
            if justified and len(piece) > 1:
                # a wrapped line ends at the margin: its letters spread, its last one set flush right (the
                # viewer's widths of Latin letters and spaces differ a little from reportlab's)
                words.setCharSpace((width - _width(piece)) / (len(piece) - 1))
                words.textOut(piece[:-1])
                canvas.drawText(words)
                canvas.setFont(FONT, SIZE)
                canvas.drawRightString(MARGIN + width, y, piece[-1])
            else:
                words.textOut(piece)
                canvas.drawText(words)
        canvas.setFont(FONT, SIZE)
        canvas.drawString(MARGIN, MARGIN / 2, f"{job} (C) {number}/{len(pages)}")
        canvas.showPage()
    canvas.save()
    return path
