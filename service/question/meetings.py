"""The meetings a question or passage names: those of the process, by number or year, with the month each opened as
the corpus dates it (lexicon/meetings.json), the numbered meetings of a session ("第9次会议"), and the numbered
meetings of other series ("第一次缔约国会议")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.patterns import CHINESE_NUMERALS
from service.question.lexicon import MEETING_SERIES, MEETINGS
from service.question.patterns import ENGLISH_ORDINALS
from service.question.reference import as_number, ordinal_number


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of a series ("biennial", "review", ...): its number when the series counts them, when it opened."""

    series: str
    number: int | None
    year: int
    month: int


CALENDAR = tuple(Meeting(m["series"], m["number"], m["year"], m["month"]) for m in MEETINGS)


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


# what may stand between a number or year and the series' name: "第三届各国两年期会议", "2012年7月在纽约召开的联合国
# 武器贸易条约会议", "the 2012 审议大会"; not a full stop or a question mark, nor another meeting ("第 18 次会议")
_BETWEEN = r"[^。；;？?！!会]{0,16}?"
# "筹备2008年两年期会议时", "in preparation for BMS3": the question speaks of the meeting as still to come
PREPARING = re.compile(r"(?:筹备|(?:preparing|preparations?|prepare)\s+(?:for\s+)?(?:the\s+)?)$", re.IGNORECASE)
# an outcome document after its meeting's name ("的成果文件", "最终通过的成果文件", "'s final outcome document") or
# before it ("the outcome document of the", "the final outcome of"), for named_outcomes
OUTCOME_AFTER_MEETING = re.compile(r"\s*(?:的|所|最终|最后|通过的|达成的|['’]s)*\s*(?:final\s+)?"
                                   r"(?:成果文件|outcome(?![a-z]))", re.IGNORECASE)
OUTCOME_BEFORE_MEETING = re.compile(r"(?<![a-z])(?:(?:final\s+)?(?:outcome\s+document|final\s+document)"
                                    r"|final\s+outcome)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_ORDINAL_EN = rf"(?<![a-z])(?P<english>{'|'.join(ENGLISH_ORDINALS)}|(?P<digits>\d{{1,2}})(?:st|nd|rd|th))(?![a-z])"
_ORDINAL = rf"第\s*(?P<chinese>\d{{1,2}}|[{CHINESE_NUMERALS}]{{1,3}})\s*[届次]|{_ORDINAL_EN}"
_NAMED = {series: re.compile(
    rf"(?:(?:{_ORDINAL}|(?P<year>(?:19|20)\d\d)(?!\d))(?:\s*年)?{_BETWEEN}(?:{_alternation(names)})"
    rf"|(?:{_alternation(names)})\s*(?P<suffix>\d{{1,2}})(?!\d))"
    # "2012年审议大会筹备委员会", "the 2012 RevCon PrepCom": the meeting that prepared it, earlier
    rf"(?!\s*(?:筹备|preparatory))", re.IGNORECASE)
    for series, names in MEETING_SERIES.items()}


def _english_ordinal(match: re.Match[str]) -> int | None:
    english = match.group("english")
    return ordinal_number(english) if english else None


def _number(match: re.Match[str]) -> int | None:
    chinese, suffix = match.group("chinese", "suffix")
    if chinese:
        return as_number(chinese)
    return int(suffix) if suffix else _english_ordinal(match)


def _named_meetings(text: str) -> Iterator[tuple[tuple[int, int], ...]]:
    """Each meeting ``text`` names, other than as one being prepared, as the months the corpus dates it by: () for a
    meeting it does not date ("a second MGE")."""
    for series, pattern in _NAMED.items():
        for match in pattern.finditer(text):
            if not PREPARING.search(text[: match.start()]):
                yield _dated(series, match)


def _dated(series: str, match: re.Match[str]) -> tuple[tuple[int, int], ...]:
    """The months the corpus dates the meeting of ``series`` that ``match`` names by its number or year."""
    number, year = _number(match), match.group("year")
    return tuple((meeting.year, meeting.month) for meeting in CALENDAR if meeting.series == series
                 and ((number is not None and meeting.number == number)
                      or (year is not None and meeting.year == int(year))))


def named_meeting_months(question: str) -> tuple[tuple[int, int], ...]:
    """The months, as (year, month), in which the meetings ``question`` names opened, for those the corpus dates:
    "第三届两年期会议", "the Third Biennial Meeting", "BMS3" -> (2008, 7); "2012年7月的武器贸易条约会议" ->
    (2012, 7). Nothing when it also names a meeting the corpus does not date ("a second MGE")."""
    months: list[tuple[int, int]] = []
    for dated in _named_meetings(question):
        if not dated:  # "a second MGE": which meeting's outcome is asked cannot be told by the months alone
            return ()
        months += dated
    return tuple(sorted(set(months)))


def spoken_of_meetings(text: str) -> frozenset[tuple[int, int]]:
    """The dated meetings a passage names, by the month each opened, whatever other meetings it names."""
    return frozenset(month for dated in _named_meetings(text) for month in dated)


def named_outcomes(text: str) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """The meetings whose outcome document ``text`` names with the meeting, each as written with the months the
    corpus dates it by (() for one it does not date: "第四次审议大会的成果文件"): the meeting's name right before it,
    joined by a possessive or a participle only ("第二次审议大会的成果文件", "2012年审议大会最终通过的成果文件",
    "RevCon2's outcome document", "the 2012 Review Conference outcome"), or after it ("the final outcome document of
    the second Review Conference", "the final outcome of BMS5"); not an outcome a meeting is to produce
    ("第二次审议大会一定要拿出一份实质性的成果文件")."""
    named = []
    for series, pattern in _NAMED.items():
        for match in pattern.finditer(text):
            if not (OUTCOME_AFTER_MEETING.match(text, match.end())
                    or OUTCOME_BEFORE_MEETING.search(text, 0, match.start())):
                continue
            # the name closest to the outcome: "2010年的决议和2018年审查大会成果文件" names the 2018 conference's
            while (closer := pattern.search(text, match.start() + 1, match.end())) and closer.end() == match.end():
                match = closer
            if not PREPARING.search(text[: match.start()]):
                named.append((match.group(0), _dated(series, match)))
    return tuple(named)


def recorded_meetings(document_month: tuple[int, int] | None) -> frozenset[tuple[int, int]]:
    """The meetings a document dated to ``document_month`` is the record of: a report is issued at a meeting's close,
    in the month it opened or the next ("大会于 2018 年 6 月 18 日至 29 日…举行", its report dated 2018-07-06)."""
    if document_month is None:
        return frozenset()
    year, month = document_month
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    return frozenset((m.year, m.month) for m in CALENDAR if (m.year, m.month) in (document_month, previous))


def month_of(date: str | None) -> tuple[int, int] | None:
    """(year, month) of a document dated to the day or month ("2008-05-23"); None for one dated by its year only."""
    parts = (date or "").split("-")
    return (int(parts[0]), int(parts[1])) if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit() else None


def document_meetings(title: str, date: str | None) -> frozenset[tuple[int, int]]:
    """The meetings a document is about, by the month each opened: the one it is the record of (recorded_meetings),
    and those its title names ("…第三届两年期会议")."""
    return recorded_meetings(month_of(date)) | spoken_of_meetings(title)


# a numbered meeting of a session, as the corpus writes it: "第 9 次会议", "第 60 次全体会议", "第1至第4次会议"; as
# English asks: "the ninth meeting", "its 18th plenary meeting"; not a meeting of a series ("第四次双年度会议", "the
# Third Biennial Meeting"), whose name stands between its number and 会议
_NUMBER = rf"\d{{1,3}}|[{CHINESE_NUMERALS}]{{1,4}}"
PLENARY = re.compile(rf"第\s*(?P<first>{_NUMBER})\s*(?:(?:至|到|-|—)\s*第?\s*(?P<last>{_NUMBER})\s*)?次\s*(?:全体)?会议"
                     rf"|{_ORDINAL_EN}\s+(?:plenary\s+)?meeting\b", re.IGNORECASE)


def plenary_numbers(text: str) -> frozenset[int]:
    """The numbers of the meetings of a session ``text`` names: "第9次会议" -> {9}; "在 6 月 20 日至 29 日第 6 至第 17
    次会议上" -> {6, ..., 17}; "the ninth meeting" -> {9}."""
    numbers: set[int] = set()
    for match in PLENARY.finditer(text):
        if match.group("first"):
            first = as_number(match.group("first"))
            numbers.update(range(first, as_number(match.group("last") or match.group("first")) + 1))
        else:
            numbers.add(_english_ordinal(match) or 0)
    return frozenset(numbers)


@dataclass(frozen=True, slots=True)
class OnMeetings:
    """What an answer sentence must match for a question naming the numbered meetings ``numbers``: it names none of
    a session's meetings, or one of those ("在第 9 次会议上…" answers on the ninth; "在…第 10 次会议上…" does not)."""

    numbers: frozenset[int]

    def search(self, sentence: str) -> bool:
        named = plenary_numbers(sentence)
        return not named or not named.isdisjoint(self.numbers)


# the words ending a meeting's name: "缔约国会议", "世界卫生大会", "二十国集团峰会", "达沃斯论坛", "区域研讨会"
MEETING_ENDINGS = ("会议", "大会", "峰会", "论坛", "研讨会")
# a numbered meeting of any series, as Chinese names it: "第一次缔约国会议", "第 28 次缔约方大会"; the shortest name
# ending in a meeting word
NUMBERED_MEETING = re.compile(rf"第\s*(?P<number>{_NUMBER})\s*[次届]\s*"
                              rf"(?P<name>[^\s，,。；;？?！!、：:（）()《》“”]{{0,12}}?(?:{'|'.join(MEETING_ENDINGS)}))")
SESSION_MEETINGS = frozenset({"会议", "全体会议"})  # "第9次会议", "第六十七届会议": a meeting of a session


def without_ending(name: str) -> str:
    """A meeting's name without the word ending it: "缔约国会议" -> "缔约国"."""
    return next((name.removesuffix(ending) for ending in MEETING_ENDINGS if name.endswith(ending)), name)


def numbered_meetings(text: str) -> frozenset[tuple[int, str]]:
    """The numbered meetings ``text`` names as (number, name), other than a session's numbered meetings and the
    meetings of the process's series (_named_meetings): "《武器贸易条约》第一次缔约国会议" -> (1, "缔约国会议"),
    "第 28 次缔约方大会" -> (28, "缔约方大会"); not "第9次会议" nor "第四次双年度会议"."""
    found = set()
    for match in NUMBERED_MEETING.finditer(text):
        name = match.group("name")
        if name not in SESSION_MEETINGS and next(_named_meetings(match.group(0)), None) is None:
            found.add((as_number(match.group("number")), name))
    return frozenset(found)
