"""Every pattern questions are read with, each defined once: numbers, paragraph references, question words, what a
question asks for and how a sentence states it. Document symbols, years and numerals come from indexer.patterns."""

from __future__ import annotations

import re
import string
from functools import lru_cache

import jieba.posseg

from indexer.patterns import (
    CHINESE_NUMERALS,
    DOCUMENT_SYMBOL,
    ONE_TO_TEN,
    SYMBOL,
    SYMBOL_TAIL,
    YEAR,
    YEAR_DIGITS,
    YEAR_OF,
)
from service.question.lexicon import (
    ABBREVIATIONS,
    AFTER_MEASURE_WORD,
    ANNOUNCING_WORDS,
    CHINESE_TITLE_HEADS,
    CURRENT_WORDS,
    ENGLISH_LOOKUP_WORDS,
    ENGLISH_LOWER_CASE_TITLE_HEADS,
    ENGLISH_MONEY_WORDS,
    ENGLISH_TITLE_HEADS,
    EXPECTED_WORDS,
    LINE_CHECKS,
    MEASURE_WORDS,
    OUTCOME_WORDS,
    PAST_WORDS,
    PLANNED_WORDS,
    QUESTION_WORDS,
    TEST_WORDS,
    UNTENSED_DECISION_WORDS,
    UNTENSED_PLAN_WORDS,
    WRITING_INTO,
    WRITING_OPENERS,
    WRITING_VERBS,
)

__all__ = ["SYMBOL", "SYMBOL_TAIL", "YEAR", "YEAR_OF"]


def _any_word(words: list[str] | tuple[str, ...]) -> str:
    """An alternation that prefers the longest word at each position."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# --- characters as the corpus writes them ---------------------------------------------------------------------
# full-width digits, letters and the symbol punctuation of "Ａ／ＲＥＳ／６５／６４" (each 0xFEE0 above its ASCII
# form); Chinese punctuation (，？：) stays, as the corpus writes it
TO_HALF_WIDTH = {ord(c) + 0xFEE0: c for c in string.digits + string.ascii_letters + "/."}
# an abbreviation, not inside a document symbol: the MGE of "A/CONF.192/MGE/2011/INF/1" stays
ABBREVIATION = re.compile(rf"(?<![A-Za-z0-9/.\-])({'|'.join(map(re.escape, ABBREVIATIONS))})(?![A-Za-z0-9/\-])",
                          re.IGNORECASE)

# --- what a question names --------------------------------------------------------------------------------------
# the numbers, years, votes and document symbols a question writes; a symbol holds a number ("A/RES/65/64";
# "imports/exports" is English)
NUMBER_OR_SYMBOL = re.compile(rf"(?=[A-Za-z][A-Za-z0-9./]*\d){DOCUMENT_SYMBOL}|\d+(?:[./]\d+)*")
# a number glued to letters is part of a name ("RevCon3", "BMS3"), which the corpus writes in words (第三次审议大会):
# the question does not pin it down as written
NAME_NUMBER = re.compile(r"(?<=[A-Za-z])\d+")
# an article of a treaty or of rules ("第7条", "第七条", "Article 7"): the evidence must cite that article, not merely
# hold a 7
ARTICLE = re.compile(rf"第\s*(\d+|[{CHINESE_NUMERALS}]+)\s*条|(?<![a-z])article\s+(\d+)", re.IGNORECASE)
# a number in Chinese numerals: two of them or more ("六十七", "十二"), or one after 第 ("第三")
CHINESE_NUMBER = re.compile(rf"[{CHINESE_NUMERALS}]{{2,}}|(?<=第)[{CHINESE_NUMERALS}]")
QUESTION_WORD = re.compile(_any_word(QUESTION_WORDS))
# a question word just before a place asks about it ("哪座城市"); "还是" offers alternatives ("纽约还是日内瓦")
ASKS_WHICH = re.compile(r"哪|什么|何|还是")
# a month of a year: "2008年7月", "2018年底" (its end, month 12), "July 2008", "16 July 2008", "end of 2018"
MONTH_OF_YEAR = re.compile(rf"({YEAR_DIGITS})\s*年\s*(?:(\d{{1,2}})\s*月|年?[底末])")
ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december")
ENGLISH_MONTH_OF_YEAR = re.compile(
    rf"\b(?:({'|'.join(ENGLISH_MONTHS)})|end of)\s+(?:\d{{1,2}},?\s+)?({YEAR_DIGITS})", re.IGNORECASE)
# a day of a month, as the documents write it ("4 月 25 日"; a range of days: "3 月 19 日至 23 日"), as English does
# ("25 April 2012", "19-23 March", "April 25") and as a document's date is given ("2008-05-23")
DAY_OF_MONTH = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:至|到|-|–)\s*(\d{1,2})\s*日)?")
ENGLISH_DAY_OF_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+({'|'.join(ENGLISH_MONTHS)})\b"
    rf"|\b({'|'.join(ENGLISH_MONTHS)})\s+(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\b", re.IGNORECASE)
ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# a phrase in quotation marks ("“会议管理”一节", "the 'Proceedings' chapter"): most often a heading's title; a single
# quote is not an apostrophe ("the SG's") when no letter touches it from outside
QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,60})[”」』\"]|(?<![A-Za-z])['‘]([^'’]{2,60})['’](?![A-Za-z])")
# a title: Chinese marks it "《巴黎协定》"; English capitalises it and ends it with the kind of text it names ("the
# Paris Agreement") or begins with that kind ("the Treaty on the Prohibition of Nuclear Weapons")
BOOK_TITLE = re.compile(r"《([^《》]{2,60})》")
_CAPITALISED = r"[A-Z][A-Za-z'’-]+"
_TITLE_HEAD = rf"(?:{_any_word(ENGLISH_TITLE_HEADS)})"
_TITLE_TAIL = rf"(?:\s+(?:on|of|for|against|in|and)\s+(?:the\s+)?{_CAPITALISED}(?:\s+{_CAPITALISED})*)+"
# or writes its kind in lower case after a name: an acronym, or capitalised words after "the", and up to two words
# ("the EU firearms directive", "the Inter-American CIFTA convention")
_NAMED_BY = rf"(?:[A-Z]{{2,}}|(?<=\bthe\s){_CAPITALISED})(?:\s+(?:[A-Z]{{2,}}|{_CAPITALISED}))*"
_LOWER_TITLE_HEAD = rf"(?:{_any_word(ENGLISH_LOWER_CASE_TITLE_HEADS)})"
ENGLISH_TITLE = re.compile(rf"\b(?:(?:{_CAPITALISED}\s+){{1,5}}{_TITLE_HEAD}|{_TITLE_HEAD}{_TITLE_TAIL}"
                           rf"|{_NAMED_BY}(?:\s+[a-z]+){{0,2}}\s+{_LOWER_TITLE_HEAD})\b")
# an English title whose name normalize_question put into the corpus' Chinese ("the ECOWAS Convention" -> "西非国家经济
# 共同体 Convention"): the name, then the kind of text
TRANSLATED_NAME_TITLE = re.compile(rf"([\u4e00-\u9fff]{{2,}})\s+({_TITLE_HEAD})\b")
# what may stand between a name and the kind of text it names, within one phrase ("西非经共体小武器公约")
PHRASE_GAP = r"[^，。、；：;:,()（）]{0,12}?"
# the word that ends the name of a group or committee ("小组" of "关心实际裁军措施国家小组")
BODY_END = re.compile(r"(?:小组|工作组|专家组|委员会|集团|主席团)$")
# the word that ends a Chinese title and says its kind ("议定书" of "枪支议定书")
CHINESE_TITLE_HEAD = re.compile("|".join(map(re.escape, CHINESE_TITLE_HEADS)))
CHINESE_TITLE_END = re.compile(f"(?:{CHINESE_TITLE_HEAD.pattern})$")
# what follows a title that names a meeting or body of it, not its text ("《枪支议定书》不限成员名额政府间工作组",
# "武器贸易条约会议", "the 武器贸易条约 conference"): a phrase, without a pause, ending in a word for one
TITLE_NAMES_BODY = re.compile(r"》?\s*(?:[^\s，。？?、；;,:：“”\"]{0,12}?(?:会议|工作组|小组|委员会|大会)"
                              r"|(?:[A-Za-z-]+\s+){0,3}?(?:conferences?|meetings?|working\s+groups?|committees?"
                              r"|groups?)\b)", re.IGNORECASE)
# a country's law, asked after its name: up to three words on ("中国/国内/法律", "Kenya's national firearms
# legislation", "the US ATF rules", "How does the US regulate ..."); in Chinese, the words that name a law (jieba keeps
# "联邦法律" whole: "美国联邦法律" names none)
LAW_WORD_DISTANCE = 3
NATIONAL_LAW_EN = re.compile(rf"(?:['’]s)?(?:\s+[A-Za-z-]+){{0,{LAW_WORD_DISTANCE - 1}}}?\s+"
                             r"(?:laws?|legislation|rules|regulations|regulate[sd]?)\b")
LAW_WORDS = ("法律", "立法", "法规")
# an input that is one word and nothing else ("weapons", "武器", "枪支。"): a keyword typed to search, asking nothing
# (a run of Chinese characters is one word when jieba cuts it so)
BARE_WORD = re.compile(r"[^\w？?]*(?:[A-Za-z][A-Za-z'’-]*|[\u4e00-\u9fff]+)[^\w？?]*")
# where a meeting was held, as the corpus writes it: "在联合国总部举行", "在巴西里约热内卢举行"
VENUE = re.compile(r"在([\u4e00-\u9fff]{2,12}?)(?:举行|召开)")
HAN_PHRASE = re.compile(r"[\u4e00-\u9fff]+")
HAN = re.compile(r"[\u3400-\u9fff]+")
LATIN_LETTER = re.compile(r"[A-Za-z]")
ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# an English possessive's ending, which the dictionary's words do not have ("the credentials committee's draft")
POSSESSIVE = re.compile(r"['’]s\b")

# what was done to a paragraph (a draft's, put to the vote, amended: "成果文件草案第一节第16段是以什么票数保留下来
# 的？"), which the record of the proceedings states, not the paragraph itself
PROCEEDINGS_ON = re.compile(r"草案|表决|投票|票|修正|(?<![a-z])(?:drafts?|vot(?:e|es|ed|ing)|amend(?:s|ed|ment|ments)?)"
                            r"(?![a-z])", re.IGNORECASE)

# a document named by its kind alone ("决议第12段", "operative paragraph 12 of the resolution"), which names the
# corpus' one document of that kind when it holds one; not a resolution named by its number ("62/47号决议",
# "resolution 62/47"), which is another, nor a draft ("决议草案", "the draft resolution")
KIND_NAMED = {
    "resolution": re.compile(r"(?<![\d号])决议(?!草案)|(?<!draft )(?<![a-z])resolution(?![a-z])(?!\s*[\d/A])",
                             re.IGNORECASE),
    "report": re.compile(r"报告|(?<![a-z])report(?![a-z])", re.IGNORECASE),
    # not 信 alone, a syllable of 信息, 信任, 自信 …
    "letter": re.compile(r"信函|来信|信件|的信|那封信|(?<![a-z])letter(?![a-z])", re.IGNORECASE),
}

# a question asking what one document, as a whole, is about, and nothing besides (QuestionReader.overview_of): each
# form with the words naming the document as its group "named" ("第65/64号决议主要讲什么", "秘书长2012年报告的主要内容
# 是什么", "简单介绍一下2018年成果文件", "What's the RevCon3 report about", "Summarize the 2018 outcome document", "the
# gist of A/CONF.192/2018/RC/3"); read on the question without its closing punctuation
_ABOUT_ADVERB_EN = r"(?:(?:all|basically|mainly|roughly|broadly|really|actually)\s+)?"
OVERVIEW_FORMS = tuple(re.compile(form, re.IGNORECASE) for form in (
    r"^(?P<named>.+?)(?:的|里)?(?:主要|大概|大致|都|一共|总共)?(?:讲|说|写)(?:了|的是|的)?(?:些)?"
    r"(?:什么|啥|哪些(?:事|事情|内容|东西|方面)?)(?:内容)?(?:呢)?$",
    r"^(?P<named>.+?)的?(?:主要|大致|核心)?内容(?:是什么|有哪些|包括什么|包括哪些|都有什么|有什么)(?:呢)?$",
    r"^(?P<named>.+?)(?:主要)?(?:是)?(?:关于什么的?|讲什么的|(?:干|做)什么(?:用)?的|干嘛(?:用)?的|有什么用"
    r"|要解决什么问题)(?:呢)?$",
    r"^(?P<named>.+?)(?:主要)?涉及(?:哪些|什么)(?:方面|内容|问题|议题)?(?:呢)?$",
    r"^(?:请)?(?:你)?(?:能不能|能否|可以)?(?:给我)?(?:简单|简要|大致)?(?:地)?(?:介绍|概括|概述|总结|讲讲|说说)(?:一下|下)?"
    r"(?P<named>.+?)(?:的(?:主要)?内容)?(?:吧)?$",
    r"^(?P<named>.+?)的?(?:目的|宗旨|主旨|主题|要点|主要观点|核心)是什么(?:呢)?$",
    r"^(?P<named>.+?)有哪些要点(?:呢)?$",
    r"^(?P<named>.+?)[，,]\s*(?:能|可以|能不能)?(?:给我|帮我)?(?:简单)?(?:概括|介绍|总结|讲讲)(?:一下|下)?(?:大概)?(?:吗|吧)?$",
    rf"^(?:so\s+)?(?:what(?:'s|’s|\s+is|\s+was)|tell\s+me\s+what)\s+(?P<named>.+?)\s+(?:is\s+|was\s+)?"
    rf"{_ABOUT_ADVERB_EN}about$",
    rf"^(?:(?:briefly|roughly|basically|in\s+short|in\s+brief),?\s+)?what\s+(?:does|did)\s+(?P<named>.+?)\s+"
    rf"{_ABOUT_ADVERB_EN}(?:cover|say|address|deal\s+with|contain|do|set\s+out)$",
    r"^(?:(?:please|can\s+you|could\s+you)\s+)?(?:summari[sz]e|outline|sum\s+up|give\s+(?:me\s+)?(?:an?\s+)?"
    r"(?:brief\s+|short\s+|quick\s+)?(?:summary|overview|rundown|outline)\s+of|give\s+(?:me\s+)?the\s+gist\s+of"
    r"|(?:an?\s+)?(?:brief\s+|short\s+|quick\s+)?(?:overview|summary)\s+of|tl;?\s*dr\s*(?:of|on|for)?)\s+(?P<named>.+)$",
    r"^what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+the\s+(?:gist|purpose|point|core|subject|subject\s+matter"
    r"|main\s+(?:points?|contents?|topics?|themes?|thrust)|key\s+points)\s+of\s+(?P<named>.+)$",
    r"^what(?:'s|’s|\s+is|\s+was)\s+(?P<named>.+?)\s+for$",
    r"^what(?:'s|’s|\s+is)\s+in\s+(?P<named>.+)$",
))
# the punctuation closing a question ("？", "?", "。"), taken off before OVERVIEW_FORMS read it
CLOSING_PUNCTUATION = re.compile(r"[\s？?。.!！…]+$")
# what the words naming the document of an overview question must not hold: a part of it ("第四节", "the follow-up
# section"; "摘要", "the summary at the top"), a topic after the document's kind ("秘书长报告关于追查的内容": before
# it, it names the document, "秘书长2012年关于小武器的报告", as "the report on small arms" does in English), a question
# word, a clause ("，"), or a verb of saying or duty ("What does 65/64 say countries … should do"): it then asks what
# the document says of something. Two documents named ("2010年决议和2018年成果文件") are read in both, which reads no
# overview
OVERVIEW_NOT_NAMING = re.compile(
    r"[节段章条，,；;说讲]|部分|摘要|导言|引言|序言|方面|提到|哪|什么|谁|多少|几|(?:报告|决议|信|文件|宣言).*(?:关于|有关|对于)"
    r"|(?<![a-z])(?:section|paragraph|para|part|chapter|article|op|pp|summary|introduction|preamble|which|what|who|how"
    r"|and|say|says|said|should|ought|must)(?![a-z])", re.IGNORECASE)
# what names a document in an overview question, besides its kind (KIND_NAMED), its annex and the outcome: "这份文件",
# "the document"; not a debate or a meeting named alone, which a document dated that year is not
OVERVIEW_NAMES_DOCUMENT = re.compile(r"文件|(?<![a-z])document(?![a-z])", re.IGNORECASE)
# an overview question naming the outcome document annexed to a conference's report ("2018年成果文件", "the 2018
# Declaration"), or a document's annex ("立陶宛那封信的附件"), which reads that annex rather than the document's body
OVERVIEW_OF_OUTCOME = re.compile(r"成果文件|宣言|(?<![a-z])(?:outcome|declaration)(?![a-z])", re.IGNORECASE)
OVERVIEW_OF_ANNEX = re.compile(r"附件|(?<![a-z])annex(?![a-z])", re.IGNORECASE)

# the English words asking for a text as it stands ("What does OP 8 state?", "A/RES/65/64 PP11, full text?"), left
# out where a question is read for a lookup (QuestionReader.reads_citation); "state" is a noun but last ("What does
# OP 8 say about the states?")
ASKS_TEXT_EN = re.compile(rf"(?<![a-z'])(?:{_any_word(ENGLISH_LOOKUP_WORDS)})(?![a-z'])|\bstate\W*$", re.IGNORECASE)

# --- explicit paragraph references ------------------------------------------------------------------------------
# English ordinals, as a paragraph is cited by its place ("the fifth preambular paragraph", "the 2nd paragraph")
ENGLISH_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                    "eighteenth", "nineteenth", "twentieth")
PARAGRAPH = re.compile(rf"第\s*(\d{{1,3}}|[{CHINESE_NUMERALS}]{{1,5}})\s*段"
                       r"|(?<![a-z])(?:(operative|preambular)\s+)?(?:para(?:graph)?s?\.?|§)\s*(\d{1,3})"
                       r"|(?<![a-z])(op|pp)\s*(\d{1,3})(?!\d)"
                       rf"|(?<![a-z])({'|'.join(ENGLISH_ORDINALS)}|\d{{1,3}}(?:st|nd|rd|th))\s+"
                       r"(?:(operative|preambular)\s+)?para(?:graph)?\b"
                       # the last of its part ("最后一段", "the final operative paragraph")
                       r"|(最后一段|(?<![a-z])(?:last|final)\s+(?:(operative|preambular)\s+)?para(?:graph)?\b)",
                       re.IGNORECASE)
# "第三节", "第三部分", "section III", and a bare "II.A" (case kept: "i.e." is no chapter)
CHAPTER = re.compile(rf"第\s*([{ONE_TO_TEN}])\s*(?:[节章]|部分)|(?<![a-z])(?:section|chapter|part)\s+([IVX]{{1,4}})\b"
                     r"|(?-i:(?<![A-Za-z])([IVX]{1,4})(?=\.[A-H]\b))", re.IGNORECASE)
# "D部分", "第二节B.2", "section III.D", "II.A.2"
LETTER = re.compile(r"([A-H])\s*(?:部分|节|分节)|[节章]\s*([A-H])(?![A-Za-z])"
                    r"|(?<![a-z])(?:section|chapter|part)\s+[IVX]{1,4}\s*[.\s]\s*([A-H])\b"
                    r"|(?-i:(?<![A-Za-z])[IVX]{1,4}\.([A-H])\b)", re.IGNORECASE)
# what joins an English paragraph to the chapter named after it: "paragraph 13 of section I", "para 18 in section II"
OF_CHAPTER = re.compile(r"\s*,?\s*(?:of|in)\s+(?:the\s+)?(?=(?:section|chapter|part)\s)", re.IGNORECASE)
# the letter named before its chapter: "part C of section IV", "section D on tracing in part III"
LETTER_BEFORE = re.compile(r"(?<![a-z])(?:sub-?)?(?:section|part)\s+(?-i:([A-H]))\b", re.IGNORECASE)
# where on the web something is found, asked: "Where can the RevCon3 documents be found online?", "What's the web
# address …", "网址是什么", "在哪个网站"; not what a text says about trade online ("selling guns online")
ASKS_WEB_ADDRESS = re.compile(r"\bwhere\b[^?.;]*\b(?:online|on the (?:web|internet)|on (?:a|which|what) website)\b"
                              r"|\bweb ?address|\burls?\b|\b(?:which|what) (?:web ?site|web ?page)"
                              r"|网址|(?:哪个|什么)网站|网站(?:是|在)(?:哪|什么)|网上(?:哪里|哪儿|何处)", re.IGNORECASE)
# the annex of a report, where a conference's outcome document is ("成果文件第二节", "section IV of the outcome")
NAMES_ANNEX = re.compile(r"成果文件|附件|\boutcome\b|\bannex", re.IGNORECASE)
# English's words for an annex, or the outcome document annexed to a conference's report ("paragraph 20 of the 2018
# outcome", "the second paragraph of the annex")
ANNEX_OR_OUTCOME_EN = re.compile(r"\b(?:outcome|annex)\b", re.IGNORECASE)
# a citation of the Programme of Action's own text (A/CONF.192/15), or the International Tracing Instrument's ("ITI
# para 7"), which the corpus only refers to: its name right
# before the section or paragraph cited ("《行动纲领》第二节第4段", "行动纲领 II.4", "PoA, section II"), or after it
# ("section II, paragraph 4 of the Programme of Action", "preambular para 7 of the 2001 Programme of Action"; English's
# name normalized to 行动纲领); not a name inside another document's title ("执行《行动纲领》…大会成果文件第二节第4段",
# "the outcome on implementing the Programme of Action")
# English's word for a resolution's preamble ("the last paragraph of the resolution's preamble")
PREAMBLE_EN = re.compile(r"(?<![a-z])preamb(?:le|ular)(?![a-z])", re.IGNORECASE)
# a heading named without quotes ("under the meeting-management heading", "…标题下第一段"): a position counted under it
HEADING_NAMED = re.compile(r"(?<![a-z])headings?(?![a-z])|标题", re.IGNORECASE)
# a Security Council resolution cited by its number and year ("第2370(2017)号决议", "resolution 2370 (2017)"), which
# the corpus does not hold
SECURITY_COUNCIL_RESOLUTION = re.compile(r"(?<!\d)\d{3,4}\s*[(（]\s*(?:19|20)\d\d\s*[)）]\s*号?\s*决议"
                                         r"|(?<![a-z])resolution\s+\d{3,4}\s*\(\s*(?:19|20)\d\d\s*\)", re.IGNORECASE)
_PROGRAMME_NAMED = (r"(?<!执行《)(?<!执行)(?<!implementing the )(?<!implementation of the )"
                    r"(?:行动纲领|国际追查文书)")
CITES_PROGRAMME = re.compile(
    rf"{_PROGRAMME_NAMED}》?\s*(?:本身)?\s*的?\s*"
    rf"(?:第\s*[{ONE_TO_TEN}]\s*[节章]|序言|第\s*(?:\d{{1,3}}|[{CHINESE_NUMERALS}]{{1,5}})\s*段)"
    rf"|{_PROGRAMME_NAMED}[\s,，]*(?:section\s+)?[IVX]{{1,4}}(?:\.[A-H])?\.?\s*\d"
    rf"|{_PROGRAMME_NAMED}[\s,，]*(?:section\s+[IVX]{{1,4}}\b|(?:para(?:graph)?s?\.?|§)\s*\d)"
    r"|(?<![a-z])(?:para(?:graph)?s?\.?|op|pp|§|section\s+[IVX]{1,4})\s*[\dIVX.,\s]*(?:of\s+section\s+[IVX]{1,4}\s*)?"
    r"(?:,\s*)?of\s+the\s+(?:(?:19|20)\d\d\s+)?(?:行动纲领|国际追查文书)", re.IGNORECASE)

# what an English question that only reads a paragraph is made of besides the words of its document's title
# (QuestionReader.reads_citation): the citation itself, an annex or outcome it is cited in, a date naming the document
# ("the letter of 23 May 2008"), and the words asking for a text as it stands
LOOKUP_PARTS_EN = (PARAGRAPH, NAMES_ANNEX, ENGLISH_DAY_OF_MONTH, ENGLISH_MONTH_OF_YEAR, ASKS_TEXT_EN)
# a part of a document a question is about ("第四节", "B部分", "那一节", "附件", "序言", "the follow-up section",
# "Part IV", "the ITI part of the outcome", "the introduction"), not a share of something ("那部分武器") nor a role
# ("play a part", "take part", "as part of"), nor a part of a meeting ("segment")
NAMES_PART = re.compile(r"第\s*[\d一二三四五六七八九十]{1,3}\s*[节章]|[节章]\s*[A-H](?![A-Za-z])"
                        r"|[一这那该本此][小分]?[节章]|小节|(?<![那一大小])部分|附件|序言|导言|引言"
                        r"|(?<![a-z])(?:sub)?sections?\b|\bchapters?\b|\bannex(?:es)?\b|\bpreamble\b|\bintroduction\b"
                        r"|(?-i:(?<![A-Za-z])[IVX]{1,4}\.[A-H]\b)"
                        r"|(?<!\ba\s)(?<!\btake\s)(?<!\btook\s)(?<!\bas\s)(?<!\bwhich\s)(?<!\bwhat\s)\bparts?\b"
                        r"(?!\s+in\b)", re.IGNORECASE)
# an English word naming a part of a document: without saying which ("the documentation section"), or saying which
# ("the introduction", "the preamble")
PART_WORD = re.compile(r"\b(?:(?:sub-?)?(?:sections?|chapters?|parts?|headings?)|(?P<named>introduction|preamble))\b",
                       re.IGNORECASE)
# the numbered subsection under a letter: the 2 of "B.2", the 4 of "II.A.4"
SUBSECTION = re.compile(r"(?<![A-Za-z])[A-H]\s*\.\s*(\d{1,2})(?![\d.])")


def chapter_numeral(chapter: int | None) -> str:
    """The numeral the corpus numbers chapter ``chapter`` with (the 一 of 第一节); "" for none, or past ten."""
    return ONE_TO_TEN[chapter - 1] if chapter and chapter <= len(ONE_TO_TEN) else ""


def cited_paragraph(paragraph: str, chapter: int | None = None) -> re.Pattern[str]:
    """A passage speaking of paragraph ``paragraph`` ("第 12 段"), of chapter ``chapter`` when given ("第一节第 13 段",
    "第四节，第 23 段")."""
    of_chapter = rf"第\s*{numeral}\s*[节章][，,\s]*" if (numeral := chapter_numeral(chapter)) else ""
    return re.compile(rf"{of_chapter}第\s*{re.escape(paragraph)}\s*段")


# --- what a question asks for, and how a sentence states it -----------------------------------------------------
# a lone 一 is not a count: "一个", "一项", "一次" are how Chinese says "a", as in "召开一次会议"; nor is a year
# ("2011 年"): a number is read whole, and one of 19xx/20xx before 年 is a date; nor an ordinal ("第三届", "第 5 次")
NUMBER = (rf"(?<!第)(?<!第 )(?:(?<![\d.])(?!(?:19|20)\d{{2}}\s*年)\d+(?:\.\d+)?"
          rf"|(?<![{CHINESE_NUMERALS}])(?:[{CHINESE_NUMERALS}]{{2,}}|[{CHINESE_NUMERALS.replace('一', '')}]))"
          r"\s*[多余]?\s*")
# "哪几个" and "第几次" ask which, not how many; "这几项" points at things already named
ASKS_QUANTITY = re.compile(r"多少|(?<![哪第这那])几[个名位次项件份年天国票人家]|\bhow (?:many|much)\b", re.IGNORECASE)
# a share asks for a percentage or a proportion, not a count, which a sentence states as one ("56%", "三分之一",
# "七成")
ASKS_SHARE = re.compile(r"百分之|百分比|比例|几成|\b(?:what|which) (?:share|percentage|proportion)\b|\bpercent",
                        re.IGNORECASE)
SHARE = re.compile(rf"\d+(?:\.\d+)?\s*[%％]|[{CHINESE_NUMERALS}]+\s*分之\s*[{CHINESE_NUMERALS}]+"
                   rf"|[{CHINESE_NUMERALS}]成")
# a count of something the question does not name; 日 is left out: "5 月 11 日" is a date, not eleven days
ANY_QUANTITY = re.compile(rf"{NUMBER}(?:个|名|位|人|票|件|发|份|次|年|国|%|项|周|天|倍|万|千|百)")
# the result of a vote ("What was the recorded vote on ...", "the vote count", "By what vote was ... retained?",
# "记录表决结果是多少", "票数是多少"): a count of votes, which the documents state as "以 98 票对 0 票、0 票弃权"; not
# how one country voted ("How did the United States vote ...?", "美国投的是什么票")
ASKS_VOTE_COUNT = re.compile(r"\b(?:vote count|vote tally|tally|by what vote|result of the (?:recorded )?vote"
                             r"|(?:what|how) was the (?:(?:final|recorded) )*vote)\b"
                             r"|(?:表决|投票)的?结果\s*(?:是|为)?\s*多少|票数\s*(?:是|为)?\s*多少", re.IGNORECASE)
VOTE_UNITS = ("票",)
# "How much money has been pledged …?", "How much has the fund raised?": an amount of money, in the asked clause
ENGLISH_MONEY_ASKED = re.compile(rf"\bhow much\b[^?.;,]*?\b(?:{'|'.join(ENGLISH_MONEY_WORDS)})\b", re.IGNORECASE)
# what an English question counts: the (up to two) words after "how many" ("how many Member States")
ENGLISH_COUNTED = re.compile(r"\bhow (?:many|much)\s+([a-z'-]+(?:\s+[a-z'-]+)?)", re.IGNORECASE)
# what is counted: "多少张赞成票" counts 张/票, "几次会议" 次
COUNTED = re.compile(rf"(?:多少|(?<![哪第这那])几)\s*([{MEASURE_WORDS}年天国票人]?)\s*([\u4e00-\u9fff]{{0,6}})")
# "when" before a gerund or its subject opens a clause, not a question on a date: "When tracing weapons, which States'
# information ...", "What channels can States use when requesting help?", "... point States to when they ask"
ASKS_DATE = re.compile(r"什么时候|何时|哪一?天|哪一?年|哪个月|日期|时间"
                       r"|\bwhen\b(?!\s+(?:(?!during\b)[a-z]+ing\b|they\b|states\b))"
                       r"|\b(?:what|which) (?:date|day|year|month)\b|\bon what dates?\b"
                       r"|\b(?:what|which) (?:were|was|are|is) the (?:exact )?dates?\b", re.IGNORECASE)
DATE = re.compile(r"\d+\s*年|\d+\s*月\s*\d+\s*日|[上下]午|星期")
ASKS_DAY = re.compile(r"哪一?天|哪几天|几号|具体日期|\bon what dates?\b|\b(?:what|which|exact) (?:dates?|days?)\b",
                      re.IGNORECASE)
QUESTION_MARK = re.compile(r"[？?]")
# what is not a word character in a title page's layout: its line breaks, spaces and footnote marks ("临时议程* 项目"
# holds 议程项目)
LAYOUT = re.compile(r"\W")
DAY = re.compile(r"\d+\s*日|星期|[上下]午")
# a request to write, translate or recommend something: a verb of writing or recommending after the polite words that
# open it ("帮我写一首诗", "Can you help me draft an e-mail", "Can you recommend a hotel"), or first with what it is to
# write ("写一首诗", "Write a haiku", but not "写信时收到了多少份报告"), or "把 ... 翻成" (into another language)
_WRITING_VERB = rf"(?:{_any_word(WRITING_VERBS)})"
ASKS_WRITING = re.compile(rf"^\W*(?:(?:{_any_word(WRITING_OPENERS)})\W*)+{_WRITING_VERB}(?![a-z])"
                          rf"|^\W*{_WRITING_VERB}(?:[一两几个篇封首段份句]|\s+(?:a|an|me|this|that)\b|\s*['\"‘“])"
                          rf"|把.{{1,40}}(?:{_any_word(WRITING_INTO)})", re.IGNORECASE)
# a message checking that the service is there ("Can you hear me?", "能收到吗"), or saying it is a test ("test test pls
# ignore"; TEST_WORD, read only in a message that asks nothing): lexicon test_inputs.json
CHECKS_LINE = re.compile(rf"(?<![a-z])(?:{_any_word(LINE_CHECKS)})(?![a-z])", re.IGNORECASE)
TEST_WORD = re.compile(rf"(?<![a-z])(?:{_any_word(TEST_WORDS)})(?![a-z])", re.IGNORECASE)
# which country's representative someone is ("主席是哪国代表", "是哪个国家的代表", "是哪国人"): who holds a role, asked
# by country, which a sentence may answer without naming the person ("墨西哥代表以…主席的身份发了言")
ASKS_NATIONALITY = re.compile(r"哪[一个]?国家?的?(?:代表|人)")
# "谁的责任" asks whose duty; "由谁决定" / "谁说了算" ask who decides, which is often a state or a body; so do "who
# should have the final say", "who gets to decide", "who bears primary responsibility": a duty or a right, which the
# documents give States and bodies; "那位主任叫什么名字" asks who
ASKS_PERSON = re.compile(r"谁(?!的|\s*来?\s*(?:决定|说了算|负责|确定|认定|判断|批准|承担))|哪位"
                         r"|(?:人|者|员|主任|主席|代表|大使|秘书长|官)\s*(?:的)?\s*(?:叫什么|姓名|名字)"
                         r"|\bwho\b(?!\s+(?:decides?|is responsible|approves|should|shall|must|may|might|can|could"
                         r"|(?:is|are) to|(?:has|have|gets?) to|(?:is|are) (?:supposed|allowed)|bears?"
                         r"|has the final say)\b|'s\s+(?:supposed|allowed)\b)"
                         # "Which experts gave the presentations", "Which Swiss diplomat was a facilitator": people by
                         # a noun for them, after names or acronyms at most ("which rules did Ambassador X propose" asks
                         # rules); not a body of them ("which expert group's report") nor a possessive
                         r"|\bwhich\s+(?:(?:(?-i:[A-Z])|\w*\d)[\w-]*\s+){0,2}(?:experts?|facilitators?|diplomats?|ambassadors?"
                         r"|persons?)\b"
                         r"(?!['’]|\s+(?:groups?|bod(?:y|ies)|panels?|process(?:es)?|meetings?|work|reports?)\b)",
                         re.IGNORECASE)
# "anyone who knowingly arms terrorists", "the people who design policy": a relative "who" after a generic noun or
# pronoun describes them and asks no one's name
RELATIVE_WHO = re.compile(r"\b(people|anyone|anybody|someone|somebody|those|persons|individuals)\s+who\b",
                          re.IGNORECASE)
# "哪些国家", "which NGOs": the members of a group, which a sentence gives by naming or listing them
_GROUP_MEMBERS = r"(?:国家|会员国|成员国|国|组织|非政府组织|机构|成员|代表团|部门|项目|人)"
# what may stand between "which" and the group: one word ("which member states"), or how many and what names ("which
# nine Latin American and Caribbean countries", "which 79 Member States"), not a clause ("which day was reserved for
# states")
ENGLISH_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_BEFORE_GROUP = (rf"(?:[a-z]+\s+|(?:(?:\d[\d,]*|{'|'.join(ENGLISH_NUMBERS)}|"
                 r"(?-i:[A-Z][\w-]*)|and|other)\s+){1,6})?")
# what follows the group when the question asks which its members are ("国家都有哪些", "代表团是哪几个",
# "非政府组织具体有哪些", "具体是哪几家": 家 counts organisations)
_THEN_WHICH = r"\s*(?:都|又|还|分别|具体|究竟|到底)?\s*(?:有|是|包括)\s*哪"
ASKS_MEMBERS = re.compile(rf"(?:哪些|哪几[个位家名]?)\s*{_GROUP_MEMBERS}"
                          rf"|{_GROUP_MEMBERS}{_THEN_WHICH}(?:些|几[个位家名]?)"
                          rf"|\bwhich\s+{_BEFORE_GROUP}(?:{_GROUP_MEMBERS}"
                          r"|countries|states|organi[sz]ations|ngos|delegations|bodies|members|projects)\b",
                          re.IGNORECASE)
# "which nine Latin American and Caribbean countries", "which of the 30-odd states", "那九个国家是哪几个", "79个会员国
# 具体是哪些国家": the members asked for, by their number, which a sentence gives by listing that many; not "79个会员国
# 中，有哪些" (some of them)
COUNTED_MEMBERS = re.compile(rf"\bwhich\s+(?:of\s+the\s+)?(?P<english>\d+|{'|'.join(ENGLISH_NUMBERS)})(?:-odd)?\s+"
                             r"(?:(?-i:[A-Z])[\w-]*\s+|and\s+|member\s+){0,4}"
                             r"(?:countries|states|organi[sz]ations|ngos|delegations|bodies|members)\b"
                             rf"|(?P<chinese>\d+|[{CHINESE_NUMERALS}]{{1,3}})\s*多?\s*[个位家名]\s*{_GROUP_MEMBERS}"
                             r"(?!\s*中)[^？?。]{0,12}?(?:哪些|哪几|是哪|有哪)", re.IGNORECASE)
# "What are the seven categories of …?", "List the seven categories", "八项武器出口标准是什么": the items of a list, by
# their number, which a sentence gives by listing that many; not 第7条 (an article)
COUNTED_ITEMS = re.compile(rf"\b(?:what\s+(?:are|were)|list|name)\s+the\s+"
                           rf"(?P<english>\d+|{'|'.join(ENGLISH_NUMBERS)})\b"
                           rf"|(?<!第)(?<!第\s)(?P<chinese>\d+|[{CHINESE_NUMERALS}]{{1,3}})\s*(?:项|个|类|大类|条|点|种)"
                           r"[^？?，,。]{0,10}?(?:是什么|是哪些|有哪些|分别是|包括哪些)", re.IGNORECASE)
# events a question counts ("七次会议", "its seven meetings"), whose dates it may ask for each ("分别是什么时候",
# "On which dates were …", "each of its seven meetings")
COUNTED_EVENTS = re.compile(rf"(?P<chinese>\d+|[{CHINESE_NUMERALS}]{{1,3}})\s*[次场届个]\s*(?:会议|会|讲习班|研讨会)"
                            rf"|\b(?P<english>\d+|{'|'.join(ENGLISH_NUMBERS)})\s+(?:[a-z-]+\s+)?"
                            r"(?:meetings|sessions|workshops|conferences|seminars)\b", re.IGNORECASE)
# "候任主席团由哪些国家组成", "which member states sat on ...": the members asked for are countries, which a sentence
# gives by naming them (countries.NamesCountries), not by a list of anything else ("组织事项、会议的架构"); "哪些国家的
# 信息", "which countries' experts" ask for something of theirs (the documents say "所在国的记录"), not for them
_COUNTRIES = r"(?:国家|会员国|成员国|代表团)"
ASKS_COUNTRIES = re.compile(rf"(?:哪些|哪几个?)\s*{_COUNTRIES}(?!的)"
                            rf"|{_COUNTRIES}{_THEN_WHICH}(?:些|几个?)"
                            rf"|\bwhich\s+{_BEFORE_GROUP}(?:countries|states|delegations)\b(?!['’])", re.IGNORECASE)
# "候任主席团由哪些国家组成", "办公厅主任叫什么名字", "委员会主席是哪国人": what follows the group or the
# role whose members or holder the question asks for (analyze.holder_asked_of takes the word before it)
HOLDER_ASKED = re.compile(r"的?\s*(?:叫什么|姓名|名字|是谁|是哪|由哪|为哪|分别是哪)")
# "Who was the Chef de Cabinet who ...", "the name of the President of ...", "Which countries sat on the Bureau as
# ...": the role or group an English question asks the holder or members of ("who was drafting ..." names none)
HOLDER_ASKED_EN = re.compile(r"\b(?:who\s+(?:is|was|are|were)"
                             r"|(?:(?:what\s+(?:is|was|are|were)\s+|what['’]s\s+)the\s+)?names?\s+of"
                             r"|which\s+(?:[a-z]+\s+)?(?:countries|states)"
                             r"\s+(?:(?:sat|sit|sits|served|serve|serves|were|are)\s+on|made up|formed))"
                             r"\s+(?:the\s+)?(?![a-z]+ing\b)(?P<holder>[^,?.;!]+?)"
                             r"(?=\s+(?:who|that|which|at|in|for|of|on|as|during|to|from)\b|\s*[,?.;!]|$)",
                             re.IGNORECASE)
# "..., and who were its partners?": the question asks something else beside
ANOTHER_ASK_EN = re.compile(r"\band\s+(?:who|what|which|where|when|how|why)\b", re.IGNORECASE)
# a sentence opening a list ("选出了下列主席团成员：")
_OPENS_LIST = r"[：:]"
OPENS_LIST = re.compile(_OPENS_LIST)
# a sentence whose list follows it ("以鼓掌方式选出了下列主席团成员："), not one with a colon inside ("（电子邮件：…）")
ENDS_OPENING_LIST = re.compile(rf"{_OPENS_LIST}\s*$")
# a name in brackets, and what the brackets hold ("布鲁内(法国)": a name's country)
_BRACKETED = r"[(（]([\u4e00-\u9fff]{2,12})[)）]"
BRACKETED = re.compile(_BRACKETED)
# a sentence that names or lists: a list ("巴西、危地马拉", "如下：") or a name with its country ("麦克莱先生(新西兰)");
# "和" joins too much else ("(a)款和(b)款") to mark a list
NAMES_OR_LISTS = re.compile(rf"[、；;]|{_OPENS_LIST}|{_BRACKETED}")
# members asked for each of several things ("分别由哪些部门"), which the corpus names one per sentence, not in a list
RESPECTIVELY = re.compile(r"分别|(?<![a-z])(?:respectively|each)(?![a-z])", re.IGNORECASE)
# the dates asked for each of several events ("分别是什么时候", "each of its seven meetings", "On which dates …")
EACH_DATE = re.compile(rf"{RESPECTIVELY.pattern}|\bdates\b", re.IGNORECASE)
# the verbs of the programme's name, which the corpus writes in brackets and out ("从各个方面防止、打击和消除…")
PROGRAMME_VERBS = re.compile(r"防止\s*、\s*打击\s*[和、]\s*消除")


def outside_titles(sentence: str) -> str:
    """``sentence`` without its titles, quotations and the verbs of the programme's name, whose commas list nothing
    ("《从各个方面防止、打击和消除…》")."""
    return PROGRAMME_VERBS.sub("", QUOTED.sub("", BOOK_TITLE.sub("", sentence)))


# jieba's tags of adjectives, adverbial adjectives and distinguishing words ("精确", "充分", "非正式"); not of a noun
# that is an adjective too ("安全", an)
QUALITY_TAGS = frozenset({"a", "ad", "b"})
# how many characters before a 、 are read to tell its item's word
LIST_ITEM_READ = 6


def lists_qualities(text: str, comma: int) -> bool:
    """Whether the 、 at ``comma`` of ``text`` follows a quality, an adjective or distinguishing word: "一个非正式、开放
    和透明的论坛" lists what a forum is like, not who or what it holds."""
    words = list(jieba.posseg.cut(text[max(0, comma - LIST_ITEM_READ): comma]))
    return bool(words) and words[-1].flag in QUALITY_TAGS


class NamesOrLists:
    """Whether a sentence names or lists (NAMES_OR_LISTS) outside its titles and the programme's name: "…宣布执行
    《从各个方面防止、打击和消除…行动纲领》…会议开幕" lists nothing, nor "一个非正式、开放和透明的论坛"
    (lists_qualities)."""

    def search(self, sentence: str) -> bool:
        text = outside_titles(sentence)
        return any(match.group(0) != "、" or not lists_qualities(text, match.start())
                   for match in NAMES_OR_LISTS.finditer(text))


# a month named in a date ("5 月 9 日", "2011年5月"), not a year alone, which names meetings too ("2011 年不限成员名额
# 政府专家会议")
MONTH_NAMED = re.compile(r"\d{1,2}\s*月")


class NamesDates:
    """Matches, as a pattern's ``search`` does, a sentence naming two dates or more, to the month: what the dates of
    several events, asked for each, need ("自2010年以来，该小组已举行七次会议" names a year)."""

    def search(self, sentence: str) -> bool:
        return len(MONTH_NAMED.findall(sentence)) >= 2


# what joins the last item of a list to the one before ("菲律宾、保加利亚和圣卢西亚")
LAST_JOINED = re.compile(r"和|及|(?<![a-z])and(?![a-z])", re.IGNORECASE)


class ListsAbout:
    """Whether a sentence lists about ``count`` items (between half and twice as many), or ends opening a list: what
    "which nine countries" asks, not a sentence counting them ("收到79个会员国的国家报告") or listing thirty others."""

    def __init__(self, count: int) -> None:
        self.count = count

    def search(self, sentence: str) -> bool:
        if ENDS_OPENING_LIST.search(sentence):
            return True
        parts = re.split(r"[、；;]", outside_titles(sentence))
        items = len(parts) + bool(LAST_JOINED.search(parts[-1]))
        return self.count / 2 <= items <= self.count * 2


# a named person: a transliterated name ("吉姆·麦克莱", "让-克洛德 • 布鲁内"), a title, or a name with its country in
# brackets
PERSON = re.compile(rf"[\u4e00-\u9fff]\s*[·•・]\s*[\u4e00-\u9fff]|先生|女士|大使|阁下|{_BRACKETED}")
# how a term is defined, which a sentence states by defining it ("系指", "是指", "则是非法行为") or by speaking of its
# definition ("对…的界定，应继续作为国家的特权"); "what should states define in national law" asks what, not how
ASKS_DEFINITION = re.compile(r"(?:怎么|怎样|如何)\s*(?:定义|界定)|定义(?:是|为|上)|的(?:定义|界定)"
                             r"|\bhow (?:does|do|is|are|did)\b[^?]{0,60}\bdefined?\b|\bdefinitions?\b|\bmeant by\b",
                             re.IGNORECASE)
DEFINES = re.compile(r"是指|系指|指的是|定义|界定|所谓|称为|则(?:是|为)|即为|意指|意即")
# a treaty's entry into force ("《武器贸易条约》是哪一年生效的？", "When did the ATT enter into force?"), which a
# sentence states in the same words, not by naming the treaty or the conference that negotiated it
IN_FORCE = re.compile(r"生效|(?<![a-z])(?:enter(?:s|ed|ing)?|entry|c[oa]mes?|coming)\s+into\s+force(?![a-z])",
                      re.IGNORECASE)
# what a statement said ("发言的主要观点是什么", "the main points of the statement by ..."), which a sentence recording
# only who spoke does not state ("大会听取了下列组织代表的发言: ...", "很多专家也发了言")
ASKS_STATEMENT = re.compile(r"(?:发言|讲话|致辞|声明)[^？?。]{0,8}(?:观点|内容|要点|讲了|说了|谈了|强调了|主张|立场)"
                            r"|\b(?:main points|content|substance) of (?:the|their|its|his|her) (?:statement|speech)"
                            r"|\bwhat did\b[^?]{0,60}\bsay\b", re.IGNORECASE)
SAYS_MORE_THAN_WHO_SPOKE = re.compile(r"^(?![\s\S]*(?:听取了[\s\S]{0,60}发言|发了言|作了发言))")
# "文号是多少" / "以什么编号印发" ask for a document symbol, which a sentence states as one: not a count
ASKS_SYMBOL = re.compile(r"(?:文号|编号|文件号)\s*(?:是|为)?\s*(?:多少|什么|哪)|(?:什么|哪个)\s*(?:文号|编号)"
                         r"|\b(?:document )?symbol\b", re.IGNORECASE)
# "与会者名单载于哪份文件？", "Which document contains the list of participants?": the document something is in, which
# the passages name by its symbol; read to order the passages shown, not by the verdict (a sentence closest to such a
# question often names the document in words, "with the list of participants", and answers it)
ASKS_DOCUMENT = re.compile(r"(?:载于|收录在|收录于|登在|刊载于|印发|是|见|出处是)[^，,？?]{0,4}哪一?[份个]文件"
                           r"|哪一?[份个]文件(?:里|中|上)?(?:载|收录|登)|\b(?:which|what) document\b(?!s)",
                           re.IGNORECASE)


# what happened in the end ("最终", "后来", "ultimately"); "最后一届" / "最后几段" / "最后的意见" are "the last", not
# "in the end", a "最终用户" is an end user, an "outcome document" a document, an "outcome-focused" approach a way
ASKS_OUTCOME = re.compile(
    rf"(?<![a-z])(?:{_any_word(OUTCOME_WORDS)})(?![a-z]|[{CHINESE_NUMERALS}几两\d]|用户|的|-|\s+documents?)",
    re.IGNORECASE)
# a statement before the question sets its context ("The 2012 SG report said RevCon2 badly needed a substantive
# outcome; what did ...", "The Group discussed a 2011 meeting - when did it take place?"): what it says is not what is
# asked
STATEMENT_END = re.compile(r"[。；;！!]|\.(?=\s)|\s[-–—]\s")
# a part that asks though it has no question mark: it opens with a question word ("What came out of the conference -
# was a treaty text adopted?")
ASKING_START = re.compile(r"\s*(?:what|who|whom|whose|which|when|where|why|how|did|does|do|is|are|was|were|has|have"
                          r"|can|could|will|would|should)\b", re.IGNORECASE)
# "where would the outcome be published", "what will the meeting consider", "后来具体定在什么时间": what was planned
# or scheduled, which a document written before it can say
ASKS_PLANNED = re.compile(rf"(?<![a-z])(?:{_any_word(PLANNED_WORDS)})(?![a-z])", re.IGNORECASE)
# what was expected or hoped of an event ("…对第二次审议大会的成果文件有何期待"), which the documents announcing it hold
ASKS_EXPECTED = re.compile(rf"(?<![a-z])(?:{_any_word(EXPECTED_WORDS)})(?![a-z])", re.IGNORECASE)
# how a Chinese question, which has no tense, asks what was planned for a year rather than what happened in it: a
# word of plan anywhere ("2020年的会议将讨论什么"), or a decision before the first year it names ("大会决定2020年召开的
# 会议会期多长"; not "2020年的会议决定让2022年会议讨论什么", a decision taken in 2020)
ASKS_PLAN_UNTENSED = re.compile(rf"{_any_word(UNTENSED_PLAN_WORDS)}|^(?:(?!{YEAR.pattern}).)*?"
                                rf"(?:{_any_word(UNTENSED_DECISION_WORDS)})[^。？?！!]*?{YEAR_OF.pattern}")
# "the RevCon3 outcome", "the 2018 outcome", "the draft outcome": a meeting's outcome document; "the expected
# outcome": what was planned; neither is how something turned out
OUTCOME_DOCUMENT = re.compile(r"(?<![A-Za-z0-9])(?:(?:19|20)\d\d|[A-Za-z]+\d|draft)\s+outcome(?![a-z]|\s+of\b)"
                              r"|\b(?:expected|planned|anticipated|intended|envisaged|desired)\s+(?:outcomes?|results?)\b",
                              re.IGNORECASE)
# how things stand today ("目前", "currently"); "体现在", "出现在", "表现在", "实现在" hold 现在 without meaning "now"
ASKS_CURRENT = re.compile(rf"(?<![a-z体出表实])(?:{_any_word(CURRENT_WORDS)})(?![a-z])", re.IGNORECASE)
# a sentence that only announces an event ("定于 2012 年 8 月举行", "正在商谈"): it cannot say how it turned out;
# "决定于 2012 年召开" reports a decision taken
ANNOUNCES = re.compile(rf"(?<!决)(?:{_any_word(ANNOUNCING_WORDS)})")
# a question on what a report found: it names a report and asks for its conclusions, findings or recommendations
# ("What did the report find?")
REPORT = re.compile(r"报告|(?<![a-z])reports?(?![a-z])", re.IGNORECASE)
# what an instrument provides: "《武器贸易条约》规定…", "ATT对…有哪些具体要求", "the reporting obligations of ATT States
# parties", "What does the Firearms Protocol require"
PROVISION = re.compile(r"规定|要求|条款|(?<![a-z])(?:requir\w*|provisions?|provides?|stipulat\w*|obligations?|obliges?)"
                       r"(?![a-z])", re.IGNORECASE)
# a word of provision right after a title ("What does the ATT require", "the ATT's provisions"), or before of, under
# or in and a title ("the annual reporting obligations of ATT States parties"; the question's text up to the title)
PROVISION_AFTER_TITLE = re.compile(rf"》?\s*(?:['’]s\s+)?(?:{PROVISION.pattern})", re.IGNORECASE)
PROVISION_BEFORE_TITLE = re.compile(rf"(?:{PROVISION.pattern})\s+(?:of|under|in)\s+(?:the\s+)?[\u4e00-\u9fff]*$",
                                    re.IGNORECASE)
CLAUSE_END = re.compile(r"[，,。；;？?！!]")
# what may open a clause before a title of which the question reads the last words ("《武器" of "《武器贸易条约》
# 规定…", "根据《枪支"): the instrument is then what the clause is about, not another body ("大会要求各国如何对待
# 《武器贸易条约》")
OPENS_WITH_TITLE = re.compile(r"\s*(?:根据|按照|依照|按)?\s*《?[\u4e00-\u9fff]{0,4}")
# what was done, said in Chinese, which has no tense: 了 after a verb ("审查后得出了什么结论"), not 了解 ("to learn of")
DONE_ZH = re.compile(r"(?<=[\u4e00-\u9fff])了(?!解)")
FINDINGS = re.compile(r"结论|建议|发现|(?<![a-z])(?:find(?:s|ings?)?(?![a-z])|conclu\w*|recommend\w*)", re.IGNORECASE)
# what a body adopted, asked in English ("Was the outcome document … adopted by consensus?", "What did the Review
# Conference adopt?"), not what it was to adopt ("Why was it important for the Conference to adopt …?")
ASKS_ADOPTED = re.compile(r"(?<![a-z])(?:adopted|(?<!\bto\s)adopt)(?![a-z])", re.IGNORECASE)
# a sentence that requests a report ("请秘书长…提交相关报告", "会议邀请秘书长在六个月内提交一份报告", "请秘书长就本
# 决议的执行情况向大会第六十六届会议提出报告"): written before it
REQUESTS_REPORT = re.compile(r"(?:请|邀请|要求)[^。；]*(?:提交|编写|提出)[^。；]{0,20}报告")
# a request to the Secretary-General for a report, opening a clause ("请秘书长…提出报告", "…，并请秘书长提交…报告");
# made in a document's own voice when its sentence opens with a verb (a resolution's operative paragraph), not when
# it recounts another's ("大会还吁请…，并请秘书长向大会第六十七届会议报告")
REQUESTS_SECRETARY_GENERAL_REPORT = re.compile(
    r"(?:^|[，,；;：:]\s*)(?:并|还|又|亦)?(?:请|邀请|要求)秘书长[^。；]*报告")
# who requested the report a question asks about, by name: "the SG's report … requested by the Security Council",
# "the Security Council-requested report", "the report the Council asked for", "安理会请秘书长写的那份报告",
# "应安理会要求提交的报告"
_NAME_EN = r"(?-i:(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)"
REPORT_REQUESTED_BY = re.compile(
    rf"(?<![a-z])(?:requested|asked\s+for|commissioned)\s+by\s+(?:the\s+)?(?P<by>{_NAME_EN})"
    rf"|(?<![a-z])(?:the\s+)(?P<hyphened>{_NAME_EN})-requested(?![a-z])"
    rf"|(?<![a-z])the\s+(?P<asker>{_NAME_EN})\s+(?:had\s+)?(?:requested|asked\s+for)(?![a-z])"
    r"|(?P<zh>[\u4e00-\u9fff]{2,6}?)(?:请|要求|邀请)秘书长[^？?]*报告|应\s*(?P<zh_for>[\u4e00-\u9fff]{2,6}?)\s*的?(?:要求|请求)")
# a question on a report of the Secretary-General ("秘书长…报告", "the SG's report", "the Secretary-General report(ed)",
# "the report of the Secretary-General")
SECRETARY_GENERAL_REPORT = re.compile(r"秘书长[^，。？?]{0,30}报告"
                                      r"|(?<![a-z])(?:secretary-general|sg)(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?report"
                                      r"|(?<![a-z])reports? (?:of|by) the (?:secretary-general|sg)(?![a-z])",
                                      re.IGNORECASE)
# what the Secretary-General reported, asked in English ("What did the Secretary-General report to …?")
ASKS_REPORTED = re.compile(r"(?<![a-z])did the (?:secretary-general|sg) report(?![a-z])", re.IGNORECASE)
# what a body itself did in the end, asked with "did" and the verb ("Did the July 2012 Conference adopt a treaty
# text?", "What did BMS3 finally adopt?"), not a participle describing a document ("the agenda adopted at RevCon3")
ASKS_DID_DECIDE = re.compile(r"(?<![a-z])did(?:\s+[\w'’-]+){0,10}?\s+"
                             r"(?:adopt|conclude|recommend|decide|agree)(?![a-z])", re.IGNORECASE)
# what happened, in English's past tense ("Who was elected", "What did ... agree")
ASKS_PAST = re.compile(rf"(?<![a-z])(?:{_any_word(PAST_WORDS)})(?![a-z])", re.IGNORECASE)


# between a measure word and the noun it counts, what describes the noun: a phrase ending in 的 ("3 500 件过剩、过时或
# 没收的武器") and the first characters of a compound ("350 名安全部门人员", "五个工作日")
_DESCRIBED = r"(?:[^。；，\d]{0,12}的)?[\u4e00-\u9fff]{0,4}?"


@lru_cache(maxsize=256)
def naming_any(places: tuple[str, ...]) -> re.Pattern[str]:
    """A sentence naming one of ``places``, or opening a list (with a colon) that may name it."""
    return re.compile("|".join([*map(re.escape, places), r"[：:]\s*$"]))


def quantity_of(units: tuple[str, ...]) -> re.Pattern[str]:
    """A stated quantity of what a how-many question counts: a number before one of ``units``, or before a measure
    word and, described or not, one of them; any quantity when the question does not say what it counts."""
    if not units:
        return ANY_QUANTITY
    counted = "|".join(map(re.escape, units))
    forms = [*units, *(form for unit in units for form in AFTER_MEASURE_WORD.get(unit, ()))]
    after_measure = "|".join(map(re.escape, forms))
    return re.compile(rf"{NUMBER}(?:{counted}|[{MEASURE_WORDS}]\s*{_DESCRIBED}(?:{after_measure}))")
