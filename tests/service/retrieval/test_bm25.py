"""Keyword ranking: BM25 over the question's content words (its question words left out)."""

from __future__ import annotations

from service.deps import Engine
from service.question.analyze import QuestionReader
from service.retrieval.bm25 import Bm25Ranker


def content(reader: QuestionReader, text: str) -> str:
    return reader.analyze(text).content


def test_question_words_are_dropped_and_content_words_kept(fake_engine: Engine) -> None:
    reader = fake_engine.pipeline.reader
    assert content(reader, "成果文件对标识提出了哪些要求？") == "成果文件对标识提出了 要求？"
    assert content(reader, "2011年专家会议是否讨论了弹药？谁主持的？") == "2011年专家会议 讨论了弹药？ 主持的？"
    assert content(reader, "几内亚比绍如何参与？") == "几内亚比绍 参与？"  # 几 of a name is not a question word


def test_a_question_word_does_not_pull_in_passages_that_merely_contain_it(fake_engine: Engine) -> None:
    ranker = Bm25Ranker(fake_engine.bundle, fake_engine.pipeline.main.queries)
    reader = fake_engine.pipeline.reader
    # "如何" appears in few passages, so it would weigh as much as a rare content word
    asked = [row for row, _ in ranker.rank(reader.analyze("如何标识轻小武器？"), None, 5)]
    plain = [row for row, _ in ranker.rank(reader.analyze("标识轻小武器"), None, 5)]
    assert asked == plain
    assert all("标识" in fake_engine.bundle.chunks[row].text for row in asked)


def test_a_document_filter_keeps_only_its_rows(fake_engine: Engine) -> None:
    ranker = Bm25Ranker(fake_engine.bundle, fake_engine.pipeline.main.queries)
    scored = ranker.rank(fake_engine.pipeline.reader.analyze("标识"), ["res-65-64"], 50)
    assert scored and {fake_engine.bundle.chunks[row].doc_id for row, _ in scored} == {"res-65-64"}
