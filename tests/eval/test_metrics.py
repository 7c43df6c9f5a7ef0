"""Qrels and run construction, ranx metrics on hand-made cases, faithfulness, abstention, answer sentences,
latency, grouping."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from eval.dataset import EvalItem
from eval.metrics import (
    abstention,
    build_qrels,
    build_run,
    check_faithfulness,
    doc_coverage,
    evaluate_run,
    holds_gold_text,
    latency,
    ranking_scores,
)
from eval.runner import Answer, CorpusChunk, Passage, SystemRun


def _item(qid: str, kind: str = "factoid", docs: tuple[str, ...] = ("a.txt",), gold: tuple[str, ...] = ("x",)
          ) -> EvalItem:
    if kind == "unanswerable":
        docs, gold = (), ()
    return EvalItem(id=qid, question=f"question {qid}?", type=kind, docs=docs, gold=gold)


def _answer(qid: str, *chunk_ids: str, files: dict[str, str] | None = None, answerable: bool | None = None,
            latency_ms: float = 10.0, texts: dict[str, str] | None = None, answer_text: str | None = None) -> Answer:
    files, texts = files or {}, texts or {}
    passages = tuple(Passage(chunk_id=c, rank=r, score=1.0 / r, text=texts.get(c, "t" * 10),
                             file=files.get(c, "a.txt"), label=c, doc_id="doc-a")
                     for r, c in enumerate(chunk_ids, start=1))
    return Answer(qid=qid, passages=passages, latency_ms=latency_ms, answerable=answerable, answer_text=answer_text)


def test_build_qrels_marks_every_chunk_that_contains_a_gold_quote() -> None:
    chunks = [CorpusChunk("c1", "a.txt", "会议于 2011 年 5 月\n9 日举行。"), CorpusChunk("c2", "a.txt", "无关"),
              CorpusChunk("c3", "b.txt", "5月9日 举行了会议"), CorpusChunk("c4", "b.txt", "2011年")]
    items = [_item("q1", gold=("2011年5月9日举行", "5 月 9 日 举行了")), _item("q2", kind="unanswerable"),
             _item("q3", gold=("不在语料中",))]
    assert build_qrels(items, chunks) == {"q1": {"c1": 1, "c3": 1}, "q3": {}}


def test_build_run_gives_strictly_decreasing_scores_in_rank_order() -> None:
    answers = {"q1": _answer("q1", "c3", "c1", "c2")}
    assert build_run(answers, ["q1"]) == {"q1": {"c3": 1.0, "c1": 0.5, "c2": pytest.approx(1 / 3)}}


def test_ranking_scores_match_hand_computed_values() -> None:
    qrels = {"first": {"a": 1}, "second": {"b": 1}, "two": {"a": 1, "c": 1}, "late": {"z": 1},
             "none": {}, "empty_run": {"a": 1}}
    run = {"first": {"a": 1.0, "b": 0.5}, "second": {"a": 1.0, "b": 0.5, "c": 0.3},
           "two": {"a": 1.0, "b": 0.5, "c": 0.3},
           "late": {f"d{i}": 1.0 / i for i in range(1, 11)} | {"z": 0.01},  # relevant at rank 11
           "none": {"a": 1.0}, "empty_run": {}}
    scores = ranking_scores(qrels, run)
    assert scores["first"] == pytest.approx({"recall@1": 1, "recall@3": 1, "recall@5": 1, "recall@10": 1,
                                             "mrr@10": 1, "ndcg@10": 1})
    assert scores["second"] == pytest.approx({"recall@1": 0, "recall@3": 1, "recall@5": 1, "recall@10": 1,
                                              "mrr@10": 0.5, "ndcg@10": 1 / math.log2(3)})
    # relevant at ranks 1 and 3 of 2 relevant: DCG 1 + 1/log2(4), ideal 1 + 1/log2(3)
    assert scores["two"]["ndcg@10"] == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert scores["two"]["recall@1"] == 1 and scores["two"]["mrr@10"] == 1
    for qid in ("late", "none", "empty_run"):
        assert set(scores[qid].values()) == {0.0}, qid


def test_doc_coverage_counts_listed_documents_with_a_relevant_passage_in_the_top_5() -> None:
    item = _item("q1", kind="cross_doc", docs=("a.txt", "b.txt", "c.txt"))
    files = {"a1": "a.txt", "x": "a.txt", "b1": "b.txt", "c1": "c.txt"}
    relevant = {"a1": 1, "b1": 1, "c1": 1}
    assert doc_coverage(item, _answer("q1", "a1", "x", "b1", files=files), relevant) == pytest.approx(2 / 3)
    # c1 at rank 6 is out of the top 5
    late = _answer("q1", "a1", "x", "x2", "x3", "x4", "c1", files=files)
    assert doc_coverage(item, late, relevant) == pytest.approx(1 / 3)


def test_abstention_scores_unanswerable_questions_as_the_positive_class() -> None:
    items = [_item("u1", "unanswerable"), _item("u2", "unanswerable"), _item("a1"), _item("a2")]
    answers = {"u1": _answer("u1", answerable=False), "u2": _answer("u2", answerable=True),
               "a1": _answer("a1", answerable=False), "a2": _answer("a2", answerable=True)}
    result = abstention(items, answers)
    assert result is not None
    assert (result.precision, result.recall, result.f1) == (0.5, 0.5, 0.5)
    assert (result.abstained, result.unanswerable, result.questions) == (2, 2, 4)


def test_abstention_is_none_when_the_service_does_not_say_answerable() -> None:
    items = [_item("u1", "unanswerable"), _item("a1")]
    assert abstention(items, {"u1": _answer("u1"), "a1": _answer("a1")}) is None


def test_abstention_never_abstaining_scores_zero() -> None:
    items = [_item("u1", "unanswerable"), _item("a1")]
    result = abstention(items, {"u1": _answer("u1", answerable=True), "a1": _answer("a1", answerable=True)})
    assert result is not None and (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)


def test_check_faithfulness_flags_a_passage_whose_spans_do_not_hold_its_text() -> None:
    source = "第一段：会议在纽约举行。\n第二段：大会决定。"
    good = Passage("c1", 1, 1.0, "第一段：会议在\n纽约举行。", "a.txt", "p1", doc_id="d", spans=((0, 12),))
    bad = Passage("c2", 2, 0.5, "第二段：大会决定。", "a.txt", "p2", doc_id="d", spans=((0, 12),))
    orphan = Passage("c3", 3, 0.3, "第二段", "z.txt", "p3", doc_id="unknown", spans=((0, 3),))
    run = SystemRun("s", "m", {"q1": Answer("q1", (good, bad, orphan), 1.0)}, chunks=())
    result = check_faithfulness(run, {"d": source})
    assert result.checked == 3
    assert [(f.chunk_id, f.reason) for f in result.failures] == [
        ("c2", "the cited spans do not hold the passage text"), ("c3", "no source for this document")]
    assert result.share == pytest.approx(1 / 3)


def test_latency_reports_median_and_95th_percentile() -> None:
    answers = {str(i): _answer(str(i), latency_ms=float(i)) for i in range(1, 101)}
    result = latency(answers)
    assert result.p50_ms == pytest.approx(50.5)
    assert result.p95_ms == pytest.approx(95.05)


def test_evaluate_run_groups_by_type_and_single_document() -> None:
    chunks = (CorpusChunk("a1", "a.txt", "金句一"), CorpusChunk("b1", "b.txt", "金句二"),
              CorpusChunk("n", "a.txt", "无"))
    items = [_item("f1", gold=("金句一",)), _item("f2", kind="paraphrase", docs=("b.txt",), gold=("金句二",)),
             _item("x1", kind="cross_doc", docs=("a.txt", "b.txt"), gold=("金句一", "金句二")),
             _item("u1", kind="unanswerable")]
    files = {"a1": "a.txt", "b1": "b.txt", "n": "a.txt"}
    texts = {"a1": "金句一", "b1": "金句二", "n": "无"}
    answers = {"f1": _answer("f1", "a1", "n", files=files, texts=texts),
               "f2": _answer("f2", "n", "a1", files=files, texts=texts),            # a miss
               "x1": _answer("x1", "n", "b1", files=files, texts=texts),
               "u1": _answer("u1", "n", files=files, texts=texts)}
    report = evaluate_run(items, SystemRun("s", "m", answers, chunks), None)
    assert report.overall.ranked == 3 and report.overall.questions == 4
    assert report.overall.metrics["recall@1"] == pytest.approx(1 / 3)
    assert report.overall.metrics["recall@3"] == pytest.approx(2 / 3)
    assert report.overall.metrics["mrr@10"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert report.overall.doc_coverage == pytest.approx(0.5)
    # top-5 lengths of the answerable questions: 3+1, 1+3, 1+3 characters over 6 passages
    assert report.overall.mean_length == pytest.approx(12 / 6)
    assert set(report.by_type) == {"cross_doc", "factoid", "paraphrase", "unanswerable"}
    assert report.by_type["unanswerable"].metrics["recall@5"] is None
    assert report.by_type["unanswerable"].mean_length == 1
    assert set(report.by_document) == {"a.txt", "b.txt"}
    assert report.by_document["b.txt"].metrics["recall@10"] == 0
    assert [s.qid for s in report.questions if s.missed] == ["f2"]
    assert report.faithfulness is None and report.abstention is None


@pytest.mark.parametrize(("sentence", "gold", "holds"), [
    ("会议于 2011 年 5 月 9 日至 13 日在纽约举行。", ("2011年5月9日至13日在纽约举行",), True),  # whitespace ignored
    ("期间召开了九次全体会议。", ("召开了九次全体会议",), True),  # the whole of a short quote
    ("会议选举了主席。", ("2011年5月9日至13日在纽约举行",), False),
    ("2011年5月9日至13日", ("会议于2011年5月9日至13日在联合国总部举行",), True),  # the whole of a short sentence
    ("会议于2011年5月9日", ("大会于2011年5月9日决定",), True),  # ten characters in a row
    ("会议于2011年5月", ("大会于2011年5月决定",), False),  # nine
])
def test_an_answer_sentence_is_right_when_it_shares_gold_text(sentence: str, gold: tuple[str, ...],
                                                              holds: bool) -> None:
    assert holds_gold_text(sentence, gold) is holds


def test_answer_sentences_count_right_and_given_over_the_answerable_questions() -> None:
    chunks = (CorpusChunk("a1", "a.txt", "会议于2011年5月9日至13日在纽约举行。"),)
    items = [_item("q1", gold=("5月9日至13日在纽约举行",)), _item("q2", gold=("5月9日至13日在纽约举行",)),
             _item("q3", gold=("5月9日至13日在纽约举行",)), _item("u1", kind="unanswerable")]
    answers = {"q1": _answer("q1", "a1", answer_text="会议于2011年5月9日至13日在纽约举行。"),
               "q2": _answer("q2", "a1", answer_text="会议选举了主席。"),
               "q3": _answer("q3", "a1"),  # no answer sentence
               "u1": _answer("u1", "a1", answer_text="会议于2011年5月9日至13日在纽约举行。")}
    report = evaluate_run(items, SystemRun("s", "m", answers, chunks), None)
    assert report.answers is not None
    assert (report.answers.right, report.answers.given, report.answers.answerable) == (1, 2, 3)
    assert report.answers.accuracy == pytest.approx(1 / 3) and report.answers.precision == pytest.approx(1 / 2)
    assert [s.answer_right for s in report.questions] == [True, False, None, False]  # u1 has no gold text


def test_answer_sentences_are_none_for_a_system_that_gives_none() -> None:
    chunks = (CorpusChunk("a1", "a.txt", "金句一"),)
    report = evaluate_run([_item("q1")], SystemRun("s", "m", {"q1": _answer("q1", "a1")}, chunks), None)
    assert report.answers is None


def test_the_confidence_is_scored_against_answers_right_in_the_first_three_passages() -> None:
    chunks = (CorpusChunk("a1", "a.txt", "金句一"), *(CorpusChunk(f"n{i}", "a.txt", "无") for i in range(3)))
    files = {c.chunk_id: "a.txt" for c in chunks}
    texts = {c.chunk_id: c.text for c in chunks}
    items = [_item("right", gold=("金句一",)), _item("deep", gold=("金句一",)), _item("u1", kind="unanswerable")]
    answers = {"right": _answer("right", "a1", files=files, texts=texts),
               "deep": _answer("deep", "n0", "n1", "n2", "a1", files=files, texts=texts),  # found, but fourth
               "u1": _answer("u1", "a1", files=files, texts=texts)}
    confidences = {"right": 0.85, "deep": 0.85, "u1": 0.05}
    answers = {qid: replace(a, confidence=confidences[qid]) for qid, a in answers.items()}
    report = evaluate_run(items, SystemRun("s", "m", answers, chunks), None)
    assert report.calibration is not None and report.calibration.questions == 3
    # bin 0.8-0.9: confidence 0.85, one of two right; bin 0.0-0.1: 0.05, none right
    assert report.calibration.table == ((0.0, 0.05, 0.0, 1), (pytest.approx(0.8), 0.85, 0.5, 2))
    assert report.calibration.ece == pytest.approx((1 * 0.05 + 2 * 0.35) / 3)
    unreported = evaluate_run(items, SystemRun("s", "m", {q: _answer(q, "a1", files=files, texts=texts)
                                                          for q in answers}, chunks), None)
    assert unreported.calibration is None
