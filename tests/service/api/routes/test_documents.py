"""GET /v1/documents...: listing, one document, a paragraph with its neighbours, the original text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_list_documents_reports_metadata_and_chunk_counts(fake_client: TestClient) -> None:
    documents = {d["doc_id"]: d for d in fake_client.get("/v1/documents").json()}
    assert len(documents) == 5
    assert documents["res-65-64"]["symbol"] == "A/RES/65/64" and documents["res-65-64"]["chunks"] > 47


def test_paragraph_comes_with_neighbours_and_footnotes(fake_client: TestClient) -> None:
    data = fake_client.get("/v1/documents/res-65-64/paragraphs/p3").json()
    assert data["paragraph"][0]["label"] == "执行部分第3段"
    assert data["previous"]["anchor"] == "p2" and data["next"]["anchor"] == "p4"
    assert [f["text"] for f in data["footnotes"]] == ["见 A/62/163 和 Corr. 1。"]


def test_source_is_the_original_file(fake_client: TestClient, corpus_dir) -> None:
    response = fake_client.get("/v1/documents/mge-2011-report/source")
    assert response.text == (corpus_dir / "000_6efc439497cc9a10.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "message"), [
    ("/v1/documents/nope", "unknown document 'nope'"),
    ("/v1/documents/res-65-64/paragraphs/p99", "has no paragraph 'p99'"),
])
def test_unknown_document_or_paragraph_is_404(fake_client: TestClient, path: str, message: str) -> None:
    response = fake_client.get(path)
    assert response.status_code == 404 and message in response.json()["detail"]
