"""Extractive answer and abstention: the sentence of the top passages that best answers the question,
and whether the passages hold what the question asks for."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba
import jieba.posseg
import numpy as np

from indexer.clean import locate
from indexer.types import Hit
from service.retrieval.sentence import SentenceRetriever

DOCUMENT_SYMBOL = r"[A-Za-z]+(?:/[A-Za-z0-9.]+)+"  # A/RES/65/64, S/2012/42
# what a question pins down exactly: numbers, years, votes, document symbols
SPECIFIC_TERM = re.compile(rf"{DOCUMENT_SYMBOL}|\d+(?:[./]\d+)*")
ANSWER_PASSAGES = 3
# a question naming two or more years ("在2011年和2018年分别", "2012到2018年期间") spans meetings or documents,
# so what it names is spread over more passages than the first three
SPANNING_EVIDENCE_PASSAGES = 10
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
CHINESE_NUMBER = "一二三四五六七八九十百千万两"
# a lone 一 is not a count: "一个", "一项", "一次" are how Chinese says "a", as in "召开一次会议"
NUMBER = rf"(?:\d|[{CHINESE_NUMBER}]{{2,}}|[{CHINESE_NUMBER.replace('一', '')}])\s*[多余]?\s*"
# "哪几个" and "第几次" ask which, not how many; "这几项" points at things already named
ASKS_QUANTITY = re.compile(r"多少|(?<![哪第这那])几[个名位次项件份年天国票人]|几成|比例|百分之")
MEASURE_WORD = "个张名位次项件份种家条届所枚支把批"
ANY_QUANTITY = re.compile(rf"{NUMBER}(?:个|名|位|人|票|件|发|份|次|年|国|%|项|周|天|日|倍|万|千|百)")
# what is counted: "多少张赞成票" counts 张/票, "几次会议" 次; money is counted in currencies
COUNTED = re.compile(rf"(?:多少|(?<![哪第这那])几)\s*([{MEASURE_WORD}年天国票人]?)\s*([\u4e00-\u9fff]{{0,6}})")
MONEY_WORDS = ("资金", "捐款", "经费", "费用", "金额", "款项", "预算", "捐助")
MONEY_UNITS = ("美元", "欧元", "元", "万", "亿")
ASKS_DATE = re.compile(r"什么时候|何时|哪一?天|哪一?年|哪个月|日期|时间")
DATE = re.compile(r"\d+\s*年|\d+\s*月\s*\d+\s*日|[上下]午|星期")
# "谁的责任" asks whose duty; "由谁决定" / "谁说了算" ask who decides, which is often a state or a body
ASKS_PERSON = re.compile(r"谁(?!的|\s*来?\s*(?:决定|说了算|负责|确定|认定|判断|批准|承担))|哪位")
# a named person: a transliterated name, a title, or a name with its country in brackets
PERSON = re.compile(r"[\u4e00-\u9fff]·[\u4e00-\u9fff]|先生|女士|大使|阁下|[(（][\u4e00-\u9fff]{2,12}[)）]")
# "文号是多少" / "以什么编号印发" ask for a document symbol, which a sentence states as one: not a count
ASKS_SYMBOL = re.compile(r"(?:文号|编号|文件号)\s*(?:是|为)?\s*(?:多少|什么|哪)|(?:什么|哪个)\s*(?:文号|编号)")
SYMBOL = re.compile(DOCUMENT_SYMBOL)
# the words between a counted noun and "多少" when the question puts the noun first ("票数是多少")
BEFORE_HOW_MANY = frozenset({"是", "有", "为", "共", "一共", "总共", "共计", "大约", "约", "各", "分别", "都"})
ASKS_WHICH = re.compile(r"哪|什么|何|还是")  # "还是" offers alternatives: either may be the answer
# common words that jieba's dictionary files as place names (ns): "两者的关联", "海关", "东道国"
NOT_PLACES = frozenset({"关联", "海关", "城市", "东北", "东南", "王国", "共和国", "太平", "新建", "西洋",
                        "伊斯兰", "大湖", "湖区", "立国", "列国", "铺平", "攸关", "东道国", "保国", "外联",
                        "同国", "多国", "中考"})
RANK_PENALTY = 0.01  # retrieval already weighed the whole paragraph: prefer higher-ranked passages slightly


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    passage_rank: int
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Verdict:
    answerable: bool
    confidence: float
    answer: Answer | None
    missing_terms: tuple[str, ...]


def specific_terms(question: str) -> list[str]:
    return SPECIFIC_TERM.findall(question)


def named_places(question: str) -> list[str]:
    """Countries, cities and regions the question names (jieba's part-of-speech tag ns), except those it
    asks about ("哪座城市", "纽约还是日内瓦") and common words jieba mis-tags."""
    pairs = list(jieba.posseg.cut(question))
    words = [pair.word for pair in pairs]
    return [pair.word for i, pair in enumerate(pairs) if pair.flag == "ns" and len(pair.word) >= 2
            and pair.word not in NOT_PLACES
            and not any(ASKS_WHICH.match(w) for w in words[max(0, i - 2): i]) and "还是" not in words[i + 1: i + 2]]


def counted_units(question: str) -> list[str]:
    """What a how-many question counts, as the characters a stated quantity would be followed by: its
    measure word and the first and last character of the counted noun ("多少张赞成票" -> 张, 赞, 票)."""
    match = COUNTED.search(question)
    if not match:
        return []
    measure, rest = match.groups()
    words = [w for w in jieba.lcut(rest) if w.strip()][:2]
    if not measure and not words:
        before = [w for w in jieba.lcut(question[:match.start()]) if w.strip()]
        while before and before[-1] in BEFORE_HOW_MANY:
            before.pop()
        words = before[-1:]
    units = [measure] if measure else []
    if words:
        units += [words[0][0], words[0][-1]]
    if any(word in MONEY_WORDS for word in words):
        units += MONEY_UNITS
    return list(dict.fromkeys(units))


def expected_facts(question: str) -> list[re.Pattern[str]]:
    """Patterns a sentence must match to answer the question: a quantity of what "多少" counts, a date for
    "何时", a person for "谁", a document symbol for "文号"."""
    facts = []
    if ASKS_SYMBOL.search(question):
        facts.append(SYMBOL)
        question = ASKS_SYMBOL.sub("", question)
    if ASKS_QUANTITY.search(question):
        units = counted_units(question)
        counted = "|".join(map(re.escape, units))
        facts.append(re.compile(rf"{NUMBER}(?:{counted}|[{MEASURE_WORD}]\s*(?:{counted}))") if units else ANY_QUANTITY)
    facts += [fact for asks, fact in ((ASKS_DATE, DATE), (ASKS_PERSON, PERSON))
              if asks.search(question)]
    return facts


def evidence_depth(question: str) -> int:
    """How many of the first passages must hold what the question names."""
    return SPANNING_EVIDENCE_PASSAGES if len(set(YEAR.findall(question))) >= 2 else ANSWER_PASSAGES


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


class AnswerFinder:
    """Picks the best sentence of the top passages by cosine with the question (precomputed sentence
    vectors) and decides answerability: every number, year, symbol or place the question names must appear
    in the evidence, and the best sentence must be at least ``threshold`` similar to the question."""

    def __init__(self, sentences: SentenceRetriever, *, threshold: float, floor: float = 0.78,
                 ceiling: float = 0.92) -> None:
        self.sentences = sentences
        self.bundle = sentences.bundle
        self.threshold = threshold
        self.floor = floor
        self.ceiling = ceiling
        # load jieba's dictionary now, quietly, rather than during the first question
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        self._corpus = _squashed(" ".join(chunk.text for chunk in self.bundle.chunks))
        self._rows_of_chunk: dict[str, list[int]] = {}
        for j, (row, _) in enumerate(self.bundle.sentences):
            self._rows_of_chunk.setdefault(self.bundle.chunks[row].chunk_id, []).append(j)

    def best_sentence(self, question: str, hits: list[Hit]) -> Answer | None:
        facts = expected_facts(question)
        candidates = [(hit, j) for hit in hits[:ANSWER_PASSAGES] for j in self._rows_of_chunk[hit.chunk.chunk_id]
                      if all(fact.search(self.bundle.sentences[j][1]) for fact in facts)]
        if not candidates:
            return None
        scores = self.sentences.sentence_scores(self.sentences.queries.vector(question))
        adjusted = [scores[j] - RANK_PENALTY * (hit.rank - 1) for hit, j in candidates]
        hit, j = candidates[int(np.argmax(adjusted))]
        text = self.bundle.sentences[j][1]
        original = self.bundle.documents[hit.chunk.doc_id].text
        start, end = locate(original, hit.chunk.start, hit.chunk.end, text)
        return Answer(text=text, passage_rank=hit.rank, start=start, end=end, score=float(scores[j]))

    def judge(self, question: str, hits: list[Hit], shown: int | None = None) -> Verdict:
        """``hits``: at least ``evidence_depth(question)`` passages where there are that many; the answer
        sentence comes from the first ``shown`` of them (those the client gets back)."""
        if not hits:
            return Verdict(False, 0.0, None, ())
        answer = self.best_sentence(question, hits[:shown])
        top = hits[:evidence_depth(question)]
        evidence = _squashed(" ".join([h.chunk.text for h in top] + [
            " ".join(filter(None, (h.citation.symbol, h.citation.title, h.citation.date, h.citation.section)))
            for h in top]))
        # a word jieba takes for a place but the corpus never uses ("黑市") is a paraphrase, not a name
        places = [p for p in named_places(question) if p in self._corpus]
        missing = tuple(t for t in specific_terms(question) + places if _squashed(t) not in evidence)
        similarity = answer.score if answer else 0.0
        confidence = float(np.clip((similarity - self.floor) / (self.ceiling - self.floor), 0.0, 1.0))
        confidence *= 0.5 ** len(missing)
        answerable = not missing and similarity >= self.threshold
        return Verdict(answerable, round(confidence, 3), answer if answerable else None, missing)
