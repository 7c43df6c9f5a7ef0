"""The answer rules as a table: what a question asks for or names, and what the answer sentence, the passage it comes
from or the evidence must then contain. Each row has a name, so that a rule can be switched off (settings:
answer.disabled_rules)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from service.question.analyze import Question, named_months
from service.question.countries import NamesACountry, NamesCountries
from service.question.meetings import OnMeetings
from service.question.patterns import (
    ANNOUNCES,
    DATE,
    DAY,
    DEFINES,
    IN_FORCE,
    PERSON,
    REQUESTS_REPORT,
    RESPECTIVELY,
    SAYS_MORE_THAN_WHO_SPOKE,
    SHARE,
    SYMBOL,
    ListsAbout,
    NamesDates,
    NamesOrLists,
    naming_any,
    quantity_of,
)


class SentencePattern(Protocol):
    """What an answer sentence must match: a compiled pattern, or a test as the pattern's ``search`` is called."""

    def search(self, sentence: str, /) -> object: ...


@dataclass(frozen=True, slots=True)
class SentenceRule:
    """When ``applies`` to a question, the answer sentence must match ``states(question)``."""

    name: str
    applies: Callable[[Question], bool]
    states: Callable[[Question], SentencePattern]


@dataclass(frozen=True, slots=True)
class EvidenceRule:
    """Every term ``named(question)`` returns must appear in the evidence passages and, ``in_answer``, in the passage
    the answer sentence comes from (its text, section or document)."""

    name: str
    named: Callable[[Question], tuple[str, ...]]
    in_answer: bool = False


NAMES_COUNTRIES = NamesCountries()
NAMES_A_COUNTRY = NamesACountry()
NAMES_DATES = NamesDates()
# how many events a question asking the date of each counts for the answer to list dates: two may be answered one
# by one, by two passages
SEVERAL_EVENTS = 3
NAMES_OR_LISTS_OUTSIDE_TITLES = NamesOrLists()

SENTENCE_RULES = (
    # "文号是什么" is answered by a sentence holding a symbol (A/CONF.192/..., S/2012/42)
    SentenceRule("symbol", lambda q: q.asks.symbol, lambda q: SYMBOL),
    # "多少张赞成票" by a number before what it counts
    SentenceRule("quantity", lambda q: q.asks.quantity is not None, lambda q: quantity_of(q.asks.quantity or ())),
    # "百分之多少" by a percentage or a proportion
    SentenceRule("share", lambda q: q.asks.share, lambda q: SHARE),
    # "何时" by a date; "分别在哪天", when that is all it asks, by a day
    SentenceRule("date", lambda q: q.asks.date, lambda q: DAY if q.asks.day else DATE),
    # "首尔讲习班是哪天举行的？" by a date in a sentence naming Seoul, not by another day of the letter that mentions
    # the workshop; a sentence opening a list ("以鼓掌方式选出了下列主席团成员：") may name the place in the list
    SentenceRule("date_place", lambda q: q.asks.date and bool(q.places), lambda q: naming_any(q.places)),
    # "七次会议分别是什么时候", "On which dates were its seven meetings held?" by a sentence naming two months or more,
    # not by "自2010年以来，该小组已举行七次会议"
    SentenceRule("each_date", lambda q: q.asks.dated_events >= SEVERAL_EVENTS, lambda q: NAMES_DATES),
    # "谁" by a named person
    SentenceRule("person", lambda q: q.asks.person, lambda q: PERSON),
    # "哪些非政府组织" / "which NGOs" by a sentence naming or listing them, not one only mentioning the group
    # ("非政府组织代表发了言") or naming the programme ("防止、打击和消除" lists verbs); members asked for each of
    # several things ("分别由哪些部门") are named one per sentence; countries have their own rule, below
    SentenceRule("members",
                 lambda q: q.asks.members and not q.asks.countries and not RESPECTIVELY.search(q.normalized),
                 lambda q: NAMES_OR_LISTS_OUTSIDE_TITLES),
    # "候任主席团由哪些国家组成？" by a sentence naming countries ("菲律宾、保加利亚和圣卢西亚"), not by one listing
    # anything else ("会议的其他组织事项、会议的架构") or naming a single country ("在巴西里约热内卢举行")
    SentenceRule("countries", lambda q: q.asks.countries, lambda q: NAMES_COUNTRIES),
    # "Which nine Latin American and Caribbean countries ...?" by a sentence listing about nine, not by one counting
    # them ("该区域九个国家") or listing thirty others
    SentenceRule("counted", lambda q: q.asks.counted > 0, lambda q: ListsAbout(q.asks.counted)),
    # "全权证书委员会的主席是哪国代表？" by a sentence naming a country, not by "主席发言。"
    SentenceRule("nationality", lambda q: q.asks.nationality, lambda q: NAMES_A_COUNTRY),
    # "加拿大全国火器协会发言的主要观点是什么？" by a sentence giving what was said, not one listing who spoke
    SentenceRule("statement", lambda q: q.asks.statement, lambda q: SAYS_MORE_THAN_WHO_SPOKE),
    # "“小武器”和“轻武器”是怎么界定的？" by a sentence defining a term, not one merely using it
    SentenceRule("definition", lambda q: q.asks.definition, lambda q: DEFINES),
    # "《武器贸易条约》是哪一年生效的？" by a sentence stating its entry into force, not by one naming the treaty or the
    # conference that negotiated it ("高峰则是 2012 年 7 月在纽约召开联合国武器贸易条约会议")
    SentenceRule("in_force", lambda q: q.asks.in_force, lambda q: IN_FORCE),
    # "候任主席团由哪些国家组成？" by a sentence naming the bureau, not one naming the President-designate;
    # "办公厅主任叫什么名字？" / "Who was the Chef de Cabinet who ...?" by one naming the Chef de Cabinet, not another
    # official: the group or role asked about
    SentenceRule("holder", lambda q: bool(q.holder_of), lambda q: re.compile("|".join(map(re.escape, q.holder_of)))),
    # "2011年MGE第9次会议上是哪几个非政府组织的代表发了言？" by a sentence naming the ninth meeting or none, not by
    # "在…第 10 次会议上，主席…": a sentence dated to another meeting of the session speaks of what happened there
    SentenceRule("plenary", lambda q: bool(q.plenary), lambda q: OnMeetings(frozenset(q.plenary))),
)


@dataclass(frozen=True, slots=True)
class PassageRule:
    """When ``applies`` to a question, the answer sentence comes only from a passage ``about`` it, given the meetings
    the passage speaks of (by the month each opened: those it names, and the one its document records)."""

    name: str
    applies: Callable[[Question], bool]
    about: Callable[[Question, frozenset[tuple[int, int]]], bool]


PASSAGE_RULES = (
    # "第三届两年期会议的候任主席团由哪些国家组成？" is not answered by the 2018 conference's "大会主席团组成如下:", nor
    # "2011年MGE第9次会议上发言的非政府组织" by a 2008 letter's "政府间组织、相关非政府组织…": the answer speaks of
    # the meeting the question names, in a passage naming it or in that meeting's own record; when the question asks
    # a detail of it (who, which members or countries, the holder of a role): the documents mention many meetings
    # whose details they do not give, and another meeting's give none of that one's; or how it turned out, asking
    # nothing else beside ("第二次审议大会最终通过的成果文件有哪些主要内容？" is not answered by the 2018 conference's
    # "大会对成果文件草案进行了审议和谈判"; "How was the database presented ahead of BMS3, and when was it actually
    # launched?" names BMS3 as the context of its first ask)
    PassageRule("meeting", lambda q: bool(q.meetings) and (q.asks_detail or (q.asks.outcome and not q.asks_another)),
                lambda q, meetings: not meetings.isdisjoint(q.meetings)),
)

EVIDENCE_RULES = (
    # numbers, years and document symbols the question pins down
    EvidenceRule("terms", lambda q: q.terms),
    # the places it names, in the answer's own passage: a count of weapons destroyed in Latin America does not answer
    # a question on the Sahel because another passage mentions the Sahel
    EvidenceRule("places", lambda q: q.places, in_answer=True),
    # the day of the meeting whose detail it asks (who, which members, countries or holder), in the answer's own
    # passage, by its text or its document's date: "安理会2012年4月25日公开会议上有哪些国家发了言？" is not answered
    # by the list of speakers at a meeting of 2011, nor "Who signed the 23 May 2008 letter?" held to the letter's text
    EvidenceRule("day", lambda q: q.days if q.asks_detail else (), in_answer=True),
    # the month of the meeting whose detail it asks, likewise, when it names a meeting by its month rather than by a
    # name the corpus dates: "Who chaired the March 2018 PrepCom?" is not answered by the 2018 conference's report,
    # whose passage on the recommendations of that committee names neither the month nor is dated in it
    EvidenceRule("month", lambda q: q.months_named if q.asks_detail else (), in_answer=True),
    # the treaties and the like it names, in the answer's own passage: the corpus names the Firearms Protocol and the
    # ATT without containing them, so "What does the Firearms Protocol require on deactivation?" is not answered by
    # the outcome's own commitment on deactivation
    EvidenceRule("titles", lambda q: q.titles, in_answer=True),
    # the groups and committees whose particular fact it asks (a date, a count, who, which members), in the answer's
    # own passage: "关心实际裁军措施国家小组…七次会议分别是哪天举行的？" is not answered by the days of the technical
    # review panel's meeting (技术审查小组); a question asking more names a body as its context
    EvidenceRule("bodies", lambda q: q.bodies if q.asks.particular and not q.asks_several else (), in_answer=True),
)

@dataclass(frozen=True, slots=True)
class QuestionRule:
    """When ``withholds`` a question, no answer is given, whatever the passages say."""

    name: str
    withholds: Callable[[Question], bool]


QUESTION_RULES = (
    # none of the question's content words occurs in the corpus, places aside: it is about something else ("你好",
    # "测试", "纽约明天下雨吗？"), and the nearest passages, however close, do not answer it
    QuestionRule("off_topic", lambda q: not q.known_subject),
    # it asks for something to be written, translated or recommended ("帮我写一首诗", "Can you draft a LinkedIn post",
    # "Can you recommend a hotel near UN Headquarters?"): the service answers from the documents and composes or
    # recommends nothing of its own, however close the passages its words find
    QuestionRule("writing_request", lambda q: q.asks.writing),
    # a message checking that the service is there or saying it is a test asks nothing of the documents ("Can you hear
    # me?", "测试一下，能收到吗？", "test test pls ignore")
    QuestionRule("test_message", lambda q: q.asks.checking),
    # it names a document by a title the corpus never uses ("《巴黎协定》的温控目标", "the Wassenaar Arrangement"): it
    # asks about another text, however close the passages its other words find
    QuestionRule("unknown_title", lambda q: bool(q.unknown_titles)),
    # likewise a meeting the corpus never names, by a name none of whose words it uses ("《武器贸易条约》第一次
    # 缔约国会议是在哪里举行的？", "世界卫生大会通过了什么决议？"): the documents hold nothing of it, and another
    # meeting's chair or venue is not its
    QuestionRule("unknown_meeting", lambda q: bool(q.unknown_meetings)),
    # "《武器贸易条约》规定的年度报告提交截止日期是哪天？": the documents cite the treaty, and do not hold its text
    QuestionRule("title_provisions", lambda q: bool(q.title_provisions)),
    # it asks what a named country's law says ("What does US federal law say about ghost guns?", "美国法律对私人持枪是
    # 怎么规定的？"): UN documents speak of national legislation, not of one country's, however close the passages its
    # other words find
    QuestionRule("national_law", lambda q: bool(q.national_laws)),
    # it is one word and nothing else ("weapons", "武器"): a keyword asks nothing, so the passages it finds are shown
    # and none is taken for an answer, however close
    QuestionRule("bare_word", lambda q: q.bare_word),
)


@dataclass(frozen=True, slots=True)
class Dating:
    """What bounds what the evidence can report: the year of the newest document that could report on the question
    (settings: answer.dated_by; 0 when unknown); the month the answer can speak up to, as (year, month): its
    document's, or the latest its sentence names when that is earlier (None: no answer, or neither dated to the
    month); whether the answer sentence only announces what it speaks of ("定于 2012 年 8 月举行", "正在商谈");
    whether its passage requests a report; the meetings, by the month they opened, its document announces;
    whether its document asks the Secretary-General for a report in its own voice, or records the request of whoever
    the question says asked for the report it is about (AnswerJudge.requests_report_unasked); and its document's
    year."""

    newest_year: int
    answer_month: tuple[int, int] | None = None
    answer_announces: bool = False
    passage_requests_report: bool = False
    announced_meetings: frozenset[tuple[int, int]] = frozenset()
    document_requests_report: bool = False
    answer_year: int = 0  # the year of the answer's document, dated to the year at least (0: no answer, or undated)

    @classmethod
    def of(cls, newest_year: int, document_month: tuple[int, int] | None, sentence: str | None,
           announced_meetings: frozenset[tuple[int, int]] = frozenset(), passage: str | None = None,
           document_requests_report: bool = False, document_year: int = 0) -> Dating:
        """The dating of evidence whose answer sentence is ``sentence`` (None: no answer), from the passage
        ``passage`` (None: unknown) of a document of ``document_year`` dated to ``document_month`` that announces
        the meetings opening in ``announced_meetings``. A sentence whose dates all come before a month ("2012 年 2
        月 13 日至 17 日举行的筹备委员会") speaks of what happened before it, whatever its document's date. A passage
        that requests a report ("会议邀请秘书长在六个月内提交一份报告") was written before that report, whichever of
        its sentences answers."""
        sentence_months = named_months(sentence or "")
        months = [month for month in (document_month, max(sentence_months, default=None)) if month is not None]
        requests = any(text and REQUESTS_REPORT.search(text) for text in (sentence, passage))
        return cls(newest_year, min(months, default=None), bool(sentence and ANNOUNCES.search(sentence)), requests,
                   announced_meetings, document_requests_report, document_year if sentence is not None else 0)


def named_years(question: Question) -> tuple[int, ...]:
    """The years ``question`` names for an event, and those of the meetings it names."""
    return (*question.event_years, *(year for year, _ in question.months))


@dataclass(frozen=True, slots=True)
class DatedRule:
    """When ``withholds(question, dating)``, no answer is given. A document cannot report what happened after its own
    date; it can only announce, schedule or request it."""

    name: str
    withholds: Callable[[Question, Dating], bool]


DATED_RULES = (
    # "2020年的会议后来是否如期举行？" asked of documents of 2018 at the latest: they could only announce it
    DatedRule("outcome_after", lambda q, d: q.asks.outcome and 0 < d.newest_year < max(map(int, q.years), default=0)),
    # "《枪支议定书》目前有多少个缔约国？": how things stand today, which no document of an earlier year can say;
    # "秘书长2012年报告说，到目前为止…" asks how they stood when the document it cites was written, but a group
    # whose name a title holds ("关心实际裁军措施国家小组目前有多少个成员国？") does not cite that document
    DatedRule("current_state",
              lambda q, d: q.asks.current and not q.cited_documents and 0 < d.newest_year < date.today().year),
    # "Who was elected president of the fourth RevCon in 2024?" asked of documents of 2018 at the latest: every year it
    # names came after them ("the 2018 conference set ... for 2020" names one that did not)
    DatedRule("past_after", lambda q, d: q.asks.past and 0 < d.newest_year < min(map(int, q.years), default=0)),
    # "2020年举行的双年度国家会议得出了哪些结论？" asked of documents of 2018 at the latest: Chinese has no tense, so a
    # question naming only years after every document asks what happened then, unless it says it asks for the plan
    # ("2020年的会议将讨论什么", "第三次审查大会决定2020年召开的会议会期多长"); a year in a title names no event
    DatedRule("later_event", lambda q, d: q.language == "zh" and not q.asks.plan
              and 0 < d.newest_year < min(q.event_years, default=0)),
    # "BMS3在2008年7月会上最后达成了什么结论？" or "第三届两年期会议最后形成了哪些结论？" (a meeting of July 2008)
    # answered from a letter of May 2008, or "2012年7月的会议最终是否通过了条约？" by a sentence on a meeting of
    # February 2012: the answer's own document, or what its sentence speaks of, came before every month the question
    # names, so it cannot say how that turned out (a question comparing two meetings may be answered after the first);
    # naming no month, the answer's document is of a year before every year it names: "What did the 2013 GGE
    # reviewing the UN Register conclude?" answered from the 2011 MGE's report (not a plan, which an earlier document
    # states; and by the document's own year: a 2012 report's sentence on 2010 may tell what happened in 2012). Not
    # for a question citing a document: it asks what that one said, too ("65/64 set the PrepCom for early 2012; when
    # did it actually meet?")
    DatedRule("outcome_after_source", lambda q, d: (
        (q.asks.outcome or q.asks.decided) and bool(q.months) and d.answer_month is not None
        and d.answer_month < min(q.months))
        or ((q.asks.outcome or q.asks.decided or q.asks.concluded) and not q.months and not q.cited_documents
            and not (q.asks.plan or q.asks.planned) and 0 < d.answer_year < min(q.event_years, default=0))),
    # "How many national reports were submitted ahead of RevCon3?" or "How many Member States submitted national
    # reports in 2010?" answered by a letter of May 2008 ("截至今日，裁军事务厅收到79个会员国的国家报告"): a document
    # counts what it knew by its own date, so it cannot state a count as of a year after it. English only, and not
    # what "will" be: a Chinese count for a later year may be the one planned ("按65/64号决议，2012年审议大会筹备委员会
    # 会议最多开几天？", which the 2010 resolution set), and Chinese has no tense to tell them apart
    DatedRule("count_after_source", lambda q, d: q.language == "en" and q.asks.quantity is not None
              and not q.asks.planned and d.answer_month is not None
              and d.answer_month[0] < min(named_years(q), default=0)),
    # "2012年第二次审议大会最后通过的成果文件有哪些新承诺？" answered by "为定于 2012 年 8 月 27 日…举行的第二次审议大会
    # 提供了推动力": the answer sentence only schedules, expects or proposes what it speaks of, so its document came
    # before the outcome asked for, whatever its date says
    # "What did the 2012-2013 GGE recommend?" answered by "登记册将由一个政府专家组在 2012 年和 2013 年…进行定期审查"
    DatedRule("outcome_announced", lambda q, d: (q.asks.outcome or q.asks.concluded) and d.answer_announces),
    # "2012年7月的武器贸易条约会议最后有没有通过条约？" (or "Did the July 2012 Conference on the ATT adopt a treaty
    # text?": what a body did in the end, asked with "did") answered from the Secretary-General's report of 2012, which
    # says elsewhere "2012 年的联合国武器贸易条约会议正在商谈": the answer's document announces the very meeting asked
    # about, so it was written before that meeting's outcome, whichever of its sentences answers
    DatedRule("meeting_announced", lambda q, d: (q.asks.outcome or q.asks.decided)
              and any(m in d.announced_meetings for m in q.months)),
    # "安理会请秘书长写的那份报告结论是什么？" answered by "会议邀请秘书长在六个月内提交一份报告", or by another
    # sentence of the paragraph that says so ("一些安理会成员要求加强对改善边境管理的关注"): a paragraph requesting a
    # report was written before it and cannot say what it found
    DatedRule("findings_requested", lambda q, d: q.asks.findings and d.passage_requests_report),
    # "What were the conclusions of the SG's report on resolution 65/64 to the sixty-sixth session?" answered from the
    # resolution itself ("请秘书长就本决议的执行情况向大会第六十六届会议提出报告；"), by whichever passage: a document
    # that asks the Secretary-General for a report, in its own voice, was written before it
    # "What did the SG's report requested by the Security Council conclude?" answered from the Secretary-General's
    # 2012 report, which records the Council's request ("会议邀请秘书长在六个月内提交一份报告"): it came before that
    # report too
    DatedRule("report_requested", lambda q, d: (q.asks.secretary_general_report
                                                or (q.asks.findings and bool(q.report_requesters)))
              and d.document_requests_report),
)

RULES = tuple(rule.name for rule in (*SENTENCE_RULES, *PASSAGE_RULES, *EVIDENCE_RULES, *QUESTION_RULES,
                                     *DATED_RULES))
# a question that only reads the paragraph it cites (Question.reads_citation: "大会第64/50号决议第5段说了什么",
# "成果文件第一节第28段的内容是什么？") when the corpus holds no such paragraph, or holds several it may mean, or any
# question citing a paragraph of a document it names by a symbol the corpus' documents do not bear ("Could you quote
# section II, paragraph 33 of the Programme of Action itself (A/CONF.192/15)?"): another passage's sentence would be
# quoted as if it were that paragraph (AnswerJudge.judge)
UNKNOWN_PARAGRAPH = "unknown_paragraph"
# the rules after which no passage can answer, however close: the verdict's confidence is 0
ZEROING_RULES = (*(rule.name for rule in (*QUESTION_RULES, *DATED_RULES)), UNKNOWN_PARAGRAPH)


def check_rule_names(names: Collection[str]) -> tuple[str, ...]:
    """``names``, when every one is a rule; else an error listing the known ones."""
    unknown = sorted(set(names) - set(RULES))
    if unknown:
        raise ValueError(f"unknown answer rule(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
    return tuple(names)


def sentence_patterns(question: Question, disabled: Collection[str] = ()) -> list[SentencePattern]:
    """What a sentence must match to answer ``question``."""
    return [rule.states(question) for rule in SENTENCE_RULES if rule.name not in disabled and rule.applies(question)]


def passage_rules(question: Question, disabled: Collection[str] = ()) -> list[PassageRule]:
    """The passage rules that apply to ``question``."""
    return [rule for rule in PASSAGE_RULES if rule.name not in disabled and rule.applies(question)]


def named_terms(question: Question, disabled: Collection[str] = (), *, in_answer: bool = False) -> list[str]:
    """What the evidence must mention for ``question``, in rule order; ``in_answer``: what the answer's passage must."""
    return [term for rule in EVIDENCE_RULES if rule.name not in disabled and (rule.in_answer or not in_answer)
            for term in rule.named(question)]


def withholding_rules(question: Question, disabled: Collection[str] = ()) -> list[str]:
    """The names of the question rules that withhold any answer to ``question``."""
    return [rule.name for rule in QUESTION_RULES if rule.name not in disabled and rule.withholds(question)]


def dated_rules(question: Question, dating: Dating, disabled: Collection[str] = ()) -> list[str]:
    """The names of the dated rules that withhold an answer to ``question`` from evidence dated by ``dating``."""
    return [rule.name for rule in DATED_RULES if rule.name not in disabled and rule.withholds(question, dating)]
