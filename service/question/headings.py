"""The headings an English question describes a part of a document by ("the documentation section", "the part on
coordinating international assistance"): each Chinese heading read in English through every sense the dictionary
gives its words (CC-CEDICT and the field's terms), the reverse of glossing a question into the corpus' words, which
keeps only the senses the corpus uses most ("introduction" 介绍, where the heading says 引言)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from indexer.types import Chunk
from service.question.lexicon import ENGLISH_STOPWORDS, ENGLISH_TERMS
from service.question.patterns import ENGLISH_WORD, PART_WORD
from service.question.translate import CEDICT_LINE, LONGEST_WORD, cedict_lines, english_of

SHORTEST_STEM = 5  # letters of the shorter word when one word begins the other ("adopt", "adopting")
LONGEST_ENDING = 5  # letters the longer may add ("document" -> "documentation", "organization" -> "-al")
# the endings before which a word's final -e drops ("coordinate" -> "coordinating", "manufacture" -> "manufacturing")
E_DROPPING_ENDING = re.compile(r"(?:ing|ions?|ed)$")
# "What does ... cover?": the question ends in its verb, with its particle ("set out", "call for")
DO_QUESTION = re.compile(r"\b(?:what|how|which\s+\w+)\s+(?:does|do|did)\b")
ENDING_VERB = re.compile(r"\s+\w+(?:\s+(?:out|for|up|of|to|on|about))?\s*[?.!]*\s*$")
# what may follow a part's name: its number or letter ("section II.A.2(e)", "part IV.C"), a bracket
PART_DESIGNATION = re.compile(r"\s*(?:[ivx]+|[a-h]|\d+)?(?:\.[a-h0-9]+)*(?:\([a-e]\))?\s*(?:\((?P<bracket>[^)]*)\))?")
# a phrase saying what the part is about, up to the end of its clause, after its document at most ("the part of the
# 2008 letter on ...")
PART_ABOUT = re.compile(r"\s*(?:(?:of|in)\s+[^,?;]{0,60}?\s+)?(?:on|about|concerning|regarding|covering|dealing\s+with"
                        r"|entitled|titled|called)\s+(?P<about>[^,?;]+)")


def headings_of(chunks: Iterable[Chunk]) -> dict[str, tuple[str, ...]]:
    """Each document's section headings, in document order, by doc_id."""
    headings: dict[str, dict[str, None]] = {}
    for chunk in chunks:
        headings.setdefault(chunk.doc_id, {}).update(dict.fromkeys(chunk.section))
    return {doc_id: tuple(each) for doc_id, each in headings.items()}


def heading_senses(headings: Iterable[str]) -> dict[str, frozenset[str]]:
    """Every English word each heading can be read as: those of every CC-CEDICT gloss of each dictionary word of two
    characters or more it holds, and those of each field term whose Chinese it holds."""
    senses: dict[str, set[str]] = {heading: set() for heading in headings}
    # every run of two to LONGEST_WORD characters of the headings: the dictionary words they may hold
    runs = {heading[i: j] for heading in senses for i in range(len(heading))
            for j in range(i + 2, min(len(heading), i + LONGEST_WORD) + 1)}
    glossed: list[tuple[str, set[str]]] = []
    for line in cedict_lines():
        # "traditional simplified [pinyin] /gloss/": the simplified word is looked up before the line is parsed
        simplified = line.split(" ", 2)[1] if line.count(" ") >= 2 else ""
        if simplified not in runs or (match := CEDICT_LINE.match(line)) is None:
            continue
        word, entry = match.groups()
        glossed.append((word, {english for gloss in entry.split("/") for part in gloss.split(";")
                               for english in english_words(english_of(part))}))
    glossed.extend((chinese, set(english_words(english))) for english, chinese in ENGLISH_TERMS.items())
    for word, english in glossed:
        for heading, heading_words in senses.items():
            if word in heading:
                heading_words |= english
    return {heading: frozenset(words) for heading, words in senses.items()}


def english_words(text: str) -> list[str]:
    """The words of ``text``, lower case, a hyphenated one split ("organizational-matters")."""
    return [part for word in ENGLISH_WORD.findall(text.lower()) for part in word.split("-") if part]


def same_word(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one word, or one begins the other as a stem does its forms ("document",
    "documentation"; "implement", "implementing"), not as a prefix does ("inter", "international"); a word in -e
    drops it before -ing, -ion and -ed ("coordinate", "coordinating"); a noun in -sion is a form of its verb in -t
    ("diversion", "divert")."""
    short, long = sorted((a, b), key=len)
    if short == long or (long.endswith("sion") and long.removesuffix("sion") + "t" == short):
        return True
    stem = short.removesuffix("e") if E_DROPPING_ENDING.match(long, len(short) - 1) else short
    return len(stem) >= SHORTEST_STEM and long.startswith(stem) and len(long) - len(stem) <= LONGEST_ENDING


def describing_words(question: str) -> list[str]:
    """The words with which an English question describes the part it asks about: those of the noun phrase ending in
    the part's name ("the documentation section", "the Security Council subsection"), of a bracket after the name
    ("section B (Officers)") and of a phrase after it saying what the part is about ("the part of the 2008 letter on
    the composition of the segments"), without the verb that ends a "What does ... cover?" question."""
    text = question.lower()
    if DO_QUESTION.search(text):
        text = ENDING_VERB.sub("", text)
    spans: list[str] = []
    for match in PART_WORD.finditer(text):
        spans.append(match.group("named") or "")
        modifiers: list[str] = []
        for word in reversed(text[: match.start()].split()):
            if word in ("and", "&") and modifiers:  # "the transparency and information-exchange part"
                continue
            if word in ENGLISH_STOPWORDS or word.endswith("'s") or not ENGLISH_WORD.fullmatch(word.strip("'\"")):
                break
            modifiers.append(word.strip("'\""))
        spans.extend(reversed(modifiers))
        # every part of the designation is optional: it always matches, if only the empty string
        after = PART_DESIGNATION.match(text, match.end())
        bracket, end = (after.group("bracket"), after.end()) if after else (None, match.end())
        spans.extend((bracket or "").split())
        about = PART_ABOUT.match(text, end)
        if about is not None:
            spans.extend(about.group("about").split())
    return [word for span in spans for word in english_words(span)
            if word not in ENGLISH_STOPWORDS and not word.isdigit() and "'" not in word]


class HeadingReader:
    """The headings of each document of one corpus, and its title, read in English."""

    def __init__(self, headings: Mapping[str, Sequence[str]], titles: Mapping[str, str]) -> None:
        self.headings = {doc_id: tuple(dict.fromkeys(each)) for doc_id, each in headings.items()}
        self.titles = dict(titles)
        self.senses = heading_senses([*(h for each in self.headings.values() for h in each), *self.titles.values()])
        self.vocabulary = frozenset(word for words in self.senses.values() for word in words)

    def fitting(self, question: str, documents: Iterable[str] = ()) -> dict[str, float]:
        """The headings, of ``documents`` (every document's when none is given), that an English ``question``'s
        description of a part fits, by how well (fitting_scores)."""
        return fitting_scores(self.word_fits(question, documents))

    def word_fits(self, question: str, documents: Iterable[str] = ()) -> list[list[str]]:
        """For each word of an English ``question``'s description of a part, the headings of ``documents`` (every
        document's when none is given) whose English senses it fits. A word fitting a named document's title
        ("report", "letter") names the document, not the part: it is left out."""
        named = [doc_id for doc_id in documents if doc_id in self.headings]
        candidates = tuple(dict.fromkeys(h for doc_id in named or self.headings for h in self.headings[doc_id]))
        titles = [self.senses[self.titles[doc_id]] for doc_id in named if doc_id in self.titles]
        fits = []
        for word in describing_words(question):
            senses = {sense for sense in self.vocabulary if same_word(word, sense)}
            if not any(senses & title for title in titles):
                fits.append([heading for heading in candidates if senses & self.senses[heading]])
        return fits


def fitting_scores(fits: Sequence[Sequence[str]]) -> dict[str, float]:
    """The headings the words of a description fit (HeadingReader.word_fits), by how well, best first: each word
    counting the less the more headings it fits (a word every heading fits tells none apart)."""
    scores: dict[str, float] = {}
    for fitting in fits:
        for heading in fitting:
            scores[heading] = scores.get(heading, 0.0) + 1 / len(fitting)
    return dict(sorted(scores.items(), key=lambda item: -item[1]))


def share_fitted(fits: Sequence[Sequence[str]], heading: str) -> float:
    """The share of the words of a description (HeadingReader.word_fits) that ``heading`` fits."""
    return sum(heading in fitting for fitting in fits) / len(fits) if fits else 0.0


def clearly_described(fitting: Mapping[str, float]) -> str | None:
    """The heading a description clearly names, of those it fits (HeadingReader.fitting, best first): the one fitting
    at least one word's worth, more than any other; None else."""
    ranked = list(fitting.items())
    if not ranked or ranked[0][1] < 1 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
