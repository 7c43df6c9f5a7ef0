"""The naive baseline: default-separator 500-character chunks and dense cosine search."""

from __future__ import annotations

from pathlib import Path

from eval.dataset import EvalItem
from eval.naive import CHUNK_SIZE, NaiveRetriever, run_naive, split_corpus
from eval.runner import CorpusChunk
from indexer.encode import Encoder


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    paragraphs = [f"{i}. " + "武器标识和记录保存。" * 12 for i in range(1, 9)]  # ~125 characters each
    (folder / "a.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (folder / "b.md").write_text("短文件。", encoding="utf-8")
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    return folder


def test_split_corpus_cuts_raw_files_into_chunks_of_at_most_500_characters(tmp_path: Path) -> None:
    chunks = split_corpus(_corpus(tmp_path))
    assert {c.file for c in chunks} == {"a.txt", "b.md"}  # manifest.json is not a corpus file
    a_chunks = [c for c in chunks if c.file == "a.txt"]
    assert len(a_chunks) >= 2 and all(len(c.text) <= CHUNK_SIZE for c in a_chunks)
    # the default separators split at blank lines first: no chunk starts inside a paragraph
    assert all(c.text[0].isdigit() for c in a_chunks)
    assert [c.chunk_id for c in a_chunks] == [f"naive:a.txt:{i}" for i in range(len(a_chunks))]


def test_naive_retriever_ranks_by_cosine_similarity(fake_encoder: Encoder) -> None:
    chunks = [CorpusChunk("c1", "a.txt", "甲"), CorpusChunk("c2", "a.txt", "乙"), CorpusChunk("c3", "b.txt", "丙")]
    retriever = NaiveRetriever(chunks, fake_encoder)
    passages = retriever.search("乙", 2)  # the fake encoder gives equal texts equal vectors: cosine 1
    assert passages[0].chunk_id == "c2" and abs(passages[0].score - 1.0) < 1e-5
    assert [p.rank for p in passages] == [1, 2] and passages[0].score > passages[1].score
    assert passages[0].spans == ()  # no citation in our sense


def test_run_naive_answers_every_question_without_citations(tmp_path: Path, fake_encoder: Encoder) -> None:
    items = [EvalItem(id="q1", question="短文件。", type="factoid", docs=("b.md",), gold=("短文件",))]
    run = run_naive(items, _corpus(tmp_path), fake_encoder, top_k=3)
    assert run.name == "naive" and not run.has_citations
    assert run.answers["q1"].passages[0].chunk_id == "naive:b.md:0"
    assert len(run.answers["q1"].passages) == 3 and run.answers["q1"].answerable is None
