"""Which paragraph a question cites: the documents a citation is read in, the paragraph by number, position, last
place or under a quoted heading, or the opening of a document asked about as a whole (cited_rows), and a citation of a
paragraph the corpus does not hold — another document's, another meeting's outcome, or one no document has
(cites_unknown_paragraph)."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from indexer.chunk import ANNEX_PART, OPERATIVE, PREAMBLE
from indexer.index import IndexBundle
from indexer.patterns import ONE_TO_TEN, SYMBOL_TAIL
from indexer.types import Chunk
from service.question.analyze import Question
from service.question.meetings import document_meetings
from service.question.patterns import (
    CITES_PROGRAMME,
    HEADING_NAMED,
    KIND_NAMED,
    NAMES_ANNEX,
    OVERVIEW_NAMES_DOCUMENT,
    OVERVIEW_OF_ANNEX,
    OVERVIEW_OF_OUTCOME,
    PARAGRAPH,
    SECRETARY_GENERAL_REPORT,
    SECURITY_COUNCIL_RESOLUTION,
)
from service.question.reference import LAST_PARAGRAPH, Reference
from service.retrieval.boosts import under_heading, under_quoted_heading


class OverviewReading(NamedTuple):
    """The document a question asking what one is about as a whole is read in (Citations.overview_document)."""

    doc_id: str
    names_document: bool  # its words name a document, not a debate or a meeting alone
    is_named: bool  # that document is the one they name: of their kind, holding their outcome or annex, of their years
    # and about their meetings
    annex: bool  # they name its annex, or the outcome annexed to it


class Citations:
    """What a question cites in one loaded index (cited_rows, cites_unknown_paragraph), read against the corpus'
    facts derived once with it: the documents with numbered paragraphs, the meetings each is about, those with an
    annex, the documents of each kind, and the symbols they bear."""

    def __init__(self, bundle: IndexBundle) -> None:
        self.bundle = bundle
        # the documents some of whose paragraphs bear a number: one none of whose paragraphs does (the letter) is
        # cited by position, as its labels count them ("信的附件第2段"); in another, an unnumbered paragraph is cited
        # by position in the preamble alone
        self.numbered = frozenset(chunk.doc_id for chunk in bundle.chunks
                                  if chunk.numbered and chunk.kind == "paragraph")
        # the documents whose annex is numbered section by section (the outcome annexed to the RevCon3 report)
        self.annexed_sections = frozenset(chunk.doc_id for chunk in bundle.chunks
                                          if chunk.anchor.startswith("annex-s"))
        # the meetings each document is about: the one it is the record of, and those its title names
        self.document_meetings = {doc_id: document_meetings(document.title, document.date)
                                  for doc_id, document in bundle.documents.items()}
        # the meetings each document holding an annex (an outcome document) is about
        # the documents with an annex, and the meetings each is about (an outcome document is annexed)
        self.annexed = frozenset(chunk.doc_id for chunk in bundle.chunks if chunk.part == ANNEX_PART)
        self.annex_meetings = tuple(self.document_meetings[doc_id] for doc_id in sorted(self.annexed))
        self.of_kind: dict[str, tuple[str, ...]] = {}
        for document in bundle.documents.values():
            self.of_kind[document.kind] = (*self.of_kind.get(document.kind, ()), document.doc_id)
        # the reports of the Secretary-General: their title opens with 秘书长 ("秘书长的报告：…")
        self.secretary_general_reports = tuple(document.doc_id for document in bundle.documents.values()
                                               if document.kind == "report" and document.title.startswith("秘书长"))
        self.borne_symbols = tuple(document.symbol.upper() for document in bundle.documents.values()
                                   if document.symbol)

    def documents_of_kind_named(self, question: str, among: Collection[str] | None = None,
                                ) -> tuple[str, ...]:
        """The corpus' only document of each kind ``question`` names by its kind alone ("决议第12段": the one
        resolution), or the only one among the documents ``among`` (those about a meeting it names:
        "第三次审查大会报告", its report); () for a kind they hold several of (three reports) or none of."""
        named: list[str] = []
        for kind, names_kind in KIND_NAMED.items():
            of_kind = [doc_id for doc_id in self.of_kind.get(kind, ()) if among is None or doc_id in among]
            if len(of_kind) == 1 and names_kind.search(question):
                named += of_kind
        return tuple(named)

    def cites_another_document(self, question: Question) -> bool:
        """Whether a question naming no document of the corpus cites a paragraph of another: the Programme of Action's
        or the ITI's own text, which the corpus only refers to ("《行动纲领》第二节第4段", "PoA II.4", "ITI para 7":
        CITES_PROGRAMME), or, citing a paragraph, a document it names by a symbol none of the corpus' documents bears
        ("OP 5 of resolution 66/47", "(A/CONF.192/15)"; not "When was resolution 56/24 V adopted?", which cites no
        paragraph and 65/64 answers) or a Security Council resolution by its number and year."""
        if question.documents:
            return False
        if CITES_PROGRAMME.search(question.normalized):
            return True
        # a Security Council resolution by its number and year ("第2370(2017)号决议") has no symbol with a slash
        return question.reference is not None and (bool(self.symbols_of_other_documents(question))
                                                   or bool(SECURITY_COUNCIL_RESOLUTION.search(question.normalized)))

    def outcome_of_another_meeting(self, question: Question) -> bool:
        """Whether a question cites a paragraph of an annex (an outcome document) and names meetings the corpus dates,
        none of which a document holding an annex is about (document_meetings: the RevCon3 report is about the 2018
        conference, the BMS3 letter about BMS3): "2012年第二次审议大会成果文件第二节第5段" cites the 2012 conference's
        outcome, which the corpus does not hold, not the 2018 one's, whatever documents it also names ("2012年" names
        the Secretary-General's 2012 report)."""
        reference = question.reference
        if reference is None or reference.part != ANNEX_PART or not question.meetings:
            return False
        # Chinese names the outcome before the paragraph cited; one named after it is the subject of another document's
        # paragraph ("秘书长的报告第12段里，为什么说第二次审议大会非常有必要通过一份实质性成果文件？")
        cited = PARAGRAPH.search(question.normalized)
        if question.language == "zh" and cited and not NAMES_ANNEX.search(question.normalized, 0, cited.start()):
            return False
        return all(meetings.isdisjoint(question.meetings) for meetings in self.annex_meetings)

    def symbols_of_other_documents(self, question: Question) -> tuple[str, ...]:
        """The document symbols ``question`` names ("A/CONF.192/15", the "66/47" of "resolution 66/47") that no document
        of the corpus bears (A/RES/65/64 bears "65/64")."""
        named = [term.rstrip(".").upper() for term in question.terms if "/" in term]
        return tuple(symbol for symbol in named
                     if not any(symbol in bears or bears in symbol for bears in self.borne_symbols))

    def counted_under_quoted_heading(self, question: Question, documents: Collection[str],
                                     position: int) -> list[int]:
        """The rows of the paragraph at ``position`` (1 the first) among those of ``documents`` under a heading the
        question quotes, in the document's order (the pieces of a paragraph the index split count once); [] when there
        is no such paragraph, or one in each of several documents."""
        under: dict[tuple[str, str], list[int]] = {}
        for row, chunk in enumerate(self.bundle.chunks):
            if chunk.doc_id in documents and chunk.kind == "paragraph" and under_quoted_heading(chunk, question):
                under.setdefault((chunk.doc_id, chunk.anchor), []).append(row)
        by_document: dict[str, list[list[int]]] = {}
        for (doc_id, _), rows in under.items():
            by_document.setdefault(doc_id, []).append(rows)
        found = [paragraphs[-1] if position == LAST_PARAGRAPH else paragraphs[position - 1]
                 for paragraphs in by_document.values() if paragraphs and position <= len(paragraphs)]
        return found[0] if len(found) == 1 else []

    def cited_rows(self, question: Question, doc_ids: Collection[str] | None) -> list[int]:
        """Rows of the chunks the question cites explicitly (several when a paragraph was split); [] when it cites none
        or the citation is ambiguous."""
        reference = question.reference
        if question.overview_of is not None:
            return [row for row in self.opening_rows(question)
                    if not doc_ids or self.bundle.chunks[row].doc_id in doc_ids]
        if reference is None or self.outcome_of_another_meeting(question) or self.cites_another_document(question):
            return []  # "OP 5 of resolution 66/47" cites another resolution than the corpus' only one
        settled = self.citation_documents(question)
        if not settled and reference.paragraph == LAST_PARAGRAPH:
            return []  # the last paragraph of no document said
        documents = settled or set(self.bundle.documents)
        rows = self.paragraph_rows(reference, documents, headed=bool(settled))
        if reference.part is None and reference.chapter is None:
            # "报告第15段" is the report's own paragraph 15: an annex's paragraphs are cited with the annex or chapter
            rows = [row for row in rows if self.bundle.chunks[row].part != ANNEX_PART] or rows
        unnumbered = documents - self.numbered
        if question.quoted:
            # "…附件里，“国家报告”部分第二段": a document counted by position is counted under the heading it quotes
            rows = self.counted_under_quoted_heading(question, unnumbered, reference.paragraph) or rows
        elif HEADING_NAMED.search(question.normalized):
            # "the first paragraph under the meeting-management heading": under a heading it does not quote, which is
            # not found, so no position counted from the part's start
            rows = [row for row in rows if self.bundle.chunks[row].doc_id not in unnumbered]
        anchors = {(self.bundle.chunks[r].doc_id, self.bundle.chunks[r].anchor) for r in rows}
        if len(anchors) != 1:
            return []
        return [row for row in rows if not doc_ids or self.bundle.chunks[row].doc_id in doc_ids]

    def overview_document(self, question: Question) -> OverviewReading | None:
        """For a question asking what a document is about as a whole (Question.overview_of): the one document it is
        read in (citation_documents), whether its words name a document (its kind, the outcome, 文件 or "document",
        its symbol, or a resolution by its symbol's number: "第65/64号决议"; not a debate "of 25 April 2012", which
        the report dated 2012 is not), and whether that document is the one they name: of the kind they name
        ("2010年秘书长报告" is no resolution dated 2010), holding the outcome or annex they name, of every year they
        name ("2014年第五次双年度国家会议的报告" is not the 2011 MGE's, whose title a phrase of it holds) and about
        every meeting the question names ("第二次审议大会的成果文件" is not the 2018 one). None for another question, or
        when it is read in several documents or none."""
        named = question.overview_of
        documents = self.citation_documents(question) if named is not None else set()
        if named is None or len(documents) != 1:
            return None
        (doc_id,) = documents
        document = self.bundle.documents[doc_id]
        kinds = [kind for kind, names_kind in KIND_NAMED.items() if names_kind.search(named)]
        outcome, annex = bool(OVERVIEW_OF_OUTCOME.search(named)), bool(OVERVIEW_OF_ANNEX.search(named))
        symbol = (document.symbol or "").upper()
        folded = named.replace(" ", "").upper()
        by_symbol = bool(symbol) and (symbol in folded or any(tail in folded for tail in SYMBOL_TAIL.findall(symbol)))
        names_document = bool(kinds or outcome or annex or OVERVIEW_NAMES_DOCUMENT.search(named) or by_symbol)
        meetings = self.document_meetings[doc_id]
        years = {int(document.date[:4])} if document.date else set()
        is_named = ((not kinds or document.kind in kinds) and (not outcome or doc_id in self.annexed_sections)
                    and (not annex or doc_id in self.annexed) and set(question.meetings) <= meetings
                    and set(question.event_years) <= years | {year for year, _ in meetings})
        return OverviewReading(doc_id, names_document, is_named, outcome or annex)

    def opening_rows(self, question: Question) -> list[int]:
        """Rows of the opening paragraph (several when the index split it) of the document a question asks about as a
        whole (overview_document): the first paragraph of its body (of its operative part where it has one: a
        resolution's preamble recalls and takes note, its operative part says what the Assembly decides), or of its
        annex where the question names it or the outcome annexed ("2018年成果文件", "the 2018 Declaration"); []
        when its words name no document, or another than the one it is read in, or a symbol none bears ("What is
        A/CONF.192/BMS/2008/1 about?")."""
        read = self.overview_document(question)
        if read is None or not read.names_document or not read.is_named or self.symbols_of_other_documents(question):
            return []
        rows = [row for row, chunk in enumerate(self.bundle.chunks) if chunk.doc_id == read.doc_id
                and chunk.kind == "paragraph" and (chunk.part == ANNEX_PART) == read.annex]
        rows = [row for row in rows if self.bundle.chunks[row].part == OPERATIVE] or rows
        if not rows:
            return []
        opening = min(rows, key=lambda row: self.bundle.chunks[row].start)
        return [row for row in rows if self.bundle.chunks[row].anchor == self.bundle.chunks[opening].anchor]

    def overview_of_unheld_document(self, question: Question) -> bool:
        """Whether a question asking what a document is about as a whole names one the corpus does not hold, only
        mentions: by a symbol no document bears ("BMS3候任主席2008年2月29日那第一封信（A/CONF.192/BMS/2008/1）是
        讲什么的？"), a Security Council resolution by number and year ("安全理事会第2370(2017)号决议是关于什么的？"),
        or a kind or outcome that the one document it is read in is not, or of a meeting that document is not about
        ("第四次各国双年度会议（2010年）的报告主要讲了什么？": resolution 65/64, dated 2010, endorses that report); not
        when it is read in several documents (which one is meant is not known), nor names none by kind, symbol or
        number."""
        named = question.overview_of
        if named is None:
            return False
        if self.symbols_of_other_documents(question) or SECURITY_COUNCIL_RESOLUTION.search(named):
            return True
        read = self.overview_document(question)
        names_kind = any(names_kind.search(named) for names_kind in KIND_NAMED.values()) or bool(
            OVERVIEW_OF_OUTCOME.search(named) or OVERVIEW_OF_ANNEX.search(named))
        return read is not None and names_kind and not read.is_named

    def citation_documents(self, question: Question) -> set[str]:
        """The documents a question's citation is read in: those it names; else the one of the kind it names alone
        ("决议第12段"), or the one of that kind about the one meeting it names ("第三次审查大会报告第14段": its report),
        or the Secretary-General's report it names ("秘书长报告第31段", "the SG report, para. 32"); empty when it
        settles none (the whole corpus is searched for the paragraph)."""
        return set(question.documents or self.documents_of_kind_named(question.normalized)
                   or (question.meeting_documents
                       and self.documents_of_kind_named(question.normalized, question.meeting_documents))
                   or self.secretary_general_report(question.normalized))

    def secretary_general_report(self, question: str) -> tuple[str, ...]:
        """The corpus' only report of the Secretary-General (its title opens with 秘书长: "秘书长的报告：…"), when
        ``question`` names a report of the Secretary-General (SECRETARY_GENERAL_REPORT); () when it names none, or the
        corpus holds several."""
        if not SECRETARY_GENERAL_REPORT.search(question):
            return ()
        reports = self.secretary_general_reports
        return reports if len(reports) == 1 else ()

    def cites_unknown_paragraph(self, question: Question) -> bool:
        """Whether the paragraph a question cites is none the corpus holds, so that another passage's sentence would be
        quoted as if it were that paragraph: a lookup (Question.reads_citation) whose citation pins nothing (no such
        paragraph, or several it may mean); a paragraph of another meeting's outcome (outcome_of_another_meeting) or of
        another document (cites_another_document: "section II,
        paragraph 33 of the Programme of Action itself (A/CONF.192/15)", "PoA II.4"); or one that the documents
        it cites it in do not have, nor any other, whatever it asks ("2018年成果文件第六节第3段": the outcome has five
        sections; "operative paragraph 35 of resolution 65/64"); not where it settles no document."""
        if self.outcome_of_another_meeting(question):
            return True
        if self.cites_another_document(question):
            # unless it names a meeting of the corpus, whose documents it asks about that paragraph ("what does the
            # RevCon3 outcome say about ITI para 7?")
            return not question.meetings
        reference = question.reference
        if reference is None:
            return False
        settled = self.citation_documents(question)
        if reference.paragraph == LAST_PARAGRAPH and not settled:
            return False  # the last paragraph of no document said is none the corpus lacks
        if question.reads_citation and not self.cited_rows(question, None):
            return True
        # not in the documents it names, nor anywhere: one elsewhere may be the paragraph meant ("…at the 2011 MGE; how
        # did RevCon3 vote on … (section II, para 18) of its outcome?")
        return bool(settled) and not self.paragraph_rows(reference, self.bundle.documents, headed=True)

    def paragraph_rows(self, reference: Reference, documents: Collection[str], headed: bool) -> list[int]:
        """The rows of ``documents``' paragraphs numbered as ``reference`` cites, in its part and section (``headed``:
        a section of a document's own body too, in_chapter)."""
        chunks = self.bundle.chunks
        last = reference.paragraph == LAST_PARAGRAPH
        rows = []
        for row, chunk in enumerate(chunks):
            if chunk.doc_id not in documents or chunk.kind != "paragraph" or (
                    not last and chunk.paragraph != str(reference.paragraph)):
                continue
            if reference.part == PREAMBLE and chunk.part != PREAMBLE:
                continue
            if reference.part in (OPERATIVE, ANNEX_PART) and chunk.part != reference.part:
                continue
            if reference.part != PREAMBLE and not chunk.numbered and chunk.doc_id in self.numbered:
                continue
            if reference.chapter is not None and not in_chapter(chunk, reference.chapter, self.annexed_sections,
                                                                headed):
                continue
            if reference.letter is not None and not under_heading(chunk, reference.letter):
                continue
            rows.append(row)
        if last:  # the last paragraph of each document's part, in the document's order (the chunks' order)
            final = {(chunks[row].doc_id, chunks[row].part): chunks[row].anchor for row in rows}
            rows = [row for row in rows if final[(chunks[row].doc_id, chunks[row].part)] == chunks[row].anchor]
        return rows


def in_chapter(chunk: Chunk, chapter: int, annexed: Collection[str], headed: bool) -> bool:
    """Whether ``chunk`` lies in section ``chapter`` of its document: in a document with ``annexed`` sections (the
    outcome annexed to the RevCon3 report, whose paragraphs are numbered section by section), that annex section, by
    its anchor ("annex-s2-"); in another, when ``headed`` (the question names the document), its own section, by its
    heading ("四. …": "专家会议报告第四节第37段"). A section cited of no document named is the outcome's, as it was
    before ("第二节第18段在口头修正后…"): the MGE report's paragraph 18 lies in its section 二 too."""
    if chunk.doc_id in annexed:
        return chunk.anchor.startswith(f"annex-s{chapter}-")
    return headed and 1 <= chapter <= len(ONE_TO_TEN) and under_heading(chunk, ONE_TO_TEN[chapter - 1])
