"""analyze(text) -> Question: everything the pipeline needs to know about a question, read once per request."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import reduce
from itertools import accumulate, pairwise

import jieba
import jieba.posseg
from jieba.posseg import pair as Pair

from indexer.chunk import ANNEX_PART
from indexer.sentences import SENTENCE
from indexer.types import Document
from service.question.countries import country_names, english_country_names, english_country_pattern
from service.question.headings import HeadingReader, clearly_described, fitting_scores, share_fitted
from service.question.lexicon import (
    BEFORE_HOW_MANY,
    CHINESE_TITLE_HEADS,
    ENGLISH_BODIES,
    FUNCTION_TAGS,
    LOOKUP_WORDS,
    MONEY_UNITS,
    MONEY_WORDS,
    NOT_PLACES,
)
from service.question.meetings import (
    MEETING_ENDINGS,
    document_meetings,
    named_meeting_months,
    named_outcomes,
    numbered_meetings,
    plenary_numbers,
    without_ending,
)
from service.question.normalize import normalize_question
from service.question.patterns import (
    ANOTHER_ASK_EN,
    ARTICLE,
    ASKING_START,
    ASKS_ADOPTED,
    ASKS_COUNTRIES,
    ASKS_CURRENT,
    ASKS_DATE,
    ASKS_DAY,
    ASKS_DEFINITION,
    ASKS_DID_DECIDE,
    ASKS_DOCUMENT,
    ASKS_EXPECTED,
    ASKS_MEMBERS,
    ASKS_NATIONALITY,
    ASKS_OUTCOME,
    ASKS_PAST,
    ASKS_PERSON,
    ASKS_PLAN_UNTENSED,
    ASKS_PLANNED,
    ASKS_QUANTITY,
    ASKS_REPORTED,
    ASKS_SHARE,
    ASKS_STATEMENT,
    ASKS_SYMBOL,
    ASKS_VOTE_COUNT,
    ASKS_WEB_ADDRESS,
    ASKS_WHICH,
    ASKS_WRITING,
    BARE_WORD,
    BODY_END,
    BOOK_TITLE,
    CHECKS_LINE,
    CHINESE_TITLE_END,
    CHINESE_TITLE_HEAD,
    CLAUSE_END,
    CLOSING_PUNCTUATION,
    COUNTED,
    COUNTED_EVENTS,
    COUNTED_ITEMS,
    COUNTED_MEMBERS,
    DAY_OF_MONTH,
    DONE_ZH,
    EACH_DATE,
    ENGLISH_COUNTED,
    ENGLISH_DAY_OF_MONTH,
    ENGLISH_MONEY_ASKED,
    ENGLISH_MONTH_OF_YEAR,
    ENGLISH_MONTHS,
    ENGLISH_NUMBERS,
    ENGLISH_TITLE,
    FINDINGS,
    HAN,
    HOLDER_ASKED,
    HOLDER_ASKED_EN,
    IN_FORCE,
    ISO_DATE,
    LATIN_LETTER,
    LAW_WORD_DISTANCE,
    LAW_WORDS,
    LAYOUT,
    LOOKUP_PARTS_EN,
    MONTH_OF_YEAR,
    NAME_NUMBER,
    NAMES_PART,
    NATIONAL_LAW_EN,
    NUMBER_OR_SYMBOL,
    OPENS_WITH_TITLE,
    OUTCOME_DOCUMENT,
    OVERVIEW_FORMS,
    OVERVIEW_NOT_NAMING,
    OVERVIEW_OF_ANNEX,
    PHRASE_GAP,
    POSSESSIVE,
    PROVISION,
    PROVISION_AFTER_TITLE,
    PROVISION_BEFORE_TITLE,
    QUESTION_MARK,
    QUESTION_WORD,
    QUOTED,
    RELATIVE_WHO,
    REPORT,
    REPORT_REQUESTED_BY,
    SECRETARY_GENERAL_REPORT,
    STATEMENT_END,
    TEST_WORD,
    TITLE_NAMES_BODY,
    TRANSLATED_NAME_TITLE,
    VENUE,
    VOTE_UNITS,
    YEAR,
)
from service.question.reference import (
    Reference,
    SectionReference,
    as_number,
    cited_articles,
    cited_as_written,
    cited_documents,
    named_documents,
    parse_reference,
    parse_section,
)
from service.question.translate import EnglishToChinese


@dataclass(frozen=True, slots=True)
class Asks:
    """What kind of fact the question asks for; ``quantity`` is what a how-many question counts (the characters a
    stated quantity would be followed by), () when it does not say, None when it asks no quantity."""

    symbol: bool = False
    document: bool = False  # the document something is in ("载于哪份文件", "Which document contains …"): by its symbol
    quantity: tuple[str, ...] | None = None
    share: bool = False  # a percentage or proportion ("百分之多少", "what share"), not a count
    date: bool = False
    day: bool = False  # the day itself ("哪天", "on what dates"), which a year or a month does not give
    person: bool = False
    nationality: bool = False  # which country's representative someone is ("主席是哪国代表", "是哪国人")
    members: bool = False  # the members of a group ("哪些国家", "which NGOs")
    countries: bool = False  # the members asked for are countries ("哪些国家", "which member states")
    # how many members or items the question says there are ("which nine countries", "the seven categories"); 0 when
    # it does not say
    counted: int = 0
    # how many events the question asks the date of, each ("七次会议分别是什么时候", "On which dates were its seven
    # meetings held?"); 0 when it asks no date of each of several it counts
    dated_events: int = 0
    statement: bool = False  # what a statement said ("发言的主要观点", "the main points of the statement by ...")
    definition: bool = False  # how a term is defined ("“小武器”是怎么界定的", "How does the PoA define ...")
    in_force: bool = False  # when or whether a treaty entered into force ("是哪一年生效的", "enter into force")
    outcome: bool = False  # what happened in the end ("最终", "后来", "ultimately")
    current: bool = False  # how things stand today ("目前", "currently")
    past: bool = False  # what happened, asked in English's past tense ("was", "did")
    writing: bool = False  # that something be written, translated or recommended ("帮我写一首诗", "draft an e-mail")
    checking: bool = False  # that the service is there, or a test ("Can you hear me?", "test test pls ignore")
    findings: bool = False  # what a report concluded, found or recommended ("那份报告的结论是什么")
    # what a report of the Secretary-General concluded, found, recommended or reported ("What did the Secretary-General
    # report to the sixty-sixth session …?")
    secretary_general_report: bool = False
    concluded: bool = False  # what a body concluded or recommended, asked in the past ("What did the GGE recommend")
    decided: bool = False  # what a body did in the end, asked with "did" ("Did the Conference adopt a treaty text?")
    part: bool = False  # about a part of a document ("第四节B部分载有哪些内容", "What does the follow-up section say")
    plan: bool = False  # what was planned, said without tense ("2020年的会议将讨论什么", "大会决定2020年召开的会议")
    planned: bool = False  # what was planned, said with a word of plan ("What will the meeting consider")
    web_address: bool = False  # where on the web something is found ("Where can … be found online?", "网址是什么")

    @property
    def particular(self) -> bool:
        """It asks a particular fact (a date, a number, a symbol, a person, members), which one sentence states."""
        return (self.symbol or self.quantity is not None or self.share or self.date or self.day or self.person
                or self.members or self.countries)


@dataclass(frozen=True, slots=True)
class Question:
    """A question as asked, and what it names and asks for, in the corpus' own writing."""

    text: str  # as asked
    language: str  # "zh", or "en" for a question written in English
    normalized: str  # simplified characters, ASCII digits, the corpus' Chinese for English abbreviations
    content: str  # what keyword search reads: ``normalized`` without its question words; for English, its Chinese
    dense_text: str  # what the dense lists encode
    content_words: tuple[str, ...]  # the Chinese words the question is about (its words of two characters or more,
    # function words aside)
    known_share: float  # share of its content words that the corpus uses: low for a question on another topic
    known_subject: bool  # it names a document of the corpus, or a content word other than places the corpus uses
    unknown_titles: tuple[str, ...]  # titles it names that the corpus never uses ("《巴黎协定》", "Paris Agreement")
    # meetings it names that the corpus never does, by a name none of whose words it uses ("第一次缔约国会议",
    # "世界卫生大会")
    unknown_meetings: tuple[str, ...]
    titles: tuple[str, ...]  # treaties and the like it names that the corpus uses without containing them
    # ("枪支议定书", "武器贸易条约"; QuestionReader.named_titles)
    # those of its titles whose provisions it asks for, which the corpus does not hold ("《武器贸易条约》规定的年度
    # 报告提交截止日期是哪天？": 贸易条约)
    title_provisions: tuple[str, ...]
    bodies: tuple[str, ...]  # the groups and committees it names, as the corpus writes them ("国家小组" of
    # "关心实际裁军措施国家小组", "全权证书委员会")
    national_laws: tuple[str, ...]  # the countries whose law it asks about, where the corpus never names that country
    # with a law ("US federal law", "美国法律")
    # the corpus' words for whoever it says requested the report it asks about ("the SG's report requested by the
    # Security Council": 安全理事会; "安理会请秘书长写的那份报告": 安理会)
    report_requesters: tuple[str, ...]
    holder_of: tuple[str, ...]  # the corpus' words for the group or role whose members or holder it asks for, any of
    # which the answer sentence must hold (holder_asked_of, EnglishToChinese.head_of); () when it names none
    years: tuple[str, ...]  # the distinct years it names
    event_years: tuple[int, ...]  # those naming when something happens, not a title ("《2030年可持续发展议程》")
    days: tuple[str, ...]  # the days of a month it names, as the documents write them ("4月25日"; named_days)
    months: tuple[tuple[int, int], ...]  # the months of a year it names, as (year, month), and its ``meetings``'
    meetings: tuple[tuple[int, int], ...]  # the months in which the meetings it names opened, for those the corpus
    # dates ("第三届两年期会议" -> (2008, 7); named_meeting_months)
    plenary: tuple[int, ...]  # the numbers of the meetings of a session it names ("第9次会议", "the ninth meeting")
    terms: tuple[str, ...]  # numbers, years and document symbols it pins down, as written
    places: tuple[str, ...]  # the countries, cities and regions it names that the corpus mentions
    documents: tuple[str, ...]  # doc_ids of the documents it names
    cited_documents: tuple[str, ...]  # those of them it cites by symbol or year, not only by a phrase of the title
    # the documents about the one meeting it names, where it names no document (meetings.document_meetings:
    # "RevCon3" its report, "BMS3" the letter on 第三届两年期会议): what a reader asking about the meeting looks for,
    # not what the verdict reads its outcome from (a letter written before it); see meeting_sources
    meeting_documents: tuple[str, ...]
    reference: Reference | None  # a paragraph it cites explicitly
    # it cites a paragraph and asks for nothing but its text ("What does paragraph 5 of resolution 65/64 say?",
    # "65/64号决议第5段说了什么？"): a lookup, which the paragraph cited answers whatever it says (reads_citation)
    reads_citation: bool
    # the words naming the one document it asks the whole of, asking nothing besides ("第65/64号决议" of "第65/64号决议
    # 主要讲什么？", "the RevCon3 report" of "What's the RevCon3 report about?"): an overview, which that document's
    # opening answers (overview_named); None for another question
    overview_of: str | None
    section: SectionReference | None  # a section it names without citing a paragraph
    quoted: tuple[tuple[str, ...], ...]  # each phrase it quotes, as the corpus words a heading must hold to be it
    bare_word: bool  # it is one word and nothing else ("weapons", "武器"): a keyword typed to search, asking nothing
    described: str | None  # the heading of the part an English question asks about, when it describes the part
    # ("the documentation section") rather than naming it by number or quote (headings.clearly_described)
    fitting_headings: tuple[str, ...]  # every heading that description fits at all, best first (HeadingReader.fitting)
    described_share: float  # the share of the description's words the heading described fits (0 when none is)
    asks: Asks

    @property
    def asks_detail(self) -> bool:
        """It asks who, which members or countries, or who holds a role or group: a detail of a meeting or body."""
        return self.asks.person or self.asks.members or self.asks.countries or bool(self.holder_of)

    def asks_of_title_page(self, doc_id: str, page: str, title: str) -> bool:
        """Whether the title page of ``doc_id``, with the text ``page``, of a document titled ``title``, may state what
        the question asks: it does not name that document, or it asks a symbol, a date or a day, or it has a content
        word the page holds outside the title ("议程项目" in "临时议程* 项目", "第一委员会"). A title page states the
        document's name, symbol, date, venue, session and agenda item; a question naming the document otherwise asks
        what the document says."""
        if doc_id not in self.documents or self.asks.symbol or self.asks.date or self.asks.day:
            return True
        page = LAYOUT.sub("", page)
        return any(word in page and word not in title for word in self.content_words)

    @property
    def months_named(self) -> tuple[str, ...]:
        """The months it names besides those its meetings opened in, as the documents write them ("2018年3月")."""
        return tuple(f"{year}年{month}月" for year, month in self.months if (year, month) not in self.meetings)

    @property
    def asks_another(self) -> bool:
        """It asks another thing beside: a second question, or in English ", and when …" ("How was the database
        presented ahead of BMS3, and when was it actually launched?")."""
        return self.asks_several or bool(ANOTHER_ASK_EN.search(self.normalized))

    @property
    def meeting_sources(self) -> tuple[str, ...]:
        """The documents about the meeting the question names (meeting_documents), where that meeting is all it asks
        about: not when it asks another thing besides, which other documents may answer."""
        return () if self.asks_another else self.meeting_documents

    @property
    def asks_several(self) -> bool:
        """A question of two questions or more ("哪个国家担任主席？会上选出的主席是谁？") may have each answered by
        another passage, of another document than the one it names."""
        return len(QUESTION_MARK.findall(self.normalized)) > 1


# how often the corpus must write a word, always inside the same longer term, for it to be part of that term
TERM_OCCURRENCES = 5
# how much more often than Chinese at large the corpus must use a word for it to be one of its subject: chosen by
# leave one set out on the labelled Chinese sets (every fold: any value from 1.3 to 2.4 gives the same verdicts)
TOPICAL_KEYNESS = 1.5


def language_of(text: str) -> str:
    """"en" for a question written in English (Latin letters outnumber Chinese characters two to one), else "zh"."""
    latin = len(LATIN_LETTER.findall(text))
    han = sum(len(run) for run in HAN.findall(text))
    return "en" if latin >= 4 and latin > 2 * han else "zh"


def squashed(text: str) -> str:
    """Text without whitespace, lower case: how a term is looked for in the evidence."""
    return re.sub(r"\s+", "", text).lower()


def tagged(text: str) -> list[Pair]:
    """``text`` cut into words, each with its part of speech (jieba): read once per question."""
    return list(jieba.posseg.cut(text))


def opens_with_verb(sentence: str) -> bool:
    """Whether ``sentence`` opens with a verb, as a resolution's operative paragraph does ("请秘书长…", "邀请会员国…"),
    rather than with who acted ("大会还吁请…")."""
    first = next((pair for pair in tagged(sentence.strip()) if pair.word.strip()), None)
    return first is not None and first.flag.startswith("v")


def content_words(pairs: list[Pair]) -> tuple[str, ...]:
    """The Chinese words of two characters or more among ``pairs``, each once, but for question words and those that
    say how it is put rather than what it is about (prepositions, pronouns, numerals, adverbs: FUNCTION_TAGS)."""
    return tuple(dict.fromkeys(pair.word for pair in pairs if len(pair.word) >= 2 and HAN.fullmatch(pair.word)
                               and pair.flag[:1] not in FUNCTION_TAGS and not QUESTION_WORD.search(pair.word)))


NAMING_TAGS = frozenset("nb")  # jieba's tags of nouns (n, nr, ns, nt, nz, ...) and of distinguishing words (b)
# the words that may qualify a meeting's name, besides nouns of action (names_with): nouns, distinguishing words and
# abbreviations (j) ("裁军谈判" n, "十国集团" nt)
QUALIFYING_TAGS = NAMING_TAGS | {"j"}
# jieba's tags of proper names: of persons, places, organisations and other names ("瓦森纳" nr, "渥太华" ns)
PROPER_NAME_TAGS = ("nr", "ns", "nt", "nz")


def names_with(pair: Pair, tags: frozenset[str] = NAMING_TAGS) -> bool:
    """Whether ``pair`` may be a word of a name: one of jieba's ``tags``, or a noun of action (vn: 贸易)."""
    return pair.flag[:1] in tags or pair.flag == "vn"


def meeting_qualifiers(pairs: Sequence[Pair]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each meeting named by the words before a meeting word (MEETING_ENDINGS) that say whose meeting it is, as (name,
    qualifying words): the run of nouns just before it, and a word's own part before its ending, when one of them is
    a proper name or the name follows a 《title》: "世界卫生/大会" -> ("世界卫生大会", ("世界卫生",)), "《武器贸易条约》
    缔约国/会议" -> ("缔约国会议", ("缔约国",)), "二/十国集团/峰会" -> ("十国集团峰会", ("十国集团",)), "联合国大会"
    -> ("联合国大会", ("联合国",)); not a meeting described in common nouns ("预备性/会议", a paraphrase of the
    corpus' 筹备委员会会议), nor one named by its ending alone ("审议/大会": 审议 is a verb; "本次会议")."""
    named = []
    for i, pair in enumerate(pairs):
        ending = next((ending for ending in MEETING_ENDINGS if pair.word.endswith(ending)), None)
        if ending is None:
            continue
        start = i
        while start > 0 and names_with(pairs[start - 1], QUALIFYING_TAGS):
            start -= 1
        qualifying = [*pairs[start:i], pair]
        of_title = start > 0 and pairs[start - 1].word == "》"
        if of_title or any(each.flag.startswith(PROPER_NAME_TAGS) for each in qualifying):
            words = [each.word for each in pairs[start:i]] + [pair.word.removesuffix(ending)]
            named.append(("".join(words) + ending, tuple(word for word in words if word)))
    return tuple(named)


def holder_asked_of(pairs: list[Pair]) -> tuple[str, ...]:
    """The group or role whose members or holder the question asks for, as it writes it just before asking: 主席团 in
    "候任主席团由哪些国家组成", 主任 in "秘书长办公厅主任叫什么名字"; () when it asks without naming one ("谁主持
    了会议", "哪些国家投了反对票", "来自瑞士的那位是谁") or asks more than this (two questions: one answer sentence
    need not name it)."""
    text = "".join(pair.word for pair in pairs)
    match = HOLDER_ASKED.search(text)
    if match is None or len(QUESTION_MARK.findall(text)) > 1:
        return ()
    before = [pair for pair, end in zip(pairs, accumulate(len(pair.word) for pair in pairs), strict=True)
              if end <= match.start()]
    # a noun (主席团) or a title jieba tags as distinguishing (主任), not a verb ("发言的是哪几个组织")
    named = before and content_words(before[-1:]) and before[-1].flag[:1] in NAMING_TAGS
    return (before[-1].word,) if named else ()


def provisions_asked(question: str, titles: Sequence[str]) -> tuple[str, ...]:
    """Those of ``titles`` whose own provisions ``question`` asks for (ATT is written 武器贸易条约 by
    normalize_question): a title opening its clause with a word of provision later in it ("《武器贸易条约》规定的年度
    报告…", "ATT对缔约国的年度报告有哪些具体要求"); a title right before one ("What does the ATT require", "the ATT's
    provisions"); one after a word of provision and of, under or in ("the annual reporting obligations of ATT States
    parties"). Not a provision of another body's about the instrument: "大会要求各国如何对待《武器贸易条约》",
    "枪支工作组就执行《枪支议定书》各项规定提出了什么建议"."""
    def own_provision(title: re.Match[str]) -> bool:
        opening = max((end.end() for end in CLAUSE_END.finditer(question, 0, title.start())), default=0)
        closing = next((end.start() for end in CLAUSE_END.finditer(question, title.end())), len(question))
        return bool(OPENS_WITH_TITLE.fullmatch(question, opening, title.start())
                    and PROVISION.search(question, title.end(), closing)
                    or PROVISION_AFTER_TITLE.match(question, title.end())
                    or PROVISION_BEFORE_TITLE.search(question, 0, title.start()))

    return tuple(title for title in titles if any(map(own_provision, re.finditer(re.escape(title), question))))


def named_months(text: str) -> tuple[tuple[int, int], ...]:
    """The months of a year ``text`` names, as (year, month): "2008年7月" and "July 2008" -> (2008, 7); the end of a
    year ("2018年底", "end of 2018") is its twelfth month."""
    chinese = [(int(year), int(month) if month else 12) for year, month in MONTH_OF_YEAR.findall(text)]
    english = [(int(year), ENGLISH_MONTHS.index(month.lower()) + 1 if month else 12)
               for month, year in ENGLISH_MONTH_OF_YEAR.findall(text)]
    return tuple(dict.fromkeys(chinese + english))


def named_days(text: str, *, every_day: bool = False) -> tuple[str, ...]:
    """The days of a month ``text`` names, each as the documents write it without spaces: "2012年4月25日", "25 April
    2012" and "2012-04-25" -> "4月25日"; of a range ("3 月 19 日至 23 日", "19-23 March") its first, the day a meeting
    opened, or with ``every_day`` each of its days, as evidence naming a range names each."""
    spans = [(int(month), int(first), int(last or first)) for month, first, last in DAY_OF_MONTH.findall(text)]
    for first, last, month, month_before, first_after, last_after in ENGLISH_DAY_OF_MONTH.findall(text):
        spans.append((ENGLISH_MONTHS.index((month or month_before).lower()) + 1, int(first or first_after),
                      int(last or last_after or first or first_after)))
    spans += [(int(month), int(day), int(day)) for _, month, day in ISO_DATE.findall(text)]
    return tuple(dict.fromkeys(f"{month}月{day}日" for month, first, last in spans
                               for day in range(first, max(first, last) + 1 if every_day else first + 1)))


def counted_units(question: str) -> tuple[str, ...]:
    """What a how-many question counts, as the characters a stated quantity would be followed by: its measure word
    and the first and last character of the counted noun ("多少张赞成票" -> 张, 赞, 票)."""
    match = COUNTED.search(question)
    if not match:
        return ()
    measure, rest = match.groups()
    words = [w for w in jieba.lcut(rest) if w.strip()][:2]
    if not measure and not words:
        before = [w for w in jieba.lcut(question[:match.start()]) if w.strip()]
        while before and before[-1] in BEFORE_HOW_MANY:
            before.pop()
        words = before[-1:]
    units = [measure] if measure else []
    units = [*units, *units_of(words[0])] if words else units
    if any(word in MONEY_WORDS for word in words[1:]):
        units += MONEY_UNITS
    return tuple(dict.fromkeys(units))


def units_of(word: str) -> tuple[str, ...]:
    """How a stated quantity of ``word`` (a Chinese noun) reads: its first and last character after the number, and
    a currency when it is money."""
    return tuple(dict.fromkeys([word[0], word[-1], *(MONEY_UNITS if word in MONEY_WORDS else ())]))


def asked_part(question: str) -> str:
    """The sentences of ``question`` that ask (end in a question mark, or open with a question word), without the
    statements setting its context; all of it when none does."""
    return " ".join(part for part in STATEMENT_END.split(question)
                    if QUESTION_MARK.search(part) or ASKING_START.match(part)) or question


def count_asked(question: str) -> int:
    """How many members of a group, or items of a list, the question asks for by their number ("Which nine ...
    countries" -> 9, "What are the seven categories …?" -> 7); 0 when it gives none."""
    match = COUNTED_MEMBERS.search(question) or COUNTED_ITEMS.search(question)
    if match is None:
        return 0
    count = number_in(match)
    return count if count > 1 else 0  # "which one" asks for one, as "which" does


def number_in(match: re.Match[str]) -> int:
    """The number a pattern's group ``english`` ("nine", "79") or ``chinese`` ("九", "79") caught."""
    english, chinese = match.group("english", "chinese")
    if english:
        return int(english) if english.isdigit() else ENGLISH_NUMBERS.index(english.lower()) + 1
    return as_number(chinese)


def dated_events(question: str) -> int:
    """How many events a question asking dates counts and asks the date of each ("七次会议分别是什么时候" -> 7); 0 when
    it counts none or asks no date of each ("Since when has the Group held its seven meetings?")."""
    match = COUNTED_EVENTS.search(question)
    return number_in(match) if match is not None and EACH_DATE.search(question) else 0


def overview_named(question: str) -> str | None:
    """The words naming the document ``question`` asks what it is about, as a whole (OVERVIEW_FORMS: "第65/64号决
    议" of "第65/64号决议主要讲什么？"), when they name no part of it, no topic and ask nothing (OVERVIEW_NOT_NAMING:
    "报告里关于美洲的那部分主要讲了什么"); None when it asks no overview."""
    text = CLOSING_PUNCTUATION.sub("", question.strip())
    named = next((match.group("named") for form in OVERVIEW_FORMS if (match := form.match(text))), None)
    return None if named is None or OVERVIEW_NOT_NAMING.search(named) else named.strip()


def what_is_asked(question: str) -> Asks:
    """The kinds of fact the question asks for; "文号是多少" asks for a symbol, not a count."""
    symbol = bool(ASKS_SYMBOL.search(question))
    planned = bool(ASKS_PLANNED.search(question))
    asked = asked_part(question)
    rest = ASKS_SYMBOL.sub("", question) if symbol else question
    share = bool(ASKS_SHARE.search(rest))
    date, day = bool(ASKS_DATE.search(rest)), bool(ASKS_DAY.search(rest))
    findings = bool(FINDINGS.search(question))  # a word of findings: "结论", "conclude", "recommend"
    return Asks(symbol=symbol, document=bool(ASKS_DOCUMENT.search(question)), share=share,
                quantity=(VOTE_UNITS if ASKS_VOTE_COUNT.search(rest)
                          else counted_units(rest) if ASKS_QUANTITY.search(rest) and not share else None),
                date=date, person=bool(ASKS_PERSON.search(RELATIVE_WHO.sub(r"\1", rest))),
                nationality=bool(ASKS_NATIONALITY.search(rest)),
                # one answer sentence states the day only when the day is all the question asks
                day=day and len(QUESTION_MARK.findall(question)) <= 1,
                members=bool(ASKS_MEMBERS.search(rest)), countries=bool(ASKS_COUNTRIES.search(rest)),
                counted=0 if symbol else count_asked(rest),
                dated_events=dated_events(rest) if date or day else 0,
                statement=bool(ASKS_STATEMENT.search(rest)),
                definition=bool(ASKS_DEFINITION.search(rest)), in_force=bool(IN_FORCE.search(rest)),
                outcome=bool(ASKS_OUTCOME.search(QUOTED.sub(" ", OUTCOME_DOCUMENT.sub(" ", asked))))
                and not planned,
                current=bool(ASKS_CURRENT.search(question)),
                past=bool(ASKS_PAST.search(question)), writing=bool(ASKS_WRITING.search(question)),
                checking=bool(CHECKS_LINE.search(question)) or bool(
                    TEST_WORD.search(question) and not QUESTION_MARK.search(question)
                    and not ASKING_START.match(question)),
                findings=findings and bool(REPORT.search(question)),
                secretary_general_report=(findings and bool(SECRETARY_GENERAL_REPORT.search(question))
                                          or bool(ASKS_REPORTED.search(question))),
                # what a body concluded, recommended or, in the question itself, adopted, asked in the past; in
                # Chinese, a word of findings after a verb marked done ("审查后得出了什么结论"), unless it names a
                # report, whose findings it asks ("秘书长2012年的报告提出了哪些建议？": findings)
                concluded=bool(ASKS_PAST.search(question) and (findings or ASKS_ADOPTED.search(asked)))
                or (findings and bool(DONE_ZH.search(question)) and "报告" not in question),
                # one thing asked: "…, and what did RevCon3 decide …?" compares, and may be answered before it
                decided=bool(ASKS_DID_DECIDE.search(asked)) and not ANOTHER_ASK_EN.search(question),
                part=bool(NAMES_PART.search(question)), plan=bool(ASKS_PLAN_UNTENSED.search(question)),
                planned=planned, web_address=bool(ASKS_WEB_ADDRESS.search(question)))


def named_places(pairs: list[Pair], places: Collection[str] = ()) -> list[str]:
    """Countries, cities and regions among a question's ``pairs`` (jieba's part-of-speech tag ns, or one of
    ``places``), except those it asks about ("哪座城市", "纽约还是日内瓦") and common words jieba mis-tags."""
    words = [pair.word for pair in pairs]
    return [pair.word for i, pair in enumerate(pairs) if (pair.flag == "ns" or pair.word in places)
            and len(pair.word) >= 2
            and pair.word not in NOT_PLACES
            and not any(ASKS_WHICH.match(w) for w in words[max(0, i - 2): i]) and "还是" not in words[i + 1: i + 2]]


class QuestionReader:
    """Reads questions against one corpus: which of its documents a question names, which places it mentions."""

    def __init__(self, documents: Iterable[Document], corpus_text: str,
                 headings: Mapping[str, Sequence[str]] | None = None) -> None:
        """``headings``: each document's section headings, by doc_id (headings_of)."""
        self.documents = tuple(documents)
        # the words and titles the corpus uses, in its passages or only in a heading ("一. 《2018 年宣言》"); English is
        # glossed into the passages' words alone, those keyword search finds
        self._corpus = squashed(" ".join([corpus_text, *(h for each in (headings or {}).values() for h in each)]))
        self.headings = HeadingReader(headings or {}, {document.doc_id: document.title for document in self.documents})
        self.english = EnglishToChinese(corpus_text)
        self._sentences = tuple(SENTENCE.findall(corpus_text))  # as the index splits them
        # the meetings each document is about, by the month each opened
        self.document_meetings = {document.doc_id: document_meetings(document.title, document.date)
                                  for document in self.documents}
        self.documented_meetings = frozenset(month for months in self.document_meetings.values() for month in months)
        # where its meetings were held ("在联合国总部举行"): places, though jieba does not tag them so
        self.venues = frozenset(venue for venue in VENUE.findall(self._corpus) if "会" not in venue)
        self._numbered_meetings = numbered_meetings(self._corpus)
        self._keyness: dict[str, float] = {}
        self._inside_one_term: dict[str, bool] = {}
        # load jieba's dictionary and compile the countries' English names now, quietly, rather than during the first
        # question (the names: 6 ms once Babel's data is read, 190 ms in a process that has not read it yet)
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        english_country_pattern()

    def analyze(self, text: str) -> Question:
        normalized = normalize_question(text)
        language = language_of(text)
        pinned = NAME_NUMBER.sub(" ", normalized)
        terms = cited_articles(pinned) + tuple(NUMBER_OR_SYMBOL.findall(ARTICLE.sub(" ", pinned)))
        years = tuple(dict.fromkeys(YEAR.findall(normalized)))
        # a year in a title or a quotation names no event ("《2030年可持续发展议程》")
        untitled = QUOTED.sub(" ", BOOK_TITLE.sub(" ", normalized))
        event_years = tuple(sorted({int(year) for year in YEAR.findall(untitled)}))
        reference = parse_reference(normalized)
        pairs: list[Pair] = []  # a Chinese question's words with their parts of speech
        if language == "en":
            translation = self.english.translate(normalized)
            # BM25 reads Chinese: the question's terms in the corpus' words, its Chinese names, its numbers as
            # written (a name's too: the 3 of "BMS3"), and the paragraph it cites written as the corpus cites one
            # ("paragraph 13 of section I" 第一节第13段)
            written = NUMBER_OR_SYMBOL.findall(normalized)
            content = " ".join([*translation.keywords, *HAN.findall(normalized), *written,
                                *((cited_as_written(reference),) if reference else ())])
            dense_text = f"{normalized} {content}"
            chinese_words = content_words(tagged(" ".join(HAN.findall(normalized))))
            words = tuple(dict.fromkeys([*translation.keywords, *chinese_words]))
            # the words of a question citing a paragraph besides its citation, the dates naming its document and those
            # asking for its text as it stands ("full" 充分, "contents" 满足, "fifth" 第五, "May" 可以), for
            # reads_citation
            asked = reduce(lambda text, part: part.sub(" ", text), LOOKUP_PARTS_EN, normalized)
            lookup_words = (*self.english.translate(asked).keywords, *chinese_words) if reference else words
            known_share = translation.known_share
            places = tuple(p for p in named_places(tagged(" ".join(translation.keywords)), self.english.places)
                           if p in self._corpus)
            # English writes "the 2018 Review Conference": its year as the titles write it, its names in their words;
            # single words glossed side by side ("experts ... meeting") are too loose to name a document by its title
            naming = " ".join([normalized, *(f"{year}年" for year in years), *translation.names])
            holder_of = self.english_holder_of(normalized)
            english_names = translation.names
            # what it is about: its words, and those glossed to judge that alone ("guns" 枪支)
            about = (*words, *translation.subject)
            unread = translation.unread
        else:
            pairs = tagged(normalized)
            # a word jieba takes for a place but the corpus never uses ("黑市") is a paraphrase, not a name
            places = tuple(p for p in named_places(pairs, self.english.places) if p in self._corpus)
            content, dense_text = QUESTION_WORD.sub(" ", normalized), normalized
            words = content_words(pairs)
            lookup_words = words
            known_share = len([word for word in words if word in self._corpus]) / len(words) if words else 0.0
            # what names a document: its symbol, its year, a phrase of its title
            naming = normalized
            holder_of = holder_asked_of(pairs)
            english_names = ()
            about, unread = words, ()
        meetings = named_meeting_months(normalized)
        chinese_pairs = pairs if language == "zh" else tagged(" ".join(HAN.findall(normalized)))
        # everyday words the corpus happens to use ("需要", "开会", "good") and the halls its meetings were held in
        # (总部 of 联合国总部) do not make a question about its subject ("六月份去纽约开会需要带厚衣服吗？", "Any good
        # lunch spots near UN Headquarters?")
        used = [word for word in about if word in self._corpus]
        # an English word the dictionary does not know ("Have smuggled guns ...?") may be what the question is about:
        # it is then judged by the words the corpus uses, whatever they are, as before
        known = used if unread else [word for word in used if self.keyness(word) >= TOPICAL_KEYNESS
                                     and not any(word in venue for venue in self.venues)
                                     # an English gloss the corpus writes only inside one longer term is that
                                     # term's, not in the question's sense ("places" 名额, always 不限成员名额)
                                     and not (language == "en" and self.inside_one_term(word))]
        citing = cited_documents(self.documents, naming)
        documents = named_documents(self.documents, naming, citing)
        cited = tuple(doc_id for doc_id in documents if doc_id in citing)
        # only where it names one meeting and no document: naming a document too, or two meetings, it is about
        # more than one source, and a vote for one meeting's documents would hide the others
        meeting_documents = tuple(doc_id for doc_id, about in self.document_meetings.items()
                                  if meetings[0] in about) if len(meetings) == 1 and not documents else ()
        asks = what_is_asked(normalized)
        if language == "en" and asks.quantity == ():
            asks = replace(asks, quantity=self.english_counted_units(normalized))
        phrases = [a or b for a, b in QUOTED.findall(normalized)]
        quoted = tuple(words for words in (tuple(self.english.translate(p).keywords) if language == "en"
                                           else (squashed(p),) for p in phrases) if words)
        section = parse_section(normalized)
        # English names a part by what it is about more often than by its number ("the documentation section")
        fits = (self.headings.word_fits(normalized, documents)
                if language == "en" and asks.part and section is None and not quoted else [])
        fitting = fitting_scores(fits)
        described = clearly_described(fitting)
        # a run of Chinese characters is one word when jieba cuts it so ("武器"; not "什么是小武器")
        bare_word = bool(BARE_WORD.fullmatch(text.strip())) and (
            language == "en" or sum(bool(HAN.search(pair.word)) for pair in pairs) == 1)
        titles = self.named_titles(normalized, chinese_pairs)
        # the document it asks the whole of; its annex, named ("报告附件里的那份成果文件讲的是什么"), is no part asked
        overview_of = overview_named(normalized)
        whole = replace(asks, past=False, part=asks.part and not OVERVIEW_OF_ANNEX.search(overview_of or ""))
        return Question(
            text=text, language=language, normalized=normalized, content=content, dense_text=dense_text,
            content_words=words, known_share=known_share,
            # the documents name many cities and countries (venues, speakers): a place alone is not their subject; a
            # question naming one of them ("A/RES/65/64 是哪天通过的？") is about it, whatever its other words
            # as does a meeting it names that the corpus dates ("RevCon3", "第三届两年期会议")
            known_subject=any(word not in places for word in known) or bool(documents) or bool(meetings),
            unknown_titles=self.unknown_titles(normalized, pairs),
            unknown_meetings=self.unknown_meetings(normalized, pairs),
            titles=titles, title_provisions=provisions_asked(normalized, titles),
            bodies=self.named_bodies(asked_part(normalized), language, normalized, chinese_pairs, english_names),
            national_laws=self.national_laws(text, pairs),
            report_requesters=self.report_requesters(normalized, language),
            # "全权证书委员会的主席是哪国代表" asks who holds the chair, as "是谁" does, though by country
            holder_of=holder_of if asks.person or asks.nationality or asks.members else (),
            years=years, event_years=event_years,
            days=named_days(normalized),
            months=tuple(dict.fromkeys(named_months(normalized) + meetings)), meetings=meetings,
            plenary=tuple(sorted(plenary_numbers(normalized))),
            terms=terms, places=places, documents=documents, cited_documents=cited,
            meeting_documents=meeting_documents,
            reference=reference,
            reads_citation=self.reads_citation(reference, asks, lookup_words, documents),
            overview_of=(overview_of if reference is None and section is None and not quoted and whole == Asks()
                         else None),
            section=section, quoted=quoted,
            described=described, fitting_headings=tuple(fitting),
            described_share=share_fitted(fits, described) if described else 0.0,
            bare_word=bare_word, asks=asks)

    def reads_citation(self, reference: Reference | None, asks: Asks, words: Sequence[str],
                       documents: Sequence[str]) -> bool:
        """Whether a question citing ``reference`` asks for nothing but the paragraph's text: no kind of fact (a part
        cited with it aside: "成果文件第二节第5段", and an outcome, when "outcome" named the outcome document the
        paragraph is cited in), and only ``words`` (its content words; an English question's glossed without the words
        asking for a text, ASKS_TEXT_EN) of the citation, of the title of a document it names (of any, naming none:
        "决议第12段是什么内容"), or asking for a text (LOOKUP_WORDS): "What does paragraph 7 of the MGE report say?"
        (段 报告 政府 专家 会议), not "… say about national capacity?"."""
        if reference is None or replace(asks, part=False,
                                        outcome=asks.outcome and reference.part != ANNEX_PART) != Asks():
            return False
        titles = squashed(" ".join(document.title for document in self.documents
                                   if not documents or document.doc_id in documents))
        return all(word in LOOKUP_WORDS or squashed(word) in titles for word in words)

    def inside_one_term(self, word: str) -> bool:
        """Whether the corpus writes ``word`` (at least TERM_OCCURRENCES times) always after the same two characters,
        or always before the same two: as part of one longer term (名额, only in 不限成员名额)."""
        if word not in self._inside_one_term:  # read once per word, as keyness is
            starts = [match.start() for match in re.finditer(re.escape(word), self._corpus)]
            before = {self._corpus[max(start - 2, 0): start] for start in starts}
            after = {self._corpus[start + len(word): start + len(word) + 2] for start in starts}
            self._inside_one_term[word] = len(starts) >= TERM_OCCURRENCES and (len(before) == 1 or len(after) == 1)
        return self._inside_one_term[word]

    def keyness(self, word: str) -> float:
        """How much more often the corpus uses ``word`` than Chinese at large (jieba's dictionary counts): about 1 for
        an everyday word ("需要" 0.9), tens to hundreds for one of its subject ("枪支" 116)."""
        if word not in self._keyness:
            dictionary = jieba.dt
            general = (dictionary.FREQ.get(word, 0) + 1) / dictionary.total
            self._keyness[word] = self._corpus.count(word) / max(len(self._corpus), 1) / general
        return self._keyness[word]

    def unknown_titles(self, question: str, pairs: Sequence[Pair] = ()) -> tuple[str, ...]:
        """The titles ``question`` names that the corpus never uses: a Chinese 《title》 it does not hold, or a name
        followed by the kind of text it names, unbracketed ("瓦森纳安排", "渥太华公约": ``pairs``, the question's words
        with their parts of speech), an English title ("the Paris Agreement", "the US National Firearms Act") left in
        English. The titles the documents cite, in English ("Arms Trade Treaty", "Geneva Declaration"), were put into
        their Chinese by normalize_question; glossing a title word by word ("National" 国家, "Firearms" 枪支, "Act" 法)
        does not make it one of theirs, nor does a name put into their Chinese before an English kind of text they
        never write after it ("the ECOWAS Convention" -> "西非国家经济共同体 Convention")."""
        chinese = [title for title in BOOK_TITLE.findall(question) if squashed(title) not in self._corpus]
        chinese += [name.word + head.word for name, head in pairwise(pairs)
                    if name.flag.startswith(PROPER_NAME_TAGS) and len(name.word) >= 2
                    and head.word in CHINESE_TITLE_HEADS and squashed(name.word + head.word) not in self._corpus]
        # a name, then within one phrase a kind of text, a noun, that the corpus never writes after it ("欧盟关于民用
        # 枪支获取和持有的指令", "欧盟火器指令"; not the verb of "立陶宛那封信…是怎么安排的")
        for i, name in enumerate(pairs):
            if len(name.word) < 2 or name.word in CHINESE_TITLE_HEADS or not (
                    name.flag.startswith(PROPER_NAME_TAGS) or name.flag == "j"):
                continue
            text_of_name = re.compile(rf"{re.escape(name.word)}{PHRASE_GAP}(?:{CHINESE_TITLE_HEAD.pattern})")
            if text_of_name.search(self._corpus):
                continue
            named = ("".join(pair.word for pair in pairs[i: j + 1]) for j in range(i + 1, len(pairs))
                     if pairs[j].word in CHINESE_TITLE_HEADS and pairs[j].flag.startswith("n"))
            chinese += [text for text in named if text_of_name.fullmatch(text)]
        english = [match.group(0) for match in ENGLISH_TITLE.finditer(question)]
        # "西非国家经济共同体 Convention": a name the corpus uses, but never with a kind of text after it
        english += [match.group(0) for match in TRANSLATED_NAME_TITLE.finditer(question)
                    if not re.search(rf"{re.escape(match.group(1))}{PHRASE_GAP}(?:{CHINESE_TITLE_HEAD.pattern})",
                                     self._corpus)]
        # the outcome document of a meeting none of its documents is about, one it dates ("2012年第二次审议大会最终
        # 通过的成果文件", "the outcome document of RevCon2": the corpus only announces that meeting) or not ("第四次
        # 审议大会的成果文件", "the final outcome of BMS5"): the corpus does not hold what it adopted; what was expected
        # of it, the documents announcing it hold ("秘书长2012年报告对第二次审议大会的成果文件有何期待")
        outcomes = [] if ASKS_EXPECTED.search(question) else [
            f"{meeting}的成果文件" for meeting, months in named_outcomes(question)
            if self.documented_meetings.isdisjoint(months)]
        return tuple(dict.fromkeys(chinese + english + outcomes))

    def unknown_meetings(self, question: str, pairs: Sequence[Pair] = ()) -> tuple[str, ...]:
        """The meetings ``question`` names that the corpus never names, by a name none of whose words the corpus
        uses, its ending aside: a numbered one (meetings.numbered_meetings) as "《武器贸易条约》第一次缔约国会议"
        (缔约国), not "第四次审查行动纲领执行进度大会", the corpus' "第四次联合国审查…执行进度大会" in other words;
        one named by the words before its ending (``pairs``, a Chinese question's words: meeting_qualifiers), as
        "世界卫生大会", not "联合国大会" nor "审议大会"."""
        numbered = [f"第{number}次{name}" for number, name in sorted(numbered_meetings(question))
                    if (number, name) not in self._numbered_meetings
                    and not self.uses_any(jieba.cut(without_ending(name)))]
        named = [name for name, words in meeting_qualifiers(pairs)
                 if any(len(word) >= 2 for word in words) and not self.uses_any(words)]
        return tuple(dict.fromkeys(numbered + named))

    def uses_any(self, words: Iterable[str]) -> bool:
        """Whether the corpus uses any of ``words`` of two characters or more."""
        return any(len(word) >= 2 and word in self._corpus for word in words)

    def named_titles(self, question: str, pairs: Sequence[Pair]) -> tuple[str, ...]:
        """The titles a question names that the corpus uses, of a kind a title word says (条约, 公约, 议定书, ...; as
        the corpus names them: named_as_in_corpus), not those naming a meeting or body of the instrument:
        "《枪支议定书》…工作组第一次开会是在…？" asks about that meeting, which a passage names in its own words
        ("枪支工作组"). Not the Programme of Action nor the tracing instrument (纲领, 文书 are no title words): their
        implementation is what the documents record; the others they only name. "会议安排" is no title: jieba tags
        that 安排 a verb."""
        return tuple(title for title in self.named_as_in_corpus(pairs, CHINESE_TITLE_END)
                     if not any(TITLE_NAMES_BODY.match(question, match.end())
                                for match in re.finditer(re.escape(title), question)))

    def named_bodies(self, asked: str, language: str, question: str, pairs: Sequence[Pair],
                     english_names: Sequence[str]) -> tuple[str, ...]:
        """The groups and committees the part of a question that asks (``asked``: asked_part) names, as the corpus
        writes them (named_as_in_corpus; English names them in words, "the credentials committee", "the Group of
        Interested States": the corpus' Chinese for its phrases, and ENGLISH_BODIES), not the bodies of an instrument
        ("枪支议定书工作组"), which a passage names in its own words ("枪支工作组"). A body named in a statement
        before the question ("The Group of Interested States discussed a 2011 meeting - when did it take place?") is
        its context, not what it asks about. ``pairs`` and ``english_names``, the whole ``question``'s Chinese words
        and English names, are read again only when it holds such a statement, or an English possessive: a body's
        name is read through it ("the credentials committee's draft resolution": 全权证书委员会), for this rule only
        (searching without possessives moves many rankings: eval/RESULTS.md, twenty-ninth round)."""
        if asked != question or (language == "en" and POSSESSIVE.search(asked)):
            pairs = tagged(asked if language == "zh" else " ".join(HAN.findall(asked)))
            english_names = self.english.translate(POSSESSIVE.sub("", asked)).names if language == "en" else ()
        english = asked.lower() if language == "en" else ""
        names = [*self.named_as_in_corpus(pairs, BODY_END), *(name for name in english_names if BODY_END.search(name)),
                 *(chinese for name, chinese in ENGLISH_BODIES.items() if name in english)]
        return tuple(name for name in dict.fromkeys(names) if not CHINESE_TITLE_HEAD.search(name))

    def report_requesters(self, question: str, language: str) -> tuple[str, ...]:
        """The corpus' words for whoever ``question`` says requested the report it asks about (REPORT_REQUESTED_BY):
        an English name in the corpus' Chinese ("the Security Council" -> 安全理事会), a Chinese one as written."""
        match = REPORT_REQUESTED_BY.search(question)
        if match is None:
            return ()
        name = next(group for group in match.groups() if group)
        return self.english.translate(name).keywords if language == "en" else (name,)

    def named_as_in_corpus(self, pairs: Sequence[Pair], head: re.Pattern[str]) -> tuple[str, ...]:
        """The names among a question's words (``pairs``: a Chinese question's; an English one's Chinese) that end in
        a word ``head`` matches, as the corpus writes them: a noun ending in it, or such a noun with the noun (or vn)
        before it ("枪支/议定书" -> 枪支议定书, "国家/小组" -> 国家小组). The shortest such name: a longer run may take
        in words that are not the name's ("谈判/武器/贸易/条约")."""
        names = []
        for i, pair in enumerate(pairs):
            ending = head.search(pair.word)
            if ending is None or pair.flag[:1] not in NAMING_TAGS:
                continue
            before = pairs[i - 1] if i > 0 else None
            naming = before is not None and names_with(before)
            name = pair.word if ending.start() > 0 else before.word + pair.word if naming and before else ""
            if name and squashed(name) in self._corpus:
                names.append(name)
        return tuple(dict.fromkeys(names))

    def national_laws(self, question: str, pairs: Sequence[Pair] = ()) -> tuple[str, ...]:
        """The countries whose law ``question`` asks about ("US federal law", "Kenya's national firearms legislation";
        ``pairs``, a Chinese question's words: "中国/国内/法律"), in Chinese, where no sentence of the corpus names that
        country with a law: UN documents speak of national legislation, not of one country's law."""
        english = english_country_names()
        named = [english[match.group(0)] for match in english_country_pattern().finditer(question)
                 if NATIONAL_LAW_EN.match(question, match.end())]
        countries = country_names()
        # a word opening with a country's name is that country's ("美国联邦/法律")
        named += [opening.group(0) for i, word in enumerate(pairs) if (opening := countries.match(word.word))
                  and any(pair.word in LAW_WORDS for pair in pairs[i + 1: i + 1 + LAW_WORD_DISTANCE])]
        return tuple(country for country in dict.fromkeys(named)
                     if not any(country in sentence and any(law in sentence for law in LAW_WORDS)
                                for sentence in self._sentences))

    def english_holder_of(self, question: str) -> tuple[str, ...]:
        """The corpus' words for the role or group an English question asks the holder or members of, when that is
        all it asks, at the start of its sentence ("Who was the Chef de Cabinet who ..." -> 办公厅主任); () else."""
        match = HOLDER_ASKED_EN.search(question)
        if match is None or len(QUESTION_MARK.findall(question)) > 1 or ANOTHER_ASK_EN.search(question, match.end()):
            return ()
        opening = question[: match.start()].rstrip()
        return self.english.head_of(match.group("holder")) if not opening or opening[-1] in ".!?;:" else ()

    def english_counted_units(self, question: str) -> tuple[str, ...]:
        """What "how many Member States" counts, as the corpus' Chinese for it reads after a number (会, 国). The
        two words after "how many" may end the noun ("countries sent"): any of their Chinese words may be counted. An
        amount of money ("How much money has been pledged", "How much has the fund raised") reads as money."""
        if ENGLISH_MONEY_ASKED.search(question):
            return MONEY_UNITS
        match = ENGLISH_COUNTED.search(question)
        counted = self.english.translate(match.group(1)).keywords if match else ()
        return tuple(dict.fromkeys(unit for word in counted for unit in units_of(word)))
