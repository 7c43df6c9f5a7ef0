"""What the wheel ships: the three packages with their data and cli.py; never eval/out, var/, tests/ or a venv."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# what is not source: copying it would be slow (.venv, var) or could leak a stale build into the wheel (build)
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__",
                                    ".*_cache", "out")


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Build the wheel from a copy of the tree that also holds what a working tree collects beside the sources
    (a report in eval/out, an index in var/), so the test shows they stay out whatever the developer's tree holds."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    for leftover in ("eval/out/report.json", "eval/out/questions.jsonl", "var/index/manifest.json",
                     ".venv/lib/site.json"):
        (source / leftover).parent.mkdir(parents=True, exist_ok=True)
        (source / leftover).write_text("{}\n")
    # no build isolation: setuptools comes from the venv (dev extra), so nothing is downloaded
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(tmp / "dist"), str(source)], check=True, timeout=300)
    (wheel,) = (tmp / "dist").glob("poa_qa-*.whl")
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


@pytest.mark.slow
def test_wheel_ships_no_outputs_tests_or_environments(wheel_files: set[str]) -> None:
    unwanted = ("eval/out/", "var/", "tests/", ".venv/", "build/", "corpus/", "docs/", "bench/")
    leaked = sorted(name for name in wheel_files if name.startswith(unwanted) or "__pycache__" in name)
    assert leaked == []
    top_level = {name.split("/")[0] for name in wheel_files if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"cli.py", "indexer", "service", "eval"}
