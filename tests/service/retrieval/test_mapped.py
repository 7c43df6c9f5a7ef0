"""The mapped list (service/retrieval/mapped.py): its file, and which questions and encoders it ranks for. The map
here is the identity or a made-up one on the FAKE encoder's index (what is tested does not depend on meaning), and
the shipped one on the real index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from service.config import Settings, updated
from service.deps import Engine
from service.pipeline import AskPipeline, AskQuery
from service.retrieval.dense import DenseRanker
from service.retrieval.mapped import QUERY_MAP, MappedRanker, QueryMap, QueryMapError, shipped_map_for

ENGLISH = "Where was the 2018 Review Conference held?"
CHINESE = "2018年审议大会在哪里举行？"
RANKERS_WITH_MAP = "dense,clause,bm25,mapped"


def identity_for(engine: Engine) -> QueryMap:
    dim = engine.bundle.manifest["encoder"]["dim"]
    return QueryMap(np.eye(dim, dtype=np.float32), engine.bundle.manifest["encoder"]["name"], {})


def test_a_map_is_read_back_as_written(tmp_path: Path) -> None:
    written = QueryMap(np.arange(9, dtype=np.float32).reshape(3, 3), "some encoder", {"datasets": ["dev_en"]})
    written.save(tmp_path / "map.npz")
    read = QueryMap.load(tmp_path / "map.npz")
    assert (read.matrix == written.matrix).all() and read.encoder == "some encoder"
    assert read.about == {"datasets": ["dev_en"]} and not (tmp_path / "map.npz.partial").exists()


def test_a_file_that_is_not_a_square_map_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "junk.npz").write_bytes(b"not a map")
    with pytest.raises(QueryMapError, match="junk.npz: not a query map"):
        QueryMap.load(tmp_path / "junk.npz")
    QueryMap(np.zeros((2, 3), dtype=np.float32), "e", {}).save(tmp_path / "wide.npz")
    with pytest.raises(QueryMapError, match=r"\(2, 3\), not a square matrix"):
        QueryMap.load(tmp_path / "wide.npz")


def test_a_map_of_another_size_than_the_index_vectors_is_refused(fake_engine: Engine) -> None:
    with pytest.raises(QueryMapError, match="3-dimensional; the index's vectors are 16-dimensional"):
        MappedRanker(fake_engine.bundle, fake_engine.pipeline.main.queries, QueryMap(np.eye(3), "e", {}))


def test_the_identity_map_ranks_an_english_question_as_the_dense_list_does(fake_engine: Engine) -> None:
    queries = fake_engine.pipeline.main.queries
    mapped = MappedRanker(fake_engine.bundle, queries, identity_for(fake_engine))
    question = fake_engine.pipeline.reader.analyze(ENGLISH)
    assert question.language == "en"
    ours, dense = mapped.rank(question, None, 20), DenseRanker(fake_engine.bundle, queries).rank(question, None, 20)
    assert [row for row, _ in ours] == [row for row, _ in dense]
    assert np.allclose([s for _, s in ours], [s for _, s in dense], atol=1e-5)
    # a document filter holds as for the dense list
    doc_id = fake_engine.bundle.chunks[0].doc_id
    assert {fake_engine.bundle.chunks[row].doc_id for row, _ in mapped.rank(question, [doc_id], 20)} == {doc_id}


def test_the_map_moves_the_question_vector(fake_engine: Engine) -> None:
    queries = fake_engine.pipeline.main.queries
    question = fake_engine.pipeline.reader.analyze(ENGLISH)
    # a map sending every question to the first passage's vector ranks that passage first
    first = fake_engine.bundle.vectors.search(queries.vector(question.dense_text)[None, :], 1)[0]
    target = np.asarray(fake_engine.bundle.vectors.matrix()[5], dtype=np.float32)  # type: ignore[attr-defined]
    onto = np.outer(target, queries.vector(question.dense_text))
    ranked = MappedRanker(fake_engine.bundle, queries, QueryMap(onto, "e", {})).rank(question, None, 3)
    assert ranked[0][0] == 5 and first[0][0] != 5


def test_a_question_not_in_english_gets_no_mapped_list(fake_engine: Engine) -> None:
    mapped = MappedRanker(fake_engine.bundle, fake_engine.pipeline.main.queries, identity_for(fake_engine))
    assert mapped.rank(fake_engine.pipeline.reader.analyze(CHINESE), None, 20) == []


def test_no_map_is_read_for_an_encoder_it_was_not_fitted_on(fake_engine: Engine) -> None:
    assert shipped_map_for(fake_engine.bundle) is None
    mapped = MappedRanker(fake_engine.bundle, fake_engine.pipeline.main.queries)
    assert mapped.rank(fake_engine.pipeline.reader.analyze(ENGLISH), None, 20) == []


def test_the_shipped_map_is_the_english_encoders_and_says_how_it_was_fitted() -> None:
    shipped = QueryMap.load(QUERY_MAP)
    assert shipped.matrix.shape == (384, 384) and "e5-small-poa" in shipped.encoder
    sets = {path.stem for path in (Path(__file__).resolve().parents[3] / "eval" / "data").glob("*.jsonl")}
    datasets = shipped.about["datasets"]
    assert isinstance(datasets, list) and set(datasets) <= sets and "dev_en" in datasets
    assert all(f"--dataset eval/data/{name}.jsonl" in str(shipped.about["command"]) for name in datasets)
    # a blind set is left that it was never fitted on
    assert any(name.startswith("blind") and name.endswith("_en") and name not in datasets for name in sets)


def test_with_the_option_english_questions_are_shown_passages_the_shipped_map_ranks(engine: Engine,
                                                                                      settings: Settings) -> None:
    pipeline = AskPipeline(engine.bundle, engine.encoder, updated(settings, {"retrieval.rankers": RANKERS_WITH_MAP}),
                           english_encoder=engine.pipeline.english.queries.encoder if engine.pipeline.english else None)
    assert pipeline.english is not None
    assert pipeline.english.rankers["mapped"].query_map is not None  # type: ignore[attr-defined]
    assert pipeline.main.rankers["mapped"].query_map is None  # type: ignore[attr-defined]
    english = pipeline.ask(AskQuery(question=ENGLISH, top_k=5))
    assert any("mapped" in hit.sources for hit in english.hits) and "mapped" in english.stages_ms
    # the verdict reads the ranking without the map: the same as without the option, its answer pointing to where
    # the passages shown put it
    plain = engine.pipeline.ask(AskQuery(question=ENGLISH, top_k=5)).verdict
    assert english.verdict.answer is not None and plain.answer is not None
    assert (english.verdict.answerable, english.verdict.confidence, english.verdict.answer.text) == (
        plain.answerable, plain.confidence, plain.answer.text)
    assert english.hits[english.verdict.answer.passage_rank - 1].chunk.text.find(english.verdict.answer.text) >= 0
    chinese = pipeline.ask(AskQuery(question=CHINESE, top_k=5))
    assert not any("mapped" in hit.sources for hit in chinese.hits)
    # not a list of the default settings
    assert "mapped" not in engine.pipeline.english.rankers
