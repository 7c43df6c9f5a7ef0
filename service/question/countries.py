"""The countries a text names: CLDR's country names (shipped by Babel), in Chinese each counted where the sentence
writes it as a word of its own, in English with the Chinese name the corpus would use."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

import jieba
from babel import Locale

from service.question.patterns import BRACKETED, OPENS_LIST

# CLDR territories that are no country: the United Nations, the European Union, the euro area, outlying Oceania
GROUPINGS = frozenset({"UN", "EU", "EZ", "QO"})
NAMED_COUNTRIES = 2  # how many a sentence must name to give the members of a group ("菲律宾、保加利亚和圣卢西亚")


@lru_cache(maxsize=1)
def _chinese_by_code() -> dict[str, str]:
    """Each country's Chinese name in CLDR, by its two-letter code; "刚果（金）" is read as 刚果."""
    return {code: name.split("（")[0] for code, name in Locale("zh").territories.items()
            if len(code) == 2 and code.isalpha() and code not in GROUPINGS}


@lru_cache(maxsize=1)
def country_names() -> re.Pattern[str]:
    """Any country's Chinese name, longest first ("印度尼西亚" before "印度")."""
    names = set(_chinese_by_code().values())
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


@lru_cache(maxsize=1)
def english_country_names() -> dict[str, str]:
    """Each country's English name in CLDR, and its two-letter code as written in capitals ("US"), with its Chinese
    name ("Kenya" and "KE" -> 肯尼亚)."""
    chinese = _chinese_by_code()
    return {name: chinese[code] for code, english_name in Locale("en").territories.items() if code in chinese
            for name in (english_name, code)}


@lru_cache(maxsize=1)
def english_country_pattern() -> re.Pattern[str]:
    """Any country's English name or code, as a whole word, longest first."""
    names = sorted(english_country_names(), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b")


def countries_named(sentence: str) -> int:
    """How many country names ``sentence`` writes as words of their own: 中国 in 发展中国家 and 法国 in 非法国际 are
    none, 巴西 in 巴西里约热内卢 is one."""
    bounds = {0, *accumulate(len(word) for word in jieba.lcut(sentence))}
    return sum(m.start() in bounds and m.end() in bounds for m in country_names().finditer(sentence))


class NamesCountries:
    """Matches, as a pattern's ``search`` does, a sentence that gives the countries a group is made of: one naming two
    countries or more, opening a list, or naming someone with a country in brackets ("布鲁内(法国)"; not "(西非经共体)",
    "（见附件）")."""

    def search(self, sentence: str) -> bool:
        return (bool(OPENS_LIST.search(sentence)) or countries_named(sentence) >= NAMED_COUNTRIES
                or any(countries_named(held) for held in BRACKETED.findall(sentence)))


class NamesACountry:
    """Matches, as a pattern's ``search`` does, a sentence naming a country: what "是哪国代表" asks of the holder of a
    role ("让-克洛德·布鲁内(法国)", "瑞士代表以…主席的身份发了言")."""

    def search(self, sentence: str) -> bool:
        return countries_named(sentence) > 0
