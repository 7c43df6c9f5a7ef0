"""Fitting the confidence: the signals of every question of the labelled sets -> a logistic model of P(the answer is
right), its abstention threshold chosen leave-one-set-out, with reliability tables and calibration error."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from eval.dataset import read_dataset, squash_whitespace
from eval.metrics import EVIDENCE, expected_calibration_error
from service.answer import SIGNALS, reported_confidence
from service.pipeline import AskPipeline, AskQuery, AskResult
from service.question.facts import ZEROING_RULES

THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)


@dataclass(frozen=True, slots=True)
class Sample:
    dataset: str
    qid: str
    answerable: bool  # the question's label
    right: bool  # answerable and the evidence holds a gold quote
    passes_rules: bool  # the answer rules let it through (the verdict gives no reason other than the confidence)
    zeroed: bool  # a question or dated rule withheld it: its confidence is 0, whatever the model says
    signals: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float


@dataclass(frozen=True, slots=True)
class Held:
    """One set scored by a model fitted without it."""

    dataset: str
    rules_only: tuple[float, float, float]  # abstention P/R/F1 of the rules alone
    with_model: tuple[float, float, float]
    ece: float
    threshold: float


def encoder_verdicts(served: AskPipeline, alone: AskPipeline) -> Callable[[str], AskResult]:
    """Asks a question the way the service gives the encoder's verdict on it: as ``served`` where the encoder's route
    judges it there (a question not in English, its passages ranked by whichever encoder the settings name), else as
    ``alone``, the encoder ranking and judging every question (an English one, which the English encoder judges in
    service with a calibration of its own)."""
    def ask(question: str) -> AskResult:
        judging = served.routes_for(served.reader.analyze(question))[1]
        return (served if judging is served.main else alone).ask(AskQuery(question=question, top_k=10))
    return ask


def collect(ask: Callable[[str], AskResult], datasets: Sequence[Path],
            progress: Callable[[str, int, int], None] | None = None) -> list[Sample]:
    """The signals and labels of every question of ``datasets``, answered by ``ask`` (top_k 10)."""
    samples = []
    for path in datasets:
        items = read_dataset(path)
        for done, item in enumerate(items, start=1):
            result = ask(item.question)
            gold = [squash_whitespace(q) for q in item.gold if q.strip()]
            relevant = any(g in squash_whitespace(h.chunk.text) for h in result.hits[:EVIDENCE] for g in gold)
            verdict = result.verdict
            # every reason of the verdict but the confidence gate, which the model fitted here replaces
            passes = not set(verdict.reasons) - {"confidence"}
            samples.append(Sample(path.stem, item.id, item.answerable, item.answerable and relevant, passes,
                                  bool(set(verdict.reasons) & set(ZEROING_RULES)), dict(verdict.signals)))
            if progress:
                progress(path.stem, done, len(items))
    return samples


def _matrix(samples: Sequence[Sample]) -> np.ndarray:
    return np.array([[s.signals[name] for name in SIGNALS] for s in samples], dtype=np.float64)


def _probabilities(model: Model, samples: Sequence[Sample]) -> np.ndarray:
    """The confidence the service would give each question with ``model`` (service.answer.reported_confidence)."""
    z = model.bias + _matrix(samples) @ np.array([model.weights[name] for name in SIGNALS])
    probabilities = 1.0 / (1.0 + np.exp(-z))
    return np.array([reported_confidence(float(p), zeroed=s.zeroed, answered=s.passes_rules, threshold=model.threshold)
                     for s, p in zip(samples, probabilities, strict=True)])


def abstention(samples: Sequence[Sample], answered: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of abstaining, the unanswerable questions being the ones to abstain on."""
    abstained = ~answered
    unanswerable = np.array([not s.answerable for s in samples])
    caught = int((abstained & unanswerable).sum())
    precision = caught / abstained.sum() if abstained.sum() else 0.0
    recall = caught / unanswerable.sum() if unanswerable.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def answered(model: Model | None, samples: Sequence[Sample], threshold: float | None = None) -> np.ndarray:
    rules = np.array([s.passes_rules for s in samples])
    if model is None:
        return rules
    return rules & (_probabilities(model, samples) >= (model.threshold if threshold is None else threshold))


def fit(samples: Sequence[Sample], threshold: float = 0.0) -> Model:
    """Logistic regression of `right` on the signals of the questions whose confidence the model gives (those no rule
    zeroed: the service reports 0 for the others, whatever their signals), gated at ``threshold``."""
    from sklearn.linear_model import LogisticRegression

    fitted = [s for s in samples if not s.zeroed]
    regression = LogisticRegression(C=1.0, max_iter=1000)
    regression.fit(_matrix(fitted), np.array([s.right for s in fitted]))
    return Model(dict(zip(SIGNALS, map(float, regression.coef_[0]), strict=True)), float(regression.intercept_[0]),
                 threshold)


def _folds(samples: Sequence[Sample]) -> list[tuple[str, list[Sample], Model]]:
    """Each set with its questions and the model fitted on the other sets."""
    return [(dataset, [s for s in samples if s.dataset == dataset], fit([s for s in samples if s.dataset != dataset]))
            for dataset in dict.fromkeys(s.dataset for s in samples)]


def choose_threshold(samples: Sequence[Sample]) -> float:
    """The highest threshold up to which no set, judged by the model fitted on the others, abstains worse (F1) than
    the rules alone make it: a gate is kept only as far as it lowers no set it was not fitted on (0: no gate)."""
    folds = _folds(samples)
    rules = {dataset: abstention(test, answered(None, test))[2] for dataset, test, _ in folds}
    chosen = 0.0
    for threshold in map(float, THRESHOLDS):
        if any(abstention(test, answered(model, test, threshold))[2] < rules[dataset] - 1e-9
               for dataset, test, model in folds):
            break
        chosen = threshold
    return chosen


def leave_one_set_out(samples: Sequence[Sample], threshold: float) -> tuple[list[Held], np.ndarray, np.ndarray]:
    """Each set scored by a model fitted on the others, gated at ``threshold``; and every question's held-out
    confidence and label."""
    held: list[Held] = []
    probabilities: list[float] = []
    labels: list[bool] = []
    for dataset, test, model in _folds(samples):
        gated = replace(model, threshold=threshold)
        p = _probabilities(gated, test)
        right = np.array([s.right for s in test])
        held.append(Held(dataset, abstention(test, answered(None, test)), abstention(test, answered(gated, test)),
                         expected_calibration_error(p, right), threshold))
        probabilities.extend(p)
        labels.extend(right)
    return held, np.array(probabilities), np.array(labels)


def write_model(model: Model, path: Path, datasets: Sequence[str], command: str, *, encoder: str,
                answer_threshold: float) -> None:
    path.write_text(json.dumps({
        "about": "P(the answer is right) = logistic(bias + sum of weight * signal); the service abstains below "
                 "threshold. Fitted by the command below on the labelled sets named, with the encoder and the "
                 "answer sentence's cosine floor named; do not edit by hand.",
        "command": command, "encoder": encoder, "answer_threshold": answer_threshold, "fitted_on": list(datasets),
        "weights": model.weights, "bias": model.bias, "threshold": model.threshold}, indent=1) + "\n",
        encoding="utf-8")
