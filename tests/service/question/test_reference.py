"""Explicit paragraph references and named documents: read from the question, resolved to the cited paragraph of the
real corpus (its chunks are the same whatever the encoder: the FAKE-encoder index serves), pinned first; and
the opening paragraph of the section a question about a part of a document means, shown second at the latest."""

from __future__ import annotations

import pytest

from indexer.chunk import ANNEX_PART
from service.config import Settings, updated
from service.deps import Engine
from service.pipeline import AskPipeline, AskQuery, shown_apart
from service.question.analyze import Question, what_is_asked
from service.question.normalize import normalize_question
from service.question.patterns import CITES_PROGRAMME, cited_paragraph
from service.question.reference import (
    Reference,
    SectionReference,
    chinese_number,
    cited_as_written,
    named_documents,
    parse_reference,
    parse_section,
)
from service.retrieval.boosts import (
    SPEAKER_WINDOW,
    SYMBOL_VOTED,
    cited_footnote,
    cited_footnote_after,
    citing_clause,
    named_section_rows,
    pin_reference,
    section_openings,
    show_section_opening,
    symbol_holders,
    title_page_after_body,
    vote_for_documents,
    web_address_holders,
)


def resolve(engine: Engine, question: str) -> list[int]:
    return engine.pipeline.citations.cited_rows(engine.pipeline.reader.analyze(question), None)


@pytest.mark.parametrize(("question", "expected"), [
    ("65/64号决议执行部分第12段说了什么？", ("res-65-64", "p12")),
    ("第65/64号决议序言部分第3段的内容是什么？", ("res-65-64", "pre-u3")),
    ("2018年成果文件第二节A部分第5段讲什么？", ("revcon3-report-2018", "annex-s2-p5")),
    ("A/CONF.192/2018/RC/3 第三节第4段", ("revcon3-report-2018", "annex-s3-p4")),
    ("2011年专家会议报告第7段", ("mge-2011-report", "p7")),
    ("65/64号决议执行部分第十二段说了什么？", ("res-65-64", "p12")),  # Chinese numerals
    ("决议序言部分第三段", ("res-65-64", "pre-u3")),
    ("2011年专家会议报告第二十段", ("mge-2011-report", "p20")),
    ("A/RES/65/64 operative paragraph 12", ("res-65-64", "p12")),  # as English-language delegations cite
    ("65/64号决议 OP 12", ("res-65-64", "p12")),
    ("A/CONF.192/2018/RC/3 annex section II.A paragraph 5", ("revcon3-report-2018", "annex-s2-p5")),
    # the report's own paragraph, not paragraph 15 of each chapter of its annex
    ("2018年审议大会报告第15段", ("revcon3-report-2018", "p15")),
    ("A/CONF.192/2018/RC/3号文件第19段", ("revcon3-report-2018", "p19")),
    # English names the chapter after the paragraph: the outcome's paragraph, not the report's own paragraph 13
    ("What was the recorded vote on keeping paragraph 13 of section I of the draft outcome?",
     ("revcon3-report-2018", "annex-s1-p13")),
    ("By what vote was para 18 of section II retained at RevCon3?", ("revcon3-report-2018", "annex-s2-p18")),
    # named by its kind alone: the corpus holds one resolution
    ("决议第12段是什么内容", ("res-65-64", "p12")),
    ("What does paragraph 12 of the resolution say?", ("res-65-64", "p12")),
    # as delegates write them (eval/RESULTS.md, forty-third round)
    ("第三次审查大会报告第14段讲了什么？", ("revcon3-report-2018", "p14")),  # a meeting's report, named by its meeting
    # "outcome" reads the annex but where the question names the report too
    ("Para 9 of the RevCon3 report itself (A/CONF.192/2018/RC/3), not the outcome - what does it say?",
     ("revcon3-report-2018", "p9")),
    ("What does section II, paragraph 45 of the RevCon3 outcome document say?",
     ("revcon3-report-2018", "annex-s2-p45")),
    ("A/RES/65/64序言第六段的原文是什么？", ("res-65-64", "pre-u6")),  # 序言 without 部分
    # a letter's paragraphs bear no numbers: cited by position
    ("2008年立陶宛常驻代表信的附件第2段写了什么？", ("bms3-letter-2008", "annex-u2")),
    # counted under the heading it quotes
    ("第三届两年期会议候任主席2008年来信的附件里，“国家报告”部分第二段说了什么？", ("bms3-letter-2008", "annex-u6")),
    # English ordinals, and "annex" after the paragraph
    ("What does the fifth preambular paragraph of resolution 65/64 say?", ("res-65-64", "pre-u5")),
    ("What does the second paragraph of the annex to Lithuania's 23 May 2008 letter say?",
     ("bms3-letter-2008", "annex-u2")),
    # a section of a document's own body, the document named; of none named, the outcome's as before
    ("专家会议报告第四节第37段列出了哪些问题？", ("mge-2011-report", "p37")),
    ("第二节第18段在口头修正后，经表决是否被保留？", ("revcon3-report-2018", "annex-s2-p18")),
    # the report of the Secretary-General, named by its author (the corpus' only one)
    ("秘书长报告第31段的原文是什么？", ("sg-report-2012", "p31")),
    ("SG report, para. 32?", ("sg-report-2012", "p32")),
    # the last paragraph of the part cited, in the document's order
    ("What does the final operative paragraph of resolution 65/64 say?", ("res-65-64", "p31")),
    ("65/64号决议序言部分最后一段", ("res-65-64", "pre-u16")),
    ("立陶宛代表2008年5月23日来信附件的最后一段怎么写的？", ("bms3-letter-2008", "annex-u24")),
    # English names the preamble anywhere
    ("Which report is taken note of in the last paragraph of the resolution's preamble (GA res 65/64)?",
     ("res-65-64", "pre-u16")),
    # the corpus' one letter, named by its kind
    ("What does the last paragraph of the annex to the BMS3 chair-designate's letter say?",
     ("bms3-letter-2008", "annex-u24")),
])
def test_explicit_reference_resolves_to_that_paragraph(fake_engine: Engine, question: str,
                                                       expected: tuple[str, str]) -> None:
    rows = resolve(fake_engine, question)
    chunks = fake_engine.bundle.chunks
    assert {(chunks[r].doc_id, chunks[r].anchor) for r in rows} == {expected}


@pytest.mark.parametrize("question", [
    "第62/47号决议第3段说了什么？",  # another resolution, named by its number
    "What does paragraph 3 of resolution 62/47 say?",
    "决议草案第3段是怎么改的？",  # a draft
    "报告第12段讲了什么？",  # three reports: which one is not said
])
def test_a_paragraph_of_a_document_the_corpus_does_not_single_out_is_not_pinned(fake_engine: Engine,
                                                                              question: str) -> None:
    assert resolve(fake_engine, question) == []


def test_a_chapter_named_after_the_paragraph_qualifies_it() -> None:
    # of the outcome, in the annex, as "成果文件第一节第13段" is
    assert parse_reference("paragraph 13 of section I of the draft outcome") == Reference(13, ANNEX_PART, 1, None)
    assert parse_reference("para 5 of section II.B") == Reference(5, None, 2, "B")
    assert parse_reference("section II, paragraph 18 (as amended)") == Reference(18, None, 2, None)
    # a chapter further on is not the paragraph's
    assert parse_reference("paragraph 3 of the resolution, which section IV recalls") == Reference(3, None, None, None)
    assert cited_as_written(Reference(13, None, 1, None)) == "第一节第13段"
    assert cited_as_written(Reference(13, None, None, None)) == "第13段"


def test_an_english_question_searches_the_paragraph_it_cites_as_the_corpus_writes_it(fake_engine: Engine) -> None:
    question = fake_engine.pipeline.reader.analyze("What was the recorded vote on keeping paragraph 13 of section I?")
    assert "第一节第13段" in question.content.split()


@pytest.mark.parametrize(("paragraph", "chapter", "text", "speaks"), [
    ("13", 1, "决定保留成果文件草案第一节第 13 段。", True),
    ("13", None, "决定保留成果文件草案第一节第 13 段。", True),
    ("13", 1, "决定保留成果文件草案第一节第 16 段。", False),
    ("13", 2, "决定保留成果文件草案第一节第 13 段。", False),  # another chapter's paragraph 13
    ("23", 4, "A/CONF.192/BMS/2010/3，第四节，第 23 段", True),
])
def test_a_passage_speaks_of_a_paragraph_of_the_chapter_named(paragraph: str, chapter: int | None, text: str,
                                                              speaks: bool) -> None:
    assert bool(cited_paragraph(paragraph, chapter).search(text)) is speaks


def test_a_passage_speaking_of_the_cited_paragraph_is_shown_before_it_with_its_pieces(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    question = reader.analyze("What was the recorded vote on keeping paragraph 13 of section I of the draft outcome?")
    cited = fake_engine.pipeline.citations.cited_rows(question, None)
    vote_16, vote_13, vote_13_rest = (rows["revcon3-report-2018:p15:1"], rows["revcon3-report-2018:p18:1"],
                                      rows["revcon3-report-2018:p18:2"])
    # the vote on paragraph 13 of section I (p18, split in two) ranks below the vote on paragraph 16, above the
    # cited paragraph: it comes first, its second piece after it, then the cited paragraph
    fused = [(vote_16, 0.9), (vote_13, 0.8), (rows["revcon3-report-2018:p19:1"], 0.7), (vote_13_rest, 0.1)]
    assert [row for row, _ in pin_reference(bundle, fused, cited, question)][:4] == [vote_13, vote_13_rest, *cited,
                                                                                     vote_16]
    # beyond the first SPEAKER_WINDOW passages, or below the cited paragraph, it does not move: the cited one is first
    far = [(row, 1.0 - row / 1000) for row in range(len(bundle.chunks)) if row not in (vote_13, *cited)]
    assert pin_reference(bundle, far[:SPEAKER_WINDOW] + [(vote_13, 0.0)], cited, question)[0][0] == cited[0]
    below = [(vote_16, 0.9), (cited[0], 0.85), (vote_13, 0.8)]
    assert [row for row, _ in pin_reference(bundle, below, cited, question)] == [cited[0], vote_16, vote_13]


def test_ambiguous_reference_resolves_to_nothing(fake_engine: Engine) -> None:
    assert resolve(fake_engine, "第5段讲了什么？") == []  # paragraph 5 exists in every document
    # the outcome document numbers its paragraphs section by section: "paragraph 20 of the outcome" is in every one,
    # and none of them is the report's own paragraph 20
    assert resolve(fake_engine, "Quote paragraph 20 of the 2018 outcome document") == []
    assert resolve(fake_engine, "成果文件第20段说了什么") == []




@pytest.mark.parametrize(("question", "pinned"), [
    ("What does OP 5 of resolution 66/47 say?", set()),  # another resolution: 65/64 is the corpus' only one with OP 5
    # the Programme of Action's own text, which the corpus only refers to: not the 2018 outcome's section II p4
    ("What does section II, paragraph 4 of the Programme of Action say?", set()),
    ("《行动纲领》第二节第4段说了什么？", set()),
    # another meeting's outcome: the corpus holds the 2018 conference's only
    ("2012年第二次审议大会成果文件第二节第5段的内容是什么", set()),
    ("What does section II, para 5 of the 2012 Review Conference outcome say?", set()),
    ("What's in OP 3 of Security Council resolution 2370 (2017)?", set()),  # not 65/64's OP 3
    # the last paragraph of no document said
    ("What does the last paragraph of the annex say?", set()),
    # the ITI's own paragraph, not the letter's seventh
    ("According to the BMS3 letter, and the RevCon3 outcome on ITI para 7, which provisions deal with marking?", set()),
    # a position under a heading named without quotes, which is not found: not the annex's first paragraph
    ("Annex to the Lithuanian letter, first paragraph under the meeting-management heading: what does it say?", set()),
    ("What does section II, paragraph 4 of the Programme of Action (A/CONF.192/15) say?", set()),  # not the outcome's
    # a meeting named without a kind of document does not choose the document: the corpus' only paragraph 37 is cited
    ("On which day of BMS3 were states to review implementation of the ITI under its paragraph 37?",
     {"mge-2011-report:p37:1", "mge-2011-report:p37:2"}),
])
def test_a_paragraph_of_a_document_the_corpus_lacks_is_not_pinned(fake_engine: Engine, question: str,
                                                                  pinned: set[str]) -> None:
    assert {fake_engine.bundle.chunks[r].chunk_id for r in resolve(fake_engine, question)} == pinned


@pytest.mark.parametrize(("question", "reads"), [
    ("What does paragraph 5 of resolution 65/64 say?", True),
    ("65/64号决议第5段说了什么？", True),
    ("A/RES/65/64 OP 12", True),
    ("Quote paragraph 13 of resolution 65/64", True),
    ("What does paragraph 7 of the MGE report say?", True),  # 政府 专家 会议 报告: the title's words
    ("成果文件第二节第5段说了什么？", True),  # a part cited with the paragraph
    ("决议第12段是什么内容", True),  # the document named by its kind
    ("What does paragraph 5 of resolution 65/64 say about national capacity?", False),  # about something
    ("65/64号决议第29段请秘书长做什么？", False),
    ("What was the recorded vote on keeping paragraph 13 of section I of the draft outcome?", False),
    ("Who voted against paragraph 13 of section I?", False),  # a person asked
    ("What does resolution 65/64 say?", False),  # no paragraph cited
    # English words asking for a text as it stands, and "outcome" naming the document cited
    ("A/RES/65/64 PP11, full text?", True),
    ("Contents of paragraph 3 of A/CONF.192/2018/RC/3?", True),
    ("What does operative paragraph 8 of GA resolution 65/64 state?", True),
    ("RevCon3 outcome, section V para 6 — what's in it?", True),
    ("What does OP 8 of 65/64 say about the states?", False),  # "states" a noun
    ("What does paragraph 9 of the RevCon3 report itself say?", True),
    ("请给出65/64号决议执行部分第8段的原文", True),
    # the citation and a date naming the document are no words asked ("fifth" 第五, "May" 可以)
    ("What does the second paragraph of the annex to Lithuania's 23 May 2008 letter say?", True),
])
def test_a_question_reading_only_the_paragraph_it_cites_is_a_lookup(fake_engine: Engine, question: str,
                                                                     reads: bool) -> None:
    assert fake_engine.pipeline.reader.analyze(question).reads_citation is reads


@pytest.mark.parametrize(("question", "named"), [
    ("第65/64号决议主要讲什么？", "第65/64号决议"),
    ("秘书长2012年报告的主要内容是什么？", "秘书长2012年报告"),
    ("简单介绍一下2018年成果文件", "2018年成果文件"),
    ("BMS3候任主席的信是关于什么的？", "BMS3候任主席的信"),
    ("65/64决议是干嘛的", "65/64决议"),
    ("RevCon3的成果文件是干什么用的？", "RevCon3的成果文件"),
    ("能不能概括下MGE 2011的报告？", "政府专家会议 2011的报告"),  # MGE in the corpus' words
    ("秘书长2012年关于小武器的报告是讲什么的？", "秘书长2012年关于小武器的报告"),  # its subject, before its kind
    ("What is resolution 65/64 for?", "resolution 65/64"),
    ("What's in the RevCon3 report?", "the RevCon3 report"),
    ("TL;DR of the 2018 outcome document", "the 2018 outcome document"),
    ("Briefly, what does the MGE 2011 report say?", "the 政府专家会议 2011 report"),
    ("What is the Secretary-General's 2012 report on small arms about?",
     "the Secretary-General's 2012 report on small arms"),
    ("What's the RevCon3 report about?", "the RevCon3 report"),
    ("What does resolution 65/64 say?", "resolution 65/64"),
    ("Summarize the 2018 outcome document.", "the 2018 outcome document"),
    ("What is the purpose of the President-designate's letter?", "the President-designate's letter"),
    # a part, a topic, a cited paragraph, a clause, or what a document says of something: no overview
    ("报告里关于美洲的那部分主要讲了什么？", None),
    ("秘书长报告关于追查的内容是什么？", None),  # a topic after the document's kind
    ("秘书长报告第16段讲了什么？", None),
    ("What does section III of the MGE report cover?", None),
    ("What does the SG report say about UNLIREC?", None),
    ("What does 65/64 say countries without a working mechanism should do?", None),
    ("为了帮助没钱参会的国家出席行动纲领会议，2010年决议和2018年成果文件各说了什么？", None),
    ("第65/64号决议是哪一天通过的？", None),  # a kind of fact asked
    ("A/CONF.192/MGE/2011/INF/1/Rev.1是什么文件？", None),  # which document it is: the passage citing it says
])
def test_a_question_asking_what_a_document_is_about_names_it(fake_engine: Engine, question: str,
                                                             named: str | None) -> None:
    assert fake_engine.pipeline.reader.analyze(question).overview_of == named


@pytest.mark.parametrize(("question", "opening"), [
    # a resolution by its number, or its symbol: the first operative paragraph, past the preamble's recollections
    ("第65/64号决议主要讲什么？", "res-65-64:p1"),
    ("What is A/RES/65/64 about?", "res-65-64:p1"),
    ("秘书长2012年报告讲了什么？", "sg-report-2012:body-u1"),
    ("What's the RevCon3 report about?", "revcon3-report-2018:p1"),  # the report of the one meeting it names
    ("Summarize the 2018 outcome document.", "revcon3-report-2018:annex-s1-p1"),  # the annexed outcome
    ("BMS3候任主席的信是关于什么的？", "bms3-letter-2008:body-u1"),
    ("What is A/CONF.192/2018/RC/3 about?", "revcon3-report-2018:p1"),  # by its symbol
    ("立陶宛那封信的附件主要讲什么？", "bms3-letter-2008:annex-u1"),  # the annex it names
    ("第三次审议大会报告附件里的那份成果文件讲的是什么？", "revcon3-report-2018:annex-s1-p1"),
    # none: a report named by the year of a resolution, an outcome of another meeting, a symbol no document bears,
    # and a debate, which no document is
    ("2010年秘书长报告主要讲什么？", None),
    ("第二次审议大会的成果文件讲了什么？", None),
    ("What is A/CONF.192/BMS/2008/1 about?", None),
    ("What was the main theme of the Security Council's open debate of 25 April 2012?", None),
    ("2014年第五次双年度国家会议的报告讲了些什么？", None),  # the 2011 MGE report's title phrase, not its year
])
def test_a_document_asked_about_as_a_whole_is_read_from_its_opening(fake_engine: Engine, question: str,
                                                                    opening: str | None) -> None:
    pipeline = fake_engine.pipeline
    rows = pipeline.citations.cited_rows(pipeline.reader.analyze(question), None)
    assert {pipeline.bundle.chunks[row].chunk_id for row in rows} == ({opening} if opening else set())


@pytest.mark.parametrize(("question", "unheld"), [
    ("安全理事会第2370(2017)号决议是关于什么的？", True),  # a Security Council resolution
    ("What is A/CONF.192/BMS/2008/1 about?", True),  # a symbol no document bears
    ("第四次各国双年度会议（2010年）的报告主要讲了什么？", True),  # a report: 65/64, dated 2010, endorses it
    ("2010年秘书长报告主要讲什么？", True),
    ("第二次审议大会的成果文件讲了什么？", True),  # the outcome of a meeting no document is about
    ("2014年第五次双年度国家会议的报告讲了些什么？", True),  # a year no document it is read in is of
    ("秘书长2012年报告讲了什么？", False),
    ("第65/64号决议主要讲什么？", False),
    ("那份报告讲了什么？", False),  # three reports: which one is not known, not unknown
    ("What was the main theme of the Security Council's open debate of 25 April 2012?", False),  # no document
])
def test_what_a_document_the_corpus_only_mentions_is_about_is_withheld(fake_engine: Engine, question: str,
                                                                       unheld: bool) -> None:
    pipeline = fake_engine.pipeline
    assert pipeline.citations.overview_of_unheld_document(pipeline.reader.analyze(question)) is unheld
    verdict = pipeline.ask(AskQuery(question=question)).verdict
    assert ("unknown_title" in verdict.reasons and verdict.confidence == 0.0) is unheld


def test_referenced_paragraph_is_pinned_first_whatever_the_rankings(fake_client) -> None:
    data = fake_client.post("/v1/ask", json={"question": "65/64号决议执行部分第12段说了什么？"}).json()
    assert data["passages"][0]["citation"]["anchor"] == "p12" and data["passages"][0]["pinned"] is True


@pytest.mark.parametrize(("numeral", "value"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31),
                                                ("一百零五", 105), ("两百", 200)])
def test_chinese_numbers(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_parse_reference_reads_part_chapter_and_letter() -> None:
    reference = parse_reference("成果文件第二节A部分第5段")
    assert reference is not None
    assert (reference.paragraph, reference.part, reference.chapter, reference.letter) == (5, "附件", 2, "A")
    reference = parse_reference("annex, section II.A, paragraph 5")
    assert reference is not None
    assert (reference.paragraph, reference.part, reference.chapter, reference.letter) == (5, "附件", 2, "A")
    assert parse_reference("大会在哪里举行？") is None
    assert parse_reference("巴拉圭在会上发言了吗？ Paraguay") is None


@pytest.mark.parametrize(("question", "section"), [
    ("成果文件第四节B部分载有哪些内容？", SectionReference(4, "B", annex=True)),
    ("What does section IV.B of the outcome document contain?", SectionReference(4, "B", annex=True)),
    ("成果文件第三节讲了什么？", SectionReference(3, None, annex=True)),
    ("成果文件第二节B.2包括哪些措施？", SectionReference(2, "B", 2, annex=True)),
    ("RevCon3 outcome, section II.A.4: what does it ask?", SectionReference(2, "A", 4, annex=True)),
    ("What does part IV.C of the 2018 outcome document contain?", SectionReference(4, "C", annex=True)),
    # a letter named before its chapter, a bare "II.A.2", a chapter counted in 部分
    ("What does part C of Section IV of the RevCon3 outcome provide?", SectionReference(4, "C", annex=True)),
    ("What does section D on tracing in part III of the report cover?", SectionReference(3, "D")),
    ("What does the diversion section (II.A.2) of the report address?", SectionReference(2, "A", 2)),
    ("What does II.A.2(e), on arms embargoes, contain?", SectionReference(2, "A", 2)),
    ("2011年专家会议报告第四部分“审议和通过报告”涵盖了哪些内容？", SectionReference(4, None)),
    ("i.e. what does it say?", None),  # no chapter in "i.e."
    ("What does section B of the report record?", None),  # a letter without its chapter names no one section
    ("成果文件第二节A部分第5段讲什么？", None),  # a paragraph is cited: the pin, not a section
    ("大会在哪里举行？", None),
])
def test_a_section_named_without_a_paragraph_is_read(question: str, section: SectionReference | None) -> None:
    assert parse_section(question) == section


def test_the_passages_of_a_named_section_get_the_hint(fake_engine: Engine) -> None:
    result = fake_engine.pipeline.ask(AskQuery(question="2018年成果文件第四节B部分载有哪些内容？", top_k=10))
    in_section = [h for h in result.hits if h.citation.section and "B. 确保" in h.citation.section]
    assert in_section and all(h.document_bonus > min(x.document_bonus for x in result.hits) for h in in_section)
    assert result.hits[0] in in_section


def test_a_section_of_the_outcome_document_is_looked_for_in_the_annex(fake_engine: Engine) -> None:
    # the 2018 report has a section 二.B of its own (its rules of procedure); the outcome annexed to it another
    question = fake_engine.pipeline.reader.analyze("成果文件第二节B部分讲了什么？")
    everything = [(row, 0.0) for row in range(len(fake_engine.bundle.chunks))]
    rows = named_section_rows(fake_engine.bundle, everything, question)
    assert rows and all(fake_engine.bundle.chunks[row].part == "附件" for row in rows)
    report_only = fake_engine.pipeline.reader.analyze("2018年报告第二节B部分讲了什么？")
    parts = {fake_engine.bundle.chunks[row].part for row in named_section_rows(fake_engine.bundle, everything,
                                                                               report_only)}
    assert parts == {"正文", "附件"}


def test_a_named_subsection_gets_the_hint_and_its_sister_subsections_do_not(fake_engine: Engine,
                                                                            fake_settings: Settings) -> None:
    # without the section's opening paragraph, which is shown whether or not it was a candidate (and got the hint)
    pipeline = AskPipeline(fake_engine.bundle, fake_engine.encoder,
                           updated(fake_settings, {"retrieval.section_opening_place": 0}))
    result = pipeline.ask(AskQuery(question="2018年成果文件第二节B.2包括哪些措施？", top_k=30))
    bonus = {h.chunk.chunk_id: h.document_bonus for h in result.hits}
    named = [h for h in result.hits if h.citation.section and "2. 轻小武器非法贸易对妇女" in h.citation.section]
    sister = [h for h in result.hits if h.citation.section and "1. 参照《2030 年" in h.citation.section]
    assert named and sister
    assert min(bonus[h.chunk.chunk_id] for h in named) > max(bonus[h.chunk.chunk_id] for h in sister)


@pytest.mark.parametrize(("question", "heading"), [
    ("候任主席信中“会议管理”一节对会议进行方式做了哪些安排？", "会议管理"),
    ("秘书长2012年报告的“意见和结论”部分有哪些要点？", "三. 意见和结论"),
    ("What does the 'Meeting management' part of the 2008 letter say?", "会议管理"),
    ("What does the 'Composition of segments' part of the BMS3 letter lay out?", "各部分的组成"),
])
def test_a_section_named_by_its_quoted_title_gets_the_hint(fake_engine: Engine, question: str, heading: str) -> None:
    result = fake_engine.pipeline.ask(AskQuery(question=question, top_k=10))
    titled = [h for h in result.hits if heading in (h.citation.section or "")]
    others = [h for h in result.hits if heading not in (h.citation.section or "")]
    assert titled and min(h.document_bonus for h in titled) > max(h.document_bonus for h in others)


def test_quotation_marks_are_read_and_apostrophes_are_not(fake_engine: Engine) -> None:
    reader = fake_engine.pipeline.reader
    assert reader.analyze("候任主席信中“会议管理”一节讲了什么？").quoted == (("会议管理",),)
    assert reader.analyze("What does the SG's report say about the States' reports?").quoted == ()
    assert reader.analyze("What is in the 'Meeting management' part?").quoted == (("会议", "管理"),)


@pytest.mark.parametrize(("question", "expected"), [
    ("A/CONF.192/2018/RC/3 对标识说了什么？", ["revcon3-report-2018"]),
    ("65/64号决议对中介活动有什么要求？", ["res-65-64"]),
    ("2011年的会议讨论了哪些议题？", ["mge-2011-report"]),  # by the year of the document
    ("专家会议讨论了哪些议题？", ["mge-2011-report"]),  # by words only its title holds
    ("两年期会议的候任主席打算如何安排会议？", ["bms3-letter-2008"]),
    ("各国如何打击小武器非法贸易？", []),  # names no document
])
def test_named_documents_are_found_by_symbol_year_or_title(fake_engine: Engine, question: str,
                                                          expected: list[str]) -> None:
    assert list(named_documents(fake_engine.bundle.documents.values(), question)) == expected


@pytest.mark.parametrize(("question", "names_part"), [
    ("2018年成果文件第四节B部分载有哪些内容？", True),
    ("候任主席信中“会议管理”一节讲了什么？", True),
    ("65/64号决议的序言提到了什么？", True),
    ("What does the follow-up section of the RevCon3 outcome say?", True),
    ("What does Part IV of the 2011 report contain?", True),
    ("What does the introduction of the 2012 SG report explain?", True),
    # a share of something, a role, a part of a meeting: no part of a document
    ("多出来的那部分武器怎么处理？", False),
    ("2011年专家会议沿用的是哪一套程序性规章？", False),
    ("What part did the Small Arms Survey play in BMS3?", False),
    ("Which States took part in the 2011 meeting?", False),
    ("Should expert meetings be held as part of the follow-up?", False),
])
def test_a_question_about_a_part_of_a_document_is_recognised(fake_engine: Engine, question: str,
                                                             names_part: bool) -> None:
    assert fake_engine.pipeline.reader.analyze(question).asks.part is names_part


@pytest.mark.parametrize(("question", "opening"), [
    ("2018年成果文件第四节B部分载有哪些内容？", "revcon3-report-2018:annex-s4-p9"),  # the named section's
    ("候任主席信中“会议管理”一节讲了什么？", "bms3-letter-2008:annex-u21"),  # the quoted title's
])
def test_the_opening_paragraph_of_the_section_asked_about_is_shown_second_at_the_latest(
        fake_engine: Engine, question: str, opening: str) -> None:
    shown = [h.chunk.chunk_id for h in fake_engine.pipeline.ask(AskQuery(question=question, top_k=5)).hits]
    assert opening in shown[:2]


def test_the_section_opening_follows_the_best_passage_and_can_be_switched_off(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    best, later = rows["mge-2011-report:p19"], rows["mge-2011-report:p30"]
    fused = [(best, 0.9), (later, 0.5), (rows["mge-2011-report:p16"], 0.1)]
    about_part = reader.analyze("What does the proceedings chapter of the 2011 report cover?")
    # p16 opens p19's section, 三. 议事情况: it moves up to the second place and keeps its score
    assert show_section_opening(bundle, fused, about_part, 2) == [fused[0], fused[2], fused[1]]
    assert show_section_opening(bundle, fused, about_part, 0) == fused
    # naming the part only as where to look, it asks a date, which one paragraph states: nothing is moved
    asking_date = reader.analyze("Per the proceedings section of the 2011 report, on what date was tracing taken up?")
    assert asking_date.asks.part and asking_date.asks.particular
    assert show_section_opening(bundle, fused, asking_date, 2) == fused
    assert section_openings(bundle, fused, reader.analyze("会议讨论了哪些问题？")) == []
    assert section_openings(bundle, fused, reader.analyze("2011年专家会议报告第三节第19段说了什么？")) == []


def test_a_section_opens_with_its_first_paragraph_not_with_a_footnote(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    # footnote 1 lies under 一. 引言 but at the document's end: the run of chunks holding it opens with the footnotes
    fused = [(rows["sg-report-2012:fn1"], 0.9), (rows["sg-report-2012:p21"], 0.5), (rows["sg-report-2012:p3"], 0.1)]
    described = reader.analyze("What does the introduction of the Secretary-General's 2012 report explain?")
    numbered = reader.analyze("What's in the introduction (section I) of the 2012 Secretary-General report?")
    assert described.described == "一. 引言" and numbered.section is not None
    for question in (described, numbered):
        assert rows["sg-report-2012:p1"] in section_openings(bundle, fused, question)


def test_the_opening_of_a_described_part_follows_that_of_the_best_passage(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    best, documentation = rows["mge-2011-report:p19"], rows["mge-2011-report:p15"]
    fused = [(best, 0.9), (rows["mge-2011-report:p30"], 0.5), (rows["mge-2011-report:p16"], 0.3), (documentation, 0.1)]
    question = reader.analyze("What does the documentation section of the 2011 MGE report list?")
    assert question.described == "E. 文件" and question.described_share == 1.0
    # p16 opens the best passage's section (三. 议事情况), p14 the one the question describes (E. 文件): shown second
    # and third, after the best passage (p14, not among the fused rows, comes in with a score of 0)
    judged = show_section_opening(bundle, fused, question, 2)
    assert [row for row, _ in judged[:3]] == [best, rows["mge-2011-report:p16"], rows["mge-2011-report:p14"]]
    # in the order shown to a reader, the best passage lying outside the part asked, the part's opening goes first;
    # p16, which opens the best passage's own section, is not moved
    shown = show_section_opening(bundle, fused, question, 2, shown=True)
    assert [row for row, _ in shown[:3]] == [rows["mge-2011-report:p14"], best, rows["mge-2011-report:p30"]]
    # the best passage in the part asked: the part's opening is shown second, as always
    inside = [(documentation, 0.9), (best, 0.5), (rows["mge-2011-report:p14"], 0.1)]
    assert [row for row, _ in show_section_opening(bundle, inside, question, 2, shown=True)[:2]] == [
        documentation, rows["mge-2011-report:p14"]]


def test_a_part_named_by_number_shows_its_opening_first_when_the_best_passage_lies_elsewhere(
        fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    elsewhere, proceedings, opening = rows["mge-2011-report:p30"], rows["mge-2011-report:p19"], rows[
        "mge-2011-report:p16"]
    fused = [(elsewhere, 0.9), (proceedings, 0.5), (opening, 0.1)]
    question = reader.analyze("2011年专家会议报告第三节讲了什么？")
    assert [row for row, _ in show_section_opening(bundle, fused, question, 2, shown=True)] == [
        opening, elsewhere, proceedings]
    assert [row for row, _ in show_section_opening(bundle, fused, question, 2)] == [elsewhere, opening, proceedings]


def test_a_description_fitting_few_of_its_words_moves_the_opening_no_higher_than_second(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    question = reader.analyze("What does the part of the 2011 MGE summary on issues where participants held differing "
                              "views cover?")
    # "held" alone fits the heading of the opening and duration of the meeting: one word of five
    assert question.described == "A. 会议开幕和会期" and question.described_share < 0.5
    best = rows["mge-2011-report:p37:1"]
    fused = [(best, 0.9), (rows["mge-2011-report:p26"], 0.5), (rows["mge-2011-report:p4"], 0.1)]
    assert show_section_opening(bundle, fused, question, 2, shown=True)[0] == fused[0]


def test_a_question_asking_a_symbol_votes_for_the_passages_holding_one(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    footnotes = fake_engine.pipeline.symbol_footnotes
    p4, p5, fn5 = rows["res-65-64:p4"], rows["res-65-64:p5"], rows["res-65-64:fn5"]
    fused = [(p5, 0.5), (p4, 0.45), (fn5, 0.1)]
    asking = reader.analyze("决议第4段认可的第四次各国双年度会议报告，文件编号是什么？")
    assert asking.asks.symbol and not asking.asks_another
    # p4 cites footnote 5 ("见 A/CONF. 192/BMS/2010/3"), which holds the symbol itself: both get the vote
    voted, bonus = symbol_holders(bundle, fused, asking, 0.2, {}, footnotes)
    assert [row for row, _ in voted] == [p4, p5, fn5] and bonus == {p4: 0.2, fn5: 0.2}
    # not for a question asking another thing besides, nor beyond the first SYMBOL_VOTED candidates
    both = reader.analyze("第四次双年度会议报告的文号是什么？第65/64号决议怎样看待它？")
    assert symbol_holders(bundle, fused, both, 0.2, {}, footnotes) == (fused, {})
    far = [(row, 1.0 - row / 1000) for row in range(len(bundle.chunks)) if row not in (p4, fn5)][:SYMBOL_VOTED] + [
        (p4, 0.0)]
    assert p4 not in symbol_holders(bundle, far, asking, 0.2, {}, footnotes)[1]
    # the document something is in is asked by its symbol too: p38 names the Chair's summary with its symbol
    p30, p38 = rows["mge-2011-report:p30"], rows["mge-2011-report:p38"]
    which = reader.analyze("Which document contains the Chair's summary of the views expressed at the 2011 MGE?")
    assert which.asks.document and [row for row, _ in symbol_holders(bundle, [(p30, 0.5), (p38, 0.4)], which, 0.2,
                                                                      {}, footnotes)[0]] == [p38, p30]


@pytest.mark.parametrize(("question", "asks"), [
    ("Where can the documents of the 2018 Review Conference be found online?", True),
    ("where can i find the revcon3 conference documents online?", True),
    ("What's the web address where the RevCon3 documents are posted?", True),
    ("What website were the 2018 review conference documents posted on?", True),
    ("第三次审查大会的会议文件可以在哪个网址查阅？", True),
    ("2018年审议大会的会议文件在哪个网站可以查到？", True),
    # what a text says of trade on the web, or of tools found there, asks no web address
    ("What does the RevCon3 outcome say about selling guns over the web?", False),
    ("Which online tools does 65/64 suggest countries use?", False),
    ("2018年成果文件对在网上非法买卖枪支有什么要求？", False),
])
def test_a_question_asks_where_on_the_web_something_is_found(question: str, asks: bool) -> None:
    assert what_is_asked(question).web_address is asks


def test_a_question_asking_a_web_address_votes_for_the_passages_holding_one(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    # p8: "会议文件可在大会网站查阅: www.un.org/disarmament/revcon3。"; annex-s3-p13 names an online list, no address
    directory, site = rows["revcon3-report-2018:annex-s3-p13"], rows["revcon3-report-2018:p8"]
    fused = [(directory, 0.5), (site, 0.45)]
    asking = reader.analyze("Where can the RevCon3 documents be found online?")
    assert shown_apart(asking)
    voted, bonus = web_address_holders(bundle, fused, asking, 0.2, {})
    assert [row for row, _ in voted] == [site, directory] and bonus == {site: 0.2}
    # not for a question on trade online, nor beyond the first SYMBOL_VOTED candidates
    trade = reader.analyze("What does the 2018 outcome say about selling guns online?")
    assert web_address_holders(bundle, fused, trade, 0.2, {}) == (fused, {}) and not shown_apart(trade)
    far = [(row, 1.0 - row / 1000) for row in range(len(bundle.chunks)) if row != site][:SYMBOL_VOTED] + [(site, 0.0)]
    assert site not in web_address_holders(bundle, far, asking, 0.2, {})[1]


def test_a_footnote_is_read_by_the_clause_its_mark_ends(fake_engine: Engine) -> None:
    chunks = {chunk.chunk_id: chunk for chunk in fake_engine.bundle.chunks}
    assert citing_clause(chunks["res-65-64:p4"], chunks["res-65-64:fn5"]) == (
        "认可第四次各国审议行动纲领执行情况双年度会议通过的报告")
    assert citing_clause(chunks["res-65-64:pre-u16"], chunks["res-65-64:fn3"]) == "表示注意到秘书长的报告"
    # sg-report-2012:p24 holds ¹⁰, which is not the mark of footnote 1
    assert citing_clause(chunks["sg-report-2012:p24"], chunks["sg-report-2012:fn10"]).endswith("执行情况报告")
    assert citing_clause(chunks["sg-report-2012:p24"], chunks["sg-report-2012:fn1"]) == ""


def test_a_symbol_question_is_shown_the_footnote_whose_citing_clause_names_what_it_asks(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    footnotes = fake_engine.pipeline.symbol_footnotes
    p4, p12, fn5 = rows["res-65-64:p4"], rows["res-65-64:p12"], rows["res-65-64:fn5"]
    pre16, fn3 = rows["res-65-64:pre-u16"], rows["res-65-64:fn3"]
    asking = reader.analyze("Which document does resolution 65/64 cite for the report of the fourth biennial meeting?")

    def shown(fused: list[tuple[int, float]], question: Question) -> list[tuple[int, float]]:
        return cited_footnote_after(fused, cited_footnote(bundle, fused, question, footnotes))

    # pre-u16 ("表示注意到秘书长的报告，³") ranks first, but p4's clause ("认可第四次…双年度会议通过的报告，⁵")
    # holds more of the question's words: footnote 5 follows p4, the rest keep their order
    fused = [(pre16, 0.5), (p4, 0.45), (p12, 0.3), (fn3, 0.2), (fn5, 0.1)]
    assert [row for row, _ in shown(fused, asking)] == [pre16, p4, fn5, p12, fn3]
    # one the lists did not rank at all is brought in; one already above its citing passage stays where it is
    assert [row for row, _ in shown([(p4, 0.5), (p12, 0.4)], asking)] == [
        p4, fn5, p12]
    assert shown([(fn5, 0.5), (p4, 0.4)], asking) == [(fn5, 0.5), (p4, 0.4)]
    # two clauses holding as many of its words: which footnote is meant is not known
    either = reader.analyze("What is the symbol of that report?")
    assert shown(fused, either) == fused
    # not for a question asking another thing besides, nor for a citing passage beyond the first SYMBOL_VOTED
    both = reader.analyze("第四次双年度会议报告的文号是什么？第65/64号决议怎样看待它？")
    assert shown(fused, both) == fused
    far = [(row, 1.0 - row / 1000) for row in range(len(bundle.chunks))
           if row not in (p4, fn5) and bundle.chunks[row].kind != "footnote"][:SYMBOL_VOTED] + [(p4, 0.0)]
    assert shown(far, asking) == far


def test_a_title_page_matched_only_by_its_documents_name_follows_that_documents_best_other_passage(
        fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    page, opened, dates = rows["mge-2011-report:front"], rows["mge-2011-report:p6"], rows["mge-2011-report:p4"]
    other = rows["res-65-64:p4"]
    fused = [(page, 0.9), (other, 0.6), (opened, 0.5), (dates, 0.3)]
    for asked in ("Who declared the 2011 open-ended meeting of governmental experts open?",
                  "What does the proceedings section of the 2011 MGE report cover?",
                  "2011年专家会议报告的导言讲了什么？"):
        assert title_page_after_body(bundle, fused, reader.analyze(asked)) == [fused[1], fused[2], fused[0], fused[3]]
    # what a title page states: a date, a symbol; and a word it holds beyond the title (临时议程* 项目)
    for asked in ("When was the 2011 MGE held?", "2011年专家会议是哪几天开的？"):
        assert title_page_after_body(bundle, fused, reader.analyze(asked)) == fused
    agenda = [(rows["sg-report-2012:front"], 0.9), (rows["sg-report-2012:p21"], 0.5)]
    asked = reader.analyze("Under which agenda items of the 67th session was the 2012 SG report on small arms issued?")
    assert title_page_after_body(bundle, agenda, asked) == agenda
    # a document the question does not name: its title page is where the lists put it
    assert title_page_after_body(bundle, fused, reader.analyze("Who declared the meeting open?")) == fused


@pytest.mark.parametrize(("question", "sources"), [
    ("Will there be a pre-set list of speakers at BMS3?", ("bms3-letter-2008",)),  # its title: 第三届两年期会议
    ("What does the RevCon3 outcome say about marking?", ("revcon3-report-2018",)),  # its record, dated 2018-07-06
    # naming the document already (by a phrase of its title), or a meeting no document is about
    ("第三届两年期会议何时举行？", ()),
    ("What did the 2012 RevCon decide?", ()),
    ("What does the PoA say about marking?", ()),
    # about more than one meeting, or a document besides: other documents may answer
    ("第二次审议大会和第三次审查大会分别是什么时候开的？", ()),
    ("When did NGOs get the floor at BMS3 in 2008 and at the 2011 MGE?", ()),
    ("What did the Small Arms Survey do ahead of BMS3, and what does 65/64 say of it?", ()),
])
def test_the_meeting_a_question_is_about_names_the_documents_about_it(fake_engine: Engine, question: str,
                                                                      sources: tuple[str, ...]) -> None:
    read = fake_engine.pipeline.reader.analyze(question)
    assert read.meeting_sources == sources
    assert shown_apart(read) is bool(sources)


def test_a_question_asking_another_thing_besides_the_meeting_names_no_document_by_it(fake_engine: Engine) -> None:
    read = fake_engine.pipeline.reader.analyze("Who chaired BMS3, and when was RevCon3 held?")
    assert read.meeting_documents == () and read.meeting_sources == ()  # two meetings
    both = fake_engine.pipeline.reader.analyze("How was the database shown ahead of BMS3, and when was it launched?")
    assert both.meeting_documents == ("bms3-letter-2008",) and both.asks_another and both.meeting_sources == ()


def test_the_documents_about_a_meeting_named_get_the_document_vote(fake_engine: Engine) -> None:
    bundle, reader = fake_engine.bundle, fake_engine.pipeline.reader
    rows = {chunk.chunk_id: row for row, chunk in enumerate(bundle.chunks)}
    # the outcome's "民间社会的参与" ranks above the letter's paragraph on civil society at BMS3
    outcome, letter = rows["revcon3-report-2018:annex-s5-p13"], rows["bms3-letter-2008:annex-u23"]
    fused = [(outcome, 0.5), (letter, 0.45)]
    asking = reader.analyze("Will civil society speak at BMS3?")
    voted, bonus = vote_for_documents(bundle, fused, asking.meeting_sources, 0.2, {})
    assert [row for row, _ in voted] == [letter, outcome] and bonus == {letter: 0.2}
    assert vote_for_documents(bundle, fused, reader.analyze("Will civil society speak at the PoA meetings?")
                              .meeting_sources, 0.2, {}) == (fused, {})


@pytest.mark.parametrize(("question", "cites"), [
    ("What does section II, paragraph 4 of the Programme of Action say?", True),
    ("《行动纲领》第二节第4段说了什么？", True),
    ("PoA II.4 text?", True),
    ("Quote preambular para 7 of the 2001 Programme of Action itself.", True),
    # the name inside another document's title, or no citation
    ("执行《行动纲领》审查大会成果文件第二节第4段", False),
    ("the outcome on implementing the Programme of Action, section II para 4", False),
    ("65/64号决议关于执行《行动纲领》的第5段", False),
    ("What does the Programme of Action say about marking?", False),
])
def test_a_citation_of_the_programme_of_action_itself_is_told_apart(question: str, cites: bool) -> None:
    assert bool(CITES_PROGRAMME.search(normalize_question(question))) is cites


def test_an_unnumbered_paragraph_cited_is_pinned_first_whatever_cites_its_position(fake_engine: Engine) -> None:
    # pre-u16's position, 16, is no number another passage cites: "第16段" in a passage is operative paragraph 16
    result = fake_engine.pipeline.ask(AskQuery(question="65/64号决议序言部分第16段说了什么？", top_k=5))
    assert result.hits[0].chunk.chunk_id == "res-65-64:pre-u16" and result.hits[0].pinned
