"""Corpus folder + manifest -> Documents, with the original text kept as it is."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from indexer.durable import file_sha256
from indexer.errors import CorpusFileError, ManifestError
from indexer.pdf import PdfError, extract_text, read_cover
from indexer.types import Document

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
PDF_SUFFIX = ".pdf"
CORPUS_SUFFIXES = (".txt", ".md", PDF_SUFFIX)
MANIFEST_FIELDS = ("doc_id", "file", "symbol", "title", "date", "kind")


@dataclass(frozen=True, slots=True)
class Corpus:
    """The documents that loaded and the files that did not, with the reason."""

    documents: list[Document]
    skipped: list[CorpusFileError] = field(default_factory=list)


def read_manifest(corpus_dir: Path) -> dict[str, dict[str, str | None]]:
    """Return the manifest entries keyed by file name; an absent manifest is an empty one."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["documents"]
    except (ValueError, KeyError, TypeError) as e:
        raise ManifestError(f"{path}: not a JSON object with a 'documents' list ({e})") from e
    by_file: dict[str, dict[str, str | None]] = {}
    doc_ids: set[str] = set()
    for entry in entries:
        missing = [name for name in MANIFEST_FIELDS if name not in entry]
        if missing:
            raise ManifestError(f"{path}: entry {entry!r} lacks {', '.join(missing)}")
        if entry["doc_id"] in doc_ids:
            raise ManifestError(f"{path}: doc_id {entry['doc_id']!r} appears twice")
        doc_ids.add(entry["doc_id"])
        by_file[entry["file"]] = entry
    return by_file


def read_document(path: Path) -> str:
    """The text of a corpus file: a text file as it is, a PDF's extracted text (indexer/pdf.py); raise
    CorpusFileError for a non-UTF-8, empty or unreadable file."""
    data = path.read_bytes()
    if path.suffix.lower() == PDF_SUFFIX:
        try:
            return extract_text(data, path.name)
        except PdfError as e:
            raise CorpusFileError(path.name, str(e)) from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CorpusFileError(path.name, f"not valid UTF-8 (byte {e.start}); save the file as UTF-8") from e
    if not text.strip():
        raise CorpusFileError(path.name, "the file is empty")
    return text.removeprefix("\ufeff")


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise CorpusFileError(str(corpus_dir), "is not a folder; set POAQA_CORPUS_DIR (or pass --corpus-dir) to the "
                              "folder of the documents, or unset it to use the bundled corpus")
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every corpus file and of the manifest: what decides whether an index is stale."""
    files = corpus_files(corpus_dir)
    manifest = corpus_dir / MANIFEST_NAME
    if manifest.exists():
        files.append(manifest)
    return {p.name: file_sha256(p) for p in files}


def default_metadata(path: Path, text: str) -> dict[str, str | None]:
    """Metadata for a file the manifest does not list: its name and first line; for a PDF, the symbol, date and
    title its cover shows (the first line where it shows no title)."""
    first_line = next(line.strip(" #*\t") for line in text.splitlines() if line.strip())
    meta: dict[str, str | None] = {"doc_id": path.stem, "file": path.name, "symbol": None, "title": first_line[:120],
                                   "date": None, "kind": "document"}
    if path.suffix.lower() == PDF_SUFFIX:
        cover = read_cover(text)
        meta.update(symbol=cover.symbol, date=cover.date, title=cover.title or meta["title"])
    return meta


def load_corpus(corpus_dir: Path) -> Corpus:
    """Load every .txt/.md/.pdf file of ``corpus_dir``; a bad file is logged and listed, the others still load."""
    manifest = read_manifest(corpus_dir)
    documents: list[Document] = []
    skipped: list[CorpusFileError] = []
    present = set()
    for path in corpus_files(corpus_dir):
        present.add(path.name)
        try:
            text = read_document(path)
        except CorpusFileError as e:
            logger.warning("skipping %s", e)
            skipped.append(e)
            continue
        meta = manifest.get(path.name)
        if meta is None:
            logger.warning("%s is not in %s; using its file name and first line as metadata", path.name,
                           MANIFEST_NAME)
            meta = default_metadata(path, text)
        documents.append(Document(
            doc_id=str(meta["doc_id"]), file=path.name, symbol=meta["symbol"], title=str(meta["title"]),
            date=meta["date"], kind=str(meta["kind"]), text=text,
        ))
    for name in sorted(set(manifest) - present):
        skipped.append(CorpusFileError(name, f"listed in {MANIFEST_NAME} but not found in {corpus_dir}"))
    ids = [d.doc_id for d in documents]
    if len(ids) != len(set(ids)):
        raise ManifestError(f"two corpus files share a doc_id: {sorted(i for i in ids if ids.count(i) > 1)}")
    return Corpus(documents=documents, skipped=skipped)
