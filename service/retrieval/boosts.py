"""The steps after fusion that use what the question names: the document and section hints (a question naming its
document or a section of it, by number or by a quoted title, is most likely about it) and the reference pin (a
paragraph cited explicitly is answered by that paragraph), the section's opening paragraph shown for a question
about a part of a document, the passages holding a symbol and the footnote whose citing clause names what is asked
shown for a question asking a symbol, and a title page put after its document's body when only the document's name
matched it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence

from indexer.chunk import ANNEX_PART, footnote_reference
from indexer.index import IndexBundle
from indexer.patterns import ONE_TO_TEN, SYMBOL
from indexer.sentences import WEB_ADDRESS
from indexer.types import Chunk
from service.question.analyze import Question, squashed
from service.question.patterns import cited_paragraph
from service.retrieval.base import Scored

# the first passages where one speaking of a cited paragraph (a vote on it) is looked for, to show before it
SPEAKER_WINDOW = 10


def vote_for_documents(bundle: IndexBundle, fused: Scored, doc_ids: Collection[str], bonus: float,
                       boosted: dict[int, float]) -> tuple[Scored, dict[int, float]]:
    """Add ``bonus`` to every passage of the documents ``doc_ids`` (those a question names, "2011年专家会议",
    "65/64号决议"; in the order shown, those about the one meeting it is about, Question.meeting_sources: "RevCon3" its
    report, "BMS3" the letter on 第三届两年期会议), and re-sort; ``boosted`` (each row's bonus so far) is returned with
    this one added."""
    if not doc_ids or not bonus:
        return fused, boosted
    named = set(doc_ids)
    return add_bonus(fused, {row for row, _ in fused if bundle.chunks[row].doc_id in named}, bonus, boosted)


def add_bonus(fused: Scored, rows: set[int], bonus: float, boosted: dict[int, float],
              ) -> tuple[Scored, dict[int, float]]:
    """``fused`` with ``bonus`` added to the score of ``rows``, re-sorted (equal scores by row); and ``boosted``, the
    bonus each row has received, with this one added."""
    ordered = sorted(((row, score + (bonus if row in rows else 0.0)) for row, score in fused),
                     key=lambda item: (-item[1], item[0]))
    return ordered, {**boosted, **{row: boosted.get(row, 0.0) + bonus for row in rows}}


# the candidates a passage holding the symbol asked (or the web address asked, web_address_holders) must be among to
# get the vote: the most a page shows, so that a passage the lists all rank low is not voted in for the symbol of
# another thing ("文号是多少" of a report never issued)
SYMBOL_VOTED = 10
SymbolFootnotes = Mapping[str, Sequence[int]]  # a citing passage's chunk_id -> its footnotes holding a symbol (rows)
# where a clause of a passage ends: the text a footnote's mark follows is read back to the last of these
CLAUSE_BOUNDARIES = "，。；：,;:"
CLAUSE_BOUNDARY = re.compile(f"[{CLAUSE_BOUNDARIES}]")


def symbol_holders(bundle: IndexBundle, fused: Scored, question: Question, bonus: float,
                   boosted: dict[int, float], footnotes: SymbolFootnotes) -> tuple[Scored, dict[int, float]]:
    """For a question asking a document's symbol, or the document something is in, and nothing besides ("文号是什么",
    "What is the symbol of ...", "Which document contains ..."): every passage among the first SYMBOL_VOTED that holds
    a symbol, itself or in a footnote it cites ("认可…通过的报告，⁵" cites "⁵ 见 A/CONF. 192/BMS/2010/3"), gets
    ``bonus``, and the order is re-sorted. ``boosted`` (each row's bonus so far) is returned with this one added;
    ``footnotes``: the index's symbol_footnotes."""
    if not asks_symbol_only(question) or not bonus:
        return fused, boosted
    holders = {row for row, _ in fused[:SYMBOL_VOTED]
               if SYMBOL.search(bundle.chunks[row].text) or footnotes.get(bundle.chunks[row].chunk_id)}
    return add_bonus(fused, holders, bonus, boosted)


def web_address_holders(bundle: IndexBundle, fused: Scored, question: Question, bonus: float,
                        boosted: dict[int, float]) -> tuple[Scored, dict[int, float]]:
    """For a question asking where on the web something is found, and nothing besides ("Where can the RevCon3
    documents be found online?"): every passage among the first SYMBOL_VOTED that holds a web address ("会议文件可在
    大会网站查阅: www.un.org/disarmament/revcon3。") gets ``bonus``, as symbol_holders votes for a symbol's."""
    if not question.asks.web_address or question.asks_another or not bonus:
        return fused, boosted
    holders = {row for row, _ in fused[:SYMBOL_VOTED] if WEB_ADDRESS.search(bundle.chunks[row].text)}
    return add_bonus(fused, holders, bonus, boosted)


def asks_symbol_only(question: Question) -> bool:
    """Whether the question asks a document's symbol, or the document something is in, and nothing besides."""
    return (question.asks.symbol or question.asks.document) and not question.asks_another


def symbol_footnotes(bundle: IndexBundle) -> SymbolFootnotes:
    """A citing passage's chunk_id -> the rows of the footnotes it cites that hold a document symbol: read once per
    index (AskPipeline), not per question."""
    footnotes: dict[str, list[int]] = {}
    for row, chunk in enumerate(bundle.chunks):
        if chunk.kind == "footnote" and chunk.parent and SYMBOL.search(chunk.text):
            footnotes.setdefault(chunk.parent, []).append(row)
    return footnotes


def citing_clause(citing: Chunk, footnote: Chunk) -> str:
    """The clause of ``citing`` that ``footnote``'s mark ends (the mark the index linked it by,
    indexer.chunk.footnote_reference): the text before the mark back to the clause boundary before it, the mark's own
    comma aside ("认可…会议通过的报告，⁵" -> "认可…会议通过的报告"); "" when the mark is not found."""
    mark = footnote_reference(citing.text, footnote.paragraph) if footnote.paragraph else None
    if mark is None:
        return ""
    return CLAUSE_BOUNDARY.split(citing.text[: mark.start()].rstrip(CLAUSE_BOUNDARIES + " "))[-1]


def cited_footnote(bundle: IndexBundle, fused: Scored, question: Question, footnotes: SymbolFootnotes,
                   ) -> tuple[int, int] | None:
    """For a question asking a symbol, or the document something is in, and nothing besides: the footnote holding a
    symbol whose citing clause, among the first SYMBOL_VOTED passages, holds the most of the question's content words
    (at least one, and more than any other citing clause), with the place of its citing passage in ``fused``; None
    when there is none. "Which document does 65/64 cite for the report of the fourth biennial meeting?" is answered by
    the footnote ("⁵ 见 A/CONF.192/BMS/2010/3") that "认可第四次各国…双年度会议通过的报告，⁵" cites, not by the one
    "表示注意到秘书长的报告，³" cites, though the lists rank that paragraph first."""
    if not asks_symbol_only(question):
        return None
    clauses = ((citing_clause(bundle.chunks[row], bundle.chunks[note]), index, note)
               for index, (row, _) in enumerate(fused[:SYMBOL_VOTED])
               for note in footnotes.get(bundle.chunks[row].chunk_id, ()))
    found = sorted(((sum(word in clause for word in question.content_words), index, note)
                    for clause, index, note in clauses), reverse=True)
    # none holds a word of the question, or two hold as many: which footnote is meant is not known
    if not found or not found[0][0] or (len(found) > 1 and found[1][0] == found[0][0]):
        return None
    _, index, note = found[0]
    return note, index


def cited_footnote_after(fused: Scored, meant: tuple[int, int] | None) -> Scored:
    """The footnote ``meant`` (cited_footnote: its row, and the place of its citing passage) moved right after its
    citing passage when it ranks below it."""
    if meant is None:
        return fused
    note, index = meant
    if note in {row for row, _ in fused[:index]}:
        return fused
    return moved(fused, [note], index + 1)


def under_heading(chunk: Chunk, label: str) -> bool:
    """Whether a heading of ``chunk``'s section path is numbered ``label`` ("四" for "四. ...", "B" for "B. ...")."""
    return any(t.startswith(f"{label}.") for t in chunk.section)


def in_named_section(chunk: Chunk, question: Question) -> bool:
    """Whether ``chunk`` lies in the section the question names ("第四节B部分", "section IV.B.2"): its section path
    holds the chapter ("四. ...") and, when named, the letter ("B. ...") and the subsection ("2. ...")."""
    section = question.section
    if section is None or not 1 <= section.chapter <= len(ONE_TO_TEN):
        return False
    return under_heading(chunk, ONE_TO_TEN[section.chapter - 1]) and (
        section.letter is None or under_heading(chunk, section.letter)) and (
        section.subsection is None or under_heading(chunk, str(section.subsection)))


def under_quoted_heading(chunk: Chunk, question: Question) -> bool:
    """Whether a heading of ``chunk``'s section path holds a phrase the question quotes: the Chinese phrase itself
    ("“会议管理”一节"), or half the Chinese words of an English one ("the 'Meeting management' part" -> 会议, 管理)."""
    headings = [squashed(heading) for heading in chunk.section]
    # an English title's words were glossed one by one, each with a word or two the heading may not use: half will do
    share = 0.5 if question.language == "en" else 1.0
    return any(sum(word in heading for word in words) >= share * len(words)
               for words in question.quoted for heading in headings)


def in_part_asked(chunk: Chunk, question: Question) -> bool:
    """Whether ``chunk`` lies in the part of a document the question asks about: the section it names by number or by
    quoted title, or the heading an English question describes ("the proceedings section"), within the documents it
    names when it names any."""
    if question.documents and chunk.doc_id not in question.documents:
        return False
    return in_named_section(chunk, question) or under_quoted_heading(chunk, question) or (
        question.described is not None and question.described in chunk.section)


# the share of the words describing a part that its heading must fit for the best passage elsewhere to be put below
# the part's opening (as under_quoted_heading asks half the words of an English title)
DESCRIBED_SHARE = 0.5


def outside_part_asked(bundle: IndexBundle, fused: Scored, question: Question) -> bool:
    """Whether the best passage lies outside the part the question asks about, where it says which: the section it
    names by number or quoted title, when a candidate lies there; else the heading an English question describes
    (fitting half its description's words at least), when the best passage lies under no heading the description
    fits."""
    best = fused[0][0]
    if question.section is not None or question.quoted:
        named = named_section_rows(bundle, fused, question)
        if named:
            return best not in named
    return (question.described is not None and question.described_share >= DESCRIBED_SHARE
            and not may_be_part_asked(bundle.chunks[best], question))


def may_be_part_asked(chunk: Chunk, question: Question) -> bool:
    """Whether ``chunk`` lies under a heading that an English question's description of a part fits at all, if less
    well than the heading described: the part it asks about may be that one ("the outcome part on recent
    developments in SALW manufacturing" fits both F. …近期动态 and 4. …最新发展)."""
    return any(heading in chunk.section for heading in question.fitting_headings)


def hint_named_section(bundle: IndexBundle, fused: Scored, question: Question, bonus: float,
                       boosted: dict[int, float]) -> tuple[Scored, dict[int, float]]:
    """Add ``bonus`` to the fused score of every passage of the section the question names, by number or by a quoted
    title (within the documents it names, when it names any), and re-sort; ``boosted`` (each row's bonus so far) is
    returned with this one added."""
    if (question.section is None and not question.quoted) or not bonus:
        return fused, boosted
    section = set(named_section_rows(bundle, fused, question))
    return add_bonus(fused, section, bonus, boosted) if section else (fused, boosted)


def named_section_rows(bundle: IndexBundle, fused: Scored, question: Question) -> list[int]:
    """The rows of ``fused``, in its order, that lie in the section the question names by number or quoted title,
    within the documents it names when it names any; only those of an annex when it names the annex ("成果文件第二节B
    部分": a report and the outcome annexed to it both have a section 二) and an annex has that section."""
    documents = set(question.documents or bundle.documents)
    rows = [row for row, _ in fused if bundle.chunks[row].doc_id in documents and (
        in_named_section(bundle.chunks[row], question) or under_quoted_heading(bundle.chunks[row], question))]
    if question.section is not None and question.section.annex:
        return [row for row in rows if bundle.chunks[row].part == ANNEX_PART] or rows
    return rows


def section_openings(bundle: IndexBundle, fused: Scored, question: Question) -> list[int]:
    """The rows opening the sections a question about a part of a document is most likely about: that of the best
    passage in the section it names (by number or quoted title), else that of the best passage; then, for an English
    question describing the part ("the documentation section"), the row opening the best passage under the heading it
    describes. [] when it cites a paragraph (which is pinned instead) or names no part."""
    if not question.asks.part or question.reference is not None or not fused:
        return []
    openings = []
    named = named_section_rows(bundle, fused, question)
    row = in_body(bundle, named) if named else fused[0][0]
    section = bundle.chunks[row].section
    if section:
        openings.append(opening(bundle, row, lambda chunk: chunk.section == section))
    heading = question.described
    if heading is not None:
        documents = set(question.documents or bundle.documents)

        def under(chunk: Chunk) -> bool:
            return chunk.doc_id in documents and heading in chunk.section
        described = [row for row, _ in fused if under(bundle.chunks[row])]
        if described:
            openings.append(opening(bundle, in_body(bundle, described), under))
    return list(dict.fromkeys(openings))


def in_body(bundle: IndexBundle, rows: list[int]) -> int:
    """The first of ``rows`` that is not a footnote, else the first: footnotes lie at their document's end, so the run
    of chunks under a heading that holds one opens with the footnote, not with the section's first paragraph."""
    return next((row for row in rows if bundle.chunks[row].kind != "footnote"), rows[0])


def opening(bundle: IndexBundle, row: int, within: Callable[[Chunk], bool]) -> int:
    """The first row of the run of chunks ``within`` a section that ``row`` lies in: the chunks lie in document
    order, so a section opens where the run of its chunks does."""
    while row > 0 and bundle.chunks[row - 1].doc_id == bundle.chunks[row].doc_id and within(bundle.chunks[row - 1]):
        row -= 1
    return row


def show_section_opening(bundle: IndexBundle, fused: Scored, question: Question, place: int, *,
                         shown: bool = False) -> Scored:
    """The paragraphs opening the sections a question about a part of a document is about (section_openings), moved
    up to ``place`` and after when they rank below, each keeping its own score: a section's first paragraph says what
    it covers, which is what "第四节载有哪些内容" or "What does the follow-up section say" asks (0: off); not what a
    question asks when it names the part only as where to look for a particular fact ("Per the proceedings section,
    on what date was ... taken up?"), which one paragraph states. In the order ``shown`` to a reader, when the best
    passage lies outside the part the question says it asks about (outside_part_asked), that part's opening is moved
    to the first place."""
    if not place or question.asks.particular or not fused:
        return fused
    openings = section_openings(bundle, fused, question)
    if shown and outside_part_asked(bundle, fused, question):
        # the best passage lies elsewhere: the part's opening goes first, its own section's is not what is asked
        place = 1
        openings = [row for row in openings if in_part_asked(bundle.chunks[row], question)]
    above = {row for row, _ in fused[:place]}
    openings = [row for row in openings if row not in above]
    return moved(fused, openings, place - 1) if openings else fused


def moved(fused: Scored, rows: list[int], index: int) -> Scored:
    """``fused`` with ``rows`` taken out and put back, in their order, at ``index`` of the rest; each keeps its own
    score (0 when it was not ranked), so a moved row may show a lower score than the row below it."""
    scores = dict(fused)
    rest = [(row, score) for row, score in fused if row not in rows]
    return [*rest[:index], *((row, scores.get(row, 0.0)) for row in rows), *rest[index:]]


def footnotes_last(bundle: IndexBundle, fused: Scored, question: Question) -> Scored:
    """For a question asking what a document is about as a whole (Question.overview_of), the footnotes after every
    other passage, each group in its order: a footnote holds a citation ("A/65/153。"), never what its document is
    about, and took the places of the document's paragraphs ("What is resolution 65/64 for?")."""
    if question.overview_of is None:
        return fused
    notes = [(row, score) for row, score in fused if bundle.chunks[row].kind == "footnote"]
    return [*((row, score) for row, score in fused if bundle.chunks[row].kind != "footnote"), *notes]


def title_page_after_body(bundle: IndexBundle, fused: Scored, question: Question) -> Scored:
    """The title page (front matter) of each document the question names moved just below that document's best other
    passage, when it ranks above it and does not state what the question asks (Question.asks_of_title_page): "Who
    declared the 2011 MGE open?" and "What does its introduction cover?" ask what the document says, which its body
    states."""
    for doc_id in question.documents:
        rows = [row for row, _ in fused if bundle.chunks[row].doc_id == doc_id]
        if len(rows) < 2 or bundle.chunks[rows[0]].kind != "front" or question.asks_of_title_page(
                doc_id, bundle.chunks[rows[0]].text, bundle.documents[doc_id].title):
            continue
        below = next(index for index, (row, _) in enumerate(fused) if row == rows[1])
        fused = moved(fused, [rows[0]], below)
    return fused


def pin_reference(bundle: IndexBundle, fused: Scored, cited: list[int], question: Question) -> Scored:
    """Put the cited paragraph first, each row keeping its own score; right after a passage speaking of it instead (a
    vote on it, say: "决定保留成果文件草案第一节第 13 段", of the chapter the question names with it), with the other
    pieces of that passage's paragraph when the index split it (the vote's lists): the best such passage among the
    first SPEAKER_WINDOW, when it is the best passage besides the cited one or ranks above it."""
    if not cited:
        return fused
    if question.reference is None or not bundle.chunks[cited[0]].numbered:
        # the opening of a document asked about as a whole is cited by no number; an unnumbered paragraph's position
        # is no number another passage cites ("第16段" is operative paragraph 16)
        return moved(fused, cited, 0)
    chapter = question.reference.chapter if question.reference else None
    speaks_of_it = cited_paragraph(bundle.chunks[cited[0]].paragraph, chapter)
    others = [row for row, _ in fused[:SPEAKER_WINDOW] if row not in cited]
    above_cited = {row for row, _ in itertools.takewhile(lambda ranked: ranked[0] not in cited, fused)}
    speaker = next((row for row in others if speaks_of_it.search(bundle.chunks[row].text)), None)
    if speaker is None or (speaker != others[0] and speaker not in above_cited):
        return moved(fused, cited, 0)
    chunk = bundle.chunks[speaker]
    first = speaker - chunk.piece
    pieces = [row for row in range(first, first + chunk.pieces) if bundle.chunks[row].anchor == chunk.anchor]
    return moved(moved(fused, pieces, 0), cited, len(pieces))
