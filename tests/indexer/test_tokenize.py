"""Keyword tokenizers: Chinese unigrams and bigrams within Han runs, Latin words and numbers whole."""

from __future__ import annotations

import pytest

from indexer.tokenize import char_ngrams, get_tokenizer, jieba_words


def test_char_ngrams_are_unigrams_and_bigrams_of_each_han_run() -> None:
    assert char_ngrams("标识，追查") == ["标", "识", "标识", "追", "查", "追查"]


def test_symbols_numbers_and_full_width_text_stay_whole_and_fold_to_ascii_lower_case() -> None:
    assert char_ngrams("A/CONF.192/2018/RC/3 第６５/６４号") == ["第", "号", "a/conf.192/2018/rc/3", "65/64"]


def test_jieba_words_split_long_words_into_their_parts_too() -> None:
    tokens = jieba_words("国际追查文书")
    assert "追查" in tokens and "文书" in tokens


def test_an_unknown_tokenizer_is_refused_with_the_known_ones() -> None:
    assert get_tokenizer("jieba") is jieba_words
    with pytest.raises(ValueError, match="unknown tokenizer 'words'; known: char-ngrams, jieba"):
        get_tokenizer("words")
