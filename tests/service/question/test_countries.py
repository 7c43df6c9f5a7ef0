"""Which questions ask for countries, and which sentences name them."""

import pytest

from service.question.analyze import what_is_asked
from service.question.countries import NamesCountries, countries_named
from service.question.patterns import NamesOrLists


@pytest.mark.parametrize(("sentence", "count"), [
    ("此前已在巴西、危地马拉、肯尼亚、尼日利亚和尼泊尔举办类似研讨会。", 5),
    ("欣见在刚果民主共和国、印度尼西亚和秘鲁举行这种区域会议，", 2),  # 印度尼西亚 is one country, not 印度 too
    ("技术审查小组在巴西里约热内卢举行第三次会议", 1),
    # a name inside another word is none: 中国 in 发展中国家, 法国 in 非法国际
    ("向发展中国家提供援助，打击非法国际转让", 0),
    ("联合国和平、裁军与发展拉丁美洲和加勒比区域中心加强了该区域九个国家的能力", 0),  # regions, the UN: no country
])
def test_a_country_counts_where_the_sentence_writes_it_as_a_word(sentence: str, count: int) -> None:
    assert countries_named(sentence) == count


@pytest.mark.parametrize(("sentence", "names"), [
    ("菲律宾、保加利亚和圣卢西亚。", True),
    ("5 月 11 日的第 5 次会议以鼓掌方式选出了下列主席团成员：", True),  # a list follows
    ("筹备委员会建议让-克洛德·布鲁内(法国)担任会议主席", True),  # a name with its country
    ("根据我与协理员和候任主席团进行的磋商，我谨探讨会议的其他组织事项、会议的架构、讨论文件和集体成果。", False),
    ("技术审查小组在巴西里约热内卢举行第三次会议", False),
    # a bracket holding no country names nobody's country
    ("该中心支持非洲联盟、西非国家经济共同体(西非经共体)和中部非洲国家经济共同体", False),
    ("我谨以两年期会议候任主席的身份致函（见附件）全体会员国。", False),
])
def test_a_sentence_gives_countries_by_naming_two_or_listing_them(sentence: str, names: bool) -> None:
    assert NamesCountries().search(sentence) is names


@pytest.mark.parametrize(("question", "countries"), [
    ("第三届两年期会议的候任主席团由哪些国家组成？", True),
    ("全权证书委员会的成员国都有哪些？", True),
    ("Which member states sat on the technical review group?", True),
    ("Which delegations spoke first?", True),
    # how many, and what names, may stand before the group
    ("Which nine Latin American and Caribbean countries had their capacity strengthened?", True),
    ("Which 79 Member States had submitted national reports?", True),
    ("哪些组织发了言？", False),
    ("Which specific projects got funding through the Group of Interested States?", False),  # projects are members
    ("关心实际裁军措施国家小组资助了哪些项目？", False),
    ("Which NGOs spoke at the 9th meeting?", False),
    # something of the countries is asked for, which the documents may give by their role ("所在国的记录")
    ("成果文件建议查询哪些国家的信息？", False),
    ("Which States' records should be consulted?", False),
    ("Which countries' experts gave presentations?", False),
])
def test_a_question_asks_for_countries_when_they_are_the_members_it_asks_for(question: str, countries: bool) -> None:
    asks = what_is_asked(question)
    assert asks.countries is countries and asks.members


@pytest.mark.parametrize("question", [
    "On the BMS3 timetable, which day was reserved for states to look at the tracing instrument?",
    "Which channels does the outcome document point States to?",
])
def test_a_clause_between_which_and_states_asks_for_no_members(question: str) -> None:
    asks = what_is_asked(question)
    assert not asks.countries and not asks.members


@pytest.mark.parametrize(("sentence", "lists"), [
    ("此前已在巴西、危地马拉、肯尼亚、尼日利亚和尼泊尔举办类似研讨会。", True),
    ("鼓励政府间组织、非政府组织和民间社会参与", True),
    ("(i) 安全、武装暴力、发展与人权之间的联系；", True),  # 安全 is a noun as well as an adjective
    ("大会听取了下列组织代表的发言：", True),
    # a 、 after an adjective or distinguishing word lists what something is like, not who or what it holds
    ("该小组继续作为一个非正式、开放和透明的论坛开展活动", False),
    ("通过该小组为援助所作的努力，已有多个项目获得资金或正在谈判。", False),
])
def test_a_sentence_lists_members_not_qualities(sentence: str, lists: bool) -> None:
    assert NamesOrLists().search(sentence) is lists
