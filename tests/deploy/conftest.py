"""The wheel, built once per session from a copy of the tree that also holds what a working tree collects beside
the sources (a report in eval/out, an index in var/), so the tests show they stay out whatever the tree holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# what is not source: copying it would be slow (.venv, var) or could leak a stale build into the wheel (build)
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__",
                                    ".*_cache", "out")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
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
    (built,) = (tmp / "dist").glob("poa_qa-*.whl")
    return built
