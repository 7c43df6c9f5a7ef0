"""The stores: BM25 scores against the rank_bm25 oracle, FAISS search against numpy, save/load round trips."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from indexer.load import load_corpus
from indexer.store import EXACT_UP_TO, Bm25KeywordIndex, FaissVectorIndex, best_first, index_kind, scores_of
from indexer.tokenize import char_ngrams

PROJECT_ROOT = Path(__file__).resolve().parents[2]
K1, B = 1.5, 0.75  # bm25s' defaults


class LuceneBM25(BM25Okapi):
    """rank_bm25's BM25 with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)), the variant bm25s implements."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


@pytest.fixture(scope="module")
def paragraphs(corpus_dir: Path) -> list[str]:
    return [line for d in load_corpus(corpus_dir).documents for line in d.text.splitlines() if len(line) > 20]


@pytest.mark.parametrize("query", ["标识和追查", "2018年审议大会在哪里举行", "国际追查文书 会议 会议", "中介活动"])
def test_bm25_scores_equal_the_rank_bm25_oracle(paragraphs: list[str], query: str) -> None:
    ours = Bm25KeywordIndex("char-ngrams")
    ours.add(paragraphs)
    oracle = LuceneBM25([char_ngrams(p) for p in paragraphs], k1=K1, b=B)
    tokens = [t for t in char_ngrams(query) if t in oracle.idf]
    # Lucene drops BM25's constant (k1 + 1) factor: the same ranking, scores scaled
    assert np.allclose(ours.score_all(query), oracle.get_scores(tokens) / (K1 + 1), rtol=1e-5, atol=1e-6)


def test_bm25_search_is_best_first_and_positive_only(paragraphs: list[str]) -> None:
    index = Bm25KeywordIndex("char-ngrams")
    index.add(paragraphs)
    scored = index.search("标识", 10)
    assert scored and all(score > 0 for _, score in scored)
    assert [s for _, s in scored] == sorted((s for _, s in scored), reverse=True)
    assert index.search("zzzz", 10) == []


def test_bm25_round_trip_keeps_scores(tmp_path: Path, paragraphs: list[str]) -> None:
    index = Bm25KeywordIndex("char-ngrams")
    index.add(paragraphs)
    index.save(tmp_path / "bm25")
    loaded = Bm25KeywordIndex.load(tmp_path / "bm25")
    assert len(loaded) == len(index) and np.array_equal(loaded.score_all("标识"), index.score_all("标识"))


def test_faiss_search_equals_numpy_inner_products(tmp_path: Path) -> None:
    vectors = np.random.default_rng(0).standard_normal((50, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = FaissVectorIndex(8)
    index.add(vectors)
    [scored] = index.search(vectors[:1], 5)
    expected = np.argsort(-(vectors @ vectors[0]))[:5]
    assert [row for row, _ in scored] == list(expected)
    assert scored[0] == (0, pytest.approx(1.0, abs=1e-5))
    index.save(tmp_path / "v.faiss")
    assert FaissVectorIndex.load(tmp_path / "v.faiss").search(vectors[:1], 5) == [scored]
    assert index.search(vectors[:1], 500)[0][-1][0] >= 0 and len(index.search(vectors[:1], 500)[0]) == 50


def test_the_service_and_the_indexer_load_without_pymilvus() -> None:
    """pymilvus (and the pyarrow it pulls, ~170 MB) is the optional `milvus` extra: imported only when used."""
    program = ("import json, sys\n"
               "import cli, indexer.build, indexer.index, service.app\n"
               "print(json.dumps(sorted({'pymilvus', 'pyarrow', 'milvus_lite'} & set(sys.modules))))\n")
    result = subprocess.run([sys.executable, "-c", program], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def unit_vectors(rows: int, dim: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_the_index_kind_is_exact_for_small_corpora_and_approximate_beyond_the_thresholds() -> None:
    assert index_kind(383) == index_kind(EXACT_UP_TO) == "flat"
    assert index_kind(EXACT_UP_TO + 1) == index_kind(10_000_000) == "ivf-sq8"
    assert FaissVectorIndex.for_size(8, 383).kind == "flat"
    with pytest.raises(ValueError, match="unknown vector index kind 'lsh'; known: flat, hnsw, ivf-sq8, ivf-pq"):
        FaissVectorIndex(8, "lsh")


@pytest.mark.parametrize("kind", ["hnsw", "ivf-sq8", "ivf-pq"])
def test_an_approximate_index_finds_a_stored_vector_and_loads_as_its_kind(tmp_path: Path, kind: str) -> None:
    vectors = unit_vectors(2000, 32)
    index = FaissVectorIndex(32, kind, len(vectors))
    index.add(vectors)
    index.save(tmp_path / "v.faiss")
    loaded = FaissVectorIndex.load(tmp_path / "v.faiss")
    assert loaded.kind == kind and len(loaded) == 2000
    found = loaded.search(vectors[[7, 1234]], 10)
    assert 7 in dict(found[0]) and 1234 in dict(found[1])
    assert all(0 < len(rows) <= 10 for rows in found)


def test_scores_of_rows_are_their_inner_products_in_the_order_asked() -> None:
    vectors = unit_vectors(300, 16)
    index = FaissVectorIndex(16)
    index.add(vectors)
    rows = [250, 3, 17, 3]
    assert np.allclose(scores_of(index, vectors[3], rows), vectors[rows] @ vectors[3], atol=1e-6)
    assert scores_of(FaissVectorIndex(16), vectors[3], []).shape == (0,)


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf-sq8"])
def test_a_restricted_search_returns_the_best_of_those_rows_only(kind: str) -> None:
    vectors = unit_vectors(3000, 32)
    index = FaissVectorIndex(32, kind, len(vectors))
    index.add(vectors)
    rows = np.arange(5, 3000, 11)
    [found] = index.search(vectors[:1], 10, rows)
    exact = rows[np.argsort(-(vectors[rows] @ vectors[0]), kind="stable")[:10]]
    assert [row for row, _ in found] == exact.tolist()


@pytest.mark.parametrize("k", [0, 1, 5, 40, 1000])
def test_best_first_is_a_stable_sorts_first_k(k: int) -> None:
    scores = np.random.default_rng(k).integers(0, 6, 200).astype(np.float32)  # many equal scores
    assert best_first(scores, k).tolist() == np.argsort(-scores, kind="stable")[:k].tolist()


def test_keyword_search_keeps_to_the_rows_asked() -> None:
    index = Bm25KeywordIndex()
    index.add(["标识武器", "标识弹药", "销毁武器", "标识"])
    assert {row for row, _ in index.search("标识", 10)} == {0, 1, 3}
    assert [row for row, _ in index.search("标识", 10, np.array([1, 2]))] == [1]
