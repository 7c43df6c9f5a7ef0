"""Keyword retrieval on the real index: BM25 over the question's content words."""

from __future__ import annotations

from service.retrieval.keyword import KeywordRetriever, content_words

from service.deps import Engine


def test_question_words_are_dropped_and_content_words_kept() -> None:
    assert content_words("成果文件对标识提出了哪些要求？") == "成果文件对标识提出了 要求？"
    assert content_words("2011年专家会议是否讨论了弹药？谁主持的？") == "2011年专家会议 讨论了弹药？ 主持的？"
    assert content_words("几内亚比绍如何参与？") == "几内亚比绍 参与？"  # 几 of a name is not a question word


def test_a_question_word_does_not_pull_in_passages_that_merely_contain_it(engine: Engine) -> None:
    keyword = KeywordRetriever(engine.bundle)
    # "如何" appears in few passages, so it weighs as much as a rare content word would
    asked = [row for row, _ in keyword.scored("如何标识轻小武器？")[:5]]
    plain = [row for row, _ in keyword.scored("标识轻小武器")[:5]]
    assert asked == plain
    assert all("标识" in engine.bundle.chunks[row].text for row in asked)
