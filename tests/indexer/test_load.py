"""Loading a corpus folder: bad files are reported and skipped, the others still load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from indexer.load import load_corpus


def test_bundled_corpus_loads_with_manifest_metadata(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    assert not corpus.skipped
    by_id = {d.doc_id: d for d in corpus.documents}
    assert by_id["revcon3-report-2018"].symbol == "A/CONF.192/2018/RC/3"
    assert by_id["res-65-64"].kind == "resolution"
    assert all(d.text == (corpus_dir / d.file).read_text(encoding="utf-8") for d in corpus.documents)


def test_non_utf8_and_empty_files_are_skipped_with_their_name(tmp_path: Path, corpus_dir: Path) -> None:
    shutil.copy(corpus_dir / "001_95727af4ea0c9107.txt", tmp_path / "good.txt")
    (tmp_path / "latin1.txt").write_bytes("Résolution".encode("latin-1"))
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.file for d in corpus.documents] == ["good.txt"]
    reasons = {e.file: e.reason for e in corpus.skipped}
    assert "not valid UTF-8" in reasons["latin1.txt"] and reasons["empty.md"] == "the file is empty"


def test_file_missing_from_manifest_gets_name_and_first_line(tmp_path: Path) -> None:
    (tmp_path / "new.md").write_text("# 新文件标题\n\n1. 第一段。\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [
        {"doc_id": "gone", "file": "gone.txt", "symbol": None, "title": "t", "date": None, "kind": "report"}]}))
    corpus = load_corpus(tmp_path)
    [document] = corpus.documents
    assert (document.doc_id, document.title) == ("new", "新文件标题")
    assert [e.file for e in corpus.skipped] == ["gone.txt"]
