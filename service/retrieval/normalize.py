"""A question's characters and names as the corpus writes them: simplified Chinese, ASCII digits and letters,
and the Chinese names for the English abbreviations delegates use (PoA, ITI, ATT), so that keyword matching,
the dense model, the citation parser and the evidence checks see the documents' own words."""

from __future__ import annotations

import re
import string
from functools import lru_cache

import opencc

# full-width digits, letters and the symbol punctuation of "Ａ／ＲＥＳ／６５／６４" (each 0xFEE0 above its ASCII
# form); Chinese punctuation (，？：) stays, as the corpus writes it
TO_HALF_WIDTH = {ord(c) + 0xFEE0: c for c in string.digits + string.ascii_letters + "/."}


# the United Nations' own Chinese names (UNTERM) for the English abbreviations and names of this field; the
# documents write only the Chinese, so neither BM25 nor the dense model can match "PoA" to 《行动纲领》
ABBREVIATIONS = {
    "PoA-ISS": "行动纲领执行支助系统",
    "Programme of Action": "行动纲领",
    "PoA": "行动纲领",
    "International Tracing Instrument": "国际追查文书",
    "ITI": "国际追查文书",
    "Arms Trade Treaty": "武器贸易条约",
    "ATT": "武器贸易条约",
    "Firearms Protocol": "枪支议定书",
    "SALW": "小武器和轻武器",
    "Review Conference": "审议大会",
    "RevCon": "审议大会",
    "PrepCom": "筹备委员会",
    "BMS": "两年期会议",
    "MGE": "政府专家会议",
    "GGE": "政府专家组",
    "OEWG": "不限成员名额工作组",
    "UNODA": "裁军事务厅",
    "UNDP": "开发计划署",
    "UNODC": "毒品和犯罪问题办公室",
    "UNIDIR": "裁军研究所",
    "UNREC": "联合国和平与裁军非洲区域中心",
    "UNRCPD": "联合国和平与裁军亚洲及太平洋区域中心",
    "INTERPOL": "刑警组织",
    "WCO": "世界海关组织",
    "ISACS": "国际小武器管制标准",
    "IATG": "国际弹药技术准则",
    "CASA": "小武器问题协调行动机制",
    "SDGs": "可持续发展目标",
    "SDG": "可持续发展目标",
    "DDR": "解除武装、复员和重返社会",
    "NGOs": "非政府组织",
    "NGO": "非政府组织",
    "ECOWAS": "西非国家经济共同体",
    "ECCAS": "中部非洲国家经济共同体",
    "OSCE": "欧洲安全与合作组织",
    "UNGA": "大会",
    "UNSC": "安全理事会",
}
# not inside a document symbol: the MGE of "A/CONF.192/MGE/2011/INF/1" stays
ABBREVIATION = re.compile(r"(?<![A-Za-z0-9/.\-])(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")(?![A-Za-z0-9/\-])",
                          re.IGNORECASE)
_BY_FOLDED = {abbreviation.lower(): name for abbreviation, name in ABBREVIATIONS.items()}


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize_question(question: str) -> str:
    """Traditional characters to simplified (OpenCC, by phrase), full-width digits and letters to ASCII,
    English abbreviations and names to the corpus' Chinese; a question already written like the corpus comes
    back unchanged."""
    simplified = _to_simplified().convert(question.translate(TO_HALF_WIDTH))
    return ABBREVIATION.sub(lambda m: _BY_FOLDED[m.group().lower()], simplified)
