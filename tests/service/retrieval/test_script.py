"""Traditional characters in a question are searched as simplified ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.retrieval.script import to_simplified


def test_traditional_characters_become_simplified() -> None:
    assert to_simplified("成果文件對標識提出了哪些要求？") == "成果文件对标识提出了哪些要求？"
    assert to_simplified("2018年第三次審議大會在哪裡舉行？") == "2018年第三次审议大会在哪里举行？"


def test_the_simplified_corpus_passes_unchanged(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text) == text, path.name


@pytest.mark.slow
def test_a_question_in_traditional_characters_finds_what_its_simplified_form_finds(client: TestClient) -> None:
    traditional = client.post("/v1/ask", json={"question": "成果文件對標識提出了哪些要求？"}).json()
    simplified = client.post("/v1/ask", json={"question": "成果文件对标识提出了哪些要求？"}).json()
    assert traditional["question"] == "成果文件對標識提出了哪些要求？"
    assert [p["chunk_id"] for p in traditional["passages"]] == [p["chunk_id"] for p in simplified["passages"]]
