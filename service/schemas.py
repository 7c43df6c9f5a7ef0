"""Pydantic request and response models of the HTTP API, and the one place Hits become JSON."""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.config import JsonDict

from indexer.types import Chunk, Citation, Document, Hit
from service.answer import Verdict
from service.neighbours import Neighbours
from service.pipeline import AskQuery, AskResult

MAX_QUESTION_CHARS = 1000
MAX_TOP_K = 50
# what the schema states, so that clients and schema-driven tests know the limits the validators enforce
QUESTION_SCHEMA: JsonDict = {"minLength": 1, "maxLength": MAX_QUESTION_CHARS, "pattern": r"\S"}
TOP_K_SCHEMA: JsonDict = {"minimum": 1, "maximum": MAX_TOP_K}
SCORE_SCHEMA: JsonDict = {"minimum": 0.0, "maximum": 1.0}

Mode = Literal["hybrid", "dense", "keyword"]
ConfidenceLevel = Literal["high", "medium", "low"]
HIGH_CONFIDENCE, MEDIUM_CONFIDENCE = 0.75, 0.5


def confidence_level(confidence: float) -> ConfidenceLevel:
    return "high" if confidence >= HIGH_CONFIDENCE else "medium" if confidence >= MEDIUM_CONFIDENCE else "low"

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def checked_question(value: str, name: str) -> str:
    """The question without surrounding whitespace; an empty or over-long one is refused with the fix."""
    if len(value) > MAX_QUESTION_CHARS:
        raise ValueError(f"{name} has {len(value)} characters, above the maximum {MAX_QUESTION_CHARS}; shorten it")
    value = value.strip()
    if not value:
        raise ValueError(f"{name} is empty; ask a question in words")
    return value


def _check_text(value: Any, name: str) -> None:
    if isinstance(value, str):
        if found := _LONE_SURROGATE.search(value):
            # JSON can escape half of a UTF-16 pair ("\ud800"); it is no character, and encoding it fails later
            raise ValueError(f"{name} holds U+{ord(found.group()):04X} at position {found.start()}, half of a "
                             "UTF-16 surrogate pair, which is not text; send valid Unicode")
    elif isinstance(value, list | tuple):
        for item in value:
            _check_text(item, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, name)
            _check_text(item, name)


class RequestBody(BaseModel):
    """A request body: every string in it is text (no lone surrogate)."""

    @field_validator("*", mode="before")
    @classmethod
    def _text_only(cls, value: Any, info: ValidationInfo) -> Any:
        _check_text(value, str(info.field_name))
        return value


class StrictRequestBody(RequestBody):
    """A /v1 request body: no string or boolean for a number, and an unknown field (a typo such as ``topk``)
    refused with its name rather than ignored."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = list(cls.model_fields)
            unknown = [str(name) for name in data if name not in known]
            if unknown:
                close = difflib.get_close_matches(unknown[0], known, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                names = ", ".join(repr(name.encode("utf-8", "backslashreplace").decode()) for name in unknown)
                raise ValueError(f"unknown field{'s' if len(unknown) > 1 else ''} {names}{hint}; known: "
                                 f"{', '.join(known)}")
        return data


class AskRequest(StrictRequestBody):
    question: str = Field(..., description=f"the question, in Chinese (or any language); 1..{MAX_QUESTION_CHARS} "
                                           "characters", examples=["2018年第三次审议大会在哪里举行？"],
                          json_schema_extra=QUESTION_SCHEMA)
    top_k: int = Field(5, description=f"how many passages to return, 1..{MAX_TOP_K}", json_schema_extra=TOP_K_SCHEMA)
    documents: list[str] | None = Field(None, description="restrict the search to these doc_ids")
    mode: Mode = Field("hybrid", description="retrieval strategy: hybrid (default), dense or keyword")
    context: bool = Field(False, description="also return each passage's section heading and neighbouring "
                                             "paragraphs, to read it in place")
    group_by: Literal["none", "document"] = Field(
        "none", description="document: passages come document by document (the document of the best passage "
                            "first), each keeping its rank, and `groups` lists the documents")

    @field_validator("question")
    @classmethod
    def _question_has_words(cls, value: str) -> str:
        return checked_question(value, "question")

    def to_query(self) -> AskQuery:
        return AskQuery(question=self.question, top_k=self.top_k,
                        documents=tuple(self.documents) if self.documents else None, mode=self.mode,
                        group_by=self.group_by)

    @field_validator("top_k")
    @classmethod
    def _top_k_in_range(cls, value: int) -> int:
        if not 1 <= value <= MAX_TOP_K:
            raise ValueError(f"top_k={value} is outside 1..{MAX_TOP_K}; use a value from 1 to {MAX_TOP_K}")
        return value


class CitationOut(BaseModel):
    doc_id: str
    file: str
    symbol: str | None
    title: str
    date: str | None
    part: str
    section: str
    section_path: list[str]
    paragraph: str
    label: str
    anchor: str
    start: int
    end: int
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, citation: Citation) -> CitationOut:
        return cls(doc_id=citation.doc_id, file=citation.file, symbol=citation.symbol, title=citation.title,
                   date=citation.date, part=citation.part, section=citation.section,
                   section_path=list(citation.section_path), paragraph=citation.paragraph, label=citation.label,
                   anchor=citation.anchor, start=citation.start, end=citation.end, spans=list(citation.spans))


class NeighbourOut(BaseModel):
    anchor: str
    label: str
    text: str

    @classmethod
    def of(cls, chunk: Chunk | None) -> NeighbourOut | None:
        return cls(anchor=chunk.anchor, label=chunk.label, text=chunk.text) if chunk else None


class ContextOut(BaseModel):
    heading: str = Field(description="the section path the passage sits under")
    previous: NeighbourOut | None
    next: NeighbourOut | None


class PassageOut(BaseModel):
    chunk_id: str
    rank: int
    score: float
    text: str
    kind: str
    citation: CitationOut
    sources: dict[str, float] = Field(description="each ranking list's own score for the passage (a cosine for "
                                                  "dense, clause and mapped, BM25 for bm25; rerank: the reranker's)")
    document_bonus: float = Field(0.0, description="added to the fused score because the question names the "
                                                   "passage's document (one vote) or its section (one more)")
    pinned: bool = Field(False, description="the paragraph the question cites explicitly, ranked where the "
                                            "citation puts it whatever its score")
    context: ContextOut | None = None

    @classmethod
    def of(cls, hit: Hit, around: tuple[Chunk | None, Chunk | None] | None = None) -> PassageOut:
        context = None
        if around is not None:
            context = ContextOut(heading=hit.citation.section, previous=NeighbourOut.of(around[0]),
                                 next=NeighbourOut.of(around[1]))
        return cls(chunk_id=hit.chunk.chunk_id, rank=hit.rank, score=round(hit.score, 6), text=hit.chunk.text,
                   kind=hit.chunk.kind, citation=CitationOut.of(hit.citation),
                   sources={k: round(v, 6) for k, v in hit.sources.items()},
                   document_bonus=round(hit.document_bonus, 6), pinned=hit.pinned, context=context)


class AnswerOut(BaseModel):
    text: str = Field(description="the sentence of a passage that best answers the question, verbatim")
    passage_rank: int
    start: int = Field(description="offset of the sentence in the original file")
    end: int


class DocumentGroupOut(BaseModel):
    doc_id: str
    symbol: str | None
    title: str
    ranks: list[int] = Field(description="the ranks of this document's passages, best first")


class AskResponse(BaseModel):
    question: str
    mode: Mode
    answerable: bool = Field(description="false when the documents do not hold what the question asks for; "
                                         "the passages are then related, not answers")
    confidence: float = Field(ge=0.0, le=1.0, description="the probability that the answer is right, calibrated on "
                                                         "the labelled question sets (eval/RESULTS.md)")
    confidence_level: ConfidenceLevel = Field(description="the confidence in words: high (at least 0.75: about three "
                                                          "in four such answers are right or better), medium (0.5 to "
                                                          "0.75), low (below 0.5)")
    reasons: list[str] = Field(default_factory=list, description="why the service abstains: off_topic (the documents "
                               "do not speak of the subject), terms / places (the passages do not mention what the "
                               "question names; a place, in the answer's own passage), no_sentence (no sentence states "
                               "what is asked), outcome_after (it asks how an event turned out, and every document is "
                               "older than the year it names), current_state (it asks how things stand today), "
                               "past_after (it asks in the past tense about years after every document), "
                               "later_event (a Chinese question, without tense, names only years after every "
                               "document and asks no plan), "
                               "outcome_after_source (it asks how an event turned out, and the answer's document is "
                               "older than the month it names, or, naming no month, than every year it names), "
                               "outcome_announced (it asks how an event turned out, and the answer sentence only "
                               "announces, schedules or proposes it), meeting_announced (it asks how a meeting turned "
                               "out, and the answer's document announces that meeting), "
                               "findings_requested (it asks what a report found, and the answer's paragraph "
                               "requests a report, so it was written before it), "
                               "writing_request (it asks for something to be written, translated or recommended), "
                               "unknown_title (it names a document or treaty the corpus never mentions, or the outcome "
                               "document of a meeting the corpus only announces), "
                               "unknown_meeting (it names a meeting the corpus never mentions), "
                               "title_provisions (it asks what a treaty the corpus names but does not hold provides), "
                               "unknown_paragraph (it only reads a paragraph it cites, which the corpus does not hold, "
                               "or holds several of), "
                               "bare_word (it is one word and nothing else: a keyword asks nothing), confidence")
    missing_terms: list[str] = Field(default_factory=list, description="what the question names (numbers, years, "
                                     "document symbols, places) that the top passages do not mention")
    answer: AnswerOut | None
    passages: list[PassageOut]
    groups: list[DocumentGroupOut] | None = Field(None, description="with group_by=document: the documents "
                                                                     "answering, in the order of their best passage")
    took_ms: float

    @classmethod
    def of(cls, result: AskResult, neighbours: Neighbours | None = None) -> AskResponse:
        """The response for a pipeline result; ``neighbours`` adds each passage's context."""
        query, verdict, answer = result.query, result.verdict, result.verdict.answer
        return cls(
            question=query.question, mode=query.mode, answerable=verdict.answerable, confidence=verdict.confidence,
            confidence_level=confidence_level(verdict.confidence), reasons=list(verdict.reasons),
            missing_terms=list(verdict.missing_terms),
            answer=AnswerOut(text=answer.text, passage_rank=answer.passage_rank, start=answer.start, end=answer.end)
            if answer else None,
            passages=[PassageOut.of(hit, neighbours.around(hit.chunk) if neighbours else None) for hit in result.hits],
            groups=[DocumentGroupOut(doc_id=g.doc_id, symbol=g.symbol, title=g.title, ranks=list(g.ranks))
                    for g in result.groups] if result.groups is not None else None,
            took_ms=round(result.took_ms, 1))


class DocumentOut(BaseModel):
    doc_id: str
    file: str
    symbol: str | None
    title: str
    date: str | None
    kind: str
    chunks: int

    @classmethod
    def of(cls, document: Document, chunks: int) -> DocumentOut:
        return cls(doc_id=document.doc_id, file=document.file, symbol=document.symbol, title=document.title,
                   date=document.date, kind=document.kind, chunks=chunks)


class ChunkOut(BaseModel):
    chunk_id: str
    anchor: str
    kind: str
    label: str
    text: str
    citation: CitationOut
    parent: str | None

    @classmethod
    def of(cls, chunk: Chunk, document: Document) -> ChunkOut:
        return cls(chunk_id=chunk.chunk_id, anchor=chunk.anchor, kind=chunk.kind, label=chunk.label,
                   text=chunk.text, citation=CitationOut.of(Citation.of(chunk, document)), parent=chunk.parent)


class DocumentDetailOut(DocumentOut):
    paragraphs: list[ChunkOut]


class ParagraphOut(BaseModel):
    document: DocumentOut
    paragraph: list[ChunkOut] = Field(description="the paragraph (several pieces when it was split)")
    previous: ChunkOut | None
    next: ChunkOut | None
    footnotes: list[ChunkOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    encoder: str
    english_encoder: str | None = Field(description="the encoder of questions asked in English, where it is another "
                                                    "(POAQA_ENGLISH_ENCODER); null: the encoder answers every question")
    documents: int
    chunks: int
    built_at: str
    version: str | None = Field(description="the index version in service (a folder of POAQA_INDEX_DIR's "
                                            "versions); null for an index in a plain folder")


class ErrorOut(BaseModel):
    detail: str = Field(description="what was wrong and how to fix it")


class ReindexRequest(StrictRequestBody):
    force: bool = Field(False, description="rebuild even when the index is up to date with the corpus")


class ReindexOut(BaseModel):
    rebuilt: bool = Field(description="false when the index was already up to date with the corpus and settings")
    reason: str = Field(description="why it was rebuilt (e.g. 'the corpus changed'), or 'up to date'")
    version: str | None = Field(description="the index version in service now")
    previous_version: str | None = Field(description="the version in service before")
    documents: int
    chunks: int
    embedded: int = Field(description="passages, sentences and clauses embedded anew (the rest came from the cache)")
    seconds: float


# Dify's External Knowledge API (POST /retrieval): https://docs.dify.ai/en/use-dify/knowledge/external-knowledge-api

DIFY_ALL_DOCUMENTS = "poa"
DIFY_DEFAULT_TOP_K = 5


class DifyRetrievalSetting(RequestBody):
    top_k: int | None = Field(DIFY_DEFAULT_TOP_K, description=f"the most records to return, 1..{MAX_TOP_K}",
                              json_schema_extra=TOP_K_SCHEMA)
    score_threshold: float | None = Field(0.0, description="drop records whose score (0..1) is below this; "
                                                           "Dify sends 0.0 when its score threshold is off",
                                          json_schema_extra=SCORE_SCHEMA)

    @field_validator("top_k")
    @classmethod
    def _top_k_in_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= MAX_TOP_K:
            raise ValueError(f"top_k={value} is outside 1..{MAX_TOP_K}; use a value from 1 to {MAX_TOP_K}")
        return value

    @field_validator("score_threshold")
    @classmethod
    def _threshold_in_range(cls, value: float | None) -> float | None:
        if value is not None and not 0.0 <= value <= 1.0:
            raise ValueError(f"score_threshold={value} is outside 0..1; scores are between 0 and 1")
        return value


DifyOperator = Literal["contains", "not contains", "start with", "end with", "is", "is not", "empty", "not empty",
                      "in", "not in", "=", "≠", ">", "<", "≥", "≤", "before", "after"]
DIFY_METADATA_FIELDS = ("doc_id", "document_id", "symbol", "title", "date", "kind")


class DifyCondition(RequestBody):
    name: str = Field(description=f"a document field: {', '.join(DIFY_METADATA_FIELDS)}",
                      json_schema_extra={"enum": list(DIFY_METADATA_FIELDS)})
    comparison_operator: DifyOperator
    value: str | int | float | list[str] | None = None

    @field_validator("name")
    @classmethod
    def _known_field(cls, value: str) -> str:
        if value not in DIFY_METADATA_FIELDS:
            raise ValueError(f"cannot filter on {value!r}; the documents have the fields "
                             f"{', '.join(DIFY_METADATA_FIELDS)}")
        return value


class DifyMetadataCondition(RequestBody):
    """Dify's metadata filter, applied to the documents' fields (conditions on other names are refused)."""

    logical_operator: Literal["and", "or"] | None = "and"
    conditions: list[DifyCondition] | None = None


class DifyRetrievalRequest(RequestBody):
    """What Dify sends to ``{endpoint}/retrieval`` for a knowledge base connected as external knowledge."""

    knowledge_id: str = Field(description=f'"{DIFY_ALL_DOCUMENTS}" searches every document; a doc_id '
                                          '(e.g. "res-65-64") searches that document only')
    query: str = Field(description=f"the user's question, 1..{MAX_QUESTION_CHARS} characters",
                       json_schema_extra=QUESTION_SCHEMA)
    retrieval_setting: DifyRetrievalSetting
    metadata_condition: DifyMetadataCondition | None = Field(
        None, description="keeps the documents whose fields (doc_id, symbol, title, date, kind) meet the conditions")

    @field_validator("query")
    @classmethod
    def _query_has_words(cls, value: str) -> str:
        return checked_question(value, "query")


class DifyRecord(BaseModel):
    content: str = Field(description="the passage text, verbatim")
    score: float = Field(ge=0.0, le=1.0, description="how sure the service is that this passage answers: the "
                                                     "verdict's confidence, scaled by the passage's relevance")
    title: str = Field(description="the document's symbol and title (Dify shows it as the document name)")
    metadata: dict[str, object] = Field(description="document_id (the doc_id, which Dify groups citations by), the "
                                                 "citation (as in /v1/ask) plus chunk_id, rank, kind, url (document "
                                                 "view), reference, answerable, confidence and, on the passage "
                                                 "holding it, answer (the answer sentence)")

    @classmethod
    def of(cls, hit: Hit, score: float, verdict: Verdict) -> DifyRecord:
        citation = CitationOut.of(hit.citation)
        name = " ".join(part for part in (citation.symbol, f"《{citation.title}》") if part)
        reference = "，".join(part for part in (citation.symbol, f"《{citation.title}》", citation.date,
                                                citation.section, citation.label) if part)
        answer = verdict.answer
        metadata = {"document_id": citation.doc_id, **citation.model_dump(), "chunk_id": hit.chunk.chunk_id,
                    "rank": hit.rank, "kind": hit.chunk.kind,
                    "url": f"/documents/{citation.doc_id}#{citation.anchor}", "reference": reference,
                    "answerable": verdict.answerable, "confidence": verdict.confidence}
        if answer is not None and answer.passage_rank == hit.rank:
            metadata["answer"] = answer.text
        return cls(content=hit.chunk.text, score=round(score, 6), title=name, metadata=metadata)


class DifyRetrievalResponse(BaseModel):
    records: list[DifyRecord]


class DifyErrorOut(BaseModel):
    error_code: int = Field(description="1001 bad Authorization header, 1002 wrong API key, 2001 unknown knowledge, "
                                        "3001 malformed or refused request (not JSON, too large, too slow, too "
                                        "many, no index in service)")
    error_msg: str
