"""Chunking of the real corpus: the documents' own paragraph numbering, parts and sections, footnotes,
and offsets that reproduce every chunk from the original file."""

from __future__ import annotations

import re
from itertools import groupby

import pytest

from indexer.chunk import chunk_document, footnote_reference
from indexer.clean import is_faithful, squash
from indexer.types import Chunk, Document


@pytest.fixture(scope="module")
def chunks(documents: dict[str, Document]) -> dict[str, list[Chunk]]:
    return {key: chunk_document(doc) for key, doc in documents.items()}


def numbered_run(chunks: list[Chunk], part: str, chapter: str = "") -> list[int]:
    """Paragraph numbers of a part (and of one 一./二. chapter in it), in document order, pieces once."""
    selected = [c for c in chunks if c.kind == "paragraph" and c.numbered and c.part == part and c.piece == 0
                and (not chapter or (c.section[1:2] or ("",))[0].startswith(chapter))]
    return [int(c.paragraph) for c in selected]


def test_2011_report_has_paragraphs_1_to_39_in_order(chunks: dict[str, list[Chunk]]) -> None:
    assert numbered_run(chunks["000"], "正文") == list(range(1, 40))


def test_resolution_has_16_preambular_and_31_operative_paragraphs(chunks: dict[str, list[Chunk]]) -> None:
    resolution = chunks["001"]
    assert numbered_run(resolution, "执行部分") == list(range(1, 32))
    preamble = [c for c in resolution if c.part == "序言部分" and c.kind == "paragraph"]
    assert [c.paragraph for c in preamble] == [str(i) for i in range(1, 17)]
    assert not any(c.numbered for c in preamble)
    assert preamble[2].label == "序言部分第3段（未编号，按位置计）"
    assert preamble[2].text.startswith("又强调必须继续全面执行《使各国能够及时和可靠地识别")


def test_secretary_general_report_has_paragraphs_1_to_32_and_its_summary(chunks: dict[str, list[Chunk]]) -> None:
    report = chunks["002"]
    assert numbered_run(report, "正文") == list(range(1, 33))
    summary = [c for c in report if c.section == ("摘要",)]
    assert len(summary) == 2 and summary[0].text.startswith("本报告综述了")
    paragraph_5 = next(c for c in report if c.anchor == "p5")
    assert "轻型高射炮，被走私进入萨赫勒区域" in paragraph_5.text  # joined across the footnotes of a page break
    assert len(paragraph_5.spans) == 2
    chapter, *subsections = paragraph_5.section
    assert chapter.startswith("二. 以实际裁军措施巩固和平；协助各国制止小武器和轻武器的非法贩运并加以收集；")
    assert subsections == ["A. 联合国系统", "1. 安全理事会"]


def test_letter_and_its_annex_are_unnumbered_paragraphs_under_their_headings(chunks: dict[str, list[Chunk]]) -> None:
    letter = chunks["003"]
    body = [c for c in letter if c.part == "正文" and c.kind == "paragraph"]
    annex = [c for c in letter if c.part == "附件" and c.kind == "paragraph"]
    assert len(body) == 1 and len(annex) == 24
    assert next(c for c in letter if c.kind == "closing" and c.part == "正文").text.startswith("常驻代表")
    national_reports = [c for c in annex if c.section[-1:] == ("国家报告",)]
    assert national_reports and national_reports[0].text.startswith("各位不妨回顾")


def test_2018_report_restarts_numbering_in_each_annex_chapter(chunks: dict[str, list[Chunk]]) -> None:
    report = chunks["004"]
    assert numbered_run(report, "正文") == list(range(1, 21))
    expected = {"一.": 23, "二.": 80, "三.": 26, "四.": 28, "五.": 17}
    for chapter, last in expected.items():
        assert numbered_run(report, "附件", chapter) == list(range(1, last + 1)), chapter
    marking = next(c for c in report if c.anchor == "annex-s3-p4")
    assert marking.section[0] == "附件" and marking.section[-1] == "B. 标识"
    assert "禁止非法伪造、涂抹、去除或更改" in marking.text


def test_agenda_items_stay_inside_their_paragraph(chunks: dict[str, list[Chunk]]) -> None:
    paragraph_6 = next(c for c in chunks["004"] if c.anchor == "p6")
    assert "14. 通过大会报告。" in paragraph_6.text
    paragraph_10 = next(c for c in chunks["000"] if c.anchor == "p10")
    assert "(f) 国际援助与能力建设。" in paragraph_10.text


def test_footnotes_are_chunks_linked_to_the_paragraph_that_cites_them(chunks: dict[str, list[Chunk]]) -> None:
    footnote = next(c for c in chunks["001"] if c.kind == "footnote" and c.paragraph == "4")
    assert footnote.text == "见 A/62/163 和 Corr. 1。"
    assert footnote.parent == "res-65-64:p3"
    assert len([c for c in chunks["002"] if c.kind == "footnote"]) == 13


def test_cover_block_holds_the_symbol_and_dates(chunks: dict[str, list[Chunk]]) -> None:
    cover = next(c for c in chunks["004"] if c.kind == "front")
    assert "A/CONF.192/2018/RC/3" in cover.text and "2018年6月18日至29日,纽约" in cover.text


FURNITURE = re.compile(r"\d{2}-\d{5}\s*\(C\)|\*\*|<sup>|^#|^- ", re.MULTILINE)


def test_every_chunk_is_faithful_clean_and_not_empty(chunks: dict[str, list[Chunk]],
                                                      documents: dict[str, Document]) -> None:
    for key, doc_chunks in chunks.items():
        original = documents[key].text
        for chunk in doc_chunks:
            assert chunk.text.strip(), chunk.chunk_id
            assert not FURNITURE.search(chunk.text), chunk.chunk_id
            assert is_faithful(original, chunk.text, chunk.spans), chunk.chunk_id
            assert chunk.start == chunk.spans[0][0] and chunk.end == chunk.spans[-1][1]
            assert squash(chunk.text) in squash(original[chunk.start:chunk.end]) or len(chunk.spans) > 1


def test_headings_are_in_section_paths_not_chunks(chunks: dict[str, list[Chunk]]) -> None:
    for doc_chunks in chunks.values():
        headings = {title for chunk in doc_chunks for title in chunk.section}
        for chunk in doc_chunks:
            assert chunk.text not in headings, chunk.chunk_id


def test_long_paragraphs_are_split_into_pieces_sharing_their_number(chunks: dict[str, list[Chunk]]) -> None:
    for doc_chunks in chunks.values():
        assert all(len(c.text) <= 520 for c in doc_chunks)
        for _, group in groupby(doc_chunks, key=lambda c: c.anchor):
            pieces = list(group)
            assert [p.piece for p in pieces] == list(range(len(pieces)))
            assert {p.paragraph for p in pieces} == {pieces[0].paragraph}
    paragraph_11 = [c for c in chunks["004"] if c.anchor == "p11"]
    assert len(paragraph_11) > 1 and paragraph_11[0].label == f"第11段（第1/{len(paragraph_11)}部分）"


def test_chunk_ids_are_unique(chunks: dict[str, list[Chunk]]) -> None:
    ids = [c.chunk_id for doc_chunks in chunks.values() for c in doc_chunks]
    assert len(ids) == len(set(ids))


def test_a_footnote_is_cited_by_a_mark_that_is_a_whole_run_of_superscript_digits() -> None:
    assert footnote_reference("国家报告，⁶ 注意到", "6").start() == 5
    # the ¹ of ¹⁰ and of ¹¹ marks footnotes 10 and 11, not footnote 1, which is cited further on
    text = "报告。¹⁰ 又见¹¹。另见¹。"
    assert footnote_reference(text, "1").start() == text.rindex("¹")
    assert footnote_reference(text, "10").start() == 3 and footnote_reference(text, "11") is not None
    assert footnote_reference("报告。¹⁰", "1") is None and footnote_reference("报告。¹⁰", "0") is None
    assert footnote_reference("秘书长的说明*", "*") is not None
