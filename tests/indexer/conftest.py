"""Fixtures of the indexer tests: a one-document copy of the corpus that a test may change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def small_corpus(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(corpus_dir / "001_95727af4ea0c9107.txt", folder)
    shutil.copy(corpus_dir / "manifest.json", folder)
    return folder
