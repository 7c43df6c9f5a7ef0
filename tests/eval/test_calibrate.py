"""Fitting the confidence (eval/calibrate.py) on made-up samples: the signals are numbers chosen here, not a model's,
since what is tested is the fitting and the choice of the gate, which do not depend on meaning; and which pipeline
the samples come from (FAKE encoders)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from eval.calibrate import (
    Sample,
    _probabilities,
    answered,
    choose_threshold,
    encoder_verdicts,
    fit,
    leave_one_set_out,
    rescale,
    rescaled_leave_one_set_out,
)
from eval.metrics import expected_calibration_error
from service.answer import SIGNALS
from service.config import Settings
from service.pipeline import AskPipeline, AskQuery
from tests.conftest import two_encoder_pipeline


def sample(dataset: str, i: int, similarity: float, right: bool, *, answerable: bool = True, zeroed: bool = False,
           passes: bool = True) -> Sample:
    signals = dict.fromkeys(SIGNALS, 0.0) | {"similarity": similarity, "stated": 1.0}
    return Sample(dataset, f"{dataset}-{i}", answerable, right, passes and not zeroed, zeroed, signals)


def separable(dataset: str, n: int = 40) -> list[Sample]:
    """Answers right when their similarity is high; the low ones unanswerable questions the rules let through."""
    return [sample(dataset, i, 0.9 if i % 2 else 0.1, bool(i % 2), answerable=bool(i % 2)) for i in range(n)]


def test_the_model_is_fitted_only_on_questions_whose_confidence_it_gives() -> None:
    clean = separable("a") + separable("b")
    # questions a rule withheld (confidence 0 whatever the signals) with the opposite pattern change nothing
    noisy = clean + [sample("c", i, 0.9, False, answerable=False, zeroed=True) for i in range(200)]
    assert fit(noisy).weights == fit(clean).weights
    probabilities = _probabilities(fit(noisy), noisy)
    assert (probabilities[len(clean):] == 0).all() and probabilities[: len(clean)].max() > 0.5


def test_the_gate_is_raised_only_as_far_as_it_lowers_no_held_out_set() -> None:
    samples = separable("a") + separable("b") + separable("c")
    assert choose_threshold(samples) == 0.95  # every gate withholds only the unanswerable questions
    # in set d the right answers are the low-similarity ones: a gate much above 0.5 withholds them too
    # (the rules withhold its two unanswerable questions)
    odd = [sample("d", i, 0.45, True) for i in range(6)] + [sample("d", 10 + i, 0.9, False, answerable=False,
                                                                  passes=False) for i in range(2)]
    threshold = choose_threshold(samples + odd)
    assert 0.0 < threshold < 0.95
    held, probabilities, labels = leave_one_set_out(samples + odd, threshold)
    assert all(h.with_model[2] >= h.rules_only[2] for h in held) and len(probabilities) == len(labels) == 128


def test_a_rescaling_answers_the_same_questions_and_follows_how_often_they_are_right() -> None:
    # a model fitted where half the confident answers were wrong, rescaled where nine in ten are right
    def drawn(dataset: str, n: int = 100) -> list[Sample]:
        return [sample(dataset, i, 0.1 + 0.8 * (i % 10) / 9, i % 10 >= 5 or i % 10 == 4,
                       answerable=i % 10 >= 3) for i in range(n)]
    old = fit([sample("old", i, 0.9 if i % 2 else 0.1, i % 4 == 1) for i in range(200)], 0.3)
    samples = drawn("a") + drawn("b") + drawn("c")
    rescaled = rescale(old, samples)
    assert rescaled.scale > 0 and rescaled.weights == old.weights and rescaled.threshold == old.threshold
    assert np.array_equal(answered(old, samples), answered(rescaled, samples))
    right = np.array([s.right for s in samples])
    assert expected_calibration_error(_probabilities(rescaled, samples), right) < expected_calibration_error(
        _probabilities(old, samples), right)
    rows, probabilities, labels = rescaled_leave_one_set_out(old, samples)
    assert [dataset for dataset, _, _ in rows] == ["a", "b", "c"] and len(probabilities) == len(labels) == 300
    assert all(after < before for _, before, after in rows)


def test_a_gate_never_lets_through_what_the_rules_withheld() -> None:
    samples = separable("a") + [sample("a", 99, 0.9, False, answerable=False, passes=False)]
    assert not answered(fit(samples, 0.05), samples)[-1]
    assert np.array_equal(answered(None, samples)[:-1], np.ones(len(samples) - 1, dtype=bool))


def test_the_encoders_verdicts_are_collected_as_the_service_gives_them(fake_settings: Settings,
                                                                       tmp_path: Path) -> None:
    served, main, english = two_encoder_pipeline(fake_settings, tmp_path)
    alone = AskPipeline(served.bundle, main, fake_settings)
    ask = encoder_verdicts(served, alone)
    # a Chinese question: the encoder's verdict on the passages the service shows, ranked by the English encoder
    chinese = "标识和追查的国际文书"
    assert [hit.chunk for hit in ask(chinese).hits] == [hit.chunk for hit in served.ask(AskQuery(chinese, 10)).hits]
    assert english.questions
    # an English question, which the English encoder judges in service: as when the encoder answers every question
    asked = len(english.questions)
    question = "What does the tracing instrument say about marking?"
    assert [hit.chunk for hit in ask(question).hits] == [hit.chunk for hit in alone.ask(AskQuery(question, 10)).hits]
    assert len(english.questions) == asked
