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
from service.answer import SIGNALS, Calibration, reported_confidence, rescaled_threshold
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
    threshold: float  # as fitted: the service gates at it mapped by the rescaling (rescaled_threshold)
    scale: float = 1.0  # the rescaling of the logit (rescale)
    shift: float = 0.0

    @property
    def gate(self) -> float:
        """The probability below which the service abstains."""
        return rescaled_threshold(self.threshold, self.scale, self.shift)

    @property
    def calibration(self) -> Calibration:
        """The model as the service applies it: the same logit, rescaling and gate."""
        return Calibration(weights=self.weights, bias=self.bias, threshold=self.gate, scale=self.scale,
                           shift=self.shift)

    @classmethod
    def shipped(cls, path: Path) -> Model:
        """The model a calibration file holds, as fitted (its rescaling left out)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


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


def _logits(model: Model, samples: Sequence[Sample]) -> np.ndarray:
    """The fitted model's logit of each question, before any rescaling."""
    calibration = model.calibration
    return np.array([calibration.logit(s.signals) for s in samples])


def _probabilities(model: Model, samples: Sequence[Sample]) -> np.ndarray:
    """The confidence the service would give each question with ``model`` (service.answer.reported_confidence)."""
    calibration = model.calibration
    return np.array([reported_confidence(calibration.probability(s.signals), zeroed=s.zeroed,
                                         answered=s.passes_rules, threshold=calibration.threshold) for s in samples])


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
    gate = model.gate if threshold is None else rescaled_threshold(threshold, model.scale, model.shift)
    return rules & (_probabilities(model, samples) >= gate)


def fit(samples: Sequence[Sample], threshold: float = 0.0) -> Model:
    """Logistic regression of `right` on the signals of the questions whose confidence the model gives (those no rule
    zeroed: the service reports 0 for the others, whatever their signals), gated at ``threshold``."""
    from sklearn.linear_model import LogisticRegression

    fitted = [s for s in samples if not s.zeroed]
    regression = LogisticRegression(C=1.0, max_iter=1000)
    regression.fit(_matrix(fitted), np.array([s.right for s in fitted]))
    return Model(dict(zip(SIGNALS, map(float, regression.coef_[0]), strict=True)), float(regression.intercept_[0]),
                 threshold)


def rescale(model: Model, samples: Sequence[Sample]) -> Model:
    """``model`` with its logit scaled and shifted so that its probability follows how often the answers of
    ``samples`` are right (a logistic regression of `right` on the logit, over the questions whose confidence it
    gives): a monotone map, its threshold mapped with it, so that the same questions are answered."""
    from sklearn.linear_model import LogisticRegression

    fitted = [s for s in samples if not s.zeroed]
    # hardly regularised: two parameters, thousands of questions
    regression = LogisticRegression(C=1e6, max_iter=1000)
    regression.fit(_logits(model, fitted)[:, None], np.array([s.right for s in fitted]))
    scale = float(regression.coef_[0][0])
    if scale <= 0:  # a logit that no longer orders the answers: nothing a monotone map can mend
        return model
    return replace(model, scale=scale, shift=float(regression.intercept_[0]))


def rescaled_leave_one_set_out(model: Model, samples: Sequence[Sample],
                               ) -> tuple[list[tuple[str, float, float]], np.ndarray, np.ndarray]:
    """Each set's ECE with ``model`` as fitted and rescaled on the other sets; and every question's held-out
    rescaled confidence and label."""
    rows: list[tuple[str, float, float]] = []
    probabilities: list[float] = []
    labels: list[bool] = []
    for dataset in dict.fromkeys(s.dataset for s in samples):
        test = [s for s in samples if s.dataset == dataset]
        rescaled = rescale(model, [s for s in samples if s.dataset != dataset])
        right = np.array([s.right for s in test])
        p = _probabilities(rescaled, test)
        rows.append((dataset, expected_calibration_error(_probabilities(model, test), right),
                     expected_calibration_error(p, right)))
        probabilities.extend(p)
        labels.extend(right)
    return rows, np.array(probabilities), np.array(labels)


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


def write_rescaling(model: Model, path: Path, datasets: Sequence[str], command: str) -> None:
    """Add ``model``'s rescaling to the calibration file at ``path``, which holds the model it rescales."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rescaled"] = {
        "about": "The service's probability is logistic(shift + scale * (bias + sum of weight * signal)) and it "
                 "abstains below the threshold mapped the same way: the same questions are answered. Fitted by the "
                 "command below on the labelled sets named; do not edit by hand.",
        "command": command, "on": list(datasets), "scale": model.scale, "shift": model.shift}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
