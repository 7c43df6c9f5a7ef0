"""Original text -> cleaned lines, each character mapped back to its offset in the original file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.patterns import DOCUMENT_SYMBOL

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # a footnote's mark: "⁵", "¹⁰"
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", SUPERSCRIPTS)
PLAIN_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")

# Page furniture of PDF extractions: "18-11232 (C) 3/21", a bare running symbol line, "---" rules,
# table-of-contents rows ("一. 导言<TAB>3") and their captions.
FURNITURE = re.compile(
    r"""^(?:
        \d{2}-\d{5}\s*\(C\)\s*(?:\*\*)?\s*\d+/\d+\s*(?:\*\*)?   # job number + page
      | (?:\*\*)?\d+/\d+(?:\*\*)?\s*\d{2}-\d{5}\s*\(C\)         # page + job number
      | """ + DOCUMENT_SYMBOL + r"""                                     # running document symbol alone
      | -{3,}|_{3,}|\*{3,}                                      # rules
      | 目\s*录 | 页\s*次
      | .*\t\s*\d+                                              # table-of-contents row
    )$""",
    re.VERBOSE,
)
FOOTNOTE = re.compile(rf"^(?:<sup>(\d+)</sup>|([{SUPERSCRIPTS}]+)|(\*)(?!\*))\s*(?=\S)")
MARKDOWN_PREFIX = re.compile(r"^(?:#+\s+|-\s+)+")
SUP_TAG = re.compile(r"<sup>(\d+)</sup>")
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef《》“”‘’（）、，。；：！？"
CJK_CHAR = re.compile(f"[{CJK}]")

# What "markup and whitespace ignored" means when a passage is compared with the original file.
_SQUASH_LINE_MARKUP = re.compile(r"(?m)^[ \t]*(?:(?:#+|-)[ \t]+)+")
_SQUASH_INLINE_MARKUP = re.compile(r"\*\*|</?sup>")
_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Drop whitespace and markdown markup and fold character widths, so that a passage and the
    original span it cites compare equal exactly when they hold the same words."""
    text = _SQUASH_LINE_MARKUP.sub("", text)
    text = _SQUASH_INLINE_MARKUP.sub("", text)
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def span_text(original: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """The original characters a citation points at, its spans joined by newlines."""
    return "\n".join(original[start:end] for start, end in spans)


def is_faithful(original: str, text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> bool:
    """True when the cited spans of the original hold exactly ``text``, whitespace and markup ignored."""
    return bool(spans) and squash(span_text(original, spans)) == squash(text)


@dataclass(frozen=True, slots=True)
class OffsetText:
    """Cleaned text whose i-th character came from ``offsets[i]`` of the original file."""

    text: str
    offsets: tuple[int, ...]

    def __add__(self, other: OffsetText) -> OffsetText:
        return OffsetText(self.text + other.text, self.offsets + other.offsets)

    def __getitem__(self, item: slice) -> OffsetText:
        return OffsetText(self.text[item], self.offsets[item])

    def spans(self, original: str) -> tuple[tuple[int, int], ...]:
        """Runs of the original covered by this text: a new run starts where the original has words
        between two consecutive characters that the cleaned text left out (furniture, footnotes)."""
        runs: list[list[int]] = []
        for offset in self.offsets:
            if runs and (offset <= runs[-1][1] or not squash(original[runs[-1][1]:offset])):
                runs[-1][1] = max(runs[-1][1], offset + 1)
            else:
                runs.append([offset, offset + 1])
        return tuple((start, end) for start, end in runs)


EMPTY = OffsetText("", ())


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the original: where its content starts and ends, and its raw content."""

    start: int
    end: int
    raw: str


def split_lines(original: str) -> list[Line]:
    """Non-blank lines with the offsets of their content (surrounding whitespace excluded)."""
    lines = []
    for match in re.finditer(r"[^\n]+", original):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        lines.append(Line(start=start, end=start + len(stripped), raw=stripped))
    return lines


def is_furniture(line: Line) -> bool:
    return bool(FURNITURE.match(line.raw))


def footnote_marker(line: Line) -> str | None:
    """The footnote number ("1", "*") when the line is a footnote text, else None."""
    match = FOOTNOTE.match(line.raw)
    if not match:
        return None
    html, superscript, star = match.groups()
    if superscript:
        return superscript.translate(PLAIN_DIGITS)
    return html or star


def clean_line(original: str, line: Line) -> OffsetText:
    """The line without markdown markup (``#``, list dashes, ``**``), ``<sup>n</sup>`` as superscript
    digits, no spaces between Chinese characters and runs of spaces folded into one."""
    text, start = line.raw, line.start
    prefix = MARKDOWN_PREFIX.match(text)
    skip = prefix.end() if prefix else 0
    chars: list[str] = []
    offsets: list[int] = []
    i = skip
    while i < len(text):
        if text.startswith("**", i):
            i += 2
            continue
        sup = SUP_TAG.match(text, i)
        if sup:
            for j in range(sup.start(1), sup.end(1)):
                chars.append(text[j].translate(SUPERSCRIPT_DIGITS))
                offsets.append(start + j)
            i = sup.end()
            continue
        char = text[i]
        if char.isspace():
            if chars and not chars[-1].isspace():
                chars.append(" ")
                offsets.append(start + i)
        else:
            chars.append(char)
            offsets.append(start + i)
        i += 1
    cleaned = "".join(chars).rstrip()
    return _drop_spaces_between_cjk(OffsetText(cleaned, tuple(offsets[: len(cleaned)])))


def _drop_spaces_between_cjk(text: OffsetText) -> OffsetText:
    keep = [
        i for i, char in enumerate(text.text)
        if not (char == " " and 0 < i < len(text.text) - 1
                and CJK_CHAR.match(text.text[i - 1]) and CJK_CHAR.match(text.text[i + 1]))
    ]
    return OffsetText("".join(text.text[i] for i in keep), tuple(text.offsets[i] for i in keep))


def join_lines(first: OffsetText, second: OffsetText, *, newline_at: int) -> OffsetText:
    """Join two cleaned lines of one paragraph: directly where PDF extraction broke a sentence,
    with a newline before a list item or after a line that ended a sentence or a label."""
    if not first.text:
        return second
    last_line = first.text.rsplit("\n", 1)[-1]
    if ends_sentence(first.text) or LIST_ITEM.match(second.text) or len(last_line) < SHORT_LINE:
        return first + OffsetText("\n", (newline_at,)) + second
    if first.text[-1].isascii() and second.text[:1].isascii() and first.text[-1] not in "/-(":
        return first + OffsetText(" ", (newline_at,)) + second
    return first + second


SHORT_LINE = 20  # a line this short was not wrapped by PDF extraction: it is a label or a list entry
LIST_ITEM = re.compile(r"^(?:\(?[a-z0-9]{1,3}\)|\d{1,3}\.(?!\d)|[A-Z]\.\s)")
SENTENCE_END = "。；;！？!?：:，,"
CLOSERS = "”’\"')）】》]" + SUPERSCRIPTS + " "


def ends_sentence(text: str) -> bool:
    """True when a line ends with sentence or clause punctuation (closing quotes and brackets allowed)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def ends_with_colon(text: str) -> bool:
    return text.rstrip().endswith((":", "："))


_GAP = r"(?:\s|\*\*|</?sup>|^[ \t]*(?:#+|-)[ \t]+)*"


def locate(original: str, start: int, end: int, text: str) -> tuple[int, int]:
    """Offsets of ``text`` (a piece of a chunk's cleaned text) inside ``original[start:end]``, allowing
    the whitespace and markup that cleaning removed; the whole range when it cannot be found."""
    parts = []
    for char in text:
        if char.isspace():
            continue
        digit = char.translate(PLAIN_DIGITS)
        parts.append(re.escape(char) if digit == char else f"(?:{re.escape(char)}|{digit})")
    if not parts:
        return start, end
    match = re.compile(_GAP.join(parts), re.MULTILINE).search(original, start, end)
    return (match.start(), match.end()) if match else (start, end)
