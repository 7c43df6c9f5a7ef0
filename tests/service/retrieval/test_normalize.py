"""Questions are searched in the corpus' characters: simplified, with ASCII digits and letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.retrieval.normalize import normalize_question


def test_traditional_characters_become_simplified() -> None:
    assert normalize_question("成果文件對標識提出了哪些要求？") == "成果文件对标识提出了哪些要求？"
    assert normalize_question("2018年第三次審議大會在哪裡舉行？") == "2018年第三次审议大会在哪里举行？"


def test_full_width_digits_and_letters_become_ascii_and_chinese_punctuation_stays() -> None:
    assert normalize_question("Ａ／ＲＥＳ／６５／６４第１２段说了什么？") == "A/RES/65/64第12段说了什么？"


def test_the_simplified_corpus_passes_unchanged(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert normalize_question(text) == text, path.name


@pytest.mark.slow
def test_a_question_in_traditional_characters_finds_what_its_simplified_form_finds(client: TestClient) -> None:
    traditional = client.post("/v1/ask", json={"question": "成果文件對標識提出了哪些要求？"}).json()
    simplified = client.post("/v1/ask", json={"question": "成果文件对标识提出了哪些要求？"}).json()
    assert traditional["question"] == "成果文件對標識提出了哪些要求？"
    assert [p["chunk_id"] for p in traditional["passages"]] == [p["chunk_id"] for p in simplified["passages"]]


@pytest.mark.slow
def test_a_year_in_full_width_digits_is_found_in_the_evidence(client: TestClient) -> None:
    data = client.post("/v1/ask", json={"question": "２０１８年第三次审议大会在哪里举行？"}).json()
    assert data["answerable"] is True and data["missing_terms"] == []
    assert data["passages"][0]["chunk_id"] == "revcon3-report-2018:p4"
