"""Fitting the map of English question vectors (eval/query_map.py) on made-up vectors: what is tested is the fitting
and the folds, which do not depend on meaning; the questions are a fixed rotation of their passages, blurred."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from eval.dataset import read_dataset
from eval.query_map import (
    Sample,
    collect,
    english_bundle,
    fit,
    leave_one_pair_out,
    log_prior,
    pair_of,
    passage_vectors,
    reciprocal_ranks,
    use_map,
)
from eval.runner import PipelineBackend
from service.config import Settings
from service.pipeline import AskQuery
from service.retrieval.mapped import QueryMap
from tests.conftest import two_encoder_pipeline

DIM, PASSAGES = 24, 60


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


class MadeUpSpace:
    """Random passages, and questions asking about them from a space turned against the passages': only a map learns
    to turn it back."""

    def __init__(self) -> None:
        self.rng = np.random.default_rng(7)
        self.passages = unit(self.rng.standard_normal((PASSAGES, DIM)))
        self.rotation, _ = np.linalg.qr(self.rng.standard_normal((DIM, DIM)))

    def asking(self, row: int, dataset: str, i: int, blur: float) -> Sample:
        vector = unit(self.rotation @ self.passages[row] + blur * self.rng.standard_normal(DIM))
        return Sample(dataset, f"{dataset}-{i}", vector, (row,))


def made_up(sets: list[str], per_set: int = 40) -> tuple[list[Sample], np.ndarray]:
    space = MadeUpSpace()
    samples = [space.asking(int(space.rng.integers(PASSAGES)), dataset, i, 0.3)
               for dataset in sets for i in range(per_set)]
    return samples, space.passages


def test_a_map_fitted_on_some_sets_ranks_another_sets_gold_higher() -> None:
    samples, passages = made_up(["blind1_en", "blind2_en", "dev_en", "blind3_en"])
    trained = [s for s in samples if s.dataset != "blind3_en"]
    held = [s for s in samples if s.dataset == "blind3_en"]
    before = reciprocal_ranks(None, held, passages).mean()
    after = reciprocal_ranks(fit(trained, passages), held, passages).mean()
    assert after > before + 0.2


def test_the_same_samples_give_the_same_map() -> None:
    samples, passages = made_up(["blind1_en", "dev_en"], per_set=20)
    assert fit(samples, passages).tobytes() == fit(samples, passages).tobytes()


def test_the_prior_counts_a_share_of_each_gold_row_add_one_smoothed() -> None:
    vector = np.zeros(DIM, dtype=np.float32)
    samples = [Sample("dev_en", "q1", vector, (0,)), Sample("dev_en", "q2", vector, (0, 1))]
    prior = np.exp(log_prior(samples, 4))
    assert np.allclose(prior, np.array([2.5, 1.5, 1, 1]) / 6)


def test_the_adjusted_map_does_not_learn_which_passage_the_writers_favour() -> None:
    # half the training questions ask about passage 0; the held-out ones ask about the others
    space = MadeUpSpace()
    trained = [space.asking(0 if i % 2 else int(space.rng.integers(1, PASSAGES)), "blind1_en", i, 0.6)
               for i in range(160)]
    held = np.stack([space.asking(int(space.rng.integers(1, PASSAGES)), "blind2_en", i, 0.6).vector
                     for i in range(200)])

    def favoured(adjustment: float) -> float:
        moved = held @ fit(trained, space.passages, adjustment).T
        return float(np.mean(np.argmax(moved @ space.passages.T, axis=1) == 0))

    assert favoured(1.0) < favoured(0.0) / 2


def test_a_set_and_its_english_twin_are_left_out_together() -> None:
    assert pair_of("blind40_en") == pair_of("blind40") == "blind40" and pair_of("dev_en") == "dev"
    samples, passages = made_up(["blind1", "blind1_en", "blind2_en"], per_set=10)
    held = leave_one_pair_out(samples, passages)
    assert set(held) == {"blind1", "blind2"}
    assert (held["blind1"] == fit([s for s in samples if s.dataset == "blind2_en"], passages)).all()


def test_a_question_with_several_gold_rows_is_answered_by_any_of_them() -> None:
    samples, passages = made_up(["dev_en"], per_set=1)
    [sample] = samples
    ranks = np.argsort(-(passages @ sample.vector))
    both = Sample(sample.dataset, sample.qid, sample.vector, (int(ranks[40]), int(ranks[1])))
    assert reciprocal_ranks(None, [both], passages)[0] == 0.5


def test_english_questions_are_collected_with_the_english_encoders_vectors_and_the_map_put_to_use(
        fake_settings: Settings, tmp_path: Path) -> None:
    pipeline, _, english = two_encoder_pipeline(fake_settings, tmp_path, rankers="dense,clause,bm25,mapped")
    dataset = tmp_path / "pair_en.jsonl"
    gold = pipeline.bundle.chunks[3].text[:20]
    rows = [{"id": "q1", "question": "What does the tracing instrument say about marking?", "type": "factoid",
             "doc": pipeline.bundle.chunks[3].doc_id, "gold": [gold]},
            {"id": "q2", "question": "国际追查文书对标识说了什么？", "type": "factoid",
             "doc": pipeline.bundle.chunks[3].doc_id, "gold": [gold]},
            {"id": "q3", "question": "What is the weather like?", "type": "unanswerable", "doc": None, "gold": []}]
    dataset.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    chunks = PipelineBackend(pipeline).chunks()
    # the answerable question in English only, with the English encoder's vector and every row holding its gold
    [sample] = collect(pipeline, {"pair_en": read_dataset(dataset)}, chunks)
    assert sample.qid == "q1" and 3 in sample.gold_rows and sample.dataset == "pair_en"
    assert np.array_equal(sample.vector, english.encode_queries([pipeline.reader.analyze(rows[0]["question"])
                                                                  .dense_text])[0])
    passages = passage_vectors(pipeline)
    assert passages.shape == (len(pipeline.bundle.chunks), 16)
    # a map sending every question onto passage 7 puts that passage first in the mapped list of an English question
    use_map(pipeline, QueryMap(np.outer(passages[7], sample.vector), "fake-english", {}))
    hits = pipeline.ask(AskQuery(str(rows[0]["question"]), 10)).hits
    assert any(hit.sources.get("mapped") is not None for hit in hits)
    assert english_bundle(pipeline).vectors is not pipeline.bundle.vectors
