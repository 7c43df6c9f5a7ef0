"""Fixtures of the indexer tests: a one-document copy of the corpus that a test may change, its index (FAKE
hash encoder), and a way to turn an index into the plain directory that the writer before versions left."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.encode import Encoder
from indexer.index import versions_dir


@pytest.fixture
def small_corpus(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(corpus_dir / "001_95727af4ea0c9107.txt", folder)
    shutil.copy(corpus_dir / "manifest.json", folder)
    return folder


@pytest.fixture
def small_index(small_corpus: Path, tmp_path: Path, fake_encoder: Encoder) -> Path:
    build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    return tmp_path / "index"


@pytest.fixture
def make_old_style() -> Callable[[Path], None]:
    def convert(index_dir: Path) -> None:
        version = index_dir.resolve()
        index_dir.unlink()
        version.rename(index_dir)
        shutil.rmtree(versions_dir(index_dir))

    return convert
