"""Questions are searched in the corpus' characters and names: simplified, with ASCII digits and letters, and
Chinese for English abbreviations."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.question.normalize import normalize_question


def test_traditional_characters_become_simplified() -> None:
    assert normalize_question("成果文件對標識提出了哪些要求？") == "成果文件对标识提出了哪些要求？"
    assert normalize_question("2018年第三次審議大會在哪裡舉行？") == "2018年第三次审议大会在哪里举行？"


def test_full_width_digits_and_letters_become_ascii_and_chinese_punctuation_stays() -> None:
    assert normalize_question("Ａ／ＲＥＳ／６５／６４第１２段说了什么？") == "A/RES/65/64第12段说了什么？"


def test_english_abbreviations_and_names_become_the_corpus_chinese_names() -> None:
    assert normalize_question("ATT谈判会议什么时候举行？") == "武器贸易条约谈判会议什么时候举行？"
    assert normalize_question("poa和ITI是什么关系？") == "行动纲领和国际追查文书是什么关系？"
    assert normalize_question("PoA-ISS有什么用？") == "行动纲领执行支助系统有什么用？"
    assert normalize_question("NGOs在Review Conference上发言了吗？") == "非政府组织在审议大会上发言了吗？"


def test_letters_inside_a_symbol_or_a_word_are_not_abbreviations() -> None:
    for text in ("A/CONF.192/MGE/2011/INF/1号文件", "A/CONF.192/BMS/2008/1", "CASAS", "ATTENTION"):
        assert normalize_question(text) == text


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


@pytest.mark.slow
def test_a_question_with_abbreviations_finds_what_its_chinese_form_finds(client: TestClient) -> None:
    def ask(question: str) -> dict:
        return client.post("/v1/ask", json={"question": question}).json()

    abbreviated = ask("2018年RevCon成果文件对SALW的3D打印有什么要求？")
    chinese = ask("2018年审议大会成果文件对小武器和轻武器的3D打印有什么要求？")
    assert [p["chunk_id"] for p in abbreviated["passages"]] == [p["chunk_id"] for p in chinese["passages"]]
