"""AskPipeline.ask(AskQuery) -> AskResult: the one place a question is answered — analyse -> rank -> fuse -> boost
-> rerank -> judge -> show -> group. /v1/ask, /retrieval, `poaqa ask`, the benchmark and the evaluation all call it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Literal

from indexer.encode import Encoder, beside_another
from indexer.index import IndexBundle
from indexer.types import Hit
from service.answer import AnswerJudge, Calibration, Verdict
from service.config import Settings
from service.errors import UnknownDocumentError
from service.question.analyze import Question, QuestionReader
from service.question.headings import headings_of
from service.retrieval.base import Ranker, Scored, to_hits
from service.retrieval.boosts import (
    cited_footnote,
    cited_footnote_after,
    footnotes_last,
    hint_named_section,
    pin_reference,
    show_section_opening,
    symbol_footnotes,
    symbol_holders,
    title_page_after_body,
    vote_for_documents,
    web_address_holders,
)
from service.retrieval.citations import Citations
from service.retrieval.fusion import reciprocal_rank_fusion
from service.retrieval.query import QueryEncoder
from service.retrieval.registry import make_rankers
from service.retrieval.rerank import CrossEncoderReranker, Reranker, rerank

Mode = Literal["hybrid", "dense", "keyword"]
# the single ranking list each non-hybrid mode returns as it is
SINGLE_LIST_MODES = {"dense": "dense", "keyword": "bm25"}
GroupBy = Literal["none", "document"]


@dataclass(frozen=True, slots=True)
class AskQuery:
    """A question and how to answer it (the /v1/ask request, without its HTTP form)."""

    question: str
    top_k: int = 5
    documents: tuple[str, ...] | None = None  # restrict to these doc_ids
    mode: Mode = "hybrid"
    group_by: GroupBy = "none"


@dataclass(frozen=True, slots=True)
class DocumentGroup:
    doc_id: str
    symbol: str | None
    title: str
    ranks: tuple[int, ...]  # its passages' ranks, best first


@dataclass(frozen=True, slots=True)
class AskResult:
    query: AskQuery
    question: Question
    hits: list[Hit]  # the first top_k (grouped by document when asked)
    verdict: Verdict
    groups: tuple[DocumentGroup, ...] | None
    stages_ms: dict[str, float] = field(default_factory=dict)  # time spent in each step
    took_ms: float = 0.0


class Stopwatch:
    """Milliseconds spent in each named stage of one question."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + (time.perf_counter() - started) * 1000


def group_by_document(hits: list[Hit]) -> tuple[list[Hit], tuple[DocumentGroup, ...]]:
    """The hits document by document (the document of the best hit first), each keeping its rank."""
    by_document: dict[str, list[Hit]] = {}
    for hit in hits:
        by_document.setdefault(hit.chunk.doc_id, []).append(hit)
    groups = tuple(DocumentGroup(doc_id=doc_id, symbol=group[0].citation.symbol, title=group[0].citation.title,
                                 ranks=tuple(hit.rank for hit in group)) for doc_id, group in by_document.items())
    return [hit for group in by_document.values() for hit in group], groups


def with_answer_shown(shown: list[Hit], judged: list[Hit], verdict: Verdict) -> tuple[list[Hit], Verdict]:
    """The passages ``shown``, and the verdict reached on the ``judged`` ones with its answer pointing into them: to
    its passage where the ranking shows it, else to that passage (with the scores the judged lists gave it) put in the
    last place shown: a quoted answer is always among the passages returned."""
    if verdict.answer is None:
        return shown, verdict
    source = next(hit for hit in judged if hit.rank == verdict.answer.passage_rank)
    place = next((hit.rank for hit in shown if hit.chunk.chunk_id == source.chunk.chunk_id), None)
    if place is None:
        place = max(len(shown), 1)
        shown = [*shown[: place - 1], replace(source, rank=place)]
    return shown, replace(verdict, answer=replace(verdict.answer, passage_rank=place))


def shown_apart(question: Question) -> bool:
    """Whether the passages shown for ``question`` are ranked apart from those its verdict reads: a question about a
    part of a document (whose opening is shown first when the best passage lies elsewhere), asking a document's
    symbol, or the document something is in (whose holders are shown first), or where on the web something is found
    (the passages holding a web address shown first), or about one meeting it names no document of ("BMS3": the
    documents about it get the document vote). The verdict reads the ranking without these display steps: moved up,
    the part's opening or a passage holding another symbol would change the sentence the verdict weighs (an
    unanswerable "What is the symbol of the report the Secretary-General was asked to submit?" answered by the symbol
    of the report a meeting adopted), and a letter written before the meeting does not tell how it turned out."""
    return (question.asks.part or question.asks.symbol or question.asks.document or question.asks.web_address
            or bool(question.meeting_sources))


def _vector_beside_another(queries: QueryEncoder, text: str) -> None:
    with beside_another():
        queries.vector(text)


@dataclass(frozen=True, slots=True)
class Route:
    """What answers the questions it is chosen for: one encoder, the rankers over its vectors, and the verdict with
    that encoder's calibration."""

    queries: QueryEncoder
    rankers: dict[str, Ranker]
    judge: AnswerJudge

    @property
    def shows_apart(self) -> bool:
        """Whether a list of this route ranks the passages shown only (the mapped list)."""
        return any(ranker.shown_only for ranker in self.rankers.values())

    @classmethod
    def make(cls, bundle: IndexBundle, encoder: Encoder, encoder_setting: str, settings: Settings,
             citations: Citations) -> Route:
        """The route over ``bundle``'s vectors (those of ``encoder``, which the setting ``encoder_setting`` names);
        ``citations``: the index's, which every route's verdict reads."""
        queries = QueryEncoder(encoder)
        names = list(dict.fromkeys([*settings.retrieval.rankers, *SINGLE_LIST_MODES.values()]))
        return cls(queries=queries, rankers=make_rankers(names, bundle, queries),
                   judge=AnswerJudge(bundle, queries, settings.answer, Calibration.for_encoder(encoder_setting),
                                     citations))


class AskPipeline:
    """Answers questions over one loaded index with the settings it was made with. Where the index keeps the
    English encoder's vectors, a question in English is ranked and judged through the English encoder's route; any
    other is judged through the encoder's and, by default, ranked through the English encoder's (routes_for)."""

    def __init__(self, bundle: IndexBundle, encoder: Encoder, settings: Settings,
                 reranker: Reranker | None = None, english_encoder: Encoder | None = None) -> None:
        self.bundle = bundle
        self.settings = settings
        self.reader = QuestionReader(bundle.documents.values(), " ".join(chunk.text for chunk in bundle.chunks),
                                     headings=headings_of(bundle.chunks))
        self.symbol_footnotes = symbol_footnotes(bundle)
        self.citations = Citations(bundle)
        self.main = Route.make(bundle, encoder, settings.index.encoder, settings, self.citations)
        self.english = (Route.make(bundle.for_english(), english_encoder, settings.index.english_encoder, settings,
                                   self.citations)
                        if english_encoder is not None and bundle.english is not None else None)
        retrieval = settings.retrieval
        if reranker is None and retrieval.reranker_path is not None:
            reranker = CrossEncoderReranker(retrieval.reranker_path, threads=settings.index.threads)
        self.reranker = reranker
        # encodes a question for the ranking encoder while the request's own thread encodes it for the judging one:
        # a worker for every request answered at once, so that none waits behind another's encoding for a vector
        # already cached (the engines themselves bound how many encode at once)
        self.beside = ThreadPoolExecutor(max_workers=settings.service.worker_threads,
                                         thread_name_prefix="poaqa-encode")

    @property
    def routes(self) -> tuple[Route, ...]:
        return (self.main,) if self.english is None else (self.main, self.english)

    def routes_for(self, question: Question, mode: Mode = "hybrid") -> tuple[Route, Route]:
        """(the route whose lists rank the passages shown, the route whose passages and calibration give the
        verdict): both the English encoder's for a question in English; for another, the verdict the encoder's and
        the ranking the English encoder's where ``retrieval.ranked_by`` says so (a keyword search ranks alike on
        both)."""
        if self.english is None:
            return self.main, self.main
        if question.language == "en":
            return self.english, self.english
        if self.settings.retrieval.ranked_by == "english_encoder" and mode != "keyword":
            return self.english, self.main
        return self.main, self.main

    def ask(self, query: AskQuery) -> AskResult:
        started = time.perf_counter()
        for doc_id in query.documents or ():
            if doc_id not in self.bundle.documents:
                raise UnknownDocumentError(doc_id, sorted(self.bundle.documents))
        watch = Stopwatch()
        with watch.stage("analyze"):
            question = self.reader.analyze(query.question)
        ranking, judging = self.routes_for(question, query.mode)
        text = question.dense_text
        if ranking is not judging and (ranking.queries.cached(text) is None or judging.queries.cached(text) is None):
            with watch.stage("encode"):  # both encoders at once, each on a core (the lists below find them cached)
                beside = self.beside.submit(_vector_beside_another, ranking.queries, text)
                with beside_another():
                    judging.queries.vector(text)
                beside.result()
        # the verdict reads the same passages whatever top_k the client asked for
        depth = max(query.top_k, judging.judge.evidence_depth(question))
        lists: dict[str, Scored] = {}
        hits = self.search(question, query.mode, depth, query.documents, watch, judging, lists=lists)
        with watch.stage("judge"):
            verdict = judging.judge.judge(question, hits, shown=query.top_k)
        if ranking is judging and not shown_apart(question) and not ranking.shows_apart:
            hits = hits[: query.top_k]
        else:  # the lists the verdict's search ranked are the same for the order shown when one route does both
            shown = self.search(question, query.mode, query.top_k, query.documents, watch, ranking, shown=True,
                                lists=lists if ranking is judging else None)
            hits, verdict = with_answer_shown(shown, hits, verdict)
        groups = None
        if query.group_by == "document":
            hits, groups = group_by_document(hits)
        return AskResult(query=query, question=question, hits=hits, verdict=verdict, groups=groups,
                         stages_ms=watch.stages, took_ms=(time.perf_counter() - started) * 1000)

    def search(self, question: Question, mode: Mode, depth: int, doc_ids: tuple[str, ...] | None,
               watch: Stopwatch, route: Route, *, shown: bool = False,
               lists: dict[str, Scored] | None = None) -> list[Hit]:
        """The first ``depth`` passages for ``question`` in ``mode``, ranked by ``route``'s lists; ``shown``: in the
        order shown to a reader (shown_apart), not the one the verdict reads; ``lists``: the lists ``route`` has
        already ranked for ``question`` (read, and filled with those ranked here)."""
        rankers = route.rankers
        if mode in SINGLE_LIST_MODES:
            name = SINGLE_LIST_MODES[mode]
            with watch.stage(name):
                scored = rankers[name].rank(question, doc_ids, depth)
            return to_hits(self.bundle, scored, depth, {row: {name: score} for row, score in scored})
        retrieval = self.settings.retrieval
        lists = {} if lists is None else lists
        rankings = {}
        for name in retrieval.rankers:
            if rankers[name].shown_only and not shown:
                continue
            if name not in lists:
                with watch.stage(name):
                    lists[name] = rankers[name].rank(question, doc_ids, retrieval.candidates)
            rankings[name] = lists[name]
        with watch.stage("fusion"):
            weights = retrieval.english_ranker_weights if question.language == "en" else retrieval.ranker_weights
            fused, sources = reciprocal_rank_fusion(rankings, retrieval.rrf_k, weights)
            # one more ranking list's first-place vote for the passages of a document the question names
            vote = retrieval.document_hint / (retrieval.rrf_k + 1)
            fused, bonus = vote_for_documents(self.bundle, fused, question.documents, vote, {})
            # and one for the passages of a section it names ("第四节B部分")
            fused, bonus = hint_named_section(self.bundle, fused, question, vote, bonus)
            if shown:  # and, for a reader, one for the passages holding the document symbol it asks, with the
                # footnote holding it after the passage citing it, or the web address it asks, or for the documents
                # about the one meeting it is about
                fused, bonus = symbol_holders(self.bundle, fused, question, vote, bonus, self.symbol_footnotes)
                fused, bonus = web_address_holders(self.bundle, fused, question, vote, bonus)
                fused, bonus = vote_for_documents(self.bundle, fused, question.meeting_sources, vote, bonus)
            # the footnote holding the symbol asked, right after the passage citing it, in either order
            footnote = cited_footnote(self.bundle, fused, question, self.symbol_footnotes)
            fused = cited_footnote_after(fused, footnote)
            fused = show_section_opening(self.bundle, fused, question, retrieval.section_opening_place, shown=shown)
            fused = title_page_after_body(self.bundle, fused, question)
            fused = footnotes_last(self.bundle, fused, question)
            pinned = self.citations.cited_rows(question, doc_ids)
            fused = pin_reference(self.bundle, fused, pinned, question)
        cited = footnote[0] if footnote else None
        if self.reranker is None:
            return to_hits(self.bundle, fused, depth, sources, document_bonus=bonus, pinned=pinned,
                           cited_footnote=cited)
        hits = to_hits(self.bundle, fused, max(depth, retrieval.rerank_candidates), sources, document_bonus=bonus,
                       pinned=pinned, cited_footnote=cited)
        with watch.stage("rerank"):
            return rerank(self.reranker, question.normalized, hits, retrieval.rerank_candidates)[:depth]
