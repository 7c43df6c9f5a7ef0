"""Sentences of the real corpus' chunks, and the clauses of a sentence."""

from __future__ import annotations

from indexer.chunk import chunk_document
from indexer.sentences import sentence_embed_text, split_clauses, split_sentences
from indexer.types import Document


def test_sentences_are_verbatim_pieces_of_their_chunk(documents: dict[str, Document]) -> None:
    for chunk in chunk_document(documents["000"]):
        for sentence in split_sentences(chunk):
            assert sentence in chunk.text


def test_clauses_cut_a_sentence_at_its_commas_and_colons_and_give_it_back_whole(
        documents: dict[str, Document]) -> None:
    sentences = [s for chunk in chunk_document(documents["004"]) for s in split_sentences(chunk)]
    for sentence in sentences:
        assert "".join(split_clauses(sentence)) == sentence
    clauses = split_clauses("销毁非法轻小武器,确保其所有基本部件永久无法使用,并向有关国家提供证书。")
    assert clauses == ["销毁非法轻小武器,", "确保其所有基本部件永久无法使用,", "并向有关国家提供证书。"]


def test_a_list_stays_one_clause_and_a_short_piece_joins_its_neighbour() -> None:
    # "、" separates the items of one list; a lead-in such as "即：" says nothing on its own
    assert split_clauses("边境管制、库存管理和保安、销毁和处置。") == ["边境管制、库存管理和保安、销毁和处置。"]
    assert split_clauses("即：提高认识，促进批准《枪支议定书》；") == ["即：提高认识，", "促进批准《枪支议定书》；"]
    assert split_clauses("例如：标识") == ["例如：标识"]


def test_a_sentence_is_embedded_without_its_web_address() -> None:
    # "revcon3" in a web address read as English drew English questions to a sentence that answers none of them
    assert sentence_embed_text("文件可在大会网站查阅: www.un.org/disarmament/revcon3。") == "文件可在大会网站查阅:。"
    assert sentence_embed_text("我概述了构想（见，<http://disarmament.un.org/cab/bms3/>）。") == "我概述了构想。"
    assert sentence_embed_text("<http://www.poa-iss.org>") == "<http://www.poa-iss.org>"  # nothing else to embed
    assert sentence_embed_text("大会通过了议程。") == "大会通过了议程。"
