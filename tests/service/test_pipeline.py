"""AskPipeline on the FAKE-encoder index: the steps it runs, the settings that switch them, what it returns."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.errors import IndexFormatError
from indexer.index import read_index
from indexer.store import scores_of
from service.answer import Answer, Verdict
from service.config import Settings, updated
from service.deps import Engine
from service.engine import check_engine, load_engine
from service.errors import UnknownDocumentError
from service.pipeline import AskPipeline, AskQuery, Stopwatch, shown_apart, with_answer_shown
from tests.conftest import CountingEncoder, two_encoder_pipeline


def pipeline_with(engine: Engine, settings: Settings, **changes: object) -> AskPipeline:
    return AskPipeline(engine.bundle, engine.encoder, updated(settings, changes))


def test_every_step_is_timed(fake_engine: Engine) -> None:
    result = fake_engine.pipeline.ask(AskQuery(question="65/64号决议对非法中介活动说了什么？", top_k=3))
    assert set(result.stages_ms) == {"analyze", "dense", "clause", "bm25", "fusion", "judge"}
    assert len(result.hits) == 3 and result.took_ms >= sum(result.stages_ms.values())


def test_a_single_list_mode_returns_that_list_without_boosts(fake_engine: Engine) -> None:
    result = fake_engine.pipeline.ask(AskQuery(question="65/64号决议执行部分第12段", top_k=5, mode="keyword"))
    assert all(set(h.sources) == {"bm25"} and not h.pinned and h.document_bonus == 0 for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_the_hybrid_fuses_the_rankers_the_settings_name(fake_engine: Engine, fake_settings: Settings) -> None:
    pipeline = pipeline_with(fake_engine, fake_settings, **{"retrieval.rankers": "bm25,dense"})
    hits = pipeline.ask(AskQuery(question="标识和追查", top_k=10)).hits
    assert set().union(*(h.sources for h in hits)) == {"bm25", "dense"}
    bm25_only = pipeline_with(fake_engine, fake_settings, **{"retrieval.rankers": "bm25"})
    keyword = fake_engine.pipeline.ask(AskQuery(question="标识和追查", top_k=10, mode="keyword")).hits
    assert [h.chunk.chunk_id for h in bm25_only.ask(AskQuery(question="标识和追查", top_k=10)).hits] == [
        h.chunk.chunk_id for h in keyword]


def test_an_english_question_is_fused_with_the_english_weights(fake_engine: Engine, fake_settings: Settings) -> None:
    # every list but BM25 weighs nothing for English: the fusion then orders the passages as BM25 does
    pipeline = pipeline_with(fake_engine, fake_settings, **{"retrieval.english_ranker_weights": "dense=0,clause=0",
                                                            "retrieval.document_hint": 0})
    for question, follows_bm25 in (("How are weapons marked and traced?", True), ("如何标识和追查武器？", False)):
        hybrid = pipeline.ask(AskQuery(question=question, top_k=10)).hits
        keyword = pipeline.ask(AskQuery(question=question, top_k=10, mode="keyword")).hits
        assert ([h.chunk.chunk_id for h in hybrid] == [h.chunk.chunk_id for h in keyword]) is follows_bm25


def test_the_document_hint_is_recorded_and_can_be_switched_off(fake_engine: Engine, fake_settings: Settings) -> None:
    query = AskQuery(question="65/64号决议对中介活动有什么要求？", top_k=10)
    hinted = fake_engine.pipeline.ask(query).hits
    assert all((h.document_bonus > 0) == (h.chunk.doc_id == "res-65-64") for h in hinted)
    plain = pipeline_with(fake_engine, fake_settings, **{"retrieval.document_hint": 0}).ask(query).hits
    assert all(h.document_bonus == 0 for h in plain)


def test_the_verdict_reads_the_same_passages_whatever_top_k(fake_engine: Engine) -> None:
    question = "2030年第五次审议大会在哪里举行？"
    one, ten = (fake_engine.pipeline.ask(AskQuery(question=question, top_k=k)) for k in (1, 10))
    assert one.verdict.missing_terms == ten.verdict.missing_terms == ("2030",)
    assert len(one.hits) == 1 and not one.verdict.answerable


def test_a_disabled_rule_no_longer_withholds(fake_engine: Engine, fake_settings: Settings) -> None:
    pipeline = pipeline_with(fake_engine, fake_settings, **{"answer.disabled_rules": "terms"})
    assert pipeline.ask(AskQuery(question="2030年第五次审议大会在哪里举行？")).verdict.missing_terms == ()


def test_an_unknown_document_is_refused_with_the_known_ones(fake_engine: Engine) -> None:
    with pytest.raises(UnknownDocumentError, match="unknown document 'A/RES/65/64'; known doc_ids: bms3"):
        fake_engine.pipeline.ask(AskQuery(question="标识", documents=("A/RES/65/64",)))


def test_group_by_document_keeps_each_documents_ranks(fake_engine: Engine) -> None:
    result = fake_engine.pipeline.ask(AskQuery(question="国际援助与合作", top_k=10, group_by="document"))
    assert result.groups is not None and sorted(h.rank for h in result.hits) == list(range(1, 11))
    assert [h.chunk.doc_id for h in result.hits] == [g.doc_id for g in result.groups for _ in g.ranks]


def test_an_english_question_goes_through_the_english_encoders_vectors(fake_settings: Settings,
                                                                         tmp_path: Path) -> None:
    main, english = CountingEncoder("fake-main"), CountingEncoder("fake-english")
    index = fake_settings.index
    build_index(index.corpus_dir, tmp_path / "index", main, english_encoder=english, progress=False)
    bundle = read_index(tmp_path / "index")
    pipeline = AskPipeline(bundle, main, fake_settings, english_encoder=english)
    assert pipeline.english is not None and pipeline.routes == (pipeline.main, pipeline.english)
    asked = len(main.questions)
    result = pipeline.ask(AskQuery(question="What does the tracing instrument say about marking?", top_k=5))
    assert result.question.language == "en" and english.questions and len(main.questions) == asked
    # the dense scores are the English encoder's: the cosine of its question vector with its passage vectors
    dense = pipeline.ask(AskQuery(question=result.question.text, top_k=5, mode="dense")).hits
    vector = english.encode_queries([result.question.dense_text])[0]
    assert bundle.english is not None and len(dense) == 5
    rows = [bundle.chunks.index(hit.chunk) for hit in dense]
    assert [hit.sources["dense"] for hit in dense] == pytest.approx(
        list(scores_of(bundle.english.vectors, vector, rows)), abs=1e-5)


def test_a_chinese_question_is_ranked_by_the_english_encoder_and_judged_by_the_encoder(fake_settings: Settings,
                                                                                        tmp_path: Path) -> None:
    pipeline, main, english = two_encoder_pipeline(fake_settings, tmp_path)
    question = "标识和追查的国际文书"
    result = pipeline.ask(AskQuery(question=question, top_k=5))
    assert result.question.language == "zh" and main.questions == english.questions == [result.question.dense_text]
    assert "encode" in result.stages_ms  # both encoders at once, before the lists
    # asked again, both vectors are remembered: nothing is encoded, nothing handed to the second encoder's thread
    again = pipeline.ask(AskQuery(question=question, top_k=5))
    assert "encode" not in again.stages_ms and main.questions == english.questions == [result.question.dense_text]
    assert [hit.chunk for hit in again.hits] == [hit.chunk for hit in result.hits]
    assert pipeline.english is not None
    ranked = pipeline.search(result.question, "hybrid", 5, None, Stopwatch(), pipeline.english)
    assert [hit.chunk for hit in result.hits] == [hit.chunk for hit in ranked]
    # the verdict is the one the encoder's own passages give, as when the encoder ranks too
    judged_alone = AskPipeline(pipeline.bundle, main, updated(fake_settings, {"retrieval.ranked_by": "encoder"}),
                               english_encoder=english).ask(AskQuery(question=question, top_k=5))
    assert result.verdict.signals == judged_alone.verdict.signals
    assert (result.verdict.answerable, result.verdict.confidence) == (judged_alone.verdict.answerable,
                                                                      judged_alone.verdict.confidence)


@pytest.mark.parametrize(("changes", "mode"), [({"retrieval.ranked_by": "encoder"}, "hybrid"), ({}, "keyword")])
def test_a_chinese_question_goes_through_the_encoder_alone_where_it_ranks_or_no_vector_does(
        fake_settings: Settings, tmp_path: Path, changes: dict[str, object], mode: str) -> None:
    pipeline, main, english = two_encoder_pipeline(fake_settings, tmp_path, **changes)
    result = pipeline.ask(AskQuery(question="标识和追查的国际文书", top_k=5, mode=mode))  # type: ignore[arg-type]
    assert main.questions and not english.questions and "encode" not in result.stages_ms


def test_the_answer_points_into_the_passages_shown_and_is_always_among_them(fake_engine: Engine) -> None:
    pipeline = fake_engine.pipeline
    question = pipeline.reader.analyze("65/64号决议对非法中介活动说了什么？")
    judged = pipeline.search(question, "hybrid", 5, None, Stopwatch(), pipeline.main)
    source = judged[1]
    answer = Answer(text=source.chunk.text[:20], passage_rank=source.rank, start=source.chunk.start,
                    end=source.chunk.start + 20, score=0.9)
    verdict = Verdict(True, 0.9, answer, (), {})
    shown = [replace(hit, rank=rank) for rank, hit in enumerate([judged[3], judged[0], source, judged[4]], 1)]
    hits, moved = with_answer_shown(shown, judged, verdict)
    assert hits == shown and moved.answer == replace(answer, passage_rank=3)
    without = [replace(hit, rank=rank) for rank, hit in enumerate([judged[3], judged[0], judged[4]], 1)]
    hits, moved = with_answer_shown(without, judged, verdict)
    assert [hit.chunk for hit in hits] == [judged[3].chunk, judged[0].chunk, source.chunk]
    assert [hit.rank for hit in hits] == [1, 2, 3] and moved.answer == replace(answer, passage_rank=3)
    assert with_answer_shown(without, judged, replace(verdict, answerable=False, answer=None))[0] == without


@pytest.mark.parametrize("question", ["What's the symbol of the chair's summary of views expressed at the 2011 MGE?",
                                      "What does the documentation section of the 2011 MGE report list?"])
def test_a_symbol_or_part_question_is_shown_the_readers_order_and_judged_on_the_ranking(fake_engine: Engine,
                                                                                        question: str) -> None:
    pipeline = fake_engine.pipeline
    read = pipeline.reader.analyze(question)
    assert shown_apart(read) and not shown_apart(pipeline.reader.analyze("2011年专家会议在哪里举行？"))
    ranking, judging = pipeline.routes_for(read)
    judged = pipeline.search(read, "hybrid", 10, None, Stopwatch(), judging)
    shown = pipeline.search(read, "hybrid", 10, None, Stopwatch(), ranking, shown=True)
    assert [h.chunk.chunk_id for h in shown] != [h.chunk.chunk_id for h in judged]  # the display steps moved some
    result = pipeline.ask(AskQuery(question=question, top_k=10))
    verdict = judging.judge.judge(read, judged, shown=10)
    assert (result.verdict.answerable, result.verdict.confidence) == (verdict.answerable, verdict.confidence)
    expected, _ = with_answer_shown(shown, judged, verdict)
    assert [h.chunk.chunk_id for h in result.hits] == [h.chunk.chunk_id for h in expected]


def test_a_question_shown_apart_ranks_each_list_once_where_one_route_ranks_and_judges(fake_engine: Engine,
                                                                                      fake_settings: Settings) -> None:
    question = "What's the symbol of the chair's summary of views expressed at the 2011 MGE?"
    pipeline = pipeline_with(fake_engine, fake_settings)  # its own rankers, wrapped to count
    assert pipeline.routes_for(pipeline.reader.analyze(question)) == (pipeline.main, pipeline.main)
    ranked: list[str] = []
    for name, ranker in pipeline.main.rankers.items():
        def counted(*args: object, name: str = name, rank: object = ranker.rank) -> object:
            ranked.append(name)
            return rank(*args)  # type: ignore[operator]
        ranker.rank = counted  # type: ignore[method-assign]
    pipeline.ask(AskQuery(question=question, top_k=10))
    # the test above checks that the answer is the one of the two searches each ranking its own lists
    assert sorted(ranked) == ["bm25", "clause", "dense"]


def test_without_an_english_encoder_every_question_goes_through_the_encoder(fake_engine: Engine) -> None:
    assert fake_engine.pipeline.english is None and fake_engine.pipeline.routes == (fake_engine.pipeline.main,)
    for text in ("What does the tracing instrument say about marking?", "标识和追查的国际文书"):
        question = fake_engine.pipeline.reader.analyze(text)
        assert fake_engine.pipeline.routes_for(question) == (fake_engine.pipeline.main, fake_engine.pipeline.main)


def test_an_index_whose_english_route_finds_nothing_is_not_put_in_service(fake_settings: Settings,
                                                                          tmp_path: Path) -> None:
    main, english = CountingEncoder("fake-main"), CountingEncoder("fake-english")
    settings = updated(fake_settings, {"index.index_dir": tmp_path / "index"})
    build_index(settings.index.corpus_dir, settings.index.index_dir, main, english_encoder=english, progress=False)
    engine = load_engine(settings, main, english)
    check_engine(engine)
    # the English probe, and the first passage (ranked through the English route too), each asked once
    assert len(english.questions) == 2 and english.questions[1].startswith("What does the")
    assert engine.pipeline.english is not None
    for ranker in engine.pipeline.english.rankers.values():
        ranker.rank = lambda *_: []  # type: ignore[method-assign]
    # the first probe finds nothing already: the English route ranks the Chinese passage too
    with pytest.raises(IndexFormatError, match="found nothing for its own first passage"):
        check_engine(engine)
