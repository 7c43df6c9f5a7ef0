"""PDF documents: PDFs made from the bundled .txt documents (pdf_maker.py) give the same chunks, paragraph numbers
and citations as the text versions, with offsets into the extracted text that the index stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.chunk import chunk_document
from indexer.clean import FURNITURE, is_faithful, squash
from indexer.index import read_index
from indexer.load import load_corpus, read_document
from indexer.pdf import extract_text, read_cover
from indexer.types import Document
from tests.indexer.pdf_maker import make_pdf


@pytest.fixture(scope="module")
def pdf_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """The bundled corpus as PDFs, with the manifest naming the .pdf files."""
    folder = tmp_path_factory.mktemp("pdf-corpus")
    for text_file in sorted(corpus_dir.glob("*.txt")):
        make_pdf(text_file.read_text(encoding="utf-8"), folder / f"{text_file.stem}.pdf")
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        entry["file"] = entry["file"].replace(".txt", ".pdf")
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pdf_documents(pdf_corpus: Path) -> dict[str, Document]:
    corpus = load_corpus(pdf_corpus)
    assert corpus.skipped == []
    return {d.doc_id: d for d in corpus.documents}


def test_pypdf_gives_back_every_character_of_each_document(pdf_corpus: Path, corpus_dir: Path) -> None:
    """Every character, in order, whitespace aside; page furniture (here "---" rules) is left out. A contents row
    keeps its words: its tab, which marks it as furniture in a .txt, is a space on the page."""
    for pdf in sorted(pdf_corpus.glob("*.pdf")):
        original = (corpus_dir / f"{pdf.stem}.txt").read_text(encoding="utf-8")
        content = "\n".join(line for line in original.splitlines()
                            if not FURNITURE.match(line.strip().replace("\t", " ")))
        assert squash(extract_text(pdf.read_bytes(), pdf.name)) == squash(content), pdf.name


def test_pdf_chunks_match_the_text_versions(pdf_documents: dict[str, Document], documents: dict[str, Document]
                                            ) -> None:
    def key(document: Document) -> list[tuple[object, ...]]:
        return [(c.chunk_id, c.part, c.section, c.paragraph, c.kind, c.parent, squash(c.text))
                for c in chunk_document(document)]

    for text_version in documents.values():
        pdf_version = pdf_documents[text_version.doc_id]
        assert key(pdf_version) == key(text_version), text_version.doc_id


def test_pdf_citations_point_into_the_extracted_text(pdf_documents: dict[str, Document]) -> None:
    for document in pdf_documents.values():
        chunks = chunk_document(document)
        assert chunks and all(is_faithful(document.text, c.text, c.spans) for c in chunks), document.doc_id
        assert all(document.text[c.start:c.end].strip() for c in chunks)


def test_the_index_stores_a_pdfs_extracted_text_as_its_source(pdf_corpus: Path, tmp_path: Path, fake_encoder
                                                              ) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(pdf_corpus / "001_95727af4ea0c9107.pdf", folder)
    shutil.copy(pdf_corpus / "manifest.json", folder)
    report = build_index(folder, tmp_path / "index", fake_encoder, progress=False)
    bundle = read_index(tmp_path / "index")
    stored = bundle.documents["res-65-64"]
    assert report.chunks == 56 and stored.file == "001_95727af4ea0c9107.pdf"
    assert stored.text == read_document(folder / "001_95727af4ea0c9107.pdf")
    assert all(is_faithful(stored.text, c.text, c.spans) for c in bundle.chunks)


def test_a_pdf_without_a_manifest_entry_takes_symbol_date_and_title_from_its_cover(pdf_corpus: Path,
                                                                                   tmp_path: Path) -> None:
    shutil.copy(pdf_corpus / "004_1366cbd6226e3dfd.pdf", tmp_path / "report.pdf")
    (document,) = load_corpus(tmp_path).documents
    assert (document.doc_id, document.symbol, document.date) == ("report", "A/CONF.192/2018/RC/3", "2018-07-06")
    assert document.title.startswith("第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领")


def test_the_cover_reader_takes_a_chinese_date_and_skips_a_bracketed_symbol() -> None:
    cover = read_cover("大会\n2010 年 12 月 8 日大会决议\n[根据第一委员会的报告(A/65/410)通过]\n"
                       "小武器和轻武器非法贸易的各方面问题\n")
    assert (cover.symbol, cover.date, cover.title) == (None, "2010-12-08", "小武器和轻武器非法贸易的各方面问题")


def test_an_unreadable_pdf_is_skipped_saying_why(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "good.txt").write_text("一份文件。\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.file for d in corpus.documents] == ["good.txt"]
    (skipped,) = corpus.skipped
    assert skipped.file == "broken.pdf" and "broken.pdf is not a readable PDF" in skipped.reason
