"""The meetings a question names, dated by the corpus: read by number or year, in Chinese and English; each date in
the calendar is the corpus' own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.question.lexicon import MEETINGS
from service.question.meetings import (
    CALENDAR,
    OnMeetings,
    named_meeting_months,
    named_outcomes,
    numbered_meetings,
    plenary_numbers,
    recorded_meetings,
    spoken_of_meetings,
)
from service.question.normalize import normalize_question


@pytest.mark.parametrize(("question", "months"), [
    ("第三届两年期会议最后在非法中介问题上形成了哪些结论？", ((2008, 7),)),
    ("2008年第三届两年期会议", ((2008, 7),)),
    ("What conclusions did the Third Biennial Meeting ultimately reach?", ((2008, 7),)),
    ("How many Member States ultimately attended BMS3 in 2008?", ((2008, 7),)),
    ("BMS 3", ((2008, 7),)),
    ("第二次审议大会最终通过了什么？", ((2012, 8),)),
    ("Were ISACS actually launched at the 2012 RevCon?", ((2012, 8),)),
    ("the second Review Conference", ((2012, 8),)),
    ("第三次审查大会", ((2018, 6),)), ("RevCon3", ((2018, 6),)),
    ("2012年7月在纽约召开的联合国武器贸易条约会议，最后有没有通过条约文本？", ((2012, 7),)),
    ("What did the 2012 Arms Trade Treaty conference adopt?", ((2012, 7),)),
    ("2011年专家会议和2018年审议大会", ((2011, 5), (2018, 6))),
    # a plenary meeting of a conference is not a meeting of the series
    ("第 18 次会议上审议大会通过了什么？", ()),
    # the meeting that prepared one came before it; a question on preparing it speaks of it as still to come
    ("65/64号决议说2012年初开审议大会筹备委员会会议", ()), ("the 2012 RevCon PrepCom", ()),
    ("筹备2008年两年期会议时，候任主席认为什么？", ()), ("In preparation for BMS3, what did he propose?", ()),
    # a meeting the corpus does not date to the month: which one the question asks about cannot be told by months
    ("第四次双年度会议", ()), ("Did the 2012 RevCon lead to a second MGE actually taking place?", ()),
])
def test_a_meeting_named_by_its_number_or_year_is_dated_by_the_month_it_opened(
        question: str, months: tuple[tuple[int, int], ...]) -> None:
    assert named_meeting_months(normalize_question(question)) == months


def test_every_date_in_the_calendar_is_quoted_from_the_corpus(corpus_dir: Path) -> None:
    corpus = "".join(path.read_text(encoding="utf-8") for path in sorted(corpus_dir.glob("*.txt")))
    assert len(CALENDAR) == len(MEETINGS) >= 5
    for meeting, entry in zip(CALENDAR, MEETINGS, strict=True):
        quote = entry["dated_by"]
        assert quote in corpus, quote
        assert re.search(rf"{meeting.year}\s*年\s*{meeting.month}\s*月", quote), quote


AUGUST_2012, JUNE_2018 = ((2012, 8),), ((2018, 6),)


@pytest.mark.parametrize(("question", "months"), [
    ("第二次审议大会的成果文件讲了什么？", [AUGUST_2012]),
    ("2012年第二次审议大会最终通过的成果文件包含哪些具体承诺？", [AUGUST_2012]),
    ("2012年第二次审议大会成果文件第二节第5段", [AUGUST_2012]),
    ("What did the outcome document of RevCon2 in 2012 contain?", [AUGUST_2012]),
    ("What did the final outcome document of the second Review Conference say?", [AUGUST_2012]),
    ("What is the 2012 Review Conference outcome document about?", [AUGUST_2012]),
    ("RevCon2's outcome document: what does it say on ammunition?", [AUGUST_2012]),
    ("第三次审议大会的成果文件", [JUNE_2018]), ("What does the RevCon3 outcome say about gender?", [JUNE_2018]),
    # a meeting the corpus does not date: named, with no month
    ("第四次审议大会的成果文件是以多少票通过的？", [()]), ("What was the final outcome of BMS5?", [()]),
    ("By what vote was the outcome document of the fourth Review Conference adopted?", [()]),
    # an outcome a meeting is to produce, or one named apart from its meeting, is no meeting's outcome document
    ("为什么秘书长强调第二次审议大会一定要拿出一份实质性的成果文件？", []),
    ("Why was it crucial that the 2012 Review Conference agree on a substantive outcome?", []),
    ("行动纲领第一次审议大会和第三次审议大会，在成果文件上的结局有什么不同？", []),
    ("2011年专家会议和2018年成果文件", []),
    # how a meeting turned out is asked by other rules (asks.outcome)
    ("What was the outcome of the second Review Conference?", []),
])
def test_an_outcome_document_is_read_with_the_meeting_named_right_before_or_after_it(
        question: str, months: list[tuple[tuple[int, int], ...]]) -> None:
    assert [dated for _, dated in named_outcomes(normalize_question(question))] == months


def test_a_passage_speaks_of_the_dated_meetings_it_names_whatever_else_it_names() -> None:
    passage = "第四次双年度会议的报告重点提到的努力，以及为第二次审议大会提供的推动力"
    assert named_meeting_months(passage) == ()  # a question naming the undated meeting asks of neither
    assert spoken_of_meetings(passage) == {(2012, 8)}
    assert spoken_of_meetings("在第 18 次会议上,大会通过了全权证书委员会建议的决议草案") == frozenset()


@pytest.mark.parametrize(("text", "meetings"), [
    ("《武器贸易条约》第一次缔约国会议是在哪里举行的？", {(1, "缔约国会议")}),
    ("联合国气候变化框架公约第 28 次缔约方大会", {(28, "缔约方大会")}),
    ("日内瓦宣言第二次部长级审查会议", {(2, "部长级审查会议")}),
    # a session's numbered meetings and the meetings of the process are read elsewhere (plenary_numbers, _NAMED)
    ("第9次会议", set()), ("第六十七届会议", set()), ("第 18 次全体会议", set()),
    ("第四次双年度会议", set()), ("第二次审议大会筹备会议", set()),
])
def test_a_numbered_meeting_of_another_series_is_read_as_its_number_and_name(
        text: str, meetings: set[tuple[int, str]]) -> None:
    assert numbered_meetings(text) == meetings


@pytest.mark.parametrize(("document_month", "meetings"), [
    ((2018, 7), {(2018, 6)}),  # the report of the conference of 18-29 June 2018, dated 6 July
    ((2011, 5), {(2011, 5)}),  # the report of the experts' meeting of 9-13 May 2011, dated its last day
    ((2008, 5), set()),  # a letter two months before the meeting it prepares is not its record
    ((2012, 1), set()), (None, set()),
])
def test_a_document_dated_in_the_month_a_meeting_opened_or_the_next_is_its_record(
        document_month: tuple[int, int] | None, meetings: set[tuple[int, int]]) -> None:
    assert recorded_meetings(document_month) == meetings


@pytest.mark.parametrize(("text", "numbers"), [
    ("2011年MGE第9次会议上，是哪几个非政府组织的代表发了言？", {9}), ("第九次会议", {9}),
    ("在 6 月 20 日至 29 日第 6 至第 17 次会议上", set(range(6, 18))),
    ("在6月18日至19日第1至第4次会议上", {1, 2, 3, 4}),
    ("第 60 次全体会议", {60}), ("Which NGOs took the floor at the ninth meeting?", {9}),
    ("its 18th plenary meeting", {18}),
    # a meeting of a series: its name stands between its number and 会议
    ("第四次双年度会议", set()), ("the Third Biennial Meeting", set()), ("第三次审议大会", set()),
])
def test_a_numbered_meeting_of_a_session_is_read_with_its_range(text: str, numbers: set[int]) -> None:
    assert plenary_numbers(text) == numbers


def test_a_sentence_on_another_meeting_of_the_session_does_not_answer_on_this_one() -> None:
    ninth = OnMeetings(frozenset({9}))
    assert ninth.search("在第 9 次会议上，非政府组织代表发了言。")
    assert ninth.search("在 6 月 20 日至 29 日第 6 至第 17 次会议上,大会对成果文件草案进行了审议和谈判。")
    assert ninth.search("与会者就合作追查问题交换了意见。")  # it names no meeting
    assert not ninth.search("在 2011 年 5 月 13 日第 10 次会议上，主席在议程项目 7(b)下作了介绍。")
