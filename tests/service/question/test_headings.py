"""The headings an English question describes a part by: read through every dictionary sense of the headings' words
(the fake encoder's engine: no meaning is read from vectors here, only the corpus' headings and CC-CEDICT)."""

from __future__ import annotations

import pytest

from service.engine import Engine
from service.question.headings import clearly_described, describing_words, same_word


@pytest.mark.parametrize(("question", "words"), [
    ("What does the documentation section of the 2011 report list?", ["documentation"]),
    ("What does section B (Officers) of the 2011 report record?", ["officers"]),
    ("What does the organizational-matters chapter cover?", ["organizational", "matters"]),
    ("What's in the transparency and info-exchange subsection?", ["transparency", "info", "exchange"]),
    ("What does the part of the 2008 letter on the composition of the segments set out?", ["composition", "segments"]),
    ("What does the introduction of the 2012 report explain?", ["introduction"]),
    # the part is named by the document's owner, not described; the verb ending the question describes nothing
    ("What does the outcome's part cover?", []),
    ("In the outcome, what does the subsection on implementing the PoA contain?", ["implementing", "poa"]),
])
def test_the_words_describing_a_part_are_those_of_its_name(question: str, words: list[str]) -> None:
    assert describing_words(question) == words


def test_a_word_and_its_forms_are_one_word_a_prefix_is_not() -> None:
    assert same_word("document", "documentation") and same_word("adopting", "adopt")
    assert same_word("organizational", "organization")
    # a word in -e drops it before -ing, -ion and -ed, not before every ending
    assert same_word("coordinate", "coordinating") and same_word("manufacture", "manufacturing")
    assert not same_word("active", "activities") and not same_word("note", "noting")  # a stem of five letters at least
    assert not same_word("inter", "international") and not same_word("art", "article")
    # a noun in -sion and its verb in -t: the heading's 转移 reads "to divert"
    assert same_word("diversion", "divert") and same_word("convert", "conversion")
    assert same_word("diversion", "diversion") and not same_word("decision", "decide")


@pytest.mark.parametrize(("question", "heading"), [
    # 文件 reads "document"; 引言 "introduction" (question glossing keeps 介绍, the corpus' commoner word)
    ("What does the documentation section of the 2011 MGE report list?", "E. 文件"),
    ("What does the introduction of the 2012 SG report explain?", "一. 引言"),
    ("What does the organizational-matters chapter of the 2011 MGE report cover?", "二. 组织事项"),
    ("What does the credentials part of the RevCon3 report say?", "三. 全权证书"),
    ("What does the 'Proceedings' chapter of the 2011 MGE report cover?", "三. 议事情况"),  # the field's 议事情况
    # 协调 reads "coordinate", which "coordinating" is a form of
    ("What does the part of the 2012 SG report on the UN Coordinating Action on Small Arms cover?",
     "3. 联合国小武器问题协调行动"),
    # "composition" and "segments" read through the field's terms (组成, 部分): CC-CEDICT glosses 组成 "to form" and
    # 部分 "part; section", neither the word the letter's English heading uses
    ("What does the part of the BMS3 letter on the composition of the segments set out?", "各部分的组成"),
    ("What does the part of the RevCon3 outcome on preventing and combating diversion of SALW cover?",
     "2. 防止和打击轻小武器的转移"),
    # no heading reads "officers" (主席团成员 reads "presidium", "member"); "report" names the document, whose title
    # says 报告, not the chapter 四. 审议和通过报告
    ("What does section B (Officers) of the 2011 MGE report record?", None),
    # a question in Chinese matches the headings' own words instead
    ("2011年专家会议报告的“文件”一节列了什么？", None),
])
def test_an_english_question_describing_a_part_names_its_heading(fake_engine: Engine, question: str,
                                                                 heading: str | None) -> None:
    assert fake_engine.pipeline.reader.analyze(question).described == heading


def test_a_description_two_headings_fit_equally_names_neither(fake_engine: Engine) -> None:
    headings = fake_engine.pipeline.reader.headings
    # "exchange" fits 一般性交换意见 and both transparency headings of the outcome alike; nothing else is said
    fitting = headings.fitting("What does the exchange part say?", ["revcon3-report-2018"])
    assert len(fitting) >= 3 and len(set(fitting.values())) == 1 and clearly_described(fitting) is None
