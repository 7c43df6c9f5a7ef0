"""The dev set through the real pipeline in-process: recall@5 and mrr@10 hold eval/baseline.json, citations hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import read_dataset
from eval.metrics import SystemReport
from eval.runner import PipelineBackend, evaluate_system
from service.deps import Engine

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BASELINE = PROJECT_ROOT / "eval" / "baseline.json"
DEV_SET = PROJECT_ROOT / "eval" / "data" / "dev.jsonl"
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def report(engine: Engine) -> SystemReport:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    _, result = evaluate_system(PipelineBackend(engine.pipeline), read_dataset(DEV_SET), int(baseline["top_k"]),
                                name="main")
    return result


@pytest.mark.parametrize("metric", ["recall@5", "mrr@10"])
def test_dev_set_ranking_does_not_fall_below_the_baseline(report: SystemReport, metric: str) -> None:
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))[metric] - TOLERANCE
    value = report.overall.metrics[metric]
    assert value is not None and value >= floor, f"{metric} = {value:.3f} is below the baseline minus {TOLERANCE}"


def test_every_returned_citation_is_faithful_to_its_source(report: SystemReport) -> None:
    assert report.faithfulness is not None and report.faithfulness.checked > 0
    assert report.faithfulness.failures == ()
