"""The patterns of UN document text that both the indexer and the question reader need, each defined once:
document symbols, years and Chinese numerals."""

from __future__ import annotations

import re

# a UN document symbol: A/RES/65/64, A/CONF.192/2018/RC/3, S/2012/42
DOCUMENT_SYMBOL = r"[A-Za-z]+(?:/[A-Za-z0-9.]+)+"
SYMBOL = re.compile(DOCUMENT_SYMBOL)
# the numeric tail of a symbol, as delegates cite a resolution: "65/64号决议"
SYMBOL_TAIL = re.compile(r"\d+/\d+")

YEAR_DIGITS = r"(?<!\d)(?:19|20)\d\d(?!\d)"
YEAR = re.compile(YEAR_DIGITS)
# a year written as one: "2018年"
YEAR_OF = re.compile(rf"({YEAR_DIGITS})\s*年")

# the characters of numbers written in Chinese, those that number headings and chapters (一 to 十), and the value
# of each digit
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万"
ONE_TO_TEN = "一二三四五六七八九十"
CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
