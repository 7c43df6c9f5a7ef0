"""The word lists the question reader uses (lexicon/*.json beside this module), loaded once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "lexicon"


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    return data


_quantities = _read("quantities")
_time_words = _read("time_words")
_writing = _read("writing_requests")
_test_inputs = _read("test_inputs")
_titles = _read("titles")
_meetings = _read("meetings")
_lookups = _read("lookups")

ABBREVIATIONS: dict[str, str] = _read("abbreviations")["names"]
_english_terms = _read("english_terms")
ENGLISH_TERMS: dict[str, str] = _english_terms["terms"]
ENGLISH_BODIES: dict[str, str] = {english: chinese for english, chinese in _english_terms["bodies"].items()
                                  if english != "_about"}
ENGLISH_GROUP_NOUNS: dict[str, list[str]] = {noun: words for noun, words in _english_terms["group_nouns"].items()
                                             if noun != "_about"}
_english_stopwords = _read("english_stopwords")
ENGLISH_STOPWORDS: frozenset[str] = frozenset(_english_stopwords["words"])
ENGLISH_GREETINGS: frozenset[str] = frozenset(_english_stopwords["greetings"])
NOT_PLACES: frozenset[str] = frozenset(_read("not_places")["words"])
FUNCTION_TAGS: frozenset[str] = frozenset(_read("function_tags")["tags"])
QUESTION_WORDS: tuple[str, ...] = tuple(_read("question_words")["words"])
MEASURE_WORDS: str = _quantities["measure_words"]
MONEY_WORDS: frozenset[str] = frozenset(_quantities["money_words"])
MONEY_UNITS: tuple[str, ...] = tuple(_quantities["money_units"])
ENGLISH_MONEY_WORDS: tuple[str, ...] = tuple(_quantities["english_money_words"]["words"])
BEFORE_HOW_MANY: frozenset[str] = frozenset(_quantities["before_how_many"]["words"])
AFTER_MEASURE_WORD: dict[str, list[str]] = {unit: forms for unit, forms in _quantities["after_measure_word"].items()
                                            if unit != "_about"}
OUTCOME_WORDS: tuple[str, ...] = tuple(_time_words["outcome"])
CURRENT_WORDS: tuple[str, ...] = tuple(_time_words["current"])
PAST_WORDS: tuple[str, ...] = tuple(_time_words["past"])
ANNOUNCING_WORDS: tuple[str, ...] = tuple(_time_words["announcing"])
PLANNED_WORDS: tuple[str, ...] = tuple(_time_words["planned"])
EXPECTED_WORDS: tuple[str, ...] = tuple(_time_words["expected"])
UNTENSED_PLAN_WORDS: tuple[str, ...] = tuple(_time_words["untensed_plan"])
UNTENSED_DECISION_WORDS: tuple[str, ...] = tuple(_time_words["untensed_decision"])
ENGLISH_TITLE_HEADS: tuple[str, ...] = tuple(_titles["english_heads"])
ENGLISH_LOWER_CASE_TITLE_HEADS: tuple[str, ...] = tuple(_titles["english_heads_in_lower_case"])
CHINESE_TITLE_HEADS: frozenset[str] = frozenset(_titles["chinese_heads"])
WRITING_OPENERS: tuple[str, ...] = tuple(_writing["openers"])
WRITING_VERBS: tuple[str, ...] = tuple(_writing["verbs"])
WRITING_INTO: tuple[str, ...] = tuple(_writing["into"])
LINE_CHECKS: tuple[str, ...] = tuple(_test_inputs["line_checks"])
TEST_WORDS: tuple[str, ...] = tuple(_test_inputs["test_words"])
MEETING_SERIES: dict[str, list[str]] = _meetings["series"]
MEETINGS: list[dict[str, Any]] = _meetings["meetings"]
# the words of a question that only looks a paragraph up, besides its document's title
LOOKUP_WORDS: frozenset[str] = frozenset(_lookups["citation"] + _lookups["text"])
ENGLISH_LOOKUP_WORDS: tuple[str, ...] = tuple(_lookups["english"])
