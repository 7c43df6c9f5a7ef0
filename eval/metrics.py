"""Gold-quote relevance -> qrels + run; ranking metrics via ranx; faithfulness, abstention, calibration of the
confidence, answer sentences, latency, length."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from eval.dataset import EvalItem, gold_needles, squash_whitespace
from eval.run import Answer, CorpusChunk, SystemRun
from indexer.clean import is_faithful

K_VALUES = (1, 3, 5, 10)
COVERAGE_K = 5
LENGTH_K = 5
# an answer sentence is right when it shares this many characters in a row with a gold quote (or the whole quote)
ANSWER_OVERLAP = 10
# Recall@k is ranx's hit_rate@k: 1 when at least one relevant passage is in the top k.
# an answer is right when a passage holding a gold quote is among the first three: the confidence is the
# probability of that (service/answer.py; `poaqa calibrate`)
EVIDENCE = 3
BINS = 10  # equal-width confidence bins of the reliability table
RANX_METRICS = (*(f"hit_rate@{k}" for k in K_VALUES), "mrr@10", "ndcg@10")
METRIC_NAMES = {**{f"hit_rate@{k}": f"recall@{k}" for k in K_VALUES}, "mrr@10": "mrr@10", "ndcg@10": "ndcg@10"}

Qrels = dict[str, dict[str, int]]
Run = dict[str, dict[str, float]]


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """One question's figures; ranking figures are empty for an unanswerable question."""

    qid: str
    type: str
    docs: tuple[str, ...]
    metrics: dict[str, float]
    first_relevant_rank: int | None
    relevant_chunks: int
    doc_coverage: float | None
    top_lengths: tuple[int, ...]
    latency_ms: float
    abstained: bool | None
    answer_right: bool | None = None  # None: no answer sentence given

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def missed(self) -> bool:
        """An answerable question with no relevant passage among those returned."""
        return self.answerable and self.first_relevant_rank is None


@dataclass(frozen=True, slots=True)
class Summary:
    """Means over a group of questions; None where the group has no question the figure applies to."""

    questions: int
    ranked: int
    metrics: dict[str, float | None]
    doc_coverage: float | None
    mean_length: float | None
    unreachable: int


@dataclass(frozen=True, slots=True)
class CitationFailure:
    qid: str
    chunk_id: str
    doc_id: str | None
    spans: tuple[tuple[int, int], ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Faithfulness:
    """How many returned passages were checked against their source, and those that did not match it."""

    checked: int
    failures: tuple[CitationFailure, ...]

    @property
    def share(self) -> float | None:
        return None if not self.checked else 1 - len(self.failures) / self.checked


@dataclass(frozen=True, slots=True)
class Abstention:
    """Abstaining (answerable == false) scored with the unanswerable questions as the positive class."""

    precision: float
    recall: float
    f1: float
    abstained: int
    unanswerable: int
    questions: int


@dataclass(frozen=True, slots=True)
class Calibration:
    """How far ``confidence`` is from the share of right answers: the expected calibration error over the
    reliability table's bins (bin low, mean confidence, share right, questions)."""

    ece: float
    questions: int
    table: tuple[tuple[float, float, float, int], ...]


@dataclass(frozen=True, slots=True)
class AnswerSentences:
    """Answer sentences of the answerable questions: how many were given, and how many hold gold text."""

    right: int
    given: int
    answerable: int

    @property
    def accuracy(self) -> float:
        """Share of the answerable questions answered with a sentence that holds gold text."""
        return self.right / self.answerable if self.answerable else 0.0

    @property
    def precision(self) -> float:
        """Share of the answer sentences given that hold gold text."""
        return self.right / self.given if self.given else 0.0


@dataclass(frozen=True, slots=True)
class Latency:
    p50_ms: float
    p95_ms: float
    mean_ms: float


@dataclass(frozen=True, slots=True)
class SystemReport:
    """Everything measured for one system over one dataset."""

    name: str
    mode: str
    overall: Summary
    by_type: dict[str, Summary]
    by_document: dict[str, Summary]
    faithfulness: Faithfulness | None
    abstention: Abstention | None
    calibration: Calibration | None
    answers: AnswerSentences | None
    latency: Latency
    questions: tuple[QuestionScore, ...]
    qrels: Qrels
    run: Run


def build_qrels(items: Sequence[EvalItem], chunks: Sequence[CorpusChunk]) -> Qrels:
    """qid -> {chunk_id: 1} for every chunk whose text contains one of the question's gold quotes
    (whitespace removed on both sides); answerable questions only, possibly with no relevant chunk."""
    squashed = [(c.chunk_id, squash_whitespace(c.text)) for c in chunks]
    qrels: Qrels = {}
    for item in items:
        if not item.answerable:
            continue
        needles = gold_needles(item)
        qrels[item.id] = {chunk_id: 1 for chunk_id, text in squashed if any(n in text for n in needles)}
    return qrels


def build_run(answers: Mapping[str, Answer], qids: Sequence[str]) -> Run:
    """qid -> {chunk_id: 1/rank}: strictly decreasing in rank, so ranx reproduces the returned order."""
    run: Run = {}
    for qid in qids:
        ranked: dict[str, float] = {}
        for position, passage in enumerate(sorted(answers[qid].passages, key=lambda p: p.rank), start=1):
            ranked.setdefault(passage.chunk_id, 1.0 / position)
        run[qid] = ranked
    return run


def ranking_scores(qrels: Qrels, run: Run) -> dict[str, dict[str, float]]:
    """Per question recall@{1,3,5,10} (= ranx hit_rate@k), mrr@10 and ndcg@10, computed by ranx.

    A question with no relevant chunk scores 0 everywhere; a question missing from ``run`` retrieved nothing.
    """
    from ranx import Qrels as RanxQrels
    from ranx import Run as RanxRun
    from ranx import evaluate

    qids = sorted(qrels)
    scores = {qid: {METRIC_NAMES[m]: 0.0 for m in RANX_METRICS} for qid in qids}
    judged = [qid for qid in qids if qrels[qid]]
    if not judged:
        return scores
    ranx_qrels = RanxQrels({qid: qrels[qid] for qid in judged})
    ranx_run = RanxRun({qid: run.get(qid, {}) for qid in judged})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's uint64 -> int64 cast warning inside ranx
        evaluate(ranx_qrels, ranx_run, list(RANX_METRICS), return_mean=False, save_results_in_run=True)
    # ranx keeps each query's score in the Run, keyed by query id
    for metric in RANX_METRICS:
        for qid, value in ranx_run.scores[metric].items():
            scores[qid][METRIC_NAMES[metric]] = float(value)
    return scores


def doc_coverage(item: EvalItem, answer: Answer, relevant: Mapping[str, int], k: int = COVERAGE_K) -> float:
    """Share of the question's listed documents with a relevant passage among the top ``k``."""
    covered = {p.file for p in sorted(answer.passages, key=lambda p: p.rank)[:k] if p.chunk_id in relevant}
    return sum(1 for f in item.docs if f in covered) / len(item.docs)


def check_faithfulness(run: SystemRun, sources: Mapping[str, str]) -> Faithfulness:
    """Check every returned passage with indexer.clean.is_faithful against its document's source text."""
    checked = 0
    failures: list[CitationFailure] = []
    for qid, answer in run.answers.items():
        for p in answer.passages:
            checked += 1
            source = sources.get(p.doc_id or "")
            if source is None:
                failures.append(CitationFailure(qid, p.chunk_id, p.doc_id, p.spans, "no source for this document"))
            elif not is_faithful(source, p.text, p.spans):
                failures.append(CitationFailure(qid, p.chunk_id, p.doc_id, p.spans,
                                                "the cited spans do not hold the passage text"))
    return Faithfulness(checked=checked, failures=tuple(failures))


def abstention(items: Sequence[EvalItem], answers: Mapping[str, Answer]) -> Abstention | None:
    """Precision, recall and F1 of abstaining; None when an answer does not say whether it is answerable."""
    if not items or any(answers[item.id].answerable is None for item in items):
        return None
    abstained = {item.id for item in items if answers[item.id].answerable is False}
    positive = {item.id for item in items if not item.answerable}
    hits = len(abstained & positive)
    precision = hits / len(abstained) if abstained else 0.0
    recall = hits / len(positive) if positive else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Abstention(precision=precision, recall=recall, f1=f1, abstained=len(abstained),
                      unanswerable=len(positive), questions=len(items))


def reliability(probabilities: np.ndarray, right: np.ndarray) -> list[tuple[float, float, float, int]]:
    """(bin low, mean confidence, share right, questions) for each of BINS equal-width confidence bins."""
    rows = []
    for low in np.linspace(0, 1, BINS, endpoint=False):
        inside = (probabilities >= low) & (probabilities < low + 1 / BINS + (1e-9 if low >= 1 - 1 / BINS else 0))
        if inside.any():
            rows.append((float(low), float(probabilities[inside].mean()), float(right[inside].mean()),
                         int(inside.sum())))
    return rows


def expected_calibration_error(probabilities: np.ndarray, right: np.ndarray) -> float:
    return sum(n * abs(confidence - share) for _, confidence, share, n in
               reliability(probabilities, right)) / max(len(right), 1)


def calibration(scores: Sequence[QuestionScore], answers: Mapping[str, Answer]) -> Calibration | None:
    """The calibration of the confidence over every question (an unanswerable one is never answered right); None
    when an answer reports no confidence."""
    if not scores or any(answers[s.qid].confidence is None for s in scores):
        return None
    probabilities = np.array([answers[s.qid].confidence for s in scores], dtype=np.float64)
    right = np.array([s.answerable and s.first_relevant_rank is not None and s.first_relevant_rank <= EVIDENCE
                      for s in scores])
    return Calibration(expected_calibration_error(probabilities, right), len(scores),
                       tuple(reliability(probabilities, right)))


def holds_gold_text(sentence: str, gold: Sequence[str]) -> bool:
    """Whether the sentence and a gold quote share ANSWER_OVERLAP characters in a row (whitespace removed),
    or all of the shorter one."""
    text = squash_whitespace(sentence)
    for quote in map(squash_whitespace, gold):
        match = SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(0, len(text), 0, len(quote))
        if match.size >= min(ANSWER_OVERLAP, len(text), len(quote)) > 0:
            return True
    return False


def answer_sentences(scores: Sequence[QuestionScore]) -> AnswerSentences | None:
    """None when the system gives no answer sentences at all (the naive baseline)."""
    if all(s.answer_right is None for s in scores):
        return None
    ranked = [s for s in scores if s.answerable]
    return AnswerSentences(right=sum(1 for s in ranked if s.answer_right),
                           given=sum(1 for s in ranked if s.answer_right is not None), answerable=len(ranked))


def latency(answers: Mapping[str, Answer]) -> Latency:
    values = np.array([a.latency_ms for a in answers.values()], dtype=float)
    if not values.size:
        return Latency(0.0, 0.0, 0.0)
    return Latency(p50_ms=float(np.percentile(values, 50)), p95_ms=float(np.percentile(values, 95)),
                   mean_ms=float(values.mean()))


def _mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def summarise(scores: Sequence[QuestionScore]) -> Summary:
    """Means of a group's figures; ranking figures and passage length over its answerable questions
    (passage length over all of them when none is answerable)."""
    ranked = [s for s in scores if s.answerable]
    names = [METRIC_NAMES[m] for m in RANX_METRICS]
    lengths = [n for s in (ranked or scores) for n in s.top_lengths]
    return Summary(
        questions=len(scores),
        ranked=len(ranked),
        metrics={name: _mean([s.metrics[name] for s in ranked]) for name in names},
        doc_coverage=_mean([s.doc_coverage for s in scores if s.doc_coverage is not None]),
        mean_length=_mean(lengths),
        unreachable=sum(1 for s in ranked if s.relevant_chunks == 0),
    )


def _grouped(scores: Sequence[QuestionScore], key: Callable[[QuestionScore], str | None]) -> dict[str, Summary]:
    groups: dict[str, list[QuestionScore]] = {}
    for score in scores:
        name = key(score)
        if name is not None:
            groups.setdefault(name, []).append(score)
    return {name: summarise(group) for name, group in sorted(groups.items())}


def evaluate_run(items: Sequence[EvalItem], run: SystemRun, sources: Mapping[str, str] | None) -> SystemReport:
    """Score a system's run on a dataset; ``sources`` (doc_id -> original text) None: no citations to check."""
    qrels = build_qrels(items, run.chunks)
    ranx_run = build_run(run.answers, [item.id for item in items])
    per_question = ranking_scores(qrels, ranx_run)
    scores: list[QuestionScore] = []
    for item in items:
        answer = run.answers[item.id]
        relevant = qrels.get(item.id, {})
        ordered = sorted(answer.passages, key=lambda p: p.rank)
        first = next((i for i, p in enumerate(ordered, start=1) if p.chunk_id in relevant), None)
        scores.append(QuestionScore(
            qid=item.id, type=item.type, docs=item.docs, metrics=per_question.get(item.id, {}),
            first_relevant_rank=first, relevant_chunks=len(relevant),
            doc_coverage=doc_coverage(item, answer, relevant) if item.type == "cross_doc" else None,
            top_lengths=tuple(len(p.text) for p in ordered[:LENGTH_K]), latency_ms=answer.latency_ms,
            abstained=None if answer.answerable is None else not answer.answerable,
            answer_right=None if not answer.answer_text else holds_gold_text(answer.answer_text, item.gold)))
    return SystemReport(
        name=run.name, mode=run.mode,
        overall=summarise(scores),
        by_type=_grouped(scores, lambda s: s.type),
        # cross_doc questions have several documents: they are reported per type (and doc coverage) only
        by_document=_grouped(scores, lambda s: s.docs[0] if len(s.docs) == 1 else None),
        faithfulness=check_faithfulness(run, sources) if sources is not None and run.has_citations else None,
        abstention=abstention(items, run.answers),
        calibration=calibration(scores, run.answers),
        answers=answer_sentences(scores),
        latency=latency(run.answers),
        questions=tuple(scores), qrels=qrels, run=ranx_run,
    )
